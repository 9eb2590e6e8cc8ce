"""Deduplication: the records table in, clusters, a review sheet and publications out.

`deduplicate(records, verdicts, config)` runs the passes cheapest first — same record_id
(entries of one record collapse), same UT, same DOI, same PMID, then blocked fuzzy matching —
applies the reviewers' verdicts, and returns a `DedupResult` with the tables of the
`results/dedup` contract (docs/data-contracts.md): `clusters`, `review`, `publications`,
`summary`. `write_outputs(result, out_dir)` writes them. Nothing is deleted: every record_id is
a row of `clusters`, linked to its publication with the rule, score and evidence that joined it.

Inputs are the records table of `results/ingest` and, optionally, the verdicts file
(`data/dedup/verdicts.csv`, schema `dedup_verdicts`); settings come from the config's `dedup`
section (`DedupSettings`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from metasynth import text
from metasynth.dedup.apart import keep_apart, one_article_per_report, unplaced_bridges
from metasynth.dedup.blocking import CandidatePairs, candidate_pairs
from metasynth.dedup.clusters import (
    COUNT_COLUMNS,
    Edges,
    Links,
    apply_verdicts,
    build_publications,
    choose_primaries,
    completeness_order,
    make_edges,
    spanning_links,
)
from metasynth.dedup.evidence import Identifiers
from metasynth.dedup.former import former_record_ids
from metasynth.dedup.passes import IdPassResult, id_pass, ut_pass
from metasynth.dedup.prepare import (
    MATCH_COLUMNS,
    EntryGroups,
    MatchKeys,
    check_columns,
    collapse_entries,
    entry_groups,
    join_columns,
    match_keys,
)
from metasynth.dedup.score import ScoredPairs, score_pairs
from metasynth.dedup.settings import DedupSettings
from metasynth.dedup.verdicts import VERDICT_COLUMNS, Verdicts, check_verdicts, read_verdicts
from metasynth.errors import Notice
from metasynth.tables import TableColumns, table_columns, write_table

__all__ = [
    "OUTPUT_FILES",
    "STEPS",
    "DedupResult",
    "DedupSettings",
    "deduplicate",
    "read_verdicts",
    "write_outputs",
]

OUTPUT_FILES = {
    "clusters": "clusters.csv",
    "review": "review.csv",
    "publications": "publications.parquet",
    "publications_csv": "publications.csv",
    "summary": "summary.csv",
}
"""Output key -> file name, under results/dedup/ (the workflow) or --out-dir (the CLI)."""

STEPS = ("same_id", "ut", "doi", "pmid", "blocking", "fuzzy", "clusters", "publications")
"""The steps `deduplicate` reports to its progress callback, in order."""

REVIEW_CONTEXT = ("title", "year", "authors", "source_title", "volume", "pages", "doi", "doc_type")


@dataclass(frozen=True)
class DedupResult:
    """The tables of results/dedup, and the notices to report."""

    clusters: pd.DataFrame
    review: pd.DataFrame
    publications: pd.DataFrame
    summary: pd.DataFrame
    notices: list[Notice] = field(default_factory=list)

    @property
    def n_review(self) -> int:
        return len(self.review)

    def describe(self) -> str:
        """One line for people: how many records became how many publications, and the queue."""
        counts = {k: int(n) for s, k, n in self.summary.itertuples(index=False) if s == "input"}

        identified = text.records_identified(counts.get("entries", 0), counts.get("records", 0))
        publications = text.plural(counts.get("publications", 0), "publication")
        set_aside = text.records_set_aside(
            counts.get("duplicates_removed", 0), counts.get("linked_reports", 0)
        )
        return f"{identified} -> {publications} ({set_aside}), {self.n_review:,} pair(s) to review"


def _format_score(value: float) -> str:
    return "" if value != value else f"{value:.3f}"


def _key_notices(keys: MatchKeys) -> list[Notice]:
    """What the match keys read otherwise than the records say: an issue column of record
    numbers, Embase's citation read out of the source title, DOIs with their punctuation
    dropped or changed read as one."""
    notices: list[Notice] = []
    if keys.issue_ignored:
        notices.append(
            Notice(
                "info",
                "the issue column holds a different value for (nearly) every record, which "
                "makes it a record number rather than an issue: issues are not compared",
                element="column issue",
            )
        )

    read, contradicted = keys.cited_in_source
    if read:
        notices.append(
            Notice(
                "info",
                f"{read:,} record(s) write Embase's whole citation as the source title "
                "(`Journal.63 (9) ()(pp 832-839) 2008.…`): its journal, volume, issue and pages "
                "are compared where the record's own fields are empty"
                + (
                    f"; {contradicted:,} of them carry a volume, issue or pages the citation "
                    "contradicts, and the field's value is compared"
                    if contradicted
                    else ""
                ),
                element="column source_title",
            )
        )

    if keys.doi_read_as:
        shown = "; ".join(f"{written} as {read_as}" for written, read_as in keys.doi_read_as[:5])
        more = len(keys.doi_read_as) - 5
        notices.append(
            Notice(
                "info",
                f"{len(keys.doi_read_as):,} DOI(s) are written with their punctuation dropped "
                f"or changed ({shown}{f' and {more} more' if more > 0 else ''}): each is "
                "compared as one spelling, the one keeping the most of it, and weighed as any "
                "DOI (rule doi)",
                element="column doi",
            )
        )
    return notices


def deduplicate(
    records: pd.DataFrame | TableColumns,
    verdicts: pd.DataFrame | None = None,
    config: Mapping[str, Any] | None = None,
    *,
    records_file: str | None = None,
    verdicts_file: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
    run_versions: Mapping[str, int] | None = None,
    score: Scorer = score_pairs,
) -> DedupResult:
    """Find duplicate records and link them into publications (see the module docstring).

    `records`: the records table (one row per entry), or its columns to read (`table_columns`
    of its file): the columns matching uses are read first (`MATCH_COLUMNS`), the others only
    once the match keys are let go, to build the publications. `verdicts`: the verdicts file
    as read by `read_verdicts` (or None). `config`: the `dedup` config section
    (`DedupSettings.from_config`).
    `progress` is called with each step's name (STEPS) before it runs. `run_versions` (search
    run id → review version, from the search manifest) keeps the primary of a cluster among the
    records of the earliest review version, so publications keep their keys across updates.
    `score` scores the candidate pairs (`score_pairs`; the union of partitions' scores when the
    workflow scores them in jobs of their own, `metasynth.dedup.partition`).
    """
    settings = DedupSettings.from_config(config)

    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    step("same_id")
    table = records if isinstance(records, TableColumns) else table_columns(records)
    del records  # the collapsed records hold what is needed (and the caller may let it go)
    collapsed, groups, entry_databases = _collapse_matching(table, settings, records_file)
    record_ids = collapsed["record_id"].astype(str).to_numpy(dtype=object)
    row_of = {record_id: row for row, record_id in enumerate(record_ids.tolist())}
    former = former_record_ids(collapsed)
    checked = (
        check_verdicts(
            verdicts,
            row_of,
            file=verdicts_file or settings.verdicts,
            former=_named_by(former, record_ids),
        )
        if verdicts is not None
        else Verdicts.empty()
    )
    keys = match_keys(collapsed, settings)
    notices: list[Notice] = list(checked.notices)
    notices.extend(_key_notices(keys))

    front = pairs_to_score(keys, settings, step)
    parts, candidates = list(front.edges), front.candidates
    notices.extend(front.notices)

    step("fuzzy")
    scored = score(keys, front.left, front.right, settings, front.ids)
    joins = Edges.concat([e for e in parts if len(e)])
    by_id = joins.rule != "report"
    pairs = one_article_per_report(
        keys,
        keep_apart(
            keys,
            unplaced_bridges(keys, scored.table, settings),
            (joins.left[by_id], joins.right[by_id]),
            settings,
            front.ids,
        ),
    )
    for outcome, rule in (("duplicate", "fuzzy"), ("report", "report")):
        found = pairs[pairs["outcome"] == outcome]
        parts.append(
            make_edges(
                found["left"].to_numpy(),
                found["right"].to_numpy(),
                rule,
                found["score"].to_numpy(),
                found["evidence"].to_numpy(dtype=object),
            )
        )

    step("clusters")
    edges = Edges.concat(parts)
    labels, edges = apply_verdicts(len(collapsed), edges, checked.decided, row_of, record_ids)
    # a report (an erratum, an earlier version) is never its study's primary record
    reports = np.zeros(len(collapsed), dtype=bool)
    reports[edges.left[edges.rule == "report"]] = True
    dois = keys.doi
    del keys, front  # most of the memory held; the publications do not need them
    # the records' other columns, one at a time: every column counts for completeness
    collapsed = join_columns(collapsed, table, groups, _largest(settings))
    order = completeness_order(collapsed, first_export_versions(collapsed, run_versions), reports)
    primaries = choose_primaries(labels, order)
    links = spanning_links(primaries, edges, record_ids)
    clusters = _clusters_table(collapsed, primaries, links, former)
    notices.extend(_mixed_identifier_notices(dois, primaries, record_ids, reports))
    review = _review_table(
        collapsed, pairs[pairs["outcome"] == "review"], labels, primaries, checked
    )

    step("publications")
    n_records = len(collapsed)
    # the publications take the collapsed records' columns one by one, releasing each
    publications = build_publications(
        collapsed, labels, primaries, order, settings.times_cited, release=True
    )
    del collapsed
    summary = _summary_table(
        entry_databases, n_records, clusters, review, candidates, scored, checked
    )
    return DedupResult(clusters, review, publications, summary, notices)


Scorer = Callable[[MatchKeys, np.ndarray, np.ndarray, DedupSettings, Identifiers], ScoredPairs]
"""Scores candidate pairs: `score_pairs(keys, left, right, settings, ids)` or a stand-in."""


@dataclass(frozen=True)
class PairsToScore:
    """What the identifier passes joined and the candidate pairs left for the fuzzy pass (row
    positions, left < right, in ascending order of `left * n_records + right`)."""

    edges: list[Edges]
    notices: list[Notice]
    ids: Identifiers
    candidates: CandidatePairs
    left: np.ndarray
    right: np.ndarray


def collapse_records(
    records: pd.DataFrame,
    settings: DedupSettings,
    records_file: str | None = None,
    groups: EntryGroups | None = None,
) -> pd.DataFrame:
    """The records with the entries of one record_id collapsed (`collapse_entries`)."""
    return collapse_entries(records, file=records_file, largest=_largest(settings), groups=groups)


def _collapse_matching(
    table: TableColumns, settings: DedupSettings, records_file: str | None
) -> tuple[pd.DataFrame, EntryGroups, Counter[str]]:
    """The columns matching uses (`MATCH_COLUMNS`) collapsed, their entry groups, and how many
    entries each database exported."""
    entries = table.read(MATCH_COLUMNS)
    check_columns(entries, file=records_file)
    groups = entry_groups(entries, file=records_file)
    return (
        collapse_records(entries, settings, records_file, groups),
        groups,
        _entry_databases(entries),
    )


def _largest(settings: DedupSettings) -> tuple[str, ...]:
    """The columns whose largest value a record's entries keep (else the first)."""
    return COUNT_COLUMNS if settings.times_cited == "max" else ()


