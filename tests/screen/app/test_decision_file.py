"""The app's writes to a decision file: whole rows, the file's conventions, locks, exact undo."""

from __future__ import annotations

import multiprocessing
import os
import re
from pathlib import Path

import pytest

from metasynth.errors import InputError
from metasynth.files import locked_file
from metasynth.screen.app.decision_file import append_decision, decision_file, take_back
from metasynth.screen.decisions import read_decision_files

HEADER = "record_id,stage,reviewer,decision,reason,note,date\n"
MEMBERS = {"WOS:0001": "WOS:0001", "doi:10.1000/em.1": "WOS:0001", "WOS:0002": "WOS:0002"}


def row(record_id: str = "WOS:0002", **values: str) -> dict[str, str]:
    base = {
        "record_id": record_id,
        "stage": "title_abstract",
        "reviewer": "R1",
        "decision": "include",
        "reason": "",
        "note": "",
        "date": "2024-05-01",
    }
    return {**base, **values}


def test_a_new_file_gets_the_header_and_the_row(tmp_path: Path) -> None:
    path = decision_file(tmp_path / "data" / "screening", "title_abstract", "R1")
    written = append_decision(path, row(), publication_of=MEMBERS)
    assert path == tmp_path / "data/screening/title_abstract_R1.csv"
    assert path.read_text() == HEADER + "WOS:0002,title_abstract,R1,include,,,2024-05-01\n"
    assert (written.offset, written.line) == (len(HEADER), 2)


def test_commas_quotes_and_non_ascii_are_quoted_as_csv_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    note = 'Søren said "maybe, later"'
    append_decision(path, row(note=note), publication_of=MEMBERS)
    assert path.read_text(encoding="utf-8").splitlines()[1] == (
        'WOS:0002,title_abstract,R1,include,,"Søren said ""maybe, later""",2024-05-01'
    )
    assert read_decision_files([path])["note"].tolist() == [note]


