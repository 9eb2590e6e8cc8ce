"""The parts of a GRADE-CERQual assessment that the data can give: who contributes, with what.

Inputs: the findings (`findings.Finding`), the codings (results/synthesis/codings.csv; only those
that build the framework: `in_synthesis` and mapped), the study numbers (results/screening/
studies.csv: record_id, label S1…Sn), the appraisal summary (results/appraisal/casp.csv:
record_id, total, band, reason) and the publications' countries (results/dedup/publications).

Outputs (DataFrames, docs/data-contracts.md, results/confidence):

- `contributions`: one row per finding and contributing study — a study contributes when it has a
  coding under any codebook entry the finding rests on — with its codings, distinct quotes and
  words of quoted data, the entries it codes, its quality band (or "not appraised") and countries;
- `sensitivity`: per finding, the check with all studies, without each contributing study in
  turn (leave-one-study-out) and without the studies of the lower-quality bands: how many studies
  and codings remain, which entries lose every coding, and whether the finding keeps its support
  (at least `min_studies` studies, and every entry it rests on still coded);
- `quality_summary` / `adequacy_summary`: the methodological-limitations and adequacy facts of one
  finding in words, for the Evidence Profile (Munthe-Kaas et al. 2018; Glenton et al. 2018). For
  a checklist that gives no bands (JBI, MMAT) the facts come from every appraisal row as read
  (results/appraisal/appraisals.csv, `AppraisalAnswers`): how many contributing studies met
  every criterion, and which studies each criterion was not met by, without an overall score.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from metasynth.checklist import Checklist
from metasynth.confidence.findings import Finding
from metasynth.synthesise.aggregate import synthesis_codings
from metasynth.text import MULTI_SEP, as_text, fold, plural, split_multi

NOT_APPRAISED = "not appraised"
"""The quality of a study the review did not appraise (no appraisal row, or appraisal: none)."""

NO_BAND = "appraised, no band"
"""The quality of a study appraised with a checklist that gives no band (MMAT, JBI)."""

CONTRIBUTION_COLUMNS = (
    "finding",
    "record_id",
    "study",
    "n_codings",
    "n_quotes",
    "n_quote_words",
    "entries",
    "quality",
    "total",
    "countries",
)

SENSITIVITY_COLUMNS = (
    "finding",
    "scenario",
    "removed",
    "n_studies",
    "n_codings",
    "unsupported",
    "keeps_support",
)


def _study_quality(appraisal: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """record_id → (quality, total): the band, or NO_BAND / NOT_APPRAISED."""
    quality: dict[str, tuple[str, str]] = {}
    for row in appraisal.to_dict("records"):
        band, reason = as_text(row.get("band")), as_text(row.get("reason"))
        label = band or (NOT_APPRAISED if reason == NOT_APPRAISED else NO_BAND)
        quality[str(row["record_id"])] = (label, as_text(row.get("total")))
    return quality


def _entries_coded(rows: pd.DataFrame, entries: Sequence[str]) -> list[str]:
    """The entries (any level) that at least one of `rows` is coded under, in `entries` order."""
    coded = set(rows["concept"]) | set(rows["subcategory"]) | set(rows["category"])
    return [e for e in entries if e in coded]


def finding_codings(codings: pd.DataFrame, finding: Finding) -> pd.DataFrame:
    """The framework's codings under the entries a finding rests on."""
    used = synthesis_codings(codings)
    return used[used["concept"].astype(str).isin(set(finding.concepts))]


