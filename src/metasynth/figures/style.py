"""The shared figure style: palette, journal sizes, fonts and byte-identical PNG/SVG/PDF files.

Every figure of the project is drawn through this module so that they look alike and so that two
runs write the same bytes:

- `PALETTE` / `CATEGORICAL`: the Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008) by name,
  and the colours to use for categories, each contrasting 3:1 or more with white
  (`MIN_GRAPHIC_CONTRAST`, WCAG 1.4.11); `tint` pales one no further than that, for the bars,
  bands and connectors that carry meaning; `LIGHT` holds pale fills for boxes under text.
- `LINE_STYLES`: the dashed and dotted reference lines, by the word captions use for them.
- `COLUMN_WIDTHS_MM` and `figure_size`: single column (85 mm), 1.5 column (114 mm) and double
  column (174 mm), the common journal widths (Elsevier, Springer, Taylor & Francis).
- `RC`: matplotlib settings — matplotlib's own bundled DejaVu Sans (the same file on every machine),
  text in SVG stored as paths (no dependence on the viewer's fonts), TrueType in PDF, a fixed
  `svg.hashsalt` so SVG ids do not change, 8-pt type that stays legible when printed at width.
- `font_families()`: DejaVu Sans, then the `FALLBACK_FONTS` installed on this machine, which
  matplotlib draws the characters DejaVu Sans lacks with (Chinese, Japanese, Korean, emoji);
  `undrawable(text)`: what none of them has, drawn as boxes; `text_width_pt(text, size_pt)`: how
  wide a line of them is drawn (labels are wrapped and boxes sized with it).
- `style_context()` and `new_figure(width, height_mm)`: the settings, and a `Figure` (no pyplot
  global state) to draw on inside them.
- `savefig(fig, stem, formats)`: writes `stem.png/.svg/.pdf` with fixed metadata (no dates, a fixed
  "Software" string) and returns the paths; the SVG without the control characters XML cannot
  carry (a vertical tab in a journal name from an export), so that it stays XML.

Typical use::

    from metasynth.figures import style
    with style.style_context():
        fig = style.new_figure("single", height_mm=60)
        ax = fig.add_subplot()
        ax.bar(names, counts, color=style.CATEGORICAL[0])
    style.savefig(fig, "results/figures/counts")
"""

from __future__ import annotations

import logging
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from cycler import cycler
from matplotlib import font_manager
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.path import Path as OutlinePath
from matplotlib.textpath import TextPath

from metasynth.files import atomic_output
from metasynth.markup import NOT_XML, xml_text

MM_PER_INCH = 25.4
MM_PER_POINT = MM_PER_INCH / 72

PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""Okabe–Ito colours, distinguishable with the common colour-vision deficiencies."""

MIN_GRAPHIC_CONTRAST = 3.0
"""The least contrast (WCAG 2 ratio) of a colour that marks something — a category's markers,
lines, bars and label colour — with white paper: WCAG 2.1 SC 1.4.11, non-text contrast."""

CATEGORICAL: tuple[str, ...] = (
    PALETTE["blue"],  # 5.2:1 on white
    PALETTE["vermillion"],  # 3.9:1
    PALETTE["bluish_green"],  # 3.4:1
    PALETTE["reddish_purple"],  # 3.1:1
    "#882255",  # Tol's muted wine, 8.7:1
    "#332288",  # Tol's muted indigo, 12.2:1
    PALETTE["black"],
)
"""The colours to assign to categories, in order: the Okabe–Ito colours that contrast 3:1 or
more with white (`MIN_GRAPHIC_CONTRAST`; its orange, sky blue and yellow do not: 2.3, 2.3 and
1.3:1, a yellow label or marker all but vanishes), with two of Paul Tol's muted colours. Every
pair stays apart in colour-blind vision: CIELAB ΔE ≥ 17 between any two, in normal vision and
in protanopia, deuteranopia and tritanopia as simulated by Machado et al. (2009)
(tests/figures/test_palette.py)."""

LIGHT: dict[str, str] = {
    "blue": "#D6E8F5",
    "yellow": "#FBF6C4",
    "grey": "#E6E6E6",
    "orange": "#FBE7BF",
}
"""Pale fills for boxes, bands and backgrounds (text on them stays black)."""

INK = "#1A1A1A"
"""Text and line colour: near-black prints cleanly and reads as black on screen."""

LINE_STYLES: dict[str, tuple[float, tuple[float, float]]] = {
    "dashed": (0.0, (3.0, 2.0)),  # dashes three line widths long
    "dotted": (0.0, (2.0, 2.0)),  # marks no longer than two line widths: dots to the eye
}
"""The dash patterns of reference lines (an overall value, an equal weight), by the word a
caption or a figure's own text calls them: draw with `LINE_STYLES[word]` and say the same word,
so the wording cannot drift from the drawing (tests/figures/test_agreement.py checks the
captions in workflow/report/ against the lines drawn). In line widths, as matplotlib scales them."""

COLUMN_WIDTHS_MM: dict[str, float] = {"single": 85.0, "one_and_half": 114.0, "double": 174.0}
"""Journal figure widths in millimetres."""

FONT = "DejaVu Sans"
"""The typeface of every figure (`RC`): Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and
Arabic-script letters, but no Chinese, Japanese or Korean characters and no emoji."""

FALLBACK_FONTS: tuple[str, ...] = (
    "WenQuanYi Micro Hei",  # Debian fonts-wqy-microhei: Chinese, Japanese, Korean
    "WenQuanYi Zen Hei",  # fonts-wqy-zenhei
    "Droid Sans Fallback",  # fonts-droid-fallback: Chinese, Japanese
    "Symbola",  # fonts-symbola: emoji and symbols, in black
)
"""Fonts for the characters `FONT` has no glyph for, in the order matplotlib tries them, glyph by
glyph: those installed are used (`font_families`), the others are skipped. `FONT` stays first,
so text it can draw comes out the same bytes with or without them. All have TrueType outlines:
matplotlib writes a font with CFF outlines, such as Noto Sans CJK, into a PDF as if it were
TrueType (matplotlib issues #2869, #20870), which PDF viewers need not display."""

FONT_PACKAGES: dict[str, str] = {
    "WenQuanYi Micro Hei": "fonts-wqy-microhei",
    "Symbola": "fonts-symbola",
}
"""The Debian package of the first CJK font and of the emoji font of `FALLBACK_FONTS`: what
docs/user-guide.md ("Fonts") and CI install."""


SOFTWARE = "metasynth"
"""The fixed "Software"/"Creator" string written into every figure file (no version, no date)."""

RC: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": 8.0,
    "axes.titlesize": 9.0,
    "axes.labelsize": 8.0,
    "xtick.labelsize": 7.0,
    "ytick.labelsize": 7.0,
    "legend.fontsize": 7.0,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.linewidth": 0.6,
    "lines.linewidth": 1.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=list(CATEGORICAL)),
    "figure.dpi": 100.0,
    "savefig.dpi": 300.0,
    "savefig.facecolor": "white",
    "savefig.bbox": "standard",
    "svg.fonttype": "path",
    "svg.hashsalt": "metasynth",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "path.simplify": True,
    "text.usetex": False,
    # Labels come from codebooks and exports: a "$" in one is a dollar, not the start of TeX
    # math (which could also fail to parse and stop the figure rule).
    "text.parse_math": False,
    "axes.unicode_minus": True,
}
"""matplotlib settings every figure uses (see the module docstring for why each matters)."""

GLYPH_WARNING = r"Glyph \d+ .* missing from font"
"""matplotlib's warning for a character its font has no glyph for."""


def _no_fallback_weight_notice(record: logging.LogRecord) -> bool:
    """False for matplotlib's notice that a fallback font has not the weight asked for, logged
    whenever the font list is resolved: a bold heading's Chinese is drawn in the regular
    weight, WenQuanYi Zen Hei's regular is "medium"; DejaVu Sans has both weights."""
    return not (
        str(record.msg).startswith("findfont: Failed to find font weight")
        and any(family in FALLBACK_FONTS for family in map(str, record.args or ()))
    )


logging.getLogger("matplotlib.font_manager").addFilter(_no_fallback_weight_notice)


