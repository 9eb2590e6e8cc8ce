"""A decision of an earlier round edited by mistake, and what the run says.

A student extending a review opens `data/screening/title_abstract_R1.csv` and changes a row of
the first round: an included study's `include` becomes `exclude`. Title/abstract screening of
that study is then in conflict, while its retrieval and full-text rows say it passed. The run
must point at the title/abstract rows as they now are (the edit), with the way back (`git diff
data/screening`), not only at the full-text row with "remove this row", which would lose a
decision of the earlier version.

The user's path: `metasynth init`, a real Web of Science export from ../shared/fixtures/, its
searches.yaml, decision files under data/screening/, then `snakemake` up to the screening stage.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.project.conftest import run_to

pytestmark = pytest.mark.slow

HEADER = "record_id,stage,reviewer,decision,reason,note,date"
STUDY = "WOS:000284231100003"
ERROR = (
    "data/screening/full_text_R1.csv:2: full_text decision for "
    f"{STUDY}, but publication {STUDY} has not passed title/abstract screening (its status "
    "is conflict_title_abstract); its title/abstract screening rows now: R1 exclude "
    "(off_topic) at data/screening/title_abstract_R1.csv:2; R2 include at "
    "data/screening/title_abstract_R2.csv:2"
)
WHAT_TO_DO = (
    "this row and 2 other later row(s) say it passed title/abstract "
    "screening: if a title/abstract screening row was changed or removed by mistake, "
    "restore it (`git diff data/screening` shows what changed); otherwise settle the "
    "title/abstract screening stage first (see results/screening/status.csv and "
    "conflicts.csv), or remove the later rows"
)


@pytest.fixture(scope="module")
def edited_run(
    tmp_path_factory: pytest.TempPathFactory, wos_review: Callable[[Path], Path]
) -> subprocess.CompletedProcess[str]:
    """The run up to the screening stage after R1's include was edited into an exclusion (one
    run for the tests of this file)."""
    project = wos_review(tmp_path_factory.mktemp("edited") / "review")
    screening = project / "data" / "screening"
    rows = {
        # R1's include, edited by mistake into an exclusion
        "title_abstract_R1.csv": [f"{STUDY},title_abstract,R1,exclude,off_topic,,2024-04-02"],
        "title_abstract_R2.csv": [f"{STUDY},title_abstract,R2,include,,,2024-04-02"],
        "retrieval_R1.csv": [f"{STUDY},retrieval,R1,retrieved,,,2024-04-10"],
        "full_text_R1.csv": [f"{STUDY},full_text,R1,include,,,2024-04-20"],
        "full_text_R2.csv": [f"{STUDY},full_text,R2,include,,,2024-04-20"],
    }
    for name, lines in rows.items():
        (screening / name).write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return run_to(project, "results/screening/screened.csv")


def test_an_edited_title_abstract_row_is_named_with_the_way_back(
    edited_run: subprocess.CompletedProcess[str],
) -> None:
    result = edited_run
    assert result.returncode != 0
    error = [line for line in result.stderr.splitlines() if line.startswith("ERROR metasynth")]
    assert error == [f"ERROR metasynth: {ERROR}"]
    hint = result.stderr.splitlines()[result.stderr.splitlines().index(error[0]) + 1]
    assert hint == f"  what to do: {WHAT_TO_DO}"


def test_the_run_ends_on_the_error_after_snakemakes_own_lines(
    edited_run: subprocess.CompletedProcess[str],
) -> None:
    """Snakemake's closing lines (its traceback of the job, "At least one job did not complete
    successfully") come some twenty lines after the error; the run says it again, last."""
    lines = edited_run.stderr.splitlines()
    assert "Error in rule screen_publications:" in lines  # Snakemake's own output, kept
    end = lines.index("At least one job did not complete successfully.")
    assert lines[end + 1 :] == [
        "",
        "metasynth: rule screen_publications failed (results/logs/screen_publications.log): "
        + ERROR,
        f"  what to do: {WHAT_TO_DO}",
        "metasynth: `metasynth status` shows where the review stands and all that blocks it",
    ]
