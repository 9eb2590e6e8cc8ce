"""Shared test fixtures: the project root and the real exports in ../shared/fixtures/."""

from __future__ import annotations

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