def pairs_to_score(
    keys: MatchKeys, settings: DedupSettings, step: Callable[[str], None] = lambda name: None
) -> PairsToScore:
    """The identifier passes (UT, DOI, PMID) and blocking: the pairs the fuzzy pass scores are
    the blocked pairs and those the identifier passes declined to join."""
    step("ut")
    edges = [make_edges(*ut_pass(keys), "ut", 1.0, "same ut")]
    notices: list[Notice] = []
    passes: dict[str, IdPassResult] = {}
    for rule, values in (("doi", keys.doi), ("pmid", keys.pmid)):
        step(rule)
        passes[rule] = id_pass(keys, values, rule, settings)
        edges += _pass_edges(passes[rule])
        notices.extend(passes[rule].notices)
    ids = Identifiers(passes["doi"].usable, passes["pmid"].usable, passes["doi"].set_aside)

    step("blocking")
    candidates = candidate_pairs(keys, settings)
    extra_left = np.concatenate([candidates.left, *(p.declined_left for p in passes.values())])
    extra_right = np.concatenate([candidates.right, *(p.declined_right for p in passes.values())])
    pair_codes = np.unique(
        np.minimum(extra_left, extra_right) * max(len(keys), 1)
        + np.maximum(extra_left, extra_right)
    )
    left = pair_codes // max(len(keys), 1)
    right = pair_codes % max(len(keys), 1)
    return PairsToScore(edges, notices, ids, candidates, left, right)


