"""Growth of ingestion, deduplication and the workflow up to the screening queue with the
number of records (issue 19: a million WOS records on one 2-core machine).

    .venv/bin/python benchmarks/bench_scale.py [--records 100000,300000,1000000]
        [--no-workflow | --workflow-only]

For each size a WOS plain-text export with 10% fuzzy duplicates is written with
`synthetic.write_benchmark_export` (kept under benchmarks/out/scale/ and reused while the size
and seed are the same; ~6 KB per record, so 1,000,000 records make ~6 GB). Then, each as the
user runs it and each measured as its own process tree:

- `metasynth ingest EXPORT --out records.parquet --fields --report --warnings` (the tables the
  workflow's ingest rule writes, less the CSV copy of the records);
- `metasynth dedup records.parquet --out-dir dedup` (default settings);
- `snakemake --cores 2 results/screening/queue.csv` in a review project that uses the workflow
  as a module (as `snakedeploy` deploys it) with the export as its only search and no decisions
  yet: ingest, dedup, eligibility, record states and the ranked screening queue.

Wall and CPU seconds (children included) and peak resident memory (the largest single process
of the tree, from `getrusage(RUSAGE_CHILDREN)` in a fresh measuring process) go to
benchmarks/out/scale/results.{json,md}, with the date, the machine and the load average before
and after each run: the machine is shared, and a wall time means little without the load it ran
under. A run replaces the rows of the sizes it measures and keeps the others, so one size can be
measured again on a quiet machine:

    nice -n 5 .venv/bin/python benchmarks/bench_scale.py --records 1000000 --no-workflow

(`--workflow-only` measures the workflow alone.) While the workflow runs, each of its jobs is
sampled for its wall seconds and peak resident memory, by rule (`JobSampler`).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out" / "scale"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tools"))  # the synthetic generator, a development tool

SEED = 20240101
STEP_ORDER = ("ingest", "dedup", "workflow to queue")
DUPLICATE_SHARE = 0.1
SAMPLE_S = 0.2
SCRIPTS = ".snakemake/scripts/tmp"  # where Snakemake writes a job's script, in the project

MODULE_SNAKEFILE = """\
configfile: "config/config.yaml"


module metasynth:
    snakefile:
        "{root}/Snakefile"
    config:
        config


use rule * from metasynth
"""


class JobSampler(threading.Thread):
    """Each Snakemake job's wall seconds and peak resident memory, by rule, while a workflow
    runs: a job runs its rule's script as `python .snakemake/scripts/tmpXXXX.<rule>.py` in the
    project `cwd`, so every `SAMPLE_S` the processes running such a script are listed with their
    high-water mark (VmHWM, which only grows: a peak is missed only in a job's last
    `SAMPLE_S`)."""

    def __init__(self, cwd: Path) -> None:
        super().__init__(daemon=True)
        self.cwd = str(cwd)
        self.jobs: dict[int, dict[str, Any]] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_S):
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    cmdline = (status.parent / "cmdline").read_bytes().decode().split("\0")
                    script = next((a for a in cmdline if SCRIPTS in a), None)
                    if script is None or str((status.parent / "cwd").readlink()) != self.cwd:
                        continue  # not a job of this workflow
                    fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines())
                except (OSError, ValueError):
                    continue  # ended while read
                if "VmHWM" not in fields:
                    continue
                now = time.perf_counter()
                job = self.jobs.setdefault(
                    int(status.parent.name),
                    {"rule": Path(script).name.split(".")[1], "first": now, "peak_kb": 0},
                )
                job["last"] = now
                job["peak_kb"] = max(job["peak_kb"], int(fields["VmHWM"].split()[0]))

    def by_rule(self) -> list[dict[str, Any]]:
        """Per rule (in the order the jobs started): wall seconds seen and peak MiB."""
        rules: dict[str, dict[str, Any]] = {}
        for job in sorted(self.jobs.values(), key=lambda job: job["first"]):
            row = rules.setdefault(
                job["rule"], {"rule": job["rule"], "wall_s": 0.0, "peak_rss_mib": 0.0}
            )
            row["wall_s"] += round(job["last"] - job["first"] + SAMPLE_S, 1)
            row["peak_rss_mib"] = max(row["peak_rss_mib"], round(job["peak_kb"] / 1024))
        return list(rules.values())


def measure(command: list[str], cwd: Path, *, per_job: bool = False) -> dict[str, Any]:
    """Run `command` in a fresh measuring process; its wall and CPU seconds and peak RSS (and
    with `per_job`, each Snakemake job's, by rule: `JobSampler`)."""
    runner = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "wall = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'returncode': done.returncode, 'wall_s': wall,\n"
        "    'cpu_s': usage.ru_utime + usage.ru_stime, 'peak_rss_mib': usage.ru_maxrss / 1024,\n"
        "    'stderr': done.stderr.decode(errors='replace')[-2000:]}))\n"
    )
    load = os.getloadavg()[0]
    sampler = JobSampler(cwd)
    if per_job:
        sampler.start()
    result = subprocess.run(
        [sys.executable, "-c", runner, *command], cwd=cwd, capture_output=True, text=True
    )
    sampler.done.set()
    numbers: dict[str, Any] = json.loads(result.stdout)
    if numbers["returncode"] != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{numbers['stderr']}")
    numbers.pop("stderr")
    after = os.getloadavg()[0]
    if per_job:
        sampler.join()
        numbers["jobs"] = sampler.by_rule()
    return {**numbers, "load_before": round(load, 2), "load_after": round(after, 2)}


