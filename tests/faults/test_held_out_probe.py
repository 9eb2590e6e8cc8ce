"""Reviewers' files as shared folders, Git, spreadsheets and downloads leave them: the
held-out probe of issue 15 (`tests/fuzz/projects.py`, `campaign.py --projects`). Each case is
read as the workflow's rules or the `metasynth` command read it, and each failed before its fix:
a link to a folder (decisions or exports) was skipped without a word, its rows lost; a link to
nothing stopped the workflow with Python's traceback lines; Git's conflict markers, UTF-16, NUL
bytes and a workbook named .csv were reported as odd cells; Excel's empty columns right of the
table refused a sound file; a YAML alias bomb in searches.yaml hung the run.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import InitReview

from metasynth.cli import main
from metasynth.errors import InputError
from metasynth.hand_files import hand_edited_files
from metasynth.screen.app.snapshot import decision_signature
from metasynth.screen.decisions import read_decision_files
from metasynth.searches import load_searches

HEADER = "record_id,stage,reviewer,decision,reason,note,date"
ROW_1 = "WOS:000291122800012,title_abstract,R1,include,,,2024-04-02"
ROW_2 = "WOS:000231798300005,title_abstract,R1,exclude,off_topic,,2024-04-02"
SNAKEMAKE = Path(sys.executable).with_name("snakemake")


def _decisions(folder: Path, name: str, *rows: str, end: str = "\n") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(end.join([HEADER, *rows]) + end, encoding="utf-8", newline="")
    return path


def test_decisions_in_a_linked_folder_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "screening"
    _decisions(folder, "title_abstract_R1.csv", ROW_1)
    _decisions(tmp_path / "shared_drive", "title_abstract_R2.csv", ROW_1.replace(",R1,", ",R2,"))
    (folder / "team").symlink_to(tmp_path / "shared_drive")
    files = hand_edited_files(folder)
    assert [Path(f).relative_to(folder).as_posix() for f in files] == [
        "team/title_abstract_R2.csv",
        "title_abstract_R1.csv",
    ]
    assert read_decision_files(files)["reviewer"].tolist() == ["R2", "R1"]


@pytest.mark.parametrize("target", ["/nonexistent/title_abstract_R2.csv", "title_abstract_R2.csv"])
def test_a_link_to_nothing_is_refused_by_name(tmp_path: Path, target: str) -> None:
    folder = tmp_path / "screening"
    _decisions(folder, "title_abstract_R1.csv", ROW_1)
    (folder / "title_abstract_R2.csv").symlink_to(target)  # missing, or a loop to itself
    with pytest.raises(InputError) as error:
        hand_edited_files(folder)
    assert error.value.file == f"{folder}/title_abstract_R2.csv"
    assert "a symbolic link to nothing" in error.value.message


def test_a_link_back_to_a_folder_above_is_refused_as_a_loop(tmp_path: Path) -> None:
    folder = tmp_path / "screening"
    _decisions(folder, "title_abstract_R1.csv", ROW_1)
    (folder / "up").symlink_to("..")
    with pytest.raises(InputError, match="a symbolic link to a folder already read here"):
        hand_edited_files(folder)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("data/screening/title_abstract_R2.csv", "results/screening/decisions.csv"),
        ("data/raw/savedrecs.txt", "results/ingest/records.csv"),
    ],
)
def test_the_workflow_stops_on_a_broken_link_with_the_message_alone(
    init_review: InitReview, tmp_path: Path, link: str, target: str
) -> None:
    project = init_review(
        tmp_path / "review",
        {'title: ""': 'title: "Mapping"', 'review_question: ""': 'review_question: "How?"'},
    )
    (project / link).symlink_to("/nonexistent/x.csv")
    done = subprocess.run(
        [str(SNAKEMAKE), "--cores", "1", "--dry-run", target],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert done.stderr.startswith(f"Error: {link}: a symbolic link to")
    assert 'File "' not in done.stderr  # no traceback lines


def test_exports_in_a_linked_folder_are_read_and_claimed(shared: Path, tmp_path: Path) -> None:
    raw = tmp_path / "data" / "raw"
    (tmp_path / "downloads").mkdir()
    shutil.copy(shared / "wos" / "wosfile_plaintext.txt", tmp_path / "downloads" / "savedrecs.txt")
    raw.mkdir(parents=True)
    (raw / "wos").symlink_to(tmp_path / "downloads")  # the team's download folder, linked in
    (raw / "searches.yaml").write_text(
        "searches:\n  - {id: wos_2024, database: Web of Science Core Collection, query: x,\n"
        '     date_searched: "2024-03-01", searched_by: R1, files: [wos/savedrecs.txt]}\n'
    )
    out = tmp_path / "records.csv"
    status = main(["ingest", str(raw), "--searches", str(raw / "searches.yaml"),
                   "--out", str(out), "--quiet"])  # fmt: skip
    assert status == 0
    records = pd.read_csv(out, dtype=str)
    assert len(records) == 50
    assert set(records["search_run"]) == {"wos_2024"}


def test_git_merge_conflict_markers_are_named(tmp_path: Path) -> None:
    path = _decisions(
        tmp_path, "title_abstract_R1.csv", ROW_1, "<<<<<<< HEAD", ROW_2, "=======",
        ROW_2.replace("exclude,off_topic", "include,"), ">>>>>>> theirs",
    )  # fmt: skip
    with pytest.raises(InputError) as error:
        read_decision_files([path])
    assert error.value.line == 3
    assert error.value.message == "a Git merge conflict is left in the file (marker lines 3, 5, 7)"


def test_git_merge_conflict_markers_in_searches_yaml_are_named(tmp_path: Path) -> None:
    run = '  - {id: wos_2024, database: WOS, query: x, date_searched: "2024-03-01", '
    path = tmp_path / "searches.yaml"
    path.write_text(
        f"searches:\n<<<<<<< HEAD\n{run}searched_by: R1, files: [a.txt]}}\n=======\n"
        f"{run}searched_by: R2, files: [a.txt]}}\n>>>>>>> theirs\n"
    )
    with pytest.raises(InputError) as error:
        load_searches(path)
    assert (error.value.line, error.value.message) == (
        2,
        "a Git merge conflict is left in the file (marker lines 2, 4, 6)",
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_decision_file_is_named_as_such(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    path.write_bytes(f"{HEADER}\r\n{ROW_1}\r\n".encode(encoding))  # with and without a BOM
    with pytest.raises(InputError) as error:
        read_decision_files([path])
    assert error.value.message == 'saved as UTF-16 (Excel\'s "Unicode Text"), not as UTF-8 CSV'


def test_nul_bytes_left_by_a_crash_are_named_at_their_line(tmp_path: Path) -> None:
    path = _decisions(tmp_path, "title_abstract_R1.csv", ROW_1, ROW_2)
    path.write_bytes(path.read_bytes() + b"\0" * 4096)
    with pytest.raises(InputError) as error:
        read_decision_files([path])
    assert error.value.line == 4
    assert error.value.message.startswith("4,096 NUL byte(s), the first on this line")


def test_rows_joined_by_a_bare_cr_say_so(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    path.write_bytes(f"{HEADER}\r\n{ROW_1}\r{ROW_2}\r\n{ROW_1.replace('R1', 'R2')}\r\n".encode())
    with pytest.raises(InputError) as error:
        read_decision_files([path])
    assert (error.value.line, error.value.message) == (2, "13 cells but the header has 7 columns")
    assert error.value.hint is not None and error.value.hint.startswith("a bare CR")


def test_a_workbook_renamed_csv_is_named_as_such(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    path.write_bytes(
        (root / "tests/interop/data/asreview/v2.2/asreview_dataset_all_metasynth.xlsx").read_bytes()
    )
    with pytest.raises(InputError) as error:
        read_decision_files([path])
    assert (
        error.value.message == "a spreadsheet (.xlsx or .ods) with a CSV file's name, not CSV text"
    )


def test_empty_columns_right_of_the_table_are_layout(tmp_path: Path) -> None:
    path = _decisions(tmp_path, "title_abstract_R1.csv", ROW_1 + ",,,", ROW_2)
    path.write_text(path.read_text().replace(HEADER, HEADER + ",,,"))
    assert read_decision_files([path])["record_id"].tolist() == [
        "WOS:000291122800012",
        "WOS:000231798300005",
    ]


def test_a_cell_filled_right_of_the_table_is_still_refused(tmp_path: Path) -> None:
    path = _decisions(tmp_path, "title_abstract_R1.csv", ROW_1 + ",,,", ROW_2 + ",,late")
    path.write_text(path.read_text().replace(HEADER, HEADER + ",,,"))
    with pytest.raises(InputError, match="9 cells but the header has 7 columns"):
        read_decision_files([path])


def test_a_yaml_alias_bomb_is_refused_at_once(shared: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(shared / "wos" / "wosfile_plaintext.txt", raw / "savedrecs.txt")
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)
    ]
    (raw / "searches.yaml").write_text(
        "x-laughs:\n" + "".join(f"  {line}\n" for line in bomb) + "searches:\n"
        '  - {id: wos_2024, database: WOS, query: x, date_searched: "2024-03-01",\n'
        "     searched_by: R1, files: [savedrecs.txt], note: *i}\n"
    )
    out = io.StringIO()
    with contextlib.redirect_stderr(out):
        status = main(["ingest", str(raw), "--searches", str(raw / "searches.yaml"),
                       "--out", str(tmp_path / "records.csv")])  # fmt: skip
    assert status == 2
    assert "expand to more than 1,000,000 values" in out.getvalue()


def test_the_screening_app_keeps_watching_past_a_broken_link(tmp_path: Path) -> None:
    folder = tmp_path / "screening"
    _decisions(folder, "title_abstract_R1.csv", ROW_1)
    before = decision_signature(folder)
    (folder / "title_abstract_R2.csv").symlink_to("/nonexistent/title_abstract_R2.csv")
    after = decision_signature(folder)  # the server's watcher: no exception ends it
    assert after != before
    assert "a symbolic link to nothing" in after[0][0]


@pytest.mark.parametrize(
    "name",
    [
        "title_abstract_R1 (R1's conflicted copy 2026-12-05).csv",  # Dropbox
        "title_abstract_R1 (conflicted copy 2026-12-05 101500).csv",  # Nextcloud
        "title_abstract_R1.sync-conflict-20261205-101500-ABCDEFG.csv",  # Syncthing
    ],
)
def test_a_sync_tools_conflict_copy_is_refused(tmp_path: Path, name: str) -> None:
    # ROW_2 was taken back (undone) in the real file; the copy still holds it, and read too it
    # would bring that decision back without a word
    real = _decisions(tmp_path, "title_abstract_R1.csv", ROW_1)
    copy = _decisions(tmp_path, name, ROW_2)
    with pytest.raises(InputError) as error:
        read_decision_files([real, copy])
    assert error.value.file == str(copy)
    assert error.value.message == "a file-sync tool's conflict copy of another table in this folder"
