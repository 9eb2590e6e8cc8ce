r"""`metasynth export`: publications for a reference manager — RIS, BibTeX or CSL-JSON.

    metasynth export included.ris                      # the included studies (default)
    metasynth export screened.bib --status awaiting_full_text --status included
    metasynth export review.json --status all

The format follows the file's extension (.ris, .bib, .json for CSL-JSON) or --format. Reads the
last workflow run: results/dedup/publications.parquet and results/screening/status.csv. Each
reference keeps its record_id (RIS `ID`/`AN`, BibTeX key and `unique-id`, CSL `id`), so that a
file coming back — from Zotero, EndNote, Covidence, or metasynth's own ingest — names the same
publication. docs/interop.md lists what each field holds. When results/ is older than the
review's inputs (Snakemake would rerun it: a decision written since the last run), it says so
first, on stderr, naming the files: the file written holds the last run's statuses.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="publications (the included ones by default) as RIS, BibTeX or CSL-JSON",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("out", type=Path, metavar="FILE", help="file to write (.ris, .bib, .json)")
    parser.add_argument(
        "--status",
        action="append",
        default=[],
        help="publications with this status (repeatable; `all` for every one; default: included)",
    )
    parser.add_argument("--format", choices=("ris", "bibtex", "csl-json"), help="file format")
    parser.add_argument(
        "--results", type=Path, default=Path("results"), help="results folder (default: results)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from metasynth.errors import InputError
    from metasynth.files import write_text
    from metasynth.interop.references import FORMATS, WRITERS, select
    from metasynth.run_outputs import read_output
    from metasynth.screen import STATUSES
    from metasynth.status import say_if_stale

    kind = args.format or FORMATS.get(args.out.suffix.lower())
    if kind is None:
        raise InputError(
            f"cannot tell the format from the extension {args.out.suffix!r}",
            element="FILE",
            hint="name the file .ris, .bib or .json, or give --format",
        )
    say_if_stale(args.results, ("dedup/publications.parquet", "screening/status.csv"))
    statuses = args.status or ["included"]
    if "all" in statuses:
        statuses = list(STATUSES)
    tables = {}
    for name, path in (
        ("publications", args.results / "dedup" / "publications.parquet"),
        ("status", args.results / "screening" / "status.csv"),
    ):
        if not path.exists():
            raise InputError(
                "file not found", file=path, hint="run the workflow first, or give --results"
            )
        required = ("record_id", "status") if name == "status" else ("record_id",)
        tables[name] = read_output(path, args.results, require=required)
    _refuse_partial_status(tables["publications"], tables["status"], args.results)
    chosen = select(tables["publications"], tables["status"], statuses)
    write_text(WRITERS[kind](chosen), args.out)
    print(f"wrote {len(chosen)} publication(s) ({', '.join(statuses)}) to {args.out} as {kind}")
    return 0


def _refuse_partial_status(publications: pd.DataFrame, status: pd.DataFrame, results: Path) -> None:
    """InputError when status.csv does not give every publication one known status: a file cut
    short (by a full disk, a sync) or from another run would leave publications out of the
    export without a word."""
    from metasynth.errors import InputError
    from metasynth.screen import STATUSES
    from metasynth.text import plural

    path = results / "screening" / "status.csv"
    unknown = status.index[~status["status"].isin(STATUSES)]
    if len(unknown):
        line = int(unknown[0]) + 2
        raise InputError(
            f"unknown status {status['status'].iloc[unknown[0]]!r} ({len(unknown)} row(s)): "
            "the file is damaged or cut short",
            file=path,
            line=line,
            hint="run the workflow again to write it anew",
        )
    missing = sorted(set(publications["record_id"].astype(str)) - set(status["record_id"]))
    if missing:
        raise InputError(
            f"{len(missing):,} of the {plural(len(publications), 'publication')} of "
            f"{results / 'dedup' / 'publications.parquet'} have no status here (the first: "
            f"{missing[0]}): the file is cut short or from another run",
            file=path,
            hint="run the workflow again to write it anew",
        )
