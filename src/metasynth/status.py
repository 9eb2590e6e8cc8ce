"""Where the review stands (`metasynth status`): what the last run wrote, and what Snakemake would
run next.

Nothing is recomputed here: each fact is read from the table of the stage that owns it, as the
last run of the workflow wrote it under results/ — the search runs and what each added
(versions/runs.csv), entries, records and publications (dedup/summary.csv), publications per
status (screening/status_counts.csv), open conflicts (screening/conflicts.csv), the to-do lists
(todo/*.csv: each count shown is a number of rows), the notices of the stages. When the workflow
last ran is the time of the newest file under results/; whether it stopped half-way comes from
Snakemake's incomplete markers (.snakemake/incomplete/) and the rule logs (results/logs/*.log),
where a rule that failed left its error; whether it was cut short (killed, Ctrl-C) from those
markers and its lock (.snakemake/locks), unless a Snakemake run is working in the folder now.

What is out of date, and why, is Snakemake's answer: a dry run (`metasynth.dryrun`), whose jobs
name the inputs changed since the last run. The results are up to date only when the dry run has
nothing to do.

`review_status(root, config_file=..., results=...)` returns a `ReviewStatus`; `format_status`
writes it for a terminal. It is blocked (exit status 1 of the command) when Snakemake cannot plan
the run (an invalid config, a missing input: its message), when the last run failed (the rule's
error from its log), when the last run was cut short (a plain run stops on what it left: the
commands that pick it up), when an output of the last run changed since (`metasynth.run_outputs`:
the next run would build on it), or while conflicts are open (the resolver settles them).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import re
import stat
import sys
from base64 import urlsafe_b64decode
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from metasynth.confidence.judgements import missing_counts, missing_phrase
from metasynth.config import DEFAULT_CONFIG, check_config_file, schema_default
from metasynth.dryrun import STOPPED_RUN, DryRun, dry_run, explain, input_changes
from metasynth.errors import InputError
from metasynth.ingest import DEFAULT_IGNORE, discover_exports
from metasynth.notices import NOTICE_TABLES, ShownNotice, notice_kind, shown_notices, summarise
from metasynth.recover import LOCK_FOLDER, running_snakemake
from metasynth.run_outputs import RUN_COMMAND, changed_outputs, fix_hint, read_output
from metasynth.screen.summary import earlier_versions_open
from metasynth.searches import MANIFEST_NAME, assign_runs, load_searches
from metasynth.tables import read_table
from metasynth.text import plural, records_identified, records_set_aside
from metasynth.todo import CODE_STUDY_TASK
from metasynth.todo import STAGES as TODO_STAGES
from metasynth.validation import load_yaml

RECOVER_COMMANDS = f"`python -m metasynth.recover`, then `{RUN_COMMAND} --rerun-incomplete`"
"""What picks up an interrupted run (`make run` does both): the lock removed when no other run
is going on, and the jobs that were cut short run again."""

_LOG_LINE = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+: ?(.*)$")


@dataclass(frozen=True)
class Blocker:
    """A problem that stops the next run or stage, and what to do about it."""

    problem: str
    what_to_do: str = ""
    conflicts_at: str = ""  # the stage of open conflicts: the rest of the review can go on


@dataclass(frozen=True)
class LastRun:
    """When the workflow last wrote results/, and whether that run stopped half-way."""

    when: dt.datetime | None = None
    newest_file: str = ""
    incomplete: tuple[str, ...] = ()  # outputs Snakemake marked incomplete (a killed run)
    failures: tuple[tuple[str, Blocker], ...] = ()  # (log file, its error) of each failed rule
    locked: bool = False  # a lock in .snakemake/locks
    running: tuple[int, ...] = ()  # Snakemake processes working in the folder now

    @property
    def stopped(self) -> bool:
        return bool(self.incomplete or self.failures)

    @property
    def interrupted(self) -> bool:
        """Cut short (killed, Ctrl-C, a closed terminal) and not going on: a plain run would stop
        on its incomplete outputs or its lock."""
        return not self.running and bool(self.incomplete or self.locked)


@dataclass
class ReviewStatus:
    """Everything `metasynth status` reports (see the module docstring)."""

    title: str = ""
    last_run: LastRun = field(default_factory=LastRun)
    plan: DryRun = field(default_factory=DryRun)
    causes: list[tuple[str, list[str]]] = field(default_factory=list)  # (rule, why) per job
    runs: pd.DataFrame | None = None
    dedup_counts: dict[str, int] = field(default_factory=dict)
    status_counts: pd.DataFrame | None = None
    conflicts: pd.DataFrame | None = None
    todo: dict[str, pd.DataFrame] = field(default_factory=dict)
    missing_judgements: pd.DataFrame | None = None  # GRADE-CERQual components not judged yet
    judgements_file: str = ""
    findings_file: str = ""
    progress: pd.DataFrame | None = None  # results/progress.csv: each step's state
    notices: list[ShownNotice] = field(default_factory=list)
    damaged: dict[str, str] = field(default_factory=dict)  # output → what is wrong with it
    blockers: list[Blocker] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(self.blockers)

    @property
    def has_run(self) -> bool:
        return self.last_run.when is not None

    @property
    def has_tables(self) -> bool:
        """Whether the last run wrote any of the tables shown."""
        tables = (self.runs, self.status_counts, self.conflicts)
        return bool(self.dedup_counts or self.todo or any(t is not None for t in tables))

    @property
    def latest_version(self) -> int:
        if self.runs is None or self.runs.empty:
            return 1
        return int(pd.to_numeric(self.runs["review_version"], errors="coerce").max())

    @property
    def coding_todo(self) -> tuple[int, int]:
        """(included studies to code, codes to map to the codebook): the rows of the coding
        to-do list, by task."""
        table = self.todo.get("coding")
        if table is None:
            return 0, 0
        n_studies = int((table["task"] == CODE_STUDY_TASK).sum())
        return n_studies, len(table) - n_studies


# --------------------------------------------------------------------------- the last run


def _incomplete_outputs(snakemake_dir: Path) -> tuple[str, ...]:
    """The outputs Snakemake marked incomplete (its markers are the paths in base64)."""
    folder = snakemake_dir / "incomplete"
    if not folder.is_dir():
        return ()
    names = []
    for marker in sorted(p for p in folder.rglob("*") if p.is_file()):
        encoded = "".join(part.lstrip("@") for part in marker.relative_to(folder).parts)
        try:
            names.append(urlsafe_b64decode(encoded).decode())
        except ValueError:
            names.append(marker.name)
    return tuple(sorted(names))


def log_error(log_file: Path) -> Blocker | None:
    """The error a rule's log ends on (`metasynth.workflow.run_rule` writes bad input as one
    ERROR line with its "what to do", a bug as CRITICAL with a traceback), or None."""
    try:
        lines = log_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    start = next(
        (i for i, line in enumerate(lines) if line.startswith(("ERROR ", "CRITICAL "))), None
    )
    if start is None:
        return None
    first = _LOG_LINE.match(lines[start])
    problem = first.group(2) if first else lines[start]
    rest = []
    for line in lines[start + 1 :]:
        if _LOG_LINE.match(line):
            break
        rest.append(line)
    if lines[start].startswith("CRITICAL") and rest:  # a bug: its traceback's last line
        return Blocker(f"{problem}: {rest[-1].strip()}", f"see {log_file.as_posix()}")
    text = "\n".join([problem, *rest]).strip()
    problem, _, what_to_do = text.partition("\n  what to do: ")
    return Blocker(problem.strip(), what_to_do.strip())


def _shown(path: Path, root: Path) -> str:
    """`path` relative to the project folder when it is inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_last_run(results: Path, snakemake_dir: Path) -> LastRun:
    """When the workflow last wrote into `results` (its newest file, logs included), the
    outputs left incomplete and the error of each rule whose log ends on one."""
    # a run going on now removes its temporary files between the listing and the stat
    times = {path: _mtime(path) for path in results.rglob("*")} if results.is_dir() else {}
    files = {path: when for path, when in times.items() if when is not None}
    incomplete = _incomplete_outputs(snakemake_dir)
    locked = any((snakemake_dir.parent / LOCK_FOLDER).glob("*.lock"))
    running = _running(snakemake_dir.parent)
    if not files:
        return LastRun(incomplete=incomplete, locked=locked, running=running)
    # a run going on writes each output as a hidden temporary file first
    # (`.corpus_years.png.<pid>-….partial`): not the name of a run's last output
    shown = [path for path in files if not path.name.startswith(".")] or list(files)
    newest = max(shown, key=lambda path: files[path])
    failures = []
    for log_file in sorted((results / "logs").glob("*.log")):
        error = log_error(log_file)
        if error is not None:
            failures.append((_shown(log_file, results.parent), error))
    return LastRun(
        when=dt.datetime.fromtimestamp(files[newest], tz=dt.UTC),
        newest_file=_shown(newest, results.parent),
        incomplete=incomplete,
        failures=tuple(failures),
        locked=locked,
        running=running,
    )


