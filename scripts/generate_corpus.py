"""Write the synthetic default corpus (and the inputs generated with it) under a project root.

The authors' Web of Science export is not public, so the default run works on a seeded,
clearly labelled stand-in: the development tool `tools/synthetic/` (the package `synthetic`, not
part of the installed metasynth) builds it from the seed and writes `data/raw/` (the exports,
`searches.yaml`, `README.md`) plus the files later stages generate from the same ground truth.
Run from the project root: `python scripts/generate_corpus.py` (or `make corpus`). The default
seed is the one the committed files were made with.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))  # the generator is a development tool, not installed

from synthetic.corpus import DEFAULT_SEED, generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"random seed (default {DEFAULT_SEED}, the committed corpus)",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="project root to write under (default: this project)",
    )
    args = parser.parse_args(argv)
    written = generate(args.root, seed=args.seed)
    print(f"wrote {len(written)} files under {args.root} (seed {args.seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
