"""Framework figures on the small synthesis of data.py (values checked by hand there)."""

from __future__ import annotations

import re

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.text import Text

from metasynth.figures import FIGURE_GROUPS
from metasynth.figures.framework import (
    FrameworkFigureSettings,
    heatmap_table,
    hierarchy_table,
)
from metasynth.figures.framework_table import read_framework
from metasynth.figures.network import cooccurrence_table
from metasynth.figures.sankey import sankey_table
from metasynth.screen.summary import study_numbers

from .data import contrast, draw_framework, legibility_problems


def test_hierarchy_lists_every_node_with_its_supporting_documents(synthesis):
    table = hierarchy_table(read_framework(synthesis["framework"]))
    rows = {r["id"]: (r["level"], r["parent"], r["n_documents"]) for r in table.to_dict("records")}
    assert rows["dimensions"] == ("category", "", 3)
    assert rows["communication"] == ("subcategory", "dimensions", 3)
    assert rows["usability"] == ("concept", "technical", 2)
    assert rows["ease_of_use"] == ("concept", "platform", 0)
    assert len(table) == 10


def test_cooccurrence_counts_studies_sharing_two_concepts(synthesis):
    edges = cooccurrence_table(
        read_framework(synthesis["framework"]), synthesis["matrix"], min_documents=2, max_edges=60
    )
    pairs = {
        (r["concept_a"], r["concept_b"]): (r["n_documents"], r["drawn"])
        for r in edges.to_dict("records")
    }
    assert pairs == {
        ("usability", "trust"): (2, "yes"),
        ("usability", "security"): (1, "no"),
        ("security", "trust"): (1, "no"),
        ("trust", "feedback"): (1, "no"),
    }
    assert edges["concept_a"].iloc[0] == "usability"  # strongest first


def test_network_draws_at_most_max_edges(synthesis):
    edges = cooccurrence_table(
        read_framework(synthesis["framework"]), synthesis["matrix"], min_documents=1, max_edges=2
    )
    assert edges["drawn"].tolist().count("yes") == 2


def test_heatmap_sums_codings_per_study_and_subcategory(synthesis):
    table = heatmap_table(
        read_framework(synthesis["framework"]),
        synthesis["matrix"],
        study_numbers(synthesis["included"]),
    )
    assert table["study"].tolist() == ["S1", "S2", "S3", "S4"]
    assert table["technical"].tolist() == [0, 2, 2, 0]  # S2 = W2: usability + security; S3 = W1
    assert table["communication"].tolist() == [2, 1, 1, 0]
    assert table["platform"].tolist() == [0, 0, 0, 0]


def test_sankey_merges_spellings_and_keeps_only_framework_codings(synthesis):
    flows = sankey_table(read_framework(synthesis["framework"]), synthesis["codings"])
    assert flows.to_dict("records") == [
        {
            "code": "platform usability",
            "concept": "usability",
            "subcategory": "technical",
            "category": "dimensions",
            "n_codings": 3,
        },
        {
            "code": "data security",
            "concept": "security",
            "subcategory": "technical",
            "category": "dimensions",
            "n_codings": 1,
        },
        {
            "code": "trust building",
            "concept": "trust",
            "subcategory": "communication",
            "category": "dimensions",
            "n_codings": 3,
        },
        {
            "code": "feedback",
            "concept": "feedback",
            "subcategory": "communication",
            "category": "dimensions",
            "n_codings": 1,
        },
    ]


def test_framework_figures_are_the_registered_group_and_legible(synthesis):
    figures = draw_framework(synthesis)
    assert tuple(figures) == FIGURE_GROUPS["framework"]
    for name, (figure, _) in figures.items():
        assert legibility_problems(figure) == [], name


def test_sankey_bars_stand_apart_from_the_bands_they_join(synthesis):
    """The Sankey's bars (codes, concepts, sub-categories, categories) are darker than its bands
    (the flows between them): a band's fill contrasts 1.5:1 or more with the fill of each bar it
    runs from or into (both were the palest shade keeping 3:1 with white: 1.00:1), so a reader
    tells a concept's bar from the bands that feed it. Each band is still seen 3:1 against the
    paper, by its outline (`legibility_problems`)."""
    (figure, _) = draw_framework(synthesis)["framework_sankey"]
    patches = figure.axes[0].patches
    bars = [p for p in patches if isinstance(p, Rectangle)]
    bands = [p for p in patches if isinstance(p, PathPatch)]
    ratios = []
    for band in bands:
        vertices = band.get_path().vertices  # from (x0, top0) along the top to (x1, top1)
        (x0, top0), (x1, top1) = vertices[0], vertices[3]
        for bar in bars:
            top, bottom = bar.get_y(), bar.get_y() + bar.get_height()
            starts_here = np.isclose(bar.get_x() + bar.get_width(), x0) and top <= top0 <= bottom
            ends_here = np.isclose(bar.get_x(), x1) and top <= top1 <= bottom
            if starts_here or ends_here:
                ratios.append(contrast(band.get_facecolor(), bar.get_facecolor()))
    assert len(bands) == 10  # 4 codes -> 4 concepts -> 2 sub-categories -> 1 category
    assert len(ratios) >= 2 * len(bands)  # each band meets a bar at both ends
    assert min(ratios) >= 1.5
    assert legibility_problems(figure) == []


