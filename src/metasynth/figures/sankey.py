"""The Sankey-style flow of the synthesis: open codes → concepts → sub-categories → categories.

Input: the framework table (order and labels) and the codings (results/synthesis/codings.csv;
only rows that build the framework: `in_synthesis` true and mapped to a concept). Band widths
are numbers of codings, so every column adds up to the same total.

Output: `sankey_table` (one row per distinct open code — spellings that fold to the same text are
one code — with its concept, sub-category, category and number of codings, in codebook order,
then by codings) and `draw_sankey`. The open codes are thin unlabelled bars (there are usually
hundreds; the table and the report list them); concepts, sub-categories and categories are
labelled bars. Heights are proportional to codings with one scale for the whole figure; each
concept row is at least one text line high, so a concept with few codings keeps a legible label
(its bar stays proportional, the space around it grows).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from metasynth.errors import InputError
from metasynth.figures import style
from metasynth.figures.common import (
    MIN_FONT_PT,
    NumberedKey,
    chars_for,
    counted,
    n_lines,
    widest_word_mm,
    wrap_counted,
)
from metasynth.figures.framework_table import category_colours, concepts_of, labels_by_id
from metasynth.figures.style import lighten, tint
from metasynth.text import fold

FLOW_COLUMNS = ["code", "concept", "subcategory", "category", "n_codings"]

# Layout in millimetres (double column).
X_CODE = (2.0, 4.5)
X_CONCEPT = (30.0, 84.0)
X_SUB = (102.0, 140.0)
X_CATEGORY = (146.0, 172.0)
LABEL_MM = 3.0  # one 7-pt line with leading
CONCEPT_GAP = 0.5
SUB_GAP = 2.4
CATEGORY_GAP = 4.0
TARGET_HEIGHT_MM = 232.0  # a full page of a journal (A4 text block about 240 mm)
MIN_SCALE = 0.05  # mm per coding: below this bands vanish; the figure grows taller instead
TOP_MM = 9.0
BAND_PALER = 0.72
"""How far a band's fill is paled towards white (`style.lighten`): well under the bars' shade,
so that a bar stands out from the bands it gathers (a reader tells the nodes from the flows);
the band is still seen at 3:1 by its outline (`BAND_EDGE_PT` thick, the palest shade of its
category that keeps 3:1 with white, `style.tint`)."""
BAND_EDGE_PT = 0.35
CONCEPT_CHARS = chars_for(X_CONCEPT[1] - X_CONCEPT[0] - 3.0, average_em=0.52)
SUB_CHARS = chars_for(X_SUB[1] - X_SUB[0] - 2.5, average_em=0.68)  # bold type


def sankey_table(framework: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """Distinct open codes with their concept, sub-category, category and codings (see module)."""
    missing = [c for c in ("code", "concept", "in_synthesis") if c not in codings.columns]
    if missing:
        raise InputError(
            f"the codings table has no column(s) {', '.join(missing)}",
            file="results/synthesis/codings.csv",
            hint="re-run the check_codes rule",
        )
    concepts = concepts_of(framework)
    order = {c: i for i, c in enumerate(concepts["concept"])}
    parents = concepts.set_index("concept")[["subcategory", "category"]]
    used = codings[
        (codings["in_synthesis"].astype(str).str.lower() == "true")
        & (codings["concept"].astype(str) != "")
    ]
    counts: Counter[tuple[str, str]] = Counter()
    spellings: dict[tuple[str, str], Counter[str]] = {}
    for code, concept in zip(used["code"].astype(str), used["concept"].astype(str), strict=True):
        if concept not in order:
            continue  # a concept the framework does not list (a stale table) is not drawn
        pair = (fold(code), concept)
        counts[pair] += 1
        spellings.setdefault(pair, Counter())[code] += 1
    rows = []
    for (folded, concept), n in counts.items():
        shown = min(spellings[(folded, concept)].items(), key=lambda item: (-item[1], item[0]))[0]
        rows.append(
            {
                "code": shown,
                "concept": concept,
                "subcategory": parents.at[concept, "subcategory"],
                "category": parents.at[concept, "category"],
                "n_codings": n,
            }
        )
    rows.sort(key=lambda r: (order[str(r["concept"])], -int(r["n_codings"]), str(r["code"])))
    frame = pd.DataFrame(rows, columns=FLOW_COLUMNS)
    for column in FLOW_COLUMNS[:-1]:
        frame[column] = frame[column].astype("string")
    return frame.astype({"n_codings": "int64"})


@dataclass
class _Node:
    top: float  # mm from the top of the figure
    height: float
    filled: float = 0.0  # how much of the node's left side incoming bands already use
    emitted: float = 0.0  # how much of its right side outgoing bands already use


def _band(x0: float, top0: float, x1: float, top1: float, thickness: float) -> MplPath:
    """A band of constant `thickness` from (x0, top0) to (x1, top1), S-shaped."""
    middle = (x0 + x1) / 2
    return MplPath(
        [
            (x0, top0),
            (middle, top0),
            (middle, top1),
            (x1, top1),
            (x1, top1 + thickness),
            (middle, top1 + thickness),
            (middle, top0 + thickness),
            (x0, top0 + thickness),
            (x0, top0),
        ],
        [
            MplPath.MOVETO,
            MplPath.CURVE4,
            MplPath.CURVE4,
            MplPath.CURVE4,
            MplPath.LINETO,
            MplPath.CURVE4,
            MplPath.CURVE4,
            MplPath.CURVE4,
            MplPath.CLOSEPOLY,
        ],
    )


def concept_label(label: str, n_codings: int) -> str:
    """A concept's label and codings, wrapped whole (its bar's row grows to hold them)."""
    return wrap_counted(label, n_codings, CONCEPT_CHARS)


def sub_label(label: str, n_codings: int) -> str:
    """A sub-category's label and codings, wrapped whole (bold; its concepts' rows make room)."""
    return wrap_counted(label, n_codings, SUB_CHARS)


@dataclass(frozen=True)
class _Row:
    """A concept's row, as far as the scale does not change it."""

    concept: str
    label_mm: float  # the height of its wrapped label and codings
    n_codings: int
    codes: tuple[int, ...]  # its codes' codings, in the flow table's order


