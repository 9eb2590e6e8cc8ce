"""`metasynth schema`: what every file of a review project holds, key by key.

    metasynth schema                               # the schemas, and the file each describes
    metasynth schema config                        # every config key: type, values, default
    metasynth schema config screening.reviewers    # one key (dotted; list items need no [])
    metasynth schema screening_decisions           # the columns of a decision file

These are the schemas the workflow and the `metasynth` commands validate with, printed from the
installed package (a project made by `metasynth init` has no copy of them).
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="every key of the config and of the project's files: type, values, default",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", nargs="?", default="", help="a schema (none: list them)")
    parser.add_argument("key", nargs="?", default="", help="a dotted key within it")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from metasynth.reference import render, schema_index

    if not args.name:
        index = schema_index()
        width = max(len(name) for name, _ in index)
        for name, title in index:
            print(f"{name:<{width}}  {title}")
        return 0
    print(render(args.name, args.key), end="")
    return 0
