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

from metasynth.cli import main

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


@pytest.fixture
def dedup(tmp_path: Path, bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Write entries as an EndNote RIS export (`bench_dedup.write_endnote_ris`), run `metasynth
    ingest` and `metasynth dedup` on it; clusters indexed by label id (`cluster`: the label of
    the cluster's primary), the review queue, and "" (kept for the callers' unpacking)."""
    monkeypatch.chdir(tmp_path)  # a new review: the schema's settings, no verdicts

    def run(entries: list[Any]) -> tuple[pd.DataFrame, pd.DataFrame, str]:
        export, records, out = tmp_path / "export.ris", tmp_path / "records.csv", tmp_path / "d"
        line_of = bench.write_endnote_ris(entries, export)
        assert main(["ingest", str(export), "--out", str(records)]) == 0
        table = pd.read_csv(records, dtype=str, keep_default_na=False)
        label = {
            r: line_of[int(line)]
            for r, line in zip(table["record_id"], table["source_line"], strict=True)
        }
        assert main(["dedup", str(records), "--out-dir", str(out)]) == 0
        clusters = pd.read_csv(out / "clusters.csv", dtype=str, keep_default_na=False)
        clusters = clusters.assign(
            label=clusters["record_id"].map(label), cluster=clusters["cluster_id"].map(label)
        )
        review = pd.read_csv(out / "review.csv", dtype=str, keep_default_na=False)
        return clusters.set_index("label"), review, ""

    return run
