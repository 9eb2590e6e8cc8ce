"""Shared test fixtures: the project root, a clean checkout of it, and ../shared/fixtures/."""

from __future__ import annotations

import shutil
import subprocess
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
