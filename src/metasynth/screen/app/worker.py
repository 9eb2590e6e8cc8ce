"""The background process that re-derives and re-ranks a reviewer's queue.

Reading every decision file, settling every publication and training the queue model take from
a fraction of a second to several seconds (10,000 records); none of it may hold up the page. So
it runs in one separate process (spawned, so it shares no threads or locks with the server),
which keeps the project and the model's features in memory between refreshes: a refresh reads
the decision files, derives the states and ranks, and returns a `Snapshot`. The project is
loaded again when its files change (a new workflow run). A refresh never raises for bad input:
the `InputError` comes back as `Snapshot.error` for the page to show.

The process ends with its server: it watches its parent and exits when the parent is gone
(a server killed with SIGKILL leaves no process behind).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from metasynth.errors import InputError
from metasynth.screen.app.project import load_project, project_signature
from metasynth.screen.app.snapshot import Snapshot

_STATE: dict[str, Any] = {}


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def _start(config_file: str, results: str, reviewer: str, stage: str, parent: int) -> None:
    """Initialise the worker process (runs once in it)."""
    # Ctrl+C in the terminal reaches the whole process group: the server stops this process
    # itself (`Ranker.close`), so the worker ignores it rather than print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _STATE.update(
        config_file=Path(config_file),
        results=Path(results),
        reviewer=reviewer,
        stage=stage,
        project=None,
        features=None,
    )


def refresh(generation: int) -> Snapshot:
    """The reviewer's snapshot from the files as they are now (runs in the worker process)."""
    # imported here, in the worker only: the model's libraries (scikit-learn, scipy) take
    # seconds of CPU to load, and the server that imports this module never ranks
    from metasynth.screen.app.view import compute_snapshot

    state = _STATE
    try:
        project = state["project"]
        if project is None or project.signature != project_signature(
            state["config_file"], state["results"]
        ):
            project = state["project"] = load_project(state["config_file"], state["results"])
            state["features"] = None
        snapshot, state["features"] = compute_snapshot(
            project, state["reviewer"], state["stage"], generation, state["features"]
        )
        return snapshot
    except InputError as error:
        return Snapshot(generation=generation, error=str(error))


class Ranker:
    """A handle on the worker process: `submit(generation)` returns a future Snapshot."""

    def __init__(self, config_file: Path, results: Path, reviewer: str, stage: str) -> None:
        self._args = (str(config_file), str(results), reviewer, stage, os.getpid())
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=self._args,
        )

    def submit(self, generation: int) -> Future[Snapshot]:
        """Start a refresh; a crashed worker is replaced once."""
        try:
            return self._pool.submit(refresh, generation)
        except BrokenProcessPool:
            self._pool = self._new_pool()
            return self._pool.submit(refresh, generation)

    def restart(self) -> None:
        """Replace a worker that crashed (the next `submit` goes to a new process)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    def close(self) -> None:
        """Stop the worker and wait for it, so that it leaves no process or semaphore behind
        (a refresh under way is finished first: a few seconds at most)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
