"""Figures on real-world labels: long, many, messy and unbalanced categories (`long_labels`).

Geometric facts, not pixels: every legend inside the canvas, no text clipped or overlapping,
text contrasting with what is behind it, every sub-category's count shown, every label's full
text in the figure itself (in its SVG, which keeps each drawn line's text in a comment) and in
the table beside it, and no label cut short with "…".
"""

from __future__ import annotations

import html
import io
import re

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.text import Text

from metasynth.errors import visible
from metasynth.figures import style
from metasynth.figures.agreement import agreement_figures, entropy_figure
from metasynth.figures.common import save_figure, save_figures
from metasynth.figures.framework import FrameworkFigureSettings, framework_figures
from metasynth.screen.summary import study_numbers

from . import long_labels
from .data import draw_framework, legibility_problems, visible_texts


@pytest.fixture(scope="module")
def long_figures(long_synthesis):  # type: ignore[no-untyped-def]
    studies = study_numbers(long_synthesis["included"])
    return {
        **framework_figures(
            long_synthesis["framework"],
            long_synthesis["matrix"],
            long_synthesis["codings"],
            studies,
            FrameworkFigureSettings.from_config(),
        ),
        **entropy_figure(long_synthesis["entropy"], long_synthesis["framework"], len(studies)),
        **agreement_figures(
            long_synthesis["reliability"], NO_SCREENING, long_synthesis["framework"]
        ),
    }


NO_SCREENING = pd.DataFrame(
    columns=["stage", "reviewer_a", "reviewer_b", "n_publications", "percent_agreement",
             "kappa", "pabak", "landis_koch"]
)  # fmt: skip


def svg_text(figure: Figure) -> str:
    """Every text line drawn in `figure`'s SVG (matplotlib writes each line's text in a
    comment before its glyphs), in drawing order, joined by single spaces."""
    buffer = io.StringIO()
    with style.style_context():
        figure.savefig(buffer, format="svg")
    # a left-to-right mark (no letter) starts a Persian label's continuation lines in a key
    lines = [
        html.unescape(c).replace("\u200e", "")
        for c in re.findall(r"<!-- (.*?) -->", buffer.getvalue())
    ]
    # a Chinese label has no spaces: its lines join without one, as a snake_case name's do
    return one_line(" ".join(lines))


CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff]) (?=[\u3000-\u9fff])")
IN_WORD_GAP = re.compile(r"(?<=[_/\\]) (?=[^\W_])")
"""Where lines join without a space: between Chinese characters, after an in-word break."""


def one_line(text: str) -> str:
    """A drawn, wrapped text on one line: its line breaks spaces, except in Chinese and after
    the underscore or slash a word too long for its line broke at."""
    return IN_WORD_GAP.sub("", CJK_GAP.sub("", " ".join(text.split())))


def whole(label: str) -> str:
    """A label as a figure draws it: on one line, its reordering controls shown (`visible`)."""
    return " ".join(visible(label).split())


LABELS_SHOWN = {
    "framework_hierarchy": ("category", "subcategory", "concept"),
    "framework_concepts": ("category", "subcategory", "concept"),
    "framework_heatmap": ("subcategory",),
    "framework_network": ("category", "concept"),
    "framework_sankey": ("category", "subcategory", "concept"),
    "framework_entropy": ("category", "subcategory", "concept"),
    "agreement_coding": ("category", "concept"),
}
"""The levels of the framework each figure names (in place, in a legend or in its key)."""


@pytest.mark.parametrize(
    "name",
    [
        "framework_entropy",
        "framework_hierarchy",
        "framework_sankey",
        "framework_concepts",
        "framework_heatmap",
        "framework_network",
        "agreement_coding",
    ],
)
def test_figures_on_long_labels_are_legible(long_figures, name):
    figure, _ = long_figures[name]
    assert legibility_problems(figure) == []


def test_the_hierarchy_shows_every_subcategory_with_its_count(long_figures, long_synthesis):
    figure, table = long_figures["framework_hierarchy"]
    shown = [one_line(t.get_text()) for t in visible_texts(figure)]
    subs = table[table["level"] == "subcategory"]
    for label, n in zip(subs["label"], subs["n_documents"], strict=True):
        assert any(text.endswith(f"({n})") and text.startswith(label[:12]) for text in shown), label