def _mtime(path: Path) -> float | None:
    """The modification time of a file, None for a folder or a file gone since it was listed."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_mtime if stat.S_ISREG(info.st_mode) else None


def _running(root: Path) -> tuple[int, ...]:
    """The Snakemake runs working in `root` now (none known where processes cannot be listed)."""
    try:
        return tuple(running_snakemake(root))
    except OSError:
        return ()


# --------------------------------------------------------------------------- the tables


def _table(
    results: Path,
    name: str,
    damaged: dict[str, str],
    require: tuple[str, ...] = (),
    *,
    running: bool = False,
) -> pd.DataFrame | None:
    """A table the last run wrote (None when it has not, or it is damaged: then what is wrong
    with it goes into `damaged`, by its path). While a run is `running`, it rewrites the tables
    before it rewrites their checksums in results/manifest.tsv: a table is read as it is."""
    path = results / name
    if not path.is_file():
        return None
    try:
        if running:
            return read_table(path, require=require)
        return read_output(path, results, require=require)
    except InputError as error:
        if not running:
            damaged.setdefault(_shown(path, results.parent), error.message)
        return None
    except OSError:  # replaced or removed by the run going on
        return None


def read_notices(
    results: Path, damaged: dict[str, str] | None = None, *, running: bool = False
) -> list[ShownNotice]:
    """Each notice of the stages' notice tables (`metasynth.notices.NOTICE_TABLES`), in table
    order; a damaged table goes into `damaged`."""
    notices = []
    for name in NOTICE_TABLES:
        table = _table(
            results, name, {} if damaged is None else damaged, ("message",), running=running
        )
        if table is not None:
            notices += shown_notices(table, f"results/{name}")
    return notices


def _read_results(status: ReviewStatus, results: Path) -> None:
    """The facts of the last run, each from the table that owns it; every output of the run
    that changed since (`changed_outputs`) goes into `status.damaged`, unless a run going on
    now is rewriting them."""
    damaged = status.damaged
    running = bool(status.last_run.running)
    if not running:
        damaged.update(changed_outputs(results))
    table = partial(_table, running=running)
    status.runs = table(results, "versions/runs.csv", damaged, ("review_version",))
    summary = table(results, "dedup/summary.csv", damaged, ("section", "key", "n"))
    if summary is not None:
        counts = summary[summary["section"] == "input"]
        status.dedup_counts = {
            str(key): int(n) for key, n in zip(counts["key"], counts["n"], strict=True)
        }
    status.status_counts = table(results, "screening/status_counts.csv", damaged)
    status.conflicts = table(results, "screening/conflicts.csv", damaged, ("record_id", "stage"))
    for stage in TODO_STAGES:
        todo = table(results, f"todo/{stage}.csv", damaged)
        if todo is not None:
            status.todo[stage] = todo
    status.missing_judgements = table(results, "confidence/missing_judgements.csv", damaged)
    status.progress = table(results, "progress.csv", damaged, ("step", "state"))
    status.notices = read_notices(results, damaged, running=running)


def _section(config_file: Path, name: str) -> dict[str, Any]:
    """One section of the config file, {} where it is missing or unreadable (the dry run says
    what is wrong with it)."""
    try:
        config = load_yaml(config_file)
    except InputError:
        return {}
    section = config.get(name) if isinstance(config, dict) else None
    return section if isinstance(section, dict) else {}


def _title(config_file: Path) -> str:
    return str(_section(config_file, "project").get("title") or "")


def _manifest_blocker(root: Path, config_file: Path) -> Blocker | None:
    """What is wrong with the search-run manifest (data/raw/searches.yaml), checked as ingestion
    checks it: the dry run plans a run that ingestion would stop on a missing or misnamed
    export, or on an export no run lists (one added to a finished review), so without this the
    review would read "Nothing blocks"."""
    ingest = _section(config_file, "ingest")
    manifest = Path(str(ingest.get("raw_dir") or "data/raw")) / MANIFEST_NAME
    if not (root / manifest).is_file():
        return None
    ignore = ingest.get("ignore")
    patterns = [str(p) for p in ignore] if isinstance(ignore, list) else list(DEFAULT_IGNORE)
    try:
        with contextlib.chdir(root):  # paths in its messages as the run, in the project, names them
            runs = load_searches(manifest, patterns)
            exports = discover_exports(manifest.parent, patterns)
            assign_runs(runs, exports, manifest.parent, patterns)
    except InputError as error:
        return _blocker_of(error)
    return None


def _configfile_blocker(root: Path, overrides: Sequence[str | Path]) -> Blocker | None:
    """What is wrong with a --configfile that is not YAML keys with values (a tab, a bracket
    left open, a list): Snakemake reads it before any code of the workflow runs and refuses it in
    words that name no file or line ("Config file is not valid JSON or YAML"); this reading
    (`config.check_config_file`) names both."""
    for path in overrides:
        try:
            with contextlib.chdir(root):  # the file named as the user gave it
                check_config_file(path)
        except InputError as error:
            return _blocker_of(error)
    return None


def _blocker_of(error: InputError) -> Blocker:
    problem, _, what_to_do = str(error).partition("\n  what to do: ")
    return Blocker(problem, what_to_do)


# --------------------------------------------------------------------------- blockers


def _plan_blocker(error: str) -> Blocker:
    """Snakemake's message when it cannot plan the run, in a few lines."""
    lines = error.splitlines()
    text = "\n".join(lines[:6]) + ("\n…" if len(lines) > 6 else "")
    problem, _, what_to_do = text.partition("\n  what to do: ")
    return Blocker(
        f"Snakemake cannot plan the next run: {problem.strip()}",
        what_to_do.strip() or f"fix what it names, then check with `{RUN_COMMAND} -n`",
    )


