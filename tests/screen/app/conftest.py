"""A review in progress for the screening app's tests, and a way to run `metasynth screen serve`.

`screening_project` (built once per test session, slow) is a clean checkout of the default
corpus turned into a review half-way through title/abstract screening: R1 and R2 keep their
first 300 title/abstract rows, the resolver R3 half of the resolutions among them (so conflicts
stay open), and the later stages' decisions and the appraisals are removed. One record awaiting
title/abstract gets a hostile title in the Web of Science export (`HOSTILE_TITLE`: markup, a
right-to-left override and a word longer than any line), an abstract in Persian longer than a
laptop's screen (`LONG_ABSTRACT`) and 300 authors (`MANY_AUTHORS`), and one R2 row in conflict
a hostile note. Then the workflow runs up to the screening outputs, as a user would before
starting the app. Each test gets its own copy (`project`).

`AppServer` starts the command in a project, reads the address it prints, and stops or kills it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from typing import Any, cast

import pytest

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 5
"""A word no line holds (a pasted URL, a chemical name): it must wrap, not run off the page."""
HOSTILE_TITLE = (
    '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
    f"Mentoring & <b>e-mentoring</b> online \u202eesruoc {LONG_WORD}"
)
HOSTILE_TITLE_SHOWN = HOSTILE_TITLE.replace("\u202e", "<U+202E>")
"""The hostile title as the page shows it: its right-to-left override made visible."""
_PERSIAN = (
    "این پژوهش با هدف شناسایی ابعاد، فرایندها و الزامات منتورینگ الکترونیکی در دانشگاه‌ها انجام "
    "شد. داده‌ها از راه مصاحبه‌های نیمه‌ساختاریافته با بیست و دو استاد و دانشجوی تحصیلات تکمیلی "
    "گردآوری و با روش تحلیل مضمون بررسی شد. یافته‌ها نشان داد که منتورینگ الکترونیکی سه بعد فنی، "
    "مدیریتی و ارتباطی دارد و فرایندهای اصلی، پشتیبان و مدیریتی آن را پیش می‌برند. الزامات منتور، "
    "سکوی برخط و نهاد برگزارکننده نیز در موفقیت برنامه نقش دارند."
)
LONG_ABSTRACT = " ".join([_PERSIAN] * 5)
"""An abstract in a right-to-left script, taller than an 800 x 768 window holds."""
MANY_AUTHORS = [f"Consortium{i:03d}, A" for i in range(300)]
"""The hostile record's authors: a consortium paper's 300 names."""
HOSTILE_NOTE = (
    '<img src=x onerror="window.__xss=3"> see "both" pages; '
    "ASReview LAB export asreview_dataset_all_resilience_review_2026.csv: tangential"
)
TARGETS = ["results/screening/audit.csv", "results/screening/queue.csv"]
"""What the tests need from the workflow (the app itself needs dedup and eligibility)."""


def _trim(project: Path) -> None:
    decisions = project / "data" / "screening"

    def keep(name: str, rows: int) -> list[str]:
        lines = (decisions / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (decisions / name).write_text("".join(lines[: rows + 1]), encoding="utf-8")
        return lines[1 : rows + 1]

    keep("title_abstract_R1.csv", 300)
    r2 = keep("title_abstract_R2.csv", 300)
    decided = {line.split(",", 1)[0] for line in r2}
    resolutions = decisions / "title_abstract_R3_resolutions.csv"
    lines = resolutions.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines[1:] if line.split(",", 1)[0] in decided]
    resolutions.write_text("".join([lines[0], *kept[: len(kept) // 2]]), encoding="utf-8")
    for name in ("retrieval.csv", "full_text_R1.csv", "full_text_R2.csv"):
        (decisions / name).unlink()
    (decisions / "full_text_R3_resolutions.csv").unlink()
    for path in (project / "data" / "appraisal").glob("*.csv"):
        path.unlink()


def _hostile_record(project: Path, record_id: str) -> None:
    """Replace the title, the authors and the abstract (TI, AU, AB and their continuation lines)
    of one record in the WOS exports."""
    for path in sorted((project / "data" / "raw").rglob("*.txt")):
        text = path.read_text(encoding="utf-8-sig")
        start = text.find(f"\nUT {record_id}\n")
        if start < 0:
            continue
        begin = text.rfind("\nPT ", 0, start)
        block = text[begin:start]
        fixed = re.sub(
            r"\nTI .*?(?=\n[A-Z][A-Z0-9] )", f"\nTI {HOSTILE_TITLE}", block, count=1, flags=re.S
        )
        fixed = re.sub(r"\nAB .*?(?=\n[A-Z][A-Z0-9] )", "", fixed, count=1, flags=re.S)
        fixed = re.sub(
            r"\nAU .*?(?=\n[A-Z][A-Z0-9] )",
            "\nAU " + "\n   ".join(MANY_AUTHORS),
            fixed,
            count=1,
            flags=re.S,
        )
        fixed += f"\nAB {LONG_ABSTRACT}"
        path.write_text("\ufeff" + text[:begin] + fixed + text[start:], encoding="utf-8")
        return
    raise AssertionError(f"{record_id} not found in the exports")


def _hostile_note(project: Path) -> str:
    """Give R2's first conflicting row a hostile note; return that publication."""
    r1 = (project / "data/screening/title_abstract_R1.csv").read_text().splitlines()[1:]
    path = project / "data/screening/title_abstract_R2.csv"
    r2 = path.read_text(encoding="utf-8").splitlines(keepends=True)
    resolved = {
        line.split(",", 1)[0]
        for line in (project / "data/screening/title_abstract_R3_resolutions.csv")
        .read_text()
        .splitlines()[1:]
    }
    decision_of = {line.split(",")[0]: line.split(",")[3] for line in r1}
    for index, line in enumerate(r2[1:], start=1):
        cells = line.rstrip("\n").split(",")
        if cells[0] not in resolved and decision_of.get(cells[0]) not in (None, cells[3]):
            note = '"' + HOSTILE_NOTE.replace('"', '""') + '"'
            r2[index] = ",".join([*cells[:5], note, cells[6]]) + "\n"
            path.write_text("".join(r2), encoding="utf-8")
            return cells[0]
    raise AssertionError("no open conflict between R1 and R2")


