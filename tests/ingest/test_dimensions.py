"""The Dimensions CSV reader on real exports from app.dimensions.ai (2020): the University of
Michigan Covid-19 bibliometrics project published its exports in
morskyjezek/umich-covid19-bibliometrics @ 1d2c6d65 : source-data/. The repository has no licence
and each file carries Dimensions' notice against redistribution, so they are not copied here:
the tests read them from a copy of that repository ($DIMENSIONS_SAMPLES, a checkout or a git
directory, or the local mirror) and skip saying so without one."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from metasynth.ingest import read_exports

MIRROR = Path("/work/.mirror/morskyjezek+umich-covid19-bibliometrics/repo")
APRIL = "source-data/Dimensions-Publication-2020-04-29_23-36-00.csv"
SEPTEMBER = "source-data/Dimensions-Publication-2020-09-15_13-36-37-cleaned.csv"


def _sample(name: str, folder: Path) -> Path:
    """One export copied into `folder` from the repository's checkout or git directory."""
    given = os.environ.get("DIMENSIONS_SAMPLES")
    source = Path(given) if given else MIRROR
    target = folder / Path(name).name
    if (source / name).is_file():
        target.write_bytes((source / name).read_bytes())
        return target
    shown = subprocess.run(
        ["git", "-C", str(source), "show", f"HEAD:{name}"], capture_output=True, check=False
    )
    if not source.is_dir() or shown.returncode != 0:
        pytest.skip("no copy of morskyjezek/umich-covid19-bibliometrics: set DIMENSIONS_SAMPLES")
    target.write_bytes(shown.stdout)
    return target


def test_every_record_of_a_dimensions_export_is_read_past_its_preamble(tmp_path: Path) -> None:
    result = read_exports([_sample(APRIL, tmp_path)])
    assert result.report.loc[0, "source_format"] == "dimensions_csv"
    assert result.report.loc[0, "records_found"] == result.n_records == 114
    assert result.records is not None and result.warnings.empty
    assert result.records["record_id"].nunique() == 114
    first = result.records.iloc[0]
    assert (first["record_id"], first["source_line"]) == ("DIMENSIONS:pub.1126764007", 3)


def test_dimensions_columns(tmp_path: Path) -> None:
    records = read_exports([_sample(APRIL, tmp_path)]).records
    assert records is not None
    first = records.iloc[0]
    assert (first["database"], first["authors"], first["year"]) == (
        "Dimensions",
        "Mills, JP; Kaye, KS; Mody, L",
        2020,
    )
    assert (first["source_title"], first["doi"], first["pmid"]) == (
        "JCI Insight",
        "10.1172/jci.insight.139292",
        "32302293",
    )
    second = records.iloc[1]
    assert (second["volume"], second["issue"], second["times_cited"]) == ("146", "6", 14)
    assert second["countries"] == "United States; Singapore"
    assert records["doc_type"].value_counts().to_dict() == {
        "Article": 100,
        "Preprint": 11,
        "Chapter": 3,
    }


def test_the_full_data_export_brings_abstracts_and_pages(tmp_path: Path) -> None:
    result = read_exports([_sample(SEPTEMBER, tmp_path)])
    records, fields = result.records, result.fields
    assert records is not None and fields is not None
    assert result.n_records == 663 and (records["abstract"] != "").sum() == 456
    first = records.iloc[0]
    assert (first["source_title"], first["pages"]) == ("Democratic Theory", "104-109")
    assert {"Authors (Raw Affiliation)", "Acknowledgements", "GRID IDs"} <= set(fields["tag"])
