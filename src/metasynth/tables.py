"""Tables: hand-edited inputs read and validated row by row, outputs written the same bytes.

Hand-edited inputs (reviewers' decisions, duplicate verdicts, appraisals, codes, manifests) are
read with their line numbers kept (`read_hand_table`) and validated row by row against a row
schema shipped in `metasynth/schemas/` (`metasynth.validation`), so that every complaint names
the file and line; a file saved as something other than UTF-8 CSV (a workbook, UTF-16, NUL
bytes, Git's conflict markers) is refused saying how to save it. Rows are appended to them in
one locked write (`append_rows`).

Outputs are written the same way everywhere so that two runs give byte-identical files:
UTF-8, "\\n" line ends, no index, stable column order, and in CSV every cell that holds a line
break or a bare CR quoted (`csv_text`), so the file reads back to the same rows; each is written
atomically (`metasynth.files.atomic_output`). Inputs are opened through `metasynth.files`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import ctypes
import ctypes.util
import io
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from metasynth.errors import InputError, raise_collected
from metasynth.files import (
    atomic_output,
    check_input_file,
    check_output_file,
    locked_file,
    read_input_bytes,
    refuse_merge_conflict,
)
from metasynth.row_schema import RowChecker
from metasynth.text import formula_error_problem, is_formula_error, plural
from metasynth.validation import (
    describe_error,
    load_schema,
    row_checker,
    schema_validator,
    validator_of,
)

if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
    # Arrow's default allocator (mimalloc) keeps the memory of freed columns for later use:
    # deduplicating a million records then held gigabytes of copies long gone. The system
    # allocator gives it back (see `map_large_blocks` for the rest).
    pa.set_memory_pool(pa.system_memory_pool())

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


def map_large_blocks() -> None:
    """Have blocks of 128 KiB or more mapped on their own, so that freeing them gives the
    memory back to the system (glibc; elsewhere nothing changes).

    glibc raises its threshold for that to the largest block freed, after which freed column
    buffers stay in the process: taking 90% of 100,000 records' columns and dropping the
    originals left it 168 MiB larger though Arrow held less. For commands that hold a whole
    records table (`metasynth dedup`, the match_duplicates rule), not for streaming ones:
    mapping costs system time (ingestion: +40% CPU). MALLOC_MMAP_THRESHOLD_, when set, rules.
    """
    if "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return  # no glibc (macOS, Windows): that allocator's own policy applies
    mallopt(_M_MMAP_THRESHOLD, 128 * 1024)


LINE_COLUMN = "source_line"
"""Column added to every hand-edited table read here: the row's line in its file (1 = header)."""

_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


# --------------------------------------------------------------------------- hand-edited CSV


_COERCED = frozenset({"integer", "number", "boolean"})
"""The JSON types a CSV cell is turned into (`_coerce`); a cell of any other type stays text."""


def _coerce_kinds(spec: Mapping[str, Any]) -> set[str]:
    kinds = spec.get("type", "string")
    return set(kinds) if isinstance(kinds, list) else {kinds}


def _coerce(value: str, spec: dict[str, Any]) -> Any:
    """Turn a CSV cell into the JSON type its schema property asks for, when it is one."""
    kinds = _coerce_kinds(spec)
    if "integer" in kinds and _INTEGER.match(value):
        return int(value)
    if "number" in kinds and _NUMBER.match(value):
        return float(value)
    if "boolean" in kinds and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    return value


def row_problem(record: Mapping[str, str], schema_name: str) -> str:
    """What `<schema_name>.schema.yaml` says is wrong with a row about to be written to a
    hand-edited file (an importer's), in the words `read_hand_table` would refuse it with; ""
    when nothing is."""
    validator = schema_validator(schema_name)
    properties = validator.schema.get("properties", {})
    document = {k: _coerce(v, properties.get(k, {})) for k, v in record.items() if v != ""}
    errors = list(validator.iter_errors(document))
    return describe_error(errors[0])[1] if errors else ""


CSV_FIELD_LIMIT = 1 << 30
"""Longest CSV cell read (characters). The csv module's default, 131,072, is shorter than some
real abstracts and highlighted passages; without raising it such a file could not be read."""


