"""Finding a publication by record_id, DOI, PubMed ID or title: exact, then normalised."""

from __future__ import annotations

import pandas as pd
import pytest

from metasynth.interop.matching import Match, Miss, PublicationIndex

RECORDS = pd.DataFrame(
    {
        "record_id": ["WOS:0001", "SCOPUS:2-s2.0-1", "WOS:0002", "WOS:0003", "PMID:123"],
        "doi": ["10.1000/EM.1", "10.1000/em.1", "10.1000/sup", "10.1000/sup", ""],
        "pmid": ["", "", "", "", "123"],
        "title": [
            "E-mentoring of novice teachers",
            "E-Mentoring of Novice Teachers.",
            "Abstracts of the annual meeting",
            "Abstracts of the annual meeting",
            "Virtual mentoring [Review]",
        ],
    }
)
# SCOPUS:2-s2.0-1 is a duplicate of WOS:0001; WOS:0002 and WOS:0003 share a supplement's DOI.
MEMBERS = {
    "WOS:0001": "WOS:0001",
    "SCOPUS:2-s2.0-1": "WOS:0001",
    "WOS:0002": "WOS:0002",
    "WOS:0003": "WOS:0003",
    "PMID:123": "PMID:123",
}


@pytest.fixture
def index() -> PublicationIndex:
    return PublicationIndex(RECORDS, MEMBERS)


def test_a_record_id_names_its_publication_a_lower_case_prefix_too(
    index: PublicationIndex,
) -> None:
    assert index.find({"record_id": "SCOPUS:2-s2.0-1"}) == Match(
        "WOS:0001", "SCOPUS:2-s2.0-1", "record_id"
    )
    assert index.find({"record_id": "wos:0002"}) == Match(
        "WOS:0002", "WOS:0002", "record_id (prefix case)"
    )


def test_a_doi_matches_in_its_normal_form(index: PublicationIndex) -> None:
    found = index.find({"doi": "https://doi.org/10.1000/em.1."})
    assert isinstance(found, Match) and found.publication_id == "WOS:0001"


def test_a_doi_of_two_publications_matches_neither(index: PublicationIndex) -> None:
    found = index.find({"doi": "10.1000/sup"})
    assert found == Miss(
        "doi '10.1000/sup' names 2 publications (WOS:0002, WOS:0003); give the record_id"
    )


def test_a_title_matches_exactly_then_by_its_key(index: PublicationIndex) -> None:
    assert index.find({"title": "Virtual mentoring [Review]"}) == Match(
        "PMID:123", "PMID:123", "title"
    )
    found = index.find({"title": "virtual MENTORING"})
    assert found == Match("PMID:123", "PMID:123", "title (normalised)")


def test_keys_naming_two_publications_match_nothing(index: PublicationIndex) -> None:
    found = index.find({"doi": "10.1000/em.1", "title": "Virtual mentoring"})
    assert found == Miss(
        "the row's keys name different publications (doi → WOS:0001, title → PMID:123)"
    )


def test_a_key_that_misses_beside_one_that_matches_is_reported(index: PublicationIndex) -> None:
    found = index.find({"record_id": "WOS:9999", "pmid": "123"})
    assert found == Match(
        "PMID:123", "PMID:123", "pmid", "no record has record_id 'WOS:9999', but its pmid matched"
    )


def test_a_row_without_keys_is_a_miss(index: PublicationIndex) -> None:
    assert index.find({"doi": " ", "title": ""}) == Miss(
        "the row has no record_id, DOI, PubMed ID or title"
    )
