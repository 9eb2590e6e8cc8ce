"""Shared test fixtures: the project root, a clean checkout of it, a finished run of the workflow,
and ../shared/fixtures/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"


@pytest.fixture(scope="session")
def root() -> Path:
    """The project root (where the Snakefile is)."""
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    """`../shared/fixtures/`: real exports and labelled sets, read-only, never copied here."""
    if not SHARED_FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {SHARED_FIXTURES} (clone beside ../shared/)")
    return SHARED_FIXTURES


def copy_tracked(target: Path) -> Path:
    """Every file git tracks in the project (content as on disk) under `target`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    for name in sorted(p for p in listed.decode().split("\0") if p):
        source, destination = ROOT / name, target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            destination.symlink_to(source.readlink())
        elif source.is_file():
            shutil.copy2(source, destination)
    return target


@pytest.fixture(scope="session")
def clean_checkout() -> Callable[[Path], Path]:
    """A function that copies the project's tracked files under a folder and returns it: a
    clean clone as CI has it (uncommitted edits included, results/ and .venv/ left out)."""
    return copy_tracked


SNAKEMAKE = Path(sys.executable).with_name("snakemake")


def _snakemake(directory: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`snakemake ARGUMENTS` in `directory` (this environment's Snakemake), output captured."""
    if not SNAKEMAKE.exists():
        pytest.skip(f"snakemake not found next to {sys.executable}")
    return subprocess.run(
        [str(SNAKEMAKE), *arguments], cwd=directory, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="session")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean checkout on which the whole workflow has run (results/ and Snakemake's records
    in .snakemake/), once per session: copy it with `copy_run` before changing anything."""
    directory = copy_tracked(tmp_path_factory.mktemp("finished") / "project")
    result = _snakemake(directory, "--cores", "2", "--quiet")
    assert result.returncode == 0, result.stderr[-3000:]
    return directory


@pytest.fixture(scope="session")
def run_snakemake() -> Callable[..., subprocess.CompletedProcess[str]]:
    """A function running `snakemake ARGUMENTS` in a folder, output captured."""
    return _snakemake


def _copy_run(finished: Path, target: Path) -> Path:
    shutil.copytree(finished, target, symlinks=True)
    return target


@pytest.fixture(scope="session")
def copy_run() -> Callable[[Path, Path], Path]:
    """A function copying a project folder with its results and Snakemake's records, file times
    kept (so that Snakemake sees the copy as up to date exactly when it saw the original so)."""
    return _copy_run
