"""Streaming table writers: rows in, Arrow batches out, to Parquet, CSV or memory.

A `TableStream` collects rows column by column and, every `chunk_rows` rows, turns them into
one Arrow record batch for each of its writers, so memory holds one chunk, not the table.
Parquet goes through `pyarrow.parquet.ParquetWriter` (one row group per chunk, zstd) and CSV
through `metasynth.tables.csv_text` (as `write_table` writes it, a CR in a cell quoted); chunk
boundaries depend only on row counts, so the same input gives byte-identical files. The schema
carries pandas metadata, so `pandas.read_parquet` gives back `string`, `Int64` and `int64`
columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, Protocol

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from metasynth.errors import InputError, OutputError
from metasynth.files import AtomicFile
from metasynth.tables import csv_text

CHUNK_ROWS = 5_000


def schema_for(columns: Sequence[tuple[str, str]]) -> pa.Schema:
    """The Arrow schema (with pandas metadata) of columns given as (name, pandas dtype)."""
    frame = pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns})
    return pa.Schema.from_pandas(frame, preserve_index=False)


class BatchWriter(Protocol):
    def write(self, table: pa.Table) -> None: ...

    def close(self, *, keep: bool = True) -> None: ...


class ParquetOut:
    """Tables appended to one Parquet file, one row group each, written to a temporary file of
    its own and renamed when complete (`files.AtomicFile`)."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self._file = AtomicFile(path)
        try:
            self._writer = pq.ParquetWriter(str(self._file.temporary), schema, compression="zstd")
        except OSError as exc:
            self._file.discard()
            raise OutputError(path, exc) from None

    def write(self, table: pa.Table) -> None:
        try:
            self._writer.write_table(table, row_group_size=max(table.num_rows, 1))
        except OSError as exc:
            raise OutputError(self._file.path, exc) from None

    def close(self, *, keep: bool = True) -> None:
        self._file.finish(self._writer.close, keep=keep)


class CsvOut:
    """Tables appended to one CSV file, formatted like `tables.write_table`, written to a
    temporary file of its own and renamed when complete (`files.AtomicFile`)."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self._file = AtomicFile(path)
        self._handle: IO[str] = self._file.temporary.open("w", encoding="utf-8", newline="")
        self._schema = schema
        self._header = True

    def write(self, table: pa.Table) -> None:
        try:
            self._handle.write(csv_text(table.to_pandas(), header=self._header))
        except OSError as exc:
            raise OutputError(self._file.path, exc) from None
        self._header = False

    def close(self, *, keep: bool = True) -> None:
        def close_handle() -> None:
            if self._header and keep:  # no rows at all: still write the header
                frame = pa.Table.from_batches([], schema=self._schema).to_pandas()
                self._handle.write(csv_text(frame))
            self._handle.close()

        self._file.finish(close_handle, keep=keep)


class MemoryOut:
    """Tables kept in memory, for `to_pandas` (tests, small inputs)."""

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema
        self.batches: list[pa.RecordBatch] = []

    def write(self, table: pa.Table) -> None:
        self.batches.extend(table.to_batches())

    def close(self, *, keep: bool = True) -> None:
        if not keep:
            self.batches = []

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
    """Rows (one by one, or as Arrow batches) written every `chunk_rows` rows to every writer.

    Each write is one Parquet row group; where writes happen depends only on row counts, so
    the files are the same on every run.
    """

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
        self.rows = 0  # rows given one by one, not yet a batch
        self.pending: list[pa.RecordBatch] = []
        self.pending_rows = 0
        self.written = 0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-write")
        self._writing: Future[None] | None = None

    def add_record(self, record: dict[str, object]) -> None:
        """One row given as a mapping holding every column."""
        for values, name in zip(self.columns, self.names, strict=True):
            values.append(record[name])
        self.rows += 1
        if self.rows + self.pending_rows >= self.chunk_rows:
            self.flush()

    def add_columns(self, values: Sequence[Sequence[Any]]) -> None:
        """Several rows given column by column (all of the same length)."""
        n_rows = len(values[0])
        for target, source in zip(self.columns, values, strict=True):
            target.extend(source)
        self.rows += n_rows
        if self.rows + self.pending_rows >= self.chunk_rows:
            self.flush()

    def add_units(self, values: Sequence[Sequence[Any]], sizes: Sequence[int]) -> None:
        """Rows given column by column that were `add_columns` calls of `sizes` rows each (a
        record, a record's fields): the row groups those calls would have made, in one call
        (the gather of ingestion split by file, `metasynth.ingest.parts`)."""
        start = end = 0
        for size in sizes:
            end += size
            if self.rows + (end - start) + self.pending_rows >= self.chunk_rows:
                self._extend(values, start, end)
                self.flush()
                start = end
        if end > start:
            self._extend(values, start, end)

    def _extend(self, values: Sequence[Sequence[Any]], start: int, end: int) -> None:
        for target, source in zip(self.columns, values, strict=True):
            target.extend(source[start:end])
        self.rows += end - start

    def add_batch(self, batch: pa.RecordBatch) -> None:
        """Rows already in Arrow form (the columnar path), after the rows waiting."""
        self._batch_rows()
        self.pending.append(batch)
        self.pending_rows += batch.num_rows
        if self.pending_rows >= self.chunk_rows:
            self.flush()

    def _batch_rows(self) -> None:
        if not self.rows:
            return
        arrays = [
            pa.array(values, type=field.type)
            for values, field in zip(self.columns, self.schema, strict=True)
        ]
        self.pending.append(pa.RecordBatch.from_arrays(arrays, schema=self.schema))
        self.pending_rows += self.rows
        self.columns = [[] for _ in self.names]
        self.rows = 0

    def flush(self) -> None:
        self._batch_rows()
        if not self.pending_rows:
            return
        table = pa.Table.from_batches(self.pending, schema=self.schema)
        # Compressing and writing run on a second thread (pyarrow releases the GIL) while the
        # next chunk is read; one write at a time, in order, so files stay byte-identical.
        self._wait()
        self._writing = self._executor.submit(self._write, table)
        self.written += self.pending_rows
        self.pending = []
        self.pending_rows = 0

    def _write(self, table: pa.Table) -> None:
        for writer in self.writers:
            writer.write(table)

    def _wait(self) -> None:
        if self._writing is not None:
            self._writing.result()
            self._writing = None

    def close(self, *, keep: bool = True) -> None:
        """Write what is left and close the files; `keep=False` (a failed run) removes them."""
        try:
            if keep:
                self.flush()
            self._wait()
        except BaseException:
            keep = False
            raise
        finally:
            self._executor.shutdown(wait=True)
            for writer in self.writers:
                writer.close(keep=keep)