def _conflict_blockers(conflicts: pd.DataFrame | None) -> list[Blocker]:
    if conflicts is None or conflicts.empty:
        return []
    blockers = []
    for stage, group in conflicts.groupby("stage", sort=False):
        ids = ", ".join(group["record_id"].astype(str).head(5))
        more = f" and {len(group) - 5} more" if len(group) > 5 else ""
        todo = f"results/todo/{stage}.csv; the conflicts: results/screening/conflicts.csv"
        what = f"the resolver adds one {stage} row for each (what to write: {todo})"
        advice = group["what_to_do"].astype(str) if "what_to_do" in group else pd.Series(dtype=str)
        if advice.str.startswith("no reviewer has the role").any():  # one reviewer alone
            what = (
                "no reviewer has the resolver role: the reviewer who decided edits their row "
                f"to include or exclude (where, and who: {todo}), or add a reviewer with that role"
            )
        blockers.append(
            Blocker(f"{len(group)} open {stage} conflict(s): {ids}{more}", what, str(stage))
        )
    return blockers


def _blockers(
    status: ReviewStatus, manifest: Blocker | None, configfile: Blocker | None = None
) -> list[Blocker]:
    blockers = []
    if status.plan.error:
        blockers.append(configfile or _plan_blocker(status.plan.error))
    failed_on = {error.problem for _, error in status.last_run.failures}
    if manifest is not None and manifest.problem not in failed_on:
        blockers.append(manifest)
    run = status.last_run
    if run.interrupted:
        left = []
        if run.incomplete:
            left.append(f"{plural(len(run.incomplete), 'output')} left incomplete")
        if run.locked:
            left.append("its lock left in .snakemake/locks")
        blockers.append(
            Blocker(
                f"the last run was interrupted: {' and '.join(left)}; `{RUN_COMMAND}` alone "
                "stops on them",
                f"run {RECOVER_COMMANDS}",
            )
        )
    for path, problem in sorted(status.damaged.items()):
        blockers.append(Blocker(f"{path}: {problem}", fix_hint(path)))
    for log_file, error in status.last_run.failures:
        failure = rule_failure(Path(log_file).stem, log_file, error)
        blockers.append(Blocker(f"the last run stopped: {failure.problem}", failure.what_to_do))
    return blockers + _conflict_blockers(status.conflicts)


