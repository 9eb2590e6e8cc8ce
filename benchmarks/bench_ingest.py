"""Ingestion speed and memory, side by side with wosfile, on one generated WOS export.

    make bench-ingest                                   # sets up .venv-bench-wosfile, then runs
    .venv/bin/python benchmarks/bench_ingest.py [--records 100000] [--files 1,40] [--seed 1]

A realistic plain-text export (~6 KB per record, long cited-reference lists) is written with
`synthetic.write_benchmark_export` (kept under benchmarks/out/ and reused while the
record count and seed are the same) and split into WOS-style batches (`split_export`). Each
measurement runs in a fresh subprocess, which reports its own wall time, CPU time and peak
resident memory (`VmHWM`, interpreter and imports included):

- `lines`: merely reading the file's lines in Python (the floor the issue quotes);
- `wosfile`: `wosfile.records_from(...)` (its parsed records) → pandas DataFrame → Parquet,
  run in .venv-bench-wosfile (wosfile is never a dependency of the project);
- `wosfile-read`: the lighter `wosfile.read(...)` (raw tag → value dicts) → DataFrame → Parquet;
- `metasynth`: `metasynth.ingest.ingest(...)` → records.parquet (the same job);
- `metasynth-all`: every ingest output (records .parquet and .csv, fields.parquet, report,
  warnings), as the workflow rule writes them;
- `metasynth` on the same records split into several files, to show memory does not grow
  with the number of files.

Prints a table with records/s (wall clock) and the ratios to wosfile, and writes it with the
raw numbers to benchmarks/out/ingest/results.{json,md}. The machine is shared and busy at
times, so wall-clock figures vary; CPU seconds are printed too.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out" / "ingest"
sys.path.insert(0, str(ROOT / "tools"))  # the synthetic generator, a development tool
WOSFILE_PYTHON = ROOT / ".venv-bench-wosfile" / "bin" / "python"

# Each runner prints one JSON line: wall and CPU seconds, peak RSS in MiB, records read.
_MEASURE = """
import json, resource, sys, time
files = sys.argv[1:-1]
out = sys.argv[-1]
wall, cpu = time.perf_counter(), time.process_time()
"""
_REPORT = """
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
try:  # VmHWM: this program's peak (ru_maxrss would count the parent's pages before exec)
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall_s": wall, "cpu_s": cpu, "peak_rss_mib": peak, "records": n_records}))
"""
RUNNERS = {
    "lines": """
n_records = 0
for name in files:
    with open(name, encoding="utf-8-sig") as handle:
        for line in handle:
            if line.startswith("ER"):
                n_records += 1
""",
    "wosfile": """
import pandas as pd, wosfile
frame = pd.DataFrame(list(wosfile.records_from(files)))
frame.to_parquet(out)
n_records = len(frame)
""",
    "wosfile-read": """
import pandas as pd, wosfile
frame = pd.DataFrame(list(wosfile.read(files)))
frame.to_parquet(out)
n_records = len(frame)
""",
    "metasynth": """
from metasynth.ingest import ingest
result = ingest(files, records_out=[out])
n_records = result.n_records
""",
    "metasynth-all": """
from pathlib import Path
from metasynth.ingest import ingest
folder = Path(out).parent
result = ingest(
    files,
    records_out=[folder / "records.parquet", folder / "records.csv"],
    fields_out=folder / "fields.parquet",
    report_out=folder / "report.csv",
    warnings_out=folder / "warnings.csv",
)
n_records = result.n_records
""",
}


def measure(tool: str, files: list[Path], scratch: Path) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return its numbers."""
    python = WOSFILE_PYTHON if tool.startswith("wosfile") else Path(sys.executable)
    if not python.exists():
        raise SystemExit(f"{python} not found: run `make bench-ingest` once to set it up")
    scratch.mkdir(parents=True, exist_ok=True)
    code = _MEASURE + textwrap.dedent(RUNNERS[tool]) + _REPORT
    args = [str(python), "-c", code, *map(str, files), str(scratch / f"{tool}.parquet")]
    done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{tool} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(tool=tool, files=len(files), mib=sum(f.stat().st_size for f in files) / 2**20)
    return result


def export_for(n_records: int, seed: int) -> Path:
    """The generated export, reused while its record count and seed match."""
    from synthetic import write_benchmark_export

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"savedrecs_{n_records}_seed{seed}.txt"
    stamp = path.with_suffix(".json")
    wanted = {"n_records": n_records, "seed": seed}
    if path.exists() and stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return path
    print(f"generating {n_records:,} records (seed {seed}) …", file=sys.stderr)
    write_benchmark_export(path, n_records, seed=seed)
    stamp.write_text(json.dumps(wanted))
    return path


def split_for(path: Path, n_files: int, n_records: int) -> list[Path]:
    from metasynth.ingest import discover_exports
    from synthetic import split_export

    folder = OUT / f"{path.stem}_in_{n_files}"
    per_file = math.ceil(n_records / n_files)
    if not folder.exists():
        split_export(path, folder, records_per_file=per_file)
    return discover_exports(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--files", default="1,40", help="file counts to compare (default 1,40)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-wosfile-read", action="store_true", help="skip wosfile.read()")
    args = parser.parse_args(argv)

    export = export_for(args.records, args.seed)
    scratch = OUT / "scratch"
    runs: list[tuple[str, list[Path]]] = [
        ("lines", [export]),
        ("wosfile", [export]),
    ]
    if not args.no_wosfile_read:
        runs.append(("wosfile-read", [export]))
    runs += [("metasynth", [export]), ("metasynth-all", [export])]
    for n_files in (int(n) for n in args.files.split(",")):
        if n_files > 1:
            runs.append(("metasynth", split_for(export, n_files, args.records)))
    results = []
    for tool, files in runs:
        print(f"running {tool} on {len(files)} file(s) …", file=sys.stderr)
        results.append(measure(tool, files, scratch))

    for result in results:
        result["records_per_s"] = result["records"] / result["wall_s"]
    reference = next(r for r in results if r["tool"] == "wosfile")
    for result in results:
        result["throughput_vs_wosfile"] = result["records_per_s"] / reference["records_per_s"]
        result["cpu_vs_wosfile"] = reference["cpu_s"] / result["cpu_s"]
        result["memory_vs_wosfile"] = result["peak_rss_mib"] / reference["peak_rss_mib"]
    table = render(results, export, args)
    print(table)
    (OUT / "results.md").write_text(table + "\n", encoding="utf-8")
    meta = {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": _cpus(),
        "export": export.name,
        "results": results,
    }
    (OUT / "results.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return 0


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def render(results: list[dict[str, Any]], export: Path, args: argparse.Namespace) -> str:
    size = export.stat().st_size / 2**20
    lines = [
        f"Ingestion benchmark, {time.strftime('%Y-%m-%d')}: {args.records:,} records "
        f"({size:,.0f} MiB, seed {args.seed}), Python {platform.python_version()}, "
        f"{_cpus()} CPUs",
        "",
        "| run | files | records | wall s | CPU s | records/s | peak RSS MiB "
        "| throughput × wosfile | CPU × wosfile | memory ÷ wosfile |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['tool']} | {r['files']} | {r['records']:,} | {r['wall_s']:.2f} | "
            f"{r['cpu_s']:.2f} | {r['records_per_s']:,.0f} | {r['peak_rss_mib']:,.0f} | "
            f"{r['throughput_vs_wosfile']:.2f} | {r['cpu_vs_wosfile']:.2f} | "
            f"{r['memory_vs_wosfile']:.2f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
