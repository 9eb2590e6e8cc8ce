"""Open a page in headless Chromium with no network and report what went wrong in it.

Used by the report's browser test. Chromium is driven through the DevTools protocol over a pipe
(`--remote-debugging-pipe`: commands on file descriptor 3, replies and events on 4, JSON messages
ended by NUL), so no extra package is needed. While the page loads we collect:

- console messages of level error (and `console.assert` failures) and uncaught exceptions;
- log entries of level error (Chromium reports Content-Security-Policy violations and failed
  loads there);
- every request whose URL is not `file:` or `data:` (the report must not try the network).

Network access is cut twice: every host name resolves to nothing and every request goes to a
proxy on a closed local port.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-extensions",
    "--disable-default-apps",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--remote-debugging-pipe",
)


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable on PATH, or None."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageReport:
    """What happened while a page loaded."""

    loaded: bool = False
    console_errors: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    log_errors: list[str] = field(default_factory=list)
    network_requests: list[str] = field(default_factory=list)
    title: str = ""
    value: Any = None  # what `open_page`'s `evaluate` expression gave

    @property
    def problems(self) -> list[str]:
        return [
            *(f"console: {m}" for m in self.console_errors),
            *(f"exception: {m}" for m in self.exceptions),
            *(f"log: {m}" for m in self.log_errors),
            *(f"network: {m}" for m in self.network_requests),
        ]


class _Pipe:
    def __init__(self, write_fd: int, read_fd: int) -> None:
        self.write_fd, self.read_fd = write_fd, read_fd
        self.buffer = b""
        self.next_id = 0

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> int:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        return self.next_id

    def receive(self, timeout: float) -> dict[str, Any] | None:
        deadline = time.monotonic() + timeout
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self.read_fd], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(self.read_fd, 1 << 16)
            if not chunk:
                return None
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]


def _text(args: list[dict[str, Any]]) -> str:
    return " ".join(str(a.get("value", a.get("description", ""))) for a in args)


def open_page(
    path: Path,
    chromium: str,
    timeout: float = 60.0,
    settle: float = 1.0,
    *,
    width: int | None = None,
    evaluate: str | None = None,
) -> PageReport:
    """Load `path` (a local file) in headless Chromium and report errors and network attempts;
    with `width`, in a window that many CSS pixels wide; with `evaluate`, the value of that
    JavaScript expression once the page has loaded (`PageReport.value`)."""
    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()

    def wire_pipes() -> None:  # in the child: Chromium expects the pipe on fds 3 and 4
        os.dup2(to_chrome_r, 3)
        os.dup2(from_chrome_w, 4)

    report = PageReport()
    with tempfile.TemporaryDirectory(prefix="metasynth-chromium-") as profile:
        process = subprocess.Popen(
            [chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire_pipes,
            pass_fds=(3, 4),
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        pipe = _Pipe(to_chrome_w, from_chrome_r)
        try:
            _drive(pipe, path, report, timeout, settle, width, evaluate)
        finally:
            with contextlib.suppress(OSError):  # Chromium may already be gone
                pipe.send("Browser.close")
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            os.close(to_chrome_w)
            os.close(from_chrome_r)
    return report


def _call(
    pipe: _Pipe,
    method: str,
    params: dict[str, Any] | None,
    session: str | None,
    report: PageReport,
    timeout: float,
) -> dict[str, Any]:
    """Send a command and wait for its reply, recording any events that arrive meanwhile."""
    wanted = pipe.send(method, params, session)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = pipe.receive(deadline - time.monotonic())
        if message is None:
            break
        if message.get("id") == wanted:
            if "error" in message:
                raise RuntimeError(f"{method}: {message['error']}")
            return message.get("result", {})  # type: ignore[no-any-return]
        _record(message, report)
    raise TimeoutError(f"no reply from Chromium to {method}")


def _record(message: dict[str, Any], report: PageReport) -> None:
    method = message.get("method", "")
    params = message.get("params", {})
    if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        report.console_errors.append(_text(params.get("args", [])))
    elif method == "Runtime.exceptionThrown":
        details = params.get("exceptionDetails", {})
        report.exceptions.append(
            str(details.get("exception", {}).get("description") or details.get("text"))
        )
    elif method == "Log.entryAdded":
        entry = params.get("entry", {})
        if entry.get("level") == "error":
            report.log_errors.append(
                f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}".strip()
            )
    elif method == "Network.requestWillBeSent":
        url = str(params.get("request", {}).get("url", ""))
        if not url.startswith(("file:", "data:", "about:")):
            report.network_requests.append(url)
    elif method == "Page.loadEventFired":
        report.loaded = True


def _drive(
    pipe: _Pipe,
    path: Path,
    report: PageReport,
    timeout: float,
    settle: float,
    width: int | None,
    evaluate: str | None,
) -> None:
    target = _call(pipe, "Target.createTarget", {"url": "about:blank"}, None, report, timeout)
    attached = _call(
        pipe,
        "Target.attachToTarget",
        {"targetId": target["targetId"], "flatten": True},
        None,
        report,
        timeout,
    )
    session = attached["sessionId"]
    for domain in ("Runtime", "Log", "Network", "Page"):
        _call(pipe, f"{domain}.enable", None, session, report, timeout)
    if width is not None:
        metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}
        _call(pipe, "Emulation.setDeviceMetricsOverride", metrics, session, report, timeout)
    _call(pipe, "Page.navigate", {"url": path.resolve().as_uri()}, session, report, timeout)
    deadline = time.monotonic() + timeout
    while not report.loaded and time.monotonic() < deadline:
        message = pipe.receive(deadline - time.monotonic())
        if message is None:
            break
        _record(message, report)
    # Late errors (lazy images, deferred loads) arrive just after the load event.
    settle_until = time.monotonic() + settle
    while time.monotonic() < settle_until:
        message = pipe.receive(settle_until - time.monotonic())
        if message is None:
            break
        _record(message, report)
    result = _call(
        pipe,
        "Runtime.evaluate",
        {"expression": "document.title", "returnByValue": True},
        session,
        report,
        timeout,
    )
    report.title = str(result.get("result", {}).get("value", ""))
    if evaluate is not None:
        result = _call(
            pipe,
            "Runtime.evaluate",
            {"expression": evaluate, "returnByValue": True},
            session,
            report,
            timeout,
        )
        report.value = result.get("result", {}).get("value")
