"""Search runs: which search produced which export file (`data/raw/searches.yaml`).

Every export under the raw folder belongs to exactly one search run, declared in the manifest with
its database, query, date, searcher, limits and review version. Ingestion stamps each record with
its run's id (`search_run`), so PRISMA can count records per run and per database, and an updated
review can show the studies of earlier versions as "previous studies".

Inputs: the manifest (YAML, schema `searches`) and the list of export files found on disk.
Output: `SearchRun`s and the file → run assignment; every inconsistency is an `InputError` saying
what to add or remove.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from metasynth.errors import InputError
from metasynth.tables import load_yaml, validate_document, yaml_line

MANIFEST_NAME = "searches.yaml"


@dataclass(frozen=True)
class SearchRun:
    """One search as run in one database, and the export files it produced."""

    id: str
    database: str
    query: str
    date_searched: str
    searched_by: str
    files: tuple[str, ...]
    review_version: int = 1
    year_from: int | None = None
    year_to: int | None = None
    filters: str = ""
    note: str = ""


def load_searches(manifest: str | Path) -> list[SearchRun]:
    """Read and check the manifest: valid schema, unique ids, each file claimed once and present."""
    manifest = Path(manifest)
    document = load_yaml(manifest)
    if document is None:
        raise InputError(
            "the search manifest is empty",
            file=manifest,
            hint="describe each search run under `searches:` (see data/raw/README.md)",
        )
    validate_document(document, "searches", file=manifest)
    runs: list[SearchRun] = []
    claimed: dict[str, tuple[str, int]] = {}
    seen_ids: dict[str, int] = {}
    for index, entry in enumerate(document["searches"]):
        run_id = entry["id"]
        if run_id in seen_ids:
            raise InputError(
                f"search run id {run_id!r} is used twice (also searches[{seen_ids[run_id]}])",
                file=manifest,
                line=yaml_line(manifest, ["searches", index, "id"]),
                element=f"searches[{index}].id",
                hint="give every search run its own id",
            )
        seen_ids[run_id] = index
        for file_index, name in enumerate(entry["files"]):
            key = PurePosixPath(name.replace("\\", "/")).as_posix()
            line = yaml_line(manifest, ["searches", index, "files", file_index])
            if key in claimed:
                other, other_line = claimed[key]
                raise InputError(
                    f"file {name!r} is claimed by search runs {other!r} (line {other_line}) "
                    f"and {run_id!r}",
                    file=manifest,
                    line=line,
                    element=f"searches[{index}].files[{file_index}]",
                    hint="an export belongs to exactly one search run: remove it from one of them",
                )
            if not (manifest.parent / key).is_file():
                raise InputError(
                    f"search run {run_id!r} names {name!r}, which does not exist in "
                    f"{manifest.parent}",
                    file=manifest,
                    line=line,
                    element=f"searches[{index}].files[{file_index}]",
                    hint="correct the file name (paths are relative to the manifest's folder) "
                    "or remove the line",
                )
            claimed[key] = (run_id, line or 0)
        limits = entry.get("date_limits", {})
        runs.append(
            SearchRun(
                id=run_id,
                database=entry["database"],
                query=entry["query"].strip(),
                date_searched=entry["date_searched"],
                searched_by=entry["searched_by"],
                files=tuple(PurePosixPath(f.replace("\\", "/")).as_posix() for f in entry["files"]),
                review_version=int(entry.get("review_version", 1)),
                year_from=limits.get("from"),
                year_to=limits.get("to"),
                filters=entry.get("filters", ""),
                note=entry.get("note", ""),
            )
        )
    return runs


def assign_runs(
    runs: Sequence[SearchRun], exports: Iterable[str | Path], raw_dir: str | Path
) -> dict[str, str]:
    """Map each export path (as given) to the id of the run that claims it.

    An export that no run claims is an error listing every such file, with the lines to add.
    """
    raw_dir = Path(raw_dir)
    by_file = {name: run.id for run in runs for name in run.files}
    assignment: dict[str, str] = {}
    unclaimed: list[str] = []
    for export in exports:
        relative = Path(export).resolve().relative_to(raw_dir.resolve()).as_posix()
        if relative in by_file:
            assignment[str(export)] = by_file[relative]
        else:
            unclaimed.append(relative)
    if unclaimed:
        listing = "\n".join(f"        - {name}" for name in unclaimed)
        raise InputError(
            f"{len(unclaimed)} export file(s) belong to no search run: {', '.join(unclaimed)}",
            file=raw_dir / MANIFEST_NAME,
            hint="add them to the `files:` of the run that produced them, or declare a new run:\n"
            "  - id: <short-name>\n    database: <database>\n    query: <search string>\n"
            "    date_searched: YYYY-MM-DD\n    searched_by: <name>\n    review_version: <n>\n"
            f"    files:\n{listing}",
        )
    return assignment


def runs_table(runs: Sequence[SearchRun]) -> pd.DataFrame:
    """The runs as a table (one row per run, sorted by review version then id) for reports."""
    rows = [
        {
            "search_run": run.id,
            "database": run.database,
            "review_version": run.review_version,
            "date_searched": run.date_searched,
            "searched_by": run.searched_by,
            "query": run.query,
            "year_from": run.year_from,
            "year_to": run.year_to,
            "filters": run.filters,
            "n_files": len(run.files),
            "files": "; ".join(run.files),
        }
        for run in runs
    ]
    frame = pd.DataFrame(rows)
    frame = frame.sort_values(["review_version", "search_run"], kind="stable")
    frame = frame.reset_index(drop=True)
    for column in ("year_from", "year_to"):
        frame[column] = frame[column].astype("Int64")
    return frame


def latest_version(runs: Sequence[SearchRun]) -> int:
    """The current review version: the highest version any run declares."""
    return max(run.review_version for run in runs)
