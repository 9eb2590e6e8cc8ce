"""A reviewer's decision file: appending one row at once, and taking the last one back.

The screening app writes every decision as an ordinary row of
`<decisions_dir>/<stage>_<reviewer>.csv` (columns `record_id, stage, reviewer, decision, reason,
note, date`, the schema the workflow reads), the moment it is made:

- under an exclusive lock on the file (`metasynth.files.locked_file`; the workflow's readers
  take the shared one), so two servers, or a server and a workflow run, never interleave;
- as one `write` of the whole row, then `fsync` (and an `fsync` of the folder when the file is
  new), so a killed server loses nothing that it reported as saved;
- in the file's own conventions: its column order (a hand-made file without `note` gets no
  note), its line ends, a newline added first when the last row has none;
- after checking, under the same lock, that the file holds no row of this reviewer for the same
  publication at the same stage (when the file changed since this server last wrote to it).

Undo is the exact inverse of the append, not a new row: the decision files hold one row per
reviewer, publication and stage (the workflow refuses a second one), and the schema's rule is
that a reviewer who changes their mind edits their own row while version control keeps the
history. `take_back` truncates the file to where the row began, under the exclusive lock, only
when the file still ends with exactly the bytes that were appended; otherwise (anyone wrote
after it) it refuses and the reviewer edits the file by hand. So the file never says anything
the reviewer did not mean, and no row another program wrote is ever touched.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from metasynth.errors import InputError
from metasynth.files import locked_file

DECISION_FIELDS: tuple[str, ...] = (
    "record_id",
    "stage",
    "reviewer",
    "decision",
    "reason",
    "note",
    "date",
)
"""The columns of a decision file, in the order a new file gets them."""


@dataclass(frozen=True)
class FileState:
    """What this process knows of a decision file after writing to it: if its size and
    modification time are still these, nobody else has written since."""

    size: int
    mtime_ns: int
    newlines: int  # line ends in the file
    columns: tuple[str, ...]
    newline: str


@dataclass(frozen=True)
class WrittenRow:
    """A row appended to a decision file: where, exactly which bytes, and the file around it."""

    path: Path
    offset: int  # the file's size before the append
    data: bytes  # the bytes appended (a newline first when the last row had none)
    line: int  # the row's line in the file (1 = header)
    before: FileState
    after: FileState

    @property
    def end(self) -> int:
        return self.offset + len(self.data)


def decision_file(decisions_dir: str | Path, stage: str, reviewer: str) -> Path:
    """Where the app writes a reviewer's decisions at a stage."""
    return Path(decisions_dir) / f"{stage}_{reviewer}.csv"


def _read_all(descriptor: int) -> bytes:
    chunks, position = [], 0
    while chunk := os.pread(descriptor, 1 << 20, position):
        chunks.append(chunk)
        position += len(chunk)
    return b"".join(chunks)


def _write_all(descriptor: int, data: bytes, path: Path) -> None:
    """Write and fsync `data` at the end of the file; a write that fails (a full disk stops it
    part-way) is taken back, so the file never ends in half a row, and raised naming `path`."""
    start = os.fstat(descriptor).st_size
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.ftruncate(descriptor, start)
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _header(content: bytes, path: Path) -> tuple[list[str], str]:
    """(columns, line end) of an existing decision file."""
    text = content.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    newline = "\r\n" if first.endswith("\r") else "\n"
    columns = [c.strip() for c in next(csv.reader([first.rstrip("\r")]), [])]
    if len(columns) == 1 and ";" in columns[0]:
        raise InputError(
            "its columns are separated by semicolons (as Excel saves CSV where the decimal mark "
            "is a comma); the screening app adds rows to comma-separated files only",
            file=path,
            line=1,
            hint='save it with commas (Excel: "CSV UTF-8 (Comma delimited)"; LibreOffice: Text '
            'CSV with field delimiter ","), or move it out of the decisions folder',
        )
    unknown = [c for c in columns if c not in DECISION_FIELDS]
    missing = [
        c for c in ("record_id", "stage", "reviewer", "decision", "date") if c not in columns
    ]
    if unknown or missing:
        problems = [f"unknown {c!r}" for c in unknown] + [f"no {c}" for c in missing]
        raise InputError(
            f"the header is not that of a decision file ({', '.join(problems)})",
            file=path,
            line=1,
            hint=f"the columns are {', '.join(DECISION_FIELDS)}; fix the header, or move the file "
            "out of the decisions folder",
        )
    return columns, newline


