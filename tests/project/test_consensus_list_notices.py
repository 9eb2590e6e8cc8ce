"""`metasynth status` after a Covidence list imported as docs/interop.md says: under the resolver.

The user's path: `metasynth init`, the ten Embase records (a real export, tests/ingest/data/real/)
as the search run, both screeners' title/abstract includes written from the to-do list the first
run left, Covidence's real "included" list imported under R3 (the resolver), and a second run.
The import leaves out the title/abstract includes the screeners already agree on (they would
settle nothing); each of the list's six studies then has one resolver notice (the full-text
include comes before any screener decided): six notices of one kind, which status shows as one
entry with its count, and `status --notices` in full.
`metasynth audit` and `export` after a decision row is written, before the next run, say first
that results/ is older than that file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import InitReview

from metasynth.tables import read_table

from .conftest import run_to

pytestmark = pytest.mark.slow

TESTS = Path(__file__).parents[1]
EMBASE = TESTS / "ingest" / "data" / "real" / "asreview_embase.ris"
COVIDENCE = TESTS / "interop" / "data" / "covidence" / "references.csv"
SEARCHES = """\
searches:
  - id: embase_2024
    database: Embase
    query: mentoring
    date_searched: "2024-05-01"
    searched_by: R1
    files: [embase/embase.ris]
"""
NOTICES = "results/screening/notices.csv"


def metasynth(project: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("metasynth")), *argv]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def review(init_review: InitReview, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = init_review(
        tmp_path_factory.mktemp("consensus") / "review",
        {
            'title: ""': 'title: "E-mentoring"',
            'review_question: ""': 'review_question: "How is mentoring done online?"',
        },
    )
    (project / "data/raw/embase").mkdir()
    shutil.copy(EMBASE, project / "data/raw/embase/embase.ris")
    (project / "data/raw/searches.yaml").write_text(SEARCHES, encoding="utf-8")
    for target in (NOTICES, "results/todo/title_abstract.csv"):
        first = run_to(project, target)
        assert first.returncode == 0, first.stderr[-3000:]
    todo = read_table(project / "results/todo/title_abstract.csv")
    for reviewer in ("R1", "R2"):
        rows = [
            f"{record_id},title_abstract,{reviewer},include,,,2024-05-20\n"
            for record_id in todo["record_id"].astype(str)
        ]
        (project / f"data/screening/title_abstract_{reviewer}.csv").write_text(
            "record_id,stage,reviewer,decision,reason,note,date\n" + "".join(rows),
            encoding="utf-8",
        )
    argv = ["screen", "import-covidence", str(COVIDENCE), "--list", "included"]
    imported = metasynth(project, *argv, "--reviewer", "R3", "--date", "2024-06-01")
    assert imported.returncode == 1, imported.stderr  # Covidence #19, #20: in no export
    second = run_to(project, "all")
    assert second.returncode == 0, second.stderr[-3000:]
    return project


def test_the_resolvers_notices_are_one_entry_per_kind_with_their_count(review: Path) -> None:
    notices = read_table(review / NOTICES)
    resolver = notices[notices["file"] == "data/screening/covidence_R3.csv"]
    assert len(resolver) == 6
    assert set(read_table(review / "data/screening/covidence_R3.csv")["stage"]) == {
        "retrieval",
        "full_text",
    }
    status = metasynth(review, "status")
    assert status.returncode == 0, status.stdout + status.stderr
    shown = status.stdout.split("\nNotices (")[1].split("\n\n")[0].splitlines()
    resolver_lines = [line for line in shown if "R3's resolution" in line]
    assert len(resolver_lines) == 1, shown
    assert "at full_text comes before there is a conflict" in resolver_lines[0]
    assert shown.count("    and 5 more like it (data/screening/covidence_R3.csv)") == 1, shown
    assert shown[-1].startswith(f"  (`metasynth status --notices` lists all {len(notices)}")
    # every notice stays reachable: --notices lists each, with its file and line
    listed = metasynth(review, "status", "--notices")
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == len(read_notice_rows(review))
    for row in resolver.to_dict("records"):
        assert f"{row['file']}:{row['line']}: {row['message']}\n" in listed.stdout


def read_notice_rows(review: Path) -> list[str]:
    """Every row of the last run's notice tables (the ones that exist)."""
    rows = []
    for name in ("ingest/warnings.csv", "versions/notices.csv", "screening/notices.csv"):
        path = review / "results" / name
        if path.is_file():
            rows += [str(r) for r in read_table(path).to_dict("records")]
    return rows


def test_audit_and_export_before_the_next_run_say_the_results_are_older(
    review: Path, tmp_path: Path
) -> None:
    """The s12 trial: a resolver's row written, `metasynth audit` before the next run showed
    the last run's history without the row, and without a word that it was the last run's."""
    project = Path(shutil.copytree(review, tmp_path / "review", symlinks=True))
    quiet = metasynth(project, "audit", "EMBASE:L2029880245")
    assert quiet.returncode == 0, quiet.stderr
    assert "older than" not in quiet.stderr and "not up to date" not in quiet.stderr
    late = project / "data" / "screening" / "title_abstract_R1.csv"
    with late.open("a", encoding="utf-8") as decisions:
        decisions.write("EMBASE:L2029880245,full_text,R1,include,,,2024-06-02\n")
    note = (
        "note: results/ is older than data/screening/title_abstract_R1.csv (changed since the "
        "last run): what follows is the state of the last run; run `snakemake --cores 2` first\n"
    )
    audit = metasynth(project, "audit", "EMBASE:L2029880245")
    assert audit.returncode == 0, audit.stderr
    assert audit.stderr == note
    assert "full_text" in audit.stdout and "R1" in audit.stdout  # the history is still shown
    export = metasynth(project, "export", "included.ris")
    assert export.returncode == 0, export.stderr
    assert export.stderr == note
    # the tables a publication's history is read from, brought up to date as a user asks
    # Snakemake for them (the whole run is the module fixture's): the note goes with them
    again = run_to(project, "results/screening/audit.csv", "results/synthesis/codings.csv")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "older than" not in metasynth(project, "audit", "EMBASE:L2029880245").stderr
