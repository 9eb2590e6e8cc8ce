"""Helpers shared by the corpus and framework figures: counting, study numbers, labels, saving.

Inputs are the contract tables (docs/data-contracts.md) as DataFrames; outputs are small tidy
tables (what a figure shows, also written next to it as CSV) and matplotlib `Figure`s drawn in the
shared style (`metasynth.figures.style`). Nothing here reads or writes files except `save_figure`,
which the rule scripts call.

- `split_counts`: counts of the parts of a multi-valued column (`"; "`-joined), each publication
  counted once per distinct part, spellings grouped by `metasynth.text.fold`;
- `wrap` / `shorten`: label wrapping at a character budget that fits the column width;
- `no_data`: the message an empty figure shows instead of axes;
- `save_figure`: PNG/SVG/PDF through `style.savefig` plus the figure's data as CSV.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from metasynth.figures import FIGURE_FORMATS, style
from metasynth.tables import write_table
from metasynth.text import fold, split_multi

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


def wrap(text: str, width: int, max_lines: int = 3) -> str:
    """`text` wrapped at `width` characters on at most `max_lines` lines (the last one ends in
    "…" when the text is longer). Words are never split: a word longer than `width` stays whole."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = shorten(lines[-1] + " …", width)
    return "\n".join(lines)


def wrap_counted(label: str, count: object, width: int, max_lines: int = 3) -> str:
    """`label (count)` wrapped at `width` characters on at most `max_lines` lines: when the label
    must be cut it ends in "…", but the count in brackets is always shown."""
    suffix = f"({count})"
    whole = wrap(f"{label} {suffix}", width, max_lines)
    if whole.endswith(suffix):
        return whole
    lines = wrap(label, width, max_lines).split("\n")
    last = shorten(lines[-1].removesuffix(" …").removesuffix("…"), width - len(suffix) - 2)
    lines[-1] = f"{last.removesuffix('…').rstrip()}… {suffix}"
    return "\n".join(lines)


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters, ending in "…" when cut."""
    return text if len(text) <= width else text[: max(1, width - 1)].rstrip() + "…"


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


def legend_below(
    figure: Figure, handles: Sequence[Artist], *, max_columns: int = 4, margin_mm: float = 2.0
) -> Legend:
    """A legend under the axes of a constrained-layout figure that stays inside the canvas.

    Long labels are wrapped to the width of one column, and the number of columns drops until
    the legend fits the figure's width (a legend wider than its figure starts left of x = 0 and
    is clipped in every file format)."""
    width_mm = figure.get_figwidth() * 25.4
    for columns in range(max(1, min(len(handles), max_columns)), 0, -1):
        chars = chars_for((width_mm - 2 * margin_mm) / columns - 8.0)
        for handle in handles:
            handle.set_label(_unwrapped(str(handle.get_label()), chars))
        legend = figure.legend(
            handles=handles, loc="outside lower center", ncol=columns, frameon=False
        )
        canvas = FigureCanvasAgg(figure)
        canvas.draw()  # type: ignore[no-untyped-call]  # runs the layout that places the legend
        box = legend.get_window_extent(canvas.get_renderer())  # type: ignore[no-untyped-call]
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
    return wrap(" ".join(label.split()), chars, max_lines=4)


def no_data(figure: Figure, message: str) -> Figure:
    """Say in the middle of an empty `figure` why there is nothing to draw; return the figure.

    Every figure is still written when its input is empty (a new review, no double coding yet),
    so the report and the manifest always list the same files.
    """
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=8, transform=axes.transAxes)
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
    if data is not None:
        csv_path = Path(stem).with_suffix(".csv")
        write_table(data, csv_path)
        written.append(csv_path)
    return written