def rule_failure(rule: str, log_file: str, error: Blocker) -> Blocker:
    """A rule that failed, with the error its log ends on (`log_error`), as `metasynth status`
    and the end of a failed run (`failed_jobs_note`) both say it."""
    return Blocker(
        f"rule {rule} failed ({log_file}): {error.problem}",
        error.what_to_do or f"fix what the error names, then run `{RUN_COMMAND}`",
    )


def failed_jobs_note(jobs: Sequence[tuple[str, Sequence[str]]]) -> str:
    """What the failed jobs of a run said, in the words of their logs: for each (rule, its log
    files), the error a log ends on, and then where to look for the rest (`metasynth status`).
    A job whose logs hold no error (killed, or stopped before it could log) is named with
    them; Snakemake's own message above says why."""
    lines = []
    for rule, log_files in sorted(jobs):
        errors = [(path, log_error(Path(path))) for path in log_files]
        said = [rule_failure(rule, path, error) for path, error in errors if error is not None]
        if not said:
            logs = ", ".join(log_files) or "no log"
            said = [Blocker(f"rule {rule} failed ({logs}): Snakemake's message above says why")]
        for failure in said:
            lines.append("metasynth: " + failure.problem.replace("\n", "\n  "))
            if failure.what_to_do:
                lines.append("  what to do: " + failure.what_to_do.replace("\n", "\n    "))
    lines.append(
        "metasynth: `metasynth status` shows where the review stands and all that blocks it"
    )
    return "\n".join(lines)


