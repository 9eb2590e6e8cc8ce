"""Recovering a workflow run that was interrupted (Ctrl-C, a killed job, a closed terminal).

A killed Snakemake leaves two things behind: its lock on the working directory
(`.snakemake/locks/`), which makes every later run stop with "Directory cannot be locked", and
the outputs of the jobs it was running, marked incomplete, which make a later run stop unless it
is given `--rerun-incomplete`. Our own writers leave hidden temporary files (`.<name>.<pid>-<host>.
….partial`, see `metasynth.files.AtomicFile`) when their process is killed.

`make run` calls `python -m metasynth.recover` before Snakemake (which it runs with
`--rerun-incomplete`). This removes the lock only when no Snakemake process is running in this
working directory — a lock held by a live run is left alone, so two runs never write the same
outputs — and removes the temporaries whose writer is gone. Where running processes cannot be
listed (no `/proc`), the lock is kept and the message says how to remove it by hand; so it is
where a Snakemake process of the same user hides its working directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from metasynth.files import remove_stale_temporaries

LOCK_FOLDER = Path(".snakemake") / "locks"
PROC = Path("/proc")


def _ancestors() -> set[int]:
    """This process and the processes that started it (make, a shell): never "another run"."""
    chain = {os.getpid()}
    pid = os.getppid()
    while pid > 1 and pid not in chain:
        chain.add(pid)
        try:
            stat = (PROC / str(pid) / "stat").read_text(encoding="utf-8", errors="replace")
            pid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return chain


def _owned_by_me(entry: Path) -> bool:
    try:
        return entry.stat().st_uid == os.getuid()
    except OSError:
        return False


def _working_directory(pid: str, arguments: list[str]) -> Path | None:
    """The folder a Snakemake process works in: its `--directory`/`-d`, else its cwd."""
    try:
        cwd = (PROC / pid / "cwd").readlink()
    except OSError:
        return None
    for flag in ("--directory", "-d"):
        if flag in arguments[:-1]:
            return (cwd / arguments[arguments.index(flag) + 1]).resolve()
        prefix = f"{flag}="
        for argument in arguments:
            if argument.startswith(prefix):
                return (cwd / argument[len(prefix) :]).resolve()
    return cwd.resolve()


def running_snakemake(directory: str | Path) -> list[int]:
    """Process ids of the Snakemake runs (or their jobs) working in `directory`, other than this
    process and its parents. Raises OSError where processes cannot be listed."""
    directory = Path(directory).resolve()
    mine = _ancestors()
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit() or int(entry.name) in mine:
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile, or not ours to read
        arguments = [part.decode("utf-8", "replace") for part in raw.split(b"\0") if part]
        is_run = any("snakemake" in Path(argument).name for argument in arguments[:3])
        # a job of a run (its script), which outlives a Snakemake killed with SIGKILL
        is_job = any("/.snakemake/scripts/" in argument for argument in arguments)
        if not (is_run or is_job):
            continue
        where = _working_directory(entry.name, arguments)
        if where == directory or (where is None and _owned_by_me(entry)):
            found.append(int(entry.name))  # a run of mine whose folder is hidden may be here
    return sorted(found)


def _temporaries(results: Path) -> Iterator[Path]:
    """The outputs whose writers may have left a temporary file in `results/`."""
    for temporary in sorted(results.rglob(".*.partial")):
        name = temporary.name[1:].removesuffix(".partial")
        # `.<name>.<pid>-<host>.<random>.partial` → <name>; `.<name>.partial` (older versions)
        parts = name.rsplit(".", 2)
        yield temporary.with_name(parts[0] if len(parts) == 3 and "-" in parts[1] else name)


def recover(directory: str | Path = ".", *, snakemake: str = "snakemake") -> list[str]:
    """Make an interrupted run's folder runnable again; returns what was done, one line each."""
    directory = Path(directory)
    done: list[str] = []
    locks = sorted((directory / LOCK_FOLDER).glob("*.lock"))
    if locks:
        try:
            others = running_snakemake(directory)
        except OSError:
            done.append(
                "a lock is left in .snakemake/locks and running processes cannot be listed "
                "here: if no other run is going on, remove it with `snakemake --unlock`"
            )
            others = None
        if others:
            done.append(
                f"another Snakemake run is working here (process {', '.join(map(str, others))}): "
                "its lock is kept; wait for it to finish"
            )
        elif others is not None:
            unlocked = subprocess.run(
                [snakemake, "--unlock", "--cores", "1"],
                cwd=directory,
                check=False,
                capture_output=True,
                text=True,
            )
            if unlocked.returncode == 0:
                done.append("removed the lock an interrupted run left (snakemake --unlock)")
            else:
                last = (unlocked.stderr.strip().splitlines() or ["(no message)"])[-1]
                done.append(f"could not remove the lock an interrupted run left: {last}")
    removed = [
        path for output in _temporaries(directory / "results")
        for path in remove_stale_temporaries(output)
    ]  # fmt: skip
    if removed:
        done.append(f"removed {len(removed)} temporary file(s) that interrupted writers left")
    return done


def main() -> int:
    snakemake = str(Path(sys.executable).with_name("snakemake"))
    for line in recover(".", snakemake=snakemake if Path(snakemake).exists() else "snakemake"):
        print(f"recover: {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
