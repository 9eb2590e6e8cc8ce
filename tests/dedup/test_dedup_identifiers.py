"""DOIs weighed as evidence, journal abbreviations, language notes and linked reports, through
the user's path: an EndNote RIS export (`bench_dedup.write_endnote_ris`), `metasynth ingest`,
then `metasynth dedup`.

The exports are hand-written by these tests: the records are modelled on patterns of real
exports named in issue 13 (a supplement's DOI on its meeting abstracts, a DOI cut at "(",
re-prefixed DOIs, ISO 4 journal abbreviations, Ovid's language notes), with synthetic titles and
the test DOI prefix 10.5555 except where the pattern is the DOI itself.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

ABSTRACT_TOPICS = [
    "heart failure admissions",
    "atrial fibrillation screening",
    "statin adherence",
    "cardiac rehabilitation uptake",
    "troponin thresholds",
    "hypertension in pregnancy",
    "valve replacement outcomes",
    "stroke after PCI",
    "sudden cardiac death in athletes",
    "lipoprotein(a) testing",
    "remote monitoring of pacemakers",
    "anticoagulation in the elderly",
    "coronary calcium scoring",
    "congenital heart disease in adults",
    "myocarditis after infection",
    "heart transplant waiting times",
    "cardio-oncology referrals",
    "peripheral artery disease",
    "syncope clinics",
    "obesity and cardiac remodelling",
]


def abstract(bench: ModuleType, n: int, **fields: str) -> Any:
    return bench.Entry(
        label_id=f"abstract {n}",
        title=f"Trends in {ABSTRACT_TOPICS[n]}: a registry study",
        authors=[f"Author{n}, A.", "Second, B."],
        year="2017",
        source="European Heart Journal",
        volume="38",
        issue="Supplement 1",
        pages=str(100 + n),
        doi="10.5555/eurheartj/ehx493",
        **fields,
    )


def test_twenty_meeting_abstracts_sharing_a_supplement_doi_are_twenty_publications(
    bench: ModuleType, dedup: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    clusters, review, _ = dedup([abstract(bench, n) for n in range(20)])
    assert clusters["cluster_id"].nunique() == 20
    assert review.empty
    assert "20 records carry the DOI 10.5555/eurheartj/ehx493 (" in capsys.readouterr().err


def test_an_abstract_exported_twice_still_merges_under_a_shared_doi(
    bench: ModuleType, dedup: Any
) -> None:
    entries = [abstract(bench, n) for n in range(20)]
    entries.append(replace(abstract(bench, 3), label_id="abstract 3 again", pages=""))
    clusters, _, _ = dedup(entries)
    assert clusters["cluster_id"].nunique() == 20
    assert clusters.at["abstract 3 again", "cluster"] == "abstract 3"
    assert "doi shared" in clusters.at["abstract 3 again", "evidence"]


ARTICLE = {
    "authors": ["Okafor, C.", "Lindqvist, M."],
    "year": "1994",
    "source": "Journal of Pediatrics",
    "volume": "125",
    "issue": "3",
    "pages": "380-386",
}


def article(bench: ModuleType, label: str, title: str, **fields: Any) -> Any:
    return bench.Entry(label_id=label, title=title, **{**ARTICLE, **fields})


def test_a_doi_cut_short_joins_nothing_and_is_reported(
    bench: ModuleType, dedup: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    cut = "10.1016/s0022"
    clusters, _, _ = dedup(
        [
            article(bench, "a", "Growth of infants fed soy formula", doi=cut),
            article(bench, "b", "Iron status of toddlers in day care", doi=cut, pages="400-404"),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2
    assert "carry the DOI 10.1016/s0022 (" in capsys.readouterr().err


def test_a_doi_cut_at_its_parenthesis_does_not_contradict_the_whole_one(
    bench: ModuleType, dedup: Any
) -> None:
    title = "Growth of infants fed soy formula"
    clusters, _, _ = dedup(
        [
            article(bench, "whole", title, doi="10.1016/S0022-3476(94)70155-2"),
            article(bench, "cut", title, doi="10.1016/S0022-3476"),
        ]
    )
    assert clusters.at["cut", "cluster"] == clusters.at["whole", "cluster"]


def test_re_prefixed_dois_of_one_citation_are_one_publication(
    bench: ModuleType, dedup: Any
) -> None:
    title = "Glutamate release in the hippocampus after ischaemia"
    clusters, _, _ = dedup(
        [
            article(bench, "springer", title, doi="10.1007/BF00796216"),
            article(bench, "other", title, doi="10.1007/s003950050052"),
        ]
    )
    assert clusters.at["other", "cluster"] == "springer"
    assert "doi≠" in clusters.at["other", "evidence"]


def test_different_dois_on_other_pages_stay_two_publications(bench: ModuleType, dedup: Any) -> None:
    title = "Glutamate release in the hippocampus after ischaemia"
    clusters, review, _ = dedup(
        [
            article(bench, "first", title, doi="10.5555/jped.1994.1"),
            article(bench, "second", title, doi="10.5555/jped.1994.2", pages="390-396"),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2
    assert review.empty


@pytest.mark.parametrize(
    "ahead_of_print",
    [
        # Embase's record ahead of print: the day of its online date where the volume goes
        {"source": "Journal of pediatrics.", "volume": "21", "issue": "", "pages": ""},
        # the issue number where the year goes (a journal numbering its issues through)
        {"year": "1862", "issue": "1862", "pages": ""},
        # and the names written without the comma after the surname: "Okafor Chidi C"
        {"authors": ["Okafor Chidi C", "Lindqvist Maria"], "volume": "21", "pages": ""},
        # Online First a year before print: no volume yet, paginated from 1 ("1-8", which a
        # spreadsheet made "01-Aug")
        {"year": "1993", "volume": "", "issue": "", "pages": "1-8"},
        {"year": "1993", "volume": "", "issue": "", "pages": "01-Aug"},
    ],
)
def test_one_doi_title_and_author_outweigh_a_miswritten_citation(
    bench: ModuleType, dedup: Any, ahead_of_print: dict[str, str]
) -> None:
    title = "Vitamin D status of breastfed infants in northern latitudes"
    doi = "10.5555/jped.1994.7"
    clusters, _, _ = dedup(
        [
            article(bench, "medline", title, doi=doi),
            article(bench, "embase", title.upper(), doi=doi, **ahead_of_print),
        ]
    )
    assert clusters.at["embase", "cluster"] == "medline"
    assert clusters.at["embase", "rule"] == "doi"


@pytest.mark.parametrize(
    ("written", "miswritten"),
    [
        ("10.5555/fnr.v57i0.21245", "10.5555/fnrv57i0.21245"),  # a full stop dropped
        ("10.5555/endrev/bnz002", "10.5555/endrevbnz002"),  # a slash dropped
        ("10.5555/82_2012_287", "10.5555/82-2012-287"),  # underscores changed to hyphens
    ],
)
def test_a_doi_written_without_its_punctuation_is_the_same_doi(
    bench: ModuleType,
    dedup: Any,
    capsys: pytest.CaptureFixture[str],
    written: str,
    miswritten: str,
) -> None:
    # one database drops or changes the DOI's punctuation, and its record ahead of print has
    # the next year and a volume of its own (Killion 2020, Endocr Rev 41(1), as 2019 and 12)
    title = "Vitamin D status of breastfed infants in northern latitudes"
    clusters, _, _ = dedup(
        [
            article(bench, "medline", title, doi=written),
            article(bench, "embase", title.upper(), year="1993", volume="12", issue="",
                    pages="", doi=miswritten),
        ]
    )  # fmt: skip
    assert clusters.at["embase", "cluster"] == "medline"
    assert clusters.at["embase", "rule"] == "doi"
    notice = capsys.readouterr().err
    assert "1 DOI(s) are written with their punctuation dropped or changed (" in notice
    assert written in notice and miswritten in notice


def test_dois_with_their_punctuation_in_other_places_are_two(bench: ModuleType, dedup: Any) -> None:
    # the same letters and digits punctuated in other places are two DOIs (IEEE's journals 5
    # and 57), which one title by one author on no other page does not make one
    title = "Vitamin D status of breastfed infants in northern latitudes"
    clusters, _, _ = dedup(
        [
            article(bench, "first", title, doi="10.5555/5.771073"),
            article(bench, "second", title, volume="", issue="", pages="",
                    doi="10.5555/57.71073"),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 2


def test_a_rounded_spreadsheet_number_is_no_first_page(bench: ModuleType, dedup: Any) -> None:
    # SAGE's article number 0003489418815188 where a spreadsheet kept three figures of it
    # (Tharakan 2018, Ann Otol Rhinol Laryngol ahead of print; 128(3):193-207 in 2019)
    title = "Honey as a treatment in otorhinolaryngology: a review by subspecialty"
    doi = "10.5555/0003489418815188"
    clusters, _, _ = dedup(
        [
            article(bench, "print", title, year="1995", pages="193-207", doi=doi),
            article(bench, "ahead", title, volume="", issue="", pages="3490000000000", doi=doi),
        ]
    )
    assert clusters.at["ahead", "cluster"] == "print"
    assert clusters.at["ahead", "rule"] == "doi"


def test_an_issue_doi_on_two_papers_of_one_team_keeps_them_apart(
    bench: ModuleType, dedup: Any
) -> None:
    doi = "10.5555/jped.1994.issue3"
    clusters, _, _ = dedup(
        [
            article(bench, "infants", "Vitamin D status of breastfed infants", doi=doi),
            article(bench, "toddlers", "Vitamin D status of breastfed toddlers", doi=doi,
                    pages="390-396"),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 2


def test_a_meeting_abstract_given_its_article_s_doi_stays_apart(
    bench: ModuleType, dedup: Any
) -> None:
    title = "Vitamin D status of breastfed infants in northern latitudes"
    doi = "10.5555/jped.1994.7"
    clusters, _, _ = dedup(
        [
            article(bench, "article", title, doi=doi),
            article(bench, "abstract", title, doi=doi, source="Pediatric Research",
                    volume="36 (Supplement 1)", issue="", pages="366"),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 2


@pytest.mark.parametrize(
    "cut_volume",
    [
        "1)",  # the end of "38 (Supplement 1)", the volume itself lost
        ": 1997). 38",  # the end of the journal's "(San Antonio, Tex. : 1997)" before it
        "Part 2. 38",
    ],
)
def test_a_volume_cut_by_the_export_is_read_as_what_it_holds(
    bench: ModuleType, dedup: Any, cut_volume: str
) -> None:
    title = "Left atrial strain after cryoballoon ablation in older adults"
    clusters, _, _ = dedup(
        [
            replace(abstract(bench, 0), label_id="with doi", title=title, pages="S705",
                    doi="10.5555/eurheartj/ehx501"),
            replace(abstract(bench, 0), label_id="cut", title=title, volume=cut_volume,
                    issue="", pages="S705", doi=""),
        ]
    )  # fmt: skip
    assert clusters.at["cut", "cluster"] == "with doi"


@pytest.mark.parametrize(
    ("abbreviated", "full"),
    [
        ("J.Neurochem.", "Journal of Neurochemistry"),
        ("Arzneimittelforschung.", "Arzneimittel-Forschung"),
        (
            "Prog.Neuropsychopharmacol.Biol.Psychiatry",
            "Progress in Neuro-Psychopharmacology and Biological Psychiatry",
        ),
    ],
)
def test_an_abbreviated_journal_is_the_same_source_with_a_volume_missing(
    bench: ModuleType, dedup: Any, abbreviated: str, full: str
) -> None:
    title = "Dopamine turnover in the striatum of aged rats"
    clusters, _, _ = dedup(
        [
            article(bench, "full", title, source=full),
            article(bench, "abbreviated", title, source=abbreviated, volume=""),
        ]
    )
    assert clusters.at["abbreviated", "cluster"] == "full"
    assert "source=" in clusters.at["abbreviated", "evidence"]


def test_a_language_note_after_the_title_is_no_part_of_it(bench: ModuleType, dedup: Any) -> None:
    clusters, _, _ = dedup(
        [
            article(bench, "plain", "Donor heart preservation"),
            article(bench, "noted", "Donor heart preservation. Japanese"),
        ]
    )
    assert clusters.at["noted", "cluster"] == clusters.at["plain", "cluster"]


def test_an_erratum_is_linked_to_its_article_as_a_report(bench: ModuleType, dedup: Any) -> None:
    title = "Iron status of toddlers in day care"
    clusters, _, _ = dedup(
        [
            article(bench, "article", title, doi="10.5555/jped.1994.3"),
            article(
                bench,
                "erratum",
                f'Erratum to "{title}"',
                authors=[],
                issue="6",
                pages="1012",
                doi="10.5555/jped.1994.9",
            ),
        ]
    )
    assert (clusters.at["erratum", "cluster"], clusters.at["erratum", "rule"]) == (
        "article",
        "report",
    )
    assert clusters.at["article", "rule"] == "primary"


@pytest.mark.parametrize(
    "notice",
    [
        "Author Correction: {title}",  # Springer Nature's title, as Scopus and WoS keep it
        "Erratum: Publisher Correction: {title} (J Pediatr (1994) 125 3 (380-386))",  # Embase
    ],
)
def test_an_author_or_publisher_correction_is_linked_to_its_article(
    bench: ModuleType, dedup: Any, notice: str
) -> None:
    title = "Sleep duration of infants fed at night"
    clusters, _, _ = dedup(
        [
            article(bench, "article", title, doi="10.5555/jped.1994.4"),
            article(
                bench,
                "correction",
                notice.format(title=title),
                year="1995",
                issue="2",
                pages="210",
                doi="10.5555/jped.1995.2",
            ),
        ]
    )
    assert (clusters.at["correction", "cluster"], clusters.at["correction", "rule"]) == (
        "article",
        "report",
    )


def test_versions_of_one_cochrane_review_are_linked_as_reports(
    bench: ModuleType, dedup: Any
) -> None:
    title = "Air versus oxygen for resuscitation of infants at birth"
    review = {"source": "Cochrane Database of Systematic Reviews", "issue": "", "volume": ""}
    clusters, _, _ = dedup(
        [
            article(bench, "2004", title, year="2004", pages="CD002273",
                    doi="10.1002/14651858.CD002273.pub2", **review),
            article(bench, "2005", title, year="2005", pages="CD002273",
                    doi="10.1002/14651858.CD002273.pub3", **review),
        ]
    )  # fmt: skip
    assert (clusters.at["2004", "cluster"], clusters.at["2004", "rule"]) == ("2005", "report")


def test_a_cochrane_review_updated_by_a_new_team_is_linked_to_its_update(
    bench: ModuleType, dedup: Any
) -> None:
    title = "Air versus oxygen for resuscitation of infants at birth"
    review = {"source": "Cochrane Database of Systematic Reviews", "issue": "", "volume": ""}
    clusters, _, _ = dedup(
        [
            article(bench, "2004", title, year="2004", pages="CD002273",
                    doi="10.1002/14651858.CD002273.pub2", **review),
            article(bench, "2012", title, year="2012", pages="CD002273",
                    authors=["Ferreira, T.", "Nakamura, K."],
                    doi="10.1002/14651858.CD002273.pub3", **review),
        ]
    )  # fmt: skip
    assert (clusters.at["2004", "cluster"], clusters.at["2004", "rule"]) == ("2012", "report")


def test_the_dedup_line_names_duplicates_and_reports_apart(
    bench: ModuleType, dedup: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # identified − duplicates − linked reports = publications: 2 − 0 − 1 = 1, not 2 − 0
    title = "Iron status of toddlers in day care"
    dedup(
        [
            article(bench, "article", title),
            article(bench, "erratum", f"Erratum: {title}", issue="6", pages="1012"),
        ]
    )
    assert (
        "dedup: 2 records identified -> 1 publication (0 duplicates removed, 1 report linked "
        "to their study), 0 pair(s) to review"
    ) in capsys.readouterr().out


def test_a_linked_report_is_listed_in_the_audit_and_counted_by_prisma(
    bench: ModuleType, dedup: Any, tmp_path: Path
) -> None:
    from metasynth.config import section_with_defaults
    from metasynth.screen.eligibility import apply_eligibility
    from metasynth.screen.prisma import count_prisma
    from metasynth.screen.settings import ScreeningSettings
    from metasynth.screen.state import derive_states

    title = "Iron status of toddlers in day care"
    dedup(
        [
            article(bench, "article", title),
            article(bench, "erratum", f"Erratum: {title}", issue="6", pages="1012"),
        ]
    )
    clusters = pd.read_csv(tmp_path / "d" / "clusters.csv", dtype=str, keep_default_na=False)
    publications = pd.read_csv(tmp_path / "d" / "publications.csv", dtype=str)
    reviewers = {"reviewers": [{"id": "R1", "role": "screener"}, {"id": "R2", "role": "screener"}]}
    settings = ScreeningSettings.from_config(section_with_defaults("screening", reviewers))
    empty = pd.DataFrame(columns=["record_id", "publication_id", "stage"])
    states = derive_states(
        apply_eligibility(publications, settings.rules), clusters, empty, settings
    )
    linked = states.audit[states.audit["event"] == "linked"]
    assert (
        linked["named_record_id"].tolist()
        == clusters.loc[clusters["rule"] == "report", "record_id"].tolist()
    )
    assert linked["detail"].str.contains("as a report of its study").all()
    records = pd.read_csv(tmp_path / "records.csv", dtype=str, keep_default_na=False)
    entries = records[["record_id", "database"]].assign(
        publication_id=records["record_id"].map(
            dict(zip(clusters["record_id"], clusters["cluster_id"], strict=True))
        ),
        linked_report=records["record_id"].isin(
            clusters.loc[clusters["rule"] == "report", "record_id"]
        ),
    )
    counts = count_prisma(entries, states.status, full_text_labels={})
    assert (counts.identified, counts.duplicates, counts.linked_reports) == (2, 0, 1)


@pytest.mark.parametrize("length", ["215 p", "215 pp.", "xii, 215 p.", "215 pages"])
def test_a_thesis_length_is_no_page_to_agree_on(bench: ModuleType, dedup: Any, length: str) -> None:
    # a thesis exported with its length where the pages go ("215 p", as EndNote writes a
    # Dissertation Abstracts thesis) and the article its author published from it a year
    # later, starting on p. 215: two publications, a question for a reviewer at most
    title = "Mentoring novice teachers online: a study of three schools"
    thesis = bench.Entry(
        label_id="thesis", ris_type="THES", title=title, authors=["Smith, John"],
        year="2010", pages=length, publisher="University of Leeds",
    )  # fmt: skip
    paper = bench.Entry(
        label_id="article", title=title, authors=["Smith, John"], year="2011",
        source="Journal of Teacher Education", volume="61", issue="3", pages="215-230",
    )  # fmt: skip
    clusters, review, _ = dedup([thesis, paper])
    assert clusters.at["thesis", "cluster"] == "thesis"
    assert clusters.at["article", "cluster"] == "article"
    assert len(review) == 1
    assert "page=" not in review.at[0, "evidence"]


def in_press_pair(bench: ModuleType, **online: Any) -> list[Any]:
    # an online-first letter (no volume, issue or pages, the database's first five authors)
    # retitled before print: the titles share little more than their end
    team = ["Moreau, A. L.", "Keller, M.", "Duval, V.", "Brandt, T.", "Ostrova, K.", "Pires, F."]
    printed = bench.Entry(
        label_id="print", title="Eculizumab in severe verotoxin-associated HUS",
        authors=team, year="2011", source="New England Journal of Medicine", volume="364",
        issue="26", pages="2561-2563",
    )  # fmt: skip
    first = bench.Entry(
        label_id="online", title="Complement blockade in severe verotoxin-associated HUS",
        authors=team[:5], year="2011", source="New Engl J Med",
    )  # fmt: skip
    return [printed, replace(first, **online)]


def test_a_record_retitled_before_print_waits_for_a_reviewer(bench: ModuleType, dedup: Any) -> None:
    clusters, review, _ = dedup(in_press_pair(bench))
    assert clusters.at["online", "cluster"] == "online"  # never merged on this alone
    assert len(review) == 1
    assert "in press, same authors" in review.at[0, "evidence"]


@pytest.mark.parametrize(
    "online",
    [
        {"source": "Lancet"},  # another journal
        {"authors": ["Keller, M.", "Moreau, A. L.", "Duval, V."]},  # another order
        {"year": "2010"},  # another year
    ],
)
def test_a_team_s_other_paper_in_press_is_no_question(
    bench: ModuleType, dedup: Any, online: dict[str, str]
) -> None:
    _, review, _ = dedup(in_press_pair(bench, **online))
    assert len(review) == 0
