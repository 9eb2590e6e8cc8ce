"""A table as an Excel workbook that opens right on a double-click, the same bytes on every run.

The CSV outputs are UTF-8 without a byte-order mark (every script reading them stays simple),
which Excel opens as Windows-1252 on a double-click ("Virtanen, Ã…"), and Excel reads a cell
such as `=HYPERLINK(…)`, `-1` or `2015-03` as a formula, number or date. The tables reviewers
open get an `.xlsx` beside them instead (`workbook_bytes`, `write_workbook`): one worksheet,
the header row bold and frozen with a filter on it, columns as wide as their content up to
`MAX_WIDTH` (a longer cell shows its start: wrapped text would need row heights, which
LibreOffice does not fit on opening). A cell of a column that holds numbers (`NUMBER_COLUMNS`:
priorities, counts, years, scores) whose text is a plain number (`-?12`, `0.93`: no leading
zero, no sign but minus, at most 15 digits) is a number cell, shown with the CSV's decimals, so
that sorting by it gives 1, 2, …, 10, not 1, 10, 2; every other cell (titles, record_ids,
dates, which stay ISO text such as `2024-05-01`, and a `year` such as `2015-03` or `no year`)
is stored as text exactly as in the CSV, never a formula or date, whatever it starts with
(`=`, `+`, `-`, `@`). Two things Excel cannot hold are changed, and counted in
`Workbook.changed_cells`: characters XML cannot carry (control characters such as a vertical
tab) are removed, and a cell longer than Excel's limit of 32,767 characters is cut there,
ending in "…". The CSV keeps both whole. The file's metadata and the archive's timestamps are
fixed, so two runs give the same bytes.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from metasynth.files import write_bytes

FIXED_TIME = datetime.datetime(2000, 1, 1)
"""The creation and modification time written into every workbook (reproducible bytes)."""
MAX_WIDTH = 60
"""Widest column, in characters."""
EXCEL_CELL_LIMIT = 32_767
"""The most characters an Excel cell holds."""

NUMBER_COLUMNS = re.compile(
    r"(priority|review_version|year|year_[ab]|score|support|casp_total|n_\w+)"
)
"""The columns (whole names) whose plain-number cells are number cells: the to-do lists'
`priority`, `review_version`, `year`, `score`; review.csv's `score`, `support`, `year_a`,
`year_b`; included.csv's `year`, `casp_total`; and counts (`n_…`)."""
_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,14})(?:\.([0-9]{1,15}))?")
"""A number as the tables write one; its group is the decimals (the cell's format keeps them)."""

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


@dataclass(frozen=True)
class Workbook:
    """The bytes of an .xlsx file and how many cells had to change to fit in it."""

    data: bytes
    changed_cells: int


def _for_excel(text: str) -> str:
    """A cell's text as Excel gets it (see the module): control characters out, cut at the
    limit."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = str(ILLEGAL_CHARACTERS_RE.sub("", text))
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - 1] + "…"
    return text


def _number(text: str) -> tuple[int | float, str] | None:
    """The value and number format of a plain number (module), None for any other text."""
    match = _PLAIN_NUMBER.fullmatch(text)
    if match is None:
        return None
    decimals = match.group(1)
    if decimals is None:
        return int(text), "General"
    return float(text), "0." + "0" * len(decimals)


def _fixed_zip(data: bytes) -> bytes:
    """The archive rewritten entry by entry with fixed times: openpyxl stamps the time of saving
    on the archive's entries and as the workbook's `modified` property."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()


def workbook_bytes(frame: pd.DataFrame, *, sheet_name: str) -> Workbook:
    """The table as an .xlsx file (see the module); `sheet_name` is cut to Excel's 31 characters."""
    from openpyxl import Workbook as OpenpyxlWorkbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = [str(c) for c in frame.columns]
    texts = frame.astype("string").fillna("").astype(str).values.tolist()
    rows = [[_for_excel(text) for text in row] for row in texts]
    changed = sum(
        a != b
        for row, fitted in zip(texts, rows, strict=True)
        for a, b in zip(row, fitted, strict=True)
    )
    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.title = sheet_name[:31]
    for values in [columns, *rows]:
        sheet.append(values)
    numeric = [NUMBER_COLUMNS.fullmatch(name) is not None for name in columns]
    for row in sheet.iter_rows(min_row=2):
        for cell, is_number_column in zip(row, numeric, strict=True):
            number = _number(cell.value) if is_number_column and cell.value else None
            if number is None:
                cell.data_type = "s"  # text, never a formula or date
            else:
                cell.value, cell.number_format = number
    for cell in sheet[1]:
        cell.data_type = "s"
        cell.font = Font(bold=True)
    for index, name in enumerate(columns):
        letter = get_column_letter(index + 1)
        longest = max([len(name), *(len(row[index]) for row in rows)])
        sheet.column_dimensions[letter].width = min(longest, MAX_WIDTH) + 2
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = sheet.dimensions
    book.properties.creator = "metasynth"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return Workbook(_fixed_zip(buffer.getvalue()), changed)


def write_workbook(frame: pd.DataFrame, path: str | Path, *, sheet_name: str) -> int:
    """Write the table as an .xlsx file, atomically; returns the number of changed cells."""
    workbook = workbook_bytes(frame, sheet_name=sheet_name)
    write_bytes(workbook.data, path)
    return workbook.changed_cells
