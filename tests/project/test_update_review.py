"""A review's update (a second search, review version 2) whose export brings only records of
publications the first version already has — among them a correction, which deduplication links
to its study as a report. The user's path: `metasynth init`, real exports written by Zotero (the
first search) and Embase (the update) with their searches.yaml, one `snakemake --cores 2` for
the PRISMA tables.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from metasynth.tables import read_table

pytestmark = pytest.mark.slow

REAL = Path(__file__).resolve().parents[1] / "ingest" / "data" / "real"

SEARCHES = """\
searches:
  - id: zotero_2024
    database: Other sources (Zotero library)
    query: dinosaur
    date_searched: "2024-03-01"
    searched_by: R1
    files: [zotero.ris]
  - id: embase_2025
    database: Embase
    query: dinosaur
    date_searched: "2025-03-01"
    searched_by: R1
    review_version: 2
    files: [embase.ris]
"""


@pytest.fixture(scope="module")
def updated(
    tmp_path_factory: pytest.TempPathFactory, init_review: Callable[[Path, dict[str, str]], Path]
) -> Path:
    bin_dir = Path(sys.executable).parent
    project = init_review(
        tmp_path_factory.mktemp("update") / "review",
        {
            'title: ""': 'title: "Dinosaurs"',
            'review_question: ""': 'review_question: "What do fossils show?"',
        },
    )
    raw = project / "data" / "raw"
    (raw / "zotero.ris").write_bytes((REAL / "asreview_zotero.ris").read_bytes())
    (raw / "embase.ris").write_bytes((REAL / "asreview_embase.ris").read_bytes())
    (raw / "searches.yaml").write_text(SEARCHES, encoding="utf-8")
    # the two tables the test reads, as a user asks Snakemake for them
    targets = ["results/screening/prisma_counts.csv", "results/screening/prisma_checks.csv"]
    result = subprocess.run(
        [str(bin_dir / "snakemake"), "--cores", "2", *targets, "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return project


def test_an_update_of_known_records_and_a_linked_correction_adds_up(updated: Path) -> None:
    counts = read_table(updated / "results/screening/prisma_counts.csv").astype("string")
    prisma = dict(zip(counts["data"], counts["n"].fillna(""), strict=True))
    # the update's 10 Embase records: 8 duplicates of earlier publications and 2 corrections
    # linked to their studies; nothing new to screen
    assert [prisma[k] for k in ("database_results", "duplicates", "excluded_other")] == [
        "10",
        "8",
        "2",
    ]
    assert [prisma[k] for k in ("records_screened", "new_studies")] == ["0", "0"]
    assert prisma["metasynth_duplicates_of_previous"] == "10"
    checks = read_table(updated / "results/screening/prisma_checks.csv").astype("string")
    assert set(checks["holds"]) == {"yes"}
