"""`metasynth screen serve` over HTTP: the token, the rows it writes, undo, blindness, locking.

Each test runs the command in a copy of a review half-way through title/abstract screening
(conftest.py) and talks to it as the page does; the tests that only read (no decision, no file
changed, no server stopped) share one server, `reading_server`, as a reviewer's tabs would.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path

import psutil
import pytest

from metasynth.hand_files import hand_edited_files
from metasynth.screen.decisions import read_decision_files

from .conftest import BIN, HOSTILE_TITLE_SHOWN, AppServer, copy_project, rows

pytestmark = pytest.mark.slow
TODAY = dt.date.today().isoformat()


def _queue_ids(project: Path) -> list[str]:
    lines = (project / "results/screening/queue.csv").read_text(encoding="utf-8").splitlines()
    return [line.split(",")[1] for line in lines[1:]]


@pytest.fixture(scope="module")
def reading_server(built_project, tmp_path_factory) -> Iterator[AppServer]:  # type: ignore[no-untyped-def]
    """R1 at title/abstract in a copy of its own, for the tests that only read: starting the
    command (and its ranking process) once for them all, not once each."""
    project = copy_project(built_project, tmp_path_factory.mktemp("reading") / "project")
    server = AppServer(project, "R1", "title_abstract").start()
    yield server
    server.stop()


def test_only_the_printed_address_opens_the_app(reading_server) -> None:  # type: ignore[no-untyped-def]
    server = reading_server
    status, text = server.call("GET", "/", Cookie="")
    assert status == 403
    assert "open the address the `metasynth screen serve` command printed" in text
    status, _ = server.call("GET", f"/?token={server.token}", Cookie="")
    assert status == 303
    status, text = server.call("GET", "/api/state", **{"X-Metasynth-Token": "wrong"})
    assert (status, text.strip()) == (403, "API calls need the session token")
    status, text = server.call("GET", "/api/state", Host=f"attacker.example:{server.port}")
    assert (status, text.strip()) == (403, "this server answers only to 127.0.0.1 and localhost")


def test_every_answer_carries_the_security_headers(reading_server) -> None:  # type: ignore[no-untyped-def]
    server = reading_server
    status, headers, _ = server.get("/")
    assert status == 200
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_a_title_s_right_to_left_override_is_shown(reading_server, built_project) -> None:  # type: ignore[no-untyped-def]
    server = reading_server
    status, answer = server.call("GET", f"/api/record/{built_project.hostile_record}")
    assert status == 200
    assert answer["current"]["title"] == HOSTILE_TITLE_SHOWN  # "... online <U+202E>esruoc"


def test_the_first_record_served_is_the_first_of_queue_csv(project, serve) -> None:  # type: ignore[no-untyped-def]
    # R2 has decided nothing that still awaits R1, so the model is trained on exactly what
    # the rank_queue rule used, and the order is that of results/screening/queue.csv.
    server = serve(project, "R2")
    _, state = server.call("GET", "/api/state")
    queue = _queue_ids(project)
    assert state["current"]["record_id"] == queue[0]
    assert state["current"]["rank"] == 1
    assert state["progress"]["remaining"] == len(queue)


def test_a_decision_is_a_row_of_the_reviewers_file_before_the_answer(project, serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(project, "R1")
    path = project / "data/screening/title_abstract_R1.csv"
    _, state = server.call("GET", "/api/state")
    first = state["current"]["record_id"]
    # the record served is the first of R1's own queue, which is not the first of the order of
    # all records still awaiting someone (records R1 decided that wait for R2 are in it)
    assert state["current"]["rank"] == 1
    status, body = server.call(
        "POST",
        "/api/decide",
        {"record_id": first, "decision": "exclude", "reason": "not_mentoring", "note": "a,\nb"},
    )
    assert status == 200
    assert rows(path)[-1] == [
        first,
        "title_abstract",
        "R1",
        "exclude",
        "not_mentoring",
        "a, b",
        TODAY,
    ]
    assert body["saved"] == {
        "record_id": first,
        "decision": "exclude",
        "reason": "not_mentoring",
        "file": "data/screening/title_abstract_R1.csv",
        "line": 302,
        "fulltext_problem": "",
    }
    assert body["current"]["record_id"] != first
    assert body["current"]["rank"] == 1  # the next, though the re-ranking is not in yet
    assert body["progress"]["decided"] == state["progress"]["decided"] + 1


def test_undo_takes_the_row_out_and_serves_the_record_again(project, serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(project, "R1")
    path = project / "data/screening/title_abstract_R1.csv"
    before = path.read_bytes()
    _, state = server.call("GET", "/api/state")
    first = state["current"]["record_id"]
    server.call("POST", "/api/decide", {"record_id": first, "decision": "maybe", "note": "ask"})
    status, body = server.call("POST", "/api/undo")
    assert status == 200
    assert path.read_bytes() == before
    assert body["current"]["record_id"] == first
    assert body["current"]["previous"] == {"decision": "maybe", "reason": "", "note": "ask"}
    status, body = server.call("POST", "/api/undo")
    assert (status, body["error"]) == (409, "nothing to undo: no decision of this session is left")


def test_a_second_decision_on_one_record_is_refused(project, serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(project, "R1")
    _, state = server.call("GET", "/api/state")
    first = state["current"]["record_id"]
    server.call("POST", "/api/decide", {"record_id": first, "decision": "include"})
    status, body = server.call("POST", "/api/decide", {"record_id": first, "decision": "exclude"})
    assert (status, body["error"]) == (409, f"you already decided {first} at title_abstract")
    assert (
        sum(1 for row in rows(project / "data/screening/title_abstract_R1.csv") if row[0] == first)
        == 1
    )


def test_a_non_retrieval_needs_a_reason_and_keeps_the_full_text_place(project, serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(project, "R2", "retrieval")
    _, state = server.call("GET", "/api/state")
    assert state["reason_required"] == ["not_retrieved"]
    first = state["current"]["record_id"]
    status, body = server.call(
        "POST", "/api/decide", {"record_id": first, "decision": "not_retrieved"}
    )
    assert (status, body["error"]) == (409, "a retrieval 'not_retrieved' needs a reason")
    assert not (project / "data/screening/retrieval_R2.csv").exists()
    status, body = server.call(
        "POST",
        "/api/decide",
        {
            "record_id": first,
            "decision": "retrieved",
            "fulltext": "pdfs/okafor2018.pdf",
            "note": "via ILL",
        },
    )
    assert status == 200
    assert rows(project / "data/screening/retrieval_R2.csv") == [
        [
            first,
            "retrieval",
            "R2",
            "retrieved",
            "",
            "full text: pdfs/okafor2018.pdf | via ILL",
            TODAY,
        ]
    ]


def test_a_screener_never_sees_the_other_screeners_decision(project, serve) -> None:  # type: ignore[no-untyped-def]
    r2 = serve(project, "R2")
    _, state = r2.call("GET", "/api/state")
    record = state["current"]["record_id"]
    r2.call(
        "POST", "/api/decide", {"record_id": record, "decision": "include", "note": "R2-secret"}
    )
    r1 = serve(project, "R1")
    status, body = r1.call("GET", f"/api/record/{record}")
    assert status == 200
    assert "R2-secret" not in str(body) and "'R2'" not in str(body)
    assert body["current"]["conflict"] == []


def test_two_servers_and_a_reader_share_the_files_safely(project, serve) -> None:  # type: ignore[no-untyped-def]
    servers = [serve(project, "R1"), serve(project, "R2")]
    errors: list[str] = []

    def screen(server) -> None:  # type: ignore[no-untyped-def]
        _, state = server.call("GET", "/api/state")
        current = state["current"]
        for _ in range(15):
            status, body = server.call(
                "POST", "/api/decide", {"record_id": current["record_id"], "decision": "exclude"}
            )
            if status != 200:
                errors.append(str(body))
                return
            current = body["current"]

    threads = [threading.Thread(target=screen, args=(s,)) for s in servers]
    for thread in threads:
        thread.start()
    counts = []
    while any(t.is_alive() for t in threads):  # the workflow's reader, meanwhile
        files = hand_edited_files(project / "data/screening")
        counts.append(len(read_decision_files(files)))
    for thread in threads:
        thread.join()
    assert errors == []
    assert counts == sorted(counts)
    assert len(rows(project / "data/screening/title_abstract_R1.csv")) == 315
    assert len(rows(project / "data/screening/title_abstract_R2.csv")) == 315


def test_a_row_written_by_hand_leaves_the_queue(project, serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(project, "R1")
    _, state = server.call("GET", "/api/state")
    first = state["current"]["record_id"]
    with (project / "data/screening/title_abstract_R1.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{first},title_abstract,R1,include,,typed by hand,{TODAY}\n")
    time.sleep(1.5)  # the server looks at the files every second
    progress = server.wait_fresh()
    _, state = server.call("GET", "/api/state")
    assert progress["decided"] == 301
    assert state["current"]["record_id"] != first


def test_a_killed_server_leaves_no_process_behind(project, serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(project, "R1")
    children = psutil.Process(server.process.pid).children(recursive=True)
    assert children  # the background ranking process
    server.kill()
    _, alive = psutil.wait_procs(children, timeout=10)
    assert alive == []


def test_a_stopped_server_ends_its_worker_and_says_nothing_more(project, serve) -> None:  # type: ignore[no-untyped-def]
    """SIGTERM (a closed terminal, `kill`, a service manager) stops the server cleanly: the
    background process is waited for, so Python has no leaked semaphores to warn about."""
    server = serve(project, "R1")
    children = psutil.Process(server.process.pid).children(recursive=True)
    server.wait_fresh()
    server.stop()
    _, alive = psutil.wait_procs(children, timeout=10)
    assert alive == []
    printed = "".join(server.output)
    assert "leaked" not in printed and "Traceback" not in printed, printed


def test_full_text_is_opened_from_the_place_recorded_at_retrieval(project, serve) -> None:  # type: ignore[no-untyped-def]
    pdf = b"%PDF-1.4\n% hand-written one-line test file\n%%EOF\n"
    (project / "pdfs").mkdir()
    (project / "pdfs/okafor2018.pdf").write_bytes(pdf)
    retrieval = serve(project, "R2", "retrieval")
    _, state = retrieval.call("GET", "/api/state")
    record = state["current"]["record_id"]
    status, _ = retrieval.call(
        "POST",
        "/api/decide",
        {"record_id": record, "decision": "retrieved", "fulltext": "pdfs/okafor2018.pdf"},
    )
    assert status == 200
    full_text = serve(project, "R1", "full_text")
    status, body = full_text.call("GET", f"/api/record/{record}")
    assert status == 200
    assert body["current"]["fulltext"] == {
        "location": "pdfs/okafor2018.pdf",
        "href": f"/fulltext/{record}",
        "problem": "",
    }
    status, headers, served = full_text.get(f"/fulltext/{record}")
    assert (status, served) == (200, pdf)
    # its own policy only: a sandbox (Chromium's PDF viewer shows nothing under default-src)
    assert headers["content-security-policy"] == "sandbox"
    assert headers["content-disposition"] == 'inline; filename="okafor2018.pdf"'
    status, body = full_text.call(
        "POST", "/api/decide", {"record_id": record, "decision": "exclude"}
    )
    assert (status, body["error"]) == (409, "a full_text 'exclude' needs a reason")
    status, _ = full_text.call(
        "POST",
        "/api/decide",
        {"record_id": record, "decision": "exclude", "reason": "insufficient_detail"},
    )
    assert status == 200
    assert rows(project / "data/screening/full_text_R1.csv") == [
        [record, "full_text", "R1", "exclude", "insufficient_detail", "", TODAY]
    ]


COPY_IT = (
    "copy the full text into the project folder (e.g. pdfs/) and enter its path relative to the "
    "project folder"
)
"""What the app tells a reviewer to do about a full text it will not serve."""


def retrieved_at(retrieval, places: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Marks the next records of a retrieval session retrieved, one at each place, as a
    reviewer types them; their record_ids."""
    _, state = retrieval.call("GET", "/api/state")
    records = []
    for place in places:
        record = state["current"]["record_id"]
        status, state = retrieval.call(
            "POST", "/api/decide", {"record_id": record, "decision": "retrieved", "fulltext": place}
        )
        assert status == 200, state
        records.append(record)
    return records


