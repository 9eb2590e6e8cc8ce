"""From matched pairs to clusters, primaries and publications ("link, don't delete").

Input: the collapsed records (one row per record_id), the edges the passes found (row pairs
with the rule and score that joined them) and the reviewers' verdicts. Output:

- cluster labels (union-find over the edges plus "duplicate" verdicts, after "distinct"
  verdicts removed the automatic edge between exactly their two records); a "distinct" verdict
  between two records that other edges still join is an InputError naming the verdict's line
  and the chain that joins them (with the lines of any verdicts in it);
- the primary of each cluster, by completeness: abstract, DOI, pages, a final (not early-access
  only) year, then the number of filled fields; ties go to the smallest record_id, which does
  not depend on file names or order (so WOS accession numbers win over doi:/pmid:/h: ids). In an
  updated review, a record first exported by an earlier review version comes before any record
  of a later one, so a publication keeps its key (the record_id its decisions name) when an
  update brings a more complete duplicate (whose fields still fill the gaps);
- how each other member joined: the spanning tree from the primary over the strongest edges
  (ut, doi, pmid, verdict, fuzzy, in that order, then the higher score);
- the publication rows: the primary's fields, empty ones filled from the members in primary
  order with the source noted in `filled_from`; times cited is the largest count of the cluster
  (`times_cited: max`, exports of different dates) or the primary's (`primary`).
"""

from __future__ import annotations

import heapq
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from metasynth import text
from metasynth.dedup.verdicts import Verdict
from metasynth.errors import InputError

RULE_ORDER = ("ut", "doi", "pmid", "verdict", "fuzzy", "report")
"""Rules that join two records, strongest first (the spanning tree prefers the earlier); a
`report` link (an erratum, a retraction notice, an earlier version) is no duplicate."""

NOT_FILLED = frozenset(
    {"record_id", "source_file", "source_format", "source_line", "database", "search_run"}
)
"""Columns that say where a record came from: never copied from another record."""

COUNT_COLUMNS = ("times_cited", "times_cited_all")


@dataclass(frozen=True)
class Edges:
    """Pairs of record rows that the passes or reviewers joined."""

    left: np.ndarray
    right: np.ndarray
    rule: np.ndarray  # object: one of RULE_ORDER
    score: np.ndarray  # float64; NaN for verdicts
    evidence: np.ndarray  # object: what agreed/conflicted, or the verdict's file:line

    @classmethod
    def concat(cls, parts: list[Edges]) -> Edges:
        if not parts:
            return cls(
                np.empty(0, np.int64),
                np.empty(0, np.int64),
                np.empty(0, object),
                np.empty(0, np.float64),
                np.empty(0, object),
            )
        return cls(
            np.concatenate([p.left for p in parts]).astype(np.int64),
            np.concatenate([p.right for p in parts]).astype(np.int64),
            np.concatenate([p.rule for p in parts]),
            np.concatenate([p.score for p in parts]).astype(np.float64),
            np.concatenate([p.evidence for p in parts]),
        )

    def __len__(self) -> int:
        return len(self.left)


def make_edges(
    left: np.ndarray, right: np.ndarray, rule: str, score: np.ndarray | float, evidence: object
) -> Edges:
    n = len(left)
    scores = np.broadcast_to(np.asarray(score, dtype=np.float64), (n,)).copy()
    evidences = np.empty(n, dtype=object)
    if isinstance(evidence, np.ndarray | list):
        evidences[:] = list(evidence)
    else:
        evidences[:] = evidence
    return Edges(
        np.asarray(left, np.int64),
        np.asarray(right, np.int64),
        np.full(n, rule, dtype=object),
        scores,
        evidences,
    )


