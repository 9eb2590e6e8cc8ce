"""The update part of the report: what the latest version of the review adds — its search runs,
where its new publications stand, the new included studies, the concepts they support and the
codes only they carry. For a review with one version, a note saying so.

Reads: the search runs by review version (results/versions/runs.csv), the publications per
status and those of earlier versions still open (results/screening/status_counts.csv: the
warning `metasynth status` gives too), the included studies and their numbers
(included.csv, studies.csv: which are new), what the new studies add to the synthesis
(results/synthesis/concept_versions.csv, new_codes.csv), the PRISMA counts, and what the exports
said of known records (results/versions/notices.csv: retracted, another DOI).
"""

from __future__ import annotations

import pandas as pd

from metasynth.report.html import Child, Markup, element, join, table
from metasynth.report.page import (
    Body,
    Page,
    Section,
    authors_short,
    body,
    note,
    notices_table,
    number,
)
from metasynth.screen.summary import earlier_versions_open
from metasynth.text import as_text, plural, split_multi


def latest_version(page: Page) -> int:
    """The latest review version: the highest of the search runs (1 without runs)."""
    runs = page.inputs.version_runs
    return int(pd.to_numeric(runs["review_version"]).max()) if len(runs) else 1


def _count(value: object) -> int:
    return int(as_text(value) or 0)


def _runs(page: Page) -> Markup:
    rows = [
        [
            element("code", r["search_run"]),
            number(r["review_version"]),
            as_text(r["database"]),
            as_text(r["date_searched"]),
            number(r["n_records"]),
            number(r["n_publications"]),
            number(r["n_added_publications"]),
            number(r["n_previous_version_publications"]),
        ]
        for r in page.inputs.version_runs.to_dict("records")
    ]
    return table(
        [
            "Run",
            "Version",
            "Database",
            "Searched",
            "Records",
            "Publications",
            "Added",
            "Of earlier versions",
        ],
        rows,
        numeric=[1, 4, 5, 6, 7],
        caption=f"Search runs by review version ({page.file('version_runs')}): publications each "
        "run found, those no earlier run had found (added), and those an earlier review "
        "version had found",
    )


def _standing(page: Page, latest: int) -> Markup:
    counts = page.inputs.status_counts
    rows = [
        [r["label"], number(r["n_new_publications"])]
        for r in counts.to_dict("records")
        if _count(r["n_new_publications"])
    ]
    n_new = sum(_count(n) for n in counts["n_new_publications"]) if len(counts) else 0
    duplicates = page.prisma_values.get("metasynth_duplicates_of_previous", "0")
    return table(
        ["Where the new publications stand", "n"],
        rows,
        numeric=[1],
        caption=f"The {plural(n_new, 'publication')} first found by version {latest}; "
        f"{number(duplicates)} records of its searches were publications of earlier versions, "
        "which keep their decisions",
    )


def _new_studies(page: Page, latest: int) -> Markup:
    studies = page.inputs.studies
    included = {str(r["record_id"]): r for r in page.inputs.included.to_dict("records")}
    is_new = studies["is_new"].astype(str).str.lower() == "true"
    rows = []
    for record_id in studies.loc[is_new, "record_id"].astype(str):  # in study order
        record = included[record_id]
        rows.append(
            [
                page.studies.link(record_id),
                authors_short(record.get("authors")),
                as_text(record.get("year")),
                element("span", as_text(record.get("title")), class_="title"),
                element("code", record_id),
            ]
        )
    return table(
        ["Study", "Authors", "Year", "Title", "record_id"],
        rows,
        numeric=[2],
        caption=f"New studies included in version {latest} ({len(rows)})",
        empty="no new study is included yet",
    )


def _links(page: Page, record_ids: object) -> Markup:
    """Links to the studies of a `; `-joined list, in study order."""
    studies = page.studies
    return join([studies.link(r) for r in sorted(split_multi(record_ids), key=studies.order)], ", ")


def _concepts(page: Page) -> Markup:
    rows: list[list[Child]] = [
        [
            page.concept(str(r["concept"])),
            number(r["n_documents_previous"]),
            number(r["n_documents_new"]),
            number(r["n_documents"]),
            _links(page, r["new_record_ids"]),
        ]
        for r in page.inputs.concept_versions.to_dict("records")
        if _count(r["n_documents_new"])
    ]
    return table(
        ["Concept", "Studies before", "New studies", "Studies now", "New supporting studies"],
        rows,
        numeric=[1, 2, 3],
        caption="Concepts the new studies support",
        empty="no coded new study yet",
    )


def _codes(page: Page) -> Markup:
    rows = [
        [
            element("q", r["code"]),
            page.concept(str(r["concept"])),
            number(r["n_codings"]),
            _links(page, r["record_ids"]),
        ]
        for r in page.inputs.new_codes.to_dict("records")
    ]
    return table(
        ["Code (first wording)", "Concept", "Codings", "Studies"],
        rows,
        numeric=[2],
        caption="New codes: codes (case, accents and punctuation aside) used only on new studies",
        empty="none",
    )


def _notices(page: Page) -> Markup | None:
    if page.inputs.version_notices.empty:
        return None
    return notices_table(
        page.inputs.version_notices,
        f"What the searches' exports say of known records ({page.file('version_notices')}): a "
        "record exported again as retracted or with another DOI keeps its first export's fields "
        "and its decisions; the reviewers decide whether a study stays",
    )


def earlier_open_warning(page: Page) -> Markup | None:
    """The warning `metasynth status` gives when publications of earlier review versions are
    still open while the latest is counted as an update (results/screening/status_counts.csv,
    `n_earlier_open`), as a paragraph; None when there are none or the review has one version."""
    latest = latest_version(page)
    lines = earlier_versions_open(page.inputs.status_counts, latest) if latest > 1 else []
    return note(" ".join(lines), "warning") if lines else None


def update(page: Page) -> Body:
    latest = latest_version(page)
    if latest <= 1:
        return body(
            _notices(page),
            note(
                f"This is the first version of the review: every search run has review version 1 "
                f"({page.file('search_manifest')}), so all {len(page.inputs.included):,} included "
                "studies "
                "come from its searches. When an update adds search runs with a higher "
                "review_version, this section lists the studies and codes that are new since the "
                "previous version."
            ),
        )
    latest_runs = ", ".join(
        str(r["search_run"])
        for r in page.inputs.version_runs.to_dict("records")
        if _count(r["review_version"]) == latest
    )
    return body(
        earlier_open_warning(page),
        _runs(page),
        _notices(page),
        _standing(page, latest),
        _new_studies(page, latest),
        _concepts(page),
        _codes(page),
        intro=f"Version {latest} of the review adds the search run(s) {latest_runs}. A "
        f"publication is new when all its records come from runs of version {latest} (a record "
        "that duplicates a publication of an earlier version joins it and inherits its "
        "decisions); a code is new when only new studies carry it. Everything of earlier versions "
        "is unchanged: their studies are the PRISMA diagram's previous studies.",
    )


UPDATE = Section("update", "What is new in this version", update)