def test_the_tables_beside_the_figures_keep_the_full_labels(long_figures):
    longest = max((c[1] for c in long_labels.CATEGORIES), key=len)
    _, hierarchy = long_figures["framework_hierarchy"]
    assert longest in hierarchy["label"].tolist()
    _, entropy = long_figures["framework_entropy"]
    assert not entropy["label"].str.contains("…").any()


@pytest.mark.parametrize("name", sorted(LABELS_SHOWN))
def test_every_label_is_in_the_figure_whole(long_figures, long_synthesis, name):
    figure, _ = long_figures[name]
    shown = svg_text(figure)
    framework = long_synthesis["framework"]
    wanted = framework[framework["level"].isin(LABELS_SHOWN[name])]["label"]
    missing = [label for label in wanted if whole(label) not in shown]
    assert missing == []


@pytest.mark.parametrize("name", sorted(LABELS_SHOWN))
def test_no_label_is_cut_short(long_figures, name):
    figure, _ = long_figures[name]
    assert [t.get_text() for t in visible_texts(figure) if "…" in t.get_text()] == []


def test_the_entropy_figure_shows_each_concept_under_its_subcategory(long_figures):
    figure, table = long_figures["framework_entropy"]
    axes = figure.axes[0]
    ticks = [
        one_line(t.get_text())
        for _, t in sorted(zip(axes.get_yticks(), axes.get_yticklabels(), strict=True),
                           key=lambda pair: pair[0])
    ]  # fmt: skip
    bold = {one_line(t.get_text()) for t in axes.get_yticklabels() if t.get_fontweight() == "bold"}
    assert bold == {whole(label) for label in table["group"]}
    literacy = ticks.index("Digital and health literacy")
    assert ticks[literacy + 1 : literacy + 3] == ["Telemetry", "REM"]  # prevalence 55 and 29
    assert table.set_index("label").loc["Telemetry", "n_documents"] == 55


def test_a_count_stays_after_a_label_that_ends_in_persian(long_figures):
    # "Concept (4) پیوستگی مراقبت": in a line that starts in Latin letters, the count joined the
    # Persian words before it and was drawn in their midst; a left-to-right mark keeps it after
    label = long_labels.CONCEPT_LABELS["exported"][0]
    figure, table = long_figures["framework_hierarchy"]
    count = table.set_index("label").loc[label, "n_documents"]
    drawn = [t.get_text() for t in visible_texts(figure) if t.get_text().startswith(label[:20])]
    assert drawn == [f"{label}\u200e ({count})"]


@pytest.mark.parametrize("name", sorted(LABELS_SHOWN))
def test_a_right_to_left_override_in_a_label_is_shown_not_obeyed(long_figures, name):
    # "Override \u202eevil\u202c" was drawn "Override live", and an override with no end
    # reversed the count after it ("(2) 2 tpecnoc")
    figure, _ = long_figures[name]
    drawn = " ".join(t.get_text() for t in figure.findobj(Text))
    assert "\u202e" not in drawn and "\u202c" not in drawn


CHINESE = dict((s, label) for s, _, label in long_labels.SUBCATEGORIES)["chinese"]


def test_a_label_without_spaces_is_wrapped_between_its_characters(long_figures):
    figure, table = long_figures["framework_hierarchy"]
    count = table.set_index("label").loc[CHINESE, "n_documents"]
    drawn = [t.get_text() for t in visible_texts(figure) if t.get_text().startswith(CHINESE[:4])]
    assert len(drawn) == 1
    assert drawn[0].count("\n") >= 2
    assert one_line(drawn[0]) == f"{CHINESE} ({count})"


MENTOR = next(label for label in long_labels.CONCEPT_LABELS["chinese"] if "🫶" in label)

