"""A mistyped full-text path in the screening app of a new review: what the reviewer is told.

The user's path: `metasynth init`, a real Web of Science export, two publications included at
title/abstract by both screeners (rows written from `results/todo/`), the workflow run to the
retrieval to-do list; the PDF copied to `pdfs/sixcases.pdf` and, in `metasynth screen serve`
at retrieval, typed as `pdfs/sixcase.pdf` (a letter short) and `pfds/other.pdf` (a folder that
does not exist). Before, both got "… is not in the project folder (…)": it reads as if the
path led outside the project. What is true: the file does not exist; say where it was entered,
the near-matching names in that folder, and what to do, when saved and at full text.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from tests.project.conftest import run_to
from tests.screen.app.conftest import AppServer

pytestmark = pytest.mark.slow

HEADER = "record_id,stage,reviewer,decision,reason,note,date\n"


def _missing(place: str, entered: str, root: Path, hint: str) -> str:
    return (
        f"{place} does not exist (entered at {entered}; a relative path starts at the project "
        f'folder, {root}). {hint} Correct the path after "full text: " in that row\'s note, '
        f"or put the full text at {place}."
    )


def test_a_mistyped_pdf_path_says_the_file_does_not_exist_and_what_is_near(
    tmp_path: Path, wos_coded: Callable[[Path], Path]
) -> None:
    # the first run, through the screening states to the codings, is the one other tests of
    # the WOS review start from: done once per test run (`wos_coded`), this test gets a copy
    project = wos_coded(tmp_path / "review")
    status = pd.read_csv(project / "results/screening/status.csv", dtype=str)
    chosen = status.loc[status["status"] == "awaiting_title_abstract", "record_id"].tolist()[:2]
    rows = [f"{r},title_abstract,{who},include,,,2024-06-01\n" for r in chosen for who in RS]
    (project / "data/screening/decisions.csv").write_text(HEADER + "".join(rows), "utf-8")
    result = run_to(project, "results/todo/retrieval.csv")
    assert result.returncode == 0, result.stderr[-3000:]
    (project / "pdfs").mkdir()
    (project / "pdfs/sixcases.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (project / "pdfs/notes.txt").write_text("not like the name typed\n", "utf-8")

    root = project.resolve()
    typed = {"pdfs/sixcase.pdf": "Did you mean pdfs/sixcases.pdf?"}
    typed["pfds/other.pdf"] = "There is no folder pfds/ either."
    answers, records = {}, {}
    server = AppServer(project, "R1", "retrieval").start()
    try:
        server.wait_fresh()
        for place in typed:
            _, state = server.call("GET", "/api/state")
            record = state["current"]["record_id"]
            body = {"record_id": record, "decision": "retrieved", "fulltext": place}
            code, answer = server.call("POST", "/api/decide", body)
            assert code == 200, answer
            answers[place] = answer["saved"]["fulltext_problem"]
            records[place] = record
    finally:
        server.stop()
    retrieval = "data/screening/retrieval_R1.csv"
    assert answers == {
        "pdfs/sixcase.pdf": _missing(
            "pdfs/sixcase.pdf", f"{retrieval}:2", root, typed["pdfs/sixcase.pdf"]
        ),
        "pfds/other.pdf": _missing(
            "pfds/other.pdf", f"{retrieval}:3", root, typed["pfds/other.pdf"]
        ),
    }
    with (project / retrieval).open(encoding="utf-8", newline="") as handle:
        saved = [row["note"] for row in csv.DictReader(handle)]
    assert saved == ["full text: pdfs/sixcase.pdf", "full text: pfds/other.pdf"]  # kept as typed

    # the full-text screener, later, after the first path's folder has changed: the same facts
    (project / "pdfs/notes.txt").unlink()
    (project / "pdfs/sixcases.pdf").rename(project / "pdfs/smith2019.pdf")
    result = run_to(project, "results/todo/full_text.csv")
    assert result.returncode == 0, result.stderr[-3000:]
    server = AppServer(project, "R2", "full_text").start()
    try:
        server.wait_fresh()
        _, body = server.call("GET", f"/api/record/{records['pdfs/sixcase.pdf']}")
        code, _, served = server.get(f"/fulltext/{records['pdfs/sixcase.pdf']}")
    finally:
        server.stop()
    problem = _missing(
        "pdfs/sixcase.pdf", f"{retrieval}:2", root, "No file in pdfs/ has a similar name."
    )
    assert body["current"]["fulltext"] == {
        "location": "pdfs/sixcase.pdf",
        "href": "",
        "problem": problem,
    }
    assert (code, served.decode()) == (403, problem + "\n")


RS = ("R1", "R2")
