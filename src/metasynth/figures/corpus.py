"""The corpus at a glance: what was identified and what was included, year by year and by field.

Inputs: the publications table (results/dedup/publications.parquet: one row per publication,
canonical record columns) and the status table (results/screening/status.csv: `included` marks
the studies of the synthesis). Every count is a number of publications: a publication with two
countries, keywords or document types counts once under each.

Outputs (`corpus_figures`), each a `Figure` plus the table it shows (written next to it as CSV):

- `corpus_years`: publications per year, identified (after deduplication) above, included below;
- `corpus_document_types`, `corpus_languages`, `corpus_sources` (source titles),
  `corpus_countries` (from the affiliations), `corpus_keywords` (author keywords): the most
  frequent values among the included studies (then among all identified), as two bar panels
  side by side — identified on the left, included on the right, each on its own scale.
  Document types and languages are the normalised values (`doc_type_norm`, `language_norm`),
  shown by their labels, so that one type or language is one bar whatever each database wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from metasynth.config import section_with_defaults
from metasynth.errors import InputError
from metasynth.figures import style
from metasynth.figures.common import (
    MIN_FONT_PT,
    chars_for,
    display_names,
    included_ids,
    split_counts,
    wrap,
)
from metasynth.ingest.vocabulary import label
from metasynth.text import MULTI_SEP, split_multi

INCLUDED_COLOUR = style.PALETTE["blue"]
IDENTIFIED_COLOUR = style.tint(INCLUDED_COLOUR, 1.0)
"""The identified bars: the palest blue that keeps 3:1 on white (Okabe–Ito sky blue, 2.3:1, did
not), the included ones in full Okabe–Ito blue."""


@dataclass(frozen=True)
class FieldFigure:
    """One bar figure of the corpus: which column, how it is split, how many bars, its title."""

    name: str
    column: str
    title: str
    setting: str  # key of `figures.corpus` holding how many bars to show
    vocabulary: str = ""  # a normalised column: its values shown by their labels (vocabulary.py)


FIELD_FIGURES: tuple[FieldFigure, ...] = (
    FieldFigure(
        "corpus_document_types", "doc_type_norm", "Document types", "top_document_types", "doc_type"
    ),
    FieldFigure("corpus_languages", "language_norm", "Languages", "top_languages", "language"),
    FieldFigure("corpus_sources", "source_title", "Source titles", "top_sources"),
    FieldFigure("corpus_countries", "countries", "Countries (from affiliations)", "top_countries"),
    FieldFigure("corpus_keywords", "author_keywords", "Author keywords", "top_keywords"),
)
"""The field figures, in the order the report shows them."""

CORPUS_FIGURES: tuple[str, ...] = ("corpus_years", *(f.name for f in FIELD_FIGURES))
"""Every corpus figure, by file stem."""


@dataclass(frozen=True)
class CorpusFigureSettings:
    """How many bars each field figure shows (config `figures.corpus`), by `FieldFigure.setting`."""

    top_document_types: int
    top_languages: int
    top_sources: int
    top_countries: int
    top_keywords: int

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None = None) -> CorpusFigureSettings:
        """From the `figures` section, or the part of it a rule reads (schema defaults fill the
        rest)."""
        values = section_with_defaults("figures", dict(section or {}))["corpus"]
        return cls(**{name: int(value) for name, value in values.items()})

    def bars(self, spec: FieldFigure) -> int:
        return int(getattr(self, spec.setting))


def _check_columns(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"the {what} table has no column(s) {', '.join(missing)}",
            hint="re-run the workflow from the stage that writes it (docs/data-contracts.md)",
        )


def included_mask(publications: pd.DataFrame, status: pd.DataFrame) -> pd.Series:
    """True for publications whose status is `included`."""
    return publications["record_id"].astype(str).isin(set(included_ids(status)))


# --------------------------------------------------------------------------- tables


def years_table(publications: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """Publications per year: `year`, `n_identified`, `n_included`, every year from the first to
    the last (zeros included), then a row `year = "no year"` when some publications have none."""
    _check_columns(publications, ["record_id", "year"], "publications")
    years = pd.to_numeric(publications["year"].astype("string"), errors="coerce")
    included = included_mask(publications, status)
    known = years.notna()
    rows = []
    if known.any():
        first, last = int(years[known].min()), int(years[known].max())
        identified = years[known].astype(int).value_counts()
        chosen = years[known & included].astype(int).value_counts()
        for year in range(first, last + 1):
            rows.append(
                {
                    "year": str(year),
                    "n_identified": int(identified.get(year, 0)),
                    "n_included": int(chosen.get(year, 0)),
                }
            )
    if (~known).any():
        rows.append(
            {
                "year": "no year",
                "n_identified": int((~known).sum()),
                "n_included": int((~known & included).sum()),
            }
        )
    frame = pd.DataFrame(rows, columns=["year", "n_identified", "n_included"])
    frame["year"] = frame["year"].astype("string")
    return frame.astype({"n_identified": "int64", "n_included": "int64"})


def field_table(
    publications: pd.DataFrame, status: pd.DataFrame, column: str, *, top_n: int
) -> tuple[pd.DataFrame, int]:
    """The `top_n` most frequent parts of a (multi-valued) column and the number of distinct parts.

    Rows: `item` (most frequent spelling), `n_identified` and `n_included` (publications having
    it), sorted by included, then identified (both descending), then item. Empty cells count
    under no item.
    """
    _check_columns(publications, ["record_id", column], "publications")
    values = publications[column].astype("string").fillna("")
    included = included_mask(publications, status)
    identified_counts = split_counts(values)
    included_counts = split_counts(values[included])
    names = display_names(values)
    rows = sorted(
        (
            (names[key], identified_counts[key], included_counts.get(key, 0))
            for key in identified_counts
        ),
        key=lambda row: (-row[2], -row[1], row[0]),
    )
    frame = pd.DataFrame(rows[:top_n], columns=["item", "n_identified", "n_included"])
    frame["item"] = frame["item"].astype("string")
    return frame.astype({"n_identified": "int64", "n_included": "int64"}), len(rows)


# --------------------------------------------------------------------------- drawing


def _annotate_bars(
    axes: Axes, values: list[int], positions: list[float], *, horizontal: bool
) -> None:
    """Write each bar's count just past its end (7 pt)."""
    top = max(values, default=0) or 1
    for value, position in zip(values, positions, strict=True):
        if not value:
            continue  # an empty bar needs no number; the axis says 0
        if horizontal:
            axes.text(
                value + top * 0.02,
                position,
                f"{value:,}",
                va="center",
                ha="left",
                fontsize=MIN_FONT_PT,
            )
        else:
            axes.text(
                position,
                value + top * 0.02,
                f"{value:,}",
                va="bottom",
                ha="center",
                fontsize=MIN_FONT_PT,
                rotation=90,
            )