BuildOnce = Callable[[str, Callable[[Path], object]], tuple[Path, object]]
"""tests/conftest.py's `build_once` fixture."""


@dataclass(frozen=True)
class Built:
    path: Path
    hostile_record: str
    hostile_note_record: str


def run_workflow(project: Path) -> None:
    """The workflow up to the screening outputs the tests read (TARGETS), as a user runs it."""
    run = subprocess.run(
        [str(BIN / "snakemake"), "--cores", "2", *TARGETS],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-3000:]


def _undecided_singleton(project: Path) -> str:
    """A publication awaiting title/abstract decisions that has no duplicate."""
    status = (project / "results/screening/status.csv").read_text().splitlines()[1:]
    waiting = {line.split(",")[0] for line in status if ",awaiting_title_abstract," in line}
    members: dict[str, int] = {}
    for line in (project / "results/dedup/clusters.csv").read_text().splitlines()[1:]:
        cluster = line.split(",", 1)[0]
        members[cluster] = members.get(cluster, 0) + 1
    return min(p for p in waiting if members.get(p) == 1)


def _build(folder: Path, clean_checkout: Callable[[Path], Path]) -> list[str]:
    """The review in progress under folder/project; the hostile title's and note's records."""
    project = clean_checkout(folder / "project")
    _trim(project)
    noted = _hostile_note(project)
    run_workflow(project)
    target = _undecided_singleton(project)
    _hostile_record(project, target)
    run_workflow(project)  # the user edits an export and runs the workflow again
    return [target, noted]


