"""Speed and memory of the synthetic generators: the large benchmark export and the default corpus.

    make bench-generator
    .venv/bin/python benchmarks/bench_generator.py [--records 100000] [--duplicate-share 0.1]

Each measurement runs in a fresh subprocess, which reports its wall time, CPU time and peak
resident memory (`ru_maxrss`, interpreter and imports included):

- `export`: `write_benchmark_export(path, N, duplicate_share=...)`, the plain-text export the
  ingestion and deduplication benchmarks use (target: 100,000 records well under a minute,
  little memory — it streams, so memory must not grow with N);
- `export-small`: the same with N/10 records, to show that memory does not grow with N;
- `split`: `split_export` of the big file into WOS-style batches of 1,000 records;
- `corpus`: `generate(root)` — the default corpus and every input generated with it.

Prints a table and writes it to benchmarks/out/generator/results.md. The machine is shared and
busy at times, so wall-clock figures vary; CPU seconds are printed too.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out" / "generator"

_MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    sys.path.insert(0, sys.argv[3])  # tools/: the synthetic generator is not installed
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    job, args = sys.argv[1], json.loads(sys.argv[2])
    if job == "export":
        from synthetic import write_benchmark_export
        truth = write_benchmark_export(args["path"], args["n"], duplicate_share=args["share"])
        size = __import__("os").path.getsize(args["path"])
        detail = {"records": len(truth), "bytes": size,
                  "duplicates": int((truth["variations"] != "").sum())}
    elif job == "split":
        from synthetic import split_export
        files = split_export(args["path"], args["out"], 1000)
        detail = {"files": len(files)}
    else:
        from synthetic import generate
        detail = {"files": len(generate(args["root"]))}
    detail.update(
        wall=time.perf_counter() - start_wall,
        cpu=time.process_time() - start_cpu,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
    print(json.dumps(detail))
    """
)


def _run(job: str, **args: object) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, job, json.dumps(args), str(ROOT / "tools")],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--duplicate-share", type=float, default=0.1)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        small = Path(tmp) / "small.txt"
        n_small = max(1, args.records // 10)
        measures = [
            (
                "export",
                f"{args.records:,} records",
                _run("export", path=str(big), n=args.records, share=args.duplicate_share),
            ),
            (
                "export-small",
                f"{n_small:,} records",
                _run("export", path=str(small), n=n_small, share=args.duplicate_share),
            ),
            (
                "split",
                "into files of 1,000",
                _run("split", path=str(big), out=str(Path(tmp) / "s")),
            ),
            (
                "corpus",
                "default corpus + generated inputs",
                _run("corpus", root=str(Path(tmp) / "root")),
            ),
        ]
    for job, what, m in measures:
        extra = ""
        if "records" in m:
            extra = (
                f"{m['records'] / m['wall']:,.0f} records/s, {m['bytes'] / m['records']:,.0f} "
                f"bytes/record, {m['bytes'] / 1e6:,.0f} MB, {m['duplicates']:,} duplicates"
            )
        elif "files" in m:
            extra = f"{m['files']} files"
        rows.append(
            f"| {job} | {what} | {m['wall']:.1f} | {m['cpu']:.1f} | {m['peak_mb']:.0f} | {extra} |"
        )
    table = "\n".join(
        [
            f"Generator benchmark, {datetime.date.today().isoformat()}, "
            f"`benchmarks/bench_generator.py --records {args.records}`",
            "",
            "| job | size | wall s | CPU s | peak MB | |",
            "|---|---|---|---|---|---|",
            *rows,
        ]
    )
    print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.md").write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
