"""A review folder for the import tests: the config, results of a run, and the `metasynth` command.

`project` is an empty folder made the working directory (decision files go to data/screening/
under it, as in a real review); `write_results` puts the records and clusters of a "last run"
under its results/ (each record its own publication unless told otherwise); `cli` runs the
`metasynth` command there and returns its exit status and output; `ingest_and_dedup` runs
`metasynth ingest` and `metasynth dedup` on exports there, as a user starts a review.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main
from metasynth.tables import write_table

DATA = Path(__file__).parent / "data"


@dataclass
class Run:
    status: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "review"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def write_results(project: Path) -> Callable[..., Path]:
    def write(records: pd.DataFrame, merged: dict[str, str] | None = None) -> Path:
        """records: record_id, title, doi (…); merged: record_id → the primary it joins."""
        results = project / "results"
        write_table(records.astype("string"), results / "ingest" / "records.parquet")
        merged = merged or {}
        ids = records["record_id"].astype(str).tolist()
        clusters = pd.DataFrame(
            {
                "cluster_id": [merged.get(r, r) for r in ids],
                "record_id": ids,
                "is_primary": [str(r not in merged) for r in ids],
                "rule": ["doi" if r in merged else "primary" for r in ids],
                "entries": [f"export:{i + 1}" for i in range(len(ids))],
                "database": ["WOS"] * len(ids),
            }
        )
        write_table(clusters.astype("string"), results / "dedup" / "clusters.csv")
        return results

    return write


@pytest.fixture
def cli(root: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    def run(argv: Sequence[str], *, config: bool = True) -> Run:
        args = list(argv)
        if config:
            args += ["--config", str(root / "config" / "config.yaml")]
        status = main(args)
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return run


@pytest.fixture
def ingest_and_dedup(project: Path, cli: Callable[..., Run]) -> Callable[..., Path]:
    def run(*exports: str | Path, options: Sequence[str] = ()) -> Path:
        """`metasynth ingest` of the exports (with `options`), then `metasynth dedup`, each
        asserted to succeed; the review's results/ folder."""
        records = "results/ingest/records.parquet"
        ingest = cli(["ingest", *map(str, exports), *options, "--out", records], config=False)
        assert ingest.status == 0, ingest.err
        dedup = cli(["dedup", records, "--out-dir", "results/dedup"])
        assert dedup.status == 0, dedup.err
        return project / "results"

    return run
