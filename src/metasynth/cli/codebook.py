"""`metasynth codebook`: check a codebook, and move it to and from QDA tools (REFI-QDA).

    metasynth codebook check [--codebook data/coded/codebook.yaml]
    metasynth codebook export --qdc codebook.qdc
    metasynth codebook export --qdpx coding.qdpx --codes results/synthesis/imported_codes.csv
    metasynth codebook import codebook.qdc --output data/coded/codebook.yaml [--force]
    metasynth codebook import themes.qdpx --levels subcategory,concept --category Findings -o …
    metasynth codebook list project.qdpx      # the codes of any .qdc/.qde/.qdpx, as a table
    metasynth codebook list                   # the ids findings.yaml can rest on, as a table
    metasynth codebook from-sheet framework.xlsx --output data/coded/codebook.yaml [--fill-down]

The codebook defaults to `synthesis.codebook` in config/config.yaml. `import` and `from-sheet`
do not replace an existing codebook that has entries unless told to with --force (the YAML
written has no comments: a hand-written codebook's comments would be lost); the empty one
`metasynth init` writes is replaced.

`from-sheet` reads the framework from a CSV/Excel sheet with one row per open code (or per
concept): columns category, subcategory, concept and code (found by those names, or say which:
--column subcategory='Sub-theme'); several codes in a cell are split at `,` and `;`; without a
concept column each code is a concept. A sheet that writes a category or sub-category only
where it changes (merged cells) needs --fill-down. docs/interop.md has the details.

`import` reads the code tree as category > sub-category > concept > open codes; a tree of
another shape is read as --levels names its depths from the top (e.g. themes > codes:
`--levels subcategory,concept --category LABEL`; a flat list: `--levels concept --category
'To place' --subcategory 'To place'`, to place by hand; deeper: `...,concept,code,code`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "codebook",
        help="check the codebook; export it to / import it from REFI-QDA (.qdc, .qdpx)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--config", default="config/config.yaml", help="config file")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    check = actions.add_parser("check", help="validate the codebook and print its size")
    check.add_argument("--codebook", help="codebook YAML (default: synthesis.codebook)")

    export = actions.add_parser("export", help="write the codebook as .qdc, or codes as .qdpx")
    export.add_argument("--codebook", help="codebook YAML (default: synthesis.codebook)")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--qdc", type=Path, help="write a REFI-QDA codebook here")
    target.add_argument("--qdpx", type=Path, help="write a REFI-QDA project here (needs --codes)")
    export.add_argument("--codes", type=Path, help="codes table (imported_codes.csv or codes.csv)")

    do_import = actions.add_parser(
        "import", help="turn a .qdc (or a .qdpx/.qde project's codebook) into YAML"
    )
    do_import.add_argument(
        "qdc", type=Path, help="REFI-QDA codebook (.qdc) or project (.qdpx, .qde)"
    )
    do_import.add_argument(
        "--levels",
        metavar="LEVEL,…",
        help="what each depth of the tree is, from the top (category, subcategory, concept, "
        "code); default category,subcategory,concept,code",
    )
    do_import.add_argument(
        "--category", default="", help="label of the one category, when --levels has none"
    )
    do_import.add_argument(
        "--subcategory",
        default="",
        help="label of each category's one sub-category, when --levels has none",
    )
    do_import.add_argument("--output", "-o", type=Path, help="write YAML here (default: stdout)")
    do_import.add_argument(
        "--force", action="store_true", help="replace --output if it exists (its comments are lost)"
    )

    listing = actions.add_parser(
        "list",
        help="list the entries of the codebook, or the codes of a .qdc, .qde or .qdpx file",
        description="Without a file, or with a codebook YAML: one row per category, "
        "sub-category and concept (level, id, label, the id it is under, its codes) — the ids "
        "a finding's rests_on names. With a .qdc, .qde or .qdpx: the codes of that project.",
    )
    listing.add_argument(
        "file", type=Path, nargs="?", help="default: the codebook (synthesis.codebook)"
    )
    sheet = actions.add_parser(
        "from-sheet", help="the codebook from a CSV/Excel sheet of categories, concepts, codes"
    )
    sheet.add_argument("sheet", type=Path, help="CSV, TSV or .xlsx file")
    sheet.add_argument("--sheet", dest="worksheet", help="worksheet of an Excel file")
    sheet.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="LEVEL=NAME",
        help="the column of a level (category, subcategory, concept, code) with another name",
    )
    sheet.add_argument(
        "--fill-down",
        action="store_true",
        help="a blank category, sub-category or concept cell takes the value above it",
    )
    sheet.add_argument(
        "--separators", default=",;", help="characters that separate the codes of one cell"
    )
    sheet.add_argument("--output", "-o", type=Path, help="write YAML here (default: stdout)")
    sheet.add_argument(
        "--force", action="store_true", help="replace --output if it has entries (comments lost)"
    )
    parser.set_defaults(run=run)


def _may_write(output: Path | None, force: bool) -> str:
    """Refuse to replace a codebook with entries unless forced; what replacing means, if any."""
    from metasynth.errors import InputError
    from metasynth.files import forget_input
    from metasynth.synthesise.codebook import load_codebook

    if output is None or not output.exists():
        return ""
    if force:
        return " (replaced)"
    try:
        codebook = load_codebook(output)
    except InputError:
        codebook = None
    forget_input(output)  # read to see what it holds; replacing it is the point
    if codebook is not None and not (
        codebook.categories or codebook.subcategories or codebook.concepts
    ):
        return " (replacing the empty codebook that was there)"
    raise InputError(
        "the output file already exists and has entries; it is not replaced unless told to",
        file=output,
        hint="write to a new file and compare, or add --force (YAML comments are lost)",
    )


def _write_codebook(text: str, output: Path | None, replaced: str, what: str) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from metasynth.files import write_text

    write_text(text, output)
    print(f"wrote {output}{replaced}: {what}")


def _codebook_path(args: argparse.Namespace) -> str:
    if getattr(args, "codebook", None):
        return str(args.codebook)
    from metasynth.config import load_config

    return str(load_config(args.config)["synthesis"]["codebook"])


def run(args: argparse.Namespace) -> int:
    from metasynth.errors import InputError
    from metasynth.synthesise.codebook import codebook_from_qdc, dump_codebook, load_codebook
    from metasynth.synthesise.qda.codebooks import LEVELS, TreeLevels, qda_codes_frame
    from metasynth.synthesise.qda.export import export_qdc, export_qdpx
    from metasynth.synthesise.qda.projects import read_code_tree
    from metasynth.text import plural

    if args.action == "check":
        path = _codebook_path(args)
        codebook = load_codebook(path)
        for notice in codebook.notices:
            print(f"{_severity(notice)}: {notice}", file=sys.stderr)
        print(f"{path}: {_size(codebook)}")
        return 0
    if args.action == "export":
        codebook = load_codebook(_codebook_path(args))
        if args.qdc:
            from metasynth.files import write_bytes

            exported = export_qdc(codebook)
            write_bytes(exported.data, args.qdc)
            _say_unfit(exported.unfit, args.qdc, "the codebook")
            print(f"wrote {args.qdc}")
            return 0
        if args.codes is None:
            raise InputError(
                "--qdpx needs --codes (a codes table)", hint="e.g. --codes data/coded/codes.csv"
            )
        from metasynth.synthesise.codes import read_codes_table

        codes = read_codes_table(args.codes)
        unfit = export_qdpx(codebook, codes, args.qdpx)
        _say_unfit(unfit, args.qdpx, f"{args.codes} and the source texts")
        n_documents = codes["record_id"].nunique()
        print(
            f"wrote {args.qdpx} ({plural(len(codes), 'coding')} on "
            f"{plural(n_documents, 'document')})"
        )
        return 0
    if args.action == "import":
        replaced = _may_write(args.output, args.force)
        levels = TreeLevels.parse(
            args.levels or ",".join(LEVELS), category=args.category, subcategory=args.subcategory
        )
        codebook = codebook_from_qdc(args.qdc, levels=levels)
        for notice in codebook.notices:
            print(f"{_severity(notice)}: {notice}", file=sys.stderr)
        if args.levels:
            print(f"read the code tree as: {levels.describe()}", file=sys.stderr)
        _write_codebook(dump_codebook(codebook), args.output, replaced, _size(codebook))
        return 0
    if args.action == "from-sheet":
        return _from_sheet(args)
    # list
    if args.file is None or args.file.suffix.lower() in {".yaml", ".yml"}:
        codebook = load_codebook(str(args.file) if args.file else _codebook_path(args))
        sys.stdout.write(_entries(codebook).to_csv(index=False, lineterminator="\n"))
        return 0
    codes, notices = read_code_tree(args.file)
    for notice in notices:
        print(f"{_severity(notice)}: {notice}", file=sys.stderr)
    frame = qda_codes_frame(codes)[["path", "is_codable", "guid"]]
    sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    return 0


def _say_unfit(unfit: tuple[str, ...], output: Path, keeper: str) -> None:
    """Warn that values lost characters XML cannot carry (`qda.export`), naming the first."""
    from metasynth.text import plural

    if unfit:
        print(
            f"warning: {output}: {plural(len(unfit), 'value')} held control characters that XML "
            f"cannot carry, left out of the file (first: {unfit[0]}); they stay in {keeper}",
            file=sys.stderr,
        )


def _severity(notice: Any) -> str:
    """How a notice is labelled on the terminal: a reading taken is a note, not a warning."""
    return "note" if getattr(notice, "severity", "warning") == "info" else "warning"


def _entries(codebook: Any) -> Any:
    """The codebook's categories, sub-categories and concepts, one row each, in file order."""
    import pandas as pd

    rows = [("category", c.id, c.label, "", "") for c in codebook.categories]
    rows += [("subcategory", s.id, s.label, s.category, "") for s in codebook.subcategories]
    rows += [
        ("concept", c.id, c.label, c.subcategory, "; ".join(c.codes)) for c in codebook.concepts
    ]
    return pd.DataFrame(rows, columns=["level", "id", "label", "under", "codes"])