@cache
def font_families() -> tuple[str, ...]:
    """`FONT`, then each of `FALLBACK_FONTS` that matplotlib's font manager finds: the figures'
    `font.family`. matplotlib keeps the list of fonts it found on first use; fonts installed
    after that are added here (its own list stays as it is)."""
    if not set(FALLBACK_FONTS) <= _known_families():
        listed = {entry.fname for entry in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in listed:
                with suppress(OSError, RuntimeError):  # a file FreeType cannot read
                    font_manager.fontManager.addfont(path)
    known = _known_families()
    return (FONT, *(family for family in FALLBACK_FONTS if family in known))


def text_width_pt(text: str, size_pt: float, weight: str = "normal") -> float:
    """The width of one line of `text` in `font_families()` at `size_pt`, in points: the right
    edge of its glyph outlines (`TextPath(...).get_extents().x1`; leading spaces advance the pen
    but draw no glyph). 0 for no text."""
    if not text:
        return 0.0
    font = font_manager.FontProperties(family=list(font_families()), size=size_pt, weight=weight)
    return _right_edge(TextPath((0, 0), text, prop=font))


def _right_edge(path: OutlinePath) -> float:
    """`path.get_extents().x1`, to the last bit, from only the curves that can reach it.

    matplotlib finds the extrema of every Bézier curve of every glyph one by one, which took
    most of the time a PRISMA diagram was drawn in. A curve stays within the hull of its control
    points: one whose control points all lie left of the rightmost on-curve point cannot hold
    the maximum. The others are measured by matplotlib's own `get_extents`, so the result is the
    value it gives for the whole path."""
    if path.codes is None:
        return float(path.get_extents().x1)
    codes: list[int] = np.asarray(path.codes, dtype=int).tolist()
    vertices = np.asarray(path.vertices, dtype=float)
    on_curve = np.isin(codes, (OutlinePath.MOVETO, OutlinePath.LINETO))
    if not on_curve.any() or not np.isfinite(vertices).all() or OutlinePath.STOP in codes:
        return float(path.get_extents().x1)
    reach = float(vertices[on_curve, 0].max())
    margin = 1e-9 * max(1.0, abs(reach))  # rounding in evaluating a curve, far below a glyph
    sizes = {int(OutlinePath.CURVE3): 2, int(OutlinePath.CURVE4): 3}
    kept_vertices: list[np.ndarray] = []
    kept_codes: list[int] = []
    index = 0
    while index < len(codes):
        code = codes[index]
        size = sizes.get(code, 1)
        if size > 1:
            if index == 0 or codes[index - 1] == OutlinePath.CLOSEPOLY:
                return float(path.get_extents().x1)  # no on-curve start point: measure all
            hull = vertices[index - 1 : index + size]  # the start point and the control points
            if hull[:, 0].max() >= reach - margin:
                kept_vertices.append(hull)
                kept_codes += [int(OutlinePath.MOVETO), *[code] * size]
        index += size
    if not kept_codes:
        return reach
    kept = OutlinePath(np.concatenate(kept_vertices), np.array(kept_codes, OutlinePath.code_type))
    return max(reach, float(kept.get_extents().x1))


def _known_families() -> set[str]:
    return {entry.name for entry in font_manager.fontManager.ttflist}


@cache
def _font_characters() -> frozenset[int]:
    characters: set[int] = set()
    for family in font_families():
        path = font_manager.findfont(font_manager.FontProperties(family=[family]))
        characters.update(font_manager.get_font(path).get_charmap())
    return frozenset(characters)


def font_advice() -> str:
    """What to do about characters the figures draw as boxes: install the `FONT_PACKAGES` that
    are missing, or label the entry in a script the fonts have."""
    relabel = (
        "label the entry in a script the fonts have (Latin, Greek, Cyrillic, Arabic, Hebrew"
        + (", Chinese, Japanese, Korean" if set(font_families()) - {FONT, "Symbola"} else "")
        + "), e.g. a translation, and keep the original in its description"
    )
    missing = [package for family, package in FONT_PACKAGES.items()
               if family not in font_families()]  # fmt: skip
    if not missing:
        return relabel
    return (
        f"install the fonts the figures fall back on (Debian: apt-get install "
        f'{" ".join(missing)}; docs/user-guide.md, "Fonts") and run again, or {relabel}'
    )


def undrawable(text: str) -> str:
    """The characters of `text` that none of `font_families()` has a glyph for, each once, in
    order: a figure draws each of them as a box. Controls, format characters (the zero-width
    joiners of Persian), spaces and variation selectors draw nothing and are not counted."""
    missing = []
    for char in text:
        if (
            ord(char) not in _font_characters()
            and unicodedata.category(char)[0] not in "CZ"
            and not ("\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef")
            and char not in missing
        ):
            missing.append(char)
    return "".join(missing)


METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": SOFTWARE},
    "svg": {"Date": None, "Creator": SOFTWARE},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": SOFTWARE, "Producer": SOFTWARE},
}
"""File metadata per format: no timestamps, a fixed producer, so files are byte-identical."""


def lighten(colour: str, amount: float) -> str:
    """`colour` mixed with white (`amount` 0 = unchanged, 1 = white), as #RRGGBB."""
    red, green, blue = to_rgb(colour)
    return to_hex(
        (red + (1 - red) * amount, green + (1 - green) * amount, blue + (1 - blue) * amount)
    ).upper()


@cache  # a figure tints one colour for each of hundreds of bands: the search below each time
def tint(colour: str, amount: float, background: Any = "white") -> str:
    """`colour` lightened like `lighten(colour, amount)`, but never so far that it contrasts less
    than `MIN_GRAPHIC_CONTRAST` with `background` (white paper, or a heatmap's empty cell): the
    paler shade of a category for its bars, bands and connectors, which still carry meaning
    (WCAG 2.1 SC 1.4.11). A colour already under 3:1 is returned as it is. Ink text on a tint
    at that limit on white contrasts 5.8:1 (`MIN_CONTRAST`: 4.5)."""
    if contrast_ratio(colour, background) < MIN_GRAPHIC_CONTRAST:
        return to_hex(colour).upper()
    low, high = 0.0, max(0.0, min(amount, 1.0))
    if contrast_ratio(lighten(colour, high), background) >= MIN_GRAPHIC_CONTRAST:
        return lighten(colour, high)
    for _ in range(30):  # the largest amount whose rounded colour keeps 3:1
        middle = (low + high) / 2
        if contrast_ratio(lighten(colour, middle), background) >= MIN_GRAPHIC_CONTRAST:
            low = middle
        else:
            high = middle
    return lighten(colour, low)


