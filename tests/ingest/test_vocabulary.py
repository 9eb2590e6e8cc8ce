"""One vocabulary for document type and language (issue 14 item 5): the raw value is kept, the
normalised one added, and the shipped eligibility rules exclude no record of an unknown type."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from metasynth.ingest import read_exports
from metasynth.ingest.vocabulary import normalise
from metasynth.screen.eligibility import apply_eligibility
from metasynth.screen.settings import EligibilityRule

REAL = Path(__file__).parent / "data" / "real"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("doc_type", "JOUR", "article"),
        ("doc_type", "Journal Article", "article"),
        ("doc_type", "article", "article"),
        ("doc_type", "Article; Early Access", "article"),
        ("doc_type", "Conference Paper", "conference_paper"),
        ("doc_type", "Proceedings Paper", "conference_paper"),
        ("doc_type", "Article; Retracted Publication", "article; retracted"),
        (
            "doc_type",
            "Journal Article; Research Support, Non-U.S. Gov't; Review",
            "article; review",
        ),
        ("doc_type", "Journal Articles, Reports - Descriptive", "article; report"),
        ("doc_type", "Ed.D.", "unknown"),
        # "some kind of work": Lens/EBSCO's GEN (a preprint, a thesis), Europe PMC's @misc
        ("doc_type", "GEN", "unknown"),
        ("doc_type", "misc", "unknown"),
        ("doc_type", "", "unknown"),
        ("language", "eng", "en"),
        ("language", "English", "en"),
        ("language", "", "unknown"),
        ("language", "Spanish", "es"),
    ],
)
def test_raw_values_map_to_one_vocabulary(kind: str, raw: str, expected: str) -> None:
    assert normalise(kind, raw) == expected


def shipped_rules() -> list[EligibilityRule]:
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    rules = []
    for item in config["screening"]["eligibility"]:
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in item.items()}
        rules.append(EligibilityRule(**values))
    return [rule for rule in rules if rule.field != "year"]


def test_the_shipped_rules_use_only_values_of_the_vocabulary() -> None:
    vocabulary = yaml.safe_load(
        (ROOT / "src" / "metasynth" / "ingest" / "vocabulary.yaml").read_text(encoding="utf-8")
    )
    for rule in shipped_rules():
        kind = rule.field.removesuffix("_norm")
        assert set(rule.any_of) | set(rule.none_of) <= set(vocabulary[kind])


@pytest.mark.parametrize(
    ("name", "excluded"),
    [
        ("asreview_zotero.ris", 0),
        ("asreview_endnote.ris", 2),  # two errata
        ("asreview_mendeley.ris", 0),
        ("asreview_refworks.ris", 0),
        ("asreview_pubmed.nbib", 2),  # two editorials
        ("asreview_psycinfo_ovid.ris", 0),
        ("asreview_scopus.ris", 0),
        ("colrev_proquest.ris", 1),  # a thesis
        ("colrev_scopus.bib", 3),  # an editorial, an erratum, a conference review
    ],
)
def test_the_shipped_type_and_language_rules_exclude_only_ineligible_types(
    name: str, excluded: int
) -> None:
    records = read_exports([REAL / name]).records
    assert records is not None
    result = apply_eligibility(records, shipped_rules())
    assert int((~result["eligible"]).sum()) == excluded
    assert set(result.loc[~result["eligible"], "reason"]) <= {"document_type"}


def test_a_generic_type_goes_to_screening_flagged() -> None:
    """Lens writes `TY  - GEN` for an arXiv preprint and a thesis alike: not excluded as
    "other" by the shipped rules (they were), but flagged for the screeners; the Scopus book
    and the Scopus record in Spanish are excluded."""
    records = read_exports([REAL / "asreview_lab_issue_1099.ris"]).records
    assert records is not None
    result = apply_eligibility(records, shipped_rules()).set_index("record_id")
    assert result.loc[~result["eligible"], "reason"].to_dict() == {
        "SCOPUS:2-s2.0-77957803193": "language",
        "SCOPUS:2-s2.0-85094123996": "document_type",
    }
    for lens_id in ("LENS:190-777-589-117-351", "LENS:122-820-586-961-893"):
        assert (
            "doc_type_norm unknown: not excluded by document_type" in result.loc[lens_id, "detail"]
        )


def test_an_unknown_language_goes_to_screening_flagged() -> None:
    records = read_exports([REAL / "asreview_mendeley.ris"]).records
    assert records is not None
    assert set(records["language"]) == {""}
    assert set(records["language_norm"]) == {"unknown"}
    result = apply_eligibility(records, shipped_rules())
    assert result["eligible"].all()
    assert set(result["detail"]) == {
        "language_norm unknown: not excluded by language, check it when screening"
    }


def test_a_scopus_bibtex_type_is_its_document_type_not_its_entry_type() -> None:
    """Scopus writes its document type in `document_type` and picks the entry type loosely
    (`@book` for a Book Chapter, `@article` for an Editorial): the Scopus type decides, so the
    book chapter is not excluded as a book and the editorial is not taken for an article."""
    records = read_exports([REAL / "colrev_scopus.bib"]).records
    assert records is not None
    assert records["doc_type_norm"].tolist() == [
        "article",
        "article",
        "article",  # Data Paper
        "editorial",
        "correction",  # Erratum
        "article",  # Note
        "review",
        "book_chapter",  # @book, Book Chapter
        "conference_paper",  # @conference
        "conference_paper",
        "meeting_abstract",  # @conference, Conference Review
    ]
    assert records.loc[7, "doc_type"] == "Book Chapter"
