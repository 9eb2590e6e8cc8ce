"""Figures on real-world labels: long, many and unbalanced categories (`long_labels`).

Geometric facts, not pixels: every legend inside the canvas, no text clipped or overlapping,
text contrasting with what is behind it, every sub-category's count shown, and the full labels
in the table beside each figure.
"""

from __future__ import annotations

import pytest

from metasynth.figures.agreement import entropy_figure
from metasynth.figures.framework import framework_figures
from metasynth.screen.summary import study_numbers

from . import long_labels
from .data import legibility_problems, visible_texts


@pytest.fixture(scope="module")
def long_figures(long_synthesis):  # type: ignore[no-untyped-def]
    studies = study_numbers(long_synthesis["included"])
    return {
        **framework_figures(
            long_synthesis["framework"],
            long_synthesis["matrix"],
            long_synthesis["codings"],
            studies,
        ),
        **entropy_figure(long_synthesis["entropy"], long_synthesis["framework"], len(studies)),
    }


@pytest.mark.parametrize(
    "name",
    [
        "framework_entropy",
        "framework_hierarchy",
        "framework_sankey",
        "framework_concepts",
        "framework_heatmap",
        "framework_network",
    ],
)
def test_figures_on_long_labels_are_legible(long_figures, name):
    figure, _ = long_figures[name]
    assert legibility_problems(figure) == []


def test_the_hierarchy_shows_every_subcategory_with_its_count(long_figures, long_synthesis):
    figure, table = long_figures["framework_hierarchy"]
    shown = [" ".join(t.get_text().split()) for t in visible_texts(figure)]
    subs = table[table["level"] == "subcategory"]
    for label, n in zip(subs["label"], subs["n_documents"], strict=True):
        assert any(text.endswith(f"({n})") and text.startswith(label[:12]) for text in shown), label


def test_the_tables_beside_the_figures_keep_the_full_labels(long_figures):
    longest = max((c[1] for c in long_labels.CATEGORIES), key=len)
    _, hierarchy = long_figures["framework_hierarchy"]
    assert longest in hierarchy["label"].tolist()
    _, entropy = long_figures["framework_entropy"]
    assert not entropy["label"].str.contains("…").any()
