"""PRISMA 2020 counts, derived from the record states, with the invariants that tie them together.

Inputs: the entries (one row per input record of the records table: `record_id`, `database`,
`search_run`), the status table (one row per publication) and the reason labels.

Every count is a number of records in a state, never typed:

- identified = entries (rows of the records table); per database and per search run as well;
- reports linked to another record's study by dedup (an erratum, a retraction notice, an
  earlier version: rule `report`, the entries' `linked_report`) = "records removed for other
  reasons" (`excluded_other`): they are not screened apart, they are reports of their study;
- duplicates = entries − publications − linked reports; automatic exclusions =
  `excluded_automatic`;
- screened = publications that reached title/abstract screening; records excluded =
  `excluded_title_abstract`; reports sought = publications that reached retrieval; not retrieved =
  `not_retrieved`; assessed = publications that reached full text; excluded per reason =
  `excluded_full_text` by reason, plus `excluded_appraisal`; new studies = `included`.
- reports of the included studies = included + the linked reports of included publications
  (`new_reports`; `total_reports` adds the previous studies' reports).
- Publications still awaiting a decision or in conflict are counted as pending at their stage
  (0 in a finished review), so the arithmetic holds while a review is in progress too.

Updated reviews (PRISMA 2020's flow for updated reviews): when the search manifest has more
than one review version, the boxes count the *new* search only — records identified by the runs
of the latest version (per database and per run), duplicates among them (including the records
that duplicate publications of earlier versions), and the new publications (those first found by
the latest version, `metasynth.versions`) through screening to "new studies included". Studies of
earlier versions that are included are `previous_studies` (one report each), and total studies =
previous + new. The invariants above then hold for the new search, plus: every publication is
previous or new, previous + new included = all included, and no entry of an earlier version
belongs to a new publication. With a single version nothing changes (no previous studies).

The invariants that tie these counts together are `metasynth.screen.prisma_checks`; the
counts table (`prisma_counts.csv`) is written and read back by `metasynth.screen.prisma_table`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from metasynth.dedup.clusters import linked_reports
from metasynth.dedup.former import publication_map
from metasynth.screen import STATUSES
from metasynth.searches import (
    DATABASE_SOURCES,
    SearchRun,
    load_searches,
    searched_databases,
    source_types,
)
from metasynth.versions import first_version_of_publications

# Statuses at or beyond each PRISMA box (a publication "reached" a stage when it has one of them).
REACHED_SCREENING = STATUSES[1:]
REACHED_RETRIEVAL = STATUSES[4:]
REACHED_FULL_TEXT = STATUSES[6:]
PENDING_SCREENING = ("awaiting_title_abstract", "conflict_title_abstract")
PENDING_RETRIEVAL = ("awaiting_retrieval",)
PENDING_ASSESSMENT = ("awaiting_full_text", "conflict_full_text", "awaiting_appraisal")


Breakdown = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class PrismaCounts:
    """Every number of the PRISMA 2020 flow diagram for databases (and previous studies)."""

    identified: int
    identified_by_database: Breakdown
    identified_by_search_run: Breakdown
    duplicates: int
    excluded_automatic: int
    screened: int
    excluded_screening: int
    pending_screening: int
    sought: int
    not_retrieved: int
    pending_retrieval: int
    assessed: int
    excluded_full_text: Breakdown  # (label, n) per reason, in config order
    excluded_appraisal: int
    appraisal_label: str
    pending_assessment: int
    included: int
    previous_studies: int = 0
    previous_reports: int = 0
    excluded_automatic_by_reason: Breakdown = field(default=())
    review_version: int = 1
    previous_records: int = 0  # entries exported by runs of earlier versions
    previous_publications: int = 0  # publications first found by earlier versions
    previous_pending: int = 0  # ... of which still awaiting a decision or in conflict
    duplicates_of_previous: int = 0  # new-version entries of previous publications
    linked_reports: int = 0  # records dedup linked to another record's study (excluded_other)
    included_linked_reports: int = 0  # ... of the included (new) studies
    appraisal_tool: str = ""  # the checklist the studies were appraised with, or "not appraised"
    identified_by_register: Breakdown = ()  # registers (source_type register) per name
    # PRISMA 2020's right-hand column, "identification of studies via other methods"; the
    # database fields above then count databases and registers only.
    other_identified: Breakdown = ()  # (source type, n) of other-methods records
    other_identified_by_search_run: Breakdown = ()
    other_duplicates: int = 0  # other-methods records of a publication already identified
    other_sought: int = 0
    other_not_retrieved: int = 0
    other_pending_retrieval: int = 0
    other_assessed: int = 0
    other_excluded_full_text: Breakdown = ()
    other_excluded_appraisal: int = 0
    other_pending_assessment: int = 0
    other_included: int = 0

    @property
    def has_other_methods(self) -> bool:
        """Records were identified by other methods (the diagram's right-hand column)."""
        return bool(self.other_identified)

    @property
    def other_identified_total(self) -> int:
        return sum(n for _, n in self.other_identified)

    @property
    def other_excluded_reports(self) -> Breakdown:
        """The other-methods "Reports excluded" box: reasons, then appraisal exclusions."""
        appraisal = (
            ((self.appraisal_label, self.other_excluded_appraisal),)
            if self.other_excluded_appraisal
            else ()
        )
        return self.other_excluded_full_text + appraisal

    @property
    def new_studies(self) -> int:
        """New studies included, via databases and registers and via other methods."""
        return self.included + self.other_included

    @property
    def total_studies(self) -> int:
        return self.previous_studies + self.new_studies

    @property
    def new_reports(self) -> int:
        """Reports of the new included studies: one per study, plus its linked reports."""
        return self.new_studies + self.included_linked_reports

    @property
    def total_reports(self) -> int:
        return self.new_reports + self.previous_reports

    @property
    def is_update(self) -> bool:
        """An updated review: the manifest has runs of more than one review version."""
        return self.review_version > 1

    @property
    def excluded_full_text_total(self) -> int:
        return sum(n for _, n in self.excluded_full_text)

    @property
    def excluded_reports(self) -> Breakdown:
        """The "Reports excluded" box: full-text reasons, then the appraisal exclusions."""
        appraisal = (
            ((self.appraisal_label, self.excluded_appraisal),) if self.excluded_appraisal else ()
        )
        return self.excluded_full_text + appraisal


def _breakdown(counts: Mapping[str, int]) -> Breakdown:
    """Largest first, then by name: the order people read "WOS, 120; Scopus, 30" in."""
    return tuple(
        sorted(((k, int(v)) for k, v in counts.items() if k), key=lambda kv: (-kv[1], kv[0]))
    )


@dataclass(frozen=True)
class Scope:
    """The entries and publications the boxes of the new search count (all of them for a review
    with a single version), and the previous version's part of an updated review."""

    entries: pd.DataFrame
    status: pd.DataFrame
    review_version: int = 1
    previous_entries: int = 0
    previous_status: pd.DataFrame | None = None
    duplicates_of_previous: int = 0
    new_publications: frozenset[str] = frozenset()
    versions_known: frozenset[str] = frozenset()


def scope(
    entries: pd.DataFrame,
    status: pd.DataFrame,
    publication_versions: pd.DataFrame | None = None,
    review_version: int = 1,
) -> Scope:
    """Split entries and publications into the new search and the previous versions.

    `entries` needs a `review_version` column (the version of each entry's search run) and
    `publication_id` for an update; `publication_versions` is the versions table
    (`metasynth.versions.publication_versions`: record_id, review_version).
    """
    if review_version <= 1 or publication_versions is None:
        return Scope(entries, status)
    first = first_version_of_publications(publication_versions)
    new = frozenset(p for p, version in first.items() if version == review_version)
    entry_version = entries["review_version"].astype(int)
    latest = entries[entry_version == review_version]
    is_new = status["record_id"].astype(str).isin(new)
    publication = latest["publication_id"].astype(str)
    return Scope(
        entries=latest,
        status=status[is_new],
        review_version=review_version,
        previous_entries=int((entry_version < review_version).sum()),
        previous_status=status[~is_new],
        duplicates_of_previous=int((~publication.isin(new)).sum()),
        new_publications=new,
        versions_known=frozenset(first),
    )


def count_prisma(
    entries: pd.DataFrame,
    status: pd.DataFrame,
    *,
    full_text_labels: Mapping[str, str],
    automatic_labels: Mapping[str, str] | None = None,
    appraisal_label: str = "Low quality (CASP appraisal)",
    appraisal_tool: str = "",
    publication_versions: pd.DataFrame | None = None,
    review_version: int = 1,
) -> PrismaCounts:
    """Count every PRISMA box from the entries and the publication states.

    For an updated review (`review_version` > 1 with the `publication_versions` table) the boxes
    count the latest version's search and its new publications; see the module docstring.
    Entries with a `source_type` column (`metasynth.searches.source_types`) are split into the
    two columns of the diagram (`split_columns`).
    """
    part = scope(entries, status, publication_versions, review_version)
    all_entries = entries
    columns = split_columns(part.entries, part.status)
    entries, status = columns.entries, columns.status
    previous = part.previous_status
    linked = _linked_reports(entries)
    previous_by_status = previous["status"].value_counts().to_dict() if previous is not None else {}
    previous_included = int(previous_by_status.get("included", 0))
    previous_pending = int(
        sum(
            previous_by_status.get(s, 0)
            for s in (*PENDING_SCREENING, *PENDING_RETRIEVAL, *PENDING_ASSESSMENT)
        )
    )
    by_status = status["status"].value_counts().to_dict()
    other = columns.other_status["status"].value_counts().to_dict()

    def n(*statuses: str, of: Mapping[str, int] = by_status) -> int:
        return int(sum(of.get(s, 0) for s in statuses))

    automatic = status[status["status"] == "excluded_automatic"]["reason"].value_counts().to_dict()
    labels = automatic_labels or {}
    runs = entries["search_run"] if "search_run" in entries.columns else pd.Series(dtype="string")
    other_runs = columns.other_entries.get("search_run", pd.Series(dtype="string"))
    kinds = entries.get("source_type", pd.Series("database", index=entries.index))
    is_register = kinds.astype(str) == "register"
    return PrismaCounts(
        identified=len(entries),
        identified_by_database=_breakdown(
            entries.loc[~is_register, "database"].astype(str).value_counts().to_dict()
        ),
        identified_by_register=_breakdown(
            entries.loc[is_register, "database"].astype(str).value_counts().to_dict()
        ),
        identified_by_search_run=_breakdown(runs.astype(str).value_counts().to_dict()),
        other_identified_by_search_run=_breakdown(other_runs.astype(str).value_counts().to_dict()),
        duplicates=len(entries) - len(status) - linked,
        linked_reports=linked,
        included_linked_reports=_linked_reports(part.entries, part.status, "included"),
        excluded_automatic=n("excluded_automatic"),
        screened=n(*REACHED_SCREENING),
        excluded_screening=n("excluded_title_abstract"),
        pending_screening=n(*PENDING_SCREENING),
        sought=n(*REACHED_RETRIEVAL),
        not_retrieved=n("not_retrieved"),
        pending_retrieval=n(*PENDING_RETRIEVAL),
        assessed=n(*REACHED_FULL_TEXT),
        excluded_full_text=_full_text_reasons(status, full_text_labels),
        excluded_appraisal=n("excluded_appraisal"),
        appraisal_label=appraisal_label,
        pending_assessment=n(*PENDING_ASSESSMENT),
        included=n("included"),
        excluded_automatic_by_reason=_breakdown(
            {labels.get(k, k): v for k, v in automatic.items()}
        ),
        previous_studies=previous_included,
        previous_reports=previous_included
        + (_linked_reports(all_entries, previous, "included") if previous is not None else 0),
        review_version=part.review_version,
        previous_records=part.previous_entries,
        previous_publications=0 if previous is None else len(previous),
        previous_pending=previous_pending,
        duplicates_of_previous=part.duplicates_of_previous,
        appraisal_tool=appraisal_tool,
        other_identified=_source_breakdown(columns.other_entries),
        other_duplicates=len(columns.other_entries) - len(columns.other_status),
        other_sought=n(*REACHED_RETRIEVAL, of=other),
        other_not_retrieved=n("not_retrieved", of=other),
        other_pending_retrieval=n(*PENDING_RETRIEVAL, of=other),
        other_assessed=n(*REACHED_FULL_TEXT, of=other),
        other_excluded_full_text=_full_text_reasons(columns.other_status, full_text_labels),
        other_excluded_appraisal=n("excluded_appraisal", of=other),
        other_pending_assessment=n(*PENDING_ASSESSMENT, of=other),
        other_included=n("included", of=other),
    )


def _full_text_reasons(status: pd.DataFrame, labels: Mapping[str, str]) -> Breakdown:
    """(label, n) per full-text exclusion reason: config order, then unknown codes by name."""
    excluded = status[status["status"] == "excluded_full_text"]["reason"].value_counts().to_dict()
    reasons: list[tuple[str, int]] = []
    for code, label in labels.items():
        if excluded.get(code):
            reasons.append((label, int(excluded.pop(code))))
    reasons += [(code or "no reason", int(v)) for code, v in sorted(excluded.items())]
    return tuple(reasons)


OTHER_SOURCE_ORDER = ("website", "organisation", "citation_searching", "other")
"""The other-methods source types, in the order of PRISMA 2020's box (and `to_frame`)."""


def _source_breakdown(other_entries: pd.DataFrame) -> Breakdown:
    """(source type, n) of the other-methods entries, in the diagram's order, none at 0."""
    counts = other_entries.get("source_type", pd.Series(dtype="string"))
    counts = counts.astype(str).value_counts().to_dict()
    return tuple((kind, int(counts[kind])) for kind in OTHER_SOURCE_ORDER if counts.get(kind))


@dataclass(frozen=True)
class Columns:
    """The entries and publications of the diagram's two columns: databases and registers
    (left), and other methods (right)."""

    entries: pd.DataFrame
    status: pd.DataFrame
    other_entries: pd.DataFrame
    other_status: pd.DataFrame


def identification_entries(
    records: pd.DataFrame, clusters: pd.DataFrame, runs: Sequence[SearchRun]
) -> pd.DataFrame:
    """One row per entry of the records table, as PRISMA counts it: `record_id`, `database`
    (the database its search run declares), `search_run`, `source_type` (its run's kind of
    source), `publication_id` (its dedup cluster) and `linked_report` (dedup linked it to
    another record's study)."""
    entries = records[[c for c in ("record_id", "database", "search_run") if c in records]]
    return entries.assign(
        # PRISMA counts records per database searched (searches.yaml), not per record's source
        database=searched_databases(entries, runs),
        source_type=source_types(entries, runs),
        publication_id=entries["record_id"].map(publication_map(clusters)),
        linked_report=entries["record_id"].isin(set(linked_reports(clusters))),
    )


def read_other_methods(
    records_file: str | Path, clusters: pd.DataFrame, manifest: str | Path | None
) -> frozenset[str]:
    """The publications found by other methods only, from the records table (only the columns
    this needs are read), the clusters and the search manifest (none: no such publication)."""
    if manifest is None:
        return frozenset()
    records = pd.read_parquet(records_file, columns=["record_id", "database", "search_run"])
    runs = load_searches(manifest)
    return other_methods_publications(identification_entries(records, clusters, runs))


def other_methods_publications(entries: pd.DataFrame) -> frozenset[str]:
    """Publications identified by other methods only: none of their records (the reports dedup
    linked to a study aside) comes from a database or register run. `entries` needs
    `publication_id` and `source_type`; `linked_report` when dedup linked reports."""
    if "source_type" not in entries.columns:
        return frozenset()
    own = entries
    if "linked_report" in entries.columns:
        own = entries[~entries["linked_report"].astype(bool)]
    from_left = own["source_type"].astype(str).isin(DATABASE_SOURCES)
    left = set(own.loc[from_left, "publication_id"].astype(str))
    return frozenset(set(own["publication_id"].astype(str)) - left)


def split_columns(entries: pd.DataFrame, status: pd.DataFrame) -> Columns:
    """Entries and publications of each column. A publication found by a database or register
    belongs to the left column even when citation searching found it too: that other-methods
    record is a duplicate of it (counted in the right column's duplicates, never twice)."""
    other = other_methods_publications(entries)
    kinds = entries.get("source_type", pd.Series("database", index=entries.index))
    from_left = kinds.astype(str).isin(DATABASE_SOURCES)
    is_other = status["record_id"].astype(str).isin(other)
    return Columns(
        entries=entries[from_left],
        status=status[~is_other],
        other_entries=entries[~from_left],
        other_status=status[is_other],
    )


def _linked_reports(
    entries: pd.DataFrame, status: pd.DataFrame | None = None, of_status: str = ""
) -> int:
    """Distinct records among the entries that dedup linked as reports of another record's study
    (`linked_report`), of publications with `of_status` in `status` when given."""
    if "linked_report" not in entries.columns:
        return 0
    linked = entries[entries["linked_report"].astype(bool)]
    if status is not None:
        chosen = set(status.loc[status["status"] == of_status, "record_id"].astype(str))
        linked = linked[linked["publication_id"].astype(str).isin(chosen)]
    return int(linked["record_id"].nunique())


__all__ = [
    "OTHER_SOURCE_ORDER",
    "Breakdown",
    "PrismaCounts",
    "Scope",
    "count_prisma",
    "identification_entries",
    "other_methods_publications",
    "read_other_methods",
    "scope",
    "split_columns",
]
