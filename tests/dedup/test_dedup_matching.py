"""Which pairs the passes merge, send to review or keep apart (small hand-made records)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from metasynth.dedup import deduplicate
from metasynth.errors import InputError


def cluster_of(result: Any) -> dict[str, str]:
    clusters = result.clusters
    return dict(zip(clusters["record_id"], clusters["cluster_id"], strict=True))


def rule_of(result: Any) -> dict[str, str]:
    clusters = result.clusters
    return dict(zip(clusters["record_id"], clusters["rule"], strict=True))


def review_pairs(result: Any) -> set[tuple[str, str]]:
    return set(zip(result.review["record_id_a"], result.review["record_id_b"], strict=True))


# ----------------------------------------------------------------------------- same id, UT


def test_entries_with_the_same_record_id_collapse_into_one_record(make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:000000000000001", "ut": "WOS:000000000000001"},
            {
                **article,
                "record_id": "WOS:000000000000001",
                "ut": "WOS:000000000000001",
                "source_file": "wos_supplementary/savedrecs.txt",
                "source_line": 7,
            },
        ]
    )
    result = deduplicate(records)
    row = result.clusters.iloc[0]
    assert len(result.clusters) == 1
    assert (row["n_entries"], row["entries"]) == (
        2,
        "savedrecs.txt:1; wos_supplementary/savedrecs.txt:7",
    )
    summary = {(s, k): n for s, k, n in result.summary.itertuples(index=False)}
    assert summary[("rule", "same_id")] == 1
    assert summary[("input", "duplicates_removed")] == 1


def test_same_accession_in_another_case_is_one_record(make_records, article):
    # e.g. an accession number exported in lower case by one tool and upper case by another
    records = make_records(
        [
            {**article, "record_id": "KJD:ART00000000A2", "ut": "KJD:ART00000000A2"},
            {**article, "record_id": "KJD:art00000000a2", "ut": "kjd:art00000000a2"},
        ]
    )
    result = deduplicate(records)
    assert rule_of(result)["KJD:art00000000a2"] == "ut"


def test_an_accession_number_of_an_unknown_database_joins_nothing(make_records, article):
    """Two entries whose `AN` is the same number from databases a file does not name: no UT."""
    records = make_records(
        [
            {**article, "record_id": "h:0123456789abcdef", "ut": "30123456"},
            {**article, "record_id": "h:fedcba9876543210", "ut": "30123456", "title": "Other"},
        ]
    )
    result = deduplicate(records)
    assert set(result.clusters["rule"]) == {"primary"}


# ----------------------------------------------------------------------------- DOI / PMID


def test_same_doi_in_different_spellings_merges(make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:1", "doi": "10.5555/em.2019.1"},
            {
                **article,
                "record_id": "MEDLINE:31234567",
                "doi": "https://doi.org/10.5555/EM.2019.1.",
                "title": "Electronic mentoring of novice nurses",
            },
        ]
    )
    result = deduplicate(records)
    # equally complete: the smaller record_id is the primary
    assert cluster_of(result) == {
        "MEDLINE:31234567": "MEDLINE:31234567",
        "WOS:1": "MEDLINE:31234567",
    }
    assert rule_of(result)["WOS:1"] == "doi"


def test_empty_doi_never_matches(make_records):
    records = make_records(
        [
            {"record_id": "WOS:1", "title": "Mentoring students online in rural schools"},
            {"record_id": "WOS:2", "title": "Peer support networks for new teachers"},
        ]
    )
    result = deduplicate(records)
    assert set(cluster_of(result).values()) == {"WOS:1", "WOS:2"}


def test_doi_copied_onto_an_erratum_links_it_as_a_report(make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:1", "doi": "10.5555/em.2019.1"},
            {
                **article,
                "record_id": "WOS:2",
                "doi": "10.5555/em.2019.1",
                "title": "Erratum: " + article["title"],
                "doc_type": "Correction",
                "pages": "512",
            },
        ]
    )
    result = deduplicate(records)
    # linked to its article as a report of its study (rule report), never merged as a duplicate
    assert (cluster_of(result)["WOS:2"], rule_of(result)["WOS:2"]) == ("WOS:1", "report")
    assert rule_of(result)["WOS:1"] == "primary"


def test_book_doi_on_its_chapters_does_not_merge_them(make_records):
    chapter = {"doi": "10.5555/book.2020", "year": 2020, "source_title": "E-Mentoring Handbook"}
    records = make_records(
        [
            {**chapter, "record_id": "WOS:1", "title": "Designing platforms for online mentoring"},
            {**chapter, "record_id": "WOS:2", "title": "Training mentors for virtual programmes"},
            {**chapter, "record_id": "WOS:3", "title": "Evaluating youth e-mentoring outcomes"},
        ]
    )
    result = deduplicate(records)
    assert set(cluster_of(result).values()) == {"WOS:1", "WOS:2", "WOS:3"}


def test_a_doi_shared_by_more_records_than_max_id_group_joins_nothing(make_records):
    records = make_records(
        [
            {"record_id": f"WOS:{i}", "doi": "10.5555/proc.2021", "title": "Proceedings"}
            for i in range(4)
        ]
    )
    result = deduplicate(records, config={"max_id_group": 3})
    assert len(set(cluster_of(result).values())) == 4
    assert str(result.notices[0]).startswith(
        "doi 10.5555/proc.2021: 4 records carry the DOI 10.5555/proc.2021 (WOS:0, WOS:1, WOS:2, "
        "WOS:3): more than 3 records share it; it joins none of them"
    )


def test_same_pmid_merges(make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:1", "pmid": "31234567"},
            {**article, "record_id": "pmid:31234567", "pmid": "31234567", "volume": ""},
        ]
    )
    assert rule_of(deduplicate(records))["pmid:31234567"] == "pmid"


# ----------------------------------------------------------------------------- fuzzy


def test_title_with_typo_case_and_entities_is_a_fuzzy_duplicate(make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:1"},
            {
                **article,
                "record_id": "WOS:2",
                "title": "ELECTRONIC MENTORING OF NOVICE NURSES &amp; A QUALITATIVE STUDY OF "
                "TRUST ONLNE",
                "source_title": "J Nurs Educ",
                "issn": "",
            },
        ]
    )
    result = deduplicate(records)
    assert rule_of(result)["WOS:2"] == "fuzzy"
    evidence = result.clusters.set_index("record_id").loc["WOS:2", "evidence"]
    assert evidence == "year=; author=; volume=; page=; source="


def test_translation_marker_and_early_access_year_still_match(make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:1"},
            {
                **article,
                "record_id": "WOS:2",
                "title": article["title"] + " [Spanish]",
                "year": 2018,
                "year_source": "EA",
                "volume": "",
                "pages": "",
            },
        ]
    )
    assert cluster_of(deduplicate(records))["WOS:2"] == "WOS:1"


def test_part_1_and_part_2_are_kept_apart(make_records, article):
    title = "E-mentoring in nursing education: a review"
    records = make_records(
        [
            {**article, "record_id": "WOS:1", "title": title + " (Part 1)", "pages": "201-209"},
            {**article, "record_id": "WOS:2", "title": title + " (Part 2)", "pages": "210-219"},
        ]
    )
    result = deduplicate(records)
    assert cluster_of(result)["WOS:2"] == "WOS:2"


@pytest.mark.parametrize("title", ["Editorial", "Introduction", "Erratum", "Correction"])
def test_generic_titles_in_the_same_journal_are_never_merged(make_records, title):
    base = {"title": title, "year": 2020, "source_title": "Mentoring & Tutoring", "volume": "28"}
    records = make_records(
        [
            {**base, "record_id": "WOS:1", "pages": "1-2"},
            {**base, "record_id": "WOS:2", "pages": "145-146"},
        ]
    )
    result = deduplicate(records)
    assert set(cluster_of(result).values()) == {"WOS:1", "WOS:2"}
    assert review_pairs(result) == set()  # another issue's editorial is no question


def test_identical_generic_titles_without_pages_go_to_review_not_merged(make_records):
    base = {"title": "Editor's comments", "year": 2001, "authors": "Lee, AS"}
    base |= {"source_title": "MIS Quarterly", "volume": "25"}
    records = make_records([{**base, "record_id": "WOS:1"}, {**base, "record_id": "WOS:2"}])
    result = deduplicate(records)
    assert set(cluster_of(result).values()) == {"WOS:1", "WOS:2"}
    assert review_pairs(result) == {("WOS:1", "WOS:2")}


def test_reply_to_an_article_is_not_the_article(make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:1"},
            {
                **article,
                "record_id": "WOS:2",
                "title": "Reply to: " + article["title"],
                "authors": "Chen, L",
                "pages": "455",
                "doc_type": "Letter",
            },
        ]
    )
    assert cluster_of(deduplicate(records))["WOS:2"] == "WOS:2"


def test_one_word_substituted_is_two_studies(make_records):
    # Real case (Rathbone haematology): registry entries of two trials by one sponsor
    base = {"authors": "Alexion Pharmaceuticals", "year": 2011}
    records = make_records(
        [
            {
                **base,
                "record_id": "h:1",
                "title": "An open-label multi-center clinical trial of eculizumab in pediatric "
                "patients with atypical hemolytic uremic syndrome",
            },
            {
                **base,
                "record_id": "h:2",
                "title": "An open-label multi-center clinical trial of eculizumab in adult "
                "patients with atypical hemolytic uremic syndrome",
            },
        ]
    )
    result = deduplicate(records)
    assert cluster_of(result)["h:2"] == "h:2"
    assert review_pairs(result) == {("h:1", "h:2")}


def test_same_title_years_apart_is_a_near_miss(make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:1"},
            {**article, "record_id": "WOS:2", "year": 2022, "volume": "61", "pages": "5-13"},
        ]
    )
    result = deduplicate(records)
    assert cluster_of(result)["WOS:2"] == "WOS:2"
    # years apart in another volume: two publications, not a question for a reviewer
    assert review_pairs(result) == set()


def test_same_title_with_a_wrong_year_in_one_export_goes_to_review(make_records, article):
    records = make_records(
        [{**article, "record_id": "WOS:1"}, {**article, "record_id": "WOS:2", "year": 2022}]
    )
    result = deduplicate(records)
    assert cluster_of(result)["WOS:2"] == "WOS:2"
    assert review_pairs(result) == {("WOS:1", "WOS:2")}
    assert result.review.loc[0, "evidence"] == "year≠; author=; volume=; page=; source="


def test_a_record_without_title_is_reviewed_never_merged(make_records, article):
    records = make_records(
        [{**article, "record_id": "WOS:1"}, {**article, "record_id": "WOS:2", "title": ""}]
    )
    result = deduplicate(records)
    assert cluster_of(result)["WOS:2"] == "WOS:2"
    assert review_pairs(result) == {("WOS:1", "WOS:2")}
    assert "no title" in result.review.loc[0, "evidence"]


def test_records_without_year_or_authors_are_compared_without_crashing(make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:1"},
            {**article, "record_id": "WOS:2", "year": None, "authors": ""},
        ]
    )
    result = deduplicate(records)
    # title, volume, page and source agree (support 4): enough without year and authors
    assert cluster_of(result)["WOS:2"] == "WOS:1"


def test_records_without_title_year_and_authors_stay_single(make_records):
    records = make_records([{"record_id": "h:1"}, {"record_id": "h:2"}])
    result = deduplicate(records)
    assert set(cluster_of(result).values()) == {"h:1", "h:2"}


# ----------------------------------------------------------------------------- bad input


def test_a_row_without_record_id_is_an_error_naming_the_entry(make_records):
    records = make_records([{"record_id": "WOS:1"}, {"record_id": "", "source_line": 88}])
    with pytest.raises(InputError, match=r"entry savedrecs.txt:88 has no record_id"):
        deduplicate(records, records_file="results/ingest/records.parquet")


def test_a_table_without_the_title_column_is_an_error(make_records):
    records = make_records([{"record_id": "WOS:1"}]).drop(columns=["title"])
    with pytest.raises(InputError, match="no column"):
        deduplicate(records)


def test_an_unknown_config_key_is_an_error():
    with pytest.raises(InputError, match="title_duplicat"):
        deduplicate(pd.DataFrame(), config={"title_duplicat": 0.9})


def test_one_record_exported_twice_keeps_the_larger_times_cited(make_records, article):
    entry = {**article, "record_id": "WOS:1", "ut": "WOS:1"}
    records = make_records(
        [
            {**entry, "times_cited": 3, "abstract": ""},
            {**entry, "times_cited": 11, "abstract": "Later export.", "source_line": 90},
        ]
    )
    publication = deduplicate(records).publications.iloc[0]
    # counts take the largest (a later export); other fields the first non-empty value
    assert (publication["times_cited"], publication["abstract"]) == (11, "Later export.")


def test_a_chain_joining_two_dois_is_reported(make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:1", "doi": "10.5555/em.1"},
            {**article, "record_id": "WOS:2"},  # no DOI: matches both by title and fields
            {**article, "record_id": "WOS:3", "doi": "10.5555/em.1.erratum"},
        ]
    )
    result = deduplicate(records)
    assert set(cluster_of(result).values()) == {"WOS:1"}
    assert [str(n) for n in result.notices] == [
        "cluster WOS:1: joins records with different DOIs (10.5555/em.1, 10.5555/em.1.erratum); "
        "check it, and split it with a 'distinct' verdict if it is two publications"
    ]


def test_an_empty_records_table_gives_empty_outputs(make_records):
    result = deduplicate(make_records([{"record_id": "WOS:1"}]).iloc[:0])
    assert (len(result.clusters), len(result.publications), len(result.review)) == (0, 0, 0)
    assert result.describe() == (
        "0 records identified -> 0 publications (0 duplicates removed), 0 pair(s) to review"
    )
