"""Embase's whole citation in the journal field, through the user's path: an EndNote RIS export
(`bench_dedup.write_endnote_ris`), `metasynth ingest`, then `metasynth dedup`.

EndNote libraries filled from Ovid's Embase keep its "Source" in the journal field, the volume
field empty: `Biological Psychiatry.63 (9) ()(pp 832-839) 2008.Date of Publication: 01 May
2008.`. The records here are written by these tests in that shape, with synthetic titles and
authors, beside the MEDLINE record of the same article (NLM abbreviation, volume given).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from metasynth.dedup.citation_keys import embase_citation

MEDLINE = {
    "authors": ["Okafor, C.", "Lindqvist, M.", "Brandt, H."],
    "year": "2008",
    "source": "Biol.Psychiatry",
    "volume": "63",
    "issue": "9",
    "pages": "832-839",
}


def medline(bench: ModuleType, label: str, title: str, **fields: Any) -> Any:
    return bench.Entry(label_id=label, title=title, **{**MEDLINE, **fields})


def embase(bench: ModuleType, label: str, title: str, citation: str, **fields: Any) -> Any:
    """Embase's record as EndNote keeps it: the citation as the journal, no volume."""
    return bench.Entry(
        label_id=label, title=title, **{**MEDLINE, "source": citation, "volume": "", **fields}
    )


TITLE = "Prefrontal serotonin release after chronic social stress in rats"
CITATION = "Biological Psychiatry.63 (9) ()(pp 832-839) 2008.Date of Publication: 01 May 2008."


def test_the_citation_in_the_journal_field_places_the_embase_record(
    bench: ModuleType, dedup: Any
) -> None:
    # Embase capitalises the title; with the volume and journal read out of the citation, the
    # same-citation evidence agrees in full
    clusters, _, _ = dedup(
        [
            medline(bench, "medline", TITLE),
            embase(bench, "embase", TITLE.title(), CITATION),
        ]
    )
    assert clusters.at["embase", "cluster"] == "medline"
    assert "volume=" in clusters.at["embase", "evidence"]
    assert "source=" in clusters.at["embase", "evidence"]


def test_a_field_the_citation_contradicts_keeps_its_value_and_is_reported(
    bench: ModuleType, dedup: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # the record's own pages (840-846) contradict its citation (832-839): the field is what
    # is compared with the MEDLINE record
    clusters, _, _ = dedup(
        [
            medline(bench, "medline", TITLE),
            embase(bench, "embase", TITLE, CITATION, pages="840-846"),
        ]
    )
    assert "page≠" in clusters.at["embase", "evidence"]
    err = capsys.readouterr().err
    assert "1 record(s) write Embase's whole citation as the source title" in err
    assert "1 of them carry a volume, issue or pages the citation contradicts" in err


def test_the_next_paper_of_the_issue_stays_apart(bench: ModuleType, dedup: Any) -> None:
    # the team's other paper in the same issue, titled alike, on the next pages
    other = "Prefrontal serotonin release after acute social stress in rats"
    clusters, _, _ = dedup(
        [
            medline(bench, "medline", TITLE),
            embase(
                bench,
                "next paper",
                other,
                CITATION.replace("832-839", "840-846"),
                pages="840-846",
            ),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


def test_an_article_number_is_the_page_of_an_article_without_pages(
    bench: ModuleType, dedup: Any
) -> None:
    frontiers = {"issue": "", "year": "2014"}

    def cited(number: int) -> str:
        return (
            f"Frontiers in Behavioral Neuroscience.8 (AUG) (no pagination) 2014.Article Number: "
            f"{number}.Date of Publication: 28 Aug 2014."
        )

    title = "Social defeat and adult-born neurons of the dentate gyrus in mice"
    clusters, _, _ = dedup(
        [
            medline(
                bench,
                "medline",
                title,
                source="Front Behav.Neurosci.",
                volume="8",
                pages="289",
                **frontiers,
            ),
            embase(bench, "embase", title, cited(289), pages="", **frontiers),
        ]
    )
    assert clusters.at["embase", "cluster"] == "medline"
    assert "page=" in clusters.at["embase", "evidence"]


def test_a_meeting_abstract_cut_off_in_its_citation_keeps_its_first_page_only(
    bench: ModuleType, dedup: Any
) -> None:
    # EndNote cut the field at 255 characters, inside the last page: S618-S61(9)
    meeting = (
        "Neuropsychopharmacology.Conference: 53rd Annual Meeting of the American College of "
        "Neuropsychopharmacology ACNP 2014 Phoenix AZ United States.Conference Start: 20141207 "
        "Conference End: 20141211.Conference Publication: (var.pagings).39 ()(pp S618-S61"
    )
    title = "Ketamine and sleep deprivation in treatment-resistant depression: a pilot study"
    abstract = {"year": "2014", "issue": "", "pages": "", "authors": ["Okafor, C."]}
    clusters, _, _ = dedup(
        [
            medline(
                bench,
                "medline",
                title,
                source="Neuropsychopharmacology",
                volume="39",
                pages="S618-S619",
                **{k: v for k, v in abstract.items() if k != "pages"},
            ),
            embase(bench, "embase", title, meeting, **abstract),
        ]
    )
    assert clusters.at["embase", "cluster"] == "medline"
    assert "page=" in clusters.at["embase", "evidence"]


@pytest.mark.parametrize(
    ("source", "read"),
    [
        (CITATION, ("Biological Psychiatry", "63", "9", "832-839")),
        (
            "CNS drugs.23 Suppl 2 ()(pp 1-2) 2009.Date of Publication: 2009.",
            ("CNS drugs", "23 Suppl 2", "", "1-2"),
        ),
        (
            "PSYCHOPHARMACOLOGIA 40 (3) ()(pp 269-277) 1974.Date of Publication: 1974.",
            ("PSYCHOPHARMACOLOGIA", "40", "3", "269-277"),
        ),
        (
            "Neuroscience Research.Conference: 33rd Annual Meeting.Conference Start: 20100902 "
            "Conference End: 20100904.Conference Publication: (var.pagings).68 ()(pp S1",
            ("Neuroscience Research.Conference: 33rd Annual Meeting", "68", "", ""),
        ),
        # PsycInfo's source of a book chapter: a book's length follows the pages, not a year
        (
            "Smith, A [Ed] (2013) Clinical neuropsychology (2nd ed) (pp 159-183) xxi, 602 pp Wiley",
            None,
        ),
        ("Journal of Neurochemistry", None),
    ],
)
def test_embase_citation_reads_the_citation_and_nothing_else(
    source: str, read: tuple[str, ...] | None
) -> None:
    assert embase_citation(source) == read
