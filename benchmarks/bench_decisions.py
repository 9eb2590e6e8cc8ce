"""Reading and validating reviewers' decision files at scale (issue 15: 200,000 decision rows),
through the workflow's rule that reads them (`screen_publications`).

    .venv/bin/python benchmarks/bench_decisions.py [--rows 200000] [--records 120000]

A review project as benchmarks/bench_scale.py makes it (the workflow as a module, no decisions
yet), its only search a generated WOS export of `--records` records with 10% fuzzy duplicates
(written once under benchmarks/out/scale, seed 20240101), runs `snakemake --cores 2
results/screening/eligibility.csv` (ingestion, deduplication, eligibility: set-up, not
measured). Then the decision files a review of that size holds are written under
data/screening, as reviewers keep them: title/abstract by R1 (saved from Excel: "CSV UTF-8",
a byte-order mark and CRLF line ends) and R2 (LF) on every publication left after the automatic
rules, in order, until `--rows` rows are written; R3's resolutions of their conflicts (one in
20); and for the publications both include, retrieval (R1, the full text's place in the note)
and full-text decisions by R1 and R2 (a reason on every exclusion). Every row is valid: the run
measures reading, checking and settling them, not reporting errors.

Measured, as one process tree (`bench_scale.measure`: wall and CPU seconds, children
included, peak RSS): `snakemake --cores 1 results/screening/decisions.csv --forcerun
screen_publications`, with the job's own wall time from Snakemake's log. Results go to
benchmarks/out/decisions/results.{json,md} (with the load average before and after: the machine
is shared). To measure another checkout (main, before a change), run its copy of this script.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench_scale import BIN, ROOT, export_for, measure, review_project

OUT = ROOT / "benchmarks" / "out" / "decisions"
HEADER = ["record_id", "stage", "reviewer", "decision", "reason", "note", "date"]
TA_REASONS = ["not_mentoring", "not_e_mentoring", "not_empirical", "wrong_population"]
FT_REASONS = ["not_e_mentoring", "no_qualitative_findings", "insufficient_detail"]
START = date(2024, 2, 1)


def eligible_publications(project: Path) -> list[str]:
    """The publications left for screening after the automatic rules, in file order."""
    with (project / "results/screening/eligibility.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return [row["record_id"] for row in rows if row["eligible"] == "True"]


def decision_rows(publications: list[str], n_rows: int) -> dict[str, list[list[str]]]:
    """The rows of each decision file, `n_rows` in all (see the module docstring)."""
    files: dict[str, list[list[str]]] = {
        name: []
        for name in (
            "title_abstract_R1.csv",
            "title_abstract_R2.csv",
            "title_abstract_R3_resolutions.csv",
            "retrieval.csv",
            "full_text_R1.csv",
            "full_text_R2.csv",
        )
    }
    written = 0
    for index, publication in enumerate(publications):
        day = (START + timedelta(days=index % 200)).isoformat()
        later = (START + timedelta(days=200 + index % 100)).isoformat()
        first = "include" if index % 12 == 0 else "exclude"
        second = first if index % 20 else ("exclude" if first == "include" else "include")
        block: list[tuple[str, list[str]]] = [
            ("title_abstract_R1.csv", _ta(publication, "R1", first, index, day)),
            ("title_abstract_R2.csv", _ta(publication, "R2", second, index + 1, day)),
        ]
        settled = first
        if first != second:
            settled = "include" if index % 3 else "exclude"
            note = "settled at the consensus meeting, see minutes"
            reason = "" if settled == "include" else TA_REASONS[index % 4]
            block.append(
                (
                    "title_abstract_R3_resolutions.csv",
                    [publication, "title_abstract", "R3", settled, reason, note, later],
                )
            )
        if settled == "include":
            note = f"full text: pdfs/{publication.replace(':', '_')}.pdf"
            block.append(
                ("retrieval.csv", [publication, "retrieval", "R1", "retrieved", "", note, later])
            )
            for reviewer in ("R1", "R2"):
                ft = "include" if index % 5 == 0 else "exclude"
                reason = FT_REASONS[index % 3] if ft == "exclude" else ""
                row = [publication, "full_text", reviewer, ft, reason, "", later]
                block.append((f"full_text_{reviewer}.csv", row))
        # the last publication may stop half-way through its rows (a review in progress)
        for name, row in block[: n_rows - written]:
            files[name].append(row)
        written += min(len(block), n_rows - written)
        if written == n_rows:
            break
    if written < n_rows:
        raise SystemExit(f"only {written} rows: generate more records (--records)")
    return files


def _ta(publication: str, reviewer: str, decision: str, index: int, day: str) -> list[str]:
    reason = TA_REASONS[index % 4] if decision == "exclude" and index % 3 else ""
    note = "mentions tele-mentoring, but in passing" if index % 50 == 0 else ""
    return [publication, "title_abstract", reviewer, decision, reason, note, day]


def write_files(folder: Path, files: dict[str, list[list[str]]]) -> int:
    """Write the decision files (R1's title/abstract file as Excel saves CSV UTF-8)."""
    for name, rows in files.items():
        excel = name == "title_abstract_R1.csv"
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n" if excel else "\n")
        writer.writerows([HEADER, *rows])
        (folder / name).write_text(
            ("\ufeff" if excel else "") + buffer.getvalue(), encoding="utf-8", newline=""
        )
    return sum(len(rows) for rows in files.values())


def job_seconds(project: Path) -> float:
    """The screen_publications job's wall time, from Snakemake's latest log (start to finish)."""
    logs = sorted((project / ".snakemake" / "log").glob("*.snakemake.log"))
    stamps = re.findall(r"^\[(\w{3} \w{3} +\d+ [\d:]+ \d{4})\]", logs[-1].read_text(), re.M)
    times = [datetime.strptime(" ".join(s.split()), "%a %b %d %H:%M:%S %Y") for s in stamps]
    return (times[-1] - times[0]).total_seconds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000, help="decision rows in all")
    parser.add_argument("--records", type=int, default=120_000, help="records in the export")
    parser.add_argument("--label", default="", help="a label for this run (e.g. before/after)")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    project = review_project(export_for(args.records), OUT)
    setup = [str(BIN / "snakemake"), "--cores", "2", "results/screening/eligibility.csv"]
    subprocess.run(setup, cwd=project, check=True, capture_output=True)
    n_rows = write_files(
        project / "data" / "screening", decision_rows(eligible_publications(project), args.rows)
    )
    # the target before --forcerun, which would take it for one more rule to force
    target = "results/screening/decisions.csv"
    command = [str(BIN / "snakemake"), "--cores", "1", target, "--forcerun", "screen_publications"]
    numbers = measure(command, project)
    row: dict[str, Any] = {
        "label": args.label,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "decision_rows": n_rows,
        "job_wall_s": job_seconds(project),
        **{k: round(v, 1) if isinstance(v, float) else v for k, v in numbers.items()},
    }
    print(json.dumps(row), flush=True)
    results = OUT / "results.json"
    runs = json.loads(results.read_text()) if results.is_file() else []
    runs.append(row)
    results.write_text(json.dumps(runs, indent=1) + "\n")
    lines = [
        "| label | date | commit | rows | job wall s | wall s | CPU s | peak RSS MiB | load |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
        *(
            f"| {r['label']} | {r['date']} | {r['commit']} | {r['decision_rows']:,} | "
            f"{r['job_wall_s']:.0f} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | "
            f"{r['peak_rss_mib']:,.0f} | {r['load_before']}, {r['load_after']} |"
            for r in runs
        ),
    ]
    (OUT / "results.md").write_text("\n".join(lines) + "\n")
    print((OUT / "results.md").read_text())


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return done.stdout.strip()


if __name__ == "__main__":
    main()