@dataclass(frozen=True)
class _SubRows:
    """A sub-category's concept rows and the room around them, whatever the scale."""

    gap_mm: float  # above it: none for the first, else the gap to a sub-category or category
    label_room_mm: float  # its label's lines plus 1 mm: its concepts' rows span at least that
    rows: tuple[_Row, ...]


def _rows(flows: pd.DataFrame, concepts: pd.DataFrame, sub_lines: dict[str, int]) -> list[_SubRows]:
    """The rows of `_layout`, worked out once: fitting the scale lays them out forty times."""
    per_concept = flows.groupby("concept", sort=False)["n_codings"].agg(["sum", "count"])
    subs: list[_SubRows] = []
    previous_cat = None
    for number, (sub, group) in enumerate(concepts.groupby("subcategory", sort=False)):
        category = group["category"].iloc[0]
        gap = 0.0 if not number else CATEGORY_GAP if category != previous_cat else SUB_GAP
        previous_cat = category
        totals = [
            int(per_concept.at[c, "sum"]) if c in per_concept.index else 0 for c in group["concept"]
        ]
        rows = tuple(
            _Row(
                concept,
                LABEL_MM * n_lines(concept_label(str(label), total)),
                total,
                tuple(int(n) for n in flows.loc[flows["concept"] == concept, "n_codings"]),
            )
            for concept, label, total in zip(
                group["concept"].astype(str), group["label"], totals, strict=True
            )
        )
        subs.append(_SubRows(gap, LABEL_MM * sub_lines.get(str(sub), 1) + 1.0, rows))
    return subs


def _layout(subs: list[_SubRows], scale: float) -> tuple[dict[str, _Node], list[_Node], float]:
    """Concept nodes and code nodes (in table order) for a scale (mm per coding); total height.
    A sub-category whose label is taller than its concepts' rows gets room above and below
    them."""
    nodes: dict[str, _Node] = {}
    code_nodes: list[_Node] = []
    y = TOP_MM
    for sub in subs:
        y += sub.gap_mm
        # A concept's codes are stacked without gaps (thin white edges separate them), so
        # hundreds of codes cost no height beyond their codings.
        blocks = [max(row.label_mm, scale * row.n_codings) for row in sub.rows]
        span = sum(blocks) + CONCEPT_GAP * (len(blocks) - 1)
        pad = max(0.0, sub.label_room_mm - span) / 2
        y += pad
        for index, (row, block) in enumerate(zip(sub.rows, blocks, strict=True)):
            y += CONCEPT_GAP if index else 0.0
            height = scale * row.n_codings
            nodes[row.concept] = _Node(y + (block - height) / 2, height)
            code_y = y + (block - height) / 2
            for n in row.codes:
                code_nodes.append(_Node(code_y, scale * n))
                code_y += scale * n
            y += block
        y += pad
    return nodes, code_nodes, y


