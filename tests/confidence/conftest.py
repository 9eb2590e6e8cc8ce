"""A hand-made review for the GRADE-CERQual tests (every number below is checked by hand).

Codebook: category `dimensions` > sub-categories `technical` (concepts usability, security) and
`communication` (trust, feedback). Four included studies, numbered S1-S4 (W1-W4). Codings of
coder_1 (all build the framework):

- W1 (S1, excellent, 45; USA; UK): usability "The portal was easy to use" (6 words),
  trust "We trusted our mentors" (4 words);
- W2 (S2, very good, 35; UK): usability "Usable tools" (2), security "Privacy mattered" (2);
- W3 (S3, good, 30; Iran): trust "Trust grew slowly over months" (5), feedback (no quote);
- W4 (S4, not appraised; no country): security "Secure login" twice (one passage, two codings).

Findings: `tech` rests on sub-category technical (S1, S2, S4: 5 codings, 4 distinct quotes, 12
words; UK 2, USA 1); `trust_feedback` rests on concepts trust and feedback (S1, S3: without
either it loses its support; without the `good` band, feedback is no longer coded).
Judgements: `tech` fully judged; `trust_feedback` only coherence (minor, no explanation).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pytest

from metasynth.confidence import ConfidenceSettings, ConfidenceTables, assess_confidence
from metasynth.confidence.findings import Finding, load_findings
from metasynth.confidence.judgements import Judgements, load_judgements
from metasynth.synthesise.checks import map_codes
from metasynth.synthesise.codebook import Codebook, load_codebook
from metasynth.synthesise.codes import codes_frame

CODEBOOK = """\
categories:
- {id: dimensions, label: Dimensions}
subcategories:
- {id: technical, category: dimensions, label: Technical dimension}
- {id: communication, category: dimensions, label: Communication dimension}
concepts:
- {id: usability, subcategory: technical, label: Usability, codes: [platform usability]}
- {id: security, subcategory: technical, label: Security, codes: [data security]}
- {id: trust, subcategory: communication, label: Trust, codes: [trust building]}
- {id: feedback, subcategory: communication, label: Feedback, codes: [feedback]}
"""

FINDINGS = """\
findings:
- id: tech
  title: Technology
  summary: The platform must be usable and secure.
  rests_on: [technical]
- id: trust_feedback
  summary: >-
    Trust grows
    with feedback.
  rests_on: [trust, feedback]
"""

JUDGEMENTS = """\
assessed_by: [R1]
judgements:
- finding: tech
  methodological_limitations: {concern: minor, explanation: one study was not appraised}
  coherence: {concern: no_or_very_minor}
  adequacy: {concern: moderate, explanation: short quotes}
  relevance: {concern: no_or_very_minor, explanation: all on point}
  confidence: {level: moderate, explanation: Moderate concerns about adequacy.}
- finding: trust_feedback
  coherence: {concern: minor}
"""

W1, W2, W3, W4 = (f"WOS:00000000000000{i}" for i in range(1, 5))

CODES = [
    (W1, "platform usability", "The portal was easy to use"),
    (W1, "trust building", "We trusted our mentors"),
    (W2, "platform usability", "Usable tools"),
    (W2, "data security", "Privacy mattered"),
    (W3, "trust building", "Trust grew slowly over months"),
    (W3, "feedback", ""),
    (W4, "data security", "Secure login"),
    (W4, "data security", "Secure  login"),
]

STUDIES = pd.DataFrame(
    {
        "record_id": [W1, W2, W3, W4],
        "study": ["1", "2", "3", "4"],
        "label": ["S1", "S2", "S3", "S4"],
    },
    dtype="string",
)

APPRAISAL = pd.DataFrame(
    {
        "record_id": [W1, W2, W3],
        "total": ["45", "35", "30"],
        "band": ["excellent", "very good", "good"],
        "decision": ["include"] * 3,
        "reason": [""] * 3,
    },
    dtype="string",
)

PUBLICATIONS = pd.DataFrame(
    {
        "record_id": [W1, W2, W3, W4],
        "countries": ["USA; United Kingdom", "United Kingdom", "Iran", ""],
    },
    dtype="string",
)

SETTINGS = ConfidenceSettings.from_config({"lower_quality_bands": ["good"], "min_studies": 2})


@pytest.fixture()
def review(tmp_path: Path) -> Path:
    """The hand-made review's files under data/coded/, as a reviewer writes them."""
    coded = tmp_path / "data" / "coded"
    coded.mkdir(parents=True)
    (coded / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (coded / "findings.yaml").write_text(FINDINGS, encoding="utf-8")
    (coded / "cerqual.yaml").write_text(JUDGEMENTS, encoding="utf-8")
    return coded


@pytest.fixture()
def codebook(review: Path) -> Codebook:
    return load_codebook(review / "codebook.yaml")


@pytest.fixture()
def findings(review: Path, codebook: Codebook) -> tuple[Finding, ...]:
    return load_findings(review / "findings.yaml", codebook)


@pytest.fixture()
def judgements(review: Path, findings: tuple[Finding, ...]) -> Judgements:
    return load_judgements(review / "cerqual.yaml", findings)


def codings_of(codebook: Codebook) -> pd.DataFrame:
    rows = [
        {"record_id": r, "coder": "coder_1", "code": c, "quote": q, "location": "p. 1"}
        for r, c, q in CODES
    ]
    codings, _ = map_codes(
        codes_frame(rows), codebook, coders=["coder_1"], aggregate_coders="first"
    )
    return codings.astype("string")  # as every later rule reads codings.csv


@pytest.fixture()
def tables(
    findings: tuple[Finding, ...], judgements: Judgements, codebook: Codebook
) -> ConfidenceTables:
    return assess_confidence(
        findings,
        judgements,
        codings=codings_of(codebook),
        studies=STUDIES,
        appraisal=APPRAISAL,
        publications=PUBLICATIONS,
        settings=SETTINGS,
    )


def assess_review(
    review: Path,
    findings: tuple[Finding, ...],
    codebook: Codebook,
    versions: Mapping[str, int] | None = None,
) -> ConfidenceTables:
    """The tables of the hand-made review with the judgements its cerqual.yaml holds now."""
    return assess_confidence(
        findings,
        load_judgements(review / "cerqual.yaml", findings),
        codings=codings_of(codebook),
        studies=STUDIES,
        appraisal=APPRAISAL,
        publications=PUBLICATIONS,
        settings=SETTINGS,
        versions=versions,
    )
