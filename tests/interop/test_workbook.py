"""The .xlsx files beside the tables reviewers open: every cell text exactly as in the CSV (never
a formula, number or date), the same bytes on every run, and read so by LibreOffice Calc when it
is installed. The cells below are hand-written: the kinds of text that Excel reads wrongly from a
CSV (accents, `=…`, `-1`, `2015-03`, leading zeros)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from metasynth.interop.workbook import EXCEL_CELL_LIMIT, workbook_bytes, write_workbook

TRICKY = pd.DataFrame(
    {
        "record_id": ["WOS:000429757300002", "PMID:0012345", "h:8072be4e0a1c0900"],
        "title": ['=HYPERLINK("http://x", "Mentoring")', "-1 of 2: mentoring", "Virtanen, Å"],
        "year": ["2015-03", "2019", ""],
    },
    dtype="string",
)
TODO_SHEETS = ("title_abstract", "retrieval", "full_text", "appraisal", "coding")


def _cells(data: bytes) -> list[list[tuple[str, str]]]:
    """Every cell of the first worksheet as (value, openpyxl data type)."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[("" if c.value is None else c.value, c.data_type) for c in row] for row in sheet]


def test_every_cell_is_text_as_in_the_table() -> None:
    cells = _cells(workbook_bytes(TRICKY, sheet_name="included").data)
    assert [[value for value, _ in row] for row in cells] == [
        ["record_id", "title", "year"],
        ["WOS:000429757300002", '=HYPERLINK("http://x", "Mentoring")', "2015-03"],
        ["PMID:0012345", "-1 of 2: mentoring", "2019"],
        ["h:8072be4e0a1c0900", "Virtanen, Å", ""],
    ]
    assert {kind for row in cells for value, kind in row if value} == {"s"}


def test_two_runs_give_the_same_bytes_with_fixed_times() -> None:
    first = workbook_bytes(TRICKY, sheet_name="included").data
    assert workbook_bytes(TRICKY, sheet_name="included").data == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2


def test_control_characters_and_overlong_cells_are_changed_and_counted() -> None:
    frame = pd.DataFrame({"abstract": ["a\x0bb", "x" * (EXCEL_CELL_LIMIT + 5), "fine"]})
    workbook = workbook_bytes(frame, sheet_name="included")
    values = [row[0][0] for row in _cells(workbook.data)[1:]]
    assert values[0] == "ab"
    assert len(values[1]) == EXCEL_CELL_LIMIT and values[1].endswith("x…")
    assert workbook.changed_cells == 2


def test_libreoffice_reads_every_cell_back_as_in_the_table(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    write_workbook(TRICKY, tmp_path / "included.xlsx", sheet_name="included")
    converted = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true",
            "--outdir",
            str(tmp_path / "out"),
            str(tmp_path / "included.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert converted.returncode == 0, converted.stderr
    text = (tmp_path / "out" / "included.csv").read_text(encoding="utf-8")
    assert list(csv.reader(io.StringIO(text))) == [
        list(TRICKY.columns),
        *TRICKY.fillna("").values.tolist(),
    ]


@pytest.mark.slow
def test_the_workflow_writes_a_workbook_beside_each_table_reviewers_open(
    finished_run: Path,
) -> None:
    results = finished_run / "results"
    pairs = [results / "todo" / f"{name}.csv" for name in TODO_SHEETS]
    pairs += [results / "dedup" / "review.csv", results / "screening" / "included.csv"]
    for table in pairs:
        with table.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        cells = _cells(table.with_suffix(".xlsx").read_bytes())
        assert [[value for value, _ in row] for row in cells] == rows, table.name
    included = _cells((results / "screening" / "included.xlsx").read_bytes())
    assert len(included) == 81  # the header and the 80 included studies
