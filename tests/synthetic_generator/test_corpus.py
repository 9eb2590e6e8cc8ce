"""The default corpus: shape like a real WOS search, visibly synthetic ids, a sound ground truth."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from metasynth.text import title_key
from synthetic.corpus import PLAN, RAW_DIR
from synthetic.publications import (
    FATES,
    PRIMARY_SEARCH,
    REASONS,
    SUPPLEMENTARY_SEARCH,
    Corpus,
    Record,
)
from synthetic.themes import CONCEPTS, concept_path, subcategory_ids

from .helpers import read_plaintext, read_tab, value

EXCLUDED_TYPES = {
    "Editorial Material",
    "Book Review",
    "Meeting Abstract",
    "Letter",
    "Correction",
    "News Item",
    "Retracted Publication",
}
ELIGIBLE_TYPES = {"Article", "Review", "Proceedings Paper"}


def _eligibility_failures(record: Record) -> list[str]:
    """The automatic rules of the task, applied to one record (the publication's primary)."""
    failures = []
    year = record.year
    if year is None or not 2000 <= year <= 2023:
        failures.append("year_range")
    parts = {p.strip() for p in record.doc_type.split(";")}
    if parts & EXCLUDED_TYPES or not parts & ELIGIBLE_TYPES:
        failures.append("document_type")
    if record.fields.get("LA") != "English":
        failures.append("language")
    return failures


# ---------------------------------------------------------------- the plan and its outcome


def test_planned_counts_are_the_plan(corpus: Corpus) -> None:
    counts = {(row.fate, row.reason): row.n for row in corpus.planned_counts().itertuples()}
    assert counts == PLAN


def test_exactly_80_publications_are_included(corpus: Corpus) -> None:
    assert len(corpus.included()) == 80
    assert (corpus.publications_table()["fate"] == "included").sum() == 80


def test_fates_and_reasons_are_from_the_lists(corpus: Corpus) -> None:
    for publication in corpus.publications:
        assert publication.fate in FATES
        assert publication.reason in REASONS[publication.fate]


def test_automatic_exclusions_fail_exactly_their_rule(corpus: Corpus) -> None:
    for publication in corpus.publications:
        failures = _eligibility_failures(publication.primary)
        if publication.fate == "excluded_automatic":
            assert failures == [publication.reason], publication.primary.record_id
        else:
            assert failures == [], (publication.primary.record_id, failures)


def test_a_meeting_abstract_is_merged_into_its_article_before_eligibility(
    corpus: Corpus,
) -> None:
    groups = [
        p
        for p in corpus.publications
        if any(r.duplicate_kind == "meeting_abstract" for r in p.records)
    ]
    assert len(groups) == 3
    for publication in groups:
        assert publication.primary.doc_type == "Article"
        assert publication.fate != "excluded_automatic"


def test_early_access_in_2023_and_final_version_in_2024_is_out_of_range(corpus: Corpus) -> None:
    straddling = [
        p
        for p in corpus.publications
        if p.fate == "excluded_automatic"
        and any(r.duplicate_kind == "early_access" for r in p.records)
    ]
    assert len(straddling) == 1
    primary = straddling[0].primary
    secondary = next(r for r in straddling[0].records if not r.is_primary)
    assert (primary.year, secondary.year) == (2024, 2023)


def test_borderline_items_are_title_abstract_exclusions(corpus: Corpus) -> None:
    borderline = [p for p in corpus.publications if p.borderline]
    assert 40 <= len(borderline) <= 120
    assert {p.fate for p in borderline} == {"excluded_title_abstract"}


def test_appraisal_quality_is_planned_for_appraised_publications(corpus: Corpus) -> None:
    quality = Counter((p.fate, p.quality) for p in corpus.publications if p.quality)
    assert quality == {("included", "high"): 80, ("excluded_appraisal", "low"): 22}


# ---------------------------------------------------------------- the included studies


def test_included_studies_have_context_design_and_concepts(corpus: Corpus) -> None:
    contexts = Counter(p.context for p in corpus.included())
    assert contexts == {
        "higher_education": 22,
        "medicine": 16,
        "nursing": 12,
        "teacher_education": 12,
        "business": 9,
        "youth": 9,
    }
    for publication in corpus.included():
        assert publication.design in {
            "interviews",
            "focus_groups",
            "mixed_methods",
            "case_study",
            "qualitative_survey",
            "ethnography",
            "review",
        }
        assert 4 <= len(publication.concepts) <= 13
        assert len(set(publication.concepts)) == len(publication.concepts)
        assert set(publication.concepts) <= set(CONCEPTS)


def test_every_concept_and_subcategory_is_supported(corpus: Corpus) -> None:
    support = Counter(c for p in corpus.included() for c in p.concepts)
    assert set(support) == set(CONCEPTS)
    assert min(support.values()) >= 3
    subcategories = {"/".join(concept_path(c)) for c in support}
    assert sorted(subcategories) == sorted(subcategory_ids())


def test_included_abstracts_voice_their_concepts(corpus: Corpus) -> None:
    for publication in corpus.included():
        abstract = str(publication.primary.fields["AB"]).lower()
        for concept in publication.concepts:
            phrases = [p.lower() for p in CONCEPTS[concept].phrases]
            assert any(p in abstract for p in phrases), (publication.key, concept)


def test_only_included_publications_carry_concepts(corpus: Corpus) -> None:
    assert all(not p.concepts for p in corpus.publications if p.fate != "included")


# ---------------------------------------------------------------- identifiers


def test_identifiers_are_visibly_synthetic(corpus: Corpus) -> None:
    for record in corpus.records():
        fields = record.fields
        assert re.fullmatch(r"WOS:999\d{12}", record.record_id)
        assert fields["UT"] == record.record_id
        if "DI" in fields:
            assert str(fields["DI"]).startswith("10.5555/")
        for reference in fields.get("CR", []):
            if "DOI " in reference:
                assert reference.split("DOI ", 1)[1].startswith("10.5555/"), reference
        for email in fields.get("EM", []):
            assert email.endswith("@example.org")
        if "PM" in fields:
            assert int(str(fields["PM"])) >= 99_000_000
        for orcid in fields.get("OI", []):
            assert orcid.split("/")[-1].startswith("0009-9")


def test_accession_numbers_and_dois_are_unique_per_publication(corpus: Corpus) -> None:
    assert len({r.record_id for r in corpus.records()}) == len(corpus.records())
    doi_owner: dict[str, str] = {}
    for publication in corpus.publications:
        for record in publication.records:
            doi = str(record.fields.get("DI", ""))
            if doi:
                assert doi_owner.setdefault(doi, publication.key) == publication.key


# ---------------------------------------------------------------- shape of the search


def test_records_in_the_exports_number_1200_to_1500(corpus: Corpus) -> None:
    entries = corpus.entries()
    assert 1200 <= len(entries) <= 1500
    assert set(entries["record_id"]) == {r.record_id for r in corpus.records()}


def test_primary_search_is_split_in_batches_of_500(corpus: Corpus) -> None:
    primary = [p for p in corpus.files if p.startswith(f"{PRIMARY_SEARCH}/")]
    assert primary[:3] == [
        f"{PRIMARY_SEARCH}/savedrecs.txt",
        f"{PRIMARY_SEARCH}/savedrecs(1).txt",
        f"{PRIMARY_SEARCH}/savedrecs(2).txt",
    ]
    sizes = [len(corpus.files[p]) for p in primary]
    assert all(n == 500 for n in sizes[:-1]) and 0 < sizes[-1] <= 500


def test_years_span_1998_to_2024_rising_with_a_2020_2022_peak(corpus: Corpus) -> None:
    by_id = {r.record_id: r for r in corpus.records()}
    years = Counter(by_id[i].year for i in corpus.entries()["record_id"])
    assert min(years) == 1998 and max(years) == 2024
    per_period = {
        period: sum(years[y] for y in range(period, period + 5)) for period in range(2000, 2020, 5)
    }
    assert per_period[2000] < per_period[2005] < per_period[2010] < per_period[2015]
    pandemic = sum(years[y] for y in (2020, 2021, 2022)) / 3
    assert pandemic > 1.3 * years[2019] and pandemic > 1.3 * years[2023]


def test_document_types_are_those_of_a_real_search(corpus: Corpus) -> None:
    doc_types = Counter(r.doc_type for r in corpus.records())
    total = sum(doc_types.values())
    assert doc_types["Article"] / total > 0.6
    for doc_type in (
        "Proceedings Paper",
        "Review",
        "Editorial Material",
        "Book Review",
        "Meeting Abstract",
        "Article; Early Access",
        "Letter",
        "Correction",
    ):
        assert doc_types[doc_type] >= 1, doc_type


def test_early_access_records_have_ea_and_ey_and_no_volume(corpus: Corpus) -> None:
    early = [r for r in corpus.records() if "Early Access" in r.doc_type]
    assert len(early) >= 20
    for record in early:
        assert "PY" not in record.fields and "VL" not in record.fields
        assert str(record.fields["EA"])[-4:] == str(record.fields["EY"])


def test_mostly_english_with_five_other_languages(corpus: Corpus) -> None:
    languages = Counter(str(r.fields["LA"]) for r in corpus.records())
    assert languages["English"] / sum(languages.values()) > 0.95
    assert set(languages) == {"English", "Spanish", "Portuguese", "German", "Turkish", "Russian"}


def test_addresses_name_countries_like_wos(corpus: Corpus) -> None:
    countries = Counter()
    for record in corpus.records():
        for address in record.fields.get("C1", []):
            assert re.match(r"^\[[^\]]+\] .+, .+", address), address
            countries[
                address.rsplit(" USA", 1)[0]
                if address.endswith(" USA")
                else address.rsplit(", ", 1)[1]
            ] += 1
    assert len(countries) >= 25


def test_non_ascii_names_are_kept(corpus: Corpus) -> None:
    names = {a for r in corpus.records() for a in r.fields.get("AF", [])}
    assert any("ş" in n or "ğ" in n or "ı" in n for n in names)
    assert any("ñ" in n or "í" in n for n in names)
    assert any("ø" in n or "å" in n or "ł" in n for n in names)


# ---------------------------------------------------------------- duplicates and near-misses


def _completeness(record: Record) -> tuple[int, bool, bool, bool]:
    """Non-empty canonical fields, and whether abstract, DOI and pages are present."""
    tags = (
        "DI",
        "PM",
        "TI",
        "AU",
        "PY",
        "EA",
        "SO",
        "VL",
        "IS",
        "BP",
        "DT",
        "LA",
        "AB",
        "DE",
        "ID",
        "C1",
        "WC",
        "TC",
        "Z9",
        "NR",
        "SN",
        "EI",
        "PU",
    )
    fields = record.fields
    n_fields = sum(1 for t in tags if fields.get(t))
    pages = bool(fields.get("BP") or fields.get("AR"))
    return n_fields, bool(fields.get("AB")), bool(fields.get("DI")), pages


def test_the_primary_of_each_duplicate_group_is_strictly_the_most_complete(
    corpus: Corpus,
) -> None:
    groups = [p for p in corpus.publications if len(p.records) > 1]
    assert len(groups) == 12
    for publication in groups:
        best = _completeness(publication.primary)
        for record in publication.records:
            if record.is_primary:
                continue
            other = _completeness(record)
            assert best[0] > other[0], record.record_id
            assert all(b or not o for b, o in zip(best[1:], other[1:], strict=True))


def test_fuzzy_duplicates_cover_the_listed_kinds(corpus: Corpus) -> None:
    kinds = Counter(r.duplicate_kind for r in corpus.records() if not r.is_primary)
    assert kinds == {
        "meeting_abstract": 3,
        "early_access": 3,
        "accents_stripped": 2,
        "corrected_title": 1,
        "doi_missing": 1,
        "journal_abbreviated": 1,
        "html_entities": 1,
    }


def test_exact_duplicates_are_the_overlap_of_the_two_searches(corpus: Corpus) -> None:
    both = [r for r in corpus.records() if len(r.searches) == 2]
    assert 150 <= len(both) <= 300
    supplementary = set(corpus.files[f"{SUPPLEMENTARY_SEARCH}/savedrecs.txt"])
    primary = {i for p, ids in corpus.files.items() if p.startswith(PRIMARY_SEARCH) for i in ids}
    assert {r.record_id for r in both} == primary & supplementary


def test_near_misses_are_distinct_publications_that_look_alike(corpus: Corpus) -> None:
    pairs = corpus.near_misses()
    assert Counter(pairs["kind"]) == {
        "conference_and_journal_version": 6,
        "correction_notice": 6,
        "same_generic_title": 3,
        "second_report_same_study": 2,
        "part_1_part_2": 1,
        "same_title_other_year": 1,
        "letter_and_reply": 1,
    }
    for pair in pairs.itertuples():
        a = corpus.publication_of(pair.record_id_a)
        b = corpus.publication_of(pair.record_id_b)
        assert a.key != b.key
        title_a = str(corpus.record(pair.record_id_a).fields["TI"])
        title_b = str(corpus.record(pair.record_id_b).fields["TI"])
        if pair.kind in ("correction_notice", "same_title_other_year", "same_generic_title"):
            assert title_key(title_a) == title_key(title_b)
        if pair.kind in ("part_1_part_2", "letter_and_reply"):
            assert fuzz.ratio(title_key(title_a), title_key(title_b)) > 60


def test_distinct_publications_have_clearly_different_titles(corpus: Corpus) -> None:
    allowed = {frozenset((n.record_id_a, n.record_id_b)) for n in corpus.near_miss_pairs}
    primaries = [p.primary for p in corpus.publications]
    keys = [title_key(r.fields["TI"]) for r in primaries]
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=88, workers=1)
    close = [
        (primaries[i].record_id, primaries[j].record_id)
        for i, j in zip(*scores.nonzero(), strict=True)
        if i < j and frozenset((primaries[i].record_id, primaries[j].record_id)) not in allowed
    ]
    assert close == []


