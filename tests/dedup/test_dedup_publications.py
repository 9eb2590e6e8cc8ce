"""Link, don't delete: clusters, the primary record, filled fields and the summary."""

from __future__ import annotations

import pandas as pd

from metasynth.dedup import deduplicate, write_outputs
from metasynth.dedup.prepare import MATCH_COLUMNS, collapse_entries, entry_groups, join_columns
from metasynth.tables import read_table, table_columns, write_table


def three_exports(make_records, article) -> pd.DataFrame:
    """One article as a meeting abstract, an early-access record and the final article."""
    return make_records(
        [
            {
                **article,
                "record_id": "WOS:000000000000003",
                "doc_type": "Article; Early Access",
                "year": 2019,
                "year_source": "EA",
                "volume": "",
                "issue": "",
                "pages": "",
                "doi": "10.5555/em.3",
                "abstract": "Early-access abstract.",
                "times_cited": 9,
                "database": "WOS",
            },
            {
                **article,
                "record_id": "WOS:000000000000002",
                "doi": "10.5555/em.3",
                "abstract": "Final abstract.",
                "times_cited": 4,
                "database": "WOS",
                "search_run": "wos-2024",
            },
            {
                **article,
                "record_id": "MEDLINE:31234567",
                "pmid": "31234567",
                "doi": "10.5555/em.3",
                "abstract": "",
                "publisher": "Slack Inc",
                "database": "MEDLINE",
                "search_run": "medline-2024",
            },
        ]
    )


def test_the_most_complete_record_is_primary(make_records, article):
    result = deduplicate(three_exports(make_records, article))
    primaries = result.clusters[result.clusters["is_primary"]]
    assert list(primaries["record_id"]) == ["WOS:000000000000002"]


def test_equally_complete_records_go_to_the_smallest_record_id(make_records, article):
    twins = make_records(
        [
            {**article, "record_id": "WOS:000000000000009", "doi": "10.5555/em.9"},
            {**article, "record_id": "WOS:000000000000008", "doi": "10.5555/em.9"},
        ]
    )
    result = deduplicate(twins)
    assert set(result.clusters["cluster_id"]) == {"WOS:000000000000008"}


def test_clusters_keep_every_record_with_rule_score_and_match(make_records, article):
    clusters = deduplicate(three_exports(make_records, article)).clusters
    assert set(clusters["cluster_id"]) == {"WOS:000000000000002"}
    assert clusters[["record_id", "is_primary", "rule", "score", "matched_to"]].to_dict(
        "records"
    ) == [
        {
            "record_id": "WOS:000000000000002",
            "is_primary": True,
            "rule": "primary",
            "score": "",
            "matched_to": "",
        },
        {
            "record_id": "MEDLINE:31234567",
            "is_primary": False,
            "rule": "doi",
            "score": "1.000",
            "matched_to": "WOS:000000000000002",
        },
        {
            "record_id": "WOS:000000000000003",
            "is_primary": False,
            "rule": "doi",
            "score": "1.000",
            "matched_to": "WOS:000000000000002",
        },
    ]


def test_empty_fields_of_the_primary_are_filled_and_noted(make_records, article):
    publication = deduplicate(three_exports(make_records, article)).publications.iloc[0]
    assert (publication["pmid"], publication["publisher"]) == ("31234567", "Slack Inc")
    assert publication["filled_from"] == (
        "pmid=MEDLINE:31234567; times_cited=WOS:000000000000003; publisher=MEDLINE:31234567"
    )


def test_times_cited_is_the_largest_count_of_the_cluster(make_records, article):
    publication = deduplicate(three_exports(make_records, article)).publications.iloc[0]
    assert publication["times_cited"] == 9


def test_times_cited_primary_keeps_the_primary_count(make_records, article):
    records = three_exports(make_records, article)
    publication = deduplicate(records, config={"times_cited": "primary"}).publications.iloc[0]
    assert publication["times_cited"] == 4
    assert "times_cited" not in publication["filled_from"]