class UnionFind:
    """Disjoint sets over row positions 0..n-1."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # the smaller row is the root: labels do not depend on the order of the edges
            low, high = sorted((root_a, root_b))
            self.parent[high] = low

    def labels(self) -> np.ndarray:
        return np.array([self.find(i) for i in range(len(self.parent))], dtype=np.int64)


def verdict_rows(verdicts: tuple[Verdict, ...], row_of: dict[str, int]) -> list[tuple[int, int]]:
    return [(row_of[v.record_id_a], row_of[v.record_id_b]) for v in verdicts]


def apply_verdicts(
    n_records: int,
    edges: Edges,
    verdicts: tuple[Verdict, ...],
    row_of: dict[str, int],
    record_ids: np.ndarray,
) -> tuple[np.ndarray, Edges]:
    """Cluster label (root row) of each record, and the edges that hold, verdicts applied."""
    distinct = [v for v in verdicts if v.verdict == "distinct"]
    duplicate = [v for v in verdicts if v.verdict == "duplicate"]
    distinct_pairs = {tuple(sorted(p)) for p in verdict_rows(tuple(distinct), row_of)}
    if distinct_pairs and len(edges):
        pair_low = np.minimum(edges.left, edges.right)
        pair_high = np.maximum(edges.left, edges.right)
        overruled = np.array(
            [(int(a), int(b)) in distinct_pairs for a, b in zip(pair_low, pair_high, strict=True)],
            dtype=bool,
        )
        keep = ~overruled
        edges = Edges(
            edges.left[keep], edges.right[keep], edges.rule[keep], edges.score[keep],
            edges.evidence[keep],
        )  # fmt: skip
    if duplicate:
        rows = verdict_rows(tuple(duplicate), row_of)
        edges = Edges.concat(
            [
                edges,
                make_edges(
                    np.array([a for a, _ in rows], dtype=np.int64),
                    np.array([b for _, b in rows], dtype=np.int64),
                    "verdict",
                    np.nan,
                    np.array([f"verdict {v.where}" for v in duplicate], dtype=object),
                ),
            ]
        )
    union = UnionFind(n_records)
    for a, b in zip(edges.left.tolist(), edges.right.tolist(), strict=True):
        union.union(a, b)
    labels = union.labels()
    for verdict in distinct:
        a, b = row_of[verdict.record_id_a], row_of[verdict.record_id_b]
        if labels[a] == labels[b]:
            chain = _describe_chain(a, _path(edges, labels, a, b), edges, record_ids)
            raise InputError(
                f"{verdict.record_id_a} and {verdict.record_id_b} are 'distinct' here, but they "
                f"are joined: {chain}",
                file=verdict.file,
                line=verdict.line,
                hint="mark one link of that chain 'distinct' as well (a verdict on the pair it "
                "names), or remove this verdict",
            )
    return labels, edges


def _path(edges: Edges, labels: np.ndarray, start: int, goal: int) -> list[tuple[int, int]]:
    """A shortest chain from `start` to `goal`: (node reached, edge index) for each link."""
    cluster = labels[start]
    adjacency: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for index in np.flatnonzero(labels[edges.left] == cluster).tolist():
        a, b = int(edges.left[index]), int(edges.right[index])
        adjacency[a].append((b, index))
        adjacency[b].append((a, index))
    came_from: dict[int, tuple[int, int]] = {start: (-1, -1)}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for neighbour, index in sorted(adjacency[node]):
            if neighbour not in came_from:
                came_from[neighbour] = (node, index)
                queue.append(neighbour)
    chain: list[tuple[int, int]] = []
    node = goal
    while came_from[node][0] != -1:
        previous, index = came_from[node]
        chain.append((node, index))
        node = previous
    return chain[::-1]


def _describe_chain(
    start: int, chain: list[tuple[int, int]], edges: Edges, record_ids: np.ndarray
) -> str:
    """ "A –doi– B –verdict file:12– C": the records of a chain and what joins each link."""
    parts = [str(record_ids[start])]
    for node, index in chain:
        rule = str(edges.rule[index])
        label = str(edges.evidence[index]) if rule == "verdict" else rule
        parts.append(f"–{label}– {record_ids[node]}")
    return " ".join(parts)


# --------------------------------------------------------------------------- primaries


def completeness_order(
    records: pd.DataFrame,
    first_versions: np.ndarray | None = None,
    reports: np.ndarray | None = None,
) -> np.ndarray:
    """Row positions from most to least complete (see the module docstring), ties by record_id.

    `first_versions` (one review version per row, optional) puts records of earlier versions
    of the review first, whatever their completeness; `reports` (bool per row) puts the records
    linked as reports of another's study last, so none is its study's primary.
    """

    def filled(column: str) -> np.ndarray:
        if column not in records:
            return np.zeros(len(records), dtype=np.int64)
        values = records[column]
        if values.dtype.kind in "iuf" or str(values.dtype) in {"Int64", "Float64"}:
            present: np.ndarray = values.notna().to_numpy(dtype=np.int64)
            return present
        filled_text: np.ndarray = (values.astype("string").fillna("").str.strip() != "").to_numpy(
            dtype=np.int64
        )
        return filled_text

    content_columns = [c for c in records.columns if c not in NOT_FILLED]
    n_fields = sum((filled(c) for c in content_columns), np.zeros(len(records), dtype=np.int64))
    final_year = (
        (records["year_source"].astype("string").fillna("") == "PY").to_numpy(dtype=np.int64)
        if "year_source" in records
        else np.zeros(len(records), dtype=np.int64)
    )
    record_ids = records["record_id"].astype(str).to_numpy()
    versions = (
        np.zeros(len(records), dtype=np.int64)
        if first_versions is None
        else np.asarray(first_versions, dtype=np.int64)
    )
    # np.lexsort sorts by the last key first; negated counts give "most complete first"
    return np.lexsort(
        (
            record_ids,
            -n_fields,
            -final_year,
            -filled("pages"),
            -filled("doi"),
            -filled("abstract"),
            versions,
            np.zeros(len(records), dtype=bool) if reports is None else reports,
        )
    )


def choose_primaries(labels: np.ndarray, order: np.ndarray) -> np.ndarray:
    """The primary row of each record's cluster: its first member in completeness order."""
    primary_of_label: dict[int, int] = {}
    for row in order.tolist():
        primary_of_label.setdefault(int(labels[row]), row)
    return np.array([primary_of_label[int(label)] for label in labels], dtype=np.int64)