@pytest.fixture(scope="session")
def built_project(build_once: BuildOnce, clean_checkout: Callable[[Path], Path]) -> Built:
    folder, built = build_once("screening-app", lambda f: _build(f, clean_checkout))
    target, noted = cast(list[str], built)
    return Built(folder / "project", target, noted)


def copy_project(built: Built, target: Path) -> Path:
    """A fresh copy of the review in progress at `target`, workflow outputs included."""
    shutil.copytree(built.path, target, symlinks=True, ignore=shutil.ignore_patterns(".snakemake"))
    return target


@pytest.fixture
def project(built_project: Built, tmp_path: Path) -> Path:
    """A fresh copy of the review in progress, workflow outputs included."""
    return copy_project(built_project, tmp_path / "project")


@dataclass
class AppServer:
    """`metasynth screen serve` running in a project (see the module docstring)."""

    project: Path
    reviewer: str
    stage: str
    asked_port: int = 0  # --port (0: a free one)
    process: subprocess.Popen[str] | None = None
    url: str = ""
    port: int = 0
    token: str = ""
    output: list[str] = field(default_factory=list)
    _drain: threading.Thread = field(init=False, repr=False)

    def start(self) -> AppServer:
        self.process = subprocess.Popen(
            [
                str(BIN / "metasynth"),
                "screen",
                "serve",
                "--reviewer",
                self.reviewer,
                "--stage",
                self.stage,
                "--no-browser",
                *(["--port", str(self.asked_port)] if self.asked_port else []),
            ],
            cwd=self.project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=(\S+)", line)
            if found:
                self.url, self.port, self.token = (
                    found.group(0),
                    int(found.group(1)),
                    found.group(2),
                )
                break
        assert self.url, "".join(self.output)
        # keep reading what the server prints (undo lines, warnings) so it never blocks on it
        self._drain = threading.Thread(target=self._read_rest, daemon=True)
        self._drain.start()
        return self

    def _read_rest(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def call(self, method: str, path: str, body: Any = None, **headers: str) -> tuple[int, Any]:
        """An API call with the session's cookie and token; (status, JSON or text)."""
        connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {
            "Cookie": self.cookie,
            "X-Metasynth-Token": self.token,
            "Content-Type": "application/json",
            **headers,
        }
        try:
            connection.request(method, path, None if body is None else json.dumps(body), sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8")
        finally:
            connection.close()
        kind = response.getheader("content-type", "")
        return response.status, json.loads(text) if kind.startswith("application/json") else text

    def wait_fresh(self, timeout: float = 120.0) -> dict[str, Any]:
        """The progress, once the order reflects every decision and file change seen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _, body = self.call("GET", "/api/progress")
            if body["progress"]["ranking"]["fresh"]:
                return dict(body["progress"])
            time.sleep(0.3)
        raise AssertionError("the ranking never caught up")

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """A plain GET with the session cookie, as a link opened from the page: (status,
        headers in lower case, body)."""
        connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path, headers={"Cookie": self.cookie})
            response = connection.getresponse()
            body = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            connection.close()

    @property
    def cookie(self) -> str:
        return f"metasynth_token_{self.port}={self.token}"

    def kill(self) -> None:
        """SIGKILL, as a crash or a closed laptop would: nothing is flushed on the way out."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._close()

    def _close(self) -> None:
        assert self.process is not None
        self._drain.join(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self._close()


@pytest.fixture
def serve() -> Iterator[Callable[..., AppServer]]:
    """Start `metasynth screen serve` in a project; every server is stopped after the test."""
    started: list[AppServer] = []

    def start(
        project: Path, reviewer: str, stage: str = "title_abstract", port: int = 0
    ) -> AppServer:
        server = AppServer(project, reviewer, stage, port).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def rows(path: Path) -> list[list[str]]:
    """The rows of a decision file, header left out."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]
