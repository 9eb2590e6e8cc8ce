"""Run bib-dedupe on one CSV of records and write its clusters (a bench_dedup.py worker).

Runs inside `.venv-bench-bibdedupe` (bib-dedupe from PyPI, never a project dependency), so it
imports nothing from metasynth. Usage:

    .venv-bench-bibdedupe/bin/python benchmarks/bibdedupe_worker.py RECORDS.csv OUT.csv

RECORDS.csv has bib-dedupe's columns (ID, ENTRYTYPE, title, author, year, journal, ...).
OUT.csv gets `record_id,cluster_id` for every record, then the last line of stdout is a JSON
object with the seconds bib-dedupe's prep/block/match/cluster took (reading excluded).
"""

from __future__ import annotations

import json
import sys
import time

import pandas as pd
from bib_dedupe.bib_dedupe import block, cluster, match, prep


def main(records_path: str, out_path: str) -> None:
    records = pd.read_csv(records_path, dtype=str, keep_default_na=False)
    started = time.perf_counter()
    prepared = prep(records, verbosity_level=0, cpu=-1)
    pairs = block(prepared, verbosity_level=0, cpu=-1)
    matched = match(pairs, verbosity_level=0, cpu=-1)
    groups = cluster(matched, verbosity_level=0)
    seconds = time.perf_counter() - started
    cluster_of = {record_id: record_id for record_id in records["ID"]}
    for group in groups:
        head = min(group)
        for record_id in group:
            cluster_of[record_id] = head
    pd.DataFrame({"record_id": list(cluster_of), "cluster_id": list(cluster_of.values())}).to_csv(
        out_path, index=False
    )
    print(json.dumps({"seconds": seconds, "n_pairs": len(pairs)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