# (rule rank, -score, depth, record_id reached, record_id from, row reached, row from, edge)
_HeapItem = tuple[int, float, int, str, str, int, int, int]


@dataclass(frozen=True)
class Links:
    """How each record joined its cluster: tree parent row, rule, score and evidence."""

    parent: np.ndarray  # -1 for a primary
    rule: np.ndarray
    score: np.ndarray
    evidence: np.ndarray


def spanning_links(primaries: np.ndarray, edges: Edges, record_ids: np.ndarray) -> Links:
    """Tree of each cluster from its primary, preferring the strongest rules, then scores."""
    n_records = len(record_ids)
    parent = np.full(n_records, -1, dtype=np.int64)
    rule = np.full(n_records, "primary", dtype=object)
    score = np.full(n_records, np.nan)
    evidence = np.full(n_records, "", dtype=object)
    adjacency: dict[int, list[int]] = defaultdict(list)
    for index, (a, b) in enumerate(zip(edges.left.tolist(), edges.right.tolist(), strict=True)):
        adjacency[a].append(index)
        adjacency[b].append(index)
    rank = {name: position for position, name in enumerate(RULE_ORDER)}

    def push(node: int, depth: int, seen: set[int], heap: list[_HeapItem]) -> None:
        for index in adjacency[node]:
            a, b = int(edges.left[index]), int(edges.right[index])
            other = a if b == node else b
            if other not in seen:
                edge_score = float(edges.score[index])
                strength = -edge_score if edge_score == edge_score else 0.0  # NaN: a verdict
                # ties: nearer the primary, then by record_id (never by row position)
                heapq.heappush(
                    heap,
                    (
                        rank[str(edges.rule[index])],
                        strength,
                        depth + 1,
                        str(record_ids[other]),
                        str(record_ids[node]),
                        other,
                        node,
                        index,
                    ),
                )

    for root in sorted({int(p) for p in primaries if adjacency.get(int(p))}):
        seen = {root}
        heap: list[_HeapItem] = []
        push(root, 0, seen, heap)
        while heap:
            _, _, depth, *_, node, via, index = heapq.heappop(heap)
            if node in seen:
                continue
            seen.add(node)
            parent[node] = via
            rule[node] = edges.rule[index]
            score[node] = edges.score[index]
            evidence[node] = edges.evidence[index]
            push(node, depth, seen, heap)
    return Links(parent, rule, score, evidence)


