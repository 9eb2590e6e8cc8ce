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
look while a run is going. Its answer is kept (`metasynth.dryrun_cache`) and given again while
nothing it depends on has changed: asking twice costs one dry run.

`explain(job, root)` says in words why a job would run, naming the files: the inputs Snakemake
found updated, and for "Set of input files has changed" the inputs added or gone since the run
that wrote the job's outputs (Snakemake's own record of that run, `.snakemake/metadata/`).
"""

from __future__ import annotations

import heapq
import json
import os
import re
import subprocess
import sys
import time
from base64 import urlsafe_b64encode
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from metasynth.dryrun_cache import cache_key, keep_answer, read_answer
from metasynth.workflow import FINGERPRINT_PREFIX

_RULE = re.compile(r"^(?:local)?rule (\S+):$")
_FIELD = re.compile(r"^\s+(input|output|log|reason): (.*)$")

_CAUSES = (
    "Forced execution",
    "Rules with",
    "Missing output files",
    "Incomplete output files",
    "Updated input files",
    "Input files updated by another job",
    "Output file is a pipe",
    "Job provides a service",
    "Set of input files has changed",
    "Code has changed",
    "Params have changed",
    "Software environment definition has changed",
)
"""How each part of a Snakemake reason starts (snakemake.jobs.Reason.__str__), in its order."""

_CAUSE_SPLIT = re.compile("; (?=" + "|".join(map(re.escape, _CAUSES)) + ")")


@dataclass(frozen=True)
class PendingJob:
    """One job the next run would execute."""

    rule: str
    reason: str
    outputs: tuple[str, ...] = ()
    logs: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()

    @property
    def is_upstream_only(self) -> bool:
        """Runs only because a job before it runs (its own inputs and settings are unchanged)."""
        return all(part.startswith("Input files updated by another job") for part in self.causes)

    @property
    def causes(self) -> list[str]:
        """The reason split into its parts (Snakemake joins them with "; "; a part's own "; ",
        as in the values of changed params, does not split it)."""
        return [part.strip() for part in _CAUSE_SPLIT.split(self.reason) if part.strip()]


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
                    inputs=_files(current.get("input", "")),
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
    return DryRun(jobs=_in_workflow_order(list(unique.values())))


def _in_workflow_order(jobs: list[PendingJob]) -> tuple[PendingJob, ...]:
    """The jobs in the order the workflow runs them: each after the jobs writing its inputs,
    and otherwise by rule name. Snakemake lists them in an order that changes from one call to
    the next (it iterates over sets of strings), so that a status listing them would too."""
    writer = {output: i for i, job in enumerate(jobs) for output in job.outputs}
    before = [
        {writer[path] for path in job.inputs if path in writer} - {i} for i, job in enumerate(jobs)
    ]
    after: dict[int, list[int]] = {i: [] for i in range(len(jobs))}
    for i, needs in enumerate(before):
        for j in needs:
            after[j].append(i)
    key = [(job.rule, job.outputs) for job in jobs]
    ready = [(key[i], i) for i, needs in enumerate(before) if not needs]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        _, i = heapq.heappop(ready)
        order.append(i)
        for j in after[i]:
            before[j].discard(i)
            if not before[j]:
                heapq.heappush(ready, (key[j], j))
    left = sorted(set(range(len(jobs))) - set(order), key=key.__getitem__)  # a cycle: never
    return tuple(jobs[i] for i in order + left)


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
    noise = ("Assuming unrestricted shared", "Using workflow specific profile")
    kept = [line for line in kept if not line.startswith(noise)]
    return "\n".join(kept) or "snakemake --dry-run failed without a message"


def dry_run(
    root: str | Path = ".",
    *,
    configfiles: Sequence[str | Path] = (),
    targets: Sequence[str] = (),
    timeout: float = 600.0,
) -> DryRun:
    """Ask Snakemake what the next run of the workflow under `root` would do (see module doc),
    or its last answer while nothing it depends on has changed (`metasynth.dryrun_cache`).
    `configfiles`: --configfile overrides, as the run would be given them; `targets`: files
    (relative to `root`) to plan for instead of the whole workflow."""
    command = [sys.executable, "-m", "snakemake", "--dry-run", "--cores", "1"]
    command += ["--nolock", "--rerun-incomplete"]
    for path in configfiles:
        command += ["--configfile", str(path)]
    command += list(targets)
    started_ns = time.time_ns()
    key, keepable = cache_key(root, command)
    kept = read_answer(root, key)
    if kept is not None:
        return parse_dry_run(*kept)
    result = subprocess.run(
        command,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    plan = parse_dry_run(result.stdout, result.returncode)
    if keepable:
        inputs = [*map(str, configfiles), *(name for job in plan.jobs for name in job.inputs)]
        keep_answer(root, key, result.stdout, result.returncode, inputs, started_ns)
    return plan


def _metadata_file(root: Path, output: str) -> Path:
    """Where Snakemake keeps its record of the job that wrote `output` (as
    snakemake.persistence.file does: the path in URL-safe base64, cut into parts that fit a
    file name)."""
    folder = root / ".snakemake" / "metadata"
    try:
        max_len = os.pathconf(folder, "PC_NAME_MAX") or 255
    except (OSError, ValueError):
        max_len = 255
    name = urlsafe_b64encode(output.encode()).decode()
    parts = [name[i : i + max_len - 1] for i in range(0, len(name), max_len - 1)]
    return folder.joinpath(*["@" + part for part in parts[:-1]], parts[-1])


def recorded_inputs(root: str | Path, output: str) -> list[str] | None:
    """The inputs of the run that last wrote `output`, as Snakemake recorded them (None when it
    has no readable record)."""
    try:
        record = json.loads(_metadata_file(Path(root), output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    inputs = record.get("input") if isinstance(record, dict) else None
    return [str(p) for p in inputs] if isinstance(inputs, list) else None


def _listed(files: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(files[:limit])
    return shown + (f" and {len(files) - limit} more" if len(files) > limit else "")


def _after(cause: str) -> list[str]:
    """The files a reason part lists after its colon."""
    return list(_files(cause.split(": ", 1)[1])) if ": " in cause else []


def changed_inputs(job: PendingJob, root: str | Path = ".") -> tuple[list[str], list[str]]:
    """(inputs added, inputs gone) since the run that wrote the job's outputs, when its set of
    input files changed; empty lists when Snakemake has no record to compare with."""
    recorded = recorded_inputs(root, job.outputs[0]) if job.outputs else None
    if recorded is None:
        return [], []
    now, before = set(job.inputs), set(recorded)
    return sorted(now - before), sorted(before - now)


def input_changes(job: PendingJob, root: str | Path) -> tuple[list[str], list[str], list[str]]:
    """(changed, new, gone): the job's inputs updated since the run that wrote its outputs
    (newer than them), added since, or gone since. A new file is newer too: it is only new."""
    updated = [
        name
        for cause in job.causes
        if cause.startswith("Updated input files")
        for name in _after(cause)
    ]
    set_changed = any(cause.startswith("Set of input files has changed") for cause in job.causes)
    if not updated and not set_changed:
        return [], [], []
    added, gone = changed_inputs(job, root)
    return [name for name in updated if name not in added], added, gone


_NAMED_BY = {
    "import_codes": ("a coding source", "the config's synthesis.sources"),
    "ingest_exports": ("an export", "data/raw/searches.yaml"),
}
"""Where a rule's list of input files is written (a file left out of it stays on disk); any
other rule's inputs come from the config."""


