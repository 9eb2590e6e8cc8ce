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

Invariants, checked on every run (`check_invariants`; a broken one stops the run):
  identified − duplicates − linked reports − automatic = screened
  screened − excluded − pending screening = sought
  sought − not retrieved − pending retrieval = assessed
  assessed − Σ full-text reasons − excluded by appraisal − pending assessment = included
and every count equals the number of records in the matching state (each entry belongs to a
publication of the status table, the per-database and per-run counts add up to identified, ...).

Updated reviews (PRISMA 2020's flow for updated reviews): when the search manifest has more
than one review version, the boxes count the *new* search only — records identified by the runs
of the latest version (per database and per run), duplicates among them (including the records
that duplicate publications of earlier versions), and the new publications (those first found by
the latest version, `metasynth.versions`) through screening to "new studies included". Studies of
earlier versions that are included are `previous_studies` (one report each), and total studies =
previous + new. The invariants above then hold for the new search, plus: every publication is
previous or new, previous + new included = all included, and no entry of an earlier version
belongs to a new publication. With a single version nothing changes (no previous studies).

Output: `to_frame` gives the counts table (`prisma_counts.csv`, columns `data`, `n`): the
PRISMA2020 template's count keys in its order (prisma-flowdiagram/PRISMA2020,
inst/extdata/PRISMA.csv), followed by `metasynth_*` rows (pending counts, the appraisal and
full-text exclusion totals, per search run, and the review version with the previous version's
records, publications, pending publications and the new records that duplicate them) that make
the file self-checking. `metasynth.screen.prisma2020` turns it into the package's own template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from metasynth.errors import InputError
from metasynth.screen import STATUSES

# Statuses at or beyond each PRISMA box (a publication "reached" a stage when it has one of them).
REACHED_SCREENING = STATUSES[1:]
REACHED_RETRIEVAL = STATUSES[4:]
REACHED_FULL_TEXT = STATUSES[6:]
PENDING_SCREENING = ("awaiting_title_abstract", "conflict_title_abstract")
PENDING_RETRIEVAL = ("awaiting_retrieval",)
PENDING_ASSESSMENT = ("awaiting_full_text", "conflict_full_text", "awaiting_appraisal")

TEMPLATE_KEYS = (
    "previous_studies",
    "previous_reports",
    "database_results",
    "database_specific_results",
    "register_results",
    "register_specific_results",
    "website_results",
    "organisation_results",
    "citations_results",
    "duplicates",
    "excluded_automatic",
    "excluded_other",
    "records_screened",
    "records_excluded",
    "dbr_sought_reports",
    "dbr_notretrieved_reports",
    "other_sought_reports",
    "other_notretrieved_reports",
    "dbr_assessed",
    "dbr_excluded",
    "other_assessed",
    "other_excluded",
    "new_studies",
    "new_reports",
    "total_studies",
    "total_reports",
)
"""The PRISMA2020 template's count keys, in its order (title-box rows are labels, not counts)."""


