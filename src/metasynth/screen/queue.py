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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import rankdata
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.naive_bayes import MultinomialNB
from sklearn.svm import LinearSVC

from metasynth.screen import STATUSES
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


def document_text(frame: pd.DataFrame) -> list[str]:
    """Title, abstract and keywords of each row, joined: the text the model reads."""
    columns = [c for c in ("title", "abstract", "author_keywords", "keywords_plus", "keywords")]
    present = [c for c in columns if c in frame.columns]
    return (
        [
            " ".join(as_text(v) for v in values)
            for values in zip(*(frame[c].tolist() for c in present), strict=True)
        ]
        if present
        else [""] * len(frame)
    )


HASH_FEATURES = 2**21
"""Hashed feature space: 2 million columns keep collisions rare for 1-2-grams of 10^4 records."""


def vectorise(texts: Sequence[str], settings: QueueSettings) -> sparse.csr_matrix:
    """TF-IDF of word 1..`ngram_max`-grams of every text (fitted on all of them, labelled or not).

    Counts are hashed (scikit-learn's HashingVectorizer, deterministic murmurhash) rather than
    looked up in a vocabulary: the same features as TfidfVectorizer up to rare collisions, at a
    third of the time, which keeps ranking 5,000 records well under 5 s. Terms in fewer than
    `min_df` records or in more than 95 % of them are dropped; tf is sublinear, rows L2-normed.
    Stop words are kept: in benchmarks/bench_screen.py removing them lowered WSS@95 (word pairs
    such as "of software" carry meaning in titles).
    """
    return _fit_tfidf(texts, settings)[0]


def _fit_tfidf(
    texts: Sequence[str], settings: QueueSettings
) -> tuple[sparse.csr_matrix, Callable[[Sequence[str]], sparse.csr_matrix]]:
    """(`vectorise(texts)`, a function giving other texts' features in the same fit)."""
    if not any(t.strip() for t in texts):
        return sparse.csr_matrix((len(texts), 1)), lambda more: sparse.csr_matrix((len(more), 1))
    hasher = HashingVectorizer(
        ngram_range=(1, settings.ngram_max),
        n_features=HASH_FEATURES,
        alternate_sign=False,
        norm=None,
        dtype=np.float64,
    )
    counts = sparse.csr_matrix(hasher.transform(texts))
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    max_df = 0.95 * len(texts) if len(texts) > 20 else len(texts)
    keep = np.flatnonzero((document_frequency >= settings.min_df) & (document_frequency <= max_df))
    tfidf = TfidfTransformer(sublinear_tf=True)
    features = sparse.csr_matrix(tfidf.fit_transform(sparse.csr_matrix(counts[:, keep])))

    def transform(more: Sequence[str]) -> sparse.csr_matrix:
        return sparse.csr_matrix(
            tfidf.transform(sparse.csr_matrix(hasher.transform(more))[:, keep])
        )

    return features, transform


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
    features: sparse.csr_matrix, labelled: np.ndarray, labels: np.ndarray, settings: QueueSettings
) -> np.ndarray:
    """Relevance scores for every row from a classifier trained on the labelled rows."""
    x_train, y_train = features[labelled], labels
    weights = sample_weights(y_train, settings.positive_ratio)
    if settings.model == "svm_nb":
        # Two views of the same features: the SVM's margin and naive Bayes' word likelihoods
        # disagree most on the hard, late-found relevant records; averaging their ranks keeps
        # both (benchmarks/bench_screen.py).
        svm = LinearSVC(C=settings.c, random_state=0).fit(x_train, y_train, sample_weight=weights)
        bayes = MultinomialNB(alpha=settings.nb_alpha).fit(x_train, y_train, sample_weight=weights)
        svm_rank = rankdata(svm.decision_function(features))
        bayes_rank = rankdata(bayes.predict_log_proba(features)[:, 1])
        weight = settings.svm_weight
        combined = (weight * svm_rank + bayes_rank) / ((weight + 1) * features.shape[0])
        return np.asarray(combined, dtype=np.float64)
    if settings.model == "linear_svm":
        svm = LinearSVC(C=settings.c, random_state=0)
        svm.fit(x_train, y_train, sample_weight=weights)
        return np.asarray(svm.decision_function(features), dtype=np.float64)
    if settings.model == "naive_bayes":
        bayes = MultinomialNB(alpha=settings.nb_alpha)
        bayes.fit(x_train, y_train, sample_weight=weights)
        return np.asarray(bayes.predict_log_proba(features)[:, 1], dtype=np.float64)
    logistic = LogisticRegression(C=settings.c, solver="liblinear", random_state=0, max_iter=1000)
    logistic.fit(x_train, y_train, sample_weight=weights)
    return np.asarray(logistic.decision_function(features), dtype=np.float64)


@dataclass(frozen=True)
class Ranking:
    """Scores of the candidates and how they were obtained."""

    order: np.ndarray  # candidate positions, best first
    scores: np.ndarray
    method: str


