"""The concept co-occurrence network: which concepts the same studies support.

Input: the framework table (concept order, labels, categories) and the document × concept matrix
(results/synthesis/doc_concept_matrix.csv). Two concepts co-occur in a study when both have at
least one coding in it; an edge's weight is the number of such studies.

Output: `cooccurrence_table` (every pair of concepts sharing at least one study, strongest first,
with `drawn` marking the edges of the figure) and `draw_network`, a circular layout: concepts
around a circle in codebook order, grouped by category (one colour each) with a gap between
categories, node area ∝ supporting documents, edges as curves through the inside whose width
grows with the number of shared studies. Only pairs sharing at least `min_documents` studies are
drawn, at most `max_edges` of them (the strongest, ties broken by codebook order). The layout
depends on nothing but the codebook order, so it is identical on every run and every machine.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from metasynth.figures import style
from metasynth.figures.common import (
    MIN_FONT_PT,
    PT_TO_MM,
    NumberedKey,
    as_int,
    counted,
    lay_out,
    legend_columns,
    no_data,
    text_width_mm,
)
from metasynth.figures.framework_table import category_colours, concepts_of, labels_by_id
from metasynth.figures.style import tint
from metasynth.text import plural

EDGE_COLUMNS = ["concept_a", "concept_b", "n_documents", "drawn"]
FOOT_MM = 14.0  # room under the circle for the legend and the note


def presence(framework: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """Studies (rows, by record_id) × concepts (codebook order): True where coded at least once."""
    concepts = list(concepts_of(framework)["concept"])
    counts = matrix.copy()
    counts["record_id"] = counts["record_id"].astype(str)
    counts = counts.set_index("record_id")
    present = pd.DataFrame(index=counts.index)
    for concept in concepts:
        column = counts[concept] if concept in counts else pd.Series(0, index=counts.index)
        present[concept] = as_int(column) > 0
    return present


def cooccurrence_table(
    framework: pd.DataFrame,
    matrix: pd.DataFrame,
    *,
    min_documents: int,
    max_edges: int,
) -> pd.DataFrame:
    """Every pair of concepts sharing ≥ 1 study: concept_a, concept_b (codebook order), n_documents,
    drawn ("yes" for the edges of the figure). Sorted by n_documents descending, then by the
    concepts' codebook positions."""
    present = presence(framework, matrix)
    order = {c: i for i, c in enumerate(present.columns)}
    values = present.to_numpy(dtype=np.int64)
    shared = values.T @ values
    rows = [
        (a, b, int(shared[order[a], order[b]]))
        for a, b in combinations(present.columns, 2)
        if shared[order[a], order[b]] > 0
    ]
    rows.sort(key=lambda r: (-r[2], order[r[0]], order[r[1]]))
    drawn = 0
    records = []
    for a, b, n in rows:
        draw = n >= min_documents and drawn < max_edges
        drawn += int(draw)
        records.append(
            {"concept_a": a, "concept_b": b, "n_documents": n, "drawn": "yes" if draw else "no"}
        )
    frame = pd.DataFrame(records, columns=EDGE_COLUMNS)
    for column in ("concept_a", "concept_b", "drawn"):
        frame[column] = frame[column].astype("string")
    return frame.astype({"n_documents": "int64"})


def circle_angles(framework: pd.DataFrame, gap_slots: float = 1.5) -> dict[str, float]:
    """Concept id → angle (radians, counter-clockwise from 12 o'clock going clockwise), in
    codebook order with `gap_slots` empty slots between categories."""
    concepts = concepts_of(framework)
    slots: list[float] = []
    position = 0.0
    previous = None
    for category in concepts["category"]:
        if previous is not None and category != previous:
            position += gap_slots
        slots.append(position)
        position += 1.0
        previous = category
    total = position + (gap_slots if concepts["category"].nunique() > 1 else 0.0)
    return {
        str(concept): math.pi / 2 - 2 * math.pi * slot / max(total, 1.0)
        for concept, slot in zip(concepts["concept"], slots, strict=True)
    }


RADIUS_MM = 38.0
"""Radius of the circle the concepts sit on, in a double-column square (30 concepts or more)."""