def test_publication_lists_members_databases_and_search_runs(make_records, article):
    publication = deduplicate(three_exports(make_records, article)).publications.iloc[0]
    assert publication["member_record_ids"] == (
        "WOS:000000000000002; MEDLINE:31234567; WOS:000000000000003"
    )
    assert (publication["databases"], publication["search_runs"]) == (
        "MEDLINE; WOS",
        "medline-2024; wos-2024",
    )
    assert publication["n_entries"] == 3


def test_summary_counts_rules_databases_and_queue(make_records, article):
    summary = deduplicate(three_exports(make_records, article)).summary
    counts = {(s, k): n for s, k, n in summary.itertuples(index=False)}
    assert counts[("input", "entries")] == 3
    assert counts[("input", "publications")] == 1
    assert counts[("input", "duplicates_removed")] == 2
    assert counts[("rule", "doi")] == 2
    assert (counts[("database_identified", "MEDLINE")], counts[("database_identified", "WOS")]) == (
        1,
        2,
    )
    assert counts[("database_publications", "WOS")] == 1
    assert counts[("review", "queue")] == 0


def test_outputs_are_byte_identical_across_runs_and_input_order(tmp_path, make_records, article):
    records = three_exports(make_records, article)
    write_outputs(deduplicate(records), tmp_path / "one")
    write_outputs(deduplicate(records.iloc[::-1].reset_index(drop=True)), tmp_path / "two")
    for name in ("clusters.csv", "review.csv", "summary.csv", "publications.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_publications_parquet_keeps_the_records_columns_and_types(tmp_path, make_records, article):
    records = three_exports(make_records, article)
    write_outputs(deduplicate(records), tmp_path)
    publications = read_table(tmp_path / "publications.parquet")
    assert list(publications.columns) == [
        *records.columns,
        "n_entries",
        "member_record_ids",
        "databases",
        "search_runs",
        "filled_from",
    ]
    assert str(publications["year"].dtype) == "Int64"
    assert str(publications["title"].dtype) == "string"


def test_columns_collapsed_apart_are_those_of_the_whole_table(make_records, article):
    """Deduplication reads the columns matching uses first and the others later, each
    collapsed on its own: the same row per record_id as collapsing the whole table."""
    records = make_records(
        [
            {**article, "record_id": "WOS:000000000000001", "times_cited": 3},
            {**article, "record_id": "WOS:000000000000002", "author_keywords": "trust"},
            # the first record again, from a later search: keywords and a larger count
            {**article, "record_id": "WOS:000000000000001", "author_keywords": "mentoring",
             "times_cited": 7, "abstract": "Later abstract.", "search_run": "wos-2025"},
        ]
    )  # fmt: skip
    largest = ("times_cited", "times_cited_all")
    whole = collapse_entries(records, largest=largest)
    groups = entry_groups(records)
    matching = collapse_entries(records[[*MATCH_COLUMNS]], largest=largest, groups=groups)
    assert "author_keywords" not in matching
    joined = join_columns(matching, table_columns(records), groups, largest)
    pd.testing.assert_frame_equal(joined, whole)
    assert joined["author_keywords"].tolist() == ["mentoring", "trust"]
    assert joined["times_cited"].tolist() == [7, pd.NA]


def test_a_records_file_deduplicates_as_its_table(tmp_path, make_records, article):
    records = three_exports(make_records, article)
    write_table(records, tmp_path / "records.parquet")
    write_outputs(deduplicate(records), tmp_path / "table")
    write_outputs(deduplicate(table_columns(tmp_path / "records.parquet")), tmp_path / "file")
    for name in ("clusters.csv", "review.csv", "summary.csv", "publications.csv"):
        assert (tmp_path / "table" / name).read_bytes() == (tmp_path / "file" / name).read_bytes()
