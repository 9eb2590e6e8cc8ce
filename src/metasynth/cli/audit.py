"""`metasynth audit QUERY`: a publication's whole history, from its export entries to its codes.

    metasynth audit WOS:000429757300002
    metasynth audit 10.1186/1476-072X-7-8            # a DOI (https://doi.org/… works too)
    metasynth audit "online GIS services for mapping"  # words of the title
    metasynth audit --framework technical            # an element of the framework


QUERY is a record_id (any record of a duplicate cluster: the publication is shown), a DOI, or
the title or words of it; when several publications match, they are listed and nothing is
guessed. Reads the outputs of the last workflow run (results/screening/audit.csv, status.csv,
results/dedup/clusters.csv and publications.parquet, results/ingest/records.parquet,
results/screening/reasons.csv for the reasons' labels and results/synthesis/codings.csv):
every export entry of the publication and its duplicates, the merge, the automatic rules, each
reviewer's decision with its file and line, resolutions, retrieval, appraisal, the outcome of
each stage, and every coding of it with its concept. When the project is in a git repository,
every commit that added, edited or removed a row naming the publication in the review's inputs
(the folders and files config/config.yaml names: exports, verdicts, decisions, appraisals, coding
sources; what a decision said before a reviewer changed it, who committed it and when), and the
changes not yet committed.

With --framework, QUERY is an element of the framework instead (a category, sub-category or
concept: its key, label or path of keys, `dimensions/technical`), traced down to every coding
it rests on: concept by concept, the studies, coders, codes, quotes and the file and line of
each coding (results/synthesis/framework.csv and codings.csv).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

HISTORY_TABLES = (
    "screening/audit.csv",
    "screening/status.csv",
    "screening/reasons.csv",
    "dedup/clusters.csv",
    "dedup/publications.parquet",
    "ingest/records.parquet",
    "synthesis/codings.csv",
)
"""The tables under results/ a publication's history is read from."""

FRAMEWORK_TABLES = ("synthesis/framework.csv", "synthesis/codings.csv")
"""The tables under results/ an element of the framework is traced in."""


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="print a publication's whole history (by record_id, DOI or title), codings included",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "query", metavar="QUERY", help="a record_id (any of its cluster), a DOI, or title words"
    )
    parser.add_argument(
        "--framework",
        action="store_true",
        help="QUERY names an element of the framework (category, sub-category or concept): "
        "list the codings it rests on",
    )
    parser.add_argument(
        "--results", type=Path, default=Path("results"), help="results folder (default: results)"
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("config/config.yaml"),
        help="config file naming the review's input folders, relative to the project folder "
        "(the results folder's parent; default: config/config.yaml)",
    )
    parser.set_defaults(run=run)


def _optional(path: Path, results: Path, columns: list[str] | None = None) -> Any:
    from metasynth.run_outputs import read_output

    if not path.exists():
        return None
    if path.suffix == ".parquet" and columns:
        return read_output(path, results, columns=columns).astype("string").fillna("")
    return read_output(path, results)


def _trace(args: argparse.Namespace) -> int:
    from metasynth.audit import find_framework_element, trace_framework
    from metasynth.errors import InputError
    from metasynth.run_outputs import read_output

    tables = {}
    for name in ("framework", "codings"):
        path = args.results / "synthesis" / f"{name}.csv"
        if not path.exists():
            raise InputError(
                "file not found",
                file=path,
                hint="run the workflow first (`snakemake --cores 2`, or `make run`)",
            )
        tables[name] = read_output(path, args.results)
    element = find_framework_element(args.query, tables["framework"])
    print(trace_framework(element, tables["codings"], tables["framework"]), end="")
    return 0


def _framework_hint(error: Exception, args: argparse.Namespace) -> Exception:
    """`error` (no publication, or several, match QUERY), saying so when QUERY names an element
    of the framework: `metasynth audit technical` finds titles with "technical" in them."""
    from metasynth.audit import find_framework_element
    from metasynth.errors import InputError
    from metasynth.tables import read_table

    path = args.results / "synthesis" / "framework.csv"
    if not isinstance(error, InputError) or not path.exists():
        return error
    try:
        element = find_framework_element(args.query, read_table(path))
    except InputError:
        return error
    level = "sub-category" if element["level"] == "subcategory" else element["level"]
    hint = f"{error.hint}; " if error.hint else ""
    return InputError(
        error.message,
        element=error.element,
        hint=f"{hint}{args.query.strip()!r} is also a {level} of the framework: `metasynth "
        f"audit --framework {args.query.strip()!r}` lists the codings it rests on",
    )


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from metasynth.audit import find_publication, format_codings
    from metasynth.changes import format_changes, input_paths
    from metasynth.errors import InputError
    from metasynth.run_outputs import read_output
    from metasynth.screen.history import format_history
    from metasynth.status import say_if_stale
    from metasynth.validation import load_yaml

    say_if_stale(args.results, FRAMEWORK_TABLES if args.framework else HISTORY_TABLES)
    if args.framework:
        return _trace(args)
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
    clusters = read_output(paths["clusters"], args.results, require=("cluster_id", "record_id"))
    publications = _optional(args.results / "dedup" / "publications.parquet", args.results)
    records = _optional(
        args.results / "ingest" / "records.parquet",
        args.results,
        ["record_id", "doi", "title", "year"],
    )
    if records is None:  # an older run: look the DOI and title up among the publications
        records = (
            publications
            if publications is not None
            else pd.DataFrame(columns=["record_id", "doi", "title", "year"])
        )
    try:
        publication = find_publication(args.query, clusters, records)
    except InputError as error:
        raise _framework_hint(error, args) from None
    text = format_history(
        publication,
        read_output(paths["audit"], args.results, require=("record_id", "stage", "event")),
        read_output(paths["status"], args.results, require=("record_id", "status", "stage")),
        clusters,
        publications,
        _optional(args.results / "screening" / "reasons.csv", args.results),
    )
    if publication != args.query.strip():
        text = f"{args.query.strip()!r} is publication {publication}\n" + text
    codings = _optional(args.results / "synthesis" / "codings.csv", args.results)
    members = clusters[clusters["cluster_id"].astype(str) == publication]
    record_ids = [*members["record_id"].astype(str)]
    if "former_id" in members:
        record_ids += [str(f) for f in members["former_id"].astype("string").fillna("") if f]
    root = args.results.resolve().parent
    config_file = root / args.config
    config = (load_yaml(config_file) or {}) if config_file.exists() else {}
    history = format_changes(root, record_ids or [publication], input_paths(config))
    print(text + format_codings(publication, codings) + history, end="")
    return 0
