"""Whether a file the workflow wrote under results/ is still as the run left it.

A table a run wrote can be damaged afterwards — cut short by a full disk or a sync, emptied,
overwritten by another program, edited by hand — and the commands that report from results/
(`metasynth status`, `audit`, `export`, `screen`, `import-sheet`) would then report from wrong
data, and the next run would build on it: Snakemake reruns the rules *reading* a file newer than
their outputs, never the rule that wrote it. Two records say what the run left:

- Snakemake's metadata (`.snakemake/metadata/`): the time each output had when its job ended;
  a file with that time is as its job wrote it (nothing else is checked, so this is cheap);
- `results/manifest.tsv`, written at the end of a full run: each output's size and SHA-256.

A file with another time than its job left (or no record) whose bytes differ from the manifest
was changed after the run (`output_problem`); without a manifest entry, only what the file shows
itself is checked: a CSV table not ending in a line end was cut in the middle of a row.
`read_output` reads a table after `check_output`, which raises the InputError a command prints;
`changed_outputs` lists every output of the manifest that changed, for `metasynth status`.
"""

from __future__ import annotations

import contextlib
import json
import os
from base64 import urlsafe_b64encode
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from metasynth.errors import InputError
from metasynth.manifest import mask_run_date, read_manifest, sha256_of
from metasynth.tables import read_table

MANIFEST = "manifest.tsv"
"""The manifest's name in the results folder."""

RUN_COMMAND = "snakemake --cores 2"
"""The run that brings results/ up to date, as the messages name it."""


def fix_hint(path: str | Path) -> str:
    """What to do about a damaged output: Snakemake does not write a file again that is newer
    than its inputs (it reruns the rules reading it, on the damaged copy), but it writes a
    missing one, or one named with --forcerun."""
    return (
        f"delete it, then run `{RUN_COMMAND}` (or `make run`): Snakemake writes a missing output "
        "again, with what follows from it, but keeps a changed one, newer than its inputs "
        f"(`{RUN_COMMAND} --forcerun {Path(path).as_posix()}` works too)"
    )


def _metadata_record(root: Path, relative: str) -> dict[str, object] | None:
    """Snakemake's record of the job that wrote `relative` (None when there is none): its name
    is the path in URL-safe base64, split into folders prefixed "@" where it is too long."""
    folder = root / ".snakemake" / "metadata"
    encoded = urlsafe_b64encode(relative.encode()).decode()
    try:
        longest = os.pathconf(folder, "PC_NAME_MAX") - 1
    except (OSError, ValueError, AttributeError):
        longest = 254
    parts = [encoded[i : i + longest] for i in range(0, len(encoded), longest)] or [encoded]
    record_file = folder.joinpath(*(f"@{p}" for p in parts[:-1]), parts[-1])
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _as_written(path: Path, root: Path, relative: str) -> bool:
    """Whether the file has the time its job left it with (Snakemake's record)."""
    record = _metadata_record(root, relative)
    if record is None or record.get("incomplete"):
        return False
    end = record.get("endtime")
    return isinstance(end, int | float) and abs(path.stat().st_mtime - end) < 1e-3


def _manifest_entries(results: Path) -> dict[str, tuple[int, str]]:
    """path → (bytes, sha256) of the manifest of the last full run ({} when there is none, or it
    cannot be read: then nothing is checked against it)."""
    manifest = results / MANIFEST
    if not manifest.is_file():
        return {}
    try:
        frame = read_manifest(manifest)
    except InputError:
        return {}
    entries = {}
    for path, size, digest in zip(frame["path"], frame["bytes"], frame["sha256"], strict=True):
        with contextlib.suppress(ValueError):
            entries[str(path)] = (int(size), str(digest))
    return entries


def output_problem(
    path: Path, results: Path, entries: dict[str, tuple[int, str]] | None = None
) -> InputError | None:
    """What is wrong with an output of the run under `results` (None when nothing shows):
    changed since the run (its bytes not those `results/manifest.tsv` records, and not
    rewritten by a later job), or a CSV table cut in the middle of a row."""
    problem, line = _problem(path, results, entries)
    return InputError(problem, file=path, line=line, hint=fix_hint(path)) if problem else None


def _problem(
    path: Path, results: Path, entries: dict[str, tuple[int, str]] | None
) -> tuple[str, int | None]:
    root = results.parent
    try:
        relative = _absolute(path).relative_to(_absolute(root)).as_posix()
        size = path.stat().st_size
    except (OSError, ValueError):
        return "", None  # not under the project, or gone: the reader says so
    if _as_written(path, root, relative):
        return "", None
    entries = _manifest_entries(results) if entries is None else entries
    expected = entries.get(relative)
    if expected is not None:
        if size != expected[0]:
            return (
                f"changed since the workflow wrote it ({size:,} bytes; "
                f"{(results / MANIFEST).as_posix()} records {expected[0]:,})"
            ), None
        if sha256_of(mask_run_date(path.read_bytes())) != expected[1]:
            return (
                "changed since the workflow wrote it (its checksum is not the one "
                f"{(results / MANIFEST).as_posix()} records)"
            ), None
        return "", None
    if path.suffix.lower() == ".csv" and size and not _ends_a_line(path):
        line = path.read_bytes().count(b"\n") + 1
        return "the row here ends in the middle: the file is damaged (cut short?)", line
    return "", None


def _absolute(path: Path) -> Path:
    """`path` from the root, links kept (a results folder linked elsewhere is still results/)."""
    return Path(os.path.normpath(path.absolute()))


def _ends_a_line(path: Path) -> bool:
    """Whether the file's last byte is a line end (every CSV table the workflow writes ends so)."""
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def check_output(path: str | Path, results: str | Path) -> None:
    """InputError naming the file, what is wrong and what to do, when an output of the run
    under `results` is not as the run left it (`output_problem`)."""
    problem = output_problem(Path(path), Path(results))
    if problem is not None:
        raise problem


def changed_outputs(results: str | Path) -> list[tuple[str, str]]:
    """(path, problem) of each file of the manifest under `results` that is no longer as the
    run left it, sorted by path; a file gone is left to Snakemake (it writes it again)."""
    results = Path(results)
    entries = _manifest_entries(results)
    found = []
    for relative in sorted(entries):
        path = results.parent / relative
        if path.is_file():
            problem = output_problem(path, results, entries)
            if problem is not None:
                found.append((relative, problem.message))
    return found


def read_output(
    path: str | Path,
    results: str | Path,
    *,
    columns: Sequence[str] | None = None,
    require: Sequence[str] = (),
) -> pd.DataFrame:
    """`read_table` of an output of the run under `results`, checked first (`check_output`)."""
    check_output(path, results)
    return read_table(path, columns=columns, require=require)
