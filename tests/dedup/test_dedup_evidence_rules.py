"""The evidence rules a careful deduplicator uses, on real pairs from the labelled sets.

Each rule has a real pair from ../shared/fixtures/dedup that it now joins (by record_id, with
the evidence a reviewer reads) and a near-miss that must stay apart: author lists with names
swapped or reordered, sources named by acronym, edition or parallel title, notices recognised
by their citation, a title with and without its subtitle, one citation under a translated
title, a typo in a first page, and an issue column that holds record numbers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

from metasynth.config import load_config
from metasynth.dedup import DedupResult, deduplicate
from metasynth.dedup.citation_keys import author_names, last_page_key, source_parts
from metasynth.dedup.compare import main_title_of, names_match
from metasynth.dedup.prepare import issues_are_record_numbers
from metasynth.dedup.settings import DedupSettings
from metasynth.dedup.sources import sources_agree
from metasynth.dedup.title_keys import split_title, title_numbers

ROOT = Path(__file__).resolve().parents[2]
CONFIG = load_config(ROOT / "config" / "config.yaml")["dedup"]


@pytest.fixture(scope="module")
def labelled(bench: ModuleType) -> Any:
    """A labelled set through ingestion (bench_dedup.ingested), read once per module."""

    @cache
    def records(name: str) -> pd.DataFrame:
        table: pd.DataFrame = bench.to_records(name)[0]
        return table

    return records


@pytest.fixture(scope="module")
def whole_set(labelled: Any) -> Any:
    """The shipped configuration's result on a whole labelled set, computed once."""

    @cache
    def result(name: str) -> DedupResult:
        return deduplicate(labelled(name), None, CONFIG)

    return result


def dedup_records(labelled: Any, name: str, *label_ids: str) -> DedupResult:
    """Deduplicate just these entries of a labelled set (shipped configuration)."""
    records = labelled(name)
    return deduplicate(records[records["label_id"].isin(label_ids)], None, CONFIG)


def link(result: DedupResult, record_id: str) -> tuple[str, str, str]:
    """(cluster_id, rule, evidence) of a record."""
    row = result.clusters.set_index("record_id").loc[record_id]
    return str(row["cluster_id"]), str(row["rule"]), str(row["evidence"])


def cluster_ids(result: DedupResult) -> set[str]:
    return set(result.clusters["cluster_id"])


def review_evidence(result: DedupResult) -> dict[tuple[str, str], str]:
    review = result.review
    return {
        (a, b): e
        for a, b, e in zip(
            review["record_id_a"], review["record_id_b"], review["evidence"], strict=True
        )
    }


# ------------------------------------------------------------------------------ authors


@pytest.mark.parametrize(
    ("kept", "joined"),
    [
        ("id_1006604", "id_2006605"),  # "Carignani, Andrea" / "Andrea, C."
        ("id_2006747", "id_4006752"),  # "Wang, X." / "Xiaoguang, Wang"
    ],
)
def test_a_first_author_with_surname_and_given_name_swapped_agrees(labelled, kept, joined):
    result = dedup_records(labelled, "wagner2021", kept, joined)
    assert link(result, joined) == (kept, "fuzzy", "year=; author=; source=")


def test_names_match_in_swapped_forms_but_not_other_people():
    assert names_match(("andrea", "c"), ("carignani", "andrea"))
    assert names_match(("xiaoguang", "wang"), ("wang", "x"))
    assert not names_match(("andrea", "c"), ("carignani", "bruno"))
    assert not names_match(("wang", "l"), ("wang", "x"))


def test_author_names_drop_suffixes_and_placeholders():
    assert author_names("Lynch Jr, T. J.; Kalish, L.; et al.", 10) == (
        ("lynch", "t j"),
        ("kalish", "l"),
    )


def test_a_suffix_on_the_first_author_is_no_other_author(labelled):
    # "Lynch, T." / "Lynch Jr, T. J.": the title without its subtitle, same citation
    result = dedup_records(labelled, "rathbone2015/respiratory", "id_0000377", "id_0000378")
    assert link(result, "id_0000378") == (
        "id_0000377",
        "fuzzy",
        "year=; author=; volume=; issue≠; page=; source=; title contained",
    )


def test_the_same_authors_in_another_order_are_no_evidence_against(labelled):
    # "Hong, Yili; Zheng, Alvin Zuyin" / "Zheng, A.Z.; Hong, Y." (AMCIS 2015)
    result = dedup_records(labelled, "wagner2021", "id_1006665", "id_2006762")
    assert link(result, "id_2006762") == (
        "id_1006665",
        "fuzzy",
        "year=; authors reordered; source=",
    )


