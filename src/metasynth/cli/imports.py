"""What every `metasynth … import` command shares: options, the project's context, the report.

The commands (`screen import-asreview`, `import-rayyan`, `import-covidence`, `screen bulk`,
`import-sheet`) differ only in how they read their file into `Incoming` rows
(`metasynth.interop`); this module loads what the plan needs (the screening settings, the
records and clusters of the last run, every decision the workflow reads), prints one line per
row of the file — imported, skipped or unmatched, and why; past `LISTED_IMPORTS` imported rows
those are counted instead, and past `LISTED_PER_REASON` rows skipped for one reason those are
counted by reason (`--verbose` lists all, `--report` writes all) — appends the rows, and fails
when a file with labels gave nothing to import.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the heavy imports happen in the functions (metasynth --help stays fast)
    import pandas as pd

    from metasynth.interop.keyed import Plan
    from metasynth.interop.matching import PublicationIndex
    from metasynth.screen.settings import ScreeningSettings


def add_common_options(parser: Any, *, output_help: str) -> None:
    """--config, --results, --output, --report, --dry-run and --verbose."""
    # SUPPRESS: under `metasynth screen`, whose own --config is the default, not overwritten
    parser.add_argument(
        "--config", default=argparse.SUPPRESS, help="config file (default: config/config.yaml)"
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=Path("results"),
        help="results of the last workflow run: ingest/records.parquet and dedup/clusters.csv "
        "(default: results)",
    )
    parser.add_argument("--output", "-o", type=Path, help=output_help)
    parser.add_argument(
        "--report", type=Path, help="also write what became of each row to this CSV file"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would be imported; write nothing"
    )
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help=f"print every row; without it, more than {LISTED_PER_REASON} rows skipped for one "
        f"reason (or more than {LISTED_IMPORTS} imported) are counted on one line",
    )


def add_decision_options(parser: Any, *, date_required: bool = True, reviewer: bool = True) -> None:
    """The options of every decision import, besides the common ones."""
    add_common_options(
        parser,
        output_help="decision file the rows are appended to (created if missing; existing rows "
        "are never changed); default: <decisions folder>/<tool>_<reviewer>.csv",
    )
    if reviewer:
        parser.add_argument("--reviewer", required=True, help="reviewer id (screening.reviewers)")
    parser.add_argument(
        "--date",
        required=date_required,
        help="date of the decisions, YYYY-MM-DD"
        + ("" if date_required else " (default: the date each label was made, when known)"),
    )


@dataclass
class Context:
    """What an import checks its rows against."""

    config: dict[str, Any]
    settings: ScreeningSettings
    index: PublicationIndex


def load_context(args: argparse.Namespace) -> Context:
    """Config, screening settings and the publication index of the last workflow run."""
    from metasynth.config import load_config
    from metasynth.errors import InputError
    from metasynth.interop.matching import PublicationIndex
    from metasynth.screen.settings import ScreeningSettings

    config = load_config(getattr(args, "config", "config/config.yaml"))
    settings = ScreeningSettings.from_config(config["screening"])
    records = args.results / "ingest" / "records.parquet"
    clusters = args.results / "dedup" / "clusters.csv"
    for needed in (records, clusters):
        if not needed.exists():
            raise InputError(
                "file not found: an import finds publications in the results of the last "
                "workflow run",
                file=needed,
                hint="run the workflow first (`snakemake --cores 2` in the project folder), or "
                "point --results at its results",
            )
    from metasynth.searches import MANIFEST_NAME

    searches = Path(config["ingest"]["raw_dir"]) / MANIFEST_NAME
    return Context(config, settings, PublicationIndex.load(records, clusters, searches))


def check_reviewer_and_date(
    settings: ScreeningSettings, reviewer: str, date: str | None, *, what: str = "--reviewer"
) -> None:
    """A configured reviewer and, when given, a calendar date within the review's time: not
    after today nor before the searched years (`screen.decisions.date_range`), which the
    workflow would warn about in every row written with it."""
    import datetime

    from metasynth.errors import InputError
    from metasynth.screen.decisions import date_range

    if reviewer not in settings.reviewers:
        raise InputError(
            f"unknown reviewer {reviewer!r}",
            element=what,
            hint=f"use one of {', '.join(sorted(settings.reviewers)) or '(none configured)'}, "
            "or add the reviewer under screening.reviewers in the config",
        )
    if date is not None:
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            raise InputError(
                f"{date!r} is not a date", element="--date", hint="YYYY-MM-DD"
            ) from None
        dates = date_range(settings)
        if day > dates.latest or (dates.earliest is not None and day < dates.earliest):
            bound = (
                f"after today ({dates.latest.isoformat()})"
                if day > dates.latest
                else f"before the searched years begin ({dates.earliest})"
            )
            raise InputError(
                f"{date} is {bound}: every row written would carry that date",
                element="--date",
                hint="give the date the decisions were made (YYYY-MM-DD)",
            )


def existing_decisions(context: Context) -> pd.DataFrame:
    """Every decision the workflow reads now, validated (an invalid file stops the import)."""
    from metasynth.hand_files import hand_edited_files
    from metasynth.screen.decisions import load_decisions

    files = hand_edited_files(context.settings.decisions_dir)
    return load_decisions(files, context.settings, context.index.members)


def decision_output(args: argparse.Namespace, settings: ScreeningSettings, tool: str) -> Path:
    """--output, or <decisions folder>/<tool>_<reviewer>.csv."""
    if args.output is not None:
        return Path(args.output)
    return Path(settings.decisions_dir) / f"{tool}_{args.reviewer}.csv"


LISTED_IMPORTS = 50
"""Imported rows printed one per line up to this many; more are counted (a bulk step or a big
sheet would bury the rows that need attention). Unmatched rows, and imported rows with a
warning (an exclusion written without the reason its file gave), are always listed."""

LISTED_PER_REASON = 5
"""Skipped rows of one reason printed one per line up to this many; more (an export's unlabelled
rows, the prior knowledge metasynth supplied, a second import of one file) are one line with
their count and the first of them. --verbose or --report lists every row."""

_LINE_REFERENCE = re.compile(r"(?<=\.[A-Za-z]{3}):\d+|(?<=\.[A-Za-z]{4}):\d+")


def _said(outcome: str, dry_run: bool) -> str:
    """An outcome as printed: a dry run imports nothing, so its rows "would be imported"."""
    return f"would be {outcome}" if dry_run and outcome == "imported" else outcome


def skip_reason(detail: str) -> str:
    """What skipped rows have in common: the detail without the line it points at
    (`already decided it … in data/screening/asreview_R2.csv:7` → `… asreview_R2.csv`)."""
    return _LINE_REFERENCE.sub("", detail)


def _print_outcomes(plan: Plan, args: argparse.Namespace) -> None:
    """One line per row, except for many imported rows (counted by what was written) and many
    rows skipped for one reason (counted by reason), unless --verbose."""
    outcomes, dry_run = plan.outcomes, args.dry_run
    if getattr(args, "verbose", False):
        _print_rows(outcomes, dry_run)
        return
    imported = outcomes["outcome"] == "imported"
    reasons = outcomes["detail"].map(skip_reason).where(outcomes["outcome"] == "skipped", "")
    sizes = reasons[reasons != ""].value_counts()
    common = reasons.isin(sizes[sizes > LISTED_PER_REASON].index)
    many_imported = int(imported.sum()) > LISTED_IMPORTS
    warned = outcomes.index.isin(outcomes.index[sorted(plan.warned)])
    counted = imported & ~warned & many_imported
    _print_rows(outcomes[~common & ~counted], dry_run)
    if many_imported:
        groups = outcomes[counted].groupby(["written", "matched_by"], sort=True).size()
        for (written, matched_by), n in groups.items():
            how = f" (by {matched_by})" if matched_by else ""
            print(f"{n:,} row(s) {_said('imported', dry_run)} {written}{how}")
    for reason, n in sorted(sizes[sizes > LISTED_PER_REASON].items(), key=lambda r: (-r[1], r[0])):
        first = outcomes[reasons == reason].iloc[0]
        print(
            f"{n:,} row(s) skipped: {reason} (the first: {first['source_file']}:"
            f"{first['source_line']} {first['record_id'] or first['named_as']})"
        )
    if many_imported or common.any():
        where = f"{args.report} lists" if args.report is not None else "--report FILE writes"
        print(f"(--verbose lists every row; {where} every row with its record_id and line)")


def _print_rows(outcomes: pd.DataFrame, dry_run: bool) -> None:
    for row in outcomes.to_dict("records"):
        line = row["source_line"]
        where = row["source_file"] + (f":{line}" if line != "0" else "")
        target = row["record_id"] or row["named_as"]
        what = f" {row['written']}" if row["written"] else ""
        how = f" (by {row['matched_by']})" if row["matched_by"] else ""
        detail = f": {row['detail']}" if row["detail"] else ""
        print(f"{where} {target} {_said(row['outcome'], dry_run)}{what}{how}{detail}")


def finish(
    plan: Plan,
    *,
    output: Path,
    args: argparse.Namespace,
    notices: Sequence[str],
    what: str,
    folder: str | None = None,
) -> int:
    """Print the rows' outcomes (`_print_outcomes`) and the notices, append the rows, write the
    report; an InputError when the file had labels and nothing was imported."""
    from metasynth.errors import InputError
    from metasynth.interop.keyed import append_plan
    from metasynth.tables import write_table

    _print_outcomes(plan, args)
    for notice in notices:
        print(f"notice: {notice}")
    if args.report is not None:
        write_table(plan.outcomes, args.report)
    counts = plan.outcomes["outcome"].value_counts()
    summary = ", ".join(
        f"{n} {_said(outcome, args.dry_run)}" for outcome, n in sorted(counts.items())
    )
    if plan.n_labelled == 0:
        raise InputError(
            f"no row to import ({summary or 'the file has no rows'})",
            file=plan.source_file or None,
            hint="is this the export made after screening? Rows the tool left undecided are "
            "not imported",
        )
    if plan.n_imported == 0:
        raise InputError(
            f"nothing imported from {plan.n_labelled} labelled row(s): {summary} (listed "
            "above with the reasons)",
            file=plan.source_file or None,
            hint="fix what the lines above say, or check that this is the right file",
        )
    if args.dry_run:
        print(f"dry run: would append {len(plan.rows)} {what} to {output}; {summary}")
    else:
        first = append_plan(plan, output)
        last = first + len(plan.rows) - 1
        print(f"appended {len(plan.rows)} {what} to {output} (lines {first}-{last}); {summary}")
        if folder is not None and not _is_under(output, Path(folder)):
            print(f"notice: {output} is not under {folder}, so the workflow does not read it")
    return _unmatched_status(int(counts.get("unmatched", 0)), plan.source_file)


def _unmatched_status(n_unmatched: int, source: str) -> int:
    """1 when rows named no publication of the review: the others are appended, but these
    rows' decisions or codes are in no file until someone looks (a paper missing from the
    exports, a DOI or title mistyped). A script's `import-sheet … && snakemake` stops there."""
    if not n_unmatched:
        return 0
    print(
        f"{n_unmatched} row(s) of {source} matched no publication and were not imported (listed "
        "above as unmatched): correct their record_id, DOI or title, or add the missing paper's "
        "export to data/raw/, and import the file again (rows already imported are skipped); "
        "exit status 1",
        file=sys.stderr,
    )
    return 1


def _is_under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
