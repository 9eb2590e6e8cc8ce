"""Reading another tool's table — CSV, TSV or an Excel workbook — as rows of text with line numbers.

`read_sheet` returns the header and every non-blank row as strings (a cell Excel holds as a
number is written as people see it: 1.0 → "1", a date → YYYY-MM-DD), each with its line in the
file (the row number in a workbook, 1 = the header), and the notices about how it was read:

- CSV: UTF-8 with or without byte-order mark, or UTF-16 (Excel's "Unicode Text"; without a
  byte-order mark, with a notice); a file that is not UTF-8 but is valid Windows-1252 (Excel's
  "CSV (Comma delimited)" on Windows) is read as such, with a notice; the delimiter is the one
  of `,`, `;` and tab that splits the header into the most columns (`;` is what Excel writes
  where the decimal mark is a comma), with a notice when it is not a comma; line ends CR
  (Excel's "CSV (Macintosh)"), LF or CRLF; rows are read as the hand-edited tables are
  (`tables.csv_rows`: a quote left open is refused at its line instead of swallowing the rows
  after it, cells of any length);
- `.tsv`/`.tab`: tab-separated, UTF-8;
- `.xlsx`/`.xlsm`: the first visible worksheet (or the one named), read with openpyxl; hidden
  rows (hidden by hand or by a filter) are read like the others, with a notice listing them.

The header is the first row, unless the sheet opens with a title (rows of one filled cell
above a table several cells wide, as exported sheets have): then the first row of several cells,
with a notice (`header_index`). A column named twice, or a row with filled cells beyond the
header's columns (a comma not
quoted: every later cell one column off), is refused at its line: read as a mapping, one of the
two would silently vanish. Anything else is an `InputError` naming the file and saying which
formats are read.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from metasynth.errors import InputError, raise_collected
from metasynth.files import check_input_file, read_input_bytes
from metasynth.tables import cell_count_problem, csv_rows, refuse_repeated_header
from metasynth.text import formula_error_problem, is_formula_error

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".tab", ".txt"})
_DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


Rows = list[tuple[int, dict[str, str]]]
"""(line or row number, cells by column) of each row read."""


@dataclass
class Sheet:
    """A table read from a file: header, rows (line, cells by column), how it was read."""

    path: Path
    columns: list[str]
    rows: Rows
    notices: list[str] = field(default_factory=list)
    where: str = "line"  # "line" for text files, "row" for workbooks
    worksheet: str = ""  # the worksheet read, in a workbook of several ("" otherwise)
    worksheets: tuple[str, ...] = ()  # every worksheet of that workbook

    def in_worksheet(self) -> tuple[str, str]:
        """(" in worksheet 'X'", "; …: name another with --sheet") for a message about a
        workbook of several worksheets, so that the columns of the wrong one are not puzzling;
        ("", "") otherwise."""
        if len(self.worksheets) < 2:
            return "", ""
        others = ", ".join(repr(w) for w in self.worksheets if w != self.worksheet)
        return f" in worksheet {self.worksheet!r}", (
            f"; the workbook's other worksheets are {others}: name one with --sheet"
        )


def _utf16_without_bom(raw: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for ASCII-like text in UTF-16 without a byte-order mark (NUL
    bytes in every other place, and only there), else None: decoded as UTF-8 it would read,
    NULs and all, as rows of the wrong number of cells."""
    head = raw[:2048]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > len(head) // 4 and even < len(head) // 16:
        return "utf-16-le"
    if even > len(head) // 4 and odd < len(head) // 16:
        return "utf-16-be"
    return None


def _decode(raw: bytes, path: Path, notices: list[str]) -> str:
    boms = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    no_bom = None if raw.startswith(boms) else _utf16_without_bom(raw)
    if no_bom:
        notices.append(f"{path}: UTF-16 text without a byte-order mark: read as {no_bom.upper()}")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or no_bom:
        try:
            text = raw.decode(no_bom or "utf-16")
        except UnicodeDecodeError as exc:
            text, problem = "", f"{exc.reason} at byte {exc.start}"
        else:
            found = _OUT_OF_STEP.search(text)
            problem = f"{found.group()[:4]!r}, bytes out of step" if found else ""
        if problem:
            line = text[: found.start()].count("\n") + 1 if text and found else None
            raise InputError(
                f"starts as UTF-16 text but is damaged ({problem}: a byte lost or added?)",
                file=path,
                line=line,
                hint='save it again from the program that made it, as "CSV UTF-8"',
            )
        return text
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(
                f"not UTF-8 text ({exc.reason} at line {line})",
                file=path,
                line=line,
                hint='save it as "CSV UTF-8 (comma delimited)"',
            ) from None
        notices.append(
            f"{path}: not UTF-8 (line {line} first), read as Windows-1252, the encoding of "
            'Excel\'s "CSV (Comma delimited)"; check accented letters in the result, or save '
            'the file as "CSV UTF-8 (comma delimited)" and import it again'
        )
        return text


