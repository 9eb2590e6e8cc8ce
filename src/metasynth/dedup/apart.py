"""The scored pairs taken together: no cluster joins two records the evidence sets apart.

Input: the match keys, the scored pairs (`score_pairs`' table) and the joins of the identifier
passes (row pairs). Output: the table with the fuzzy duplicates and reports that would join two
publications sent to review instead. `deduplicate` runs the three in this order:

- `unplaced_bridges`: a record with neither volume nor first page found a duplicate of two
  records whose citations set them apart (another volume, issue, first page or year), or whose
  titles' numbers contradict, would join two publications through itself; its duplicate pairs
  go to review (evidence `bridges two citations`).
- `keep_apart`: no fuzzy duplicate puts two records judged apart (`score.judged_apart`: a
  conflict, or a word swapped with nothing placing both) into one cluster (evidence `joins two
  apart`).
- `one_article_per_report`: a report (an erratum, a preprint) is linked to one record only; its
  other links go to review (evidence `report of another`).

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
from metasynth.dedup.evidence import Identifiers
from metasynth.dedup.prepare import MatchKeys
from metasynth.dedup.score import judged_apart
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


_MAX_BRIDGED = 20
"""Neighbours of one unplaced record whose citations are compared with each other."""


def _placed_apart(keys: MatchKeys, a: int, b: int, year_tolerance: int) -> bool:
    """True when two records' citations say they are two publications: another volume (not a
    year exported as volume), issue or first page (without the same last page), or years
    further apart than `year_tolerance`."""
    volume_a, volume_b = keys.volume[a], keys.volume[b]
    volumes = bool(volume_a and volume_b and volume_a != volume_b) and not (
        keys.volume_is_year[a] or keys.volume_is_year[b]
    )
    issues = bool(keys.issue[a] and keys.issue[b] and keys.issue[a] != keys.issue[b])
    page_a, page_b = keys.page[a], keys.page[b]
    pages = bool(page_a and page_b and page_a != page_b) and not (
        keys.last_page[a] and keys.last_page[a] == keys.last_page[b]
    )
    year_a, year_b = int(keys.year[a]), int(keys.year[b])
    years = min(year_a, year_b) >= 0 and abs(year_a - year_b) > year_tolerance
    return volumes or issues or pages or years


def _titled_apart(keys: MatchKeys, a: int, b: int) -> bool:
    """True when two records' titles say they are two publications: numbers that contradict
    ("Part I" / "Part II"), unless one first page places both. A record whose title has no
    number (the part left off) joins both on its own evidence, and would join them to each
    other. (A word swapped is not used here: a translated title swaps words too.)"""
    if keys.page[a] and keys.page[a] == keys.page[b]:
        return False
    numbers_a, numbers_b = keys.numbers[a], keys.numbers[b]
    return not (numbers_a <= numbers_b or numbers_b <= numbers_a)


def unplaced_bridges(keys: MatchKeys, table: pd.DataFrame, settings: DedupSettings) -> pd.DataFrame:
    """`table` (scored pairs) with the fuzzy duplicates of a bridging record sent to review.

    A record with neither volume nor first page (an early-access record, a meeting abstract
    without its citation) is placed by its title, authors, year and source only; when it is
    found a duplicate of two records whose citations set them apart (two issues of a series,
    an abstract and the article), joining all three would merge two publications through it.
    Its duplicate pairs become review pairs (evidence `bridges two citations`). Linear: each
    unplaced record's neighbours (at most `_MAX_BRIDGED`) are compared with each other.
    """
    duplicate = (table["outcome"] == "duplicate").to_numpy()
    if not duplicate.any():
        return table
    left, right = table["left"].to_numpy(), table["right"].to_numpy()
    unplaced = (keys.volume == "") & (keys.page == "")
    neighbours: dict[int, list[int]] = {}
    joined: set[tuple[int, int]] = set()
    for k in np.flatnonzero(duplicate).tolist():
        a, b = int(left[k]), int(right[k])
        joined.add((min(a, b), max(a, b)))
        for node, other in ((a, b), (b, a)):
            neighbours.setdefault(node, []).append(other)
    bridges, bridged = set(), set()
    for node, others in neighbours.items():
        firsts = sorted(others)[:_MAX_BRIDGED]
        for i, x in enumerate(firsts):
            for y in firsts[i + 1 :]:
                if (min(x, y), max(x, y)) in joined:
                    continue
                if unplaced[node] and _placed_apart(keys, x, y, settings.year_tolerance):
                    bridges.add(node)
                elif _titled_apart(keys, x, y):
                    # only the links to the two titled apart: a copy of the node stays
                    bridged |= {(min(node, x), max(node, x)), (min(node, y), max(node, y))}
    if not bridges and not bridged:
        return table
    pair_of = [(min(a, b), max(a, b)) for a, b in zip(left.tolist(), right.tolist(), strict=True)]
    demote = duplicate & (
        np.isin(left, list(bridges))
        | np.isin(right, list(bridges))
        | np.fromiter((p in bridged for p in pair_of), dtype=bool, count=len(pair_of))
    )
    table = table.copy()
    table.loc[demote, "outcome"] = "review"
    table.loc[demote, "evidence"] = table.loc[demote, "evidence"] + "; bridges two citations"
    return table


def one_article_per_report(keys: MatchKeys, table: pd.DataFrame) -> pd.DataFrame:
    """`table` with each report linked to one record only: its most similar, then the nearest
    in years. A link is a join, so a preprint or an erratum linked to two studies (the article
    and its translation in another journal, the team's article on children and the one on
    adults) would join them through itself; its other links go to review (evidence `report of
    another`). A report's `left` is the report (`score_pairs` orients the rows so)."""
    report = (table["outcome"] == "report").to_numpy()
    if not report.any():
        return table
    rows = table.loc[report, ["left", "right", "score"]]
    gap = np.abs(keys.year[rows["left"].to_numpy()] - keys.year[rows["right"].to_numpy()])
    ranked = rows.assign(gap=gap).sort_values(
        ["left", "score", "gap", "right"], ascending=[True, False, True, True], kind="stable"
    )
    others = ranked.index[ranked["left"].duplicated()]
    if not len(others):
        return table
    table = table.copy()
    table.loc[others, "outcome"] = "review"
    table.loc[others, "evidence"] = table.loc[others, "evidence"] + "; report of another"
    return table
