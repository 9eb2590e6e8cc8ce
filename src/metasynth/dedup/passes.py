"""The identifier passes: records sharing a UT, a DOI or a PMID.

Input: `MatchKeys`. Output: `IdPassResult` per identifier — the edges it adds (pairs of row
positions with the rule name), the pairs it declined (left to the fuzzy pass, where the shared
identifier still counts as evidence), and notices about identifiers shared too widely.

A shared UT is always the same record. A shared DOI or PMID joins two records only when their
titles do not contradict it: titles at least `id_title_min` similar, or one contained in the
other (`title_contained`), or one missing; and not a notice (erratum, retraction, reply) paired
with a non-notice — a book DOI copied onto each chapter, or an article's DOI on its erratum,
must not merge them. More than `max_id_group` records sharing one DOI or PMID is a container
identifier: it joins nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from metasynth.dedup.compare import contained_titles, title_similarity
from metasynth.dedup.prepare import MatchKeys
from metasynth.dedup.settings import DedupSettings
from metasynth.errors import Notice


@dataclass(frozen=True)
class IdPassResult:
    """Edges one identifier pass adds, pairs it declined, and what it noticed."""

    rule: str
    left: np.ndarray
    right: np.ndarray
    declined_left: np.ndarray
    declined_right: np.ndarray
    notices: list[Notice] = field(default_factory=list)


def _groups(values: np.ndarray) -> list[np.ndarray]:
    """Row positions of each non-empty value held by more than one row (groups in value order)."""
    present = np.flatnonzero(values != "")
    if len(present) < 2:
        return []
    order = present[np.argsort(values[present], kind="stable")]
    sorted_values = values[order]
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], len(order)]
    return [order[s:e] for s, e in zip(starts, ends, strict=True) if e - s > 1]


def id_pass(
    keys: MatchKeys, values: np.ndarray, rule: str, settings: DedupSettings, *, guarded: bool
) -> IdPassResult:
    """Join the records sharing a value of `values` (UT, DOI or PMID), guarded by the titles."""
    lefts: list[np.ndarray] = []
    rights: list[np.ndarray] = []
    notices: list[Notice] = []
    for rows in _groups(values):
        if guarded and len(rows) > settings.max_id_group:
            notices.append(
                Notice(
                    "info",
                    f"{len(rows)} records share the {rule.upper()} {values[rows[0]]}; treated as "
                    "a container identifier (a book, a supplement), not as a match",
                    element=f"{rule} {values[rows[0]]}",
                )
            )
            continue
        i, j = np.triu_indices(len(rows), k=1)
        lefts.append(rows[i])
        rights.append(rows[j])
    if not lefts:
        empty = np.empty(0, np.int64)
        return IdPassResult(rule, empty, empty, empty, empty, notices)
    left = np.concatenate(lefts).astype(np.int64)
    right = np.concatenate(rights).astype(np.int64)
    if not guarded:
        empty = np.empty(0, np.int64)
        return IdPassResult(rule, left, right, empty, empty, notices)
    similarity = title_similarity(keys, left, right)
    untitled = ~(keys.has_title[left] & keys.has_title[right])
    # a title without its subtitle does not contradict the identifier either
    contained = contained_titles(keys, left, right, similarity, untitled, settings)
    agrees = (untitled | contained | (similarity >= settings.id_title_min)) & (
        keys.is_notice[left] == keys.is_notice[right]
    )
    return IdPassResult(rule, left[agrees], right[agrees], left[~agrees], right[~agrees], notices)
