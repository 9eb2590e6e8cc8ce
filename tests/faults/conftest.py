"""Fault injection for the tests of issue 15: real full disks and read-only folders.

`mounted` runs a command in a private mount namespace (`unshare --mount`) in which a small tmpfs
is mounted over a folder: `size` bytes (a disk that fills up: ENOSPC) or read-only (EROFS). The
mounts vanish with the command, so nothing leaks into the machine. Where mounting is not allowed
(no root, no unshare), the tests that need it skip with that reason.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from metasynth.tables import write_table

Mounted = Callable[..., subprocess.CompletedProcess[str]]

METASYNTH = Path(sys.executable).with_name("metasynth")


@cache
def _can_mount() -> str | None:
    """None when private tmpfs mounts work here, else why not."""
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c",
         "mount -t tmpfs -o size=4k tmpfs /mnt && umount /mnt"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if probe.returncode != 0:
        return f"cannot mount a private tmpfs here: {probe.stderr.strip()[-200:]}"
    return None


def _mounted(
    argv: Sequence[str],
    folder: Path,
    *,
    size: int | None = None,
    read_only: bool = False,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    why = _can_mount()
    if why is not None:
        pytest.skip(why)
    folder.mkdir(parents=True, exist_ok=True)
    options = ",".join([*(["ro"] if read_only else []), f"size={size or 65536}"])
    script = f'mount -t tmpfs -o {options} tmpfs {shlex.quote(str(folder))} && exec "$@"'
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", *argv],
        cwd=cwd, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture
def mounted() -> Mounted:
    """`mounted(argv, folder, size=…|read_only=True, cwd=…)`: run argv with a small tmpfs over
    `folder` (full after `size` bytes, or read-only)."""
    return _mounted


@pytest.fixture
def metasynth() -> list[str]:
    """The `metasynth` command of this environment."""
    if not METASYNTH.exists():
        pytest.skip(f"metasynth not installed next to {sys.executable}")
    return [str(METASYNTH)]


def asreview_review(folder: Path) -> list[str]:
    """Results of a last run with the records of the ASReview test dataset; their ids."""
    asreview = Path(__file__).resolve().parent.parent / "interop" / "data" / "asreview"
    dataset = pd.read_csv(asreview / "metasynth_asreview.csv", dtype=str, keep_default_na=False)
    records = dataset[["record_id", "title", "doi"]].astype("string")
    write_table(records, folder / "results" / "ingest" / "records.parquet")
    ids = records["record_id"].tolist()
    clusters = pd.DataFrame(
        {"cluster_id": ids, "record_id": ids, "is_primary": ["True"] * len(ids),
         "rule": ["primary"] * len(ids), "entries": [f"export:{i}" for i in range(len(ids))],
         "database": ["WOS"] * len(ids)}
    ).astype("string")  # fmt: skip
    write_table(clusters, folder / "results" / "dedup" / "clusters.csv")
    return list(ids)
