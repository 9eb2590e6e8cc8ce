"""The framework as pictures: hierarchy, concept frequencies, the study × sub-category map.

Inputs (docs/data-contracts.md, results/synthesis): `framework.csv` (category, sub-category and
concept rows in codebook order with supporting documents and codings, read by
`framework_table.read_framework`), `doc_concept_matrix.csv` (codings per document and concept)
and the included studies numbered S1…Sn (results/screening/studies.csv,
`metasynth.screen.summary.study_numbers`).

Outputs (`framework_figures`, with `network.draw_network` and `sankey.draw_sankey`), each a
`Figure` and the table it shows:

- `framework_hierarchy`: a tree — categories → sub-categories → concepts — whose node areas are
  proportional to the number of supporting documents;
- `framework_concepts`: supporting documents and codings of every concept, grouped under its
  sub-category, coloured by category;
- `framework_heatmap`: codings per included study (columns, S1…Sn) and sub-category (rows);
- `framework_network` and `framework_sankey` (see those modules).

Colours: one colour of `style.CATEGORICAL` per category (`framework_table.category_colours`), in
codebook order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, LinearSegmentedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import FuncFormatter, MaxNLocator

from metasynth.config import section_with_defaults
from metasynth.figures import style
from metasynth.figures.common import (
    KEY_LEGEND,
    MIN_FONT_PT,
    NumberedKey,
    as_int,
    chars_for,
    fit_width,
    grouped_rows,
    label_grouped_rows,
    lay_out,
    legend_below,
    n_lines,
    no_data,
    wrap,
    wrap_counted,
)
from metasynth.figures.framework_table import (
    category_colours,
    concepts_of,
    labels_by_id,
    read_framework,
)
from metasynth.figures.network import cooccurrence_table, draw_network
from metasynth.figures.sankey import draw_sankey, sankey_table
from metasynth.figures.style import tint

EMPTY_CELL = "#F0F0F0"
"""Heatmap colour of a study with no coding in a sub-category (light grey, so the grid shows)."""

FEWEST_CODINGS = tint(style.PALETTE["blue"], 1.0, background=EMPTY_CELL)
"""Heatmap colour of one coding, the palest of the scale: 3:1 against an empty cell (and so
against the white grid), as whether a study supports a sub-category is read from the cells
alone (WCAG 2.1 SC 1.4.11); how many codings is read from the colour bar and the CSV."""


@dataclass(frozen=True)
class FrameworkFigureSettings:
    """The heatmap's studies per panel and the network's edges (config `figures.framework`)."""

    heatmap_studies_per_row: int
    network_min_documents: int
    network_max_edges: int

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None = None) -> FrameworkFigureSettings:
        """From the `figures` section, or the part of it a rule reads (schema defaults fill the
        rest)."""
        values = section_with_defaults("figures", dict(section or {}))["framework"]
        return cls(**{name: int(value) for name, value in values.items()})


def _integer_axis(axis: Any) -> None:
    axis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{int(value):,}"))


# --------------------------------------------------------------------------- hierarchy tree


def hierarchy_table(framework: pd.DataFrame) -> pd.DataFrame:
    """What the hierarchy tree shows: level, id, parent, label, n_documents, in codebook order."""
    rows = []
    for row in framework.itertuples(index=False):
        level = str(row.level)
        node = {"category": row.category, "subcategory": row.subcategory}.get(level, row.concept)
        parent = {"category": "", "subcategory": row.category}.get(level, row.subcategory)
        rows.append(
            {
                "level": level,
                "id": node,
                "parent": parent,
                "label": row.label,
                "n_documents": int(row.n_documents),
            }
        )
    frame = pd.DataFrame(rows, columns=["level", "id", "parent", "label", "n_documents"])
    for column in ("level", "id", "parent", "label"):
        frame[column] = frame[column].astype("string")
    return frame.astype({"n_documents": "int64"})


def _curve(x0: float, y0: float, x1: float, y1: float) -> MplPath:
    """A horizontal S-curve from (x0, y0) to (x1, y1) (cubic Bézier)."""
    middle = (x0 + x1) / 2
    return MplPath(
        [(x0, y0), (middle, y0), (middle, y1), (x1, y1)],
        [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4],
    )


X_CATEGORY, X_SUB, X_CONCEPT = 0.06, 0.32, 0.57
"""Where the hierarchy tree's three columns of nodes are (fractions of the width)."""