SLOT_MM = 8.0
"""Room along the circle for one concept of a smaller codebook: the circle is as large as its
concepts need (and the figure as wide as circle and labels need), not a double-column square
with two nodes on it."""

MIN_RADIUS_MM = 10.0
"""The smallest circle (a codebook of one to eight concepts)."""

LABEL_OFFSET_MM = 3.2
"""How far outside the circle a concept's label starts."""


def _width_range(drawn: pd.DataFrame) -> tuple[int, int]:
    """The fewest and most shared studies of the drawn edges (thinnest and widest)."""
    weights = [int(w) for w in drawn["n_documents"]]
    return min(weights, default=0), max(weights, default=1)


def _layout(concepts: pd.DataFrame, labels: dict[str, str]) -> tuple[float, float]:
    """The circle's radius and the side of the square around it, in mm: `RADIUS_MM` in a
    double column for 30 concepts or more; for fewer, a circle of `SLOT_MM` a concept in a
    square just wide enough for the longest label on one line (a single column at least)."""
    radius_mm = max(MIN_RADIUS_MM, len(concepts) * SLOT_MM / (2 * math.pi))
    double_mm = style.COLUMN_WIDTHS_MM["double"]
    if radius_mm >= RADIUS_MM:
        return RADIUS_MM, double_mm
    longest_mm = (
        max(
            text_width_mm(counted(labels.get(str(c), str(c)), int(n)), MIN_FONT_PT)
            for c, n in zip(concepts["concept"], concepts["n_documents"], strict=True)
        )
        if len(concepts)
        else 0.0
    )
    side_mm = 2 * (radius_mm + LABEL_OFFSET_MM + longest_mm + 2.0)
    return radius_mm, min(double_mm, max(style.COLUMN_WIDTHS_MM["single"], side_mm))


def _draw_edges(
    axes: Axes,
    drawn: pd.DataFrame,
    angles: dict[str, float],
    category_of: dict[str, str],
    colours: dict[str, str],
    radius_mm: float,
) -> None:
    """The drawn edges as curves through the inside, wider and darker with more shared studies;
    in the category's colour within one category, grey across categories. The palest edge
    still contrasts 3:1 with white (`style.tint`): the edges are what the figure shows."""
    low, high = _width_range(drawn)
    # Weakest first so the strongest edges are drawn on top.
    for row in drawn.iloc[::-1].itertuples(index=False):
        a, b = str(row.concept_a), str(row.concept_b)
        start = (radius_mm * math.cos(angles[a]), radius_mm * math.sin(angles[a]))
        end = (radius_mm * math.cos(angles[b]), radius_mm * math.sin(angles[b]))
        # The control point sits on the chord's midpoint pulled towards the centre: far apart
        # concepts bend a lot, neighbours only a little (no thin loops between them).
        separation = abs(math.remainder(angles[a] - angles[b], 2 * math.pi))
        pull = 0.3 + 0.6 * (1 - separation / math.pi)
        control = ((start[0] + end[0]) / 2 * pull, (start[1] + end[1]) / 2 * pull)
        share = (int(row.n_documents) - low) / (high - low) if high > low else 1.0
        same = category_of[a] == category_of[b]
        colour = colours[category_of[a]] if same else "#7F7F7F"
        axes.add_patch(
            PathPatch(
                MplPath([start, control, end], [MplPath.MOVETO, MplPath.CURVE3, MplPath.CURVE3]),
                facecolor="none",
                edgecolor=tint(colour, 0.35 - 0.3 * share),
                linewidth=0.4 + 2.4 * share,
                zorder=1,
            )
        )


