"""Which files of the decision and appraisal folders are read: every one, or a clear refusal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from metasynth.appraise import read_appraisal_files
from metasynth.errors import InputError
from metasynth.hand_files import hand_edited_files, ignored_hand_files
from metasynth.screen.decisions import read_decision_files, validate_decisions
from metasynth.screen.settings import ScreeningSettings

HEADER = "record_id,stage,reviewer,decision,reason,note,date\n"


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER, encoding="utf-8")


def test_every_file_below_the_folder_is_listed_except_hidden_readme_and_backups(
    tmp_path: Path,
) -> None:
    _touch(tmp_path, "a.csv", "b.CSV", "round2/ta.csv", "notes.xlsx", "title_abstract_R1.tsv")
    _touch(tmp_path, ".gitkeep", ".DS_Store", ".drafts/x.csv", "README.md", "round2/readme.txt")
    _touch(tmp_path, "a.csv~", "~$a.csv")
    assert [Path(p).relative_to(tmp_path).as_posix() for p in hand_edited_files(tmp_path)] == [
        "a.csv",
        "b.CSV",
        "notes.xlsx",
        "round2/ta.csv",
        "title_abstract_R1.tsv",
    ]
    assert [Path(p).relative_to(tmp_path).as_posix() for p in ignored_hand_files(tmp_path)] == [
        ".DS_Store",
        ".drafts/x.csv",
        ".gitkeep",
        "README.md",
        "a.csv~",
        "round2/readme.txt",
        "~$a.csv",
    ]


def test_a_missing_folder_has_no_files(tmp_path: Path) -> None:
    assert hand_edited_files(tmp_path / "absent") == []


def test_an_upper_case_csv_extension_is_read(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.CSV"
    path.write_text(HEADER + "WOS:0001,title_abstract,R1,include,,,2024-03-01\n", encoding="utf-8")
    rows = read_decision_files(hand_edited_files(tmp_path))
    assert rows["source_file"].tolist() == [path.as_posix()]
    assert rows["source_line"].tolist() == [2]


def test_a_bad_row_in_a_sub_folder_names_that_file_and_line(
    tmp_path: Path, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    (tmp_path / "round2").mkdir()
    path = tmp_path / "round2" / "ta.csv"
    path.write_text(
        HEADER
        + "WOS:0002,title_abstract,R1,include,,,2024-03-01\n"
        + "WOS:0404,title_abstract,R1,include,,,2024-03-01\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="unknown record_id 'WOS:0404'") as error:
        validate_decisions(read_decision_files(hand_edited_files(tmp_path)), settings, members)
    assert (error.value.file, error.value.line) == (path.as_posix(), 3)


def test_a_spreadsheet_is_refused_with_save_as_csv(tmp_path: Path) -> None:
    _touch(tmp_path, "a.csv", "notes.xlsx")
    with pytest.raises(InputError) as error:
        read_decision_files(hand_edited_files(tmp_path))
    assert error.value.file == (tmp_path / "notes.xlsx").as_posix()
    assert str(error.value) == (
        f"{tmp_path / 'notes.xlsx'}: a spreadsheet (.xlsx), not a CSV file; every file in this "
        "folder is read as reviewers' decisions, and only CSV can be read\n"
        '  what to do: save it as "CSV UTF-8 (comma delimited)" with a .csv name, then delete '
        "the spreadsheet or move it out of the folder (hidden files, README* and backups ending "
        "in ~ are ignored)"
    )


def test_a_tsv_file_is_refused_with_rename_or_move(tmp_path: Path) -> None:
    _touch(tmp_path, "title_abstract_R1.tsv")
    with pytest.raises(InputError) as error:
        read_decision_files(hand_edited_files(tmp_path))
    assert error.value.file == (tmp_path / "title_abstract_R1.tsv").as_posix()
    assert error.value.message == (
        "a .tsv file, not a .csv file; every file in this folder is read as reviewers' decisions"
    )
    assert str(error.value.hint).startswith("if it holds comma-separated rows, rename it to .csv")


def test_an_appraisal_file_in_another_format_is_refused(tmp_path: Path) -> None:
    _touch(tmp_path, "casp_R1.ods")
    with pytest.raises(InputError, match=r"spreadsheet \(\.ods\).*as CASP appraisals") as error:
        read_appraisal_files(hand_edited_files(tmp_path))
    assert error.value.file == (tmp_path / "casp_R1.ods").as_posix()


def test_the_default_appraisals_are_all_read_with_an_upper_case_extension(
    root: Path, tmp_path: Path
) -> None:
    shutil.copytree(root / "data" / "appraisal", tmp_path / "appraisal")
    (tmp_path / "appraisal" / "casp_R2.csv").rename(tmp_path / "appraisal" / "casp_R2.CSV")
    rows = read_appraisal_files(hand_edited_files(tmp_path / "appraisal"))
    assert rows.groupby("appraiser").size().to_dict() == {"R1": 51, "R2": 51}
    assert rows["source_file"].str.endswith("casp_R2.CSV").sum() == 51


def test_a_bad_cell_after_many_good_rows_like_it_is_refused_each_time(tmp_path: Path) -> None:
    """Rows alike but for their record_id, date or note are checked once per kind of row: a bad
    cell in any of them is still refused with its line, as the first such row would be."""
    good = [f"WOS:{n:04},title_abstract,R1,exclude,off_topic,,2024-03-01\n" for n in range(500)]
    bad = [
        "WOS:1001,title_abstract,R1,exclude,off_topic,,2024-02-30\n",
        "WOS:1002,title_abstract,R1,exclude,off_topic,,2024-3-01\n",
        " ,title_abstract,R1,exclude,off_topic,,2024-03-01\n",
        "WOS:1003,title_abstract,,exclude,off_topic,,2024-03-01\n",
        "WOS:1004,title_abstract,R1,include,off_topic,,2024-03-01\n",
    ]
    path = tmp_path / "title_abstract_R1.csv"
    path.write_text(HEADER + "".join(good + bad + good), encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_decision_files([path])
    not_a_date = "is not a date; write a calendar day as YYYY-MM-DD"
    assert [(e.line, e.message) for e in getattr(error.value, "errors", [error.value])] == [
        (502, f"date: '2024-02-30' {not_a_date}"),
        (503, f"date: '2024-3-01' {not_a_date}"),
        (504, "record_id: the cell is empty: fill it in"),
        (505, "reviewer: the cell is empty: fill it in"),
        (
            506,
            "a reason on an include (or retrieved) row: a reason says why a publication is "
            "excluded or not retrieved, so this row is ambiguous. Write exclude if an exclusion "
            "is meant, or move the text to the note column",
        ),
    ]


def test_dates_as_excel_saves_them_say_what_to_write(tmp_path: Path) -> None:
    """A decision file saved by Excel: the date cells in the computer's own order, or with the
    time a date cell carries. Each is refused with the ISO date to write (both readings when
    the day and the month could be either)."""
    rows = [
        "WOS:0001,title_abstract,R1,exclude,off_topic,,05/12/2026\r\n",
        "WOS:0002,title_abstract,R1,exclude,off_topic,,25.12.2026\r\n",
        "WOS:0003,title_abstract,R1,exclude,off_topic,,2026-12-05 00:00\r\n",
    ]
    path = tmp_path / "title_abstract_R1.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8-sig")
    with pytest.raises(InputError) as error:
        read_decision_files([path])
    tip = "in Excel, format the column as Text (or Custom yyyy-mm-dd) before saving"
    assert [(e.line, e.message) for e in getattr(error.value, "errors", [error.value])] == [
        (
            2,
            "date: '05/12/2026' is not a date; write it as YYYY-MM-DD: '2026-12-05' if the day "
            f"comes first, '2026-05-12' if the month does (a spreadsheet wrote it in its own "
            f"order; {tip})",
        ),
        (
            3,
            "date: '25.12.2026' is not a date; write it as YYYY-MM-DD: '2026-12-25' (a "
            f"spreadsheet wrote it in its own order; {tip})",
        ),
        (
            4,
            "date: '2026-12-05 00:00' is not a date; write the day alone, '2026-12-05' (a "
            f"spreadsheet added the time; {tip})",
        ),
    ]
