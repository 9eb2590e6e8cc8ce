"""A new review that also searched by citation: PRISMA 2020's "other methods" column.

The user's path: `metasynth init`, a real Web of Science export from ../shared/fixtures/ (50
records), and a citation-searching list written by hand as RIS (three papers found in the
reference lists: one the WOS search had too, same DOI, and two it had not), declared in
searches.yaml with `source_type: citation_searching`. The workflow runs as the user types it;
the reviewers' rows are written from `results/todo/`, as the README says.

What must hold (PRISMA 2020): the cited papers skip title/abstract screening and are sought for
retrieval in their own column; the one WOS found is a duplicate, not a second report; both
columns of prisma.csv add up, and the studies included are the two columns' sum.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from tests.project.conftest import WOS_SEARCH, RanTo, run_to
from tests.screen.app.conftest import AppServer

pytestmark = pytest.mark.slow

HAND_LIST = Path(__file__).parent / "data" / "citation_searching.ris"
"""Three papers found in reference lists, written by hand as RIS; the first is
WOS:000220015600001 of the export (same DOI)."""

CITATION_SEARCH = """\
  - id: backward_2024
    database: Backward citation searching
    source_type: citation_searching
    query: reference lists of the included studies
    date_searched: "2024-05-01"
    searched_by: R1
    files: [citations/backward.ris]
