"""The reviewers' GRADE-CERQual judgements, and what is still missing from them.

Input: `data/coded/cerqual.yaml` (schema `cerqual_judgements`): per finding, the level of concern
and its explanation for each component (methodological limitations, coherence, adequacy,
relevance) and the overall confidence (high, moderate, low, very low) with its explanation, as
in Lewin et al. (2018), paper 2. Output: `Judgement`s by finding id, and `missing_judgements`,
the list of what the reviewers have not judged yet. Nothing is ever filled in for them.

The wording is GRADE-CERQual's, as the iSoQ tool exports it: "Minor concerns", "Moderate
confidence", and an explanation reads "Minor concerns regarding coherence because …".

Judgements are made on the evidence of one review version (`review_version`, for the file or
per judgement; 1 when not given). After an update, a judged finding that studies of a later
version now support is listed to re-assess (`stale_judgements`): its judgement stays as written,
but nothing reports it as settled until the reviewers have re-read it and written the version.

Checks (`InputError` with file and line): the schema; a judgement of a finding that
findings.yaml does not have; a finding judged twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from metasynth.confidence.findings import Finding
from metasynth.errors import InputError
from metasynth.validation import load_yaml, validate_document, yaml_line

SCHEMA = "cerqual_judgements"

COMPONENTS: dict[str, str] = {
    "methodological_limitations": "Methodological limitations",
    "coherence": "Coherence",
    "adequacy": "Adequacy",
    "relevance": "Relevance",
}
"""The four GRADE-CERQual components (key → heading), in the order of the Evidence Profile."""

CONCERNS: dict[str, str] = {
    "no_or_very_minor": "No/Very minor concerns",
    "minor": "Minor concerns",
    "moderate": "Moderate concerns",
    "serious": "Serious concerns",
}
"""Levels of concern about a component, as iSoQ names them."""

CONFIDENCE: dict[str, str] = {
    "high": "High confidence",
    "moderate": "Moderate confidence",
    "low": "Low confidence",
    "very_low": "Very low confidence",
}
"""The overall assessment of confidence (Lewin et al. 2018, introduction, Table 3)."""

NOT_JUDGED = "Not yet judged"
"""What a table shows where the reviewers have not made a judgement (nothing is invented)."""


@dataclass(frozen=True)
class Component:
    concern: str  # a key of CONCERNS
    explanation: str = ""


@dataclass(frozen=True)
class Judgement:
    finding: str
    components: Mapping[str, Component] = field(default_factory=dict)
    confidence: str = ""  # a key of CONFIDENCE, "" when not judged
    explanation: str = ""
    review_version: int = 1  # the version whose evidence it was made on

    @property
    def is_made(self) -> bool:
        """Whether any part of it is written (a judgement not begun is missing, not stale)."""
        return bool(self.components or self.confidence)


@dataclass(frozen=True)
class Judgements:
    by_finding: Mapping[str, Judgement]
    assessed_by: tuple[str, ...] = ()


def judgements_from_document(
    document: Any, findings: Iterable[Finding], *, file: str | Path
) -> Judgements:
    """Validate a loaded judgements document; InputError for an unknown or repeated finding."""
    if document is None:
        return Judgements({})
    validate_document(document, SCHEMA, file=file)
    known = {f.id for f in findings}
    file_version = int(document.get("review_version", 1))
    by_finding: dict[str, Judgement] = {}
    positions: dict[str, int] = {}
    for position, entry in enumerate(document["judgements"]):
        finding = str(entry["finding"])
        if finding not in known:
            raise InputError(
                f"a judgement of finding {finding!r}, which the findings file does not have",
                file=file,
                line=_line(file, position),
                hint=f"use one of {', '.join(sorted(known)) or '(no findings yet)'}",
            )
        if finding in by_finding:
            raise InputError(
                f"finding {finding!r} is judged twice (first at line "
                f"{_line(file, positions[finding])})",
                file=file,
                line=_line(file, position),
                hint="keep one judgement per finding",
            )
        components = {
            key: Component(str(entry[key]["concern"]), _text(entry[key].get("explanation")))
            for key in COMPONENTS
            if key in entry
        }
        overall = entry.get("confidence") or {}
        by_finding[finding] = Judgement(
            finding,
            components,
            str(overall.get("level", "")),
            _text(overall.get("explanation")),
            int(entry.get("review_version", file_version)),
        )
        positions[finding] = position
    return Judgements(by_finding, tuple(str(a) for a in document.get("assessed_by", [])))


def _line(file: str | Path, position: int) -> int | None:
    """The line of a judgement, found only for a message: each call reads the file again."""
    return yaml_line(file, ["judgements", position]) if Path(file).exists() else None


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def load_judgements(path: str | Path, findings: Iterable[Finding]) -> Judgements:
    """Read and check the judgements file; a missing file means nothing is judged yet."""
    if not Path(path).exists():
        return Judgements({})
    return judgements_from_document(load_yaml(path), findings, file=path)


MISSING_COLUMNS = ("finding", "component", "missing")


def missing_judgements(findings: Iterable[Finding], judgements: Judgements) -> pd.DataFrame:
    """What the reviewers still have to judge: per finding and component (or `confidence`),
    the level, or the explanation a level other than "no or very minor concerns" needs."""
    rows = []
    for finding in findings:
        judgement = judgements.by_finding.get(finding.id, Judgement(finding.id))
        for key in COMPONENTS:
            component = judgement.components.get(key)
            if component is None:
                rows.append((finding.id, key, "level of concern"))
            elif component.concern != "no_or_very_minor" and not component.explanation:
                rows.append((finding.id, key, "explanation"))
        if not judgement.confidence:
            rows.append((finding.id, "confidence", "overall assessment"))
        elif not judgement.explanation:
            rows.append((finding.id, "confidence", "explanation"))
    return pd.DataFrame(rows, columns=list(MISSING_COLUMNS), dtype="string")


RESTATE = "review_version"
"""The `component` of a missing_judgements row asking to re-assess a judgement after an update."""


def stale_judgements(
    findings: Iterable[Finding],
    judgements: Judgements,
    contributions: pd.DataFrame,
    versions: Mapping[str, int],
) -> pd.DataFrame:
    """The judged findings that studies of a later review version than their judgement's now
    support (`contributions`: finding, record_id, study; `versions`: record_id → the version
    that first found the publication): one row each, in missing_judgements' columns, naming the
    studies and the version to write once the judgement has been re-read."""
    rows = []
    for finding in findings:
        judgement = judgements.by_finding.get(finding.id)
        if judgement is None or not judgement.is_made:
            continue
        mine = contributions[contributions["finding"].astype(str) == finding.id]
        later = [
            (versions.get(str(r["record_id"]), 1), str(r["study"]))
            for r in mine.to_dict("records")
            if versions.get(str(r["record_id"]), 1) > judgement.review_version
        ]
        if not later:
            continue
        latest = max(v for v, _ in later)
        studies = ", ".join(study for _, study in later)
        rows.append(
            (
                finding.id,
                RESTATE,
                f"re-assessment: judged on the evidence of review version "
                f"{judgement.review_version}, and {len(later)} later "
                f"{'study' if len(later) == 1 else 'studies'} ({studies}) now support it; "
                f"re-read the judgement, then write review_version: {latest} in it",
            )
        )
    return pd.DataFrame(rows, columns=list(MISSING_COLUMNS), dtype="string")


def missing_counts(missing: pd.DataFrame) -> tuple[int, int]:
    """(judgements not made yet, judgements to re-assess) of a missing_judgements table."""
    if missing.empty:
        return 0, 0
    restate = int((missing["component"].astype(str) == RESTATE).sum())
    return len(missing) - restate, restate


def missing_phrase(missing: pd.DataFrame, noun: str = "GRADE-CERQual judgement") -> str:
    """ "3 GRADE-CERQual judgements not made yet; 2 to re-assess with a later review version's
    studies": what the reviewers still owe, in the words progress and status share."""
    to_make, to_restate = missing_counts(missing)
    parts = []
    if to_make:
        parts.append(f"{to_make:,} {noun}{'' if to_make == 1 else 's'} not made yet")
    if to_restate:
        counted = f"{to_restate:,}" if parts else f"{to_restate:,} {noun}"
        plural = "" if parts or to_restate == 1 else "s"
        parts.append(f"{counted}{plural} to re-assess with a later review version's studies")
    return "; ".join(parts)
