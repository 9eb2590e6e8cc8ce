r"""`metasynth screen`: screen in the browser, or bring ASReview LAB labels back as decision rows.

    metasynth screen serve --reviewer R1 --stage title_abstract
    metasynth screen serve --reviewer R3 --stage full_text        # a resolver: open conflicts
    metasynth screen import-asreview asreview_export.csv --reviewer R2 --date 2024-05-01 \
        --output data/screening/title_abstract_R2_asreview.csv

`serve` starts the screening app on 127.0.0.1 (a free port; the address it prints carries a
per-run token) for one reviewer at one stage (title_abstract, retrieval, full_text): the records
awaiting them one at a time, ranked by the project's queue model and re-ranked as they decide,
each decision written at once as a row of data/screening/<stage>_<reviewer>.csv. It reads the
outputs of the last workflow run (results/dedup, results/screening/eligibility.csv). See
docs/screening-app.md.

`import-asreview`: screen with ASReview LAB by importing results/screening/asreview.csv (written
by the rank_queue rule: every screened publication with its record_id, settled ones labelled as
prior knowledge), then export the project's dataset as CSV and import it here. Each labelled row
becomes a title_abstract decision of the named reviewer (1 → include, 0 → exclude). Nothing is
dropped silently: unlabelled rows and rows the reviewer had already decided elsewhere are listed
and not imported, and the output file is never overwritten.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "screen",
        help="screen in the browser (serve), or import ASReview LAB labels as decisions",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--config", default="config/config.yaml", help="config file")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    do_import = actions.add_parser(
        "import-asreview", help="turn an ASReview LAB export into decision rows"
    )
    do_import.add_argument("export", type=Path, help="CSV exported from ASReview LAB")
    do_import.add_argument("--reviewer", required=True, help="reviewer id (screening.reviewers)")
    do_import.add_argument("--date", required=True, help="date of the decisions, YYYY-MM-DD")
    do_import.add_argument("--output", "-o", type=Path, required=True, help="new decision file")
    do_import.add_argument(
        "--clusters",
        type=Path,
        default=Path("results/dedup/clusters.csv"),
        help="record_id → publication map (default: results/dedup/clusters.csv)",
    )
    do_import.set_defaults(run=run_import)
    do_serve = actions.add_parser(
        "serve",
        help="screen in the browser: a local app that writes the decision files",
        description="Start the screening app on 127.0.0.1 for one reviewer at one stage "
        "(docs/screening-app.md).",
    )
    do_serve.add_argument("--reviewer", required=True, help="reviewer id (screening.reviewers)")
    do_serve.add_argument(
        "--stage", required=True, choices=STAGE_CHOICES, help="the stage to screen"
    )
    do_serve.add_argument(
        "--results",
        type=Path,
        default=Path("results"),
        help="the workflow's results folder (default: results)",
    )
    do_serve.add_argument(
        "--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)"
    )
    do_serve.add_argument(
        "--no-browser", action="store_true", help="print the address without opening a browser"
    )
    do_serve.set_defaults(run=run_serve)


STAGE_CHOICES = ("title_abstract", "retrieval", "full_text")


def run_serve(args: argparse.Namespace) -> int:
    from metasynth.config import load_config
    from metasynth.errors import InputError
    from metasynth.screen.app.server import serve, start
    from metasynth.screen.settings import ScreeningSettings

    settings = ScreeningSettings.from_config(load_config(args.config)["screening"])
    if args.reviewer not in settings.reviewers:
        raise InputError(
            f"unknown reviewer {args.reviewer!r}",
            element="--reviewer",
            hint=f"use one of {', '.join(sorted(settings.reviewers))}, or add the reviewer "
            f"under screening.reviewers in {args.config}",
        )
    project, session, ranker = start(Path(args.config), args.results, args.reviewer, args.stage)
    try:
        serve(project, session, ranker, port=args.port, open_browser=not args.no_browser)
    finally:
        ranker.close()
    return 0


def run_import(args: argparse.Namespace) -> int:
    import datetime

    import pandas as pd

    from metasynth.config import load_config
    from metasynth.errors import InputError
    from metasynth.hand_files import hand_edited_files
    from metasynth.screen.decisions import (
        cluster_map,
        load_clusters,
        read_decision_files,
        validate_decisions,
    )
    from metasynth.screen.queue import import_asreview_labels
    from metasynth.screen.settings import ScreeningSettings
    from metasynth.tables import write_table

    settings = ScreeningSettings.from_config(load_config(args.config)["screening"])
    if args.reviewer not in settings.reviewers:
        raise InputError(
            f"unknown reviewer {args.reviewer!r}",
            element="--reviewer",
            hint=f"use one of {', '.join(sorted(settings.reviewers))}",
        )
    try:
        datetime.date.fromisoformat(args.date)
    except ValueError:
        raise InputError(
            f"{args.date!r} is not a date", element="--date", hint="YYYY-MM-DD"
        ) from None
    if args.output.exists():
        raise InputError(
            "the output file already exists; it is never overwritten",
            file=args.output,
            hint="choose a new file name under the decisions folder",
        )
    members = cluster_map(load_clusters(args.clusters))
    rows, report = import_asreview_labels(
        args.export, reviewer=args.reviewer, date=args.date, known_record_ids=set(members)
    )
    existing_files = hand_edited_files(settings.decisions_dir)  # what the workflow reads
    existing = validate_decisions(read_decision_files(existing_files), settings, members)
    already = {
        str(r["publication_id"]): f"{r['source_file']}:{r['source_line']}"
        for r in existing.to_dict("records")
        if r["reviewer"] == args.reviewer and r["stage"] == "title_abstract"
    }
    keep = []
    for row in rows.to_dict("records"):
        publication = members[str(row["record_id"])]
        if publication in already:
            report.append(
                f"{row['record_id']}: {args.reviewer} already decided it in "
                f"{already[publication]}; not imported"
            )
        else:
            keep.append(row)
    imported = pd.DataFrame(keep, columns=rows.columns).astype("string")
    write_table(imported, args.output)
    for line in report:
        print(line)
    print(
        f"imported {len(imported)} decision(s) of {args.reviewer} into {args.output}; "
        f"{len(report)} row(s) not imported (listed above)"
    )
    return 0
