"""Test data for the figure and report tests: a small synthesis built by the synthesis stage's own
functions, written and read back as CSV exactly as the rules do, plus a legibility check.

The synthesis (hand-checkable): a codebook of 2 categories, 3 sub-categories and 5 concepts;
4 included studies (one not coded yet, one with a `<script>` title); coder_1 codes studies 1–3,
coder_2 double-codes study WOS:000000000000001 (usability, feedback, trust — agreeing with coder_1
on usability and trust).

Study numbers (year, first author, title): WOS:…003 (2015, Clark) = S1, WOS:…002 (2019, Adams)
= S2, WOS:…001 (2019, Brown) = S3, WOS:…004 (2021, Diaz) = S4.

Concepts present per study (coder_1): S3 {usability, trust}; S2 {usability, security, trust};
S1 {trust, feedback}; S4 none. Codings: usability 3 (two spellings of "platform usability" in S3,
one in S2), security 1, trust 3, feedback 1, ease_of_use 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex, to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from metasynth.figures.framework import FrameworkFigureSettings, framework_figures
from metasynth.screen.summary import study_numbers
from metasynth.synthesise.aggregate import doc_concept_matrix, framework_table
from metasynth.synthesise.checks import map_codes
from metasynth.synthesise.codebook import codebook_from_document
from metasynth.synthesise.codes import codes_frame
from metasynth.synthesise.entropy import entropy_weights
from metasynth.synthesise.reliability import reliability_table
from metasynth.tables import read_table, write_table

CODEBOOK = {
    "categories": [
        {"id": "dimensions", "label": "Dimensions"},
        {"id": "requirements", "label": "Requirements"},
    ],
    "subcategories": [
        {"id": "technical", "category": "dimensions", "label": "Technical dimension"},
        {"id": "communication", "category": "dimensions", "label": "Communication dimension"},
        {"id": "platform", "category": "requirements", "label": "Requirements of the platform"},
    ],
    "concepts": [
        {
            "id": "usability",
            "subcategory": "technical",
            "label": "Platform usability",
            "description": "How easy the e-mentoring platform is to use.",
            "codes": ["platform usability"],
        },
        {
            "id": "security",
            "subcategory": "technical",
            "label": "Security",
            "codes": ["data security"],
        },
        {
            "id": "trust",
            "subcategory": "communication",
            "label": "Trust building",
            "codes": ["trust building", "mutual trust"],
        },
        {
            "id": "feedback",
            "subcategory": "communication",
            "label": "Feedback",
            "codes": ["feedback"],
        },
        {
            "id": "ease_of_use",
            "subcategory": "platform",
            "label": "Ease of use",
            "codes": ["ease of use"],
        },
    ],
}

W1, W2, W3, W4 = (f"WOS:00000000000000{i}" for i in range(1, 5))

INCLUDED = pd.DataFrame(
    {
        "record_id": [W1, W2, W3, W4],
        "title": [
            "Zeta: mentoring online",
            "Alpha & omega of e-mentoring",
            "Beta study",
            "<script>alert(1)</script> Gamma",
        ],
        "authors": ["Brown, A; Smith, J", "Adams, B", "Clark, C", "Diaz, D"],
        "year": ["2019", "2019", "2015", "2021"],
        "source_title": [
            "COMPUTERS & EDUCATION",
            "MENTORING & TUTORING",
            "DISTANCE EDUCATION",
            "X",
        ],
        "doi": ["10.5555/a", "", "", ""],
        "casp_total": ["40", "35", "31", "44"],
        "casp_band": ["very good", "very good", "very good", "excellent"],
    },
    dtype="string",
)

CODES = [
    # coder_1: the framework's coder
    {
        "record_id": W1,
        "coder": "coder_1",
        "code": "platform usability",
        "quote": "The <b>portal</b> was easy",
        "location": "p. 3",
    },
    {
        "record_id": W1,
        "coder": "coder_1",
        "code": "Platform Usability!",
        "quote": "Menus were clear",
        "location": "p. 4",
    },
    {
        "record_id": W1,
        "coder": "coder_1",
        "code": "trust building",
        "quote": "We came to trust our mentors",
        "location": "p. 5",
    },
    {
        "record_id": W2,
        "coder": "coder_1",
        "code": "platform usability",
        "quote": "Usable tools",
        "location": "p. 2",
    },
    {
        "record_id": W2,
        "coder": "coder_1",
        "code": "data security",
        "quote": "Privacy mattered",
        "location": "p. 6",
    },
    {
        "record_id": W2,
        "coder": "coder_1",
        "code": "trust building",
        "quote": "Trust grew",
        "location": "p. 7",
    },
    {
        "record_id": W3,
        "coder": "coder_1",
        "code": "trust building",
        "quote": "Trust first",
        "location": "p. 1",
    },
    {
        "record_id": W3,
        "coder": "coder_1",
        "code": "feedback",
        "quote": "Feedback weekly",
        "location": "p. 9",
    },
    # coder_2 double-codes W1 (reliability only)
    {
        "record_id": W1,
        "coder": "coder_2",
        "code": "platform usability",
        "quote": "easy",
        "location": "p. 3",
    },
    {
        "record_id": W1,
        "coder": "coder_2",
        "code": "feedback",
        "quote": "feedback",
        "location": "p. 8",
    },
    {
        "record_id": W1,
        "coder": "coder_2",
        "code": "mutual trust",
        "quote": "trust",
        "location": "p. 5",
    },
]


def codebook(document: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    return codebook_from_document(document or CODEBOOK, file="tests/figures/data.py")


def write_synthesis(
    directory: Path,
    document: dict[str, Any] | None = None,
    codes: list[dict[str, str]] | None = None,
    included: pd.DataFrame | None = None,
) -> dict[str, Path]:
    """Write the synthesis tables as the rules do; return their paths by name (by default the
    small synthesis above; `long_labels` passes its own codebook, codes and studies)."""
    book = codebook(document)
    codings, unmapped = map_codes(
        codes_frame(codes or CODES), book, coders=["coder_1", "coder_2"], aggregate_coders="first"
    )
    matrix = doc_concept_matrix(codings, book)
    tables = {
        "codings": codings,
        "unmapped": unmapped,
        "framework": framework_table(codings, book),
        "matrix": matrix,
        "entropy": entropy_weights(matrix, {c.id: c.label for c in book.concepts}),
        "reliability": reliability_table(codings, [c.id for c in book.concepts]),
        "included": INCLUDED if included is None else included,
    }
    paths = {}
    for name, frame in tables.items():
        paths[name] = directory / f"{name}.csv"
        write_table(frame, paths[name], float_format="%.6f")
    return paths


def read_synthesis(directory: Path, **corpus: Any) -> dict[str, pd.DataFrame]:
    """The synthesis tables read back as strings, as every later rule reads them."""
    return {name: read_table(path) for name, path in write_synthesis(directory, **corpus).items()}


# --------------------------------------------------------------------------- legibility


def _undrawn_tick_labels(figure: Figure) -> set[int]:
    """Tick labels matplotlib keeps but does not draw: their tick lies outside the axis view."""
    hidden: set[int] = set()
    for axes in figure.get_axes():
        for axis in (axes.xaxis, axes.yaxis):
            low, high = sorted(axis.get_view_interval())
            margin = (high - low) * 1e-6
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                if not low - margin <= tick.get_loc() <= high + margin:
                    hidden.update({id(tick.label1), id(tick.label2)})
    return hidden


def visible_texts(figure: Figure) -> list[Text]:
    """Every drawn, non-empty text of a figure (titles, labels, ticks, annotations)."""
    FigureCanvasAgg(figure).draw()
    hidden = _undrawn_tick_labels(figure)
    return [
        t
        for t in figure.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden
    ]


def legibility_problems(figure: Figure, min_size: float = 7.0) -> list[str]:
    """Texts smaller than `min_size` points, reaching outside the figure (clipped), or overlapping
    another text by more than a pixel each way. Overlap is checked for horizontal and vertical
    texts only: the bounding box of a slanted label says little about its ink."""
    problems = []
    renderer = FigureCanvasAgg(figure).get_renderer()
    width, height = figure.bbox.width, figure.bbox.height
    upright = []
    texts = visible_texts(figure)
    for text in texts:
        if text.get_fontsize() < min_size:
            problems.append(f"{text.get_text()!r} is {text.get_fontsize()} pt")
        box = text.get_window_extent(renderer)
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            problems.append(f"{text.get_text()!r} is clipped ({box})")
        if text.get_rotation() % 90 == 0:
            upright.append((text.get_text(), box))
    for index, (first, a) in enumerate(upright):
        for second, b in upright[index + 1 :]:
            overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
            overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
            if overlap_x > 1 and overlap_y > 1:
                problems.append(f"{first!r} overlaps {second!r}")
    problems += _struck_through(figure, renderer, upright)
    problems += _legends_outside(figure, renderer)
    problems += _low_contrast(figure, renderer, texts)
    problems += _faint_marks(figure)
    return problems


def _legends_outside(figure: Figure, renderer: Any) -> list[str]:
    """Legends (their keys as well as their texts) reaching outside the canvas."""
    width, height = figure.bbox.width, figure.bbox.height
    problems = []
    for legend in figure.findobj(Legend):
        box = legend.get_window_extent(renderer)
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            problems.append(f"a legend reaches outside the figure ({box})")
    return problems


def _filled_patches(figure: Figure, renderer: Any) -> list[tuple[Any, float, Any]]:
    """The filled patches a text may stand on, each with its colour, its z-order and its box: the
    visible, mostly opaque ones other than the figure's and the axes' own canvas. Measured once
    per figure (a patch's box is the same for every text checked against it)."""
    canvases = {id(figure.patch), *(id(axes.patch) for axes in figure.get_axes())}
    filled = []
    for patch in figure.findobj(Patch):
        face = patch.get_facecolor()
        if id(patch) in canvases or not patch.get_visible() or face[3] < 0.5:
            continue
        filled.append((face, patch.get_zorder(), patch.get_window_extent(renderer)))
    return filled


def _backgrounds(
    figure: Figure, renderer: Any, text: Text, filled: list[tuple[Any, float, Any]]
) -> list[Any]:
    """The colours behind a text: its own backing box if it has an opaque one, else every filled
    patch (`_filled_patches`) drawn below it that its box overlaps, and the figure's white
    wherever no patch covers one of its box's corners."""
    backing = text.get_bbox_patch()
    if backing is not None and backing.get_facecolor()[3] >= 0.8:
        return [backing.get_facecolor()]
    box = text.get_window_extent(renderer)
    corners = [(box.x0 + 1, box.y0 + 1), (box.x0 + 1, box.y1 - 1), (box.x1 - 1, box.y0 + 1),
               (box.x1 - 1, box.y1 - 1)]  # fmt: skip
    colours, covered = [], [False] * len(corners)
    for face, zorder, area in filled:
        if zorder >= text.get_zorder():
            continue
        if min(area.x1, box.x1) - max(area.x0, box.x0) <= 1:
            continue
        if min(area.y1, box.y1) - max(area.y0, box.y0) <= 1:
            continue
        colours.append(face)
        for index, (x, y) in enumerate(corners):
            covered[index] |= area.x0 <= x <= area.x1 and area.y0 <= y <= area.y1
    if not all(covered):
        colours.append(figure.get_facecolor())
    return colours


def _luminance(colour: Any) -> float:
    """WCAG 2 relative luminance, computed here rather than by the code under test."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(first: Any, second: Any) -> float:
    """WCAG 2 contrast ratio of two colours (1 … 21), computed here rather than by the code
    under test."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _low_contrast(
    figure: Figure, renderer: Any, texts: list[Text], minimum: float = 4.5
) -> list[str]:
    """Texts (`visible_texts`, as drawn) whose colour contrasts less than `minimum` (WCAG 2) with a
    colour behind them."""
    problems = []
    filled = _filled_patches(figure, renderer)
    for text in texts:
        for background in _backgrounds(figure, renderer, text, filled):
            ratio = contrast(text.get_color(), background)
            if ratio < minimum:
                problems.append(f"{text.get_text()!r} has contrast {ratio:.2f} on its background")
                break
    return problems


