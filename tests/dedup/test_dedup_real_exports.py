"""Real Web of Science exports (../shared/fixtures/wos) through ingestion and deduplication."""

from __future__ import annotations

import pandas as pd
import pytest

from metasynth import text
from metasynth.dedup import deduplicate

ingest = pytest.importorskip("metasynth.ingest")

WOSFILE = ("wosfile_plaintext.txt", "wosfile_tab_win_utf8.txt", "wosfile_tab_win_utf16.txt")
EGOULDO = ("egouldo_tab_utf16_mac_cr.txt", "egouldo_isi_keys.bib")


@pytest.fixture(scope="module")
def wos_records(shared) -> pd.DataFrame:
    files = [shared / "wos" / name for name in (*WOSFILE, *EGOULDO)]
    records: pd.DataFrame = ingest.read_exports(files).records
    return records


def test_the_same_records_in_five_files_and_three_formats_collapse(wos_records):
    result = deduplicate(wos_records)
    summary = {(s, k): n for s, k, n in result.summary.itertuples(index=False)}
    assert (summary[("input", "entries")], summary[("input", "publications")]) == (170, 60)
    assert summary[("rule", "same_id")] == 110
    # every wosfile record is in its three files, every egouldo record in its two
    assert result.clusters["n_entries"].value_counts().to_dict() == {3: 50, 2: 10}


def test_nothing_else_is_merged_or_queued(wos_records):
    result = deduplicate(wos_records)
    assert set(result.clusters["rule"]) == {"primary"}
    assert result.review.empty


def test_a_scopus_style_copy_without_ut_finds_its_wos_twin(shared):
    """A student adds another database's export of the same papers: no UT, titles upper-cased."""
    wos = ingest.read_exports([shared / "wos" / WOSFILE[0]]).records
    other = wos.copy()
    other["record_id"] = [
        f"doi:{d}" if d else f"h:{text.stable_hash(t, y)}"
        for d, t, y in zip(wos["doi"], wos["title"], wos["year"].astype("string"), strict=True)
    ]
    other["ut"] = ""
    other["database"] = "Scopus"
    other["source_file"] = "scopus/export.ris"
    other["title"] = other["title"].str.upper()
    result = deduplicate(pd.concat([wos, other], ignore_index=True))
    clusters = result.clusters
    assert int(clusters["is_primary"].sum()) == 50
    joined = clusters.loc[~clusters["is_primary"], "rule"].value_counts().to_dict()
    assert joined == {"doi": int((wos["doi"] != "").sum()), "fuzzy": int((wos["doi"] == "").sum())}
    summary = {(s, k): n for s, k, n in result.summary.itertuples(index=False)}
    assert (
        summary[("database_identified", "Scopus")],
        summary[("database_identified", "WOS")],
    ) == (
        50,
        50,
    )