def _labelled_box(
    axes: Axes,
    x_range: tuple[float, float],
    node: _Node,
    colour: str,
    label: str,
    *,
    paler: float,
    linewidth: float,
    fontweight: str = "normal",
) -> None:
    """A concept or sub-category bar: a tinted box in its category's colour (`style.tint`,
    still 3:1 on white), label inside.

    A bar less tall than its label's lines is drawn without an outline, which would cross the
    letters, and its label gets a white backing: the bar's edges would run through the letters
    as a stripe. Its tint still shows how many codings it holds, beside the label.
    """
    # matplotlib's default line spacing is 1.2 font sizes
    label_mm = (label.count("\n") + 1) * 1.2 * MIN_FONT_PT * style.MM_PER_POINT
    holds_label = node.height >= label_mm
    outlined = linewidth > 0 and holds_label
    axes.add_patch(
        Rectangle(
            (x_range[0], node.top),
            x_range[1] - x_range[0],
            max(node.height, 0.15),  # a node with few codings stays visible
            facecolor=tint(colour, paler),
            edgecolor=colour if outlined else "none",
            linewidth=linewidth,
            zorder=2,
        )
    )
    axes.text(
        x_range[0] + 1.2,
        node.top + node.height / 2,
        label,
        va="center",
        ha="left",
        fontsize=MIN_FONT_PT,
        fontweight=fontweight,
        zorder=3,
        bbox=None if holds_label else {"facecolor": "white", "edgecolor": "none", "pad": 0.4},
    )


@dataclass
class _Layout:
    """Where every bar of the figure goes, for one scale (mm per coding)."""

    scale: float
    concepts: dict[str, _Node]  # by concept id
    codes: list[_Node]  # in the flow table's order
    subcategories: dict[str, _Node]
    categories: dict[str, _Node]
    height_mm: float


def _fit_scale(subs: list[_SubRows]) -> float:
    """The largest scale (mm per coding, at most 1) whose layout fits the target height, but
    never below `MIN_SCALE` (the figure grows taller instead)."""
    low, high = 0.0, 1.0
    for _ in range(40):
        middle = (low + high) / 2
        if _layout(subs, middle)[2] <= TARGET_HEIGHT_MM:
            low = middle
        else:
            high = middle
    return max(low, MIN_SCALE)


def _centred(members: list[_Node], height: float) -> _Node:
    """A parent's node: `height` tall, centred on the span of its members' nodes."""
    span_top = min(m.top for m in members)
    span_bottom = max(m.top + m.height for m in members)
    return _Node((span_top + span_bottom - height) / 2, height)


def _full_layout(flows: pd.DataFrame, concepts: pd.DataFrame, labels: dict[str, str]) -> _Layout:
    """Codes and concepts stacked down the page; each sub-category and category centred on the
    bars it gathers, as tall as its codings."""
    per_sub = flows.groupby("subcategory", sort=False)["n_codings"].sum()
    sub_lines = {
        str(sub): n_lines(sub_label(labels.get(str(sub), str(sub)), int(per_sub.get(sub, 0))))
        for sub in dict.fromkeys(concepts["subcategory"])
    }
    subs = _rows(flows, concepts, sub_lines)
    scale = _fit_scale(subs)
    nodes, code_nodes, bottom = _layout(subs, scale)
    sub_nodes: dict[str, _Node] = {}
    for sub, group in concepts.groupby("subcategory", sort=False):
        height = scale * int(flows.loc[flows["subcategory"] == sub, "n_codings"].sum())
        sub_nodes[str(sub)] = _centred([nodes[str(c)] for c in group["concept"]], height)
    category_nodes: dict[str, _Node] = {}
    for category, group in concepts.groupby("category", sort=False):
        members = [sub_nodes[str(s)] for s in dict.fromkeys(group["subcategory"])]
        height = scale * int(flows.loc[flows["category"] == category, "n_codings"].sum())
        category_nodes[str(category)] = _centred(members, height)
    return _Layout(scale, nodes, code_nodes, sub_nodes, category_nodes, bottom + 8.0)


