"""Shared table readers: files that are not what they should be give InputError, not tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from metasynth.errors import InputError
from metasynth.manifest import read_manifest
from metasynth.screen.queue import import_asreview_labels
from metasynth.tables import read_table

PNG_START = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("records.csv", b"", r"records.csv:1: the file is empty; expected a CSV table"),
        ("records.csv", PNG_START, r"records.csv: not UTF-8 text \(invalid start byte at byte 0\)"),
        ("records.parquet", b"record_id\nWOS:1\n", r"records.parquet: not a readable Parquet file"),
    ],
)
def test_read_table_names_the_file_it_cannot_read(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as error:
        read_table(path)
    assert error.value.file == str(path)


def test_an_empty_manifest_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "manifest.tsv"
    path.write_bytes(b"")
    with pytest.raises(
        InputError, match=r"manifest.tsv:1: the file is empty; expected a metasynth"
    ):
        read_manifest(path)


def test_an_empty_asreview_export_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "asreview_export.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=r"asreview_export.csv:1: the file is empty; expected an"):
        import_asreview_labels(path, reviewer="R2", date="2024-05-01", known_record_ids=set())
