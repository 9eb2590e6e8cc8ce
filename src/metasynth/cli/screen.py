r"""`metasynth screen`: screen in the browser, or bring decisions made elsewhere back as rows.

    metasynth screen serve --reviewer R1 --stage title_abstract
    metasynth screen serve --reviewer R3 --stage full_text        # a resolver: open conflicts
    metasynth screen import-asreview asreview_dataset_all_review.csv --reviewer R2
    metasynth screen import-rayyan articles.csv --reviewer-map "Emily=R1" --date 2024-05-01
    metasynth screen import-covidence review_1234_included_csv_20240501.csv --reviewer R3 \
        --date 2024-05-01
    metasynth screen bulk --keep included_ids.txt --decision exclude --reason off_topic \
        --reviewer R1 --date 2024-05-01

`serve` starts the screening app on 127.0.0.1 (a free port; the address it prints carries a
per-run token) for one reviewer at one stage (title_abstract, retrieval, full_text): the records
awaiting them one at a time, ranked by the project's queue model and re-ranked as they decide,
each decision written at once as a row of data/screening/<stage>_<reviewer>.csv. It reads the
outputs of the last workflow run (results/dedup, results/screening/eligibility.csv). See
docs/screening-app.md.

The imports read their file, finds every row's publication (record_id, DOI, PubMed ID, title:
exact, then normalised; nothing guessed), checks each decision with the workflow's own rules,
prints one line per row — imported, skipped or unmatched, and why — and appends the decisions to
a decision file under the decisions folder (created if missing; rows already there are never
changed). A file with labels of which nothing could be imported is an error (exit 2).
docs/interop.md says which versions and files each command reads.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from metasynth.cli.imports import add_decision_options


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "screen",
        help="screen in the browser (serve), or import decisions from ASReview LAB, Rayyan, "
        "Covidence",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--config", default="config/config.yaml", help="config file")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    _add_imports(actions)
    _add_bulk(actions)
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


def _add_imports(actions: Any) -> None:
    """import-asreview, import-rayyan, import-covidence."""
    asreview = actions.add_parser(
        "import-asreview",
        help="title/abstract labels from an ASReview LAB 1.x-3.x dataset export",
        description="Turn the labels of an ASReview LAB dataset export (CSV, TSV or Excel; "
        "1.x, 2.x or 3.x) into title/abstract decisions of one reviewer. Labels that "
        "metasynth itself supplied as prior knowledge are not imported.",
    )
    asreview.add_argument("export", type=Path, help="dataset exported from ASReview LAB")
    add_decision_options(asreview, date_required=False)
    asreview.add_argument(
        "--dataset",
        type=Path,
        default=Path("results/screening/asreview.csv"),
        help="the file imported into ASReview LAB (1.x exports only: it numbers their rows; "
        "default: results/screening/asreview.csv)",
    )
    asreview.add_argument(
        "--asreview-user", help="import only this ASReview user's labels (3.x with accounts)"
    )
    asreview.set_defaults(run=run_asreview)

    rayyan = actions.add_parser(
        "import-rayyan",
        help="decisions from a Rayyan export (CSV, RIS or BibTeX; they are in its notes)",
        description="Turn the decisions of a Rayyan export (RAYYAN-INCLUSION in the notes) into "
        "decisions: Included/Excluded/Maybe → include/exclude/maybe, each Rayyan reviewer "
        "mapped to a metasynth reviewer, exclusion reasons mapped to configured reasons.",
    )
    rayyan.add_argument("export", type=Path, help="articles.csv (or .ris) exported from Rayyan")
    add_decision_options(rayyan, reviewer=False)
    rayyan.add_argument(
        "--reviewer",
        help="the metasynth reviewer of an export with one Rayyan reviewer",
    )
    rayyan.add_argument(
        "--reviewer-map",
        default="",
        help='Rayyan name → reviewer id, e.g. "Emily=R1,Bob=R2"',
    )
    _stage_and_reasons(rayyan)
    rayyan.set_defaults(run=run_rayyan)

    covidence = actions.add_parser(
        "import-covidence",
        help="decisions from Covidence's CSV or RIS export of a list (irrelevant, excluded, "
        "included)",
        description="Turn the studies of a Covidence list export into the decisions the list "
        "stands for: irrelevant → title/abstract exclude; excluded → include, retrieved, "
        "full-text exclude (with a reason); included → include, retrieved, full-text include.",
    )
    covidence.add_argument("export", type=Path, help="review_<id>_<list>_csv_<date>.csv")
    add_decision_options(covidence)
    covidence.add_argument(
        "--list",
        dest="covidence_list",
        choices=("irrelevant", "excluded", "included"),
        help="the list the file exports (default: what its name says)",
    )
    covidence.add_argument(
        "--reason", help="full-text reason code of every study of the excluded list"
    )
    covidence.add_argument(
        "--reason-map", default="", help='Covidence reason → reason code, "Wrong setting=off_topic"'
    )
    covidence.set_defaults(run=run_covidence)


def _add_bulk(actions: Any) -> None:
    bulk = actions.add_parser(
        "bulk",
        help="one decision for every open publication a list leaves out (--keep) or names (--only)",
        description="Give one reviewer's decision, on one date, to every publication still "
        "open at a stage in the last run (results/screening/status.csv) that a list does not "
        "name (--keep) or that it names (--only). The list: a text file with one record_id, "
        "DOI or title per line, or a CSV/Excel table with a record_id, doi, pmid or title "
        "column. With --keep, a list row that matches no publication stops it.",
    )
    which = bulk.add_mutually_exclusive_group(required=True)
    which.add_argument("--keep", type=Path, help="list of publications NOT to decide")
    which.add_argument("--only", type=Path, help="list of publications to decide")
    add_decision_options(bulk)
    bulk.add_argument(
        "--stage",
        default="title_abstract",
        choices=STAGE_CHOICES,
        help="the stage (default: title_abstract)",
    )
    bulk.add_argument(
        "--decision",
        required=True,
        choices=("include", "exclude", "maybe", "retrieved", "not_retrieved"),
        help="the decision given to each",
    )
    bulk.add_argument("--reason", default="", help="reason code (screening.reasons.<stage>)")
    bulk.add_argument("--note", default="", help="a note on every row")
    bulk.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=NAME",
        help="the list's column of record_id, doi, pmid or title when its name is another "
        "(repeatable), e.g. --column title=Paper",
    )
    bulk.set_defaults(run=run_bulk)


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


def _stage_and_reasons(parser: Any) -> None:
    parser.add_argument(
        "--stage",
        default="title_abstract",
        choices=("title_abstract", "full_text"),
        help="the stage the decisions belong to (default: title_abstract)",
    )
    parser.add_argument(
        "--reason-map",
        default="",
        help='exclusion reason in the file → reason code, e.g. "foreign language=not_english"',
    )


def _pairs(text: str, option: str) -> dict[str, str]:
    """ "a=b,c=d" as {"a": "b", "c": "d"}."""
    from metasynth.errors import InputError

    pairs = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, sep, value = part.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise InputError(
                f"{part!r} is not NAME=VALUE", element=option, hint=f'{option} "a=b,c=d"'
            )
        pairs[name.strip()] = value.strip()
    return pairs


def run_asreview(args: argparse.Namespace) -> int:
    from metasynth.cli.imports import check_reviewer_and_date, load_context
    from metasynth.interop.asreview import read_asreview

    context = load_context(args)
    check_reviewer_and_date(context.settings, args.reviewer, args.date)
    incoming, notices = read_asreview(
        args.export,
        reviewer=args.reviewer,
        date=args.date,
        dataset=args.dataset,
        asreview_user=args.asreview_user,
    )
    return _plan(args, incoming, context, "asreview", notices)


def _plan(args: argparse.Namespace, incoming: Any, context: Any, tool: str, notices: Any) -> int:
    from metasynth.cli.imports import decision_output, existing_decisions, finish
    from metasynth.interop.keyed import plan_decisions

    plan = plan_decisions(
        incoming,
        source_file=args.export.as_posix(),
        index=context.index,
        settings=context.settings,
        existing=existing_decisions(context),
    )
    return finish(
        plan,
        output=decision_output(args, context.settings, tool),
        args=args,
        notices=notices,
        what="decision(s)",
        folder=context.settings.decisions_dir,
    )


def run_rayyan(args: argparse.Namespace) -> int:
    from metasynth.cli.imports import check_reviewer_and_date, load_context
    from metasynth.interop.rayyan import read_rayyan, reviewer_map

    context = load_context(args)
    reviewers = reviewer_map(
        args.export, _pairs(args.reviewer_map, "--reviewer-map"), args.reviewer
    )
    for reviewer in sorted(set(reviewers.values())):
        check_reviewer_and_date(context.settings, reviewer, args.date, what="--reviewer-map")
    if args.reviewer is None:
        args.reviewer = "+".join(sorted(set(reviewers.values())))  # names the default output
    incoming, notices = read_rayyan(
        args.export,
        reviewers=reviewers,
        date=args.date,
        stage=args.stage,
        reasons=context.settings.reasons.get(args.stage, ()),
        reason_map=_pairs(args.reason_map, "--reason-map"),
    )
    return _plan(args, incoming, context, "rayyan", notices)


def run_covidence(args: argparse.Namespace) -> int:
    from metasynth.cli.imports import check_reviewer_and_date, load_context
    from metasynth.interop.covidence import read_covidence

    context = load_context(args)
    check_reviewer_and_date(context.settings, args.reviewer, args.date)
    incoming, notices = read_covidence(
        args.export,
        reviewer=args.reviewer,
        date=args.date,
        covidence_list=args.covidence_list,
        reasons=context.settings.reasons.get("full_text", ()),
        reason=args.reason,
        reason_map=_pairs(args.reason_map, "--reason-map"),
    )
    return _plan(args, incoming, context, "covidence", notices)


STAGE_DECISIONS = {
    "title_abstract": ("include", "exclude", "maybe"),
    "retrieval": ("retrieved", "not_retrieved"),
    "full_text": ("include", "exclude", "maybe"),
}
"""The decisions each stage takes (the decision schema's rule), for a message before any row."""


def _check_bulk_decision(settings: Any, stage: str, decision: str, reason: str | None) -> None:
    """Refuse, before any row is planned, a bulk decision every row would fail the same way: a
    decision the stage does not take, a missing reason the stage needs, an unknown reason."""
    from metasynth.errors import InputError

    if decision not in STAGE_DECISIONS[stage]:
        raise InputError(
            f"--decision {decision} is not a {stage} decision",
            hint=f"at {stage}: {', '.join(STAGE_DECISIONS[stage])} (or another --stage)",
        )
    codes = settings.reason_codes(stage)
    listed = ", ".join(codes) or "(none configured)"
    if not reason and (stage, decision) in settings.needs_reason:
        raise InputError(
            f"a {stage} {decision!r} needs a reason",
            hint=f"add --reason CODE, one of {listed} (screening.reasons.{stage})",
        )
    if reason and decision in ("include", "retrieved"):
        raise InputError(
            f"--reason on --decision {decision}: a reason says why a publication is excluded or "
            "not retrieved",
            hint="leave --reason out, or use --note for a remark",
        )
    if reason and reason not in codes:
        raise InputError(
            f"--reason {reason!r} is not a {stage} reason",
            hint=f"one of {listed} (screening.reasons.{stage} in config/config.yaml)",
        )


def run_bulk(args: argparse.Namespace) -> int:
    from metasynth.cli.import_sheet import given_columns
    from metasynth.cli.imports import check_reviewer_and_date, load_context
    from metasynth.errors import InputError
    from metasynth.interop.bulk import bulk_incoming, read_key_list
    from metasynth.run_outputs import read_output

    context = load_context(args)
    check_reviewer_and_date(context.settings, args.reviewer, args.date)
    _check_bulk_decision(context.settings, args.stage, args.decision, args.reason)
    status_file = args.results / "screening" / "status.csv"
    if not status_file.exists():
        raise InputError(
            "file not found: the bulk step decides what the last run left open",
            file=status_file,
            hint="run the workflow first (`snakemake --cores 2` in the project folder)",
        )
    list_file = args.keep if args.keep is not None else args.only
    listed, notices = read_key_list(list_file, context.index.members, given_columns(args.column))
    row = {
        "stage": args.stage,
        "reviewer": args.reviewer,
        "decision": args.decision,
        "reason": args.reason,
        "note": args.note,
        "date": args.date,
    }
    incoming, unmatched = bulk_incoming(
        listed,
        index=context.index,
        status=read_output(status_file, args.results, require=("record_id", "status")),
        mode="keep" if args.keep is not None else "only",
        decision_row=row,
        list_name=list_file.as_posix(),
    )
    # each row's source as printed: the list's own line, or, for a publication it leaves out,
    # the list it is not in
    args.export = Path(
        list_file.as_posix() if args.keep is None else f"{list_file.as_posix()} (not listed)"
    )
    return _plan(args, incoming, context, "bulk", [*notices, *unmatched])
