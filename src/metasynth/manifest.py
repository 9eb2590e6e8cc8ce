"""Checksums of files: the output manifest of a run, and the input checksums of the report.

A researcher re-running the synthesis wants to know that every output is byte-identical to the
published one. The last rule of the workflow writes `results/manifest.tsv`: one row per output
file, sorted by path, with its size and SHA-256. The report carries exactly one field that differs
between runs, its run date (`<time id="run-date" …>`, always the same length); a file holding it
is digested with the field blanked and marked `run_date_masked = yes`, so the manifests of two
runs of the same inputs are themselves byte-identical.

- `file_checksums(paths)`: path, bytes, sha256 for input files (the report's reproducibility block);
- `output_manifest(paths)`: path, bytes, sha256 (run date blanked), run_date_masked;
- `compare_manifests(a, b)`: the files whose reproducible digest differs, or that only one lists;
- `check_manifest(manifest)`: the files on disk that no longer match a manifest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from metasynth.errors import InputError
from metasynth.files import write_text
from metasynth.tables import read_delimited

MANIFEST_COLUMNS = ["path", "bytes", "sha256", "run_date_masked"]

RUN_DATE_FIELD = re.compile(rb'<time id="run-date" datetime="[^"]*">[^<]*</time>')
"""The one marked field allowed to differ between two runs (in results/report.html)."""

MASKED_RUN_DATE = b'<time id="run-date" datetime="">(run date)</time>'


def _posix(path: str | Path) -> str:
    return Path(path).as_posix()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def mask_run_date(data: bytes) -> bytes:
    """`data` with the marked run-date field blanked (unchanged when it has none)."""
    return RUN_DATE_FIELD.sub(MASKED_RUN_DATE, data)


def _read(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=path, hint="re-run the workflow") from None


def file_checksums(paths: Iterable[str | Path]) -> pd.DataFrame:
    """path (POSIX, as given), bytes and SHA-256 of each file, sorted by path, each once."""
    rows = []
    for path in sorted({_posix(p) for p in paths}):
        data = _read(path)
        rows.append({"path": path, "bytes": len(data), "sha256": sha256_of(data)})
    frame = pd.DataFrame(rows, columns=["path", "bytes", "sha256"])
    return frame.astype({"path": "string", "bytes": "int64", "sha256": "string"})


def output_manifest(paths: Iterable[str | Path]) -> pd.DataFrame:
    """The manifest rows of the output files: path, bytes, sha256 (of the content with the
    run-date field blanked, when it has one) and run_date_masked ("yes"/"no")."""
    rows = []
    for path in sorted({_posix(p) for p in paths}):
        data = _read(path)
        masked = mask_run_date(data)
        rows.append(
            {
                "path": path,
                "bytes": len(data),
                "sha256": sha256_of(masked),
                "run_date_masked": "yes" if masked != data else "no",
            }
        )
    frame = pd.DataFrame(rows, columns=MANIFEST_COLUMNS)
    return frame.astype(
        {"path": "string", "bytes": "int64", "sha256": "string", "run_date_masked": "string"}
    )


def rule_outputs(rules: Iterable[Any], exclude: Iterable[str] = ("all",)) -> list[str]:
    """Every output file of the given Snakemake rules (`workflow.rules`), sorted, except rules
    named in `exclude` and rules with wildcards (their files are not known in advance)."""
    skipped = set(exclude)
    outputs: set[str] = set()
    for rule in rules:
        if rule.name in skipped or rule.has_wildcards():
            continue
        outputs.update(str(path) for path in rule.output)
    return sorted(outputs)


def write_manifest(frame: pd.DataFrame, path: str | Path) -> None:
    """Write the manifest as tab-separated text (UTF-8, "\\n" line ends), byte-reproducibly."""
    write_text(frame.to_csv(sep="\t", index=False, lineterminator="\n"), path)


def read_manifest(path: str | Path) -> pd.DataFrame:
    """Read a manifest written by `write_manifest`; InputError when it is not one."""
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=path, hint="run the workflow to write it")
    frame = read_delimited(path, sep="\t", what="a metasynth manifest (tab-separated)")
    missing = [c for c in MANIFEST_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            f"not a metasynth manifest: no column(s) {', '.join(missing)}",
            file=path,
            line=1,
            hint=f"a manifest has the columns {', '.join(MANIFEST_COLUMNS)}",
        )
    return frame


def compare_manifests(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Files that differ between two manifests (the run date aside): path, first, second (their
    digests, "" when a manifest does not list the file), sorted by path."""
    left = dict(zip(first["path"], first["sha256"], strict=True))
    right = dict(zip(second["path"], second["sha256"], strict=True))
    rows = [
        {"path": path, "first": left.get(path, ""), "second": right.get(path, "")}
        for path in sorted(set(left) | set(right))
        if left.get(path) != right.get(path)
    ]
    return pd.DataFrame(rows, columns=["path", "first", "second"]).astype("string")


def check_manifest(manifest: pd.DataFrame, root: str | Path = ".") -> pd.DataFrame:
    """Files listed in a manifest that are missing or changed on disk under `root`: path,
    problem ("missing" / "changed"), sorted by path."""
    rows = []
    for path, expected in zip(manifest["path"], manifest["sha256"], strict=True):
        file = Path(root) / str(path)
        if not file.exists():
            rows.append({"path": path, "problem": "missing"})
        elif sha256_of(mask_run_date(file.read_bytes())) != expected:
            rows.append({"path": path, "problem": "changed"})
    return pd.DataFrame(rows, columns=["path", "problem"]).astype("string")
