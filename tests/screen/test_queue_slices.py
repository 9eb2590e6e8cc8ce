"""The queue made a slice of publications at a time is the queue made from every row at once.

On Kitchenham 2010's labelled records (1,704 real titles and abstracts): the features made in
slices are the bytes of one TF-IDF fit of the whole matrix (scikit-learn's TfidfTransformer,
as the queue was computed before it was sliced), and the queue and the ASReview export written
from slices of 500 rows are the files written from one slice, for every model, trained on
decisions and without them; the screening app's features, kept whole, rank the same.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from metasynth.screen.features import HASH_FEATURES, QueueFeatures, texts_at
from metasynth.screen.queue import queue_features, queue_tables, rank_candidates, rank_features
from metasynth.screen.settings import QueueSettings
from metasynth.tables import write_csv_slices

QUESTION = "What do we know about evidence-based software engineering and its literature reviews?"


@pytest.fixture(scope="module")
def kitchenham(shared: Path) -> pd.DataFrame:
    return pd.read_csv(shared / "screening" / "Kitchenham_2010.csv")


def _texts(data: pd.DataFrame) -> list[str]:
    return [str(t) for t in data["title"].fillna("") + " " + data["abstract"].fillna("")]


def _whole_fit(texts: list[str], settings: QueueSettings) -> sparse.csr_matrix:
    """TF-IDF of every text at once, as the queue computed it before it was made in slices."""
    hasher = HashingVectorizer(
        ngram_range=(1, settings.ngram_max),
        n_features=HASH_FEATURES,
        alternate_sign=False,
        norm=None,
        dtype=np.float64,
    )
    counts = sparse.csr_matrix(hasher.transform(texts))
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    max_df = 0.95 * len(texts)
    frequent = document_frequency >= settings.min_df
    keep = np.flatnonzero(frequent & (document_frequency <= max_df))
    tfidf = TfidfTransformer(sublinear_tf=True)
    return sparse.csr_matrix(tfidf.fit_transform(sparse.csr_matrix(counts[:, keep])))


def test_features_made_in_slices_are_the_bytes_of_one_fit(kitchenham: pd.DataFrame) -> None:
    texts, settings = _texts(kitchenham), QueueSettings.from_config()
    whole = _whole_fit(texts, settings)
    sliced = QueueFeatures(len(texts), texts_at(texts), settings, slice_rows=500)
    rows = sparse.vstack(list(sliced.slices()), format="csr")
    assert whole.shape == rows.shape == (1704, whole.shape[1])
    assert whole.shape[1] > 10_000
    assert np.array_equal(whole.indptr, rows.indptr)
    assert np.array_equal(whole.indices, rows.indices)
    assert np.array_equal(whole.data, rows.data)


def _review(data: pd.DataFrame, n_decided: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Kitchenham's records as publications, the first `n_decided` of a shuffle settled at
    title/abstract by their label, the rest awaiting a decision."""
    ids = [f"WOS:{i:06d}" for i in range(len(data))]
    publications = pd.DataFrame(
        {
            "record_id": ids,
            "title": data["title"].fillna(""),
            "abstract": data["abstract"].fillna(""),
            "year": data["year"],
        }
    )
    decided = np.random.default_rng(7).permutation(len(data))[:n_decided]
    statuses = np.full(len(data), "awaiting_title_abstract", dtype=object)
    labels = data["label_included"].to_numpy()
    statuses[decided] = np.where(labels[decided] == 1, "included", "excluded_title_abstract")
    status = pd.DataFrame({"record_id": ids, "status": statuses, "stage": "", "reason": ""})
    return publications, status


NO_ONE = pd.DataFrame(
    {"record_id": pd.Series(dtype="string"), "decided_by": pd.Series(dtype="string")}
)


def _written(
    tmp_path: Path,
    name: str,
    world: tuple[pd.DataFrame, pd.DataFrame],
    *,
    slice_rows: int,
    model: str = "svm_nb",
    query: str = "",
) -> tuple[str, bytes, bytes]:
    """(rank method, queue.csv, asreview.csv) as the rank_queue rule writes them."""
    publications, status = world
    settings = QueueSettings.from_config({"model": model})
    tables = queue_tables(
        publications, status, NO_ONE, settings, query=query, slice_rows=slice_rows
    )
    write_csv_slices(tables.queue, tmp_path / f"{name}_queue.csv")
    write_csv_slices(tables.export, tmp_path / f"{name}_asreview.csv")
    queue = (tmp_path / f"{name}_queue.csv").read_bytes()
    return tables.method, queue, (tmp_path / f"{name}_asreview.csv").read_bytes()


@pytest.mark.parametrize("model", ["svm_nb", "linear_svm", "naive_bayes", "logistic_regression"])
def test_the_queue_made_in_slices_is_the_queue_made_whole(
    kitchenham: pd.DataFrame, tmp_path: Path, model: str
) -> None:
    world = _review(kitchenham, 300)
    whole = _written(tmp_path, "whole", world, model=model, slice_rows=10_000)
    sliced = _written(tmp_path, "sliced", world, model=model, slice_rows=500)
    assert sliced == whole
    method = sliced[0]
    assert method.startswith(f"model: {model} on TF-IDF 1-2-grams, trained on ")
    assert len(pd.read_csv(tmp_path / "sliced_queue.csv")) == 1404


def test_the_fallback_queue_made_in_slices_is_the_queue_made_whole(
    kitchenham: pd.DataFrame, tmp_path: Path
) -> None:
    world = _review(kitchenham, 0)
    whole = _written(tmp_path, "whole", world, query=QUESTION, slice_rows=10_000)
    sliced = _written(tmp_path, "sliced", world, query=QUESTION, slice_rows=500)
    assert sliced == whole
    assert sliced[0].startswith("fallback: similarity to the review question")


def test_the_apps_features_kept_whole_rank_as_the_workflow_does(kitchenham: pd.DataFrame) -> None:
    """The screening app keeps the features for a session (`queue_features`); the workflow
    makes them in slices (`rank_candidates`): the same scores, to the last bit."""
    texts, settings = _texts(kitchenham), QueueSettings.from_config()
    labels = kitchenham["label_included"].to_numpy()
    order = np.random.default_rng(3).permutation(len(texts))
    known = {int(i): int(labels[i]) for i in order[:200]}
    candidates = sorted(int(i) for i in order[200:])
    ids = [f"{i:06d}" for i in range(len(texts))]
    streamed = rank_candidates(texts, known, candidates, settings, ids=ids)
    kept, question = queue_features(texts, settings)
    in_app = rank_features(kept, question, known, candidates, settings, ids=ids)
    assert np.array_equal(streamed.scores, in_app.scores)
    assert np.array_equal(streamed.order, in_app.order)
    assert streamed.method == in_app.method
