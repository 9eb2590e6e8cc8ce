"""The screening app's web server: Starlette on uvicorn, on 127.0.0.1 only, behind a token.

`serve(...)` binds a free port on 127.0.0.1 (or the one asked for), prints the address with a
per-run token and opens it in the browser. The first request with `?token=` sets a cookie
(HttpOnly, SameSite=Strict); every other request needs that cookie, and every API call the
token in the `X-Metasynth-Token` header too (a page from elsewhere cannot send either). A
request naming another host is refused (DNS rebinding). Every response forbids framing,
sniffing and any script, style or connection not from the app itself (Content-Security-Policy),
and the page writes record text only as text, never as markup.

Routes: `/` (the page), `/static/*` (its script and style, shipped in the package),
`/api/state` (reviewer, stage, reasons, highlight words, progress and the record to decide),
`/api/progress`, `/api/decide`, `/api/undo`, `/api/order`, `/api/record/{id}` (a record of
the queue, e.g. from results/todo), `/fulltext/{id}` (a full text recorded as a local file:
only one inside the project folder, `session.local_fulltext`).

Decisions are serialised by one lock; each is written to the file (in a thread, since `fsync`
blocks) before the answer, which carries the next record, goes back. The background process
(`worker.Ranker`) refreshes the order after every decision and whenever a decision file or a
workflow output changes on disk (checked every second).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import logging
import secrets
import socket
import threading
import webbrowser
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from metasynth.errors import InputError, environment_error
from metasynth.screen.app.decision_file import (
    append_decision,
    check_writable,
    decision_file,
    take_back,
)
from metasynth.screen.app.project import Project, load_project, project_signature
from metasynth.screen.app.session import RefusedError, Session, no_surrogates
from metasynth.screen.app.snapshot import OwnDecision, Snapshot, decision_signature
from metasynth.screen.app.worker import Ranker

log = logging.getLogger("metasynth.screen.app")

COOKIE = "metasynth_token_{port}"
"""The session cookie's name: cookies are per host, not per port, so two servers (two
reviewers, or two stages) in one browser each need their own."""
TOKEN_HEADER = "x-metasynth-token"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
WATCH_SECONDS = 1.0


def static_dir() -> Path:
    """The folder of the page's script and style inside the installed package."""
    return Path(str(resources.files("metasynth.screen.app") / "static"))


