"""`make run` picks up an interrupted run by itself: the lock a killed Snakemake left is removed
when no other run works in the folder (and kept when one does), the jobs cut short are run again,
and the temporary files of killed writers are removed (issue 15, item 4)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import metasynth.recover
from metasynth.recover import recover, running_snakemake

SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))


@pytest.fixture
def other_run(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[subprocess.Popen[bytes]]:
    """A process that looks like a Snakemake run working in `tmp_path`: Python running a script
    named `snakemake`, as an installed Snakemake is run. (Not `exec -a snakemake sleep`: where
    `sleep` is a multi-call binary that picks its tool by argv[0], it exits at once.)"""
    script = tmp_path_factory.mktemp("bin") / "snakemake"
    script.write_text("import time\ntime.sleep(60)\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path, start_new_session=True)
    deadline = time.monotonic() + 30
    while not running_snakemake(tmp_path):
        assert process.poll() is None, f"the stand-in run exited with {process.returncode}"
        assert time.monotonic() < deadline, "the stand-in run was not seen in /proc within 30 s"
        time.sleep(0.05)
    yield process
    process.kill()
    process.wait()


def _lock(folder: Path) -> Path:
    lock = folder / ".snakemake" / "locks" / "0.output.lock"
    lock.parent.mkdir(parents=True)
    lock.write_text(f"{folder}/results/report.html\n", encoding="utf-8")
    return lock


def test_a_running_snakemake_keeps_its_lock(
    tmp_path: Path, other_run: subprocess.Popen[bytes]
) -> None:
    lock = _lock(tmp_path)
    assert running_snakemake(tmp_path) == [other_run.pid]
    said = recover(tmp_path, snakemake=SNAKEMAKE)
    assert said == [
        f"another Snakemake run is working here (process {other_run.pid}): its lock is kept; "
        "wait for it to finish"
    ]
    assert lock.exists()


def test_a_snakemake_in_another_folder_is_not_this_folders_run(
    tmp_path: Path, other_run: subprocess.Popen[bytes]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert running_snakemake(elsewhere) == []


def test_a_run_of_mine_whose_folder_cannot_be_read_keeps_the_lock(
    tmp_path: Path, other_run: subprocess.Popen[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where /proc hides a process's working directory, a run of the same user may be working
    here: the lock is kept rather than removed under it. Only the stand-in's folder is hidden:
    the other Snakemake runs on the machine (other checkouts, benchmarks) show theirs."""
    shown = metasynth.recover._working_directory
    hidden = str(other_run.pid)
    monkeypatch.setattr(
        metasynth.recover,
        "_working_directory",
        lambda pid, arguments: None if pid == hidden else shown(pid, arguments),
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert running_snakemake(elsewhere) == [other_run.pid]


def test_killed_writers_temporaries_under_results_are_removed(tmp_path: Path) -> None:
    host = os.uname().nodename.split(".")[0]
    folder = tmp_path / "results" / "ingest"
    folder.mkdir(parents=True)
    dead = folder / f".records.parquet.{2**22 + 1}-{host}.k1ll3d.partial"
    dead.write_bytes(b"\0" * 4096)
    live = folder / f".fields.parquet.{os.getpid()}-{host}.wr1t1n.partial"
    live.write_bytes(b"\0" * 4096)
    assert recover(tmp_path, snakemake=SNAKEMAKE) == [
        "removed 1 temporary file(s) that interrupted writers left"
    ]
    assert sorted(p.name for p in folder.iterdir()) == [live.name]


def _wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.mark.slow
def test_make_run_after_a_killed_run_finishes_with_the_same_outputs(
    finished_run: Path, copy_run: Callable[[Path, Path], Path], tmp_path: Path
) -> None:
    venv = Path(sys.executable).parents[1]
    if not (venv / ".installed").exists():
        pytest.skip(f"{venv} was not made by `make` (no .installed stamp)")
    project = copy_run(finished_run, tmp_path / "project")
    (project / ".venv").symlink_to(venv)
    # `-o` takes the environment as made: a copy's pyproject.toml newer than the stamp (as in
    # CI's copy) would have `make` reinstall this test session's own .venv from the copy
    make_run = ["make", "-o", ".venv/.installed", "run"]
    # the PRISMA counts, their figure, the report and the manifest rerun: a chain of jobs to
    # cut short without redrawing every figure (deleting screening/status.csv did)
    (project / "results" / "screening" / "prisma_counts.csv").unlink()
    incomplete = project / ".snakemake" / "incomplete"  # a marker per output being made
    run = subprocess.Popen(
        make_run, cwd=project, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for(lambda: incomplete.is_dir() and any(incomplete.iterdir()), 120)
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # the whole run at once, as a closed terminal would
        run.wait()
    assert list((project / ".snakemake" / "locks").glob("*.lock"))

    again = subprocess.run(make_run, cwd=project, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "recover: removed the lock an interrupted run left (snakemake --unlock)" in again.stderr
    compared = subprocess.run(
        [str(venv / "bin" / "metasynth"), "manifest", "compare",
         str(finished_run / "results" / "manifest.tsv"), "results/manifest.tsv"],
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    assert compared.returncode == 0, compared.stdout + compared.stderr
    assert list((project / "results").rglob("*.partial")) == []
