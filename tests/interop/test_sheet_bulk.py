"""`metasynth import-sheet` and `metasynth screen bulk` on a review of ten real Embase records.

The records are ingested and deduplicated from tests/ingest/data/real/asreview_embase.ris with
`metasynth ingest` and `metasynth dedup`. The spreadsheets and lists are written here, the way a
reviewer's own sheet looks (hand-made: DOIs with and without resolver, titles retyped in
another case, a paper that is not in the review); the Excel one with openpyxl.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from metasynth.screen.decisions import read_decision_files
from metasynth.synthesise.codes import read_codes_csv
from metasynth.tables import write_table

from .conftest import Run
from .test_rayyan_covidence import EMBASE

SCALES = (
    "EMBASE:L2029880245"  # Cellular structure of dinosaur scales … (10.1038/s41467-024-48400-3)
)
ABELISAURID = "EMBASE:L644327397"  # A new abelisaurid dinosaur from the end Cretaceous …
PETROGLYPHS = (
    "EMBASE:L643801355"  # A remarkable assemblage of petroglyphs … (10.1038/s41598-024-56479-3)
)

HEADER = ["Title", "DOI", "Include?", "Why", "Tags"]
ROWS = [
    [
        "Cellular structure of dinosaur scales reveals retention of reptile-type skin during the "
        "evolutionary transition to feathers",
        "https://doi.org/10.1038/S41467-024-48400-3",
        "Yes",
        "",
        "skin, feathers; taphonomy, Skin",  # the same code twice: one coding
    ],
    ["", "10.1038/s41598-024-56479-3", "no", "not about mentoring", "rock art"],
    [
        "a new ABELISAURID dinosaur from the end cretaceous of patagonia and evolutionary rates "
        "among the ceratosauria",
        "",
        "maybe",
        "",
        "",
    ],
    ["A paper nobody exported", "10.9999/none", "yes", "", "x"],
    ["", "", "", "", ""],
]


@pytest.fixture
def results(ingest_and_dedup: Callable[..., Path]) -> Path:
    return ingest_and_dedup(EMBASE)


@pytest.fixture
def workbook(project: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "screening"
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    path = project / "my screening.xlsx"
    book.save(path)
    return path


def _decisions(cli: Callable[..., Run], sheet: Path, *extra: str) -> Run:
    argv = ["import-sheet", str(sheet), "--kind", "decisions", "--reviewer", "R1"]
    return cli([*argv, "--date", "2024-05-01", "--column", "decision=Include?", *extra])


def test_decisions_are_found_by_doi_or_title_and_unmatched_rows_listed(
    cli: Callable[..., Run], results: Path, workbook: Path
) -> None:
    run = _decisions(cli, workbook)
    assert run.status == 1, run.err  # the rows that matched are appended; one did not
    rows = read_decision_files(["data/screening/sheet_R1.csv"])
    assert list(zip(rows["record_id"], rows["decision"], strict=True)) == [
        (SCALES, "include"),
        (PETROGLYPHS, "exclude"),
        (ABELISAURID, "maybe"),
    ]
    assert f"my screening.xlsx:4 {ABELISAURID} imported title_abstract maybe (by title " in (
        run.out
    )
    assert (
        "my screening.xlsx:5 doi 10.9999/none unmatched: no record has doi '10.9999/none'; "
        "no record has title 'A paper nobody exported'"
    ) in run.out
    assert run.err.startswith(
        f"1 row(s) of {workbook} matched no publication and were not imported (listed above as "
        "unmatched): correct their record_id, DOI or title, or add the missing paper's export "
    )


def test_a_workbook_whose_first_worksheet_is_not_the_sheet_names_the_others(
    cli: Callable[..., Run], results: Path, workbook: Path
) -> None:
    """The screening is on the second worksheet of the workbook: the message about the first
    one's columns says which worksheet was read and which others there are."""
    book = openpyxl.load_workbook(workbook)
    book.create_sheet("Notes", 0).append(["nothing here"])
    book.save(workbook)
    run = _decisions(cli, workbook)
    assert run.status == 2
    assert run.err.splitlines() == [
        f"metasynth import-sheet: error: {workbook}:1: no column 'Include?' in worksheet 'Notes'",
        "  what to do: the columns are nothing here; the workbook's other worksheets are "
        "'screening': name one with --sheet",
    ]
    assert _decisions(cli, workbook, "--sheet", "screening").status == 1  # one row unmatched


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_title_above_the_header_row_is_read_past_with_a_notice(
    cli: Callable[..., Run], results: Path, project: Path, suffix: str
) -> None:
    """An exported sheet's title and a blank row above the table (a one-cell row each); as
    CSV, saved by Excel, the two rows keep the table's width in empty cells."""
    table = [["Screening of the Embase records (exported 2024-05-01)"], [], HEADER, *ROWS]
    path = project / f"titled{suffix}"
    if suffix == ".xlsx":
        book = openpyxl.Workbook()
        for row in table:
            book.active.append(row)
        book.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(row + [""] * (len(HEADER) - len(row)) for row in table)
    run = _decisions(cli, path)
    assert run.status == 1, run.err  # as without the title: one row matches no publication
    rows = read_decision_files(["data/screening/sheet_R1.csv"])
    assert list(rows["record_id"]) == [SCALES, PETROGLYPHS, ABELISAURID]
    assert (
        f"{path}:3: read as the header row; the 2 row(s) above it ('Screening of the Embase "
        "records (exported 2024-05-01)') are taken for a title above the table"
    ) in run.out + run.err
    # the rows keep their numbers in the sheet: the abelisaurid is on row 6
    assert f"titled{suffix}:6 {ABELISAURID} imported title_abstract maybe" in run.out