_LINE_END = re.compile(r"\r\n|\r|\n")
_OUT_OF_STEP = re.compile("[" + "".join(chr(b << 8) for b in range(0x20, 0x7F)) + "]{4,}")
"""UTF-16 read one byte out of step: ASCII text becomes characters U+2000-U+7E00 whose low
byte is 0 ("Ⰰ" for ", "); real text hardly has four such characters in a row."""


def _delimiter(text: str, default: str) -> str:
    first = _LINE_END.split(text, maxsplit=1)[0]
    counts = {d: len(next(csv.reader([first], delimiter=d), [])) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: (counts[d], d == default))
    return best if counts[best] > counts[default] else default


def _read_text(path: Path, notices: list[str], what: str, complete_rows: bool) -> Sheet:
    text = _decode(read_input_bytes(path, what=what), path, notices)
    default = "\t" if path.suffix.lower() in {".tsv", ".tab"} else ","
    delimiter = _delimiter(text, default)
    if delimiter != default:
        notices.append(
            f"{path}: columns separated by {_DELIMITER_NAMES[delimiter]}, not "
            f"{_DELIMITER_NAMES[default]} (as Excel saves CSV where the decimal mark is a "
            "comma); read that way"
        )
    read = list(csv_rows(text, file=path, delimiter=delimiter))
    start = header_index(read, path, notices)
    header = [h.strip() for h in (read[start][1] if read else [])]
    while header and not header[-1] and start:  # a title's row keeps the table's width
        header.pop()
    refuse_repeated_columns(header, path)
    rows: Rows = []
    problems: list[InputError] = []
    short: list[int] = []
    for line, cells in read[start + 1 :]:
        if not any(c.strip() for c in cells):
            continue
        try:
            refuse_repeated_header(cells, header, file=path, line=line)
        except InputError as error:
            problems.append(error)
            continue
        if len(cells) < len(header):
            short.append(line)
        if complete_rows and len(cells) < len(header):
            problems.append(
                InputError(
                    f"{cell_count_problem(len(cells), len(header))} (the tool writes "
                    "every cell: a line break inside a cell, or a damaged file?)",
                    file=path,
                    line=line,
                    hint="export the file again from the tool that made it",
                )
            )
            continue
        if any(c.strip() for c in cells[len(header) :]):
            problems.append(
                InputError(
                    cell_count_problem(len(cells), len(header)),
                    file=path,
                    line=line,
                    hint=f"quote cells that contain {_DELIMITER_NAMES[delimiter]}",
                )
            )
            continue
        rows.append((line, dict(zip(header, (c.strip() for c in cells), strict=False))))
    raise_collected(problems)
    if short:  # a line break inside a row, or a row typed by hand: say so, read it
        notices.append(
            f"{path}:{short[0]}: {len(short)} row(s) with fewer cells than the header's "
            f"{len(header)} columns (first at line {short[0]}): their missing cells are read as "
            "empty; check them (a line break inside a cell that is not quoted?)"
        )
    return Sheet(path, header, rows, notices)


_TITLE_ROWS = 10
"""How far down a title above the table (and the blank or note rows under it) is looked for."""


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip())


def header_index(rows: list[tuple[int, list[str]]], path: Path, notices: list[str]) -> int:
    """The index in `rows` of the header row: 0, unless the sheet opens with a title.

    Exported sheets often put a title (and a date, a blank row) above the table: rows of one
    filled cell each. Read as the header, every row of the table would be "right of the
    header's last column". When such rows lead to a row of several filled cells within the
    first rows, and most rows after that one are several cells wide too, that row is the header
    (said in a notice); a one-column list with a stray second cell is not mistaken for one."""
    if not rows or _filled(rows[0][1]) > 1:
        return 0
    wide = [i for i, (_, cells) in enumerate(rows[:_TITLE_ROWS]) if _filled(cells) > 1]
    if not wide:
        return 0
    index = wide[0]
    after = [cells for _, cells in rows[index + 1 :] if _filled(cells)]
    if not after or sum(_filled(cells) > 1 for cells in after) * 2 < len(after):
        return 0
    title = next((c.strip() for _, cells in rows[:index] for c in cells if c.strip()), "")
    notices.append(
        f"{path}:{rows[index][0]}: read as the header row; the {index} row(s) above it"
        + (f" ({title[:60]!r})" if title else "")
        + " are taken for a title above the table (delete them if they are not)"
    )
    return index


