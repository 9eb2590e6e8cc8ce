"""`metasynth status`: where the review stands, from the last run and Snakemake's plan.

    metasynth status                 # in the project folder
    metasynth status --root ../my-review

Reads what the last run of the workflow wrote under results/ (the search runs and what each
added, publications per stage and the new ones of the latest review version, open conflicts, the
to-do lists of results/todo/, notices) and asks Snakemake (a dry run) what the next run would do:
"results are up to date" only when nothing, else each job and why, naming the inputs that changed
since the last run. Prints when the workflow last ran, whether it stopped half-way, and the next
step. Exit status 1 when something blocks — Snakemake cannot plan the run (its message), the
last run failed (the rule's error, from its log), conflicts are open — each listed with what to
do; 0 otherwise.

Notices of one kind (one per study of a list imported under the resolver, say) are shown as
their first one and how many more there are; `--notices` lists every notice of the last run,
one per line (it asks Snakemake nothing).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "status",
        help="where the review stands: the last run's counts and to-dos, what would run next",
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
    parser.add_argument(
        "--notices",
        action="store_true",
        help="list every notice of the last run, one per line (status shows many of one kind "
        "as the first and a count)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from metasynth.notices import format_notices
    from metasynth.status import format_status, read_notices, review_status

    if args.notices:
        print(format_notices(read_notices(args.root / args.results)), end="")
        return 0
    status = review_status(args.root, config_file=args.config, results=args.results)
    print(format_status(status), end="")
    return 1 if status.blocked else 0
