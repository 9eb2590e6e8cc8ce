"""Glue for the rule scripts in `scripts/`: logging to the rule's log and clean failures.

A rule script stays thin: it unpacks `snakemake.input/output/params`, calls the package and
writes the outputs. `run_rule` routes `logging` to the rule's `log:` file (and the terminal),
and turns an `InputError` or an `OutputError` (a full disk, a read-only folder) into a short
message and a non-zero exit instead of a traceback. Whatever ends the script, the rule's log says
so: an unexpected exception (a bug) is written there with its traceback too, not only to the
terminal Snakemake prints.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import metasynth
from metasynth.errors import InputError, OutputError, environment_error
from metasynth.files import end_on_sigterm

log = logging.getLogger("metasynth")


def configure_logging(log_file: str | Path | None = None, level: int = logging.INFO) -> None:
    """Send the package's log records to stderr and, when given, to `log_file` (overwritten)."""
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, mode="w", encoding="utf-8"))
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", handlers=handlers, force=True
    )
    # matplotlib's PDF backend subsets fonts with fontTools, which logs every table it touches
    # at INFO: hundreds of lines per figure that would bury the rule's own messages.
    logging.getLogger("fontTools").setLevel(max(level, logging.WARNING))


def run_rule(smk: Any, main: Callable[[Any], None]) -> None:
    """Run a rule script's `main(snakemake)` with logging set up and bad input reported plainly."""
    log_files = list(getattr(smk, "log", []) or [])
    try:
        configure_logging(log_files[0] if log_files else None)
    except OSError as exc:  # the log folder itself cannot be written
        configure_logging(None)
        log.error("%s", OutputError(exc.filename or log_files[0], exc))
        sys.exit(1)
    end_on_sigterm()
    try:
        main(smk)
    except (InputError, OutputError) as exc:
        log.error("%s", exc)
        sys.exit(1)
    except OSError as exc:
        log.error("%s", environment_error(exc))
        sys.exit(1)
    except Exception:
        log.critical(
            "unexpected error (a bug in metasynth: please report it with this log)", exc_info=True
        )
        sys.exit(1)


PACKAGE_FOLDER = Path(__file__).resolve().parent
FINGERPRINT_PREFIX = "metasynth package"
"""How `package_fingerprint` begins (`metasynth.dryrun` finds it in Snakemake's reasons)."""


def rule_input(path: str | Path) -> str:
    """A file as a rule's input (the Snakefile's helpers list them while the run is planned).
    A name holding `{` or `}` is an InputError naming it: Snakemake reads the braces as a
    wildcard and cannot take such a file at all (doubled braces do not escape them there), so
    the run would stop with a WildcardError that names no file."""
    text = str(path)
    if "{" in text or "}" in text:
        raise InputError(
            "the file's name holds { or }, which Snakemake reads as a wildcard: the workflow "
            "cannot take it",
            file=text,
            hint="rename the file (or its folder) without braces, and in searches.yaml too if "
            "it is an export",
        )
    return text


def package_fingerprint(folder: Path = PACKAGE_FOLDER) -> str:
    """The metasynth the rules run, as one line: its version and a SHA-256 digest of every file
    of the package (code, schemas, vocabularies, templates; not Python's compiled caches or
    hidden files). Every rule takes it as a param (`workflow/rules/common.smk`): Snakemake
    reruns a rule when its script changes, but not when the library the script imports does,
    so without it an upgraded (or edited) metasynth would leave results made by the old code
    looking up to date. The same files give the same line, so a second run has nothing to do.
    """
    digest = hashlib.sha256()
    for name in sorted(_package_files(folder)):
        content = (folder / name).read_bytes()
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return f"{FINGERPRINT_PREFIX} {metasynth.__version__}, files sha256:{digest.hexdigest()[:16]}"


def _package_files(folder: Path) -> list[str]:
    """The package's files, relative to its folder (`package_fingerprint` says which)."""
    names = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        skipped = any(part == "__pycache__" or part.startswith(".") for part in relative.parts)
        if path.is_file() and not skipped and path.suffix not in (".pyc", ".pyo"):
            names.append(relative.as_posix())
    return names
