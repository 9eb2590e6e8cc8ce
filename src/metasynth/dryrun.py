"""What the workflow would run next, and why, in Snakemake's own words (a dry run).

Snakemake is the one judge of what is out of date: `dry_run(root)` runs `snakemake --dry-run`
in a subprocess of this Python environment (the same Snakemake the workflow runs with) in the
project folder, and `parse_dry_run` reads its job list: each job's rule, outputs, log file and
reason ("Missing output files: …", "Updated input files: …", "Set of input files has changed
since last execution", "Params have changed since last execution: …", "Input files updated by
another job: …"). When the workflow cannot even be planned (an invalid config, a missing
input file, a Snakefile error), `DryRun.error` holds Snakemake's message instead.

The dry run uses `--rerun-incomplete`, so that outputs a stopped run left half-written are listed
(reason "Incomplete output files") instead of stopping the plan, and `--nolock`, so that it can
look while a run is going.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_RULE = re.compile(r"^(?:local)?rule (\S+):$")
_FIELD = re.compile(r"^\s+(input|output|log|reason): (.*)$")


@dataclass(frozen=True)
class PendingJob:
    """One job the next run would execute."""

    rule: str
    reason: str
    outputs: tuple[str, ...] = ()
    logs: tuple[str, ...] = ()

    @property
    def is_upstream_only(self) -> bool:
        """Runs only because a job before it runs (its own inputs and settings are unchanged)."""
        return all(part.startswith("Input files updated by another job") for part in self.causes)

    @property
    def causes(self) -> list[str]:
        """The reason split into its parts (Snakemake joins them with "; ")."""
        return [part.strip() for part in self.reason.split("; ") if part.strip()]


@dataclass(frozen=True)
class DryRun:
    """The plan of the next run: the jobs it would execute, or why it cannot start."""

    jobs: tuple[PendingJob, ...] = ()
    error: str = ""

    @property
    def up_to_date(self) -> bool:
        return not self.error and not self.jobs

    def job(self, rule: str) -> PendingJob | None:
        return next((job for job in self.jobs if job.rule == rule), None)

    @property
    def rules(self) -> list[str]:
        return [job.rule for job in self.jobs]


def _files(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(", ") if part.strip())


def parse_dry_run(text: str, returncode: int = 0) -> DryRun:
    """The jobs of a `snakemake --dry-run` log (the target rule `all` left out), or its error."""
    jobs: list[PendingJob] = []
    current: dict[str, str] | None = None

    def close() -> None:
        if current is not None and current["rule"] != "all":
            jobs.append(
                PendingJob(
                    rule=current["rule"],
                    reason=current.get("reason", ""),
                    outputs=_files(current.get("output", "")),
                    logs=_files(current.get("log", "")),
                )
            )

    for line in text.splitlines():
        rule = _RULE.match(line)
        if rule:
            close()
            current = {"rule": rule.group(1)}
            continue
        field = _FIELD.match(line)
        if field and current is not None:
            current[field.group(1)] = field.group(2).strip()
        elif current is not None and not line.startswith((" ", "\t")):
            close()
            current = None
    close()
    if returncode != 0:
        return DryRun(error=_error_text(text))
    unique = {job.rule + "\0" + ",".join(job.outputs): job for job in jobs}
    return DryRun(jobs=tuple(unique.values()))


def _error_text(text: str) -> str:
    """Snakemake's message of a failed dry run: what follows "Building DAG of jobs..." (or the
    whole log past its banner), without blank lines."""
    lines = text.splitlines()
    start = next(
        (i + 1 for i, line in enumerate(lines) if line.startswith("Building DAG of jobs")), 0
    )
    if start == 0:  # failed before planning: drop the banner (SNAKEMAKE ... Config MD5)
        start = next(
            (i + 1 for i, line in enumerate(lines) if line.strip().startswith("Config MD5")), 0
        )
    kept = [line.rstrip() for line in lines[start:] if line.strip()]
    kept = [line for line in kept if not line.startswith("Assuming unrestricted shared")]
    return "\n".join(kept) or "snakemake --dry-run failed without a message"


def dry_run(
    root: str | Path = ".",
    *,
    configfiles: Sequence[str | Path] = (),
    timeout: float = 600.0,
) -> DryRun:
    """Ask Snakemake what the next run of the workflow under `root` would do (see module doc).
    `configfiles`: --configfile overrides, as the run would be given them."""
    command = [sys.executable, "-m", "snakemake", "--dry-run", "--cores", "1"]
    command += ["--nolock", "--rerun-incomplete"]
    for path in configfiles:
        command += ["--configfile", str(path)]
    result = subprocess.run(
        command,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    return parse_dry_run(result.stdout, result.returncode)


__all__ = ["DryRun", "PendingJob", "dry_run", "parse_dry_run"]