def _draw_nodes(
    axes: Axes,
    concepts: pd.DataFrame,
    angles: dict[str, float],
    colours: dict[str, str],
    shown: dict[str, str],
    radius_mm: float,
) -> None:
    """A node per concept (area ∝ supporting documents) with its label (`shown`) pointing
    outwards."""
    category_of = dict(zip(concepts["concept"], concepts["category"], strict=True))
    documents = dict(zip(concepts["concept"], concepts["n_documents"], strict=True))
    top_documents = max(max(documents.values(), default=0), 1)
    for concept in concepts["concept"]:
        angle = angles[str(concept)]
        x, y = radius_mm * math.cos(angle), radius_mm * math.sin(angle)
        colour = colours[category_of[concept]]
        n = int(documents[concept])
        axes.scatter([x], [y], s=4.0 + 70.0 * n / top_documents, color=colour, zorder=3, lw=0)
        degrees = math.degrees(angle)
        right_side = math.cos(angle) >= 0
        text_radius = radius_mm + LABEL_OFFSET_MM
        axes.text(
            text_radius * math.cos(angle),
            text_radius * math.sin(angle),
            shown[str(concept)],
            rotation=degrees if right_side else degrees + 180,
            rotation_mode="anchor",
            ha="left" if right_side else "right",
            va="center",
            fontsize=MIN_FONT_PT,
            color=style.INK,
        )


def _room_mm(angle: float, half_mm: float, radius_mm: float) -> float:
    """How long a label pointing outwards at `angle` from a circle of `radius_mm` can be before
    it leaves the square of half-side `half_mm` around the circle (less a margin)."""
    cos, sin = abs(math.cos(angle)), abs(math.sin(angle))
    to_edge = min(
        half_mm / cos if cos > 1e-9 else math.inf, half_mm / sin if sin > 1e-9 else math.inf
    )
    return to_edge - (radius_mm + LABEL_OFFSET_MM) - 1.5


LINE_MM = 1.2 * MIN_FONT_PT * PT_TO_MM
"""Height of one line of a concept's label."""


def _gaps_mm(angles: dict[str, float], radius_mm: float) -> dict[str, float]:
    """Each concept's distance to its nearest neighbour on the circle its labels start from,
    in mm along the arc: how many lines its label may take without reaching theirs."""
    gaps = {}
    for concept, angle in angles.items():
        nearest = min(
            (
                abs(math.remainder(angle - other, 2 * math.pi))
                for name, other in angles.items()
                if name != concept
            ),
            default=math.pi,
        )
        gaps[concept] = nearest * (radius_mm + LABEL_OFFSET_MM)
    return gaps


def _two_lines(label: str, room_mm: float) -> str:
    """`label` broken at the space that makes its longer line shortest, or "" when that line
    does not fit `room_mm` either."""
    words = label.split(" ")
    splits = [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words))]
    widths = [
        max(text_width_mm(first, MIN_FONT_PT), text_width_mm(second, MIN_FONT_PT))
        for first, second in splits
    ]
    if not widths or min(widths) > room_mm:
        return ""
    first, second = splits[widths.index(min(widths))]
    return f"{first}\n{second}"


def _node_labels(
    concepts: pd.DataFrame,
    labels: dict[str, str],
    angles: dict[str, float],
    layout: tuple[float, float],
) -> tuple[dict[str, str], NumberedKey]:
    """Each concept's label and supporting documents, on one line around the circle; a label
    too long for the room outside the circle takes two lines where its neighbours are far
    enough apart (a small codebook), else it is a number, `[k]`, whose full label the key
    under the circle gives."""
    radius_mm, size_mm = layout
    key = NumberedKey()
    gaps = _gaps_mm(angles, radius_mm)
    shown = {}
    for concept, n in zip(concepts["concept"], concepts["n_documents"], strict=True):
        name = labels.get(str(concept), str(concept))
        shown[str(concept)] = counted(name, int(n))
        room_mm = _room_mm(angles[str(concept)], size_mm / 2, radius_mm)
        if text_width_mm(shown[str(concept)], MIN_FONT_PT) <= room_mm:
            continue
        wrapped = _two_lines(shown[str(concept)], room_mm)
        if not wrapped or gaps[str(concept)] < 3 * LINE_MM:
            wrapped = counted(key.mark(name), int(n))
        shown[str(concept)] = wrapped
    return shown, key


def _width_words(low: int, high: int) -> str:
    """ "1–4 studies", or "2 studies" when every drawn edge has the same width."""
    return plural(high, "study", "studies") if low == high else f"{low}–{high} studies"