def say_what_failed(workflow: Any) -> None:
    """The Snakefile's `onerror:` handler: print, last, what the log of each failed job says
    (`failed_jobs_note`). A failed run ends on Snakemake's own lines (the job's traceback, its
    log's path, "At least one job did not complete successfully"), some twenty lines below the
    error that names the file, the line and what to do.

    Snakemake calls the handler before its closing lines, so the note is printed as the process
    exits, after them. The failed jobs are Snakemake's scheduler's (its `failed` set: Snakemake
    9 has no public list of them); a group job's are each of its jobs."""
    jobs = []
    for failed in getattr(workflow.scheduler, "failed", ()):
        for job in getattr(failed, "jobs", None) or [failed]:
            jobs.append((job.rule.name, [str(path) for path in job.log]))
    if jobs:
        note = failed_jobs_note(jobs)
        atexit.register(lambda: print(f"\n{note}", file=sys.stderr, flush=True))


def review_status(
    root: str | Path, *, config_file: str | Path, results: str | Path
) -> ReviewStatus:
    """Where the review under `root` stands (see the module docstring): its config file and
    results folder are given relative to `root`."""
    root = Path(root)
    status = ReviewStatus(title=_title(root / config_file))
    confidence = _section(root / config_file, "confidence")
    status.judgements_file = str(
        confidence.get("judgements") or schema_default("confidence", "judgements")
    )
    status.findings_file = str(
        confidence.get("findings") or schema_default("confidence", "findings")
    )
    status.last_run = read_last_run(root / results, root / ".snakemake")
    # the Snakefile's own `configfile:` is read anyway; any other file is a --configfile override
    overrides = [] if Path(config_file) == DEFAULT_CONFIG else [config_file]
    status.plan = dry_run(root, configfiles=overrides)
    status.causes = [
        (job.rule, explain(job, root)) for job in status.plan.jobs if not job.is_upstream_only
    ]
    if status.has_run:
        _read_results(status, root / results)
    configfile = _configfile_blocker(root, overrides) if status.plan.error else None
    status.blockers = _blockers(status, _manifest_blocker(root, root / config_file), configfile)
    return status


# --------------------------------------------------------------------------- text


def _runs_lines(status: ReviewStatus) -> list[str]:
    runs = status.runs
    if runs is None or runs.empty:
        return ["Search runs: none declared (data/raw/searches.yaml)"]
    lines = [f"Search runs (latest review version {status.latest_version}):"]
    width = max(len(str(r)) for r in runs["search_run"])
    db_width = max(32, *(len(str(d)) for d in runs["database"]))  # never cut a name short
    for run in runs.to_dict("records"):
        # PRISMA's "records identified" are the entries as exported; an entry exported twice
        # (two overlapping files of one search) is one record
        n_entries, n_records = int(run["n_entries"]), int(run["n_records"])
        distinct = f" ({n_records:,} distinct)" if n_records != n_entries else ""
        line = (
            f"  v{run['review_version']}  {run['search_run']!s:{width}}  "
            f"{run['database']!s:{db_width}}  {run['date_searched']}"
            f"  {n_entries:>6,} record{'' if n_entries == 1 else 's'} identified{distinct}, "
            f"{plural(int(run['n_added_publications']), 'new publication')}"
        )
        if int(run["n_previous_version_publications"]):
            line += f", {int(run['n_previous_version_publications']):,} found by earlier versions"
        lines.append(line)
    return lines


def _stage_lines(status: ReviewStatus) -> list[str]:
    counts = status.status_counts
    if counts is None or not status.dedup_counts:
        return ["Publications per stage: not counted yet (the last run stopped before)"]
    n = status.dedup_counts
    new = status.latest_version > 1
    header = f"  {'':38}{'all':>7}" + (f"{f'new (v{status.latest_version})':>12}" if new else "")
    # the publications are PRISMA's records after duplicates removed and reports linked to
    # their study (docs/user-guide.md): identified − both = publications
    identified = records_identified(n.get("entries", 0), n.get("records", 0))
    set_aside = records_set_aside(
        n.get("duplicates_removed", 0), n.get("linked_reports", 0), " and "
    )
    lines = [
        f"Publications: {n.get('publications', 0):,} from {identified}, after {set_aside}, "
        "as the last run counted them:",
        header,
    ]
    for row in counts.to_dict("records"):
        n_all, n_new = int(row["n_publications"]), int(row["n_new_publications"])
        if n_all or (new and n_new):
            lines.append(f"  {row['label']!s:38}{n_all:>7,}" + (f"{n_new:>12,}" if new else ""))
    return lines + (_earlier_open_lines(counts, status.latest_version) if new else [])


