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

Colours: one Okabe–Ito colour per category (`framework_table.category_colours`), in codebook
order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, LinearSegmentedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import FuncFormatter, MaxNLocator

from metasynth.figures import style
from metasynth.figures.common import (
    MIN_FONT_PT,
    as_int,
    chars_for,
    legend_below,
    no_data,
    shorten,
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
from metasynth.figures.style import lighten

EMPTY_CELL = "#F0F0F0"
"""Heatmap colour of a study with no coding in a sub-category (light grey, so the grid shows)."""

DEFAULT_SETTINGS: dict[str, Any] = {
    "heatmap_studies_per_row": 40,
    "network_min_documents": 3,
    "network_max_edges": 60,
}


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
    sub_labels: dict[str, str]  # sub-category id → its label and count, wrapped
    category_labels: dict[str, str]  # category id → its label and count, wrapped

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


def _tree_labels(table: pd.DataFrame, width_mm: float) -> tuple[dict[str, str], dict[str, str]]:
    """Sub-category and category labels with their supporting documents, wrapped to their
    column (the count is always shown, however long the label)."""
    sub_chars = chars_for(width_mm * (X_CONCEPT - X_SUB) - 8.0, average_em=0.6)
    cat_chars = chars_for(width_mm * (X_SUB - X_CATEGORY) - 6.0, 8.0, average_em=0.6)
    labels: tuple[dict[str, str], dict[str, str]] = ({}, {})
    for row in table.itertuples(index=False):
        if row.level == "subcategory":
            labels[0][str(row.id)] = wrap_counted(
                str(row.label), int(row.n_documents), sub_chars, 4
            )
        elif row.level == "category":
            labels[1][str(row.id)] = wrap_counted(
                str(row.label), int(row.n_documents), cat_chars, 4
            )
    return labels


def _tree(framework: pd.DataFrame, width_mm: float) -> _Tree:
    """Concepts one per row, with a gap before each new sub-category wide enough for its label
    (drawn above its node); each sub-category and category at the mean position of its
    children."""
    table = hierarchy_table(framework)
    concepts = table[table["level"] == "concept"].reset_index(drop=True)
    subs = table[table["level"] == "subcategory"].reset_index(drop=True)
    cats = table[table["level"] == "category"].reset_index(drop=True)
    sub_labels, category_labels = _tree_labels(table, width_mm)
    members = concepts.groupby("parent", sort=False).size()
    y_of: dict[str, float] = {}
    position = 0.0
    previous_sub = None
    previous_node = -2.0  # the column headings
    for row in concepts.itertuples(index=False):
        if row.parent != previous_sub:
            sub = str(row.parent)
            lines = sub_labels.get(sub, "").count("\n") + 1
            # the label (above the node, `lines` high) clears the node before it
            offset = (int(members.get(sub, 1)) - 1) / 2
            needed = previous_node + 0.4 + 0.55 + lines * LINE_ROWS - offset
            position = max(position + (0.6 if previous_sub is not None else 0.0), needed)
            previous_node = position + offset
        y_of[str(row.id)] = position
        previous_sub = row.parent
        position += 1.0
    for row in subs.itertuples(index=False):
        mine = [y_of[str(c)] for c in concepts.loc[concepts["parent"] == row.id, "id"]]
        y_of["sub:" + str(row.id)] = float(np.mean(mine)) if mine else 0.0
    for row in cats.itertuples(index=False):
        mine = [y_of["sub:" + str(s)] for s in subs.loc[subs["parent"] == row.id, "id"]]
        y_of["cat:" + str(row.id)] = float(np.mean(mine)) if mine else 0.0
    top = max(int(table["n_documents"].max()) if len(table) else 1, 1)
    return _Tree(
        concepts,
        subs,
        cats,
        y_of,
        max(position, 1.0),
        category_colours(framework),
        dict(zip(subs["id"], subs["parent"], strict=True)),
        top,
        sub_labels,
        category_labels,
    )


def _draw_links(axes: Axes, tree: _Tree) -> None:
    """Curves from each sub-category to its concepts, then from each category to its
    sub-categories, in a pale tint of the category's colour."""
    for row in tree.concepts.itertuples(index=False):
        sub_y = tree.y_of["sub:" + str(row.parent)]
        axes.add_patch(
            PathPatch(
                _curve(X_SUB, sub_y, X_CONCEPT, tree.y_of[str(row.id)]),
                facecolor="none",
                edgecolor=lighten(tree.concept_colour(row.parent), 0.45),
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
                edgecolor=lighten(colour, 0.3),
                linewidth=0.9,
            )
        )


def _draw_nodes(axes: Axes, tree: _Tree, width_mm: float) -> None:
    """Concept, sub-category and category nodes with their labels and supporting documents."""
    label_chars = chars_for(width_mm * (1 - X_CONCEPT) - 6.0, average_em=0.55)
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
            f"{shorten(str(row.label), label_chars - 6)} ({int(row.n_documents)})",
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
            tree.sub_labels[str(row.id)],
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
            tree.category_labels[str(row.id)],
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
        _draw_nodes(axes, tree, width_mm)
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
    label_chars = chars_for(width_mm * 0.40)
    positions: list[float] = []
    labels: list[str] = []
    headings: list[tuple[float, str]] = []
    y = 0.0
    previous = None
    for row in table.itertuples(index=False):
        if row.subcategory != previous:
            if previous is not None:
                y += 0.4
            heading = wrap(str(row.subcategory_label), label_chars, max_lines=2)
            headings.append((y + 0.5 * heading.count("\n"), heading))
            y += 1.0 + heading.count("\n")
            previous = row.subcategory
        positions.append(y)
        labels.append(shorten(str(row.label), label_chars))
        y += 1.0
    height_mm = 26.0 + max(y, 1.0) * 3.1 + 3.0 * len(colours)
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
        # Sub-category headings are tick labels too, so the layout makes room for them.
        left.set_yticks([*positions, *(h for h, _ in headings)])
        left.set_yticklabels([*labels, *(text for _, text in headings)])
        for tick in left.yaxis.get_major_ticks()[len(positions) :]:
            tick.label1.set_fontweight("bold")
            tick.tick1line.set_visible(False)  # a heading, not a bar
        left.set_ylim(y - 0.4, -0.8)
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
            "codings", ["#B3D4EC", style.PALETTE["blue"], "#06294A"]
        )(np.linspace(0, 1, max(top, 1)))
    ]
    cmap = LinearSegmentedColormap.from_list("codings_steps", colours, N=len(colours))
    norm = BoundaryNorm(bounds, cmap.N)
    width_mm = style.COLUMN_WIDTHS_MM["double"]
    panel_mm = len(subcategories) * 4.0 + 13.0
    height_mm = 12.0 + n_panels * panel_mm
    row_labels = [shorten(labels.get(s, s), 44) for s in subcategories]
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
    return figure


