"""Deduplication with the fuzzy pass's scoring cut into partitions, each a job of its own.

The candidate pairs (`pairs_to_score`: blocking plus the pairs the identifier passes declined)
are dealt in turn to `n_partitions` partitions; `score_partition` scores one partition's
pairs, and `union_scorer(tables)` hands their union to `deduplicate` in place of `score_pairs`,
which then makes the verdicts, clusters and publications as the single job does. A pair's score
depends on that pair alone, and the union is put back in the order of the candidate pairs, so
the outputs are the same bytes as one `deduplicate` (tests/dedup/test_dedup_partitions.py).

Each partition job prepares the match keys and the candidate pairs again: they need every
record. What the jobs share out is the scoring (docs/cluster.md says when that pays).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from metasynth.dedup import Scorer, collapse_records, pairs_to_score
from metasynth.dedup.evidence import Identifiers
from metasynth.dedup.prepare import MatchKeys, match_keys
from metasynth.dedup.score import ScoredPairs, score_pairs
from metasynth.dedup.settings import DedupSettings


def score_partition(
    records: pd.DataFrame,
    config: Mapping[str, Any] | None,
    partition: int,
    n_partitions: int,
    *,
    records_file: str | None = None,
) -> pd.DataFrame:
    """The scored pairs (`ScoredPairs.table`) of partition `partition` (0 to n_partitions - 1)
    of the records' candidate pairs: every n_partitions-th pair, from the partition-th."""
    if not 0 <= partition < n_partitions:
        raise ValueError(f"partition {partition} is not one of 0..{n_partitions - 1}")
    settings = DedupSettings.from_config(config)
    keys = match_keys(collapse_records(records, settings, records_file), settings)
    front = pairs_to_score(keys, settings)
    chosen = np.arange(len(front.left)) % n_partitions == partition
    return score_pairs(keys, front.left[chosen], front.right[chosen], settings, front.ids).table


def union_scorer(tables: Sequence[pd.DataFrame]) -> Scorer:
    """A stand-in for `score_pairs` that returns the partitions' scored pairs as one table, in
    the order `score_pairs` gives them for all the candidate pairs at once."""

    def union(
        keys: MatchKeys,
        left: np.ndarray,
        right: np.ndarray,
        settings: DedupSettings,
        ids: Identifiers,
    ) -> ScoredPairs:
        table = pd.concat(list(tables), ignore_index=True)
        n_records = max(len(keys), 1)
        first = np.minimum(table["left"].to_numpy(), table["right"].to_numpy())
        second = np.maximum(table["left"].to_numpy(), table["right"].to_numpy())
        order = np.argsort(first * n_records + second, kind="stable")
        table = table.iloc[order].reset_index(drop=True)
        return ScoredPairs(table=table, n_compared=len(left), n_distinct=len(left) - len(table))

    return union
