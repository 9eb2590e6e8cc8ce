"""A new search added to a review already screened, without `review_version`, and what it says.

The user's path: `metasynth init`, a real Web of Science export searched 2024-03-01, screened to
full text (decisions dated June 2024) with the workflow run; then, months later, a PubMed search
added to data/raw/searches.yaml the way the template's first run is written, without
`review_version`. It counts as version 1 — the update folded into the first review — so the
run's notices name the searches.yaml line and what to write. Writing the version, even 1, says
the user meant it, and the notice goes.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from tests.project.conftest import WOS_SEARCH, run_to

pytestmark = pytest.mark.slow

PUBMED = Path(__file__).parents[1] / "ingest" / "data" / "real" / "asreview_pubmed.nbib"
PUBMED_SEARCH = """\
  - id: pubmed_2024
    database: PubMed
    query: dinosaur*[tiab]
    date_searched: "2024-09-01"
    searched_by: R1
    files: [pubmed/asreview_pubmed.nbib]
"""
HEADER = "record_id,stage,reviewer,decision,reason,note,date\n"


def _screened_then_searched(folder: Path, wos_coded: Callable[[Path], Path], extra: str) -> Path:
    """The WOS review screened to full text, then the PubMed run added (plus `extra` lines).
    The first run, through the screening states, is one for both tests (`wos_coded`)."""
    project = wos_coded(folder)
    status = pd.read_csv(project / "results/screening/status.csv", dtype=str)
    first = status.loc[status["status"] == "awaiting_title_abstract", "record_id"].iloc[0]
    rows = [
        *(f"{first},title_abstract,{who},include,,,2024-06-01" for who in ("R1", "R2")),
        f"{first},retrieval,R1,retrieved,,,2024-06-02",
        *(f"{first},full_text,{who},include,,,2024-06-03" for who in ("R1", "R2")),
    ]
    decisions = project / "data/screening/decisions.csv"
    decisions.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    (project / "data/raw/pubmed").mkdir()
    shutil.copy(PUBMED, project / "data/raw/pubmed/asreview_pubmed.nbib")
    searches = project / "data/raw/searches.yaml"
    searches.write_text(WOS_SEARCH + PUBMED_SEARCH + extra, encoding="utf-8")
    result = run_to(project, "results/screening/status.csv")
    assert result.returncode == 0, result.stderr[-3000:]
    return project


def _notices(project: Path) -> list[str]:
    table = pd.read_csv(project / "results/screening/notices.csv", dtype=str)
    return [f"{row['file']}:{row['line']}: {row['message']}" for row in table.to_dict("records")]


def test_a_search_added_after_full_text_without_a_version_says_what_to_write(
    tmp_path: Path, wos_coded: Callable[[Path], Path]
) -> None:
    project = _screened_then_searched(tmp_path / "review", wos_coded, "")
    notices = [n for n in _notices(project) if "pubmed_2024" in n]
    assert notices == [
        "data/raw/searches.yaml:8: search run pubmed_2024 was searched on 2024-09-01, after "
        "full-text decisions on publications it did not find (the latest dated 2024-06-03, "
        "data/screening/decisions.csv:6), but has no review_version, so it counts as review "
        "version 1 with them. If it updates that review, write `review_version: 2` under it "
        "(docs/user-guide.md, Extending the corpus); if it belongs to the same review, write "
        "`review_version: 1` to say so"
    ]


def test_a_search_whose_version_is_written_says_nothing(
    tmp_path: Path, wos_coded: Callable[[Path], Path]
) -> None:
    project = _screened_then_searched(tmp_path / "review", wos_coded, "    review_version: 1\n")
    assert not [n for n in _notices(project) if "review_version" in n]
