"""The appraisal part of the report, in the words of the checklist the review chose.

Reads: the `appraisal` section of the config (the checklist — CASP, JBI, MMAT, one of the
review's own, or none — how it decides, the scoring scheme), the per-publication summary
(results/appraisal/casp.csv), the publications per band and decision (outcomes.csv) and, for a
checklist that is not scored (JBI, MMAT), every appraisal row as read (appraisals.csv): a study
appraised by two appraisers, or an MMAT mixed-methods study with a row per component, is listed
row by row, since a merged cell ("No; Yes") no longer says who answered what of which
criteria. Gives the "Quality appraisal" section, the appraisal cells of the included-studies
table, and the answers per question under that table. A review without appraisal says "not
appraised" wherever a score would be.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from metasynth.appraise import AppraisalSettings
from metasynth.checklist import NOT_APPRAISED, Checklist
from metasynth.report.html import Child, Markup, element, table
from metasynth.report.page import Body, Page, Section, body, number
from metasynth.text import as_text, fold


def settings(page: Page) -> AppraisalSettings:
    """The review's appraisal settings (checklist loaded), from the report's config."""
    return AppraisalSettings.from_config(page.inputs.config.get("appraisal", {}))


def _how_decided(appraisal: AppraisalSettings, checklist: Checklist) -> list[Child]:
    scheme = appraisal.scheme
    n = len(checklist.answer_columns)
    if appraisal.decide_by == "total":
        if scheme.kind == "answers":
            scoring = "answers " + ", ".join(
                f"{k} = {v:g}" for k, v in (scheme.points or {}).items()
            )
        else:
            scoring = f"each question scored {scheme.min_score}–{scheme.max_score}"
        bands = ", ".join(f"{b.label} ≥ {b.min:g}" for b in scheme.bands)
        return [
            f"Scheme '{scheme.name}': {scoring}; inclusion when the total is at least "
            f"{scheme.include_min_total:g} of {scheme.max_total(n):g}.",
            f"Bands: {bands}." if bands else "No bands configured.",
        ]
    if appraisal.decide_by == "overall":
        return [
            "Inclusion follows the appraisers' overall appraisal ("
            + " / ".join(checklist.overall)
            + "); no score is computed. Appraisers who differ leave the study awaiting."
        ]
    return [
        f"No overall score is computed (the {checklist.short_name} advises against one); every "
        "rating is listed with the included studies."
    ]


def appraisal(page: Page) -> Body:
    config = settings(page)
    checklist = config.checklist
    if checklist is None:
        return body(
            element(
                "p",
                element("strong", "Not appraised: "),
                "the review does not appraise the quality of its studies (appraisal.checklist: "
                "none); every full text included at screening is included in the synthesis.",
            )
        )
    screening = config.scheme.screening_questions or checklist.screening
    if config.decide_by == "total" and config.scheme.kind == "score":
        screening = ()  # numeric scores: no answer can fail a screening question
    distribution = [
        [r["band"], r["decision"], number(r["n_publications"])]
        for r in page.inputs.appraisal_outcomes.to_dict("records")
    ]
    scored = config.decide_by == "total"
    return body(
        element(
            "ul",
            element(
                "li",
                f"Tool: the {checklist.name} ({len(checklist.answer_columns)} questions, listed "
                "with the study table); ",
                element("span", checklist.source, class_="muted"),
            ),
            *[element("li", line) for line in _how_decided(config, checklist)],
            element(
                "li",
                f"A {' or '.join(repr(a) for a in checklist.negative)} to screening question(s) "
                f"{', '.join(screening)} excludes the study"
                + (" whatever its total." if scored else "."),
            )
            if screening
            else None,
            element(
                "li",
                f"Appraisers per publication: {config.appraisers_per_publication}"
                + ("; a study's score is the mean over its appraisers." if scored else "."),
            ),
        ),
        table(
            ["Band", "Decision", "Publications"] if scored else ["", "Decision", "Publications"],
            distribution,
            numeric=[2],
            caption=f"Appraisal outcomes ({page.file('casp')})",
        ),
    )


def study_header(config: AppraisalSettings) -> list[str]:
    """The appraisal columns of the included-studies table."""
    if config.checklist is None:
        return ["Appraisal"]
    if config.decide_by == "total":
        return [config.checklist.short_name, "Band"]
    return [config.checklist.short_name]


def study_cells(
    config: AppraisalSettings,
    score: Mapping[str, Any],
    study: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]] = (),
) -> list[Child]:
    """A study's appraisal cells: total/max and band when scored, else how many answers are
    Yes, per appraisal row when it has several (or "not appraised")."""
    checklist = config.checklist
    if checklist is None:
        return [NOT_APPRAISED]
    if config.decide_by == "total":
        total = as_text(score.get("total", study.get("casp_total", "")))
        maximum = as_text(score.get("max_total", ""))
        return [
            f"{total}/{maximum}" if total and maximum else total,
            as_text(score.get("band", study.get("casp_band", ""))),
        ]
    counted = [_yes_of(checklist, row) for row in (rows or [score])]
    if not any(counted):
        return [""]
    if len(counted) == 1:
        return [counted[0]]
    return [
        "; ".join(
            f"{_row_label(checklist, row, rows)}: {n}" for row, n in zip(rows, counted, strict=True)
        )
    ]


def _yes_of(checklist: Checklist, row: Mapping[str, Any]) -> str:
    """ "6 of 7 Yes": the answers of one appraisal row that are the checklist's first answer."""
    answers = [as_text(row.get(q)) for q in checklist.answer_columns]
    if not any(answers):
        return ""
    yes = sum(fold(a) == fold(checklist.answers[0]) for a in answers)
    return f"{yes} of {len(answers)} {checklist.answers[0]}"


