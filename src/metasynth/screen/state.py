"""Record states and the audit trail: what happened to every publication, derived from the files.

Inputs (all already validated): the eligibility table (`eligibility`), the dedup clusters
(`results/dedup/clusters.csv`), the reviewers' decisions (`decisions.validate_decisions`) and,
once appraisal has run, its result (`AppraisalResult`: the per-appraisal CASP rows and the
per-publication CASP summary of `metasynth.appraise`). The workflow derives the states twice:
at the end of screening, without appraisal (`screened.csv`, which appraisal reads), and after
appraisal (`status.csv` and the rest).

How a stage is settled (nothing is ever decided by default; the rules are in `settle`):

- title_abstract and full_text need `reviewers_per_stage[stage]` screeners. Until they have all
  decided, the publication is `awaiting_<stage>`. Once they have, it is settled when every screener
  made the same include/exclude decision (at full text, an exclusion also needs the same reason,
  because PRISMA counts one reason per report); any disagreement or any `maybe` is a conflict,
  listed in conflicts.csv until a reviewer with the resolver role (`resolver_role`) adds a row.
  A resolver's include/exclude is final whatever the screeners said (several resolvers must agree).
  A resolution where the screeners agree, or before they have all decided, is also final, and
  reported as a notice; an error it causes at a later stage names the resolution row.
- retrieval is a fact, not a judgement: one `retrieved` row means the report was obtained;
  `not_retrieved` needs `reviewers_per_stage.retrieval` rows that all say so.
- appraisal: the CASP summary decides (include/exclude); `awaiting` until enough appraisers.
- a publication identified by other methods only (citation searching, websites, ...: search
  runs whose `source_type` is neither database nor register) skips the automatic rules and
  title/abstract screening, as PRISMA 2020's other-methods column does: it starts at retrieval,
  and a title/abstract row on it is an `InputError`.

A decision for a later stage than the publication has reached (a full-text decision without a
title/abstract inclusion, a retrieval row after an exclusion, an appraisal before full-text
inclusion) is an `InputError` naming its file and line. Decisions on a publication that the
automatic rules exclude are kept in the trail as `ignored` and reported as notices, because a
changed year range must not make earlier decisions an error. Rows that name a record which dedup
has since merged into another publication (a primary demoted by a more complete duplicate, two
publications joined by a verdict) apply to that publication: the audit trail says so on each row
and one `info` notice per such record says where they are.

Outputs (`ScreeningResult`): `status` (one row per publication: record_id, status, stage, reason),
`audit` (every event — entries, merges, rule hits, decisions, resolutions, appraisals and each
derived outcome — with source file and line), `conflicts` (open conflicts), `awaiting` (what each
undecided publication still needs), `resolutions` (every title/abstract or full-text stage the
screeners left in conflict or a resolver decided: what each side said and where it stands), and
the notices.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from metasynth.dedup.former import FORMER_RULE, former_publications
from metasynth.errors import InputError, Notice
from metasynth.hand_files import implausible_dates
from metasynth.screen.decisions import date_range, dated_before_search
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.settle import (
    OTHER_METHODS_DETAIL,
    Outcome,
    each_said,
    other_methods_error,
    overturned_error,
    settle_conflict_hint,
    settle_retrieval,
    settle_screeners,
    settle_screening,
    stage_order_error,
    who_decided,
)
from metasynth.tables import table_rows
from metasynth.text import MULTI_SEP, as_text, split_multi

STATUS_COLUMNS = ["record_id", "status", "stage", "reason"]
AUDIT_COLUMNS = [
    "record_id",
    "named_record_id",
    "stage",
    "event",
    "actor",
    "decision",
    "reason",
    "detail",
    "note",
    "date",
    "source_file",
    "source_line",
]
CONFLICT_COLUMNS = ["record_id", "stage", "kind", "reviewers", "decisions", "reasons", "what_to_do"]
AWAITING_COLUMNS = ["record_id", "status", "stage", "decided_by", "needs"]
RESOLUTION_COLUMNS = [
    "record_id",
    "stage",
    "screeners_outcome",
    "screeners",
    "resolvers",
    "decision",
    "reason",
    "state",
    "date",
    "source_file",
    "source_line",
]

AUDIT_STAGES = (
    "identification",
    "deduplication",
    "automatic",
    "title_abstract",
    "retrieval",
    "full_text",
    "appraisal",
)
_DERIVED_EVENTS = {"eligible", "settled", "conflict", "awaiting"}

SLICE_PUBLICATIONS = 10_000
"""Publications walked at a time: their rows and events as Python objects take tens of MB, a
million publications' at once several GB."""