def test_one_team_presenting_one_abstract_in_two_journals_stays_apart(labelled):
    # the same authors in another order, in Diabetologia (S334) and Diabetes (A254): two
    # abstracts, each presented by another first author
    result = dedup_records(labelled, "asysd_diabetes", "id_0000601", "id_0000611")
    assert len(cluster_ids(result)) == 2


def test_a_swapped_name_of_another_person_stays_apart(make_records):
    base = {"title": "We don't need no education: abilities in online labor markets"}
    base |= {"year": 2010, "source_title": "ICIS 2010 Proceedings"}
    records = make_records(
        [
            {**base, "record_id": "WOS:1", "authors": "Carignani, Bruno; Negri, Lorenzo"},
            {**base, "record_id": "WOS:2", "authors": "Andrea, C.; Lorenzo, N."},
        ]
    )
    assert cluster_ids(deduplicate(records, None, CONFIG)) == {"WOS:1", "WOS:2"}


# ------------------------------------------------------------------------------ sources


def test_a_conference_named_by_its_acronym_is_the_same_source(labelled):
    # ICIS 2017 in December, its proceedings record dated 2018 with no pages
    result = dedup_records(labelled, "wagner2021", "id_1006650", "id_2006651")
    assert link(result, "id_2006651") == ("id_1006650", "fuzzy", "year~; author=; source=")


def test_a_conference_named_with_its_edition_is_the_same_source(labelled):
    # "Hawaii International Conference on System Sciences" / "50Th Annual Hawaii ..."
    result = dedup_records(labelled, "wagner2021", "id_1006973", "id_4006974")
    assert link(result, "id_4006974") == (
        "id_1006973",
        "fuzzy",
        "year=; author=; page=; source=; words≠",
    )


def test_acronyms_agree_and_other_journals_do_not():
    assert sources_agree("bmj", "british medical journal")
    assert sources_agree("icis transforming society digital innovation", "international "
                         "conference information systems")  # fmt: skip
    assert not sources_agree("journal clinical oncology", "international journal clinical oncology")


def test_parallel_titles_of_a_journal_are_split():
    assert source_parts("Ai zheng = Aizheng = Chinese journal of cancer") == (
        "ai zheng",
        "aizheng",
        "chinese journal cancer",
    )
    assert source_parts("AIDS/HIV Research") == ()


def test_a_journal_with_a_parallel_title_is_the_same_source(labelled):
    # "Chinese Journal of Cancer" / "Ai zheng = Aizheng = Chinese journal of cancer": its two
    # language editions paginate differently
    result = dedup_records(labelled, "rathbone2015/respiratory", "id_0000010", "id_0000011")
    assert link(result, "id_0000011") == (
        "id_0000010",
        "fuzzy",
        "year=; author=; volume=; issue≠; page≠; source=",
    )


def test_another_journal_and_another_page_is_another_publication(labelled):
    # the ACP Journal Club summary and the Annals article it summarises: once a false merge
    result = dedup_records(labelled, "rathbone2015/respiratory", "id_0001355", "id_0001356")
    assert cluster_ids(result) == {"id_0001355", "id_0001356"}
    assert review_evidence(result) == {
        ("id_0001355", "id_0001356"): "year=; author=; volume=; issue≠; page≠; source≠"
    }


# ------------------------------------------------------------------------------ notices


def test_a_correction_titled_with_its_article_citation_is_a_report_of_it(labelled):
    # "... (vol 142, pg 310, 2003)" on page 616 is linked to the article of pages 310-317 as a
    # report of its study (never merged as its duplicate: once a false merge), and "Erratum:
    # ..." of page 616 joins the correction as its duplicate
    result = dedup_records(
        labelled, "rathbone2015/haematology", "id_0000018", "id_0000020", "id_0000021"
    )
    assert link(result, "id_0000021") == (
        "id_0000018",
        "report",
        "year=; author=; volume=; issue≠; page≠; source=; notice of it",
    )
    assert link(result, "id_0000020") == (
        "id_0000018",
        "fuzzy",
        "year=; author=; volume=; page=; source=; words≠; generic title",
    )
    assert result.review.empty


