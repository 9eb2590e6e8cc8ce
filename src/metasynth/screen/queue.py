"""The title/abstract screening queue: undecided records ranked by a model of the decisions so far.

Inputs: the publications (title, abstract, keywords...), the record states (`status.csv`), the
open items (`awaiting.csv`: who has already decided) and the queue settings.

Ranking: TF-IDF of title + abstract + keywords (hashed word 1..`ngram_max`-grams, sublinear tf,
fitted on every screened publication, as ASReview does) and a scikit-learn model (`model`) trained
on the settled title/abstract outcomes: a publication that passed title/abstract (any status from
awaiting_retrieval on) is a positive, one with `excluded_title_abstract` a negative, the positives
given `positive_ratio` times the negatives' total weight. Publications found by other methods only
(citation searching...) skip title/abstract screening (PRISMA 2020): they are neither screened
rows, nor training data, nor in the ASReview export, so "trained on N included" counts the
reviewers' title/abstract includes alone. The default `svm_nb` is the weighted
mean rank of a linear SVM and multinomial naive Bayes; benchmarks/bench_screen.py compares it with
ASReview LAB's default and the single models. Publications still awaiting a title/abstract
decision are ranked by score, highest first; ties by record_id.

Fallback, stated in the `rank_method` column: with fewer than `min_included` positives or
`min_excluded` negatives there is nothing to learn from, so the queue is ordered by TF-IDF cosine
similarity to the review question (`project.review_question`), then by record_id; without a
review question, by record_id alone.

Outputs: `queue.csv` (rank, record_id, score, rank_method, who already decided, bibliographic
fields) and an ASReview-LAB-compatible export of every screened publication (`record_id, title,
abstract, keywords, authors, year, doi, included` with 1/0 for settled outcomes and empty for
the rest). `metasynth.interop.asreview` reads ASReview LAB's export of it back as decisions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import rankdata
from sklearn.linear_model import LogisticRegression
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.naive_bayes import MultinomialNB
from sklearn.svm import LinearSVC

from metasynth.screen import STATUSES
from metasynth.screen.features import SLICE_ROWS, QueueFeatures, texts_at
from metasynth.screen.settings import QueueSettings
from metasynth.text import as_text

PASSED_TITLE_ABSTRACT = STATUSES[4:]
"""Statuses of publications included at title/abstract (positives for the model)."""

QUEUE_COLUMNS = [
    "rank",
    "record_id",
    "score",
    "rank_method",
    "decided_by",
    "title",
    "year",
    "authors",
    "source_title",
    "doi",
    "keywords",
    "abstract",
]
ASREVIEW_COLUMNS = [
    "record_id",
    "title",
    "abstract",
    "keywords",
    "authors",
    "year",
    "doi",
    "included",
]


TEXT_COLUMNS = ("title", "abstract", "author_keywords", "keywords_plus", "keywords")
"""The publications' columns the model reads."""

PUBLICATION_COLUMNS = ("record_id", *TEXT_COLUMNS, "authors", "year", "doi", "source_title")
"""The publications' columns the queue and the ASReview export are made from."""


def document_text(frame: pd.DataFrame) -> list[str]:
    """Title, abstract and keywords of each row, joined: the text the model reads."""
    present = [c for c in TEXT_COLUMNS if c in frame.columns]
    return (
        [
            " ".join(as_text(v) for v in values)
            for values in zip(*(frame[c].tolist() for c in present), strict=True)
        ]
        if present
        else [""] * len(frame)
    )


def sample_weights(labels: np.ndarray, positive_ratio: float) -> np.ndarray | None:
    """Weights giving the included class `positive_ratio` times the total weight of the excluded.

    Included records are rare (often 1-5 %), and missing one costs more than reading an extra
    irrelevant one; ratio 1 is scikit-learn's "balanced", 0 switches re-weighting off.
    """
    if positive_ratio <= 0:
        return None
    n_pos, n_neg = int((labels == 1).sum()), int((labels == 0).sum())
    weights = np.where(labels == 1, 1.0, n_pos / (positive_ratio * n_neg)).astype(np.float64)
    return np.asarray(weights * (len(labels) / weights.sum()), dtype=np.float64)


