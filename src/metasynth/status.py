"""Where the review stands, computed from the project's files (`metasynth status`).

Usable before running Snakemake: the stage functions run in memory on the hand-edited files
under `data/` and the config — search runs and exports, deduplication, the automatic rules, the
decision and appraisal files, the record states, the coding — exactly as a run would, so a
problem shows here before a run stops on it. The records and their clusters are read from
`results/` instead when those outputs are newer than every file they depend on (a large corpus
then costs nothing to re-read); everything that reviewers edit is always read afresh.

`review_status(root)` returns a `ReviewStatus`: the search runs and what each added, the
publications per status (and the new ones of the latest review version), open conflicts, the
coding to-do, notices, the problems that block the next stage (each with what to do), when the
workflow last ran and which inputs changed since. `format_status` writes it for a terminal.
Blocking: an export no search run claims, a manifest naming a missing file or two runs claiming
one, any invalid file (the InputError each stage would raise: an unknown record_id in a decision,
a decision out of stage order, codes on a document that is not included, ...), and open
conflicts (the resolver must settle them before those publications move on).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from metasynth.errors import InputError, Notice
from metasynth.screen import STATUS_LABELS, STATUSES

T = TypeVar("T")

RESULT_FILES = {
    "records": "ingest/records.parquet",
    "clusters": "dedup/clusters.csv",
    "publications": "dedup/publications.parquet",
}
"""Outputs reused when fresh (paths under the results folder)."""


@dataclass(frozen=True)
class Blocker:
    """A problem that stops the next run or stage, and what to do about it."""

    problem: str
    what_to_do: str = ""


@dataclass
class ReviewStatus:
    """Everything `metasynth status` reports (see the module docstring)."""

    title: str = ""
    runs: pd.DataFrame = field(default_factory=pd.DataFrame)
    latest_version: int = 1
    n_entries: int = 0
    n_records: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)
    new_counts: dict[str, int] = field(default_factory=dict)
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)
    n_to_code: int = 0
    n_unmapped: int = 0
    notices: list[Notice] = field(default_factory=list)
    blockers: list[Blocker] = field(default_factory=list)
    last_run: dt.datetime | None = None
    last_run_file: str = ""
    interrupted: int = 0
    stale_inputs: list[str] = field(default_factory=list)
    records_from: str = ""  # "results/" or "data/ (computed now)"
    states_known: bool = False

    @property
    def blocked(self) -> bool:
        return bool(self.blockers)

    @property
    def n_publications(self) -> int:
        return sum(self.status_counts.values())


class _Collector:
    """Runs steps, turning each InputError into a blocker instead of stopping."""

    def __init__(self, status: ReviewStatus) -> None:
        self.status = status

    def run(self, step: Callable[[], T], what_to_do: str = "") -> T | None:
        try:
            return step()
        except InputError as error:
            hint = error.hint or what_to_do
            error.hint = None
            self.status.blockers.append(Blocker(str(error), hint))
            return None


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


def last_run(results: Path, snakemake_dir: Path) -> tuple[dt.datetime | None, str, int]:
    """(when the workflow last wrote its final output, which file, incomplete outputs).

    The output manifest is written by the last rule; without it the newest output counts. The
    number of outputs Snakemake marked incomplete (.snakemake/incomplete) says whether the last
    run stopped half-way.
    """
    incomplete_dir = snakemake_dir / "incomplete"
    interrupted = (
        sum(1 for p in incomplete_dir.iterdir() if p.is_file()) if incomplete_dir.is_dir() else 0
    )
    manifest = results / "manifest.tsv"
    if manifest.is_file():
        newest = manifest
    else:
        outputs = (
            [
                p
                for p in results.rglob("*")
                if p.is_file() and "logs" not in p.relative_to(results).parts
            ]
            if results.is_dir()
            else []
        )
        if not outputs:
            return None, "", interrupted
        newest = max(outputs, key=_mtime)
    moment = dt.datetime.fromtimestamp(_mtime(newest), tz=dt.UTC)
    return moment, newest.as_posix(), interrupted


def stale_inputs(inputs: Sequence[Path], since: dt.datetime | None) -> list[str]:
    """The inputs modified after `since`, sorted (none when the workflow never ran: then
    everything is to be run, which the status says on its own line)."""
    if since is None:
        return []
    limit = since.timestamp()
    return sorted(p.as_posix() for p in inputs if p.is_file() and _mtime(p) > limit)


def _fresh(outputs: Sequence[Path], inputs: Sequence[Path]) -> bool:
    """Every output exists and is at least as new as every input."""
    if not all(p.is_file() for p in outputs):
        return False
    return min(_mtime(p) for p in outputs) >= max((_mtime(p) for p in inputs), default=0.0)


def review_status(
    root: str | Path = ".",
    *,
    config_file: str | Path = "config/config.yaml",
    results: str | Path = "results",
) -> ReviewStatus:
    """Where the review under `root` stands (see the module docstring)."""
    from metasynth.appraise import (
        AppraisalSettings,
        not_appraised,
        read_appraisal_files,
        score_appraisals,
        summarise_appraisals,
    )
    from metasynth.config import load_config
    from metasynth.dedup import deduplicate, read_verdicts
    from metasynth.hand_files import hand_edited_files
    from metasynth.ingest import discover_exports
    from metasynth.ingest.run import read_exports
    from metasynth.report.inputs import run_input_files
    from metasynth.screen.decisions import cluster_map, read_decision_files, validate_decisions
    from metasynth.screen.eligibility import apply_eligibility
    from metasynth.screen.settings import ScreeningSettings
    from metasynth.screen.state import AppraisalResult, derive_states
    from metasynth.searches import MANIFEST_NAME, assign_runs, load_searches, runs_table
    from metasynth.tables import read_table
    from metasynth.versions import (
        latest_of,
        publication_versions,
        run_summary,
        run_versions,
        update_notices,
    )

    root = Path(root)
    results_dir = root / results
    status = ReviewStatus()
    collect = _Collector(status)
    status.last_run, status.last_run_file, status.interrupted = last_run(
        results_dir, root / ".snakemake"
    )

    config = collect.run(lambda: load_config(root / config_file))
    if config is None:
        return status
    status.title = str(config.get("project", {}).get("title", ""))
    data_inputs = [Path(p) for p in run_input_files(root / "data", [root / config_file])]
    status.stale_inputs = [
        Path(p).relative_to(root).as_posix() for p in stale_inputs(data_inputs, status.last_run)
    ]

    # ---------------------------------------------------------------- search runs and exports
    ingest = config["ingest"]
    raw_dir = root / ingest["raw_dir"]
    manifest = raw_dir / MANIFEST_NAME
    exports = collect.run(lambda: discover_exports(raw_dir, ingest["ignore"]))
    if exports is None:
        return status
    runs = []
    assignment: dict[str, str] | None = None
    if manifest.is_file():
        loaded = collect.run(lambda: load_searches(manifest))
        if loaded is None:
            return status
        runs = loaded
        status.runs = runs_table(runs)
        assignment = collect.run(lambda: assign_runs(runs, exports, raw_dir, ingest["ignore"]))
        if assignment is None:
            return status
    else:
        status.notices.append(
            Notice(
                "warning",
                "no search manifest: the searches (database, query, date) are not documented",
                file=manifest.as_posix(),
            )
        )
    status.latest_version = latest_of(runs)

    # ---------------------------------------------------------------- records and publications
    verdicts_file = root / config["dedup"]["verdicts"]
    depends = [*exports, manifest, verdicts_file, root / config_file]
    reused = [results_dir / name for name in RESULT_FILES.values()]
    if _fresh(reused, depends):
        records = read_table(reused[0])
        clusters = read_table(reused[1])
        publications = read_table(reused[2])
        status.records_from = f"{results_dir.as_posix()}/ (up to date)"
    else:
        read = collect.run(lambda: read_exports(exports, search_runs=assignment, ignore=()))
        if read is None or read.records is None:
            return status
        records = read.records
        verdicts = collect.run(
            lambda: read_verdicts(verdicts_file) if verdicts_file.is_file() else None
        )
        deduplicated = collect.run(
            lambda: deduplicate(
                records,
                verdicts,
                config["dedup"],
                records_file=str(raw_dir),
                verdicts_file=verdicts_file,
                run_versions=run_versions(runs),
            )
        )
        if deduplicated is None:
            return status
        clusters, publications = deduplicated.clusters, deduplicated.publications
        status.notices += deduplicated.notices
        status.records_from = f"{raw_dir.as_posix()}/ (computed now)"
    status.n_entries = len(records)
    status.n_records = int(records["record_id"].nunique())
    versions = publication_versions(records, clusters, runs)
    if runs:
        status.runs = run_summary(records, clusters, runs, versions)
        status.notices += update_notices(status.runs, manifest.as_posix(), runs)

    # ---------------------------------------------------------------- decisions and states
    settings = ScreeningSettings.from_config(config["screening"])
    members = cluster_map(clusters)
    decision_files = hand_edited_files(root / settings.decisions_dir)
    # Each file read and checked on its own, so that every bad file is listed, then together
    # (the same reviewer deciding a publication twice across files).
    raw_files = [collect.run(partial(read_decision_files, [path])) for path in decision_files]
    for raw in raw_files:
        if raw is not None:
            collect.run(partial(validate_decisions, raw, settings, members))
    decisions = None
    if not status.blockers:
        frames = [r for r in raw_files if r is not None]
        combined = pd.concat(frames, ignore_index=True) if frames else read_decision_files([])
        decisions = collect.run(partial(validate_decisions, combined, settings, members))
    appraisal_settings = AppraisalSettings.from_config(config["appraisal"])
    appraisals = collect.run(
        lambda: score_appraisals(
            read_appraisal_files(hand_edited_files(root / appraisal_settings.appraisal_dir)),
            appraisal_settings,
            members,
            settings.reviewers,
        )
    )
    if decisions is None or appraisals is None:
        return status
    eligible = apply_eligibility(publications, settings.rules)

    def states(summary: pd.DataFrame | None) -> Any:
        appraisal = None if summary is None else AppraisalResult(appraisals, summary, "")
        return derive_states(eligible, clusters, decisions, settings, appraisal)

    def derive() -> Any:
        if not appraisal_settings.appraises:  # checklist none: as score_appraisal does
            return states(not_appraised(states(None).status))
        return derive_states(
            eligible,
            clusters,
            decisions,
            settings,
            AppraisalResult(
                appraisals,
                summarise_appraisals(appraisals, appraisal_settings),
                appraisal_settings.exclusion_code,
            ),
        )

    result = collect.run(derive)
    if result is None:
        return status
    status.states_known = True
    status.notices += result.notices
    counts = result.status["status"].astype(str).value_counts().to_dict()
    status.status_counts = {s: int(counts.get(s, 0)) for s in STATUSES}
    new = set(versions.loc[versions["is_new"], "record_id"].astype(str))
    if status.latest_version > 1:
        new_status = result.status[result.status["record_id"].astype(str).isin(new)]
        new_counts = new_status["status"].astype(str).value_counts().to_dict()
        status.new_counts = {s: int(new_counts.get(s, 0)) for s in STATUSES}
    status.conflicts = result.conflicts
    if len(result.conflicts):
        for stage, group in result.conflicts.groupby("stage", sort=False):
            ids = ", ".join(group["record_id"].astype(str).head(5))
            more = f" and {len(group) - 5} more" if len(group) > 5 else ""
            status.blockers.append(
                Blocker(
                    f"{len(group)} open {stage} conflict(s): {ids}{more}",
                    f"a reviewer with role {settings.resolver_role!r} adds one {stage} row for "
                    f"each (results/screening/conflicts.csv; results/todo/{stage}.csv after the "
                    "next run)",
                )
            )

    # ---------------------------------------------------------------- coding
    _coding_status(root, config, clusters, result.status, collect)
    return status


def _coding_status(
    root: Path,
    config: Mapping[str, Any],
    clusters: pd.DataFrame,
    states: pd.DataFrame,
    collect: _Collector,
) -> None:
    """Coding to-do and unmapped codes, as check_codes would find them."""
    from metasynth.synthesise import SynthesisSettings, import_codes, load_codebook
    from metasynth.synthesise.checks import (
        check_included,
        coding_todo,
        map_codes_with,
        resolve_publications,
    )

    settings = SynthesisSettings.from_config(config["synthesis"])
    sources = [{**s, "path": (root / s["path"]).as_posix()} for s in settings.sources]
    if settings.xsd_dir:
        settings = replace(settings, xsd_dir=(root / settings.xsd_dir).as_posix())
    imported = collect.run(lambda: import_codes(sources, settings))
    codebook = collect.run(lambda: load_codebook(root / settings.codebook))
    if imported is None or codebook is None:
        return
    codes = resolve_publications(imported[0], clusters)
    included = collect.run(lambda: check_included(codes, states))
    if included is None:
        return
    codings, unmapped = map_codes_with(codes, codebook, settings)
    collect.status.n_to_code = len(coding_todo(included, codings))
    collect.status.n_unmapped = len(unmapped)


# --------------------------------------------------------------------------- text


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _runs_lines(status: ReviewStatus) -> list[str]:
    runs = status.runs
    if runs.empty:
        return ["Search runs: none declared (data/raw/searches.yaml)"]
    lines = [f"Search runs (latest review version {status.latest_version}):"]
    width = max(len(str(r)) for r in runs["search_run"])
    for run in runs.to_dict("records"):
        line = (
            f"  v{run['review_version']}  {run['search_run']!s:{width}}  "
            f"{str(run['database'])[:32]:32}  {run['date_searched']}"
        )
        if "n_records" in run:
            line += (
                f"  {int(run['n_records']):>6,} records  "
                f"{int(run['n_added_publications']):>6,} new publications"
            )
            if int(run["n_previous_version_publications"]):
                line += (
                    f", {int(run['n_previous_version_publications']):,} found by earlier versions"
                )
        lines.append(line)
    return lines


def _stage_lines(status: ReviewStatus) -> list[str]:
    if not status.states_known:
        return ["Publications per stage: not computed until the problems below are fixed"]
    new = status.new_counts
    header = f"  {'':38}{'all':>7}"
    if new:
        header += f"{'new (v' + str(status.latest_version) + ')':>12}"
    lines = [
        f"Publications: {status.n_publications:,} from {status.n_records:,} records "
        f"({status.n_entries:,} entries; read from {status.records_from})",
        header,
    ]
    for name in STATUSES:
        n = status.status_counts.get(name, 0)
        if not n and not new.get(name):
            continue
        line = f"  {STATUS_LABELS[name]:38}{n:>7,}"
        if new:
            line += f"{new.get(name, 0):>12,}"
        lines.append(line)
    return lines


def _next_step(status: ReviewStatus) -> str:
    if status.blocked:
        return "fix the problems above, then run `snakemake --cores 2`"
    steps = []
    if status.last_run is None or status.stale_inputs or status.interrupted:
        steps.append("run `snakemake --cores 2` to bring results/ up to date")
    counts = status.status_counts
    for name, what, todo in (
        ("awaiting_title_abstract", "screen", "title_abstract"),
        ("awaiting_retrieval", "retrieve", "retrieval"),
        ("awaiting_full_text", "assess the full texts of", "full_text"),
        ("awaiting_appraisal", "appraise", "appraisal"),
    ):
        if counts.get(name):
            steps.append(f"{what} {_plural(counts[name], 'publication')} (results/todo/{todo}.csv)")
    if status.n_to_code or status.n_unmapped:
        steps.append("code the included studies and map the new codes (results/todo/coding.csv)")
    return "; then ".join(steps) if steps else "nothing: every stage is settled"


def format_status(status: ReviewStatus) -> str:
    """The status as a few lines of plain text (stable order, for a terminal or a log)."""
    lines = [f"metasynth status: {status.title}" if status.title else "metasynth status", ""]
    lines += _runs_lines(status)
    lines.append("")
    lines += _stage_lines(status)
    lines.append("")
    if status.states_known:
        n_conflicts = len(status.conflicts)
        lines.append(f"Open conflicts: {n_conflicts:,}" if n_conflicts else "Open conflicts: none")
        studies = "study" if status.n_to_code == 1 else "studies"
        lines.append(
            f"Coding to-do: {status.n_to_code:,} included {studies} without usable codes; "
            f"{_plural(status.n_unmapped, 'code')} not in the codebook"
        )
    if status.last_run is None:
        lines.append("Last run: none (results/ is empty)")
    else:
        when = status.last_run.strftime("%Y-%m-%d %H:%M UTC")
        lines.append(f"Last run: {when} ({status.last_run_file})")
    if status.interrupted:
        lines.append(
            f"  the last run stopped before finishing ({status.interrupted} incomplete output(s))"
        )
    if status.stale_inputs:
        shown = ", ".join(status.stale_inputs[:5])
        more = f" and {len(status.stale_inputs) - 5} more" if len(status.stale_inputs) > 5 else ""
        lines.append(
            f"  results are stale: {_plural(len(status.stale_inputs), 'input file')} changed "
            f"since: {shown}{more}"
        )
    elif status.last_run is not None:
        lines.append("  results are up to date with data/ and the config")
    if status.notices:
        lines.append("")
        lines.append("Notices:")
        lines += [f"  {notice}" for notice in status.notices]
    lines.append("")
    if status.blocked:
        lines.append(f"BLOCKED: {_plural(len(status.blockers), 'problem')} to fix first:")
        for blocker in status.blockers:
            problem = blocker.problem.replace("\n", "\n    ")
            lines.append(f"  - {problem}")
            if blocker.what_to_do:
                hint = blocker.what_to_do.replace("\n", "\n      ")
                lines.append(f"    what to do: {hint}")
    else:
        lines.append("Nothing blocks the next stage.")
    lines.append(f"Next: {_next_step(status)}.")
    return "\n".join(lines) + "\n"


__all__ = ["Blocker", "ReviewStatus", "format_status", "last_run", "review_status"]
