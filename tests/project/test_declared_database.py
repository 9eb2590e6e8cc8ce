"""A file that names no database is counted under the database its search run declares.

The user's path: `metasynth init`, a real Web of Science export from ../shared/fixtures/, and
three papers suggested by experts, kept as a RIS file that (like Zotero's, Mendeley's or a
hand-written one) has no `DB` line, declared in searches.yaml as `database: Papers suggested by
experts`. The deduplication summary and `metasynth audit` name that database, not "unknown";
the record_ids stay those the file gives alone (`metasynth ingest`), so no decision row moves.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from tests.project.conftest import WOS_SEARCH, run_to

pytestmark = pytest.mark.slow

EXPERTS = Path(__file__).parent / "data" / "citation_searching.ris"
"""Three papers written by hand as RIS: no DB, DP or database link."""

EXPERTS_SEARCH = """\
  - id: experts_2024
    database: Papers suggested by experts
    source_type: other
    query: papers two content experts suggested
    date_searched: "2024-05-01"
    searched_by: R1
    files: [experts/suggested.ris]
"""


def _metasynth(project: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).with_name("metasynth")
    return subprocess.run(
        [str(command), *argv], cwd=project, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, wos_review) -> Path:
    project = wos_review(tmp_path_factory.mktemp("declared") / "review")
    (project / "data/raw/experts").mkdir()
    shutil.copy(EXPERTS, project / "data/raw/experts/suggested.ris")
    searches = project / "data/raw/searches.yaml"
    searches.write_text(WOS_SEARCH + EXPERTS_SEARCH, encoding="utf-8")
    result = run_to(project, "results/screening/audit.csv")
    assert result.returncode == 0, result.stderr[-3000:]
    return project


def test_the_dedup_summary_counts_the_file_under_its_declared_database(project) -> None:
    summary = pd.read_csv(project / "results/dedup/summary.csv", dtype=str)
    identified = summary[summary["section"] == "database_identified"]
    counts = dict(zip(identified["key"], identified["n"].astype(int), strict=True))
    assert counts == {"WOS": 50, "Papers suggested by experts": 3}


def test_the_record_ids_are_those_the_file_gives_alone(project, tmp_path) -> None:
    alone = tmp_path / "alone.csv"
    read = _metasynth(project, "ingest", str(EXPERTS), "--out", str(alone))
    assert read.returncode == 0, read.stderr
    expected = sorted(pd.read_csv(alone, dtype=str)["record_id"])
    records = pd.read_csv(project / "results/ingest/records.csv", dtype=str)
    experts = records[records["search_run"] == "experts_2024"]
    assert sorted(experts["record_id"]) == expected
    assert set(experts["database"]) == {"Papers suggested by experts"}


def test_the_audit_names_the_declared_database(project) -> None:
    audit = _metasynth(project, "audit", "Co-citation in the scientific literature")
    assert audit.returncode == 0, audit.stderr
    identification = audit.stdout.split("identification", 1)[1].split("\n\n", 1)[0]
    assert "Papers suggested by experts" in identification
    assert "unknown" not in identification