def score_records(
    features: QueueFeatures, labelled: np.ndarray, labels: np.ndarray, settings: QueueSettings
) -> np.ndarray:
    """Relevance scores for every row from a classifier trained on the labelled rows: the model
    learns from the labelled rows' features alone and scores the rows a slice at a time."""
    x_train, y_train = features.rows(labelled), labels
    weights = sample_weights(y_train, settings.positive_ratio)
    if settings.model == "svm_nb":
        # Two views of the same features: the SVM's margin and naive Bayes' word likelihoods
        # disagree most on the hard, late-found relevant records; averaging their ranks keeps
        # both (benchmarks/bench_screen.py).
        svm = LinearSVC(C=settings.c, random_state=0).fit(x_train, y_train, sample_weight=weights)
        bayes = MultinomialNB(alpha=settings.nb_alpha).fit(x_train, y_train, sample_weight=weights)
        svm_rank = rankdata(features.scores(svm.decision_function))
        bayes_rank = rankdata(features.scores(lambda x: bayes.predict_log_proba(x)[:, 1]))
        weight = settings.svm_weight
        combined = (weight * svm_rank + bayes_rank) / ((weight + 1) * features.n_rows)
        return np.asarray(combined, dtype=np.float64)
    if settings.model == "linear_svm":
        svm = LinearSVC(C=settings.c, random_state=0)
        svm.fit(x_train, y_train, sample_weight=weights)
        return features.scores(svm.decision_function)
    if settings.model == "naive_bayes":
        bayes = MultinomialNB(alpha=settings.nb_alpha)
        bayes.fit(x_train, y_train, sample_weight=weights)
        return features.scores(lambda x: bayes.predict_log_proba(x)[:, 1])
    logistic = LogisticRegression(C=settings.c, solver="liblinear", random_state=0, max_iter=1000)
    logistic.fit(x_train, y_train, sample_weight=weights)
    return features.scores(logistic.decision_function)


@dataclass(frozen=True)
class Ranking:
    """Scores of the candidates and how they were obtained."""

    order: np.ndarray  # candidate positions, best first
    scores: np.ndarray
    method: str


def queue_features(
    texts: Sequence[str], settings: QueueSettings, query: str = ""
) -> tuple[QueueFeatures, sparse.csr_matrix | None]:
    """The features of `texts`, kept whole, and the review question's in the same fit (None
    without one): computed once, they serve every later ranking of the same texts
    (`rank_features`). The question is not part of the fit, so the model's features are
    exactly those that benchmarks/bench_screen.py measures."""
    features = QueueFeatures(len(texts), texts_at(texts), settings, keep_matrix=True)
    return features, question_features(features, query)


def question_features(features: QueueFeatures, query: str) -> sparse.csr_matrix | None:
    return features.transform([query]) if query.strip() else None


def rank_candidates(
    texts: Sequence[str],
    labels: Mapping[int, int],
    candidates: Sequence[int],
    settings: QueueSettings,
    *,
    ids: Sequence[str],
    query: str = "",
) -> Ranking:
    """Rank the `candidates` (row positions in `texts`) from the labelled rows (position → 0/1)."""
    features = QueueFeatures(len(texts), texts_at(texts), settings)
    query_vector = question_features(features, query)
    return rank_features(features, query_vector, labels, candidates, settings, ids=ids)


