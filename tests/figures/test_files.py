"""Figure files: every format written, byte-identical when drawn again, captions for each."""

from __future__ import annotations

from pathlib import Path

from metasynth.figures import figure_outputs, report_captions, report_figures
from metasynth.figures.agreement import entropy_figure
from metasynth.figures.common import save_figures

from .data import draw_framework


def _draw(synthesis):  # type: ignore[no-untyped-def]
    # Two figures keep this fast (PDF font subsetting takes about a second per figure); the
    # workflow's determinism test (tests/test_determinism.py) covers every figure.
    sankey = draw_framework(synthesis)["framework_sankey"]
    return {
        "framework_sankey": sankey,
        **entropy_figure(synthesis["entropy"], synthesis["framework"], 4),
    }


def test_each_figure_is_written_as_png_svg_pdf_and_csv(synthesis, tmp_path):
    written = save_figures(_draw(synthesis), tmp_path)
    expected = {
        f"{name}.{ext}"
        for name in ("framework_sankey", "framework_entropy")
        for ext in ("png", "svg", "pdf", "csv")
    }
    assert {p.name for p in written} == expected
    assert (tmp_path / "framework_sankey.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"CreationDate" not in (tmp_path / "framework_sankey.pdf").read_bytes()


def test_drawing_twice_gives_the_same_bytes(synthesis, tmp_path):
    first = {p.name: p.read_bytes() for p in save_figures(_draw(synthesis), tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in save_figures(_draw(synthesis), tmp_path / "b")}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_rule_outputs_name_every_file_and_caption(root: Path):
    outputs = figure_outputs("entropy", directory="results/figures")
    assert outputs == {
        "framework_entropy": "results/figures/framework_entropy.png",
        "framework_entropy_svg": "results/figures/framework_entropy.svg",
        "framework_entropy_pdf": "results/figures/framework_entropy.pdf",
        "framework_entropy_csv": "results/figures/framework_entropy.csv",
    }
    assert report_figures("png", "results/figures")[0] == "results/figures/prisma.png"
    missing = [c for c in report_captions("workflow/report") if not (root / c).is_file()]
    assert missing == []
    assert (root / "workflow/report/workflow.rst").is_file()
