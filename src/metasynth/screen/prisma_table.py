"""The PRISMA 2020 counts as a table, and back: the file the diagram and the R package read.

`to_frame` gives the counts table (`prisma_counts.csv`, columns `data`, `n`): the
PRISMA2020 template's count keys in its order (prisma-flowdiagram/PRISMA2020,
inst/extdata/PRISMA.csv), followed by `metasynth_*` rows (pending counts, the appraisal and
full-text exclusion totals, per search run, and the review version with the previous version's
records, publications, pending publications and the new records that duplicate them) that make
the file self-checking. `metasynth.screen.prisma2020` turns it into the package's own template.
`from_frame` reads it back into `PrismaCounts` (for the diagram), refusing a file that lacks a key.
"""

from __future__ import annotations

import re

import pandas as pd

from metasynth.errors import InputError
from metasynth.screen.prisma import OTHER_SOURCE_ORDER, Breakdown, PrismaCounts

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


OTHER_METHODS_KEYS = (
    "metasynth_other_results",
    "metasynth_other_search_run_results",
    "metasynth_other_duplicates",
    "metasynth_other_pending_retrieval",
    "metasynth_other_pending_assessment",
    "metasynth_other_excluded_appraisal",
    "metasynth_other_new_studies",
)
"""Rows of the other-methods column the template lacks: records of source type `other`
(hand-searching, experts, ...), other-methods records that duplicate one already identified,
pending counts, appraisal exclusions and the new studies it included."""


def to_frame(c: PrismaCounts) -> pd.DataFrame:
    """The PRISMA2020 CSV: template keys in order, then the metasynth_* rows (the
    `OTHER_METHODS_KEYS` only when records were identified by other methods, so a review
    without any keeps its file as it was)."""
    other = dict.fromkeys(OTHER_SOURCE_ORDER, 0) | dict(c.other_identified)
    values: dict[str, str | int] = {
        "previous_studies": c.previous_studies,
        "previous_reports": c.previous_reports,
        "database_results": c.identified - sum(n for _, n in c.identified_by_register),
        "database_specific_results": _joined(c.identified_by_database),
        "register_results": sum(n for _, n in c.identified_by_register),
        "register_specific_results": _joined(c.identified_by_register),
        "website_results": other["website"],
        "organisation_results": other["organisation"],
        "citations_results": other["citation_searching"],
        "duplicates": c.duplicates,
        "excluded_automatic": c.excluded_automatic,
        "excluded_other": c.linked_reports,
        "records_screened": c.screened,
        "records_excluded": c.excluded_screening,
        "dbr_sought_reports": c.sought,
        "dbr_notretrieved_reports": c.not_retrieved,
        "other_sought_reports": c.other_sought,
        "other_notretrieved_reports": c.other_not_retrieved,
        "dbr_assessed": c.assessed,
        "dbr_excluded": _joined(c.excluded_reports),
        "other_assessed": c.other_assessed,
        "other_excluded": _joined(c.other_excluded_reports),
        # One report per study, plus the reports dedup linked to it (errata, earlier versions)
        "new_studies": c.new_studies,
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
    if c.has_other_methods:
        values |= {
            "metasynth_other_results": other["other"],
            "metasynth_other_search_run_results": _joined(c.other_identified_by_search_run),
            "metasynth_other_duplicates": c.other_duplicates,
            "metasynth_other_pending_retrieval": c.other_pending_retrieval,
            "metasynth_other_pending_assessment": c.other_pending_assessment,
            "metasynth_other_excluded_appraisal": c.other_excluded_appraisal,
            "metasynth_other_new_studies": c.other_included,
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

    def num_or_0(key: str) -> int:
        return int(values.get(key) or 0)

    excluded = parse_breakdown(values["dbr_excluded"])
    n_appraisal = num("metasynth_excluded_appraisal")
    full_text = excluded[:-1] if n_appraisal else excluded
    appraisal_label = excluded[-1][0] if n_appraisal else ""
    other_excluded = parse_breakdown(values["other_excluded"])
    n_other_appraisal = num_or_0("metasynth_other_excluded_appraisal")
    if n_other_appraisal:
        appraisal_label = appraisal_label or other_excluded[-1][0]
        other_excluded = other_excluded[:-1]
    other_identified = tuple(
        (kind, n)
        for kind, n in zip(
            OTHER_SOURCE_ORDER,
            (
                num("website_results"),
                num("organisation_results"),
                num("citations_results"),
                num_or_0("metasynth_other_results"),
            ),
            strict=True,
        )
        if n
    )
    other_included = num_or_0("metasynth_other_new_studies")
    return PrismaCounts(
        identified=num("database_results") + num("register_results"),
        identified_by_database=parse_breakdown(values["database_specific_results"]),
        identified_by_register=parse_breakdown(values["register_specific_results"]),
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
        included=num("new_studies") - other_included,
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
        other_identified=other_identified,
        other_identified_by_search_run=parse_breakdown(
            values.get("metasynth_other_search_run_results", "")
        ),
        other_duplicates=num_or_0("metasynth_other_duplicates"),
        other_sought=num("other_sought_reports"),
        other_not_retrieved=num("other_notretrieved_reports"),
        other_pending_retrieval=num_or_0("metasynth_other_pending_retrieval"),
        other_assessed=num("other_assessed"),
        other_excluded_full_text=other_excluded,
        other_excluded_appraisal=n_other_appraisal,
        other_pending_assessment=num_or_0("metasynth_other_pending_assessment"),
        other_included=other_included,
    )


__all__ = [
    "EXTENSION_KEYS",
    "OTHER_METHODS_KEYS",
    "TEMPLATE_KEYS",
    "from_frame",
    "parse_breakdown",
    "to_frame",
]
