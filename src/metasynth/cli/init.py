"""`metasynth init DIR`: start a review of your own in a new folder.

    metasynth init ~/reviews/online-mentoring

Writes an empty review project: a Snakefile that runs metasynth's workflow (as a Snakemake
module of the installed package, so upgrading metasynth upgrades it), config/config.yaml asking
for the review's title, question and criteria, data/raw/ with a searches.yaml template, and
empty data/dedup, data/screening, data/appraisal and data/coded folders, each with a README
saying what goes there. Nothing of metasynth's synthetic demo corpus is copied.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create an empty review project (workflow, config, data folders) in a new folder",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("directory", metavar="DIR", type=Path, help="the new project's folder")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from metasynth.project import init_project, workflow_snakefile

    workflow_snakefile()  # fail now, not at the first run, where there is no workflow
    written = init_project(args.directory)
    folder = args.directory
    print(f"created {folder} ({len(written)} files): a review project with no data yet")
    print("next:")
    print(f"  1. fill in {folder / 'config' / 'config.yaml'}: title, review question, criteria,")
    print("     reviewers (the lines marked REQUIRED)")
    print(f"  2. put your search exports in {folder / 'data' / 'raw'}/ and describe each search")
    print(f"     in {folder / 'data' / 'raw' / 'searches.yaml'}")
    # quoted: a folder name with spaces must survive being pasted into a shell
    print(f"  3. {_activate()}, then cd {shlex.quote(str(folder))} && snakemake --cores 2,")
    print("     then open results/report.html")
    return 0


def _activate() -> str:
    """How to put this environment's snakemake and metasynth on the PATH of a new shell."""
    import sys

    script = Path(sys.executable).parent / "activate"
    if script.is_file():
        return f"source {shlex.quote(str(script))}"
    return "activate the environment metasynth is installed in"
