"""The `metasynth` command: a thin layer over the package's stage functions.

Each subcommand lives in its own module here (`metasynth.cli.<name>`) with two functions:
`add_parser(subparsers)` declares its arguments and sets `run`, and `run(args) -> int` does
the work. Heavy imports happen inside `run`, so `metasynth --help` stays instant.
Bad input and an output that cannot be written (a full disk, a read-only folder) end with a one- or
two-line message and exit status 2; bugs keep their traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from metasynth import __version__
from metasynth.errors import InputError, OutputError, environment_error
from metasynth.files import end_on_sigterm, guard_inputs

SUBCOMMANDS: tuple[str, ...] = (
    "init",
    "ingest",
    "dedup",
    "screen",
    "import_sheet",
    "export",
    "audit",
    "codebook",
    "manifest",
    "status",
    "schema",
)
"""Subcommand modules, in the order of the workflow."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="metasynth",
        description="Reproducible systematic reviews ending in a qualitative meta-synthesis.",
    )
    parser.add_argument("--version", action="version", version=f"metasynth {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"metasynth.cli.{name}").add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    end_on_sigterm()
    try:
        with guard_inputs():
            return int(args.run(args) or 0)
    except (InputError, OutputError) as exc:
        print(f"metasynth {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the file system refused something no reader or writer caught
        print(f"metasynth {args.command}: error: {environment_error(exc)}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