def test_a_full_text_outside_the_project_folder_is_not_served(project, serve) -> None:  # type: ignore[no-untyped-def]
    """The token opens the page, not every file the server's user can read: a retrieval note
    naming a file outside the project (by `..`, an absolute path, a link inside the project
    pointing out) gets no link; the page says why and what to do, and the address refuses."""
    secret = project.parent / "private.pdf"
    secret.write_bytes(b"%PDF-1.4\n% not part of the review\n%%EOF\n")
    (project / "pdfs").mkdir()
    (project / "pdfs/link.pdf").symlink_to(secret)
    places = ["../private.pdf", str(secret), f"file://{secret}", "pdfs/link.pdf", "pdfs/gone.pdf"]
    records = retrieved_at(serve(project, "R2", "retrieval"), places)
    full_text = serve(project, "R1", "full_text")
    root = project.resolve()
    for place, record in zip(places, records, strict=True):
        _, body = full_text.call("GET", f"/api/record/{record}")
        shown = body["current"]["fulltext"]
        if place == "pdfs/gone.pdf":
            problem = (
                f"pdfs/gone.pdf does not exist (entered at data/screening/retrieval_R2.csv:6; "
                f"a relative path starts at the project folder, {root}). No file in pdfs/ has a "
                f'similar name. Correct the path after "full text: " in that row\'s note, or put '
                f"the full text at pdfs/gone.pdf."
            )
        else:
            problem = (
                f"{place} is outside the project folder ({root}), and the app serves only "
                f"files inside it; {COPY_IT}"
            )
        assert shown == {"location": place, "href": "", "problem": problem}
        status, _, served = full_text.get(f"/fulltext/{record}")
        assert (status, served.decode()) == (403, problem + "\n")


