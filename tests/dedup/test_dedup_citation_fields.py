"""What exports write in the volume field, a volume one DOI overrules, and one citation under
two English titles, through the user's path: an EndNote RIS export
(`bench_dedup.write_endnote_ris`), `metasynth ingest`, then `metasynth dedup`.

The records are hand-written, modelled on patterns of Ovid's Embase and MEDLINE records as
EndNote exports them (the issue in the volume field with "(no pagination)" and the article
number as the issue; "85 Suppl 6"; "Part 3. 275"; "1)" left of "(SUPPL. 1)"; the day of the
month as the volume of a record ahead of print), with synthetic titles and the test DOI prefix
10.5555.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

ARTICLE = {
    "authors": ["Okafor, C.", "Lindqvist, M."],
    "year": "2018",
    "source": "PLoS ONE",
    "volume": "13",
    "issue": "2",
    "pages": "e0192222",
}


def article(bench: ModuleType, label: str, title: str, **fields: Any) -> Any:
    return bench.Entry(label_id=label, title=title, **{**ARTICLE, **fields})


TITLE = "Sleep loss and hippocampal volume in retired night-shift nurses"


def test_embase_s_volume_with_its_issue_and_no_pagination_is_one_citation(
    bench: ModuleType, dedup: Any
) -> None:
    # Ovid's Embase: "PLoS ONE. 13 (2) (no pagination), 2018. Article Number: e0192222."
    clusters, review, _ = dedup(
        [
            article(bench, "scopus", TITLE, doi="10.5555/journal.pone.0192222"),
            article(bench, "embase", TITLE, volume="13 (2) (no pagination)", issue="e0192222",
                    pages=""),
        ]
    )  # fmt: skip
    assert clusters.at["embase", "cluster"] == clusters.at["scopus", "cluster"]
    assert review.empty


@pytest.mark.parametrize(
    ("volume", "other"),
    [
        ("Part 3. 275", "275"),  # a part of the volume before it
        ("1)", "17"),  # what is left of "17 (SUPPL. 1)": no volume, a supplement
    ],
)
def test_a_part_or_a_cut_supplement_in_the_volume_field_is_no_other_volume(
    bench: ModuleType, dedup: Any, volume: str, other: str
) -> None:
    fields = {"source": "Experimental Neurology", "issue": "", "pages": "101", "year": "2015"}
    clusters, _, _ = dedup(
        [
            article(bench, "print", TITLE, volume=other, **fields),
            article(bench, "embase", TITLE, volume=volume, **fields),
        ]
    )
    assert clusters.at["embase", "cluster"] == clusters.at["print", "cluster"]


def test_a_supplement_in_the_volume_field_is_the_issue_of_one_citation(
    bench: ModuleType, dedup: Any
) -> None:
    # MEDLINE's "85 Suppl 6" and Embase's volume 85, issue "SUPPL. 6": one citation, the
    # English title and Embase's translation of the German one
    fields = {"source": "Z Kardiol", "year": "1996"}
    clusters, _, _ = dedup(
        [
            article(bench, "medline", "Platelet function after cardiac surgery in the elderly",
                    volume="85 Suppl 6", issue="", pages="161-70", **fields),
            article(bench, "embase", "Thrombocyte activity following heart operations in old age. "
                    "German", volume="85", issue="SUPPL. 6", pages="161-170", **fields),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 1
    assert "same citation" in " ".join(clusters["evidence"])


def test_one_doi_title_year_and_page_overrule_a_volume_that_is_a_day(
    bench: ModuleType, dedup: Any
) -> None:
    # Ovid's Embase record ahead of print: the day of the month (27 May) as its volume
    doi = "10.5555/fncel.2013.00094"
    fields = {"source": "Frontiers in Cellular Neuroscience", "year": "2013", "pages": "94"}
    clusters, _, _ = dedup(
        [
            article(bench, "scopus", TITLE, volume="7", issue="MAY", doi=doi, **fields),
            article(bench, "wos", TITLE, volume="7", issue="", doi=doi, **fields),
            article(bench, "embase", TITLE, volume="27", issue="", doi=doi, **fields),
        ]
    )
    assert clusters["cluster_id"].nunique() == 1


def test_one_doi_on_another_volume_and_page_stays_two_publications(
    bench: ModuleType, dedup: Any
) -> None:
    doi = "10.5555/fncel.2013.00094"
    fields = {"source": "Frontiers in Cellular Neuroscience", "year": "2013", "issue": ""}
    clusters, _, _ = dedup(
        [
            article(bench, "first", TITLE, volume="7", pages="94", doi=doi, **fields),
            article(bench, "second", TITLE, volume="8", pages="112", doi=doi, **fields),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


def test_one_citation_under_two_unlike_english_titles_waits_for_a_reviewer(
    bench: ModuleType, dedup: Any
) -> None:
    # Embase's record of a commentary filed under the title of the article it discusses: one
    # citation, two English titles that no translation explains
    fields = {"source": "Transplantation", "year": "2000", "volume": "69", "issue": "10",
              "pages": "2001-2002"}  # fmt: skip
    clusters, review, _ = dedup(
        [
            article(bench, "comment", "Ischaemic conditioning versus donor brain death", **fields),
            article(bench, "filed", "Acute brain death abolishes the protective effect of "
                    "conditioning in the pig heart", **fields),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 2
    assert len(review) == 1
    assert "same citation, English titles unlike" in review.at[0, "evidence"]


def test_one_citation_under_an_english_and_a_german_title_is_one_publication(
    bench: ModuleType, dedup: Any
) -> None:
    fields = {"source": "Z Kardiol", "year": "1996", "volume": "85", "issue": "6",
              "pages": "161-170"}  # fmt: skip
    clusters, _, _ = dedup(
        [
            article(bench, "english", "Platelet function after cardiac surgery in the elderly",
                    **fields),
            article(bench, "german", "Thrombozytenfunktion nach Herzoperationen im Alter",
                    **fields),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 1
    assert "same citation" in " ".join(clusters["evidence"])


def test_an_unpaged_meeting_abstract_is_not_placed_in_the_article_s_issue(
    bench: ModuleType, dedup: Any
) -> None:
    # the article (12(1), article 30, Embase's record "12 (1) (no pagination)") and the team's
    # meeting abstract of the year before in the volume's "Supplement 1", without pages, under
    # the supplement's DOI, which two other abstracts carry too
    fields = {"source": "Scoliosis Spinal Disord", "volume": "12"}
    supplement = {**fields, "year": "2016", "issue": "Supplement 1", "pages": ""}
    doi = "10.5555/s13013-017-0124-0"
    clusters, _, _ = dedup(
        [
            article(bench, "article", TITLE, year="2017", issue="", pages="30",
                    doi="10.5555/s13013-017-0135-x", **fields),
            article(bench, "embase", TITLE, year="2017", volume="12 (1) (no pagination)",
                    issue="30", pages="", source="Scoliosis Spinal Disord"),
            article(bench, "abstract", TITLE, doi=doi, **supplement),
            article(bench, "other 1", "Gait speed after spinal fusion in adults", doi=doi,
                    **supplement),
            article(bench, "other 2", "Bracing adherence in adolescent scoliosis", doi=doi,
                    **supplement),
        ]
    )  # fmt: skip
    assert clusters.at["embase", "cluster"] == clusters.at["article", "cluster"]
    assert clusters.at["abstract", "cluster"] != clusters.at["article", "cluster"]


# one team's consecutive papers in one issue: titles one word apart, page ranges that meet
TEAM = {"authors": ["Ferreira, L.", "Ostrowski, K."], "year": "1992", "source": "J Med Chem",
        "volume": "35", "issue": "24"}  # fmt: skip
FIRST = "N-alkylidene thiazolidinones: potent and selective inhibitors of hippocampal kinase"
SECOND = "N-aralkylidene thiazolidinones: potent and selective inhibitors of hippocampal kinase"


def test_two_page_ranges_of_one_issue_that_do_not_meet_are_two_papers(
    bench: ModuleType, dedup: Any
) -> None:
    clusters, review, _ = dedup(
        [
            bench.Entry(label_id="first", title=FIRST, pages="4557-4561", **TEAM),
            bench.Entry(label_id="second", title=SECOND, pages="4562-66", **TEAM),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2
    assert list(review["evidence"].str.contains("pages apart")) == [True]


@pytest.mark.parametrize(
    ("pages", "other"),
    [
        ("E1924-E1934", "2556-2558"),  # the online pages and the print pages
        ("S4-76-S4-101", "S76-S101"),  # a supplement's pages written with its number
    ],
)
def test_page_ranges_not_written_alike_do_not_set_one_paper_apart(
    bench: ModuleType, dedup: Any, pages: str, other: str
) -> None:
    clusters, _, _ = dedup(
        [
            bench.Entry(label_id="one", title=FIRST, pages=pages, **TEAM),
            bench.Entry(label_id="other", title=FIRST, pages=other, **TEAM),
        ]
    )
    assert clusters["cluster_id"].nunique() == 1


def test_one_doi_on_two_page_ranges_that_do_not_meet_is_one_paper_miswritten(
    bench: ModuleType, dedup: Any
) -> None:
    # a database's record with a digit of its pages miswritten (858-65 for 558-565), under the
    # article's DOI: the DOI pass sets the DOI aside for the pages, the pages do not part them
    doi = "10.5555/jmc.1992.4557"
    clusters, _, _ = dedup(
        [
            bench.Entry(label_id="print", title=FIRST, pages="4557-4561", doi=doi, **TEAM),
            bench.Entry(label_id="database", title=FIRST, pages="7557-61", doi=doi, **TEAM),
        ]
    )
    assert clusters["cluster_id"].nunique() == 1


def test_a_meeting_abstract_on_a_supplement_page_of_the_article_s_volume_stays_apart(
    bench: ModuleType, dedup: Any
) -> None:
    # a case report (56(2):185-187, two databases) and the meeting abstract of the same case in
    # the volume's supplement pages, as Embase writes it: the meeting in the journal field, the
    # issue "var.pagings", no DOI on either
    fields = {"year": "2014", "source": "Indian Journal of Psychiatry", "volume": "56"}
    meeting = (
        "Indian Journal of Psychiatry.Conference: 66th Annual National Conference of the Indian"
        " Psychiatric Society.Conference Start: 20140116 Conference End: 20140119.Conference"
        " Publication: (var.pagings).56 ()(pp S84-S85) 2014."
    )
    clusters, _, _ = dedup(
        [
            article(bench, "medline", TITLE, issue="2", pages="185-187", **fields),
            article(bench, "embase", TITLE, issue="2", pages="185-187",
                    **{**fields, "source": "Indian J.Psychiatry"}),
            article(bench, "abstract", TITLE, issue="var.pagings", pages="S84-S85",
                    **{**fields, "source": meeting}),
        ]
    )  # fmt: skip
    assert clusters.at["embase", "cluster"] == clusters.at["medline", "cluster"]
    assert clusters.at["abstract", "cluster"] == "abstract"