def _earlier_open_lines(counts: pd.DataFrame, version: int) -> list[str]:
    """A word when publications of earlier review versions are still open (the stage counted
    them: `metasynth.screen.summary.earlier_versions_open`)."""
    return [f"  {line}" for line in earlier_versions_open(counts, version)]


def _todo_lines(status: ReviewStatus) -> list[str]:
    conflicts = status.conflicts
    if conflicts is None:
        lines = ["Open conflicts: not known (the last run did not write them)"]
    else:
        lines = [
            f"Open conflicts: {len(conflicts):,}" if len(conflicts) else "Open conflicts: none"
        ]
    if status.todo:
        rows = ", ".join(f"{stage} {len(table):,}" for stage, table in status.todo.items())
        lines.append(f"To-do (rows of results/todo/*.csv{_todo_behind(status)}): {rows}")
    n_studies, n_codes = status.coding_todo
    pairs = _step_waiting_for(status, "deduplication")
    if pairs:
        lines.append(f"Deduplication: {pairs}")
    lines.append(
        f"Coding to-do: {n_studies:,} included {'study' if n_studies == 1 else 'studies'} "
        f"to code; {plural(n_codes, 'code')} not in the codebook"
    )
    missing = status.missing_judgements
    if missing is not None and len(missing):
        findings = missing["finding"].nunique()
        lines.append(
            f"GRADE-CERQual: {missing_phrase(missing, 'judgement')}, for "
            f"{plural(findings, 'finding')} ({_judgements_where(status)})"
        )
    return lines


def _todo_behind(status: ReviewStatus) -> str:
    """A warning when the to-do lists are older than the counts above them: the last run
    rewrote the publications per stage, then stopped before the lists (Snakemake would rerun
    `list_todo` but not `summarise_screening`), so the two would disagree unsaid."""
    if status.plan.job("list_todo") is None or status.plan.job("summarise_screening"):
        return ""
    if status.status_counts is None:
        return ""
    return ", left by an earlier run than the counts above: the next run rewrites them"


def _judgements_where(status: ReviewStatus) -> str:
    """Where the missing judgements are listed and where they are written."""
    into = f" → {status.judgements_file}" if status.judgements_file else ""
    return f"results/confidence/missing_judgements.csv{into}"


def _run_lines(status: ReviewStatus) -> list[str]:
    run = status.last_run
    if run.when is None:
        lines = ["Last run: none (results/ is empty)"]
    else:
        lines = [f"Last run: {run.when.strftime('%Y-%m-%d %H:%M UTC')} ({run.newest_file})"]
    if run.running:
        lines.append(
            f"  a Snakemake run is working in this folder now (process "
            f"{', '.join(map(str, run.running))}): the counts are those of the last finished one"
        )
    elif run.incomplete:
        lines.append(
            f"  the last run stopped before finishing ({len(run.incomplete)} incomplete "
            f"output(s): {', '.join(run.incomplete[:3])}{' …' if len(run.incomplete) > 3 else ''})"
        )
    plan = status.plan
    if plan.error:
        lines.append("  Snakemake cannot plan the next run (see below)")
    elif plan.up_to_date:
        lines.append("  results are up to date: Snakemake has nothing to run (dry run)")
    elif run.when is None:
        lines.append(f"  the first run will execute {plural(len(plan.jobs), 'job')}")
    else:
        lines += _stale_lines(status)
    return lines


def _stale_lines(status: ReviewStatus, limit: int = 6) -> list[str]:
    """Why the results are stale: each job Snakemake would run on its own account, and why (the
    jobs whose only reason is a missing output in one line)."""
    n_jobs = len(status.plan.jobs)
    lines = [f"  results are stale: Snakemake would run {plural(n_jobs, 'job')}, because"]
    missing = [rule for rule, why in status.causes if _only_missing(why)]
    causes = [(rule, why) for rule, why in status.causes if not _only_missing(why)]
    if status.last_run.running:  # the outputs marked incomplete are those being written now
        causes = [
            (rule, [w.replace(STOPPED_RUN, "being written by the run working now") for w in why])
            for rule, why in causes
        ]
    for rule, why in causes[:limit]:
        lines.append(f"    {rule}: {'; '.join(why) or 'see `snakemake -n`'}")
    if len(causes) > limit:
        lines.append(f"    and {len(causes) - limit} more (`{RUN_COMMAND} -n` lists them)")
    if missing:
        shown = ", ".join(missing[:limit]) + (" …" if len(missing) > limit else "")
        lines.append(f"    {plural(len(missing), 'job')} whose outputs are missing: {shown}")
    n_after = n_jobs - len(status.causes)
    if n_after:
        lines.append(f"    and {plural(n_after, 'job')} downstream of these")
    return lines