# ---------------------------------------------------------------- truth tables


def test_truth_has_one_row_per_record_id(corpus: Corpus) -> None:
    truth = corpus.truth()
    assert truth["record_id"].is_unique
    assert len(truth) == len(corpus.records())
    assert list(truth.columns[:5]) == [
        "record_id",
        "publication_key",
        "primary_record_id",
        "is_primary",
        "duplicate_kind",
    ]
    primaries = truth[truth["is_primary"]]
    assert (primaries["record_id"] == primaries["primary_record_id"]).all()
    assert truth["publication_key"].nunique() == len(corpus.publications)


def test_publications_table_is_keyed_by_primary_record_id(corpus: Corpus) -> None:
    table = corpus.publications_table()
    assert table["primary_record_id"].is_unique
    assert len(table) == len(corpus.publications) == 1198
    merged = table[table["n_records"] > 1]
    assert len(merged) == 12


# ---------------------------------------------------------------- the written files


def test_plain_text_records_match_the_corpus(corpus: Corpus, corpus_root: Path) -> None:
    path = corpus_root / RAW_DIR / PRIMARY_SEARCH / "savedrecs.txt"
    records = read_plaintext(path)
    expected = corpus.files[f"{PRIMARY_SEARCH}/savedrecs.txt"]
    assert [value(r, "UT") for r in records] == expected
    for parsed in records[:50]:
        fields = corpus.record(value(parsed, "UT")).fields
        assert value(parsed, "TI") == fields["TI"]
        assert value(parsed, "AU") == "; ".join(fields["AU"]) if "AU" in fields else True
        assert parsed.get("CR", []) == list(fields.get("CR", []))
        assert value(parsed, "C1") == "; ".join(f"{a}." for a in fields.get("C1", []))


