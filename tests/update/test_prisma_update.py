"""PRISMA 2020 for updated reviews: previous studies, the new search alone, totals, the diagram."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from metasynth.figures.prisma import draw_prisma
from metasynth.screen.prisma import count_prisma
from metasynth.screen.prisma_checks import PrismaInvariantError, check_invariants
from metasynth.screen.prisma_table import from_frame, to_frame

LABELS = {"off_topic": "Not about electronic mentoring"}
PREVIOUS = {"included": 6, "excluded_title_abstract": 9, "excluded_automatic": 2}
NEW = {
    "included": 2,
    "excluded_title_abstract": 3,
    "excluded_full_text": 1,
    "awaiting_title_abstract": 2,
    "excluded_automatic": 1,
}


def _world() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """17 publications of version 1 (19 entries: two found by both v1 runs) and 9 new ones
    (11 entries of version 2: one new publication found twice, and 3 records of version-1
    publications found again, one of them the very same record)."""
    rows, versions = [], []
    for version, states in ((1, PREVIOUS), (2, NEW)):
        for state, n in states.items():
            for i in range(n):
                record_id = f"v{version}-{state}-{i}"
                reason = "off_topic" if state == "excluded_full_text" else ""
                rows.append({"record_id": record_id, "status": state, "reason": reason})
                versions.append({"record_id": record_id, "review_version": version})
    status = pd.DataFrame(rows)
    old = [r["record_id"] for r in versions if r["review_version"] == 1]
    new = [r["record_id"] for r in versions if r["review_version"] == 2]
    entries = [(r, r, "WOS", "wos", 1) for r in old] + [(r, r, "WOS", "wos_b", 1) for r in old[:2]]
    entries += [(r, r, "Scopus", "scopus", 2) for r in new]
    entries += [(f"{new[0]}-dup", new[0], "Scopus", "scopus", 2)]
    entries += [(f"{old[0]}-scopus", old[0], "Scopus", "scopus", 2)]
    entries += [
        (f"{old[6]}-scopus", old[6], "Scopus", "scopus", 2),
        (old[1], old[1], "PubMed", "pubmed", 2),
    ]
    frame = pd.DataFrame(
        entries, columns=["record_id", "publication_id", "database", "search_run", "review_version"]
    )
    return frame, status, pd.DataFrame(versions)


def _counts():  # type: ignore[no-untyped-def]
    entries, status, versions = _world()
    return count_prisma(
        entries,
        status,
        full_text_labels=LABELS,
        publication_versions=versions,
        review_version=2,
    )


def test_the_boxes_count_the_new_search_only() -> None:
    c = _counts()
    assert (c.identified, c.duplicates, c.excluded_automatic, c.screened) == (13, 4, 1, 8)
    assert c.identified_by_database == (("Scopus", 12), ("PubMed", 1))
    assert c.identified_by_search_run == (("scopus", 12), ("pubmed", 1))
    assert (c.excluded_screening, c.pending_screening, c.sought, c.included) == (3, 2, 3, 2)
    assert c.duplicates_of_previous == 3


def test_previous_studies_and_the_total() -> None:
    c = _counts()
    assert (c.previous_studies, c.previous_reports, c.previous_publications) == (6, 6, 17)
    assert c.previous_records == 19
    assert c.total_studies == 8
    values = dict(zip(*to_frame(c).to_dict("list").values(), strict=True))
    assert (values["previous_studies"], values["new_studies"], values["total_studies"]) == (
        "6",
        "2",
        "8",
    )
    assert values["metasynth_review_version"] == "2"
    assert values["metasynth_duplicates_of_previous"] == "3"


def test_the_invariants_of_an_update_hold() -> None:
    entries, status, versions = _world()
    checks = check_invariants(_counts(), entries, status, versions)
    assert checks["holds"].eq("yes").all()
    assert {
        "total",
        "versions cover publications",
        "previous and new",
        "total studies",
        "new publications are new",
        "duplicates of previous versions",
    } <= set(checks["check"])


def test_a_publication_missing_from_the_versions_table_breaks_a_check() -> None:
    entries, status, versions = _world()
    with pytest.raises(PrismaInvariantError, match="publications with a review version"):
        check_invariants(_counts(), entries, status, versions.iloc[1:])


def test_an_earlier_entry_of_a_new_publication_breaks_a_check() -> None:
    entries, status, versions = _world()
    new = versions.loc[versions["review_version"] == 2, "record_id"].iloc[0]
    entries.loc[len(entries)] = ["stray", new, "WOS", "wos", 1]
    with pytest.raises(PrismaInvariantError, match="belong to a new publication"):
        check_invariants(_counts(), entries, status, versions)


def test_a_single_version_counts_everything_as_before() -> None:
    entries, status, _ = _world()
    single = count_prisma(entries, status, full_text_labels=LABELS)
    assert (single.identified, single.previous_studies, single.included) == (32, 0, 8)
    assert not single.is_update
    assert check_invariants(single, entries, status)["holds"].eq("yes").all()


def test_the_update_counts_read_back_unchanged() -> None:
    # (the appraisal label travels with the appraisal exclusions, none here)
    assert from_frame(to_frame(_counts()), file="prisma_counts.csv") == replace(
        _counts(), appraisal_label=""
    )


def _texts(counts) -> str:  # type: ignore[no-untyped-def]
    figure = draw_prisma(counts)
    # wrapped lines joined: the phrases are checked as a reader reads them
    return " ".join(" ".join(t.get_text() for t in figure.axes[0].texts).split())


def test_the_updated_diagram_shows_previous_and_new_studies() -> None:
    texts = _texts(_counts())
    for phrase in (
        "Previous studies",
        "Studies included in previous version of review (n = 6)",
        "Identification of new studies via databases and registers",
        "scopus (n = 12)",
        "pubmed (n = 1)",
        "Duplicate records (n = 4)",
        "of records from previous versions (n = 3)",
        "New studies included in review (n = 2)",
        "Total studies included in review (n = 8)",
    ):
        assert phrase in texts, phrase


def test_a_single_version_diagram_has_no_previous_studies() -> None:
    entries, status, _ = _world()
    texts = _texts(count_prisma(entries, status, full_text_labels=LABELS))
    assert "Previous studies" not in texts
    assert "Total studies" not in texts


def test_the_updated_diagram_is_legible() -> None:
    from figures.data import legibility_problems

    assert legibility_problems(draw_prisma(_counts())) == []
