"""The screening queue's TF-IDF features, made a slice of rows at a time.

Input: the number of rows and a function giving the text of rows by position (title, abstract
and keywords of the screened publications, `queue.document_text`), and the queue settings.
Output: a `QueueFeatures`, from which the queue model (`metasynth.screen.queue`) takes the
features of the rows it trains on and, a slice at a time, of the rows it scores.

Counts are hashed (scikit-learn's HashingVectorizer, deterministic murmurhash) rather than
looked up in a vocabulary, so a text's counts need nothing but the text: a first pass over the
rows counts in how many documents each hashed term occurs, and every later pass hashes the
texts again, a slice at a time, instead of holding every row's features. The features of a row
are the same bytes whether it is made alone, in a slice or with every row (each step below works
within a row), so the queue does not depend on the slicing; the memory of a million records'
features (13 GiB as one matrix) becomes that of a slice. A caller ranking the same rows many
times (the screening app, the benchmark's simulation) keeps them all (`keep_matrix`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from metasynth.screen.settings import QueueSettings

HASH_FEATURES = 2**21
"""Hashed feature space: 2 million columns keep collisions rare for 1-2-grams of 10^4 records."""

SLICE_ROWS = 10_000
"""Rows hashed at a time: a few tens of MB of features, whatever the number of records."""

Positions = Sequence[int] | np.ndarray
"""Row positions."""

TextsOf = Callable[[np.ndarray], list[str]]
"""The texts of the rows at these positions, in their order."""


class QueueFeatures:
    """TF-IDF of word 1..`ngram_max`-grams of `n_rows` texts (fitted on all of them, labelled
    or not): sublinear tf, rows L2-normed; terms in fewer than `min_df` rows or in more than
    95 % of them are dropped. Stop words are kept: in benchmarks/bench_screen.py removing them
    lowered WSS@95 (word pairs such as "of software" carry meaning in titles)."""

    def __init__(
        self,
        n_rows: int,
        texts_of: TextsOf,
        settings: QueueSettings,
        *,
        keep_matrix: bool = False,
        slice_rows: int = SLICE_ROWS,
    ) -> None:
        self.n_rows = n_rows
        self._texts_of = texts_of
        self._slice_rows = slice_rows
        self._hasher = HashingVectorizer(
            ngram_range=(1, settings.ngram_max),
            n_features=HASH_FEATURES,
            alternate_sign=False,
            norm=None,
            dtype=np.float64,
        )
        self._keep, self._idf = self._fit(settings)
        self.matrix: sparse.csr_matrix | None = None
        if keep_matrix:
            self.matrix = self.rows(np.arange(n_rows))

    def _fit(self, settings: QueueSettings) -> tuple[np.ndarray | None, np.ndarray]:
        """(hashed columns kept, their idf as TfidfTransformer(smooth_idf=True) computes it);
        no columns when no row has any text."""
        document_frequency = np.zeros(HASH_FEATURES, dtype=np.int64)
        any_text = False
        for positions in self._slices(np.arange(self.n_rows)):
            texts = self._texts_of(positions)
            any_text = any_text or any(t.strip() for t in texts)
            counts = sparse.csr_matrix(self._hasher.transform(texts))
            document_frequency += np.bincount(counts.indices, minlength=HASH_FEATURES)
        if not any_text:
            return None, np.zeros(0)
        n_rows = self.n_rows
        max_df = 0.95 * n_rows if n_rows > 20 else n_rows
        frequent = document_frequency >= settings.min_df
        keep = np.flatnonzero(frequent & (document_frequency <= max_df))
        kept = document_frequency[keep].astype(np.float64) + 1.0
        idf = np.full_like(kept, fill_value=n_rows + 1, dtype=np.float64)
        idf /= kept
        np.log(idf, out=idf)
        idf += 1.0
        return keep, idf

    def _slices(self, positions: np.ndarray) -> Iterator[np.ndarray]:
        for start in range(0, len(positions), self._slice_rows):
            yield positions[start : start + self._slice_rows]

    def rows(self, positions: Positions) -> sparse.csr_matrix:
        """The features of the rows at `positions`, in that order."""
        positions = np.asarray(positions, dtype=np.int64)
        if self.matrix is not None:
            return sparse.csr_matrix(self.matrix[positions])
        if self._keep is None:
            return sparse.csr_matrix((len(positions), 1))
        return self.transform(self._texts_of(positions))

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Other texts' features in the same fit (the review question's)."""
        if self._keep is None:
            return sparse.csr_matrix((len(texts), 1))
        counts = sparse.csr_matrix(sparse.csr_matrix(self._hasher.transform(texts))[:, self._keep])
        np.log(counts.data, out=counts.data)
        counts.data += 1.0
        counts.data *= self._idf[counts.indices]
        return sparse.csr_matrix(normalize(counts, copy=False))

    def slices(
        self, positions: Sequence[int] | np.ndarray | None = None
    ) -> Iterator[sparse.csr_matrix]:
        """The features of the rows at `positions` (every row when None), a slice at a time."""
        every = np.arange(self.n_rows) if positions is None else np.asarray(positions, np.int64)
        if self.matrix is not None:
            yield self.rows(every) if positions is not None else self.matrix
            return
        for part in self._slices(every):
            yield self.rows(part)

    def scores(
        self,
        score: Callable[[sparse.csr_matrix], np.ndarray],
        positions: Positions | None = None,
    ) -> np.ndarray:
        """`score` of the rows at `positions` (every row when None), a slice at a time."""
        parts = [np.asarray(score(part), dtype=np.float64) for part in self.slices(positions)]
        return np.concatenate(parts) if parts else np.zeros(0)


def texts_at(texts: Sequence[str]) -> TextsOf:
    """`TextsOf` for texts already in a list."""
    return lambda positions: [texts[i] for i in positions.tolist()]
