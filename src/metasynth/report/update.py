"""The update part of the report: what the latest version of the review adds — its search runs,
where its new publications stand, the new included studies, the concepts they support and the
codes only they carry. For a review with one version, a note saying so.

Reads: the review versions (results/versions/publications.csv and runs.csv), the record states,
the included studies, the codings and the PRISMA counts.
"""

from __future__ import annotations

import pandas as pd

from metasynth.report.html import Child, Markup, element, join, table
from metasynth.report.page import Body, Page, Section, authors_short, body, note, number
from metasynth.report.synthesis import synthesis_codings
from metasynth.screen import STATUS_LABELS, STATUSES
from metasynth.synthesise.codebook import match_key
from metasynth.text import as_text


def new_since_previous(page: Page) -> tuple[int, set[str]]:
    """(the latest review version, the publications it found first); (1, all) for one version."""
    inputs = page.inputs
    versions = inputs.review_versions
    if versions.empty:
        return 1, set(inputs.status["record_id"].astype(str)) if len(inputs.status) else set()
    latest = int(pd.to_numeric(versions["review_version"]).max())
    runs = inputs.version_runs
    if len(runs):  # a latest version whose runs found nothing still counts
        latest = max(latest, int(pd.to_numeric(runs["review_version"]).max()))
    first = pd.to_numeric(versions["review_version"])
    return latest, set(versions.loc[first == latest, "record_id"].astype(str))


def new_codes(codings: pd.DataFrame, new: set[str]) -> pd.DataFrame:
    """Codes (compared as the codebook compares them: case, accents and punctuation folded)
    whose codings in the synthesis are all on new studies: code (as first written), concept,
    record_ids (sorted), n_codings. Sorted by concept, then code."""
    used = synthesis_codings(codings)
    columns = ["code", "concept", "record_ids", "n_codings"]
    if used.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    keys = used["code"].astype(str).map(match_key)
    for _, group in used.groupby(keys, sort=True):
        documents = sorted(set(group["record_id"].astype(str)))
        if not set(documents) <= new:
            continue
        rows.append(
            {
                "code": str(group["code"].iloc[0]),
                "concept": str(group["concept"].iloc[0]),
                "record_ids": documents,
                "n_codings": len(group),
            }
        )
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["concept", "code"], kind="stable").reset_index(drop=True)


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
        caption="Search runs by review version (results/versions/runs.csv): publications each "
        "run found, those no earlier run had found (added), and those an earlier review "
        "version had found",
    )


def _standing(page: Page, latest: int, new: set[str]) -> Markup:
    status = page.inputs.status
    new_status = status[status["record_id"].astype(str).isin(new)]
    counts = new_status["status"].astype(str).value_counts().to_dict()
    rows = [[STATUS_LABELS.get(s, s), number(counts[s])] for s in STATUSES if counts.get(s)]
    duplicates = page.prisma_values.get("metasynth_duplicates_of_previous", "0")
    return table(
        ["Where the new publications stand", "n"],
        rows,
        numeric=[1],
        caption=f"The {len(new_status):,} publications first found by version {latest}; "
        f"{number(duplicates)} records of its searches were publications of earlier versions, "
        "which keep their decisions",
    )


def _new_studies(page: Page, latest: int, new: set[str]) -> Markup:
    studies = page.studies
    included = [r for r in page.inputs.included.to_dict("records") if str(r["record_id"]) in new]
    included.sort(key=lambda r: studies.order(str(r["record_id"])))
    rows = [
        [
            studies.link(str(r["record_id"])),
            authors_short(r.get("authors")),
            as_text(r.get("year")),
            element("span", as_text(r.get("title")), class_="title"),
            element("code", r["record_id"]),
        ]
        for r in included
    ]
    return table(
        ["Study", "Authors", "Year", "Title", "record_id"],
        rows,
        numeric=[2],
        caption=f"New studies included in version {latest} ({len(rows)})",
        empty="no new study is included yet",
    )


def _concepts(page: Page, new: set[str]) -> Markup:
    studies = page.studies
    used = synthesis_codings(page.inputs.codings)
    rows: list[list[Child]] = []
    if not used.empty:
        documents: dict[str, set[str]] = {}
        for record_id, concept in zip(used["record_id"], used["concept"], strict=True):
            documents.setdefault(str(concept), set()).add(str(record_id))
        for concept in page.concept_labels:
            supporting = documents.get(concept, set())
            added = supporting & new
            if added:
                rows.append(
                    [
                        page.concept(concept),
                        number(len(supporting - new)),
                        number(len(added)),
                        number(len(supporting)),
                        join([studies.link(r) for r in sorted(added, key=studies.order)], ", "),
                    ]
                )
    return table(
        ["Concept", "Studies before", "New studies", "Studies now", "New supporting studies"],
        rows,
        numeric=[1, 2, 3],
        caption="Concepts the new studies support",
        empty="no coded new study yet",
    )


def _codes(page: Page, new: set[str]) -> Markup:
    studies = page.studies
    rows = [
        [
            element("q", r["code"]),
            page.concept(str(r["concept"])),
            number(r["n_codings"]),
            join([studies.link(x) for x in sorted(r["record_ids"], key=studies.order)], ", "),
        ]
        for r in new_codes(page.inputs.codings, new).to_dict("records")
    ]
    return table(
        ["Code (first wording)", "Concept", "Codings", "Studies"],
        rows,
        numeric=[2],
        caption="New codes: codes (case, accents and punctuation aside) used only on new studies",
        empty="none",
    )


def update(page: Page) -> Body:
    latest, new = new_since_previous(page)
    if latest <= 1:
        return body(
            note(
                f"This is the first version of the review: every search run has review version 1 "
                f"(data/raw/searches.yaml), so all {len(page.inputs.included):,} included studies "
                "come from its searches. When an update adds search runs with a higher "
                "review_version, this section lists the studies and codes that are new since the "
                "previous version."
            ),
        )
    latest_runs = ", ".join(
        str(r["search_run"])
        for r in page.inputs.version_runs.to_dict("records")
        if int(as_text(r["review_version"]) or 0) == latest
    )
    return body(
        _runs(page),
        _standing(page, latest, new),
        _new_studies(page, latest, new),
        _concepts(page, new),
        _codes(page, new),
        intro=f"Version {latest} of the review adds the search run(s) {latest_runs}. A "
        f"publication is new when all its records come from runs of version {latest} (a record "
        "that duplicates a publication of an earlier version joins it and inherits its "
        "decisions); a code is new when only new studies carry it. Everything of earlier versions "
        "is unchanged: their studies are the PRISMA diagram's previous studies.",
    )


UPDATE = Section("update", "What is new in this version", update)
