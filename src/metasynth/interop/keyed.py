"""The one core of every import: rows of another tool's file → ordinary decision or coding rows.

Each reader (ASReview, Rayyan, Covidence, a spreadsheet, a bulk list) turns its file into
`Incoming` rows: where the row is (its line), the keys that name the publication (record_id,
DOI, PubMed ID, title) and the decision or coding rows it stands for — or why it stands for none
(`skip`: not labelled, prior knowledge metasynth supplied, …). `plan_decisions` and `plan_codes`
then decide, row by row and with reasons, what is written:

- the publication is found by `matching.PublicationIndex` (unmatched rows are listed, nothing is
  guessed);
- a decision the reviewer already made at that stage (in any file the workflow reads, or earlier
  in this import) is not written again; a coding already in the codes file neither. When the
  same decision is there, the row's other stages are still written (a resolver who settled the
  title/abstract conflict, then Covidence's list for the full text); a different one keeps out
  the whole row;
- a resolver's decision on a stage the screeners have already settled alike, with no resolver
  there yet, is not written either (a consensus list imported under the resolver after the team
  screened in metasynth): it would settle nothing; the row's other stages are written;
- a title/abstract decision on a publication found by other methods only (PRISMA 2020 takes
  it straight to retrieval; the workflow refuses such a row) is not written, its other stages
  are;
- a decision on a record deduplication linked to another record's study as its report (an
  erratum, a correction notice, an earlier version) is skipped: in Rayyan or Covidence it was
  decided as a record of its own ("an erratum: exclude"), which is no decision on the study;
- a coding on a publication the last run excluded is skipped: the workflow refuses it (codes
  on one still to be decided are held back there until it is included, so they are written);
- every decision is checked with the workflow's own rules (the decision file's schema: stage,
  decision and date spelled as the workflow reads them; `check_decision`: reviewer, reason
  codes, required reasons, resolvers' decisions), every coding against the configured coders; a
  row that fails is skipped with the workflow's message.

The result is a `Plan`: the rows to append (the columns of the decision or codes file) and one
outcome per incoming row (`OUTCOME_COLUMNS`): imported, skipped or unmatched, and why.
`append_plan` appends the rows to the file (created with its header if new; existing rows never
rewritten) so that the audit trail stays the files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from metasynth.errors import InputError
from metasynth.interop.matching import Match, PublicationIndex
from metasynth.screen.decisions import check_decision
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.settle import Outcome, settle_screeners
from metasynth.synthesise.checks import PENDING_STATUSES
from metasynth.synthesise.codes import CODE_COLUMNS, DUPLICATE_KEY
from metasynth.tables import append_rows, row_problem
from metasynth.text import as_text
from metasynth.validation import load_schema

DECISION_FIELDS = tuple(load_schema("screening_decisions")["properties"])
"""The columns of a decision file, in the schema's order (record_id, stage, reviewer, …)."""

CODE_FIELDS = CODE_COLUMNS
OUTCOME_COLUMNS = [
    "source_file",
    "source_line",
    "named_as",
    "record_id",
    "publication_id",
    "matched_by",
    "outcome",
    "written",
    "detail",
]
"""One row per incoming row: how the file named it, what it matched, what became of it, why."""


@dataclass(frozen=True)
class Incoming:
    """One row of another tool's file: where, which publication, and what it stands for."""

    line: int
    keys: Mapping[str, str]
    rows: tuple[Mapping[str, str], ...] = ()  # decision or coding fields, without record_id
    skip: str = ""  # why the reader already knows nothing is imported from it
    labelled: bool = True  # False for a row the tool itself left undecided
    note: str = ""  # what the reader noticed, reported with the outcome
    # what the user has to act on although the row is imported (an exclusion written without
    # the reason its file gave): reported with the outcome, and never counted away
    warning: str = ""
    # how the reader itself found the publication ("" when it did not look it up), reported
    # instead of how `keys` matched; None: as `keys` matched
    matched_by: str | None = None


@dataclass
class Plan:
    """What an import writes, and what became of each incoming row."""

    rows: pd.DataFrame
    outcomes: pd.DataFrame
    n_labelled: int
    source_file: str = ""  # the file imported from, as the command line named it
    warned: frozenset[int] = frozenset()  # positions in `outcomes` of rows with a warning

    @property
    def n_imported(self) -> int:
        return int((self.outcomes["outcome"] == "imported").sum())


@dataclass
class _Outcomes:
    source_file: str
    items: list[dict[str, str]] = field(default_factory=list)
    warned: set[int] = field(default_factory=set)

    def add(
        self,
        item: Incoming,
        outcome: str,
        detail: str,
        match: Match | None = None,
        written: str = "",
    ) -> None:
        warning = item.warning if outcome != "unmatched" else ""  # an unmatched row wrote nothing
        notes = [n for n in (item.note, warning, match.detail if match else "", detail) if n]
        if warning:
            self.warned.add(len(self.items))
        self.items.append(
            {
                "source_file": self.source_file,
                "source_line": str(item.line),
                "named_as": named_as(item.keys),
                "record_id": match.record_id if match else "",
                "publication_id": match.publication_id if match else "",
                "matched_by": _matched_by(item, match),
                "outcome": outcome,
                "written": written,
                "detail": "; ".join(notes),
            }
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.items, columns=OUTCOME_COLUMNS, dtype="string")


