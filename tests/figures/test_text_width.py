"""The width of a line of text as the figures measure it (`style.text_width_pt`), which wraps
the PRISMA diagram's boxes and the figures' labels: the right edge of the glyph outlines, the
same to the last bit as matplotlib's own `TextPath(...).get_extents().x1`, which measures every
curve of every glyph (far slower, so the figures no longer call it)."""

from __future__ import annotations

import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextPath

from metasynth.figures import style

from . import long_labels

TEXTS = [
    "Records identified from:",
    "  Databases (n\u00a0=\u00a01,435)",
    "Reports excluded: wrong_design (n\u00a0=\u00a012)",
    "f",
    "ffi ﬁ AVAWAY",
    "Wj…",
    " x",
    "Ω αβγ — ‘quoted’ “twice” €",
    *(label for _, label in long_labels.CATEGORIES),
    *(label for _, _, label in long_labels.SUBCATEGORIES),
    *(labels[-1] for labels in long_labels.CONCEPT_LABELS.values()),
    long_labels.SECOND_CODER,
]


@pytest.mark.parametrize("weight", ["normal", "bold"])
def test_the_width_is_matplotlibs_measure_of_the_outlines(weight: str) -> None:
    font = FontProperties(family=list(style.font_families()), size=7.0, weight=weight)
    expected = [float(TextPath((0, 0), text, prop=font).get_extents().x1) for text in TEXTS]
    measured = [style.text_width_pt(text, 7.0, weight) for text in TEXTS]
    assert measured == expected
    assert style.text_width_pt("", 7.0) == 0.0
