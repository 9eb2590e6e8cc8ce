"""A decision file started without its header line, and what the run says.

The to-do lists give each row to add (`add_row`) and, for a new file, its header (`columns`). A
reviewer who writes the rows into a new file and forgets the header was told "unknown column(s)
'WOS:…', 'title_abstract', 'R1', …", as if the decision were a header. The run must say the
first line is not a header and give the line to add.

The user's path: `metasynth init`, a real Web of Science export from ../shared/fixtures/ with its
searches.yaml, a headerless file under data/screening/, then `snakemake` up to screening.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.project.conftest import run_to

pytestmark = pytest.mark.slow


def test_a_decision_file_without_its_header_says_the_line_to_add(
    tmp_path: Path, wos_review: Callable[[Path], Path]
) -> None:
    project = wos_review(tmp_path / "review")
    (project / "data/screening/title_abstract_R1.csv").write_text(
        "WOS:000284231100003,title_abstract,R1,include,,,2024-04-03\n", encoding="utf-8"
    )
    result = run_to(project, "results/screening/screened.csv")
    assert result.returncode != 0
    assert (
        "data/screening/title_abstract_R1.csv:1: the first line is not a header: none of its "
        "cells ('WOS:000284231100003', 'title_abstract', 'R1', ...) is a column name"
    ) in result.stderr
    assert (
        "what to do: add the header as the file's first line: "
        "record_id,stage,reviewer,decision,reason,note,date"
    ) in result.stderr
