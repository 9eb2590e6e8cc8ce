"""The screening queue: model ranking, the stated fallback, and the ASReview LAB round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from metasynth.screen.queue import queue_tables, rank_candidates
from metasynth.screen.settings import QueueSettings

MENTORING = "electronic mentoring of novice teachers online mentor mentee platform"
OTHER = "soil nitrogen uptake in maize under drought stress field trial"


def _world(statuses: list[str], texts: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [f"WOS:{i:04d}" for i in range(len(texts))]
    publications = pd.DataFrame({"record_id": ids, "title": texts, "abstract": texts, "year": 2020})
    status = pd.DataFrame({"record_id": ids, "status": statuses, "stage": "", "reason": ""})
    return publications, status


NO_ONE = pd.DataFrame(
    {"record_id": pd.Series(dtype="string"), "decided_by": pd.Series(dtype="string")}
)


def build_queue(
    publications: pd.DataFrame,
    status: pd.DataFrame,
    awaiting: pd.DataFrame,
    settings: QueueSettings,
    *,
    query: str = "",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(queue, ASReview export), each as one table, from the slices `queue_tables` makes."""
    tables = queue_tables(publications, status, awaiting, settings, query=query)
    return pd.concat(tables.queue, ignore_index=True), pd.concat(tables.export, ignore_index=True)


def test_the_model_ranks_records_like_the_included_ones_first() -> None:
    publications, status = _world(
        [
            "awaiting_retrieval",
            "excluded_title_abstract",
            "awaiting_title_abstract",
            "awaiting_title_abstract",
            "excluded_automatic",
        ],
        [MENTORING, OTHER, OTHER + " again", MENTORING + " programme", MENTORING],
    )
    queue, _ = build_queue(publications, status, NO_ONE, QueueSettings.from_config())
    assert queue["record_id"].tolist() == ["WOS:0003", "WOS:0002"]
    assert queue["rank"].tolist() == ["1", "2"]
    assert queue["rank_method"].iloc[0].startswith("model: svm_nb")


def test_without_decisions_the_queue_falls_back_to_the_review_question() -> None:
    publications, status = _world(
        ["awaiting_title_abstract"] * 3, [OTHER, MENTORING, "mentoring by telephone"]
    )
    queue, _ = build_queue(
        publications,
        status,
        NO_ONE,
        QueueSettings.from_config(),
        query="What is electronic mentoring?",
    )
    assert queue["record_id"].tolist() == ["WOS:0001", "WOS:0002", "WOS:0000"]
    assert queue["rank_method"].iloc[0].startswith("fallback: similarity to the review question")


def test_without_decisions_or_question_the_order_is_by_record_id() -> None:
    publications, status = _world(["awaiting_title_abstract"] * 3, [OTHER, MENTORING, OTHER])
    queue, _ = build_queue(publications, status, NO_ONE, QueueSettings.from_config())
    assert queue["record_id"].tolist() == ["WOS:0000", "WOS:0001", "WOS:0002"]
    assert queue["rank_method"].iloc[0].startswith("fallback: record_id order")


def test_the_asreview_export_labels_settled_publications_only() -> None:
    publications, status = _world(
        ["included", "excluded_title_abstract", "awaiting_title_abstract", "excluded_automatic"],
        [MENTORING, OTHER, MENTORING, OTHER],
    )
    _, export = build_queue(publications, status, NO_ONE, QueueSettings.from_config())
    assert list(export.columns[:3]) == ["record_id", "title", "abstract"]
    assert export[["record_id", "included"]].values.tolist() == [
        ["WOS:0000", "1"],
        ["WOS:0001", "0"],
        ["WOS:0002", ""],
    ]


def test_ranking_real_records_puts_relevant_ones_ahead(shared: Path) -> None:
    """Kitchenham 2010: trained on 300 random records (4 relevant), the top 50 of the other 1,404
    hold 11 of their 41 relevant ones, where 50 read at random would find 1.5."""
    data = pd.read_csv(shared / "screening" / "Kitchenham_2010.csv")
    texts = (data["title"].fillna("") + " " + data["abstract"].fillna("")).tolist()
    relevant = data["label_included"].to_numpy()
    order = np.random.default_rng(0).permutation(len(data))
    train, candidates = order[:300], [int(i) for i in order[300:]]
    labels = {int(i): int(relevant[i]) for i in train}
    ranking = rank_candidates(
        texts,
        labels,
        candidates,
        QueueSettings.from_config(),
        ids=[str(i) for i in range(len(data))],
    )
    top = [candidates[k] for k in ranking.order[:50]]
    assert (int(relevant[train].sum()), int(relevant[candidates].sum())) == (4, 41)
    assert int(relevant[top].sum()) == 11