def _on_paper(colour: Any, paper: Any) -> tuple[float, float, float]:
    """A colour as seen on the paper: blended with it by its alpha (a patch's own alpha is in
    its face and edge colours already)."""
    red, green, blue, alpha = to_rgba(colour)
    under = to_rgb(paper)
    return (
        red * alpha + under[0] * (1 - alpha),
        green * alpha + under[1] * (1 - alpha),
        blue * alpha + under[2] * (1 - alpha),
    )


def _mark_colours(artist: Any) -> list[Any]:
    """The colours a line, a marker or a scatter's points are seen in (fill, else outline)."""
    if isinstance(artist, Line2D):
        if artist.get_linestyle() not in ("None", "none", "", " ") and artist.get_linewidth() > 0:
            return [artist.get_color()]
        face = artist.get_markerfacecolor()
        return [face if to_rgba(face)[3] > 0 else artist.get_markeredgecolor()]
    faces = [c for c in artist.get_facecolors() if c[3] >= 0.5 and tuple(c[:3]) != (1, 1, 1)]
    return faces or [c for c in artist.get_edgecolors() if c[3] >= 0.5]


def _decoration(figure: Figure) -> set[int]:
    """The patches that only help the eye, which `_faint_patches` does not measure: the figure's
    and the axes' canvas, the backing box of a text (its text is measured against it instead,
    `_low_contrast`), a legend's frame, and a band shaded across the whole of an axes beneath
    the data (`axvspan`, `axhspan` at z-order below 1: the Landis–Koch bands behind the
    agreement figure's κ, named along its top and bounded by the axis's ticks), which, like a
    grid line, helps the eye across. Everything else a figure fills or outlines carries
    meaning: bars (their length is the count), the Sankey's boxes and bands (a band is the only
    mark of which concept feeds which sub-category, its width the codings), the hierarchy's
    connectors (they alone say which sub-category a concept hangs from where the groups sit
    close), the network's edges (they are the co-occurrences the figure shows) and PRISMA's
    boxes and arrows."""
    ids = {id(figure.patch), *(id(axes.patch) for axes in figure.get_axes())}
    ids |= {id(text.get_bbox_patch()) for text in figure.findobj(Text)}
    ids |= {id(legend.legendPatch) for legend in figure.findobj(Legend)}
    for axes in figure.get_axes():
        for patch in axes.patches:
            box, area = patch.get_window_extent(), axes.bbox
            across = box.y0 <= area.y0 + 1 and box.y1 >= area.y1 - 1
            along = box.x0 <= area.x0 + 1 and box.x1 >= area.x1 - 1
            if patch.get_zorder() < 1 and (across or along):
                ids.add(id(patch))
    return ids


