"""The report's appraisal wording follows the review's checklist: no "CASP" for another one,
"not appraised" without one."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd

from figures.data import W1, W2, W3, W4
from metasynth.appraise import (
    AppraisalSettings,
    read_appraisal_files,
    score_appraisals,
    summarise_appraisals,
    summary_columns,
)
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
    assert "<th>JBI</th>" in studies and '<td data-label="JBI">9 of 10 Yes</td>' in studies
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
    assert (
        "<th>Appraisal</th>" in studies
        and '<td data-label="Appraisal">not appraised</td>' in studies
    )
    assert "CASP" not in studies


def _mmat_report(report_inputs, tmp_path: Path, rows: list[str]) -> str:  # type: ignore[no-untyped-def]
    """The report of an MMAT review whose appraisal file (data/appraisal/) holds `rows`, read
    and summarised by the functions rule score_appraisal calls."""
    settings = AppraisalSettings.from_config({"checklist": "mmat_2018"})
    assert settings.checklist is not None
    path = tmp_path / "mmat_R1.csv"
    path.write_text(",".join(settings.checklist.columns) + "\n" + "\n".join(rows) + "\n")
    members = {w: w for w in (W1, W2, W3, W4)}
    scored = score_appraisals(
        read_appraisal_files([path], settings.checklist), settings, members, {"R1", "R2"}
    )
    summary = summarise_appraisals(scored, settings)
    config = copy.deepcopy(report_inputs.config)
    config["appraisal"] = {"checklist": "mmat_2018"}
    return render_report(replace(report_inputs, config=config, casp=summary, appraisals=scored))


def test_an_mmat_mixed_methods_study_is_listed_component_by_component(  # type: ignore[no-untyped-def]
    report_inputs, tmp_path: Path
) -> None:
    """MMAT appraises a mixed-methods study on its own criteria and on each component's: the
    rows stay apart, so "No" to the descriptive component's C2 (sample representative) is not
    merged with the others' Yes into "No; Yes"."""
    page = _mmat_report(
        report_inputs,
        tmp_path,
        [
            f"{W1},R1,mixed_methods,Yes,Yes,Yes,Yes,Can't tell,Yes,Yes,,2025-04-01",
            f"{W1},R1,qualitative,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2025-04-01",
            f"{W1},R1,descriptive,Yes,Yes,Yes,No,Yes,Can't tell,Yes,,2025-04-01",
            *(
                f"{w},R1,qualitative,Yes,Yes,Yes,Yes,Yes,Can't tell,Yes,,2025-04-01"
                for w in (W2, W3, W4)
            ),
        ],
    )
    studies = _section(page, "studies")
    assert "No; Yes" not in studies and "descriptive; mixed_methods" not in studies
    assert (
        '<td data-label="MMAT">qualitative: 7 of 7 Yes; descriptive: 5 of 7 Yes; '
        "mixed_methods: 6 of 7 Yes</td>" in studies
    )
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", studies.split("MMAT answers per question")[1], re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[1:] for row in rows]
    assert ["descriptive", "Yes", "Yes", "Yes", "No", "Yes", "Can&#x27;t tell", "Yes"] in cells
    assert sum(c[:1] == ["mixed_methods"] for c in cells) == 1
    assert len([c for c in cells if c]) == 6  # 3 rows of the mixed-methods study, 1 of each other


def test_two_mmat_appraisers_are_listed_each_with_their_answers(  # type: ignore[no-untyped-def]
    report_inputs, tmp_path: Path
) -> None:
    page = _mmat_report(
        report_inputs,
        tmp_path,
        [
            f"{W1},R1,qualitative,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2025-04-01",
            f"{W1},R2,qualitative,Yes,Yes,Yes,No,Yes,Yes,Yes,,2025-04-02",
        ],
    )
    studies = _section(page, "studies")
    assert '<td data-label="MMAT">R1: 7 of 7 Yes; R2: 6 of 7 Yes</td>' in studies
    assert "<th>Appraiser</th>" in studies and "No; Yes" not in studies
