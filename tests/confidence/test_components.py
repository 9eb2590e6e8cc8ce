"""Each computed GRADE-CERQual component on the hand-made review of conftest.py."""

from __future__ import annotations

import pandas as pd

from metasynth.confidence import assess_confidence
from metasynth.confidence.components import adequacy_summary, quality_summary
from metasynth.confidence.judgements import Judgements

from .conftest import PUBLICATIONS, SETTINGS, STUDIES, W1, W2, W3, W4, codings_of


def _row(frame: pd.DataFrame, finding: str) -> dict[str, object]:
    return frame[frame["finding"] == finding].iloc[0].to_dict()


def test_contributing_studies_come_from_the_codings(tables):
    contributed = tables.contributions
    assert contributed.loc[contributed["finding"] == "tech", "study"].tolist() == ["S1", "S2", "S4"]
    assert _row(tables.profile, "trust_feedback")["studies"] == "S1; S3"


def test_adequacy_counts_codings_distinct_quotes_and_their_words(tables):
    row = _row(tables.profile, "tech")
    assert (row["n_studies"], row["n_codings"], row["n_quotes"], row["n_quote_words"]) == (
        3,
        5,
        4,
        12,
    )
    s4 = tables.contributions.query("finding == 'tech' and study == 'S4'").iloc[0]
    assert (s4["n_codings"], s4["n_quotes"], s4["n_quote_words"]) == (2, 1, 2)


def test_adequacy_counts_countries_most_studies_first(tables):
    row = _row(tables.profile, "tech")
    assert (row["n_countries"], row["countries"]) == (2, "United Kingdom (2); USA (1)")


def test_methodological_limitations_give_share_and_studies_per_band(tables):
    assert _row(tables.profile, "tech")["methodological_limitations_facts"] == (
        "3 studies: excellent 1 (33%: S1); very good 1 (33%: S2); not appraised 1 (33%: S4)"
    )


def test_a_finding_of_studies_never_appraised_says_not_appraised(findings, codebook):
    tables = assess_confidence(
        findings, Judgements({}), codings=codings_of(codebook), studies=STUDIES,
        appraisal=pd.DataFrame(columns=["record_id", "total", "band", "decision", "reason"]),
        publications=PUBLICATIONS, settings=SETTINGS,
    )  # fmt: skip
    row = _row(tables.profile, "tech")
    assert row["methodological_limitations_facts"] == "3 studies, not appraised"
    assert row["lower_quality_excluded"] == "not appraised"


def test_leave_one_study_out_names_the_studies_a_finding_cannot_lose(tables):
    loo = tables.sensitivity.query(
        "finding == 'trust_feedback' and scenario == 'leave one study out'"
    )
    assert loo[["removed", "n_studies", "unsupported", "keeps_support"]].values.tolist() == [
        ["S1", 1, "", "no"],
        ["S3", 1, "feedback", "no"],
    ]
    assert _row(tables.profile, "trust_feedback")["leave_one_study_out"] == (
        "loses its support without S1, S3 (feedback no longer coded)"
    )


def test_leave_one_study_out_keeps_a_finding_of_three_studies(tables):
    assert _row(tables.profile, "tech")["leave_one_study_out"] == (
        "keeps its support without any one of its 3 studies (the most any one contributes: "
        "40% of its codings, S2)"
    )


def test_lower_quality_excluded_drops_the_configured_bands(tables):
    row = tables.sensitivity.query(
        "finding == 'trust_feedback' and scenario == 'lower quality excluded'"
    ).iloc[0]
    assert (row["removed"], row["n_studies"], row["unsupported"], row["keeps_support"]) == (
        "S3", 1, "feedback", "no",
    )  # fmt: skip
    assert _row(tables.profile, "tech")["lower_quality_excluded"] == (
        "no contributing study is in a lower-quality band"
    )


def test_missing_judgements_are_listed_and_never_filled_in(tables):
    assert tables.missing.values.tolist() == [
        ["trust_feedback", "methodological_limitations", "level of concern"],
        ["trust_feedback", "coherence", "explanation"],
        ["trust_feedback", "adequacy", "level of concern"],
        ["trust_feedback", "relevance", "level of concern"],
        ["trust_feedback", "confidence", "overall assessment"],
    ]
    row = _row(tables.profile, "trust_feedback")
    assert (row["confidence"], row["adequacy_concern"], row["coherence_concern"]) == (
        "", "", "Minor concerns",
    )  # fmt: skip


def test_the_soqf_is_the_finding_its_confidence_explanation_and_studies(tables):
    assert tables.soqf.iloc[0].to_dict() == {
        "number": 1,
        "finding": "tech",
        "title": "Technology",
        "summary": "The platform must be usable and secure.",
        "confidence": "Moderate confidence",
        "explanation": "Moderate concerns about adequacy.",
        "studies": "S1, S2, S4",
        "record_ids": "WOS:000000000000001; WOS:000000000000002; WOS:000000000000004",
    }


def test_a_finding_of_studies_appraised_without_bands_has_no_lower_quality_check(
    findings, codebook
):
    """Found in a README-only trial with JBI: the Evidence Profile read "appraised, no band 4
    (100%: …)" and "no contributing study is in a lower-quality band", as if all were good."""
    appraisal = pd.DataFrame(
        {
            "record_id": [W1, W2, W3, W4],
            "total": "", "band": "", "decision": "include", "reason": "",
        }
    )  # fmt: skip
    tables = assess_confidence(
        findings, Judgements({}), codings=codings_of(codebook), studies=STUDIES,
        appraisal=appraisal, publications=PUBLICATIONS, settings=SETTINGS,
    )  # fmt: skip
    row = _row(tables.profile, "tech")
    assert row["methodological_limitations_facts"] == (
        "3 studies, all appraised (the checklist gives no quality bands)"
    )
    assert row["lower_quality_excluded"] == (
        "not applicable: the appraisal checklist gives no quality bands"
    )
    scenarios = tables.sensitivity.query("finding == 'tech'")["scenario"].tolist()
    assert scenarios[-1] == "lower quality excluded: no bands"


def test_one_lower_quality_study_is_one_study_in_the_words(tables):
    assert _row(tables.profile, "trust_feedback")["lower_quality_excluded"] == (
        "loses its support without its 1 lower-quality study (1 remain; feedback no longer coded)"
    )


def test_a_finding_of_one_study_reads_in_the_singular(tables):
    # a new review's first finding often rests on one study: "1 studies, 1 countries" was
    # printed in the Evidence Profile, the report and soqf.docx
    contributed = tables.contributions
    one = contributed[(contributed["finding"] == "tech") & (contributed["study"] == "S2")]
    assert (len(one), one["n_codings"].sum(), one["n_quotes"].sum()) == (1, 2, 2)
    assert quality_summary(one) == "1 study: very good 1 (100%: S2)"
    words = int(one["n_quote_words"].sum())
    assert adequacy_summary(one) == (
        f"1 study, 2 codings, 2 quotes ({words} words of quoted data), 1 country"
    )
