"""A second search declared as review version 2 while version 1 is still being screened.

The user's path: `metasynth init`, a real Web of Science export (version 1, not screened yet),
then a real Scopus RIS export added with `review_version: 2` (the README says "a later search
is a new review version"), the workflow run, `metasynth status`. Version 2 makes the PRISMA
flow an updated review's, which shows only version 2's searches: the 49 version-1 publications
still awaiting screening would be in no box, silently. Status must say that version 1 is not
finished and what to change when the search belongs to the review under way.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.project.conftest import WOS_SEARCH

pytestmark = pytest.mark.slow

SCOPUS = Path(__file__).parents[1] / "ingest" / "data" / "real" / "asreview_scopus.ris"
SCOPUS_SEARCH = """\
  - id: scopus_2024
    database: Scopus
    query: TITLE-ABS-KEY("science mapping")
    date_searched: "2024-06-01"
    searched_by: R1
    review_version: 2
    files: [scopus/scopus.ris]
"""
BIN = Path(sys.executable).parent


def test_status_says_version_1_is_not_finished_and_what_to_change(
    tmp_path: Path, wos_review: Callable[[Path], Path]
) -> None:
    project = wos_review(tmp_path / "review")
    (project / "data/raw/scopus").mkdir()
    shutil.copy(SCOPUS, project / "data/raw/scopus/scopus.ris")
    searches = project / "data/raw/searches.yaml"
    searches.write_text(WOS_SEARCH + SCOPUS_SEARCH, encoding="utf-8")
    targets = ["results/screening/status_counts.csv", "results/versions/runs.csv"]
    run = subprocess.run(
        [str(BIN / "snakemake"), "--cores", "2", *targets],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    shown = subprocess.run(
        [str(BIN / "metasynth"), "status"], cwd=project, capture_output=True, text=True, check=False
    )
    assert "  awaiting title/abstract decisions          59          10\n" in shown.stdout
    assert (
        "  Earlier review versions are not finished: 49 of their publications are still open "
        "(49 awaiting title/abstract decisions).\n"
        "  Version 2 is counted as an update of a finished review: its PRISMA flow shows only "
        "version 2's\n"
        "  searches, and what earlier versions include are its previous studies. A search added "
        "while\n"
        "  the review is under way is part of the same version: remove `review_version: 2` from "
        "its\n"
        "  entry in data/raw/searches.yaml. An update of the review decides them first.\n"
    ) in shown.stdout, shown.stdout
