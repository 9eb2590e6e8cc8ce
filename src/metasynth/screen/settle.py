"""How one stage of one publication is settled from its decision rows, and the errors for rows
that come out of order. `state` applies these rules publication by publication; the imports use
`settle_screeners` to leave out a resolution that would settle nothing.

- title_abstract and full_text (`settle_screening`): `reviewers_per_stage[stage]` screeners must
  all decide; they settle the stage when they make the same include/exclude decision (at full
  text an exclusion also needs the same reason: PRISMA counts one reason per report). A
  disagreement or a `maybe` is a conflict until a reviewer with the resolver role adds a row; a
  resolver's include/exclude is final whatever the screeners said (several must agree).
- retrieval (`settle_retrieval`) is a fact: one `retrieved` row suffices, `not_retrieved` needs
  `reviewers_per_stage.retrieval` rows.

An `Outcome` says where a stage stands: awaiting, conflict (of which kind) or settled (with the
decision, the reason and who settled it, for the audit trail).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from metasynth.errors import InputError
from metasynth.screen.settings import ScreeningSettings
from metasynth.text import MULTI_SEP, as_text


@dataclass
class Outcome:
    """Where one stage of one publication stands."""

    state: str  # "awaiting", "conflict" or "settled"
    decision: str = ""
    reason: str = ""
    detail: str = ""
    kind: str = ""  # conflict kind
    # A resolution on a stage the screeners had not left in conflict: what they had settled
    # (agreement, or awaiting), and the resolution rows that decided instead.
    screened: Outcome | None = None
    resolutions: Sequence[Mapping[str, Any]] = ()


def unique_join(values: Iterable[str]) -> str:
    return MULTI_SEP.join(sorted({v for v in values if v}))


def who_decided(rows: Sequence[Mapping[str, Any]]) -> str:
    return ", ".join(sorted(str(r["reviewer"]) for r in rows))


def each_said(rows: Sequence[Mapping[str, Any]]) -> str:
    """Each reviewer's decision and reason: "R1: include; R2: exclude (off_topic)"."""
    return MULTI_SEP.join(
        f"{r['reviewer']}: {r['decision']}" + (f" ({r['reason']})" if r["reason"] else "")
        for r in sorted(rows, key=lambda r: str(r["reviewer"]))
    )


def no_resolver(settings: ScreeningSettings, who: str, record_id: str) -> str:
    """How a conflict is settled when no reviewer holds the resolver role (one reviewer working
    alone, say): a resolution row would be refused as the same reviewer's second decision, so
    the reviewer who decided edits their row."""
    return (
        f"no reviewer has the role {settings.resolver_role!r} (screening.reviewers): {who} "
        f"edits their row to settle it (`metasynth audit {record_id}` shows where it is), or add "
        "a reviewer with that role"
    )


def settle_conflict_hint(settings: ScreeningSettings, stage: str, who: str, record_id: str) -> str:
    decisions = (
        "include, or exclude with a reason" if stage == "full_text" else "include or exclude"
    )
    if not any(settings.is_resolver(r) for r in settings.reviewers):
        return f"{no_resolver(settings, who, record_id)}: {decisions}"
    return f"a reviewer with role {settings.resolver_role!r} adds a {stage} row ({decisions})"


def settle_screening(rows: Sequence[Mapping[str, Any]], required: int, stage: str) -> Outcome:
    """Settle a title/abstract or full-text stage from its decision rows (see module doc)."""
    resolutions = [r for r in rows if r["is_resolution"]]
    screeners = [r for r in rows if not r["is_resolution"]]
    screened = settle_screeners(screeners, required, stage)
    if not resolutions:
        return screened
    decisions = {str(r["decision"]) for r in resolutions}
    resolution_reasons = {str(r["reason"]) for r in resolutions}
    if len(decisions) > 1 or (
        stage == "full_text" and decisions == {"exclude"} and len(resolution_reasons) > 1
    ):
        return Outcome(
            "conflict",
            kind="resolutions disagree",
            detail=f"resolvers {who_decided(resolutions)} disagree",
        )
    decision = decisions.pop()
    return Outcome(
        "settled",
        decision,
        unique_join([str(r["reason"]) for r in resolutions]) if decision == "exclude" else "",
        f"resolved by {who_decided(resolutions)}{_what_was_resolved(screened, decision)}",
        screened=None if screened.state == "conflict" else screened,
        resolutions=resolutions,
    )


def _what_was_resolved(screened: Outcome, decision: str) -> str:
    """What a resolution settled, for the audit trail: the screeners' conflict, or the agreement
    it overturned or confirmed, or the decisions still missing when it came."""
    if screened.state == "conflict":
        return f" ({screened.kind}: {screened.detail})"
    if screened.state == "awaiting":
        return f", before the screeners had all decided ({screened.detail})"
    if screened.decision != decision:
        return f", overturning the {screened.decision} of the screeners ({screened.detail})"
    return f", agreeing with the screeners ({screened.detail})"