# --------------------------------------------------------------------------- driver


def framework_settings(section: Mapping[str, Any] | None) -> dict[str, Any]:
    """`figures.framework` with defaults for missing keys."""
    settings = dict(DEFAULT_SETTINGS)
    settings.update(dict(section or {}))
    return settings


def framework_figures(
    framework: pd.DataFrame,
    matrix: pd.DataFrame,
    codings: pd.DataFrame,
    studies: pd.DataFrame,
    settings: Mapping[str, Any] | None = None,
) -> dict[str, tuple[Figure, pd.DataFrame]]:
    """Every framework figure by file stem, each with the table it shows (`studies`: the
    included studies' numbers, see `heatmap_table`)."""
    chosen = framework_settings(settings)
    table = read_framework(framework)
    n_studies = len(studies)
    heatmap = heatmap_table(table, matrix, studies)
    edges = cooccurrence_table(table, matrix, min_documents=int(chosen["network_min_documents"]))
    flows = sankey_table(table, codings)
    return {
        "framework_hierarchy": (draw_hierarchy(table, n_studies), hierarchy_table(table)),
        "framework_concepts": (draw_concepts(table, n_studies), concept_frequency_table(table)),
        "framework_heatmap": (
            draw_heatmap(table, heatmap, int(chosen["heatmap_studies_per_row"])),
            heatmap,
        ),
        "framework_network": (
            draw_network(
                table,
                edges,
                min_documents=int(chosen["network_min_documents"]),
                max_edges=int(chosen["network_max_edges"]),
            ),
            edges,
        ),
        "framework_sankey": (draw_sankey(table, flows), flows),
    }