def _faint_patches(figure: Figure, minimum: float = 3.0) -> list[str]:
    """Bars, boxes, wedges, bands and connectors (legend keys too) that contrast less than
    `minimum` with the paper, as drawn (their alpha blended in): WCAG 2.1 SC 1.4.11 asks 3:1 of
    a graphical object against what is next to it. A filled patch passes by its fill or by an
    outline that reaches 3:1; an unfilled one (a curve, a connector) by its outline. Patches of
    `_decoration` are not measured."""
    paper = figure.get_facecolor()
    decoration = _decoration(figure)
    problems = []
    for patch in figure.findobj(Patch):
        if id(patch) in decoration or not patch.get_visible():
            continue
        face = _on_paper(patch.get_facecolor(), paper)
        edge = _on_paper(patch.get_edgecolor(), paper)
        filled = patch.get_fill() and to_rgba(patch.get_facecolor())[3] > 0
        outlined = patch.get_linewidth() > 0 and to_rgba(patch.get_edgecolor())[3] > 0
        if not filled and not outlined:
            continue  # draws nothing (a legend's empty key)
        seen = [contrast(face, paper)] if filled else []
        seen += [contrast(edge, paper)] if outlined else []
        if max(seen) < minimum:
            what = "a patch" if filled else "an outline"
            problems.append(f"{what} in {to_hex(face if filled else edge)} has contrast "
                            f"{seen[0]:.2f} on the paper")  # fmt: skip
    return sorted(set(problems))


