"""Shared table readers: files that are not what they should be give InputError, not tracebacks."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from metasynth.errors import InputError
from metasynth.manifest import read_manifest
from metasynth.synthesise import SynthesisSettings
from metasynth.synthesise.codebook import load_codebook
from metasynth.synthesise.sources import import_codes
from metasynth.tables import CSV_SLICE_ROWS, csv_text, read_table, write_table

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


def _codes(fmt: str) -> Callable[[Path], Any]:
    def read(path: Path) -> Any:
        spec = {"path": str(path), "format": fmt, "coder": "coder_1"}
        settings = SynthesisSettings.from_config({"coders": ["coder_1"], "sources": [spec]})
        return import_codes(settings.sources, settings)

    return read


READERS: dict[str, tuple[str, Callable[[Path], Any]]] = {
    "codes CSV": ("codes.csv", _codes("csv")),
    "REFI-QDA project": ("coding.qdpx", _codes("refiqda")),
    "REFI-QDA XML": ("coding.qde", _codes("refiqda")),
    "Taguette export": ("highlights.csv", _codes("taguette")),
    "codebook YAML": ("codebook.yaml", load_codebook),
    "codebook QDC": ("codebook.qdc", load_codebook),
    "result table": ("framework.csv", read_table),
}


class _Waited(BaseException):
    """Raised by the alarm; not an OSError, so no reader's `except OSError` swallows it."""


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail instead of waiting forever (a reader that opens a named pipe blocks)."""

    def fail(*_: Any) -> None:
        raise _Waited("the reader waited for a writer to the named pipe")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("reader", READERS)
def test_a_folder_named_like_an_input_is_refused(tmp_path: Path, reader: str) -> None:
    name, read = READERS[reader]
    (tmp_path / name).mkdir()
    with pytest.raises(InputError, match="is a folder, not a") as error:
        read(tmp_path / name)
    assert Path(str(error.value.file)).name == name


@pytest.mark.parametrize("reader", READERS)
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path, reader: str, no_hang) -> None:
    name, read = READERS[reader]
    os.mkfifo(tmp_path / name)
    with pytest.raises(InputError, match=r"is a named pipe \(FIFO\), not a file") as error:
        read(tmp_path / name)
    assert Path(str(error.value.file)).name == name


def test_a_table_longer_than_a_slice_is_written_as_one_csv_text(tmp_path: Path) -> None:
    # CSV is written CSV_SLICE_ROWS rows at a time; the file must not show where slices meet,
    # a bare CR in the last slice included (only that slice takes the quoting path)
    n_rows = CSV_SLICE_ROWS + 3
    frame = pd.DataFrame(
        {
            "record_id": [f"WOS:{i:015d}" for i in range(n_rows)],
            "score": [i / 7 for i in range(n_rows)],
            "abstract": ["plain, with a comma"] * (n_rows - 1) + ["line one\rline two"],
        }
    )
    path = tmp_path / "table.csv"
    write_table(frame, path)
    assert path.read_bytes() == csv_text(frame).encode("utf-8")
    assert path.read_bytes().count(b"record_id") == 1
    back = read_table(path)
    assert back["abstract"].iloc[-1] == "line one\rline two"
    assert len(back) == n_rows


def test_a_parquet_table_of_several_row_groups_is_read_in_one_piece(tmp_path: Path) -> None:
    """Taking rows of a column in pieces joins every piece first, each time: a million
    publications ranked a slice at a time spent 12 s per slice doing so (docs/benchmarks.md)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = pd.DataFrame(
        {"record_id": [f"r{i}" for i in range(10)], "year": pd.array(range(10), dtype="Int64")}
    )
    path = tmp_path / "publications.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=3)
    assert pq.ParquetFile(path).num_row_groups == 4
    read = read_table(path)
    assert read["record_id"].array.__arrow_array__().num_chunks == 1
    assert read["record_id"].tolist() == frame["record_id"].tolist()
    assert read["year"].tolist() == list(range(10))
