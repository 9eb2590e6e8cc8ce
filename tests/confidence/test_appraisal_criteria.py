"""Methodological limitations of a review appraised with a checklist that gives no bands.

JBI and MMAT decide without a score (MMAT's authors discourage one), so the Evidence Profile
says how many contributing studies met every criterion and which studies each criterion was
not met by: MMAT components apart (a mixed-methods study has one row per component), two
appraisers who disagree named rather than merged. The appraisal files are read and summarised
by the functions rule score_appraisal calls; the hand-made review is conftest.py's (finding
`tech`: S1, S2, S4; `trust_feedback`: S1, S3).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from metasynth.appraise import (
    AppraisalSettings,
    read_appraisal_files,
    score_appraisals,
    summarise_appraisals,
)
from metasynth.confidence import ConfidenceTables, assess_confidence
from metasynth.confidence.findings import Finding
from metasynth.confidence.judgements import Judgements
from metasynth.synthesise.codebook import Codebook

from .conftest import APPRAISAL, PUBLICATIONS, SETTINGS, STUDIES, W1, W2, W3, W4, codings_of


def _assess(
    tmp_path: Path,
    checklist: str,
    rows: list[str],
    findings: tuple[Finding, ...],
    codebook: Codebook,
) -> ConfidenceTables:
    settings = AppraisalSettings.from_config({"checklist": checklist})
    assert settings.checklist is not None
    path = tmp_path / f"{checklist}_appraisals.csv"
    path.write_text(",".join(settings.checklist.columns) + "\n" + "\n".join(rows) + "\n")
    members = {w: w for w in (W1, W2, W3, W4)}
    scored = score_appraisals(
        read_appraisal_files([path], settings.checklist), settings, members, {"R1", "R2"}
    )
    return assess_confidence(
        findings, Judgements({}), codings=codings_of(codebook), studies=STUDIES,
        appraisal=summarise_appraisals(scored, settings), publications=PUBLICATIONS,
        settings=SETTINGS, appraisals=scored, checklist=settings.checklist,
    )  # fmt: skip


def _facts(tables: ConfidenceTables, finding: str) -> str:
    profile = tables.profile
    return str(
        profile.loc[profile["finding"] == finding, "methodological_limitations_facts"].iloc[0]
    )


MMAT = [
    # S1, mixed methods: its own criteria, and its qualitative and descriptive components'
    f"{W1},R1,mixed_methods,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2025-04-01",
    f"{W1},R1,qualitative,Yes,Yes,Yes,Yes,Yes,Yes,No,,2025-04-01",
    f"{W1},R1,descriptive,Yes,Yes,Yes,No,Yes,Yes,Yes,,2025-04-01",
    # S2, qualitative, two appraisers who disagree on 1.4
    f"{W2},R1,qualitative,Yes,Yes,Yes,Yes,Yes,Can't tell,Yes,,2025-04-01",
    f"{W2},R2,qualitative,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2025-04-02",
    # S3 meets every criterion; S4 is not appraised
    f"{W3},R1,qualitative,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2025-04-01",
]


def test_mmat_criteria_not_met_are_listed_per_component_and_appraiser(
    tmp_path: Path, findings: tuple[Finding, ...], codebook: Codebook
) -> None:
    tables = _assess(tmp_path, "mmat_2018", MMAT, findings, codebook)
    assert _facts(tables, "tech") == (
        "0 of 3 contributing studies met every criterion; No or can't tell: "
        "1.4 (S2 by R1 but not R2), 1.5 (S1), 4.2 (S1); not appraised: S4"
    )
    assert _facts(tables, "trust_feedback") == (
        "1 of 2 contributing studies met every criterion; No or can't tell: 1.5 (S1), 4.2 (S1)"
    )


def test_jbi_unclear_counts_as_not_met_and_not_applicable_does_not(
    tmp_path: Path, findings: tuple[Finding, ...], codebook: Codebook
) -> None:
    yes = ",".join(["Yes"] * 10)
    rows = [
        f"{W1},R1,{yes},Include,,2025-04-01",
        f"{W2},R1,Yes,Yes,Yes,Yes,Yes,No,Unclear,Yes,Not applicable,Yes,Include,,2025-04-01",
        f"{W3},R1,{yes},Include,,2025-04-01",
        f"{W4},R1,Yes,Yes,Yes,Yes,Yes,No,Yes,Yes,Yes,Yes,Include,,2025-04-01",
    ]
    tables = _assess(tmp_path, "jbi_qualitative", rows, findings, codebook)
    assert _facts(tables, "tech") == (
        "1 of 3 contributing studies met every criterion; No or unclear: Q6 (S2, S4), Q7 (S2)"
    )
    assert _facts(tables, "trust_feedback") == "2 of 2 contributing studies met every criterion"
    assert tables.profile["lower_quality_excluded"].str.startswith("not applicable").all()


def test_casp_bands_are_unchanged_by_the_appraisal_rows(
    tables: ConfidenceTables,
    findings: tuple[Finding, ...],
    judgements: Judgements,
    codebook: Codebook,
) -> None:
    """A scored checklist keeps its bands (the default corpus's outputs stay as they were)."""
    casp = AppraisalSettings.from_config({"checklist": "casp_qualitative"}).checklist
    rows = pd.DataFrame({"record_id": [W1, W2], "appraiser": "R1", "q1": "No"})
    again = assess_confidence(
        findings, judgements, codings=codings_of(codebook), studies=STUDIES,
        appraisal=APPRAISAL, publications=PUBLICATIONS, settings=SETTINGS,
        appraisals=rows, checklist=casp,
    )  # fmt: skip
    pd.testing.assert_frame_equal(again.profile, tables.profile)
    assert _facts(again, "tech").startswith("3 studies: excellent 1 (33%: S1)")
