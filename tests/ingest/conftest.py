"""Fixtures for the ingestion tests: the hand-made quirk files and the real WOS exports."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data() -> Path:
    """tests/ingest/data: small hand-made exports, one quirk each (see its README.md)."""
    return DATA


@pytest.fixture(scope="session")
def wos(shared: Path) -> Path:
    """../shared/fixtures/wos: real Web of Science exports (read-only)."""
    return shared / "wos"
