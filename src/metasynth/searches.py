"""Search runs: which search produced which export file (`data/raw/searches.yaml`).

Every export under the raw folder belongs to exactly one search run, declared in the manifest with
its database, kind of source (`source_type`: a database or register, or one of PRISMA 2020's
other methods such as citation searching), query, date, searcher, limits and review version.
Ingestion stamps each record with its run's id (`search_run`), so PRISMA can count records per
run, per database and per column of its diagram, and an updated review can show the studies of
earlier versions as "previous studies".

Inputs: the manifest (YAML, schema `searches`) and the list of export files found on disk.
Output: `SearchRun`s and the file → run assignment; every inconsistency is an `InputError` naming
the manifest line and saying what to add or remove. The paths a run claims are normalised
(relative to the manifest's folder, `./` and `..` resolved), so two spellings of one file are one
claim; a path leaving the folder, a folder, a missing file, or a file ingestion does not read as
an export (`ingest.ignore`) is refused.
"""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from metasynth.errors import InputError, Notice
from metasynth.ingest import DEFAULT_IGNORE, discover_exports
from metasynth.validation import load_yaml, validate_document, yaml_line

MANIFEST_NAME = "searches.yaml"

DATABASE_SOURCES = ("database", "register")
"""Source types of PRISMA 2020's left column: identification via databases and registers."""
OTHER_SOURCES = ("website", "organisation", "citation_searching", "other")
"""Source types of its right column: identification via other methods."""


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
    # whether searches.yaml writes review_version (1 when not): an update left without one is
    # folded into version 1 (`metasynth.screen.decisions.update_without_version`)
    review_version_given: bool = field(default=False, compare=False)
    source_type: str = "database"  # PRISMA 2020's kind of source (SOURCE_TYPES)
    year_from: int | None = None
    year_to: int | None = None
    filters: str = ""
    note: str = ""
    # Where the run is declared, for messages: the manifest, the run's index under `searches`
    # and the line of each of its files.
    manifest: str = field(default="", compare=False)
    index: int = field(default=0, compare=False)
    file_lines: tuple[int | None, ...] = field(default=(), compare=False)


def normalise_claim(name: str) -> str | None:
    """A claimed path as a POSIX path relative to the manifest's folder (`./` and `..` resolved,
    backslashes as slashes), or None when it is absolute or leaves the folder."""
    path = posixpath.normpath(name.replace("\\", "/"))
    if posixpath.isabs(path) or path == ".." or path.startswith("../"):
        return None
    return path


def run_entry(files: Sequence[str], latest_version: int = 0) -> str:
    """The YAML of one search run to add under `searches:`, claiming `files`, with what to fill
    in as <placeholders>. `latest_version`: the highest review_version of the runs already
    declared (0: none), so the entry says which version to write: 1 for a first search, else
    the latest one or, for an update searched after it, the next."""
    listing = "".join(f"      - {name}\n" for name in files) or "      - <export file>\n"
    version = (
        f"<n>   # {latest_version}: a search of version {latest_version}, as the runs above; "
        f"{latest_version + 1}: an update after them"
        if latest_version
        else "1"
    )
    return (
        "  - id: <short-name>\n    database: <database>\n    query: <search string>\n"
        f"    date_searched: YYYY-MM-DD\n    searched_by: <name>\n    review_version: {version}\n"
        f"    files:\n{listing}"
    ).rstrip("\n")


def _empty_manifest(manifest: Path, ignore: Sequence[str]) -> InputError:
    """The error for a manifest without any search run, listing the exports it should claim."""
    folder = manifest.parent
    exports = [p.relative_to(folder).as_posix() for p in discover_exports(folder, ignore)]
    if not exports:
        return InputError(
            "the search manifest is empty, and there is no export next to it yet",
            file=manifest,
            hint=f"put the exports of your searches in {folder.as_posix()}/, then describe "
            "each search under `searches:` (see the README.md there)",
        )
    return InputError(
        f"the search manifest is empty, but {len(exports)} export file(s) are next to it: "
        + ", ".join(exports),
        file=manifest,
        hint="describe the search that produced them (one entry per search, each listing its "
        f"own files; see the README.md there):\nsearches:\n{run_entry(exports)}",
    )


def _missing_file_hint(manifest: Path, key: str, claims: set[str]) -> str:
    """What to write instead of a claimed path that is not there: the same path without the
    leading folders a user added (`data/raw/pubmed/x.nbib` written from the project folder),
    else the files of that name elsewhere in the folder, else the files beside it that no run
    claims (`claims`: every path the manifest lists), as an export renamed leaves it; each only
    when it exists."""
    folder = manifest.parent
    relative = f"paths in {manifest.name} are relative to its folder, {folder.as_posix()}"
    parts = key.split("/")
    for start in range(1, len(parts)):
        shorter = "/".join(parts[start:])
        if (folder / shorter).is_file():
            return f"{relative}: write {shorter!r}"
    namesakes = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.name == parts[-1] and p.is_file()
    )
    if namesakes:
        return f"{relative}; a file of that name is at {', '.join(map(repr, namesakes))}"
    beside = (folder / key).parent
    unclaimed = sorted(
        name
        for p in (beside.iterdir() if beside.is_dir() else ())
        if p.is_file()
        and not p.name.startswith(".")
        and p.name not in ("README.md", MANIFEST_NAME)
        and (name := p.relative_to(folder).as_posix()) not in claims
    )
    if unclaimed:
        return (
            f"{relative}; beside it, no run lists {', '.join(map(repr, unclaimed))}: if the "
            "export was renamed, write its new name here"
        )
    return f"{relative}: correct the file name, or remove the line"


