"""Record states: how each stage is settled, conflicts, stage order, and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from metasynth.appraise import (
    APPRAISAL_COLUMNS,
    SUMMARY_COLUMNS,
    AppraisalSettings,
    read_appraisal_files,
    score_appraisals,
    summarise_appraisals,
)
from metasynth.errors import InputError
from metasynth.screen.decisions import read_decision_files, validate_decisions
from metasynth.screen.eligibility import apply_eligibility
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.state import (
    SLICE_PUBLICATIONS,
    AppraisalResult,
    ScreeningResult,
    derive_states,
)
from metasynth.screen.summary import resolution_counts
from metasynth.tables import read_table, write_table

Write = Callable[..., Path]


@pytest.fixture
def derive(
    publications: pd.DataFrame,
    clusters: pd.DataFrame,
    settings: ScreeningSettings,
    members: dict[str, str],
) -> Callable[..., ScreeningResult]:
    """Derive the states of the five test publications from a decision file (and CASP rows)."""

    def run(
        path: Path,
        casp_decisions: dict[str, str] | None = None,
        other_methods: frozenset[str] = frozenset(),
        slice_rows: int = SLICE_PUBLICATIONS,
    ) -> ScreeningResult:
        decisions = validate_decisions(read_decision_files([path]), settings, members)
        appraisals = pd.DataFrame(columns=APPRAISAL_COLUMNS)
        summary = pd.DataFrame(
            [
                {
                    **dict.fromkeys(SUMMARY_COLUMNS, ""),
                    "record_id": k,
                    "decision": v,
                    "total": "35",
                    "max_total": "50",
                    "band": "very good",
                }
                for k, v in (casp_decisions or {}).items()
            ],
            columns=SUMMARY_COLUMNS,
        )
        return derive_states(
            apply_eligibility(publications, settings.rules),
            clusters,
            decisions,
            settings,
            AppraisalResult(appraisals, summary, "low_quality"),
            other_methods=other_methods,
            slice_rows=slice_rows,
        )

    return run


def _status(result: ScreeningResult) -> dict[str, str]:
    return dict(zip(result.status["record_id"], result.status["status"], strict=True))


FULL_PATH = (
    "WOS:0001,title_abstract,R1,include,,,2024-03-01",
    "WOS:0001,title_abstract,R2,include,,,2024-03-01",
    "WOS:0001,retrieval,R1,retrieved,,,2024-04-01",
    "WOS:0001,full_text,R1,include,,,2024-05-01",
    "WOS:0001,full_text,R2,include,,,2024-05-02",
)


def test_nothing_is_decided_without_decisions(write_decisions: Write, derive) -> None:
    result = derive(write_decisions())
    assert _status(result) == {
        "WOS:0001": "awaiting_title_abstract",
        "WOS:0002": "awaiting_title_abstract",
        "WOS:0003": "excluded_automatic",
        "WOS:0004": "awaiting_title_abstract",
        "WOS:0005": "excluded_automatic",
    }
    assert result.awaiting["needs"].tolist() == ["2 more title_abstract decision(s)"] * 3


@pytest.mark.parametrize("slice_rows", [1, 2])
def test_the_tables_are_the_same_whatever_the_slices_of_publications(
    write_decisions: Write, derive, slice_rows: int
) -> None:
    path = write_decisions(
        *FULL_PATH,
        "doi:10.1000/em.1,title_abstract,R3,include,,,2024-03-02",
        "WOS:0002,title_abstract,R1,exclude,off_topic,,2024-03-01",
        "WOS:0004,title_abstract,R1,include,,,2024-03-01",
        "WOS:0004,title_abstract,R2,exclude,off_topic,,2024-03-02",
    )
    whole = derive(path, {"WOS:0001": "include"})
    sliced = derive(path, {"WOS:0001": "include"}, slice_rows=slice_rows)
    assert len(whole.audit) == 28
    for table in ("status", "audit", "conflicts", "awaiting", "resolutions"):
        pd.testing.assert_frame_equal(getattr(sliced, table), getattr(whole, table))
    assert sliced.notices == whole.notices


def test_one_of_two_decisions_leaves_the_publication_awaiting(
    write_decisions: Write, derive
) -> None:
    result = derive(write_decisions("WOS:0002,title_abstract,R1,exclude,off_topic,,2024-03-01"))
    assert _status(result)["WOS:0002"] == "awaiting_title_abstract"
    row = result.awaiting.set_index("record_id").loc["WOS:0002"]
    assert row["needs"] == "1 more title_abstract decision(s) (has R1)"


def test_two_agreeing_exclusions_settle_title_abstract(write_decisions: Write, derive) -> None:
    result = derive(
        write_decisions(
            "WOS:0002,title_abstract,R1,exclude,off_topic,,2024-03-01",
            "WOS:0002,title_abstract,R2,exclude,off_topic,,2024-03-02",
        )
    )
    row = result.status.set_index("record_id").loc["WOS:0002"]
    assert (row["status"], row["stage"], row["reason"]) == (
        "excluded_title_abstract",
        "title_abstract",
        "off_topic",
    )


def test_a_maybe_is_a_conflict_until_the_arbiter_settles_it(write_decisions: Write, derive) -> None:
    rows = (
        "WOS:0002,title_abstract,R1,include,,,2024-03-01",
        "WOS:0002,title_abstract,R2,maybe,,,2024-03-02",
    )
    open_conflict = derive(write_decisions(*rows))
    assert _status(open_conflict)["WOS:0002"] == "conflict_title_abstract"
    assert open_conflict.conflicts["kind"].tolist() == ["maybe"]
    assert open_conflict.conflicts["decisions"].tolist() == ["R1: include; R2: maybe"]
    settled = derive(
        write_decisions(*rows, "WOS:0002,title_abstract,R3,exclude,off_topic,,2024-03-09")
    )
    assert _status(settled)["WOS:0002"] == "excluded_title_abstract"
    assert settled.conflicts.empty


def test_disagreement_is_a_conflict(write_decisions: Write, derive) -> None:
    result = derive(
        write_decisions(
            "WOS:0004,title_abstract,R1,include,,,2024-03-01",
            "WOS:0004,title_abstract,R2,exclude,off_topic,,2024-03-02",
        )
    )
    assert result.conflicts[["record_id", "stage", "kind"]].values.tolist() == [
        ["WOS:0004", "title_abstract", "disagreement"]
    ]


def test_full_text_exclusions_for_different_reasons_are_a_conflict(
    write_decisions: Write, derive
) -> None:
    result = derive(
        write_decisions(
            *FULL_PATH[:3],
            "WOS:0001,full_text,R1,exclude,off_topic,,2024-05-01",
            "WOS:0001,full_text,R2,exclude,no_framework_content,,2024-05-02",
        )
    )
    assert _status(result)["WOS:0001"] == "conflict_full_text"
    assert result.conflicts["kind"].tolist() == ["reasons differ"]


def test_a_full_text_decision_before_title_abstract_inclusion_names_its_line(
    write_decisions: Write,
    derive,
) -> None:
    path = write_decisions(
        "WOS:0002,title_abstract,R1,include,,,2024-03-01",
        "WOS:0002,full_text,R1,include,,,2024-05-01",
    )
    with pytest.raises(InputError, match="full_text decision for WOS:0002") as error:
        derive(path)
    assert (error.value.file, error.value.line) == (path.as_posix(), 3)


def test_a_full_text_decision_needs_a_retrieved_report(write_decisions: Write, derive) -> None:
    path = write_decisions(*FULL_PATH[:2], *FULL_PATH[3:])
    with pytest.raises(InputError, match="has not passed retrieval") as error:
        derive(path)
    assert error.value.line == 4


def test_one_retrieved_row_is_enough_and_not_retrieved_needs_a_reason(
    write_decisions: Write,
    derive,
) -> None:
    result = derive(
        write_decisions(
            *FULL_PATH[:2],
            "WOS:0001,retrieval,R2,not_retrieved,no_access,,2024-04-01",
        )
    )
    row = result.status.set_index("record_id").loc["WOS:0001"]
    assert (row["status"], row["reason"]) == ("not_retrieved", "no_access")


def test_full_text_inclusion_awaits_appraisal_then_appraisal_decides(
    write_decisions: Write,
    derive,
) -> None:
    path = write_decisions(*FULL_PATH)
    assert _status(derive(path))["WOS:0001"] == "awaiting_appraisal"
    assert _status(derive(path, {"WOS:0001": "include"}))["WOS:0001"] == "included"
    excluded = derive(path, {"WOS:0001": "exclude"}).status.set_index("record_id").loc["WOS:0001"]
    assert (excluded["status"], excluded["stage"], excluded["reason"]) == (
        "excluded_appraisal",
        "appraisal",
        "low_quality",
    )


def test_a_decision_naming_a_duplicate_is_applied_and_said_so(
    write_decisions: Write, derive
) -> None:
    result = derive(
        write_decisions(
            "doi:10.1000/em.1,title_abstract,R1,include,,,2024-03-01",
            "WOS:0001,title_abstract,R2,include,,,2024-03-01",
        )
    )
    audit = result.audit
    event = audit[(audit["event"] == "decision") & (audit["actor"] == "R1")].iloc[0]
    assert event["record_id"] == "WOS:0001"
    assert event["named_record_id"] == "doi:10.1000/em.1"
    assert event["detail"] == (
        "decision for doi:10.1000/em.1 applied to publication WOS:0001, merged by doi"
    )
    assert _status(result)["WOS:0001"] == "awaiting_retrieval"


def test_the_audit_trail_lists_entries_merges_and_decisions_with_sources(
    write_decisions: Write,
    derive,
) -> None:
    path = write_decisions(*FULL_PATH[:2])
    audit = derive(path).audit
    history = audit[audit["record_id"] == "WOS:0001"]
    assert history["event"].tolist() == [
        "entry",
        "entry",
        "entry",
        "merged",
        "eligible",
        "decision",
        "decision",
        "settled",
        "awaiting",
    ]
    entries = history[history["event"] == "entry"]
    assert list(zip(entries["source_file"], entries["source_line"], strict=True)) == [
        ("scopus.ris", 12),
        ("wos/a.txt", 1),
        ("wos/b.txt", 40),
    ]
    decisions = history[history["event"] == "decision"]
    assert decisions["source_line"].tolist() == [2, 3]


def test_decisions_on_an_automatically_excluded_publication_are_kept_and_reported(
    write_decisions: Write,
    derive,
) -> None:
    result = derive(write_decisions("WOS:0003,title_abstract,R1,include,,,2024-03-01"))
    assert _status(result)["WOS:0003"] == "excluded_automatic"
    ignored = result.audit[result.audit["event"] == "ignored"]
    assert ignored[["record_id", "actor", "source_line"]].values.tolist() == [["WOS:0003", "R1", 2]]
    assert [(n.line, n.message) for n in result.notices] == [
        (
            2,
            "1 decision(s) on publication WOS:0003 ignored: the automatic rule 'year_range' "
            "excludes it",
        )
    ]
    hit = result.audit[result.audit["event"] == "rule_hit"]
    assert hit[hit["record_id"] == "WOS:0003"]["reason"].tolist() == ["year_range"]


def test_states_read_back_from_csv_keep_the_automatic_exclusions(
    tmp_path: Path,
    publications: pd.DataFrame,
    clusters: pd.DataFrame,
    settings: ScreeningSettings,
) -> None:
    """The rule reads eligibility.csv back as text ("False"), which must stay a False."""
    write_table(apply_eligibility(publications, settings.rules), tmp_path / "eligibility.csv")
    empty = pd.DataFrame(columns=["publication_id", "stage"])
    result = derive_states(
        read_table(tmp_path / "eligibility.csv"),
        clusters,
        empty,
        settings,
        AppraisalResult(
            pd.DataFrame(columns=APPRAISAL_COLUMNS),
            pd.DataFrame(columns=SUMMARY_COLUMNS),
            "low_quality",
        ),
    )
    assert _status(result)["WOS:0003"] == "excluded_automatic"
    assert _status(result)["WOS:0001"] == "awaiting_title_abstract"


@pytest.mark.parametrize(
    ("checklist", "row", "detail", "settled"),
    [
        (
            "jbi_qualitative",
            "WOS:0001,R1,Yes,Yes,Yes,Unclear,Yes,No,No,Yes,Yes,Yes,Include,,2024-06-01",
            "overall Include",
            "",
        ),
        (
            "mmat_2018",
            "WOS:0001,R1,qualitative,Yes,Can't tell,Yes,Yes,Yes,Yes,Yes,,2024-06-01",
            "qualitative; failed screening question(s) s2",
            "No/Can't tell to screening question(s) s2",
        ),
    ],
)
def test_an_unscored_checklist_gives_each_appraisal_its_judgement_in_the_audit(
    tmp_path: Path,
    write_decisions: Write,
    publications: pd.DataFrame,
    clusters: pd.DataFrame,
    settings: ScreeningSettings,
    members: dict[str, str],
    checklist: str,
    row: str,
    detail: str,
    settled: str,
) -> None:
    """JBI and MMAT give no total: the rule, reading appraisals.csv back, must not need one."""
    appraisal = AppraisalSettings.from_config({"checklist": checklist})
    assert appraisal.checklist is not None
    path = tmp_path / f"{checklist}_R1.csv"
    path.write_text(",".join(appraisal.checklist.columns) + f"\n{row}\n", encoding="utf-8")
    scored = score_appraisals(
        read_appraisal_files([path], appraisal.checklist), appraisal, members, {"R1"}
    )
    write_table(scored, tmp_path / "appraisals.csv")
    write_table(summarise_appraisals(scored, appraisal), tmp_path / "casp.csv")
    decisions = validate_decisions(
        read_decision_files([write_decisions(*FULL_PATH)]), settings, members
    )
    result = derive_states(
        apply_eligibility(publications, settings.rules),
        clusters,
        decisions,
        settings,
        AppraisalResult(
            read_table(tmp_path / "appraisals.csv"),
            read_table(tmp_path / "casp.csv"),
            "low_quality",
            tool=appraisal.checklist.short_name,
        ),
    )
    events = result.audit[result.audit["stage"] == "appraisal"].set_index("event")
    assert events.loc["appraisal", "detail"] == detail
    assert events.loc["settled", "detail"] == (
        settled or f"{appraisal.checklist.short_name} appraisal"
    )
    expected = "excluded_appraisal" if settled else "included"
    assert _status(result)["WOS:0001"] == expected


def test_every_conflict_and_resolution_is_listed_with_both_sides(
    write_decisions: Write, derive
) -> None:
    path = write_decisions(
        # title/abstract: a disagreement R3 settles; full text: different reasons, still open
        "WOS:0001,title_abstract,R1,include,,,2024-03-01",
        "WOS:0001,title_abstract,R2,exclude,off_topic,,2024-03-02",
        "WOS:0001,title_abstract,R3,include,,consensus,2024-03-10",
        "WOS:0001,retrieval,R1,retrieved,,,2024-04-01",
        "WOS:0001,full_text,R1,exclude,off_topic,,2024-05-01",
        "WOS:0001,full_text,R2,exclude,no_framework_content,,2024-05-02",
        # the screeners agree, R3 overturns them
        "WOS:0004,title_abstract,R1,include,,,2024-03-01",
        "WOS:0004,title_abstract,R2,include,,,2024-03-02",
        "WOS:0004,title_abstract,R3,exclude,off_topic,second look,2024-03-11",
        # agreement: not listed
        "WOS:0002,title_abstract,R1,exclude,off_topic,,2024-03-01",
        "WOS:0002,title_abstract,R2,exclude,off_topic,,2024-03-02",
    )
    result = derive(path)
    rows = result.resolutions.to_dict("records")
    assert [(r["record_id"], r["stage"], r["screeners_outcome"], r["state"]) for r in rows] == [
        ("WOS:0001", "title_abstract", "disagreement", "settled"),
        ("WOS:0004", "title_abstract", "agreement", "settled"),
        ("WOS:0001", "full_text", "reasons differ", "conflict"),
    ]
    assert rows[0]["screeners"] == "R1: include; R2: exclude (off_topic)"
    assert (rows[0]["resolvers"], rows[0]["decision"], rows[0]["date"]) == (
        "R3: include",
        "include",
        "2024-03-10",
    )
    assert (rows[0]["source_file"], rows[0]["source_line"]) == (path.as_posix(), "4")
    assert (rows[1]["decision"], rows[1]["reason"], rows[1]["source_line"]) == (
        "exclude",
        "off_topic",
        "10",
    )
    assert rows[2]["resolvers"] == rows[2]["decision"] == rows[2]["source_file"] == ""
    counts = resolution_counts(result.resolutions)
    assert counts.values.tolist() == [
        ["title_abstract", "disagreement", 1, 1, 0, 0],
        ["title_abstract", "agreement", 1, 0, 1, 0],
        ["full_text", "reasons differ", 1, 0, 0, 1],
    ]


def test_a_publication_found_by_other_methods_starts_at_retrieval(
    write_decisions: Write, derive
) -> None:
    """PRISMA 2020's other-methods column: no title/abstract screening, retrieval first."""
    waiting = derive(write_decisions(), other_methods=frozenset({"WOS:0001"}))
    assert _status(waiting)["WOS:0001"] == "awaiting_retrieval"
    result = derive(
        write_decisions(*FULL_PATH[2:]),
        {"WOS:0001": "include"},
        other_methods=frozenset({"WOS:0001"}),
    )
    assert _status(result)["WOS:0001"] == "included"
    eligible = result.audit[
        (result.audit["record_id"] == "WOS:0001") & (result.audit["event"] == "eligible")
    ]
    assert eligible["detail"].str.startswith("identified by other methods only").all()
    # the methods named are PRISMA 2020's other methods (source_type other: experts,
    # hand-searching), never registers, which are screened beside the databases
    assert "experts or hand-searching" in eligible["detail"].iloc[0]
    assert "register" not in eligible["detail"].iloc[0]


def test_a_title_abstract_row_on_an_other_methods_publication_is_refused(
    write_decisions: Write, derive
) -> None:
    with pytest.raises(InputError, match="identified by other methods only") as caught:
        derive(write_decisions(*FULL_PATH), other_methods=frozenset({"WOS:0001"}))
    assert caught.value.line == 2
