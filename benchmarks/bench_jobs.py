"""One job or many: ingestion and deduplication through the workflow, as single jobs and cut
into jobs (config `jobs`: a job per export and a gather; the candidate pairs scored in
partitions), to choose the default thresholds (docs/cluster.md).

    .venv/bin/python benchmarks/bench_jobs.py [--corpus default|100000] [--partitions 4]

`default` is the default corpus (data/raw: 4 exports, 1,435 records, 5.7 MB). `100000` is the
100,000-record export of benchmarks/bench_scale.py (written there once, seed 20240101) split
into 20 WOS batches of 5,000 records (`synthetic.split_export`, kept under
benchmarks/out/jobs/). For each way of cutting, a fresh review project using the workflow as a
module (as bench_scale.py makes it) runs `snakemake --cores 2 results/dedup/clusters.csv`,
then ingestion and deduplication are timed on their own (`--forcerun`) as the user runs them,
each as one process tree: wall and CPU seconds (children included) and the peak resident
memory of its largest process. Both ways must write the same bytes: the script compares the
ingest and dedup tables and stops if they differ. Results: benchmarks/out/jobs/results.{md,json}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench_scale import BIN, ROOT, export_for, measure, review_project

OUT = ROOT / "benchmarks" / "out" / "jobs"
TABLES = (
    "ingest/records.parquet",
    "ingest/records.csv",
    "ingest/fields.parquet",
    "ingest/report.csv",
    "ingest/warnings.csv",
    "dedup/clusters.csv",
    "dedup/review.csv",
    "dedup/publications.parquet",
    "dedup/summary.csv",
)


def exports_for(corpus: str) -> list[Path]:
    """The export files of the corpus."""
    if corpus == "default":
        from metasynth.ingest import discover_exports

        return discover_exports(ROOT / "data" / "raw")
    sys.path.insert(0, str(ROOT / "tools"))
    from synthetic.benchmark import split_export

    folder = OUT / f"split_{corpus}"
    if not (folder / "savedrecs.txt").is_file():
        split_export(export_for(int(corpus)), folder, records_per_file=5000)
    return sorted(folder.glob("savedrecs*.txt"))


def project_with(exports: list[Path], work: Path) -> Path:
    """A review project (bench_scale.review_project) whose raw folder holds every export (the
    default corpus: a copy of data/raw, its search manifest included)."""
    project = review_project(exports[0], work)
    raw = project / "data" / "raw"
    if exports[0].is_relative_to(ROOT / "data" / "raw"):
        shutil.rmtree(raw)
        shutil.copytree(ROOT / "data" / "raw", raw)
        return project
    for export in exports[1:]:
        (raw / "wos" / export.name).symlink_to(export)
    return project


def run_way(name: str, jobs: dict[str, int], exports: list[Path]) -> list[dict[str, Any]]:
    work = OUT / f"run_{name}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    project = project_with(exports, work)
    config = work / "jobs.yaml"
    config.write_text("jobs:\n" + "".join(f"  {k}: {v}\n" for k, v in jobs.items()))
    options = ["--cores", "2", "--configfile", str(config), "--quiet"]
    split = name == "split"
    steps = [
        ("ingest + dedup", ["results/dedup/clusters.csv"]),
        # every job of the step again: the parts or the partitions too, not only the last job
        ("ingest", ["results/ingest/records.parquet", "--forcerun", "ingest_exports"]
         + (["ingest_export"] if split else [])),
        ("dedup", ["results/dedup/clusters.csv", "--forcerun", "match_duplicates"]
         + (["score_candidate_pairs"] if split else [])),
    ]  # fmt: skip
    rows = []
    for step, target in steps:
        row = {
            "way": name,
            "step": step,
            **measure([str(BIN / "snakemake"), *target, *options], project),
        }
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def same_bytes(first: str, second: str) -> None:
    for table in TABLES:
        a = OUT / f"run_{first}" / "review" / "results" / table
        b = OUT / f"run_{second}" / "review" / "results" / table
        if a.read_bytes() != b.read_bytes():
            raise SystemExit(f"{table} differs between {first} and {second}")


def markdown(rows: list[dict[str, Any]], machine: str) -> str:
    lines = [
        f"Machine: {machine}",
        "",
        "| way | step | wall s | CPU s | peak RSS MiB | load before |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['way']} | {row['step']} | {row['wall_s']:.1f} | {row['cpu_s']:.1f} "
            f"| {row['peak_rss_mib']:,.0f} | {row['load_before']:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="default", help="default, or a number of records")
    parser.add_argument("--partitions", type=int, default=4)
    args = parser.parse_args()
    machine = (
        f"{platform.node()}, {os.cpu_count()} CPUs, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}, {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC"
    )
    exports = exports_for(args.corpus)
    single = {"ingest_per_file_above_mb": 1_000_000, "dedup_partitions_above_mb": 1_000_000}
    split = {
        "ingest_per_file_above_mb": 0,
        "dedup_partitions_above_mb": 0,
        "dedup_partitions": args.partitions,
    }
    rows = run_way("single", single, exports) + run_way("split", split, exports)
    same_bytes("single", "split")
    OUT.mkdir(parents=True, exist_ok=True)
    name = f"results_{args.corpus}"
    (OUT / f"{name}.json").write_text(json.dumps({"machine": machine, "rows": rows}, indent=2))
    table = markdown(rows, machine)
    (OUT / f"{name}.md").write_text(table)
    print(table)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
