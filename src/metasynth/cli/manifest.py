"""`metasynth manifest`: check that a run's outputs are the ones its manifest lists, or compare two
runs.

    metasynth manifest check [--manifest results/manifest.tsv] [--root .]
    metasynth manifest compare results/manifest.tsv published/manifest.tsv

`check` recomputes every listed file's checksum and names the files that are missing or changed
since the run wrote the manifest. `compare` names the files whose content differs between two
manifests (for example your re-run against the published one); the report's run date, the one
field allowed to differ, is ignored. Both exit with status 1 when they find a difference.
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
        print(f"{len(differences)} file(s) differ between {args.first} and {args.second}")
        return 1
    print(f"identical: every output of {args.first} matches {args.second} (run date aside)")
    return 0
