"""After an update (a later review version), a GRADE-CERQual judgement made on the earlier
evidence is listed to re-assess once the new version's studies support its finding, until the
reviewers write the version they re-judged it on (data/coded/cerqual.yaml, `review_version`)."""

from __future__ import annotations

from pathlib import Path

from metasynth.confidence import ConfidenceTables
from metasynth.confidence.findings import Finding
from metasynth.confidence.judgements import missing_phrase
from metasynth.synthesise.codebook import Codebook

from .conftest import JUDGEMENTS, STUDIES, W4, assess_review

# W4 (S4, supporting finding `tech`) was found by the update's search, review version 2
VERSIONS = {record_id: 1 for record_id in STUDIES["record_id"]} | {W4: 2}


def _assess(review: Path, findings: tuple[Finding, ...], codebook: Codebook) -> ConfidenceTables:
    return assess_review(review, findings, codebook, VERSIONS)


def test_a_judgement_made_before_the_update_is_listed_to_reassess(review, findings, codebook):
    missing = _assess(review, findings, codebook).missing
    stale = missing[missing["component"] == "review_version"].values.tolist()
    assert stale == [
        [
            "tech",
            "review_version",
            "re-assessment: judged on the evidence of review version 1, and 1 later study (S4) "
            "now support it; re-read the judgement, then write review_version: 2 in it",
        ]
    ]
    assert missing["finding"].tolist()[0] == "tech"  # in the order of findings.yaml
    assert missing_phrase(missing) == (
        "5 GRADE-CERQual judgements not made yet; 1 to re-assess with a later review version's "
        "studies"
    )


def test_the_version_written_in_the_file_settles_it(review, findings, codebook):
    (review / "cerqual.yaml").write_text("review_version: 2\n" + JUDGEMENTS, encoding="utf-8")
    missing = _assess(review, findings, codebook).missing
    assert "review_version" not in missing["component"].tolist()
    assert len(missing) == 5  # trust_feedback's judgements still to make


def test_the_version_written_in_one_judgement_settles_that_one(review, findings, codebook):
    text = JUDGEMENTS.replace("- finding: tech\n", "- finding: tech\n  review_version: 2\n")
    (review / "cerqual.yaml").write_text(text, encoding="utf-8")
    assert "review_version" not in _assess(review, findings, codebook).missing["component"].tolist()


def test_a_finding_not_judged_yet_is_missing_not_stale(review, findings, codebook):
    (review / "cerqual.yaml").write_text("judgements: []\n", encoding="utf-8")
    missing = _assess(review, findings, codebook).missing
    assert "review_version" not in missing["component"].tolist()
    assert missing_phrase(missing) == "10 GRADE-CERQual judgements not made yet"