def load_searches(manifest: str | Path, ignore: Sequence[str] = DEFAULT_IGNORE) -> list[SearchRun]:
    """Read and check the manifest: valid schema, unique ids, each file claimed once and present.
    `ignore`: the patterns of files that are not exports (ingest.ignore), for the message on an
    empty manifest, which lists the exports it should claim."""
    manifest = Path(manifest)
    document = load_yaml(manifest)
    if document is None:
        raise _empty_manifest(manifest, ignore)
    validate_document(document, "searches", file=manifest)
    runs: list[SearchRun] = []
    folder = manifest.parent.as_posix()
    claimed: dict[str, tuple[str, int]] = {}
    claims = {
        key
        for entry in document["searches"]
        for name in entry["files"]
        if (key := normalise_claim(name)) is not None
    }
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
        files: list[str] = []
        lines: list[int | None] = []
        for file_index, name in enumerate(entry["files"]):
            line = yaml_line(manifest, ["searches", index, "files", file_index])
            element = f"searches[{index}].files[{file_index}]"
            key = normalise_claim(name)
            if key is None:
                raise InputError(
                    f"search run {run_id!r} names {name!r}, which is outside {folder}",
                    file=manifest,
                    line=line,
                    element=element,
                    hint=f"paths in {manifest.name} are relative to {folder} and must stay "
                    f"inside it: move the export into {folder} and name it from there",
                )
            written = f" (written {name!r})" if key != name else ""
            if key in claimed:
                other, other_line = claimed[key]
                claimants = (
                    f"twice by search run {run_id!r} (also line {other_line})"
                    if other == run_id
                    else f"by search runs {other!r} (line {other_line}) and {run_id!r}"
                )
                raise InputError(
                    f"file {key!r}{written} is claimed {claimants}",
                    file=manifest,
                    line=line,
                    element=element,
                    hint="an export belongs to exactly one search run: remove it from one of them",
                )
            if (manifest.parent / key).is_dir():
                raise InputError(
                    f"search run {run_id!r} names {name!r}, which is a folder, not a file",
                    file=manifest,
                    line=line,
                    element=element,
                    hint=f"list the export files in it one by one, as paths relative to {folder}",
                )
            if not (manifest.parent / key).is_file():
                raise InputError(
                    f"search run {run_id!r} names {name!r}, which does not exist in {folder}",
                    file=manifest,
                    line=line,
                    element=element,
                    hint=_missing_file_hint(manifest, key, claims),
                )
            claimed[key] = (run_id, line or 0)
            files.append(key)
            lines.append(line)
        limits = entry.get("date_limits", {})
        runs.append(
            SearchRun(
                id=run_id,
                database=entry["database"],
                query=entry["query"].strip(),
                date_searched=entry["date_searched"],
                searched_by=entry["searched_by"],
                files=tuple(files),
                review_version=int(entry.get("review_version", 1)),
                review_version_given="review_version" in entry,
                source_type=entry.get("source_type", "database"),
                year_from=limits.get("from"),
                year_to=limits.get("to"),
                filters=entry.get("filters", ""),
                note=entry.get("note", ""),
                manifest=manifest.as_posix(),
                index=index,
                file_lines=tuple(lines),
            )
        )
    return runs


def searched_after_today(
    runs: Iterable[SearchRun], today: datetime.date | None = None
) -> list[Notice]:
    """A warning for each search run whose `date_searched` is after `today` (the date of the run
    when not given): a typo such as 2099, which PRISMA and the report would print as the date of
    the search, and which would make every decision on its records look earlier than the search
    (`screen.decisions.first_search_dates` leaves such a date out)."""
    latest = today or datetime.date.today()
    notices = []
    for run in runs:
        try:
            searched = datetime.date.fromisoformat(str(run.date_searched))
        except ValueError:
            continue  # the schema has refused a malformed date already
        if searched > latest:
            notices.append(
                Notice(
                    "warning",
                    f"search run {run.id!r} dated {searched.isoformat()}, after today "
                    f"({latest.isoformat()}): fix date_searched, the date the search was run",
                    file=run.manifest,
                    line=yaml_line(Path(run.manifest), ["searches", run.index, "date_searched"]),
                )
            )
    return notices


def _absolute(path: str | Path) -> Path:
    """The absolute path, `..` folded, links not followed (unlike `Path.resolve`)."""
    return Path(posixpath.normpath(Path(path).absolute().as_posix()))