def refuse_repeated_columns(header: list[str], path: Path) -> None:
    """InputError when the header names a column twice (read as a mapping, the first column's
    cells would vanish without a word)."""
    named = [h for h in header if h]
    repeated = sorted({h for h in named if named.count(h) > 1})
    if repeated:
        raise InputError(
            f"the column(s) {', '.join(map(repr, repeated))} appear twice in the header",
            file=path,
            line=1,
            hint="rename or delete one of them",
        )


def cell_text(value: Any) -> str:
    """A workbook cell as people see it: 1.0 → "1", a date → YYYY-MM-DD, None → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _hidden_rows(worksheet: Any, path: Path) -> set[int]:
    """The numbers of the worksheet's hidden rows (hidden by hand or by a filter); an
    InputError when its XML has a row after a later one, or a row twice: the read-only reader
    skips such a row without a word (openpyxl is pinned, so its parser, which yields each row's
    number and keeps each row's attributes, can be used)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    previous = 0
    with worksheet._get_source() as source:
        parser = WorkSheetParser(source, worksheet._shared_strings)
        for number, _ in parser.parse():
            if number <= previous:
                raise InputError(
                    f"row {number} comes after row {previous} in the worksheet's XML (rows out "
                    "of order or repeated, which would be skipped)",
                    file=path,
                    line=number,
                    element=f"worksheet {worksheet.title!r}",
                    hint="open it in Excel and save it again as .xlsx, or save the sheet as CSV",
                )
            previous = number
    return {
        int(number)
        for number, attributes in parser.row_dimensions.items()
        if attributes.get("hidden") in ("1", "true")
    }


def _hidden_rows_notice(hidden: list[int], path: Path, title: str) -> str:
    """A hidden row is read like the others (Excel's filter hides rows a reviewer has decided
    just as well), and said: a row hidden to set it aside would otherwise count unseen."""
    shown = ", ".join(str(n) for n in hidden[:10]) + (", …" if len(hidden) > 10 else "")
    return (
        f"{path}: {len(hidden)} hidden row(s) of worksheet {title!r} read like the others "
        f"(rows {shown}); unhide them to check, and delete any row not meant to be imported"
    )


def _worksheet_rows(worksheet: Any, path: Path, notices: list[str]) -> tuple[list[str], Rows]:
    """The header and the non-blank rows of a worksheet; damaged sheet XML is an InputError."""
    header: list[str] = []
    rows: Rows = []
    problems: list[InputError] = []
    try:
        hidden = _hidden_rows(worksheet, path)
        worksheet.reset_dimensions()  # a stale <dimension> would end the rows early
        values = [
            (number, [cell_text(v) for v in cells])
            for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1)
        ]
        start = header_index(values, path, notices)
        header = list(values[start][1]) if values else []
        while header and not header[-1]:
            header.pop()
        refuse_repeated_columns(header, path)
        for number, texts in values[start + 1 :]:
            try:
                refuse_repeated_header(texts[: len(header)], header, file=path, line=number)
            except InputError as error:
                problems.append(error)
                continue
            if any(texts[len(header) :]):
                problems.append(
                    InputError(
                        f"a filled cell right of the header's last column ({len(header)})",
                        file=path,
                        line=number,
                        element=f"worksheet {worksheet.title!r}",
                        hint="give that column a name in the header row, or delete its cells",
                    )
                )
            elif any(texts):
                rows.append((number, dict(zip(header, texts, strict=False))))
    except InputError:
        raise
    except Exception as exc:  # openpyxl and the XML parser raise many kinds on damaged XML
        raise InputError(
            f"worksheet {worksheet.title!r} cannot be read ({_reason(exc)})",
            file=path,
            hint="open it in Excel and save it again as .xlsx, or save the sheet as CSV UTF-8",
        ) from None
    raise_collected(problems)
    hidden_read = sorted(hidden.intersection(number for number, _ in rows))
    if hidden_read:
        notices.append(_hidden_rows_notice(hidden_read, path, worksheet.title))
    return header, rows


def _reason(exc: Exception) -> str:
    """openpyxl's reason on one line: its messages run over several ("…invalid XML.\nPlease see
    the exception…"), and a refusal is one or two lines; the cause (an XML parser's, naming a
    DTD or entity) is the useful part when there is one."""
    cause = exc.__cause__ or exc.__context__
    shown = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    if cause is not None and str(cause):
        shown += f"; {type(cause).__name__}: {str(cause).splitlines()[0]}"
    return shown[:300]


