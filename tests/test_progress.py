"""results/progress.csv: the stage a partial review is at, and what each step is waiting for."""

from __future__ import annotations

import pandas as pd
import pytest

from metasynth.progress import ProgressSettings, progress_table
from metasynth.synthesise.shortfall import (
    clustering_shortfall,
    entropy_shortfall,
    reliability_shortfall,
)

REPORT = pd.DataFrame({"source_file": ["data/raw/a.txt"], "records_written": ["60"]})
SUMMARY = pd.DataFrame({"section": ["review"], "key": ["queue"], "n": ["0"]})
NO_CODES = pd.DataFrame(
    columns=["record_id", "coder", "code", "concept", "subcategory", "quote", "in_synthesis"]
)
NO_ROWS = pd.DataFrame(columns=["record_id"])
NO_FINDINGS = pd.DataFrame(columns=["number", "finding"])
NO_MISSING = pd.DataFrame(columns=["finding", "component", "missing"])


def _settings(appraisal: dict[str, str] | None = None) -> ProgressSettings:
    """The settings of a config that sets nothing the table reads (the schema's defaults)."""
    return ProgressSettings.from_config(
        ingest={}, dedup={}, screening={}, appraisal=appraisal or {}, synthesis={}
    )


def _status(**counts: int) -> pd.DataFrame:
    statuses = [status for status, n in counts.items() for _ in range(n)]
    return pd.DataFrame(
        {"record_id": [f"WOS:{i:015d}" for i in range(len(statuses))], "status": statuses}
    )


