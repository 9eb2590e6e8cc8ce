"""One abstract under two citations, through the user's path: an EndNote RIS export
(`bench_dedup.write_endnote_ris`), `metasynth ingest`, then `metasynth dedup`.

Patterns of the held-out labelled sets of the ASySD and bib-dedupe benchmarks (docs/dedup.md,
*Held-out sets*), with synthetic titles, abstracts and the test DOI prefix 10.5555: an article
printed twice under its own citations (another issue and DOI, or years later), and a meeting
abstract presented again at the next year's meeting, in a supplement paged `79S-80S`.
"""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType
from typing import Any

ABSTRACT = (
    "Lameness in fast growing broiler chickens is a major welfare and economic problem. We "
    "examined the femoral and tibial heads of 240 lame birds from 12 commercial flocks by "
    "histology and bacterial culture. Necrosis of the growth plate with bacterial colonies was "
    "found in most birds, and staphylococci were isolated from two thirds of the lesions. The "
    "findings suggest that bacterial infection of the growth plate is the main cause."
)  # 62 words


PRINTED = {
    "title": "Bacterial chondronecrosis with osteomyelitis of broiler chickens",
    "authors": ["Okafor, C.", "Lindqvist, M."],
    "year": "2000",
    "source": "Avian Pathology",
    "volume": "29",
    "issue": "4",
    "pages": "253-270",
    "doi": "10.5555/avian.2000.0412",
    "abstract": ABSTRACT,
}


def printed(bench: ModuleType, label: str, **fields: Any) -> Any:
    return bench.Entry(label_id=label, **{**PRINTED, **fields})


def test_an_article_printed_again_in_the_next_issue_is_a_report_of_it(
    bench: ModuleType, dedup: Any
) -> None:
    # the journal printed the article again, with its own DOI, in the next issue
    again = printed(bench, "again", issue="5", pages="477-495", doi="10.5555/avian.2000.0547")
    clusters, _, _ = dedup([printed(bench, "first"), again])
    assert clusters["cluster_id"].nunique() == 1
    assert clusters.at["again", "cluster"] == "first"
    assert clusters.at["again", "rule"] == "report"
    assert "same abstract; republication of it" in clusters.at["again", "evidence"]


def test_a_classic_republished_years_later_is_a_report_of_it(bench: ModuleType, dedup: Any) -> None:
    later = printed(
        bench, "later", year="2011", volume="40", issue="2", pages="101-118",
        doi="10.5555/avian.2011.0101",
    )  # fmt: skip
    clusters, _, _ = dedup([later, printed(bench, "first")])
    assert clusters.at["later", "cluster"] == "first"
    assert clusters.at["later", "rule"] == "report"


def test_the_article_exported_twice_under_one_citation_is_still_a_duplicate(
    bench: ModuleType, dedup: Any
) -> None:
    copy = replace(printed(bench, "copy"), doi="", issue="", pages="253-70")
    clusters, _, _ = dedup([printed(bench, "first"), copy])
    assert clusters.at["copy", "cluster"] == "first"
    assert clusters.at["copy", "rule"] == "fuzzy"


ENCORE = {
    "year": "2011",
    "source": "American Journal of Cardiology",
    "volume": "107",
    "issue": "8",
    "pages": "55A",
    "doi": "10.5555/amjcard.2011.02.126",
}


def encore(bench: ModuleType, label: str, **fields: Any) -> Any:
    return printed(bench, label, **{**ENCORE, **fields})


def test_an_abstract_again_at_the_next_meeting_paged_79s_is_another_publication(
    bench: ModuleType, dedup: Any
) -> None:
    # the letter after the number marks a supplement's page, as `S79` does
    next_year = encore(
        bench, "next year", year="2012", volume="109", issue="7", pages="79S-80S",
        doi="10.5555/amjcard.2012.01.181",
    )  # fmt: skip
    clusters, _, _ = dedup([encore(bench, "abstract"), next_year])
    assert clusters["cluster_id"].nunique() == 2


def test_one_abstract_exported_twice_from_a_supplement_paged_79s_merges(
    bench: ModuleType, dedup: Any
) -> None:
    one = encore(bench, "abstract", volume="109", issue="7", pages="79S-80S", doi="")
    clusters, _, _ = dedup([one, replace(one, label_id="again", pages="79S")])
    assert clusters.at["again", "cluster"] == "abstract"


def test_a_comment_on_the_article_s_last_page_is_another_publication(
    bench: ModuleType, dedup: Any
) -> None:
    # MEDLINE indexes an invited comment under the article's title, on its last page
    # ("1799-815; discussion 1815"): a single page is no typo of the article's first page
    review = bench.Entry(
        label_id="review",
        title="Effects of dexamethasone on the brain: a systematic review of human studies",
        authors=["Okafor, C.", "Lindqvist, M."],
        year="2010",
        source="Neurosurgery",
        volume="67",
        issue="6",
        pages="1799-1815",
    )
    comment = replace(review, label_id="comment", authors=["Vogel, M. A."], pages="1815-1815")
    clusters, _, _ = dedup([review, comment, replace(review, label_id="copy", pages="1799-815")])
    assert clusters.at["copy", "cluster"] == "review"
    assert clusters.at["comment", "cluster"] == "comment"


def test_one_abstract_in_two_journals_supplements_paged_s_647_stays_two(
    bench: ModuleType, dedup: Any
) -> None:
    # Gastroenterology writes its meeting abstracts' pages "S-647"; "1)" is what is left of
    # "(Suppl. 1)" in the volume field of both Embase records
    one = encore(
        bench, "gastro", year="2014", source="Gastroenterology", volume="1)", issue="",
        pages="S-647", doi="", abstract="",
    )  # fmt: skip
    other = replace(
        one, label_id="crohn", source="Journal of Crohn's and Colitis", pages="S344-S345"
    )
    clusters, _, _ = dedup([one, other])
    assert clusters["cluster_id"].nunique() == 2


def test_one_title_on_two_page_ranges_of_two_issues_of_a_volume_is_two_items(
    bench: ModuleType, dedup: Any
) -> None:
    # the journal printed the piece in issue 2 and again in issue 7 (Scopus holds both), one
    # record without its abstract: two places in the volume, no abstract to tie them
    first = printed(bench, "issue 2", issue="2", pages="145-146", doi="")
    second = replace(first, label_id="issue 7", issue="7", pages="595-596", abstract="")
    clusters, _, _ = dedup([first, second])
    assert clusters["cluster_id"].nunique() == 2


def test_the_meeting_abstract_on_one_page_of_another_issue_may_still_be_the_work(
    bench: ModuleType, dedup: Any
) -> None:
    # a single page in the congress issue and the article in a later issue of the volume are
    # labelled one publication in the Rathbone sets (Koehl 2010, Biran 2007): not set apart
    article = printed(bench, "article", issue="12", pages="2539-2542", doi="", abstract="")
    abstract = replace(article, label_id="abstract", issue="9", pages="1875-1875")
    clusters, _, _ = dedup([article, abstract])
    assert clusters["cluster_id"].nunique() == 1