def contributions(
    findings: Iterable[Finding],
    codings: pd.DataFrame,
    studies: pd.DataFrame,
    appraisal: pd.DataFrame,
    countries: dict[str, str],
) -> pd.DataFrame:
    """One row per finding and contributing study, in finding then study order (see module)."""
    label = dict(zip(studies["record_id"].astype(str), studies["label"].astype(str), strict=True))
    order = {record_id: i for i, record_id in enumerate(label)}
    quality = _study_quality(appraisal)
    rows = []
    for finding in findings:
        mine = finding_codings(codings, finding)
        for record_id in sorted(
            set(mine["record_id"].astype(str)), key=lambda r: (order.get(r, len(order)), r)
        ):
            theirs = mine[mine["record_id"].astype(str) == record_id]
            quotes = {" ".join(q.split()) for q in theirs["quote"].astype(str) if q.strip()}
            band, total = quality.get(record_id, (NOT_APPRAISED, ""))
            rows.append(
                {
                    "finding": finding.id,
                    "record_id": record_id,
                    "study": label.get(record_id, record_id),
                    "n_codings": len(theirs),
                    "n_quotes": len(quotes),
                    "n_quote_words": sum(len(q.split()) for q in quotes),
                    "entries": MULTI_SEP.join(_entries_coded(theirs, finding.rests_on)),
                    "quality": band,
                    "total": total,
                    "countries": countries.get(record_id, ""),
                }
            )
    frame = pd.DataFrame(rows, columns=list(CONTRIBUTION_COLUMNS))
    for column in ("n_codings", "n_quotes", "n_quote_words"):
        frame[column] = frame[column].astype("int64")
    return frame


def _check(
    finding: Finding, codings: pd.DataFrame, kept: set[str], min_studies: int
) -> tuple[int, int, list[str], bool]:
    rows = codings[codings["record_id"].astype(str).isin(kept)]
    n_studies = rows["record_id"].nunique()
    unsupported = [e for e in finding.rests_on if e not in _entries_coded(rows, finding.rests_on)]
    return n_studies, len(rows), unsupported, n_studies >= min_studies and not unsupported


def sensitivity(
    findings: Iterable[Finding],
    codings: pd.DataFrame,
    contributed: pd.DataFrame,
    *,
    lower_quality_bands: Sequence[str],
    min_studies: int,
) -> pd.DataFrame:
    """All studies, leave-one-study-out, and lower-quality-excluded checks (see module)."""
    lower = set(lower_quality_bands)
    rows = []
    for finding in findings:
        mine = finding_codings(codings, finding)
        theirs = contributed[contributed["finding"] == finding.id]
        every = set(theirs["record_id"])
        label = dict(zip(theirs["record_id"], theirs["study"], strict=True))
        scenarios: list[tuple[str, list[str]]] = [("all studies", [])]
        scenarios += [("leave one study out", [r]) for r in theirs["record_id"]]
        if (theirs["quality"] == NOT_APPRAISED).all() and len(theirs):
            scenarios.append(("lower quality excluded: not appraised", []))
        elif theirs["quality"].isin((NO_BAND, NOT_APPRAISED)).all() and len(theirs):
            # JBI and MMAT decide without a score: no band to leave out, so no check to make
            scenarios.append(("lower quality excluded: no bands", []))
        else:
            low = [
                r for r, q in zip(theirs["record_id"], theirs["quality"], strict=True) if q in lower
            ]
            scenarios.append(("lower quality excluded", low))
        for scenario, removed in scenarios:
            n_studies, n_codings, unsupported, keeps = _check(
                finding, mine, every - set(removed), min_studies
            )
            rows.append(
                {
                    "finding": finding.id,
                    "scenario": scenario,
                    "removed": MULTI_SEP.join(label[r] for r in removed),
                    "n_studies": n_studies,
                    "n_codings": n_codings,
                    "unsupported": MULTI_SEP.join(unsupported),
                    "keeps_support": "yes" if keeps else "no",
                }
            )
    frame = pd.DataFrame(rows, columns=list(SENSITIVITY_COLUMNS))
    return frame.astype({"n_studies": "int64", "n_codings": "int64"})


# --------------------------------------------------------------------------- in words


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "–"


def _quality_order(theirs: pd.DataFrame) -> list[str]:
    """Quality labels, best first: bands by their studies' mean total, then the unbanded."""
    totals: dict[str, list[float]] = {}
    for quality, total in zip(theirs["quality"], theirs["total"], strict=True):
        value = pd.to_numeric(pd.Series([total]), errors="coerce").iloc[0]
        totals.setdefault(str(quality), []).append(
            float(value) if pd.notna(value) else float("nan")
        )
    unbanded = (NO_BAND, NOT_APPRAISED)

    def key(quality: str) -> tuple[int, float, str]:
        numbers = [t for t in totals[quality] if t == t]
        mean = sum(numbers) / len(numbers) if numbers else 0.0
        return (unbanded.index(quality) + 1 if quality in unbanded else 0, -mean, quality)

    return sorted(totals, key=key)