def _codings(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """(record_id, coder, code, concept) rows, each concept in its own sub-category."""
    return pd.DataFrame(
        [
            {
                "record_id": record_id,
                "coder": coder,
                "code": code,
                "concept": concept,
                "subcategory": f"sub_{concept}",
                "quote": f"{code} mattered",
                "in_synthesis": "True" if coder == "C1" else "False",
            }
            for record_id, coder, code, concept in rows
        ]
    )


TWO_CODED = _codings(("a", "C1", "ease of use", "usability"), ("b", "C1", "trust", "trust"))
"""Two studies, each coded with one concept."""
TWO_FINDINGS = pd.DataFrame({"number": ["1", "2"], "finding": ["usable", "trusted"]})


def _progress(
    status: pd.DataFrame,
    codings: pd.DataFrame = NO_CODES,
    coding_todo: pd.DataFrame = NO_ROWS,
    summary: pd.DataFrame = SUMMARY,
    findings: pd.DataFrame = NO_FINDINGS,
    missing: pd.DataFrame = NO_MISSING,
) -> pd.DataFrame:
    table = progress_table(
        ingest_report=REPORT,
        dedup_summary=summary,
        status=status,
        codings=codings,
        coding_todo=coding_todo,
        unmapped=NO_ROWS,
        settings=_settings(),
        findings=findings,
        missing_judgements=missing,
    )
    return table.set_index("step")


def _current(table: pd.DataFrame) -> str:
    return str(table.index[table["is_current"]][0])


def test_a_review_without_decisions_is_at_title_abstract_screening() -> None:
    table = _progress(_status(excluded_automatic=4, awaiting_title_abstract=56))
    assert _current(table) == "title_abstract"
    row = table.loc["title_abstract"]
    assert (row["state"], row["n_done"], row["n_total"]) == ("open", 0, 56)
    assert row["waiting_for"] == (
        "56 publications awaiting title/abstract decisions (decision rows in data/screening/)"
    )
    assert table.loc["retrieval", "state"] == "waiting"
    assert table.loc["coding", "waiting_for"] == "title/abstract screening first"


def test_pairs_awaiting_a_verdict_put_the_review_at_deduplication() -> None:
    summary = pd.DataFrame({"section": ["review"], "key": ["queue"], "n": ["3"]})
    table = _progress(_status(awaiting_title_abstract=5), summary=summary)
    assert _current(table) == "deduplication"
    assert table.loc["deduplication", "waiting_for"].startswith(
        "3 possible duplicate pair(s) awaiting a verdict"
    )
    # screening goes on at the same time: it stays open, not waiting
    assert table.loc["title_abstract", "state"] == "open"


def test_pairs_awaiting_a_verdict_do_not_undo_the_stages_done_meanwhile() -> None:
    """A review coded to the end with one pair still undecided: its screening and coding are
    done (with their counts), not "waiting: deduplication first"."""
    summary = pd.DataFrame({"section": ["review"], "key": ["queue"], "n": ["1"]})
    codings = _codings(("WOS:000000000000000", "C1", "maps", "mapping"))
    table = _progress(_status(excluded_title_abstract=3, included=1), codings, summary=summary)
    assert _current(table) == "deduplication"
    assert table.loc["title_abstract", "state"] == "done"
    assert (table.loc["title_abstract", "n_done"], table.loc["title_abstract", "n_total"]) == (4, 4)
    assert table.loc["coding", "state"] == "done"
    assert table.loc["confidence", "state"] == "open"
    assert not table["waiting_for"].fillna("").str.contains("deduplication first").any()


def test_a_screened_review_waits_for_its_appraisals() -> None:
    status = _status(excluded_title_abstract=50, excluded_full_text=3, awaiting_appraisal=7)
    table = _progress(status)
    assert _current(table) == "appraisal"
    assert table.loc["title_abstract", ["n_done", "n_total"]].tolist() == [60, 60]
    assert table.loc["full_text", ["n_done", "n_total"]].tolist() == [10, 10]
    assert table.loc["appraisal", "waiting_for"] == (
        "7 studies awaiting appraisal (appraisal rows in data/appraisal/)"
    )


def test_without_appraisal_the_step_is_not_part_of_the_review() -> None:
    table = progress_table(
        ingest_report=REPORT,
        dedup_summary=SUMMARY,
        status=_status(excluded_title_abstract=57, included=3),
        codings=NO_CODES,
        coding_todo=pd.DataFrame({"record_id": ["a", "b", "c"]}),
        unmapped=NO_ROWS,
        settings=_settings(appraisal={"checklist": "none"}),
        findings=NO_FINDINGS,
        missing_judgements=NO_MISSING,
    ).set_index("step")
    assert table.loc["appraisal", "state"] == "not_applicable"
    assert _current(table) == "coding"


def test_a_study_coded_outside_the_codebook_is_not_said_to_have_no_codes() -> None:
    reasons = ["no codes", "no codes", "only codes that are not in the codebook"]
    todo = pd.DataFrame({"record_id": ["a", "b", "c"], "reason": reasons})
    table = _progress(_status(included=3), coding_todo=todo)
    assert table.loc["coding", ["n_done", "n_total"]].tolist() == [0, 3]
    assert table.loc["coding", "waiting_for"] == (
        "2 included studies without codes, 1 with only codes not in the codebook "
        "(results/synthesis/coding_todo.csv)"
    )


def test_an_appraised_review_waits_for_its_coding_and_statistics_say_why() -> None:
    todo = pd.DataFrame({"record_id": ["a", "b", "c"]})
    table = _progress(_status(excluded_appraisal=1, included=3), coding_todo=todo)
    assert _current(table) == "coding"
    assert table.loc["coding", ["n_done", "n_total"]].tolist() == [0, 3]
    assert table.loc["coding", "waiting_for"] == (
        "3 included studies without codes (results/synthesis/coding_todo.csv)"
    )
    assert table.loc["entropy", "state"] == "not_enough_data"
    assert table.loc["entropy", "waiting_for"] == (
        "not enough data (n = 0 coded documents; needs at least 2)"
    )


def test_two_documents_by_one_coder_give_entropy_but_no_reliability() -> None:
    codings = _codings(
        ("a", "C1", "ease of use", "usability"),
        ("b", "C1", "trust", "trust"),
        ("b", "C1", "usable", "usability"),
    )
    table = _progress(_status(included=2), codings=codings)
    assert table.loc["synthesis", "state"] == "done"
    # the codings are mapped: the review findings of GRADE-CERQual come next
    assert _current(table) == "confidence"
    assert table.loc["confidence", "waiting_for"] == (
        "review findings to write in data/coded/findings.yaml (docs/cerqual.md)"
    )
    assert table.loc["entropy", ["state", "n_done"]].tolist() == ["done", 2]
    # the config names no coders (any coder): C1 may be coding alone, and is told how to say so
    assert table.loc["reliability", "waiting_for"] == (
        "not enough data (n = 0 double-coded documents; needs at least 2, "
        "synthesis.reliability.min_documents; only C1 has coded: coding alone? set "
        "synthesis.coders: [C1] and reliability is not part of this review)"
    )
    # three codes of two concepts in two sub-categories: enough to cluster
    assert table.loc["clustering", ["state", "n_done"]].tolist() == ["done", 3]


def test_shortfall_messages_name_the_count_in_the_singular() -> None:
    missing = entropy_shortfall(1)
    assert missing is not None
    assert missing.message() == "not enough data (n = 1 coded document; needs at least 2)"
    assert reliability_shortfall(3, 2) is None


def test_the_clustering_shortfall_says_only_what_is_missing_in_one_pair_of_brackets() -> None:
    """A README-only trial read "(they are in 0) and more codes than concepts (0))" in
    progress.csv: brackets inside the message's own, and a condition that was already met."""
    empty = clustering_shortfall(0, 0, 0)
    assert empty is not None and empty.message() == (
        "not enough data (n = 0 distinct codes; needs codes in at least 2 sub-categories, not 0 "
        "and more distinct codes than the 0 concepts they map to)"
    )
    one_subcategory = clustering_shortfall(12, 5, 1)
    assert one_subcategory is not None and one_subcategory.message() == (
        "not enough data (n = 12 distinct codes; needs codes in at least 2 sub-categories, not 1)"
    )
    few_codes = clustering_shortfall(5, 5, 3)
    assert few_codes is not None and few_codes.message() == (
        "not enough data (n = 5 distinct codes; needs more distinct codes than the 5 concepts "
        "they map to)"
    )
    assert clustering_shortfall(6, 5, 2) is None


def test_one_publication_left_at_a_stage_is_named_in_the_singular() -> None:
    # the trial review's last title/abstract record read "1 publications awaiting ..."
    table = _progress(
        _status(excluded_title_abstract=130, awaiting_title_abstract=1, conflict_title_abstract=1)
    )
    assert table.loc["title_abstract", "waiting_for"] == (
        "1 publication awaiting title/abstract decisions; 1 title/abstract conflict to resolve "
        "(decision rows in data/screening/)"
    )


ONE_UNCODED = pd.DataFrame({"record_id": ["c"], "reason": ["no codes"]})
"""The coding to-do of a third included study without codes."""


@pytest.mark.parametrize(
    ("coding_todo", "current", "state", "first"),
    [
        (NO_ROWS, "confidence", "open", ""),
        # issue 14: confidence was "open" (work to do now) while the banner said coding was not
        # finished: the findings' judgements rest on every included study
        (ONE_UNCODED, "coding", "waiting", "coding first; then "),
    ],
    ids=["all_coded", "one_study_not_coded"],
)
def test_findings_not_judged_yet_wait_for_every_study_to_be_coded(
    coding_todo: pd.DataFrame, current: str, state: str, first: str
) -> None:
    missing = pd.DataFrame(
        {"finding": ["trusted"] * 2, "component": ["coherence", "confidence"],
         "missing": ["level of concern", "overall assessment"]}
    )  # fmt: skip
    table = _progress(
        _status(included=3), TWO_CODED, coding_todo, findings=TWO_FINDINGS, missing=missing
    )
    assert _current(table) == current
    row = table.loc["confidence"]
    assert (row["state"], row["n_done"], row["n_total"]) == (state, 1, 2)
    assert row["waiting_for"] == (
        f"{first}2 GRADE-CERQual judgements not made yet "
        "(results/confidence/missing_judgements.csv → data/coded/cerqual.yaml)"
    )


def test_findings_to_write_wait_while_included_studies_are_not_coded() -> None:
    table = _progress(_status(included=3), TWO_CODED, ONE_UNCODED)
    assert table.loc["synthesis", ["state", "waiting_for"]].tolist() == ["waiting", "coding first"]
    assert table.loc["confidence", ["state", "waiting_for"]].tolist() == [
        "waiting",
        "coding first; then review findings to write in data/coded/findings.yaml (docs/cerqual.md)",
    ]
