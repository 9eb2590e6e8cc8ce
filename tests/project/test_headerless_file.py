"""A decision file started without its header line, and what the run says.

The to-do lists give each row to add (`add_row`) and, for a new file, its header (`columns`). A
reviewer who writes the rows into a new file and forgets the header was told "unknown column(s)
'WOS:…', 'title_abstract', 'R1', …", as if the decision were a header. The run must say the
first line is not a header and give the line to add.

The user's path: `metasynth init`, a real Web of Science export from ../shared/fixtures/ with its
searches.yaml, a headerless file under data/screening/, then `snakemake` up to screening.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import InitReview

pytestmark = pytest.mark.slow

SEARCHES = """\
searches:
  - id: wos_2024
    database: Web of Science Core Collection
    query: TS=("bibliometric*")
    date_searched: "2024-03-01"
    searched_by: R1
    files: [wos/savedrecs.txt]
"""


def test_a_decision_file_without_its_header_says_the_line_to_add(
    tmp_path: Path, init_review: InitReview, shared: Path
) -> None:
    project = init_review(
        tmp_path / "review",
        {
            'title: ""': 'title: "Bibliometric mapping"',
            'review_question: ""': 'review_question: "How are fields mapped?"',
        },
    )
    (project / "data/raw/wos").mkdir()
    shutil.copy(shared / "wos" / "wosfile_plaintext.txt", project / "data/raw/wos/savedrecs.txt")
    (project / "data/raw/searches.yaml").write_text(SEARCHES, encoding="utf-8")
    (project / "data/screening/title_abstract_R1.csv").write_text(
        "WOS:000284231100003,title_abstract,R1,include,,,2024-04-03\n", encoding="utf-8"
    )
    snakemake = Path(sys.executable).with_name("snakemake")
    result = subprocess.run(
        [str(snakemake), "--cores", "2", "results/screening/screened.csv"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert (
        "data/screening/title_abstract_R1.csv:1: the first line is not a header: none of its "
        "cells ('WOS:000284231100003', 'title_abstract', 'R1', ...) is a column name"
    ) in result.stderr
    assert (
        "what to do: add the header as the file's first line: "
        "record_id,stage,reviewer,decision,reason,note,date"
    ) in result.stderr
