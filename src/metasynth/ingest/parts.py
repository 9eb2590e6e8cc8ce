"""Ingestion split by export file: each file read into a part, the parts gathered into the tables.

On a cluster the workflow reads each export in a job of its own (`ingest_part`) and one cheap
job gathers the parts (`gather_parts`) into the same files, byte for byte, that one `ingest`
over all the exports writes. Two things of a run reach across files, and a part keeps what the
gather needs to redo them in file order:

- where the table streams cut row groups: every unit (one record, one record's fields, one
  Arrow batch of the column-wise reader) is written down, and the gather adds the units to its
  streams as `ingest` would have (`TableStream.add_units`, `add_batch`);
- the ids of entries without an accession number (`identity.EntryIds`), numbered across the
  files of a run: a part numbers its own and lists their content hashes, and the gather
  renumbers them, in the records, the fields and the warnings that name them.

A part is a folder: records.arrow and fields.arrow (Arrow IPC, one batch per segment of units)
and part.json (the segments, the hashes, the file's report row and warnings). `part_name(path,
raw_dir)` names a part after its export, safely for a file name and a wildcard.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import pyarrow as pa

from metasynth.errors import InputError
from metasynth.files import AtomicFile, write_text
from metasynth.ingest.identity import EntryIds
from metasynth.ingest.output import CHUNK_ROWS, TableStream
from metasynth.ingest.records import FIELD_COLUMNS, RECORD_COLUMNS
from metasynth.ingest.run import (
    REPORT_COLUMNS,
    WARNING_COLUMNS,
    IngestResult,
    Outputs,
    Progress,
    read_export,
    typed_frame,
)
from metasynth.tables import write_table

PART_FILES: Final = ("records.arrow", "fields.arrow", "part.json")
"""The files of one part, in its folder."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_NAMED_ID = re.compile(r"record_id (\S+) made from")


def part_name(path: str | Path, raw_dir: str | Path) -> str:
    """A part's name: the export's path below `raw_dir` with every character other than
    letters, digits, `.`, `_` and `-` replaced, and a short hash of the path, so that two
    exports never share a name (`wos/savedrecs(1).txt` -> `wos_savedrecs_1_.txt-0cfee91c`)."""
    relative = Path(path).relative_to(raw_dir).as_posix()
    digest = hashlib.sha256(relative.encode("utf-8")).hexdigest()[:8]
    return f"{_UNSAFE.sub('_', relative).strip('_')}-{digest}"


class _RecordedIds(EntryIds):
    """`EntryIds` that also lists the content hash of every id it gives, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.hashes: list[str] = []

    def next_id(self, content_id: str, before: str = "") -> str:
        self.hashes.append(content_id)
        return super().next_id(content_id, before)


class _SegmentRecorder(TableStream):
    """A table stream that writes no row groups: it keeps the units it is given as segments,
    one Arrow IPC batch each — `["rows", sizes]` for rows added one record at a time (a record,
    or a record's fields), `["batch", [n]]` for a batch of the column-wise reader."""

    def __init__(self, columns: Sequence[tuple[str, str]], path: Path) -> None:
        super().__init__(columns, [], CHUNK_ROWS)
        self.segments: list[list[Any]] = []
        self._sizes: list[int] = []
        self._file = AtomicFile(path)
        self._ipc = pa.ipc.new_file(str(self._file.temporary), self.schema)

    def add_record(self, record: dict[str, object]) -> None:
        self.add_columns([[record[name]] for name in self.names])

    def add_columns(self, values: Sequence[Sequence[Any]]) -> None:
        n_rows = len(values[0])
        for target, source in zip(self.columns, values, strict=True):
            target.extend(source)
        self.rows += n_rows
        self._sizes.append(n_rows)
        if self.rows >= CHUNK_ROWS:
            self._end_rows()

    def add_batch(self, batch: pa.RecordBatch) -> None:
        self._end_rows()
        self._ipc.write_batch(batch)
        self.segments.append(["batch", [batch.num_rows]])

    def _end_rows(self) -> None:
        if not self.rows:  # nothing, or only records without fields: no row, no flush
            self._sizes = []
            return
        self._batch_rows()
        self._ipc.write_batch(self.pending.pop())
        self.pending_rows = 0
        self.segments.append(["rows", self._sizes])
        self._sizes = []

    def close(self, *, keep: bool = True) -> None:
        self._executor.shutdown(wait=True)
        if keep:
            self._end_rows()
        self._file.finish(self._ipc.close, keep=keep)


def ingest_part(
    path: str | Path,
    part_dir: str | Path,
    *,
    search_run: str = "",
    search_database: str = "",
    progress_threshold: int | None = None,
) -> IngestResult:
    """Read one export into a part under `part_dir` (PART_FILES); its report and warnings.
    `search_database`: the database its search run declares (`ingest`'s `search_databases`)."""
    part = Path(part_dir)
    part.mkdir(parents=True, exist_ok=True)
    records = _SegmentRecorder(RECORD_COLUMNS, part / "records.arrow")
    fields = _SegmentRecorder(FIELD_COLUMNS, part / "fields.arrow")
    out = Outputs(records, fields, None, None)
    entry_ids = _RecordedIds()
    source = Path(path)
    progress = Progress(progress_threshold, source.stat().st_size)
    try:
        row, file_log = read_export(
            source, search_run, out, progress, True, entry_ids, search_database
        )
    except BaseException:
        out.close(keep=False)
        raise
    finally:
        progress.close()
    out.close()
    notices = [
        {"line": notice.line, "message": notice.message}
        for notice in sorted(file_log.notices, key=lambda n: n.line or 0)
    ]
    description = {
        "report": row,
        "warnings": notices,
        "entry_hashes": entry_ids.hashes,
        "records": records.segments,
        "fields": fields.segments,
    }
    write_text(
        json.dumps(description, sort_keys=True, ensure_ascii=False) + "\n", part / "part.json"
    )
    source_file = str(row["source_file"])
    return IngestResult(
        report=typed_frame([row], REPORT_COLUMNS),
        warnings=typed_frame([{"source_file": source_file, **n} for n in notices], WARNING_COLUMNS),
    )


def _read_description(part: Path) -> dict[str, Any]:
    path = part / "part.json"
    try:
        description: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"not a readable ingest part ({exc})",
            file=path,
            hint="remove the folder and run the workflow again: the part is read from its export",
        ) from None
    return description