def _pass_edges(result: IdPassResult) -> list[Edges]:
    """The records an identifier pass joined (its rule) and the notices it linked (`report`)."""
    return [
        make_edges(result.left, result.right, result.rule, 1.0, f"same {result.rule}"),
        make_edges(
            result.report_left,
            result.report_right,
            "report",
            1.0,
            f"a notice with its article's {result.rule}",
        ),
    ]


def first_export_versions(
    collapsed: pd.DataFrame, run_versions: Mapping[str, int] | None
) -> np.ndarray | None:
    """The first review version that exported each record (its runs' lowest), or None when the
    review has a single version (nothing to prefer). A run without a version counts as 1."""
    if not run_versions or len(set(run_versions.values())) < 2:
        return None
    runs = collapsed["search_runs"].astype("string").fillna("").to_numpy(dtype=object)
    return np.array(
        [min((run_versions.get(r, 1) for r in text.split_multi(v)), default=1) for v in runs],
        dtype=np.int64,
    )


def _mixed_identifier_notices(
    dois: np.ndarray, primaries: np.ndarray, record_ids: np.ndarray, reports: np.ndarray
) -> list[Notice]:
    """A warning per cluster that joins records with different DOIs (the reports linked to it,
    which have DOIs of their own, aside).

    A link joins two DOIs that differ only when the whole citation agrees, but a chain can join
    them otherwise; the reviewer should look (a `distinct` verdict on one link splits it).
    """
    dois_of: dict[int, set[str]] = {}
    for row in np.flatnonzero((dois != "") & ~reports).tolist():
        dois_of.setdefault(int(primaries[row]), set()).add(str(dois[row]))
    return [
        Notice(
            "warning",
            f"joins records with different DOIs ({', '.join(sorted(dois))}); check it, and "
            "split it with a 'distinct' verdict if it is two publications",
            element=f"cluster {record_ids[primary]}",
        )
        for primary, dois in sorted(dois_of.items(), key=lambda item: str(record_ids[item[0]]))
        if len(dois) > 1
    ]


