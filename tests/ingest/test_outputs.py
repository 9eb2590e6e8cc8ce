"""The ingest tables as files: contract columns and dtypes, byte-identical reruns, streaming."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main
from metasynth.ingest import (
    DEFAULT_IGNORE,
    FIELD_COLUMNS,
    RECORD_COLUMNS,
    discover_exports,
    ingest,
    read_exports,
    sniff,
)
from metasynth.ingest.base import FileLog
from metasynth.ingest.detect import TextSource
from metasynth.ingest.plaintext import parse_plaintext
from metasynth.tables import write_table

OUTPUTS = ("records.parquet", "records.csv", "fields.parquet", "report.csv", "warnings.csv")


def run_all(sources: list[Path], out: Path, chunk_rows: int = 10_000) -> None:
    """Every output of the hand-made quirk files (data/real, the other databases' exports, is
    read by test_readers.py; data/resaved by test_resaved_tab.py) and the real WOS exports."""
    ingest(
        sources,
        ignore=(*DEFAULT_IGNORE, "real", "resaved"),
        records_out=[out / "records.parquet", out / "records.csv"],
        fields_out=out / "fields.parquet",
        report_out=out / "report.csv",
        warnings_out=out / "warnings.csv",
        chunk_rows=chunk_rows,
    )


def digests(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in OUTPUTS}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, data: Path, wos: Path) -> Path:
    out = tmp_path_factory.mktemp("ingest")
    run_all([data, wos], out)
    return out


def test_records_parquet_has_the_contract_columns_and_dtypes(written: Path) -> None:
    records = pd.read_parquet(written / "records.parquet")
    assert [(name, str(dtype)) for name, dtype in records.dtypes.items()] == list(RECORD_COLUMNS)
    assert len(records) == 204


def test_fields_parquet_has_the_contract_columns(written: Path) -> None:
    fields = pd.read_parquet(written / "fields.parquet")
    assert [(name, str(dtype)) for name, dtype in fields.dtypes.items()] == list(FIELD_COLUMNS)
    records = pd.read_parquet(written / "records.parquet")
    keys = set(zip(fields["source_file"], fields["source_line"], strict=True))
    assert keys == set(zip(records["source_file"], records["source_line"], strict=True))


def test_string_columns_hold_no_missing_values(written: Path) -> None:
    records = pd.read_parquet(written / "records.parquet")
    strings = [name for name, dtype in RECORD_COLUMNS if dtype == "string"]
    assert not records[strings].isna().any().any()


def test_csv_is_formatted_like_write_table(written: Path, tmp_path: Path) -> None:
    records = pd.read_parquet(written / "records.parquet")
    write_table(records, tmp_path / "again.csv")
    assert (tmp_path / "again.csv").read_bytes() == (written / "records.csv").read_bytes()


def test_a_second_run_writes_identical_bytes(
    written: Path, tmp_path: Path, data: Path, wos: Path
) -> None:
    run_all([data, wos], tmp_path)
    assert digests(tmp_path) == digests(written)


def test_report_and_warnings_files(written: Path) -> None:
    report = pd.read_csv(written / "report.csv")
    assert list(report.columns) == [
        "source_file",
        "source_format",
        "encoding",
        "bom",
        "line_ends",
        "records_found",
        "records_written",
        "n_warnings",
    ]
    assert (report["records_found"] == report["records_written"]).all()
    warnings = pd.read_csv(written / "warnings.csv")
    assert list(warnings.columns) == ["source_file", "line", "message"]
    assert len(warnings) == report["n_warnings"].sum() == 10


def test_small_chunks_give_the_same_tables(
    written: Path, tmp_path: Path, data: Path, wos: Path
) -> None:
    run_all([data, wos], tmp_path, chunk_rows=7)
    for name in ("records.parquet", "fields.parquet"):
        assert pd.read_parquet(tmp_path / name).equals(pd.read_parquet(written / name))
    assert (tmp_path / "records.csv").read_bytes() == (written / "records.csv").read_bytes()


@pytest.mark.parametrize("chunk_bytes", [17, 64, 1000, 4096])
def test_plaintext_parse_does_not_depend_on_read_block_size(wos: Path, chunk_bytes: int) -> None:
    path = wos / "wosfile_plaintext.txt"
    whole = list(parse_plaintext(TextSource(sniff(path)), FileLog("x")))
    log = FileLog("x")
    pieces = list(parse_plaintext(TextSource(sniff(path), chunk_bytes=chunk_bytes), log))
    assert pieces == whole
    assert log.notices == []


@pytest.mark.parametrize("name", ["egouldo_tab_utf16_mac_cr.txt", "wosfile_tab_win_utf16.txt"])
def test_utf16_and_cr_files_do_not_depend_on_read_block_size(wos: Path, name: str) -> None:
    path = wos / name
    whole = list(TextSource(sniff(path)).chunks())
    small = list(TextSource(sniff(path), chunk_bytes=33).chunks())
    assert "".join(small) == "".join(whole)
    assert all(chunk.endswith("\n") for chunk in small[:-1])


def test_search_runs_fill_the_search_run_column(data: Path) -> None:
    single = data / "single_record.txt"
    result = read_exports([single, data / "no_ut.txt"], search_runs={str(single): "wos-2024"})
    assert result.records is not None
    assert result.records["search_run"].tolist() == ["", "", "wos-2024"]


def test_discover_exports_orders_and_ignores(tmp_path: Path) -> None:
    for name in ("savedrecs(10).txt", "savedrecs(2).txt", "savedrecs.txt", "savedrecs(1).txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "scopus").mkdir()
    (tmp_path / "scopus" / "scopus.ris").write_text("x", encoding="utf-8")
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    (tmp_path / "searches.yaml").write_text("x", encoding="utf-8")
    (tmp_path / ".DS_Store").write_text("x", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "old.txt").write_text("x", encoding="utf-8")
    found = discover_exports(tmp_path, ["README*", "*.md", "searches.yaml", ".*", "drafts"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "savedrecs.txt",
        "savedrecs(1).txt",
        "savedrecs(2).txt",
        "savedrecs(10).txt",
        "scopus/scopus.ris",
    ]


def test_summary_line(data: Path) -> None:
    result = read_exports([data / "split", data / "wos_ris.ris"])
    assert result.summary() == (
        "read 6 records from 5 files (2 formats: ris, wos_plaintext), 0 warnings"
    )


def test_cli_writes_parquet_and_prints_summary_and_warnings(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "records.parquet"
    status = main(
        ["ingest", str(data / "malformed_tag.txt"), str(data / "split"), "--out", str(out)]
    )
    assert status == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == (
        "read 5 records from 5 files (1 format: wos_plaintext), 1 warning"
    )
    assert f"warning: {(data / 'malformed_tag.txt').as_posix()}:5: malformed tag line" in (
        captured.err
    )
    assert len(pd.read_parquet(out)) == 5


def test_cli_progress_bar_past_the_threshold(
    tmp_path: Path, wos: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "records.csv"
    status = main(["ingest", str(wos), "--out", str(out), "--progress-threshold", "0", "-q"])
    assert status == 0
    assert "records" in capsys.readouterr().err


def test_no_partial_files_remain_after_a_run(written: Path) -> None:
    assert sorted(p.name for p in written.iterdir()) == sorted(OUTPUTS)