@dataclass
class _Tree:
    """The hierarchy tree's nodes by level (hierarchy_table rows) and their vertical positions."""

    concepts: pd.DataFrame
    subs: pd.DataFrame
    cats: pd.DataFrame
    y_of: dict[str, float]  # concept id, "sub:<id>", "cat:<id>" → row position
    n_rows: float
    colours: dict[str, str]  # category id → colour
    parent_category: dict[str, str]  # sub-category id → category id
    top: int  # the most supporting documents of any node
    labels: dict[str, str]  # node id (as in y_of) → its label and count, wrapped

    def marker_area(self, n_documents: int) -> float:
        # Area ∝ documents; the largest node is 11 pt across (a circle of 95 pt²).
        return 95.0 * n_documents / self.top if n_documents else 0.0

    def concept_colour(self, sub: str) -> str:
        """The colour of a concept of sub-category `sub` (its category's)."""
        return self.colours.get(self.parent_category.get(sub, ""), style.INK)


ROW_MM = 3.5
"""The hierarchy tree's row height (one concept)."""

LINE_ROWS = 1.2 * MIN_FONT_PT * style.MM_PER_POINT / ROW_MM
"""One 7-pt line of a label, in rows."""

CATEGORY_LINE_ROWS = 1.2 * 8.0 * style.MM_PER_POINT / ROW_MM
"""One 8-pt line of a category label, in rows."""


def _tree_labels(table: pd.DataFrame, width_mm: float) -> dict[str, str]:
    """Every node's label with its supporting documents, wrapped, whole, to its column (keys
    as in `_Tree.y_of`)."""
    chars = {
        "concept": chars_for(width_mm * (1 - X_CONCEPT) - 6.0, average_em=0.55),
        "subcategory": chars_for(width_mm * (X_CONCEPT - X_SUB) - 8.0, average_em=0.6),
        "category": chars_for(width_mm * (X_SUB - X_CATEGORY) - 6.0, 8.0, average_em=0.6),
    }
    prefix = {"concept": "", "subcategory": "sub:", "category": "cat:"}
    return {
        prefix[str(row.level)] + str(row.id): wrap_counted(
            str(row.label), int(row.n_documents), chars[str(row.level)]
        )
        for row in table.itertuples(index=False)
    }


def _concept_rows(concepts: pd.DataFrame, labels: dict[str, str]) -> dict[str, float]:
    """Concepts one per row (a row as tall as the concept's label), with a gap before each new
    sub-category wide enough for its label (drawn above its node, which sits at the mean
    position of its concepts)."""
    y_of: dict[str, float] = {}
    position = 0.0
    previous_node = -2.0  # the column headings
    for number, (sub, group) in enumerate(concepts.groupby("parent", sort=False)):
        heights = [max(1.0, n_lines(labels[str(c)]) * LINE_ROWS + 0.15) for c in group["id"]]
        centres = [0.0]
        for before, after in pairwise(heights):
            centres.append(centres[-1] + (before + after) / 2)
        offset = float(np.mean(centres))
        # the label (above the node, `lines` high) clears the node before it
        lines = n_lines(labels.get("sub:" + str(sub), ""))
        needed = previous_node + 0.4 + 0.55 + lines * LINE_ROWS - offset
        first = max(position + (0.6 if number else 0.0) + (heights[0] - 1) / 2, needed)
        for concept, centre in zip(group["id"], centres, strict=True):
            y_of[str(concept)] = first + centre
        previous_node = first + offset
        position = first + centres[-1] + (heights[-1] + 1) / 2
    return y_of


def _parent_rows(
    concepts: pd.DataFrame, subs: pd.DataFrame, cats: pd.DataFrame, y_of: dict[str, float]
) -> None:
    """Each sub-category and category at the mean position of its children (in `y_of`)."""
    for row in subs.itertuples(index=False):
        mine = [y_of[str(c)] for c in concepts.loc[concepts["parent"] == row.id, "id"]]
        y_of["sub:" + str(row.id)] = float(np.mean(mine)) if mine else 0.0
    for row in cats.itertuples(index=False):
        mine = [y_of["sub:" + str(s)] for s in subs.loc[subs["parent"] == row.id, "id"]]
        y_of["cat:" + str(row.id)] = float(np.mean(mine)) if mine else 0.0


