"""`metasynth ingest PATH… --out FILE`: search exports → records table, without Snakemake.

PATHs are export files or folders (searched recursively; README/Markdown/hidden files and
`searches.yaml` skipped). The records table goes to `--out` (CSV or Parquet by extension);
`--fields`, `--report` and `--warnings` write the other ingest tables. A progress bar appears on
stderr past a few thousand records; the command ends with a one-line summary and lists the
warnings (file:line: message). Bad input exits with status 2 and a message naming the file.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

MAX_WARNINGS_SHOWN = 20


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="read search exports (WOS, PubMed .nbib, Scopus/Embase CSV, Ovid, RIS, BibTeX) "
        "into one table",
        description="Read search exports into one records table: Web of Science (plain text, "
        "tab-delimited, BibTeX, RIS), PubMed (.nbib), Scopus, Embase, OpenAlex, Dimensions, "
        "IEEE Xplore, SpringerLink and Lens.org CSV, Ovid, Publish or Perish (Google Scholar) "
        "JSON, and "
        "RIS, BibTeX/BibLaTeX, EndNote tagged (.enw) or XML, or CSL JSON from any database or "
        "reference manager. The format of each file is read from its content, not its name "
        "(docs/ingest.md).",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="export files or folders")
    parser.add_argument(
        "--out", required=True, metavar="FILE", help="records table (.csv or .parquet)"
    )
    parser.add_argument("--fields", metavar="FILE", help="every original tag and value")
    parser.add_argument("--report", metavar="FILE", help="one row per file (.csv/.parquet)")
    parser.add_argument("--warnings", metavar="FILE", help="every warning with file and line")
    parser.add_argument(
        "--searches",
        metavar="YAML",
        help="search-run manifest (searches.yaml) giving each file's search_run",
    )
    parser.add_argument(
        "--progress-threshold",
        type=int,
        default=5000,
        metavar="N",
        help="show a progress bar past N records (default 5000)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from metasynth.ingest import expand_paths, ingest

    search_runs: dict[str, str] | None = None
    search_databases: dict[str, str] | None = None
    if args.searches:
        from metasynth.searches import assign_runs, load_searches

        manifest = Path(args.searches)
        runs = load_searches(manifest)
        search_runs = assign_runs(runs, expand_paths(args.paths), manifest.parent)
        declared = {run.id: run.database for run in runs}
        search_databases = {path: declared[run_id] for path, run_id in search_runs.items()}
    result = ingest(
        args.paths,
        records_out=[args.out],
        fields_out=args.fields,
        report_out=args.report,
        warnings_out=args.warnings,
        search_runs=search_runs,
        search_databases=search_databases,
        progress_threshold=args.progress_threshold,
    )
    if not args.quiet and len(result.warnings):
        shown = result.warnings.head(MAX_WARNINGS_SHOWN)
        for row in shown.itertuples(index=False):
            where = f"{row.source_file}:{row.line}" if row.line is not None else row.source_file
            print(f"warning: {where}: {row.message}", file=sys.stderr)
        hidden = len(result.warnings) - len(shown)
        if hidden:
            more = "see --warnings FILE" if not args.warnings else f"all in {args.warnings}"
            print(f"… and {hidden:,} more warnings ({more})", file=sys.stderr)
    print(result.summary())
    return 0
