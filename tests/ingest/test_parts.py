"""Ingestion split by export file (`metasynth.ingest.parts`): each export read into a part,
the parts gathered into the ingest tables, the same bytes as one `ingest` over all the files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from metasynth.errors import InputError
from metasynth.ingest import expand_paths, ingest
from metasynth.ingest.parts import gather_parts, ingest_part, part_name

TABLES = ("records.parquet", "records.csv", "fields.parquet", "report.csv", "warnings.csv")


def outputs(folder: Path) -> dict[str, object]:
    return {
        "records_out": [folder / "records.parquet", folder / "records.csv"],
        "fields_out": folder / "fields.parquet",
        "report_out": folder / "report.csv",
        "warnings_out": folder / "warnings.csv",
    }


def single_and_gathered(raw: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The tables of one `ingest` of `raw` and of its parts gathered, in two folders."""
    files = expand_paths([raw])
    single, gathered = tmp_path / "single", tmp_path / "gathered"
    single.mkdir()
    gathered.mkdir()
    ingest(files, **outputs(single))  # type: ignore[arg-type]
    parts = [tmp_path / "parts" / part_name(path, raw) for path in files]
    for path, part in zip(files, parts, strict=True):
        ingest_part(path, part)
    gather_parts(parts, **outputs(gathered))  # type: ignore[arg-type]
    return single, gathered


def test_the_default_corpus_gathered_from_parts_is_the_same_bytes(root: Path, tmp_path: Path):
    single, gathered = single_and_gathered(root / "data" / "raw", tmp_path)
    for name in TABLES:
        assert (gathered / name).read_bytes() == (single / name).read_bytes(), name
    # 4 files, two formats; the fields table's row groups run across the files
    assert pd.read_csv(gathered / "report.csv")["records_written"].tolist() == [500, 500, 141, 294]
    assert pq.ParquetFile(gathered / "fields.parquet").metadata.num_row_groups == 2


def test_entries_without_ut_are_numbered_across_parts(data: Path, tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("no_ut.txt", "no_ut(1).txt", "zz_no_ut.txt"):
        shutil.copy(data / "no_ut.txt", raw / name)
    shutil.copy(data / "tab_2023_reordered.txt", raw / "tab.txt")
    shutil.copy(data / "scopus.ris", raw / "scopus.ris")
    single, gathered = single_and_gathered(raw, tmp_path)
    for name in TABLES:
        assert (gathered / name).read_bytes() == (single / name).read_bytes(), name
    records = pd.read_parquet(gathered / "records.parquet")
    second = records[records["source_file"] == (raw / "no_ut(1).txt").as_posix()]
    assert second["record_id"].tolist() == ["h:ad68a3efeca5a3c2-2", "h:8072be4e0a1c0900-2"]
    warnings = pd.read_csv(gathered / "warnings.csv")
    named = warnings[warnings["source_file"] == (raw / "zz_no_ut.txt").as_posix()]
    assert named["message"].str.contains("record_id h:ad68a3efeca5a3c2-3 made from").any()


def test_part_names_are_safe_and_distinct(tmp_path: Path):
    raw = tmp_path / "raw"
    assert part_name(raw / "wos" / "savedrecs(1).txt", raw) == "wos_savedrecs_1_.txt-0cfee91c"
    assert part_name(raw / "wos_savedrecs(1).txt", raw) != part_name(
        raw / "wos" / "savedrecs(1).txt", raw
    )


def test_a_bad_export_is_refused_by_its_part_as_by_one_ingest(tmp_path: Path):
    path = tmp_path / "savedrecs.txt"
    path.write_bytes(b"PT J\nAU x\n" + bytes(range(256)) * 4)
    with pytest.raises(InputError) as single:
        ingest([path])
    with pytest.raises(InputError) as part:
        ingest_part(path, tmp_path / "part")
    assert str(part.value) == str(single.value)
    assert (part.value.file, part.value.line) == (path.as_posix(), 3)
    assert not any((tmp_path / "part").iterdir())  # nothing half-written is left
