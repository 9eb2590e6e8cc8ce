"""Automatic eligibility: declarative rules from the config, each hit with a reason code."""

from __future__ import annotations

import pandas as pd
import pytest

from metasynth.errors import InputError
from metasynth.screen.eligibility import apply_eligibility, check_rule
from metasynth.screen.settings import EligibilityRule, ScreeningSettings


def test_year_outside_the_range_is_excluded_with_its_reason(
    publications: pd.DataFrame, settings: ScreeningSettings
) -> None:
    table = apply_eligibility(publications, settings.rules).set_index("record_id")
    assert not table.loc["WOS:0003", "eligible"]
    assert table.loc["WOS:0003", "reason"] == "year_range"
    assert table.loc["WOS:0003", "detail"] == "year=1998 not in 2000-2023"


def test_a_multi_valued_document_type_passes_when_one_value_is_allowed(
    publications: pd.DataFrame, settings: ScreeningSettings
) -> None:
    table = apply_eligibility(publications, settings.rules).set_index("record_id")
    assert table.loc["WOS:0002", "eligible"]  # "Article; Early Access"
    assert table.loc["WOS:0005", "reason"] == "document_type"  # "Editorial Material"


def test_the_eligible_publications_are_exactly_those_passing_every_rule(
    publications: pd.DataFrame, settings: ScreeningSettings
) -> None:
    table = apply_eligibility(publications, settings.rules)
    assert table[table["eligible"]]["record_id"].tolist() == ["WOS:0001", "WOS:0002", "WOS:0004"]


def test_every_failed_rule_is_listed_and_the_first_is_the_reason(
    settings: ScreeningSettings,
) -> None:
    frame = pd.DataFrame(
        {"record_id": ["X"], "year": [1990], "doc_type": ["Letter"], "language": ["German"]}
    )
    row = apply_eligibility(frame, settings.rules).iloc[0]
    assert row["reason"] == "year_range"
    assert row["reasons"] == "year_range; document_type; language"


def test_a_missing_value_fails_unless_the_rule_keeps_it() -> None:
    excluding = EligibilityRule("year_range", "Out of range", "year", between=(2000, 2023))
    keeping = EligibilityRule(
        "year_range", "Out of range", "year", between=(2000, 2023), if_missing="keep"
    )
    assert check_rule(excluding, pd.NA) == "no year"
    assert check_rule(keeping, pd.NA) == ""


def test_none_of_excludes_a_listed_value_whatever_its_case() -> None:
    rule = EligibilityRule("retracted", "Retracted", "doc_type", none_of=("Retracted Publication",))
    assert check_rule(rule, "Article; retracted publication") != ""
    assert check_rule(rule, "Article") == ""


def test_any_of_and_none_of_combine() -> None:
    rule = EligibilityRule(
        "document_type",
        "Ineligible type",
        "doc_type",
        any_of=("Article", "Review"),
        none_of=("Retracted Publication",),
    )
    assert check_rule(rule, "Article; Early Access") == ""
    assert check_rule(rule, "Article; Retracted Publication") != ""
    assert check_rule(rule, "Letter") != ""


def test_a_rule_on_an_unknown_column_names_the_config_key(publications: pd.DataFrame) -> None:
    rules = (EligibilityRule("db", "Not WOS", "database_name", any_of=("WOS",)),)
    with pytest.raises(InputError, match="database_name") as error:
        apply_eligibility(publications, rules)
    assert error.value.element == "screening/eligibility/0/field"
