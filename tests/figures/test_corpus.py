"""Corpus figures on real WOS records (wosfile's 50-record export, its 4 reviews included)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from metasynth.figures import FIGURE_GROUPS
from metasynth.figures.corpus import (
    CORPUS_FIGURES,
    CorpusFigureSettings,
    corpus_figures,
    field_table,
    years_table,
)
from metasynth.ingest import read_exports

from .data import legibility_problems, visible_texts


def test_years_table_counts_identified_and_included_per_year(wos_publications, wos_status):
    table = years_table(wos_publications, wos_status)
    assert table["year"].tolist() == [str(y) for y in range(2000, 2014)]
    by_year = table.set_index("year")
    assert by_year.loc["2010", "n_identified"] == 7
    assert by_year.loc["2003", "n_included"] == 1
    assert int(table["n_identified"].sum()) == 50
    assert int(table["n_included"].sum()) == 4


def test_years_table_counts_publications_without_a_year_last(wos_publications, wos_status):
    undated = wos_publications.copy()
    undated.loc[undated.index[:2], "year"] = pd.NA
    table = years_table(undated, wos_status)
    assert table["year"].iloc[-1] == "no year"
    assert table["n_identified"].iloc[-1] == 2


def test_document_types_count_each_part_of_a_combined_type(wos_publications, wos_status):
    table, n_distinct = field_table(wos_publications, wos_status, "doc_type", top_n=10)
    counts = dict(zip(table["item"], table["n_identified"], strict=True))
    # 40 "Article" + 3 "Article; Proceedings Paper"; 2 + 3 proceedings papers
    assert counts == {"Review": 4, "Article": 43, "Proceedings Paper": 5, "Editorial Material": 1}
    assert n_distinct == 4
    assert table["item"].iloc[0] == "Review"  # sorted by included first


def test_countries_are_counted_once_per_publication(wos_publications, wos_status):
    table, n_distinct = field_table(wos_publications, wos_status, "countries", top_n=3)
    assert table.to_dict("records") == [
        {"item": "USA", "n_identified": 23, "n_included": 2},
        {"item": "Germany", "n_identified": 3, "n_included": 1},
        {"item": "Japan", "n_identified": 2, "n_included": 1},
    ]
    assert n_distinct == 22


def test_keyword_spellings_that_fold_alike_are_one_item():
    publications = pd.DataFrame(
        {
            "record_id": ["a", "b", "c"],
            "author_keywords": ["E-mentoring; trust", "e-mentoring", "E-Mentoring; E-mentoring"],
        }
    )
    status = pd.DataFrame({"record_id": ["a"], "status": ["included"]})
    table, n_distinct = field_table(publications, status, "author_keywords", top_n=5)
    assert table.to_dict("records")[0] == {
        "item": "E-mentoring",
        "n_identified": 3,
        "n_included": 1,
    }
    assert n_distinct == 2


def test_corpus_figures_are_the_registered_group_and_legible(wos_publications, wos_status):
    figures = corpus_figures(
        wos_publications,
        wos_status,
        CorpusFigureSettings.from_config({"corpus": {"top_sources": 5}}),
    )
    assert tuple(figures) == CORPUS_FIGURES == FIGURE_GROUPS["corpus"]
    assert len(figures["corpus_sources"][1]) == 5
    for name, (figure, _) in figures.items():
        assert legibility_problems(figure) == [], name


def test_publications_without_a_year_column_are_an_input_error(wos_publications, wos_status):
    import pytest

    from metasynth.errors import InputError

    with pytest.raises(InputError, match="publications table has no column\\(s\\) year"):
        years_table(wos_publications.drop(columns="year"), wos_status)


REAL = Path(__file__).resolve().parents[1] / "ingest" / "data" / "real"


def test_document_types_and_languages_are_one_bar_whatever_each_database_wrote(
    shared: Path, wos_status: pd.DataFrame
) -> None:
    """WOS writes "Article" and "English", PubMed "Journal Article" (with "Research Support,
    ..." beside it) and "eng": the figures count the normalised values, by their labels."""
    publications = read_exports(
        [shared / "wos" / "wosfile_plaintext.txt", REAL / "asreview_pubmed.nbib"]
    ).records
    figures = corpus_figures(publications, wos_status, CorpusFigureSettings.from_config())
    types = figures["corpus_document_types"][1].set_index("item")["n_identified"].to_dict()
    # 43 WOS articles + 48 PubMed journal articles; 4 WOS reviews + 5 PubMed ones
    assert types == {
        "Review": 9, "Article": 91, "Conference paper": 5, "Editorial": 2, "Letter": 1
    }  # fmt: skip
    languages = figures["corpus_languages"][1]
    assert languages.to_dict("records") == [
        {"item": "English", "n_identified": 100, "n_included": 4}
    ]


def test_an_included_panel_without_values_says_so_not_that_nothing_is_included() -> None:
    """Found in a README-only trial: APA PsycInfo (Ovid) records whose authors give only an
    e-mail address have no country, so with 2 of them included (and PubMed's records, which
    have countries, excluded) the countries figure said "Not yet: no included study"."""
    exports = [REAL / "asreview_psycinfo_ovid.ris", REAL / "asreview_pubmed.nbib"]
    publications = read_exports(exports).records
    included = {"PSYCINFO:2020-68076-001", "PSYCINFO:2020-44600-001"}
    status = pd.DataFrame(
        {
            "record_id": publications["record_id"],
            "status": [
                "included" if r in included else "excluded_title_abstract"
                for r in publications["record_id"]
            ],
            "stage": "",
            "reason": "",
        }
    ).astype("string")
    figures = corpus_figures(publications, status, CorpusFigureSettings.from_config())
    figure, _ = figures["corpus_countries"]
    texts = [text.get_text().replace("\n", " ") for text in visible_texts(figure)]
    assert "Not known for any of the 2 included studies" in texts
    assert "Not yet: no included study" not in texts
    assert legibility_problems(figure) == []
    sources = [text.get_text() for text in visible_texts(figures["corpus_sources"][0])]
    assert not any(t.startswith("Not") for t in sources)