def test_an_article_noting_an_erratum_is_linked_to_its_title_on_other_pages(labelled):
    # "...1q32.[Erratum appears in Hu" (pages 703-712) and the unmarked erratum on page 1107:
    # a report of the article, not its duplicate
    result = dedup_records(labelled, "rathbone2015/haematology", "id_0001122", "id_0001125")
    assert link(result, "id_0001125") == (
        "id_0001122",
        "report",
        "year=; author=; volume=; issue≠; page≠; source=; erratum noted; erratum of it",
    )


def test_an_erratum_note_and_a_page_that_is_no_page_still_match(labelled):
    # pages "2665-2668" / "t-8" (a mangled cell): not another page
    result = dedup_records(labelled, "rathbone2015/cytology_screening", "id_0000105", "id_0000106")
    assert link(result, "id_0000106") == ("id_0000105", "fuzzy", "year=; author=; volume=; source=")


def test_a_cut_off_note_is_no_part_of_the_title(labelled):
    # "...Uremic Syndrome.[Erratum appears in ...[added]].[Erratum" (cut off by the export)
    result = dedup_records(labelled, "rathbone2015/haematology", "id_0000052", "id_0000117")
    assert link(result, "id_0000117") == (
        "id_0000052",
        "fuzzy",
        "year=; authors reordered; volume=; page=; source=",
    )
    assert split_title("Syndrome.[Erratum appears in Am J") == ("Syndrome", "")


def test_a_number_grouped_in_thousands_is_one_number(labelled):
    # "among 10 000 women" / "among 10000 women"
    result = dedup_records(labelled, "rathbone2015/cytology_screening", "id_0001239", "id_0001240")
    assert link(result, "id_0001240") == (
        "id_0001239",
        "fuzzy",
        "year=; author=; volume=; page=; source=",
    )
    assert title_numbers("360 (542-544)") == {"360", "542", "544"}


def test_other_numbers_grouped_in_thousands_stay_apart(make_records, article):
    title = "Mentoring online: a survey of {} nurses"
    records = make_records(
        [
            {**article, "record_id": "WOS:1", "title": title.format("10 000")},
            {**article, "record_id": "WOS:2", "title": title.format("12,000")},
        ]
    )
    assert cluster_ids(deduplicate(records, None, CONFIG)) == {"WOS:1", "WOS:2"}


# ------------------------------------------------------------------------------ main title


@pytest.mark.parametrize(
    ("name", "kept", "joined", "evidence"),
    [
        # "Infrastructure in the Wild" / "...: What mapping in post-earthquake Nepal reveals ..."
        ("wagner2021", "id_4005312", "id_2005313", "year=; author=; page=; source=; main title"),
        # "Success & Scale in a Data-Producing Organization" / "...: The Socio-technical ..."
        ("wagner2021", "id_4004391", "id_2004392", "year=; author=; page=; source=; main title"),
        # the English title / the English title "; Efeito da pressão positiva ..." (Portuguese)
        (
            "rathbone2015/respiratory",
            "id_0000289",
            "id_0000290",
            "year=; author=; volume=; issue≠; page=; main title",
        ),
    ],
)
def test_a_title_without_its_subtitle_on_the_same_page_matches(
    labelled, name, kept, joined, evidence
):
    result = dedup_records(labelled, name, kept, joined)
    assert link(result, joined) == (kept, "fuzzy", evidence)


HEADING = "Notes from practice and policy ... "
"""A column heading long enough that the title rule alone does not join the titles."""


def test_a_column_heading_on_an_unpaged_record_of_one_magazine_issue_matches(labelled):
    # "Upwork's CEO on how an introverted engineer learned to lead" (HBR 2016, volume "2016", no
    # pages) / "How did it ... Upwork's CEO on how ..." (volume 94, pages 35+): the year
    # exported as the volume is no volume conflict, and the heading is a main-title case
    result = dedup_records(labelled, "wagner2021", "id_2002950", "id_4002951")
    assert link(result, "id_2002950") == (
        "id_4002951",
        "fuzzy",
        "year=; author=; source=; main title",
    )


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"volume": "59"}, "another volume"),
        ({"issue": "5"}, "another issue"),
        ({"source_title": "Nurse Education Today", "issn": ""}, "another source"),
        ({"year": 2020}, "another year"),
        ({"authors": "Chen, L; Berg, K"}, "another first author"),
    ],
)
def test_a_heading_with_one_record_unpaged_needs_the_same_issue_of_one_source(
    make_records, article, change, why
):
    unpaged = {**article, "record_id": "WOS:1", "pages": ""}
    headed = {
        **article,
        "record_id": "WOS:2",
        "title": HEADING + article["title"],
        **change,
    }
    result = deduplicate(make_records([unpaged, headed]), None, CONFIG)
    assert cluster_ids(result) == {"WOS:1", "WOS:2"}, why
    # the control: the same pair in one issue of one source is one publication
    same = deduplicate(
        make_records([unpaged, {**headed, **{k: article[k] for k in change}}]), None, CONFIG
    )
    assert link(same, "WOS:1") == ("WOS:2", "fuzzy", "year=; author=; volume=; source=; main title")