# --------------------------------------------------------------------------- publications


def _is_empty(value: object) -> bool:
    """`text.is_missing` for the values of a records table, without its generality (hot loop)."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def build_publications(
    records: pd.DataFrame,
    labels: np.ndarray,
    primaries: np.ndarray,
    order: np.ndarray,
    times_cited: str,
    *,
    release: bool = False,
) -> pd.DataFrame:
    """One row per cluster: the primary's fields, empty ones filled from members (noted).

    Built a column at a time: the primaries' values, then the members' fills. With `release`,
    each column of `records` is dropped once taken, so that the records and the publications
    (nearly one copy of them) are not held whole at once; the caller passes a table of its own
    that it no longer needs.
    """
    del labels  # the primaries say it all; kept in the signature for symmetry with the passes
    # the members of each cluster of two or more, in completeness order (the primary first)
    cluster_size = np.bincount(primaries, minlength=len(primaries))
    members_of: dict[int, list[int]] = defaultdict(list)
    for row in order[cluster_size[primaries[order]] > 1].tolist():
        members_of[int(primaries[row])].append(row)
    record_ids = records["record_id"].astype(str).to_numpy()
    is_primary = primaries == np.arange(len(primaries))
    primary_rows = sorted(np.flatnonzero(is_primary).tolist(), key=lambda r: str(record_ids[r]))
    multi = [(pos, p) for pos, p in enumerate(primary_rows) if p in members_of]
    member_rows = sorted({m for _, p in multi for m in members_of[p]})
    provenance = _provenance(records, primary_rows, multi, members_of, member_rows, record_ids)
    notes: dict[int, list[str]] = {position: [] for position, _ in multi}
    columns: dict[str, pd.Series] = {}
    for column in [c for c in records.columns if c in _canonical(records)]:
        # each publication's row to take the value from: its primary, or the member filling it
        rows = np.array(primary_rows, dtype=np.int64)
        if column not in NOT_FILLED:
            values = records[column]
            largest = column in COUNT_COLUMNS and times_cited == "max"
            positions, sources = _column_fills(
                column,
                _empty_rows(values, member_rows),
                dict(zip(member_rows, values.iloc[member_rows].tolist(), strict=True))
                if largest
                else None,
                multi,
                members_of,
                record_ids=record_ids,
                notes=notes,
            )
            rows[positions] = sources
        # one take: the primaries' values and the fills (a text column held twice at most)
        columns[column] = records[column].take(rows).reset_index(drop=True)
        if release:
            del records[column]
    publications = pd.DataFrame(columns)
    filled_from = np.full(len(primary_rows), "", dtype=object)
    for position, _ in multi:
        filled_from[position] = text.join_multi(notes[position])
    for column, joined in provenance.items():
        publications[column] = pd.array(
            joined, dtype="int64" if column == "n_entries" else "string"
        )
    publications["filled_from"] = pd.array(filled_from, dtype="string")
    return publications


def _empty_rows(values: pd.Series, rows: list[int]) -> dict[int, bool]:
    """Whether each of `rows` is empty in `values` (`_is_empty`), their values made Python
    objects a slice at a time: the members' abstracts of a million records take gigabytes."""
    empty: dict[int, bool] = {}
    for start in range(0, len(rows), _EMPTY_SLICE):
        part = rows[start : start + _EMPTY_SLICE]
        empty.update(zip(part, map(_is_empty, values.iloc[part].tolist()), strict=True))
    return empty