def settle_screeners(screeners: Sequence[Mapping[str, Any]], required: int, stage: str) -> Outcome:
    """What the screeners' rows alone settle (see module doc)."""
    if len(screeners) < required:
        has = f" (has {who_decided(screeners)})" if screeners else ""
        return Outcome(
            "awaiting", detail=f"{required - len(screeners)} more {stage} decision(s){has}"
        )
    screened = {str(r["decision"]) for r in screeners}
    if "maybe" in screened:
        return Outcome(
            "conflict",
            kind="maybe",
            detail="a maybe from "
            + who_decided([r for r in screeners if r["decision"] == "maybe"]),
        )
    if len(screened) > 1:
        return Outcome("conflict", kind="disagreement", detail=f"{who_decided(screeners)} disagree")
    decision = screened.pop()
    reasons = [str(r["reason"]) for r in screeners]
    if stage == "full_text" and decision == "exclude" and len(set(reasons)) > 1:
        return Outcome(
            "conflict", kind="reasons differ", detail="both exclude, for different reasons"
        )
    return Outcome(
        "settled",
        decision,
        unique_join(reasons) if decision == "exclude" else "",
        f"agreement of {who_decided(screeners)}",
    )


def settle_retrieval(rows: Sequence[Mapping[str, Any]], required: int) -> Outcome:
    """Settle retrieval: one `retrieved` suffices; `not_retrieved` needs `required` rows."""
    got = [r for r in rows if r["decision"] == "retrieved"]
    if got:
        return Outcome("settled", "retrieved", "", f"retrieved by {who_decided(got)}")
    if rows and len(rows) >= required:
        return Outcome(
            "settled",
            "not_retrieved",
            unique_join([str(r["reason"]) for r in rows]),
            f"not retrieved by {who_decided(rows)}",
        )
    return Outcome("awaiting", detail=f"{required - len(rows)} more retrieval row(s)")


def stage_order_error(
    publication: str,
    later: Sequence[Mapping[str, Any]],
    reached: str,
    status: str,
    stopped: Sequence[Mapping[str, Any]] = (),
) -> InputError:
    """The error for rows of a later stage (decision or appraisal rows, with source file and
    line) on a publication that has not passed `reached`: it names the first of them. Later
    rows mean the publication once passed, so the rows of the stage where it stopped
    (`stopped`) are named too: a row of theirs edited or removed by mistake (a decision of an
    earlier review version, say) is the likelier cause, and removing the later rows would lose
    decisions."""
    first = min(later, key=lambda r: (str(r["source_file"]), int(r["source_line"])))
    stage = str(first.get("stage", "appraisal"))
    ordered = sorted(stopped, key=lambda r: (str(r["source_file"]), int(r["source_line"])))
    said = "; ".join(
        f"{r['reviewer']} {r['decision']}"
        + (f" ({r['reason']})" if as_text(r.get("reason")) else "")
        + f" at {r['source_file']}:{r['source_line']}"
        for r in ordered
    )
    rows_now = f"; its {reached} rows now: {said}" if said else ""
    others = f" and {len(later) - 1} other later row(s)" if len(later) > 1 else ""
    return InputError(
        f"{stage} decision for {first.get('named_record_id', publication)}, but publication "
        f"{publication} has not passed {reached} (its status is {status}){rows_now}",
        file=str(first["source_file"]),
        line=int(first["source_line"]),
        hint=f"this row{others} say it passed {reached}: if a {reached} row was changed or "
        "removed by mistake, restore it (`git diff data/screening` shows what changed); "
        f"otherwise settle the {reached} stage first (see results/screening/status.csv and "
        "conflicts.csv), or remove the later rows",
    )


OTHER_METHODS_DETAIL = (
    "identified by other methods only (citation searching, websites, organisations, experts "
    "or hand-searching): PRISMA 2020 takes it to retrieval, without automatic rules or "
    "title/abstract screening"
)


def other_methods_error(publication: str, rows: Sequence[Mapping[str, Any]]) -> InputError:
    """The error for title/abstract rows on a publication identified by other methods only."""
    first = min(rows, key=lambda r: (str(r["source_file"]), int(r["source_line"])))
    others = f" and {len(rows) - 1} other title_abstract row(s)" if len(rows) > 1 else ""
    return InputError(
        f"title_abstract decision for {first.get('named_record_id', publication)}, but "
        f"publication {publication} was identified by other methods only (a search run whose "
        "source_type is not database or register), which PRISMA 2020 takes straight to "
        "retrieval",
        file=str(first["source_file"]),
        line=int(first["source_line"]),
        hint=f"remove this row{others}; decide its retrieval and full text instead (an "
        "ineligible report is excluded at full text with a reason). If the run was a database "
        "search, set its source_type to database in data/raw/searches.yaml",
    )


def overturned_error(
    cause: tuple[Mapping[str, Any], str], later: Sequence[Mapping[str, Any]], reached: str
) -> InputError:
    """The error for later rows made out of order by a resolution that overturned the
    screeners' agreement: it names the resolution, the cause, and the first later row."""
    resolution, message = cause
    first = min(later, key=lambda r: (str(r["source_file"]), int(r["source_line"])))
    return InputError(
        f"{message}; but {first['source_file']}:{first['source_line']} and "
        f"{len(later) - 1} other later row(s) need it to pass {reached}",
        file=str(resolution["source_file"]),
        line=int(resolution["source_line"]),
        hint="a resolution settles a conflict: remove this row if the screeners' decision "
        "stands, or remove the later rows if it does not",
    )