def test_tab_delimited_rows_match_the_corpus(corpus: Corpus, corpus_root: Path) -> None:
    path = corpus_root / RAW_DIR / SUPPLEMENTARY_SEARCH / "savedrecs.txt"
    data = path.read_bytes()
    assert data.startswith(b"\xff\xfeP\x00T\x00\t\x00")
    rows = read_tab(path)
    assert [r["UT"] for r in rows] == corpus.files[f"{SUPPLEMENTARY_SEARCH}/savedrecs.txt"]
    for row in rows[:50]:
        fields = corpus.record(row["UT"]).fields
        assert row["TI"] == fields["TI"]
        assert row["C1"] == "; ".join(fields.get("C1", []))
        assert row["DA"] == "2024-01-29"


def test_later_export_shows_some_higher_citation_counts(corpus: Corpus, corpus_root: Path) -> None:
    rows = read_tab(corpus_root / RAW_DIR / SUPPLEMENTARY_SEARCH / "savedrecs.txt")
    moved = [r for r in rows if int(r["TC"]) != int(str(corpus.record(r["UT"]).fields["TC"]))]
    assert 10 <= len(moved) < len(rows) / 2
    assert all(int(r["TC"]) == int(str(corpus.record(r["UT"]).fields["TC"])) + 1 for r in moved)


