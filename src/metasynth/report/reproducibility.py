"""The reproducibility part of the report: the ENTREQ reporting checklist (where the report
answers each item) and the provenance of the run (run date, input checksums, software versions,
the configuration with its defaults).

Reads: the config (`report.statements`), the titles of the other sections (for the checklist's
links), the input files' checksums, the package versions and the run date.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from metasynth.report.entreq import STATEMENT_TITLES, entreq_rows
from metasynth.report.html import Child, Markup, element, join, link, table
from metasynth.report.page import Body, Page, Section, body, number


def entreq(page: Page) -> Body:
    statements: Mapping[str, str] = page.inputs.config.get("report", {}).get("statements", {})
    rows = []
    for row in entreq_rows(statements):
        item = row.item
        where: list[Child] = [
            link(s, page.titles.get(s, "Framework figures")) for s in item.sections
        ]
        if item.statement:
            title = STATEMENT_TITLES.get(item.statement, item.statement)
            where.append(link(f"statement-{item.statement}", f"authors' statement: {title}"))
        state = {
            "data": element("span", "answered by the data", class_="ok"),
            "statement": element("span", "data + authors' statement", class_="ok"),
            "missing": element(
                "span", f"statement missing (report.statements.{item.statement})", class_="missing"
            ),
        }[row.state]
        rows.append(
            [str(item.number), element("strong", item.name), item.asks, join(where, "; "), state]
        )
    return body(
        table(
            ["#", "Item", "What it asks", "Where this report answers it", "State"],
            rows,
            numeric=[0],
            caption="ENTREQ: Tong A, Flemming K, McInnes E, Oliver S, Craig J (2012). Enhancing "
            "transparency in reporting the synthesis of qualitative research. BMC Medical "
            "Research Methodology 12:181.",
        ),
    )


RUN_DATE_COMMENT = (
    "<!-- run-date: the ONLY field that differs between two runs of the same inputs -->"
)


def _run_date(page: Page) -> Markup:
    run_date = page.inputs.run_date
    return element(
        "p",
        "Run date: ",
        Markup(RUN_DATE_COMMENT),
        element(
            "time",
            run_date.replace("T", " ").replace("Z", " UTC"),
            id="run-date",
            datetime=run_date,
        ),
        element(
            "span",
            " (the only field that differs between two runs of the same inputs; set ",
            element("code", "SOURCE_DATE_EPOCH"),
            " to fix it). Every output's checksum is in ",
            element("code", page.file("manifest")),
            "; ",
            element("code", "metasynth manifest compare"),
            " checks two runs against each other.",
            class_="muted",
        ),
        class_="rundate",
    )


def reproducibility(page: Page) -> Body:
    inputs = page.inputs
    checksums = [
        [
            element("code", r["path"]),
            number(r["bytes"]),
            element("code", r["sha256"], class_="hash"),
        ]
        for r in inputs.input_files.to_dict("records")
    ]
    # how the work was cut into jobs (config `jobs`) changes no output, so not this page either
    config = {key: value for key, value in inputs.config.items() if key != "jobs"}
    config_text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)
    return body(
        _run_date(page),
        table(
            ["Input file", "Bytes", "SHA-256"],
            checksums,
            numeric=[1],
            caption="Input files of this run",
            stack=True,  # a path and a 64-digit digest side by side are wider than a phone
        ),
        table(
            ["Software", "Version"],
            [[name, version] for name, version in inputs.versions],
            caption="Software",
        ),
        element(
            "details",
            element(
                "summary",
                f"Configuration of this run ({page.file('config')} with defaults filled in)",
            ),
            element("pre", config_text, class_="config"),
        ),
    )


ENTREQ = Section("entreq", "ENTREQ reporting checklist", entreq)
REPRODUCIBILITY = Section("reproducibility", "Reproducibility", reproducibility)