@dataclass
class ScreeningResult:
    status: pd.DataFrame
    audit: pd.DataFrame
    conflicts: pd.DataFrame
    awaiting: pd.DataFrame
    notices: list[Notice] = field(default_factory=list)
    resolutions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=RESOLUTION_COLUMNS, dtype="string")
    )


def _event(publication: str, stage: str, event: str, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(AUDIT_COLUMNS, "")
    row.update(record_id=publication, named_record_id=publication, stage=stage, event=event)
    row["source_line"] = None
    row.update(values)
    return row


def _entries(text: str) -> list[tuple[str, int | None]]:
    """`file:line; file:line` from clusters.csv as (file, line) pairs."""
    pairs: list[tuple[str, int | None]] = []
    for part in split_multi(text):
        file, _, line = part.rpartition(":")
        if file and line.isdigit():
            pairs.append((file, int(line)))
        else:
            pairs.append((part, None))
    return pairs


class _ClusterRows:
    """The rows of clusters.csv by publication (`cluster_id`), each with its line in the file,
    made into rows for one slice of publications at a time."""

    def __init__(self, clusters: pd.DataFrame) -> None:
        self.clusters = clusters
        ids = np.asarray(clusters["cluster_id"].astype(str).tolist(), dtype=object)
        # stable: a publication's rows keep the order of the file
        self.order = np.argsort(ids, kind="stable")
        self.sorted_ids = ids[self.order]

    def between(self, first: str, last: str) -> dict[str, list[tuple[int, dict[str, Any]]]]:
        """The rows of the publications from `first` to `last` (record_id order)."""
        start = int(np.searchsorted(self.sorted_ids, first, side="left"))
        stop = int(np.searchsorted(self.sorted_ids, last, side="right"))
        positions = self.order[start:stop]
        members: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
        for position, row in zip(positions, table_rows(self.clusters.iloc[positions]), strict=True):
            members[str(row["cluster_id"])].append((int(position) + 2, row))
        return members


def _slices(ordered_ids: Sequence[str], size: int) -> Iterable[tuple[int, int]]:
    """(start, stop) of consecutive slices of about `size` sorted ids; rows of one id are never
    cut apart, so that each slice sorted on its own is a part of all of them sorted."""
    start = 0
    while start < len(ordered_ids):
        stop = min(start + size, len(ordered_ids))
        while stop < len(ordered_ids) and ordered_ids[stop] == ordered_ids[stop - 1]:
            stop += 1
        yield start, stop
        start = stop


class _Deriver:
    """Walks every publication through the stages, collecting status, events and open items."""

    def __init__(
        self,
        settings: ScreeningSettings,
        clusters: pd.DataFrame,
        clusters_file: str,
        rule_lines: Mapping[str, int],
        rules_file: str,
    ) -> None:
        self.settings = settings
        self.clusters_file = clusters_file
        self.rule_lines = rule_lines
        self.rules_file = rules_file
        self.status: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.conflicts: list[dict[str, Any]] = []
        self.awaiting: list[dict[str, Any]] = []
        self.resolutions: list[dict[str, Any]] = []
        self.notices: list[Notice] = []
        # the slices' status, events and awaiting items made into tables (`end_slice`)
        self.done: dict[str, list[pd.DataFrame]] = defaultdict(list)
        self.clusters = _ClusterRows(clusters)
        # the publications of the slice being walked -> their records, with lines in clusters.csv
        self.members: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        # the rule of each record merged into another's publication (rows naming one say it)
        merged = clusters["record_id"].astype(str) != clusters["cluster_id"].astype(str)
        self.rule_of = dict(
            zip(
                clusters["record_id"].astype(str)[merged],
                clusters["rule"].astype(str)[merged],
                strict=True,
            )
        )
        # former record_ids (an earlier rule's) that rows may still name -> the record now
        self.now_of = {f: r for f, (r, _) in former_publications(clusters).items()}
        # (named record, publication) -> where rows name a record merged into the publication
        self.merged_names: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
        # (publication, stage) -> the resolution row that overturned an agreement, and why
        self.overturned: dict[tuple[str, str], tuple[Mapping[str, Any], str]] = {}

    def begin_slice(self, first: str, last: str) -> None:
        """Walk the publications from `first` to `last` next: their clusters' rows."""
        self.members = self.clusters.between(first, last)

    def end_slice(self) -> None:
        """Make the slice's status, events and awaiting items tables; the next slice starts
        empty. Every row is its publication's and the slices come in record_id order, so the
        tables joined are the tables of all the rows sorted at once."""
        self.done["status"].append(_frame(self.status, STATUS_COLUMNS, ["record_id"]))
        self.done["audit"].append(_audit_frame(self.events))
        self.done["awaiting"].append(_frame(self.awaiting, AWAITING_COLUMNS, ["record_id"]))
        self.status, self.events, self.awaiting = [], [], []

    def joined(self, part: str) -> pd.DataFrame:
        """The slices' tables of `part` (status, audit, awaiting) as one."""
        if not self.done:  # no publications: the tables without rows
            self.end_slice()
        return pd.concat(self.done[part], ignore_index=True)

    def note_merged(self, named: str, publication: str, file: str, line: int) -> None:
        """Remember a row that names a duplicate record (reported once per record, below)."""
        if named != publication:
            self.merged_names[(named, publication)].append((file, line))

    def merged_notices(self) -> list[Notice]:
        """One notice per record that rows name but that dedup merged into another publication
        (an older primary that an update demoted, a record a verdict joined): the rows apply to
        the publication and are listed in its audit trail, never dropped."""
        notices = []
        for (named, publication), places in sorted(self.merged_names.items()):
            file, line = min(places)
            now = self.now_of.get(named)
            if now is not None:
                notices.append(
                    Notice(
                        "warning",
                        f"{len(places)} row(s) name {named}, the id of record {now} under the "
                        f"earlier rule ({FORMER_RULE}): they apply to publication {publication}; "
                        f"write {now} instead",
                        file=file,
                        line=line,
                    )
                )
                continue
            notices.append(
                Notice(
                    "info",
                    f"{len(places)} row(s) name {named}, which is merged into publication "
                    f"{publication} (by {self.rule_of.get(named, 'dedup')}): they apply to "
                    f"{publication} (see `metasynth audit {publication}`)",
                    file=file,
                    line=line,
                )
            )
        return notices

    # ------------------------------------------------------------------ events
    def identification(self, publication: str) -> None:
        for line, row in self.members.get(publication, []):
            record_id = str(row["record_id"])
            for file, entry_line in _entries(str(row["entries"])):
                self.events.append(
                    _event(
                        publication,
                        "identification",
                        "entry",
                        named_record_id=record_id,
                        actor=str(row["database"]),
                        detail=f"{record_id} exported in {file}",
                        source_file=file,
                        source_line=entry_line,
                    )
                )
            if str(row["rule"]) != "primary":
                score = str(row.get("score", "") or "")
                matched = str(row.get("matched_to", "") or "")
                how = f"{row['rule']}" + (f", score {score}" if score else "")
                how += f", matched to {matched}" if matched and matched != publication else ""
                # an erratum, retraction notice or earlier version: a report of the study
                report = str(row["rule"]) == "report"
                detail = (
                    f"{record_id} linked to publication {publication} as a report of its study "
                    f"({row.get('evidence', '')}; {how})"
                    if report
                    else f"{record_id} merged into publication {publication} ({how})"
                )
                self.events.append(
                    _event(
                        publication,
                        "deduplication",
                        "linked" if report else "merged",
                        named_record_id=record_id,
                        actor=f"dedup:{row['rule']}",
                        detail=detail,
                        source_file=self.clusters_file,
                        source_line=line,
                    )
                )

    def decision_events(
        self, publication: str, rows: Sequence[Mapping[str, Any]], event: str | None = None
    ) -> None:
        for row in rows:
            named = str(row["named_record_id"])
            detail = ""
            if named in self.now_of:
                detail = (
                    f"decision for {named} (record {self.now_of[named]} under the earlier rule) "
                    f"applied to publication {publication}"
                )
            elif named != publication:
                detail = (
                    f"decision for {named} applied to publication {publication}, merged by "
                    f"{self.rule_of.get(named, 'dedup')}"
                )
            kind = event or ("resolution" if row["is_resolution"] else "decision")
            if event is None:
                self.note_merged(
                    named, publication, str(row["source_file"]), int(row["source_line"])
                )
            self.events.append(
                _event(
                    publication,
                    str(row["stage"]),
                    kind,
                    named_record_id=named,
                    actor=str(row["reviewer"]),
                    decision=str(row["decision"]),
                    reason=str(row["reason"]),
                    detail=detail,
                    note=str(row["note"]),
                    date=str(row["date"]),
                    source_file=str(row["source_file"]),
                    source_line=int(row["source_line"]),
                )
            )

    def outcome_event(self, publication: str, stage: str, outcome: Outcome) -> None:
        if outcome.screened is not None:
            self.unneeded_resolution(publication, stage, outcome, outcome.screened)
        event = {"settled": "settled", "conflict": "conflict", "awaiting": "awaiting"}[
            outcome.state
        ]
        detail = (
            outcome.detail if outcome.state != "conflict" else f"{outcome.kind}: {outcome.detail}"
        )
        self.events.append(
            _event(
                publication,
                stage,
                event,
                actor="derived",
                decision=outcome.decision,
                reason=outcome.reason,
                detail=detail,
            )
        )

    def unneeded_resolution(
        self, publication: str, stage: str, outcome: Outcome, screened: Outcome
    ) -> None:
        """A notice for a resolution on a stage without a conflict; one that overturns the
        screeners' agreement is remembered, so an error it causes later blames it."""
        first = min(outcome.resolutions, key=lambda r: (str(r["source_file"]), r["source_line"]))
        resolvers = who_decided(outcome.resolutions)
        who = f"{resolvers}'s resolution ({outcome.decision}) of {publication}"
        if screened.state == "awaiting":
            severity = "warning"
            message = (
                f"{who} at {stage} comes before there is a conflict ({screened.detail}): it "
                "decides the stage"
            )
        elif screened.decision == outcome.decision:
            severity = "info"
            message = (
                f"{who} at {stage} agrees with the screeners ({screened.detail}): there was no "
                "conflict to resolve"
            )
        else:
            severity = "warning"
            message = (
                f"{who} at {stage} overturns the {screened.decision} of the screeners "
                f"({screened.detail}), though they did not disagree: the resolution decides"
            )
            self.overturned[(publication, stage)] = (first, message)
        file, line = str(first["source_file"]), int(first["source_line"])
        self.notices.append(Notice(severity, message, file=file, line=line))

    def resolution(
        self, publication: str, stage: str, rows: Sequence[Mapping[str, Any]], outcome: Outcome
    ) -> None:
        """A row of resolutions.csv when the screeners left the stage in conflict or a resolver
        decided it: what the screeners said, what the resolvers said, where it stands."""
        resolutions = [r for r in rows if r["is_resolution"]]
        screeners = [r for r in rows if not r["is_resolution"]]
        required = self.settings.reviewers_per_stage[stage]
        screened = settle_screeners(screeners, required, stage)
        if screened.state != "conflict" and not resolutions:
            return
        first = min(
            resolutions,
            key=lambda r: (str(r["source_file"]), int(r["source_line"])),
            default=None,
        )
        self.resolutions.append(
            {
                "record_id": publication,
                "stage": stage,
                "screeners_outcome": screened.kind
                or {"settled": "agreement"}.get(screened.state, screened.state),
                "screeners": each_said(screeners),
                "resolvers": each_said(resolutions),
                "decision": outcome.decision,
                "reason": outcome.reason,
                "state": outcome.state,
                "date": "" if first is None else str(first["date"]),
                "source_file": "" if first is None else str(first["source_file"]),
                "source_line": "" if first is None else str(first["source_line"]),
            }
        )

    # ------------------------------------------------------------------ states
    def set_status(self, publication: str, status: str, stage: str, reason: str = "") -> None:
        self.status.append(
            {"record_id": publication, "status": status, "stage": stage, "reason": reason}
        )

    def open_item(
        self, publication: str, stage: str, outcome: Outcome, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        status = f"{outcome.state}_{stage}"
        if outcome.state == "conflict":
            self.conflicts.append(
                {
                    "record_id": publication,
                    "stage": stage,
                    "kind": outcome.kind,
                    "reviewers": who_decided(rows),
                    "decisions": MULTI_SEP.join(
                        f"{r['reviewer']}: {r['decision']}"
                        for r in sorted(rows, key=lambda r: str(r["reviewer"]))
                    ),
                    "reasons": MULTI_SEP.join(
                        f"{r['reviewer']}: {r['reason']}"
                        for r in sorted(rows, key=lambda r: str(r["reviewer"]))
                        if r["reason"]
                    ),
                    "what_to_do": settle_conflict_hint(
                        self.settings, stage, who_decided(rows), publication
                    ),
                }
            )
            self.set_status(publication, status, stage, outcome.kind)
        else:
            self.awaiting.append(
                {
                    "record_id": publication,
                    "status": status,
                    "stage": stage,
                    "decided_by": who_decided(rows),
                    "needs": outcome.detail,
                }
            )
            self.set_status(publication, status, stage)

    def out_of_order(
        self,
        publication: str,
        later: Sequence[Mapping[str, Any]],
        reached: str,
        status: str,
        stopped: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        if not later:
            return
        for settled_stage in ("title_abstract", "full_text"):
            cause = self.overturned.get((publication, settled_stage))
            if cause is not None and status.endswith(settled_stage):
                raise overturned_error(cause, later, reached)
        raise stage_order_error(publication, later, reached, status, stopped)

    # ------------------------------------------------------------------ stages
    def excluded_automatically(
        self, publication: str, record: Mapping[str, Any], rows: _Rows
    ) -> None:
        """The rules a publication fails, and its decisions kept as `ignored`, with a notice."""
        rules = {rule.code: rule for rule in self.settings.rules}
        details = str(record["detail"]).split(MULTI_SEP)
        for index, code in enumerate(str(record["reasons"]).split(MULTI_SEP)):
            self.events.append(
                _event(
                    publication,
                    "automatic",
                    "rule_hit",
                    actor=f"rule:{code}",
                    decision="exclude",
                    reason=code,
                    detail=f"{rules[code].label if code in rules else code}: "
                    + (details[index] if index < len(details) else ""),
                    source_file=self.rules_file,
                    source_line=self.rule_lines.get(code),
                )
            )
        ignored = [*rows.title_abstract, *rows.retrieval, *rows.full_text]
        self.decision_events(publication, ignored, event="ignored")
        for row in rows.appraisal:
            self.events.append(_appraisal_event(publication, row, "ignored"))
        if ignored or rows.appraisal:
            first = (ignored or rows.appraisal)[0]
            named = str(first.get("named_record_id") or publication)
            merged = f" (this row names {named}, merged into it)" if named != publication else ""
            self.notices.append(
                Notice(
                    "warning",
                    f"{len(ignored) + len(rows.appraisal)} decision(s) on publication "
                    f"{publication} ignored{merged}: the automatic rule {record['reason']!r} "
                    "excludes it",
                    file=str(first["source_file"]),
                    line=int(first["source_line"]),
                )
            )
        self.set_status(publication, "excluded_automatic", "automatic", str(record["reason"]))

    def screened(self, publication: str, rows: _Rows, other_methods: bool = False) -> bool:
        """Title/abstract, retrieval and full text in turn, each settled from its rows (see the
        module doc); True when the full text is included, so that appraisal comes next. A
        publication identified by other methods only starts at retrieval (PRISMA 2020)."""
        self.events.append(
            _event(
                publication,
                "automatic",
                "eligible",
                actor="derived",
                decision="include",
                detail=OTHER_METHODS_DETAIL
                if other_methods
                else f"passes all {len(self.settings.rules)} automatic rule(s)",
            )
        )
        if other_methods and rows.title_abstract:
            raise other_methods_error(publication, rows.title_abstract)
        per = self.settings.reviewers_per_stage
        for stage in SCREENING_STAGES[1:] if other_methods else SCREENING_STAGES:
            own: list[dict[str, Any]] = getattr(rows, stage)
            self.decision_events(publication, own)
            if stage == "retrieval":
                outcome = settle_retrieval(own, per[stage])
            else:
                outcome = settle_screening(own, per[stage], stage)
                self.resolution(publication, stage, own, outcome)
            self.outcome_event(publication, stage, outcome)
            if outcome.state != "settled":
                self.open_item(publication, stage, outcome, own)
                status = f"{outcome.state}_{stage}"
            elif outcome.decision == _STOPPED[stage][0]:
                status = _STOPPED[stage][1]
                self.set_status(publication, status, stage, outcome.reason)
            else:
                continue
            self.out_of_order(publication, rows.after(stage), NOT_PASSED[stage], status, own)
            return False
        return True

    def appraised(
        self,
        publication: str,
        rows: Sequence[Mapping[str, Any]],
        verdict: Mapping[str, Any] | None,
        appraisal: AppraisalResult | None,
    ) -> None:
        """The appraisal of a full text screening included: awaiting, included or excluded."""
        exclusion_code = appraisal.exclusion_code if appraisal is not None else ""
        tool = appraisal.tool if appraisal is not None else "CASP"
        for row in rows:
            self.events.append(_appraisal_event(publication, row, "appraisal"))
            self.note_merged(
                str(row["named_record_id"]),
                publication,
                str(row["source_file"]),
                int(row["source_line"]),
            )
        if verdict is None or verdict["decision"] == "awaiting":
            needs = f"{tool} appraisal" if verdict is None else str(verdict["reason"])
            self.events.append(
                _event(publication, "appraisal", "awaiting", actor="derived", detail=needs)
            )
            self.awaiting.append(
                {
                    "record_id": publication,
                    "status": "awaiting_appraisal",
                    "stage": "appraisal",
                    "decided_by": ", ".join(sorted(str(r["appraiser"]) for r in rows)),
                    "needs": needs,
                }
            )
            self.set_status(publication, "awaiting_appraisal", "appraisal")
            return
        # A scored appraisal gives its total; an unscored one (JBI, MMAT, none) its reason.
        parts = [
            f"total {verdict['total']}/{verdict['max_total']} ({verdict['band']})"
            if as_text(verdict.get("total"))
            else "",
            as_text(verdict["reason"]),
        ]
        detail = ": ".join(part for part in parts if part) or f"{tool} appraisal"
        included = verdict["decision"] == "include"
        self.events.append(
            _event(
                publication,
                "appraisal",
                "settled",
                actor="derived",
                decision=str(verdict["decision"]),
                reason="" if included else exclusion_code,
                detail=detail,
            )
        )
        if included:
            self.set_status(publication, "included", "appraisal")
        else:
            self.set_status(publication, "excluded_appraisal", "appraisal", exclusion_code)


@dataclass(frozen=True)
class AppraisalResult:
    """What the appraisal stage wrote (results/appraisal): every appraisal row
    (`appraisals.csv`), the per-publication summary with its decision (`casp.csv`), and the
    reason code of an exclusion by appraisal (`appraisal.exclusion_code`)."""

    appraisals: pd.DataFrame
    summary: pd.DataFrame
    exclusion_code: str
    # what an appraisal is done with, for the awaiting list ("CASP appraisal")
    tool: str = "CASP"


@dataclass(frozen=True)
class _Rows:
    """One publication's decision rows per stage, and its appraisal rows."""

    title_abstract: list[dict[str, Any]]
    retrieval: list[dict[str, Any]]
    full_text: list[dict[str, Any]]
    appraisal: list[dict[str, Any]]

    def after(self, stage: str) -> list[dict[str, Any]]:
        """The rows of the stages after `stage` (appraisal rows last)."""
        later = SCREENING_STAGES[SCREENING_STAGES.index(stage) + 1 :]
        return [*(row for name in later for row in getattr(self, name)), *self.appraisal]


SCREENING_STAGES = ("title_abstract", "retrieval", "full_text")
NOT_PASSED = {
    "title_abstract": "title/abstract screening",
    "retrieval": "retrieval",
    "full_text": "full-text assessment",
}
"""What a publication that stopped at a stage has not passed, in messages."""
_STOPPED = {
    "title_abstract": ("exclude", "excluded_title_abstract"),
    "retrieval": ("not_retrieved", "not_retrieved"),
    "full_text": ("exclude", "excluded_full_text"),
}
"""The settled decision that ends a publication's way at a stage, and its status."""


def derive_states(
    eligibility: pd.DataFrame,
    clusters: pd.DataFrame,
    decisions: pd.DataFrame,
    settings: ScreeningSettings,
    appraisal: AppraisalResult | None = None,
    *,
    clusters_file: str = "",
    rules_file: str = "",
    rule_lines: Mapping[str, int] | None = None,
    today: datetime.date | None = None,
    first_searched: Mapping[str, datetime.date] | None = None,
    other_methods: frozenset[str] = frozenset(),
    slice_rows: int = SLICE_PUBLICATIONS,
) -> ScreeningResult:
    """Derive every publication's status, the audit trail, open conflicts and awaiting items.

    Without `appraisal`, the states at the end of screening: a full text included there is
    `awaiting_appraisal`. `clusters_file`, `rules_file` and `rule_lines` (rule code → line) say
    where the audit trail's merges and automatic rule hits come from (blank when not given);
    `today` is the latest plausible date of a decision (the date of the run when not given);
    `first_searched` (publication → the date its first search was run) the earliest.
    `other_methods`: the publications identified by other methods only
    (`metasynth.screen.prisma.other_methods_publications`): no automatic rules, no
    title/abstract stage; they start at retrieval. The publications are walked `slice_rows` at a
    time (in record_id order); the tables do not depend on the slicing."""
    deriver = _Deriver(settings, clusters, clusters_file, rule_lines or {}, rules_file)
    dates = date_range(settings, today)
    deriver.notices += implausible_dates(decisions, dates, "decision")
    deriver.notices += dated_before_search(decisions, first_searched or {})
    if appraisal is not None:
        deriver.notices += implausible_dates(appraisal.appraisals, dates, "appraisal")
    by_stage: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in table_rows(decisions):
        by_stage[(str(row["publication_id"]), str(row["stage"]))].append(row)
    appraisal_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    summary: dict[str, dict[str, Any]] = {}
    if appraisal is not None:
        for row in table_rows(appraisal.appraisals):
            appraisal_rows[str(row["record_id"])].append(row)
        summary = {str(r["record_id"]): r for r in table_rows(appraisal.summary)}
    _check_known(set(eligibility["record_id"].astype(str)), by_stage, appraisal_rows)
    ordered = eligibility.sort_values("record_id", ignore_index=True)
    for start, stop in _slices(ordered["record_id"].astype(str).tolist(), slice_rows):
        records = table_rows(ordered.iloc[start:stop])
        deriver.begin_slice(str(records[0]["record_id"]), str(records[-1]["record_id"]))
        for record in records:
            pub = str(record["record_id"])
            deriver.identification(pub)
            rows = _Rows(
                title_abstract=by_stage.get((pub, "title_abstract"), []),
                retrieval=by_stage.get((pub, "retrieval"), []),
                full_text=by_stage.get((pub, "full_text"), []),
                appraisal=appraisal_rows.get(pub, []),
            )
            other = pub in other_methods
            if not other and not _is_true(record["eligible"]):
                deriver.excluded_automatically(pub, record, rows)
            elif deriver.screened(pub, rows, other):
                deriver.appraised(pub, rows.appraisal, summary.get(pub), appraisal)
        deriver.end_slice()
    return ScreeningResult(
        status=deriver.joined("status"),
        audit=deriver.joined("audit"),
        conflicts=_frame(deriver.conflicts, CONFLICT_COLUMNS, ["stage", "record_id"]),
        awaiting=deriver.joined("awaiting"),
        notices=deriver.notices + deriver.merged_notices(),
        resolutions=_frame(deriver.resolutions, RESOLUTION_COLUMNS, ["record_id"]).sort_values(
            "stage", key=lambda s: s.map(SCREENING_STAGES.index), kind="stable", ignore_index=True
        ),
    )


def _check_known(
    known: set[str],
    by_stage: Mapping[tuple[str, str], list[dict[str, Any]]],
    appraisal_rows: Mapping[str, list[dict[str, Any]]],
) -> None:
    """Every decision and appraisal names a publication of this run (else an InputError)."""
    unknown = [(p, rows[0], "appraisal of") for p, rows in sorted(appraisal_rows.items())]
    unknown += [(p, by_stage[(p, s)][0], "decision for") for p, s in sorted(by_stage)]
    for publication, row, what in unknown:
        if publication not in known:
            raise InputError(
                f"{what} {row['named_record_id']}, which is not a publication of this run",
                file=str(row["source_file"]),
                line=int(row["source_line"]),
                hint="check the record_id against results/dedup/publications.csv",
            )


def _is_true(value: Any) -> bool:
    """A boolean cell, whether the table was read back from CSV ("True") or built in memory."""
    return value is True or str(value).strip().lower() in ("true", "1", "yes")


def _appraisal_judgement(row: Mapping[str, Any]) -> tuple[str, str]:
    """(decision, detail) of one appraisal row: a scored checklist's total and band (CASP), an
    unscored one's category, overall judgement and failed screening questions (JBI, MMAT)."""
    if as_text(row.get("total")):
        return str(row["band"]), f"total {float(row['total']):g} ({row['band']})"
    failed = split_multi(as_text(row.get("screening_failed")))
    parts = [
        as_text(row.get("category")),
        f"overall {as_text(row.get('overall'))}" if as_text(row.get("overall")) else "",
        f"failed screening question(s) {', '.join(failed)}" if failed else "",
    ]
    return as_text(row.get("overall")), "; ".join(part for part in parts if part)


def _appraisal_event(publication: str, row: Mapping[str, Any], event: str) -> dict[str, Any]:
    named = str(row["named_record_id"])
    decision, detail = _appraisal_judgement(row)
    if named != publication:
        detail += f"; appraisal of {named} applied to publication {publication}"
    return _event(
        publication,
        "appraisal",
        event,
        named_record_id=named,
        actor=str(row["appraiser"]),
        decision=decision,
        detail=detail,
        note=str(row["note"]),
        date=str(row["date"]),
        source_file=str(row["source_file"]),
        source_line=int(row["source_line"]),
    )


def _frame(rows: list[dict[str, Any]], columns: list[str], order: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns).astype("string")
    return frame.sort_values(order, kind="stable").reset_index(drop=True)


def _audit_frame(events: list[dict[str, Any]]) -> pd.DataFrame:
    """Events in a stable order: publication, stage, recorded before derived, date, file, line."""

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return (
            row["record_id"],
            AUDIT_STAGES.index(row["stage"]),
            row["event"] in _DERIVED_EVENTS,
            row["date"],
            row["source_file"],
            row["source_line"] if row["source_line"] is not None else -1,
            row["named_record_id"],
            row["actor"],
        )

    ordered = sorted(events, key=key)
    frame = pd.DataFrame(ordered, columns=AUDIT_COLUMNS)
    for column in AUDIT_COLUMNS:
        if column == "source_line":
            frame[column] = frame[column].astype("Int64")
        else:
            frame[column] = frame[column].fillna("").astype("string")
    return frame
