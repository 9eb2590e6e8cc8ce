"""Outputs are written atomically: never half a file under the real name, never a temporary
file left behind, never two writers sharing one temporary file (issue 15, item 4)."""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from metasynth.ingest import ingest
from metasynth.ingest.output import file_writer, schema_for
from metasynth.tables import read_table, write_table


def _table(n_rows: int) -> pa.Table:
    schema = schema_for([("record_id", "string")])
    values = pa.array([f"WOS:{i:015d}" for i in range(n_rows)], type=pa.string())
    return pa.Table.from_arrays([values], schema=schema)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_two_writers_of_one_table_each_write_a_whole_file(tmp_path: Path, suffix: str) -> None:
    """Two `metasynth ingest --out same.parquet` at once: the file is one of the two whole
    tables (the last one finished), and neither run fails."""
    path = tmp_path / f"records{suffix}"
    schema = schema_for([("record_id", "string")])
    small, large = file_writer(path, schema), file_writer(path, schema)
    small.write(_table(50))
    large.write(_table(1_435))
    small.close()
    assert len(read_table(path)) == 50
    large.close()
    assert len(read_table(path)) == 1_435
    assert _leftovers(tmp_path) == []


def test_concurrent_ingest_runs_both_succeed_with_a_whole_file(
    tmp_path: Path, root: Path, metasynth: list[str]
) -> None:
    out = tmp_path / "same.parquet"
    sources = (root / "data" / "raw" / "wos_primary", root / "tests" / "ingest" / "data")
    runs = [
        subprocess.Popen(
            [*metasynth, "ingest", str(source), "--out", str(out), "--quiet"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for source in sources
    ]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    assert [status for status, _, _ in results] == [0, 0], results
    said = [
        int(text.split("read ")[1].split(" records")[0].replace(",", "")) for _, text, _ in results
    ]
    assert len(pd.read_parquet(out)) in said  # one run's whole table, as that run said
    assert _leftovers(tmp_path) == []


def _limit_file_size(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory, root: Path) -> Path:
    """The records table of one export of the default corpus (1,000 records)."""
    path = tmp_path_factory.mktemp("records") / "records.parquet"
    ingest([root / "data" / "raw" / "wos_primary" / "savedrecs.txt"], records_out=[path])
    return path


def test_dedup_past_a_file_size_limit_leaves_the_old_table_and_no_temporary(
    tmp_path: Path, records: Path, metasynth: list[str]
) -> None:
    out = tmp_path / "dedup"
    out.mkdir()
    old = "record_id\nkept from the last run\n"
    (out / "publications.csv").write_text(old, encoding="utf-8")
    done = subprocess.run(
        [*metasynth, "dedup", str(records), "--out-dir", str(out)],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        preexec_fn=lambda: _limit_file_size(64_000),
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"metasynth dedup: error: cannot write {out}/")
    assert first.endswith("size limit for files (ulimit -f, or the file system's) (EFBIG)")
    assert (out / "publications.csv").read_text(encoding="utf-8") == old
    assert _leftovers(out) == []


def test_a_killed_writers_temporary_is_removed_by_the_next_write(tmp_path: Path) -> None:
    """A run killed while writing leaves its temporary file; the next write of the same output
    removes it (its process is gone), but never the temporary of a writer still running."""
    path = tmp_path / "records.parquet"
    host = os.uname().nodename.split(".")[0]
    dead = tmp_path / f".records.parquet.{2**22 + 1}-{host}.k1ll3d.partial"  # above pid_max
    older = tmp_path / ".records.parquet.partial"  # the one name every run used before
    alive = tmp_path / f".records.parquet.{os.getpid()}-{host}.wr1t1n.partial"
    for temporary in (dead, older, alive):
        temporary.write_bytes(b"\0" * 1000)
    write_table(pd.DataFrame({"record_id": ["WOS:1"]}), path)
    assert _leftovers(tmp_path) == [alive.name]
    assert read_table(path)["record_id"].tolist() == ["WOS:1"]


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "table.parquet"
    write_table(pd.DataFrame({"a": ["before"]}), path)
    before = path.read_bytes()
    unwritable = pd.DataFrame({"a": [object()]})  # pyarrow cannot store a bare object
    with pytest.raises(pa.ArrowInvalid):
        write_table(unwritable, path)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_outputs_get_the_usual_permissions(tmp_path: Path) -> None:
    """The temporary file (created private) is given the mode a new file gets (umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    path = tmp_path / "table.csv"
    write_table(pd.DataFrame({"a": ["x"]}), path)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