def test_the_configured_edge_limit_decides_the_edges_drawn(synthesis):
    settings = FrameworkFigureSettings.from_config(
        {"framework": {"network_min_documents": 1, "network_max_edges": 1}}
    )
    figures = draw_framework(synthesis, settings)
    _, edges = figures["framework_network"]
    # four pairs share a study; the figure and its CSV draw the strongest one only
    assert edges["drawn"].tolist() == ["yes", "no", "no", "no"]


def test_a_framework_table_missing_a_column_is_an_input_error(synthesis):
    import pytest

    from metasynth.errors import InputError

    with pytest.raises(InputError, match="no column\\(s\\) n_codings") as caught:
        read_framework(synthesis["framework"].drop(columns="n_codings"))
    assert caught.value.file == "results/synthesis/framework.csv"


def test_a_long_label_of_a_small_codebook_takes_two_lines_not_a_key(synthesis):
    framework = synthesis["framework"].copy()
    concepts = framework["level"] == "concept"
    framework.loc[concepts, "label"] = [
        f"{label} under algorithmic and contractual control"
        for label in framework["label"][concepts]
    ]
    figures = draw_framework(synthesis, framework=framework)
    figure, _ = figures["framework_network"]
    texts = [t.get_text() for t in figure.findobj(Text) if t.get_visible()]
    labels = [t for t in texts if "under algorithmic" in t.replace("\n", " ")]
    # five concepts far apart on the circle: each long label is whole in place, on two lines
    # where one line would leave the figure (near 12, 3, 6 and 9 o'clock); none is clipped
    assert len(labels) == 5
    assert {label.count("\n") for label in labels} == {0, 1}
    assert not any(t.startswith("[1]") for t in texts)
    assert legibility_problems(figure) == []


def test_a_network_without_edges_gives_no_width_range(synthesis):
    """A first study coded, or a threshold no pair reaches: no "width 0–1 studies"."""
    settings = FrameworkFigureSettings.from_config({"framework": {"network_min_documents": 99}})
    figures = draw_framework(synthesis, settings)
    figure, _ = figures["framework_network"]
    notes = [t.get_text() for t in figure.findobj(Text) if t.get_text().startswith("Edges:")]
    assert notes == [
        "Edges: concept pairs coded together in ≥ 99 studies (0 drawn)."
        "\nNode area ∝ supporting documents (in brackets)."
    ]


def test_a_network_of_one_study_edges_says_study_once(synthesis):
    """A threshold of one study: "≥ 1 study", and when every drawn edge has one width, that
    width alone ("width 2 studies", not "width 2–2 studies")."""
    settings = FrameworkFigureSettings.from_config({"framework": {"network_min_documents": 1}})
    figure, _ = draw_framework(synthesis, settings)["framework_network"]
    notes = [t.get_text() for t in figure.findobj(Text) if t.get_text().startswith("Edges:")]
    assert len(notes) == 1 and notes[0].startswith(
        "Edges: concept pairs coded together in ≥ 1 study ("
    )
    assert not re.search(r"width (\d+)–\1 ", notes[0]), notes[0]


def test_a_heatmap_of_few_studies_keeps_a_full_panels_cell_width(synthesis):
    """Four studies, 40 to a panel: the figure narrows to a single column (85 mm), each study a
    cell about as wide as in a full panel, not a quarter of the page."""
    figures = draw_framework(synthesis)
    figure, _ = figures["framework_heatmap"]
    axes = figure.axes[0]
    FigureCanvasAgg(figure).draw()
    cells = axes.get_xlim()[1] - axes.get_xlim()[0]
    cell_mm = axes.get_position().width * figure.get_figwidth() * 25.4 / cells
    assert round(figure.get_figwidth() * 25.4) == 85
    assert [t.get_text() for t in axes.get_xticklabels()] == ["S1", "S2", "S3", "S4"]
    assert 2.0 < cell_mm < 4.0  # a panel of 40 in 174 mm: 2.9 mm
    assert legibility_problems(figure) == []


def test_a_network_of_few_concepts_is_a_small_circle_in_a_single_column(synthesis):
    """Five concepts: a circle of 10 mm in a figure one column (85 mm) wide, not five nodes on
    a 76-mm circle across a double-column page; every label on one line and legible."""
    figures = draw_framework(synthesis)
    figure, _ = figures["framework_network"]
    nodes = np.concatenate([c.get_offsets() for c in figure.axes[0].collections])
    assert round(figure.get_figwidth() * 25.4) == 85
    assert np.hypot(nodes[:, 0], nodes[:, 1]).round(1).tolist() == [10.0] * 5
    texts = {t.get_text() for t in figure.findobj(Text) if t.get_visible()}
    assert {"Platform usability (2)", "Trust building (3)", "Ease of use (0)"} <= texts
    assert legibility_problems(figure) == []
