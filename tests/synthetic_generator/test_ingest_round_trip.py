"""The generated exports read back through the project's own ingestion with nothing lost."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from synthetic.corpus import RAW_DIR
from synthetic.publications import Corpus

ingest = pytest.importorskip("metasynth.ingest", reason="ingestion (task A) is not importable yet")


@pytest.fixture(scope="module")
def ingested(corpus_root: Path):  # type: ignore[no-untyped-def]
    raw = corpus_root / RAW_DIR
    return ingest.read_exports(ingest.discover_exports(raw, ingest.DEFAULT_IGNORE))


def test_every_record_is_read_back(ingested, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    records = ingested.records
    assert len(records) == len(corpus.entries())
    assert set(records["record_id"]) == {r.record_id for r in corpus.records()}


def test_titles_years_and_dois_survive_the_round_trip(ingested, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    for row in ingested.records.itertuples():
        record = corpus.record(row.record_id)
        assert row.title == record.fields["TI"]
        assert (None if pd.isna(row.year) else int(row.year)) == record.year
        assert row.doi == str(record.fields.get("DI", "")).lower()
        assert row.doc_type == record.doc_type


def test_ingestion_warns_about_nothing(ingested) -> None:  # type: ignore[no-untyped-def]
    report = ingested.report
    assert (report["records_found"] == report["records_written"]).all()
    assert int(report["n_warnings"].sum()) == 0
