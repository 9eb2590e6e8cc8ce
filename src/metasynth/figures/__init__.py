"""Figures: one module per figure group, all drawn in the shared style `metasynth.figures.style`.

`style` fixes the palette (colour-blind safe), the journal column sizes, the fonts and the file
metadata so that every PNG, SVG and PDF is byte-identical from run to run; `prisma` draws the
PRISMA 2020 flow diagram from the counts in `results/screening/prisma_counts.csv`.

The other groups, each drawn by one rule of workflow/rules/figures.smk as soon as its inputs
exist, and each figure written as `results/figures/<name>.png/.svg/.pdf` plus `<name>.csv` (the
numbers it shows):

- `corpus` — the corpus at a glance (publications per year, document types, languages, source
  titles, countries, author keywords; identified vs included);
- `framework` (with `network` and `sankey`) — the hierarchy tree, concept frequencies, the study ×
  sub-category heatmap, the concept co-occurrence network, the codes → categories flow; they and
  `agreement` read the framework table through `framework_table`;
- `agreement` — entropy weights, and coder and screener agreement.

`FIGURE_GROUPS` names every figure by group without importing matplotlib, and `figure_outputs`
lists a group's files for its rule (the rule files call it, naming the folder).
"""

from collections.abc import Callable
from typing import Any

FIGURE_GROUPS: dict[str, tuple[str, ...]] = {
    "corpus": (
        "corpus_years",
        "corpus_document_types",
        "corpus_languages",
        "corpus_sources",
        "corpus_countries",
        "corpus_keywords",
    ),
    "framework": (
        "framework_hierarchy",
        "framework_concepts",
        "framework_heatmap",
        "framework_network",
        "framework_sankey",
    ),
    "entropy": ("framework_entropy",),
    "agreement": ("agreement_screening", "agreement_coding"),
}
"""Figure file stems by figure group (one rule each), in the order the report shows them."""

FIGURE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
"""Every figure is written in these formats: PNG to look at, SVG and PDF for papers."""


def figure_outputs(
    group: str, report: Callable[..., Any] | None = None, *, directory: str
) -> dict[str, Any]:
    """Every file a figure group writes into `directory`, keyed for a rule's `output:`: `<name>`
    → the PNG (wrapped by `report` — Snakemake's `report()` — with its caption from
    workflow/report/<name>.rst, so `snakemake --report` shows it), `<name>_svg`, `<name>_pdf` and
    `<name>_csv`."""
    outputs: dict[str, Any] = {}
    for name in FIGURE_GROUPS[group]:
        png = f"{directory}/{name}.png"
        outputs[name] = (
            report(
                png,
                caption=f"../report/{name}.rst",
                category="Figures",
                subcategory=group.capitalize(),
            )
            if report is not None
            else png
        )
        for extension in ("svg", "pdf", "csv"):
            outputs[f"{name}_{extension}"] = f"{directory}/{name}.{extension}"
    return outputs


def _report_figure_names() -> list[str]:
    """The figures results/report.html embeds: the PRISMA diagram, then every group's."""
    return ["prisma", *(name for group in FIGURE_GROUPS.values() for name in group)]


def report_figures(extension: str, directory: str) -> list[str]:
    """The files of the figures the report embeds, as `extension` (config report.figure_format),
    in `directory`."""
    return [f"{directory}/{name}.{extension}" for name in _report_figure_names()]


def report_captions(directory: str) -> list[str]:
    """The caption file (reStructuredText, in `directory`) of each figure the report embeds, in
    the same order."""
    return [f"{directory}/{name}.rst" for name in _report_figure_names()]