def test_a_one_column_list_with_a_stray_cell_is_not_read_as_titled(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    book = openpyxl.Workbook()
    for row in [["doi"], ["10.1038/s41598-024-56479-3"], ["10.1111/cla.12583", "check"]]:
        book.active.append(row)
    path = project / "keep.xlsx"
    book.save(path)
    run = cli(["import-sheet", str(path), "--kind", "decisions", "--reviewer", "R1"])
    assert run.status == 2
    assert f"{path}:3 worksheet 'Sheet': a filled cell right of the header's last column (1)" in (
        run.err
    )


def test_a_row_matched_by_doi_says_its_shortened_title_was_not_needed(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    sheet = project / "short titles.csv"
    sheet.write_text("DOI,Title,Decision\n10.1038/s41598-024-56479-3,A remarkable assemblage,no\n")
    run = cli(["import-sheet", str(sheet), "--kind", "decisions", "--reviewer", "R1",
               "--date", "2024-05-01"])  # fmt: skip
    assert run.status == 0, run.err
    assert (
        f"short titles.csv:2 {PETROGLYPHS} imported title_abstract exclude (by doi): no record "
        "has title 'A remarkable assemblage', but its doi matched"
    ) in run.out


def test_a_reason_label_becomes_its_code(
    cli: Callable[..., Run], results: Path, workbook: Path
) -> None:
    assert _decisions(cli, workbook, "--column", "reason=Why").status == 1  # 1 unmatched
    rows = read_decision_files(["data/screening/sheet_R1.csv"])
    assert rows.set_index("record_id").loc[PETROGLYPHS, "reason"] == "not_mentoring"


def test_a_csv_saved_by_european_excel_is_read_with_a_notice(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    path = project / "screening.csv"
    lines = [";".join(HEADER[:3])] + [";".join(row[:3]) for row in ROWS[:2]]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    run = _decisions(cli, path)
    assert run.status == 0, run.err
    assert "columns separated by semicolons, not commas" in run.out
    assert len(read_decision_files(["data/screening/sheet_R1.csv"])) == 2


def test_codes_split_into_one_coding_each(
    cli: Callable[..., Run], results: Path, workbook: Path
) -> None:
    argv = ["import-sheet", str(workbook), "--kind", "codes", "--coder", "coder_1"]
    run = cli(argv)
    assert run.status == 1, run.err  # "A paper nobody exported" is not in the review
    codes = read_codes_csv("data/coded/codes.csv")
    assert list(zip(codes["record_id"], codes["code"], strict=True)) == [
        (SCALES, "skin"),
        (SCALES, "feathers"),
        (SCALES, "taphonomy"),
        (PETROGLYPHS, "rock art"),
    ]
    assert set(codes["coder"]) == {"coder_1"}
    again = cli(argv)
    assert again.status == 2  # every coding is already there
    assert "coder_1 already coded it 'skin'" in again.out


def test_an_unknown_coder_is_reported_per_row(
    cli: Callable[..., Run], results: Path, workbook: Path
) -> None:
    run = cli(["import-sheet", str(workbook), "--kind", "codes", "--coder", "someone"])
    assert run.status == 2
    assert "unknown coder 'someone' (synthesis.coders: coder_1, coder_2)" in run.out


def _status(results: Path, open_ids: list[str], closed: dict[str, str]) -> None:
    rows = [{"record_id": r, "status": "awaiting_title_abstract"} for r in open_ids]
    rows += [{"record_id": r, "status": s} for r, s in closed.items()]
    frame = pd.DataFrame(rows).assign(stage="title_abstract", reason="")
    write_table(frame.astype("string"), results / "screening" / "status.csv")


def _all_ids(results: Path) -> list[str]:
    """The publications (a linked report, the erratum of L643474277, is none of its own)."""
    clusters = pd.read_csv(results / "dedup" / "clusters.csv")
    return sorted(clusters.loc[clusters["is_primary"], "record_id"])


def test_bulk_excludes_every_open_publication_the_list_leaves_out(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    everyone = _all_ids(results)
    automatic = everyone[-1]
    _status(results, everyone[:-1], {automatic: "excluded_automatic"})
    keep = project / "included.txt"
    keep.write_text(
        f"{SCALES}\nhttps://doi.org/10.1038/s41598-024-56479-3\n"
        "A new abelisaurid dinosaur from the end Cretaceous of Patagonia and evolutionary rates "
        "among the Ceratosauria\n",
        encoding="utf-8",
    )
    argv = ["screen", "bulk", "--keep", str(keep), "--decision", "exclude"]
    run = cli([*argv, "--reason", "not_mentoring", "--reviewer", "R1", "--date", "2024-05-01"])
    assert run.status == 0, run.err
    rows = read_decision_files(["data/screening/bulk_R1.csv"])
    assert sorted(rows["record_id"]) == sorted(
        set(everyone) - {automatic, SCALES, PETROGLYPHS, ABELISAURID}
    )
    assert set(rows["reason"]) == {"not_mentoring"} and set(rows["decision"]) == {"exclude"}
    assert set(rows["note"]) == {"bulk: not listed in included.txt"}
    # unlisted publications come from status.csv: no lookup to report
    decided = [line for line in run.lines if " imported title_abstract exclude" in line]
    assert len(decided) == len(rows) and not any("(by " in line for line in decided)
    assert all(line.startswith(f"{keep} (not listed) ") for line in decided)


def test_bulk_stops_when_a_kept_row_matches_nothing(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    _status(results, _all_ids(results), {})
    keep = project / "included.csv"
    keep.write_text(f"record_id\n{SCALES}\nEMBASE:L000\n", encoding="utf-8")
    argv = ["screen", "bulk", "--keep", str(keep), "--decision", "exclude", "--reviewer", "R1"]
    run = cli([*argv, "--date", "2024-05-01"])
    assert run.status == 2
    assert "1 row(s) of the list match no publication" in run.err
    assert "included.csv:3: no record has record_id 'EMBASE:L000'" in run.err
    assert not Path("data/screening/bulk_R1.csv").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("keep.txt", ""), ("keep.txt", "\n \n\r\n"), ("keep.csv", "record_id\n")],
)
def test_bulk_refuses_a_keep_list_that_names_no_publication(
    cli: Callable[..., Run], results: Path, project: Path, name: str, content: str
) -> None:
    # an empty list (a file saved before it was filled, the wrong file) excluded every open
    # publication: 10 decisions from a blank file, exit 0
    _status(results, _all_ids(results), {})
    keep = project / name
    keep.write_text(content, encoding="utf-8")
    argv = ["screen", "bulk", "--keep", str(keep), "--decision", "exclude", "--reviewer", "R1"]
    run = cli([*argv, "--reason", "not_mentoring", "--date", "2024-05-01"])
    assert run.status == 2
    assert f"{keep}: the list names no publication: every open publication would be decided" in (
        run.err
    )
    assert not Path("data/screening/bulk_R1.csv").exists()


def test_bulk_only_decides_the_listed_ones_still_open(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    _status(results, [SCALES, PETROGLYPHS], {ABELISAURID: "excluded_title_abstract"})
    only = project / "to_include.txt"
    petroglyphs_doi = "10.1038/s41598-024-56479-3"
    only.write_text(
        f"{SCALES}\n{ABELISAURID}\nhttps://doi.org/{petroglyphs_doi}\n", encoding="utf-8"
    )
    argv = ["screen", "bulk", "--only", str(only), "--decision", "include", "--reviewer", "R2"]
    run = cli([*argv, "--date", "2024-05-01"])
    assert run.status == 0, run.err
    written = read_decision_files(["data/screening/bulk_R2.csv"])["record_id"]
    assert list(written) == [SCALES, PETROGLYPHS]
    # each row is named by the list's file and line, as import-sheet names a sheet's rows
    assert f"{only}:2 {ABELISAURID} skipped (by record_id): not open at " in run.out
    # each line says how it was found: the DOI line by its DOI, not by the id it led to
    assert f"{only}:3 {PETROGLYPHS} imported title_abstract include (by doi)" in run.out


def test_a_bulk_dry_run_says_the_rows_would_be_imported(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    _status(results, [SCALES, PETROGLYPHS], {})
    only = project / "to_include.txt"
    only.write_text(f"{SCALES}\n", encoding="utf-8")
    argv = ["screen", "bulk", "--only", str(only), "--decision", "include", "--reviewer", "R2"]
    run = cli([*argv, "--date", "2024-05-01", "--dry-run"])
    assert run.status == 0, run.err
    assert f"{only}:1 {SCALES} would be imported title_abstract include (by record_id)" in run.out
    assert run.lines[-1] == (
        "dry run: would append 1 decision(s) to data/screening/bulk_R2.csv; 1 would be imported"
    )
    assert not Path("data/screening/bulk_R2.csv").exists()


def test_a_row_whose_key_cells_are_empty_names_the_columns_not_read(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    sheet = project / "codes.csv"
    sheet.write_text(
        "Paper,DOI,Themes\n"
        "A remarkable assemblage of petroglyphs and dinosaur footprints in Northeast Brazil,,"
        "rock art\n"
        ",10.1038/s41467-024-48400-3,skin\n",
        encoding="utf-8",
    )
    argv = ["import-sheet", str(sheet), "--kind", "codes", "--coder", "coder_1"]
    run = cli(argv)
    assert run.status == 0, run.err
    assert (
        "codes.csv:2 (no key) skipped: no paper named: its 'DOI' cell is empty; columns not "
        "read: 'Paper' (if one holds the titles: --column title='Paper')"
    ) in run.out
    assert list(read_codes_csv("data/coded/codes.csv")["record_id"]) == [SCALES]
    assert cli([*argv, "--column", "title=Paper"]).status == 0
    assert list(read_codes_csv("data/coded/codes.csv")["record_id"]) == [SCALES, PETROGLYPHS]


def test_a_sheet_with_a_reviewer_column_is_written_to_a_file_named_for_them(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    """No --reviewer: the file is named for the column's one reviewer, or, with several, for
    the sheet (it was data/screening/sheet_sheet.csv either way)."""
    both = project / "full text.csv"
    both.write_text(
        "DOI,Reviewer,Decision,Reason\n"
        "10.1038/s41467-024-48400-3,R1,include,\n"
        "10.1038/s41467-024-48400-3,R2,exclude,duplicate_study\n",
        encoding="utf-8",
    )
    argv = ["import-sheet", "--kind", "decisions", "--stage", "full_text", "--date", "2024-05-01"]
    run = cli([*argv, str(both)])
    assert run.status == 0, run.err
    assert "appended 2 decision(s) to data/screening/sheet_full_text.csv" in run.out
    alone = project / "second look.csv"
    alone.write_text(
        "DOI,Reviewer,Decision\n10.1038/s41598-024-56479-3,R2,include\n", encoding="utf-8"
    )
    assert cli([*argv, str(alone)]).status == 0
    written = read_decision_files(["data/screening/sheet_R2.csv"])
    assert list(written["record_id"]) == [PETROGLYPHS]
    assert not Path("data/screening/sheet_sheet.csv").exists()


def test_bulk_reads_a_title_column_of_another_name_as_import_sheet_does(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    """The sheet just imported with `--column title=Paper` kept as the --keep list: its
    title-only row names the column bulk did not read, and `--column` reads it."""
    _status(results, _all_ids(results), {})
    sheet = project / "included.csv"
    sheet.write_text(
        "Paper,DOI,Decision\n"
        "A remarkable assemblage of petroglyphs and dinosaur footprints in Northeast Brazil,,"
        "include\n"
        ",10.1038/s41467-024-48400-3,include\n",
        encoding="utf-8",
    )
    argv = ["screen", "bulk", "--keep", str(sheet), "--decision", "exclude", "--reviewer", "R1"]
    run = cli([*argv, "--date", "2024-05-01"])
    assert run.status == 2
    assert (
        "included.csv:2: no paper named: its 'DOI' cell is empty; columns not read: 'Paper', "
        "'Decision' (if one holds the titles: --column title='Paper')"
    ) in run.err
    assert not Path("data/screening/bulk_R1.csv").exists()
    assert cli([*argv, "--date", "2024-05-01", "--column", "title=Paper"]).status == 0
    excluded = read_decision_files(["data/screening/bulk_R1.csv"])["record_id"]
    assert sorted(excluded) == sorted(set(_all_ids(results)) - {SCALES, PETROGLYPHS})


@pytest.mark.parametrize(
    ("options", "message", "hint"),
    [
        (
            ["--stage", "retrieval", "--decision", "not_retrieved"],
            "a retrieval 'not_retrieved' needs a reason",
            "add --reason CODE, one of",
        ),
        (
            ["--decision", "retrieved"],
            "--decision retrieved is not a title_abstract decision",
            "at title_abstract: include, exclude, maybe",
        ),
        (
            ["--decision", "exclude", "--reason", "no_such_reason"],
            "--reason 'no_such_reason' is not a title_abstract reason",
            "(screening.reasons.title_abstract in config/config.yaml)",
        ),
        (
            ["--decision", "include", "--reason", "not_mentoring"],
            "--reason on --decision include",
            "use --note for a remark",
        ),
    ],
)
def test_bulk_refuses_a_decision_every_row_would_fail_before_writing_any(
    cli: Callable[..., Run],
    results: Path,
    project: Path,
    options: list[str],
    message: str,
    hint: str,
) -> None:
    _status(results, _all_ids(results), {})
    keep = project / "included.txt"
    keep.write_text(f"{SCALES}\n", encoding="utf-8")
    argv = ["screen", "bulk", "--keep", str(keep), "--reviewer", "R1", "--date", "2024-05-01"]
    run = cli([*argv, *options])
    assert run.status == 2
    assert message in run.err and hint in run.err
    assert not Path("data/screening/bulk_R1.csv").exists()


def test_a_title_retyped_with_other_hyphens_or_brackets_is_found_spaces_aside(
    cli: Callable[..., Run], project: Path, ingest_and_dedup: Callable[..., Path]
) -> None:
    """Found in a README-only trial: PubMed writes "vitamin D(3)" where a reviewer's sheet
    says "vitamin D3", and the row was unmatched although only a bracket differed."""
    pubmed = EMBASE.with_name("asreview_pubmed.nbib")
    ingest_and_dedup(pubmed)
    sheet = project / "retyped.csv"
    sheet.write_text(
        "Title,Decision\n"
        "Why did the dinosaurs become extinct? Could cholecalciferol (vitamin D3) deficiency be "
        "the answer?,yes\n"
        "Non-avian theropod phalanges from the marine Fox-Hills Formation,yes\n",
        encoding="utf-8",
    )
    run = cli(["import-sheet", str(sheet), "--kind", "decisions", "--reviewer", "R1",
               "--date", "2024-05-01"])  # fmt: skip
    assert run.status == 1, run.err  # line 3 names a paper the review does not have
    assert (
        "retyped.csv:2 PMID:30911383 imported title_abstract include (by title (normalised, "
        "spaces aside))"
    ) in run.out
    assert "retyped.csv:3 title Non-avian theropod phalanges from the marine Fox-Hills " in run.out
    rows = read_decision_files(["data/screening/sheet_R1.csv"])
    assert rows["record_id"].tolist() == ["PMID:30911383"]


def test_codes_on_lines_of_one_cell_are_one_coding_each(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    # Alt+Enter in an Excel cell: "skin\nfeathers" was imported as one code with a line
    # break in its name (eighth probe, tests/fuzz/command_inputs.py --kinds codes)
    book = openpyxl.Workbook()
    book.active.append(["DOI", "Tags"])
    book.active.append(["10.1038/s41467-024-48400-3", "skin\nfeathers\r\ntaphonomy"])
    sheet = project / "tags.xlsx"
    book.save(sheet)
    run = cli(["import-sheet", str(sheet), "--kind", "codes", "--coder", "coder_1"])
    assert run.status == 0, run.err
    codes = read_codes_csv("data/coded/codes.csv")
    assert list(codes["code"]) == ["skin", "feathers", "taphonomy"]


@pytest.mark.parametrize(
    ("column", "value"), [("Tags", "#N/A"), ("Quote", "#REF!"), ("DOI", "#VALUE!")]
)
def test_a_formula_error_value_is_reported_not_imported(
    cli: Callable[..., Run], results: Path, project: Path, column: str, value: str
) -> None:
    # "#N/A" (a lookup that failed, saved to CSV as its result) was imported as a code or a
    # quote like any text
    cells = {"DOI": "10.1038/s41598-024-56479-3", "Tags": "rock art", "Quote": "footprints"}
    cells[column] = value
    sheet = project / "tags.csv"
    sheet.write_text(
        "DOI,Tags,Quote\n10.1038/s41467-024-48400-3,skin,scales\n"
        + ",".join(cells.values()) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    run = cli(["import-sheet", str(sheet), "--kind", "codes", "--coder", "coder_1"])
    assert run.status == 0, run.err  # the other row is imported; this one reported
    line = next(x for x in run.out.splitlines() if "tags.csv:3 " in x)
    assert "skipped" in line and line.endswith(
        f": column {column!r} holds {value}, the error value of a formula that failed, "
        "not data: fix the formula (or type the value) and import the sheet again"
    )
    assert list(read_codes_csv("data/coded/codes.csv")["code"]) == ["skin"]


def _import_tags(cli: Callable[..., Run], project: Path, cell: str) -> Run:
    sheet = project / "tags.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [
                ["DOI", "Tags"],
                ["10.1038/s41598-024-56479-3", "rock art"],
                ["10.1038/s41467-024-48400-3", cell],
            ]
        )
    return cli(["import-sheet", str(sheet), "--kind", "codes", "--coder", "coder_1"])


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ('"trust, safety"; skin', ["trust, safety", "skin"]),
        ('"trust, safety", skin', ["trust, safety", "skin"]),
        ("skin; \u201ctrust, safety\u201d", ["skin", "trust, safety"]),
        ("\u201etrust; safety\u201c, skin", ["trust; safety", "skin"]),
        ('"the ""voice"", heard"\nskin', ['the "voice", heard', "skin"]),
        ('the "voice" of scales, skin', ['the "voice" of scales', "skin"]),
    ],
)
def test_a_quoted_code_keeps_its_separators(
    cli: Callable[..., Run], results: Path, project: Path, cell: str, codes: list[str]
) -> None:
    # `"trust, safety"; skin` was imported as three codes: `"trust`, `safety"` and `skin`
    run = _import_tags(cli, project, cell)
    assert run.status == 0, run.err
    assert list(read_codes_csv("data/coded/codes.csv")["code"]) == ["rock art", *codes]


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ('"trust, safety; skin', "the quote opened in '\"trust, safety; skin' is not closed"),
        ('trust "safety, skin"', "a quote in 'trust \"safety' is not closed before the next"),
        ('"trust, safety" care; skin', "text after the closing quote of 'trust, safety' ('care')"),
    ],
)
def test_a_quote_left_open_in_a_code_cell_is_reported_not_guessed(
    cli: Callable[..., Run], results: Path, project: Path, cell: str, problem: str
) -> None:
    run = _import_tags(cli, project, cell)
    assert run.status == 0, run.err  # the other row is imported; this one reported
    line = next(x for x in run.out.splitlines() if "tags.csv:3 " in x)
    assert "skipped" in line and f": column 'Tags': {problem}" in line
    assert list(read_codes_csv("data/coded/codes.csv")["code"]) == ["rock art"]


@pytest.mark.parametrize("command", ["bulk", "import-sheet"])
def test_a_date_after_today_is_refused_before_any_row_is_written(
    cli: Callable[..., Run], results: Path, project: Path, workbook: Path, command: str
) -> None:
    # --date 2099-12-31 was written into every row, exit 0; the workflow then warned about them
    _status(results, _all_ids(results), {})
    keep = project / "included.txt"
    keep.write_text(f"{SCALES}\n", encoding="utf-8")
    if command == "bulk":
        argv = ["screen", "bulk", "--keep", str(keep), "--decision", "exclude"]
        run = cli([*argv, "--reviewer", "R1", "--date", "2099-12-31", "--reason", "not_mentoring"])
    else:
        argv = ["import-sheet", str(workbook), "--kind", "decisions", "--reviewer", "R1"]
        run = cli([*argv, "--date", "2099-12-31", "--column", "decision=Include?"])
    assert run.status == 2
    assert "--date: 2099-12-31 is after today (" in run.err
    assert "): every row written would carry that date" in run.err
    assert not list(Path("data/screening").glob("*R1.csv"))
