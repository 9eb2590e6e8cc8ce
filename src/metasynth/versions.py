"""Review versions: which publications and records are new in the latest version of the review.

An updated review (PRISMA 2020) adds search runs with a higher `review_version` in
`data/raw/searches.yaml`. A publication belongs to the version that first found it: the lowest
version among the runs that exported any of its records. Publications first found by the latest
version are *new*; the others are *previous* (their included studies are PRISMA's "previous
studies"). With a single version every publication is new, as in a review never updated.

Inputs: the search runs (`metasynth.searches.load_searches`; none when the raw folder has no
manifest: then every record is version 1), the entries of the records table (`record_id`,
`search_run`, `database`) and the dedup clusters (`results/dedup/clusters.csv`).

Outputs (rule `track_versions`, results/versions/):

- `publication_versions`: one row per publication — `record_id`, `review_version` (the first
  version that found it), `is_new`, `search_runs`, `n_records`, `new_record_ids` (its records
  first exported by a latest-version run). Sorted by record_id.
- `version_records`: one row per record exported by a latest-version run, with what became of it
  (`outcome`, see `OUTCOMES`), the publication it joined and how (rule, matched_to, evidence).
- `run_summary`: one row per search run — entries, records, publications, publications it added
  (found by no earlier run: earlier version, then earlier date, then id) and publications first
  found by an earlier review version.
- `update_notices`: a `Notice` for each run that added nothing ("0 new publications; N records
  duplicate existing ones"), naming the manifest line of the run: not an error, never silent.
- `date_order_notices`: a `Notice` for each run searched before a run of an earlier review
  version (a date mistyped, or the wrong `review_version`), naming its `date_searched` line.
- `reexport_notices`: a `Notice` for each export file that repeats records (same record_id) of
  an earlier file of its own run: one search exported twice (a re-export added later, often to a
  version already reported), which counts those records twice among the records identified —
  for an earlier version, in the previous version's records. Naming the file and its line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from metasynth.errors import InputError, Notice
from metasynth.searches import SearchRun
from metasynth.text import MULTI_SEP, as_text
from metasynth.validation import yaml_line

OUTCOMES: tuple[tuple[str, str], ...] = (
    ("new_publication", "a new publication (its primary record)"),
    ("duplicate_of_new", "another record of a new publication (found twice by the new searches)"),
    ("duplicate_of_previous", "a new record of a publication found by an earlier version"),
    ("already_in_previous", "the same record (same record_id) was exported by an earlier version"),
)
"""What became of a record of the latest version's searches, in the order the table lists them."""

PUBLICATION_COLUMNS = [
    "record_id",
    "review_version",
    "is_new",
    "search_runs",
    "n_records",
    "new_record_ids",
]
RECORD_COLUMNS = [
    "record_id",
    "outcome",
    "publication_id",
    "publication_version",
    "search_runs",
    "database",
    "n_entries",
    "rule",
    "matched_to",
    "evidence",
]
ENTRY_COLUMNS = [
    "record_id",
    "search_run",
    "database",
    "source_file",
    "source_line",
    "doc_type",
    "doc_type_norm",
    "doi",
]
"""The records table's columns these functions read: a job reads only these (every column of a
million records takes gigabytes)."""
RUN_COLUMNS = [
    "search_run",
    "review_version",
    "database",
    "date_searched",
    "n_files",
    "n_entries",
    "n_records",
    "n_publications",
    "n_added_publications",
    "n_previous_version_publications",
]


def run_versions(runs: Sequence[SearchRun]) -> dict[str, int]:
    """Search run id → its review version."""
    return {run.id: run.review_version for run in runs}


def latest_of(runs: Sequence[SearchRun]) -> int:
    """The latest review version (1 without runs: a review without a manifest)."""
    return max((run.review_version for run in runs), default=1)


