"""A spreadsheet's error value in an ASReview LAB, Rayyan or Covidence export (tenth probe,
docs/robustness.md): an export opened and saved in Excel holds `#N/A` or `#NAME?` where a
formula failed (a title or note that began with `=`, `-` or `+`). It was read as the reviewer's
note (written into the decision file), as a title, or, in Rayyan's notes, as a record nobody
decided. Each row is now reported at its line with the column and the value, and nothing of it
is written; the other rows are imported. Each test failed before its fix."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from metasynth.screen.decisions import read_decision_files

from .conftest import Run
from .test_asreview import ASREVIEW, DATASET, EXPORT, REVIEWER_LABELS
from .test_rayyan_covidence import COVIDENCE, EMBASE, RAYYAN

SAID = "the error value of a formula that failed, not data: fix the formula (or type the value)"


def _with_cell(source: Path, folder: Path, line: int, column: str, value: str) -> Path:
    """A copy of the CSV `source` with `column` of the row at `line` (2: the first row) set."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(column)] = value
    path = folder / source.name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def _written(path: str) -> pd.DataFrame:
    return read_decision_files([Path(path)])


@pytest.fixture
def embase_results(ingest_and_dedup: Callable[..., Path]) -> Path:
    """The review of Rayyan's and Covidence's exports: the Embase records they hold, ingested
    and deduplicated with `metasynth ingest` and `metasynth dedup`."""
    return ingest_and_dedup(EMBASE)


@pytest.fixture
def asreview_results(write_results: Callable[..., Path]) -> Path:
    dataset = pd.read_csv(DATASET, dtype=str, keep_default_na=False)
    return write_results(dataset[["record_id", "title", "doi"]])


def test_an_asreview_note_that_is_an_error_value_is_reported_not_written(
    cli: Callable[..., Run], asreview_results: Path, tmp_path: Path
) -> None:
    # line 15 of the 3.0.8 export: WOS:999107447861501, excluded with a note
    source = ASREVIEW / "v3.0.8" / f"{EXPORT}.csv"
    export = _with_cell(source, tmp_path, 15, "asreview_note", "#N/A")
    run = cli(["screen", "import-asreview", str(export), "--reviewer", "R2"])
    assert run.status == 0, run.err
    assert (
        f"{export}:15 WOS:999107447861501 skipped (by record_id): column 'asreview_note' holds "
        f"#N/A, {SAID} and import the sheet again"
    ) in run.lines
    written = _written("data/screening/asreview_R2.csv")
    assert "#N/A" not in " ".join(written["note"])
    assert set(written["record_id"]) == set(REVIEWER_LABELS) - {"WOS:999107447861501"}


def test_an_error_cell_of_an_asreview_workbook_is_reported_at_its_row(
    cli: Callable[..., Run], asreview_results: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(ASREVIEW / "v3.0.8" / f"{EXPORT}.xlsx")
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    # row 6: WOS:999105862074508, included by the reviewer
    cell = sheet.cell(row=6, column=header.index("asreview_time") + 1)
    cell.value = "#VALUE!"  # openpyxl stores it as Excel does: an error cell (t="e")
    assert cell.data_type == "e"
    export = tmp_path / f"{EXPORT}.xlsx"
    workbook.save(export)
    run = cli(["screen", "import-asreview", str(export), "--reviewer", "R2"])
    assert run.status == 0, run.err
    assert any(
        line.startswith(f"{export}:6 WOS:999105862074508 ")
        and f"skipped (by record_id): column 'asreview_time' holds #VALUE!, {SAID}" in line
        for line in run.lines
    ), run.out
    assert len(_written("data/screening/asreview_R2.csv")) == len(REVIEWER_LABELS) - 1


def test_a_rayyan_notes_cell_that_is_an_error_value_is_no_undecided_record(
    cli: Callable[..., Run],
    embase_results: Path,
    tmp_path: Path,
) -> None:
    # line 2 of articles.csv: Emily included EMBASE:L2029880245; "#N/A" in its notes cell was
    # counted with the records nobody decided
    export = _with_cell(RAYYAN / "articles.csv", tmp_path, 2, "notes", "#N/A")
    argv = ["screen", "import-rayyan", str(export), "--reviewer-map", "Emily=R1"]
    run = cli([*argv, "--date", "2024-05-01"])
    assert run.status == 0, run.err
    said = f"{export}:2 EMBASE:L2029880245 skipped (by doi): column 'notes' holds #N/A, {SAID}"
    assert any(line.startswith(said) for line in run.lines), run.out
    assert "EMBASE:L2029880245" not in set(_written("data/screening/rayyan_R1.csv")["record_id"])


def test_a_covidence_title_or_notes_error_value_is_reported_not_written(
    cli: Callable[..., Run],
    embase_results: Path,
    tmp_path: Path,
) -> None:
    export = _with_cell(COVIDENCE, tmp_path, 3, "Notes", "#REF!")
    export = _with_cell(export, tmp_path, 4, "Title", "#NAME?")
    argv = ["screen", "import-covidence", str(export), "--reviewer", "R3", "--date", "2024-06-01"]
    run = cli([*argv, "--list", "included"])
    damaged = [line for line in run.lines if f"{SAID} and import the sheet again" in line]
    assert [line.split(" ", 1)[0] for line in damaged] == [f"{export}:3", f"{export}:4"], run.out
    assert "column 'Notes' holds #REF!" in damaged[0]
    assert "column 'Title' holds #NAME?" in damaged[1]
    written = _written("data/screening/covidence_R3.csv")
    assert not written["note"].str.contains("#REF!").any()


def test_error_values_in_columns_no_import_reads_are_left_alone(
    cli: Callable[..., Run], asreview_results: Path, tmp_path: Path
) -> None:
    # `abstract` and `keywords` are not read by the import: an error there changes nothing
    export = _with_cell(ASREVIEW / "v3.0.8" / f"{EXPORT}.csv", tmp_path, 15, "abstract", "#N/A")
    run = cli(["screen", "import-asreview", str(export), "--reviewer", "R2"])
    assert run.status == 0, run.err
    assert "#N/A" not in run.out
    assert len(_written("data/screening/asreview_R2.csv")) == len(REVIEWER_LABELS)