_OLE2: Final = bytes.fromhex("d0cf11e0a1b11ae1")
"""How an OLE2 compound file starts: an Excel 97-2003 .xls, or an .xlsx with a password."""
_ENCRYPTED: Final = "EncryptedPackage".encode("utf-16-le")  # the stream of an encrypted .xlsx


def _not_a_workbook(path: Path) -> InputError | None:
    """What a file named `.xlsx` is when it is not a zip: said, instead of zipfile's "File is
    not a zip file"."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    if head.startswith(b"PK"):
        return None
    if head.startswith(_OLE2) and _ENCRYPTED in head:
        return InputError(
            "the workbook is protected with a password (Excel encrypts the whole file)",
            file=path,
            hint="open it in Excel, remove the password (File > Info > Protect Workbook > "
            "Encrypt with Password: empty it), save, and import again; or save the sheet as "
            "CSV UTF-8",
        )
    if head.startswith(_OLE2):
        what = "an Excel 97-2003 workbook (.xls)"
    else:
        what = "a text file (CSV?) with an Excel name" if b"\0" not in head else "not a workbook"
    return InputError(
        f"{what}, not an .xlsx workbook",
        file=path,
        hint="open it in Excel and save it as Excel Workbook (.xlsx) or CSV UTF-8, with the "
        "matching extension",
    )


def _read_workbook(path: Path, sheet: str | None, notices: list[str]) -> Sheet:
    import openpyxl  # only needed for workbooks

    refusal = _not_a_workbook(path)
    if refusal is not None:
        raise refusal
    handle = path.open("rb")  # closed here: openpyxl leaves its own open when it fails
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError … on damage
        handle.close()
        raise InputError(
            f"not a readable Excel workbook ({_reason(exc)})",
            file=path,
            hint="open it in Excel and save it again as .xlsx, or save the sheet as CSV UTF-8",
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(
                f"no worksheet named {sheet!r}",
                file=path,
                hint=f"the worksheets are {', '.join(book.sheetnames)}",
            )
        if not book.worksheets:
            raise InputError(
                "the workbook has no worksheet that can be read",
                file=path,
                hint="open it in Excel and save it again as .xlsx, or save the sheet as CSV UTF-8",
            )
        # the first worksheet Excel shows: a hidden one (lookup lists, an old version) is not it
        shown = [w for w in book.worksheets if getattr(w, "sheet_state", "visible") == "visible"]
        worksheet = book[sheet] if sheet is not None else (shown or book.worksheets)[0]
        if sheet is None and len(book.sheetnames) > 1:
            hidden = len(book.worksheets) - len(shown) if shown else 0
            first = f"first visible worksheet ({hidden} hidden)" if hidden else "first worksheet"
            notices.append(
                f"{path}: read the {first}, {worksheet.title!r}, of {len(book.sheetnames)} "
                "(name another with --sheet)"
            )
        header, rows = _worksheet_rows(worksheet, path, notices)
    finally:
        book.close()
        handle.close()
    names = tuple(book.sheetnames)
    return Sheet(path, header, rows, notices, "row", worksheet.title, names)


def read_sheet(
    path: str | Path,
    *,
    sheet: str | None = None,
    what: str = "a table",
    complete_rows: bool = False,
) -> Sheet:
    """The header and rows of a CSV/TSV file or an Excel workbook (see the module's notes).
    `complete_rows`: the file is a tool's export, whose every row has every cell (a shorter row
    is damage, refused at its line); a sheet saved by hand may leave the last cells out."""
    path = Path(path)
    check_input_file(path, what=what)
    suffix = path.suffix.lower()
    notices: list[str] = []
    if suffix in WORKBOOK_SUFFIXES:
        result = _read_workbook(path, sheet, notices)
    elif suffix in TEXT_SUFFIXES:
        result = _read_text(path, notices, what, complete_rows)
    else:
        raise InputError(
            f"cannot read {what} from a {suffix or 'file without extension'} file",
            file=path,
            hint="save it as CSV (UTF-8), tab-separated text or an Excel workbook (.xlsx)",
        )
    if not any(result.columns):
        raise InputError(f"the file is empty; expected {what} with a header row", file=path)
    return result


def formula_error(cells: Mapping[str, str], read: Iterable[str]) -> str:
    """Why a row of another tool's file is not imported, when a cell of a column the import
    reads (`read`) holds a spreadsheet's error value (`text.is_formula_error`: `#N/A`, `#REF!`,
    LibreOffice's `Err:502`): a formula that failed, saved as its result, is no label, decision,
    key or note anyone wrote. "" when none does."""
    for column in read:
        value = cells.get(column, "")
        if column and is_formula_error(value):
            return (
                f"{formula_error_problem(column, value)}: fix the formula (or type the value) "
                "and import the sheet again"
            )
    return ""