needs_fallback_fonts = pytest.mark.skipif(
    not {"WenQuanYi Micro Hei", "Symbola"} <= set(style.font_families()),
    reason="the fonts for Chinese and emoji are not installed (Debian: apt-get install "
    "fonts-wqy-microhei fonts-symbola; docs/user-guide.md, Fonts)",
)


def _warnings(figure, tmp_path, caplog, formats=("svg",)):  # type: ignore[no-untyped-def]
    with caplog.at_level("WARNING"):
        save_figure(figure, tmp_path / "framework_hierarchy", formats=formats)
    return [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]


def test_characters_no_font_has_are_named_in_the_log(long_figures, tmp_path, caplog):
    figure, table = long_figures["framework_hierarchy"]
    count = table.set_index("label").loc[MENTOR, "n_documents"]
    warnings = _warnings(figure, tmp_path, caplog)
    assert len(warnings) == 1  # one for the figure, not one per glyph and file format
    assert (
        warnings[0].startswith("figure framework_hierarchy: ")
        and "text(s) with characters the figures' fonts (DejaVu Sans" in warnings[0]
    )
    assert f"'{MENTOR} ({count})'" in warnings[0]
    assert "Persian" not in warnings[0] and "Telemetry" not in warnings[0]  # drawn fine


@needs_fallback_fonts
def test_chinese_and_emoji_are_drawn_with_the_fallback_fonts(long_figures, tmp_path, caplog):
    figure, _ = long_figures["framework_hierarchy"]
    warnings = _warnings(figure, tmp_path, caplog, formats=("svg", "pdf"))
    # only the one character no font has is left: the Chinese sub-category is drawn
    assert warnings[0].startswith("figure framework_hierarchy: 1 text(s) with characters")
    assert "cannot draw (🫶)" in warnings[0] and CHINESE not in warnings[0]
    svg = (tmp_path / "framework_hierarchy.svg").read_text("utf-8")
    for family, text in (("WenQuanYi Micro Hei", CHINESE), ("Symbola", "🧑🏫")):
        font = get_font(findfont(FontProperties(family=[family])))
        for char in text:  # each glyph kept as an outline, named by font and glyph index
            glyph = f'id="{font.postscript_name}-{font.get_char_index(ord(char)):x}"'
            assert glyph in svg, char
    pdf = (tmp_path / "framework_hierarchy.pdf").read_bytes()
    fonts = set(re.findall(rb"/BaseFont /[A-Z]{6}\+([\w-]+)", pdf))
    # matplotlib's Last Resort font draws the box for 🫶
    assert fonts == {
        b"DejaVuSans", b"DejaVuSans-Bold", b"WenQuanYiMicroHei", b"Symbola", b"LastResortHE-Regular"
    }  # fmt: skip
    # every font embedded, as TrueType (subsets)
    assert pdf.count(b"/FontFile2") == pdf.count(b"/Type /FontDescriptor") >= 5


def test_a_persian_key_entry_keeps_its_number_first(long_figures):
    """A line that starts with a Persian letter is laid out right to left, its `[k]` at the end:
    the entry starts with a left-to-right mark, so `[k]` stays on the left as in every entry."""
    figure, _ = long_figures["framework_sankey"]  # the Persian category is in its key
    entries = [
        line
        for t in visible_texts(figure)
        for line in t.get_text().split("\n")
        if re.match(r"\u200e?\[\d+\] ", line) and re.search("[\u0600-\u06ff]", line)
    ]
    assert entries and all(line.startswith("\u200e[") for line in entries), entries


@needs_fallback_fonts
def test_latin_labels_give_the_same_bytes_with_or_without_the_fallback_fonts(
    synthesis, tmp_path, monkeypatch
):
    """The fallback fonts come after DejaVu Sans: a review whose labels it draws writes the
    same PNG, SVG and PDF bytes on a machine without them (a published manifest still holds)."""

    def draw(folder):  # type: ignore[no-untyped-def]
        figures = draw_framework(synthesis)
        paths = save_figures(figures, tmp_path / folder)
        return {path.name: path.read_bytes() for path in paths}

    with_fallbacks = draw("with")
    monkeypatch.setattr(style, "font_families", lambda: (style.FONT,))
    assert draw("without") == with_fallbacks