def _matched_by(item: Incoming, match: Match | None) -> str:
    if match is None:
        return ""
    return match.matched_by if item.matched_by is None else item.matched_by


def named_as(keys: Mapping[str, str]) -> str:
    """How a row named its publication, for people: its first non-empty key."""
    for key in ("record_id", "doi", "pmid", "title"):
        value = as_text(keys.get(key))
        if value:
            shown = value if len(value) <= 60 else value[:57] + "..."
            return f"{key} {shown}"
    return "(no key)"


def _match(item: Incoming, index: PublicationIndex, log: _Outcomes) -> Match | None:
    found = index.find(item.keys)
    if item.skip:  # still named by its record, when found
        log.add(item, "skipped", item.skip, found if isinstance(found, Match) else None)
        return None
    if not isinstance(found, Match):
        log.add(item, "unmatched", found.reason)
        return None
    return found


def _check_decision(
    row: Mapping[str, str], settings: ScreeningSettings, members: Mapping[str, str]
) -> str:
    """The workflow's complaint about one decision row, or ""."""
    try:
        check_decision({**row, "source_file": "(import)", "source_line": 0}, settings, members)
    except InputError as error:
        return error.message + (f" ({error.hint})" if error.hint else "")
    return ""


class Unneeded(str):
    """Why a planned row is not written although nothing is wrong with it (the same decision is
    already in the files; a stage the publication does not go through): the row's other rows
    are written, and the outcome says it."""


Check = Callable[[dict[str, str], Match], str]
"""A rule for one planned row: the complaint that keeps it out (an `Unneeded` one leaves it out
alone), or ""."""
Accept = Callable[[dict[str, str], Match, Incoming], None]
"""What to remember of an accepted row (so that a later one is not its repeat)."""


def _plan(
    incoming: Sequence[Incoming],
    *,
    source_file: str,
    index: PublicationIndex,
    fields: Sequence[str],
    check: Check,
    accept: Accept,
    all_or_none: bool,
) -> Plan:
    """The rows to write for the incoming rows, and the outcome of each (see the module)."""
    log = _Outcomes(source_file)
    rows: list[dict[str, str]] = []
    for item in incoming:
        match = _match(item, index, log)
        if match is None:
            continue
        planned: list[dict[str, str]] = []
        problems: list[str] = []
        unneeded: list[str] = []
        for given in item.rows:
            row = {f: as_text(given.get(f)) for f in fields} | {"record_id": match.record_id}
            complaint = check(row, match)
            if isinstance(complaint, Unneeded):
                unneeded.append(complaint)
            elif complaint:
                problems.append(complaint)
            else:
                planned.append(row)
                if not all_or_none:
                    accept(row, match, item)
        problems = list(dict.fromkeys(problems))  # one message per row, not per code
        if not planned or (problems and all_or_none):
            log.add(item, "skipped", "; ".join([*unneeded, *problems]), match)
            continue
        if all_or_none:
            for row in planned:
                accept(row, match, item)
        rows.extend(planned)
        written = ", ".join(
            f"{r['stage']} {r['decision']}" if "stage" in r else f"code {r['code']!r}"
            for r in planned
        )
        log.add(item, "imported", "; ".join([*unneeded, *problems]), match, written)
    frame = pd.DataFrame(rows, columns=list(fields), dtype="string")
    labelled = sum(1 for item in incoming if item.labelled)
    return Plan(frame, log.frame(), labelled, source_file, frozenset(log.warned))


def plan_decisions(
    incoming: Sequence[Incoming],
    *,
    source_file: str,
    index: PublicationIndex,
    settings: ScreeningSettings,
    existing: pd.DataFrame,
) -> Plan:
    """Decision rows to write for the incoming rows, and the outcome of each. A row's decisions
    are written all or none (a half-imported row misleads).

    `existing`: every decision the workflow reads now (`validate_decisions` output), so that a
    reviewer's decision is never written twice for one publication and stage.
    """
    records = existing.to_dict("records")
    decided = {
        (str(r["publication_id"]), str(r["stage"]), str(r["reviewer"])): (
            f"{r['source_file']}:{r['source_line']}",
            str(r["decision"]),
        )
        for r in records
    }
    agreed = _screeners_settled(records, settings)

    def check(row: dict[str, str], match: Match) -> str:
        key = (match.publication_id, row["stage"], row["reviewer"])
        if match.record_id in index.reports:
            return (
                f"{match.record_id} is an erratum, notice or version that deduplication linked "
                f"to publication {match.publication_id} (results/dedup/clusters.csv): its "
                "decision is not the study's; decide the study by its own record"
            )
        if key in decided:
            where, made = decided[key]
            said = f"{row['reviewer']} already decided it at {row['stage']} in {where}"
            if made == row["decision"]:
                return Unneeded(f"{said} ({made}, not written again)")
            return f"{said} ({made}, not {row['decision']})"
        screened = agreed.get((match.publication_id, row["stage"]))
        if (
            screened is not None
            and settings.is_resolver(row["reviewer"])
            and _settles_alike(row, screened)
        ):
            return Unneeded(
                f"the screeners already settled {row['stage']} alike ({screened.detail}: "
                f"{screened.decision}): no resolution is needed, none written"
            )
        if row["stage"] == "title_abstract" and match.publication_id in index.other_methods:
            return Unneeded(
                f"{match.record_id} was identified by other methods only: PRISMA 2020 takes it "
                "straight to retrieval, so no title_abstract decision is written"
            )
        problem = _check_decision(row, settings, index.members)
        if problem:
            return problem
        problem = row_problem(row, "screening_decisions")
        return f"the workflow would refuse the row: {problem}" if problem else ""

    def accept(row: dict[str, str], match: Match, item: Incoming) -> None:
        key = (match.publication_id, row["stage"], row["reviewer"])
        decided[key] = (f"line {item.line} of this file", row["decision"])

    return _plan(
        incoming,
        source_file=source_file,
        index=index,
        fields=DECISION_FIELDS,
        check=check,
        accept=accept,
        all_or_none=True,
    )