def queue_features(
    texts: Sequence[str], settings: QueueSettings, query: str = ""
) -> tuple[sparse.csr_matrix, sparse.csr_matrix | None]:
    """(`vectorise(texts)`, the review question's features in the same fit or None without
    one): computed once, they serve every later ranking of the same texts (`rank_features`).
    The question is not part of the fit, so the model's features are exactly those that
    benchmarks/bench_screen.py measures."""
    features, transform = _fit_tfidf(texts, settings)
    return features, (transform([query]) if query.strip() else None)


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
    features, query_vector = queue_features(texts, settings, query)
    return rank_features(features, query_vector, labels, candidates, settings, ids=ids)


def rank_features(
    features: sparse.csr_matrix,
    query_vector: sparse.csr_matrix | None,
    labels: Mapping[int, int],
    candidates: Sequence[int],
    settings: QueueSettings,
    *,
    ids: Sequence[str],
) -> Ranking:
    """`rank_candidates` on features computed before (`queue_features`): the screening app keeps
    them for a session and re-ranks as decisions come in."""
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
        scores = cosine_similarity(features[candidate_index], query_vector).ravel()
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
    screened_ids = status[status["status"] != "excluded_automatic"]["record_id"].astype(str)
    entered = set(screened_ids) - other_methods
    pubs = publications.assign(record_id=publications["record_id"].astype(str))
    pubs = pubs[pubs["record_id"].isin(entered)].sort_values("record_id")
    return pubs.reset_index(drop=True)


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


def build_queue(
    publications: pd.DataFrame,
    status: pd.DataFrame,
    awaiting: pd.DataFrame,
    settings: QueueSettings,
    *,
    query: str = "",
    other_methods: frozenset[str] = frozenset(),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(queue, ASReview export) for the publications that entered title/abstract screening
    (`other_methods`: those found by other methods only, which did not)."""
    pubs = screened_publications(publications, status, other_methods)
    ids = pubs["record_id"].tolist()
    position = {rid: i for i, rid in enumerate(ids)}
    labels_by_id = training_labels(status, other_methods)
    labels = {position[r]: v for r, v in labels_by_id.items() if r in position}
    waiting = set(status[status["status"] == "awaiting_title_abstract"]["record_id"].astype(str))
    candidates = [position[r] for r in ids if r in waiting]
    texts = document_text(pubs)
    keywords = keywords_text(pubs)
    decided = dict(
        zip(awaiting["record_id"].astype(str), awaiting["decided_by"].astype(str), strict=True)
    )

    queue = pd.DataFrame(columns=QUEUE_COLUMNS)
    if candidates:
        ranking = rank_candidates(texts, labels, candidates, settings, ids=ids, query=query)
        rows = np.asarray(candidates, dtype=np.int64)[ranking.order]
        queue = _queue_table(pubs.iloc[rows], ranking, decided, [keywords[r] for r in rows])
    queue = queue.astype("string")
    export = pd.DataFrame(
        {
            "record_id": ids,
            "title": [as_text(v) for v in pubs.get("title", pd.Series([""] * len(pubs)))],
            "abstract": [as_text(v) for v in pubs.get("abstract", pd.Series([""] * len(pubs)))],
            "keywords": keywords,
            "authors": [as_text(v) for v in pubs.get("authors", pd.Series([""] * len(pubs)))],
            "year": [as_text(v) for v in pubs.get("year", pd.Series([""] * len(pubs)))],
            "doi": [as_text(v) for v in pubs.get("doi", pd.Series([""] * len(pubs)))],
            "included": [str(labels_by_id[r]) if r in labels_by_id else "" for r in ids],
        },
        columns=ASREVIEW_COLUMNS,
    ).astype("string")
    return queue, export


def _queue_table(
    ranked: pd.DataFrame, ranking: Ranking, decided: Mapping[str, str], keywords: list[str]
) -> pd.DataFrame:
    """The queue's rows: the publications `ranked` (best first) with their scores and fields.

    Column by column: a row at a time (`DataFrame.iloc[row]`) took a millisecond per
    publication, most of the time of ranking 100,000."""
    record_ids = [str(r) for r in ranked["record_id"].tolist()]

    def texts(column: str) -> list[str]:
        if column not in ranked:
            return [""] * len(ranked)
        return [as_text(v) for v in ranked[column].tolist()]

    return pd.DataFrame(
        {
            "rank": [str(rank) for rank in range(1, len(ranked) + 1)],
            "record_id": record_ids,
            "score": [f"{score + 0.0:.4f}" for score in ranking.scores[ranking.order].tolist()],
            "rank_method": [ranking.method] * len(ranked),
            "decided_by": [decided.get(r, "") for r in record_ids],
            "title": texts("title"),
            "year": texts("year"),
            "authors": texts("authors"),
            "source_title": texts("source_title"),
            "doi": texts("doi"),
            "keywords": keywords,
            "abstract": texts("abstract"),
        },
        columns=QUEUE_COLUMNS,
    )