def entry_versions(
    entries: pd.DataFrame, versions: Mapping[str, int], *, file: str | Path | None = None
) -> pd.Series:
    """The review version of each entry, from its `search_run` ("" = version 1, no manifest).

    A run that the manifest does not declare is an InputError: the records table was written
    with another manifest than the one this run reads.
    """
    if "search_run" not in entries or not versions:
        return pd.Series([1] * len(entries), index=entries.index, dtype="int64")
    runs = _column(entries, "search_run")
    unknown = sorted(set(runs) - set(versions) - {""})
    if unknown:
        raise InputError(
            f"search run(s) {', '.join(unknown)} of the records table are not in the manifest",
            file=file,
            hint="re-run ingestion (the manifest changed since the records table was written): "
            "snakemake --forcerun ingest_exports",
        )
    return runs.map(lambda run: versions.get(run, 1)).astype("int64")


CLUSTER_COLUMNS = ("cluster_id", "record_id", "rule", "matched_to", "evidence")
"""The clusters' columns these functions read."""


def _cluster_columns(clusters: pd.DataFrame) -> pd.DataFrame:
    """The clusters' columns read here, as str ("" where missing or absent), one row per
    record_id (the last, should one repeat)."""
    table = pd.DataFrame({column: _column(clusters, column) for column in CLUSTER_COLUMNS})
    return table.drop_duplicates("record_id", keep="last")


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A text column as str ("" where missing or absent)."""
    if name not in frame:
        return pd.Series([""] * len(frame), index=frame.index, dtype="object")
    return frame[name].astype("string").fillna("").astype(str)


def _distinct(values: pd.Series) -> str:
    return MULTI_SEP.join(sorted({v for v in values if v}))


def _record_versions(entries: pd.DataFrame, versions: pd.Series) -> pd.Series:
    """The first version that exported each record, indexed by record_id."""
    frame = pd.DataFrame({"record_id": entries["record_id"].astype(str), "version": versions})
    return frame.groupby("record_id")["version"].min()


def _lookup(values: pd.Series, table: pd.Series, missing: int) -> np.ndarray:
    """`table[value]` of each value (`missing` where `table` has none), as int64."""
    found: np.ndarray = values.map(table).fillna(missing).to_numpy(dtype=np.int64)
    return found


def _joined_per_key(keys: pd.Series, values: pd.Series) -> pd.Series:
    """Each key's distinct non-empty values, sorted and joined (`_distinct`), indexed by key
    in sorted order. A key with one value takes it as it is: most records have one entry, and
    only the others need Python to join theirs."""
    frame = pd.DataFrame({"key": keys.to_numpy(), "value": values.to_numpy()})
    repeated = frame["key"].duplicated(keep=False).to_numpy()
    single = frame[~repeated].set_index("key")["value"]
    several = frame[repeated].groupby("key", sort=False)["value"].agg(_distinct)
    return pd.concat([single, several]).astype(str).sort_index()


def publication_versions(
    entries: pd.DataFrame,
    clusters: pd.DataFrame,
    runs: Sequence[SearchRun],
    *,
    records_file: str | Path | None = None,
) -> pd.DataFrame:
    """One row per publication: the version that first found it and whether it is new."""
    versions = entry_versions(entries, run_versions(runs), file=records_file)
    latest = latest_of(runs)
    members = _cluster_columns(clusters)[["cluster_id", "record_id"]]
    members = members.assign(
        first=_lookup(members["record_id"], _record_versions(entries, versions), 1)
    ).sort_values(["cluster_id", "record_id"])
    grouped = members.groupby("cluster_id", sort=False)
    first = grouped["first"].min()
    frame = pd.DataFrame(
        {
            "record_id": first.index,
            "review_version": first.to_numpy(),
            "is_new": first.to_numpy() == latest,
            "search_runs": _publication_runs(entries, members).reindex(first.index, fill_value=""),
            "n_records": grouped.size().to_numpy(),
            "new_record_ids": "",
        },
        columns=PUBLICATION_COLUMNS,
    )
    if latest > 1:
        new = members[members["first"] == latest]
        joined = new.groupby("cluster_id", sort=False)["record_id"].agg(MULTI_SEP.join)
        frame["new_record_ids"] = joined.reindex(first.index, fill_value="").to_numpy()
    frame["review_version"] = frame["review_version"].astype("int64")
    frame["is_new"] = frame["is_new"].astype("bool")
    frame["n_records"] = frame["n_records"].astype("int64")
    for column in ("record_id", "search_runs", "new_record_ids"):
        frame[column] = frame[column].astype("string")
    return frame.reset_index(drop=True)


def _publication_runs(entries: pd.DataFrame, members: pd.DataFrame) -> pd.Series:
    """Each publication's search runs (of its records' entries), sorted and joined; only the
    publications with a run."""
    runs = pd.DataFrame(
        {"record_id": entries["record_id"].astype(str), "run": _column(entries, "search_run")}
    )
    runs = runs[runs["run"] != ""].drop_duplicates()
    pairs = members[["cluster_id", "record_id"]].merge(runs, on="record_id")
    pairs = pairs[["cluster_id", "run"]].drop_duplicates()
    return _joined_per_key(pairs["cluster_id"], pairs["run"])


def version_records(
    entries: pd.DataFrame,
    clusters: pd.DataFrame,
    runs: Sequence[SearchRun],
    publications: pd.DataFrame,
    *,
    records_file: str | Path | None = None,
) -> pd.DataFrame:
    """One row per record exported by a run of the latest version: what became of it.

    `publications` is `publication_versions(...)`. Sorted by outcome (OUTCOMES order), then
    record_id.
    """
    versions = entry_versions(entries, run_versions(runs), file=records_file)
    latest = latest_of(runs)
    mine = (versions == latest).to_numpy()
    record_ids = entries["record_id"].astype(str)[mine]
    frame = pd.DataFrame(
        {
            "n_entries": record_ids.value_counts().sort_index(),
            "search_runs": _joined_per_key(record_ids, _column(entries, "search_run")[mine]),
            "database": _joined_per_key(record_ids, _column(entries, "database")[mine]),
        }
    )
    frame = frame.join(_cluster_columns(clusters).set_index("record_id"), how="left")
    unplaced = frame["cluster_id"].isna().to_numpy()
    if unplaced.any():
        raise InputError(
            f"record {frame.index[int(np.flatnonzero(unplaced)[0])]} is in the records table "
            "but not in the clusters",
            hint="re-run deduplication (snakemake --forcerun match_duplicates)",
        )
    first_of_publication = pd.Series(
        publications["review_version"].astype(int).to_numpy(),
        index=publications["record_id"].astype(str),
    )
    first_of_publication = first_of_publication[~first_of_publication.index.duplicated(keep="last")]
    frame["publication_version"] = _lookup(frame["cluster_id"], first_of_publication, latest)
    first_of_record = _lookup(frame.index.to_series(), _record_versions(entries, versions), latest)
    outcome = np.select(
        [
            first_of_record < latest,
            frame["publication_version"].to_numpy() < latest,
            (frame["cluster_id"] == frame.index).to_numpy(),
        ],
        ["already_in_previous", "duplicate_of_previous", "new_publication"],
        "duplicate_of_new",
    )
    rank = {name: index for index, (name, _) in enumerate(OUTCOMES)}
    # the rows are in record_id order: a stable sort by outcome keeps it within each outcome
    order = np.argsort([rank[name] for name in outcome], kind="stable")
    table = pd.DataFrame(
        {
            "record_id": frame.index.to_numpy(),
            "outcome": outcome,
            "publication_id": frame["cluster_id"].to_numpy(),
            "publication_version": frame["publication_version"].to_numpy(),
            "search_runs": frame["search_runs"].to_numpy(),
            "database": frame["database"].to_numpy(),
            "n_entries": frame["n_entries"].to_numpy(),
            **{
                column: frame[column].str.strip().to_numpy()
                for column in ("rule", "matched_to", "evidence")
            },
        },
        columns=RECORD_COLUMNS,
    ).iloc[order]
    for column in RECORD_COLUMNS:
        if column in ("publication_version", "n_entries"):
            table[column] = table[column].astype("int64")
        else:
            table[column] = table[column].astype("string")
    return table.reset_index(drop=True)


def _run_order(runs: Sequence[SearchRun]) -> list[SearchRun]:
    """Runs in the order their contributions are counted: version, date searched, then their
    order in searches.yaml (two databases searched the same day count in the order the reviewer
    listed them, not by the alphabet of their ids)."""
    place = {run.id: index for index, run in enumerate(runs)}
    return sorted(runs, key=lambda run: (run.review_version, run.date_searched, place[run.id]))


def run_summary(
    entries: pd.DataFrame,
    clusters: pd.DataFrame,
    runs: Sequence[SearchRun],
    publications: pd.DataFrame,
) -> pd.DataFrame:
    """One row per search run: what it exported and what it added (see the module docstring).
    A publication is added by the first run (in `_run_order`) that reached it."""
    ordered = _run_order(runs)
    cluster_table = _cluster_columns(clusters)
    publication_of = cluster_table.set_index("record_id")["cluster_id"]
    record_ids = entries["record_id"].astype(str)
    position = {run.id: index for index, run in enumerate(ordered)}
    frame = pd.DataFrame(
        {
            "position": _lookup(_column(entries, "search_run"), pd.Series(position), -1),
            "record_id": record_ids.to_numpy(),
            "publication": record_ids.map(publication_of).fillna(record_ids).to_numpy(),
        }
    )
    frame = frame[frame["position"] >= 0]
    reached = frame[["position", "publication"]].drop_duplicates()
    first_of_publication = first_version_of_publications(publications)
    earlier = _lookup(reached["publication"], pd.Series(first_of_publication, dtype="int64"), 1)
    own_version = np.array([run.review_version for run in ordered], dtype=np.int64)
    by_run = frame.groupby("position")
    n_entries, n_records = by_run.size(), by_run["record_id"].nunique()
    n_publications = reached.groupby("position").size()
    n_added = reached.groupby("publication")["position"].min().value_counts()
    previous = reached[earlier < own_version[reached["position"].to_numpy()]]
    n_previous = previous.groupby("position").size()
    rows = [
        {
            "search_run": run.id,
            "review_version": run.review_version,
            "database": run.database,
            "date_searched": run.date_searched,
            "n_files": len(run.files),
            "n_entries": int(n_entries.get(index, 0)),
            "n_records": int(n_records.get(index, 0)),
            "n_publications": int(n_publications.get(index, 0)),
            "n_added_publications": int(n_added.get(index, 0)),
            "n_previous_version_publications": int(n_previous.get(index, 0)),
        }
        for index, run in enumerate(ordered)
    ]
    frame = pd.DataFrame(rows, columns=RUN_COLUMNS)
    for column in RUN_COLUMNS:
        if column.startswith("n_") or column == "review_version":
            frame[column] = frame[column].astype("int64")
        else:
            frame[column] = frame[column].astype("string")
    return frame


def update_notices(
    summary: pd.DataFrame, manifest: str | Path | None = None, runs: Sequence[SearchRun] = ()
) -> list[Notice]:
    """A notice for every run whose records all duplicate publications found before it."""
    index_of = {run.id: index for index, run in enumerate(runs)}
    notices = []
    counted: list[tuple[int, str]] = []  # (version, id) of the runs before, in summary order
    for row in summary.to_dict("records"):
        run_id = str(row["search_run"])
        before = [other for version, other in counted if version == int(row["review_version"])]
        counted.append((int(row["review_version"]), run_id))
        if int(row["n_records"]) == 0 or int(row["n_added_publications"]) > 0:
            continue
        line = (
            yaml_line(manifest, ["searches", index_of[run_id], "id"])
            if manifest is not None and run_id in index_of
            else None
        )
        previous = int(row["n_previous_version_publications"])
        where = (
            f"{previous} of them found by an earlier review version"
            if previous
            else f"all found by {_run_list(before)} of this version, counted before it"
        )
        notices.append(
            Notice(
                "warning",
                f"search run {run_id} (review version {row['review_version']}): 0 new "
                f"publications; {int(row['n_records']):,} records duplicate existing ones "
                f"({int(row['n_publications']):,} publications, {where}). Nothing to screen "
                "from this run: check that the export is the one you meant to add",
                file=None if manifest is None else str(manifest),
                line=line,
            )
        )
    return notices


def _run_list(run_ids: Sequence[str]) -> str:
    """'search run a', 'search runs a, b', or the earlier runs unnamed when there are many."""
    if not run_ids:
        return "earlier runs"
    if len(run_ids) == 1:
        return f"search run {run_ids[0]}"
    if len(run_ids) <= 4:
        return "search runs " + ", ".join(run_ids)
    return f"the {len(run_ids)} search runs listed before it"


def date_order_notices(
    runs: Sequence[SearchRun], manifest: str | Path | None = None
) -> list[Notice]:
    """A warning for every run dated before the latest-dated run of an earlier review version:
    an update searches after the version it updates, so the date (or the version) is likely a
    slip. Not an error: the counts do not depend on the dates."""
    notices = []
    for run in sorted(runs, key=lambda r: (r.review_version, r.date_searched, r.id)):
        earlier = [r for r in runs if r.review_version < run.review_version]
        if not earlier:
            continue
        latest = max(earlier, key=lambda r: (r.date_searched, r.id))
        if run.date_searched >= latest.date_searched:
            continue
        notices.append(
            Notice(
                "warning",
                f"search run {run.id} (review version {run.review_version}) was searched on "
                f"{run.date_searched}, before search run {latest.id} of review version "
                f"{latest.review_version} ({latest.date_searched}): an update searches after "
                "the version it updates; check its date_searched and review_version",
                file=None if manifest is None else str(manifest),
                line=None
                if manifest is None
                else yaml_line(manifest, ["searches", run.index, "date_searched"]),
            )
        )
    return notices


def reexport_notices(
    entries: pd.DataFrame, runs: Sequence[SearchRun], manifest: str | Path | None = None
) -> list[Notice]:
    """A warning for every file of a run whose records (by record_id) an earlier file of the
    same run already exported. One search's export split into files never repeats a record, so
    the file is a re-export of the same search; its records count twice as identified."""
    if "source_file" not in entries.columns or "search_run" not in entries.columns:
        return []
    latest = latest_of(runs) if runs else 1
    notices = []
    for run in runs:
        own = entries[entries["search_run"].astype(str) == run.id]
        files = own["source_file"].astype(str)
        seen: dict[str, str] = {}
        for index, name in enumerate(run.files):
            ids = own.loc[(files == name) | files.str.endswith("/" + name), "record_id"]
            ids = ids.astype(str).drop_duplicates()
            repeated = [i for i in ids if i in seen]
            if repeated:
                earlier = sorted({seen[i] for i in repeated})
                notices.append(
                    _reexport_notice(
                        run, index, name, len(repeated), len(ids), earlier, latest, manifest
                    )
                )
            seen.update((i, name) for i in ids if i not in seen)
    return notices


def changed_record_notices(entries: pd.DataFrame, runs: Sequence[SearchRun]) -> list[Notice]:
    """A warning for every record (same record_id) that a latest-version run exports with news
    an earlier version's export did not carry: marked retracted since, or with another DOI. The
    record keeps its key, so its decisions, appraisal and codes stand; these are facts a
    reviewer must weigh, named at the line of the new export."""
    needed = {"record_id", "search_run", "source_file", "source_line", "doc_type_norm", "doi"}
    latest = latest_of(runs) if runs else 1
    if latest == 1 or not needed <= set(entries.columns):
        return []
    version = entry_versions(entries, run_versions(runs))
    record = _column(entries, "record_id")
    earlier = entries[(version < latest).to_numpy()]
    before = {
        rid: group for rid, group in earlier.groupby(_column(earlier, "record_id"), sort=False)
    }
    # the DOI a record carries is its first entry's that has one (`dedup.collapse_entries`)
    dois = _column(entries, "doi")
    kept = dict(zip(record[dois != ""][::-1], dois[dois != ""][::-1], strict=True))
    notices = []
    newer = entries[((version == latest) & record.isin(before)).to_numpy()]
    for row in newer.to_dict("records"):
        old = before[str(row["record_id"])]
        file, line = str(row["source_file"]), int(row["source_line"])
        lead = f"{row['record_id']} (exported before by {_distinct(old['search_run'])})"
        if _retracted(row["doc_type_norm"]) and not any(map(_retracted, old["doc_type_norm"])):
            notices.append(
                Notice(
                    "warning",
                    f"{lead} is marked retracted in search run {row['search_run']} (document "
                    f"type {as_text(row.get('doc_type')) or row['doc_type_norm']!r}); the "
                    "earlier export was not. Its decisions, appraisal and codes stand as "
                    "written: if it is an included study, decide whether it stays (edit your "
                    "full-text row to exclude it, with a reason) and say so in the report",
                    file=file,
                    line=line,
                )
            )
        doi, earlier_dois = as_text(row["doi"]).lower(), {as_text(d).lower() for d in old["doi"]}
        earlier_dois -= {""}
        if doi and earlier_dois and doi not in earlier_dois:
            notices.append(
                Notice(
                    "warning",
                    f"{lead} has DOI {row['doi']} in search run {row['search_run']}, "
                    f"{' and '.join(sorted(earlier_dois))} before; the record keeps one, "
                    f"{kept.get(str(row['record_id']), '')} (results/dedup/publications.csv): "
                    "check which is right",
                    file=file,
                    line=line,
                )
            )
    return notices


def _retracted(doc_type_norm: object) -> bool:
    return "retracted" in as_text(doc_type_norm).split("; ")


def _reexport_notice(
    run: SearchRun,
    index: int,
    name: str,
    n_repeated: int,
    n_records: int,
    earlier: Sequence[str],
    latest: int,
    manifest: str | Path | None,
) -> Notice:
    counted = (
        f"the records of review version {run.review_version} (metasynth_previous_records)"
        if run.review_version < latest
        else "the records identified (database_results)"
    )
    return Notice(
        "warning",
        f"search run {run.id} (review version {run.review_version}): {name} repeats "
        f"{n_repeated:,} of its {n_records:,} records (same record_id) from "
        f"{', '.join(earlier)}, an earlier file of the same run, so {counted} count them "
        "twice. If it is a re-export of the same search, remove it from the run's `files:` "
        "and from the folder; if it is a later search (an update), declare it as a run of its "
        "own with its date and the next review_version",
        file=None if manifest is None else str(manifest),
        line=None
        if manifest is None
        else yaml_line(manifest, ["searches", run.index, "files", index]),
    )


def first_version_of_publications(table: pd.DataFrame) -> dict[str, int]:
    """Publication → the review version that first found it, from the versions table
    (`publication_versions`, or results/versions/publications.csv read back)."""
    if table.empty:
        return {}
    return dict(
        zip(
            table["record_id"].astype(str),
            pd.to_numeric(table["review_version"]).astype(int),
            strict=True,
        )
    )


def describe_update(summary: pd.DataFrame, records: pd.DataFrame, latest: int) -> str:
    """One line on the latest version for logs and `metasynth status`."""
    latest_runs = summary[summary["review_version"].astype(int) == latest]
    counts = records["outcome"].value_counts().to_dict() if len(records) else {}
    parts = [f"{int(counts.get(name, 0)):,} {name.replace('_', ' ')}" for name, _ in OUTCOMES]
    runs = ", ".join(latest_runs["search_run"].astype(str))
    return f"review version {latest} ({runs or 'no runs'}): {len(records):,} records: " + (
        "; ".join(parts)
    )


__all__ = [
    "ENTRY_COLUMNS",
    "OUTCOMES",
    "changed_record_notices",
    "date_order_notices",
    "describe_update",
    "entry_versions",
    "first_version_of_publications",
    "latest_of",
    "publication_versions",
    "reexport_notices",
    "run_summary",
    "run_versions",
    "update_notices",
    "version_records",
]
