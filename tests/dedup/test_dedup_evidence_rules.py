"""The evidence rules a careful deduplicator uses, on real pairs from the labelled sets.

Each rule has a real pair from ../shared/fixtures/dedup that it now joins (by record_id, with
the evidence a reviewer reads) and a near-miss that must stay apart: author lists with names
swapped or reordered, sources named by acronym, edition or parallel title, notices recognised
by their citation, a title with and without its subtitle, one citation under a translated
title, a typo in a first page, and an issue column that holds record numbers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

from metasynth.config import load_config
from metasynth.dedup import DedupResult, deduplicate
from metasynth.dedup.prepare import (
    issues_are_record_numbers,
    split_title,
    title_numbers,
)
from metasynth.dedup.settings import DedupSettings

ROOT = Path(__file__).resolve().parents[2]
CONFIG = load_config(ROOT / "config" / "config.yaml")


@pytest.fixture(scope="module")
def labelled(bench: ModuleType) -> Any:
    """A labelled set as a records table, read once per module."""

    @cache
    def records(name: str) -> pd.DataFrame:
        table: pd.DataFrame = bench.to_records(name)[0]
        return table

    return records


@pytest.fixture(scope="module")
def whole_set(labelled: Any) -> Any:
    """The shipped configuration's result on a whole labelled set, computed once."""

    @cache
    def result(name: str) -> DedupResult:
        return deduplicate(labelled(name), None, CONFIG)

    return result


def dedup_records(labelled: Any, name: str, *record_ids: str) -> DedupResult:
    """Deduplicate just these records of a labelled set (shipped configuration)."""
    records = labelled(name)
    return deduplicate(records[records["record_id"].isin(record_ids)], None, CONFIG)


def link(result: DedupResult, record_id: str) -> tuple[str, str, str]:
    """(cluster_id, rule, evidence) of a record."""
    row = result.clusters.set_index("record_id").loc[record_id]
    return str(row["cluster_id"]), str(row["rule"]), str(row["evidence"])


def cluster_ids(result: DedupResult) -> set[str]:
    return set(result.clusters["cluster_id"])


def review_evidence(result: DedupResult) -> dict[tuple[str, str], str]:
    review = result.review
    return {
        (a, b): e
        for a, b, e in zip(
            review["record_id_a"], review["record_id_b"], review["evidence"], strict=True
        )
    }


# ------------------------------------------------------------------------------ notices


def test_a_correction_titled_with_its_article_citation_is_a_notice(labelled):
    # "... (vol 142, pg 310, 2003)" on page 616 joins the erratum of page 616, not the article
    # of pages 310-317 (once a false merge)
    result = dedup_records(
        labelled, "rathbone2015/haematology", "id_0000018", "id_0000020", "id_0000021"
    )
    assert link(result, "id_0000021") == (
        "id_0000020",
        "fuzzy",
        "year=; author=; volume=; page=; source=; generic title",
    )
    assert link(result, "id_0000018")[0] == "id_0000018"
    assert review_evidence(result) == {
        ("id_0000018", "id_0000021"): ("year=; author=; volume=; issue≠; page≠; source=; notice≠")
    }


def test_an_article_noting_an_erratum_stays_apart_from_its_title_on_other_pages(labelled):
    # "...1q32.[Erratum appears in Hu" (pages 703-712) and the unmarked erratum on page 1107
    result = dedup_records(labelled, "rathbone2015/haematology", "id_0001122", "id_0001125")
    assert cluster_ids(result) == {"id_0001122", "id_0001125"}
    assert review_evidence(result)[("id_0001122", "id_0001125")].endswith("erratum noted")


def test_an_erratum_note_and_a_page_that_is_no_page_still_match(labelled):
    # pages "2665-2668" / "t-8" (a mangled cell): not another page
    result = dedup_records(labelled, "rathbone2015/cytology_screening", "id_0000105", "id_0000106")
    assert link(result, "id_0000106") == ("id_0000105", "fuzzy", "year=; author=; volume=; source=")


def test_a_cut_off_note_is_no_part_of_the_title(labelled):
    # "...Uremic Syndrome.[Erratum appears in ...[added]].[Erratum" (cut off by the export)
    result = dedup_records(labelled, "rathbone2015/haematology", "id_0000052", "id_0000117")
    assert link(result, "id_0000117") == (
        "id_0000052",
        "fuzzy",
        "year=; author≠; volume=; page=; source=",
    )
    assert split_title("Syndrome.[Erratum appears in Am J") == ("Syndrome", "")


def test_a_number_grouped_in_thousands_is_one_number(labelled):
    # "among 10 000 women" / "among 10000 women"
    result = dedup_records(labelled, "rathbone2015/cytology_screening", "id_0001239", "id_0001240")
    assert link(result, "id_0001240") == ("id_0001239", "fuzzy", "year=; author=; volume=; page=")
    assert title_numbers("360 (542-544)") == {"360", "542", "544"}


def test_other_numbers_grouped_in_thousands_stay_apart(make_records, article):
    title = "Mentoring online: a survey of {} nurses"
    records = make_records(
        [
            {**article, "record_id": "WOS:1", "title": title.format("10 000")},
            {**article, "record_id": "WOS:2", "title": title.format("12,000")},
        ]
    )
    assert cluster_ids(deduplicate(records, None, CONFIG)) == {"WOS:1", "WOS:2"}


# ------------------------------------------------------------------------------ issues


def test_an_issue_column_of_record_numbers_is_not_compared(whole_set):
    # respiratory's "number" runs 1..1988, one per record: a record number, not an issue
    result = whole_set("rathbone2015/respiratory")
    assert [(n.element, n.severity) for n in result.notices] == [("column issue", "info")]
    clusters = result.clusters.set_index("record_id")["cluster_id"]
    # "Response to radiofrequency ablation ..." twice, in "issues" 1635 and 1636
    assert clusters["id_0000405"] == clusters["id_0000404"]


def test_an_issue_column_of_issues_is_compared(whole_set):
    assert whole_set("rathbone2015/haematology").notices == []


def test_record_numbers_are_told_from_issues():
    settings = DedupSettings.from_config({"issue_min_records": 20})
    assert issues_are_record_numbers([str(n) for n in range(1, 41)], settings)
    assert not issues_are_record_numbers([str(n % 12 + 1) for n in range(40)], settings)
    assert not issues_are_record_numbers([str(n) for n in range(1, 11)], settings)


# ------------------------------------------------------------------------------ original title


def test_a_tagged_original_title_is_compared_as_the_original(labelled):
    # "Antibiotic ... A randomized study. <ORIGINAL> PROPHYLAXIE ANTIBIOTIQUE ..." / the English
    # translation in brackets
    result = dedup_records(labelled, "rathbone2015/respiratory", "id_0000229", "id_0000230")
    assert link(result, "id_0000230") == (
        "id_0000229",
        "fuzzy",
        "year=; author=; volume=; issue≠; page=; source=",
    )
    assert split_title("Title. <ORIGINAL> TITRE") == ("Title.", "TITRE")
