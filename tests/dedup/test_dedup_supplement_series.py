"""A journal's supplement cited as a series of its own and as an issue of the journal, through the
user's path: an EndNote RIS export (`bench_dedup.write_endnote_ris`), `metasynth ingest`, then
`metasynth dedup`.

MEDLINE cites a supplement series under its own name, numbered by the supplement (`Scand J
Gastroenterol Suppl` 169, `Acta Neurol Scand Suppl` 185, `Kidney Int Suppl` 75); Embase and Web of
Science cite the same paper in the journal's volume, the supplement as its issue (24(169),
114(SUPPL. 185)) or not at all (57). MEDLINE writes a special issue after the volume (`14 Spec
No. 2`), where Embase has 14(SUPPL. 2). Records are hand-written after such records of the srsr
set (2026-12-07), with synthetic titles and the test DOI prefix 10.5555.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

TITLE = "Absorption and excretion of furazolidone in healthy volunteers: a review of the literature"
FIELDS = {"authors": ["Whitcombe, A. H."], "year": "1989", "pages": "4-10", "issue": ""}


def entry(bench: ModuleType, label: str, source: str, volume: str, **fields: Any) -> Any:
    return bench.Entry(
        label_id=label, title=TITLE, source=source, volume=volume, **{**FIELDS, **fields}
    )


@pytest.mark.parametrize(
    ("journal", "issue"),
    [
        ("Scandinavian Journal of Gastroenterology", "169"),  # Embase: the supplement as issue
        ("Scand J Gastroenterol", "SUPPL. 169"),
        ("Scandinavian Journal of Gastroenterology. Supplement", "169"),
        ("Scand J Gastroenterol", ""),  # Web of Science: the journal's volume alone
    ],
)
def test_a_supplement_series_volume_is_the_journal_s_supplement_issue(
    bench: ModuleType, dedup: Any, journal: str, issue: str
) -> None:
    clusters, review, _ = dedup(
        [
            entry(bench, "medline", "Scand J Gastroenterol Suppl", "169",
                  doi="10.5555/00365528909091325"),
            entry(bench, "embase", journal, "24", issue=issue),
        ]
    )  # fmt: skip
    assert clusters.at["embase", "cluster"] == clusters.at["medline", "cluster"]
    assert review.empty


def test_three_databases_records_of_a_supplement_paper_are_one_publication(
    bench: ModuleType, dedup: Any
) -> None:
    # Wolozin 2006: MEDLINE's series volume and Embase's supplement issue under one DOI, and a
    # record without DOI or issue whose first author is misspelt
    doi = "10.5555/j.1600-0404.2006.00687.x"
    fields = {"year": "2006", "pages": "63-70"}
    clusters, review, _ = dedup(
        [
            entry(bench, "medline", "Acta Neurol Scand Suppl", "185", doi=doi, **fields),
            entry(bench, "embase", "Acta Neurol Scand", "114", issue="SUPPL. 185", doi=doi,
                  **fields),
            entry(bench, "wos", "Acta Neurol Scand", "114", authors=["Whitcomb, A. H."],
                  **fields),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 1
    assert "doi" in clusters["rule"].tolist()  # the DOI is no suspect for the volumes
    assert review.empty


@pytest.mark.parametrize(
    ("journal", "volume", "issue"),
    [
        ("Scand J Gastroenterol", "24", "SUPPL. 170"),  # the journal's next supplement
        ("Scand J Gastroenterol Suppl", "170", ""),  # the series' next number
        ("Scand J Gastroenterol", "24", "2"),  # a regular issue
    ],
)
def test_a_supplement_series_volume_and_another_supplement_stay_two_publications(
    bench: ModuleType, dedup: Any, journal: str, volume: str, issue: str
) -> None:
    # one team's review in two supplements (or a supplement and an issue) on the same pages
    clusters, _, _ = dedup(
        [
            entry(bench, "series", "Scand J Gastroenterol Suppl", "169"),
            entry(bench, "other", journal, volume, issue=issue),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


def test_a_journal_named_supplements_is_no_supplement_series(bench: ModuleType, dedup: Any) -> None:
    # the Journal of Dietary Supplements numbers its volumes as any journal does
    clusters, _, _ = dedup(
        [
            entry(bench, "abbreviated", "J Diet Suppl", "13"),
            entry(bench, "full", "Journal of Dietary Supplements", "12"),
        ]
    )
    assert clusters["cluster_id"].nunique() == 2


def test_medline_s_special_issue_after_the_volume_is_the_issue(
    bench: ModuleType, dedup: Any
) -> None:
    # Hum Mol Genet 14 Spec No. 2 (MEDLINE) and 14(SUPPL. 2) (Embase), one DOI: volume 14
    doi = "10.5555/hmg/ddi330"
    fields = {"year": "2005", "source": "Hum Mol Genet", "volume": "14"}
    clusters, review, _ = dedup(
        [
            entry(bench, "medline", volume="14 Spec No. 2", pages="R225-34", doi=doi,
                  **{k: v for k, v in fields.items() if k != "volume"}),
            entry(bench, "embase", issue="SUPPL. 2", pages="R225-R234", doi=doi, **fields),
        ]
    )  # fmt: skip
    assert clusters["cluster_id"].nunique() == 1
    assert review.empty
