"""One GRADE-CERQual pass: findings, judgements and the review's tables in, every table out.

`assess_confidence` is what rule `assess_confidence` (scripts/assess_confidence.py) calls: it
takes the loaded findings and judgements and the tables of earlier stages (codings, study
numbers, appraisal summary, publications' countries) and returns the five tables of
results/confidence (`ConfidenceTables`); the Markdown, LaTeX and Word files are rendered from the
Evidence Profile and the SoQF by `render`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from metasynth.checklist import Checklist
from metasynth.confidence.components import AppraisalAnswers, contributions, sensitivity
from metasynth.confidence.findings import Finding
from metasynth.confidence.judgements import Judgements, missing_judgements, stale_judgements
from metasynth.confidence.profile import evidence_profile, soqf
from metasynth.confidence.settings import ConfidenceSettings


@dataclass(frozen=True)
class ConfidenceTables:
    profile: pd.DataFrame
    soqf: pd.DataFrame
    contributions: pd.DataFrame
    sensitivity: pd.DataFrame
    missing: pd.DataFrame


def countries_by_record(publications: pd.DataFrame) -> dict[str, str]:
    """record_id → the publication's countries ("; "-joined, as dedup writes them)."""
    if "countries" not in publications.columns:
        return {}
    values = publications["countries"].astype("string").fillna("")
    return dict(zip(publications["record_id"].astype(str), values.astype(str), strict=True))


def assess_confidence(
    findings: Sequence[Finding],
    judgements: Judgements,
    *,
    codings: pd.DataFrame,
    studies: pd.DataFrame,
    appraisal: pd.DataFrame,
    publications: pd.DataFrame,
    settings: ConfidenceSettings,
    versions: Mapping[str, int] | None = None,
    appraisals: pd.DataFrame | None = None,
    checklist: Checklist | None = None,
) -> ConfidenceTables:
    """Every table of results/confidence (see the package docstring). `versions` (record_id →
    the review version that first found it) lists a judgement made before a later version's
    studies came to support its finding as one to re-assess. `appraisals` (every appraisal row
    as read) and the `checklist` give, for a checklist without bands (JBI, MMAT), the criteria
    each contributing study did not meet."""
    contributed = contributions(
        findings, codings, studies, appraisal, countries_by_record(publications)
    )
    checks = sensitivity(
        findings,
        codings,
        contributed,
        lower_quality_bands=settings.lower_quality_bands,
        min_studies=settings.min_studies,
    )
    missing = missing_judgements(findings, judgements)
    stale = stale_judgements(findings, judgements, contributed, versions or {})
    if len(stale):
        missing = pd.concat([missing, stale], ignore_index=True)
        order = {f.id: i for i, f in enumerate(findings)}
        missing = missing.sort_values(
            "finding", key=lambda s: s.map(order), kind="stable", ignore_index=True
        )
    answers = (
        AppraisalAnswers(checklist, appraisals)
        if checklist is not None and appraisals is not None
        else None
    )
    profile = evidence_profile(findings, judgements, contributed, checks, missing, answers)
    return ConfidenceTables(profile, soqf(profile), contributed, checks, missing)
