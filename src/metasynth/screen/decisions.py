"""Reviewer decision files: reading, validating and attaching each row to its publication.

Input: the hand-edited CSV files under `data/screening/`, sub-folders included (schema
`screening_decisions`: record_id, stage, reviewer, decision, reason, note, date), the screening
settings, and the record_id → publication map from deduplication (`results/dedup/clusters.csv`).
Every file in the folder is read or refused (`metasynth.hand_files`, as the appraisal folder is):
only hidden files, README* and editor backups are left out.

Output: one table of every decision row, sorted by source file and line, with the row's
`publication_id` (the primary record_id of its cluster), `named_record_id` (as written),
`is_resolution` (the reviewer's role is the configured resolver role), `source_file` and
`source_line`. Every problem is an `InputError` naming the file and line: an unknown record_id,
reviewer or reason; a reason missing where required; a resolution that is not include/exclude;
the same reviewer deciding the same publication twice at one stage (also through two record_ids
of one cluster); a reason on an include row (the schema). Stage order is checked later, with the
record states (`metasynth.screen.state`), and so are dates outside the review's time
(`hand_files.implausible_dates`: before the searched years or after today;
`dated_before_search`: before the search that found the publication was run), which are
warnings, as is a search run without `review_version` that was run after full-text decisions
(`update_without_version`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from metasynth.dedup.former import publication_map
from metasynth.errors import InputError, Notice, raise_collected
from metasynth.hand_files import (
    DateRange,
    collect_hand_files,
    read_hand_files,
)
from metasynth.screen.settings import ScreeningSettings
from metasynth.tables import read_table, table_rows
from metasynth.text import as_text, split_multi
from metasynth.validation import yaml_line

if TYPE_CHECKING:
    from metasynth.searches import SearchRun

SCHEMA = "screening_decisions"
DECISION_COLUMNS = [
    "publication_id",
    "named_record_id",
    "stage",
    "reviewer",
    "decision",
    "reason",
    "note",
    "date",
    "is_resolution",
    "source_file",
    "source_line",
]
FILE_COLUMNS = ["record_id", "stage", "reviewer", "decision", "reason", "note", "date"]
"""The columns of a decision file (schema `screening_decisions`), in order."""

Verdict = tuple[tuple[str, str] | None, bool]
"""The config's verdict on a decision: its problem (message, what to do) or None, and whether
it is a resolution (its reviewer has the resolver role)."""


def cluster_map(clusters: pd.DataFrame) -> dict[str, str]:
    """record_id → publication (the cluster's primary record_id), from `clusters.csv`; a former
    record_id (an earlier rule's, `metasynth.dedup.former`) names its record's publication."""
    return publication_map(clusters)


def load_clusters(path: str | Path) -> pd.DataFrame:
    """Read `results/dedup/clusters.csv`, keeping only what screening needs, as strings."""
    frame = read_table(path)
    needed = {"cluster_id", "record_id", "is_primary", "rule", "entries", "database"}
    missing = needed - set(frame.columns)
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(sorted(missing))}",
            file=path,
            line=1,
            hint="re-run deduplication (docs/data-contracts.md, results/dedup)",
        )
    return frame


def read_decision_files(paths: Iterable[str | Path]) -> pd.DataFrame:
    """Every row of every decision file, schema-checked, with `source_file` and `source_line`
    (`hand_files.read_hand_files`; a file that is not CSV is refused)."""
    return read_hand_files(paths, SCHEMA, contents="reviewers' decisions", columns=FILE_COLUMNS)


def load_decisions(
    paths: Iterable[str | Path], settings: ScreeningSettings, members: Mapping[str, str]
) -> pd.DataFrame:
    """The decision files read as `read_decision_files` reads them and checked as
    `validate_decisions` checks them, in one pass: a row the schema refuses (an empty reason, a
    date in another order) and a row the config refuses (an unknown reason, reviewer or
    record_id) are reported together, sorted by file and line, so one run names every bad row."""
    raw, problems = collect_hand_files(
        paths, SCHEMA, contents="reviewers' decisions", columns=FILE_COLUMNS
    )
    return validate_decisions(raw, settings, members, earlier=problems)


def read_decisions(path: str | Path) -> pd.DataFrame:
    """`results/screening/decisions.csv` (written from `validate_decisions`) read back with its
    types: `is_resolution` a bool, `source_line` an integer, the rest text."""
    frame = read_table(path)
    missing = [c for c in DECISION_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}",
            file=path,
            line=1,
            hint="re-run screening (docs/data-contracts.md, results/screening)",
        )
    frame = frame[DECISION_COLUMNS].astype("string")
    frame["is_resolution"] = frame["is_resolution"] == "True"
    frame["source_line"] = frame["source_line"].astype("int64")
    return frame


def validate_decisions(
    raw: pd.DataFrame,
    settings: ScreeningSettings,
    members: Mapping[str, str],
    earlier: Iterable[InputError] = (),
) -> pd.DataFrame:
    """Check each row against the config and the clusters; attach it to its publication. Every
    bad row is reported at once (`CollectedInputError`), not only the first, together with the
    `earlier` problems of reading the files, in file and line order."""
    rows: list[dict[str, Any]] = []
    problems: list[InputError] = list(earlier)
    first_seen: dict[tuple[str, str, str], tuple[str, int, str]] = {}
    verdicts: dict[tuple[str, str, str, str], Verdict] = {}
    for record in table_rows(raw):
        try:
            row = check_decision(record, settings, members, verdicts)
            _check_once(row, first_seen)
        except InputError as error:
            problems.append(error)
            continue
        rows.append(row)
    raise_collected(sorted(problems, key=lambda e: (str(e.file or ""), e.line or 0)))
    # column by column: a frame from 200,000 row dicts is built cell by cell
    frame = pd.DataFrame({c: [row[c] for row in rows] for c in DECISION_COLUMNS})
    for column in DECISION_COLUMNS:
        if column == "is_resolution":
            frame[column] = frame[column].astype("bool")
        elif column == "source_line":
            frame[column] = frame[column].astype("int64")
        else:
            frame[column] = frame[column].astype("string")
    return frame.sort_values(["source_file", "source_line"], kind="stable").reset_index(drop=True)


def check_decision(
    record: Mapping[str, Any],
    settings: ScreeningSettings,
    members: Mapping[str, str],
    verdicts: dict[tuple[str, str, str, str], Verdict] | None = None,
) -> dict[str, Any]:
    """One decision row checked against the config and the clusters, as a `DECISION_COLUMNS` row
    (every row read from the files, and each row the screening app is about to write).
    `verdicts` remembers the config's verdict on each (stage, reviewer, decision, reason) for
    the next row with the same (a file's rows repeat a handful of them)."""
    file, line = str(record["source_file"]), int(record["source_line"])
    named = str(record["record_id"])
    stage, reviewer = str(record["stage"]), str(record["reviewer"])
    decision, reason = str(record["decision"]), str(record["reason"])
    if named not in members:
        raise InputError(
            f"unknown record_id {named!r}",
            file=file,
            line=line,
            hint="use a record_id from results/dedup/clusters.csv (e.g. WOS:000123456700001)",
        )
    key = (stage, reviewer, decision, reason)
    verdict = verdicts.get(key) if verdicts is not None else None
    if verdict is None:
        verdict = config_verdict(settings, *key)
        if verdicts is not None:
            verdicts[key] = verdict
    problem, resolution = verdict
    if problem is not None:
        raise InputError(problem[0], file=file, line=line, hint=problem[1])
    return {
        "publication_id": members[named],
        "named_record_id": named,
        "stage": stage,
        "reviewer": reviewer,
        "decision": decision,
        "reason": reason,
        "note": str(record["note"]),
        "date": str(record["date"]),
        "is_resolution": resolution,
        "source_file": file,
        "source_line": line,
    }


def config_verdict(
    settings: ScreeningSettings, stage: str, reviewer: str, decision: str, reason: str
) -> Verdict:
    """What the config says of a reviewer's decision and reason at a stage (`Verdict`)."""
    if reviewer not in settings.reviewers:
        reviewers = ", ".join(sorted(settings.reviewers)) or "(none configured)"
        return (
            f"unknown reviewer {reviewer!r}",
            f"use one of {reviewers}, or add the reviewer under screening.reviewers in "
            "config/config.yaml",
        ), False
    known_reasons = settings.reason_codes(stage)
    codes = ", ".join(known_reasons) or "(none configured)"
    if reason and reason not in known_reasons:
        return (
            f"unknown {stage} reason {reason!r}",
            f"use one of {codes} (screening.reasons.{stage} in config/config.yaml)",
        ), False
    if not reason and (stage, decision) in settings.needs_reason:
        return (f"a {stage} {decision!r} needs a reason", _reason_hint(stage, codes)), False
    resolution = settings.is_resolver(reviewer)
    if resolution and decision == "maybe":
        return (
            f"{reviewer} resolves conflicts (role {settings.resolver_role!r}), so the decision "
            "must settle it: include or exclude, not 'maybe'",
            "write include or exclude",
        ), True
    return None, resolution


def _reason_hint(stage: str, codes: str) -> str:
    hint = f"add a reason code: {codes}"
    if stage == "title_abstract":  # a choice of the protocol, not the workflow's rule
        hint += " (screening.require_reason.title_abstract is true in the config)"
    return hint


def _check_once(
    row: Mapping[str, Any], first_seen: dict[tuple[str, str, str], tuple[str, int, str]]
) -> None:
    """One row per reviewer, publication and stage (also through two record_ids of it)."""
    publication, stage, reviewer = row["publication_id"], row["stage"], row["reviewer"]
    named = row["named_record_id"]
    key = (publication, stage, reviewer)
    if key in first_seen:
        prev_file, prev_line, prev_named = first_seen[key]
        same = prev_named == named
        hint = "keep one row per reviewer, publication and stage: edit the earlier row to change a "
        hint += "decision"
        if not same:
            hint += (
                f"; {prev_named} and {named} are one publication now (deduplication merged "
                "them, see results/dedup/clusters.csv): keep the row you mean and delete the other"
            )
        raise InputError(
            f"{reviewer} already decided {publication} at {stage} in {prev_file}:{prev_line}"
            + ("" if same else f" (as {prev_named}, a duplicate of the same publication)"),
            file=row["source_file"],
            line=row["source_line"],
            hint=hint,
        )
    first_seen[key] = (row["source_file"], row["source_line"], named)


def date_range(settings: ScreeningSettings, today: datetime.date | None = None) -> DateRange:
    """The dates a decision or an appraisal can plausibly carry: from the first day of the
    searched years (the `year` eligibility rule's lower bound; no earliest without one) to today."""
    years = [rule.between[0] for rule in settings.rules if rule.field == "year" and rule.between]
    earliest = datetime.date(min(years), 1, 1) if years else None
    return DateRange(earliest, today or datetime.date.today())


def first_search_dates(
    publications: pd.DataFrame, searches: pd.DataFrame, today: datetime.date | None = None
) -> dict[str, datetime.date]:
    """Publication record_id → the earliest `date_searched` of the search runs that found it
    (publications' `search_runs`, results/versions/searches.csv); a publication whose runs carry
    no valid date is left out. A date after `today` (the date of the run when not given) is left
    out too: the search's date is wrong (`searches.searched_after_today` says so), not the dates
    of the decisions, which it would make look earlier than the search."""
    latest = today or datetime.date.today()
    run_dates: dict[str, datetime.date] = {}
    for run, text in zip(searches["search_run"], searches["date_searched"], strict=True):
        try:
            day = datetime.date.fromisoformat(as_text(text))
        except ValueError:
            continue
        if day <= latest:
            run_dates[as_text(run)] = day
    first: dict[str, datetime.date] = {}
    for record_id, runs in zip(publications["record_id"], publications["search_runs"], strict=True):
        known = [run_dates[r] for r in split_multi(as_text(runs)) if r in run_dates]
        if known:
            first[as_text(record_id)] = min(known)
    return first


def update_without_version(
    decisions: pd.DataFrame,
    publications: pd.DataFrame,
    runs: Iterable[SearchRun],
    today: datetime.date | None = None,
) -> list[Notice]:
    """A warning for each search run that searches.yaml gives no `review_version` and that was
    run after full-text decisions on publications it did not find: most likely an update of a
    review already screened (a new search added later), which without a review_version is
    silently counted as version 1, its publications mixed into the earlier ones in PRISMA. The
    warning names the run's line and what to write; writing the version (even 1) silences it."""
    if decisions.empty:
        return []
    found_by: dict[str, set[str]] = defaultdict(set)
    for record_id, names in zip(
        publications["record_id"], publications["search_runs"], strict=True
    ):
        for name in split_multi(as_text(names)):
            found_by[name].add(as_text(record_id))
    full_text = decisions[decisions["stage"].astype(str) == "full_text"]
    columns = ("publication_id", "date", "source_file", "source_line")
    rows = list(zip(*(full_text[c].tolist() for c in columns), strict=True))
    all_runs = list(runs)
    next_version = max((run.review_version for run in all_runs), default=1) + 1
    notices = []
    for run in all_runs:
        try:
            searched = datetime.date.fromisoformat(str(run.date_searched))
        except ValueError:
            continue
        if run.review_version_given or searched > (today or datetime.date.today()):
            continue  # a date after today is wrong itself (`searches.searched_after_today`)
        before = [
            (str(date), str(file), int(line))
            for publication, date, file, line in rows
            if str(publication) not in found_by[run.id] and str(date or "") < searched.isoformat()
        ]
        if not before:
            continue
        date, file, line = max(before)
        notices.append(
            Notice(
                "warning",
                f"search run {run.id} was searched on {searched.isoformat()}, after full-text "
                f"decisions on publications it did not find (the latest dated {date}, "
                f"{file}:{line}), but has no review_version, so it counts as review version "
                f"{run.review_version} with them. If it updates that review, write "
                f"`review_version: {next_version}` under it (docs/user-guide.md, "
                f"Extending the corpus); if it belongs to the same review, write `review_version: "
                f"{run.review_version}` to say so",
                file=run.manifest or None,
                line=yaml_line(run.manifest, ["searches", run.index, "id"])
                if run.manifest
                else None,
            )
        )
    return notices


def dated_before_search(
    decisions: pd.DataFrame, first_searched: Mapping[str, datetime.date]
) -> list[Notice]:
    """One warning per file for its decisions dated before the search that found their
    publication was run (`first_search_dates`): a decision cannot come before its record was
    found, so the date (or the search's date in searches.yaml) is wrong in the audit trail."""
    found: dict[str, list[tuple[int, str, str, datetime.date]]] = defaultdict(list)
    if decisions.empty:
        return []  # perhaps without columns: a table of no rows
    columns = ("publication_id", "date", "source_file", "source_line")
    for publication, date, file, line in zip(
        *(decisions[c].tolist() for c in columns), strict=True
    ):
        searched = first_searched.get(str(publication))
        try:
            day = datetime.date.fromisoformat(str(date or ""))
        except ValueError:
            continue  # the schema has refused a malformed date already
        if searched is not None and day < searched:
            found[str(file)].append((int(line), str(date), str(publication), searched))
    notices = []
    for file, places in sorted(found.items()):
        line, text, publication, searched = min(places)
        more = f" (and {len(places) - 1} more row(s) of this file)" if len(places) > 1 else ""
        notices.append(
            Notice(
                "warning",
                f"decision dated {text}, before {publication} was found (its first search was "
                f"run on {searched.isoformat()}, data/raw/searches.yaml){more}: the row counts, "
                "but check its date",
                file=file,
                line=line,
            )
        )
    return notices
