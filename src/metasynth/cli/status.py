"""`metasynth status`: where the review stands, before (or after) running Snakemake.

    metasynth status                 # in the project folder
    metasynth status --root ../my-review

Reads the project's files the way a run would (the search manifest and exports, the verdicts,
decision, appraisal and coding files, the config; the deduplicated records from results/ when
they are up to date) and prints: the search runs and what each added, publications per stage
(and the new ones of the latest review version), open conflicts, the coding to-do, when the
workflow last ran and which inputs changed since, and the next step. Exit status 1 when
something blocks the next stage — an export no search run claims, an invalid file, a decision
for an unknown record, an open conflict — each listed with what to do; 0 otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "status",
        help="where the review stands: records per stage, conflicts, to-dos, last run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--root", type=Path, default=Path(), help="project folder (default: the current one)"
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("config/config.yaml"),
        help="config file, relative to the project folder (default: config/config.yaml)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=Path("results"),
        help="results folder, relative to the project folder (default: results)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from metasynth.status import format_status, review_status

    status = review_status(args.root, config_file=args.config, results=args.results)
    print(format_status(status), end="")
    return 1 if status.blocked else 0
