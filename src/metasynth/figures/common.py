"""Helpers shared by the corpus and framework figures: counting, study numbers, labels, saving.

Inputs are the contract tables (docs/data-contracts.md) as DataFrames; outputs are small tidy
tables (what a figure shows, also written next to it as CSV) and matplotlib `Figure`s drawn in the
shared style (`metasynth.figures.style`). Nothing here reads or writes files except `save_figure`,
which the rule scripts call.

- `split_counts`: counts of the parts of a multi-valued column (`"; "`-joined), each publication
  counted once per distinct part, spellings grouped by `metasynth.text.fold`;
- `wrap` / `wrap_counted` / `n_lines`: labels wrapped, whole, at a character budget that fits
  the column width (figures grow to hold the lines; no label is cut);
- `grouped_rows` / `label_grouped_rows`: bar rows under group headings, as tall as their labels;
- `NumberedKey`: where a label cannot fit at all (around the network's circle, beside a heatmap
  row), a number in its place and the full label in a key printed in the figure;
- `no_data`: the message an empty figure shows instead of axes;
- `lay_out`: the layout a draw would give a figure (to measure it), without painting it;
- `save_figure`: PNG/SVG/PDF through `style.savefig` plus the figure's data as CSV; a warning in
  the rule's log for each text with characters the fonts cannot draw (`glyph_warnings`).
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch
from matplotlib.text import Text

from metasynth.errors import visible
from metasynth.figures import FIGURE_FORMATS, style
from metasynth.tables import write_table
from metasynth.text import RIGHT_TO_LEFT_LETTERS, fold, split_multi

log = logging.getLogger(__name__)

MIN_FONT_PT = 7.0
"""Smallest type on any figure: legible when printed at journal column width."""

PT_TO_MM = 0.3528
"""One typographic point in millimetres."""


def chars_for(width_mm: float, size_pt: float = MIN_FONT_PT, average_em: float = 0.6) -> int:
    """How many characters of DejaVu Sans fit in `width_mm` at `size_pt`.

    `average_em` is the mean advance of a character in ems: 0.55 for mixed-case words, 0.6 (the
    default, conservative) when labels may be in capitals, like WOS source titles.
    """
    return max(8, int(width_mm / (size_pt * PT_TO_MM * average_em)))


def wrap(text: str, width: int) -> str:
    """`text` wrapped at `width` characters on as many lines as it needs: nothing is cut (the
    figure makes room for the lines). A word longer than `width` breaks only after an
    underscore, slash or backslash (`snake_case_names`, paths: `_IN_WORD_BREAK`), else it stays
    whole on its line; a no-break space never breaks. Chinese, Japanese and Korean text, which
    has no spaces, breaks between its characters, each counted as two (they are twice as wide)."""
    return "\n".join(wrap_lines(text, width) or [""])


_IN_WORD_BREAK = re.compile(r"(?<=[_/\\])(?=[^\W_])")
"""Where a word too long for its line may break: after an underscore, slash or backslash and
before a letter or digit (a line ending in one reads as continued; `unwrapped` joins it to the
next without a space)."""


def wrap_lines(
    text: str, width: int, subsequent_indent: str = "", *, break_long_words: bool = False
) -> list[str]:
    """The lines of `wrap`, the second and later ones indented by `subsequent_indent`; with
    `break_long_words`, a word longer than `width` is cut across lines."""
    words = _SPACES.sub(" ", text).strip()
    if not _WIDE.search(words) and not _breaks_in_long_word(words, width):
        return textwrap.wrap(
            words,
            width,
            subsequent_indent=subsequent_indent,
            break_long_words=break_long_words,
            break_on_hyphens=False,
        )
    lines: list[str] = []
    line, used = "", 0
    for word in words.split(" "):
        for index, piece in enumerate(_breakable_pieces(word, width)):
            gap = " " if index == 0 and line.strip() else ""
            needed = len(gap) + _columns(piece)
            if line.strip() and used + needed > width:
                lines.append(line)
                line, used = subsequent_indent + piece, len(subsequent_indent) + _columns(piece)
            else:
                line, used = line + gap + piece, used + needed
    return [*lines, line] if line else lines


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U0001f300-\U0001faff\U00020000-\U0003fffd]"
)
"""Wide characters (Unicode East Asian Width W or F: CJK ideographs, kana, hangul, full-width
forms, most emoji): about twice as wide as a Latin letter, and a line may break between two."""

_NO_BREAK_BEFORE = set("、。，．：；！？）」』】〕〉》〗〙〛ー・\uff09\uff3d\uff5d")
_NO_BREAK_AFTER = set("（「『【〔〈《〖〘〚\uff08\uff3b\uff5b")
"""CJK punctuation that stays with the character before (closing) or after (opening) it."""


def _breaks_in_long_word(words: str, width: int) -> bool:
    """Whether a word of `words` is longer than `width` and may break (`_IN_WORD_BREAK`)."""
    return any(len(w) > width and _IN_WORD_BREAK.search(w) for w in words.split(" "))


def _breakable_pieces(word: str, width: int) -> list[str]:
    """`word` cut where a line may break: before and after each wide character, except around
    the punctuation of `_NO_BREAK_BEFORE` / `_NO_BREAK_AFTER`; and, in a word longer than
    `width`, after an underscore, slash or backslash (`_IN_WORD_BREAK`)."""
    if len(word) > width and not _WIDE.search(word):
        return _IN_WORD_BREAK.split(word)
    pieces: list[str] = []
    for char in word:
        joins = bool(pieces) and (
            char in _NO_BREAK_BEFORE
            or pieces[-1][-1] in _NO_BREAK_AFTER
            or not (_WIDE.match(char) or _WIDE.match(pieces[-1][-1]))
        )
        if joins:
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def unwrapped(text: str) -> str:
    """A wrapped label on one line again: lines joined by a space, or by nothing between two
    wide characters and after an in-word break (where `wrap` broke a line that had no space)."""
    joined = re.sub(f"(?<={_WIDE.pattern})\n(?={_WIDE.pattern})", "", text)
    joined = re.sub(r"(?<=[_/\\])\n(?=[^\W_])", "", joined)
    return " ".join(joined.split())


def _columns(text: str) -> int:
    """How many character widths `text` takes: two for each wide character."""
    return len(text) + len(_WIDE.findall(text))


def text_width_mm(text: str, size_pt: float, weight: str = "normal") -> float:
    """The rendered width of one line of `text` (the glyph outlines of the figures' fonts), in
    mm."""
    return style.text_width_pt(text, size_pt, weight) * PT_TO_MM


def widest_word_mm(text: str, size_pt: float, weight: str = "normal") -> float:
    """The rendered width of `text`'s widest word, in mm: whether a word fits a narrow column."""
    return max((text_width_mm(word, size_pt, weight) for word in text.split()), default=0.0)


_SPACES = re.compile(r"[ \t\r\n\f\v]+")
"""Runs of breakable white space (not the no-break space, which `str.split` would take too)."""


def fit_width(text: str, width_mm: float, size_pt: float) -> str:
    """`text` as it is when its one line fits `width_mm` at `size_pt`, else wrapped to it (a
    title or message that would run off the figure)."""
    if text_width_mm(text, size_pt) <= width_mm:
        return text
    return wrap(text, chars_for(width_mm, size_pt))


def counted(label: str, count: object) -> str:
    """`label (count)`; after a label with right-to-left letters, a left-to-right mark keeps the
    count at the label's end: without it, in a line that starts in Latin letters the count joins
    the Persian or Arabic words before it and is drawn in their midst ("Concept 12 (4) اعتماد")."""
    return f"{label}{ltr_mark(label)} ({count})"


def wrap_counted(label: str, count: object, width: int) -> str:
    """`label (count)` wrapped, whole, at `width` characters."""
    return wrap(counted(label, count), width)


def n_lines(text: str) -> int:
    """How many lines a (wrapped) label has."""
    return text.count("\n") + 1


@dataclass
class GroupedRows:
    """Rows of a horizontal bar chart under group headings (a concept under its sub-category):
    each label and heading wrapped, whole, its row as many lines tall as it has (one unit a
    line, a quarter more for several), a gap of 0.4 before each new group."""

    positions: list[float]  # the bars' centres
    labels: list[str]  # the bars' labels, wrapped
    headings: list[tuple[float, str]]  # (centre, wrapped heading) of each group
    extent: float  # rows in all


def grouped_rows(groups: Sequence[str], labels: Sequence[str], chars: int) -> GroupedRows:
    """`labels` (in order) under the headings `groups` (one per label; a heading is shown where
    it changes), wrapped at `chars` characters."""
    rows = GroupedRows([], [], [], 0.0)
    y = 0.0
    previous = None
    for group, label in zip(groups, labels, strict=True):
        if group != previous:
            if previous is not None:
                y += 0.4
            heading = wrap(str(group), chars)
            rows.headings.append((y + 0.5 * (row_height(heading) - 1), heading))
            y += row_height(heading)
            previous = group
        wrapped = wrap(str(label), chars)
        rows.positions.append(y + 0.5 * (row_height(wrapped) - 1))
        rows.labels.append(wrapped)
        y += row_height(wrapped)
    rows.extent = y
    return rows


def row_height(label: str) -> float:
    """How many rows a wrapped label needs."""
    # A line a row; a label of several lines a little more (a row is hardly taller than a
    # line's box, and scripts such as Persian reach further above and below than Latin).
    lines = n_lines(label)
    return float(lines) if lines == 1 else lines + 0.25


def label_grouped_rows(axes: Axes, rows: GroupedRows) -> None:
    """The bars' labels and the group headings (bold, no tick) as the y tick labels of `axes`:
    tick labels, so that a constrained layout makes room for them."""
    axes.set_yticks([*rows.positions, *(h for h, _ in rows.headings)])
    axes.set_yticklabels([*rows.labels, *(text for _, text in rows.headings)])
    for tick in axes.yaxis.get_major_ticks()[len(rows.positions) :]:
        tick.label1.set_fontweight("bold")
        tick.tick1line.set_visible(False)  # a heading, not a bar


class NumberedKey:
    """Labels that cannot fit where they belong (around a circle, beside a heatmap row): the
    place shows a number, `[k]`, and a key printed in the same figure gives the full label."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str]] = []

    def mark(self, label: str) -> str:
        """The next number, `[k]`, standing for `label` (recorded for the key)."""
        marker = f"[{len(self.entries) + 1}]"
        self.entries.append((marker, label))
        return marker

    def handles(self) -> list[Artist]:
        """The key as legend entries with no symbol (`legend_below(..., **KEY_LEGEND)`)."""
        return [
            Patch(facecolor="none", edgecolor="none", label=key_entry(marker, label))
            for marker, label in self.entries
        ]

    def columns(self, width_mm: float, n_columns: int = 2) -> list[str]:
        """The key as `n_columns` blocks of text (top to bottom, then left to right), each
        entry wrapped, whole, to its column, continuation lines indented: for a figure whose
        legend is placed by hand."""
        chars = chars_for(width_mm / n_columns - 4.0, average_em=0.55)
        entries = [
            "\n".join(
                wrap_lines(
                    key_entry(marker, label),
                    chars,
                    # a continuation line in Persian keeps its indent on the left, as others do
                    subsequent_indent=ltr_mark(label) + "     ",
                    break_long_words=True,
                )
            )
            for marker, label in self.entries
        ]
        per_column = -(-sum(n_lines(e) for e in entries) // n_columns)
        blocks: list[list[str]] = [[]]
        for entry in entries:
            if blocks[-1] and sum(n_lines(e) for e in blocks[-1]) >= per_column:
                blocks.append([])
            blocks[-1].append(entry)
        return ["\n".join(block) for block in blocks]

    @staticmethod
    def height_mm(blocks: Sequence[str]) -> float:
        """How tall the key's longest block is (7-pt lines)."""
        return max((n_lines(b) for b in blocks), default=0) * 1.2 * MIN_FONT_PT * PT_TO_MM


def key_entry(marker: str, label: str) -> str:
    """`[k] label`; a label in a right-to-left script (Persian, Arabic, Hebrew) after a
    left-to-right mark, which keeps `[k]` first, on the left like every other entry's (the
    first strong letter would otherwise make the line right-to-left, `[k]` at its end)."""
    return f"{ltr_mark(label)}{marker} {label}"


def ltr_mark(label: str) -> str:
    """A left-to-right mark (U+200E) when `label` has right-to-left letters, else nothing."""
    return "\u200e" if RIGHT_TO_LEFT_LETTERS.search(label) else ""


KEY_LEGEND: dict[str, Any] = {"handlelength": 0.0, "handletextpad": 0.0}
"""`legend_below` options for a `NumberedKey`'s handles: text only, no room for a symbol."""


def included_ids(status: pd.DataFrame) -> list[str]:
    """record_ids of the publications with status `included`, sorted."""
    return sorted(status.loc[status["status"].astype(str) == "included", "record_id"].astype(str))


def split_counts(values: Iterable[object], *, separator: str = ";") -> Counter[str]:
    """How many values (publications) contain each part of a multi-valued field.

    A part counts once per value even when repeated; parts that fold to the same text
    (case, accents, punctuation) are counted together under their fold key. Use `display_names`
    for the spelling to show.
    """
    counts: Counter[str] = Counter()
    for value in values:
        keys = {fold(part) for part in split_multi(value, separator)}
        counts.update(key for key in keys if key)
    return counts


def display_names(values: Iterable[object], *, separator: str = ";") -> dict[str, str]:
    """Fold key → the most frequent spelling of that part (ties: the alphabetically first)."""
    spellings: dict[str, Counter[str]] = {}
    for value in values:
        for part in split_multi(value, separator):
            key = fold(part)
            if key:
                spellings.setdefault(key, Counter())[part] += 1
    return {
        key: min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        for key, counter in spellings.items()
    }


def as_int(values: pd.Series) -> pd.Series:
    """A column of counts read from CSV (strings, "" for none) as int64, empty as 0."""
    text = values.astype("string").fillna("").str.strip()
    return pd.to_numeric(text.mask(text == "", "0")).astype("int64")


def as_float(values: pd.Series) -> pd.Series:
    """A column of numbers read from CSV as float64, empty cells as NaN."""
    text = values.astype("string").fillna("").str.strip()
    return pd.to_numeric(text.mask(text == "", None), errors="coerce").astype("float64")


def lay_out(figure: Figure) -> RendererBase:
    """Lay `figure` out as a draw on an Agg canvas at its dpi does (constrained layout, legend
    and text positions), without painting a pixel; the renderer it measured with. Painting was
    most of the cost of each measurement, and the files are drawn afresh when saved."""
    canvas = FigureCanvasAgg(figure)
    figure.draw_without_rendering()
    renderer: RendererBase = canvas.get_renderer()  # type: ignore[no-untyped-call]
    return renderer


def legend_below(
    figure: Figure,
    handles: Sequence[Artist],
    *,
    max_columns: int = 4,
    margin_mm: float = 2.0,
    **options: Any,
) -> Legend:
    """A legend under the axes of a constrained-layout figure that stays inside the canvas.

    Long labels are wrapped to the width of one column, and the number of columns drops until
    the legend fits the figure's width (a legend wider than its figure starts left of x = 0 and
    is clipped in every file format). `options` go to `Figure.legend`."""
    width_mm = figure.get_figwidth() * 25.4
    for columns in range(max(1, min(len(handles), max_columns)), 0, -1):
        chars = chars_for((width_mm - 2 * margin_mm) / columns - 8.0)
        for handle in handles:
            handle.set_label(_unwrapped(str(handle.get_label()), chars))
        legend = figure.legend(
            handles=handles, loc="outside lower center", ncol=columns, frameon=False, **options
        )
        box = legend.get_window_extent(lay_out(figure))
        if columns == 1 or (box.x0 >= 0 and box.x1 <= figure.bbox.width):
            return legend
        legend.remove()
    raise AssertionError("unreachable: one column always fits")


def legend_columns(
    handles: Sequence[Artist], width_mm: float, *, max_columns: int = 4, column_mm: float = 40.0
) -> tuple[int, float]:
    """For a legend placed by hand (a figure without constrained layout): the number of columns
    that gives each at least `column_mm`, the handles' labels wrapped to that width, and the
    legend's height in mm (rows of up to three 7-pt lines)."""
    columns = max(1, min(len(handles), max_columns, int(width_mm // column_mm)))
    chars = chars_for(width_mm / columns - 10.0)
    lines = []
    for handle in handles:
        label = _unwrapped(str(handle.get_label()), chars)
        handle.set_label(label)
        lines.append(label.count("\n") + 1)
    rows = [max(lines[i : i + columns]) for i in range(0, len(lines), columns)]
    return columns, sum(rows) * 3.0 + len(rows) * 1.5


def _unwrapped(label: str, chars: int) -> str:
    return wrap(label.replace("\n", " "), chars)


def fit_rows(figure: Figure, axes: Axes, extent: float, row_mm: float) -> None:
    """Make a constrained-layout `figure` taller until `axes` holds `extent` rows of `row_mm`
    (a legend of long, wrapped labels takes the room its size was computed for)."""
    lay_out(figure)
    height_mm = axes.get_position().height * figure.get_figheight() * 25.4
    deficit_mm = extent * row_mm - height_mm
    if deficit_mm > 0.5:
        figure.set_figheight(figure.get_figheight() + deficit_mm / 25.4)


def no_data(figure: Figure, message: str) -> Figure:
    """Say in the middle of an empty `figure` why there is nothing to draw; return the figure.

    Every figure is still written when its input is empty (a new review, no double coding yet),
    so the report and the manifest always list the same files.
    """
    axes = figure.add_subplot()
    axes.set_axis_off()
    # a centred line wider than the figure would lose both ends: wrapped to its width
    shown = fit_width(message, figure.get_figwidth() * style.MM_PER_INCH - 6.0, 8.0)
    axes.text(0.5, 0.5, shown, ha="center", va="center", fontsize=8, transform=axes.transAxes)
    return figure


def save_figures(
    figures: Mapping[str, tuple[Figure, pd.DataFrame]],
    directory: str | Path,
    formats: Sequence[str] = FIGURE_FORMATS,
) -> list[Path]:
    """Save each figure (by file stem) with its data under `directory`; the paths written."""
    written: list[Path] = []
    for name, (figure, data) in figures.items():
        written += save_figure(figure, Path(directory) / name, data, formats)
    return written


def save_figure(
    figure: Figure,
    stem: str | Path,
    data: pd.DataFrame | None = None,
    formats: Sequence[str] = FIGURE_FORMATS,
) -> list[Path]:
    """Write `stem.png/.svg/.pdf` (fixed metadata) and, when given, `stem.csv` with the data the
    figure shows; returns the paths written."""
    written = style.savefig(figure, stem, formats=formats)
    for warning in glyph_warnings(figure, Path(stem).name):
        log.warning("%s", warning)
    if data is not None:
        csv_path = Path(stem).with_suffix(".csv")
        write_table(data, csv_path)
        written.append(csv_path)
    return written


def glyph_warnings(figure: Figure, name: str) -> list[str]:
    """What `figure` draws as boxes (none, or one message naming every text): characters none of
    the figures' fonts (`style.font_families()`) has a glyph for, such as Chinese, Japanese,
    Korean or emoji where no font for them is installed."""
    texts = sorted(
        {
            unwrapped(text.get_text())
            for text in figure.findobj(Text)
            if text.get_visible() and style.undrawable(text.get_text())
        }
    )
    if not texts:
        return []
    return [
        f"figure {name}: {len(texts)} text(s) with characters the figures' fonts "
        f"({', '.join(style.font_families())}) cannot draw "
        f"({style.undrawable(''.join(texts))}), shown as boxes: "
        + "; ".join(f"'{visible(text)}'" for text in texts)
        + "\n  what to do: the full text is in the report and the CSV beside the figure; to "
        f"draw it in the figure, {style.font_advice()}"
    ]
