"""The search part of the report: the review question, the authors' methods statements, and the
searches (each run's database, date, query and files, and what each source returned).

Reads: the config (`project`, `report.statements`), the search runs (`ReportInputs.searches`) and
the PRISMA counts per database and per run (results/screening/prisma_counts.csv).
"""

from __future__ import annotations

from collections.abc import Mapping

from metasynth.report.entreq import STATEMENT_KEYS, STATEMENT_TITLES
from metasynth.report.html import Child, Markup, breakable, element, join, table
from metasynth.report.page import Body, Page, Section, body, note, paragraphs
from metasynth.text import as_text


def question(page: Page) -> Body:
    project = page.inputs.config["project"]
    return body(
        element("blockquote", project["review_question"], class_="question"),
        note(join(["Reproducing: ", project["reference"]], ""))
        if project.get("reference")
        else None,
    )


def methods(page: Page) -> Body:
    statements: Mapping[str, str] = page.inputs.config.get("report", {}).get("statements", {})
    items = []
    for key in STATEMENT_KEYS:
        text = as_text(statements.get(key, ""))
        items.append(element("dt", STATEMENT_TITLES.get(key, key), id=f"statement-{key}"))
        if text:
            items.append(element("dd", paragraphs(text)))
        else:
            items.append(
                element(
                    "dd",
                    element("span", "Not stated. ", class_="missing"),
                    "Add it under ",
                    element("code", f"report.statements.{key}"),
                    f" in {page.file('statements')}.",
                )
            )
    return body(
        element("dl", items, class_="statements"),
        intro="What the data cannot say by itself, written by the authors in the configuration "
        "(report.statements). The ENTREQ checklist below links each item to these statements and "
        "to the sections that answer it from the data.",
    )


def _search_runs(page: Page) -> Markup:
    searches = page.inputs.searches
    if searches is None or not len(searches):
        return note(
            f"No search manifest ({page.file('search_manifest')}) was found: the databases, "
            "dates and queries of the searches are not documented in this run.",
            "warning",
        )
    rows = []
    for run in searches.to_dict("records"):
        years = "–".join(as_text(run.get(k)) for k in ("year_from", "year_to"))
        rows.append(
            [
                element("code", run["search_run"]),
                run["database"],
                as_text(run.get("review_version")),
                run["date_searched"],
                run["searched_by"],
                years if years != "–" else "",
                as_text(run.get("filters")),
                element("code", run["query"], class_="query"),
                element("span", breakable(as_text(run.get("files"))), class_="files"),
            ]
        )
    return table(
        [
            "Run",
            "Database",
            "Version",
            "Searched",
            "By",
            "Years",
            "Other limits",
            "Query (as run)",
            "Export files",
        ],
        rows,
        caption=f"Search runs ({page.file('search_manifest')})",
    )


def search(page: Page) -> Body:
    values = page.prisma_values
    parts: list[Child] = [_search_runs(page)]
    counts = [
        [label, text]
        for label, text in (
            ("Records identified, per database", values.get("database_specific_results", "")),
            ("Records identified, per search run", values.get("metasynth_search_run_results", "")),
        )
        if text
    ]
    if counts:
        parts.append(
            table(["Counted", "Records (label, n)"], counts, caption="What each source returned")
        )
    return body(*parts)


QUESTION = Section("question", "Review question", question)
METHODS = Section("methods", "Methods in the authors' words", methods)
SEARCH = Section("search", "Search", search)
