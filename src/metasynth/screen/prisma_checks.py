"""The invariants that tie the PRISMA 2020 counts (`metasynth.screen.prisma`) together.

Invariants, checked on every run (`check_invariants`; a broken one stops the run):
  identified − duplicates − linked reports − automatic = screened
  screened − excluded − pending screening = sought
  sought − not retrieved − pending retrieval = assessed
  assessed − Σ full-text reasons − excluded by appraisal − pending assessment = included
and every count equals the number of records in the matching state (each entry belongs to a
publication of the status table, the per-database and per-run counts add up to identified, ...).
An updated review adds its own: every publication is previous or new, previous + new included =
all included, and no entry of an earlier version belongs to a new publication.

Output: `check_invariants` gives the checks table (`prisma_checks.csv`: check, equation, left,
right, holds), or raises `PrismaInvariantError` naming the first equation that fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metasynth.errors import InputError
from metasynth.screen import STATUSES
from metasynth.screen.prisma import PrismaCounts, Scope, scope, split_columns


class PrismaInvariantError(InputError):
    """The PRISMA counts do not add up: the inputs of this run disagree with each other."""


@dataclass(frozen=True)
class Check:
    name: str
    equation: str
    left: int
    right: int

    @property
    def holds(self) -> bool:
        return self.left == self.right


def arithmetic_checks(c: PrismaCounts) -> list[Check]:
    """The four flow equations of the diagram, with their numbers."""
    return [
        Check(
            "identification",
            f"identified {c.identified} - duplicates {c.duplicates} - "
            + (f"linked reports {c.linked_reports} - " if c.linked_reports else "")
            + f"automatic {c.excluded_automatic} = screened",
            c.identified - c.duplicates - c.linked_reports - c.excluded_automatic,
            c.screened,
        ),
        Check(
            "screening",
            f"screened {c.screened} - excluded {c.excluded_screening} - pending "
            f"{c.pending_screening} = sought",
            c.screened - c.excluded_screening - c.pending_screening,
            c.sought,
        ),
        Check(
            "retrieval",
            f"sought {c.sought} - not retrieved {c.not_retrieved} - pending "
            f"{c.pending_retrieval} = assessed",
            c.sought - c.not_retrieved - c.pending_retrieval,
            c.assessed,
        ),
        Check(
            "eligibility",
            f"assessed {c.assessed} - excluded (all reasons) {c.excluded_full_text_total} - "
            f"excluded by appraisal {c.excluded_appraisal} - pending {c.pending_assessment} "
            "= included",
            c.assessed - c.excluded_full_text_total - c.excluded_appraisal - c.pending_assessment,
            c.included,
        ),
        *(_other_checks(c) if c.has_other_methods else ()),
    ]


def _other_checks(c: PrismaCounts) -> list[Check]:
    """The flow equations of the other-methods column, and the two columns' sum."""
    other_excluded = sum(n for _, n in c.other_excluded_full_text)
    return [
        Check(
            "other methods: identification",
            f"identified by other methods {c.other_identified_total} - duplicates of records "
            f"already identified {c.other_duplicates} = sought (other)",
            c.other_identified_total - c.other_duplicates,
            c.other_sought,
        ),
        Check(
            "other methods: retrieval",
            f"sought (other) {c.other_sought} - not retrieved {c.other_not_retrieved} - pending "
            f"{c.other_pending_retrieval} = assessed (other)",
            c.other_sought - c.other_not_retrieved - c.other_pending_retrieval,
            c.other_assessed,
        ),
        Check(
            "other methods: eligibility",
            f"assessed (other) {c.other_assessed} - excluded (all reasons) {other_excluded} - "
            f"excluded by appraisal {c.other_excluded_appraisal} - pending "
            f"{c.other_pending_assessment} = included (other)",
            c.other_assessed
            - other_excluded
            - c.other_excluded_appraisal
            - c.other_pending_assessment,
            c.other_included,
        ),
        Check(
            "new studies",
            f"included via databases and registers {c.included} + via other methods "
            f"{c.other_included} = new studies",
            c.included + c.other_included,
            c.new_studies,
        ),
    ]


