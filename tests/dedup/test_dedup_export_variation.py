"""One reference as different databases export it, through the user's path: an EndNote RIS
export (`bench_dedup.write_endnote_ris`), `metasynth ingest`, then `metasynth dedup`.

Each case is a variation `bench_dedup.py stress` found to split a labelled duplicate or merge
a distinct record (docs/dedup.md, "Export variation"): publishers' unicode dashes, a Greek
letter spelled out, MEDLINE's bracketed translated title and its compound surnames ("Le
Quintrec M"), an early-access year, Embase's "Journal.Conference: …" source. Titles, names and
citations are synthetic, shaped like the records of the labelled sets.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

CITATION = {
    "authors": ["Veyrat, A.", "Obrecht, B.", "Haddou, N."],
    "year": "2003",
    "source": "Journal of Pediatrics",
    "volume": "142",
    "issue": "3",
    "pages": "310-317",
}
TITLE = (
    "Severe deficiency of the cleaving protease activity in a subgroup of children with "
    "atypical hemolytic uremic syndrome"
)

SUBTITLE = "results of a randomised multicentre trial in twelve European countries"


def entry(bench: ModuleType, label: str, **fields: Any) -> Any:
    return bench.Entry(label_id=label, **{"title": TITLE, **CITATION, **fields})


def test_a_correction_in_brackets_is_linked_to_its_article_not_merged(
    bench: ModuleType, dedup: Any
) -> None:
    # MEDLINE brackets a translated title; the correction's citation note is inside
    clusters, _, _ = dedup(
        [
            entry(bench, "article"),
            entry(
                bench,
                "correction",
                title=f"[{TITLE} (vol 142, pg 310, 2003)].",
                issue="6",
                pages="616",
            ),
        ]
    )
    assert clusters.at["correction", "rule"] == "report"
    assert clusters.at["correction", "cluster"] == "article"


def test_a_correction_with_unicode_dashes_is_linked_to_its_article_not_merged(
    bench: ModuleType, dedup: Any
) -> None:
    # Embase's correction title with the article's citation, "(542–544)" with an en dash
    title = "Eculizumab for atypical hemolytic\u2010uremic syndrome"
    clusters, _, _ = dedup(
        [
            entry(bench, "article", title=title, volume="360", issue="5", pages="542\u2013544"),
            entry(
                bench,
                "correction",
                title=f"{title} (New England Journal of Medicine (2009) 360 (542\u2013544))",
                volume="360",
                issue="23",
                pages="2487",
            ),
            entry(
                bench,
                "medline",
                title=title.replace("\u2010", "-"),
                volume="360",
                issue="5",
                pages="542-4",
            ),
        ]
    )
    assert clusters.at["medline", "cluster"] == clusters.at["article", "cluster"]
    assert clusters.at["correction", "rule"] == "report"


def test_a_greek_letter_spelled_out_is_the_same_title(bench: ModuleType, dedup: Any) -> None:
    title = "Atypical hemolytic uremic syndrome associated with group A {} hemolytic streptococcus"
    clusters, _, _ = dedup(
        [
            entry(bench, "letter", title=title.format("\u03b2"), pages="945"),
            # a meeting abstract's record: no volume or pages to place it
            entry(bench, "spelled", title=title.format("beta"), volume="", pages=""),
        ]
    )
    assert clusters.at["spelled", "cluster"] == clusters.at["letter", "cluster"]


def test_a_medline_compound_surname_is_the_same_first_author(bench: ModuleType, dedup: Any) -> None:
    # the subtitle dropped by one database: the main-title rule needs the first author
    clusters, _, _ = dedup(
        [
            entry(
                bench,
                "embase",
                title=f"{TITLE}: a cohort study",
                authors=["Le Quintrec, M.", "Zuber, J."],
            ),
            entry(bench, "medline", authors=["Le Quintrec M", "Zuber J"], issue=""),
        ]
    )
    assert clusters.at["medline", "cluster"] == clusters.at["embase", "cluster"]
    assert "author=" in clusters.at["medline", "evidence"]


def test_the_early_access_year_of_one_citation_is_one_publication(
    bench: ModuleType, dedup: Any
) -> None:
    # one record has the print year and the subtitle; the same volume and whole page range
    clusters, _, _ = dedup(
        [
            entry(bench, "print", title=f"{TITLE}: {SUBTITLE}", year="2004"),
            entry(bench, "epub", year="2003"),
        ]
    )
    assert clusters.at["epub", "cluster"] == clusters.at["print", "cluster"]


def test_a_year_apart_on_other_pages_stays_two_publications(bench: ModuleType, dedup: Any) -> None:
    clusters, _, _ = dedup(
        [
            entry(bench, "first", title=f"{TITLE}: {SUBTITLE}", year="2004"),
            entry(bench, "second", year="2003", pages="320-327"),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


def test_an_embase_conference_source_names_its_journal(bench: ModuleType, dedup: Any) -> None:
    # the same abstract in Embase (the journal with its meeting) and as the journal's own
    # abbreviated record, on another page of the supplement
    title = "Maintenance of renal function under eculizumab despite discontinuation of plasma"
    meeting = "Pediatric Transplantation.Conference: 6th Congress of the Transplant Society"
    clusters, _, _ = dedup(
        [
            entry(bench, "embase", title=title, source=meeting, volume="15", issue="", pages="22"),
            entry(
                bench,
                "journal",
                title=title,
                source="Pediatr Transplant",
                volume="15",
                issue="",
                pages="52",
            ),
        ]
    )
    assert clusters.at["journal", "cluster"] == clusters.at["embase", "cluster"]
    assert "source=" in clusters.at["journal", "evidence"]


def test_a_translated_title_in_its_early_access_year_is_the_same_citation(
    bench: ModuleType, dedup: Any
) -> None:
    clusters, _, _ = dedup(
        [
            entry(bench, "english", year="2004"),
            entry(
                bench,
                "french",
                year="2003",
                title="[Deficit severe en protease de clivage chez l'enfant atteint]",
            ),
        ]
    )
    assert clusters.at["french", "cluster"] == clusters.at["english", "cluster"]


# What the stress run found merged once a DOI, volume or pages went missing from a record
# (`--target distinct`): items of different issues or volumes, abstracts in two journals.


def test_short_titles_of_two_issues_stay_two_publications_without_their_dois(
    bench: ModuleType, dedup: Any
) -> None:
    editorial = {"title": "Editorial Introduction", "authors": ["Zwaan, V."], "year": "2000"}
    clusters, _, _ = dedup(
        [
            entry(bench, "issue 2", **editorial, volume="17", issue="2", pages="3-4"),
            entry(bench, "issue 4", **editorial, volume="17", issue="4", pages="3-4"),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


def test_one_section_title_in_two_volumes_stays_two_publications(
    bench: ModuleType, dedup: Any
) -> None:
    section = "Special Section: Competitive Strategy, Economics, and Information Systems"
    clusters, _, _ = dedup(
        [
            entry(bench, "volume 26", title=section, year="2009", volume="26", pages="7-13"),
            entry(bench, "volume 27", title=section, year="2010", volume="27", pages="7-10"),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


def test_an_abstract_in_two_journals_stays_two_without_a_volume(
    bench: ModuleType, dedup: Any
) -> None:
    abstract = "Cervical cytology abnormalities in women living with HIV in Rio de Janeiro"
    clusters, _, _ = dedup(
        [
            entry(
                bench,
                "jaids",
                title=abstract,
                source="Journal of Acquired Immune Deficiency Syndromes",
                volume="57",
                issue="",
                pages="",
            ),
            entry(
                bench,
                "sti",
                title=abstract,
                source="Sexually Transmitted Infections",
                volume="",
                issue="",
                pages="A186",
            ),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


def test_an_unpaged_record_of_another_issue_stays_apart(bench: ModuleType, dedup: Any) -> None:
    clusters, _, _ = dedup(
        [
            entry(bench, "issue 4", title=f"Molecular {TITLE}", issue="4", pages="886"),
            entry(bench, "issue 9", title=TITLE[0].upper() + TITLE[1:], issue="9", pages=""),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


def test_one_doi_under_another_registrant_prefix_does_not_part_a_paper(
    bench: ModuleType, dedup: Any
) -> None:
    # a conference paper without volume or pages: the whole-citation rule cannot place it,
    # but the DOI's suffix is the same under Taylor & Francis's and Informa's prefixes
    paper = {"source": "Hawaii International Conference on System Sciences", "volume": "",
             "issue": "", "pages": "", "year": "2015"}  # fmt: skip
    clusters, _, _ = dedup(
        [
            entry(bench, "tandf", **paper, doi="10.1080/hicss.2015.31"),
            entry(bench, "informa", **paper, doi="10.3109/HICSS.2015.31"),
        ]
    )
    assert clusters.at["informa", "cluster"] == clusters.at["tandf", "cluster"]


def test_a_long_number_doi_under_another_registrant_prefix_does_not_part_a_paper(
    bench: ModuleType, dedup: Any
) -> None:
    # SAGE's all-digit suffix (ISSN, year, number), re-prefixed; no pages to place the paper
    paper = {"source": "SAGE Open", "volume": "7", "issue": "2", "pages": "", "year": "2017"}
    clusters, _, _ = dedup(
        [
            entry(bench, "sage", **paper, doi="10.1177/2158244017712774"),
            entry(bench, "reprefixed", **paper, doi="10.3109/2158244017712774"),
        ]
    )
    assert clusters.at["reprefixed", "cluster"] == clusters.at["sage", "cluster"]


def test_a_conference_is_named_without_its_edition_and_short_name(
    bench: ModuleType, dedup: Any
) -> None:
    full = "2015 Fourth International Conference on Agro-Geoinformatics (Agro-geoinformatics)"
    clusters, _, _ = dedup(
        [
            entry(bench, "full", source=full, volume="", issue="", pages="28-32"),
            entry(
                bench,
                "abbreviated",
                source="Int. Conf. Agro-Geoinformatics",
                volume="",
                issue="",
                pages="",
            ),
        ]
    )
    assert clusters.at["abbreviated", "cluster"] == clusters.at["full", "cluster"]
    assert "source=" in clusters.at["abbreviated", "evidence"]


def test_two_papers_on_the_same_pages_of_two_issues_stay_apart_without_an_issue(
    bench: ModuleType, dedup: Any
) -> None:
    # a journal paged by issue: one author's papers in issues 1 and 2 on pp. 54-59; one
    # database left the issue out
    paged = {"authors": ["Durand, M."], "year": "2019", "volume": "7", "pages": "54-59"}
    clusters, _, _ = dedup(
        [
            entry(
                bench, "issue 1", title="The commodification of digital labour", issue="1", **paged
            ),
            entry(
                bench,
                "unknown issue",
                title="Algorithmic management of employees",
                issue="",
                **paged,
            ),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


def test_a_short_title_with_another_doi_stays_apart_without_an_issue(
    bench: ModuleType, dedup: Any
) -> None:
    notes = {
        "title": "Editorial Notes",
        "authors": ["Benbasat, I."],
        "year": "2000",
        "source": "Information Systems Research",
        "volume": "11",
        "pages": "i-ii",
    }
    clusters, _, _ = dedup(
        [
            entry(bench, "issue 3", **notes, issue="3", doi="10.1287/isre.11.3.0.12205"),
            entry(bench, "issue unknown", **notes, issue="", doi="10.1287/isre.11.4.0.11870"),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


# A volume, a page or a year that one database left out must not let two publications merge
# (`--target distinct`), nor keep apart one article that another database writes this way.


def test_a_supplement_abstract_and_a_letter_without_volumes_stay_two_publications(
    bench: ModuleType, dedup: Any
) -> None:
    # one team's meeting abstract and its letter in one journal and year; no volume on either
    team = {"volume": "", "source": "British Journal of Haematology", "year": "2005"}
    clusters, review, _ = dedup(
        [
            entry(bench, "abstract", **team, issue="Suppl. 1", pages="57-58"),
            entry(bench, "letter", **team, title=TITLE.replace(" of the ", " of "), issue="3",
                  pages="274"),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 2
    assert review["evidence"].tolist() == ["year=; author=; issue≠; page≠; supplement≠; source="]


def test_an_export_that_put_the_volume_in_the_issue_is_still_one_citation(
    bench: ModuleType, dedup: Any
) -> None:
    # Embase's conference record: volume 26, issue 9 written as issue 26, page 9
    clusters, _, _ = dedup(
        [
            entry(bench, "journal", volume="26", issue="9", pages="1746"),
            entry(bench, "embase", volume="", issue="26", pages="9"),
        ]
    )
    assert clusters.at["embase", "cluster"] == clusters.at["journal", "cluster"]


def test_an_early_access_record_paginated_from_one_is_its_article(
    bench: ModuleType, dedup: Any
) -> None:
    # online first: no volume or issue, the article's own pages 1-6
    clusters, _, _ = dedup(
        [
            entry(bench, "print", volume="27", issue="8", pages="2422-2427"),
            entry(bench, "online first", volume="", issue="", pages="1-6"),
        ]
    )
    assert clusters.at["online first", "cluster"] == clusters.at["print", "cluster"]


def test_a_column_of_the_year_before_without_its_volume_stays_apart(
    bench: ModuleType, dedup: Any
) -> None:
    column = {"title": "Remarks from the editor on the year of the quarterly", "pages": ""}
    clusters, review, _ = dedup(
        [
            entry(bench, "2001", **column, year="2001", volume="25", issue="1"),
            entry(bench, "2000", **column, year="2000", volume="", issue="1"),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2
    assert "same issue, year apart" in review.at[0, "evidence"]


def test_a_record_ahead_of_print_a_year_early_is_its_article(bench: ModuleType, dedup: Any) -> None:
    clusters, _, _ = dedup(
        [
            entry(bench, "print", year="2004"),
            entry(bench, "ahead of print", year="2003", volume="", issue="", pages=""),
        ]
    )
    assert clusters.at["ahead of print", "cluster"] == clusters.at["print", "cluster"]


def test_a_phase_i_ii_and_a_phase_ii_trial_stay_two_publications(
    bench: ModuleType, dedup: Any
) -> None:
    # two meeting abstracts of one team a year apart, one without its volume
    trial = "trial of ixabepilone and dasatinib for treatment of metastatic breast cancer"
    abstract = {"source": "Cancer Research", "issue": "", "pages": ""}
    clusters, _, _ = dedup(
        [
            entry(bench, "phase 2", **abstract, title=f"Phase II {trial}", year="2012",
                  volume="72"),
            entry(bench, "phase 1/2", **abstract, title=f"Phase I/II {trial}", year="2011",
                  volume=""),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 2


def test_a_chapter_under_its_book_and_under_its_series_is_one_chapter(
    bench: ModuleType, dedup: Any
) -> None:
    # the volume of a book series, named by the book's title in one database, by the series
    # in another that left out the pages: the volume number still places it
    chapter = {"title": "Loss of self-control in the complement system and innate autoreactivity",
               "authors": ["Meri, S."], "year": "2007", "volume": "1109", "issue": ""}  # fmt: skip
    clusters, _, _ = dedup(
        [
            entry(bench, "book", **chapter, source="Autoimmunity, Part A: Basic Principles",
                  pages="93-105"),
            entry(bench, "series", **chapter, source="Annals of the New York Academy of Sciences",
                  pages=""),
        ]
    )  # fmt: skip
    assert clusters.at["series", "cluster"] == clusters.at["book", "cluster"]


def test_editor_s_comments_ending_on_other_roman_pages_stay_apart(
    bench: ModuleType, dedup: Any
) -> None:
    # front matter of two issues of one volume, one without its issue
    comments = {"title": "Editor's Comments", "authors": ["Weber, R."], "volume": "27"}
    clusters, _, _ = dedup(
        [
            entry(bench, "issue 3", **comments, issue="3", pages="iii-xii"),
            entry(bench, "unknown issue", **comments, issue="", pages="iii-xi"),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


# Held-out exports: several changes at once, as MEDLINE, Embase and conference databases
# write one reference (`bench_dedup.py stress`, combined variations and `--target both`).


def test_a_translated_title_without_its_volume_is_the_same_citation(
    bench: ModuleType, dedup: Any
) -> None:
    # MEDLINE's record of a French article: the English title in brackets, no volume
    clusters, _, _ = dedup(
        [
            entry(bench, "french", title="Deficit severe en protease de clivage chez l'enfant"),
            entry(bench, "medline", title=f"[{TITLE}]", source="J Pediatr", volume=""),
        ]
    )
    assert clusters.at["medline", "cluster"] == clusters.at["french", "cluster"]
    assert "same citation" in clusters.at["medline", "evidence"]


def test_two_titles_on_one_page_range_without_any_volume_stay_apart(
    bench: ModuleType, dedup: Any
) -> None:
    # nothing but year, author, source and pages: two columns of a magazine paged by issue
    clusters, _, _ = dedup(
        [
            entry(bench, "first", title="Deficit severe en protease", volume="", issue=""),
            entry(bench, "second", volume="", issue=""),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


def test_the_and_of_a_polish_journal_and_an_unwritten_letter_in_a_name(
    bench: ModuleType, dedup: Any
) -> None:
    # "Pneumonol Alergol Pol" drops the Polish "i" (and); "Ta?a?aj" is an export that could
    # not write "ł"; the volume is missing from the abbreviated record
    polish = {"year": "1996", "volume": "64", "issue": "", "pages": "431-436"}
    clusters, _, _ = dedup(
        [
            entry(
                bench,
                "full",
                **polish,
                authors=["Talalaj, J.", "Kowal, E."],
                source="Pneumonologia i Alergologia Polska",
            ),
            entry(
                bench,
                "abbreviated",
                **(polish | {"volume": ""}),
                authors=["Ta?a?aj, J.", "Kowal, E."],
                source="Pneumonol Alergol Pol",
            ),
        ]
    )
    assert clusters.at["abbreviated", "cluster"] == clusters.at["full", "cluster"]
    assert "author=" in clusters.at["abbreviated", "evidence"]
    assert "source=" in clusters.at["abbreviated", "evidence"]


def test_a_journal_named_with_its_translation_in_brackets(bench: ModuleType, dedup: Any) -> None:
    # a short title needs the source to agree: Ovid's "Gan to Kagaku Ryoho [Japanese Journal
    # of Cancer & Chemotherapy]" and MEDLINE's English abbreviation without the volume
    short = {"title": "Pleuritis carcinomatosa", "authors": ["Miyanaga, A.", "Gemma, A."],
             "year": "2011", "issue": "", "pages": "524-527"}  # fmt: skip
    clusters, _, _ = dedup(
        [
            entry(bench, "ovid", **short, volume="38",
                  source="Gan to Kagaku Ryoho [Japanese Journal of Cancer & Chemotherapy]"),
            entry(bench, "medline", **short, volume="", source="Jpn J Cancer Chemother"),
        ]
    )  # fmt: skip
    assert clusters.at["medline", "cluster"] == clusters.at["ovid", "cluster"]


def test_an_embase_meeting_abstract_and_the_meeting_s_own_record(
    bench: ModuleType, dedup: Any
) -> None:
    # no volume or pages: the source must agree, Embase's journal-and-meeting with the meeting
    title = "Eculizumab therapy for atypical hemolytic uremic syndrome in pediatric patients"
    meeting = "23rd Congress of the International Society on Thrombosis and Haemostasis"
    abstract = {"title": title, "year": "2011", "volume": "", "issue": "", "pages": ""}
    clusters, _, _ = dedup(
        [
            entry(bench, "embase", **abstract,
                  source=f"Journal of Thrombosis and Haemostasis.Conference: {meeting}"),
            entry(bench, "meeting", **abstract, source=meeting),
        ]
    )  # fmt: skip
    assert clusters.at["meeting", "cluster"] == clusters.at["embase", "cluster"]
    assert "source=" in clusters.at["meeting", "evidence"]


def test_a_surname_particle_dropped_and_an_epub_year(bench: ModuleType, dedup: Any) -> None:
    # "Van Graaf" for "van der Graaf" in an Embase record ahead of print: a year earlier, no
    # volume, the NLM abbreviation
    clusters, _, _ = dedup(
        [
            entry(bench, "print", authors=["van der Graaf, Y.", "Molijn, A."], year="2003"),
            entry(
                bench,
                "epub",
                authors=["Van Graaf, Y. D.", "Molijn, A."],
                year="2002",
                source="J Pediatr",
                volume="",
            ),
        ]
    )
    assert clusters.at["epub", "cluster"] == clusters.at["print", "cluster"]
    assert "author=" in clusters.at["epub", "evidence"]


def test_a_conference_abbreviated_with_its_acronym_appended(bench: ModuleType, dedup: Any) -> None:
    # Web of Science's "Am. Conf. Inf. Syst. AMCIS"; the authors in another order, no pages
    paper = {"year": "2015", "volume": "", "issue": ""}
    clusters, _, _ = dedup(
        [
            entry(bench, "full", **paper, pages="1-14", authors=["Hong, Yili", "Zheng, Alvin"],
                  source="Americas Conference on Information Systems"),
            entry(bench, "wos", **paper, pages="", authors=["Zheng, A.", "Hong, Y."],
                  source="Am. Conf. Inf. Syst. AMCIS"),
        ]
    )  # fmt: skip
    assert clusters.at["wos", "cluster"] == clusters.at["full", "cluster"]
    assert "source=" in clusters.at["wos", "evidence"]


def test_an_epub_record_without_its_volume_is_not_the_meeting_abstract(
    bench: ModuleType, dedup: Any
) -> None:
    # the abstract in a supplement (2011) and the article's Embase record ahead of print:
    # the epub year is the abstract's, the volume is missing, the pages are the article's
    title = "Role of chromosome 3q26 gain in predicting progression of cervical dysplasia"
    team = {"authors": ["Rodolakis, A.", "Biliatis, I."], "year": "2011", "issue": ""}
    clusters, _, _ = dedup(
        [
            entry(bench, "abstract", **team, title=f"The {title}", volume="21", pages="S500",
                  source="International Journal of Gynecological Cancer"),
            entry(bench, "epub", **team, title=title, volume="", pages="742-747",
                  source="Int J Gynecol Cancer"),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 2


def test_a_record_without_citation_does_not_join_two_issues_of_a_series(
    bench: ModuleType, dedup: Any
) -> None:
    # a series' items in issues 3 and 6 (one titled with its month), and a record of the
    # series' title with no volume or pages that matches both: it is sent to review, not made
    # the bridge between them
    series = {
        "year": "2004",
        "authors": ["Bayes, M.", "Rabasseda, X."],
        "volume": "26",
        "source": "Methods and Findings in Experimental and Clinical Pharmacology",
    }
    title = "Gateways to clinical trials in haematology"
    clusters, review, _ = dedup(
        [
            entry(bench, "issue 3", **series, title=f"{title}: April 2004", issue="3",
                  pages="211-244"),
            entry(bench, "issue 6", **series, title=title, issue="6", pages="473-503"),
            entry(bench, "unplaced", **(series | {"volume": ""}), title=title, issue="",
                  pages=""),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 3
    unplaced = clusters.at["unplaced", "record_id"]
    bridged = review[(review["record_id_a"] == unplaced) | (review["record_id_b"] == unplaced)]
    assert len(bridged) == 2
    assert bridged["evidence"].str.contains("bridges two citations").all()


def test_a_journal_abbreviation_glued_without_dots_or_spaces(bench: ModuleType, dedup: Any) -> None:
    # a short title needs the source to agree; one database glues "J Thorac Cardiovasc Surg"
    short = {"title": "Postpneumonectomy empyema", "authors": ["Deschamps, C."],
             "year": "1990", "issue": "", "pages": "514-519"}  # fmt: skip
    clusters, _, _ = dedup(
        [
            entry(bench, "full", **short, volume="100",
                  source="Journal of Thoracic and Cardiovascular Surgery"),
            entry(bench, "glued", **short, volume="", source="Jthoraccardiovascsurg"),
        ]
    )  # fmt: skip
    assert clusters.at["glued", "cluster"] == clusters.at["full", "cluster"]
    assert "source=" in clusters.at["glued", "evidence"]


def test_a_bracketed_correction_with_a_language_note_is_linked_not_merged(
    bench: ModuleType, dedup: Any
) -> None:
    # MEDLINE's translated title with the article's language noted after the brackets
    clusters, _, _ = dedup(
        [
            entry(bench, "article"),
            entry(
                bench,
                "correction",
                title=f"[{TITLE} (vol 142, pg 310, 2003)] [Article in German]",
                source="J Pediatr",
                volume="",
                issue="6",
                pages="616",
            ),
        ]
    )
    assert clusters.at["correction", "rule"] == "report"
    assert clusters.at["correction", "cluster"] == "article"


# One side without pages (`bench_dedup.py stress`, pages_missing): what is left must place both
# records, and a field present on both that tells two items apart must still keep them apart.

PAPER = {
    "title": "Replication: on the ecological validity of online security developer studies",
    "authors": ["Danilova, A.", "Naiakshina, A."],
    "year": "2020",
    "volume": "",
    "issue": "",
}


def test_a_meeting_named_with_and_without_proceedings_is_one_source(
    bench: ModuleType, dedup: Any
) -> None:
    # Web of Science names the proceedings with their edition in words; Scopus names the
    # meeting with its acronym and, here, leaves the pages out
    clusters, _, _ = dedup(
        [
            entry(bench, "wos", **PAPER, pages="165-183",
                  source="PROCEEDINGS OF THE SIXTEENTH SYMPOSIUM ON USABLE PRIVACY AND SECURITY"),
            entry(bench, "scopus", **PAPER, pages="",
                  source="Symposium on Usable Privacy and Security, SOUPS"),
        ]
    )  # fmt: skip
    assert clusters.at["scopus", "cluster"] == clusters.at["wos", "cluster"]
    assert "source=" in clusters.at["scopus", "evidence"]


def test_the_same_paper_title_at_another_meeting_stays_apart(bench: ModuleType, dedup: Any) -> None:
    # a workshop version of the paper in the same year, without pages: another meeting
    clusters, _, _ = dedup(
        [
            entry(bench, "symposium", **PAPER, pages="165-183",
                  source="PROCEEDINGS OF THE SIXTEENTH SYMPOSIUM ON USABLE PRIVACY AND SECURITY"),
            entry(bench, "workshop", **PAPER, pages="",
                  source="Proceedings of the Workshop on Usable Security"),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 2


SHORT = {
    "title": "Haemolytic uraemic syndrome",
    "authors": ["Kavanagh, D.", "Goodship, T."],
    "source": "Nephron Clinical Practice",
    "volume": "118",
    "issue": "1",
}


def test_a_short_title_without_pages_is_placed_by_its_issue(bench: ModuleType, dedup: Any) -> None:
    # the record ahead of print: its early-access year, no pages; the volume and issue place it
    clusters, _, _ = dedup(
        [
            entry(bench, "print", **SHORT, year="2010", pages="c37-c42"),
            entry(bench, "epub", **SHORT, year="2011", pages=""),
        ]
    )
    assert clusters.at["epub", "cluster"] == clusters.at["print", "cluster"]
    assert "placed by issue" in clusters.at["epub", "evidence"]


def test_a_short_title_without_pages_in_another_issue_stays_apart(
    bench: ModuleType, dedup: Any
) -> None:
    clusters, _, _ = dedup(
        [
            entry(bench, "issue 1", **SHORT, year="2010", pages="c37-c42"),
            entry(bench, "issue 2", **{**SHORT, "issue": "2"}, year="2011", pages=""),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


def test_a_generic_title_without_pages_is_not_placed_by_its_issue(
    bench: ModuleType, dedup: Any
) -> None:
    # two editorials of one editor in one issue (a special issue's and the regular one)
    clusters, _, _ = dedup(
        [
            entry(bench, "regular", **{**SHORT, "title": "Editorial"}, year="2010", pages="1-2"),
            entry(bench, "special", **{**SHORT, "title": "Editorial"}, year="2010", pages=""),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


DUTCH = {
    "title": "Training memory self-efficacy after stroke: a randomized controlled trial",
    "authors": ["Aben, L.", "Heijenbrok-Kal, M. H."],
    "year": "2013",
    "issue": "32",
    "pages": "",
}


def test_a_dutch_journal_and_its_nlm_abbreviation_are_one_source(
    bench: ModuleType, dedup: Any
) -> None:
    # MEDLINE's record: NLM abbreviation, no volume, a language note; no pages on either
    clusters, _, _ = dedup(
        [
            entry(bench, "embase", **DUTCH, volume="157",
                  source="Nederlands Tijdschrift voor Geneeskunde"),
            entry(bench, "medline", **{**DUTCH, "title": DUTCH["title"] + ". [Dutch]"},
                  volume="", source="Ned Tijdschr Geneeskd"),
        ]
    )  # fmt: skip
    assert clusters.at["medline", "cluster"] == clusters.at["embase", "cluster"]
    assert "source=" in clusters.at["medline", "evidence"]


def test_the_belgian_tijdschrift_voor_geneeskunde_is_another_journal(
    bench: ModuleType, dedup: Any
) -> None:
    # the same article published again in the Flemish journal: another publication
    clusters, _, _ = dedup(
        [
            entry(bench, "dutch", **DUTCH, volume="157",
                  source="Nederlands Tijdschrift voor Geneeskunde"),
            entry(bench, "flemish", **DUTCH, volume="", source="Tijdschr Geneeskd"),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 2


ABSTRACT_AND_ARTICLE = {
    "title": "Long-term treatment with eculizumab in paroxysmal nocturnal hemoglobinuria",
    "authors": ["Kelly, R. J.", "Hill, A.", "Arnold, L. M."],
    "year": "2011",
    "source": "Blood",
}


def test_another_issue_and_first_page_without_a_volume_is_not_merged(
    bench: ModuleType, dedup: Any
) -> None:
    # the meeting abstract in the society's issue, its volume lost, and the team's article
    # in a later issue of the same year: another place in the journal, so a reviewer decides
    clusters, review, _ = dedup(
        [
            entry(
                bench, "abstract", **ABSTRACT_AND_ARTICLE, volume="", issue="21", pages="280-281"
            ),
            entry(
                bench,
                "article",
                **ABSTRACT_AND_ARTICLE,
                volume="117",
                issue="25",
                pages="6786-6792",
            ),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2
    assert len(review) == 1
    assert "issue≠; page≠" in review.at[0, "evidence"]


def test_a_record_without_its_volume_in_the_same_issue_and_pages_still_merges(
    bench: ModuleType, dedup: Any
) -> None:
    clusters, _, _ = dedup(
        [
            entry(bench, "epub", **ABSTRACT_AND_ARTICLE, volume="", issue="25", pages="6786-6792"),
            entry(
                bench,
                "article",
                **ABSTRACT_AND_ARTICLE,
                volume="117",
                issue="25",
                pages="6786-6792",
            ),
        ]
    )
    assert clusters.at["epub", "cluster"] == "article"


def test_a_conference_record_with_its_fields_one_place_on_still_merges(
    bench: ModuleType, dedup: Any
) -> None:
    # Embase's meeting record with the volume in the issue and the issue in the pages
    meeting = {**ABSTRACT_AND_ARTICLE, "source": "Pediatric Nephrology.Conference: 44th Meeting"}
    clusters, _, _ = dedup(
        [
            entry(bench, "shifted", **meeting, volume="", issue="26", pages="9"),
            entry(bench, "meeting", **meeting, volume="26", issue="9", pages="1746"),
        ]
    )
    assert clusters.at["shifted", "cluster"] == "meeting"


TRIAL_ARMS = {
    "authors": ["Stemmler, H. J.", "Harbeck, N.", "Heinemann, V."],
    "year": "2010",
    "source": "Oncology",
    "volume": "79",
    "issue": "",
}


def test_two_arms_of_a_trial_named_by_code_stay_apart_without_pages(
    bench: ModuleType, dedup: Any
) -> None:
    # one team's two regimens, "(D2)" and "(D4)", in one volume; one record without pages
    title = "Randomized phase III study of weekly versus standard docetaxel {} in breast cancer"
    clusters, review, _ = dedup(
        [
            entry(bench, "D2", **TRIAL_ARMS, title=title.format("(D2)"), pages="197-203"),
            entry(bench, "D4", **TRIAL_ARMS, title=title.format("plus doxorubicin (D4)"), pages=""),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2
    assert "numbers≠" in review.at[0, "evidence"]


def test_a_code_with_a_typo_on_the_same_pages_still_merges(bench: ModuleType, dedup: Any) -> None:
    title = "{} expression does not predict the outcome of cervical intraepithelial neoplasia"
    clusters, _, _ = dedup(
        [
            entry(bench, "typo", **TRIAL_ARMS, title=title.format("p6INK4a"), pages="1099-1103"),
            entry(bench, "p16", **TRIAL_ARMS, title=title.format("p16(INK4a)"), pages="1099-1103"),
        ]
    )
    assert clusters["cluster_id"].nunique() == 1


def test_a_code_written_with_and_without_its_hyphen_still_merges(
    bench: ModuleType, dedup: Any
) -> None:
    title = "Serum {} predicts the outcome of severe community-acquired pneumonia"
    clusters, _, _ = dedup(
        [
            entry(bench, "glued", **TRIAL_ARMS, title=title.format("IL6"), pages=""),
            entry(bench, "hyphen", **TRIAL_ARMS, title=title.format("IL-6"), pages="197-203"),
        ]
    )
    assert clusters["cluster_id"].nunique() == 1