_EMPTY_SLICE = 10_000


def _provenance(
    records: pd.DataFrame,
    primary_rows: list[int],
    multi: list[tuple[int, int]],
    members_of: dict[int, list[int]],
    member_rows: list[int],
    record_ids: np.ndarray,
) -> dict[str, np.ndarray]:
    """Per publication: its entries (`n_entries`), its records (`member_record_ids`, the primary
    first) and the `databases` and `search_runs` of all of them."""
    entry_counts = records["n_entries"].to_numpy(dtype=np.int64)
    n_entries = entry_counts[primary_rows].copy()
    member_ids = record_ids[primary_rows].astype(object)
    joined = {
        c: np.array(
            [
                _sorted_multi([v])
                for v in records[c].astype("string").fillna("").to_numpy()[primary_rows]
            ],
            dtype=object,
        )
        for c in ("databases", "search_runs")
    }
    values = {
        c: dict(zip(member_rows, records[c].iloc[member_rows].tolist(), strict=True))
        for c in ("databases", "search_runs")
    }
    for position, primary in multi:
        members = members_of[primary]
        n_entries[position] = int(entry_counts[members].sum())
        others = sorted((m for m in members if m != primary), key=lambda m: record_ids[m])
        member_ids[position] = text.join_multi([record_ids[m] for m in [primary, *others]])
        for column in ("databases", "search_runs"):
            joined[column][position] = _sorted_multi([values[column][m] for m in members])
    return {
        "n_entries": n_entries,
        "member_record_ids": member_ids,
        "databases": joined["databases"],
        "search_runs": joined["search_runs"],
    }


def _column_fills(
    column: str,
    empty: dict[int, bool],
    counts: dict[int, Any] | None,
    multi: list[tuple[int, int]],
    members_of: dict[int, list[int]],
    *,
    record_ids: np.ndarray,
    notes: dict[int, list[str]],
) -> tuple[list[int], list[int]]:
    """The publications (positions) whose `column` comes from another member than the primary,
    and those members' rows: the largest of the cluster's `counts` (when given, ties to the
    earlier member) or, when the primary's is `empty`, the first filled member's. Each is noted
    in `notes[position]` as `column=record_id`."""
    positions: list[int] = []
    sources: list[int] = []
    for position, primary in multi:
        members = members_of[primary]  # the primary first, then by completeness
        source = primary
        if counts is not None:
            filled = [(int(counts[m]), -rank, m) for rank, m in enumerate(members)
                      if not empty[m]]  # fmt: skip
            source = max(filled)[2] if filled else primary
        elif empty[primary]:
            source = next((m for m in members[1:] if not empty[m]), primary)
        if source != primary:
            positions.append(position)
            sources.append(source)
            notes[position].append(f"{column}={record_ids[source]}")
    return positions, sources


def _sorted_multi(values: list[object]) -> str:
    """Distinct parts of `; `-joined values, sorted, joined again."""
    if len(values) == 1 and isinstance(values[0], str) and ";" not in values[0]:
        return values[0].strip()
    return text.join_multi(sorted({p for v in values for p in text.split_multi(v)}))


def _canonical(records: pd.DataFrame) -> set[str]:
    return {
        c for c in records.columns if c not in {"n_entries", "entries", "databases", "search_runs"}
    }


def linked_reports(clusters: pd.DataFrame) -> list[str]:
    """The record_ids that `clusters.csv` links as reports of another record's study (rule
    `report`): errata, retraction notices, earlier versions. They are no duplicates."""
    linked: list[str] = (
        clusters.loc[clusters["rule"].astype(str) == "report", "record_id"].astype(str).tolist()
    )
    return linked