def _not_yet(axes: Axes, n_included: int = 0) -> None:
    """An empty "included" panel says why: no study is included yet (a review being screened),
    or none of the included studies has the field (no country in their exports' addresses)."""
    message = (
        wrap(f"Not known for any of the {n_included:,} included studies", 24)
        if n_included
        else "Not yet: no included study"
    )
    axes.text(
        0.5, 0.5, message, transform=axes.transAxes, ha="center", va="center",
        fontsize=MIN_FONT_PT + 1,
    )  # fmt: skip


def draw_years(table: pd.DataFrame) -> Figure:
    """Two stacked bar panels sharing the year axis: identified above, included below."""
    dated = table[table["year"] != "no year"]
    undated = table[table["year"] == "no year"]
    years = [int(y) for y in dated["year"]]
    with style.style_context():
        figure = style.new_figure("double", height_mm=88)
        top, bottom = figure.subplots(2, 1, sharex=True)
        panels = (
            (top, "n_identified", IDENTIFIED_COLOUR, "Identified, after deduplication"),
            (bottom, "n_included", INCLUDED_COLOUR, "Included in the synthesis"),
        )
        for axes, column, colour, label in panels:
            values = [int(v) for v in dated[column]]
            axes.bar(years, values, width=0.75, color=colour, edgecolor="none")
            axes.set_ylabel("Publications")
            total = int(table[column].sum())
            axes.set_title(f"{label} (n\u00a0=\u00a0{total:,})", loc="left", fontsize=8)
            axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
            axes.set_ylim(0, max(max(values, default=0) * 1.18, 1))
            _annotate_bars(axes, values, [float(y) for y in years], horizontal=False)
            if column == "n_included" and not total:
                _not_yet(axes)
        if years:
            bottom.set_xticks(years)
            bottom.set_xticklabels([str(y) for y in years], rotation=90)
            bottom.set_xlim(years[0] - 0.7, years[-1] + 0.7)
        bottom.set_xlabel("Publication year (PY, else early-access year)")
        if len(undated):
            n_none = int(undated["n_identified"].iloc[0])
            top.text(
                1.0,
                1.02,
                f"{n_none:,} publication(s) without a year not shown",
                transform=top.transAxes,
                ha="right",
                va="bottom",
                fontsize=MIN_FONT_PT,
            )
    return figure


