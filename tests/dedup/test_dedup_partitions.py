"""Deduplication and ingestion cut into jobs (config `jobs`), as a cluster runs them: the
labelled Rathbone 2015 stroke set as two EndNote RIS exports, run through the workflow once as
single jobs and once with a job per export and the candidate pairs scored in three partitions;
the outputs are the same bytes (slow: two Snakemake runs)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

SPLIT = (
    "jobs:\n  ingest_per_file_above_mb: 0\n  dedup_partitions_above_mb: 0\n  dedup_partitions: 3\n"
)
SINGLE = "jobs:\n  ingest_per_file_above_mb: 1000\n  dedup_partitions_above_mb: 1000\n"
OUTPUTS = (
    "ingest/records.parquet",
    "ingest/fields.parquet",
    "ingest/report.csv",
    "dedup/clusters.csv",
    "dedup/review.csv",
    "dedup/publications.parquet",
    "dedup/publications.csv",
    "dedup/summary.csv",
)


@pytest.mark.slow
def test_partitioned_dedup_gives_the_single_jobs_clusters(
    bench: ModuleType,
    clean_checkout: Callable[[Path], Path],
    run_snakemake: Callable[..., object],
    tmp_path: Path,
) -> None:
    project = clean_checkout(tmp_path / "project")
    shutil.rmtree(project / "data" / "raw")
    raw = project / "data" / "raw"
    raw.mkdir()
    entries = bench.labelled_set("rathbone2015/stroke").entries
    half = len(entries) // 2
    bench.write_endnote_ris(entries[:half], raw / "stroke_a.ris")
    bench.write_endnote_ris(entries[half:], raw / "stroke_b.ris")
    (project / "data" / "dedup" / "verdicts.csv").write_text(
        (project / "data" / "dedup" / "verdicts.csv").read_text().splitlines()[0] + "\n"
    )
    runs = {}
    for name, config in (("single", SINGLE), ("split", SPLIT)):
        (tmp_path / f"{name}.yaml").write_text(config)
        done = run_snakemake(
            project, "results/dedup/clusters.csv", "--cores", "2",
            "--configfile", str(tmp_path / f"{name}.yaml"),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]  # type: ignore[attr-defined]
        runs[name] = {path: (project / "results" / path).read_bytes() for path in OUTPUTS}
    for path in OUTPUTS:
        assert runs["split"][path] == runs["single"][path], path
    partitions = sorted((project / "results" / "dedup" / "partitions").iterdir())
    assert [p.name for p in partitions] == ["0.parquet", "1.parquet", "2.parquet"]
    assert [len(pd.read_parquet(p)) for p in partitions] == [166, 170, 175]
    parts = sorted(p.name for p in (project / "results" / "ingest" / "parts").iterdir())
    assert [name.rsplit("-", 1)[0] for name in parts] == ["stroke_a.ris", "stroke_b.ris"]
    clusters = pd.read_csv(project / "results" / "dedup" / "clusters.csv")
    assert (len(clusters), int(clusters["is_primary"].sum())) == (1292, 979)
