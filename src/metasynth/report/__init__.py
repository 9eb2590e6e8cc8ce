"""The report: one self-contained HTML file a reviewer can read offline (results/report.html).

Inputs: `ReportInputs` (metasynth.report.inputs) — the contract tables of every stage, the config,
the figures (PNG or SVG bytes, embedded as data URIs) with their captions, the checksums of the
input files, the package versions and the run date. Output: `render_report(inputs) -> str`, a
complete HTML5 page with its stylesheet inline (report.css), no script, no external resource (a
Content-Security-Policy forbids loading any), and every text from records, coders and config
HTML-escaped.

The page is a header (title, reference, the stage the review is at, contents) and the sections
of `PARTS`, in page order. Each part is a module that templates the tables of one stage:

- `stage`: where the review stands, step by step, and what each step waits for;
- `search`: review question, methods statements, search runs;
- `screening`: eligibility, screening, PRISMA 2020 diagram and table with its checks, exclusion
  reasons, kappa and reliability tables, corpus figures, included studies;
- `appraisal`: the quality appraisal in the words of the review's checklist (or "not
  appraised");
- `update`: what the latest review version adds;
- `synthesis`: coding, the framework with links to each concept's evidence (studies and quotes),
  entropy ranks, the clustering check;
- `confidence`: the GRADE-CERQual Summary of Qualitative Findings and Evidence Profile of each
  review finding, the sensitivity checks and the judgements still missing;
- `reproducibility`: the ENTREQ checklist with where each item is answered, and the
  reproducibility block (input checksums, software versions, configuration, run date — the one
  field marked as allowed to differ between runs).

`page` holds what the parts share (the `Section` type, the `Page` they read, formatting helpers)
and `html` the escape-by-default HTML builder. A new part is one module defining a `Section` and
one line in `PARTS`.
"""

from __future__ import annotations

from importlib import resources

from metasynth.report import (
    appraisal,
    confidence,
    reproducibility,
    screening,
    search,
    stage,
    synthesis,
    update,
)
from metasynth.report.html import Markup, element, join, link
from metasynth.report.inputs import FigureImage, ReportInputs, load_report_inputs, run_date
from metasynth.report.page import Page, Section, Studies

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "PARTS",
    "SECTIONS",
    "FigureImage",
    "ReportInputs",
    "Section",
    "load_report_inputs",
    "render_report",
    "run_date",
]

PARTS: tuple[Section, ...] = (
    stage.STAGE,
    search.QUESTION,
    search.METHODS,
    search.SEARCH,
    screening.ELIGIBILITY,
    screening.SCREENING,
    screening.PRISMA,
    update.UPDATE,
    screening.EXCLUSIONS,
    screening.AGREEMENT,
    screening.CORPUS,
    appraisal.APPRAISAL,
    screening.STUDIES,
    synthesis.CODING,
    synthesis.FRAMEWORK,
    synthesis.EVIDENCE,
    synthesis.ENTROPY,
    synthesis.CLUSTERING,
    confidence.CONFIDENCE,
    reproducibility.ENTREQ,
    reproducibility.REPRODUCIBILITY,
)
"""Every section of the page, in page order."""

SECTIONS: tuple[tuple[str, str], ...] = tuple((part.id, part.title) for part in PARTS)
"""(id, title) of every section, in page order: the link targets `#<id>`."""

CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
"""Nothing may be loaded from anywhere: images only from data: URIs, styles only inline."""

STYLESHEET = "\n" + resources.files(__name__).joinpath("report.css").read_text(encoding="utf-8")
"""The page's stylesheet (report.css), inlined in its <style> element."""


def header(page: Page, parts: tuple[Section, ...]) -> Markup:
    """Title, reference, the corpus note, what the page is, and the contents."""
    project = page.inputs.config["project"]
    contents = element(
        "nav",
        element("h2", "Contents"),
        element("ol", [element("li", link(part.id, part.title)) for part in parts]),
        id="contents",
    )
    return join(
        [
            element("h1", project["title"]),
            element("p", project.get("reference", ""), class_="reference")
            if project.get("reference")
            else None,
            element(
                "p", element("strong", "Note: "), project["corpus_note"], class_="warning banner"
            )
            if project.get("corpus_note")
            else None,
            stage.stage_banner(page),
            element(
                "p",
                "A self-contained report written by metasynth from the files of this review: every "
                "number below is derived from them, and the reproducibility section lists their "
                "checksums. It needs no network; links inside it jump between sections, studies "
                "and concepts.",
                class_="intro",
            ),
            contents,
        ],
        "",
    )


def render_body(inputs: ReportInputs, parts: tuple[Section, ...] = PARTS) -> Markup:
    """The page body: the header (title, banners, contents), then every section in <main>, so a
    screen reader's landmarks lead to the contents and to the report itself."""
    page = Page(inputs, Studies(inputs.studies), {part.id: part.title for part in parts})
    sections = join([part.html(page) for part in parts], "\n")
    return join([element("header", header(page, parts)), element("main", sections)], "\n")


def render_report(inputs: ReportInputs) -> str:
    """The whole report as an HTML5 document (a str; write it as UTF-8)."""
    title = str(inputs.config["project"]["title"])
    head = element(
        "head",
        Markup('<meta charset="utf-8">'),
        element("meta", http_equiv="Content-Security-Policy", content=CONTENT_SECURITY_POLICY),
        element("meta", name="viewport", content="width=device-width, initial-scale=1"),
        element("meta", name="generator", content="metasynth"),
        element("title", title, " — metasynth report"),
        element("style", Markup(STYLESHEET)),
    )
    page = element("html", head, element("body", render_body(inputs)), lang="en")
    return "<!DOCTYPE html>\n" + page + "\n"
