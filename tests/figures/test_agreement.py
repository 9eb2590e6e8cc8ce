"""Entropy and agreement figures: their tables and legibility."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.transforms import Affine2D

from metasynth.figures import FIGURE_GROUPS
from metasynth.figures.agreement import (
    agreement_figures,
    coding_agreement_table,
    draw_screening_agreement,
    entropy_figure,
    entropy_table,
    screening_agreement_table,
)
from metasynth.figures.framework_table import read_framework

from .data import legibility_problems, visible_texts

KAPPA = pd.DataFrame(
    {
        "stage": ["title_abstract", "full_text"],
        "reviewer_a": ["R1", "R1"],
        "reviewer_b": ["R2", "R2"],
        "n_publications": ["1100", "120"],
        "n_agree": ["1050", "105"],
        "n_maybe": ["20", "4"],
        "percent_agreement": ["95.5", "87.5"],
        "kappa": ["0.812", "0.741"],
        "pabak": ["0.909", "0.750"],
        "landis_koch": ["almost perfect", "substantial"],
    },
    dtype="string",
)


def test_entropy_table_keeps_codebook_order_and_leaves_out_uncoded_ones(synthesis):
    table = entropy_table(synthesis["entropy"], read_framework(synthesis["framework"]))
    assert table["item"].tolist() == ["usability", "security", "trust", "feedback"]
    assert table["rank"].tolist() == [3, 1, 4, 1]
    assert table["n_documents"].tolist() == [2, 1, 3, 1]
    assert table["category"].unique().tolist() == ["dimensions"]
    assert abs(float(table["weight"].sum()) - 1.0) < 1e-5  # six decimals in the CSV


def test_coding_agreement_puts_overall_first_then_codebook_order(synthesis):
    table = coding_agreement_table(synthesis["reliability"], read_framework(synthesis["framework"]))
    assert table["label"].tolist() == [
        "overall",
        "Platform usability",
        "Security",
        "Trust building",
        "Feedback",
        "Ease of use",
    ]
    # undefined where both coders agree on the one double-coded study: usability (both), security
    # and ease of use (neither), trust (both)
    assert table["kappa"].isna().tolist() == [False, True, True, True, False, True]


def test_screening_agreement_pairs_reviewers(synthesis):
    table = screening_agreement_table(KAPPA)
    assert table["pair"].tolist() == ["R1–R2", "R1–R2"]
    assert table["kappa"].tolist() == [0.812, 0.741]


def test_entropy_and_agreement_figures_are_registered_and_legible(synthesis):
    figures = {
        **entropy_figure(synthesis["entropy"], synthesis["framework"], 4),
        **agreement_figures(synthesis["reliability"], KAPPA, synthesis["framework"]),
    }
    assert set(figures) == {*FIGURE_GROUPS["entropy"], *FIGURE_GROUPS["agreement"]}
    for name, (figure, _) in figures.items():
        assert legibility_problems(figure) == [], name


def test_figures_without_data_say_why_instead_of_drawing_empty_axes(synthesis):
    """A new review (no codings, no double coding or screening yet) still gets every file."""
    figures = {
        **entropy_figure(synthesis["entropy"].iloc[0:0], synthesis["framework"], 4),
        **agreement_figures(
            synthesis["reliability"].iloc[0:0], KAPPA.iloc[0:0], synthesis["framework"]
        ),
    }
    messages = {
        name: [text.get_text() for text in visible_texts(figure)]
        for name, (figure, _) in figures.items()
    }
    assert messages == {
        "framework_entropy": ["Not yet: no entropy weights (fewer than two coded studies)"],
        "agreement_coding": ["Not yet: no study coded by two coders"],
        "agreement_screening": ["Not yet: no publication screened by two reviewers"],
    }


def test_not_part_of_this_review_is_said_inside_the_figure(synthesis):
    """One screener and one coder (a common review): the figures say so, and whole."""
    figures = agreement_figures(
        synthesis["reliability"].iloc[0:0],
        KAPPA.iloc[0:0],
        synthesis["framework"],
        single_screening=True,
        single_coder=True,
    )
    for name, (figure, _) in figures.items():
        assert legibility_problems(figure) == [], name
    shown = [
        " ".join(t.get_text().split()) for t in visible_texts(figures["agreement_screening"][0])
    ]
    assert shown == [
        "Not part of this review: one screener per publication (screening.reviewers_per_stage)"
    ]


def _dash_word(line: Line2D) -> str:
    """How a reference line looks, from its dash pattern measured here: "dotted" (marks no
    longer than two line widths), "dashed" (three or more), else "solid" or "other"."""
    _offset, pattern = line._unscaled_dash_pattern  # in line widths, as given to matplotlib
    if not pattern:
        return "solid"
    if max(pattern[0::2]) <= 2.0:
        return "dotted"
    return "dashed" if min(pattern[0::2]) >= 3.0 else "other"


@pytest.mark.parametrize("name", ["framework_entropy", "agreement_coding"])
def test_captions_name_the_reference_lines_as_drawn(synthesis, root: Path, name: str) -> None:
    """The caption (workflow/report/<name>.rst) calls the figure's reference lines what they
    look like: the entropy figure's equal-weight line was drawn dotted and captioned dashed."""
    figures = {
        **entropy_figure(synthesis["entropy"], synthesis["framework"], 4),
        **agreement_figures(synthesis["reliability"], KAPPA, synthesis["framework"]),
    }
    figure, _ = figures[name]
    drawn = {
        _dash_word(line)
        for axes in figure.axes
        for line in axes.get_lines()
        if _dash_word(line) != "solid"
    }
    caption = " ".join((root / "workflow" / "report" / f"{name}.rst").read_text().split())
    named = set(re.findall(r"\b(dashed|dotted|solid) lines?\b", caption))
    assert drawn and named == drawn


def test_kappa_and_pabak_markers_both_show_at_the_same_value() -> None:
    """κ and PABAK of one stage may be equal (0.886 and 0.893 drew the diamond over the dot):
    both markers are drawn whole, apart from each other, at any values."""
    table = screening_agreement_table(
        KAPPA.assign(kappa=["0.890", "0.741"], pabak=["0.890", "0.750"])
    )
    figure = draw_screening_agreement(table)
    FigureCanvasAgg(figure).draw()
    kappa, pabak = figure.axes[0].collections  # in the legend's order: κ, PABAK
    for row in range(len(table)):
        boxes = []
        for markers in (kappa, pabak):
            size = Affine2D(markers.get_transforms()[0])  # points² → pixels, about the centre
            outline = markers.get_paths()[0].get_extents(size)
            centre = markers.get_offset_transform().transform(markers.get_offsets()[row])
            boxes.append(outline.translated(*centre))
        assert not boxes[0].overlaps(boxes[1]), (row, boxes)
    assert legibility_problems(figure) == []
