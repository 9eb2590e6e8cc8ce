"""The columnar reader of WOS plain text gives exactly what the general parser gives."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from metasynth.ingest import FIELD_COLUMNS, RECORD_COLUMNS, read_exports, sniff
from metasynth.ingest.base import FileLog
from metasynth.ingest.detect import TextSource
from metasynth.ingest.fast import PlainTextColumnar
from metasynth.ingest.output import schema_for
from synthetic import write_benchmark_export

from .test_plaintext_properties import RECORD, write_export


def assert_same(paths: list[Path]) -> None:
    fast = read_exports(paths, fast=True)
    general = read_exports(paths, fast=False)
    assert fast.records is not None and general.records is not None
    pd.testing.assert_frame_equal(fast.records, general.records)
    pd.testing.assert_frame_equal(fast.fields, general.fields)
    pd.testing.assert_frame_equal(fast.warnings, general.warnings)
    pd.testing.assert_frame_equal(fast.report, general.report)


def columnar(path: Path, chunk_bytes: int) -> PlainTextColumnar:
    reader = PlainTextColumnar(
        path.as_posix(),
        "",
        FileLog(path.as_posix()),
        schema_for(RECORD_COLUMNS),
        schema_for(FIELD_COLUMNS),
    )
    for _ in reader.items(TextSource(sniff(path), chunk_bytes=chunk_bytes)):
        pass
    return reader


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A realistic synthetic export (task B's generator): long CR lists, fuzzy duplicates."""
    path = tmp_path_factory.mktemp("synthetic") / "savedrecs.txt"
    write_benchmark_export(path, 400, seed=11, duplicate_share=0.1)
    return path


def test_same_tables_on_the_real_and_quirk_fixtures(wos: Path, data: Path) -> None:
    assert_same([wos, data])


def test_same_tables_on_a_synthetic_export(synthetic: Path) -> None:
    assert_same([synthetic])


def test_same_tables_with_crlf_line_ends(synthetic: Path, tmp_path: Path) -> None:
    crlf = tmp_path / "savedrecs_win.txt"
    crlf.write_bytes(synthetic.read_bytes().replace(b"\n", b"\r\n"))
    assert_same([crlf])
    assert read_exports([crlf]).report.loc[0, "line_ends"] == "CRLF"


def test_the_synthetic_export_is_read_column_wise(synthetic: Path) -> None:
    reader = columnar(synthetic, 1 << 20)
    assert reader.fast_chunks >= 1
    assert reader.general_chunks == 1  # the EF line after the last record


def test_quirky_chunks_go_to_the_general_path(data: Path) -> None:
    reader = columnar(data / "null_prefixed.txt", 1 << 20)
    assert reader.fast_chunks == 0
    assert reader.log.notices  # the general path reported the quirks


@pytest.mark.parametrize("chunk_bytes", [49999, 300007])
def test_block_size_does_not_change_the_tables(synthetic: Path, chunk_bytes: int) -> None:
    big = columnar(synthetic, 1 << 22)
    small = columnar(synthetic, chunk_bytes)
    assert small.log.records_found == big.log.records_found == 400
    assert small.log.notices == big.log.notices


@settings(max_examples=20, deadline=None)
@given(records=st.lists(RECORD, min_size=1, max_size=6), newline=st.sampled_from(["\n", "\r\n"]))
# counts of 16 to 19 digits: left empty with a warning by both paths (found by CI's draw)
@example(records=[("J", [("A0", [""]), ("NR", ["9223372036854775808"])])], newline="\n")
@example(records=[("J", [("A0", [""]), ("NR", ["223372036854775808"])])], newline="\n")
def test_random_records_give_the_same_tables(
    records: list[tuple[str, list[tuple[str, list[str]]]]], newline: str
) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "savedrecs.txt"
        write_export(
            path, records, header=True, footer=True, bom=True, newline=newline, blank_between=False
        )
        assert_same([path])


def test_end_tags_with_values_are_read_like_the_general_parser(tmp_path: Path) -> None:
    path = tmp_path / "savedrecs.txt"
    path.write_text(
        "FN x\nVR 1.0\nPT J\nTI One\nER trailing text\nPT J\nTI Two\nER\nEF\n",
        encoding="utf-8",
    )
    assert_same([path])


def test_a_record_in_two_languages_names_both_on_both_paths(tmp_path: Path) -> None:
    """WOS writes one language a line (`LA English` then `   Estonian`, as in a 2005 record of
    metaknowledge's ManyAuthors.isi test export): "English; Estonian" → "en; et", not the
    unknown "English Estonian"."""
    path = tmp_path / "savedrecs.txt"
    write_export(
        path,
        [
            ("J", [("TI", ["Parenting and risk"]), ("LA", ["English", "Estonian"])]),
            ("J", [("TI", ["Mentoring online"]), ("LA", ["English"])]),
        ],
        header=True,
        footer=True,
        bom=False,
        newline="\n",
        blank_between=True,
    )
    assert_same([path])
    records = read_exports([path]).records
    assert records is not None
    assert records[["language", "language_norm"]].values.tolist() == [
        ["English; Estonian", "en; et"],
        ["English", "en"],
    ]
