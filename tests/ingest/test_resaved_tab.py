"""WOS tab-delimited exports opened and saved again by a spreadsheet read as the export did.

The files under data/resaved/ are the real export ../shared/fixtures/wos/wosfile_tab_win_utf8.txt
saved by LibreOffice 7.4 as "Text CSV" with a tab separator (data/README.md says how): quoted
cells, the trailing tab and the byte-order mark gone, dates in PD rewritten; and saved by it as
CSV, with commas and with semicolons between the columns (what Excel's "Save As CSV" writes, the
semicolons where the decimal mark is a comma). A real re-save of another Web of Science database
(Zoological Record, 177 records, comma-separated) is litsearchr's test data (GPL-3), read from a
copy of that repository ($LITSEARCHR_SAMPLES, a git directory, or the local mirror).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main

RESAVED = Path(__file__).parent / "data" / "resaved"
NAMES = ("wosfile_tab_libreoffice_quote_all.txt", "wosfile_tab_libreoffice_utf16_quote_needed.txt")
SAVED_AS_CSV = {
    "wosfile_libreoffice_comma.csv": "commas",
    "wosfile_libreoffice_semicolon.csv": "semicolons",
}
LITSEARCHR = Path("/work/.mirror/elizagrames+litsearchr/repo")
ZOOREC_CSV = "79a36310df36a50b6e05df99b212ee2ed7e7224a:inst/extdata/BBWO-ZooRec-062118.csv"


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


@pytest.mark.parametrize(("name", "separator"), sorted(SAVED_AS_CSV.items()))
def test_an_export_saved_as_csv_reads_to_the_records_of_the_original(
    tmp_path: Path, original: pd.DataFrame, name: str, separator: str
) -> None:
    records, warnings = _ingest(RESAVED / name, tmp_path)
    assert records["source_format"].unique().tolist() == ["wos_tab"]
    pd.testing.assert_frame_equal(records, original)
    assert warnings["line"].tolist() == ["1"]
    message = warnings["message"].iloc[0]
    assert f"saved again by a spreadsheet program as CSV ({separator} between" in message


def test_a_csv_whose_header_is_not_all_tags_is_not_read_as_web_of_science(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("PT,UT,TI,Notes\nJ,WOS:000001,A title,mine\n", encoding="utf-8")
    assert main(["ingest", str(path), "--out", str(tmp_path / "r.csv"), "--quiet"]) == 2


def _zoological_record_csv(folder: Path) -> Path:
    given = os.environ.get("LITSEARCHR_SAMPLES")
    source = Path(given) if given else LITSEARCHR
    shown = subprocess.run(
        ["git", "-C", str(source), "show", ZOOREC_CSV], capture_output=True, check=False
    )
    if not source.is_dir() or shown.returncode != 0:
        pytest.skip("no copy of elizagrames/litsearchr: set LITSEARCHR_SAMPLES")
    target = folder / "litsearchr" / "BBWO-ZooRec-062118.csv"
    target.parent.mkdir()
    target.write_bytes(shown.stdout)
    return target


def test_a_zoological_record_export_saved_as_csv_is_read_whole(tmp_path: Path) -> None:
    records, warnings = _ingest(_zoological_record_csv(tmp_path), tmp_path)
    assert len(records) == 177  # 178 lines: a header and one line per record
    assert records["record_id"].nunique() == 177
    assert records["record_id"].str.fullmatch(r"ZOOREC:ZOOR\d{11}").all()
    assert records["source_line"].astype(int).tolist() == list(range(2, 179))
    assert records.iloc[0][["title", "year", "source_title"]].tolist() == [
        "Predictors of Bachman's Sparrow Occupancy at its Northern Range Limit.",
        "2018",
        "Southeastern Naturalist",
    ]
    assert (records[["title", "year"]] != "").all().all()
    # two books named by their editors (ED) alone
    assert records.loc[records["authors"] == "", "source_line"].tolist() == ["109", "147"]
    assert len(warnings) == 1
