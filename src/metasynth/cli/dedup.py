"""`metasynth dedup RECORDS --out-dir DIR [--verdicts FILE]`: deduplicate a records table.

RECORDS is a records table written by `metasynth ingest` (.parquet or .csv). DIR receives the
files of the `results/dedup` contract: clusters.csv, review.csv, publications.parquet (+ .csv)
and summary.csv. Verdicts come from FILE, or else from the config's `dedup.verdicts` when that
file exists. A progress bar (stderr) is shown above `dedup.progress_threshold` records; the
last line says what happened, e.g. `dedup: 1,460 records identified (1,301 distinct) -> 1,270
publications (190 duplicates removed), 4 pair(s) to review; wrote results/dedup`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

MAX_NOTICES = 30
"""Notices printed in full; more are counted (a supplement's DOI on many abstracts, …)."""


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "dedup",
        help="find duplicate records; write clusters, a review sheet and publications",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    parser.add_argument(
        "records", type=Path, metavar="RECORDS", help="records table (.parquet or .csv)"
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder for the dedup tables (created)",
    )
    parser.add_argument(
        "--verdicts",
        type=Path,
        default=None,
        metavar="FILE",
        help="reviewers' verdicts CSV (default: the config's dedup.verdicts, if it exists)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        metavar="FILE",
        help="configuration file (default: config/config.yaml if present, else the defaults)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from metasynth.config import DEFAULT_CONFIG, load_config
    from metasynth.dedup import STEPS, DedupSettings, deduplicate, read_verdicts, write_outputs
    from metasynth.tables import map_large_blocks, table_columns

    map_large_blocks()  # the records and their publications: gigabytes for a million

    config_path = args.config or (DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None)
    config: dict[str, Any] = load_config(config_path)["dedup"] if config_path else {}
    settings = DedupSettings.from_config(config)
    # deduplicate reads the columns matching uses first and the others when it builds the
    # publications: a million records' columns take two gigabytes
    records = table_columns(args.records)
    n_entries = len(records.read(["record_id"]))
    verdicts_path = args.verdicts
    if verdicts_path is None and Path(settings.verdicts).exists():
        verdicts_path = Path(settings.verdicts)
    verdicts = read_verdicts(verdicts_path) if verdicts_path is not None else None

    bar = tqdm(
        total=len(STEPS),
        desc="dedup",
        unit="step",
        file=sys.stderr,
        disable=n_entries <= settings.progress_threshold,
    )

    def progress(step: str) -> None:
        if bar.n or step != STEPS[0]:
            bar.update(1)
        bar.set_postfix_str(step)

    try:
        result = deduplicate(
            records,
            verdicts,
            config,
            records_file=str(args.records),
            verdicts_file=verdicts_path,
            progress=progress,
        )
    finally:
        bar.update(bar.total - bar.n)
        bar.close()
    write_outputs(result, args.out_dir)
    for notice in result.notices[:MAX_NOTICES]:
        print(f"metasynth dedup: {notice}", file=sys.stderr)
    if len(result.notices) > MAX_NOTICES:
        more = len(result.notices) - MAX_NOTICES
        print(
            f"metasynth dedup: … and {more} more notices like these (the workflow's log "
            "results/logs/match_duplicates.log lists every one)",
            file=sys.stderr,
        )
    source = f"; verdicts from {verdicts_path}" if verdicts_path is not None else ""
    print(f"dedup: {result.describe()}{source}; wrote {args.out_dir}")
    return 0