def test_a_full_text_that_is_no_file_is_said_not_served(project, serve) -> None:  # type: ignore[no-untyped-def]
    """A retrieval note naming a named pipe, a loop of links, a folder, or a name too long for
    the file system (a PDF named by its title in non-Latin script): the page shows the record
    and says why there is no link; the address answers 403 at once (hostile probe: the long
    name was a 500 for the whole card)."""
    import os

    (project / "pdfs").mkdir()
    os.mkfifo(project / "pdfs/pipe.pdf")
    (project / "pdfs/loop.pdf").symlink_to("loop.pdf")
    long_name = "pdfs/" + "Исследование " * 20 + ".pdf"  # 25 characters, 460 bytes
    places = ["pdfs/pipe.pdf", "pdfs/loop.pdf", "pdfs", long_name]
    records = retrieved_at(serve(project, "R2", "retrieval"), places)
    full_text = serve(project, "R1", "full_text")
    problems = [
        f"pdfs/pipe.pdf is not a file; {COPY_IT}",
        f"pdfs/loop.pdf cannot be followed to a file; {COPY_IT}",
        f"pdfs is not a file; {COPY_IT}",
        f"{long_name} cannot be followed to a file; {COPY_IT}",
    ]
    for place, record, problem in zip(places, records, problems, strict=True):
        status, body = full_text.call("GET", f"/api/record/{record}")
        assert status == 200, body
        assert body["current"]["fulltext"] == {"location": place, "href": "", "problem": problem}
        status, _, served = full_text.get(f"/fulltext/{record}")
        assert (status, served.decode()) == (403, problem + "\n")