def check_writable(path: Path) -> None:
    """Refuse, before any decision is made, a decision file the app could not add rows to."""
    if path.is_file():
        content = path.read_bytes()
        if content.strip():
            _header(content, path)


def _format_row(row: Mapping[str, str], columns: list[str], newline: str, path: Path) -> bytes:
    lost = [c for c in DECISION_FIELDS if row.get(c) and c not in columns]
    if lost:
        raise InputError(
            f"the file has no {' or '.join(lost)} column, so this decision's "
            f"{' and '.join(lost)} cannot be written",
            file=path,
            line=1,
            hint=f"add the column(s) to the header ({', '.join(DECISION_FIELDS)}), or leave "
            f"the {' and '.join(lost)} empty",
        )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerow([row.get(c, "") for c in columns])
    return buffer.getvalue().encode("utf-8")


def _earlier_row(
    content: bytes, row: Mapping[str, str], publication_of: Mapping[str, str]
) -> int | None:
    """The line of a row deciding the same publication at the same stage by the same reviewer."""
    wanted = publication_of.get(row["record_id"], row["record_id"])
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig", errors="replace")))
    if reader.fieldnames is None:  # reads the header
        return None
    line = reader.line_num + 1
    for found in reader:
        named = (found.get("record_id") or "").strip()
        if (
            (found.get("stage") or "").strip() == row["stage"]
            and (found.get("reviewer") or "").strip() == row["reviewer"]
            and publication_of.get(named, named) == wanted
        ):
            return line
        line = reader.line_num + 1
    return None


def append_decision(
    path: str | Path,
    row: Mapping[str, str],
    *,
    publication_of: Mapping[str, str],
    known: FileState | None = None,
) -> WrittenRow:
    """Append `row` (a mapping of DECISION_FIELDS) to the file, durably, under the lock.

    `known` is the file as this process left it (`WrittenRow.after`, or `.before` after an
    undo). When the file is not so any more (or `known` is None), it is read whole and searched
    for an earlier row of the same reviewer on the same publication (`publication_of` maps a
    record_id to its publication), which refuses the append with its line; otherwise only its
    last byte is read. Returns what was written, for `take_back`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked_file(path, exclusive=True) as descriptor:
        stat = os.fstat(descriptor)
        if stat.st_size == 0:
            header = (",".join(DECISION_FIELDS) + "\n").encode("utf-8")
            _write_all(descriptor, header, path)
            _fsync_folder(path.parent)
            stat = os.fstat(descriptor)
        if known is not None and (known.size, known.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            before = known
            ends_with_newline = os.pread(descriptor, 1, stat.st_size - 1) == b"\n"
        else:
            content = _read_all(descriptor)
            columns, newline = _header(content, path)
            before = FileState(
                stat.st_size, stat.st_mtime_ns, content.count(b"\n"), tuple(columns), newline
            )
            ends_with_newline = content.endswith(b"\n")
            earlier = _earlier_row(content, row, publication_of)
            if earlier is not None:
                raise InputError(
                    f"{row['reviewer']} already decided {row['record_id']} at {row['stage']} "
                    f"on line {earlier}",
                    file=path,
                    line=earlier,
                    hint="one row per reviewer, publication and stage: edit that row to change "
                    "the decision",
                )
        lead = b"" if ends_with_newline else before.newline.encode("ascii")
        data = lead + _format_row(row, list(before.columns), before.newline, path)
        _write_all(descriptor, data, path)
        stat = os.fstat(descriptor)
        line = before.newlines + (1 if lead else 0) + 1
        newlines = before.newlines + data.count(b"\n")
        after = FileState(stat.st_size, stat.st_mtime_ns, newlines, before.columns, before.newline)
        return WrittenRow(path, before.size, data, line, before, after)


def take_back(written: WrittenRow) -> FileState:
    """Remove a row this process appended, if the file still ends with exactly its bytes, and
    return the file's state as it is again. Raises InputError, changing nothing, when anything
    was written or changed after it."""
    with locked_file(written.path, exclusive=True) as descriptor:
        size = os.fstat(descriptor).st_size
        tail = os.pread(descriptor, len(written.data), written.offset)
        if size != written.end or tail != written.data:
            raise InputError(
                "the file changed after this decision was written (another program or person "
                "wrote to it), so undo would not remove exactly this row",
                file=written.path,
                line=written.line,
                hint="edit or delete the row in the file by hand",
            )
        os.ftruncate(descriptor, written.offset)
        os.fsync(descriptor)
        stat = os.fstat(descriptor)
        return replace(written.before, mtime_ns=stat.st_mtime_ns)