def _draw_band(
    axes: Axes,
    layout: _Layout,
    ends: tuple[float, float],
    source: _Node,
    target: _Node,
    n: int,
    colour: str,
) -> None:
    """A band of `n` codings from `source`'s right side at x `ends[0]` to `target`'s left side at
    x `ends[1]`, below the bands already drawn at each end."""
    thickness = layout.scale * n
    axes.add_patch(
        PathPatch(
            _band(
                ends[0], source.top + source.emitted, ends[1], target.top + target.filled, thickness
            ),
            facecolor=lighten(colour, BAND_PALER),
            edgecolor=tint(colour, 1.0),
            linewidth=BAND_EDGE_PT,
            zorder=1,
        )
    )
    source.emitted += thickness
    target.filled += thickness


def _draw_flows(
    axes: Axes,
    layout: _Layout,
    flows: pd.DataFrame,
    concepts: pd.DataFrame,
    colours: dict[str, str],
) -> None:
    """The code bars with their bands to the concepts, then the concept → sub-category and
    sub-category → category bands."""
    for code_node, row in zip(layout.codes, flows.itertuples(index=False), strict=True):
        colour = colours[str(row.category)]
        axes.add_patch(
            Rectangle(
                (X_CODE[0], code_node.top),
                X_CODE[1] - X_CODE[0],
                code_node.height,
                facecolor=colour,
                edgecolor="none",
                zorder=2,
            )
        )
        target = layout.concepts[str(row.concept)]
        _draw_band(
            axes, layout, (X_CODE[1], X_CONCEPT[0]), code_node, target, int(row.n_codings), colour
        )
    per_concept = flows.groupby("concept", sort=False)["n_codings"].sum()
    for row in concepts.itertuples(index=False):
        n = int(per_concept.get(row.concept, 0))
        if n:
            _draw_band(
                axes,
                layout,
                (X_CONCEPT[1], X_SUB[0]),
                layout.concepts[str(row.concept)],
                layout.subcategories[str(row.subcategory)],
                n,
                colours[str(row.category)],
            )
    per_sub = flows.groupby("subcategory", sort=False)["n_codings"].sum()
    for sub, category in dict(
        zip(concepts["subcategory"], concepts["category"], strict=True)
    ).items():
        n = int(per_sub.get(sub, 0))
        if n:
            _draw_band(
                axes,
                layout,
                (X_SUB[1], X_CATEGORY[0]),
                layout.subcategories[str(sub)],
                layout.categories[str(category)],
                n,
                colours[str(category)],
            )


def _draw_concepts_and_subcategories(
    axes: Axes,
    layout: _Layout,
    flows: pd.DataFrame,
    concepts: pd.DataFrame,
    colours: dict[str, str],
    labels: dict[str, str],
) -> None:
    """The concept bars (tinted, label and codings inside), then the sub-category bars (bold)."""
    per_concept = flows.groupby("concept", sort=False)["n_codings"].sum()
    for row in concepts.itertuples(index=False):
        n = int(per_concept.get(row.concept, 0))
        _labelled_box(
            axes,
            X_CONCEPT,
            layout.concepts[str(row.concept)],
            colours[str(row.category)],
            concept_label(str(row.label), n),
            paler=0.75,
            linewidth=0.0,  # most concept bars are about a line tall: tint alone, all alike
        )
    per_sub = flows.groupby("subcategory", sort=False)["n_codings"].sum()
    for sub, node in layout.subcategories.items():
        category = str(concepts.loc[concepts["subcategory"] == sub, "category"].iloc[0])
        _labelled_box(
            axes,
            X_SUB,
            node,
            colours[category],
            sub_label(labels.get(sub, sub), int(per_sub.get(sub, 0))),
            paler=0.6,
            linewidth=0.5,
            fontweight="bold",
        )


CATEGORY_CHARS = chars_for(X_CATEGORY[1] - X_CATEGORY[0] - 2.0, 8.0, average_em=0.72)  # bold


def category_labels(
    flows: pd.DataFrame, categories: list[str], labels: dict[str, str]
) -> tuple[dict[str, str], NumberedKey]:
    """Each category's label and codings, wrapped whole, on up to four lines of its narrow
    column; a label that needs more, or holds a word wider than the column, is a number whose
    full label the key under the figure gives."""
    per_category = flows.groupby("category", sort=False)["n_codings"].sum()
    key = NumberedKey()
    shown = {}
    for category in categories:
        name, n = labels.get(category, category), int(per_category.get(category, 0))
        wrapped = wrap_counted(name, n, CATEGORY_CHARS)
        room_mm = X_CATEGORY[1] - X_CATEGORY[0] - 1.0
        fits = n_lines(wrapped) <= 4 and widest_word_mm(wrapped, 8.0, "bold") <= room_mm
        shown[category] = wrapped if fits else counted(key.mark(name), n)
    return shown, key