def test_a_last_row_without_newline_gets_one_before_the_new_row(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    path.write_text(HEADER + "WOS:0001,title_abstract,R1,exclude,,,2024-04-30")
    written = append_decision(path, row(), publication_of=MEMBERS)
    assert path.read_text().splitlines()[1:] == [
        "WOS:0001,title_abstract,R1,exclude,,,2024-04-30",
        "WOS:0002,title_abstract,R1,include,,,2024-05-01",
    ]
    assert written.line == 3


def test_the_files_column_order_and_crlf_line_ends_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    path.write_bytes(b"date,record_id,stage,reviewer,decision,reason,note\r\n")
    append_decision(path, row(), publication_of=MEMBERS)
    assert path.read_bytes().splitlines(keepends=True)[1] == (
        b"2024-05-01,WOS:0002,title_abstract,R1,include,,\r\n"
    )


def test_a_note_is_refused_when_the_file_has_no_note_column(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    path.write_text("record_id,stage,reviewer,decision,reason,date\n")
    with pytest.raises(InputError, match="no note column") as raised:
        append_decision(path, row(note="why"), publication_of=MEMBERS)
    assert (raised.value.file, raised.value.line) == (str(path), 1)
    assert path.read_text() == "record_id,stage,reviewer,decision,reason,date\n"


def test_a_second_row_for_the_same_publication_is_refused_with_the_earlier_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    path.write_text(HEADER + "doi:10.1000/em.1,title_abstract,R1,exclude,,,2024-04-30\n")
    before = path.read_bytes()
    with pytest.raises(InputError, match="R1 already decided WOS:0001") as raised:
        append_decision(path, row("WOS:0001"), publication_of=MEMBERS)
    assert raised.value.line == 2
    assert path.read_bytes() == before


def test_take_back_restores_the_file_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    path.write_text(HEADER + "WOS:0001,title_abstract,R1,exclude,,,2024-04-30")  # no newline
    before = path.read_bytes()
    take_back(append_decision(path, row(), publication_of=MEMBERS))
    assert path.read_bytes() == before


def test_take_back_refuses_once_someone_wrote_after_the_row(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    written = append_decision(path, row(), publication_of=MEMBERS)
    with path.open("a") as handle:  # a person adds a row by hand
        handle.write("WOS:0001,title_abstract,R1,exclude,,,2024-05-02\n")
    after = path.read_bytes()
    with pytest.raises(InputError, match="the file changed after this decision") as raised:
        take_back(written)
    assert raised.value.line == 2
    assert path.read_bytes() == after


def _append_many(path: str, reviewer: str, count: int) -> None:
    members = {f"WOS:{reviewer}{i:04d}": f"WOS:{reviewer}{i:04d}" for i in range(count)}
    for i in range(count):
        values = row(f"WOS:{reviewer}{i:04d}", reviewer=reviewer, note="x" * 3000)
        append_decision(path, values, publication_of=members)


def test_two_processes_appending_at_once_leave_every_row_whole(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_shared.csv"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(str(path), r, 60)) for r in ("A", "B")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    frame = read_decision_files([path])
    assert len(frame) == 120
    assert sorted(frame["reviewer"].value_counts().to_dict().items()) == [("A", 60), ("B", 60)]
    assert set(frame["note"]) == {"x" * 3000}


def _hold_exclusive(path: str, ready: object, release: object) -> None:
    with locked_file(path, exclusive=True) as descriptor:
        os.write(descriptor, b"WOS:0002,title_abstract,R1,incl")  # half a row, for now
        ready.set()  # type: ignore[attr-defined]
        release.wait(30)  # type: ignore[attr-defined]
        os.write(descriptor, b"ude,,,2024-05-01\n")


def test_a_reader_waits_for_a_writer_holding_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    path.write_text(HEADER)
    context = multiprocessing.get_context("spawn")
    ready, release = context.Event(), context.Event()
    writer = context.Process(target=_hold_exclusive, args=(str(path), ready, release))
    writer.start()
    assert ready.wait(60)
    reader = context.Pool(1)
    pending = reader.apply_async(read_decision_files, ([path],))
    with pytest.raises(multiprocessing.TimeoutError):
        pending.get(timeout=1.0)  # blocked on the shared lock, not reading half a row
    release.set()
    frame = pending.get(timeout=60)
    writer.join(timeout=30)
    reader.close()
    assert frame["decision"].tolist() == ["include"]


def test_the_next_row_of_a_session_reads_no_more_than_the_last_byte(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    first = append_decision(path, row("WOS:0002"), publication_of=MEMBERS)
    second = append_decision(path, row("WOS:0001"), publication_of=MEMBERS, known=first.after)
    assert (first.line, second.line) == (2, 3)
    assert second.after.newlines == 3
    assert [r[0] for r in read_decision_files([path])[["record_id"]].to_numpy()] == [
        "WOS:0002",
        "WOS:0001",
    ]


def test_a_row_added_by_hand_since_the_apps_last_write_is_still_checked(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    first = append_decision(path, row("WOS:0002"), publication_of=MEMBERS)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("WOS:0001,title_abstract,R1,exclude,,,2024-05-02\n")
    expected = re.escape("R1 already decided doi:10.1000/em.1")
    with pytest.raises(InputError, match=expected) as raised:
        append_decision(path, row("doi:10.1000/em.1"), publication_of=MEMBERS, known=first.after)
    assert raised.value.line == 3


def test_a_file_excel_saved_with_semicolons_is_refused_saying_use_commas(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    path.write_bytes(
        b"\xef\xbb\xbfrecord_id;stage;reviewer;decision;reason;note;date\r\n"
        b"WOS:0001;title_abstract;R1;include;;;2024-04-30\r\n"
    )
    before = path.read_bytes()
    with pytest.raises(InputError) as refused:
        append_decision(path, row(), publication_of=MEMBERS)
    message = str(refused.value)
    assert message.startswith(f"{path}:1: its columns are separated by semicolons")
    assert "comma-separated files only" in message and 'field delimiter ","' in message
    assert path.read_bytes() == before
