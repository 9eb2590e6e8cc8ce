"""`metasynth screen import-asreview` on exports written by ASReview LAB 1.6.6, 2.2 and 3.0.8.

The exports in data/asreview/ were made by each version's own web server from
data/asreview/metasynth_asreview.csv (rows of the file the rank_queue rule writes): the reviewer
labelled eight records (row 8 with a note), relabelled one prior (row 1, 1 → 0) and left one
unseen (tools/asreview_exports.py; data/README.md).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from metasynth.screen.decisions import read_decision_files

from .conftest import DATA, Run

ASREVIEW = DATA / "asreview"
DATASET = ASREVIEW / "metasynth_asreview.csv"
EXPORT = "asreview_dataset_all_metasynth"

# The reviewer's eight labels: the rows of the dataset (tools/asreview_exports.py), as decisions.
REVIEWER_LABELS = {
    "WOS:999104265769826": "include",  # row 8, with a note
    "WOS:999104762756899": "exclude",  # row 9
    "WOS:999105862074508": "include",  # row 10
    "WOS:999107447861501": "exclude",  # row 11, with a note
    "WOS:999108138055178": "exclude",  # row 12
    "WOS:999108489804783": "include",  # row 13
    "WOS:999110136445478": "include",  # row 15, with a note
    "WOS:999112417658175": "exclude",  # row 1: a prior labelled 1, relabelled 0
}


@pytest.fixture
def results(write_results: Callable[..., Path]) -> Path:
    dataset = pd.read_csv(DATASET, dtype=str, keep_default_na=False)
    return write_results(dataset[["record_id", "title", "doi"]])


def _import(cli: Callable[..., Run], export: Path, *extra: str) -> Run:
    argv = ["screen", "import-asreview", str(export), "--reviewer", "R2"]
    return cli([*argv, "--dataset", str(DATASET), *extra])


def _written() -> pd.DataFrame:
    return read_decision_files([Path("data/screening/asreview_R2.csv")])


@pytest.mark.parametrize("version", ["3.0.8", "2.2"])
@pytest.mark.parametrize("fmt", ["csv", "tsv", "xlsx"])
def test_every_label_of_the_reviewer_is_imported(
    cli: Callable[..., Run], results: Path, version: str, fmt: str
) -> None:
    run = _import(cli, ASREVIEW / f"v{version}" / f"{EXPORT}.{fmt}")
    assert run.status == 0, run.err
    written = _written()
    assert dict(zip(written["record_id"], written["decision"], strict=True)) == REVIEWER_LABELS
    assert set(written["stage"]) == {"title_abstract"} and set(written["reviewer"]) == {"R2"}


def test_the_dates_are_when_each_label_was_made(cli: Callable[..., Run], results: Path) -> None:
    export = ASREVIEW / "v3.0.8" / f"{EXPORT}.csv"
    with export.open(encoding="utf-8", newline="") as handle:
        times = {row["record_id"]: row["asreview_time"][:10] for row in csv.DictReader(handle)}
    assert _import(cli, export).status == 0
    written = _written()
    assert {r["record_id"]: r["date"] for r in written.to_dict("records")} == {
        record_id: times[record_id] for record_id in REVIEWER_LABELS
    }


def test_the_reviewers_note_is_kept(cli: Callable[..., Run], results: Path) -> None:
    assert _import(cli, ASREVIEW / "v3.0.8" / f"{EXPORT}.csv").status == 0
    notes = dict(zip(_written()["record_id"], _written()["note"], strict=True))
    assert notes["WOS:999107447861501"] == (
        f"ASReview LAB export {EXPORT}.csv: not about mentoring, a survey of tools"
    )
    assert notes["WOS:999104762756899"] == f"ASReview LAB export {EXPORT}.csv"


def test_supplied_labels_are_reported_and_not_imported(
    cli: Callable[..., Run], results: Path
) -> None:
    run = _import(cli, ASREVIEW / "v3.0.8" / f"{EXPORT}.csv")
    skipped = [line for line in run.lines if " skipped (by " in line]
    assert len(skipped) == 7  # four labelled 0, three labelled 1 (the fourth was relabelled)
    assert skipped[0].endswith(
        ":2 WOS:999103064881097 skipped (by record_id): prior knowledge: the dataset metasynth "
        "wrote labelled it 1 (a settled outcome), not a decision of R2"
    )
    relabelled = next(line for line in run.lines if "WOS:999112417658175" in line)
    assert relabelled.endswith(
        "imported title_abstract exclude (by record_id): changed the label metasynth "
        "supplied (1 → 0)"
    )
    assert run.lines[-1].startswith(
        "appended 8 decision(s) to data/screening/asreview_R2.csv (lines 2-9); "
        "8 imported, 7 skipped"
    )


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xlsx"])
def test_a_1x_export_is_read_through_the_dataset_it_numbers(
    cli: Callable[..., Run], results: Path, fmt: str
) -> None:
    """1.x replaced record_id by its row number and wrote the labels over `included`."""
    run = _import(cli, ASREVIEW / "v1.6.6" / f"{EXPORT}.{fmt}", "--date", "2024-05-01")
    assert run.status == 0, run.err
    written = _written()
    assert dict(zip(written["record_id"], written["decision"], strict=True)) == REVIEWER_LABELS
    assert set(written["date"]) == {"2024-05-01"}
    assert any("WOS:999109566617464 skipped (by record_id): not labelled" in x for x in run.lines)


def test_a_1x_export_needs_a_date(cli: Callable[..., Run], results: Path) -> None:
    run = _import(cli, ASREVIEW / "v1.6.6" / f"{EXPORT}.csv")
    assert run.status == 2
    assert "has no label times (asreview_time)" in run.err and "--date YYYY-MM-DD" in run.err


def test_without_its_dataset_a_1x_export_imports_no_prior_labels(
    cli: Callable[..., Run], results: Path
) -> None:
    """Every label of this 1.x export is flagged prior (labelled in the setup step): without
    the dataset, none can be told from those metasynth supplied, so nothing is imported."""
    argv = ["screen", "import-asreview", str(ASREVIEW / "v1.6.6" / f"{EXPORT}.csv")]
    run = cli([*argv, "--reviewer", "R2", "--date", "2024-05-01", "--dataset", "missing.csv"])
    assert run.status == 2
    assert "nothing imported from 15 labelled row(s): 16 skipped" in run.err
    assert (
        "15 row(s) skipped: prior knowledge in a 1.x export whose dataset is unknown: give "
        "--dataset to tell the reviewer's labels from the supplied ones (the first: "
    ) in run.out
    assert not Path("data/screening/asreview_R2.csv").exists()


def test_importing_twice_imports_nothing_the_second_time(
    cli: Callable[..., Run], results: Path
) -> None:
    export = ASREVIEW / "v3.0.8" / f"{EXPORT}.csv"
    assert _import(cli, export).status == 0
    before = Path("data/screening/asreview_R2.csv").read_bytes()
    again = _import(cli, export)
    assert again.status == 2
    assert "nothing imported from 15 labelled row(s): 15 skipped" in again.err
    # four decisions of one kind and three of the other: few enough to be listed row by row
    assert "R2 already decided it at title_abstract in data/screening/asreview_R2.csv:2" in (
        again.out
    )
    assert Path("data/screening/asreview_R2.csv").read_bytes() == before


def test_rows_are_appended_to_an_existing_file_in_its_own_layout(
    cli: Callable[..., Run], results: Path
) -> None:
    """A hand-made file (CRLF, no final line end) keeps every byte; its row is not repeated."""
    target = Path("data/screening/title_abstract_R2.csv")
    target.parent.mkdir(parents=True)
    start = b"record_id,stage,reviewer,decision,reason,note,date\r\n"
    start += b"WOS:999104265769826,title_abstract,R2,include,,,2024-04-01"
    target.write_bytes(start)
    run = _import(cli, ASREVIEW / "v3.0.8" / f"{EXPORT}.csv", "--output", str(target))
    assert run.status == 0, run.err
    content = target.read_bytes()
    assert content.startswith(start + b"\r\nWOS:999105862074508,title_abstract,R2,include,,")
    assert content.count(b"\r\n") == 9 and content.count(b"\n") == 9
    assert "R2 already decided it at title_abstract in data/screening/title_abstract_R2.csv:2" in (
        run.out
    )
    assert run.lines[-1].startswith(f"appended 7 decision(s) to {target} (lines 3-9)")


def test_a_file_without_a_column_the_rows_fill_is_left_alone(
    cli: Callable[..., Run], results: Path
) -> None:
    target = Path("data/screening/title_abstract_R2.csv")
    target.parent.mkdir(parents=True)
    start = b"record_id,stage,reviewer,decision,reason,date\n"
    target.write_bytes(start)
    run = _import(cli, ASREVIEW / "v3.0.8" / f"{EXPORT}.csv", "--output", str(target))
    assert run.status == 2
    assert "the file has no column 'note', which the new rows fill" in run.err
    assert target.read_bytes() == start


def test_the_report_lists_every_row(cli: Callable[..., Run], results: Path) -> None:
    report = Path("import.csv")
    run = _import(cli, ASREVIEW / "v3.0.8" / f"{EXPORT}.csv", "--report", str(report))
    assert run.status == 0
    table = pd.read_csv(report, dtype=str, keep_default_na=False)
    assert table["outcome"].value_counts().to_dict() == {"imported": 8, "skipped": 7}
    assert table["source_line"].tolist() == [str(n) for n in range(2, 17)]


def test_a_dry_run_writes_nothing(cli: Callable[..., Run], results: Path) -> None:
    run = _import(cli, ASREVIEW / "v3.0.8" / f"{EXPORT}.csv", "--dry-run")
    assert run.status == 0
    assert run.lines[-1].startswith("dry run: would append 8 decision(s)")
    assert not Path("data/screening").exists()


def test_an_unknown_reviewer_is_refused(cli: Callable[..., Run], results: Path) -> None:
    argv = ["screen", "import-asreview", str(ASREVIEW / "v3.0.8" / f"{EXPORT}.csv")]
    run = cli([*argv, "--reviewer", "R9"])
    assert run.status == 2 and "unknown reviewer 'R9'" in run.err


def test_decisions_in_sub_folders_count_as_made(cli: Callable[..., Run], results: Path) -> None:
    """The reviewer's earlier decisions are found wherever the workflow reads them."""
    earlier = Path("data/screening/round1/title_abstract_R2.CSV")
    earlier.parent.mkdir(parents=True)
    earlier.write_text(
        "record_id,stage,reviewer,decision,reason,note,date\n"
        "WOS:999108489804783,title_abstract,R2,include,,,2024-04-01\n",
        encoding="utf-8",
    )
    run = _import(cli, ASREVIEW / "v3.0.8" / f"{EXPORT}.csv")
    assert run.status == 0
    assert (
        "WOS:999108489804783 skipped (by record_id): R2 already decided it at title_abstract in "
        "data/screening/round1/title_abstract_R2.CSV:2"
    ) in run.out
    assert len(_written()) == 7


