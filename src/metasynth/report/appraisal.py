"""The appraisal part of the report, in the words of the checklist the review chose.

Reads: the `appraisal` section of the config (the checklist — CASP, JBI, MMAT, one of the
review's own, or none — how it decides, the scoring scheme), the per-publication summary
(results/appraisal/casp.csv) and the publications per band and decision (outcomes.csv). Gives
the "Quality appraisal" section, the appraisal cells of the included-studies table, and the
answers per question under that table. A review without
appraisal says "not appraised" wherever a score would be.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    config: AppraisalSettings, score: Mapping[str, Any], study: Mapping[str, Any]
) -> list[Child]:
    """A study's appraisal cells: total/max and band when scored, else how many answers are
    Yes (or "not appraised")."""
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
    answers = [as_text(score.get(q)) for q in checklist.answer_columns]
    if not any(answers):
        return [""]
    yes = sum(fold(a) == fold(checklist.answers[0]) for a in answers)
    return [f"{yes} of {len(answers)} {checklist.answers[0]}"]


def answers_per_question(page: Page, config: AppraisalSettings) -> Markup | None:
    """The answers (or scores) of every included study, question by question, with the
    checklist's questions (and, for MMAT, each category's criteria)."""
    checklist = config.checklist
    if checklist is None:
        return None
    scored = config.decide_by == "total"
    summary = {str(r["record_id"]): r for r in page.inputs.casp.to_dict("records")}
    columns = checklist.answer_columns
    category = ["category"] if checklist.categories else []
    rows = [
        [page.studies.link(str(record["record_id"]))]
        + [as_text(score.get(c)) for c in (*category, *columns)]
        + ([as_text(score.get("total"))] if scored else [])
        for record in page.studies.numbers.to_dict("records")
        if (score := summary.get(str(record["record_id"]))) is not None
    ]
    questions: list[Child] = [
        element("li", f"{q.id.upper()}: {q.text}") for q in checklist.questions
    ]
    for cat in checklist.categories:
        criteria = "; ".join(f"C{i}: {text}" for i, text in enumerate(cat.criteria, 1))
        questions.append(element("li", f"{cat.id} ({cat.label}) — {criteria}"))
    header = ["Study", *(["Category"] if category else []), *[c.upper() for c in columns]]
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
