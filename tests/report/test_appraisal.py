"""The report's appraisal wording follows the review's checklist: no "CASP" for another one,
"not appraised" without one."""

from __future__ import annotations

import copy
import re
from dataclasses import replace

import pandas as pd

from figures.data import W1, W2, W3, W4
from metasynth.appraise import summary_columns
from metasynth.checklist import load_checklist
from metasynth.report import render_report


def _section(page: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}">.*?</section>', page, re.S)
    assert match is not None
    return match.group(0)


def _with_appraisal(report_inputs, appraisal: dict[str, object], summary: pd.DataFrame) -> str:  # type: ignore[no-untyped-def]
    config = copy.deepcopy(report_inputs.config)
    config["appraisal"] = appraisal
    return render_report(replace(report_inputs, config=config, casp=summary))


def test_a_jbi_review_is_reported_in_jbi_words(report_inputs) -> None:  # type: ignore[no-untyped-def]
    columns = summary_columns(load_checklist("jbi_qualitative"))
    summary = pd.DataFrame(
        [
            {
                **dict.fromkeys(columns, ""),
                "record_id": record_id,
                "n_appraisers": "1",
                "appraisers": "R1",
                **{f"q{i}": "Yes" for i in range(1, 11)},
                "q6": "No",
                "overall": "Include",
                "decision": "include",
            }
            for record_id in (W1, W2, W3, W4)
        ],
        columns=columns,
        dtype="string",
    )
    page = _with_appraisal(report_inputs, {"checklist": "jbi_qualitative"}, summary)
    appraisal = _section(page, "appraisal")
    assert "Tool: the JBI Critical Appraisal Checklist for Qualitative Research (10 questions" in (
        appraisal
    )
    assert "overall appraisal (Include / Exclude / Seek further info)" in appraisal
    studies = _section(page, "studies")
    assert "<th>JBI</th>" in studies and "<td>9 of 10 Yes</td>" in studies
    assert "JBI answers per question" in studies
    assert "CASP" not in appraisal + studies
    assert "/50" not in studies


def test_a_review_without_appraisal_says_not_appraised(report_inputs) -> None:  # type: ignore[no-untyped-def]
    summary = pd.DataFrame(columns=summary_columns(None), dtype="string")
    page = _with_appraisal(report_inputs, {"checklist": "none"}, summary)
    assert "<strong>Not appraised: </strong>the review does not appraise" in _section(
        page, "appraisal"
    )
    studies = _section(page, "studies")
    assert "<th>Appraisal</th>" in studies and "<td>not appraised</td>" in studies
    assert "CASP" not in studies
