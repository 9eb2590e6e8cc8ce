"""CASP appraisal: both scoring schemes, bands, threshold, and out-of-range scores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from metasynth.appraise import (
    AppraisalSettings,
    check_screened,
    outcome_table,
    read_appraisal_files,
    score_appraisals,
    summarise_appraisals,
)
from metasynth.config import load_config
from metasynth.errors import InputError
from metasynth.screen.state import STATUS_COLUMNS

HEADER = "record_id,appraiser,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,note,date\n"
MEMBERS = {"WOS:0001": "WOS:0001", "doi:10.1000/em.1": "WOS:0001", "WOS:0002": "WOS:0002"}
CASP_SCHEME: dict[str, Any] = {
    "points": {"Yes": 1, "Can't tell": 0.5, "No": 0},
    "screening_questions": [1, 2],
    "include_min_total": 6,
    "bands": [
        {"label": "high", "min": 8},
        {"label": "moderate", "min": 6},
        {"label": "low", "min": 0},
    ],
}


def _settings(**overrides: Any) -> AppraisalSettings:
    return AppraisalSettings.from_config(overrides)


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "casp.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _summary(tmp_path: Path, settings: AppraisalSettings, *lines: str):
    raw = read_appraisal_files([_write(tmp_path, *lines)])
    return summarise_appraisals(score_appraisals(raw, settings, MEMBERS, {"R1", "R2"}), settings)


def test_likert_totals_bands_and_threshold(tmp_path: Path) -> None:
    table = _summary(
        tmp_path,
        _settings(),
        "WOS:0001,R1,5,5,4,4,4,3,3,4,4,4,,2024-06-01",  # 40: very good
        "WOS:0002,R1,3,3,3,3,2,2,3,3,3,3,,2024-06-01",  # 28: good, below 30
    ).set_index("record_id")
    assert table.loc["WOS:0001", ["total", "max_total", "band", "decision"]].tolist() == [
        "40",
        "50",
        "very good",
        "include",
    ]
    assert table.loc["WOS:0002", ["total", "band", "decision", "reason"]].tolist() == [
        "28",
        "good",
        "exclude",
        "total 28 below 30",
    ]


def test_outcomes_count_publications_per_band_and_decision(tmp_path: Path) -> None:
    settings = _settings(appraisers_per_publication=2)
    summary = _summary(
        tmp_path,
        settings,
        "WOS:0001,R1,5,5,4,4,4,3,3,4,4,4,,2024-06-01",  # 40
        "WOS:0001,R2,5,5,5,4,4,4,4,4,4,4,,2024-06-01",  # 43: mean 41.5, excellent
        "WOS:0002,R1,3,3,3,3,2,2,3,3,3,3,,2024-06-01",  # 28, one of two appraisals
    )
    assert outcome_table(summary).values.tolist() == [
        ["excellent", "include", 1],
        ["good", "awaiting", 1],
    ]
    assert outcome_table(summary.iloc[:0]).empty


def test_a_score_out_of_range_names_file_line_and_question(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "WOS:0001,R1,5,5,4,4,4,3,3,4,4,4,,2024-06-01",
        "WOS:0002,R1,3,3,3,6,2,2,3,3,3,3,,2024-06-01",
    )
    with pytest.raises(InputError, match="q4 = '6' is out of range") as error:
        score_appraisals(read_appraisal_files([path]), _settings(), MEMBERS, {"R1"})
    assert (error.value.file, error.value.line, error.value.element) == (path.as_posix(), 3, "q4")
    assert "whole number from 1 to 5" in str(error.value.hint)


def test_casp_answers_with_a_no_to_a_screening_question_exclude(tmp_path: Path) -> None:
    settings = _settings(scheme="casp", schemes={"casp": CASP_SCHEME})
    table = _summary(
        tmp_path,
        settings,
        "WOS:0001,R1,Yes,Yes,Yes,Can't tell,Yes,No,Yes,Yes,Yes,Yes,,2024-06-01",
        "WOS:0002,R1,Yes,No,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2024-06-01",
    ).set_index("record_id")
    assert table.loc["WOS:0001", ["total", "band", "decision"]].tolist() == [
        "8.5",
        "high",
        "include",
    ]
    assert table.loc["WOS:0002", ["decision", "reason"]].tolist() == [
        "exclude",
        "No to screening question(s) q2",
    ]


def test_an_answer_outside_the_casp_scheme_is_refused(tmp_path: Path) -> None:
    settings = _settings(scheme="casp", schemes={"casp": CASP_SCHEME})
    path = _write(tmp_path, "WOS:0001,R1,Yes,Yes,Maybe,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2024-06-01")
    with pytest.raises(InputError, match="q3 = 'Maybe'") as error:
        score_appraisals(read_appraisal_files([path]), settings, MEMBERS, {"R1"})
    assert error.value.line == 2


def test_two_appraisers_average_and_a_duplicate_record_counts_once(tmp_path: Path) -> None:
    settings = _settings(appraisers_per_publication=2)
    table = _summary(
        tmp_path,
        settings,
        "WOS:0001,R1,3,3,3,3,3,3,3,3,3,3,,2024-06-01",  # 30
        "doi:10.1000/em.1,R2,4,3,3,3,3,3,3,3,3,3,,2024-06-02",  # 31, same publication
        "WOS:0002,R1,4,4,4,4,4,4,4,4,4,4,,2024-06-01",  # one of two appraisals
    ).set_index("record_id")
    assert table.loc["WOS:0001", ["n_appraisers", "q1", "total", "decision"]].tolist() == [
        "2",
        "3.5",
        "30.5",
        "include",
    ]
    assert table.loc["WOS:0002", ["decision", "reason"]].tolist() == [
        "awaiting",
        "1 of 2 appraisals",
    ]


def test_the_same_appraiser_twice_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "WOS:0001,R1,3,3,3,3,3,3,3,3,3,3,,2024-06-01",
        "doi:10.1000/em.1,R1,4,4,4,4,4,4,4,4,4,4,,2024-06-02",
    )
    with pytest.raises(InputError, match="R1 already appraised WOS:0001") as error:
        score_appraisals(read_appraisal_files([path]), _settings(), MEMBERS, {"R1"})
    assert error.value.line == 3


def test_an_unknown_appraiser_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "WOS:0001,R7,3,3,3,3,3,3,3,3,3,3,,2024-06-01")
    with pytest.raises(InputError, match="unknown appraiser 'R7'"):
        score_appraisals(read_appraisal_files([path]), _settings(), MEMBERS, {"R1"})


def _screened(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame([(r, s, t, "") for r, s, t in rows], columns=STATUS_COLUMNS)


def test_an_appraisal_before_full_text_inclusion_names_its_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "WOS:0001,R1,3,3,3,3,3,3,3,3,3,3,,2024-06-01",
        "doi:10.1000/em.1,R2,4,4,4,4,4,4,4,4,4,4,,2024-06-02",
        "WOS:0002,R1,3,3,3,3,3,3,3,3,3,3,,2024-06-01",
    )
    appraisals = score_appraisals(read_appraisal_files([path]), _settings(), MEMBERS, {"R1", "R2"})
    screened = _screened(
        ("WOS:0001", "awaiting_appraisal", "appraisal"),
        ("WOS:0002", "awaiting_full_text", "full_text"),
    )
    with pytest.raises(InputError) as error:
        check_screened(appraisals, screened)
    assert (error.value.file, error.value.line) == (path.as_posix(), 4)
    assert error.value.message == (
        "appraisal decision for WOS:0002, but publication WOS:0002 has not passed full-text "
        "assessment (its status is awaiting_full_text)"
    )


def test_appraisals_of_included_full_texts_and_automatic_exclusions_pass(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "doi:10.1000/em.1,R1,3,3,3,3,3,3,3,3,3,3,,2024-06-01",
        "WOS:0002,R1,3,3,3,3,3,3,3,3,3,3,,2024-06-01",
    )
    appraisals = score_appraisals(read_appraisal_files([path]), _settings(), MEMBERS, {"R1"})
    screened = _screened(
        ("WOS:0001", "awaiting_appraisal", "appraisal"),
        ("WOS:0002", "excluded_automatic", "automatic"),
    )
    check_screened(appraisals, screened)  # the record states report the second as ignored


def test_the_project_config_defines_both_schemes(root: Path) -> None:
    settings = AppraisalSettings.from_config(
        load_config(root / "config" / "config.yaml")["appraisal"]
    )
    assert sorted(settings.schemes) == ["casp", "likert"]
    assert settings.scheme.name == "likert"
    assert (settings.scheme.max_total(10), settings.scheme.include_min_total) == (50.0, 30.0)
