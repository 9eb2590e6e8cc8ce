"""The .xlsx files beside the tables reviewers open: numbers (priorities, counts, years, scores)
as number cells, every other cell text exactly as in the CSV (never a formula or date), the same
bytes on every run, and read so by LibreOffice Calc when it is installed. The cells below are
hand-written: the kinds of text that Excel reads wrongly from a CSV (accents, `=…`, `+…`, `@…`,
`-1`, `2015-03`, dates, leading zeros)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from metasynth.interop.workbook import EXCEL_CELL_LIMIT, workbook_bytes, write_workbook

TRICKY = pd.DataFrame(
    {
        "record_id": ["WOS:000429757300002", "PMID:0012345", "h:8072be4e0a1c0900"],
        "title": ['=HYPERLINK("http://x", "Mentoring")', "-1 of 2: mentoring", "Virtanen, Å"],
        "authors": ["+44 Group", "@SUM(A1:A9)", "0012"],
        "date": ["2024-05-01", "2024-5-1", ""],
        "year": ["2015-03", "2019", ""],
    },
    dtype="string",
)
TODO_SHEETS = ("title_abstract", "retrieval", "full_text", "appraisal", "coding")


def _cells(data: bytes) -> list[list[tuple[Any, str]]]:
    """Every cell of the first worksheet as (value, openpyxl data type)."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[("" if c.value is None else c.value, c.data_type) for c in row] for row in sheet]


def test_text_that_looks_like_a_formula_date_or_number_stays_text() -> None:
    cells = _cells(workbook_bytes(TRICKY, sheet_name="included").data)
    assert [[value for value, _ in row] for row in cells] == [
        ["record_id", "title", "authors", "date", "year"],
        ["WOS:000429757300002", '=HYPERLINK("http://x", "Mentoring")', "+44 Group", "2024-05-01",
         "2015-03"],
        ["PMID:0012345", "-1 of 2: mentoring", "@SUM(A1:A9)", "2024-5-1", 2019],
        ["h:8072be4e0a1c0900", "Virtanen, Å", "0012", "", ""],
    ]  # fmt: skip
    kinds = {(value, kind) for row in cells for value, kind in row if value}
    assert {kind for value, kind in kinds if value != 2019} == {"s"}
    assert (2019, "n") in kinds


def _todo(n_rows: int) -> pd.DataFrame:
    """A to-do list as list_todo writes it (priority 1, 2, …), its rows in another order."""
    rows = [
        {"priority": str(n), "record_id": f"WOS:{n:015d}", "review_version": "1",
         "title": f"=study {n}", "year": str(2000 + n), "score": f"0.{n:02d}"}
        for n in range(1, n_rows + 1)
    ]  # fmt: skip
    return pd.DataFrame(sorted(rows, key=lambda row: row["priority"]), dtype="string")


def test_priorities_counts_years_and_scores_sort_as_numbers() -> None:
    """Issue 14: priorities stored as text sorted 1, 10, 11, 2 in Excel and LibreOffice."""
    todo = _todo(12)
    assert todo["priority"].tolist()[:4] == ["1", "10", "11", "12"]  # text order
    rows = _cells(workbook_bytes(todo, sheet_name="coding").data)[1:]
    priorities = [row[0] for row in rows]
    assert {kind for _, kind in priorities} == {"n"}
    assert sorted(value for value, _ in priorities) == list(range(1, 13))
    assert [row[4] for row in rows[:2]] == [(2001, "n"), (2010, "n")]
    assert rows[0][5] == (0.01, "n")
    assert rows[0][1][1] == rows[0][3][1] == "s"  # record_id and the formula-like title


def test_a_score_keeps_the_decimals_the_csv_shows() -> None:
    data = workbook_bytes(_todo(2), sheet_name="coding").data
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [sheet["F2"].value, sheet["F2"].number_format] == [0.01, "0.00"]
    assert sheet["A2"].number_format == "General"


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


def _libreoffice_csv(workbook: Path, *, quote_text: bool = False) -> str:
    """The workbook's first sheet as LibreOffice Calc saves it as CSV (skips without Calc);
    `quote_text`: every text cell in quotes, so a number cell shows as a bare number."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    folder = workbook.parent
    converted = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,{str(quote_text).lower()},true",
            "--outdir",
            str(folder / "out"),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert converted.returncode == 0, converted.stderr
    return (folder / "out" / workbook.with_suffix(".csv").name).read_text(encoding="utf-8")


def test_libreoffice_reads_every_cell_back_as_in_the_table(tmp_path: Path) -> None:
    write_workbook(TRICKY, tmp_path / "included.xlsx", sheet_name="included")
    text = _libreoffice_csv(tmp_path / "included.xlsx")
    assert list(csv.reader(io.StringIO(text))) == [
        list(TRICKY.columns),
        *TRICKY.fillna("").values.tolist(),
    ]


def test_libreoffice_sorts_a_to_do_list_by_priority_as_numbers(tmp_path: Path) -> None:
    write_workbook(_todo(12), tmp_path / "coding.xlsx", sheet_name="coding")
    lines = _libreoffice_csv(tmp_path / "coding.xlsx", quote_text=True).splitlines()
    assert lines[:3] == [
        '"priority","record_id","review_version","title","year","score"',
        '1,"WOS:000000000000001",1,"=study 1",2001,0.01',
        '10,"WOS:000000000000010",1,"=study 10",2010,0.10',
    ]
    priorities = [int(line.split(",")[0]) for line in lines[1:]]
    assert sorted(priorities) == list(range(1, 13))


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
        assert [[str(value) for value, _ in row] for row in cells] == rows, table.name
    included = _cells((results / "screening" / "included.xlsx").read_bytes())
    assert len(included) == 81  # the header and the 80 included studies
    # years and CASP totals are numbers, as are the coding to-do list's priorities (issue 14)
    year, casp_total = included[0].index(("year", "s")), included[0].index(("casp_total", "s"))
    assert {(row[year][1], row[casp_total][1]) for row in included[1:]} == {("n", "n")}
    coding = _cells((results / "todo" / "coding.xlsx").read_bytes())
    assert [row[0] for row in coding[1:4]] == [(1, "n"), (2, "n"), (3, "n")]