def export_for(n_records: int) -> Path:
    """The generated export of `n_records` (written once, then reused)."""
    from synthetic.benchmark import write_benchmark_export

    path = OUT / f"wos_{n_records}_{SEED}" / "savedrecs.txt"
    if not path.is_file():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        write_benchmark_export(partial, n_records, seed=SEED, duplicate_share=DUPLICATE_SHARE)
        partial.rename(path)
        print(f"wrote {path} in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def review_project(export: Path, work: Path) -> Path:
    """A review project using the workflow as a module, the export its only search."""
    project = work / "review"
    shutil.rmtree(project, ignore_errors=True)
    (project / "workflow").mkdir(parents=True)
    (project / "workflow" / "Snakefile").write_text(MODULE_SNAKEFILE.format(root=ROOT))
    shutil.copytree(ROOT / "config", project / "config")
    raw = project / "data" / "raw" / "wos"
    raw.mkdir(parents=True)
    (raw / export.name).symlink_to(export)
    shutil.copytree(ROOT / "data" / "coded", project / "data" / "coded")
    # no verdicts and no decisions yet: a review that has just started
    (project / "data" / "dedup").mkdir()
    header = (ROOT / "data" / "dedup" / "verdicts.csv").read_text().splitlines()[0]
    (project / "data" / "dedup" / "verdicts.csv").write_text(header + "\n")
    (project / "data" / "screening").mkdir()
    return project


def run_size(n_records: int, with_workflow: bool, with_commands: bool) -> list[dict[str, Any]]:
    export = export_for(n_records)
    work = OUT / f"run_{n_records}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    metasynth = str(BIN / "metasynth")
    steps: list[tuple[str, list[str], Path]] = [
        ("ingest", [metasynth, "ingest", str(export), "--out", "records.parquet",
                    "--fields", "fields.parquet", "--report", "report.csv",
                    "--warnings", "warnings.csv", "-q"], work),
        ("dedup", [metasynth, "dedup", "records.parquet", "--out-dir", "dedup"], work),
    ]  # fmt: skip
    if not with_commands:
        steps = []
    if with_workflow:
        project = review_project(export, work)
        snakemake = [str(BIN / "snakemake"), "--cores", "2", "results/screening/queue.csv"]
        steps.append(("workflow to queue", snakemake, project))
    rows = []
    for step, command, cwd in steps:
        per_job = step == "workflow to queue"
        row = {"records": n_records, "step": step, **measure(command, cwd, per_job=per_job)}
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def markdown(rows: list[dict[str, Any]], machine: str) -> str:
    lines = [
        f"Last run: {machine}",
        "",
        "| records | step | wall s | CPU s | peak RSS MiB | load before, after | measured on |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['records']:,} | {row['step']} | {row['wall_s']:.1f} | {row['cpu_s']:.1f} "
            f"| {row['peak_rss_mib']:,.0f} | {row['load_before']:.1f}, "
            f"{row.get('load_after', float('nan')):.1f} "
            f"| {row.get('machine', machine)} |"
        )
    return "\n".join(lines + job_lines(rows)) + "\n"


def job_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The workflow's jobs by rule: wall seconds and peak MiB at each size measured."""
    runs = [row for row in rows if row.get("jobs")]
    if not runs:
        return []
    sizes = " | ".join(f"{row['records']:,}" for row in runs)
    lines = ["", "Jobs of the workflow to the queue: wall s (peak RSS MiB)", ""]
    lines += [f"| rule | {sizes} |", "|---|" + "---:|" * len(runs)]
    rules = dict.fromkeys(job["rule"] for row in runs for job in row["jobs"])
    for rule in rules:
        cells = []
        for row in runs:
            job = next((job for job in row["jobs"] if job["rule"] == rule), None)
            cells.append(
                "—" if job is None else f"{job['wall_s']:.0f} ({job['peak_rss_mib']:,.0f})"
            )
        lines.append(f"| {rule} | " + " | ".join(cells) + " |")
    return lines


def merged(rows: list[dict[str, Any]], machine: str) -> list[dict[str, Any]]:
    """Add `rows` to benchmarks/out/scale/results.json, replacing earlier rows of the same size
    and step (so one size can be measured again, on a quieter machine, without the others);
    each row keeps the machine and date it was measured on. Returns every row, by size."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "results.json"
    # two runs of different sizes may finish at once
    with (OUT / "results.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kept = json.loads(path.read_text())["rows"] if path.is_file() else []
        new = {(row["records"], row["step"]) for row in rows}
        stamped = [{**row, "machine": row.get("machine", machine)} for row in rows]
        every = [row for row in kept if (row["records"], row["step"]) not in new] + stamped
        every.sort(key=lambda row: (row["records"], STEP_ORDER.index(row["step"])))
        path.write_text(json.dumps({"rows": every}, indent=2) + "\n")
        (OUT / "results.md").write_text(markdown(every, machine))
    return every


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", default="100000,300000,1000000", help="comma-separated")
    steps = parser.add_mutually_exclusive_group()
    steps.add_argument("--no-workflow", action="store_true", help="ingest and dedup only")
    steps.add_argument(
        "--workflow-only", action="store_true", help="the workflow to the queue only"
    )
    args = parser.parse_args()
    machine = (
        f"{platform.node()}, {os.cpu_count()} CPUs, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}, {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC"
    )
    sizes = [int(n) for n in args.records.split(",")]
    rows: list[dict[str, Any]] = []
    for n_records in sizes:
        rows.extend(run_size(n_records, not args.no_workflow, not args.workflow_only))
        # after each size, so that a long run keeps what it measured so far
        rows_so_far = merged(rows, machine)
    table = markdown(rows_so_far, machine)
    (OUT / "results.md").write_text(table)
    print(table)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