def rank_features(
    features: QueueFeatures,
    query_vector: sparse.csr_matrix | None,
    labels: Mapping[int, int],
    candidates: Sequence[int],
    settings: QueueSettings,
    *,
    ids: Sequence[str],
) -> Ranking:
    """Rank the `candidates` (row positions of `features`) from the labelled rows (position →
    0/1): the workflow's queue (`queue_tables`), and the screening app, which keeps the
    features for a session and re-ranks as decisions come in."""
    n_included = sum(1 for v in labels.values() if v == 1)
    n_excluded = len(labels) - n_included
    candidate_index = np.asarray(candidates, dtype=np.int64)
    if n_included >= settings.min_included and n_excluded >= settings.min_excluded:
        labelled = np.asarray(sorted(labels), dtype=np.int64)
        y = np.asarray([labels[i] for i in labelled], dtype=np.int64)
        scores = score_records(features, labelled, y, settings)[candidate_index]
        method = (
            f"model: {settings.model} on TF-IDF 1-{settings.ngram_max}-grams, trained on "
            f"{n_included} included and {n_excluded} excluded"
        )
    elif query_vector is not None:
        scores = features.scores(
            lambda x: cosine_similarity(x, query_vector).ravel(), candidate_index
        )
        method = (
            f"fallback: similarity to the review question ({n_included} included, "
            f"{n_excluded} excluded so far; the model needs {settings.min_included} and "
            f"{settings.min_excluded})"
        )
    else:
        scores = np.zeros(len(candidate_index))
        method = "fallback: record_id order (no decisions to learn from and no review question)"
    candidate_ids = np.asarray([ids[i] for i in candidate_index], dtype=object)
    # Highest score first, ties by record_id: np.lexsort sorts by the last key first.
    order = np.lexsort((candidate_ids, -np.round(scores, 12)))
    return Ranking(order=order, scores=scores, method=method)


def training_labels(
    status: pd.DataFrame, other_methods: frozenset[str] = frozenset()
) -> dict[str, int]:
    """record_id → 1 (passed title/abstract) or 0 (excluded there), for settled publications;
    none for those found by other methods only (`other_methods`), which no one screened."""
    labels: dict[str, int] = {}
    for record_id, value in zip(status["record_id"], status["status"], strict=True):
        if str(record_id) in other_methods:
            continue
        if value in PASSED_TITLE_ABSTRACT:
            labels[str(record_id)] = 1
        elif value == "excluded_title_abstract":
            labels[str(record_id)] = 0
    return labels