def stale_results_note(root: str | Path, tables: Sequence[str], results: str = "results") -> str:
    """What a command that shows `tables` (paths under `results`) says first when they are
    stale, judged as status judges it, by Snakemake's dry run (for those tables only): that they
    are older than the input files changed, new or gone since the last run, and to run the
    workflow first. "" when they are up to date, or when `root` holds no workflow to ask."""
    root = Path(root)
    if not any((root / name).is_file() for name in ("Snakefile", "workflow/Snakefile")):
        return ""
    shown = f"{results}/"
    targets = [f"{shown}{table}" for table in tables if (root / results / table).is_file()]
    plan = dry_run(root, targets=targets)
    # `make run` is the demo clone's command; a project of `metasynth init` has no Makefile
    make = " (`make run`)" if (root / "Makefile").is_file() else ""
    what = f"what follows is the state of the last run; run `{RUN_COMMAND}`{make} first"
    if plan.error:
        return (
            f"cannot tell whether {shown} is up to date: Snakemake cannot plan the next run "
            "(`metasynth status` shows why)"
        )
    if plan.up_to_date:
        return ""
    files: dict[str, str] = {}
    for job in plan.jobs:
        changed, added, gone = input_changes(job, root)
        for names, how in ((changed, "changed"), (added, "new"), (gone, "gone")):
            for name in names:
                if not name.startswith(shown):  # an input of the user's, not an output
                    files.setdefault(name, how)
    if files:
        named = [f"{name} ({how} since the last run)" for name, how in sorted(files.items())]
        listed = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
        return f"{shown} is older than {listed}: {what}"
    why = next((phrase for job in plan.jobs for phrase in explain(job, root)), "")
    because = f" ({why})" if why else ""
    return (
        f"{shown} is not up to date: Snakemake would run {plural(len(plan.jobs), 'job')}"
        f"{because}: {what}"
    )


def say_if_stale(results: Path, tables: Sequence[str]) -> None:
    """`stale_results_note` on stderr, first, for a command that shows what `tables` hold."""
    results = results.resolve()
    note = stale_results_note(results.parent, tables, results=results.name)
    if note:
        print(f"note: {note}", file=sys.stderr, flush=True)


def _only_missing(why: list[str]) -> bool:
    return bool(why) and all(phrase.startswith("output missing") for phrase in why)


def _decisions_changed(status: ReviewStatus) -> bool:
    """Whether Snakemake would settle the screening again for a changed input (decision rows
    written since the last run), not only for a missing output."""
    return any(
        rule == "screen_publications" and not _only_missing(why) for rule, why in status.causes
    )


TODO_STEPS = {
    "title_abstract": ("screen", "publication", "publications"),
    "retrieval": ("retrieve", "report", "reports"),
    "full_text": ("assess", "full text", "full texts"),
    "appraisal": ("appraise", "study", "studies"),
}
"""How the next step names the rows of each to-do list (coding has its own two kinds)."""


LAST_RUNS_TODO = "the to-do counts above are the last run's"


def _inputs_changed(status: ReviewStatus) -> bool:
    """Whether Snakemake would run a job for a changed input (decision rows, appraisals, codes,
    an export, the config or metasynth itself), not only for a missing output: when the to-do
    lists are rewritten after it, the last run's may be settled already."""
    return any(not _only_missing(why) for _, why in status.causes)


def _next_step(status: ReviewStatus) -> str:
    if status.last_run.running:
        return "wait for the run working in this folder to finish, then `metasynth status` again"
    if status.blocked:
        if status.last_run.interrupted:
            return f"fix the problems above; run {RECOVER_COMMANDS}"
        fix = f"fix the problems above, then run `{RUN_COMMAND}`"
        at = {blocker.conflicts_at for blocker in status.blockers}
        if "" not in at and _decisions_changed(status):
            # the conflicts are those the last run counted: a resolver's rows written since
            # are not in results/ yet, and "fix the problems above" would ask for them again
            return (
                f"run `{RUN_COMMAND}`: the decision files changed since the last run counted "
                "the conflicts above (rows written since may settle them); then "
                "`metasynth status` again"
            )
        if "" in at or not status.plan.up_to_date:
            return fix
        # only conflicts block, and the to-do lists are those of the inputs: the publications
        # the screeners agree on go on to the next stages meanwhile
        meanwhile = _open_steps(status, skip=at)
        return f"{fix}; meanwhile {'; '.join(meanwhile)}" if meanwhile else fix
    if not status.has_run:
        return f"run `{RUN_COMMAND}` to build results/ (then `metasynth status` again)"
    steps = []
    if not status.plan.up_to_date:
        steps.append(f"run `{RUN_COMMAND}` to bring results/ up to date")
        if status.plan.job("list_todo") is not None and _inputs_changed(status):
            # the rows written since are not counted yet: naming the last run's to-do lists
            # would ask for work that may be done ("screen 66" after 66 decisions)
            return f"{steps[0]}; then `metasynth status` again ({LAST_RUNS_TODO})"
    steps += _open_steps(status)
    return "; then ".join(steps) if steps else "nothing: every stage is settled"