def test_a_huge_number_as_a_label_is_refused_in_a_short_message(
    cli: Callable[..., Run], results: Path, tmp_path: Path
) -> None:
    """A label cell of 1e308 in a workbook is read as its 309 digits: the message shows 40."""
    import openpyxl

    book = openpyxl.load_workbook(ASREVIEW / "v3.0.8" / f"{EXPORT}.xlsx")
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=header.index("asreview_label") + 1, value=1e308)
    export = tmp_path / "huge.xlsx"
    book.save(export)
    run = _import(cli, export)
    assert run.status != 0
    assert "is not 1, 0 or empty" in run.err and "huge.xlsx:3" in run.err
    assert len(max(run.err.splitlines(), key=len)) < 200, run.err


def _with_unlabelled_rows(tmp_path: Path, n_rows: int) -> tuple[Path, pd.DataFrame]:
    """The 3.0.8 export with `n_rows` more rows left unlabelled (as ASReview writes the records
    a reviewer stopped before), and the records of the review those rows name."""
    export = pd.read_csv(ASREVIEW / "v3.0.8" / f"{EXPORT}.csv", dtype=str, keep_default_na=False)
    unseen = {"included": "", "asreview_label": "", "asreview_time": "", "asreview_note": ""}
    unseen |= {"doi": ""}
    extra = pd.DataFrame(
        [
            {**export.iloc[-1], **unseen, "record_id": f"WOS:9992000{i:04d}", "title": f"R{i}"}
            for i in range(n_rows)
        ]
    )
    path = tmp_path / f"{EXPORT}.csv"
    pd.concat([export, extra]).to_csv(path, index=False)
    dataset = pd.read_csv(DATASET, dtype=str, keep_default_na=False)
    records = pd.concat([dataset, extra])[["record_id", "title", "doi"]]
    return path, records