def _named_by(former: np.ndarray, record_ids: np.ndarray) -> dict[str, list[str]]:
    """Former id → the record_ids it names now."""
    named: dict[str, list[str]] = {}
    for row in np.flatnonzero(former != "").tolist():
        named.setdefault(str(former[row]), []).append(str(record_ids[row]))
    return named


def _clusters_table(
    collapsed: pd.DataFrame, primaries: np.ndarray, links: Links, former: np.ndarray
) -> pd.DataFrame:
    record_ids = collapsed["record_id"].astype(str).to_numpy()
    is_primary = primaries == np.arange(len(collapsed))
    table = pd.DataFrame(
        {
            "cluster_id": pd.array(record_ids[primaries], dtype="string"),
            "record_id": pd.array(record_ids, dtype="string"),
            "is_primary": is_primary,
            "rule": pd.array(links.rule.astype(str), dtype="string"),
            "score": pd.array([_format_score(s) for s in links.score], dtype="string"),
            "matched_to": pd.array(
                [record_ids[p] if p >= 0 else "" for p in links.parent.tolist()], dtype="string"
            ),
            "evidence": pd.array(links.evidence.astype(str), dtype="string"),
            "n_entries": collapsed["n_entries"].to_numpy(dtype=np.int64),
            "entries": collapsed["entries"].astype("string"),
            "database": collapsed["databases"].astype("string"),
            "former_id": pd.array(former.astype(str), dtype="string"),
        }
    )
    table = table.sort_values(
        ["cluster_id", "is_primary", "record_id"], ascending=[True, False, True], kind="stable"
    )
    return table.reset_index(drop=True)


def _review_table(
    collapsed: pd.DataFrame,
    review_pairs: pd.DataFrame,
    labels: np.ndarray,
    primaries: np.ndarray,
    checked: Verdicts,
) -> pd.DataFrame:
    """Pairs needing a verdict: one per pair of clusters (the best-scored), not yet decided."""
    record_ids = collapsed["record_id"].astype(str).to_numpy()
    row_of = {r: i for i, r in enumerate(record_ids.tolist())}
    separated = {
        tuple(sorted((int(labels[row_of[v.record_id_a]]), int(labels[row_of[v.record_id_b]]))))
        for v in checked.decided
        if v.verdict == "distinct"
    }
    rows: dict[tuple[int, int], tuple[float, int, int, int, str]] = {}
    for a, b, score, support, evidence in review_pairs[
        ["left", "right", "score", "support", "evidence"]
    ].itertuples(index=False):
        cluster_pair = tuple(sorted((int(labels[a]), int(labels[b]))))
        if cluster_pair[0] == cluster_pair[1] or cluster_pair in separated:
            continue  # already one publication, or a reviewer kept the two apart
        low, high = sorted((int(a), int(b)), key=lambda r: record_ids[r])
        candidate = (float(score), int(support), low, high, str(evidence))
        best = rows.get(cluster_pair)  # type: ignore[arg-type]
        if best is None or (candidate[0], candidate[1]) > (best[0], best[1]):
            rows[cluster_pair] = candidate  # type: ignore[index]
    records = []
    for score, support, low, high, evidence in rows.values():
        row: dict[str, Any] = {
            "record_id_a": record_ids[low],
            "record_id_b": record_ids[high],
            "verdict": "",
            "reviewer": "",
            "date": "",
            "note": "",
            "score": f"{score:.3f}",
            "support": support,
            "evidence": evidence,
        }
        for column in REVIEW_CONTEXT:
            for suffix, position in (("a", low), ("b", high)):
                value = collapsed[column].iat[position] if column in collapsed else ""
                row[f"{column}_{suffix}"] = text.as_text(value)
        row["cluster_a"] = record_ids[primaries[low]]
        row["cluster_b"] = record_ids[primaries[high]]
        records.append(row)
    columns = [
        *VERDICT_COLUMNS,
        "score",
        "support",
        "evidence",
        *(f"{c}_{s}" for c in REVIEW_CONTEXT for s in ("a", "b")),
        "cluster_a",
        "cluster_b",
    ]
    table = pd.DataFrame(records, columns=columns)
    table = table.sort_values(
        ["score", "support", "record_id_a", "record_id_b"],
        ascending=[False, False, True, True],
        kind="stable",
    ).reset_index(drop=True)
    for column in columns:
        table[column] = table[column].astype("int64" if column == "support" else "string")
    return table


