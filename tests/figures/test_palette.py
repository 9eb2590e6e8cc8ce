"""The category colours: each contrasts 3:1 or more with white paper (WCAG 2.1 SC 1.4.11, so
a marker, a thin line or a label in it can be seen), and every two stay apart for readers with
the common colour-vision deficiencies.

Colour-blind vision is simulated with the matrices of Machado, Oliveira & Fernandes (2009), "A
physiologically-based model for simulation of color vision deficiency", IEEE TVCG 15(6), severity
1.0 (full dichromacy), applied to linear RGB; the distance is CIE 1976 ΔE in CIELAB (D65). The
Okabe–Ito palette itself scores 16.1 by this measure (green and sky blue in tritanopia).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from metasynth.figures import style

from .data import _faint_marks as faint_marks

MACHADO_2009 = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
SRGB_TO_XYZ = [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
WHITE_D65 = (0.95047, 1.0, 1.08883)
MIN_DELTA_E = 15.0
"""The least CIELAB distance between two category colours in any of the four visions."""


def _linear(colour: str) -> np.ndarray:
    channels = np.array(to_rgb(colour))
    return np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = np.array(SRGB_TO_XYZ) @ np.clip(linear_rgb, 0, 1) / np.array(WHITE_D65)
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _seen(colour: str, vision: str) -> np.ndarray:
    linear = _linear(colour)
    return _lab(linear if vision == "normal" else np.array(MACHADO_2009[vision]) @ linear)


def _luminance(colour: str) -> float:
    return float(np.dot([0.2126, 0.7152, 0.0722], _linear(colour)))


def test_every_category_colour_contrasts_three_to_one_with_white() -> None:
    # the Okabe-Ito order gave the second category orange (2.25:1) and the seventh yellow (1.32:1)
    ratios = {c: 1.05 / (_luminance(c) + 0.05) for c in style.CATEGORICAL}
    assert {c: round(r, 2) for c, r in ratios.items() if r < 3.0} == {}
    assert style.MIN_GRAPHIC_CONTRAST == 3.0


@pytest.mark.parametrize("vision", ["normal", "protanopia", "deuteranopia", "tritanopia"])
def test_every_two_category_colours_stay_apart(vision: str) -> None:
    distances = {
        (a, b): float(np.linalg.norm(_seen(a, vision) - _seen(b, vision)))
        for a, b in combinations(style.CATEGORICAL, 2)
    }
    assert {pair: round(d, 1) for pair, d in distances.items() if d < MIN_DELTA_E} == {}


def test_the_simulation_tells_what_it_should() -> None:
    """A negative control: red and green, apart in normal vision, merge in deuteranopia."""
    normal = np.linalg.norm(_seen("#D00000", "normal") - _seen("#008000", "normal"))
    deutan = np.linalg.norm(_seen("#D00000", "deuteranopia") - _seen("#008000", "deuteranopia"))
    assert normal > 50 and deutan < 0.4 * normal


@pytest.mark.parametrize("colour", [*style.CATEGORICAL, "#7F7F7F"])
def test_a_tint_stays_three_to_one_with_white(colour: str) -> None:
    for amount in (0.0, 0.3, 0.45, 0.55, 0.75, 1.0):
        shade = style.tint(colour, amount)
        assert 1.05 / (_luminance(shade) + 0.05) >= 3.0, (colour, amount, shade)
        # no darker than asked: the tint is `lighten` where that keeps 3:1
        assert _luminance(shade) <= _luminance(style.lighten(colour, amount)) + 1e-9
    assert style.tint("#0072B2", 0.3) == style.lighten("#0072B2", 0.3)  # 3.04:1, kept


def _bars_figure(**bar: object) -> Figure:
    with style.style_context():
        figure = style.new_figure("single", height_mm=40)
        axes = figure.add_subplot()
        axes.axvspan(0.2, 0.4, color="#F6F6F6", zorder=0, lw=0)  # a shaded band: decoration
        axes.bar(["a", "b"], [3, 5], **bar)  # type: ignore[arg-type]
    return figure


def test_the_legibility_check_finds_faint_bars_connectors_and_bands() -> None:
    """A negative control: the corpus figure's identified bars were Okabe-Ito sky blue (2.3:1),
    the hierarchy's and the network's curves pale tints, the Sankey's bands too."""
    sky_blue = style.PALETTE["sky_blue"]
    assert faint_marks(_bars_figure(color=sky_blue, edgecolor="none")) == [
        "a patch in #56b4e9 has contrast 2.31 on the paper"
    ]
    # the same bar passes with an outline that reaches 3:1, and the shaded band is not counted
    assert faint_marks(_bars_figure(color=sky_blue, edgecolor=style.PALETTE["blue"])) == []
    assert faint_marks(_bars_figure(color=style.tint(style.PALETTE["blue"], 1.0))) == []
    figure = _bars_figure(color=style.PALETTE["blue"])
    axes = figure.get_axes()[0]
    curve = MplPath([(0, 1), (0.5, 4), (1, 2)], [MplPath.MOVETO, MplPath.CURVE3, MplPath.CURVE3])
    axes.add_patch(PathPatch(curve, facecolor="none", edgecolor=style.lighten("#0072B2", 0.45)))
    axes.add_patch(PathPatch(curve, facecolor="#0072B2", edgecolor="none", alpha=0.3))
    assert faint_marks(figure) == [
        "a patch in #b2d5e8 has contrast 1.55 on the paper",
        "an outline in #73b1d5 has contrast 2.34 on the paper",
    ]
