"""Ingest exports: find the files, parse each one as a stream, write the tables, report.

`ingest(paths, records_out=[...], fields_out=..., report_out=..., warnings_out=...)` reads every
export under `paths` (files or folders, searched recursively), one file and one chunk at a time,
and streams the records and fields tables to Parquet/CSV, so memory does not grow with the
number of files or records. `read_exports(paths)` does the same into memory (tests, small sets).

Files are read in path order (numbers in names compared as numbers, so `savedrecs.txt`,
`savedrecs(1).txt`, …, `savedrecs(10).txt`), records in line order. For every file the report
gives format, encoding, BOM, line ends, records found and written, and the number of warnings;
`records_written == records_found` is checked for every file on every run.
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

from metasynth.config import schema_default
from metasynth.errors import InputError
from metasynth.files import check_input_file, walk_files
from metasynth.ingest import csvexport, endnote, endnote_xml, jsonexport, medline
from metasynth.ingest.base import NUMBER_TAG, FileLog, RawRecord
from metasynth.ingest.bibtex import bibtex_record, generic_bibtex_record, parse_bibtex
from metasynth.ingest.csvexport import parse_csv
from metasynth.ingest.detect import (
    BIBTEX,
    CHUNK_BYTES,
    CSV_FORMATS,
    ENDNOTE,
    ENDNOTE_XML,
    GENERIC_BIBTEX,
    JSON_FORMATS,
    MEDLINE,
    OVID,
    PLAINTEXT,
    RIS,
    TAB,
    TextSource,
    sniff,
)
from metasynth.ingest.fast import FAST_CHUNK_BYTES, PlainTextColumnar
from metasynth.ingest.identity import EntryIds
from metasynth.ingest.medline import parse_tagged
from metasynth.ingest.output import (
    CHUNK_ROWS,
    MemoryOut,
    TableStream,
    file_writer,
    schema_for,
)
from metasynth.ingest.plaintext import parse_plaintext
from metasynth.ingest.records import FIELD_COLUMNS, RECORD_COLUMNS, UNNAMED_DATABASE, RecordBuilder
from metasynth.ingest.ris import parse_ris, ris_record
from metasynth.ingest.tabdelim import parse_tab
from metasynth.ingest.tags import RIS_DATABASES, UT_DATABASES
from metasynth.tables import write_table

log = logging.getLogger("metasynth.ingest")

DEFAULT_IGNORE: Final = tuple(schema_default("ingest", "ignore"))
"""The files of a raw folder that are not exports, when no config says (`ingest.ignore`)."""

REPORT_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("source_file", "string"),
    ("source_format", "string"),
    ("encoding", "string"),
    ("bom", "bool"),
    ("line_ends", "string"),
    ("records_found", "int64"),
    ("records_written", "int64"),
    ("n_warnings", "int64"),
)
WARNING_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("source_file", "string"),
    ("line", "Int64"),
    ("message", "string"),
)

Parser = Callable[[TextSource, FileLog], Iterator[RawRecord]]
PARSERS: Final[dict[str, Parser]] = {
    PLAINTEXT: parse_plaintext,
    TAB: parse_tab,
    BIBTEX: parse_bibtex,
    GENERIC_BIBTEX: parse_bibtex,
    RIS: parse_ris,
    MEDLINE: parse_tagged,
    OVID: parse_tagged,
    ENDNOTE: endnote.parse_endnote,
    ENDNOTE_XML: endnote_xml.parse_endnote_xml,
    **dict.fromkeys(CSV_FORMATS, parse_csv),
    **dict.fromkeys(JSON_FORMATS, jsonexport.parse_json),
}
CANONICAL: Final = {
    **medline.CANONICAL,
    **csvexport.CANONICAL,
    **jsonexport.CANONICAL,
    ENDNOTE: endnote.endnote_record,
    ENDNOTE_XML: endnote_xml.endnote_xml_record,
    RIS: ris_record,
    BIBTEX: bibtex_record,
    GENERIC_BIBTEX: generic_bibtex_record,
}
"""The canonical columns of the formats read outside `records.RecordBuilder`."""

_SPLIT_NAME = re.compile(
    r"^(.*?)\s*(?:\((\d+)\))?(\.[^.]*)?$", re.DOTALL
)  # a newline in a name too
_NUMBER = re.compile(r"(\d+)")


# --------------------------------------------------------------------------- finding files


def _natural(text: str) -> tuple[Any, ...]:
    """A sort key that compares runs of digits as numbers ("p2" < "p10")."""
    return tuple(int(part) if part.isdigit() else part for part in _NUMBER.split(text))


def natural_path_key(path: str | Path) -> tuple[Any, ...]:
    """Sort key for exports: folders naturally, then `name(n).ext` as (name, ext, n)."""
    parts = Path(path).as_posix().split("/")
    match = _SPLIT_NAME.match(parts[-1])
    assert match is not None  # the pattern matches any string
    stem, number, suffix = match.group(1), match.group(2), match.group(3) or ""
    name_key = (_natural(stem), suffix, int(number) if number else -1)
    return (*((_natural(part), "", -1) for part in parts[:-1]), name_key)


def _ignored(relative: str, patterns: Sequence[str]) -> bool:
    parts = relative.split("/")
    return any(
        fnmatch.fnmatch(relative, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts)
        for pattern in patterns
    )


def discover_exports(raw_dir: str | Path, ignore: Sequence[str] = DEFAULT_IGNORE) -> list[Path]:
    """Every export file under `raw_dir` (recursively), in path order, skipping `ignore`.

    A pattern is matched (fnmatch) against the path relative to `raw_dir` and against each of
    its parts, so `README*` skips `sub/README.md` and `drafts` skips a whole folder.
    """
    root = Path(raw_dir)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise InputError(
            "the folder of search exports does not exist",
            file=root,
            hint="create it and put your Web of Science exports in it, or set ingest.raw_dir "
            "in config/config.yaml",
        )
    found = []
    for path in walk_files(root, lambda relative: _ignored(relative.as_posix(), ignore)):
        # a pipe, a device or a broken link: refused by name
        check_input_file(path, shown=path.as_posix(), what="an export file")
        found.append(path)
    return sorted(found, key=lambda p: natural_path_key(p.relative_to(root)))


def expand_paths(paths: Sequence[str | Path], ignore: Sequence[str] = DEFAULT_IGNORE) -> list[Path]:
    """Files named directly plus the exports found in named folders, in path order, once each."""
    files: dict[str, Path] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in discover_exports(path, ignore):
                files.setdefault(found.as_posix(), found)
        elif path.exists() or path.is_symlink():
            check_input_file(path, shown=path.as_posix(), what="an export file")
            files.setdefault(path.as_posix(), path)
        else:
            raise InputError("no such file or folder", file=path)
    return sorted(files.values(), key=natural_path_key)


# --------------------------------------------------------------------------- results


@dataclass
class IngestResult:
    """What one ingestion run read: per-file report, warnings and (in memory) the tables."""

    report: pd.DataFrame
    warnings: pd.DataFrame
    records: pd.DataFrame | None = None
    fields: pd.DataFrame | None = None

    @property
    def n_records(self) -> int:
        return int(self.report["records_written"].sum()) if len(self.report) else 0

    @property
    def n_files(self) -> int:
        return len(self.report)

    @property
    def formats(self) -> list[str]:
        return sorted(set(self.report["source_format"])) if len(self.report) else []

    def summary(self) -> str:
        """One line: 'read 1,234 records from 5 files (3 formats), 2 warnings'."""
        n_warnings = len(self.warnings)
        files = "file" if self.n_files == 1 else "files"
        formats = "format" if len(self.formats) == 1 else "formats"
        warnings = "warning" if n_warnings == 1 else "warnings"
        return (
            f"read {self.n_records:,} records from {self.n_files:,} {files} "
            f"({len(self.formats)} {formats}: {', '.join(self.formats)}), "
            f"{n_warnings:,} {warnings}"
        )


class Progress:
    """A tqdm bar on stderr, shown once more than `threshold` records have been read."""

    def __init__(self, threshold: int | None, total_bytes: int) -> None:
        self.threshold = threshold
        self.total_bytes = total_bytes
        self.done_bytes = 0
        self.records = 0
        self.bar: Any = None

    def update(self, records: int, file_bytes: int) -> None:
        self.records = records
        if self.threshold is None:
            return
        if self.bar is None:
            if records <= self.threshold:
                return
            from tqdm import tqdm

            self.bar = tqdm(
                total=self.total_bytes,
                unit="B",
                unit_scale=True,
                desc="ingest",
                file=sys.stderr,
                leave=False,
            )
        self.bar.n = min(self.done_bytes + file_bytes, self.total_bytes)
        self.bar.set_postfix_str(f"{records:,} records", refresh=False)
        self.bar.refresh()

    def file_done(self, file_bytes: int) -> None:
        self.done_bytes += file_bytes

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# --------------------------------------------------------------------------- ingestion


def _run_lookup(search_runs: Mapping[str, str] | None) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for name, run in (search_runs or {}).items():
        lookup[Path(name).as_posix()] = run
        lookup[str(Path(name).resolve())] = run
    return lookup


@dataclass
class Outputs:
    """The open table streams of one run (and the in-memory copies `read_exports` returns)."""

    records: TableStream
    fields: TableStream | None
    record_memory: MemoryOut | None
    field_memory: MemoryOut | None

    @classmethod
    def open(
        cls,
        records_out: Sequence[str | Path],
        fields_out: str | Path | None,
        in_memory: bool,
        chunk_rows: int,
    ) -> Outputs:
        record_schema = schema_for(RECORD_COLUMNS)
        field_schema = schema_for(FIELD_COLUMNS)
        record_memory = MemoryOut(record_schema) if in_memory else None
        field_memory = MemoryOut(field_schema) if in_memory else None
        record_writers: list[Any] = [file_writer(path, record_schema) for path in records_out]
        field_writers: list[Any] = [file_writer(fields_out, field_schema)] if fields_out else []
        record_writers.extend([record_memory] if record_memory else [])
        field_writers.extend([field_memory] if field_memory else [])
        records = TableStream(RECORD_COLUMNS, record_writers, chunk_rows)
        fields = (
            TableStream(FIELD_COLUMNS, field_writers, chunk_rows * 5) if field_writers else None
        )
        return cls(records, fields, record_memory, field_memory)

    def close(self, *, keep: bool = True) -> None:
        self.records.close(keep=keep)
        if self.fields is not None:
            self.fields.close(keep=keep)

    def add(self, raw: RawRecord, record: dict[str, object], shown: str) -> None:
        """One record from the general path: its row and every one of its fields."""
        self.records.add_record(record)
        if self.fields is None:
            return
        n_fields = len(raw.fields)
        self.fields.add_columns(
            (
                [shown] * n_fields,
                [raw.line] * n_fields,
                [record["record_id"]] * n_fields,
                range(1, n_fields + 1),
                [tag for tag, _ in raw.fields],
                [value for _, value in raw.fields],
            )
        )


class _Repeats:
    """Records of one file that repeat an earlier record of it: an export joined to itself
    (`cat a.ris a.ris`) or saved twice into one file. Each is read, and the file gets one
    warning, so that PRISMA's records identified are not doubled without anyone knowing. A
    record repeats another when all its fields are the same; in Web of Science plain text (read
    line by line or column-wise alike) when its UT is: Web of Science exports a record once
    per file."""

    def __init__(self, by_ut: bool) -> None:
        self._by_ut = by_ut  # WOS plain text: by UT, however the file is read (same warnings)
        self._first: dict[bytes, int] = {}
        self.pairs: list[tuple[int, int]] = []  # (line of the repeat, line it repeats)

    def see(self, raw: RawRecord) -> None:
        if self._by_ut:
            ut = next((value for tag, value in raw.fields if tag == "UT"), "").strip()
            if ut:
                self._check(f"ut\x1f{ut}".encode(), raw.line)
            return
        digest = hashlib.blake2b(digest_size=16)
        for tag, value in raw.fields:
            if tag != NUMBER_TAG:  # Ovid numbers every record of its results anew
                digest.update(f"{tag}\x1f{value}\x1e".encode("utf-8", "surrogatepass"))
        self._check(digest.digest(), raw.line)

    def see_batch(self, batch: Any) -> None:
        """The records of a column-wise batch (`ut`, `source_line`), by UT."""
        for ut, line in zip(
            batch.column("ut").to_pylist(), batch.column("source_line").to_pylist(), strict=True
        ):
            if ut:
                self._check(f"ut\x1f{ut}".encode(), int(line))

    def _check(self, key: bytes, line: int) -> None:
        first = self._first.setdefault(key, line)
        if first != line:
            self.pairs.append((line, first))

    def report(self, log: FileLog) -> None:
        if not self.pairs:
            return
        line, first = self.pairs[0]
        others = f" and {len(self.pairs) - 1:,} more" if len(self.pairs) > 1 else ""
        log.warn(
            line,
            f"{len(self.pairs):,} record(s) repeat an earlier record of this file (this one "
            f"repeats the record at line {first}{others}): the export joined to itself or "
            "saved twice? All are read and counted as identified, and deduplication merges "
            "them; export the search once into this file if it should hold each record once",
        )


class _NamedDatabases:
    """The databases the records of one file name, against the one its search run declares
    (`database:` in searches.yaml): a file none of whose records names the declared database,
    while some name another known one (an APA PsycInfo export listed under an Embase search),
    gets one warning at the first such record. A file naming no database, or only a platform
    (EBSCOhost, ProQuest), is not compared; nor is MEDLINE with PubMed. Embase's own exports
    hold records that name MEDLINE: one that names Embase is enough. Web of Science's own
    exports (`wos_export`) hold the records of every database the platform hosts (`UT
    MEDLINE:…`, `KJD:…`), all found by its search: under a Web of Science run they are not
    compared."""

    _SAME: Final = frozenset({"PubMed", "MEDLINE"})

    def __init__(self, declared: str, *, wos_export: bool = False) -> None:
        known = _known_database(declared)
        self.declared = "" if wos_export and known == "WOS" else known
        self._first_other: tuple[str, int] | None = None
        self._named_declared = False

    def see(self, database: object, line: int) -> None:
        if not self.declared or self._named_declared:
            return
        named = str(database or "")
        if named == self.declared or {named, self.declared} <= self._SAME:
            self._named_declared = True
        elif self._first_other is None and named in _KNOWN_DATABASES:
            self._first_other = (named, line)

    def see_batch(self, batch: Any) -> None:
        for database, line in zip(
            batch.column("database").to_pylist(),
            batch.column("source_line").to_pylist(),
            strict=True,
        ):
            self.see(database, int(line))

    def report(self, log: FileLog, declared: str) -> None:
        if self._named_declared or self._first_other is None:
            return
        named, line = self._first_other
        log.warn(
            line,
            f"the file names its database {named} (this record and others), but its search run "
            f"in searches.yaml says {declared!r}: PRISMA counts the file under {declared!r}; "
            "if the export is from another search, move it to that search's files (or correct "
            "its `database:`)",
        )


_PLATFORMS: Final = frozenset({"ProQuest", "EBSCOhost"})
_KNOWN_DATABASES: Final = (
    frozenset({name for _, name in RIS_DATABASES} | set(UT_DATABASES.values())) - _PLATFORMS
)


def _known_database(name: str) -> str:
    """A database name as the records table writes it (`APA PsycInfo` → `PsycINFO`), or ""
    for a name metasynth does not know (it cannot be compared) or a platform."""
    lowered = name.lower()
    if name.upper() in UT_DATABASES:
        return UT_DATABASES[name.upper()]
    found = next((known for needle, known in RIS_DATABASES if needle in lowered), "")
    return found if found in _KNOWN_DATABASES else ""


def read_export(
    path: Path,
    run: str,
    out: Outputs,
    progress: Progress,
    fast: bool,
    entry_ids: EntryIds,
    declared_database: str = "",
) -> tuple[dict[str, object], FileLog]:
    """Read one export into the outputs; its report row and its warnings. `entry_ids` numbers
    the entries without an accession number across the files of one run; `declared_database`:
    the database the file's search run declares, compared with the ones its records name and
    written for those that name none."""
    shown = path.as_posix()
    file_log = FileLog(shown)
    sniffed = sniff(path, shown)
    columnar = fast and sniffed.format == PLAINTEXT
    source = TextSource(sniffed, chunk_bytes=FAST_CHUNK_BYTES if columnar else CHUNK_BYTES)
    builder = RecordBuilder(
        shown, sniffed.format, run, file_log, CANONICAL.get(sniffed.format), entry_ids
    )
    items: Iterator[Any]
    if columnar:
        field_schema = out.fields.schema if out.fields is not None else None
        reader = PlainTextColumnar(
            shown, run, file_log, out.records.schema, field_schema, entry_ids
        )
        items = reader.items(source)
    else:
        items = PARSERS[sniffed.format](source, file_log)
    written = 0
    repeats = _Repeats(by_ut=sniffed.format == PLAINTEXT)
    databases = _NamedDatabases(declared_database, wos_export=sniffed.format in (PLAINTEXT, TAB))
    unnamed_as = _known_database(declared_database) or declared_database or UNNAMED_DATABASE
    for raw in items:
        if isinstance(raw, RawRecord):
            repeats.see(raw)
            record = builder.build(raw)
            if record.get("database") == UNNAMED_DATABASE:
                # after the record_id is made: the name is for counts and display only
                record["database"] = unnamed_as
            databases.see(record.get("database"), raw.line)
            out.add(raw, record, shown)
            written += 1
            if written % 1000 == 0:
                progress.update(progress.records + 1000, source.bytes_read)
            continue
        record_batch, field_batch = raw
        repeats.see_batch(record_batch)
        databases.see_batch(record_batch)
        out.records.add_batch(record_batch)
        if out.fields is not None and field_batch is not None:
            out.fields.add_batch(field_batch)
        written += record_batch.num_rows
        progress.update(progress.records + record_batch.num_rows, source.bytes_read)
    _check_counts(shown, file_log.records_found, written)
    repeats.report(file_log)
    databases.report(file_log, declared_database)
    for notice in (source.mixed(), source.separators(), source.out_of_step()):
        if notice is not None:
            file_log.warn(*notice)
    if written == 0:
        file_log.warn(None, "the file holds no records")
    log.info(
        "%s: %d records (%s, %s%s, %s), %d warning(s)",
        shown,
        written,
        sniffed.format,
        sniffed.encoding,
        " with BOM" if sniffed.bom else "",
        source.line_ends(),
        len(file_log.notices),
    )
    row = {
        "source_file": shown,
        "source_format": sniffed.format,
        "encoding": sniffed.encoding,
        "bom": sniffed.bom,
        "line_ends": source.line_ends(),
        "records_found": file_log.records_found,
        "records_written": written,
        "n_warnings": len(file_log.notices),
    }
    return row, file_log


def ingest(
    paths: Sequence[str | Path],
    *,
    records_out: Sequence[str | Path] = (),
    fields_out: str | Path | None = None,
    report_out: str | Path | None = None,
    warnings_out: str | Path | None = None,
    search_runs: Mapping[str, str] | None = None,
    search_databases: Mapping[str, str] | None = None,
    ignore: Sequence[str] = DEFAULT_IGNORE,
    progress_threshold: int | None = None,
    in_memory: bool = False,
    chunk_rows: int = CHUNK_ROWS,
    fast: bool = True,
) -> IngestResult:
    """Read every export under `paths` and write the ingest tables.

    `records_out`: any number of `.parquet`/`.csv` paths for the records table; `fields_out`:
    the fields table (skipped when None and not `in_memory`); `search_runs`: export path (as
    given or resolved) → search-run id, "" for files not in it; `search_databases`: export
    path → the database its search run declares (a file whose records name only another one
    gets a warning); `progress_threshold`: show a
    progress bar past this many records (None: never); `fast`: read well-formed WOS plain
    text column-wise (`fast.py`; same result, several times faster). Raises InputError on bad
    input.
    """
    files = expand_paths(paths, ignore)
    if not files:
        raise InputError(
            "no export files found",
            file=", ".join(str(p) for p in paths) or None,
            hint="put your search exports there (docs/ingest.md), or check ingest.ignore",
        )
    out = Outputs.open(records_out, fields_out, in_memory, chunk_rows)
    runs = _run_lookup(search_runs)
    declared = _run_lookup(search_databases)
    progress = Progress(progress_threshold, sum(path.stat().st_size for path in files))
    reports: list[dict[str, object]] = []
    notices: list[dict[str, object]] = []
    entry_ids = EntryIds()  # entries without an accession number: own ids across all files
    try:
        for path in files:
            run = runs.get(path.as_posix()) or runs.get(str(path.resolve()), "")
            database = declared.get(path.as_posix()) or declared.get(str(path.resolve()), "")
            row, file_log = read_export(path, run, out, progress, fast, entry_ids, database)
            progress.file_done(path.stat().st_size)
            progress.update(progress.records, 0)
            reports.append(row)
            notices.extend(
                {"source_file": row["source_file"], "line": notice.line, "message": notice.message}
                for notice in sorted(file_log.notices, key=lambda n: n.line or 0)
            )
    except BaseException:
        progress.close()
        out.close(keep=False)
        raise
    progress.close()
    out.close()
    report = typed_frame(reports, REPORT_COLUMNS)
    warnings = typed_frame(notices, WARNING_COLUMNS)
    if report_out:
        write_table(report, report_out)
    if warnings_out:
        write_table(warnings, warnings_out)
    return IngestResult(
        report=report,
        warnings=warnings,
        records=out.record_memory.to_pandas() if out.record_memory else None,
        fields=out.field_memory.to_pandas() if out.field_memory else None,
    )


def read_exports(
    paths: Sequence[str | Path],
    *,
    search_runs: Mapping[str, str] | None = None,
    search_databases: Mapping[str, str] | None = None,
    ignore: Sequence[str] = DEFAULT_IGNORE,
    fast: bool = True,
) -> IngestResult:
    """`ingest` into memory: the records and fields tables as DataFrames, plus the report."""
    return ingest(
        paths,
        search_runs=search_runs,
        search_databases=search_databases,
        ignore=ignore,
        in_memory=True,
        fast=fast,
    )


def _check_counts(source_file: str, found: int, written: int) -> None:
    """Every record a parser found must have been written; anything else is a bug."""
    if found != written:
        raise AssertionError(
            f"{source_file}: {found} records found but {written} written "
            "(a bug in metasynth's ingestion: please report it with this file)"
        )


def typed_frame(rows: list[dict[str, object]], columns: Sequence[tuple[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[name for name, _ in columns])
    return frame.astype({name: dtype for name, dtype in columns})