def _open_steps(status: ReviewStatus, skip: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """What the reviewers have to do, stage by stage, leaving out the to-do lists of `skip`."""
    steps = []
    pairs = _step_waiting_for(status, "deduplication")
    if pairs:  # the stage the report's banner names; screening goes on meanwhile
        steps.append(f"decide {pairs}")
    for stage, (verb, one, many) in TODO_STEPS.items():
        n_rows = 0 if stage in skip else len(status.todo.get(stage, ()))
        if n_rows:
            steps.append(f"{verb} {plural(n_rows, one, many)} (results/todo/{stage}.csv)")
    n_studies, n_codes = status.coding_todo
    if n_studies or n_codes:
        what = [f"code {plural(n_studies, 'study', 'studies')}"] if n_studies else []
        what += [f"map {plural(n_codes, 'code')} to the codebook"] if n_codes else []
        steps.append(f"{' and '.join(what)} (results/todo/coding.csv)")
    missing = status.missing_judgements
    if missing is not None and len(missing):
        to_make, to_restate = missing_counts(missing)
        what = [f"make {plural(to_make, 'GRADE-CERQual judgement')}"] if to_make else []
        if to_restate:
            noun = "" if to_make else f" GRADE-CERQual judgement{'' if to_restate == 1 else 's'}"
            what.append(f"re-assess {to_restate:,}{noun} with the later version's studies")
        steps.append(f"{' and '.join(what)} ({_judgements_where(status)})")
    elif _step_state(status, "confidence") == "open":
        steps.append(
            f"write the review findings in {status.findings_file} for GRADE-CERQual "
            "(docs/cerqual.md)"
        )
    return steps


def _step_state(status: ReviewStatus, step: str) -> str:
    """The state results/progress.csv gives a step ("" when it has no such row)."""
    return _step_value(status, step, "state")


def _step_waiting_for(status: ReviewStatus, step: str) -> str:
    """What results/progress.csv says an open step waits for ("" when it is not open)."""
    if _step_state(status, step) != "open":
        return ""
    return _step_value(status, step, "waiting_for")


def _step_value(status: ReviewStatus, step: str, column: str) -> str:
    progress = status.progress
    if progress is None or "step" not in progress or column not in progress:
        return ""
    rows = progress[progress["step"].astype(str) == step]
    value = rows[column].iloc[0] if len(rows) else ""
    return "" if pd.isna(value) else str(value)


def _blocker_lines(status: ReviewStatus) -> list[str]:
    if not status.blocked:
        return ["Nothing blocks the next stage."]
    lines = [f"BLOCKED: {plural(len(status.blockers), 'problem')} to fix first:"]
    for blocker in status.blockers:
        lines.append("  - " + blocker.problem.replace("\n", "\n    "))
        if blocker.what_to_do:
            lines.append("    what to do: " + blocker.what_to_do.replace("\n", "\n      "))
    return lines


def format_status(status: ReviewStatus) -> str:
    """The status as plain text (stable order, for a terminal or a log)."""
    lines = [f"metasynth status: {status.title}" if status.title else "metasynth status", ""]
    lines += _run_lines(status)
    if status.has_tables:
        lines += ["", *_runs_lines(status), "", *_stage_lines(status), "", *_todo_lines(status)]
    elif status.has_run:
        lines += ["", "No tables yet: the last run stopped before writing any"]
    if status.notices:
        n_kinds = len({notice_kind(notice.message) for notice in status.notices})
        lines += ["", f"Notices ({len(status.notices):,}, {plural(n_kinds, 'kind')}):"]
        lines += summarise(status.notices)
    lines += ["", *_blocker_lines(status), f"Next: {_next_step(status)}."]
    return "\n".join(lines) + "\n"


__all__ = [
    "Blocker",
    "LastRun",
    "ReviewStatus",
    "failed_jobs_note",
    "format_status",
    "read_last_run",
    "review_status",
    "say_if_stale",
    "say_what_failed",
    "stale_results_note",
]
