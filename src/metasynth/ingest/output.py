"""Streaming table writers: rows in, Arrow batches out, to Parquet, CSV or memory.

A `TableStream` collects rows column by column and, every `chunk_rows` rows, turns them into
one Arrow record batch for each of its writers, so memory holds one chunk, not the table.
Parquet goes through `pyarrow.parquet.ParquetWriter` (one row group per chunk, zstd) and CSV
through pandas with the options of `metasynth.tables.write_table`; chunk boundaries depend only
on row counts, so the same input gives byte-identical files. The schema carries pandas
metadata, so `pandas.read_parquet` gives back `string`, `Int64` and `int64` columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Protocol

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from metasynth.errors import InputError

CHUNK_ROWS = 10_000


def schema_for(columns: Sequence[tuple[str, str]]) -> pa.Schema:
    """The Arrow schema (with pandas metadata) of columns given as (name, pandas dtype)."""
    frame = pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns})
    return pa.Schema.from_pandas(frame, preserve_index=False)


def empty_frame(columns: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """A table with no rows and the given columns and dtypes."""
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns})


class BatchWriter(Protocol):
    def write(self, batch: pa.RecordBatch) -> None: ...

    def close(self) -> None: ...


class ParquetOut:
    """Record batches appended to one Parquet file."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(path, schema, compression="zstd")

    def write(self, batch: pa.RecordBatch) -> None:
        self._writer.write_batch(batch)

    def close(self) -> None:
        self._writer.close()


class CsvOut:
    """Record batches appended to one CSV file, formatted like `tables.write_table`."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle: IO[str] = path.open("w", encoding="utf-8", newline="")
        self._schema = schema
        self._header = True

    def write(self, batch: pa.RecordBatch) -> None:
        frame = pa.Table.from_batches([batch], schema=self._schema).to_pandas()
        frame.to_csv(self._handle, index=False, header=self._header, lineterminator="\n")
        self._header = False

    def close(self) -> None:
        if self._header:  # no rows at all: still write the header
            frame = pa.Table.from_batches([], schema=self._schema).to_pandas()
            frame.to_csv(self._handle, index=False, lineterminator="\n")
        self._handle.close()


class MemoryOut:
    """Record batches kept in memory, for `to_pandas` (tests, small inputs)."""

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema
        self.batches: list[pa.RecordBatch] = []

    def write(self, batch: pa.RecordBatch) -> None:
        self.batches.append(batch)

    def close(self) -> None:
        pass

    def to_pandas(self) -> pd.DataFrame:
        return pa.Table.from_batches(self.batches, schema=self.schema).to_pandas()


def file_writer(path: str | Path, schema: pa.Schema) -> BatchWriter:
    """A Parquet or CSV writer chosen by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return ParquetOut(path, schema)
    if suffix == ".csv":
        return CsvOut(path, schema)
    raise InputError(
        f"cannot write a table with extension {suffix!r}", file=path, hint="use .csv or .parquet"
    )


class TableStream:
    """Rows appended column-wise and flushed every `chunk_rows` rows to every writer."""

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        writers: Sequence[BatchWriter],
        chunk_rows: int = CHUNK_ROWS,
    ) -> None:
        self.names = [name for name, _ in columns]
        self.schema = schema_for(columns)
        self.writers = list(writers)
        self.chunk_rows = chunk_rows
        self.columns: list[list[Any]] = [[] for _ in self.names]
        self.rows = 0  # rows waiting in the current chunk
        self.written = 0

    def add_record(self, record: dict[str, object]) -> None:
        """One row given as a mapping holding every column."""
        for values, name in zip(self.columns, self.names, strict=True):
            values.append(record[name])
        self.rows += 1
        if self.rows >= self.chunk_rows:
            self.flush()

    def add_columns(self, values: Sequence[Sequence[Any]]) -> None:
        """Several rows given column by column (all of the same length)."""
        n_rows = len(values[0])
        for target, source in zip(self.columns, values, strict=True):
            target.extend(source)
        self.rows += n_rows
        if self.rows >= self.chunk_rows:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        arrays = [
            pa.array(values, type=field.type)
            for values, field in zip(self.columns, self.schema, strict=True)
        ]
        batch = pa.RecordBatch.from_arrays(arrays, schema=self.schema)
        for writer in self.writers:
            writer.write(batch)
        self.written += self.rows
        self.columns = [[] for _ in self.names]
        self.rows = 0

    def close(self) -> None:
        self.flush()
        for writer in self.writers:
            writer.close()
