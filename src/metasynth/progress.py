"""Where the review stands: one row per step, with what each is waiting for (results/progress.csv).

A review is run long before it is finished: no decisions yet, some screened, appraised but not
coded, two documents coded. Every run writes this table so that the report's stage banner (and
anyone reading results/) sees at which step the review is and what each output still waits for.
Nothing is decided here: each count comes from the table of the stage that owns it.

Inputs: the ingest report (records per export), the dedup summary (pairs awaiting a verdict), the
record states (results/screening/status.csv), the synthesis tables (codings, coding to-do,
unmapped codes), the GRADE-CERQual tables (the review findings of soqf.csv, the judgements still
missing), whether appraisal is part of the review, and the statistics' settings. The
statistics' minimums come from `metasynth.synthesise.shortfall` and the clustering check's own
`shortfall`, the functions their rules use.

Output columns (`PROGRESS_COLUMNS`): `step`, `label`, `kind` (`stage` for a step of the review,
`statistic` for a figure of the synthesis that needs enough data), `state`, `n_done`, `n_total`,
`unit` (what the two counts count), `waiting_for` (what the step waits for, in words, with the
file to write it in) and `is_current` (true on the one stage the review is at: the first that is
not done; the last stage when all are).

States: `open` (work to do at this step now), `waiting` (nothing to do here until an earlier step
moves on: "coding first"; GRADE-CERQual with findings or judgements of its own to write waits
too, "coding first; then 2 GRADE-CERQual judgements not made yet (…)", `WAITS_FOR_EARLIER_STAGES`),
`done`, `not_applicable` (appraisal without a checklist, a disabled clustering check),
and for statistics `not_enough_data` or `done`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from metasynth.checklist import NONE
from metasynth.confidence.judgements import missing_phrase
from metasynth.config import section_with_defaults
from metasynth.screen import STATUSES
from metasynth.synthesise.checks import HELD_REASON, UNMAPPED_REASON
from metasynth.synthesise.clustering import distinct_codes
from metasynth.synthesise.clustering import shortfall as clustering_shortfall
from metasynth.synthesise.shortfall import (
    Shortfall,
    coded_documents,
    double_coded_documents,
    entropy_shortfall,
    reliability_shortfall,
)

PROGRESS_COLUMNS = [
    "step",
    "label",
    "kind",
    "state",
    "n_done",
    "n_total",
    "unit",
    "waiting_for",
    "is_current",
]

WAITS_FOR_EARLIER_STAGES = frozenset({"confidence"})
"""Stages with work of their own that still wait while an earlier stage is open: a
GRADE-CERQual finding and its judgements rest on every included study's mapped codings, so a
study still to code (or to screen, appraise, map) can change them. Screening, appraisal, coding
and mapping go on side by side (a publication at full text while others wait at
title/abstract)."""

STATE_LABELS: dict[str, str] = {
    "open": "to do",
    "waiting": "waiting",
    "done": "done",
    "not_applicable": "not part of this review",
    "not_enough_data": "not enough data yet",
}
"""Each state in words, for people (the report's stage banner)."""


@dataclass(frozen=True)
class ProgressSettings:
    """What the table needs to know of the config: where answers are written, whether the review
    appraises, the reliability minimum and whether the clustering check runs. Built by
    `from_config`: the defaults are the schema's."""

    raw_dir: str
    verdicts_file: str
    decisions_dir: str
    appraisal_dir: str
    appraises: bool
    codebook_file: str
    reliability_min_documents: int
    clustering_enabled: bool
    one_coder: bool
    coders_listed: bool
    findings_file: str
    judgements_file: str

    @classmethod
    def from_config(
        cls,
        *,
        ingest: Mapping[str, Any],
        dedup: Mapping[str, Any],
        screening: Mapping[str, Any],
        appraisal: Mapping[str, Any],
        synthesis: Mapping[str, Any],
        confidence: Mapping[str, Any] | None = None,
    ) -> ProgressSettings:
        """From the parts of each section the table names (schema defaults fill the rest)."""
        values = {
            name: section_with_defaults(name, dict(section))
            for name, section in (
                ("ingest", ingest),
                ("dedup", dedup),
                ("screening", screening),
                ("appraisal", appraisal),
                ("synthesis", synthesis),
                ("confidence", confidence or {}),
            )
        }
        return cls(
            raw_dir=str(values["ingest"]["raw_dir"]),
            verdicts_file=str(values["dedup"]["verdicts"]),
            decisions_dir=str(values["screening"]["decisions_dir"]),
            appraisal_dir=str(values["appraisal"]["appraisal_dir"]),
            appraises=str(values["appraisal"]["checklist"]) != NONE,
            codebook_file=str(values["synthesis"]["codebook"]),
            reliability_min_documents=int(values["synthesis"]["reliability"]["min_documents"]),
            clustering_enabled=bool(values["synthesis"]["clustering"]["enabled"]),
            one_coder=len(values["synthesis"]["coders"]) == 1,
            coders_listed=len(values["synthesis"]["coders"]) > 0,
            findings_file=str(values["confidence"]["findings"]),
            judgements_file=str(values["confidence"]["judgements"]),
        )


@dataclass(frozen=True)
class Step:
    label: str
    kind: str
    state: str
    n_done: int | None
    n_total: int | None
    waiting_for: str
    unit: str = ""


def _after(status: str) -> set[str]:
    """This status and every later one in the pipeline (a publication that got that far)."""
    return set(STATUSES[STATUSES.index(status) :])


def _count(statuses: pd.Series, wanted: Iterable[str]) -> int:
    return int(statuses.isin(set(wanted)).sum())


def _screening_step(
    label: str,
    statuses: pd.Series,
    reached: set[str],
    open_statuses: Mapping[str, tuple[str, str]],  # status → (one, several)
    where: str,
) -> Step:
    """A reviewer stage: publications that reached it, those still open there (by status)."""
    total = _count(statuses, reached)
    parts = [
        f"{n:,} {words[n != 1]}"
        for status, words in open_statuses.items()
        if (n := _count(statuses, [status]))
    ]
    open_n = _count(statuses, open_statuses)
    waiting = f"{'; '.join(parts)} ({where})" if parts else ""
    return Step(
        label, "stage", "open" if open_n else "done", total - open_n, total, waiting, "publications"
    )


def _review_steps(
    records: int,
    pairs_open: int,
    status: pd.DataFrame,
    coding_todo: pd.DataFrame,
    unmapped: pd.DataFrame,
    codings: pd.DataFrame,
    settings: ProgressSettings,
    other_methods: frozenset[str],
) -> dict[str, Step]:
    statuses = status["status"].astype(str) if len(status) else pd.Series(dtype=str)
    # publications found by other methods only start at retrieval (PRISMA 2020's right column)
    screened = statuses
    if len(status):
        screened = statuses[~status["record_id"].astype(str).isin(other_methods)]
    decisions = f"decision rows in {settings.decisions_dir}/"
    steps = {
        "search": Step(
            "Search",
            "stage",
            "done" if records else "open",
            records,
            records,
            "" if records else f"search exports in {settings.raw_dir}/",
            "records",
        ),
        "deduplication": Step(
            "Deduplication",
            "stage",
            "open" if pairs_open else "done",
            None,
            None,
            f"{pairs_open:,} possible duplicate pair(s) awaiting a verdict "
            f"(results/dedup/review.csv → {settings.verdicts_file})"
            if pairs_open
            else "",
        ),
        "title_abstract": _screening_step(
            "Title/abstract screening",
            screened,
            _after("awaiting_title_abstract"),
            {
                "awaiting_title_abstract": (
                    "publication awaiting title/abstract decisions",
                    "publications awaiting title/abstract decisions",
                ),
                "conflict_title_abstract": (
                    "title/abstract conflict to resolve",
                    "title/abstract conflicts to resolve",
                ),
            },
            decisions,
        ),
        "retrieval": _screening_step(
            "Retrieval of full texts",
            statuses,
            _after("awaiting_retrieval"),
            {"awaiting_retrieval": ("full text to retrieve", "full texts to retrieve")},
            decisions,
        ),
        "full_text": _screening_step(
            "Full-text screening",
            statuses,
            _after("awaiting_full_text") - {"not_retrieved"},
            {
                "awaiting_full_text": (
                    "full text awaiting decisions",
                    "full texts awaiting decisions",
                ),
                "conflict_full_text": (
                    "full-text conflict to resolve",
                    "full-text conflicts to resolve",
                ),
            },
            decisions,
        ),
    }
    if settings.appraises:
        steps["appraisal"] = _screening_step(
            "Quality appraisal",
            statuses,
            _after("awaiting_appraisal"),
            {"awaiting_appraisal": ("study awaiting appraisal", "studies awaiting appraisal")},
            f"appraisal rows in {settings.appraisal_dir}/",
        )
    else:
        steps["appraisal"] = Step(
            "Quality appraisal", "stage", "not_applicable", None, None, "not appraised"
        )
    included = _count(statuses, ["included"])
    reasons = coding_todo.get("reason", pd.Series("", index=coding_todo.index)).astype(str)
    to_code = int((~reasons.str.startswith(HELD_REASON)).sum())
    steps["coding"] = Step(
        "Coding",
        "stage",
        "open" if to_code else "done",
        included - to_code,
        included,
        _coding_waits_for(reasons),
        "included studies",
    )
    mapped = int((codings["concept"].astype(str) != "").sum()) if len(codings) else 0
    n_unmapped = len(unmapped)
    steps["synthesis"] = Step(
        "Synthesis",
        "stage",
        "open" if n_unmapped or (included and not mapped) else "done",
        mapped,
        len(codings),
        f"{n_unmapped:,} code(s) matching no codebook concept "
        f"(results/synthesis/unmapped_codes.csv → {settings.codebook_file})"
        if n_unmapped
        else ("codings mapped to the codebook" if included and not mapped else ""),
        "codings mapped to a concept",
    )
    return steps


def confidence_step(
    synthesis: Step, findings: pd.DataFrame, missing: pd.DataFrame, settings: ProgressSettings
) -> Step:
    """GRADE-CERQual, after the synthesis: the review findings to write once codings are mapped
    (the report's section waits for them), then the reviewers' judgements still missing
    (results/confidence/missing_judgements.csv); done when every finding is judged."""
    label = "Confidence in the findings (GRADE-CERQual)"
    unit = "findings judged"
    if findings.empty:
        ready = synthesis.state == "done" and bool(synthesis.n_done)
        waiting = f"review findings to write in {settings.findings_file} (docs/cerqual.md)"
        return Step(label, "stage", "open" if ready else "done", None, None,
                    waiting if ready else "", unit)  # fmt: skip
    n_findings = len(findings)
    if missing.empty:
        return Step(label, "stage", "done", n_findings, n_findings, "", unit)
    judged = n_findings - missing["finding"].astype(str).nunique()
    return Step(
        label,
        "stage",
        "open",
        judged,
        n_findings,
        f"{missing_phrase(missing)} "
        f"(results/confidence/missing_judgements.csv → {settings.judgements_file})",
        unit,
    )


def _coding_waits_for(reasons: pd.Series) -> str:
    """What coding waits for, from coding_todo's reasons: studies with no codes at all, and
    studies whose codes are all outside the codebook (coded, but not yet usable)."""
    unmapped = int((reasons == UNMAPPED_REASON).sum())
    uncoded = int((~reasons.str.startswith(HELD_REASON)).sum()) - unmapped
    parts = []
    if uncoded:
        parts.append(f"{uncoded:,} included stud{'y' if uncoded == 1 else 'ies'} without codes")
    if unmapped:
        parts.append(f"{unmapped:,} with only codes not in the codebook")
    return f"{', '.join(parts)} (results/synthesis/coding_todo.csv)" if parts else ""


def _statistic(
    label: str, missing: Shortfall | None, n: int, unit: str, disabled_because: str = ""
) -> Step:
    if disabled_because:
        return Step(label, "statistic", "not_applicable", None, None, disabled_because)
    if missing is None:
        return Step(label, "statistic", "done", n, None, "", unit)
    return Step(label, "statistic", "not_enough_data", missing.n, None, missing.message(), unit)


def _sole_coder(codings: pd.DataFrame, settings: ProgressSettings) -> str:
    """The one person who has coded when `synthesis.coders` names nobody (any coder), else "":
    they may be coding alone and not know that naming themselves ends the wait for reliability."""
    if settings.coders_listed or codings.empty:
        return ""
    coders = codings["coder"].dropna().unique()
    return str(coders[0]) if len(coders) == 1 else ""


def progress_table(
    *,
    ingest_report: pd.DataFrame,
    dedup_summary: pd.DataFrame,
    status: pd.DataFrame,
    codings: pd.DataFrame,
    coding_todo: pd.DataFrame,
    unmapped: pd.DataFrame,
    settings: ProgressSettings,
    findings: pd.DataFrame,
    missing_judgements: pd.DataFrame,
    other_methods: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """The progress table (see the module docstring). `findings`: one row per review finding
    (results/confidence/soqf.csv); `missing_judgements`: the GRADE-CERQual judgements not made
    yet. `other_methods`: the publications found by other methods only, which title/abstract
    screening does not count."""
    records = (
        int(pd.to_numeric(ingest_report["records_written"]).sum()) if len(ingest_report) else 0
    )
    steps = _review_steps(
        records,
        _open_pairs(dedup_summary),
        status,
        coding_todo,
        unmapped,
        codings,
        settings,
        other_methods,
    )
    steps["confidence"] = confidence_step(
        steps["synthesis"], findings, missing_judgements, settings
    )
    n_coded, n_double = coded_documents(codings), double_coded_documents(codings)
    statistics: dict[str, Callable[[], Step]] = {
        "entropy": lambda: _statistic(
            "Entropy weights", entropy_shortfall(n_coded), n_coded, "coded documents"
        ),
        "reliability": lambda: _statistic(
            "Inter-coder reliability",
            reliability_shortfall(
                n_double, settings.reliability_min_documents, _sole_coder(codings, settings)
            ),
            n_double,
            "double-coded documents",
            # a review coded by one person has no inter-coder reliability to wait for
            "one coder (synthesis.coders)" if settings.one_coder else "",
        ),
        "clustering": lambda: _statistic(
            "Clustering check",
            clustering_shortfall(codings) if settings.clustering_enabled else None,
            len(distinct_codes(codings)) if len(codings) else 0,
            "distinct codes",
            "" if settings.clustering_enabled else "disabled",
        ),
    }
    steps.update({name: make() for name, make in statistics.items()})
    stages = [name for name, step in steps.items() if step.kind == "stage"]
    current = next(
        (name for name in stages if steps[name].state not in ("done", "not_applicable")),
        stages[-1],
    )
    # A stage after the current one that has nothing to do yet waits for the earlier ones. Pairs
    # awaiting a verdict hold nothing up (screening goes on meanwhile): the stages done since
    # stay done, with their counts, and the first other open stage is what later ones wait for.
    gate = next(
        (
            name
            for name in stages
            if name != "deduplication" and steps[name].state not in ("done", "not_applicable")
        ),
        stages[-1],
    )
    reached_gate = False
    rows = []
    for name, step in steps.items():
        state, waiting_for = step.state, step.waiting_for
        first = f"{steps[gate].label.lower()} first"
        if reached_gate and step.kind == "stage" and state == "done":
            state = "waiting"
            waiting_for = waiting_for or first
        elif reached_gate and name in WAITS_FOR_EARLIER_STAGES and state == "open":
            state = "waiting"
            waiting_for = f"{first}; then {waiting_for}"
        reached_gate = reached_gate or name == gate
        rows.append(
            {
                "step": name,
                "label": step.label,
                "kind": step.kind,
                "state": state,
                "n_done": step.n_done,
                "n_total": step.n_total,
                "unit": step.unit,
                "waiting_for": waiting_for,
                "is_current": name == current,
            }
        )
    frame = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    for column in ("n_done", "n_total"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _open_pairs(summary: pd.DataFrame) -> int:
    """Pairs in results/dedup/review.csv still without a verdict (the summary's review queue)."""
    if summary.empty:
        return 0
    rows = summary[(summary["section"] == "review") & (summary["key"] == "queue")]
    return int(rows["n"].iloc[0]) if len(rows) else 0