def _screeners_settled(
    records: Sequence[Mapping[str, object]], settings: ScreeningSettings
) -> dict[tuple[str, str], Outcome]:
    """(publication, stage) → the screeners' agreement, for each screening stage that they have
    settled alike and that no resolver has decided yet: a resolver's row there would only repeat
    it (a consensus list imported under the resolver after the team screened in metasynth)."""
    rows: dict[tuple[str, str], list[Mapping[str, object]]] = {}
    for record in records:
        if record["stage"] in ("title_abstract", "full_text"):
            key = (str(record["publication_id"]), str(record["stage"]))
            rows.setdefault(key, []).append(record)
    settled = {}
    for (publication, stage), stage_rows in rows.items():
        if any(r["is_resolution"] for r in stage_rows):
            continue
        outcome = settle_screeners(stage_rows, settings.reviewers_per_stage[stage], stage)
        if outcome.state == "settled":
            settled[publication, stage] = outcome
    return settled


def _settles_alike(row: Mapping[str, str], screened: Outcome) -> bool:
    """Whether a resolver's row settles its stage as the screeners' agreement did: the same
    decision, and for a full-text exclusion the same reason (PRISMA counts one per report)."""
    if row["decision"] != screened.decision:
        return False
    return (
        row["stage"] != "full_text"
        or row["decision"] != "exclude"
        or (row["reason"] == screened.reason)
    )


def plan_codes(
    incoming: Sequence[Incoming],
    *,
    source_file: str,
    index: PublicationIndex,
    coders: Sequence[str],
    existing: pd.DataFrame,
    status_of: Mapping[str, str] | None = None,
) -> Plan:
    """Coding rows to write for the incoming rows, and the outcome of each (a row's codings
    that can be written are, the others are reported with it).

    `existing`: the codings already in the target file (`record_id, coder, code, quote, …`):
    the same code of the same coder on the same publication is not written twice.
    `status_of`: each publication's status in the last run (`results/screening/status.csv`),
    when known: codes on one that is neither included nor still to be decided would stop the
    workflow (`synthesise.checks.check_included`), so they are not written.
    """
    seen = {
        (index.publication(str(r["record_id"])) or str(r["record_id"]), r["coder"], r["code"])
        for r in existing.to_dict("records")
    }

    def check(row: dict[str, str], match: Match) -> str:
        if not row["code"] or not row["coder"]:
            return "a coding needs a code and a coder"
        if coders and row["coder"] not in coders:
            return f"unknown coder {row['coder']!r} (synthesis.coders: {', '.join(coders)})"
        if (match.publication_id, row["coder"], row["code"]) in seen:
            return f"{row['coder']} already coded it {row['code']!r}"
        status = (status_of or {}).get(match.publication_id, "included")
        if status != "included" and status not in PENDING_STATUSES:
            return (
                f"{match.publication_id} is {status} (results/screening/status.csv): the "
                "workflow refuses codes on a study that is not included; code the included "
                "studies (results/screening/included.csv)"
            )
        return ""

    def accept(row: dict[str, str], match: Match, item: Incoming) -> None:
        seen.add((match.publication_id, row["coder"], row["code"]))

    return _plan(
        incoming,
        source_file=source_file,
        index=index,
        fields=CODE_FIELDS,
        check=check,
        accept=accept,
        all_or_none=False,
    )


def append_plan(plan: Plan, output: str | Path) -> int:
    """Append the plan's rows to `output` (created with its header when new, existing rows
    never rewritten); the line of the first appended row, or 0 when there is nothing."""
    if plan.rows.empty:
        return 0
    # checked again under the file's lock: another import may have appended since the plan
    is_decisions = "stage" in plan.rows.columns
    key = ("record_id", "stage", "reviewer") if is_decisions else DUPLICATE_KEY
    return append_rows(output, plan.rows, key=key)