def _clear_category_labels(
    concepts: pd.DataFrame,
    subs: pd.DataFrame,
    cats: pd.DataFrame,
    y_of: dict[str, float],
    labels: dict[str, str],
) -> float:
    """Move each category (and all below it) down until its label, drawn above its node,
    clears the node above it (or the column heading); the total shift in rows."""
    category_of_concept = concepts["parent"].map(dict(zip(subs["id"], subs["parent"], strict=True)))
    shifted = 0.0
    previous_node = -2.4  # the column headings
    for row in cats.itertuples(index=False):
        key = "cat:" + str(row.id)
        top = y_of[key] - 0.9 - n_lines(labels[key]) * CATEGORY_LINE_ROWS
        deficit = previous_node + 0.6 - top
        if deficit > 0:
            first = int(np.argmax((category_of_concept == row.id).to_numpy()))
            for concept in concepts["id"].iloc[first:]:
                y_of[str(concept)] += deficit
            _parent_rows(concepts, subs, cats, y_of)
            shifted += deficit
        previous_node = y_of[key]
    return shifted


def _tree(framework: pd.DataFrame, width_mm: float) -> _Tree:
    """Every node's position (see `_concept_rows`; sub-categories and categories at the mean
    position of their children, categories moved down where their labels need the room)."""
    table = hierarchy_table(framework)
    concepts = table[table["level"] == "concept"].reset_index(drop=True)
    subs = table[table["level"] == "subcategory"].reset_index(drop=True)
    cats = table[table["level"] == "category"].reset_index(drop=True)
    labels = _tree_labels(table, width_mm)
    y_of = _concept_rows(concepts, labels)
    _parent_rows(concepts, subs, cats, y_of)
    _clear_category_labels(concepts, subs, cats, y_of, labels)
    last = max((y_of[str(c)] + (n_lines(labels[str(c)]) - 1) * LINE_ROWS / 2 + 1
                for c in concepts["id"]), default=0.0)  # fmt: skip
    top = max(int(table["n_documents"].max()) if len(table) else 1, 1)
    return _Tree(
        concepts,
        subs,
        cats,
        y_of,
        max(last, 1.0),
        category_colours(framework),
        dict(zip(subs["id"], subs["parent"], strict=True)),
        top,
        labels,
    )


def _draw_links(axes: Axes, tree: _Tree) -> None:
    """Curves from each sub-category to its concepts, then from each category to its
    sub-categories, in a paler tint of the category's colour (`style.tint`: still 3:1 on white,
    for the curves alone say which sub-category a concept hangs from)."""
    for row in tree.concepts.itertuples(index=False):
        sub_y = tree.y_of["sub:" + str(row.parent)]
        axes.add_patch(
            PathPatch(
                _curve(X_SUB, sub_y, X_CONCEPT, tree.y_of[str(row.id)]),
                facecolor="none",
                edgecolor=tint(tree.concept_colour(row.parent), 0.45),
                linewidth=0.6,
            )
        )
    for row in tree.subs.itertuples(index=False):
        colour = tree.colours.get(str(row.parent), style.INK)
        axes.add_patch(
            PathPatch(
                _curve(
                    X_CATEGORY,
                    tree.y_of["cat:" + str(row.parent)],
                    X_SUB,
                    tree.y_of["sub:" + str(row.id)],
                ),
                facecolor="none",
                edgecolor=tint(colour, 0.3),
                linewidth=0.9,
            )
        )


def _draw_nodes(axes: Axes, tree: _Tree) -> None:
    """Concept, sub-category and category nodes with their labels and supporting documents."""
    for row in tree.concepts.itertuples(index=False):
        colour = tree.concept_colour(row.parent)
        y = tree.y_of[str(row.id)]
        axes.scatter(
            [X_CONCEPT], [y], s=tree.marker_area(int(row.n_documents)), color=colour, zorder=3
        )
        if not row.n_documents:
            axes.scatter(
                [X_CONCEPT], [y], s=6, facecolor="white", edgecolor=colour, lw=0.6, zorder=3
            )
        axes.text(
            X_CONCEPT + 0.018,
            y,
            tree.labels[str(row.id)],
            va="center",
            ha="left",
            fontsize=MIN_FONT_PT,
        )
    for row in tree.subs.itertuples(index=False):
        colour = tree.colours.get(str(row.parent), style.INK)
        y = tree.y_of["sub:" + str(row.id)]
        axes.scatter([X_SUB], [y], s=tree.marker_area(int(row.n_documents)), color=colour, zorder=3)
        axes.text(
            X_SUB + 0.012,
            y - 0.55,
            tree.labels["sub:" + str(row.id)],
            va="bottom",
            ha="left",
            fontsize=MIN_FONT_PT,
            fontweight="bold",
            color=style.INK,
            # A white backing keeps the label legible where the curves fan out under it.
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85},
            zorder=4,
        )
    for row in tree.cats.itertuples(index=False):
        colour = tree.colours.get(str(row.id), style.INK)
        y = tree.y_of["cat:" + str(row.id)]
        axes.scatter(
            [X_CATEGORY], [y], s=tree.marker_area(int(row.n_documents)), color=colour, zorder=3
        )
        axes.text(
            X_CATEGORY - 0.005,
            y - 0.9,
            tree.labels["cat:" + str(row.id)],
            va="bottom",
            ha="left",
            fontsize=8,
            fontweight="bold",
            color=style.readable(colour),
            # over the curves fanning out of the node
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85},
            zorder=4,
        )


