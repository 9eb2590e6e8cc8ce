r"""`metasynth import-sheet`: decisions or codings from an annotated spreadsheet, as ordinary rows.

    metasynth import-sheet screening.xlsx --kind decisions --reviewer R1 --date 2024-05-01
    metasynth import-sheet coding.csv --kind codes --coder coder_1 --column code=Themes

The sheet (CSV, TSV or Excel; `--sheet` names a worksheet) has one row per paper and a column
that names it — record_id, DOI, PubMed ID or title, found by those names or given with
`--column FIELD=NAME` — and the columns of what was decided: `decision` (include/yes/1,
exclude/no/0, maybe), `reason`, `note`, `reviewer`, `stage`, `date`; or `code` (several codes
in a cell are split at `,` and `;`: one coding each), `coder`, `quote`, `location`, `memo`.
Each row's paper is found exactly, then normalised; unmatched rows are listed, nothing is
guessed. Decisions are appended to <decisions folder>/sheet_<reviewer>.csv (a sheet with
several reviewers: sheet_<sheet's name>.csv), codings to the
first CSV code source of the config (data/coded/codes.csv), or to --output; existing rows are
never changed. docs/interop.md has the details.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from metasynth.cli.imports import add_common_options


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import-sheet",
        help="decisions or codings from a spreadsheet keyed by record_id, DOI or title",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sheet_file", type=Path, metavar="SHEET", help="CSV, TSV or .xlsx file")
    parser.add_argument("--kind", required=True, choices=("decisions", "codes"))
    add_common_options(
        parser,
        output_help="file the rows are appended to (default: <decisions folder>/"
        "sheet_<reviewer>.csv, or the config's CSV code source)",
    )
    parser.add_argument("--sheet", help="worksheet of an Excel file (default: the first)")
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=NAME",
        help="the column of a field when its name is another (repeatable)",
    )
    parser.add_argument("--reviewer", help="reviewer of every row (decisions without a column)")
    parser.add_argument("--date", help="date of every row, YYYY-MM-DD (without a date column)")
    parser.add_argument(
        "--stage",
        default="title_abstract",
        choices=("title_abstract", "retrieval", "full_text"),
        help="stage of every row without a stage column (default: title_abstract)",
    )
    parser.add_argument("--coder", help="coder of every row (codes without a coder column)")
    parser.add_argument(
        "--separators",
        default=",;",
        help="characters that separate the codes of one cell (default: ,;)",
    )
    parser.set_defaults(run=run)


def _file_owner(reviewer: str | None, incoming: Any, sheet_file: Path) -> str:
    """Whose decisions the file holds: --reviewer, else the one reviewer of the sheet's
    reviewer column, else (several reviewers) the sheet's own name."""
    if reviewer:
        return reviewer
    named = {str(row.get("reviewer", "")) for item in incoming for row in item.rows} - {""}
    if len(named) == 1 and re.fullmatch(r"[A-Za-z0-9_.-]+", next(iter(named))):
        return next(iter(named))
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", sheet_file.stem).strip("_") or "sheet"


def given_columns(pairs: list[str]) -> dict[str, str]:
    """The fields named by `--column FIELD=NAME` options, as {field: column}."""
    from metasynth.errors import InputError

    given = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise InputError(f"{pair!r} is not FIELD=NAME", element="--column")
        given[name.strip()] = column.strip()
    return given


def run(args: argparse.Namespace) -> int:
    from metasynth.cli.imports import (
        check_reviewer_and_date,
        existing_decisions,
        finish,
        load_context,
    )
    from metasynth.interop.keyed import plan_codes, plan_decisions
    from metasynth.interop.sheet import (
        CODE_NAMES,
        DECISION_NAMES,
        read_code_sheet,
        read_decision_sheet,
        sheet_columns,
    )
    from metasynth.interop.sheets import read_sheet
    from metasynth.synthesise.settings import SynthesisSettings

    context = load_context(args)
    sheet = read_sheet(args.sheet_file, sheet=args.sheet, what="an annotated spreadsheet")
    source = args.sheet_file.as_posix()
    if args.kind == "decisions":
        if args.reviewer is not None:
            check_reviewer_and_date(context.settings, args.reviewer, args.date)
        columns = sheet_columns(sheet, DECISION_NAMES, given_columns(args.column))
        incoming = read_decision_sheet(
            sheet,
            columns,
            reviewer=args.reviewer,
            stage=args.stage,
            date=args.date,
            reasons=context.settings.reasons,
        )
        plan = plan_decisions(
            incoming,
            source_file=source,
            index=context.index,
            settings=context.settings,
            existing=existing_decisions(context),
        )
        output = args.output or Path(context.settings.decisions_dir) / (
            f"sheet_{_file_owner(args.reviewer, incoming, args.sheet_file)}.csv"
        )
        return finish(
            plan,
            output=output,
            args=args,
            notices=sheet.notices,
            what="decision(s)",
            folder=context.settings.decisions_dir,
        )
    synthesis = SynthesisSettings.from_config(context.config["synthesis"])
    columns = sheet_columns(sheet, CODE_NAMES, given_columns(args.column))
    incoming = read_code_sheet(sheet, columns, coder=args.coder, separators=args.separators)
    output = args.output or Path(synthesis.csv_codes_file())
    plan = plan_codes(
        incoming,
        source_file=source,
        index=context.index,
        coders=synthesis.coders,
        existing=_existing_codes(output),
        status_of=_status_of(args.results / "screening" / "status.csv"),
    )
    return finish(plan, output=output, args=args, notices=sheet.notices, what="coding(s)")


def _existing_codes(path: Path) -> Any:
    """The codings already in the target codes file (none when it does not exist yet)."""
    import pandas as pd

    from metasynth.synthesise.codes import CODE_COLUMNS, read_codes_csv

    if not path.exists() or not path.read_bytes().strip():
        return pd.DataFrame(columns=list(CODE_COLUMNS))
    return read_codes_csv(path)


def _status_of(path: Path) -> dict[str, str]:
    """Each publication's status in the last run (none before screening has run)."""
    from metasynth.run_outputs import read_output

    if not path.exists():
        return {}
    status = read_output(path, path.parent.parent, require=("record_id", "status"))
    return dict(zip(status["record_id"].astype(str), status["status"].astype(str), strict=True))
