"""Helpers for the dedup tests: small in-memory records tables in the records-table contract,
and the labelled sets of ../shared/fixtures/dedup as records tables (benchmarks/bench_dedup.py)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

# The canonical columns of results/ingest/records.parquet (docs/data-contracts.md), in order.
RECORD_COLUMNS = [
    "record_id", "source_file", "source_format", "source_line", "database", "search_run", "ut",
    "doi", "pmid", "title", "authors", "year", "year_source", "early_access", "source_title",
    "volume", "issue", "pages", "doc_type", "language", "abstract", "author_keywords",
    "keywords_plus", "affiliations", "countries", "wos_categories", "times_cited",
    "times_cited_all", "cited_ref_count", "issn", "eissn", "publisher",
]  # fmt: skip
COUNT_COLUMNS = {"year", "times_cited", "times_cited_all", "cited_ref_count"}

MakeRecords = Callable[..., pd.DataFrame]


def records_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A records table with the contract's columns and dtypes; unspecified fields are empty.

    Each row needs a record_id; source_file defaults to "savedrecs.txt" and source_line to
    the row's position, so every entry has a distinct (file, line).
    """
    full = []
    for position, row in enumerate(rows):
        record = {c: "" for c in RECORD_COLUMNS}
        record.update({"source_file": "savedrecs.txt", "source_line": 1 + 40 * position})
        record.update({"database": "WOS", "source_format": "wos_plaintext", "year_source": "PY"})
        for column in COUNT_COLUMNS:
            record[column] = None
        record.update(row)
        full.append(record)
    frame = pd.DataFrame(full, columns=RECORD_COLUMNS)
    for column in RECORD_COLUMNS:
        if column in COUNT_COLUMNS:
            frame[column] = frame[column].astype("Int64")
        elif column == "source_line":
            frame[column] = frame[column].astype("int64")
        else:
            frame[column] = frame[column].fillna("").astype("string")
    return frame


@pytest.fixture
def make_records() -> MakeRecords:
    return records_frame


ARTICLE = {
    "title": "Electronic mentoring of novice nurses: a qualitative study of trust online",
    "authors": "Alvarez, M; Berg, K",
    "year": 2019,
    "source_title": "Journal of Nursing Education",
    "volume": "58",
    "issue": "4",
    "pages": "201-209",
    "doc_type": "Article",
    "issn": "0148-4834",
}
"""A typical journal article; tests derive duplicates and near-misses from it."""


@pytest.fixture
def article() -> dict[str, Any]:
    return dict(ARTICLE)


@pytest.fixture(scope="session")
def bench(shared: Path, root: Path) -> ModuleType:
    """benchmarks/bench_dedup.py: the labelled sets' adapters (`to_records`) and the scoring."""
    spec = importlib.util.spec_from_file_location(
        "bench_dedup", root / "benchmarks" / "bench_dedup.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_dedup"] = module
    spec.loader.exec_module(module)
    return module
