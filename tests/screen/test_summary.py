"""The screening outcome summarised: reasons with labels, exclusions per stage and reason,
publications per status, the study numbers — on hand-made record states (tests/screen/conftest.py
settings) and on the small synthesis of tests/figures/data.py."""

from __future__ import annotations

import pandas as pd

from figures.data import INCLUDED, W1, W2, W3, W4
from metasynth.screen import STATUSES
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.summary import (
    earlier_versions_open,
    exclusion_table,
    reason_table,
    status_counts,
    study_numbers,
)

STATUS = pd.DataFrame(
    [
        ("WOS:01", "excluded_automatic", "automatic", "year_range"),
        ("WOS:02", "excluded_automatic", "automatic", "language"),
        ("WOS:03", "excluded_automatic", "automatic", "language"),
        ("WOS:04", "excluded_title_abstract", "title_abstract", "off_topic"),
        ("WOS:05", "not_retrieved", "retrieval", "no_access"),
        ("WOS:06", "excluded_full_text", "full_text", "no_framework_content"),
        ("WOS:07", "excluded_full_text", "full_text", "off_topic"),
        ("WOS:08", "excluded_full_text", "full_text", "made_up"),
        ("WOS:09", "excluded_appraisal", "appraisal", "low_quality"),
        ("WOS:10", "included", "appraisal", ""),
        ("WOS:11", "awaiting_title_abstract", "title_abstract", ""),
        ("WOS:12", "included", "appraisal", ""),
    ],
    columns=["record_id", "status", "stage", "reason"],
    dtype="string",
)

VERSIONS = pd.DataFrame(
    {
        "record_id": [f"WOS:{n:02d}" for n in range(1, 13)],
        "review_version": ["1"] * 9 + ["2", "2", "1"],
        "is_new": ["False"] * 9 + ["True", "True", "False"],
    },
    dtype="string",
)
"""An update: WOS:10 (included) and WOS:11 (awaiting) are new in version 2."""


def reasons(settings: ScreeningSettings) -> pd.DataFrame:
    return reason_table(settings, appraisal_code="low_quality", appraisal_label="Low quality")


def test_reasons_list_rules_then_each_stage_then_appraisal_in_config_order(settings):
    table = reasons(settings)
    assert [tuple(r) for r in table.itertuples(index=False)] == [
        ("automatic", "year_range", "Published outside 2000-2023"),
        ("automatic", "document_type", "Not an article or review"),
        ("automatic", "language", "Not in English"),
        ("title_abstract", "off_topic", "Not about electronic mentoring"),
        ("retrieval", "no_access", "Full text not accessible"),
        ("full_text", "off_topic", "Not about electronic mentoring"),
        ("full_text", "no_framework_content", "No framework content"),
        ("appraisal", "low_quality", "Low quality"),
    ]


def test_without_an_appraisal_code_there_is_no_appraisal_reason(settings):
    table = reason_table(settings, appraisal_code="", appraisal_label="Low quality")
    assert "appraisal" not in set(table["stage"])


def test_exclusions_are_counted_per_stage_then_count_with_their_labels(settings):
    table = exclusion_table(STATUS, reasons(settings), appraisal_label="Low quality")
    assert [tuple(r) for r in table.itertuples(index=False)] == [
        ("automatic", "language", "Not in English", 2),
        ("automatic", "year_range", "Published outside 2000-2023", 1),
        ("title_abstract", "off_topic", "Not about electronic mentoring", 1),
        ("retrieval", "no_access", "Full text not accessible", 1),
        ("full_text", "made_up", "made_up", 1),  # a code nobody configured shows as itself
        ("full_text", "no_framework_content", "No framework content", 1),
        ("full_text", "off_topic", "Not about electronic mentoring", 1),
        ("appraisal", "low_quality", "Low quality", 1),
    ]