MIN_CONTRAST = 4.5
"""The least contrast (WCAG 2 ratio) between any text and the colour behind it."""


def relative_luminance(colour: Any) -> float:
    """WCAG 2 relative luminance of a colour (0 black … 1 white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: Any, second: Any) -> float:
    """WCAG 2 contrast ratio of two colours (1 … 21)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(background: Any) -> str:
    """White or `INK` (black where `INK` falls short of `MIN_CONTRAST`), whichever contrasts
    more with `background`: the colour of a label inside a bar."""
    if contrast_ratio("white", background) > contrast_ratio(INK, background):
        return "white"
    return INK if contrast_ratio(INK, background) >= MIN_CONTRAST else "#000000"


def readable(colour: Any, background: Any = "white") -> str:
    """`colour` darkened (mixed with black) until text in it contrasts `MIN_CONTRAST` with
    `background`: a category's colour for its label on white paper."""
    red, green, blue = to_rgb(colour)
    for step in range(21):
        amount = 1 - step / 20
        mixed = (red * amount, green * amount, blue * amount)
        if contrast_ratio(mixed, background) >= MIN_CONTRAST:
            return to_hex(mixed).upper()
    return "#000000"


def mm(value: float) -> float:
    """Millimetres to inches (matplotlib's unit for figure sizes)."""
    return value / MM_PER_INCH


def figure_size(
    width: str | float = "single", height_mm: float | None = None, aspect: float = 0.75
) -> tuple[float, float]:
    """(width, height) in inches for a journal width name or a width in mm.

    The height is `height_mm` when given, else `aspect` × width.
    """
    width_mm = COLUMN_WIDTHS_MM[width] if isinstance(width, str) else float(width)
    return mm(width_mm), mm(height_mm if height_mm is not None else width_mm * aspect)


@contextmanager
def style_context() -> Iterator[None]:
    """Apply `RC`, with `font_families()` as the font, for the duration of a `with` block
    (drawing and saving happen inside it)."""
    settings = {**RC, "font.family": list(font_families())}
    with matplotlib.rc_context(settings), warnings.catch_warnings():  # type: ignore[arg-type]
        # matplotlib warns once per missing glyph and file, hundreds of lines naming no label:
        # `figures.common.glyph_warnings` says once per text what cannot be drawn and why
        warnings.filterwarnings("ignore", GLYPH_WARNING, UserWarning)
        yield


def new_figure(
    width: str | float = "single", height_mm: float | None = None, aspect: float = 0.75
) -> Figure:
    """A figure at a journal width with constrained layout (no pyplot state involved).

    Call it, and draw, inside `style_context()`: matplotlib reads most settings when an artist
    is made, so what is drawn outside the block would not be in the house style.
    """
    return Figure(figsize=figure_size(width, height_mm, aspect), layout="constrained")


def savefig(
    figure: Figure, stem: str | Path, formats: Sequence[str] = ("png", "svg", "pdf")
) -> list[Path]:
    """Write `stem.<format>` for each format with fixed metadata; return the paths written.

    The layout (constrained layout, the costliest part of drawing: it measures every text) is
    worked out once, by the first format, and kept for the others: each further format is
    drawn once instead of twice (matplotlib draws a figure with a layout engine once to lay it
    out, then again to write it)."""
    stem = Path(stem)
    for fmt in formats:
        if fmt not in METADATA:
            raise ValueError(f"unsupported figure format {fmt!r}; use png, svg or pdf")
    written = []
    layout = figure.get_layout_engine()
    try:
        with style_context():
            for fmt in formats:
                path = stem.with_suffix(f".{fmt}")
                with atomic_output(path) as temporary:
                    figure.savefig(temporary, format=fmt, metadata=METADATA[fmt])
                    if fmt == "svg":
                        _fit_svg(temporary)
                written.append(path)
                figure.set_layout_engine(None)  # laid out: the axes keep their places
    finally:
        figure.set_layout_engine(layout)
    return written


def _fit_svg(path: Path) -> None:
    """Leave out of an SVG the characters XML cannot carry (`markup.xml_text`): matplotlib
    writes each text, a journal name holding a vertical tab too, raw into a comment beside its
    outline, and a file holding one is not XML (browsers show an error, not the figure)."""
    svg = path.read_text(encoding="utf-8")
    if NOT_XML.search(svg):
        path.write_text(xml_text(svg), encoding="utf-8")