def _entry_databases(entries: pd.DataFrame) -> Counter[str]:
    """How many entries each database exported ("" for none)."""
    databases = (
        entries["database"].astype("string").fillna("")
        if "database" in entries
        else pd.Series([""] * len(entries), dtype="string")
    )
    return Counter(databases.tolist())


def _summary_table(
    entry_databases: Counter[str],
    n_records: int,
    clusters: pd.DataFrame,
    review: pd.DataFrame,
    candidates: CandidatePairs,
    scored: ScoredPairs,
    checked: Verdicts,
) -> pd.DataFrame:
    n_publications = int(clusters["is_primary"].sum())
    joined = Counter(clusters.loc[~clusters["is_primary"], "rule"].tolist())
    n_reports = int(joined.get("report", 0))
    n_entries = sum(entry_databases.values())
    rows: list[tuple[str, str, int]] = [
        ("input", "entries", n_entries),
        ("input", "records", n_records),
        ("input", "publications", n_publications),
        ("input", "linked_reports", n_reports),
        ("input", "duplicates_removed", n_entries - n_publications - n_reports),
    ]
    rows.append(("rule", "same_id", n_entries - n_records))
    rows.extend(
        ("rule", name, int(joined.get(name, 0)))
        for name in ("ut", "doi", "pmid", "fuzzy", "verdict", "report")
    )
    for database, count in sorted(entry_databases.items()):
        rows.append(("database_identified", database or "(none)", int(count)))
    primary_databases = Counter(
        text.split_multi(d)[0] if text.split_multi(d) else "(none)"
        for d in clusters.loc[clusters["is_primary"], "database"].tolist()
    )
    for database, count in sorted(primary_databases.items()):
        rows.append(("database_publications", database, int(count)))
    rows.append(("review", "queue", len(review)))
    verdict_counts = Counter(v.verdict for v in checked.decided)
    rows.append(("review", "verdicts_duplicate", int(verdict_counts.get("duplicate", 0))))
    rows.append(("review", "verdicts_distinct", int(verdict_counts.get("distinct", 0))))
    rows.append(("review", "verdicts_open", checked.n_open))
    for name, count in candidates.proposed.items():
        rows.append(("blocking", name, int(count)))
    rows.append(("blocking", "pairs_compared", int(scored.n_compared)))
    outcomes = Counter(scored.table["outcome"].tolist())
    rows.append(("fuzzy", "duplicate", int(outcomes.get("duplicate", 0))))
    rows.append(("fuzzy", "report", int(outcomes.get("report", 0))))
    rows.append(("fuzzy", "review", int(outcomes.get("review", 0))))
    rows.append(("fuzzy", "distinct", int(scored.n_distinct)))
    summary = pd.DataFrame(rows, columns=["section", "key", "n"])
    summary["section"] = summary["section"].astype("string")
    summary["key"] = summary["key"].astype("string")
    summary["n"] = summary["n"].astype("int64")
    return summary


def write_outputs(result: DedupResult, out_dir: str | Path) -> dict[str, Path]:
    """Write the result's tables under `out_dir` (OUTPUT_FILES names); returns the paths."""
    out = Path(out_dir)
    paths = {key: out / name for key, name in OUTPUT_FILES.items()}
    write_table(result.clusters, paths["clusters"])
    write_table(result.review, paths["review"])
    write_table(result.publications, paths["publications"])
    write_table(result.publications, paths["publications_csv"])
    write_table(result.summary, paths["summary"])
    return paths