def _size(codebook: Any) -> str:
    """`1 category, 3 sub-categories, 10 concepts, 12 codes and synonyms` (`1 code or synonym`)."""
    from metasynth.text import plural

    n_codes = sum(len(c.codes) for c in codebook.concepts)
    return (
        f"{plural(len(codebook.categories), 'category', 'categories')}, "
        f"{plural(len(codebook.subcategories), 'sub-category', 'sub-categories')}, "
        f"{plural(len(codebook.concepts), 'concept')}, "
        f"{plural(n_codes, 'code or synonym', 'codes and synonyms')}"
    )


def _from_sheet(args: argparse.Namespace) -> int:
    from metasynth.errors import InputError
    from metasynth.interop.codebook_sheet import codebook_from_sheet
    from metasynth.interop.sheets import read_sheet
    from metasynth.synthesise.codebook import dump_codebook

    given = {}
    for pair in args.column:
        level, sep, name = pair.partition("=")
        if not sep or not level.strip() or not name.strip():
            raise InputError(f"--column {pair!r}: write LEVEL=column name", hint="e.g. code=Tags")
        given[level.strip()] = name.strip()
    replaced = _may_write(args.output, args.force)
    sheet = read_sheet(args.sheet, sheet=args.worksheet, what="a codebook sheet")
    for text in sheet.notices:
        print(f"notice: {text}", file=sys.stderr)
    codebook, n_rows = codebook_from_sheet(
        sheet, given, fill_down=args.fill_down, separators=args.separators
    )
    for notice in codebook.notices:
        print(f"{_severity(notice)}: {notice}", file=sys.stderr)
    what = f"{_size(codebook)}, from {n_rows} {sheet.where}(s) of {args.sheet}"
    _write_codebook(dump_codebook(codebook), args.output, replaced, what)
    if args.output is None:
        print(what, file=sys.stderr)
    return 0
