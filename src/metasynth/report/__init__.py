"""The report: one self-contained HTML file a reviewer can read offline (results/report.html).

Inputs: `ReportInputs` (metasynth.report.inputs) — the contract tables of every stage, the config,
the figures (PNG bytes, embedded as data URIs) with their captions, the checksums of the input
files, the package versions and the run date. Output: `render_report(inputs) -> str`, a complete
HTML5 page with its stylesheet inline, no script, no external resource (a Content-Security-Policy
forbids loading any), and every text from records, coders and config HTML-escaped.

Sections (metasynth.report.sections.SECTIONS): review question, methods statements, search,
eligibility, screening, PRISMA 2020 diagram and table with its checks, exclusion reasons, kappa
tables, corpus figures, appraisal, included studies with CASP scores, coding, the framework table
with links to each concept's evidence (studies and quotes), entropy ranks, the clustering check,
the ENTREQ checklist with where each item is answered, and the reproducibility block (input
checksums, software versions, configuration, run date — the one field marked as allowed to differ
between runs).
"""

from __future__ import annotations

from metasynth.report.html import Markup, element
from metasynth.report.inputs import FigureImage, ReportInputs, load_report_inputs, run_date
from metasynth.report.sections import SECTIONS, body

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "SECTIONS",
    "FigureImage",
    "ReportInputs",
    "load_report_inputs",
    "render_report",
    "run_date",
]

CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
"""Nothing may be loaded from anywhere: images only from data: URIs, styles only inline."""

STYLESHEET = """
:root { --ink: #1a1a1a; --muted: #5a5a5a; --rule: #d9d9d9; --band: #f5f7fa; --accent: #0072b2;
  --warn: #fbe7bf; --bad: #d55e00; --good: #007a5a; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 1100px; padding: 1.5rem 1.5rem 4rem; line-height: 1.45;
  font-size: 15px; background: #fff; }
h1 { font-size: 1.7rem; margin: 0.2rem 0 0.4rem; }
h2 { font-size: 1.3rem; margin: 2.4rem 0 0.6rem; padding-bottom: 0.2rem;
  border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
a { color: var(--accent); }
a.up { font-size: 0.8rem; margin-left: 0.5rem; text-decoration: none; }
p.reference, p.intro, .muted, p.path { color: var(--muted); }
p.banner, p.warning { background: var(--warn); padding: 0.5rem 0.8rem; border-radius: 3px; }
p.note { color: var(--muted); font-size: 0.92rem; }
blockquote.question { font-size: 1.1rem; margin: 0.5rem 0; padding: 0.6rem 1rem;
  border-left: 4px solid var(--accent); background: var(--band); }
nav#contents ol { columns: 2; font-size: 0.95rem; }
table.data { border-collapse: collapse; width: 100%; margin: 0.6rem 0 1rem; font-size: 0.86rem; }
table.data caption { caption-side: top; text-align: left; color: var(--muted);
  font-size: 0.85rem; padding-bottom: 0.3rem; }
table.data th, table.data td { border-bottom: 1px solid var(--rule); padding: 0.25rem 0.45rem;
  text-align: left; vertical-align: top; }
table.data th { background: var(--band); font-weight: 600; }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap; }
table.data td.num span.breakdown { display: inline-block; white-space: normal; text-align: left; }
table.data td.empty { color: var(--muted); font-style: italic; }
table.data tr:target, article:target { background: #fff7d6; }
table.framework span.level-category { font-size: 1rem; }
table.framework span.level-subcategory { padding-left: 1rem; }
table.framework span.level-concept { padding-left: 2rem; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85em; }
code.query { white-space: pre-wrap; word-break: break-word; }
code.hash { font-size: 0.75em; word-break: break-all; }
span.files { font-size: 0.8em; word-break: break-all; }
span.missing { color: var(--bad); font-weight: 600; }
span.ok { color: var(--good); }
span.conceptid { color: var(--muted); font-size: 0.8rem; font-weight: normal;
  font-family: "DejaVu Sans Mono", monospace; }
figure { margin: 1rem 0 1.6rem; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { font-size: 0.88rem; color: var(--muted); margin-top: 0.3rem; }
figcaption p { margin: 0.2rem 0; display: inline; }
span.figname { font-family: "DejaVu Sans Mono", monospace; font-size: 0.8rem; color: var(--ink); }
article.concept { border-top: 1px solid var(--rule); padding-top: 0.2rem; }
table.quotes q { quotes: "\\201C" "\\201D"; }
dl.statements dt { font-weight: 600; margin-top: 0.6rem; }
dl.statements dd { margin-left: 1rem; }
details { margin: 0.5rem 0 1rem; }
summary { cursor: pointer; color: var(--accent); }
pre.config { background: var(--band); padding: 0.8rem; overflow-x: auto; font-size: 0.8rem; }
p.rundate time { font-weight: 600; }
ol.casp-questions { columns: 2; font-size: 0.85rem; }
@media print { body { max-width: none; font-size: 11px; } a.up { display: none; }
  details { display: block; } h2 { break-after: avoid; } figure { break-inside: avoid; } }
"""


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
    page = element("html", head, element("body", body(inputs)), lang="en")
    return "<!DOCTYPE html>\n" + page + "\n"