def _renumbering(hashes: Sequence[str], run_ids: EntryIds) -> dict[str, str]:
    """The part's own ids of entries without an accession number → their ids in the run."""
    part_ids = EntryIds()
    renamed = {}
    for content_id in hashes:
        own, in_run = part_ids.next_id(content_id), run_ids.next_id(content_id)
        if own != in_run:
            renamed[own] = in_run
    return renamed


def _renamed(batch: pa.RecordBatch, renamed: Mapping[str, str]) -> pa.RecordBatch:
    if not renamed:
        return batch
    position = batch.schema.get_field_index("record_id")
    ids = [renamed.get(value, value) for value in batch.column(position).to_pylist()]
    column = pa.array(ids, type=batch.schema.field(position).type)
    return batch.set_column(position, batch.schema.field(position), column)


def _replay(
    stream: TableStream, ipc: Path, segments: Sequence[Any], renamed: Mapping[str, str]
) -> None:
    """Add a part's table to `stream` unit by unit, as `ingest` added it."""
    with pa.memory_map(str(ipc)) as source:
        reader = pa.ipc.open_file(source)
        if reader.num_record_batches != len(segments):
            raise InputError(
                f"the part holds {reader.num_record_batches} batches, its part.json "
                f"{len(segments)}",
                file=ipc,
                hint="remove the part's folder and run the workflow again",
            )
        for index, (kind, sizes) in enumerate(segments):
            batch = _renamed(reader.get_batch(index), renamed)
            if kind == "batch":
                stream.add_batch(batch)
            else:
                stream.add_units([column.to_pylist() for column in batch.columns], sizes)


def _warnings(
    description: Mapping[str, Any], renamed: Mapping[str, str]
) -> Iterator[dict[str, object]]:
    source_file = description["report"]["source_file"]
    for notice in description["warnings"]:
        message = _NAMED_ID.sub(
            lambda m: f"record_id {renamed.get(m.group(1), m.group(1))} made from",
            notice["message"],
        )
        yield {"source_file": source_file, "line": notice["line"], "message": message}


def gather_parts(
    parts: Sequence[str | Path],
    *,
    records_out: Sequence[str | Path] = (),
    fields_out: str | Path | None = None,
    report_out: str | Path | None = None,
    warnings_out: str | Path | None = None,
) -> IngestResult:
    """The ingest tables of the exports whose parts are `parts` (folders, in the order `ingest`
    reads the exports: `expand_paths`), the same bytes `ingest` writes from the exports."""
    out = Outputs.open(records_out, fields_out, False, CHUNK_ROWS)
    run_ids = EntryIds()
    reports: list[dict[str, object]] = []
    notices: list[dict[str, object]] = []
    try:
        for part in map(Path, parts):
            description = _read_description(part)
            renamed = _renumbering(description["entry_hashes"], run_ids)
            _replay(out.records, part / "records.arrow", description["records"], renamed)
            if out.fields is not None:
                _replay(out.fields, part / "fields.arrow", description["fields"], renamed)
            reports.append(description["report"])
            notices.extend(_warnings(description, renamed))
    except BaseException:
        out.close(keep=False)
        raise
    out.close()
    report = typed_frame(reports, REPORT_COLUMNS)
    warnings = typed_frame(notices, WARNING_COLUMNS)
    if report_out:
        write_table(report, report_out)
    if warnings_out:
        write_table(warnings, warnings_out)
    return IngestResult(report=report, warnings=warnings)
