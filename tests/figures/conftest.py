"""Fixtures for the figure tests: real WOS records and the small synthesis of `data.py`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metasynth.ingest import read_exports

from . import long_labels
from .data import read_synthesis


@pytest.fixture(scope="session")
def wos_publications(shared: Path) -> pd.DataFrame:
    """The 50 real records of wosfile's plain-text export, as the publications table."""
    return read_exports([shared / "wos" / "wosfile_plaintext.txt"]).records


@pytest.fixture(scope="session")
def wos_status(wos_publications: pd.DataFrame) -> pd.DataFrame:
    """A status table that includes the four reviews of that export and excludes the rest."""
    reviews = wos_publications["doc_type"].astype(str).str.contains("Review")
    return pd.DataFrame(
        {
            "record_id": wos_publications["record_id"],
            "status": ["included" if r else "excluded_title_abstract" for r in reviews],
            "stage": "",
            "reason": "",
        }
    ).astype("string")


@pytest.fixture(scope="session")
def synthesis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """The synthesis tables of `data.py`, read back from CSV as the rules read them."""
    return read_synthesis(tmp_path_factory.mktemp("synthesis"))


@pytest.fixture(scope="session")
def long_synthesis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """The synthesis of `long_labels` (long, many and unbalanced labels) over 55 studies."""
    record_ids = [f"WOS:{i:015d}" for i in range(1, 56)]
    included = pd.DataFrame(
        {
            "record_id": record_ids,
            "title": [f"Study {i}" for i in range(1, 56)],
            "authors": [f"Author{i:02d}, A" for i in range(1, 56)],
            "year": [str(2000 + i % 24) for i in range(1, 56)],
        },
        dtype="string",
    )
    return read_synthesis(
        tmp_path_factory.mktemp("long-synthesis"),
        document=long_labels.codebook(),
        # a second coder double-codes the first twelve studies, for the coding-agreement figure
        codes=long_labels.codes(record_ids)
        + long_labels.codes(record_ids[:12], long_labels.SECOND_CODER),
        included=included,
    )
