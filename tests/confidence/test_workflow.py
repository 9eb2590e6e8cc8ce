"""GRADE-CERQual through the workflow on the default corpus (slow: the whole run, once a session).

The default corpus ships data/coded/findings.yaml (nine sub-category findings) and
data/coded/cerqual.yaml (every judgement made): the run writes the SoQF and the Evidence
Profile, and the report shows the SoQF.
"""

from __future__ import annotations

import pytest

from metasynth.tables import read_table


@pytest.mark.slow
def test_the_default_run_writes_the_soqf_of_nine_judged_findings(finished_run):
    confidence = finished_run / "results" / "confidence"
    soqf = read_table(confidence / "soqf.csv")
    assert soqf["finding"].tolist()[:3] == ["technical", "managerial", "communication"]
    assert len(soqf) == 9
    assert soqf["confidence"].value_counts().to_dict() == {
        "High confidence": 6,
        "Moderate confidence": 3,
    }
    assert read_table(confidence / "missing_judgements.csv").empty
    assert (confidence / "soqf.docx").read_bytes()[:2] == b"PK"


@pytest.mark.slow
def test_the_default_report_shows_the_soqf(finished_run):
    html = (finished_run / "results" / "report.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="confidence"') :]
    assert "Summary of Qualitative Findings (results/confidence/soqf.csv, .md, .tex, .docx)" in (
        section
    )
    assert '<td data-label="GRADE-CERQual assessment of confidence">Moderate confidence</td>' in (
        section
    )
    assert "Judgements still to make" not in section
