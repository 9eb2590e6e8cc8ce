"""Rows that are valid one by one but settle nothing, or cannot be true: a resolution where
there is no conflict, dates before the searched years or after today, a reason on an include
row. Each is a notice or an error, never silent, and an error blames the row that caused it
(issue 15, item 2)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from metasynth.appraise import (
    AppraisalSettings,
    read_appraisal_files,
    score_appraisals,
    summarise_appraisals,
)
from metasynth.errors import InputError, Notice
from metasynth.screen.decisions import read_decision_files, validate_decisions
from metasynth.screen.eligibility import apply_eligibility
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.state import AppraisalResult, ScreeningResult, derive_states

Write = Callable[..., Path]
CASP_HEADER = "record_id,appraiser,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,note,date\n"
TODAY = datetime.date(2024, 12, 31)

AGREED_INCLUDE = (
    "WOS:0001,title_abstract,R1,include,,,2024-03-01",
    "WOS:0001,title_abstract,R2,include,,,2024-03-02",
    "WOS:0001,retrieval,R1,retrieved,,,2024-04-01",
    "WOS:0001,full_text,R1,include,,,2024-05-01",
    "WOS:0001,full_text,R2,include,,,2024-05-02",
)
AGREED_EXCLUDE = (
    "WOS:0002,title_abstract,R1,exclude,off_topic,,2024-03-01",
    "WOS:0002,title_abstract,R2,exclude,off_topic,,2024-03-02",
)


@pytest.fixture
def derive(
    tmp_path: Path,
    publications: pd.DataFrame,
    clusters: pd.DataFrame,
    settings: ScreeningSettings,
    members: dict[str, str],
) -> Callable[..., ScreeningResult]:
    """States from decision files and CASP rows (`casp_R1.csv`), as the workflow derives them."""

    def run(*decision_files: Path, casp: tuple[str, ...] = ()) -> ScreeningResult:
        decisions = validate_decisions(read_decision_files(decision_files), settings, members)
        appraisal = AppraisalSettings.from_config({"appraisers_per_publication": 1})
        casp_file = tmp_path / "appraisal" / "casp_R1.csv"
        casp_file.parent.mkdir(exist_ok=True)
        casp_file.write_text(CASP_HEADER + "".join(f"{row}\n" for row in casp), encoding="utf-8")
        raw = read_appraisal_files([casp_file])
        appraisals = score_appraisals(raw, appraisal, members, {"R1", "R2", "R3"})
        return derive_states(
            apply_eligibility(publications, settings.rules),
            clusters,
            decisions,
            settings,
            AppraisalResult(appraisals, summarise_appraisals(appraisals, appraisal), "low_quality"),
            today=TODAY,
        )

    return run


def _status(result: ScreeningResult, record_id: str) -> str:
    return str(result.status.set_index("record_id").loc[record_id, "status"])


def test_a_resolution_overturning_an_agreement_is_a_warning(
    write_decisions: Write, derive: Callable[..., ScreeningResult]
) -> None:
    path = write_decisions(*AGREED_EXCLUDE, "WOS:0002,title_abstract,R3,include,,,2024-03-05")
    result = derive(path)
    assert _status(result, "WOS:0002") == "awaiting_retrieval"  # the resolution still decides
    assert result.notices == [
        Notice(
            "warning",
            "R3's resolution (include) of WOS:0002 at title_abstract overturns the exclude of "
            "the screeners (agreement of R1, R2), though they did not disagree: the resolution "
            "decides",
            file=path.as_posix(),
            line=4,
        )
    ]


def test_a_resolution_agreeing_with_the_screeners_is_an_info_notice(
    write_decisions: Write, derive: Callable[..., ScreeningResult]
) -> None:
    path = write_decisions(
        *AGREED_EXCLUDE, "WOS:0002,title_abstract,R3,exclude,off_topic,,2024-03-05"
    )
    [notice] = derive(path).notices
    assert (notice.severity, notice.line) == ("info", 4)
    assert notice.message.endswith("agrees with the screeners (agreement of R1, R2): there was no "
                                   "conflict to resolve")  # fmt: skip


def test_a_resolution_before_the_screeners_finish_is_a_warning(
    write_decisions: Write, derive: Callable[..., ScreeningResult]
) -> None:
    path = write_decisions(
        "WOS:0002,title_abstract,R1,exclude,off_topic,,2024-03-01",
        "WOS:0002,title_abstract,R3,include,,,2024-03-05",
    )
    [notice] = derive(path).notices
    assert (notice.severity, notice.line) == ("warning", 3)
    assert "comes before there is a conflict (1 more title_abstract decision(s)" in notice.message


def test_a_resolution_settling_a_conflict_passes_without_a_notice(
    write_decisions: Write, derive: Callable[..., ScreeningResult]
) -> None:
    path = write_decisions(
        "WOS:0002,title_abstract,R1,exclude,off_topic,,2024-03-01",
        "WOS:0002,title_abstract,R2,include,,,2024-03-02",
        "WOS:0002,title_abstract,R3,include,,,2024-03-05",
    )
    assert derive(path).notices == []


def test_an_error_caused_by_an_overturning_resolution_blames_the_resolution(
    tmp_path: Path, write_decisions: Write, derive: Callable[..., ScreeningResult]
) -> None:
    """The publication was included and appraised; a resolver's exclusion on the agreed
    title/abstract stage makes every later row out of order: the resolution is the cause."""
    screening = write_decisions(*AGREED_INCLUDE)
    resolution = write_decisions(
        "WOS:0001,title_abstract,R3,exclude,off_topic,,2024-06-10", name="resolutions.csv"
    )
    casp = ("WOS:0001,R1,4,4,4,4,4,4,4,4,4,4,,2024-06-01",)
    assert _status(derive(screening, casp=casp), "WOS:0001") == "included"
    with pytest.raises(InputError) as error:
        derive(screening, resolution, casp=casp)
    assert (error.value.file, error.value.line) == (resolution.as_posix(), 2)
    assert error.value.message.startswith(
        "R3's resolution (exclude) of WOS:0001 at title_abstract overturns the include of the "
        "screeners (agreement of R1, R2), though they did not disagree"
    )
    assert f"{tmp_path.as_posix()}/appraisal/casp_R1.csv:2" in error.value.message


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2099-12-31", "decision dated 2099-12-31, after today (2024-12-31)"),
        ("1999-01-01", "decision dated 1999-01-01, before the searched years begin (2000-01-01)"),
    ],
)
def test_a_decision_dated_outside_the_review_is_a_warning(
    write_decisions: Write, derive: Callable[..., ScreeningResult], date: str, message: str
) -> None:
    path = write_decisions(
        "WOS:0002,title_abstract,R1,exclude,off_topic,,2024-03-01",
        f"WOS:0002,title_abstract,R2,exclude,off_topic,,{date}",
        f"WOS:0004,title_abstract,R2,exclude,off_topic,,{date}",
    )
    assert derive(path).notices == [
        Notice(
            "warning",
            f"{message} (and 1 more row(s) of this file): the row counts, but check its date",
            file=path.as_posix(),
            line=3,
        )
    ]


def test_an_appraisal_dated_after_today_is_a_warning(
    write_decisions: Write, derive: Callable[..., ScreeningResult]
) -> None:
    result = derive(
        write_decisions(*AGREED_INCLUDE), casp=("WOS:0001,R1,4,4,4,4,4,4,4,4,4,4,,2099-12-31",)
    )
    [notice] = result.notices
    assert notice.file is not None and notice.file.endswith("appraisal/casp_R1.csv")
    assert (notice.line, notice.message) == (
        2,
        "appraisal dated 2099-12-31, after today (2024-12-31): the row counts, but check its date",
    )


@pytest.mark.parametrize(
    "row",
    [
        "WOS:0001,title_abstract,R1,include,off_topic,,2024-03-01",
        "WOS:0001,full_text,R3,include,off_topic,,2024-03-01",
        "WOS:0001,retrieval,R1,retrieved,no_access,,2024-03-01",
    ],
)
def test_a_reason_on_an_include_row_is_an_error_at_that_row(
    write_decisions: Write, derive: Callable[..., ScreeningResult], row: str
) -> None:
    path = write_decisions("WOS:0002,title_abstract,R1,exclude,off_topic,,2024-03-01", row)
    with pytest.raises(InputError, match="a reason on an include \\(or retrieved\\) row") as error:
        derive(path)
    assert (error.value.file, error.value.line) == (str(path), 3)


def test_a_search_dated_after_today_does_not_blame_the_decisions() -> None:
    # the search's date is wrong (searches.searched_after_today warns at its line), not the
    # decisions on its records, which it would make look earlier than the search
    from metasynth.screen.decisions import dated_before_search, first_search_dates

    publications = pd.DataFrame(
        {"record_id": ["WOS:0001", "WOS:0002"], "search_runs": ["wos_2024", "typo_2099"]}
    )
    searches = pd.DataFrame(
        {"search_run": ["wos_2024", "typo_2099"], "date_searched": ["2024-03-01", "2099-03-01"]}
    )
    first = first_search_dates(publications, searches, today=TODAY)
    assert first == {"WOS:0001": datetime.date(2024, 3, 1)}
    decisions = pd.DataFrame(
        {
            "publication_id": ["WOS:0002"],
            "date": ["2024-04-02"],
            "source_file": ["ta_R1.csv"],
            "source_line": [2],
        }
    )
    assert dated_before_search(decisions, first) == []
