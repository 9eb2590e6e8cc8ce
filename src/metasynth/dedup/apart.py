"""A cluster joins no two records the evidence sets apart, through a third or a longer chain.

Input: the match keys, the scored pairs (`score_pairs`' table, after `unplaced_bridges`) and
the joins of the identifier passes (row pairs). Output: the table with each fuzzy duplicate that
would put two records judged apart (`score.judged_apart`: a conflict, or a word swapped with
nothing placing both) into one cluster sent to review instead (evidence `joins two apart`).

Clusters are the transitive closure of the links, so *X in a Swedish cohort* and *X in a
Norwegian cohort*, each a duplicate of a record titled *X*, would be one publication. The links
are taken strongest first (title similarity, then support; the identifier passes' joins before
all): a link is kept unless some member of one side is judged apart from some member of the
other, so *X* joins the closer of the two and the other link waits for a reviewer. Only records
in clusters of three or more are compared (`_MAX_MEMBERS` at most, the rest unchecked), once.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from metasynth.dedup.clusters import UnionFind
from metasynth.dedup.prepare import MatchKeys
from metasynth.dedup.score import Identifiers, judged_apart
from metasynth.dedup.settings import DedupSettings

_MAX_MEMBERS = 50
"""Members of one would-be cluster whose pairs are compared (a cluster is rarely past ten)."""


def _components(n_records: int, left: np.ndarray, right: np.ndarray) -> dict[int, list[int]]:
    union = UnionFind(n_records)
    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        union.union(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for node in sorted(set(left.tolist()) | set(right.tolist())):
        members[union.find(node)].append(node)
    return members


def _apart_pairs(
    keys: MatchKeys,
    links: tuple[np.ndarray, np.ndarray],
    settings: DedupSettings,
    ids: Identifiers | None,
) -> set[tuple[int, int]]:
    """The pairs judged apart among the members of each would-be cluster of three or more."""
    left, right = links
    low, high = np.minimum(left, right).tolist(), np.maximum(left, right).tolist()
    linked = set(zip(low, high, strict=True))
    first, second = [], []
    for members in _components(len(keys), left, right).values():
        if not 3 <= len(members) <= _MAX_MEMBERS:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (a, b) not in linked:
                    first.append(a)
                    second.append(b)
    if not first:
        return set()
    a_rows, b_rows = np.array(first, dtype=np.int64), np.array(second, dtype=np.int64)
    apart = judged_apart(keys, a_rows, b_rows, settings, ids)
    return set(zip(a_rows[apart].tolist(), b_rows[apart].tolist(), strict=True))


def keep_apart(
    keys: MatchKeys,
    table: pd.DataFrame,
    joined: tuple[np.ndarray, np.ndarray],
    settings: DedupSettings,
    ids: Identifiers | None = None,
) -> pd.DataFrame:
    """`table` with the fuzzy duplicates that would join two records judged apart sent to
    review (module docstring). `joined`: the identifier passes' joins (left, right rows)."""
    duplicate = np.flatnonzero((table["outcome"] == "duplicate").to_numpy())
    if len(duplicate) < 2:
        return table
    dup_left = table["left"].to_numpy()[duplicate].astype(np.int64)
    dup_right = table["right"].to_numpy()[duplicate].astype(np.int64)
    id_left, id_right = (np.asarray(side, dtype=np.int64) for side in joined)
    apart = _apart_pairs(
        keys,
        (np.concatenate([id_left, dup_left]), np.concatenate([id_right, dup_right])),
        settings,
        ids,
    )
    if not apart:
        return table
    union = UnionFind(len(keys))
    for a, b in zip(id_left.tolist(), id_right.tolist(), strict=True):
        union.union(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for node in sorted(set(id_left.tolist()) | set(id_right.tolist())):
        members[union.find(node)].append(node)
    # strongest first (ties by row)
    order = np.lexsort(
        (
            dup_right,
            dup_left,
            -table["support"].to_numpy()[duplicate],
            -table["score"].to_numpy()[duplicate],
        )
    )
    demote: list[int] = []
    for k in order.tolist():
        a, b = int(dup_left[k]), int(dup_right[k])
        root_a, root_b = union.find(a), union.find(b)
        if root_a == root_b:
            continue
        side_a, side_b = members.get(root_a, [a]), members.get(root_b, [b])
        if any((min(x, y), max(x, y)) in apart for x in side_a for y in side_b):
            demote.append(int(duplicate[k]))
            continue
        union.union(a, b)
        members[union.find(a)] = side_a + side_b
    if not demote:
        return table
    table = table.copy()
    rows = table.index[demote]
    table.loc[rows, "outcome"] = "review"
    table.loc[rows, "evidence"] = table.loc[rows, "evidence"] + "; joins two apart"
    return table