class Guard:
    """ASGI middleware: right host, right token, and the security headers on every answer."""

    def __init__(self, app: ASGIApp, *, token: str, port: int) -> None:
        self.app = app
        self.token = token
        self.cookie = COOKIE.format(port=port)
        self.hosts = {f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        problem = self._problem(scope, headers)
        if problem:
            await _plain(problem, 403)(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                # a route that sets its own policy keeps it (the full text: `sandbox` only,
                # which Chromium's PDF viewer needs; default-src 'none' leaves it blank)
                headers += [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, secured)

    def _problem(self, scope: Scope, headers: dict[bytes, bytes]) -> str:
        if headers.get(b"host") not in self.hosts:
            return "this server answers only to 127.0.0.1 and localhost"
        path: str = scope["path"]
        query = scope.get("query_string", b"").decode("latin-1")
        if path == "/" and f"token={self.token}" in query.split("&"):
            return ""
        cookies = _cookies(headers.get(b"cookie", b"").decode("latin-1"))
        if not hmac.compare_digest(cookies.get(self.cookie, ""), self.token):
            return (
                "open the address the `metasynth screen serve` command printed (it has the token)"
            )
        if path.startswith("/api/"):
            given = headers.get(TOKEN_HEADER.encode(), b"").decode("latin-1")
            if not hmac.compare_digest(given, self.token):
                return "API calls need the session token"
        return ""


def _cookies(header: str) -> dict[str, str]:
    found = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        found[name] = value
    return found


def _plain(text: str, status: int) -> Response:
    return Response(text + "\n", status_code=status, media_type="text/plain; charset=utf-8")


class ScreenServer:
    """The app: a session, its background ranker, and the routes (see the module docstring)."""

    def __init__(self, project: Project, session: Session, ranker: Ranker, token: str) -> None:
        self.project = project
        self.session = session
        self.ranker = ranker
        self.token = token
        self.lock = asyncio.Lock()
        self.wake = asyncio.Event()
        self.busy = False
        self.tasks: list[asyncio.Task[None]] = []
        self.on_ready: list[Any] = []

    # ----------------------------------------------------------------- background refresh
    async def refresher(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            self.busy = True
            try:
                snapshot = await asyncio.wrap_future(self.ranker.submit(self.session.generation))
            except Exception as error:  # a crashed worker process: say so, start another
                log.warning("re-ranking failed (%s); starting a new ranking process", error)
                self.ranker.restart()
                snapshot = Snapshot(generation=-1, error=f"re-ranking failed: {error}")
                await asyncio.sleep(WATCH_SECONDS)
                self.wake.set()
            finally:
                self.busy = False
            self.session.apply(snapshot)

    async def watcher(self) -> None:
        """Refresh when a decision file or a workflow output changes outside this server; load
        the project again when the workflow wrote new outputs (or the config changed)."""
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            project = self.project
            outputs = project_signature(project.config_file, project.results)
            if outputs != project.signature:
                try:
                    project = await anyio.to_thread.run_sync(
                        load_project, project.config_file, project.results
                    )
                except InputError as error:
                    log.warning("%s", error)
                    continue
                self.project = self.session.project = project
            now = decision_signature(project.settings.decisions_dir) + outputs
            if now == self.session.snapshot.signature:
                self.session.outside = None
            elif not self.busy:
                self.session.outside = now
                self.wake.set()

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self.tasks = [asyncio.create_task(self.refresher()), asyncio.create_task(self.watcher())]
        for callback in self.on_ready:
            callback()
        try:
            yield
        finally:
            for task in self.tasks:
                task.cancel()
            self.ranker.close()

    # ----------------------------------------------------------------- routes
    def app(self, port: int) -> ASGIApp:
        routes = [
            Route("/", self.page),
            Route("/api/state", self.state),
            Route("/api/progress", self.progress),
            Route("/api/decide", self.decide, methods=["POST"]),
            Route("/api/undo", self.undo, methods=["POST"]),
            Route("/api/order", self.order, methods=["POST"]),
            Route("/api/record/{publication:path}", self.record),
            Route("/fulltext/{publication:path}", self.fulltext),
            Mount("/static", StaticFiles(directory=static_dir()), name="static"),
        ]
        return Guard(Starlette(routes=routes, lifespan=self.lifespan), token=self.token, port=port)

    async def page(self, request: Request) -> Response:
        if "token" in request.query_params:  # keep the token out of the address bar
            response: Response = RedirectResponse("/", status_code=303)
            cookie = COOKIE.format(port=request.url.port)
            response.set_cookie(cookie, self.token, httponly=True, samesite="strict", path="/")
            return response
        template = (static_dir() / "index.html").read_text(encoding="utf-8")
        return HTMLResponse(template.replace("{{token}}", html.escape(self.token, quote=True)))

    async def state(self, request: Request) -> Response:
        session, settings = self.session, self.project.settings
        reviewer = settings.reviewers[session.reviewer]
        return _json(
            {
                "reviewer": {"id": reviewer.id, "name": reviewer.name},
                "stage": session.stage,
                "resolver": session.is_resolver,
                "file": session.path.as_posix(),
                "reasons": [
                    {"code": r.code, "label": r.label}
                    for r in settings.reasons.get(session.stage, ())
                ],
                "reason_required": sorted(
                    d for s, d in settings.needs_reason if s == session.stage
                ),
                "highlight": {
                    "include": list(self.project.highlight.include),
                    "exclude": list(self.project.highlight.exclude),
                },
                "current": self._current(),
                "progress": session.progress(),
            }
        )

    async def progress(self, request: Request) -> Response:
        return _json({"progress": self.session.progress()})

    async def decide(self, request: Request) -> Response:
        body = await _body(request)
        if body is None:
            return _json({"error": NOT_AN_OBJECT}, status=400)
        session = self.session
        async with self.lock:
            try:
                pending = session.prepare(
                    str(body.get("record_id", "")),
                    str(body.get("decision", "")),
                    str(body.get("reason", "") or ""),
                    str(body.get("note", "") or ""),
                    str(body.get("fulltext", "") or ""),
                )
                written = await anyio.to_thread.run_sync(
                    lambda: append_decision(
                        session.path,
                        pending.row,
                        publication_of=self.project.members,
                        known=session.known,
                    )
                )
            except (RefusedError, InputError) as error:
                return self._refusal(error)
            except OSError as error:  # a full disk, a read-only folder: the row is not there
                return self._refusal(environment_error(error))
            decision = session.record(written, pending)
            self.wake.set()
            log.info("%s:%d %s", written.path, written.line, pending.row)
            # a full-text place typed now that the app cannot open (a typo, a file outside the
            # project) is named at once, not first at the full-text stage
            typed = str(body.get("fulltext", "") or "").strip()
            _, problem = session.fulltext_path(decision.publication) if typed else (None, "")
            return _json(
                {
                    "saved": {
                        "record_id": decision.publication,
                        "decision": decision.decision,
                        "reason": decision.reason,
                        "file": written.path.as_posix(),
                        "line": written.line,
                        "fulltext_problem": problem,
                    },
                    "current": self._current(),
                    "progress": session.progress(),
                }
            )

    async def undo(self, request: Request) -> Response:
        session = self.session
        async with self.lock:
            try:
                written, _ = session.last_written()
                state = await anyio.to_thread.run_sync(lambda: take_back(written))
            except (RefusedError, InputError) as error:
                return self._refusal(error)
            decision = session.forget(state)
            self.wake.set()
            print(
                f"undo: removed line {written.line} of {written.path} "
                f"({decision.publication} {decision.decision})",
                flush=True,
            )
            return _json(
                {
                    "undone": {
                        "record_id": decision.publication,
                        "decision": decision.decision,
                        "file": written.path.as_posix(),
                        "line": written.line,
                    },
                    "current": session.card(decision.publication, previous=decision),
                    "progress": session.progress(),
                }
            )

    async def order(self, request: Request) -> Response:
        body = await _body(request)
        if body is None:
            return _json({"error": NOT_AN_OBJECT}, status=400)
        self.session.random_order = bool(body.get("random"))
        return _json({"current": self._current(), "progress": self.session.progress()})

    async def record(self, request: Request) -> Response:
        publication = request.path_params["publication"]
        publication = self.project.members.get(publication, publication)
        if publication not in self.session.waiting():
            return _json({"error": f"{publication} is not waiting in your queue"}, status=404)
        return _json({"current": self.session.card(publication)})

    async def fulltext(self, request: Request) -> Response:
        path, problem = self.session.fulltext_path(request.path_params["publication"])
        if path is None and problem:
            return _plain(problem, 403)
        if path is None:
            return _plain("no local full-text file is recorded for this record", 404)
        # A full text is a document, not part of the app: shown in a sandbox (a unique origin,
        # no access to the app), and anything but a PDF is downloaded, never rendered here.
        is_pdf = path.suffix.lower() == ".pdf"
        kind = "inline" if is_pdf else "attachment"
        response = FileResponse(path, filename=path.name, content_disposition_type=kind)
        response.headers["content-security-policy"] = "sandbox"
        return response

    def _current(self) -> dict[str, Any] | None:
        publication = self.session.next_publication()
        return None if publication is None else self.session.card(publication)

    def _refusal(self, error: Exception) -> Response:
        """409 with the reason (a file problem with its file, line and what to do)."""
        return _json(
            {"error": str(error), "current": self._current(), "progress": self.session.progress()},
            status=409,
        )


NOT_AN_OBJECT = "the request is not a JSON object"


async def _body(request: Request) -> dict[str, Any] | None:
    """The request's JSON object; None for anything else (not JSON, not an object, or nested
    too deeply for the parser: a RecursionError would be a 500 and a traceback)."""
    try:
        body = await request.json()
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError included
        return None
    if not isinstance(body, dict):
        return None
    # a lone surrogate ("\ud800") would fail the append, or the answer that repeats it: a 500
    return {
        no_surrogates(str(key)): no_surrogates(value) if isinstance(value, str) else value
        for key, value in body.items()
    }


def _json(content: Any, status: int = 200) -> Response:
    return JSONResponse(content, status_code=status)


def bind(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 (port 0: a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # answers go out at once (no Nagle delay between a response's head and body); accepted
    # connections inherit it
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def start(
    config_file: Path, results: Path, reviewer: str, stage: str
) -> tuple[Project, Session, Ranker]:
    """Load the project and compute the first snapshot (InputError if anything is wrong)."""
    ranker = Ranker(config_file, results, reviewer, stage)
    first = ranker.submit(0)  # the background process loads and ranks meanwhile
    try:
        project = load_project(config_file, results)
        check_writable(decision_file(project.settings.decisions_dir, stage, reviewer))
    except InputError:
        ranker.close()
        raise
    snapshot = first.result()
    if snapshot.error:
        ranker.close()
        raise InputError(snapshot.error)
    return project, Session(project, reviewer, stage, snapshot), ranker


def serve(
    project: Project,
    session: Session,
    ranker: Ranker,
    *,
    port: int = 0,
    open_browser: bool = True,
) -> None:
    """Serve until interrupted: print the address, open it, answer the page."""
    token = secrets.token_urlsafe(24)
    sock = bind(port)
    bound = sock.getsockname()[1]
    server = ScreenServer(project, session, ranker, token)
    url = f"http://127.0.0.1:{bound}/?token={token}"
    if open_browser:
        server.on_ready.append(
            lambda: threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        )
    progress = session.progress()
    print(
        f"metasynth screening app: {session.reviewer} at {session.stage}, "
        f"{progress['remaining']} record(s) waiting, {progress['decided']} decided so far\n"
        f"  open {url}\n"
        f"  every decision is saved at once in {session.path}; Ctrl+C stops the server",
        flush=True,
    )
    config = uvicorn.Config(server.app(bound), log_level="warning", access_log=False, lifespan="on")
    # uvicorn shuts down cleanly on Ctrl+C, then raises it again: the way a reviewer stops the
    # app is not a crash, so no traceback
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run(sockets=[sock])
    print(
        stopped_message(session.reviewer, session.stage, session.path, session.mine()), flush=True
    )


def stopped_message(
    reviewer: str, stage: str, path: Path, decided: Mapping[str, OwnDecision]
) -> str:
    """The line printed when the server stops: the reviewer's decisions at the stage, and in
    which files they are. A reviewer's earlier rows may be in other files (an ASReview or
    Rayyan import, a file written by hand): counting them all as in the app's file sent the
    reviewer looking for rows that are not there."""
    per_file = Counter(decision.source_file for decision in decided.values())
    here = path.as_posix()
    if set(per_file) <= {here}:
        return f"stopped; {len(decided)} decision(s) in {here}"
    where = [f"{per_file.get(here, 0)} in {here}"] + [
        f"{n} in {file}" for file, n in sorted(per_file.items()) if file != here
    ]
    return f"stopped; {len(decided)} {stage} decision(s) by {reviewer}: {', '.join(where)}"