def draw_hierarchy(framework: pd.DataFrame, n_studies: int) -> Figure:
    """Categories → sub-categories → concepts as a left-to-right tree; node area ∝ documents."""
    width_mm = style.COLUMN_WIDTHS_MM["double"]
    tree = _tree(framework, width_mm)
    height_mm = 20.0 + tree.n_rows * ROW_MM
    with style.style_context():
        figure = Figure(figsize=style.figure_size(width_mm, height_mm=height_mm))
        if tree.concepts.empty:
            return no_data(figure, "Not yet: the codebook has no concepts")
        axes = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        axes.set_axis_off()
        axes.set_xlim(0, 1)
        axes.set_ylim(tree.n_rows + 1.6, -3.2)
        _draw_links(axes, tree)
        _draw_nodes(axes, tree)
        for x, heading in (
            (X_CATEGORY, "Categories"),
            (X_SUB, "Sub-categories"),
            (X_CONCEPT, "Concepts"),
        ):
            axes.text(x, -2.4, heading, ha="left", va="center", fontsize=8, fontweight="bold")
        axes.text(
            0.995,
            tree.n_rows + 0.9,
            f"Node area ∝ supporting documents (in brackets; of {n_studies} included studies)",
            ha="right",
            va="center",
            fontsize=MIN_FONT_PT,
        )
    return figure


# --------------------------------------------------------------------------- concept frequencies


def concept_frequency_table(framework: pd.DataFrame) -> pd.DataFrame:
    """Concepts in codebook order: category, sub-category, concept, label, documents, codings."""
    concepts = concepts_of(framework)
    return concepts[
        [
            "category",
            "subcategory",
            "concept",
            "label",
            "subcategory_label",
            "n_documents",
            "n_codings",
        ]
    ].reset_index(drop=True)


def draw_concepts(framework: pd.DataFrame, n_studies: int) -> Figure:
    """Supporting documents and codings per concept, grouped under sub-category headings."""
    table = concept_frequency_table(framework)
    colours = category_colours(framework)
    width_mm = style.COLUMN_WIDTHS_MM["double"]
    rows = grouped_rows(
        list(table["subcategory_label"]), list(table["label"]), chars_for(width_mm * 0.40)
    )
    positions = rows.positions
    height_mm = 26.0 + max(rows.extent, 1.0) * 3.1 + 3.0 * len(colours)
    with style.style_context():
        figure = style.new_figure(width_mm, height_mm=height_mm)
        if table.empty:
            return no_data(figure, "Not yet: the codebook has no concepts")
        left, right = figure.subplots(1, 2, sharey=True, width_ratios=(1.25, 1.0))
        bar_colours = [colours.get(str(c), style.INK) for c in table["category"]]
        for axes, column, title in (
            (left, "n_documents", f"Studies (of {n_studies}; %)"),
            (right, "n_codings", "Codings"),
        ):
            values = [int(v) for v in table[column]]
            axes.barh(positions, values, height=0.72, color=bar_colours, edgecolor="none")
            top = max(max(values, default=0), 1)
            axes.set_xlim(0, top * (1.3 if column == "n_documents" else 1.15))
            for value, position in zip(values, positions, strict=True):
                share = (
                    f" ({100 * value / n_studies:.0f}%)"
                    if column == "n_documents" and n_studies
                    else ""
                )
                axes.text(
                    value + top * 0.015,
                    position,
                    f"{value}{share}",
                    va="center",
                    fontsize=MIN_FONT_PT,
                )
            axes.set_title(title, loc="left", fontsize=8)
            _integer_axis(axes.xaxis)
        label_grouped_rows(left, rows)
        left.set_ylim(rows.extent - 0.4, -0.8)
        handles = [
            Patch(color=colour, label=labels_by_id(framework).get(category, category))
            for category, colour in colours.items()
        ]
        legend_below(figure, handles)
    return figure