def csv_reader(lines: Iterable[str], *, delimiter: str = ",") -> Any:
    """`csv.reader` over `lines` (the text of a file, newline="" semantics) for every reader of
    delimited text in the package: the field limit raised to `CSV_FIELD_LIMIT`, and strict, so
    that a quote left open raises `csv.Error` instead of swallowing every later row into one
    cell, and `"Smith" et al` (text after a closing quote) is not silently read as `Smith et al`.
    """
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    return csv.reader(lines, strict=True, delimiter=delimiter)


_BARE_CR = re.compile(r"\r(?!\n)")


def csv_rows(
    text: str, *, file: str | Path, delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for each row of CSV text; a row the csv module cannot
    read (an unclosed quote running to the end, a NUL byte) is an InputError naming its line.

    In a file whose lines end in LF or CRLF, a bare CR is data, as in the ingest readers (the csv
    module would end the row there, splitting one row into two); in a file whose lines mostly end
    in a bare CR (Excel's "CSV (Macintosh)"), every CR ends a line."""
    bare_cr = len(_BARE_CR.findall(text))
    kept_cr = bare_cr and bare_cr < text.count("\n")
    if kept_cr:
        text = _BARE_CR.sub(_CR_STAND_IN, text)
    reader = csv_reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    while True:
        try:
            cells = next(reader)
            if kept_cr:
                cells = [cell.replace(_CR_STAND_IN, "\r") for cell in cells]
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(
                f"cannot be read as CSV from here on ({exc})",
                file=file,
                line=start,
                hint='a quote is probably not closed: every " inside a cell must be doubled',
            ) from None
        yield start, cells
        start = reader.line_num + 1


def refuse_repeated_header(
    cells: list[str], header: list[str], *, file: str | Path, line: int
) -> None:
    """InputError when a row repeats the header row: two files joined (`cat a.csv b.csv`); read
    as data, it would be one row too many. The last cell may be cut short (a joined file that
    ends inside its second header). The second file's byte-order mark, and the quotes a CSV
    reader leaves around a cell after it (`\ufeff"id"`), do not hide its first cell."""
    if not cells:
        return
    first = cells[0].strip().lstrip("\ufeff")
    if len(first) > 1 and first[0] == first[-1] == '"':
        first = first[1:-1].replace('""', '"')
    if len(cells) != len(header) or first.strip().lower() != header[0].lower():
        return  # most rows: not worth lower-casing every cell
    names = [h.lower() for h in header]
    found = [first.strip().lower(), *(c.strip().lower() for c in cells[1:])]
    if (
        len(names) > 1
        and len(found) == len(names)
        and found[:-1] == names[:-1]
        and names[-1].startswith(found[-1])
    ):
        raise InputError(
            "the header row is repeated here (two files joined into one?)",
            file=file,
            line=line,
            hint="delete this row (and check that the rows after it are not there twice)",
        )


_SAVE_AS_UTF8 = (
    'in Excel: File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)"; in LibreOffice: Save As '
    '→ "Text CSV", character set "Unicode (UTF-8)"'
)


def _hand_text(raw: bytes, path: Path) -> str:
    """A hand-edited CSV as text; a file that is not UTF-8 is refused, saying how to save it:
    a workbook with a .csv name, UTF-16 (Excel's "Unicode Text"), NUL bytes (a crash or a cut
    sync pads a file with them) and Git's conflict markers by name, rather than as the odd cells
    they would be read as."""
    if raw.startswith(b"PK\x03\x04"):
        raise InputError(
            "a spreadsheet (.xlsx or .ods) with a CSV file's name, not CSV text",
            file=path,
            hint=f"open it in the spreadsheet program and save it as CSV — {_SAVE_AS_UTF8}",
        )
    head = raw[:2048]
    # ASCII text in UTF-16 without a BOM: NUL bytes in every other place, and only there
    halves = sorted((head[0::2].count(0), head[1::2].count(0)))
    no_bom_utf16 = halves[1] > len(head) // 4 and halves[0] < len(head) // 16
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or no_bom_utf16:
        raise InputError(
            'saved as UTF-16 (Excel\'s "Unicode Text"), not as UTF-8 CSV',
            file=path,
            hint=f"save the file as UTF-8 — {_SAVE_AS_UTF8}",
        )
    if b"\0" in raw:
        at = raw.index(b"\0")
        line = raw[:at].count(b"\n") + 1
        count = raw.count(b"\0")
        raise InputError(
            f"{count:,} NUL byte(s), the first on this line: the file was damaged (a crash while "
            "it was saved, or a sync cut short) or is not a text file",
            file=path,
            line=line,
            hint="restore the file from a backup or its version history, or delete the NUL "
            "bytes and check the rows around them",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        end = raw.find(b"\n", exc.start)
        shown = raw[start : end if end >= 0 else len(raw)].decode("cp1252", errors="replace")
        raise InputError(
            f"not UTF-8 ({exc.reason}); line {line} reads {shown.strip()[:80]!r} in Windows-1252, "
            'the encoding of Excel\'s "CSV (Comma delimited)"',
            file=path,
            line=line,
            hint=f"save the file as UTF-8 — {_SAVE_AS_UTF8}",
        ) from None
    refuse_merge_conflict(text, file=path)
    return text


def _hand_header(cells: list[str]) -> list[str]:
    """The column names of a header row, without the empty columns right of the table that
    spreadsheets save (`record_id,…,date,,,`)."""
    header = [cell.strip() for cell in cells]
    while len(header) > 1 and not header[-1]:
        header.pop()
    return header


def _hand_delimiter(text: str, columns: Iterable[str]) -> str:
    """ ";" for a file whose header is split by semicolons, not commas, into names of which at
    least one is a column of the schema (an unknown one is then reported by its own name)."""
    first = text.split("\n", 1)[0].strip()
    if "," in first or ";" not in first:
        return ","
    names = {c.strip().strip('"') for c in first.split(";")}
    return ";" if names & set(columns) else ","


_ONE_LINE_END = (
    "save the file again so that every line ends the same way (LF or CRLF), or put the CR's row "
    "on a line of its own"
)


def _refuse_header_joined_by_cr(header: list[str], path: Path) -> None:
    """InputError when bare CRs (an old Mac line end among LF or CRLF ones, read as data)
    joined the rows after the header to it."""
    if any("\r" in cell for cell in header):
        raise InputError(
            "a bare CR (an old Mac line end) joined the header and the rows after it into one line",
            file=path,
            line=1,
            hint=_ONE_LINE_END,
        )


def cell_count_problem(n_cells: int, n_columns: int) -> str:
    """What is wrong with a row whose cells the header does not match, as every reader says it."""
    return f"{plural(n_cells, 'cell')} but the header has {plural(n_columns, 'column')}"


def _too_many_cells(
    cells: list[str], n_columns: int, delimiter: str, path: Path, line: int
) -> InputError:
    """The error for a row longer than the header: a separator not quoted, or two rows joined
    by a bare CR (an old Mac line end among LF or CRLF ones, read as data in a cell)."""
    if any("\r" in cell for cell in cells):
        hint = f"a bare CR (an old Mac line end) in this row joined two rows: {_ONE_LINE_END}"
    else:
        hint = f"quote cells that contain {'semicolons' if delimiter == ';' else 'commas'}"
    return InputError(
        cell_count_problem(len(cells), n_columns),
        file=path,
        line=line,
        hint=hint,
    )


def read_hand_table(path: str | Path, schema_name: str | Mapping[str, Any]) -> pd.DataFrame:
    """`read_hand_rows`, raising its row problems (`CollectedInputError` for several)."""
    frame, problems = read_hand_rows(path, schema_name)
    raise_collected(problems)
    return frame


def read_hand_rows(
    path: str | Path, schema_name: str | Mapping[str, Any]
) -> tuple[pd.DataFrame, list[InputError]]:
    """Read a hand-edited CSV and validate every row against `<schema_name>.schema.yaml` (or the
    row schema given as a mapping: an appraisal checklist's, `Checklist.row_schema`).

    The schema describes one row (an object). Empty cells are treated as absent, so `required`
    catches them. Returns the rows as strings (empty cells as ""), plus `source_line` (where the
    row starts), and beside them an InputError at the file and line of each bad row, left out (a
    caller checking the good rows further reports all in one run). Raises InputError at the
    header when a column is unknown or missing (the schema's `required`, and
    `x-required-columns`: columns needed though cells may be empty). A spreadsheet's error value
    (`#N/A`, `Err:502`: `text.is_formula_error`) is refused at its line, column and cell."""
    path = Path(path)
    if isinstance(schema_name, str):
        schema = load_schema(schema_name)
        where = str(schema.get("title", schema_name))
    else:
        schema = dict(schema_name)
        where = str(schema.get("title", "the row schema"))
    properties: dict[str, Any] = schema.get("properties", {})
    text = _hand_text(read_input_bytes(path, locked=True), path)
    delimiter = _hand_delimiter(text, properties)
    if delimiter == ";":
        logging.getLogger("metasynth.tables").warning(
            "%s: columns separated by semicolons (as Excel saves CSV where the decimal mark is a "
            "comma): read that way",
            path,
        )
    rows = csv_rows(text, file=path, delimiter=delimiter)
    header = _hand_header(next(rows, (1, []))[1])
    if not any(header):
        raise InputError(
            "the file is empty; it needs a header row",
            file=path,
            line=1,
            hint=f"columns: {', '.join(properties)}",
        )
    _refuse_header_joined_by_cr(header, path)
    unknown = [h for h in header if h not in properties]
    if properties and not any(h in properties for h in header):
        # Rows appended to a new file without the header line (the to-do lists' `add_row`
        # written into an empty file): the first row is data, not an unknown column.
        raise InputError(
            "the first line is not a header: none of its cells "
            f"({', '.join(map(repr, header[:3]))}{', ...' if len(header) > 3 else ''}) is a "
            "column name",
            file=path,
            line=1,
            hint=f"add the header as the file's first line: {','.join(properties)}",
        )
    if unknown and schema.get("additionalProperties") is False:
        raise InputError(
            f"unknown column(s) {', '.join(map(repr, unknown))}",
            file=path,
            line=1,
            hint=f"the columns are: {', '.join(properties)}",
        )
    required = [*schema.get("required", []), *schema.get("x-required-columns", [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(map(repr, missing))}",
            file=path,
            line=1,
            hint=f"the columns are: {', '.join(properties)}",
        )
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        raise InputError(f"repeated column(s) {', '.join(dupes)}", file=path, line=1)

    checker = (
        row_checker(schema_name)
        if isinstance(schema_name, str)
        else RowChecker(validator_of(schema))
    )
    typed = {h for h in header if _coerce_kinds(properties.get(h, {})) & _COERCED}
    kept = [h for h in properties if h in header]  # a row's cells are under header names
    records: list[dict[str, Any]] = []
    problems: list[InputError] = []
    for row_number, (line, cells) in enumerate(rows, start=2):  # as a spreadsheet numbers it
        if not any(c.strip() for c in cells):
            continue  # blank lines are layout, not data
        if refusal := _refused_row(cells, header, properties, path, line, row_number):
            problems.append(refusal)
            continue
        if len(cells) > len(header) and not any(c.strip() for c in cells[len(header) :]):
            cells = cells[: len(header)]
        if len(cells) > len(header):
            problems.append(_too_many_cells(cells, len(header), delimiter, path, line))
            continue
        record: dict[str, Any] = {h: c.strip() for h, c in zip(header, cells, strict=False)}
        document = {k: v for k, v in record.items() if v != ""}
        for column in typed.intersection(document):
            document[column] = _coerce(document[column], properties[column])
        errors = checker.errors(document)  # jsonschema's, for new kinds of row only
        if errors:
            if errors[0].validator == "required":  # empty cells are absent from `document`
                column = next(c for c in errors[0].validator_value if c not in document)
                message = "the cell is empty: fill it in"
            else:
                column, message = describe_error(errors[0])
            spec = properties.get(column, {})
            if column in properties and spec.get("description"):
                message = f"{column}: {message}"
                hint = f"the {column} column: {' '.join(str(spec['description']).split())}"
            else:
                hint = f"the columns of {where}: {', '.join(properties)}"
            problems.append(InputError(message, file=path, line=line, hint=hint))
            continue
        record = {h: record.get(h, "") for h in kept}
        record[LINE_COLUMN] = line
        records.append(record)
    columns = [h for h in properties if h in header] + [LINE_COLUMN]
    frame = pd.DataFrame(records, columns=columns)
    for column in columns[:-1]:
        frame[column] = frame[column].fillna("").astype("string")
    frame[LINE_COLUMN] = frame[LINE_COLUMN].astype("int64")
    return frame, problems


def _refused_row(
    cells: list[str], header: list[str], properties: Mapping[str, Any],
    path: Path, line: int, row_number: int,
) -> InputError | None:  # fmt: skip
    """The error of a row that repeats the header, or whose cell in a column read holds a
    spreadsheet's error value (`#N/A`, `#REF!`, `Err:502`): a formula that failed, saved to CSV
    as its result, is no record_id, reason or judgement anyone wrote, so it is never read as one."""
    try:
        refuse_repeated_header(cells, header, file=path, line=line)
    except InputError as error:
        return error
    for index, (column, value) in enumerate(zip(header, cells, strict=False)):
        if column in properties and is_formula_error(value):
            return InputError(
                f"{formula_error_problem(column, value)} (cell {_column_letters(index)}"
                f"{row_number} in a spreadsheet)",
                file=path,
                line=line,
                hint="fix the formula (or type the value over it) in the spreadsheet, or in "
                "this file, and save it as CSV again",
            )
    return None


def _column_letters(index: int) -> str:
    """A spreadsheet's name of the column at 0-based `index`: A, …, Z, AA, AB, …"""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# --------------------------------------------------------------------------- outputs


CSV_SLICE_ROWS = 5_000
"""Rows formatted at a time when a table is written as CSV (each slice's text is the same as
that part of the whole table's, so the file does not depend on it)."""

_CR_STAND_IN = "\ue000"  # a private-use character, for a CR while the CSV is written


def csv_text(frame: pd.DataFrame, *, header: bool = True, float_format: str | None = None) -> str:
    """A table as CSV text ("\\n" line ends, no index) that reads back to the same rows.

    Python's csv writer quotes a cell holding a delimiter, a quote or the line terminator
    ("\\n"), but not a bare CR, which every CSV reader takes for a line end: such cells (a CR
    inside an exported abstract or keyword) are quoted here too. Tables without a CR are written
    exactly as pandas writes them.
    """
    text: str = frame.to_csv(
        index=False, header=header, lineterminator="\n", float_format=float_format
    )
    if "\r" not in text:
        return text
    stand_in = frame.replace("\r", _CR_STAND_IN, regex=True)
    plain: str = stand_in.to_csv(
        index=False, header=header, lineterminator="\n", float_format=float_format
    )
    lines = []
    for row in csv.reader(io.StringIO(plain, newline="")):
        cells = [_quote_cell(cell.replace(_CR_STAND_IN, "\r")) for cell in row]
        lines.append(",".join(cells) if cells != [""] else '""')
    return "".join(line + "\n" for line in lines)


def _quote_cell(cell: str) -> str:
    """A cell as QUOTE_MINIMAL writes it, a bare CR counting as a reason to quote."""
    if any(char in cell for char in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def write_table(frame: pd.DataFrame, path: str | Path, *, float_format: str | None = None) -> None:
    """Write a table by its extension (.csv or .parquet), byte-for-byte reproducibly and
    atomically (`atomic_output`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # in slices of rows: the text of a million-row table would take gigabytes at once
        starts = range(0, max(len(frame), 1), CSV_SLICE_ROWS)
        slices = (frame.iloc[start : start + CSV_SLICE_ROWS] for start in starts)
        write_csv_slices(slices, path, float_format=float_format)
    elif suffix == ".parquet":
        with atomic_output(path) as temporary:
            frame.to_parquet(temporary, index=False, compression="zstd")
    else:
        raise InputError(
            f"cannot write a table with extension {suffix!r}",
            file=path,
            hint="use .csv or .parquet",
        )


def write_csv_slices(
    slices: Iterable[pd.DataFrame], path: str | Path, *, float_format: str | None = None
) -> None:
    """Write a CSV table given as consecutive slices of its rows, each made when it is written
    (the first one's columns are the header; a table without rows is one slice without rows):
    the bytes `write_table` writes for the whole table, without holding it."""
    path = Path(path)
    with (
        atomic_output(path) as temporary,
        temporary.open("w", encoding="utf-8", newline="") as handle,
    ):
        for number, rows in enumerate(slices):
            handle.write(csv_text(rows, header=number == 0, float_format=float_format))


def read_delimited(path: str | Path, *, sep: str = ",", what: str = "a CSV table") -> pd.DataFrame:
    """A UTF-8 delimited text file as strings (empty cells ""), or InputError naming the file
    when it is missing, empty, not text or not delimited (instead of a pandas traceback)."""
    path = Path(path)
    check_input_file(path)
    try:
        return pd.read_csv(path, sep=sep, dtype="string", keep_default_na=False, na_values=[])
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", file=path) from None
    except pd.errors.EmptyDataError:
        raise InputError(f"the file is empty; expected {what}", file=path, line=1) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start}); expected {what}",
            file=path,
            hint="is this the right file? Tables are saved as UTF-8 text",
        ) from None
    except pd.errors.ParserError as exc:
        raise InputError(f"not {what}: {exc}", file=path) from None


def table_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """`frame.to_dict("records")`: the same rows of the same values, several times faster on
    text columns (pandas boxes each cell of an Arrow-backed column on its own; `tolist`
    converts a column at once), which counts where a stage walks 200,000 decision rows."""
    columns = list(frame.columns)
    if not columns:
        return [{} for _ in range(len(frame))]
    values = [frame.iloc[:, i].tolist() for i in range(len(columns))]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def read_table(
    path: str | Path, *, columns: Sequence[str] | None = None, require: Sequence[str] = ()
) -> pd.DataFrame:
    """Read a table this package wrote (.csv or .parquet); of a Parquet file, only those of
    `columns` it has when they are given (a million rows' other fields take gigabytes). A
    column of `require` it lacks (the file damaged, or another table) is an InputError."""
    frame = _contiguous(_read_table(Path(path), columns))
    absent = [column for column in require if column not in frame.columns]
    if absent:
        raise InputError(
            f"no column {', '.join(map(repr, absent))}: the file is damaged or not this table",
            file=path,
            line=1,
            hint="run the workflow again to write it anew",
        )
    return frame


@dataclass(frozen=True)
class TableColumns:
    """A table read a few columns at a time: its column `names`, and `read(columns)` the frame
    of those of `columns` it has. Deduplication reads the records' columns that matching uses
    first and the others only when it builds the publications (a million records' columns
    take gigabytes)."""

    names: tuple[str, ...]
    read: Callable[[Sequence[str]], pd.DataFrame]


def table_columns(source: pd.DataFrame | str | Path) -> TableColumns:
    """A frame's columns, or a table file's: a Parquet file's are read when asked for (a CSV
    file is read whole, once)."""
    if not isinstance(source, pd.DataFrame) and Path(source).suffix.lower() == ".parquet":
        path = Path(source)
        check_input_file(path)
        try:
            schema = pq.read_schema(path)
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise _unreadable_parquet(path, exc) from None
        names = tuple(n for n in schema.names if not n.startswith("__index_level_"))
        return TableColumns(names, lambda columns: read_table(path, columns=columns))
    frame = source if isinstance(source, pd.DataFrame) else read_table(source)
    return TableColumns(
        tuple(frame.columns), lambda columns: frame[[c for c in columns if c in frame.columns]]
    )


def _contiguous(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each Arrow-backed column in one piece. Parquet's row groups arrive as pieces
    (chunks), and taking rows of a column in pieces joins all its pieces first, every time: a
    slice of 10,000 rows of a million publications took 12 s instead of 0.03 s, so working a
    table a slice at a time grew with the square of its rows (docs/benchmarks.md)."""
    for name in frame.columns:
        array = frame[name].array
        if not isinstance(array, pd.arrays.ArrowExtensionArray | pd.arrays.ArrowStringArray):
            continue
        pieces = array.__arrow_array__()
        if isinstance(pieces, pa.ChunkedArray) and pieces.num_chunks > 1:
            whole = pieces.combine_chunks()
            joined = (
                pd.arrays.ArrowStringArray(whole, dtype=array.dtype)
                if isinstance(array, pd.arrays.ArrowStringArray)
                else pd.arrays.ArrowExtensionArray(whole)
            )
            frame[name] = pd.Series(joined, index=frame.index, name=name, copy=False)
    return frame


def _read_table(path: Path, columns: Sequence[str] | None) -> pd.DataFrame:
    suffix = path.suffix.lower()
    check_input_file(path)
    if suffix == ".parquet":
        try:
            if columns is not None:
                present = set(pq.read_schema(path).names)
                columns = [column for column in columns if column in present]
            return pd.read_parquet(path, columns=columns)
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise _unreadable_parquet(path, exc) from None
    if suffix == ".csv":
        return read_delimited(path)
    raise InputError(f"cannot read a table with extension {suffix!r}", file=path)


def _unreadable_parquet(path: Path, exc: Exception) -> InputError:
    return InputError(
        f"not a readable Parquet file ({exc})",
        file=path,
        hint="write it again with `metasynth ingest … --out FILE.parquet`, or pass a .csv",
    )


def _append_header(content: bytes, path: Path) -> tuple[list[str], str]:
    """(columns, line end) of a hand-edited CSV file rows are appended to."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 ({exc.reason}); rows cannot be added to it",
            file=path,
            line=content[: exc.start].count(b"\n") + 1,
            hint='save it as "CSV UTF-8 (comma delimited)" first, or name a new file',
        ) from None
    first = text.split("\n", 1)[0]
    columns = [c.strip() for c in next(csv.reader([first.rstrip("\r")]), [])]
    if len(columns) == 1 and ";" in columns[0]:
        raise InputError(
            "its columns are separated by semicolons; rows are added to comma-separated files only",
            file=path,
            line=1,
            hint="name another (new) file with --output, or save this one with commas",
        )
    return columns, "\r\n" if first.endswith("\r") else "\n"


def _refuse_present(content: bytes, frame: pd.DataFrame, key: Sequence[str], path: Path) -> None:
    """InputError, before anything is appended, when the file already holds a row with the
    `key` values of a new row: written after the rows were planned (two imports at once)."""
    rows = csv_rows(content.decode("utf-8-sig"), file=path)
    header = [h.strip() for h in next(rows, (1, []))[1]]
    if not all(k in header for k in key):
        return
    at = [header.index(k) for k in key]
    present: dict[tuple[str, ...], int] = {}
    for line, cells in rows:
        if len(cells) > max(at):
            present.setdefault(tuple(cells[i].strip() for i in at), line)
    for row in frame.fillna("").astype(str).to_dict("records"):
        found = present.get(tuple(str(row[k]).strip() for k in key))
        if found is not None:
            raise InputError(
                f"line {found} already holds {', '.join(str(row[k]) for k in key)}, written "
                "after this import read the file (another import at the same time?); nothing "
                "was appended",
                file=path,
                line=found,
                hint="run the import again: rows already in the file are skipped",
            )


def append_rows(path: str | Path, frame: pd.DataFrame, *, key: Sequence[str] = ()) -> int:
    """Append a table's rows to a hand-edited CSV file, under an exclusive lock, in one write.

    A missing or empty file is created with the table's columns as header. An existing file
    keeps every byte it has: the rows follow in its own column order and line ends (a line end
    first when its last row has none), and a column the file lacks must be empty in every row.
    Returns the line of the first appended row (1 = header). A write that fails (a full disk)
    is taken back: the file keeps its bytes, not half a row. `key`: columns that identify a
    row; when the file (read under the lock) already holds a new row's key, nothing is
    appended (`_refuse_present`).
    """
    path = Path(path)
    check_output_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked_file(path, exclusive=True) as descriptor:
        content = b""
        while chunk := os.pread(descriptor, 1 << 20, len(content)):
            content += chunk
        if content.strip():
            columns, newline = _append_header(content, path)
            lead = "" if content.endswith(b"\n") else newline
            if key:
                _refuse_present(content, frame, key, path)
        else:
            columns, newline, lead = list(frame.columns), "\n", ""
            content = b""
            os.ftruncate(descriptor, 0)
        lost = [c for c in frame.columns if c not in columns and frame[c].fillna("").ne("").any()]
        if lost:
            raise InputError(
                f"the file has no column {', '.join(map(repr, lost))}, which the new rows fill",
                file=path,
                line=1,
                hint=f"add the column(s) to its header ({', '.join(frame.columns)}) or name "
                "another file",
            )
        lines = [] if content else [",".join(_quote_cell(c) for c in columns)]
        for row in frame.fillna("").astype(str).to_dict("records"):
            lines.append(",".join(_quote_cell(row.get(c, "")) for c in columns))
        data = memoryview((lead + "".join(line + newline for line in lines)).encode("utf-8"))
        try:
            while data:
                data = data[os.write(descriptor, data) :]
            os.fsync(descriptor)
        except OSError as exc:  # a full disk stops a write part-way: take the part back
            with contextlib.suppress(OSError):
                os.ftruncate(descriptor, len(content))
            raise OSError(exc.errno, exc.strerror, str(path)) from None
    first_line = content.count(b"\n") + (2 if lead else 1)
    return first_line + (1 if not content else 0)


def sorted_unique(values: Iterable[str]) -> list[str]:
    """Sorted distinct non-empty strings, for deterministic joined lists."""
    return sorted({v for v in values if v})
