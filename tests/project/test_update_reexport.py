"""A re-export added to review version 1 after version 2 exists, and what the run says.

A student has run the review's update (version 2, a Scopus search) and then adds a second
export of the original Web of Science search — the same 50 records, saved as tab-delimited —
to version 1's `files:`. PRISMA 2020's boxes for an updated review do not change (the new
search and the studies included before are what it counts), but the previous version's records
(`metasynth_previous_records`) go from 50 to 100: the same records counted twice. That must not
pass in silence: `results/versions/notices.csv` (which `metasynth status` shows) names the file,
its manifest line, the earlier file it repeats, and what to do.

The user's path: `metasynth init`, real exports from ../shared/fixtures/ and tests/ingest/data,
searches.yaml, then `snakemake` up to the PRISMA counts and the review-version notices.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from tests.project.conftest import run_to
from tests.project.test_update_dates import SCOPUS, SEARCHES

pytestmark = pytest.mark.slow

TARGETS = ("results/screening/prisma_counts.csv", "results/versions/notices.csv")


def _run(project: Path) -> tuple[dict[str, str], pd.DataFrame]:
    for target in TARGETS:
        result = run_to(project, target)
        assert result.returncode == 0, result.stderr[-3000:]
    counts = pd.read_csv(project / TARGETS[0], dtype=str, keep_default_na=False)
    notices = pd.read_csv(project / TARGETS[1], dtype=str, keep_default_na=False)
    return dict(zip(counts["data"], counts["n"], strict=True)), notices


def test_a_reexport_added_to_an_earlier_version_is_reported(
    tmp_path: Path, wos_review: Callable[[Path], Path], shared: Path
) -> None:
    project = wos_review(tmp_path / "review")
    (project / "data/raw/scopus_2025").mkdir()
    shutil.copy(SCOPUS, project / "data/raw/scopus_2025/scopus.ris")
    manifest = project / "data/raw/searches.yaml"
    manifest.write_text(SEARCHES.format(date="2025-03-12"), encoding="utf-8")
    counts, notices = _run(project)
    assert (counts["metasynth_previous_records"], counts["database_results"]) == ("50", "10")
    assert notices.empty

    shutil.copy(shared / "wos" / "wosfile_tab_win_utf8.txt", project / "data/raw/wos/tab.txt")
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "files: [wos/savedrecs.txt]", "files: [wos/savedrecs.txt, wos/tab.txt]"
        ),
        encoding="utf-8",
    )
    counts, notices = _run(project)
    # the new search's boxes are as before; the previous records count the re-export
    assert (counts["metasynth_previous_records"], counts["database_results"]) == ("100", "10")
    assert notices[["severity", "message", "file", "line"]].to_dict("records") == [
        {
            "severity": "warning",
            "message": "search run wos_2024 (review version 1): wos/tab.txt repeats 50 of its "
            "50 records (same record_id) from wos/savedrecs.txt, an earlier file of the same "
            "run, so the records of review version 1 (metasynth_previous_records) count them "
            "twice. If it is a re-export of the same search, remove it from the run's `files:` "
            "and from the folder; if it is a later search (an update), declare it as a run of "
            "its own with its date and the next review_version",
            "file": "data/raw/searches.yaml",
            "line": "7",
        }
    ]