def _input_phrases(job: PendingJob, root: str | Path) -> list[str]:
    """What changed among the job's inputs, in words (`input_changes`). An input the last run
    read that is still on disk was left out of the config (or searches.yaml), not deleted."""
    changed, added, gone = input_changes(job, root)
    set_changed = any(cause.startswith("Set of input files has changed") for cause in job.causes)
    kept = [name for name in gone if (Path(root) / name).exists()]
    dropped = [name for name in kept if not name.startswith("results/")]
    earlier = [name for name in kept if name.startswith("results/")]  # another rule's output
    deleted = [name for name in gone if name not in kept]
    phrases = [f"changed since the last run: {_listed(changed)}"] if changed else []
    phrases += [f"new input: {_listed(added)}"] if added else []
    phrases += [f"input gone: {_listed(deleted)}"] if deleted else []
    if dropped:
        what, named_by = _NAMED_BY.get(job.rule, ("an input", "the config"))
        phrases.append(
            f"no longer {what}, as {named_by} no longer names it (the file is still there, "
            f"and the next run leaves it out; name it again to keep it): {_listed(dropped)}"
        )
    phrases += [f"no longer read (an earlier run's output): {_listed(earlier)}"] if earlier else []
    if set_changed and not added and not gone:
        phrases.append("its set of input files changed")
    return phrases


STOPPED_RUN = "left incomplete by a stopped run"
"""Why a job reruns when its outputs are marked incomplete (while a run is going on, the outputs
it is writing are so marked: `metasynth status` words them as such)."""

_PHRASES = {
    "Missing output files": "output missing",
    "Incomplete output files": STOPPED_RUN,
    # dry_run forces nothing itself: a forced job is one --rerun-incomplete reruns
    "Forced execution": STOPPED_RUN,
    "Params have changed": "the settings it reads from the config changed",
    "Code has changed": "its code (rule or script) changed",
}
"""Each cause in words; the output files it names, when it names them, follow."""

_FINGERPRINT = re.compile(rf"'{FINGERPRINT_PREFIX} [^']*'")
_NOTHING = re.compile(r"before:|now:|<nothing exclusive>|[\s,]")
PACKAGE_CHANGED = "metasynth itself changed since its last run (a new version, or its code edited)"


def _params_phrases(cause: str) -> list[str]:
    """A params change in words: the metasynth package the rules run (its fingerprint, a param
    of every rule), the settings read from the config, or both."""
    changes = cause.partition("across all output:")[2]
    package = bool(_FINGERPRINT.search(changes))
    settings = not package or bool(_NOTHING.sub("", _FINGERPRINT.sub("", changes)))
    return [PACKAGE_CHANGED] * package + [_PHRASES["Params have changed"]] * settings


_SAID_ELSEWHERE = (
    "Updated input files",
    "Set of input files has changed",
    "Input files updated by another job",  # the job before it says why
)


def explain(job: PendingJob, root: str | Path = ".") -> list[str]:
    """Why the job would run, in words, one phrase per cause, naming the files: inputs changed,
    new or gone since the last run (`changed_inputs`), outputs missing or left incomplete."""
    phrases = _input_phrases(job, root)
    for cause in job.causes:
        if cause.startswith(_SAID_ELSEWHERE):
            continue
        prefix = next((p for p in _PHRASES if cause.startswith(p)), None)
        if prefix == "Params have changed":
            phrases += _params_phrases(cause)
            continue
        if prefix is None:
            phrases.append(cause[:1].lower() + cause[1:])
            continue
        files = sorted(_after(cause)) if prefix.endswith("files") else []
        phrases.append(_PHRASES[prefix] + (f": {_listed(files, 2)}" if files else ""))
    return phrases


__all__ = [
    "DryRun",
    "PendingJob",
    "changed_inputs",
    "dry_run",
    "explain",
    "parse_dry_run",
    "recorded_inputs",
]
