"""Fixtures for the ingestion tests: the hand-made quirk files and the real WOS exports."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data() -> Path:
    """tests/ingest/data: small hand-made exports, one quirk each (see its README.md)."""
    return DATA


@pytest.fixture(scope="session")
def wos(shared: Path) -> Path:
    """../shared/fixtures/wos: real Web of Science exports (read-only)."""
    return shared / "wos"


def ingest_with_warnings(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`metasynth ingest PATH` as a user runs it: the records and the warnings it writes beside
    PATH, every cell as text."""
    out, warnings = path.with_suffix(".records.csv"), path.with_suffix(".warnings.csv")
    argv = ["ingest", str(path), "--out", str(out), "--warnings", str(warnings), "--quiet"]
    assert main(argv) == 0
    records, warned = (
        pd.read_csv(name, dtype=str, keep_default_na=False) for name in (out, warnings)
    )
    return records, warned