@dataclass(frozen=True)
class AppraisalAnswers:
    """Every appraisal row as read (results/appraisal/appraisals.csv: one per study, appraiser
    and, for MMAT, category of design) and the checklist that asked them."""

    checklist: Checklist
    rows: pd.DataFrame


def _criteria(checklist: Checklist) -> dict[tuple[str, str], tuple[int, str]]:
    """(category, column) → (order, label): a question by its id ("S1", "Q4", category ""), a
    category's criterion by the category's number and its own ("1.4": MMAT's numbering)."""
    labels: dict[tuple[str, str], tuple[int, str]] = {}
    for q in checklist.questions:
        labels[("", q.id)] = (len(labels), q.id.upper())
    for category in checklist.categories:
        number = re.match(r"\s*(\d+)\s*\.", category.label)
        prefix = number.group(1) if number else category.id
        for i in range(1, len(category.criteria) + 1):
            labels[(category.id, f"c{i}")] = (len(labels), f"{prefix}.{i}")
    return labels


def _not_met(checklist: Checklist) -> tuple[set[str], str]:
    """The answers that do not meet a criterion (all but the first, "Yes", and "Not
    applicable") and their names in words ("No or can't tell", "No or unclear")."""
    answers = [a for a in checklist.answers[1:] if fold(a) != fold("Not applicable")]
    words = " or ".join([answers[0], *(a.lower() for a in answers[1:])]) if answers else "No"
    return {fold(a) for a in answers}, words


def criteria_summary(theirs: pd.DataFrame, answers: AppraisalAnswers) -> str:
    """ "3 of 5 contributing studies met every criterion; No or can't tell: 1.4 (S2, S7), 1.5
    (S7 by R2 but not R1)" — for a checklist without a score (MMAT discourages one): each
    criterion a contributing study did not meet, per appraiser and, for MMAT, per component (a
    mixed-methods study's rows stay apart); appraisers who disagree are named, not merged."""
    checklist, labels = answers.checklist, _criteria(answers.checklist)
    negative, words = _not_met(checklist)
    questions = {q.id for q in checklist.questions}
    mine = set(theirs["record_id"].astype(str))
    # criterion → study → appraiser → met (False when any of its rows did not meet it)
    given: dict[tuple[str, str], dict[str, dict[str, bool]]] = {}
    appraised: set[str] = set()
    for row in answers.rows.to_dict("records"):
        record_id = str(row["record_id"])
        if record_id not in mine:
            continue
        appraised.add(record_id)
        category = as_text(row.get("category"))
        for column in checklist.answer_columns:
            answer = as_text(row.get(column))
            key = ("", column) if column in questions else (category, column)
            if not answer or key not in labels:
                continue
            by = given.setdefault(key, {}).setdefault(record_id, {})
            appraiser = as_text(row.get("appraiser"))
            by[appraiser] = by.get(appraiser, True) and fold(answer) not in negative
    label = dict(zip(theirs["record_id"].astype(str), theirs["study"].astype(str), strict=True))
    order = list(label)
    failed: set[str] = set()
    listed = []
    for key in sorted(given, key=lambda k: labels[k][0]):
        cells = []
        for record_id in sorted(given[key], key=order.index):
            by = given[key][record_id]
            no = sorted(a for a, met in by.items() if not met)
            if not no:
                continue
            failed.add(record_id)
            yes = sorted(a for a, met in by.items() if met)
            cells.append(
                label[record_id] + (f" by {', '.join(no)} but not {', '.join(yes)}" if yes else "")
            )
        if cells:
            listed.append(f"{labels[key][1]} ({', '.join(cells)})")
    n = len(theirs)
    parts = [f"{len(appraised - failed)} of {n} contributing studies met every criterion"]
    if listed:
        parts.append(f"{words}: " + ", ".join(listed))
    missing = [label[r] for r in order if r not in appraised]
    if missing:
        parts.append("not appraised: " + ", ".join(missing))
    return "; ".join(parts)