def test_manifest_declares_every_export_once(corpus_root: Path) -> None:
    from metasynth.searches import load_searches

    runs = load_searches(corpus_root / RAW_DIR / "searches.yaml")
    assert [r.id for r in runs] == [PRIMARY_SEARCH, SUPPLEMENTARY_SEARCH]
    declared = sorted(f for r in runs for f in r.files)
    on_disk = sorted(
        p.relative_to(corpus_root / RAW_DIR).as_posix()
        for p in (corpus_root / RAW_DIR).rglob("savedrecs*.txt")
    )
    assert declared == on_disk


def test_readme_says_synthetic_first_and_gives_the_plan(corpus_root: Path) -> None:
    text = (corpus_root / RAW_DIR / "README.md").read_text(encoding="utf-8")
    assert (
        text.splitlines()[0]
        == "# data/raw: a SYNTHETIC default corpus — not real Web of Science data"
    )
    assert "seed **20240115**" in text
    assert "| included |  | 80 |" in text
    assert "Full Record and Cited References" in text


@pytest.mark.parametrize("search", [PRIMARY_SEARCH, SUPPLEMENTARY_SEARCH])
def test_every_planned_fate_occurs_in_the_exports(corpus: Corpus, search: str) -> None:
    ids = {i for p, ids in corpus.files.items() if p.startswith(search) for i in ids}
    fates = {corpus.publication_of(i).fate for i in ids}
    assert fates == set(FATES) if search == PRIMARY_SEARCH else len(fates) >= 4
