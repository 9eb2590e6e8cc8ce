"""Normalisation decides what counts as the same DOI, title or author across exports."""

from __future__ import annotations

import pandas as pd
import pytest

from metasynth import text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10.1287/ORSC.1040.0066", "10.1287/orsc.1040.0066"),
        ("https://doi.org/10.1000/ABC.123.", "10.1000/abc.123"),
        ("http://dx.doi.org/10.1000/x;", "10.1000/x"),
        ("doi: 10.1000/x,", "10.1000/x"),
        ("DOI 10.1016/S0048-7333(02)00101-4", "10.1016/s0048-7333(02)00101-4"),
        ("", ""),
        (None, ""),
        (pd.NA, ""),
        ("not a doi", ""),
    ],
)
def test_normalise_doi(raw: object, expected: str) -> None:
    assert text.normalise_doi(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Efficacy of batroxobin for vascular cognitive impairment. [Chinese]",
            "efficacy of batroxobin for vascular cognitive impairment",
        ),
        ("[Mentoring online: a survey].", "mentoring online a survey"),
        ("E-Mentoring &amp; the <i>Digital</i> Divide", "e mentoring the digital divide"),
        ("Évaluation d'un programme", "evaluation d un programme"),
        ("[Editorial]", "editorial"),
        ("=SUM(A1:A3) as a title", "sum a1 a3 as a title"),
    ],
)
def test_title_key(raw: str, expected: str) -> None:
    assert text.title_key(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Owen-Smith, J", "owen smith"),
        ("van der Berg, Anna", "van der berg"),
        ("Smith JA", "smith"),
        ("Smith J. A.", "smith"),
        ("Anna Smith", "smith"),
        ("Müller, K", "muller"),
        ("", ""),
    ],
)
def test_surname(raw: str, expected: str) -> None:
    assert text.surname(raw) == expected


def test_first_author_and_pages() -> None:
    assert text.first_author_surname("Owen-Smith, J; Powell, WW") == "owen smith"
    assert text.first_page("14-30") == "14"
    assert text.first_page("376 -- 383") == "376"
    assert text.first_page("E1002") == "e1002"


def test_identifiers() -> None:
    assert text.normalise_pmid("MEDLINE:0012345") == "12345"
    assert text.normalise_pmid("") == ""
    assert text.normalise_issn("0957-967x") == "0957-967X"
    assert text.normalise_issn("1234567X") == "1234-567X"
    assert text.normalise_issn("none") == ""


def test_stable_hash_is_fixed_across_platforms() -> None:
    # A change here changes record_ids of records without UT or DOI: reviewers' files refer to them.
    assert text.stable_hash("A Title", 2020, "smith") == "516c91b1d66dd089"
    assert text.stable_hash("a title", "2020", "Smith") == "516c91b1d66dd089"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Электронное наставничество: обзор", "электронное наставничество обзор"),
        ("电子导师制研究（综述）", "电子导师制研究 综述"),
        ("فراترکیب منتورینگ الکترونیکی", "فراترکیب منتورینگ الکترونیکی"),
        ("فراتركيب منتورينگ الكترونيكي", "فراترکیب منتورینگ الکترونیکی"),  # Arabic yeh, kaf
        ("مطالعه ۱۴۰۰", "مطالعه 1400"),  # Persian digits as ASCII digits
        ("हिंदी भाषा", "हिंदी भाषा"),  # vowel signs stay inside the word
        ("한국어 연구", "한국어 연구"),  # Hangul composed again after NFKD
        ("TNF-α and β-blockers", "tnf α and β blockers"),
    ],
)
def test_fold_keeps_letters_and_digits_of_other_scripts(raw: str, expected: str) -> None:
    assert text.fold(raw) == expected


def test_fold_ascii_keeps_only_ascii_letters_and_digits() -> None:
    assert text.fold_ascii("Электронное наставничество 2019") == "2019"
    assert text.title_key("电子导师制研究 [Chinese]", text.fold_ascii) == "chinese"


def test_latin_text_of_the_default_corpus_folds_as_before(root) -> None:
    # Latin letters that NFKD cannot reduce (ø, ı, ł) still end a word, as they always did.
    assert text.fold("Søren Łukasz Aydın") == "s ren ukasz ayd n"
    from metasynth.ingest import read_exports

    records = read_exports(sorted((root / "data" / "raw").rglob("*.txt"))).records
    assert records is not None
    values = [
        str(value)
        for column in ("title", "authors", "source_title", "affiliations", "abstract")
        for value in records[column].dropna()
        if not str(value).isascii()
    ]
    assert len(values) == 699  # 19 titles, 680 author lists
    assert [v for v in values if text.fold(v) != text.fold_ascii(v)] == []
