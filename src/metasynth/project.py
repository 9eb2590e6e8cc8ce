"""A review project of its own: `metasynth init DIR`, and where the workflow it runs lives.

A researcher's review is a folder of its own, not a copy of this repository: its config, its
data/ and a Snakefile that uses metasynth's workflow as a Snakemake module. `init_project` writes
that folder from the template shipped with the package (`project_template/`): a commented config
asking for the review's title, question and criteria, empty data folders each with a README
saying what goes there, a `searches.yaml` template, header-only decision and coding files. Nothing
of the synthetic demo corpus is copied.

The project's Snakefile asks `workflow_snakefile()` where the workflow is at every run, so
upgrading metasynth upgrades the workflow of every project without touching it. The workflow
(Snakefile, workflow/, scripts/) sits beside the package's source in a metasynth checkout
installed with `pip install -e` (what `make` does); an installation without it gets an error
saying so.
"""

from __future__ import annotations

import shlex
import sys
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from metasynth.errors import InputError
from metasynth.files import write_text

TEMPLATE = "project_template"
"""The package folder holding the new project's files."""

RENAMED = {"gitignore": ".gitignore"}
"""Template files stored under another name (a dotfile would be left out of the package)."""


def workflow_snakefile() -> Path:
    """The Snakefile of metasynth's workflow: the checkout this package was installed from."""
    root = Path(__file__).resolve().parents[2]
    snakefile = root / "Snakefile"
    if not (snakefile.is_file() and (root / "workflow" / "rules").is_dir()):
        raise InputError(
            f"this installation of metasynth ({Path(__file__).parent}) has no workflow beside it",
            hint="install metasynth from a clone of its repository (`make` there, or `pip "
            "install -e .`): the workflow is the clone's Snakefile, workflow/ and scripts/",
        )
    return snakefile


def _template_files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    files: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        name = f"{prefix}{RENAMED.get(entry.name, entry.name)}"
        if entry.is_dir():
            files += _template_files(entry, name + "/")
        else:
            files.append((name, entry))
    return files


def init_project(directory: str | Path) -> list[Path]:
    """Write a new, empty review project into `directory` (created; it must not exist or be
    empty) and return the files written. The Snakefile's hint names this environment's
    `activate` script, for a run from a shell where it is not active."""
    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(
            "is not an empty folder: a new review project needs one of its own",
            file=target,
            hint="choose a new folder name (metasynth init creates it)",
        )
    activate = Path(sys.prefix) / "bin" / "activate"
    written = []
    for name, source in _template_files(resources.files("metasynth") / TEMPLATE):
        path = target / name
        text = source.read_text(encoding="utf-8")
        if name == "Snakefile":
            text = text.replace("{activate}", shlex.quote(str(activate)))
        write_text(text, path)  # a full disk is an OutputError naming the file
        written.append(path)
    return written