def quality_summary(theirs: pd.DataFrame, answers: AppraisalAnswers | None = None) -> str:
    """ "12 studies: very good 8 (67%: S1, S4, …); good 4 (33%: …)" — the contributing studies by
    quality band, best first; "not appraised" when none was appraised. When the checklist gives
    no bands (JBI, MMAT), the criteria they did not meet (`criteria_summary`) when the appraisal
    rows are given, else "all appraised"."""
    n = len(theirs)
    if not n:
        return "no contributing studies"
    studies = plural(n, "study", "studies")
    if (theirs["quality"] == NOT_APPRAISED).all():
        return f"{studies}, not appraised"
    unbanded = theirs["quality"].isin((NO_BAND, NOT_APPRAISED)).all()
    if answers is not None and unbanded and len(answers.rows):
        return criteria_summary(theirs, answers)
    if (theirs["quality"] == NO_BAND).all():
        return f"{studies}, all appraised (the checklist gives no quality bands)"
    parts = []
    for quality in _quality_order(theirs):
        members = theirs.loc[theirs["quality"] == quality, "study"].tolist()
        parts.append(f"{quality} {len(members)} ({_share(len(members), n)}: {', '.join(members)})")
    return f"{studies}: " + "; ".join(parts)


def country_counts(theirs: pd.DataFrame) -> list[tuple[str, int]]:
    """(country, contributing studies from it), most studies first, then by name."""
    counts: Counter[str] = Counter()
    for cell in theirs["countries"]:
        counts.update(set(split_multi(cell)))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def adequacy_summary(theirs: pd.DataFrame) -> str:
    """ "12 studies, 30 codings, 28 quotes (1,204 words of quoted data), 9 countries"."""
    countries = country_counts(theirs)
    return (
        f"{plural(len(theirs), 'study', 'studies')}, "
        f"{plural(int(theirs['n_codings'].sum()), 'coding')}, "
        f"{plural(int(theirs['n_quotes'].sum()), 'quote')} "
        f"({plural(int(theirs['n_quote_words'].sum()), 'word')} of quoted data), "
        f"{plural(len(countries), 'country', 'countries')}"
    )


def sensitivity_summary(rows: pd.DataFrame, scenario: str) -> str:
    """One check of one finding in words: "keeps its support", or what it loses and why."""
    if scenario == "leave one study out":
        mine = rows[rows["scenario"] == scenario]
        if not len(mine):
            return "no contributing studies"
        lost = mine[mine["keeps_support"] == "no"]
        if not len(lost):
            total = int(rows.loc[rows["scenario"] == "all studies", "n_codings"].sum())
            heaviest = mine.sort_values("n_codings", kind="stable").iloc[0]
            share = _share(total - int(heaviest["n_codings"]), total)
            return (
                f"keeps its support without any one of its {len(mine)} studies (the most any "
                f"one contributes: {share} of its codings, {heaviest['removed']})"
            )
        return "loses its support without " + ", ".join(
            f"{r['removed']}"
            + (f" ({r['unsupported']} no longer coded)" if r["unsupported"] else "")
            for r in lost.to_dict("records")
        )
    mine = rows[rows["scenario"].str.startswith("lower quality excluded")]
    if not len(mine):
        return ""
    row = mine.iloc[0]
    if row["scenario"].endswith("not appraised"):
        return "not appraised"
    if row["scenario"].endswith("no bands"):
        return "not applicable: the appraisal checklist gives no quality bands"
    if not row["removed"]:
        return "no contributing study is in a lower-quality band"
    n_removed = len(row["removed"].split(MULTI_SEP))
    verdict = "keeps its support" if row["keeps_support"] == "yes" else "loses its support"
    detail = f"; {row['unsupported']} no longer coded" if row["unsupported"] else ""
    remain = f"{row['n_studies']} remain{detail}"
    removed = plural(n_removed, "lower-quality study", "lower-quality studies")
    return f"{verdict} without its {removed} ({remain})"