def _edges_note(
    edges: pd.DataFrame, drawn: pd.DataFrame, min_documents: int, max_edges: int
) -> str:
    """What the edges are, how many are drawn (of how many) and their range of widths."""
    low, high = _width_range(drawn)
    n_drawn = len(drawn)
    return (
        f"Edges: concept pairs coded together in ≥ {plural(min_documents, 'study', 'studies')} "
        f"({n_drawn} drawn"
        + (
            f", strongest {max_edges} of {int((edges['n_documents'] >= min_documents).sum())}"
            if n_drawn == max_edges
            else ""
        )
        # no edge drawn, no width to explain (not "width 0–1 studies")
        + (f"; width {_width_words(low, high)}" if n_drawn else "")
        + ").\nNode area ∝ supporting documents (in brackets)."
    )


def _draw_foot(
    figure: Figure,
    axes: Axes,
    handles: list[Artist],
    key: NumberedKey,
    note: str,
    size_mm: float,
) -> None:
    """Under the circle: the legend, the note on the edges, then the numbered key (when a label
    did not fit); the figure grows to hold them (its axes are in mm, the circle centred on 0)."""
    columns, legend_mm = legend_columns(handles, size_mm)
    legend = axes.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.0, -size_mm / 2 + 1.0),
        bbox_transform=axes.transData,
        ncol=columns,
        frameon=False,
        fontsize=MIN_FONT_PT,
        handlelength=1.4,
    )
    box = legend.get_window_extent(lay_out(figure))
    measured_mm = box.height / figure.dpi * style.MM_PER_INCH
    foot_mm = max(FOOT_MM, legend_mm + 10.0, measured_mm + 8.5)
    key_blocks = key.columns(size_mm - 8.0)
    key_mm = NumberedKey.height_mm(key_blocks) + 4.5 if key.entries else 0.0
    figure.set_size_inches(style.figure_size(size_mm, height_mm=size_mm + foot_mm + key_mm))
    axes.set_ylim(-size_mm / 2 - foot_mm - key_mm, size_mm / 2)
    for index, block in enumerate(key_blocks if key.entries else []):
        axes.text(
            -size_mm / 2 + 4.0 + index * (size_mm - 8.0) / len(key_blocks),
            -size_mm / 2 - foot_mm - 1.0,
            block,
            ha="left",
            va="top",
            fontsize=MIN_FONT_PT,
        )
    axes.text(
        0.0,
        -size_mm / 2 - foot_mm + 5.0,
        note,
        ha="center",
        va="center",
        fontsize=MIN_FONT_PT,
        multialignment="center",
    )


def draw_network(
    framework: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    min_documents: int,
    max_edges: int,
) -> Figure:
    """The circular co-occurrence network (see the module docstring)."""
    concepts = concepts_of(framework)
    colours = category_colours(framework)
    labels = labels_by_id(framework)
    angles = circle_angles(framework)
    radius_mm, size_mm = _layout(concepts, labels)
    category_of = dict(zip(concepts["concept"], concepts["category"], strict=True))
    drawn = edges[edges["drawn"] == "yes"]
    with style.style_context():
        figure = Figure(figsize=style.figure_size(size_mm, height_mm=size_mm + FOOT_MM))
        if not any(int(n) for n in concepts["n_documents"]):
            figure.set_size_inches(style.figure_size(size_mm, height_mm=30.0))
            return no_data(figure, "Not yet: no coded study")
        axes = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        axes.set_axis_off()
        axes.set_xlim(-size_mm / 2, size_mm / 2)
        axes.set_ylim(-size_mm / 2 - FOOT_MM, size_mm / 2)
        axes.set_aspect("equal")
        _draw_edges(axes, drawn, angles, category_of, colours, radius_mm)
        shown, key = _node_labels(concepts, labels, angles, (radius_mm, size_mm))
        _draw_nodes(axes, concepts, angles, colours, shown, radius_mm)
        handles: list[Artist] = [
            Line2D([], [], marker="o", linestyle="none", color=colour, label=labels.get(cat, cat))
            for cat, colour in colours.items()
        ]
        handles.append(
            Line2D(
                [], [], color="#7F7F7F", linewidth=1.2, label="shared studies, across categories"
            )
        )
        note = _edges_note(edges, drawn, min_documents, max_edges)
        _draw_foot(figure, axes, handles, key, note, size_mm)
    return figure