def test_a_volume_that_is_the_year_is_no_evidence_but_two_real_volumes_differ(
    make_records, article
):
    headed = {**article, "record_id": "WOS:2", "title": HEADING + article["title"]}
    year_volume = {**article, "record_id": "WOS:1", "pages": "", "volume": "2019"}
    joined = deduplicate(make_records([year_volume, headed]), None, CONFIG)
    assert link(joined, "WOS:1") == ("WOS:2", "fuzzy", "year=; author=; source=; main title")
    other_volume = {**year_volume, "volume": "2018"}
    assert cluster_ids(deduplicate(make_records([other_volume, headed]), None, CONFIG)) == {
        "WOS:1",
        "WOS:2",
    }


def test_main_title_is_the_beginning_or_end_not_the_middle():
    long_key = "infrastructure in the wild what mapping in post earthquake nepal reveals"
    assert main_title_of("infrastructure in the wild", long_key, 0.95)
    assert main_title_of("what mapping in post earthquake nepal reveals", long_key, 0.95)
    assert not main_title_of("mapping in post earthquake nepal", long_key, 0.95)


def test_a_title_with_a_subtitle_on_other_pages_stays_apart(make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:1"},
            {
                **article,
                "record_id": "WOS:2",
                "title": article["title"] + ": the second year",
                "pages": "301-309",
            },
        ]
    )
    result = deduplicate(records, None, CONFIG)
    assert cluster_ids(result) == {"WOS:1", "WOS:2"}


# ------------------------------------------------------------------------------ same citation


@pytest.mark.parametrize(
    ("name", "kept", "joined"),
    [
        # "Plattformökonomie und Crowdworking ..." / "Platform economy and crowdworking ..."
        ("wagner2021", "id_0006790", "id_2002199"),
        # "Review-Artikel: Zum aktuellen Stand ..." / "Review article: The current situation ..."
        ("wagner2021", "id_0002417", "id_2002416"),
        # "Indications and contraindications for living kidney donations. [Spanish]" /
        # "[Indications and contraindications of living-donor kidney transplantation]"
        ("rathbone2015/haematology", "id_0000229", "id_0000231"),
    ],
)
def test_a_translated_title_with_the_same_citation_matches(labelled, name, kept, joined):
    result = dedup_records(labelled, name, kept, joined)
    assert link(result, joined) == (
        kept,
        "fuzzy",
        "year=; author=; volume=; page=; source=; same citation",
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # a column on the first pages of two issues
        ({"issue": "1", "pages": "1-4"}, {"issue": "2", "pages": "1-4"}),
        # the same first page, another last page
        ({"issue": "", "pages": "1-4"}, {"issue": "", "pages": "1-6"}),
    ],
)
def test_two_columns_of_one_editor_on_the_same_first_page_stay_apart(make_records, first, second):
    base = {"authors": "Rai, A", "year": 2017, "source_title": "MIS Quarterly", "volume": "41"}
    records = make_records(
        [
            {**base, **first, "record_id": "WOS:1", "title": "Editor's comments: Why we publish"},
            {**base, **second, "record_id": "WOS:2", "title": "Editor's comments: Diversity"},
        ]
    )
    assert cluster_ids(deduplicate(records, None, CONFIG)) == {"WOS:1", "WOS:2"}


# ------------------------------------------------------------------------------ pages


def test_a_typo_in_the_first_page_with_the_same_last_page_is_no_other_page(labelled):
    # pages "2141-2147" / "2142-2147"
    result = dedup_records(labelled, "rathbone2015/haematology", "id_0001010", "id_0001011")
    assert link(result, "id_0001011") == (
        "id_0001010",
        "fuzzy",
        "year=; author=; volume=; page~; source=; title contained",
    )


def test_last_page_keys():
    assert [last_page_key(p) for p in ("2141-47", "205--226", "S12-S16", "e24", "iii-vii")] == [
        "2147",
        "226",
        "16",
        "",
        "vii",  # front matter in roman numerals ends on its roman page
    ]


