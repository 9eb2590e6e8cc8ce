"""Candidate pairs for the fuzzy pass, without comparing every record with every other.

Input: `MatchKeys` of the records and the settings. Output: `CandidatePairs`, the distinct
record pairs (left < right, as row positions) that share at least one blocking key, and how
many pairs each kind of key proposed. Keys, each robust to a different kind of difference:

- `title_window`: records sorted by title key, each paired with the next `window` records (the
  sorted-neighbourhood method: small typos at the end of a title keep neighbours together);
- `reversed_window`: the same over the reversed title key (differences at the start of a title);
  a notice is sorted under its title without the notice words too ("Erratum to: X" next to X);
- `rare_words`: each title's `rare_words_per_record` rarest words (seen in at least two titles):
  records sharing one are paired (word order, subtitles, translations);
- `author_year_page` and `source_volume_page`: bibliographic keys, which find records whose
  titles differ a lot or are missing.

A group larger than `max_block_size` is not used as a block (it would be all-pairs over a
common word), so the number of pairs grows linearly with the number of records.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from metasynth.dedup.prepare import MatchKeys
from metasynth.dedup.settings import DedupSettings
from metasynth.dedup.title_keys import STOPWORDS


@dataclass(frozen=True)
class CandidatePairs:
    """Distinct candidate pairs (row positions, left < right) and counts per blocking key."""

    left: np.ndarray
    right: np.ndarray
    proposed: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.left)


def _window_pairs(order: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    lefts, rights = [], []
    for step in range(1, window + 1):
        if step >= len(order):
            break
        lefts.append(order[:-step])
        rights.append(order[step:])
    if not lefts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(lefts), np.concatenate(rights)


def _pairs_in_groups(
    rows: np.ndarray, codes: np.ndarray, max_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """All pairs of rows with the same code, skipping groups larger than max_size.

    `rows` and `codes` are aligned; a row may appear under several codes (several rare words).
    """
    if len(rows) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    order = np.argsort(codes, kind="stable")
    rows, codes = rows[order], codes[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    sizes = np.diff(np.r_[starts, len(codes)])
    lefts, rights = [], []
    for size in np.unique(sizes):
        if size < 2 or size > max_size:
            continue
        members = rows[starts[sizes == size][:, None] + np.arange(size)]  # (n_groups, size)
        i, j = np.triu_indices(int(size), k=1)
        lefts.append(members[:, i].ravel())
        rights.append(members[:, j].ravel())
    if not lefts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(lefts), np.concatenate(rights)


def _group_pairs(codes: np.ndarray, max_size: int) -> tuple[np.ndarray, np.ndarray]:
    """All pairs of rows sharing a code (code -1 = no key), skipping groups above max_size."""
    rows = np.flatnonzero(codes >= 0)
    return _pairs_in_groups(rows, codes[rows], max_size)


def _codes(values: list[str]) -> np.ndarray:
    """Integer code per value ("" -> -1), equal values sharing a code."""
    table: dict[str, int] = {}
    out = np.full(len(values), -1, dtype=np.int64)
    for row, value in enumerate(values):
        if value:
            out[row] = table.setdefault(value, len(table))
    return out


def _notice_article_pairs(
    keys: MatchKeys, named: np.ndarray, max_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """A notice and every record titled exactly as its title without the notice words: an
    article with several notices (erratum, correction, retraction, expression of concern) would
    otherwise fill the title window with its notices and leave one unmet."""
    reported = set(keys.report_key[named].tolist())
    if not reported:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    articles = np.flatnonzero(
        np.fromiter((k in reported for k in keys.title_key), dtype=bool, count=len(keys))
    )
    rows = np.concatenate([named, articles])
    codes = _codes([*keys.report_key[named].tolist(), *keys.title_key[articles].tolist()])
    return _pairs_in_groups(rows, codes, max_size)


def _rare_word_pairs(
    keys: MatchKeys, settings: DedupSettings, usable: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    words_per_title = [
        sorted({w for w in f"{key} {original}".split() if len(w) > 2 and w not in STOPWORDS})
        if ok
        else []
        for key, original, ok in zip(keys.title_key, keys.original_title_key, usable, strict=True)
    ]
    frequency = Counter(w for words in words_per_title for w in words)
    word_ids: dict[str, int] = {}
    rows: list[int] = []
    codes: list[int] = []
    for row, words in enumerate(words_per_title):
        candidates = [w for w in words if 2 <= frequency[w] <= settings.max_block_size]
        # rarest first; ties broken by the word itself so the choice is deterministic
        candidates.sort(key=lambda w: (frequency[w], w))
        for word in candidates[: settings.rare_words_per_record]:
            rows.append(row)
            codes.append(word_ids.setdefault(word, len(word_ids)))
    if not rows:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return _pairs_in_groups(
        np.asarray(rows, dtype=np.int64),
        np.asarray(codes, dtype=np.int64),
        settings.max_block_size,
    )


def candidate_pairs(keys: MatchKeys, settings: DedupSettings) -> CandidatePairs:
    """Distinct pairs sharing a blocking key; each pair once, as (smaller row, larger row)."""
    n_records = len(keys)
    proposals: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    # a notice's title without its notice words ("Erratum to: X" as "X") sorts with its article
    titled = np.flatnonzero(keys.has_title)
    named = np.flatnonzero(keys.report_key != "")
    rows = np.concatenate([titled, named])
    sort_keys = np.concatenate([keys.title_key[titled], keys.report_key[named]])
    if len(rows) > 1:
        by_title = rows[np.argsort(sort_keys, kind="stable")]
        proposals["title_window"] = _window_pairs(by_title, settings.window)
        reversed_keys = np.array([k[::-1] for k in sort_keys], dtype=object)
        by_reversed = rows[np.argsort(reversed_keys, kind="stable")]
        proposals["reversed_window"] = _window_pairs(by_reversed, settings.window)
    proposals["notice_article"] = _notice_article_pairs(keys, named, settings.max_block_size)
    # generic titles ("editorial") share no informative word; they meet through the other keys
    proposals["rare_words"] = _rare_word_pairs(keys, settings, keys.has_title & ~keys.is_generic)
    author_year_page = [
        f"{s}\x1f{y}\x1f{p}" if s and y >= 0 and p else ""
        for s, y, p in zip(keys.surname, keys.year, keys.page, strict=True)
    ]
    proposals["author_year_page"] = _group_pairs(_codes(author_year_page), settings.max_block_size)
    source_volume_page = [
        f"{s}\x1f{v}\x1f{p}" if s and v and p else ""
        for s, v, p in zip(keys.source, keys.volume, keys.page, strict=True)
    ]
    proposals["source_volume_page"] = _group_pairs(
        _codes(source_volume_page), settings.max_block_size
    )

    lefts = [np.minimum(a, b) for a, b in proposals.values()]
    rights = [np.maximum(a, b) for a, b in proposals.values()]
    if lefts:
        left = np.concatenate(lefts).astype(np.int64)
        right = np.concatenate(rights).astype(np.int64)
    else:
        left = right = np.empty(0, np.int64)
    keep = left != right
    pair_codes = np.unique(left[keep] * n_records + right[keep])
    return CandidatePairs(
        left=pair_codes // max(n_records, 1),
        right=pair_codes % max(n_records, 1),
        proposed={name: len(a) for name, (a, _) in sorted(proposals.items())},
    )
