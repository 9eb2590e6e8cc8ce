"""An update's search run dated before the version it updates, and what the run says.

A student declares the review's second version in data/raw/searches.yaml and types the date of
the new search wrong (2023 instead of 2025): the update is then dated a year before the first
search. The counts do not depend on the date, so the run goes on, but the slip must not pass in
silence: `results/versions/notices.csv` (which `metasynth status` shows) names the run, both
dates and the manifest line.

The user's path: `metasynth init`, a real Web of Science export from ../shared/fixtures/
(version 1) and a real Scopus RIS export (version 2) with their searches.yaml, then `snakemake`
up to the review-version tables.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from tests.project.conftest import WOS_SEARCH, run_to

pytestmark = pytest.mark.slow

SCOPUS = Path(__file__).parents[1] / "ingest" / "data" / "real" / "asreview_scopus.ris"
SEARCHES = (
    WOS_SEARCH
    + """\
  - id: scopus_2025
    database: Scopus
    query: TITLE-ABS-KEY("bibliometric*")
    date_searched: "{date}"
    searched_by: Student
    review_version: 2
    files: [scopus_2025/scopus.ris]
"""
)


def _notices(project: Path, date: str) -> pd.DataFrame:
    (project / "data/raw/searches.yaml").write_text(SEARCHES.format(date=date), encoding="utf-8")
    result = run_to(project, "results/versions/notices.csv")
    assert result.returncode == 0, result.stderr[-3000:]
    return pd.read_csv(project / "results/versions/notices.csv", dtype=str, keep_default_na=False)


def test_an_update_dated_before_the_first_search_is_reported(
    tmp_path: Path, wos_review: Callable[[Path], Path]
) -> None:
    project = wos_review(tmp_path / "review")
    (project / "data/raw/scopus_2025").mkdir()
    shutil.copy(SCOPUS, project / "data/raw/scopus_2025/scopus.ris")
    notices = _notices(project, "2023-03-12")
    assert notices[["severity", "message", "file", "line"]].to_dict("records") == [
        {
            "severity": "warning",
            "message": "search run scopus_2025 (review version 2) was searched on 2023-03-12, "
            "before search run wos_2024 of review version 1 (2024-03-01): an update searches "
            "after the version it updates; check its date_searched and review_version",
            "file": "data/raw/searches.yaml",
            "line": "11",
        }
    ]
    assert _notices(project, "2025-03-12").empty