def test_another_first_and_last_page_is_another_page(make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:1", "authors": "Alvarez, M; Berg, K", "pages": "201-209"},
            {**article, "record_id": "WOS:2", "authors": "Berg, K; Alvarez, M", "pages": "210-215"},
        ]
    )
    result = deduplicate(records, None, CONFIG)
    assert cluster_ids(result) == {"WOS:1", "WOS:2"}


# ------------------------------------------------------------------------------ issues


def test_an_issue_column_of_record_numbers_is_not_compared(whole_set):
    # respiratory's "number" runs 1..1988, one per record: a record number, not an issue
    result = whole_set("rathbone2015/respiratory")
    assert [(n.element, n.severity) for n in result.notices] == [("column issue", "info")]
    clusters = result.clusters.set_index("record_id")["cluster_id"]
    # "Response to radiofrequency ablation ..." twice; a French title and its translation
    assert clusters["id_0000405"] == clusters["id_0000404"]
    assert clusters["id_0000089"] == clusters["id_0000088"]


def test_an_issue_column_of_issues_is_compared(whole_set):
    assert whole_set("rathbone2015/haematology").notices == []


def test_record_numbers_are_told_from_issues():
    settings = DedupSettings.from_config({"issue_min_records": 20})
    assert issues_are_record_numbers([str(n) for n in range(1, 41)], settings)
    assert not issues_are_record_numbers([str(n % 12 + 1) for n in range(40)], settings)
    assert not issues_are_record_numbers([str(n) for n in range(1, 11)], settings)


# ------------------------------------------------------------------------------ original title


def test_a_tagged_original_title_is_compared_as_the_original(labelled):
    # "Antibiotic ... A randomized study. <ORIGINAL> PROPHYLAXIE ANTIBIOTIQUE ..." / the English
    # translation in brackets
    result = dedup_records(labelled, "rathbone2015/respiratory", "id_0000229", "id_0000230")
    assert link(result, "id_0000230") == (
        "id_0000229",
        "fuzzy",
        "year=; author=; volume=; issue≠; page=; source=; words≠",
    )
    assert split_title("Title. <ORIGINAL> TITRE") == ("Title.", "TITRE")


# ------------------------------------------------------------------------------ abstracts

ABSTRACT = (
    "Project sponsorship is assumed to be critical to the success of information systems "
    "development and implementation. However, there is limited research on the effect of "
    "vendor-based sponsorship on the management of information technology projects. Drawing "
    "on literature on psychological contract, management control and project sponsorship, we "
    "propose that vendor-based sponsors influence project performance in two main ways."
)  # 55 words


def test_one_abstract_under_two_citations_is_one_work_in_two_reports(labelled):
    # Liu & Yetton, J Inf Technol 24(1):46-54, 2009 (DOI JIT.2009.2) and 25(1):56-64, 2010
    # (DOI JIT.2008.23): one title, authors and abstract, republished; the later citation is
    # linked to the earlier as a report of its work, neither deleted nor a study of its own
    result = dedup_records(labelled, "wagner2021", "id_1003663", "id_1003664")
    assert link(result, "id_1003664") == (
        "id_1003663",
        "report",
        "year~; author=; volume≠; page≠; source=; doi≠; same abstract; republication of it",
    )


PART = "Electronic mentoring of novice nurses (Part 1)"


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ({}, {"abstract": ABSTRACT.upper()}, True),  # case and a copyright line aside
        ({}, {"abstract": ABSTRACT.replace("vendor", "client")}, False),  # another abstract
        ({}, {"source_title": "Nurse Educ Today", "issn": "0260-6917"}, False),  # another journal
        ({}, {"issue": "Suppl 1", "pages": "S12"}, False),  # an encore abstract
        ({"title": PART}, {"title": PART.replace("1", "2")}, False),  # two parts
        ({"abstract": "No abstract available."}, {"abstract": "No abstract available."}, False),
    ],
)
def test_only_one_long_abstract_in_one_source_joins_two_citations(
    make_records, article, first, second, joined
):
    one = {**article, "record_id": "WOS:1", "abstract": f"{ABSTRACT} © 2019 Slack Inc.", **first}
    other = {**article, "record_id": "WOS:2", "year": 2020, "volume": "59", "issue": "1"}
    other |= {"pages": "12-20", "abstract": ABSTRACT, **second}
    result = deduplicate(make_records([one, other]), None, CONFIG)
    assert (len(cluster_ids(result)) == 1) is joined