def _row_label(
    checklist: Checklist, row: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]
) -> str:
    """What tells one appraisal row of a study from the others: its appraiser when the study
    has several, its category (MMAT) when it has several."""
    parts = []
    if len({as_text(r.get("appraiser")) for r in rows}) > 1:
        parts.append(as_text(row.get("appraiser")))
    if checklist.categories and len({as_text(r.get("category")) for r in rows}) > 1:
        parts.append(as_text(row.get("category")))
    return " ".join(parts)


def appraisal_rows(page: Page, config: AppraisalSettings) -> dict[str, list[dict[str, Any]]]:
    """record_id → its appraisal rows as read (appraisals.csv), by appraiser and then in the
    checklist's order of categories; empty for a scored checklist, whose cells are totals."""
    checklist, rows = config.checklist, page.inputs.appraisals
    if checklist is None or config.decide_by == "total" or "record_id" not in rows.columns:
        return {}
    order = {c.id: i for i, c in enumerate(checklist.categories)}
    by_study: dict[str, list[dict[str, Any]]] = {}
    for row in rows.to_dict("records"):
        by_study.setdefault(str(row["record_id"]), []).append(row)
    for listed in by_study.values():
        listed.sort(
            key=lambda r: (
                as_text(r.get("appraiser")),
                order.get(as_text(r.get("category")), len(order)),
            )
        )
    return by_study


def answers_per_question(page: Page, config: AppraisalSettings) -> Markup | None:
    """The answers (or scores) of every included study, question by question, with the
    checklist's questions (and, for MMAT, each category's criteria)."""
    checklist = config.checklist
    if checklist is None:
        return None
    scored = config.decide_by == "total"
    summary = {str(r["record_id"]): r for r in page.inputs.casp.to_dict("records")}
    listed = appraisal_rows(page, config)
    columns = checklist.answer_columns
    category = ["category"] if checklist.categories else []
    several = any(len({as_text(r.get("appraiser")) for r in v}) > 1 for v in listed.values())
    appraiser = ["appraiser"] if several else []
    rows = [
        [page.studies.link(str(record["record_id"]))]
        + [as_text(score.get(c)) for c in (*appraiser, *category, *columns)]
        + ([as_text(score.get("total"))] if scored else [])
        for record in page.studies.numbers.to_dict("records")
        if str(record["record_id"]) in summary
        for score in listed.get(str(record["record_id"]), [summary[str(record["record_id"])]])
    ]
    questions: list[Child] = [
        element("li", f"{q.id.upper()}: {q.text}") for q in checklist.questions
    ]
    for cat in checklist.categories:
        criteria = "; ".join(f"C{i}: {text}" for i, text in enumerate(cat.criteria, 1))
        questions.append(element("li", f"{cat.id} ({cat.label}) — {criteria}"))
    header = [
        "Study",
        *(["Appraiser"] if appraiser else []),
        *(["Category"] if category else []),
        *[c.upper() for c in columns],
    ]
    return element(
        "details",
        element(
            "summary", f"{checklist.short_name} {'scores' if scored else 'answers'} per question"
        ),
        element("ul", questions, class_="questions"),
        table(
            [*header, *(["Total"] if scored else [])],
            rows,
            numeric=list(range(1, len(header) + 1)) if scored else [],
        ),
    )


APPRAISAL = Section("appraisal", "Quality appraisal", appraisal)