def test_many_rows_skipped_for_one_reason_are_counted_on_one_line(
    cli: Callable[..., Run], write_results: Callable[..., Path], tmp_path: Path
) -> None:
    """40 unlabelled rows: one line with the count and the first of them; the reasons of fewer
    rows (the prior knowledge: four labelled 0, three labelled 1) stay listed row by row.
    Before, the 40 were 40 lines."""
    export, records = _with_unlabelled_rows(tmp_path, 40)
    write_results(records)
    run = _import(cli, export)
    assert run.status == 0, run.err
    unlabelled = [line for line in run.lines if "not labelled in ASReview" in line]
    assert unlabelled == [
        f"40 row(s) skipped: not labelled in ASReview (the first: {export}:17 WOS:99920000000)"
    ]
    assert sum(" skipped (by record_id): prior knowledge" in line for line in run.lines) == 7
    assert sum(" imported title_abstract " in line for line in run.lines) == 8
    assert "(--verbose lists every row; --report FILE writes every row" in run.out
    assert run.lines[-1].endswith("8 imported, 47 skipped")


def test_verbose_and_the_report_list_every_skipped_row(
    cli: Callable[..., Run], write_results: Callable[..., Path], tmp_path: Path
) -> None:
    export, records = _with_unlabelled_rows(tmp_path, 40)
    write_results(records)
    run = _import(cli, export, "--verbose", "--report", "import.csv", "--dry-run")
    assert run.status == 0, run.err
    assert sum("skipped (by record_id): not labelled in ASReview" in x for x in run.lines) == 40
    report = pd.read_csv("import.csv", dtype=str, keep_default_na=False)
    assert (report["detail"] == "not labelled in ASReview").sum() == 40