def _faint_marks(figure: Figure, minimum: float = 3.0) -> list[str]:
    """Lines, markers and scatter points (legend keys too) whose colour contrasts less than
    `minimum` with the paper: WCAG 2.1 SC 1.4.11 asks 3:1 of the marks a reader must see. Grid
    lines (a heatmap's white cell borders too), which only help the eye, are not counted. Then
    the patches of `_faint_patches`."""
    paper = figure.get_facecolor()
    grid = {
        id(tick.gridline)
        for axes in figure.get_axes()
        for axis in (axes.xaxis, axes.yaxis)
        for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]
    }
    problems = []
    for artist in [*figure.findobj(Line2D), *figure.findobj(PathCollection)]:
        if id(artist) in grid or not artist.get_visible():
            continue
        if isinstance(artist, Line2D) and len(artist.get_xdata()) == 0:
            continue  # draws nothing
        for colour in _mark_colours(artist):
            ratio = contrast(colour[:3] if not isinstance(colour, str) else colour, paper)
            if ratio < minimum:
                problems.append(f"a mark in {to_hex(colour)} has contrast {ratio:.2f} on the paper")
                break
    return sorted(set(problems)) + _faint_patches(figure, minimum) + _faint_cells(figure, minimum)


def _faint_cells(figure: Figure, minimum: float = 3.0) -> list[str]:
    """An image's cells (a heatmap's) on a sequential colour scale, judged by WCAG 2.1 SC 1.4.11,
    which asks 3:1 only of the graphics a reader needs to understand the content. How much a cell
    holds is read from the colour bar, and from the CSV beside the figure that gives every cell's
    value: that is the same information in another form, so neighbouring steps of the scale need
    not contrast 3:1 (no scale of more than three steps could). Whether a cell holds anything at
    all is read from the picture alone, so every colour drawn for a value above the scale's lowest
    (an empty cell) contrasts `minimum` with the empty cell's colour and with the paper (the white
    grid between cells). An image with no colour bar (its own, or one of the same scale: the
    heatmap's panels share one) has no key to its colours: a problem."""
    problems = []
    paper = figure.get_facecolor()
    images = [image for image in figure.findobj(AxesImage) if image.get_visible()]
    keyed = {(id(i.cmap), id(i.norm)) for i in images if i.colorbar is not None}
    for image in images:
        if (id(image.cmap), id(image.norm)) not in keyed:
            problems.append("an image has no colour bar to read its colours by")
            continue
        empty = image.to_rgba(image.norm.vmin)
        for value in np.unique(np.ma.compressed(image.get_array())):
            if value <= image.norm.vmin:
                continue
            colour = image.to_rgba(value)
            ratio = min(contrast(colour, empty), contrast(colour, paper))
            if ratio < minimum:
                problems.append(f"a cell of {value:g} in {to_hex(colour)} has contrast "
                                f"{ratio:.2f} with an empty cell or the paper")  # fmt: skip
    return sorted(set(problems))


