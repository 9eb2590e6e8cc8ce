"""The GRADE-CERQual Evidence Profile and Summary of Qualitative Findings (SoQF) as tables.

Inputs: the findings, the reviewers' judgements, and the computed parts (`components`:
contributions and sensitivity). Outputs (results/confidence, docs/data-contracts.md):

- `evidence_profile`: one row per finding — the summarised finding, the contributing studies, for
  each component the computed facts beside the reviewers' level of concern and explanation, the
  overall confidence with its explanation, the two sensitivity checks in words, and what is still
  missing. The columns follow the Evidence Profile of Lewin et al. (2018), paper 2, Table 3;
- `soqf`: the Summary of Qualitative Findings as iSoQ exports it — number, summarised review
  finding, GRADE-CERQual assessment of confidence, its explanation, and the studies (references).

A judgement the reviewers have not made is an empty cell here (and a row of
`judgements.missing_judgements`); the rendered tables say "Not yet judged".
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from metasynth.confidence.components import (
    AppraisalAnswers,
    adequacy_summary,
    country_counts,
    quality_summary,
    sensitivity_summary,
)
from metasynth.confidence.findings import Finding
from metasynth.confidence.judgements import (
    COMPONENTS,
    CONCERNS,
    CONFIDENCE,
    Judgement,
    Judgements,
)
from metasynth.text import MULTI_SEP

PROFILE_COLUMNS = (
    "number",
    "finding",
    "title",
    "summary",
    "rests_on",
    "n_studies",
    "studies",
    "record_ids",
    "methodological_limitations_facts",
    "methodological_limitations_concern",
    "methodological_limitations_explanation",
    "coherence_concern",
    "coherence_explanation",
    "adequacy_facts",
    "n_codings",
    "n_quotes",
    "n_quote_words",
    "n_countries",
    "countries",
    "adequacy_concern",
    "adequacy_explanation",
    "relevance_concern",
    "relevance_explanation",
    "confidence",
    "confidence_explanation",
    "leave_one_study_out",
    "lower_quality_excluded",
    "missing",
)

SOQF_COLUMNS = (
    "number",
    "finding",
    "title",
    "summary",
    "confidence",
    "explanation",
    "studies",
    "record_ids",
)
"""The SoQF columns; the rendered tables show them under iSoQ's headings (`SOQF_HEADINGS`),
the finding by its title (its id without one) and the studies by their labels."""

SOQF_HEADINGS = (
    "#",
    "Finding",
    "Summarised review finding",
    "GRADE-CERQual assessment of confidence",
    "Explanation of GRADE-CERQual assessment",
    "References",
)


def _judged(judgement: Judgement) -> dict[str, str]:
    cells: dict[str, str] = {}
    for key in COMPONENTS:
        component = judgement.components.get(key)
        cells[f"{key}_concern"] = CONCERNS[component.concern] if component else ""
        cells[f"{key}_explanation"] = component.explanation if component else ""
    cells["confidence"] = CONFIDENCE.get(judgement.confidence, "")
    cells["confidence_explanation"] = judgement.explanation
    return cells


def evidence_profile(
    findings: Sequence[Finding],
    judgements: Judgements,
    contributed: pd.DataFrame,
    checks: pd.DataFrame,
    missing: pd.DataFrame,
    answers: AppraisalAnswers | None = None,
) -> pd.DataFrame:
    """One row per finding, in findings.yaml order (see the module docstring); `answers`, the
    appraisal rows as read, give the methodological limitations of a checklist without bands."""
    rows = []
    for number, finding in enumerate(findings, start=1):
        theirs = contributed[contributed["finding"] == finding.id]
        countries = country_counts(theirs)
        mine = checks[checks["finding"] == finding.id]
        gaps = missing[missing["finding"] == finding.id]
        rows.append(
            {
                "number": number,
                "finding": finding.id,
                "title": finding.title,
                "summary": finding.summary,
                "rests_on": MULTI_SEP.join(finding.rests_on),
                "n_studies": len(theirs),
                "studies": MULTI_SEP.join(theirs["study"]),
                "record_ids": MULTI_SEP.join(theirs["record_id"]),
                "methodological_limitations_facts": quality_summary(theirs, answers),
                "adequacy_facts": adequacy_summary(theirs),
                "n_codings": int(theirs["n_codings"].sum()),
                "n_quotes": int(theirs["n_quotes"].sum()),
                "n_quote_words": int(theirs["n_quote_words"].sum()),
                "n_countries": len(countries),
                "countries": MULTI_SEP.join(f"{c} ({n})" for c, n in countries),
                **_judged(judgements.by_finding.get(finding.id, Judgement(finding.id))),
                "leave_one_study_out": sensitivity_summary(mine, "leave one study out"),
                "lower_quality_excluded": sensitivity_summary(mine, "lower quality excluded"),
                "missing": MULTI_SEP.join(
                    f"{c}: {m}" for c, m in zip(gaps["component"], gaps["missing"], strict=True)
                ),
            }
        )
    frame = pd.DataFrame(rows, columns=list(PROFILE_COLUMNS))
    integers = ["number", "n_studies", "n_codings", "n_quotes", "n_quote_words", "n_countries"]
    return frame.astype({c: "int64" for c in integers})


def soqf(profile: pd.DataFrame) -> pd.DataFrame:
    """The Summary of Qualitative Findings from the Evidence Profile (same order)."""
    return pd.DataFrame(
        {
            "number": profile["number"],
            "finding": profile["finding"],
            "title": profile["title"],
            "summary": profile["summary"],
            "confidence": profile["confidence"],
            "explanation": profile["confidence_explanation"],
            "studies": profile["studies"].str.replace(MULTI_SEP, ", ", regex=False),
            "record_ids": profile["record_ids"],
        },
        columns=list(SOQF_COLUMNS),
    )