# --------------------------------------------------------------------------- heatmap


def heatmap_table(
    framework: pd.DataFrame, matrix: pd.DataFrame, numbers: pd.DataFrame
) -> pd.DataFrame:
    """Codings per included study (S1…Sn, rows) and sub-category (columns, codebook order).

    `numbers` is the study numbering (results/screening/studies.csv: record_id, label, in study
    order). Studies with no coding yet are rows of zeros. Columns: study, record_id, then one
    column per sub-category id.
    """
    concepts = concepts_of(framework)
    subcategories = list(dict.fromkeys(concepts["subcategory"]))
    counts = matrix.copy()
    counts["record_id"] = counts["record_id"].astype(str)
    counts = counts.set_index("record_id")
    per_sub = pd.DataFrame(index=numbers["record_id"].astype(str))
    for sub in subcategories:
        members = [
            c for c in concepts.loc[concepts["subcategory"] == sub, "concept"] if c in counts
        ]
        values = (
            counts[members].apply(as_int).sum(axis=1)
            if members
            else pd.Series(0, index=counts.index)
        )
        per_sub[sub] = values.reindex(per_sub.index).fillna(0).astype("int64")
    per_sub = per_sub.reset_index(names="record_id")
    per_sub.insert(0, "study", numbers["label"].tolist())
    per_sub["study"] = per_sub["study"].astype("string")
    per_sub["record_id"] = per_sub["record_id"].astype("string")
    return per_sub


def _heatmap_row_labels(names: list[str], width_mm: float) -> tuple[list[str], NumberedKey]:
    """Each sub-category's label wrapped, whole, on up to two lines beside its row; a longer
    one is a number whose full label the key under the heatmap gives."""
    chars = chars_for(width_mm * 0.3, average_em=0.55)
    key = NumberedKey()
    shown = []
    for name in names:
        wrapped = wrap(name, chars)
        shown.append(wrapped if n_lines(wrapped) <= 2 else key.mark(name))
    return shown, key


