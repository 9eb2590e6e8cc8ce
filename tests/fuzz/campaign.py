"""A long fuzz campaign over every reader (`make fuzz`): N mutated real exports, counts printed.

    python tests/fuzz/campaign.py --cases 3000 [--seed 1] [--reader import]
    python tests/fuzz/campaign.py --projects [--only NAME]

`--projects` runs instead the held-out probe of whole review projects (`projects.py`): each
case a finished new review with one file damaged as shared folders, Git and spreadsheets damage
them, run again through `snakemake --cores 2` (about 15 s a case).

Each case is drawn from a seeded generator (the same seed gives the same cases) and judged by
`hostile.run_case`. Prints the number of inputs tried, per verdict, and every failing case with
the seed that rebuilds it; exits 1 when any case failed (a traceback, a silent loss or
inflation, a CSV that reads back to other rows, a refusal that does not name the file).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from hostile import DAMAGE, KEEPS, SOURCES, STORAGE, Source, Verdict, run_case


def draw(
    rng: random.Random, sources: tuple[Source, ...] = SOURCES
) -> tuple[Source, str | None, str, str, int]:
    """One case: a source, a keeping mutation (or none), a storage, a damage (or none), a seed."""
    keep = rng.choice([None, *KEEPS])
    damage = rng.choice(DAMAGE)
    storage = rng.choices(STORAGE, weights=(6, 2, 2))[0]
    return rng.choice(sources), keep, storage, damage, rng.randrange(2**32)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reader",
        default="",
        help="only the sources whose reader starts so (ingest, hand, codes, import, …)",
    )
    parser.add_argument("--projects", action="store_true", help="the held-out project probe")
    parser.add_argument(
        "--only",
        default="",
        help="with --projects: the cases whose names contain one of these (a,b,…)",
    )
    args = parser.parse_args(argv)
    if args.projects:
        return run_projects(args.only)
    sources = tuple(s for s in SOURCES if s.reader.startswith(args.reader))
    rng = random.Random(args.seed)
    tally: Counter[str] = Counter()
    failures: list[tuple[tuple[object, ...], Verdict]] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        for _ in range(args.cases):
            case = draw(rng, sources)
            verdict = run_case(*case, Path(work))
            tally[verdict.kind] += 1
            if verdict.failed:
                failures.append((case, verdict))
    for case, verdict in failures:
        source, keep, storage, damage, seed = case
        print(f"{verdict.kind}: {verdict.case} [{source} {keep} {storage} {damage} "
              f"seed={seed}]: {verdict.detail}")  # fmt: skip
    counts = ", ".join(f"{kind} {n:,}" for kind, n in sorted(tally.items()))
    print(
        f"fuzz: {args.cases:,} inputs from {len(sources)} real files in "
        f"{time.monotonic() - started:.0f} s: {counts}; "
        f"tracebacks {tally['traceback']}, silent losses {tally['silent loss']}, "
        f"silent inflations {tally['silent inflation']}"
    )
    return 1 if failures else 0


def run_projects(only: str) -> int:
    """Every case of `projects.CASES` (or those whose names contain one of the comma-separated
    `only`), one line each."""
    import projects

    tally: Counter[str] = Counter()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        for case in projects.CASES:
            if only and not any(name in case.name for name in only.split(",")):
                continue
            verdict = projects.run_case(case, Path(work))
            tally[verdict.kind] += 1
            print(f"{verdict.kind:9} {case.name}: {verdict.detail[:300]}", flush=True)
    counts = ", ".join(f"{kind} {n}" for kind, n in sorted(tally.items()))
    print(f"projects: {sum(tally.values())} cases in {time.monotonic() - started:.0f} s: {counts}")
    return 1 if tally["traceback"] + tally["silent"] + tally["unclear"] else 0


if __name__ == "__main__":
    sys.exit(main())
