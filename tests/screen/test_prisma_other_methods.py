"""PRISMA 2020's two columns: databases and registers, and identification via other methods.

The small review of test_prisma (25 publications from WOS and Scopus) plus a register run and
citation searching: four publications found only by citation searching (one included, one not
retrieved, one excluded at full text, one awaiting retrieval), one citation-searched record of a
publication WOS found (a duplicate, not a second study) and a website record of one of the four.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from test_prisma import LABELS, _world  # tests/screen is on sys.path

from metasynth.screen.prisma import count_prisma, other_methods_publications
from metasynth.screen.prisma_checks import PrismaInvariantError, check_invariants
from metasynth.screen.prisma_table import OTHER_METHODS_KEYS, from_frame, to_frame

CITED = {
    "cited_included": ("included", ""),
    "cited_lost": ("not_retrieved", "not_found"),
    "cited_off_topic": ("excluded_full_text", "off_topic"),
    "cited_waiting": ("awaiting_retrieval", ""),
}


def _two_columns() -> tuple[pd.DataFrame, pd.DataFrame]:
    entries, status = _world()
    entries["source_type"] = "database"
    # two WOS publications were also found in a trial register
    register = entries.iloc[:2].assign(database="ClinicalTrials.gov", search_run="ctgov")
    register["source_type"] = "register"
    register["record_id"] = ["NCT01", "NCT02"]
    cited = pd.DataFrame(
        {
            "record_id": [*CITED, "cited_wos_duplicate", "web_included"],
            "publication_id": [*CITED, "included00", "cited_included"],
            "database": "Backward citation searching",
            "search_run": "backward",
            "source_type": "citation_searching",
        }
    )
    cited.loc[5, ["database", "search_run", "source_type"]] = ["Website", "web", "website"]
    own = pd.DataFrame([{"record_id": k, "status": s, "reason": r} for k, (s, r) in CITED.items()])
    return pd.concat([entries, register, cited], ignore_index=True), pd.concat(
        [status, own], ignore_index=True
    )


def _counts():
    entries, status = _two_columns()
    return count_prisma(entries, status, full_text_labels=LABELS, appraisal_label="Low quality")


def test_publications_found_only_by_other_methods() -> None:
    entries, _ = _two_columns()
    assert other_methods_publications(entries) == frozenset(CITED)


def test_the_left_column_counts_databases_and_registers_only() -> None:
    c = _counts()
    assert (c.identified, c.duplicates, c.screened, c.included) == (30, 5, 21, 5)
    assert c.identified_by_database == (("WOS", 25), ("Scopus", 3))
    assert c.identified_by_register == (("ClinicalTrials.gov", 2),)


def test_the_other_methods_column_follows_the_states() -> None:
    c = _counts()
    assert c.other_identified == (("website", 1), ("citation_searching", 5))
    # the citation-searched record of a WOS publication and the website record of a cited one
    assert c.other_duplicates == 2
    assert (c.other_sought, c.other_not_retrieved, c.other_pending_retrieval) == (4, 1, 1)
    assert (c.other_assessed, c.other_excluded_full_text) == (
        2,
        (("Not about electronic mentoring", 1),),
    )
    assert (c.other_included, c.new_studies, c.total_studies) == (1, 6, 6)


def test_both_columns_add_up() -> None:
    entries, status = _two_columns()
    counts = _counts()
    checks = check_invariants(counts, entries, status)
    assert checks["holds"].tolist() == ["yes"] * len(checks)
    assert {
        "other methods: identification",
        "other methods: retrieval",
        "other methods: eligibility",
        "new studies",
        "other methods: sought",
    } <= set(checks["check"])


def test_an_other_methods_count_that_does_not_add_up_stops_the_run() -> None:
    entries, status = _two_columns()
    broken = dataclasses.replace(_counts(), other_assessed=3)
    with pytest.raises(PrismaInvariantError, match=r"retrieval.*gives 2, expected 3"):
        check_invariants(broken, entries, status)


def test_the_template_rows_carry_both_columns() -> None:
    values = dict(zip(*to_frame(_counts()).to_dict("list").values(), strict=True))
    assert {
        k: values[k]
        for k in (
            "database_results",
            "register_results",
            "register_specific_results",
            "website_results",
            "organisation_results",
            "citations_results",
            "other_sought_reports",
            "other_notretrieved_reports",
            "other_assessed",
            "other_excluded",
            "new_studies",
        )
    } == {
        "database_results": "28",
        "register_results": "2",
        "register_specific_results": "ClinicalTrials.gov, 2",
        "website_results": "1",
        "organisation_results": "0",
        "citations_results": "5",
        "other_sought_reports": "4",
        "other_notretrieved_reports": "1",
        "other_assessed": "2",
        "other_excluded": "Not about electronic mentoring, 1",
        "new_studies": "6",
    }
    assert values["metasynth_other_duplicates"] == "2"
    assert values["metasynth_other_new_studies"] == "1"


def test_the_csv_reads_back_to_the_same_counts() -> None:
    counts = _counts()
    assert from_frame(to_frame(counts), file="prisma_counts.csv") == counts


def test_a_review_without_other_methods_writes_no_other_methods_rows() -> None:
    entries, status = _world()
    counts = count_prisma(entries, status, full_text_labels=LABELS)
    assert not set(OTHER_METHODS_KEYS) & set(to_frame(counts)["data"])