def draw_heatmap(framework: pd.DataFrame, table: pd.DataFrame, studies_per_row: int) -> Figure:
    """Sub-categories (rows) × studies (columns), in panels of `studies_per_row` studies."""
    labels = labels_by_id(framework)
    concepts = concepts_of(framework)
    subcategories = list(dict.fromkeys(concepts["subcategory"]))
    parent = dict(zip(concepts["subcategory"], concepts["category"], strict=False))
    values = table[subcategories].to_numpy(dtype=float).T if subcategories else np.zeros((0, 0))
    n_studies = len(table)
    n_panels = max(1, math.ceil(n_studies / studies_per_row))
    top = int(values.max()) if values.size else 0
    bounds = list(range(0, max(top, 1) + 2))
    colours = [EMPTY_CELL] + [
        to_hex(c)
        for c in LinearSegmentedColormap.from_list(
            "codings", [FEWEST_CODINGS, style.PALETTE["blue"], "#06294A"]
        )(np.linspace(0, 1, max(top, 1)))
    ]
    cmap = LinearSegmentedColormap.from_list("codings_steps", colours, N=len(colours))
    norm = BoundaryNorm(bounds, cmap.N)
    width_mm = style.COLUMN_WIDTHS_MM["double"]
    row_labels, key = _heatmap_row_labels([labels.get(s, s) for s in subcategories], width_mm)
    row_lines = max((n_lines(label) for label in row_labels), default=1)
    panel_mm = len(subcategories) * (4.0 if row_lines == 1 else 6.5) + 13.0
    # the key: two columns of about 45 characters, a 7-pt line for each
    key_mm = sum(len(label) // 45 + 1 for _, label in key.entries) * 1.6 + 3.0 * bool(key.entries)
    height_mm = 12.0 + n_panels * panel_mm + key_mm
    category_colour = category_colours(framework)
    with style.style_context():
        figure = style.new_figure(width_mm, height_mm=height_mm)
        if not n_studies or not subcategories:
            return no_data(figure, "Not yet: no coded included study, or no sub-categories")
        panels = figure.subplots(n_panels, 1, squeeze=False)[:, 0]
        image = None
        for index, axes in enumerate(panels):
            start = index * studies_per_row
            stop = min(start + studies_per_row, n_studies)
            block = values[:, start:stop]
            image = axes.imshow(block, aspect="auto", cmap=cmap, norm=norm, interpolation="nearest")
            axes.set_xticks(range(stop - start))
            axes.set_xticklabels(list(table["study"][start:stop]), rotation=90)
            axes.set_yticks(range(len(subcategories)))
            axes.set_yticklabels(row_labels)
            for tick, sub in zip(axes.get_yticklabels(), subcategories, strict=True):
                tick.set_color(style.readable(category_colour.get(parent.get(sub, ""), style.INK)))
            axes.set_xticks(np.arange(-0.5, stop - start, 1), minor=True)
            axes.set_yticks(np.arange(-0.5, len(subcategories), 1), minor=True)
            axes.grid(which="minor", color="#FFFFFF", linewidth=0.5)
            axes.tick_params(which="minor", length=0)
            axes.tick_params(which="major", length=1.5)
            for spine in axes.spines.values():
                spine.set_visible(False)
            # Same cell width in every panel, so a short last panel is not stretched.
            axes.set_xlim(-0.5, studies_per_row - 0.5 if n_panels > 1 else stop - start - 0.5)
        assert image is not None
        bar = figure.colorbar(image, ax=list(panels), shrink=0.6, aspect=25, pad=0.01)
        bar.set_label("Codings", fontsize=MIN_FONT_PT)
        ticks = [b + 0.5 for b in bounds[:-1]]
        step = max(1, math.ceil(len(ticks) / 8))
        bar.set_ticks(ticks[::step])
        bar.set_ticklabels([str(b) for b in bounds[:-1]][::step])
        bar.ax.tick_params(labelsize=MIN_FONT_PT, length=0)
        bar.outline.set_linewidth(0.4)
        panels[-1].set_xlabel("Included studies (numbered as in the report's study table)")
        if n_studies < studies_per_row:
            _narrow_to_cells(figure, panels[0], n_studies, studies_per_row)
        if key.entries:
            legend_below(figure, key.handles(), max_columns=2, **KEY_LEGEND)
    return figure


def _narrow_to_cells(figure: Figure, axes: Axes, n_studies: int, studies_per_row: int) -> None:
    """A heatmap of fewer studies than a panel holds, with cells as wide as a full panel's:
    the figure narrowed to its labels, cells and colour bar (down to a single column's width,
    the room right of the last study left empty), not one study stretched across the page."""
    lay_out(figure)
    full_mm = figure.get_figwidth() * style.MM_PER_INCH
    axes_mm = axes.get_position().width * full_mm
    cell_mm, fixed_mm = axes_mm / studies_per_row, full_mm - axes_mm
    width_mm = max(style.COLUMN_WIDTHS_MM["single"], fixed_mm + n_studies * cell_mm)
    figure.set_figwidth(width_mm / style.MM_PER_INCH)
    axes.set_xlim(-0.5, max(n_studies, (width_mm - fixed_mm) / cell_mm) - 0.5)
    # the axis title, centred under the cells, wrapped to the room either side of its centre
    lay_out(figure)
    box = axes.get_position()
    room_mm = 2 * min(box.x0 + box.width / 2, 1 - box.x0 - box.width / 2) * width_mm - 4.0
    axes.set_xlabel(fit_width(axes.get_xlabel(), room_mm, style.RC["axes.labelsize"]))


# --------------------------------------------------------------------------- driver


def framework_figures(
    framework: pd.DataFrame,
    matrix: pd.DataFrame,
    codings: pd.DataFrame,
    studies: pd.DataFrame,
    settings: FrameworkFigureSettings,
) -> dict[str, tuple[Figure, pd.DataFrame]]:
    """Every framework figure by file stem, each with the table it shows (`studies`: the
    included studies' numbers, see `heatmap_table`)."""
    table = read_framework(framework)
    n_studies = len(studies)
    heatmap = heatmap_table(table, matrix, studies)
    edges = cooccurrence_table(
        table,
        matrix,
        min_documents=settings.network_min_documents,
        max_edges=settings.network_max_edges,
    )
    flows = sankey_table(table, codings)
    return {
        "framework_hierarchy": (draw_hierarchy(table, n_studies), hierarchy_table(table)),
        "framework_concepts": (draw_concepts(table, n_studies), concept_frequency_table(table)),
        "framework_heatmap": (
            draw_heatmap(table, heatmap, settings.heatmap_studies_per_row),
            heatmap,
        ),
        "framework_network": (
            draw_network(
                table,
                edges,
                min_documents=settings.network_min_documents,
                max_edges=settings.network_max_edges,
            ),
            edges,
        ),
        "framework_sankey": (draw_sankey(table, flows), flows),
    }