def test_an_appraisal_exclusion_takes_the_appraisal_label_and_a_blank_reason_is_named(settings):
    status = pd.DataFrame(
        {
            "record_id": ["a", "b"],
            "status": ["excluded_appraisal", "excluded_title_abstract"],
            "reason": ["old_code", ""],
        }
    )
    table = exclusion_table(status, reasons(settings), appraisal_label="Low quality")
    assert table[["reason", "label"]].values.tolist() == [
        ["", "(no reason)"],
        ["old_code", "Low quality"],
    ]


def test_nothing_excluded_is_a_header_only_table(settings):
    table = exclusion_table(STATUS.iloc[9:10], reasons(settings), appraisal_label="Low quality")
    assert table.empty
    assert list(table.columns) == ["stage", "reason", "label", "n_publications"]


def test_status_counts_list_every_status_with_the_new_ones_apart():
    table = status_counts(STATUS, VERSIONS).set_index("status")
    assert list(table.index) == list(STATUSES)
    assert table.loc["excluded_automatic", ["n_publications", "n_new_publications"]].tolist() == [
        3,
        0,
    ]
    assert table.loc["included"].tolist() == ["included", 2, 1, 0]
    assert table.loc["awaiting_title_abstract", "n_new_publications"] == 1
    assert table.loc["conflict_full_text", "n_publications"] == 0
    assert int(table["n_publications"].sum()) == 12
    assert int(table["n_new_publications"].sum()) == 2


def test_with_one_version_every_publication_is_new():
    table = status_counts(STATUS, pd.DataFrame())
    assert table["n_new_publications"].tolist() == table["n_publications"].tolist()
    assert table["n_earlier_open"].sum() == 0


def test_publications_of_earlier_versions_still_open_are_counted_and_named():
    # WOS:11, awaiting title/abstract decisions, found by version 1; version 2 found WOS:10
    versions = VERSIONS.assign(
        review_version=["1"] * 9 + ["2", "1", "1"],
        is_new=["False"] * 9 + ["True", "False", "False"],
    )
    table = status_counts(STATUS, versions).set_index("status")
    assert table.loc["awaiting_title_abstract"].tolist() == [
        "awaiting title/abstract decisions",
        1,
        0,
        1,
    ]
    assert int(table["n_earlier_open"].sum()) == 1  # the decided ones are no warning
    lines = earlier_versions_open(table.reset_index(), 2)
    assert lines[0] == (
        "Earlier review versions are not finished: 1 of their publications are still open "
        "(1 awaiting title/abstract decisions)."
    )
    assert lines[3].endswith("remove `review_version: 2` from its")
    assert earlier_versions_open(status_counts(STATUS, VERSIONS), 2) == []


def test_studies_are_numbered_by_year_first_author_and_title():
    numbers = study_numbers(INCLUDED)
    assert numbers["record_id"].tolist() == [W3, W2, W1, W4]
    assert numbers["label"].tolist() == ["S1", "S2", "S3", "S4"]
    assert numbers["review_version"].tolist() == [1, 1, 1, 1]
    assert numbers["is_new"].tolist() == [True, True, True, True]


def test_an_update_numbers_its_new_studies_after_the_previous_ones():
    versions = pd.DataFrame(
        {
            "record_id": [W1, W2, W3, W4],
            "review_version": ["2", "1", "2", "1"],
            "is_new": ["True", "False", "True", "False"],
        }
    )
    numbers = study_numbers(INCLUDED, versions)
    assert numbers["record_id"].tolist() == [W2, W4, W3, W1]
    assert numbers["review_version"].tolist() == [1, 1, 2, 2]
    assert numbers["is_new"].tolist() == [False, False, True, True]


def test_reasons_of_screeners_who_differ_are_each_labelled(settings):
    """Found in a README-only trial: the report's "Reasons for exclusion" showed the codes
    "off_topic; wrong_design" where two screeners excluded one paper for different reasons."""
    status = pd.DataFrame(
        {
            "record_id": ["a"],
            "status": ["excluded_title_abstract"],
            "reason": ["off_topic; made_up"],
        }
    )
    table = exclusion_table(status, reasons(settings), appraisal_label="Low quality")
    assert table[["reason", "label"]].values.tolist() == [
        ["off_topic; made_up", "Not about electronic mentoring; made_up"]
    ]
