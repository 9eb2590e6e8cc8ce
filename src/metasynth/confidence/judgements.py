"""The reviewers' GRADE-CERQual judgements, and what is still missing from them.

Input: `data/coded/cerqual.yaml` (schema `cerqual_judgements`): per finding, the level of concern
and its explanation for each component (methodological limitations, coherence, adequacy,
relevance) and the overall confidence (high, moderate, low, very low) with its explanation, as
in Lewin et al. (2018), paper 2. Output: `Judgement`s by finding id, and `missing_judgements`,
the list of what the reviewers have not judged yet. Nothing is ever filled in for them.

The wording is GRADE-CERQual's, as the iSoQ tool exports it: "Minor concerns", "Moderate
confidence", and an explanation reads "Minor concerns regarding coherence because …".

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