def assign_runs(
    runs: Sequence[SearchRun],
    exports: Iterable[str | Path],
    raw_dir: str | Path,
    ignore: Sequence[str] = DEFAULT_IGNORE,
) -> dict[str, str]:
    """Map each export path (as given) to the id of the run that claims it.

    A claimed file that ingestion does not read as an export of `raw_dir` (skipped by the
    `ignore` patterns, as README.md or a hidden file is) is an error at its manifest line. An
    export that no run claims is an error listing every such file, with the lines to add.
    """
    raw_dir = Path(raw_dir)
    readable = {p.relative_to(raw_dir).as_posix() for p in discover_exports(raw_dir, ignore)}
    for run in runs:
        for file_index, name in enumerate(run.files):
            if name not in readable and (raw_dir / name).is_file():
                lines = run.file_lines
                raise InputError(
                    f"search run {run.id!r} names {name!r}, which is not an export: ingestion "
                    f"skips it (ingest.ignore: {', '.join(ignore)})",
                    file=run.manifest or raw_dir / MANIFEST_NAME,
                    line=lines[file_index] if file_index < len(lines) else None,
                    element=f"searches[{run.index}].files[{file_index}]",
                    hint="list only export files: remove this line; if the file is an export, "
                    "rename it so no ingest.ignore pattern matches (config/config.yaml)",
                )
    by_file = {name: run.id for run in runs for name in run.files}
    assignment: dict[str, str] = {}
    unclaimed: list[str] = []
    for export in exports:
        try:
            # the path as found, not where links lead: an export in a linked folder is
            # still in the raw folder
            relative = _absolute(export).relative_to(_absolute(raw_dir)).as_posix()
        except ValueError:
            raise InputError(
                f"the export is outside {raw_dir.as_posix()}, the folder of the search "
                "manifest, so no search run can claim it",
                file=export,
                hint=f"move it into {raw_dir.as_posix()} and add it to the `files:` of its run",
            ) from None
        if relative in by_file:
            assignment[str(export)] = by_file[relative]
        else:
            unclaimed.append(relative)
    if unclaimed:
        raise InputError(
            f"{len(unclaimed)} export file(s) belong to no search run: {', '.join(unclaimed)}",
            file=raw_dir / MANIFEST_NAME,
            hint="add them to the `files:` of the run that produced them, or declare a new run:\n"
            + run_entry(unclaimed, max((run.review_version for run in runs), default=0)),
        )
    return assignment


def export_runs(
    exports: Iterable[str | Path], raw_dir: str | Path, ignore: Sequence[str] = DEFAULT_IGNORE
) -> dict[str, SearchRun] | None:
    """Each export's search run (`assign_runs`) from the manifest in `raw_dir`, or None when
    the folder has no manifest (the records' `search_run` is then left empty)."""
    manifest = Path(raw_dir) / MANIFEST_NAME
    if not manifest.is_file():
        return None
    runs = load_searches(manifest, ignore)
    by_id = {run.id: run for run in runs}
    return {
        path: by_id[run_id] for path, run_id in assign_runs(runs, exports, raw_dir, ignore).items()
    }


RUNS_TABLE_COLUMNS = (
    "search_run",
    "database",
    "review_version",
    "date_searched",
    "searched_by",
    "query",
    "year_from",
    "year_to",
    "filters",
    "n_files",
    "files",
)
"""Columns of `runs_table` (results/versions/searches.csv)."""


def searched_databases(entries: pd.DataFrame, runs: Sequence[SearchRun]) -> pd.Series:
    """Each entry's database as its search run declares it (`database:` in searches.yaml), for
    PRISMA's records identified per database: the database that was searched, not the one a
    record names (Embase's "DB - Medline" records, a Zotero file that names none). An entry
    of no declared run keeps the database its export names."""
    declared = {run.id: run.database for run in runs if run.database}
    own = entries["database"].astype("string")
    if "search_run" not in entries.columns or not declared:
        return own
    return entries["search_run"].astype("string").map(declared).fillna(own).astype("string")


def source_types(entries: pd.DataFrame, runs: Sequence[SearchRun]) -> pd.Series:
    """Each entry's kind of source (`source_type` of its search run); `database` for an entry
    of no declared run, as for a review without a manifest."""
    declared = {run.id: run.source_type for run in runs}
    if "search_run" not in entries.columns or not declared:
        return pd.Series("database", index=entries.index, dtype="string")
    kinds = entries["search_run"].astype("string").map(declared).fillna("database")
    return kinds.astype("string")


def runs_table(runs: Sequence[SearchRun]) -> pd.DataFrame:
    """The runs as a table (one row per run, sorted by review version then id) for reports;
    no runs (no manifest) give a table with the columns and no row."""
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
    frame = pd.DataFrame(rows, columns=list(RUNS_TABLE_COLUMNS))
    frame = frame.sort_values(["review_version", "search_run"], kind="stable")
    frame = frame.reset_index(drop=True)
    for column in ("year_from", "year_to"):
        frame[column] = frame[column].astype("Int64")
    return frame


def latest_version(runs: Sequence[SearchRun]) -> int:
    """The current review version: the highest version any run declares."""
    return max(run.review_version for run in runs)
