"""A run killed half-way in a review project, and what `metasynth status` says to do next.

`make run` picks up an interrupted run of the demo corpus by itself; a review project has no
Makefile. After a killed `snakemake --cores 2` there, status said "Nothing blocks the next
stage. Next: run `snakemake --cores 2`", and that command stopped on the outputs left
incomplete, then on the lock. Status must say the run was interrupted and give the commands
that pick it up, and those commands must work.

The user's path: `metasynth init`, a real Web of Science export from ../shared/fixtures/ with its
searches.yaml, `snakemake --cores 2 results/synthesis/codings.csv`, then `snakemake --cores 2`
killed while it runs, then `metasynth status` and what it says.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent


def _run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), cwd=project, capture_output=True, text=True, check=False)


def _killed_run(project: Path) -> None:
    """`snakemake --cores 2` killed with its jobs, as a closed terminal would, while it writes."""
    incomplete = project / ".snakemake" / "incomplete"
    run = subprocess.Popen(
        [str(BIN / "snakemake"), "--cores", "2"], cwd=project, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while not (incomplete.is_dir() and any(incomplete.iterdir())):
            assert time.monotonic() < deadline, "the run never started a job"
            time.sleep(0.1)
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()


def test_status_after_a_killed_run_gives_the_commands_that_pick_it_up(
    tmp_path: Path, wos_coded: Callable[[Path], Path]
) -> None:
    # the review run to its codings, the run other tests of the WOS review start from (done
    # once per test run); the run killed here is the one that goes on from there
    project = wos_coded(tmp_path / "review")
    _killed_run(project)
    assert _run(project, str(BIN / "snakemake"), "--cores", "2").returncode != 0

    said = _run(project, str(BIN / "metasynth"), "status")
    assert said.returncode == 1
    assert "  - the last run was interrupted: " in said.stdout
    assert "; `snakemake --cores 2` alone stops on them\n" in said.stdout
    assert (
        "    what to do: run `python -m metasynth.recover`, then "
        "`snakemake --cores 2 --rerun-incomplete`\n"
    ) in said.stdout
    assert "Nothing blocks" not in said.stdout

    # what it says, as the user types it (`python` of the activated environment)
    recovered = _run(project, str(BIN / "python"), "-m", "metasynth.recover")
    assert recovered.returncode == 0, recovered.stderr
    rerun = _run(project, str(BIN / "snakemake"), "--cores", "2", "--rerun-incomplete")
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    after = _run(project, str(BIN / "metasynth"), "status")
    assert "results are up to date" in after.stdout
    assert "interrupted" not in after.stdout