def _struck_through(figure: Figure, renderer: Any, upright: list[tuple[str, Any]]) -> list[str]:
    """Texts crossed by the top or bottom outline of a box (a bar thinner than its label)."""
    edges = []
    for patch in figure.findobj(Rectangle):
        if patch.get_visible() and patch.get_linewidth() > 0 and patch.get_edgecolor()[3] > 0:
            box = patch.get_window_extent(renderer)
            edges += [(y, box.x0, box.x1) for y in (box.y0, box.y1)]
    return [
        f"{text!r} is crossed by a box outline"
        for text, box in upright
        for y, x0, x1 in edges
        if box.y0 + 1 < y < box.y1 - 1 and min(box.x1, x1) - max(box.x0, x0) > 1
    ]


def draw_framework(
    synthesis: dict[str, pd.DataFrame],
    settings: FrameworkFigureSettings | None = None,
    framework: pd.DataFrame | None = None,
) -> dict[str, tuple[Figure, pd.DataFrame]]:
    """The framework figures of a synthesis of `read_synthesis` (its framework table replaced by
    `framework` if given), with the default settings unless others are given."""
    return framework_figures(
        synthesis["framework"] if framework is None else framework,
        synthesis["matrix"],
        synthesis["codings"],
        study_numbers(synthesis["included"]),
        settings or FrameworkFigureSettings.from_config(),
    )
