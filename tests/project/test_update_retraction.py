"""A new review's update whose re-export marks a known record retracted, through the workflow.

The user's path: `metasynth init`, the real Web of Science export of ../shared/fixtures/ as
version 1 (`wos_2024`), the same search run again a year later as version 2 (`wos_2026`), its
export the first one as Web of Science writes it then (one paper now "Retracted Publication",
another with a corrected DOI, as tests/update/test_reexported_records.py makes it), then one
`snakemake --cores 2`. The notices `track_versions` writes must reach the report's update
section, with the file and line of each record in the new export: the per-module tests check
each half, this one the rule between them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.project.conftest import WOS_SEARCH, run_to
from tests.update.test_reexported_records import (
    CORRECTED,
    RETRACTED,
    _record_line,
    _reexport,
)

pytestmark = pytest.mark.slow

UPDATE = """\
  - id: wos_2026
    database: Web of Science Core Collection
    query: TS=("bibliometric*")
    date_searched: "2026-11-10"
    searched_by: R1
    review_version: 2
    files: ["wos_2026/savedrecs (1).txt"]
"""


def test_a_retraction_in_a_reexport_is_in_the_reports_update_section(
    tmp_path: Path, wos_review: Callable[[Path], Path]
) -> None:
    project = wos_review(tmp_path / "review")
    first = (project / "data/raw/wos/savedrecs.txt").read_text(encoding="utf-8-sig")
    again = project / "data/raw/wos_2026/savedrecs (1).txt"
    again.parent.mkdir()
    again.write_text(_reexport(first), encoding="utf-8")
    (project / "data/raw/searches.yaml").write_text(WOS_SEARCH + UPDATE, encoding="utf-8")
    result = run_to(project, "results/report.html")
    assert result.returncode == 0, result.stderr[-3000:]

    page = (project / "results/report.html").read_text(encoding="utf-8")
    update = page.split('<section id="update">', 1)[1].split("</section>", 1)[0]
    line = _record_line(again.read_text(encoding="utf-8").split("\n"), RETRACTED)
    text = html.unescape(update)
    assert f"<code>data/raw/wos_2026/savedrecs (1).txt:{line}</code>" in text
    assert (
        f"{RETRACTED} (exported before by wos_2024) is marked retracted in search run wos_2026 "
        "(document type 'Article; Retracted Publication')"
    ) in text
    assert "decide whether it stays" in text  # and what to do
    # the re-export's other change, a corrected DOI, is the one other notice
    assert text.count("exported before by") == 2
    assert f"{CORRECTED} (exported before by wos_2024) has DOI 10.1007/s11192-009-0050-7" in text