def state_checks(
    c: PrismaCounts,
    entries: pd.DataFrame,
    status: pd.DataFrame,
    publication_versions: pd.DataFrame | None = None,
) -> list[Check]:
    """Each count against the records in the matching state, counted independently."""
    publications = set(status["record_id"].astype(str))
    entry_ids = entries["publication_id"].astype(str) if "publication_id" in entries else None
    all_status = status
    part = scope(entries, status, publication_versions, c.review_version)
    columns = split_columns(part.entries, part.status)
    status = part.status
    s = status["status"]
    left = columns.status["status"]
    checks = [
        Check(
            "statuses known",
            "publications with a documented status = publications",
            int(all_status["status"].isin(STATUSES).sum()),
            len(all_status),
        ),
        Check(
            "one row per publication",
            "distinct record_ids in status = rows",
            len(publications),
            len(all_status),
        ),
        Check(
            "per database",
            "sum of per-database and per-register counts = identified"
            if c.identified_by_register
            else "sum of per-database counts = identified",
            sum(n for _, n in c.identified_by_database + c.identified_by_register),
            c.identified,
        ),
        Check(
            "duplicates",
            "duplicates are not negative (more publications than entries)",
            min(c.duplicates, 0),
            0,
        ),
        Check(
            "screened",
            "publications of databases and registers not excluded automatically = records_screened"
            if c.has_other_methods
            else "publications not excluded automatically = records_screened",
            int((left != "excluded_automatic").sum()),
            c.screened,
        ),
        Check(
            "full-text reasons",
            "sum of full-text reasons (both columns) = excluded_full_text"
            if c.has_other_methods
            else "sum of full-text reasons = excluded_full_text",
            c.excluded_full_text_total + sum(n for _, n in c.other_excluded_full_text),
            int((s == "excluded_full_text").sum()),
        ),
        Check(
            "included",
            "publications with status included = new_studies",
            int((s == "included").sum()),
            c.new_studies,
        ),
    ]
    if c.has_other_methods or len(columns.other_status):
        checks += [
            Check(
                "other methods: sought",
                "publications identified by other methods only = sought (other)",
                len(columns.other_status),
                c.other_sought,
            ),
            Check(
                "other methods: per search run",
                "sum of the other-methods runs' counts = identified by other methods",
                sum(n for _, n in c.other_identified_by_search_run),
                c.other_identified_total,
            ),
        ]
    if c.identified_by_search_run and any(k for k, _ in c.identified_by_search_run):
        checks.append(
            Check(
                "per search run",
                "sum of per-run counts = identified",
                sum(n for _, n in c.identified_by_search_run),
                c.identified,
            )
        )
    if part.previous_status is not None:
        checks += _update_checks(c, part, all_status, entries)
    if entry_ids is not None:
        checks.append(
            Check(
                "entries map to publications",
                "entries whose publication is in the status table = entries",
                int(entry_ids.isin(publications).sum()),
                len(entries),
            )
        )
        checks.append(
            Check(
                "publications have entries",
                "publications with at least one entry = publications",
                len(publications & set(entry_ids)),
                len(publications),
            )
        )
    return checks


def _update_checks(
    c: PrismaCounts, part: Scope, status: pd.DataFrame, entries: pd.DataFrame
) -> list[Check]:
    """The split of an updated review into previous versions and the new search."""
    publications = set(status["record_id"].astype(str))
    earlier = entries[entries["review_version"].astype(int) < c.review_version]
    return [
        Check(
            "versions cover publications",
            "publications with a review version = publications",
            len(publications & part.versions_known),
            len(publications),
        ),
        Check(
            "previous and new",
            f"previous publications {c.previous_publications} + new publications "
            f"{len(part.status)} = publications",
            c.previous_publications + len(part.status),
            len(status),
        ),
        Check(
            "total studies",
            f"previous studies {c.previous_studies} + new studies {c.new_studies} = "
            "publications with status included",
            c.previous_studies + c.new_studies,
            int((status["status"] == "included").sum()),
        ),
        Check(
            "new publications are new",
            "entries of earlier versions that belong to a new publication = 0",
            int(earlier["publication_id"].astype(str).isin(part.new_publications).sum()),
            0,
        ),
        Check(
            # a record of an earlier publication is a duplicate of it or a report dedup linked
            # to its study (a correction, say): PRISMA's "removed for other reasons"
            "duplicates of previous versions",
            f"new-version records of previous publications {c.duplicates_of_previous} <= "
            f"duplicates {c.duplicates} + linked reports {c.linked_reports} + other-methods "
            f"duplicates {c.other_duplicates}",
            min(c.duplicates_of_previous, c.duplicates + c.linked_reports + c.other_duplicates),
            c.duplicates_of_previous,
        ),
    ]


def check_invariants(
    counts: PrismaCounts,
    entries: pd.DataFrame | None = None,
    status: pd.DataFrame | None = None,
    publication_versions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Run every check; raise `PrismaInvariantError` on the first broken one, else the table.

    `publication_versions` (the versions table) is needed for the checks of an updated review.
    """
    checks = arithmetic_checks(counts)
    if counts.is_update:
        checks.append(
            Check(
                "total",
                f"previous studies {counts.previous_studies} + new studies "
                f"{counts.new_studies} = total studies",
                counts.previous_studies + counts.new_studies,
                counts.total_studies,
            )
        )
    if entries is not None and status is not None:
        checks += state_checks(counts, entries, status, publication_versions)
    frame = pd.DataFrame(
        [
            {
                "check": k.name,
                "equation": k.equation,
                "left": str(k.left),
                "right": str(k.right),
                "holds": "yes" if k.holds else "NO",
            }
            for k in checks
        ],
        columns=["check", "equation", "left", "right", "holds"],
    ).astype("string")
    broken = [k for k in checks if not k.holds]
    if broken:
        k = broken[0]
        raise PrismaInvariantError(
            f"PRISMA counts do not add up: {k.equation} gives {k.left}, expected {k.right}",
            element=f"check {k.name!r}",
            hint="the records, dedup and screening outputs of this run disagree; re-run the "
            "workflow from ingestion (snakemake --forcerun ingest_exports) and report the bug "
            "if it persists",
        )
    return frame


__all__ = [
    "Check",
    "PrismaInvariantError",
    "arithmetic_checks",
    "check_invariants",
    "state_checks",
]
