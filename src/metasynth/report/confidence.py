"""The confidence part of the report: how much confidence each review finding deserves.

Reads the tables of results/confidence (rule assess_confidence, metasynth.confidence; contracts
in docs/data-contracts.md): the Summary of Qualitative Findings (`soqf.csv`), the Evidence
Profile (`evidence_profile.csv`) and the judgements still missing (`missing_judgements.csv`).
It shows the SoQF as iSoQ does, the Evidence Profile with the facts the data give beside the
reviewers' judgements, the sensitivity checks, and what the reviewers have not judged yet.
Nothing here computes a fact.
"""

from __future__ import annotations

import pandas as pd

from metasynth.confidence.judgements import COMPONENTS, NOT_JUDGED
from metasynth.confidence.profile import SOQF_HEADINGS
from metasynth.confidence.render import LEGEND, component_cell
from metasynth.report.html import Child, Markup, element, join, table
from metasynth.report.page import Body, Page, Section, body, note
from metasynth.text import as_text, split_multi

REFERENCE = (
    "GRADE-CERQual (Lewin et al. 2018, Implementation Science 13 Suppl 1: papers 1-7): each "
    "finding is assessed on methodological limitations, coherence, adequacy of data and "
    "relevance, and given an overall confidence with its explanation."
)


def _studies(page: Page, record_ids: object) -> Markup:
    return join([page.studies.link(r) for r in split_multi(record_ids)], ", ")


def _judged(text: str) -> Child:
    return element("span", text, class_="missing") if text == NOT_JUDGED else text


def _others(path: str) -> str:
    """ "results/confidence/soqf.csv" → "results/confidence/soqf.csv, .md, .tex, .docx"."""
    return f"{path}, .md, .tex, .docx" if path.endswith(".csv") else path


def _soqf(page: Page, soqf: pd.DataFrame) -> Markup:
    rows = [
        [
            as_text(r["number"]),
            element("strong", as_text(r["title"]) or as_text(r["finding"])),
            as_text(r["summary"]),
            _judged(as_text(r["confidence"]) or NOT_JUDGED),
            _judged(as_text(r["explanation"]) or NOT_JUDGED),
            _studies(page, r["record_ids"]),
        ]
        for r in soqf.to_dict("records")
    ]
    return table(
        list(SOQF_HEADINGS),
        rows,
        numeric=[0],
        caption=f"Summary of Qualitative Findings ({_others(page.file('soqf'))})",
        class_="data soqf",
        empty="no findings",
    )


def _profile(page: Page, profile: pd.DataFrame) -> Markup:
    rows: list[list[Child]] = []
    for r in profile.to_dict("records"):
        rows.append(
            [
                f"{as_text(r['number'])}. {as_text(r['title']) or as_text(r['finding'])}",
                as_text(r["n_studies"]),
                *[_judged(component_cell(r, key)) for key in COMPONENTS],
                _judged(as_text(r["confidence"]) or NOT_JUDGED),
            ]
        )
    return table(
        ["Finding", "Studies", *COMPONENTS.values(), "Confidence"],
        rows,
        numeric=[1],
        caption=f"Evidence Profile ({_others(page.file('evidence_profile'))}): "
        "the reviewers' judgement of each component, the facts computed from the codings and the "
        "appraisal in brackets",
        class_="data profile",
        empty="no findings",
    )


def _sensitivity(page: Page, profile: pd.DataFrame) -> Markup:
    rows = [
        [
            f"{as_text(r['number'])}. {as_text(r['title']) or as_text(r['finding'])}",
            as_text(r["leave_one_study_out"]),
            as_text(r["lower_quality_excluded"]),
        ]
        for r in profile.to_dict("records")
    ]
    return table(
        ["Finding", "Leave one study out", "Lower-quality studies excluded"],
        rows,
        caption="Does each finding keep its support? (the Evidence Profile's checks in words, "
        f"each scenario in {page.file('sensitivity')}; confidence.min_studies and "
        "confidence.lower_quality_bands in the config)",
        empty="no findings",
    )


def _missing(page: Page, missing: pd.DataFrame) -> Markup:
    judgements = page.inputs.config["confidence"]["judgements"]
    if missing.empty:
        return note(f"Every finding has all its judgements ({judgements}).")
    rows = [
        [as_text(r["finding"]), as_text(r["component"]).replace("_", " "), as_text(r["missing"])]
        for r in missing.to_dict("records")
    ]
    return table(
        ["Finding", "Component", "Missing"],
        rows,
        caption=f"Judgements still to make ({len(rows)}; {page.file('missing_judgements')}; "
        f"write them in {judgements}): nothing is filled in for the reviewers",
        class_="data missing-judgements",
    )


def confidence(page: Page) -> Body:
    profile = page.inputs.evidence_profile
    findings_file = page.inputs.config["confidence"]["findings"]
    if profile.empty:
        return body(
            note(
                f"Not yet: no review findings. Write them in {findings_file}, each naming the "
                "codebook entries it rests on (docs/cerqual.md).",
                "warning",
            ),
            intro=REFERENCE,
        )
    return body(
        _soqf(page, page.inputs.soqf),
        note(LEGEND),
        _profile(page, profile),
        _sensitivity(page, profile),
        _missing(page, page.inputs.missing_judgements),
        intro=REFERENCE,
    )


CONFIDENCE = Section("confidence", "Confidence in the findings (GRADE-CERQual)", confidence)
