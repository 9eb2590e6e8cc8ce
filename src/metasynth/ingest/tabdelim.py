"""Web of Science tab-delimited exports → raw records, one row at a time.

The first line names the columns with WOS tags; each later line is one record. Columns are
mapped by their header name, never by position, because the web interface has reordered them
over the years (the 2023 interface also leaves an empty last header cell). Every row ends with
an extra tab, so rows have one more (empty) cell than the header; that is expected. Encodings
(UTF-16LE or UTF-8, with BOM) and line ends (CRLF, CR) are handled by `TextSource`.

Web of Science does not quote values. A file opened and saved again by a spreadsheet ("Text
(Tab delimited)" in Excel, "Text CSV" with a tab in LibreOffice) does: it puts `"…"` around
a cell that holds a quote (doubled inside: `""`), a tab or a line break, Excel also around one
that holds a comma, and with "quote all text cells" around every text cell, header included.
Such a file is recognised by its quoted header or by the first cell only a spreadsheet writes
(quoted, and holding a doubled quote, a comma, a tab or a line break); from there every cell
that is quoted whole is read without its quotes (a value's tabs and line breaks are its own),
with one warning per file. A cell that merely starts with a quote, as a WOS title may, is read
as written. Saved as CSV instead (`PT,AU,…`, or `PT;AU;…` where the decimal mark is a comma),
the file is read by the csv module with that delimiter, also with one warning.

Reported, never dropped: rows with more cells than the header (extra values kept under an empty
tag), rows with fewer (a value holding a line break, or a cut file), a repeated header row
(two exports joined). Empty cells are not kept in the fields table (they hold no value).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Final

from metasynth.errors import InputError
from metasynth.ingest.base import FileLog, RawRecord
from metasynth.ingest.detect import TextSource, tab_header, wos_csv_header
from metasynth.ingest.tags import WOS_TAGS
from metasynth.tables import csv_reader

MAX_LINES_IN_CELL: Final = 200  # a quoted value open longer than this is no value: read as is
_CLOSED: Final = re.compile(r'"[^"]*(?:""[^"]*)*"')  # a whole cell quoted by a spreadsheet
_OPEN: Final = re.compile(r'"[^"]*(?:""[^"]*)*')  # … whose closing quote is still to come
_SPREADSHEET_ONLY: Final = re.compile(r'["\t\n,]')  # what a spreadsheet quotes a cell for
SAVED_AS_CSV: Final = (
    "a Web of Science tab-delimited export saved again by a spreadsheet program as CSV "
    "({separator} between the columns, which Web of Science never writes); read as such. Check "
    "dates such as the PD and DA columns, which spreadsheets rewrite, in the fields table, or "
    "export again from Web of Science and put that file here unopened"
)
RESAVED: Final = (
    "the file was saved again by a spreadsheet program (Excel or LibreOffice: its values are "
    "quoted, which Web of Science never does); read without the quotes. Check dates such as "
    "the PD column, which spreadsheets rewrite, in the fields table, or export again from Web "
    "of Science and put that file here unopened"
)


class _Quoting:
    """Whether the file's cells are quoted by a spreadsheet, decided by the first proof."""

    def __init__(self, log: FileLog, header_quoted: bool, line: int) -> None:
        self.log = log
        self.resaved = False
        if header_quoted:
            self.found(line)

    def found(self, line: int) -> None:
        if not self.resaved:
            self.resaved = True
            self.log.warn(line, RESAVED)

    def cells(self, text: str, line: int) -> list[str] | None:
        """The cells of a row (several lines when a quoted value holds a line break), or None
        while a quoted cell that opened is still open at the end of `text`."""
        if '"' not in text:
            return text.split("\t")
        parts = text.split("\t")
        cells: list[str] = []
        index = 0
        while index < len(parts):
            cell, end = parts[index], index
            if cell.startswith('"') and _OPEN.fullmatch(cell) and not _CLOSED.fullmatch(cell):
                while end + 1 < len(parts) and not _CLOSED.fullmatch(cell):
                    end += 1
                    cell = f"{cell}\t{parts[end]}"
                if not _CLOSED.fullmatch(cell):
                    if _OPEN.fullmatch(cell):
                        return None
                    cell, end = parts[index], index  # not a spreadsheet's quotes: as written
            if _CLOSED.fullmatch(cell) and (
                self.resaved or _SPREADSHEET_ONLY.search(cell, 1, len(cell) - 1)
            ):
                self.found(line)
                cell = cell[1:-1].replace('""', '"')
            cells.append(cell)
            index = end + 1
        return cells