def test_a_decision_file_saved_with_semicolons_stops_the_app_before_any_decision(project) -> None:  # type: ignore[no-untyped-def]
    # Excel in a comma-decimal locale saves the reviewer's file with ";": the workflow reads it,
    # but the app cannot add a row to it, so it says so at start, naming the file.
    path = project / "data/screening/title_abstract_R1.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\r\n".join(line.replace(",", ";") for line in lines) + "\r\n")
    run = subprocess.run(
        [str(BIN / "metasynth"), "screen", "serve", "--reviewer", "R1", "--stage",
         "title_abstract", "--no-browser"],
        cwd=project, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 2, run.stdout + run.stderr
    assert "data/screening/title_abstract_R1.csv:1: its columns are separated by semicolons" in (
        run.stderr
    )
    assert "open http" not in run.stdout


def test_a_body_that_is_not_a_json_object_is_a_400_not_a_traceback(project, serve) -> None:  # type: ignore[no-untyped-def]
    # found by a hostile probe: JSON nested 100,000 deep was a RecursionError, a 500 and a
    # traceback in the reviewer's terminal
    server = serve(project, "R1")
    headers = {"Cookie": server.cookie, "X-Metasynth-Token": server.token}
    for path, raw in (
        ("/api/decide", b"[" * 100_000 + b"]" * 100_000),
        ("/api/decide", b'{"record_id":'),
        ("/api/decide", b"\xff\xfe{}"),
        ("/api/order", b'"random"'),
    ):
        connection = HTTPConnection("127.0.0.1", server.port, timeout=60)
        try:
            connection.request("POST", path, raw, {**headers, "Content-Type": "application/json"})
            response = connection.getresponse()
            answer = json.loads(response.read().decode("utf-8"))
        finally:
            connection.close()
        assert (response.status, answer) == (400, {"error": "the request is not a JSON object"})
    server.stop()
    assert "Traceback" not in "".join(server.output)


def test_a_lone_surrogate_or_a_line_separator_in_a_request_is_no_500(project, serve) -> None:  # type: ignore[no-untyped-def]
    # JSON may carry "\ud800", which no UTF-8 file or answer holds: the append (a note), or
    # the 409 repeating a record_id, failed with UnicodeEncodeError — a 500 and a traceback
    server = serve(project, "R1")
    path = project / "data/screening/title_abstract_R1.csv"
    _, state = server.call("GET", "/api/state")
    first = state["current"]["record_id"]
    status, body = server.call(
        "POST", "/api/decide", {"record_id": "W\ud800", "decision": "include"}
    )
    assert (status, body["error"]) == (409, "W\ufffd is not in your title_abstract queue")
    status, _ = server.call(
        "POST",
        "/api/decide",
        {"record_id": first, "decision": "maybe", "note": "a\ud800b\u2028c\u0085d"},
    )
    assert status == 200
    assert rows(path)[-1] == [first, "title_abstract", "R1", "maybe", "", "a\ufffdb c d", TODAY]


def test_ctrl_c_stops_the_server_without_a_traceback(project, serve) -> None:  # type: ignore[no-untyped-def]
    # Ctrl+C in a terminal signals the whole process group, the background ranker included:
    # uvicorn raised KeyboardInterrupt again after shutting down, and the ranker process printed
    # its own, two tracebacks in the reviewer's terminal for the documented way to stop
    server = serve(project, "R1")
    _, state = server.call("GET", "/api/state")
    status, _ = server.call(
        "POST", "/api/decide", {"record_id": state["current"]["record_id"], "decision": "maybe"}
    )
    assert status == 200
    server.wait_fresh()  # the ranker process is up and idle, as when a reviewer stops
    assert server.process is not None
    os.killpg(server.process.pid, signal.SIGINT)
    assert server.process.wait(timeout=60) == 0
    server._close()
    printed = "".join(server.output)
    assert "Traceback" not in printed and "KeyboardInterrupt" not in printed, printed
    assert printed.splitlines()[-1] == (
        "stopped; 301 decision(s) in data/screening/title_abstract_R1.csv"
    )


def test_a_full_text_place_the_app_cannot_open_is_named_when_saved(project, serve) -> None:  # type: ignore[no-untyped-def]
    # a typo in the path typed at retrieval was saved without a word; the full-text screener
    # found out, days later, that the file would not open
    server = serve(project, "R2", "retrieval")
    answers = {}
    (project / "pdfs").mkdir()
    (project / "pdfs/okafor2018.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    for place in ("pdfs/okafor2108.pdf", "pdfs/okafor2018.pdf", "https://example.org/a.pdf", ""):
        _, state = server.call("GET", "/api/state")
        record = state["current"]["record_id"]
        status, body = server.call(
            "POST",
            "/api/decide",
            {"record_id": record, "decision": "retrieved", "fulltext": place},
        )
        assert status == 200, body
        answers[place] = body["saved"]["fulltext_problem"]
    missing = (
        "pdfs/okafor2108.pdf does not exist (entered at data/screening/retrieval_R2.csv:2; a "
        f"relative path starts at the project folder, {project.resolve()}). Did you mean "
        'pdfs/okafor2018.pdf? Correct the path after "full text: " in that row\'s note, or put '
        "the full text at pdfs/okafor2108.pdf."
    )
    assert answers == {
        "pdfs/okafor2108.pdf": missing,
        "pdfs/okafor2018.pdf": "",
        "https://example.org/a.pdf": "",
        "": "",
    }
    assert rows(project / "data/screening/retrieval_R2.csv")[0][5] == (
        "full text: pdfs/okafor2108.pdf"  # saved all the same: the reviewer may fix the file
    )
