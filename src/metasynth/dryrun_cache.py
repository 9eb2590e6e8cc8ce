"""Snakemake's last answer to "what would the next run do", kept while nothing that can change it
has changed.

`metasynth status` and `metasynth audit` ask Snakemake what is out of date with a dry run
(`metasynth.dryrun.dry_run`), which costs seconds. This module keeps that answer (the dry run's
log and exit code) in `.snakemake/metasynth/dry-run.json` under a key of everything the answer
can depend on, taken before the dry run starts, so that a file changed while it runs is a miss
next time:

- the dry run's command (its arguments, targets and --configfile overrides), the Python and the
  Snakemake version running it, and the environment variables that steer Snakemake or Python;
- every file and folder under the project (relative path, kind, size, mtime_ns; a link's target
  too), Snakemake's records in `.snakemake/metadata` and `.snakemake/incomplete` included, but
  not the bookkeeping a dry run writes itself (`BOOKKEEPING`) nor this cache;
- the workflow's source where it lives outside the project: the installed metasynth package,
  the checkout it was installed from, and any checkout a project's Snakefile names as a module
  (`snakefile: "/path/to/metasynth/Snakefile"`): its top-level files and its `workflow/`,
  `scripts/` and `src/`.

Inputs outside the project (a path in the config leading out of it) are kept beside the answer
with their stats: those Snakemake recorded for the outputs it made (`.snakemake/metadata`) and
those the answer's jobs read. An answer is not kept when it is an error (a missing input outside
the project could appear), when a file is so recent that a change within the file system's
clock tick could go unseen, or when a Snakefile loads a module from a remote source. A damaged
or unreadable cache file is a miss. Deleting the file (or `.snakemake/`) clears it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from metasynth.errors import InputError, OutputError
from metasynth.files import write_text
from metasynth.project import workflow_snakefile
from metasynth.workflow import PACKAGE_FOLDER

CACHE_FILE = Path(".snakemake") / "metasynth" / "dry-run.json"
"""Where the answer is kept, relative to the project."""

BOOKKEEPING = (
    ".snakemake/iocache",
    ".snakemake/locks",
    ".snakemake/log",
    ".snakemake/metasynth",
)
"""What a dry run writes under the project (its cache of file stats, an empty lock folder even
with --nolock; found by listing the project's files and times before and after one), what a run
writes that no answer reads (its log, its locks), and this cache: left out of the key.
Everything else under .snakemake/ (the records of each output's code, params and inputs, the
marks of incomplete outputs) can change the answer, and is in the key."""

UNTIMED = (".snakemake",)
"""Folders whose time a dry run changes by making a folder in them (`locks/`): their entries
are in the key, their own time is not (nor the project folder's)."""

SKIPPED = (".git",)
"""Folders under the project the workflow never reads (git's own store)."""

RECENT_NS = 2_000_000_000
"""A file modified this close to the key's time could change again with the same stat (file
systems stamp times in ticks, some of a second or two): its answer is not kept."""

ENVIRONMENT = ("PATH", "PYTHONPATH", "PYTHONHOME", "SNAKEMAKE_PROFILE", "SNAKEMAKE_OUTPUT_CACHE")
_REMOTE = re.compile(r"\b(?:github|gitlab)\(|[\"'][a-z][a-z0-9+.-]*://")
_MODULE_FILE = re.compile(r"[\"']([^\"'\n]*(?:Snakefile|\.smk))[\"']")
_FORMAT = 1


def _entry(path: Path, name: str) -> str:
    """One line of the key: a path's name, kind, size and mtime (a link: also its target's)."""
    try:
        info = path.lstat()
    except OSError:
        return f"{name}\0gone"
    line = f"{name}\0{stat.S_IFMT(info.st_mode)}\0{info.st_size}\0{info.st_mtime_ns}"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.stat()
            line += f"\0{path.readlink()}\0{target.st_size}\0{target.st_mtime_ns}"
        except OSError:
            line += "\0dangling"
    return line


def _walk(folder: Path, prefix: str, skipped: Sequence[str] = ()) -> Iterator[tuple[str, Path]]:
    """Every file, folder and link under `folder` as (name under `prefix`, path), links to
    folders followed once (a loop of links is not walked round)."""
    seen: set[tuple[int, int]] = set()
    for top, folders, files in os.walk(folder, followlinks=True):
        here = Path(top)
        try:
            info = here.stat()
        except OSError:
            folders[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:
            folders[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        relative = here.relative_to(folder).as_posix()
        base = prefix if relative == "." else f"{prefix}{relative}/"
        folders[:] = sorted(f for f in folders if f"{base}{f}" not in skipped)
        for name in folders + sorted(files):
            yield f"{base}{name}", here / name


def _workflow_roots(root: Path) -> list[Path]:
    """The checkouts whose workflow the project runs, outside the project (see module doc)."""
    roots: list[Path] = []
    with contextlib.suppress(InputError):  # an installation without a workflow beside it
        roots.append(workflow_snakefile().parent)
    for snakefile in (root / "Snakefile", root / "workflow" / "Snakefile"):
        try:
            text = snakefile.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for found in _MODULE_FILE.findall(text):
            path = (snakefile.parent / found).resolve()
            if path.is_file() and not path.is_relative_to(root):
                roots.append(path.parent)
    return sorted(set(roots))


def _remote_module(root: Path) -> bool:
    """Whether a Snakefile of the project loads code from a remote source (not kept: it can
    change with nothing here changing)."""
    for snakefile in (root / "Snakefile", root / "workflow" / "Snakefile"):
        try:
            lines = snakefile.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        if any(_REMOTE.search(line.split("#", 1)[0]) for line in lines):
            return True
    return False


def _source_lines(root: Path) -> Iterator[str]:
    """The workflow's source files outside the project (see module doc)."""
    folders = [("package/", PACKAGE_FOLDER)]
    for n, checkout in enumerate(_workflow_roots(root)):
        if checkout.is_relative_to(root):
            continue
        yield f"checkout {n}\0{checkout}"
        for path in sorted(checkout.iterdir()):
            if not path.is_dir():
                yield _entry(path, f"{n}/{path.name}")
        folders += [(f"{n}/{sub}/", checkout / sub) for sub in ("workflow", "scripts", "src")]
    for prefix, folder in folders:
        if folder.is_relative_to(root):
            continue
        for name, path in _walk(folder, prefix):
            if "__pycache__" not in name:
                yield _entry(path, name)


def _digits_tail(line: str) -> int:
    tail = line.rsplit("\0", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def cache_key(root: str | Path, command: Sequence[str]) -> tuple[str, bool]:
    """The key of the dry run `command` in `root` (see module doc), and whether its answer can
    be kept (no file too recent, no remote module)."""
    root = Path(root).resolve()
    now_ns = time.time_ns()
    digest = hashlib.sha256()
    try:
        snakemake = version("snakemake")
    except PackageNotFoundError:
        snakemake = "none"
    head = [f"format {_FORMAT}", sys.executable, sys.version, f"snakemake {snakemake}"]
    head += [f"{name}={os.environ.get(name, '')}" for name in ENVIRONMENT]
    head += ["command", *command]
    project, recent = [], False
    for name, path in _walk(root, "", skipped=BOOKKEEPING + SKIPPED):
        line = _entry(path, name) if name not in UNTIMED else f"{name}\0folder"
        project.append(line)
        recent = recent or (not path.is_dir() and _digits_tail(line) >= now_ns - RECENT_NS)
    for line in [*head, "project", *project, "source", *_source_lines(root)]:
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest(), not recent and not _remote_module(root)


def _outside_stats(root: Path, names: Iterable[str]) -> dict[str, str]:
    return {
        name: _entry(root / name, name)
        for name in sorted(set(names))
        if not (root / name).resolve().is_relative_to(root)
    }


def recorded_inputs_anywhere(root: Path) -> list[str]:
    """Every input Snakemake recorded for the outputs it made (`.snakemake/metadata`)."""
    names: list[str] = []
    folder = root / ".snakemake" / "metadata"
    for _, path in _walk(folder, ""):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            continue
        inputs = record.get("input") if isinstance(record, dict) else None
        names += [str(name) for name in inputs or () if isinstance(name, str)]
    return names


def read_answer(root: str | Path, key: str) -> tuple[str, int] | None:
    """The dry run's (log, exit code) kept under `key`, when its inputs outside the project are
    as they were; None otherwise (a damaged file too)."""
    root = Path(root).resolve()
    try:
        kept = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
        if kept["key"] != key or kept["format"] != _FORMAT:
            return None
        outside: dict[str, str] = kept["outside"]
        if _outside_stats(root, outside) != outside:
            return None
        return str(kept["log"]), int(kept["returncode"])
    except (OSError, ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError):
        return None


def keep_answer(
    root: str | Path, key: str, log: str, returncode: int, inputs: Iterable[str], started_ns: int
) -> None:
    """Keep a dry run's answer under `key` (see module doc for when it is not kept): `inputs`
    are those its jobs read; `started_ns` when its key was taken."""
    root = Path(root).resolve()
    if returncode != 0:
        return
    outside = _outside_stats(root, [*inputs, *recorded_inputs_anywhere(root)])
    if any(_digits_tail(line) >= started_ns - RECENT_NS for line in outside.values()):
        return
    kept = {"format": _FORMAT, "key": key, "returncode": returncode, "log": log}
    try:
        (root / CACHE_FILE).parent.mkdir(parents=True, exist_ok=True)
        write_text(json.dumps({**kept, "outside": outside}), root / CACHE_FILE)
    except (OSError, OutputError):  # a read-only project: ask Snakemake each time
        pass