def _is_header(cells: list[str]) -> bool:
    """True when a row repeats the header (most of its cells are WOS tags)."""
    tags = [cell.strip() for cell in cells if cell.strip()]
    return len(tags) >= 2 and sum(tag in WOS_TAGS for tag in tags) >= 0.8 * len(tags)


def _records(source: TextSource, log: FileLog) -> Iterator[tuple[int, list[str], list[str]]]:
    """(line, header names, cells) of each record row; a quoted value's line breaks joined."""
    names: list[str] = []
    quoting = _Quoting(log, False, 0)
    pending: list[tuple[int, str]] = []  # lines of a row whose quoted value is still open
    lines = source.numbered_lines()
    for line_no, line in lines:
        if not names:
            if line.strip():
                saved_as_csv = wos_csv_header(line)
                if saved_as_csv:
                    yield from _csv_records(lines, line_no, saved_as_csv, log)
                    return
                names, quoted = tab_header(line)
                quoting = _Quoting(log, quoted, line_no)
            continue
        if not pending and not line.strip():
            continue
        if line.startswith("\ufeff"):
            log.warn(line_no, "a byte-order mark inside the file (two exports joined?)")
            line = line.lstrip("\ufeff")
        pending.append((line_no, line))
        first = pending[0][0]
        cells = quoting.cells("\n".join(text for _, text in pending), first)
        goes_on = quoting.resaved or len(pending[0][1].split("\t")) < len(names)
        if cells is None and len(pending) < MAX_LINES_IN_CELL and goes_on:
            continue  # the quoted value goes on in the next line
        if cells is None:  # never closed: not a spreadsheet's value; each line as written
            yield from ((number, names, text.split("\t")) for number, text in pending)
        elif cells[0].strip() == names[0] and _is_header(cells):
            log.warn(first, "the header row is repeated here (two exports joined?)")
            names = [cell.strip() for cell in cells]
            while names and not names[-1]:
                names.pop()
        else:
            yield first, names, cells
        pending = []
    yield from ((number, names, text.split("\t")) for number, text in pending)


def _csv_records(
    lines: Iterator[tuple[int, str]], header_line: int, header: tuple[list[str], str], log: FileLog
) -> Iterator[tuple[int, list[str], list[str]]]:
    """(line, header names, cells) of each row of an export a spreadsheet saved as CSV, read by
    the csv module (its quoted cells hold the delimiter and line breaks)."""
    names, delimiter = header
    separator = "commas" if delimiter == "," else "semicolons"
    log.warn(header_line, SAVED_AS_CSV.format(separator=separator))
    reader = csv_reader((f"{text}\n" for _, text in lines), delimiter=delimiter)
    start = header_line + 1
    try:
        for row in reader:
            line, start = start, header_line + reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if row[0].strip() == names[0] and _is_header(row):
                log.warn(line, "the header row is repeated here (two exports joined?)")
                continue
            yield line, names, row
    except csv.Error as exc:
        raise InputError(
            f"the CSV cannot be read past here ({exc})",
            file=log.source_file,
            line=start,
            hint="a quote is not closed, or text follows a closing quote: export the records "
            "from Web of Science again and put that file here unopened",
        ) from None


def parse_tab(source: TextSource, log: FileLog) -> Iterator[RawRecord]:
    """The records of a WOS tab-delimited export, one per row, in file order."""
    for line_no, names, row in _records(source, log):
        log.records_found += 1
        width = len(names)
        cells, extra = row, []
        if len(row) > width:
            extra = [cell for cell in row[width:] if cell]
            cells = row[:width]
            if extra:
                log.warn(
                    line_no,
                    f"{width + len(extra)} values but the header names {width} columns: "
                    "the extra values are kept in the fields table under an empty tag",
                )
        elif len(row) < width:
            log.warn(
                line_no,
                f"only {len(row)} of {width} columns (a value with a line break, or a "
                "file cut short?): the missing columns are left empty",
            )
        fields = [(names[i], cell) for i, cell in enumerate(cells) if cell]
        fields.extend(("", cell) for cell in extra)
        yield RawRecord(line_no, log.without_formula_errors(line_no, fields))
