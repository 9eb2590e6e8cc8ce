"""The default (synthetic) corpus: its duplicates are found and its near-misses kept apart.

Ground truth from the generator (`build_corpus(seed).truth()` and `.near_misses()`); the records
from ingesting the committed exports under data/raw exactly as the workflow does.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from metasynth.config import load_config
from metasynth.dedup import deduplicate, read_verdicts

synthetic = pytest.importorskip("synthetic.corpus")
ingest = pytest.importorskip("metasynth.ingest")


@pytest.fixture(scope="module")
def corpus() -> Any:
    return synthetic.build_corpus()


@pytest.fixture(scope="module")
def records(root) -> pd.DataFrame:
    config = load_config(root / "config" / "config.yaml")
    files = ingest.discover_exports(root / config["ingest"]["raw_dir"], config["ingest"]["ignore"])
    frame: pd.DataFrame = ingest.read_exports(files).records
    return frame


@pytest.fixture(scope="module")
def result(root, records) -> Any:
    config = load_config(root / "config" / "config.yaml")
    verdicts = root / config["dedup"]["verdicts"]
    return deduplicate(
        records, read_verdicts(verdicts), config["dedup"], verdicts_file=str(verdicts)
    )


@pytest.fixture(scope="module")
def cluster_of(result) -> dict[str, str]:
    return dict(zip(result.clusters["record_id"], result.clusters["cluster_id"], strict=True))


def test_every_true_publication_is_one_cluster(corpus, cluster_of):
    truth = corpus.truth()
    clusters_per_publication = truth.groupby("publication_key")["record_id"].agg(
        lambda ids: len({cluster_of[i] for i in ids})
    )
    assert clusters_per_publication.max() == 1
    assert len(clusters_per_publication) == 1198


def test_no_cluster_holds_two_true_publications(corpus, result):
    """Two publications share a cluster only as an article and the report linked to it."""
    truth = corpus.truth()
    publication_of = dict(zip(truth["record_id"], truth["publication_key"], strict=True))
    reports = result.clusters["rule"] == "report"
    publications_per_cluster = (
        result.clusters[~reports]
        .groupby("cluster_id")["record_id"]
        .agg(lambda ids: len({publication_of[i] for i in ids}))
    )
    assert publications_per_cluster.max() == 1


def test_each_correction_notice_is_linked_to_the_article_it_corrects(corpus, result):
    near = corpus.near_misses()
    corrections = near[near["kind"] == "correction_notice"]
    clusters = result.clusters.set_index("record_id")
    linked = [
        (clusters.loc[notice, "cluster_id"], clusters.loc[notice, "rule"])
        for notice in corrections["record_id_b"]
    ]
    assert linked == [(article, "report") for article in corrections["record_id_a"]]
    assert int((result.clusters["rule"] == "report").sum()) == len(corrections) == 6


@pytest.mark.parametrize(
    ("record_id", "primary", "rule"),
    [
        ("WOS:999231703076138", "WOS:999758735327427", "doi"),  # html entities in the title
        ("WOS:999302694615648", "WOS:999245517448225", "pmid"),  # DOI missing on one side
        ("WOS:999439879330251", "WOS:999387758024944", "doi"),  # corrected title typo
        ("WOS:999677125115690", "WOS:999842607612237", "doi"),  # journal abbreviated
        ("WOS:999549611687901", "WOS:999388325670586", "doi"),  # early access, then final
        ("WOS:999361102053053", "WOS:999288345845393", "fuzzy"),  # meeting abstract, no DOI
        ("WOS:999642341538068", "WOS:999644752777317", "fuzzy"),  # meeting abstract, no DOI
        # meeting abstract with other pages and no subtitle: reviewed, data/dedup/verdicts.csv
        ("WOS:999937796410528", "WOS:999255090314891", "verdict"),
    ],
)
def test_fuzzy_duplicates_join_the_true_primary_by_the_expected_rule(
    result, record_id, primary, rule
):
    clusters = result.clusters.set_index("record_id")
    assert (clusters.loc[record_id, "cluster_id"], clusters.loc[record_id, "rule"]) == (
        primary,
        rule,
    )


def test_exact_duplicates_across_the_two_searches_collapse(corpus, result):
    truth = corpus.truth()
    assert int((result.clusters["n_entries"] == 2).sum()) == int((truth["n_entries"] == 2).sum())
    summary = {(s, k): n for s, k, n in result.summary.itertuples(index=False)}
    assert summary[("rule", "same_id")] == 225


def test_near_misses_are_kept_apart(corpus, cluster_of):
    """Near-misses stay apart; a correction notice is linked to its article as a report (above)."""
    near = corpus.near_misses()
    merged = [
        (a, b, kind)
        for a, b, kind in near[["record_id_a", "record_id_b", "kind"]].itertuples(index=False)
        if cluster_of[a] == cluster_of[b] and kind != "correction_notice"
    ]
    assert len(near) == 20
    assert merged == []


def test_primaries_are_the_records_a_reviewer_would_keep(corpus, result):
    truth = corpus.truth()
    truth_primary = dict(zip(truth["record_id"], truth["primary_record_id"], strict=True))
    primaries = result.clusters.loc[result.clusters["is_primary"], "record_id"]
    assert [p for p in primaries if truth_primary[p] != p] == []


def test_review_queue_is_empty_with_the_shipped_verdicts(result):
    assert result.review.empty


def test_without_verdicts_the_meeting_abstract_waits_for_review(root, records):
    config = load_config(root / "config" / "config.yaml")
    review = deduplicate(records, None, config["dedup"]).review
    assert list(zip(review["record_id_a"], review["record_id_b"], strict=True)) == [
        ("WOS:999255090314891", "WOS:999937796410528")
    ]
    assert review.loc[0, "evidence"] == "year=; author=; volume=; page≠; source=; title contained"