def draw_field_bars(
    table: pd.DataFrame, *, title: str, n_distinct: int, n_included: int = 0
) -> Figure:
    """Identified and included counts of the top items as two horizontal bar panels;
    `n_included`: the number of included studies, for an included panel without a bar."""
    width_mm = style.COLUMN_WIDTHS_MM["one_and_half"]
    label_chars = chars_for(width_mm * 0.36)
    labels = [wrap(str(item), label_chars) for item in table["item"]]
    # Each bar gets a row as tall as its label (one unit holds two lines), so labels never touch.
    rows = [max(1.0, 0.55 * (label.count("\n") + 1) + 0.25) for label in labels]
    positions = [sum(rows[:i]) + rows[i] / 2 for i in range(len(rows))]
    extent = sum(rows)
    height_mm = 22.0 + max(extent, 1.0) * 5.4
    with style.style_context():
        figure = style.new_figure(width_mm, height_mm=height_mm)
        left, right = figure.subplots(1, 2, sharey=True)
        shown = f"top {len(table)} of {n_distinct:,}" if n_distinct > len(table) else "all"
        figure.suptitle(f"{title} ({shown})", fontsize=9, x=0.02, ha="left")
        panels = (
            (left, "n_identified", IDENTIFIED_COLOUR, "Identified"),
            (right, "n_included", INCLUDED_COLOUR, "Included"),
        )
        for axes, column, colour, label in panels:
            values = [int(v) for v in table[column]]
            axes.barh(positions, values, height=0.7, color=colour, edgecolor="none")
            axes.set_title(label, loc="left", fontsize=8)
            axes.set_xlim(0, max(max(values, default=0) * 1.25, 1))
            axes.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
            axes.set_xlabel("Publications")
            _annotate_bars(axes, values, [float(p) for p in positions], horizontal=True)
            if column == "n_included" and len(table) and not sum(values):
                _not_yet(axes, n_included)
        left.set_yticks(positions)
        left.set_yticklabels(labels)
        left.set_ylim(max(extent, 1.0), 0.0)
        if not len(table):
            left.text(0.5, 0.5, "no values", transform=left.transAxes, ha="center")
    return figure


# --------------------------------------------------------------------------- driver


def _labelled(publications: pd.DataFrame, spec: FieldFigure) -> pd.DataFrame:
    """The publications with a normalised column's values replaced by their labels, so that
    "eng" and "English", or "JOUR" and "Article", are one bar whatever the database wrote."""
    if not spec.vocabulary or spec.column not in publications.columns:
        return publications
    cells = publications[spec.column].astype("string").fillna("")
    labels = {
        cell: MULTI_SEP.join(label(spec.vocabulary, part) for part in split_multi(cell))
        for cell in cells.unique()
    }
    return publications.assign(**{spec.column: cells.map(labels)})


def corpus_figures(
    publications: pd.DataFrame,
    status: pd.DataFrame,
    settings: CorpusFigureSettings,
) -> dict[str, tuple[Figure, pd.DataFrame]]:
    """Every corpus figure by file stem, each with the table it shows (see module docstring)."""
    years = years_table(publications, status)
    figures: dict[str, tuple[Figure, pd.DataFrame]] = {"corpus_years": (draw_years(years), years)}
    n_included = int(included_mask(publications, status).sum())
    for spec in FIELD_FIGURES:
        table, n_distinct = field_table(
            _labelled(publications, spec), status, spec.column, top_n=settings.bars(spec)
        )
        figures[spec.name] = (
            draw_field_bars(table, title=spec.title, n_distinct=n_distinct, n_included=n_included),
            table,
        )
    return figures
