"""A team's new review whose two screeners screened in Rayyan, as the README walks it.

`metasynth init`, a real two-reviewer Rayyan RIS export (tests/interop/data/rayyan/, 14 tinea
trials; here also the review's search export, as in a team that screened what it exported) in
data/raw/, one run; `metasynth screen import-rayyan` maps both Rayyan reviewers; a second run. The
run leaves one possible duplicate pair for a verdict: the report's banner makes that the stage,
and `metasynth status` must say so too instead of "Nothing blocks" with no word of it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import InitReview

from metasynth.screen.decisions import read_decision_files
from metasynth.tables import read_table

from .conftest import run_to

pytestmark = pytest.mark.slow

RAYYAN = Path(__file__).parents[1] / "interop" / "data" / "rayyan" / "tinea_two_reviewers.ris"
SEARCH = """\
searches:
  - id: central_2024
    database: Cochrane CENTRAL
    query: tinea
    date_searched: "2024-03-03"
    searched_by: R1
    files: [central/tinea.ris]
"""
PAIR = "1 possible duplicate pair(s) awaiting a verdict (results/dedup/review.csv"


def _metasynth(project: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("metasynth")), *argv]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory, init_review: InitReview) -> Path:
    project = init_review(
        tmp_path_factory.mktemp("team") / "review",
        {
            'title: ""': 'title: "Topical treatment of tinea"',
            'review_question: ""': 'review_question: "How do patients experience tinea care?"',
        },
    )
    (project / "data/raw/central").mkdir()
    shutil.copy(RAYYAN, project / "data/raw/central/tinea.ris")
    (project / "data/raw/searches.yaml").write_text(SEARCH, encoding="utf-8")
    first = run_to(project, "results/progress.csv")
    assert first.returncode == 0, first.stderr[-2000:]
    # what status said before any decision, kept for the test that reads it
    (project / "status_before.txt").write_text(_metasynth(project, "status").stdout)
    argv = ["screen", "import-rayyan", "data/raw/central/tinea.ris"]
    imported = _metasynth(
        project, *argv, "--reviewer-map", "Zbys=R1,m.el-gohary=R2", "--date", "2024-04-02"
    )
    assert imported.returncode == 0, imported.stderr
    second = run_to(project, "results/progress.csv")
    assert second.returncode == 0, second.stderr[-2000:]
    return project


def test_both_rayyan_reviewers_decisions_reach_the_screening_counts(screened: Path) -> None:
    rows = read_decision_files([screened / "data/screening/rayyan_R1+R2.csv"])
    assert rows["reviewer"].value_counts().to_dict() == {"R1": 12, "R2": 4}
    n = read_table(screened / "results/screening/status.csv")["status"].value_counts().to_dict()
    # double screening: the 3 records both excluded or both included are settled, the one
    # they disagree on is a conflict, the 8 Zbys alone decided and 2 nobody did await a decision
    assert n["conflict_title_abstract"] == 1
    assert n["excluded_title_abstract"] == 1
    assert n["awaiting_retrieval"] == 2
    assert n["awaiting_title_abstract"] == 10
    assert sum(n.values()) == 14, n


def test_status_names_the_pair_the_report_makes_the_stage(screened: Path) -> None:
    progress = read_table(screened / "results/progress.csv").set_index("step")
    assert progress.loc["deduplication", "is_current"] == "True"
    assert str(progress.loc["deduplication", "waiting_for"]).startswith(PAIR)
    before = (screened / "status_before.txt").read_text()
    assert f"Deduplication: {PAIR}" in before
    assert f"decide {PAIR}" in before.split("Next: ")[1], before
    # once blocked (by the Rayyan conflict), the pair is still named above the blockers
    after = _metasynth(screened, "status").stdout
    assert f"Deduplication: {PAIR}" in after.split("BLOCKED")[0], after
