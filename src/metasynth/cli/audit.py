"""`metasynth audit RECORD_ID`: the whole screening history of a publication, in the terminal.

    metasynth audit WOS:000429757300002
    metasynth audit doi:10.5555/em.2015.12        # a duplicate: shows its publication

Reads the outputs of the last workflow run (results/screening/audit.csv, status.csv,
results/dedup/clusters.csv and publications.parquet): every export entry of the publication
and its duplicates, the merge, the automatic rules, each reviewer's decision with its file and
line, resolutions, retrieval, appraisal and the outcome of each stage.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="print a publication's whole screening history (any record_id of it)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("record_id", metavar="RECORD_ID", help="a record_id (any of its cluster)")
    parser.add_argument(
        "--results", type=Path, default=Path("results"), help="results folder (default: results)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from metasynth.errors import InputError
    from metasynth.screen.history import format_history
    from metasynth.tables import read_table

    paths = {
        "audit": args.results / "screening" / "audit.csv",
        "status": args.results / "screening" / "status.csv",
        "clusters": args.results / "dedup" / "clusters.csv",
    }
    for path in paths.values():
        if not path.exists():
            raise InputError(
                "file not found",
                file=path,
                hint="run the workflow first (`snakemake --cores 2`, or `make run`)",
            )
    publications_path = args.results / "dedup" / "publications.parquet"
    publications = read_table(publications_path) if publications_path.exists() else None
    text = format_history(
        args.record_id,
        read_table(paths["audit"]),
        read_table(paths["status"]),
        read_table(paths["clusters"]),
        publications,
    )
    print(text, end="")
    return 0
