"""The framework and entropy figures as the workflow draws them, on the default corpus and on a
codebook of long, many and unbalanced labels put under data/coded/ (slow: Snakemake runs).

The figures are redrawn from the tables the workflow wrote (the user's path up to the figure
rule) and checked geometrically: legends inside the canvas, no text clipped or overlapping,
every text contrasting with what is behind it.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from metasynth.figures import style
from metasynth.figures.agreement import entropy_figure
from metasynth.figures.framework import FrameworkFigureSettings, framework_figures
from metasynth.tables import read_table

from . import long_labels
from .data import legibility_problems

FIGURES = ("framework_hierarchy", "framework_sankey", "framework_concepts", "framework_entropy")


def _redrawn(project: Path) -> dict[str, list[str]]:
    results = project / "results"
    studies = read_table(results / "screening" / "studies.csv")
    framework = read_table(results / "synthesis" / "framework.csv")
    figures = {
        **framework_figures(
            framework,
            read_table(results / "synthesis" / "doc_concept_matrix.csv"),
            read_table(results / "synthesis" / "codings.csv"),
            studies,
            FrameworkFigureSettings.from_config(),
        ),
        **entropy_figure(
            read_table(results / "synthesis" / "entropy.csv"), framework, len(studies)
        ),
    }
    return {name: legibility_problems(figure) for name, (figure, _) in figures.items()}


@pytest.mark.slow
def test_the_default_corpus_figures_are_legible(finished_run):
    problems = _redrawn(finished_run)
    assert problems == {name: [] for name in problems}


@pytest.mark.slow
def test_long_labels_under_data_coded_give_legible_figures(
    finished_run, copy_run, run_snakemake, tmp_path
):
    project = copy_run(finished_run, tmp_path / "project")
    coded = project / "data" / "coded"
    record_ids = sorted(set(read_table(coded / "codes.csv")["record_id"]))
    (coded / "codebook.yaml").write_text(long_labels.codebook_yaml(), encoding="utf-8")
    (coded / "codes.csv").write_text(long_labels.codes_csv(record_ids), encoding="utf-8")
    for name in ("findings.yaml", "cerqual.yaml"):  # they name the default codebook's entries
        (coded / name).unlink()
    targets = [f"results/figures/{name}.svg" for name in FIGURES]
    result = run_snakemake(project, "--cores", "2", *targets, "results/report.html")
    assert result.returncode == 0, result.stderr[-3000:]

    hierarchy = read_table(project / "results" / "figures" / "framework_hierarchy.csv")
    longest = max((label for _, label in long_labels.CATEGORIES), key=len)
    assert longest in hierarchy["label"].tolist()  # full names beside the figure
    problems = _redrawn(project)
    assert problems == {name: [] for name in problems}

    # the emoji no font of the figures has is named in the rule's log (once, not per glyph and
    # file) and in the report above the figures; Chinese, where a font for it is installed, not
    chinese = dict((s, label) for s, _, label in long_labels.SUBCATEGORIES)["chinese"]
    mentor = next(label for label in long_labels.CONCEPT_LABELS["chinese"] if "🫶" in label)
    drawn = "WenQuanYi Micro Hei" in style.font_families()
    log = (project / "results" / "logs" / "draw_framework_figures.log").read_text("utf-8")
    assert "figure framework_hierarchy: " in log
    assert f"'{mentor} (" in log and (f"'{chinese} (" in log) is not drawn
    assert "Glyph" not in result.stderr and "findfont" not in log
    report = html.unescape((project / "results" / "report.html").read_text("utf-8"))
    note = report[report.index("(in part) as boxes") :].split("</p>")[0]
    assert "the figures' fonts, DejaVu Sans" in note
    assert mentor in note and (chinese in note) is not drawn and "Telemetry" not in note
