"""Appraisal as a choice: the checklist is data (CASP, JBI, MMAT 2018, or none), and how a study
is included follows it — a scheme's total, the appraisers' overall judgement, or the screening
questions alone."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metasynth.appraise import (
    AppraisalSettings,
    not_appraised,
    read_appraisal_files,
    score_appraisals,
    summarise_appraisals,
)
from metasynth.checklist import load_checklist
from metasynth.errors import InputError

MEMBERS = {"WOS:0001": "WOS:0001", "WOS:0002": "WOS:0002", "WOS:0003": "WOS:0003"}


def _summary(tmp_path: Path, settings: AppraisalSettings, *lines: str) -> pd.DataFrame:
    assert settings.checklist is not None
    path = tmp_path / "appraisals.csv"
    header = ",".join(settings.checklist.columns)
    path.write_text(header + "\n" + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    raw = read_appraisal_files([path], settings.checklist)
    appraisals = score_appraisals(raw, settings, MEMBERS, {"R1", "R2"})
    return summarise_appraisals(appraisals, settings).set_index("record_id")


def test_the_shipped_checklists_hold_the_published_questions() -> None:
    casp, jbi, mmat = (
        load_checklist(n) for n in ("casp_qualitative", "jbi_qualitative", "mmat_2018")
    )
    assert [len(c.questions) for c in (casp, jbi, mmat)] == [10, 10, 2]
    assert casp.questions[0].text == "Was there a clear statement of the aims of the research?"
    assert casp.screening == ("q1", "q2") and casp.answers == ("Yes", "Can't tell", "No")
    assert jbi.questions[0].text == (
        "Is there congruity between the stated philosophical perspective and the research "
        "methodology?"
    )
    assert jbi.answers == ("Yes", "No", "Unclear", "Not applicable")
    assert jbi.overall == ("Include", "Exclude", "Seek further info")
    assert [c.id for c in mmat.categories] == [
        "qualitative",
        "randomized",
        "non_randomized",
        "descriptive",
        "mixed_methods",
    ]
    assert mmat.categories[1].criteria[0] == "Is randomization appropriately performed?"
    assert mmat.columns == (
        "record_id", "appraiser", "category", "s1", "s2", "c1", "c2", "c3", "c4", "c5", "note",
        "date",
    )  # fmt: skip


def test_jbi_includes_by_the_appraisers_overall_judgement(tmp_path: Path) -> None:
    settings = AppraisalSettings.from_config({"checklist": "jbi_qualitative"})
    table = _summary(
        tmp_path,
        settings,
        "WOS:0001,R1,Yes,Yes,Yes,Unclear,Yes,No,No,Yes,Yes,Yes,Include,,2024-06-01",
        "WOS:0002,R1,Yes,No,No,No,Unclear,No,No,Yes,Not applicable,No,Exclude,,2024-06-01",
        "WOS:0003,R1,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Seek further info,,2024-06-01",
    )
    assert table["decision"].tolist() == ["include", "exclude", "awaiting"]
    assert table.loc["WOS:0002", "reason"] == "overall appraisal: Exclude"
    assert table.loc["WOS:0003", "reason"] == "overall appraisal: Seek further info"
    # no score, no band: JBI gives no scoring rule
    assert table[["total", "max_total", "band"]].eq("").all().all()
    assert table.loc["WOS:0001", "q4"] == "Unclear"


def test_jbi_refuses_an_answer_it_does_not_have(tmp_path: Path) -> None:
    settings = AppraisalSettings.from_config({"checklist": "jbi_qualitative"})
    with pytest.raises(InputError, match=r"appraisals.csv:2 q2: q2 = \"Can't tell\" is not an"):
        _summary(
            tmp_path,
            settings,
            "WOS:0001,R1,Yes,Can't tell,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Include,,2024-06-01",
        )


def test_mmat_excludes_only_on_its_screening_questions_and_computes_no_score(
    tmp_path: Path,
) -> None:
    settings = AppraisalSettings.from_config({"checklist": "mmat_2018"})
    table = _summary(
        tmp_path,
        settings,
        "WOS:0001,R1,qualitative,Yes,Yes,Yes,No,Can't tell,No,No,,2024-06-01",
        "WOS:0002,R1,descriptive,Yes,Can't tell,Yes,Yes,Yes,Yes,Yes,,2024-06-01",
        # a mixed methods study: its own criteria and those of its qualitative component
        "WOS:0003,R1,mixed_methods,Yes,Yes,Yes,Yes,No,Yes,Yes,,2024-06-02",
        "WOS:0003,R1,qualitative,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2024-06-02",
    )
    assert table["decision"].tolist() == ["include", "exclude", "include"]
    assert table.loc["WOS:0002", "reason"] == "No/Can't tell to screening question(s) s2"
    assert table.loc["WOS:0003", ["category", "c3"]].tolist() == [
        "mixed_methods; qualitative",
        "No; Yes",
    ]
    assert table["total"].eq("").all()


def test_mmat_refuses_an_unknown_category(tmp_path: Path) -> None:
    settings = AppraisalSettings.from_config({"checklist": "mmat_2018"})
    with pytest.raises(InputError, match=r"appraisals\.csv:2"):
        _summary(
            tmp_path, settings, "WOS:0001,R1,case_study,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2024-06-01"
        )


def test_mmat_categories_are_read_by_the_names_of_the_mmat_sheet(tmp_path: Path) -> None:
    """Reviewers copy the category from the MMAT 2018 form ("1. Qualitative", "Quantitative
    randomized controlled trials") or type it ("Mixed methods", "non-randomised"): each names
    one category, so each is read as that category's id."""
    settings = AppraisalSettings.from_config({"checklist": "mmat_2018"})
    table = _summary(
        tmp_path,
        settings,
        "WOS:0001,R1,1. Qualitative,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2024-06-01",
        "WOS:0002,R1,Quantitative randomized controlled trials,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,"
        "2024-06-01",
        "WOS:0003,R1,Mixed methods,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2024-06-02",
        "WOS:0003,R1,Non-randomised studies,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2024-06-02",
    )
    assert table["category"].tolist() == [
        "qualitative",
        "randomized",
        "mixed_methods; non_randomized",
    ]


def test_an_mmat_category_naming_several_is_refused_with_the_names(tmp_path: Path) -> None:
    settings = AppraisalSettings.from_config({"checklist": "mmat_2018"})
    with pytest.raises(InputError) as raised:
        _summary(
            tmp_path, settings, "WOS:0001,R1,Quantitative,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2024-06-01"
        )
    assert str(raised.value).startswith(
        f"{tmp_path / 'appraisals.csv'}:2 category: 'Quantitative' names no single category of "
        "the Mixed Methods Appraisal Tool (MMAT), version 2018"
    )
    assert "randomized (2. Quantitative randomized controlled trials)" in raised.value.hint


def test_casp_answers_scored_by_the_casp_scheme_keep_its_screening_rule(tmp_path: Path) -> None:
    scheme = {
        "points": {"Yes": 1, "Can't tell": 0.5, "No": 0},
        "include_min_total": 6,
        "bands": [{"label": "high", "min": 8}, {"label": "low", "min": 0}],
    }
    settings = AppraisalSettings.from_config({"scheme": "casp", "schemes": {"casp": scheme}})
    table = _summary(
        tmp_path,
        settings,
        "WOS:0001,R1,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Can't tell,Yes,,2024-06-01",
        "WOS:0002,R1,No,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2024-06-01",
    )
    assert table.loc["WOS:0001", ["total", "max_total", "band"]].tolist() == ["9.5", "10", "high"]
    assert table.loc["WOS:0002", "reason"] == "No to screening question(s) q1"


def test_a_checklist_of_the_reviews_own_is_read_from_its_file(tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    own.write_text(
        "name: Our two questions\nshort_name: OTQ\nanswers: [Yes, No]\ndecide_by: screening\n"
        "screening: [q1]\nquestions:\n  - {id: q1, text: 'Is it a study?'}\n"
        "  - {id: q2, text: 'Is it clear?'}\n",
        encoding="utf-8",
    )
    settings = AppraisalSettings.from_config({"checklist": str(own)})
    assert (settings.tool, settings.exclusion_label) == (
        "Our two questions",
        "Excluded by appraisal (OTQ)",
    )
    table = _summary(tmp_path, settings, "WOS:0001,R1,No,Yes,,2024-06-01")
    assert table.loc["WOS:0001", "decision"] == "exclude"


def test_no_checklist_has_no_appraisal_exclusion_reason() -> None:
    settings = AppraisalSettings.from_config(
        {
            "checklist": "none",
            "exclusion_code": "low_quality",
            "exclusion_label": "Low quality (CASP qualitative checklist)",
        }
    )
    assert (settings.exclusion_code, settings.exclusion_label) == ("", "")


def test_no_checklist_includes_every_screened_in_full_text_as_not_appraised() -> None:
    settings = AppraisalSettings.from_config({"checklist": "none"})
    assert (settings.appraises, settings.tool) == (False, "not appraised")
    screened = pd.DataFrame(
        {
            "record_id": ["WOS:0003", "WOS:0001", "WOS:0002"],
            "status": ["awaiting_appraisal", "awaiting_appraisal", "excluded_full_text"],
        }
    )
    summary = not_appraised(screened)
    assert summary[["record_id", "decision", "reason"]].values.tolist() == [
        ["WOS:0001", "include", "not appraised"],
        ["WOS:0003", "include", "not appraised"],
    ]


def test_an_unknown_checklist_names_the_choices() -> None:
    with pytest.raises(InputError, match="casp_qualitative, jbi_qualitative, mmat_2018, none"):
        AppraisalSettings.from_config({"checklist": "cochrane"})


def test_mmat_leaves_the_criteria_of_a_study_its_screening_questions_exclude_empty(
    tmp_path: Path,
) -> None:
    """MMAT: "further appraisal may not be feasible or appropriate when the answer is 'No' or
    'Can't tell' to one or both screening questions" — a reviewer leaves c1-c5 empty then."""
    settings = AppraisalSettings.from_config({"checklist": "mmat_2018"})
    table = _summary(
        tmp_path,
        settings,
        "WOS:0001,R1,qualitative,No,Yes,,,,,,not an empirical study,2024-06-01",
        "WOS:0002,R1,qualitative,Yes,Can't tell,,,,,,,2024-06-01",
        "WOS:0003,R1,qualitative,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2024-06-01",
    )
    assert table["decision"].tolist() == ["exclude", "exclude", "include"]
    assert table.loc["WOS:0001", "reason"] == "No/Can't tell to screening question(s) s1"
    assert table.loc["WOS:0001", ["c1", "c5"]].tolist() == ["", ""]


def test_mmat_criteria_left_empty_after_passed_screening_are_named(tmp_path: Path) -> None:
    settings = AppraisalSettings.from_config({"checklist": "mmat_2018"})
    with pytest.raises(InputError) as caught:
        _summary(tmp_path, settings, "WOS:0001,R1,qualitative,Yes,Yes,Yes,,Yes,Yes,Yes,,2024-06-01")
    assert caught.value.line == 2
    assert caught.value.message == "c2: the cell is empty"
    assert caught.value.hint == (
        "answer the category's criteria ('Yes', 'No', \"Can't tell\"); they may stay empty only "
        "when s1 or s2 is answered 'No' or \"Can't tell\""
    )


def test_an_empty_cell_of_a_required_column_is_called_empty(tmp_path: Path) -> None:
    """Not "'s1' is a required property": the reviewer left a cell empty."""
    settings = AppraisalSettings.from_config({"checklist": "jbi_qualitative"})
    with pytest.raises(InputError) as caught:
        _summary(
            tmp_path,
            settings,
            "WOS:0001,R1,Yes,Yes,,Unclear,Yes,No,No,Yes,Yes,Yes,Include,,2024-06-01",
        )
    assert caught.value.line == 2
    assert caught.value.message == "q3: the cell is empty: fill it in"
    assert str(caught.value.hint).startswith("the q3 column: Is there congruity between")


def test_a_file_of_the_checklist_the_review_used_before_is_named_as_such(tmp_path: Path) -> None:
    """The review switched appraisal.checklist from JBI to MMAT with its JBI file still in
    data/appraisal/: the refusal says whose columns these are and the two ways out."""
    jbi_file = tmp_path / "jbi_R1.csv"
    jbi_file.write_text(
        "record_id,appraiser,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,overall,note,date\n"
        "WOS:0001,R1,Yes,Yes,Yes,Unclear,Yes,No,No,Yes,Yes,Yes,Include,,2024-06-01\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_appraisal_files([jbi_file], load_checklist("mmat_2018"))
    assert caught.value.line == 1
    assert caught.value.message.endswith(
        "'overall': the columns of the JBI Critical Appraisal Checklist for Qualitative Research "
        "(jbi_qualitative), but appraisal.checklist is mmat_2018"
    )
    assert str(caught.value.hint).startswith(
        "move the file out of the appraisal folder if the review changed its checklist (the MMAT "
        "columns are: record_id, appraiser, category, s1, s2, c1"
    )
    assert str(caught.value.hint).endswith(
        "or set appraisal.checklist back to jbi_qualitative in config/config.yaml"
    )