"""

HEADER = "record_id,stage,reviewer,decision,reason,note,date\n"


def _counts(project: Path) -> dict[str, str]:
    table = pd.read_csv(project / "results/screening/prisma.csv", dtype=str, keep_default_na=False)
    return dict(zip(table["data"], table["n"], strict=True))


def _rows(project: Path, name: str) -> list[dict[str, str]]:
    with (project / "results/todo" / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _cited_review(folder: Path, wos_review: Callable[[Path], Path]) -> Path:
    """`wos_review` plus the hand-written citation-searching list and its run; no appraisal."""
    project = wos_review(folder)
    (project / "data/raw/citations").mkdir()
    shutil.copy(HAND_LIST, project / "data/raw/citations/backward.ris")
    (project / "data/raw/searches.yaml").write_text(WOS_SEARCH + CITATION_SEARCH, encoding="utf-8")
    config = project / "config/config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("checklist: casp_qualitative", "checklist: none"), encoding="utf-8"
    )
    return project


def _cited_at_retrieval(folder: Path, wos_review: Callable[[Path], Path], ran_to: RanTo) -> Path:
    """`_cited_review` run up to results/todo/retrieval.csv (one run for the tests that start
    there), copied to `folder`."""
    make = partial(_cited_review, wos_review=wos_review)
    return ran_to("cited_at_retrieval", make, "results/todo/retrieval.csv", folder)


def _decide(project: Path, rows: list[str]) -> None:
    decisions = project / "data/screening/decisions.csv"
    decisions.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")


def test_both_columns_add_up_from_no_decision_to_included(
    tmp_path: Path, wos_review: Callable[[Path], Path], ran_to: RanTo
) -> None:
    # before any decision, the tables the first claims are about (the figures and the report
    # come with the whole run after the decisions, below)
    project = _cited_at_retrieval(tmp_path / "review", wos_review, ran_to)
    result = run_to(project, "results/screening/prisma.csv", "results/progress.csv")
    assert result.returncode == 0, result.stderr[-3000:]
    # the cited papers WOS did not have are sought for retrieval; none is screened
    retrieval = _rows(project, "retrieval.csv")
    assert sorted(row["title"][:28] for row in retrieval) == [
        "Bibliographic coupling betwe",
        "Co-citation in the scientifi",
    ]
    queue = {row["record_id"] for row in _rows(project, "title_abstract.csv")}
    assert not queue & {row["record_id"] for row in retrieval}
    counts = _counts(project)
    assert (counts["database_results"], counts["citations_results"]) == ("50", "3")
    assert (counts["records_screened"], counts["other_sought_reports"]) == ("49", "2")
    # where the review stands counts the same publications: title/abstract is the 49 screened
    progress = pd.read_csv(project / "results/progress.csv", dtype=str).set_index("step")
    assert progress.loc["title_abstract", ["n_done", "n_total"]].tolist() == ["0", "49"]
    assert progress.loc["retrieval", "waiting_for"].startswith("2 full texts to retrieve")

    coupling, cocitation = (row["record_id"] for row in sorted(retrieval, key=_title))
    status = pd.read_csv(project / "results/screening/status.csv", dtype=str)
    wos = status.loc[status["status"] == "awaiting_title_abstract", "record_id"].tolist()[:2]
    _decide(
        project,
        [
            *(f"{r},title_abstract,{who},include,,,2024-06-01" for r in wos for who in RS),
            *(f"{r},retrieval,R1,retrieved,,,2024-06-02" for r in wos),
            *(f"{wos[0]},full_text,{who},include,,,2024-06-03" for who in RS),
            *(f"{wos[1]},full_text,{who},exclude,off_topic,,2024-06-03" for who in RS),
            f"{cocitation},retrieval,R1,retrieved,,,2024-06-02",
            *(f"{cocitation},full_text,{who},include,,,2024-06-03" for who in RS),
            f"{coupling},retrieval,R1,not_retrieved,not_found,,2024-06-02",
        ],
    )
    result = run_to(project, "all")
    assert result.returncode == 0, result.stderr[-3000:]
    counts = _counts(project)
    left = ("database_results", "duplicates", "excluded_automatic", "records_screened")
    assert [counts[k] for k in left] == ["50", "0", "1", "49"]
    assert [counts[k] for k in ("dbr_sought_reports", "dbr_assessed", "dbr_excluded")] == [
        "2",
        "2",
        "Not about the review's topic, 1",
    ]
    right = (
        "citations_results",
        "other_sought_reports",
        "other_notretrieved_reports",
        "other_assessed",
        "other_excluded",
    )
    assert [counts[k] for k in right] == ["3", "2", "1", "1", "0"]
    # one study via WOS, one via citation searching; the cited WOS paper is not a second one
    assert (counts["new_studies"], counts["total_studies"]) == ("2", "2")
    own = pd.read_csv(project / "results/screening/prisma_counts.csv", dtype=str)
    own_values = dict(zip(own["data"], own["n"], strict=True))
    assert own_values["metasynth_other_duplicates"] == "1"
    assert own_values["metasynth_other_new_studies"] == "1"
    checks = pd.read_csv(project / "results/screening/prisma_checks.csv", dtype=str)
    assert (checks["holds"] == "yes").all()
    assert {"other methods: identification", "other methods: eligibility", "new studies"} <= set(
        checks["check"]
    )


def test_a_title_abstract_row_on_a_cited_paper_says_what_to_do(
    tmp_path: Path, wos_review: Callable[[Path], Path], ran_to: RanTo
) -> None:
    project = _cited_at_retrieval(tmp_path / "review", wos_review, ran_to)
    cited = _rows(project, "retrieval.csv")[0]["record_id"]
    _decide(project, [f"{cited},title_abstract,R1,include,,,2024-06-04"])
    result = run_to(project, "results/screening/screened.csv")
    assert result.returncode != 0
    assert "decisions.csv:2" in result.stderr
    assert "identified by other methods only" in result.stderr
    assert "decide its retrieval and full text instead" in result.stderr


def _title(row: dict[str, str]) -> str:
    return row["title"]


RS = ("R1", "R2")


def test_the_queue_is_trained_on_the_title_abstract_decisions_alone(
    tmp_path: Path, wos_review: Callable[[Path], Path], ran_to: RanTo
) -> None:
    # the two cited papers WOS did not have pass no title/abstract screening: they are not
    # the reviewers' includes, so the queue neither learns from them nor counts them
    project = _cited_at_retrieval(tmp_path / "review", wos_review, ran_to)
    status = pd.read_csv(project / "results/screening/status.csv", dtype=str)
    wos = status.loc[status["status"] == "awaiting_title_abstract", "record_id"].tolist()[:3]
    _decide(
        project,
        [
            *(f"{r},title_abstract,{who},include,,,2024-06-01" for r in wos[:2] for who in RS),
            *(f"{wos[2]},title_abstract,{who},exclude,off_topic,,2024-06-01" for who in RS),
        ],
    )
    result = run_to(project, "results/screening/queue.csv")
    assert result.returncode == 0, result.stderr[-3000:]
    queue = pd.read_csv(project / "results/screening/queue.csv", dtype=str)
    assert set(queue["rank_method"]) == {
        "model: svm_nb on TF-IDF 1-2-grams, trained on 2 included and 1 excluded"
    }
    assert len(queue) == 49 - 3
    exported = pd.read_csv(project / "results/screening/asreview.csv", dtype=str)
    assert len(exported) == 49
    assert exported["included"].notna().sum() == 3


def test_the_screening_app_serves_the_cited_papers_at_retrieval_and_full_text(
    tmp_path: Path, wos_review: Callable[[Path], Path], ran_to: RanTo
) -> None:
    # the cited papers skip title/abstract, so the queue model has no features for them; the
    # app must still serve them where results/todo/ lists them (before, it left them out: "0
    # record(s) waiting" while status and retrieval.csv said 2)
    project = _cited_at_retrieval(tmp_path / "review", wos_review, ran_to)
    cited = sorted(row["record_id"] for row in _rows(project, "retrieval.csv"))
    assert len(cited) == 2
    server = AppServer(project, "R1", "retrieval").start()
    try:
        assert server.wait_fresh()["remaining"] == 2
        _, state = server.call("GET", "/api/state")
        assert state["current"]["record_id"] == cited[0]
        assert state["current"]["score"] is None  # not ranked: the model never saw it
        status, _ = server.call(
            "POST", "/api/decide", {"record_id": cited[0], "decision": "retrieved"}
        )
        assert status == 200
    finally:
        server.stop()
    _decide(project, [f"{cited[1]},retrieval,R1,retrieved,,,2024-06-04"])
    result = run_to(project, "results/todo/full_text.csv")
    assert result.returncode == 0, result.stderr[-3000:]
    server = AppServer(project, "R2", "full_text").start()
    try:
        assert server.wait_fresh()["remaining"] == 2
    finally:
        server.stop()
