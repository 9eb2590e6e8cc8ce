"""The screening part of the report: eligibility criteria, how screening was done, the PRISMA 2020
flow with its checks, the reasons for exclusion, agreement between reviewers and coders, the
corpus figures and the table of included studies (its appraisal columns from `appraisal`).

Reads: the config (`screening`, `appraisal`), the screening tables (prisma_counts.csv,
prisma_checks.csv, kappa.csv, resolutions.csv, notices.csv, included.csv), the appraisal scores
(casp.csv), the coding reliability and framework (for the concepts each study supports) and the
figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

import pandas as pd

from metasynth.appraise import AppraisalSettings
from metasynth.figures import FIGURE_GROUPS
from metasynth.ingest.vocabulary import NORMALISED
from metasynth.report.appraisal import (
    answers_per_question,
    appraisal_rows,
    study_cells,
    study_header,
)
from metasynth.report.appraisal import settings as appraisal_settings
from metasynth.report.html import (
    Child,
    Markup,
    anchor_id,
    breakable,
    element,
    escape,
    join,
    table,
)
from metasynth.report.page import (
    Body,
    Page,
    Section,
    authors_short,
    body,
    decimal,
    figure,
    note,
    notices_table,
    number,
)
from metasynth.report.update import earlier_open_warning
from metasynth.screen.summary import resolution_counts
from metasynth.text import as_text, plural, split_multi

PRISMA_LABELS = {
    "previous_studies": "Studies included in the previous version of the review",
    "previous_reports": "Reports of studies included in the previous version",
    "database_results": "Records identified from databases",
    "database_specific_results": "Records identified, per database",
    "register_results": "Records identified from registers",
    "register_specific_results": "Records identified, per register",
    "website_results": "Records identified from websites",
    "organisation_results": "Records identified from organisations",
    "citations_results": "Records identified from citation searching",
    "duplicates": "Duplicate records removed",
    "excluded_automatic": "Records marked as ineligible by automation tools",
    "excluded_other": "Records removed for other reasons: reports linked to their study",
    "records_screened": "Records screened",
    "records_excluded": "Records excluded (title/abstract)",
    "dbr_sought_reports": "Reports sought for retrieval",
    "dbr_notretrieved_reports": "Reports not retrieved",
    "other_sought_reports": "Reports sought (other methods)",
    "other_notretrieved_reports": "Reports not retrieved (other methods)",
    "dbr_assessed": "Reports assessed for eligibility",
    "dbr_excluded": "Reports excluded, per reason",
    "other_assessed": "Reports assessed (other methods)",
    "other_excluded": "Reports excluded (other methods)",
    "new_studies": "New studies included in the review",
    "new_reports": "Reports of new included studies",
    "total_studies": "Total studies included",
    "total_reports": "Reports of total included studies",
    "metasynth_pending_screening": "Awaiting a title/abstract decision or in conflict",
    "metasynth_pending_retrieval": "Awaiting retrieval",
    "metasynth_pending_assessment": "Awaiting full-text assessment or appraisal",
    "metasynth_excluded_full_text": "Reports excluded at full text (all reasons)",
    "metasynth_excluded_appraisal": "Reports excluded by quality appraisal",
    "metasynth_search_run_results": "Records identified, per search run",
    "metasynth_excluded_automatic_reasons": "Automatic exclusions, per rule",
    "metasynth_appraisal_tool": "Quality appraisal tool",
    "metasynth_review_version": "Version of the review (above 1: an update)",
    "metasynth_previous_records": "Records identified by the searches of previous versions",
    "metasynth_previous_publications": "Publications first identified by previous versions",
    "metasynth_previous_pending": "Publications of previous versions awaiting a decision",
    "metasynth_duplicates_of_previous": "Duplicate records of publications of previous versions",
    "metasynth_other_results": "Records identified from other sources (hand-searching, experts)",
    "metasynth_other_search_run_results": "Records identified by other methods, per search run",
    "metasynth_other_duplicates": "Duplicates of records already identified (other methods)",
    "metasynth_other_pending_retrieval": "Awaiting retrieval (other methods)",
    "metasynth_other_pending_assessment": "Awaiting assessment or appraisal (other methods)",
    "metasynth_other_excluded_appraisal": "Excluded by quality appraisal (other methods)",
    "metasynth_other_new_studies": "New studies included via other methods",
}
"""The box each PRISMA2020 key counts, in words: every key `metasynth.screen.prisma_table`
writes, the template's and metasynth's own."""

STAGE_NAMES = {
    "title_abstract": "Title/abstract",
    "retrieval": "Retrieval",
    "full_text": "Full text",
    "appraisal": "Appraisal",
    "automatic": "Automatic eligibility",
}


# --------------------------------------------------------------------------- criteria and method


def _rule_test(rule: Mapping[str, Any]) -> str:
    if "between" in rule:
        low, high = rule["between"]
        return f"between {low} and {high}"
    if "any_of" in rule:
        return "one of: " + ", ".join(map(str, rule["any_of"]))
    if "none_of" in rule:
        return "none of: " + ", ".join(map(str, rule["none_of"]))
    return ""


def _if_missing(rule: Mapping[str, Any]) -> str:
    """What the rule does with a publication whose field is empty or unknown."""
    if rule.get("field") in NORMALISED.values():
        # ingestion never leaves these empty: a value the vocabulary does not know is `unknown`
        # (metasynth.screen.eligibility), which passes the rule and is flagged for screening
        flagged = ", flagged for screening" if rule.get("any_of") else ""
        return f"never empty; unknown passes{flagged}"
    return "keep" if rule.get("if_missing") == "keep" else "exclude"


def eligibility(page: Page) -> Body:
    config = page.inputs.config
    screening = config.get("screening", {})
    rules = [
        [
            element("code", rule.get("code", "")),
            rule.get("label", ""),
            element("code", rule.get("field", "")),
            _rule_test(rule),
            _if_missing(rule),
        ]
        for rule in screening.get("eligibility", [])
    ]
    reasons = [
        [STAGE_NAMES.get(r["stage"], r["stage"]), element("code", r["reason"]), r["label"]]
        for r in page.inputs.reasons.to_dict("records")
        if r["stage"] != "automatic"  # the rules, in the table above
    ]
    return body(
        table(
            ["Rule", "Excludes when it fails", "Field", "Passes when", "Missing value"],
            rules,
            caption="Automatic eligibility rules, applied in this order to every publication "
            "(the first rule a publication fails is its reason)",
        ),
        table(["Stage", "Reason code", "Reason"], reasons, caption="Reasons reviewers may give"),
    )


def screening(page: Page) -> Body:
    settings = page.inputs.config.get("screening", {})
    reviewers = [
        [element("code", r.get("id", "")), r.get("name", ""), r.get("role", "")]
        for r in settings.get("reviewers", [])
    ]
    per_stage = [
        [STAGE_NAMES.get(stage, stage), str(n)]
        for stage, n in settings.get("reviewers_per_stage", {}).items()
    ]
    maybe = settings.get("agreement", {}).get("maybe_as", "include")
    return body(
        table(["Reviewer", "Name", "Role"], reviewers, caption="Reviewers"),
        table(
            ["Stage", "Independent reviewers"],
            per_stage,
            numeric=[1],
            caption="Independent decisions required per publication and stage",
        ),
        note(
            f"Any disagreement or 'maybe' is a conflict, settled by a reviewer with the role "
            f"'{settings.get('resolver_role', 'arbiter')}'; in agreement statistics 'maybe' "
            "counts "
            f"as {'include' if maybe == 'include' else 'a third category'}. Decisions are plain "
            f"files under {settings['decisions_dir']}/, one row per decision with reviewer, date "
            f"and reason; {page.file('audit')} traces every event to its file and line."
        ),
        _notices_table(page),
    )


def _notices_table(page: Page) -> Markup | None:
    """What the decision files' checks noticed (a resolution overturning the screeners, dates
    after today, rows naming a merged record), when they noticed anything."""
    if page.inputs.screening_notices.empty:
        return None
    return notices_table(
        page.inputs.screening_notices,
        f"Notices on the decision files ({page.file('screening_notices')}): the rows still "
        "count as written",
    )


# --------------------------------------------------------------------------- flow and exclusions


def prisma_value(value: str) -> Child:
    """A PRISMA cell: a number, or a breakdown "label, n; label, n" as one line per part; other
    text (the appraisal tool's name) wraps like a breakdown, as a number's cell does not."""
    if ";" not in value and "," not in value and not any(c.isspace() for c in value.strip()):
        return number(value)
    parts = [p.strip() for p in value.split(";") if p.strip()]
    return element("span", join([escape(p) for p in parts], Markup("<br>")), class_="breakdown")


def _prisma_checks(checks: pd.DataFrame) -> Markup:
    rows = [
        [
            row["check"],
            row["equation"],
            number(row["left"]),
            number(row["right"]),
            element("span", row["holds"], class_="ok" if row["holds"] == "yes" else "missing"),
        ]
        for row in checks.to_dict("records")
    ]
    return table(
        ["Check", "Equation", "Left", "Right", "Holds"],
        rows,
        numeric=[2, 3],
        caption="The counts add up: every equation of the diagram, checked on this run",
    )


def _other_methods_note(values: Mapping[str, str]) -> list[Child]:
    """How the other-methods column was counted, when the review has one (else nothing)."""
    if "metasynth_other_duplicates" not in values:
        return []
    return [
        element(
            "p",
            "Records found by other methods (citation searching, websites, organisations, "
            "other sources: the source_type of their search run in searches.yaml) are drawn in "
            "the right-hand column: as PRISMA 2020 has it, they go to retrieval without "
            "title/abstract screening, and one that duplicates a record already identified is "
            f"counted once (n = {values['metasynth_other_duplicates']}). "
            f"{'New studies' if _is_update(values) else 'Studies'} found this way: "
            f"{values['metasynth_other_new_studies']} of {values['new_studies']}.",
        )
    ]


FIRST_REVIEW_LABELS = {
    "new_studies": "Studies included in the review",
    "new_reports": "Reports of included studies",
}
"""A review never updated has PRISMA 2020's template for new reviews: its studies are not "new"."""


def _is_update(values: Mapping[str, str]) -> bool:
    """As the diagram has it: a review version above 1, or studies of a previous version."""
    return values.get("metasynth_review_version", "1") != "1" or values.get(
        "previous_studies", "0"
    ) not in ("0", "")


def prisma(page: Page) -> Body:
    values = page.prisma_values
    labels = PRISMA_LABELS if _is_update(values) else PRISMA_LABELS | FIRST_REVIEW_LABELS
    rows = [
        [breakable(labels[key]), element("code", breakable(key)), prisma_value(value)]
        for key, value in values.items()
    ]
    parts: list[Child] = [
        earlier_open_warning(page),  # the flow leaves those publications out
        figure(page, "prisma"),
        *_other_methods_note(values),
        table(
            ["Box", "PRISMA2020 key", "n"],
            rows,
            numeric=[2],
            caption=f"PRISMA 2020 counts ({page.file('prisma')}; "
            f"{PurePosixPath(page.file('prisma_template')).name} has them in the PRISMA2020 R "
            "package's template, readable by its PRISMA_data() and Shiny app)",
        ),
    ]
    if not page.inputs.prisma_checks.empty:
        parts.append(_prisma_checks(page.inputs.prisma_checks))
    return body(*parts)


def exclusions(page: Page) -> Body:
    frame = page.inputs.exclusions
    total = int(pd.to_numeric(frame["n_publications"]).sum()) if len(frame) else 0
    rows = [
        [
            STAGE_NAMES.get(r["stage"], r["stage"]),
            r["label"],
            element("code", r["reason"]),
            number(r["n_publications"]),
        ]
        for r in frame.to_dict("records")
    ]
    return body(
        table(
            ["Stage", "Reason", "Code", "Publications"],
            rows,
            numeric=[3],
            caption=f"Every excluded publication by the stage and reason that excluded it "
            f"(n = {total:,}; from {page.file('status')})",
        ),
    )


# --------------------------------------------------------------------------- agreement

RELIABILITY_HEADER = [
    "Scope",
    "Coders",
    "Double-coded studies",
    "Units",
    "% agreement",
    "Cohen's κ",
    "Landis–Koch",
    "Krippendorff's α",
    "Landis–Koch",
]


def _kappa_table(page: Page) -> Markup:
    rows = [
        [
            STAGE_NAMES.get(str(r["stage"]), str(r["stage"])),
            f"{r['reviewer_a']}–{r['reviewer_b']}",
            number(r["n_publications"]),
            number(r["n_agree"]),
            number(r.get("n_maybe", "")),
            decimal(r["percent_agreement"], 1),
            decimal(r["kappa"]),
            decimal(r["pabak"]),
            r["landis_koch"],
        ]
        for r in page.inputs.kappa.to_dict("records")
    ]
    return table(
        [
            "Stage",
            "Reviewers",
            "Publications",
            "Agreements",
            "With a maybe",
            "% agreement",
            "Cohen's κ",
            "PABAK",
            "Landis–Koch",
        ],
        rows,
        numeric=[2, 3, 4, 5, 6, 7],
        caption=page.file("kappa"),
    )


def _reliability_rows(page: Page, frame: pd.DataFrame) -> list[list[Child]]:
    return [
        [
            page.concept(str(r["concept"])) if r["concept"] else str(r["scope"]),
            r["coders"],
            number(r["n_documents"]),
            number(r["n_units"]),
            decimal(r["percent_agreement"], 1),
            decimal(r["kappa"]),
            r["kappa_label"],
            decimal(r["alpha"]),
            r["alpha_label"],
        ]
        for r in frame.to_dict("records")
    ]


SCREENERS_LEFT = {
    "disagreement": "disagreed",
    "maybe": "a maybe",
    "reasons differ": "both excluded, for different reasons",
    "agreement": "agreed (the resolver decided anyway)",
    "awaiting": "had not all decided (the resolver decided first)",
}
"""What the screeners left a stage at (resolutions.csv `screeners_outcome`), in words."""


def _resolutions_table(page: Page) -> Markup | None:
    """The conflicts per stage and how the resolver settled them (resolutions.csv)."""
    if "stage" not in page.inputs.resolutions:
        return None
    resolver = page.inputs.config.get("screening", {}).get("resolver_role", "arbiter")
    rows = [
        [
            STAGE_NAMES.get(str(r["stage"]), str(r["stage"])),
            SCREENERS_LEFT.get(str(r["screeners_outcome"]), str(r["screeners_outcome"])),
            number(r["n_publications"]),
            number(r["n_include"]),
            number(r["n_exclude"]),
            number(r["n_open"]),
        ]
        for r in resolution_counts(page.inputs.resolutions).to_dict("records")
    ]
    return table(
        [
            "Stage",
            "The screeners",
            "Publications",
            "Resolved: include",
            "Resolved: exclude",
            "Open",
        ],
        rows,
        numeric=[2, 3, 4, 5],
        caption=f"Conflicts and how the {resolver} settled them ({page.file('resolutions')}: "
        "each publication with every reviewer's decision and the resolution's file and line)",
        empty="no conflict and no resolution",
    )


def agreement(page: Page) -> Body:
    reliability = page.inputs.reliability
    overall = concepts = reliability
    if len(reliability):
        is_concept = reliability["scope"].astype(str) == "concept"
        overall, concepts = reliability[~is_concept], reliability[is_concept]
    return body(
        element("h3", "Screening (Cohen's κ per stage and reviewer pair)"),
        _kappa_table(page),
        _resolutions_table(page),
        figure(page, "agreement_screening"),
        element("h3", "Coding (presence of each concept on the double-coded studies)"),
        page.not_enough_data("reliability"),
        table(
            RELIABILITY_HEADER,
            _reliability_rows(page, overall),
            numeric=[2, 3, 4, 5, 7],
            caption=f"Overall ({page.file('reliability')})",
        ),
        element(
            "details",
            element("summary", f"Per concept ({plural(len(concepts), 'row')})"),
            table(RELIABILITY_HEADER, _reliability_rows(page, concepts), numeric=[2, 3, 4, 5, 7]),
        ),
        figure(page, "agreement_coding"),
    )


# --------------------------------------------------------------------------- corpus and studies


def corpus(page: Page) -> Body:
    return body(
        *[figure(page, name) for name in FIGURE_GROUPS["corpus"]],
        intro="Publications identified (after deduplication) and included, by year and by field. "
        f"Each figure's numbers are in {page.file('figures')}/<name>.csv.",
    )


def _concepts_of(page: Page) -> dict[str, list[str]]:
    """record_id → the concepts it supports in the framework (framework.csv), in its order."""
    framework = page.inputs.framework
    concepts = framework[framework["level"].astype(str) == "concept"]
    concepts_of: dict[str, list[str]] = {}
    for concept, record_ids in zip(concepts["concept"], concepts["record_ids"], strict=True):
        for record_id in split_multi(record_ids):
            concepts_of.setdefault(record_id, []).append(str(concept))
    return concepts_of


def _study_rows(
    page: Page, assessed: AppraisalSettings
) -> tuple[list[list[Child]], list[str | None]]:
    casp = {str(r["record_id"]): r for r in page.inputs.casp.to_dict("records")}
    listed = appraisal_rows(page, assessed)
    concepts_of = _concepts_of(page)
    included = {str(r["record_id"]): r for r in page.inputs.included.to_dict("records")}
    rows: list[list[Child]] = []
    ids: list[str | None] = []
    for record in page.studies.numbers.to_dict("records"):
        record_id = str(record["record_id"])
        study = included[record_id]
        concepts = concepts_of.get(record_id, [])
        rows.append(
            [
                element("strong", record["label"]),
                authors_short(study.get("authors")),
                as_text(study.get("year")),
                element("span", as_text(study.get("title")), class_="title"),
                as_text(study.get("source_title")),
                element("code", record_id),
                *study_cells(assessed, casp.get(record_id, {}), study, listed.get(record_id, [])),
                join([page.concept(c) for c in concepts], "; ")
                if concepts
                else element("span", "not coded yet", class_="missing"),
            ]
        )
        ids.append(anchor_id("study", record_id))
    return rows, ids


def studies(page: Page) -> Body:
    assessed = appraisal_settings(page)
    rows, ids = _study_rows(page, assessed)
    return body(
        table(
            [
                "Study",
                "Authors",
                "Year",
                "Title",
                "Source",
                "record_id",
                *study_header(assessed),
                "Concepts it supports",
            ],
            rows,
            numeric=[2, 6] if assessed.decide_by == "total" else [2],
            row_ids=ids,
            caption=f"The {len(rows)} included studies, numbered by year, first author and title "
            "(the numbers S1… are used in every figure and table of this report)",
        ),
        answers_per_question(page, assessed),
    )


ELIGIBILITY = Section("eligibility", "Eligibility criteria", eligibility)
SCREENING = Section("screening", "Screening", screening)
PRISMA = Section("prisma", "PRISMA 2020 flow", prisma)
EXCLUSIONS = Section("exclusions", "Reasons for exclusion", exclusions)
AGREEMENT = Section("agreement", "Agreement between reviewers and coders", agreement)
CORPUS = Section("corpus", "The corpus at a glance", corpus)
STUDIES = Section("studies", "Included studies", studies)