def screened_publications(
    publications: pd.DataFrame, status: pd.DataFrame, other_methods: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """The publications that entered title/abstract screening (not excluded automatically, not
    found by other methods only), sorted by record_id: the rows the queue model is fitted on."""
    rows = screened_rows(publications, status, other_methods)
    pubs = publications.iloc[rows]
    return pubs.assign(record_id=pubs["record_id"].astype(str)).reset_index(drop=True)


def screened_rows(
    publications: pd.DataFrame, status: pd.DataFrame, other_methods: frozenset[str] = frozenset()
) -> np.ndarray:
    """The positions in `publications` of `screened_publications`, in its order (a million
    publications' fields copied in that order would take gigabytes)."""
    screened_ids = status[status["status"] != "excluded_automatic"]["record_id"].astype(str)
    entered = set(screened_ids) - other_methods
    ids = publications["record_id"].astype(str).reset_index(drop=True)
    return np.asarray(ids[ids.isin(entered)].sort_values().index, dtype=np.int64)


def keywords_text(frame: pd.DataFrame) -> list[str]:
    parts = [c for c in ("author_keywords", "keywords_plus") if c in frame.columns]
    return (
        [
            "; ".join(as_text(v) for v in values if as_text(v))
            for values in zip(*(frame[c].tolist() for c in parts), strict=True)
        ]
        if parts
        else [""] * len(frame)
    )


@dataclass(frozen=True)
class QueueTables:
    """The queue and the ASReview export, as slices of rows made as they are written
    (`tables.write_csv_slices`): the Python strings of every row's fields at once would take
    gigabytes for a million publications."""

    n_queued: int
    method: str
    queue: Iterator[pd.DataFrame]
    export: Iterator[pd.DataFrame]


def queue_tables(
    publications: pd.DataFrame,
    status: pd.DataFrame,
    awaiting: pd.DataFrame,
    settings: QueueSettings,
    *,
    query: str = "",
    other_methods: frozenset[str] = frozenset(),
    slice_rows: int = SLICE_ROWS,
) -> QueueTables:
    """The queue and the ASReview export for the publications that entered title/abstract
    screening (`other_methods`: those found by other methods only, which did not). Texts,
    features and rows are made a slice of publications at a time; what the whole corpus keeps
    is the publications' fields and a score each (a million records: docs/benchmarks.md). The
    tables are the same whatever `slice_rows`."""
    rows = screened_rows(publications, status, other_methods)
    ids = publications["record_id"].astype(str).to_numpy()[rows].tolist()

    def pubs(positions: np.ndarray | slice) -> pd.DataFrame:
        return publications.iloc[rows[positions]]

    position = {rid: i for i, rid in enumerate(ids)}
    labels_by_id = training_labels(status, other_methods)
    labels = {position[r]: v for r, v in labels_by_id.items() if r in position}
    waiting = set(status[status["status"] == "awaiting_title_abstract"]["record_id"].astype(str))
    candidates = [position[r] for r in ids if r in waiting]
    decided = dict(
        zip(awaiting["record_id"].astype(str), awaiting["decided_by"].astype(str), strict=True)
    )
    export = _slices(len(ids), slice_rows, lambda part: _export_table(pubs(part), labels_by_id))
    if not candidates:
        empty = pd.DataFrame(columns=QUEUE_COLUMNS).astype("string")
        return QueueTables(0, "nothing awaits a decision", iter([empty]), export)
    features = QueueFeatures(
        len(ids), lambda part: document_text(pubs(part)), settings, slice_rows=slice_rows
    )
    query_vector = question_features(features, query)
    ranking = rank_features(features, query_vector, labels, candidates, settings, ids=ids)
    ranked = np.asarray(candidates, dtype=np.int64)[ranking.order]
    queue = _slices(
        len(ranked),
        slice_rows,
        lambda part: _queue_table(pubs(ranked[part]), ranking, part, decided),
    )
    return QueueTables(len(ranked), ranking.method, queue, export)


def _slices(
    n_rows: int, slice_rows: int, table: Callable[[slice], pd.DataFrame]
) -> Iterator[pd.DataFrame]:
    """`table` of the rows 0..n_rows, `slice_rows` at a time, as pandas strings (one slice
    without rows when there are none)."""
    for start in range(0, max(n_rows, 1), slice_rows):
        yield table(slice(start, min(start + slice_rows, n_rows))).astype("string")


def _export_table(pubs: pd.DataFrame, labels_by_id: Mapping[str, int]) -> pd.DataFrame:
    """The ASReview LAB export's rows for `pubs`."""
    ids = [str(r) for r in pubs["record_id"].tolist()]
    return pd.DataFrame(
        {
            "record_id": ids,
            "title": _texts(pubs, "title"),
            "abstract": _texts(pubs, "abstract"),
            "keywords": keywords_text(pubs),
            "authors": _texts(pubs, "authors"),
            "year": _texts(pubs, "year"),
            "doi": _texts(pubs, "doi"),
            "included": [str(labels_by_id[r]) if r in labels_by_id else "" for r in ids],
        },
        columns=ASREVIEW_COLUMNS,
    )


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    """A column's values as stripped text ("" for missing, and for a column not there)."""
    if column not in frame:
        return [""] * len(frame)
    return [as_text(v) for v in frame[column].tolist()]


def _queue_table(
    ranked: pd.DataFrame, ranking: Ranking, part: slice, decided: Mapping[str, str]
) -> pd.DataFrame:
    """The queue's rows `part` (ranks part.start + 1...): the publications `ranked` with their
    scores and fields.

    Column by column: a row at a time (`DataFrame.iloc[row]`) took a millisecond per
    publication, most of the time of ranking 100,000."""
    record_ids = [str(r) for r in ranked["record_id"].tolist()]
    scores = ranking.scores[ranking.order[part]].tolist()
    return pd.DataFrame(
        {
            "rank": [str(rank) for rank in range(part.start + 1, part.start + len(ranked) + 1)],
            "record_id": record_ids,
            "score": [f"{score + 0.0:.4f}" for score in scores],
            "rank_method": [ranking.method] * len(ranked),
            "decided_by": [decided.get(r, "") for r in record_ids],
            "title": _texts(ranked, "title"),
            "year": _texts(ranked, "year"),
            "authors": _texts(ranked, "authors"),
            "source_title": _texts(ranked, "source_title"),
            "doi": _texts(ranked, "doi"),
            "keywords": keywords_text(ranked),
            "abstract": _texts(ranked, "abstract"),
        },
        columns=QUEUE_COLUMNS,
    )
