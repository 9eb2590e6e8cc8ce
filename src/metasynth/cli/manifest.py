"""`metasynth manifest`: check that a run's outputs are the ones its manifest lists, or compare two
runs.

    metasynth manifest check [--manifest results/manifest.tsv] [--root .]
    metasynth manifest compare results/manifest.tsv published/manifest.tsv

`check` recomputes every listed file's checksum and names the files that are missing or changed
since the run wrote the manifest. `compare` names the files whose content differs between two
manifests (for example your re-run against the published one); the report's run date, the one
field allowed to differ, is ignored. When each manifest still lies in its results folder
(`results/manifest.tsv` and a copy such as `results-before/manifest.tsv`), `compare` also says
which publications the two runs settle differently: publications per status in each run, and each
publication whose status or reason differs or that only one run has, read from each folder's
`screening/status.csv`. Both exit with status 1 when they find a difference.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "manifest",
        help="check outputs against results/manifest.tsv, or compare two runs' manifests",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = actions.add_parser("check", help="are the files on disk the ones the manifest lists?")
    check.add_argument("--manifest", type=Path, default=Path("results/manifest.tsv"))
    check.add_argument("--root", type=Path, default=Path(), help="folder the paths start from")
    compare = actions.add_parser("compare", help="which outputs differ between two manifests?")
    compare.add_argument("first", type=Path)
    compare.add_argument("second", type=Path)
    parser.set_defaults(run=run)


SHOWN = 50
"""Publications listed by `compare`; the others are counted."""


def _status_file(manifest: Path) -> Path:
    return manifest.parent / "screening" / "status.csv"


def print_status_changes(first: Path, second: Path) -> None:
    """The publications two runs settle differently, read from the status tables beside the two
    manifests; a line saying how to get them when one run's table is not there."""
    from metasynth.screen.changes import status_changes, status_counts
    from metasynth.tables import read_table

    files = [_status_file(first), _status_file(second)]
    missing = list(dict.fromkeys(str(file) for file in files if not file.exists()))
    if missing:
        print(
            f"publications: not compared ({', '.join(missing)} not found): keep a copy of the "
            "results folder before a run (`cp -r results results-before`) and compare "
            "results-before/manifest.tsv with results/manifest.tsv"
        )
        return
    tables = [read_table(file) for file in files]
    counts = status_counts(*tables)
    width = max(len("status"), *(len(status) for status in counts["status"]))
    print(f"publications per status ({files[0]} → {files[1]}):")
    for row in counts.itertuples(index=False):
        change = f"  ({row.second - row.first:+d})" if row.first != row.second else ""
        print(f"  {row.status:<{width}}  {row.first:>7,} → {row.second:>7,}{change}")
    changes = status_changes(*tables)
    print(f"{len(changes)} publication(s) settled differently or found by one run only:")
    for row in changes.head(SHOWN).itertuples(index=False):
        before, after = row.first or "(not in first)", row.second or "(not in second)"
        print(f"  {row.record_id}  {before} → {after}")
    if len(changes) > SHOWN:
        print(f"  … {len(changes) - SHOWN} more (compare the two status.csv files)")


def run(args: argparse.Namespace) -> int:
    from metasynth.manifest import check_manifest, compare_manifests, read_manifest

    if args.action == "check":
        manifest = read_manifest(args.manifest)
        problems = check_manifest(manifest, args.root)
        for row in problems.itertuples(index=False):
            print(f"{row.problem}\t{row.path}")
        print(f"{len(manifest) - len(problems)} of {len(manifest)} file(s) match {args.manifest}")
        return 1 if len(problems) else 0
    differences = compare_manifests(read_manifest(args.first), read_manifest(args.second))
    for row in differences.itertuples(index=False):
        where = (
            "only in second" if not row.first else "only in first" if not row.second else "differs"
        )
        print(f"{where}\t{row.path}")
    if len(differences):
        print_status_changes(args.first, args.second)
        print(f"{len(differences)} file(s) differ between {args.first} and {args.second}")
        return 1
    print(f"identical: every output of {args.first} matches {args.second} (run date aside)")
    return 0
