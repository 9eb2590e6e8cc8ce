"""`metasynth codebook`: check a codebook, and move it to and from QDA tools (REFI-QDA).

    metasynth codebook check [--codebook data/coded/codebook.yaml]
    metasynth codebook export --qdc codebook.qdc
    metasynth codebook export --qdpx coding.qdpx --codes results/synthesis/imported_codes.csv
    metasynth codebook import codebook.qdc --output data/coded/codebook.yaml [--force]
    metasynth codebook list project.qdpx      # the codes of any .qdc/.qde/.qdpx, as a table

The codebook defaults to `synthesis.codebook` in config/config.yaml. `import` does not replace an
existing file unless told to with --force (the YAML written has no comments: a hand-written
codebook's comments would be lost).
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

    do_import = actions.add_parser("import", help="turn a .qdc written by `export` into YAML")
    do_import.add_argument("qdc", type=Path, help="REFI-QDA codebook (.qdc)")
    do_import.add_argument("--output", "-o", type=Path, help="write YAML here (default: stdout)")
    do_import.add_argument(
        "--force", action="store_true", help="replace --output if it exists (its comments are lost)"
    )

    listing = actions.add_parser("list", help="list the codes of a .qdc, .qde or .qdpx file")
    listing.add_argument("file", type=Path)
    parser.set_defaults(run=run)


def _codebook_path(args: argparse.Namespace) -> str:
    if getattr(args, "codebook", None):
        return str(args.codebook)
    from metasynth.config import load_config

    return str(load_config(args.config)["synthesis"]["codebook"])


def run(args: argparse.Namespace) -> int:
    from metasynth.errors import InputError
    from metasynth.synthesise.codebook import codebook_from_qdc, dump_codebook, load_codebook
    from metasynth.synthesise.qda.codebooks import qda_codes_frame, read_codes_element, read_qdc
    from metasynth.synthesise.qda.export import export_qdc, export_qdpx
    from metasynth.synthesise.qda.projects import load_project

    if args.action == "check":
        path = _codebook_path(args)
        codebook = load_codebook(path)
        for notice in codebook.notices:
            print(f"warning: {notice}", file=sys.stderr)
        n_codes = sum(len(c.codes) for c in codebook.concepts)
        print(
            f"{path}: {len(codebook.categories)} categories, {len(codebook.subcategories)} "
            f"sub-categories, {len(codebook.concepts)} concepts, {n_codes} codes and synonyms"
        )
        return 0
    if args.action == "export":
        codebook = load_codebook(_codebook_path(args))
        if args.qdc:
            from metasynth.tables import write_bytes

            write_bytes(export_qdc(codebook), args.qdc)
            print(f"wrote {args.qdc}")
            return 0
        if args.codes is None:
            raise InputError(
                "--qdpx needs --codes (a codes table)", hint="e.g. --codes data/coded/codes.csv"
            )
        from metasynth.synthesise.codes import read_codes_csv

        codes = read_codes_csv(args.codes)
        export_qdpx(codebook, codes, args.qdpx)
        print(
            f"wrote {args.qdpx} ({len(codes)} codings on {codes['record_id'].nunique()} documents)"
        )
        return 0
    if args.action == "import":
        if args.output and args.output.exists() and not args.force:
            raise InputError(
                "the output file already exists; import does not replace it unless told to",
                file=args.output,
                hint="write to a new file and compare, or add --force (YAML comments are lost)",
            )
        text = dump_codebook(codebook_from_qdc(args.qdc))
        if args.output:
            from metasynth.tables import write_text

            write_text(text, args.output)
            print(f"wrote {args.output}")
        else:
            sys.stdout.write(text)
        return 0
    # list
    if args.file.suffix.lower() == ".qdc":
        codes, notices = read_qdc(args.file)
    else:
        project = load_project(args.file)
        codes, notices = read_codes_element(project.root, file=project.file), project.notices
    for notice in notices:
        print(f"warning: {notice}", file=sys.stderr)
    frame = qda_codes_frame(codes)[["path", "is_codable", "guid"]]
    sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    return 0