def _draw_categories(
    axes: Axes,
    layout: _Layout,
    colours: dict[str, str],
    labels: dict[str, str],
) -> None:
    """The category bars in their full colour, the label inside in white or ink (whichever
    contrasts more with the colour); a label taller than its bar gets a white backing in ink,
    or it would spill, white, onto the white page. `labels`: from `category_labels`."""
    for category, node in layout.categories.items():
        colour = colours[category]
        axes.add_patch(
            Rectangle(
                (X_CATEGORY[0], node.top),
                X_CATEGORY[1] - X_CATEGORY[0],
                max(node.height, 0.15),
                facecolor=colour,
                edgecolor="none",
                zorder=2,
            )
        )
        label = labels[category]
        label_mm = (label.count("\n") + 1) * 1.2 * 8.0 * style.MM_PER_POINT
        inside = node.height >= label_mm + 0.5
        axes.text(
            (X_CATEGORY[0] + X_CATEGORY[1]) / 2,
            node.top + node.height / 2,
            label,
            va="center",
            ha="center",
            fontsize=8,
            fontweight="bold",
            color=style.text_colour_on(colour) if inside else style.readable(colour),
            bbox=None if inside else {"facecolor": "white", "edgecolor": colour, "pad": 1.0},
            zorder=3,
        )


def _draw_key(figure: Figure, axes: Axes, key: NumberedKey, height_mm: float) -> None:
    """The numbered key of the category labels, under the figure (which grows to hold it)."""
    if not key.entries:
        return
    blocks = key.columns(style.COLUMN_WIDTHS_MM["double"] - 4.0)
    total_mm = height_mm + NumberedKey.height_mm(blocks) + 4.5
    figure.set_size_inches(style.figure_size(style.COLUMN_WIDTHS_MM["double"], total_mm))
    axes.set_ylim(total_mm, 0)
    for index, block in enumerate(blocks):
        axes.text(
            2.0 + index * (style.COLUMN_WIDTHS_MM["double"] - 4.0) / len(blocks),
            height_mm + 1.0,
            block,
            ha="left",
            va="top",
            fontsize=MIN_FONT_PT,
        )


def draw_sankey(framework: pd.DataFrame, flows: pd.DataFrame) -> Figure:
    """Codes → concepts → sub-categories → categories (see the module docstring)."""
    concepts = concepts_of(framework)
    labels = labels_by_id(framework)
    colours = category_colours(framework)
    total = int(flows["n_codings"].sum())
    layout = _full_layout(flows, concepts, labels)
    width_mm, height_mm = style.COLUMN_WIDTHS_MM["double"], layout.height_mm
    with style.style_context():
        figure = Figure(figsize=style.figure_size(width_mm, height_mm=height_mm))
        axes = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        axes.set_axis_off()
        axes.set_xlim(0, width_mm)
        axes.set_ylim(height_mm, 0)
        if not total:
            axes.text(width_mm / 2, height_mm / 2, "Not yet: no codings", ha="center")
            return figure
        _draw_flows(axes, layout, flows, concepts, colours)
        _draw_concepts_and_subcategories(axes, layout, flows, concepts, colours, labels)
        shown, key = category_labels(flows, list(layout.categories), labels)
        _draw_categories(axes, layout, colours, shown)
        _draw_key(figure, axes, key, height_mm)
        headings = (
            (X_CODE[0], f"Codes ({len(flows):,})"),
            (X_CONCEPT[0], "Concepts"),
            (X_SUB[0], "Sub-categories"),
            (X_CATEGORY[0], "Categories"),
        )
        for x, heading in headings:
            axes.text(x, 3.5, heading, ha="left", va="center", fontsize=8, fontweight="bold")
        axes.text(
            width_mm - 2.0,
            height_mm - 3.5,
            f"Band width ∝ codings (n\u00a0=\u00a0{total:,}); numbers in brackets are codings",
            ha="right",
            va="center",
            fontsize=MIN_FONT_PT,
        )
    return figure