class PrismaInvariantError(InputError):
    """The PRISMA counts do not add up: the inputs of this run disagree with each other."""


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

    @property
    def total_studies(self) -> int:
        return self.previous_studies + self.included

    @property
    def new_reports(self) -> int:
        """Reports of the new included studies: one per study, plus its linked reports."""
        return self.included + self.included_linked_reports

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
    first = dict(
        zip(
            publication_versions["record_id"].astype(str),
            publication_versions["review_version"].astype(int),
            strict=True,
        )
    )
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
    """
    part = scope(entries, status, publication_versions, review_version)
    all_entries = entries
    entries, status = part.entries, part.status
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

    def n(*statuses: str) -> int:
        return int(sum(by_status.get(s, 0) for s in statuses))

    excluded = status[status["status"] == "excluded_full_text"]["reason"].value_counts().to_dict()
    reasons: list[tuple[str, int]] = []
    for code, label in full_text_labels.items():
        if excluded.get(code):
            reasons.append((label, int(excluded.pop(code))))
    reasons += [(code or "no reason", int(v)) for code, v in sorted(excluded.items())]
    automatic = status[status["status"] == "excluded_automatic"]["reason"].value_counts().to_dict()
    labels = automatic_labels or {}
    runs = entries["search_run"] if "search_run" in entries.columns else pd.Series(dtype="string")
    return PrismaCounts(
        identified=len(entries),
        identified_by_database=_breakdown(entries["database"].astype(str).value_counts().to_dict()),
        identified_by_search_run=_breakdown(runs.astype(str).value_counts().to_dict()),
        duplicates=len(entries) - len(status) - linked,
        linked_reports=linked,
        included_linked_reports=_linked_reports(entries, status, "included"),
        excluded_automatic=n("excluded_automatic"),
        screened=n(*REACHED_SCREENING),
        excluded_screening=n("excluded_title_abstract"),
        pending_screening=n(*PENDING_SCREENING),
        sought=n(*REACHED_RETRIEVAL),
        not_retrieved=n("not_retrieved"),
        pending_retrieval=n(*PENDING_RETRIEVAL),
        assessed=n(*REACHED_FULL_TEXT),
        excluded_full_text=tuple(reasons),
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
    status = part.status
    s = status["status"]
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
            "sum of per-database counts = identified",
            sum(n for _, n in c.identified_by_database),
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
            "publications not excluded automatically = records_screened",
            int((s != "excluded_automatic").sum()),
            c.screened,
        ),
        Check(
            "full-text reasons",
            "sum of full-text reasons = excluded_full_text",
            c.excluded_full_text_total,
            int((s == "excluded_full_text").sum()),
        ),
        Check(
            "included",
            "publications with status included = new_studies",
            int((s == "included").sum()),
            c.included,
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
            f"previous studies {c.previous_studies} + new studies {c.included} = publications "
            "with status included",
            c.previous_studies + c.included,
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
            f"duplicates {c.duplicates} + linked reports {c.linked_reports}",
            min(c.duplicates_of_previous, c.duplicates + c.linked_reports),
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
                f"previous studies {counts.previous_studies} + new studies {counts.included} = "
                "total studies",
                counts.previous_studies + counts.included,
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


def _joined(breakdown: Breakdown) -> str:
    return "; ".join(f"{label}, {n}" for label, n in breakdown)


_BREAKDOWN_PART = re.compile(r"\s*(.+?),\s*(\d+)\s*(?:;|$)")


def parse_breakdown(text: str) -> Breakdown:
    """(label, n) pairs of a "label, n; label, n" breakdown; a label may hold commas and
    semicolons (each part ends at the first ", <number>" followed by ";" or the end)."""
    return tuple((m.group(1).strip(), int(m.group(2))) for m in _BREAKDOWN_PART.finditer(text))


EXTENSION_KEYS = (
    "metasynth_pending_screening",
    "metasynth_pending_retrieval",
    "metasynth_pending_assessment",
    "metasynth_excluded_full_text",
    "metasynth_excluded_appraisal",
    "metasynth_search_run_results",
    "metasynth_excluded_automatic_reasons",
    "metasynth_review_version",
    "metasynth_previous_records",
    "metasynth_previous_publications",
    "metasynth_previous_pending",
    "metasynth_duplicates_of_previous",
    "metasynth_appraisal_tool",
)


def to_frame(c: PrismaCounts) -> pd.DataFrame:
    """The PRISMA2020 CSV: template keys in order, then the metasynth_* rows."""
    values: dict[str, str | int] = {
        "previous_studies": c.previous_studies,
        "previous_reports": c.previous_reports,
        "database_results": c.identified,
        "database_specific_results": _joined(c.identified_by_database),
        "register_results": 0,
        "register_specific_results": "",
        "website_results": 0,
        "organisation_results": 0,
        "citations_results": 0,
        "duplicates": c.duplicates,
        "excluded_automatic": c.excluded_automatic,
        "excluded_other": c.linked_reports,
        "records_screened": c.screened,
        "records_excluded": c.excluded_screening,
        "dbr_sought_reports": c.sought,
        "dbr_notretrieved_reports": c.not_retrieved,
        "other_sought_reports": 0,
        "other_notretrieved_reports": 0,
        "dbr_assessed": c.assessed,
        "dbr_excluded": _joined(c.excluded_reports),
        "other_assessed": 0,
        "other_excluded": "",
        # One report per study, plus the reports dedup linked to it (errata, earlier versions)
        "new_studies": c.included,
        "new_reports": c.new_reports,
        "total_studies": c.total_studies,
        "total_reports": c.total_reports,
        "metasynth_pending_screening": c.pending_screening,
        "metasynth_pending_retrieval": c.pending_retrieval,
        "metasynth_pending_assessment": c.pending_assessment,
        "metasynth_excluded_full_text": c.excluded_full_text_total,
        "metasynth_excluded_appraisal": c.excluded_appraisal,
        "metasynth_search_run_results": _joined(c.identified_by_search_run),
        "metasynth_excluded_automatic_reasons": _joined(c.excluded_automatic_by_reason),
        "metasynth_review_version": c.review_version,
        "metasynth_previous_records": c.previous_records,
        "metasynth_previous_publications": c.previous_publications,
        "metasynth_previous_pending": c.previous_pending,
        "metasynth_duplicates_of_previous": c.duplicates_of_previous,
        "metasynth_appraisal_tool": c.appraisal_tool,
    }
    return pd.DataFrame(
        {"data": list(values), "n": [str(v) for v in values.values()]}, dtype="string"
    )


def from_frame(frame: pd.DataFrame, *, file: str) -> PrismaCounts:
    """Read counts back from a PRISMA CSV written by `to_frame` (for the diagram); `file` is
    where the frame was read, for the message on a missing key."""
    values = dict(zip(frame["data"].astype(str), frame["n"].astype(str), strict=True))
    missing = [k for k in (*TEMPLATE_KEYS, *EXTENSION_KEYS) if k not in values]
    if missing:
        raise InputError(
            f"missing PRISMA key(s) {', '.join(missing)}",
            file=file,
            hint="re-run the count_prisma rule",
        )

    def num(key: str) -> int:
        return int(values[key] or 0)

    excluded = parse_breakdown(values["dbr_excluded"])
    n_appraisal = num("metasynth_excluded_appraisal")
    full_text = excluded[:-1] if n_appraisal else excluded
    appraisal_label = excluded[-1][0] if n_appraisal else ""
    return PrismaCounts(
        identified=num("database_results"),
        identified_by_database=parse_breakdown(values["database_specific_results"]),
        identified_by_search_run=parse_breakdown(values["metasynth_search_run_results"]),
        duplicates=num("duplicates"),
        excluded_automatic=num("excluded_automatic"),
        screened=num("records_screened"),
        excluded_screening=num("records_excluded"),
        pending_screening=num("metasynth_pending_screening"),
        sought=num("dbr_sought_reports"),
        not_retrieved=num("dbr_notretrieved_reports"),
        pending_retrieval=num("metasynth_pending_retrieval"),
        assessed=num("dbr_assessed"),
        excluded_full_text=full_text,
        excluded_appraisal=n_appraisal,
        appraisal_label=appraisal_label,
        pending_assessment=num("metasynth_pending_assessment"),
        included=num("new_studies"),
        previous_studies=num("previous_studies"),
        previous_reports=num("previous_reports"),
        excluded_automatic_by_reason=parse_breakdown(
            values["metasynth_excluded_automatic_reasons"]
        ),
        review_version=num("metasynth_review_version") or 1,
        previous_records=num("metasynth_previous_records"),
        previous_publications=num("metasynth_previous_publications"),
        previous_pending=num("metasynth_previous_pending"),
        duplicates_of_previous=num("metasynth_duplicates_of_previous"),
        linked_reports=num("excluded_other"),
        included_linked_reports=num("new_reports") - num("new_studies"),
        appraisal_tool=values["metasynth_appraisal_tool"],
    )


__all__ = [
    "PrismaCounts",
    "PrismaInvariantError",
    "Scope",
    "check_invariants",
    "count_prisma",
    "from_frame",
    "parse_breakdown",
    "scope",
    "to_frame",
]
