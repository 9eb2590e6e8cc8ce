"""WOS tab-delimited exports opened and saved again by a spreadsheet read as the export did.

The files under data/resaved/ are the real export ../shared/fixtures/wos/wosfile_tab_win_utf8.txt
saved by LibreOffice 7.4 as "Text CSV" with a tab separator (data/README.md says how): quoted
cells, the trailing tab and the byte-order mark gone, dates in PD rewritten.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main

RESAVED = Path(__file__).parent / "data" / "resaved"
NAMES = ("wosfile_tab_libreoffice_quote_all.txt", "wosfile_tab_libreoffice_utf16_quote_needed.txt")


def _ingest(path: Path, folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    out, warned = folder / f"{path.stem}.csv", folder / f"{path.stem}.warnings.csv"
    command = ["ingest", str(path), "--out", str(out), "--warnings", str(warned), "--quiet"]
    assert main(command) == 0
    records = pd.read_csv(out, dtype=str, keep_default_na=False)
    warnings = pd.read_csv(warned, dtype=str)
    return records.drop(columns=["source_file"]), warnings


@pytest.fixture(scope="module")
def original(wos: Path, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("original")
    records, _ = _ingest(wos / "wosfile_tab_win_utf8.txt", folder)
    return records


@pytest.mark.parametrize("name", NAMES)
def test_a_resaved_export_reads_to_the_records_of_the_original(
    tmp_path: Path, original: pd.DataFrame, name: str
) -> None:
    records, warnings = _ingest(RESAVED / name, tmp_path)
    pd.testing.assert_frame_equal(records, original)
    assert not records["authors"].str.contains('"').any()
    assert len(warnings) == 1
    assert "saved again by a spreadsheet program" in warnings["message"].iloc[0]


def test_a_doubled_quote_inside_a_value_is_one_quote(
    tmp_path: Path, original: pd.DataFrame
) -> None:
    records, _ = _ingest(RESAVED / NAMES[1], tmp_path)
    quoted = original["abstract"].str.contains('"The Cerebellum as a Neuronal Machine"')
    assert quoted.sum() == 1
    assert records.loc[quoted, "abstract"].tolist() == original.loc[quoted, "abstract"].tolist()


def test_a_quoted_value_holding_a_tab_or_a_line_break_stays_one_value(
    tmp_path: Path, wos: Path
) -> None:
    # Excel's "Text (Tab delimited)" quotes a cell holding a tab or a line break (Python's
    # `excel-tab` dialect writes the same); a title edited in the sheet may hold either
    text = (wos / "wosfile_tab_win_utf8.txt").read_text(encoding="utf-8-sig")
    rows = [line.split("\t") for line in text.splitlines()]
    title = rows[0].index("TI")
    rows[1][title] = 'Line one\nline "two"'
    rows[2][title] = "Tab\tinside"
    buffer = io.StringIO()
    csv.writer(buffer, dialect="excel-tab").writerows(rows)
    path = tmp_path / "savedrecs.txt"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    records, warnings = _ingest(path, tmp_path)
    assert len(records) == 50
    assert records["title"].iloc[:2].tolist() == ['Line one line "two"', "Tab inside"]
    resaved = warnings["message"].str.contains("saved again by a spreadsheet program")
    assert resaved.sum() == 1


def test_a_title_that_starts_with_a_quote_in_a_wos_export_is_read_as_written(
    tmp_path: Path, wos: Path
) -> None:
    # Web of Science does not quote: a value that starts with a quote is the value
    text = (wos / "wosfile_tab_win_utf8.txt").read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    title = lines[0].split("\t").index("TI")
    cells = lines[1].split("\t")
    cells[title] = '"Doing gender" in schools'
    lines[1] = "\t".join(cells)
    cells = lines[2].split("\t")
    cells[title] = '"Quoted whole"'
    lines[2] = "\t".join(cells)
    path = tmp_path / "savedrecs.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    records, warnings = _ingest(path, tmp_path)
    assert records["title"].iloc[:2].tolist() == ['"Doing gender" in schools', '"Quoted whole"']
    assert len(warnings) == 0
