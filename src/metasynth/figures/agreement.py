"""Entropy weights and agreement as pictures: how much each concept weighs, how far coders agree.

Inputs (docs/data-contracts.md): `results/synthesis/entropy.csv` (Shannon entropy weight and rank
per concept or sub-category), `results/synthesis/reliability.csv` (Cohen's kappa, percent
agreement and Krippendorff's alpha per coder pair, overall and per concept),
`results/screening/kappa.csv` (Cohen's kappa and PABAK per screening stage and reviewer pair)
and the framework table (labels, categories, order).

Outputs, each a `Figure` and the table it shows:

- `framework_entropy`: each concept's prevalence (studies coding it) beside its entropy weight,
  in codebook order, coloured by category, with the equal-weight line (1/k): the weight measures
  how unevenly the codings spread over the studies, so the figure is not sorted by it (a concept
  coded once in one study gets the highest weight of all);
- `agreement_coding`: per-concept kappa of each coder pair on the Landis–Koch scale (shaded
  bands), the overall kappa as a line, percent agreement alongside (kappa is undefined when a
  concept never varies on the double-coded studies; those rows show agreement only);
- `agreement_screening`: kappa and PABAK per screening stage and reviewer pair.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from metasynth.errors import InputError, visible
from metasynth.figures import style
from metasynth.figures.common import (
    MIN_FONT_PT,
    as_float,
    as_int,
    chars_for,
    fit_rows,
    fit_width,
    grouped_rows,
    label_grouped_rows,
    legend_below,
    no_data,
    row_height,
    wrap,
)
from metasynth.figures.framework_table import (
    category_colours,
    concepts_of,
    labels_by_id,
    read_framework,
)

LANDIS_KOCH: tuple[tuple[float, float, str], ...] = (
    (-1.0, 0.0, "poor"),
    (0.0, 0.2, "slight"),
    (0.2, 0.4, "fair"),
    (0.4, 0.6, "moderate"),
    (0.6, 0.8, "substantial"),
    (0.8, 1.0, "almost perfect"),
)
"""Landis & Koch (1977) bands of kappa, as used by the screening and synthesis tables."""

BAND_LABELS = {
    "moderate": "mod-\nerate",
    "substantial": "sub-\nstantial",
    "almost perfect": "almost\nperfect",
}
"""Band names on two lines, so neighbouring bands' names never run into each other."""

STAGE_LABELS = {
    "title_abstract": "Title/abstract",
    "full_text": "Full text",
    "retrieval": "Retrieval",
}

EQUAL_WEIGHT_LINE = "dotted"
"""The style (`style.LINE_STYLES`) of the entropy figure's equal-weight line, as its caption
(workflow/report/framework_entropy.rst) names it."""

OVERALL_LINE = "dashed"
"""The style of the coding-agreement figure's overall κ and agreement lines, as its caption
and the figure's own text name it."""


def _require(frame: pd.DataFrame, columns: list[str], file: str, rule: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"the table has no column(s) {', '.join(missing)}",
            file=file,
            hint=f"re-run the {rule} rule",
        )


def _landis_koch_bands(axes: Axes, low: float, *, labels: bool = True) -> None:
    """Shade the Landis–Koch bands from `low` to 1 and name them along the top."""
    shades = ("#FFFFFF", "#F6F6F6")
    for index, (start, stop, name) in enumerate(LANDIS_KOCH):
        if stop <= low:
            continue
        start = max(start, low)
        axes.axvspan(start, stop, color=shades[index % 2], zorder=0, lw=0)
        if labels:
            axes.text(
                (start + stop) / 2,
                1.0,
                BAND_LABELS.get(name, name),
                transform=axes.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=MIN_FONT_PT,
                color="#555555",
            )


# --------------------------------------------------------------------------- entropy


def _framework_order(framework: pd.DataFrame) -> dict[str, int]:
    """Concept and sub-category id → its position in the codebook."""
    order: dict[str, int] = {}
    for position, row in enumerate(framework.itertuples(index=False)):
        key = {"category": "", "subcategory": row.subcategory}.get(str(row.level), row.concept)
        if key:
            order.setdefault(str(key), position)
    return order


def entropy_table(entropy: pd.DataFrame, framework: pd.DataFrame) -> pd.DataFrame:
    """Weighed items in codebook order: item, label, category, group (the label of the
    sub-category a concept is shown under, or the category of a sub-category), n_documents
    (prevalence: the studies coding it), n_codings, weight, entropy and rank (by weight, 1 the
    highest)."""
    _require(
        entropy,
        ["item", "label", "n_documents", "n_codings", "weight", "entropy", "rank"],
        "results/synthesis/entropy.csv",
        "weigh_entropy",
    )
    concepts = concepts_of(framework)
    category_of = dict(zip(concepts["concept"], concepts["category"], strict=True))
    category_of.update(dict(zip(concepts["subcategory"], concepts["category"], strict=False)))
    group_of = dict(zip(concepts["concept"], concepts["subcategory_label"], strict=True))
    group_of.update(dict(zip(concepts["subcategory"], concepts["category_label"], strict=False)))
    order = _framework_order(framework)
    table = pd.DataFrame(
        {
            "item": entropy["item"].astype("string"),
            # as the framework's labels are drawn (`read_framework`): controls shown
            "label": entropy["label"].astype(str).map(visible).astype("string"),
            "category": entropy["item"].astype(str).map(category_of).fillna("").astype("string"),
            "group": entropy["item"].astype(str).map(group_of).fillna("").astype("string"),
            "n_documents": as_int(entropy["n_documents"]),
            "n_codings": as_int(entropy["n_codings"]),
            "weight": as_float(entropy["weight"]),
            "entropy": as_float(entropy["entropy"]),
            "rank": as_float(entropy["rank"]),
        }
    )
    ranked = table[table["rank"].notna()].copy()
    ranked["rank"] = ranked["rank"].astype("int64")
    ranked["position"] = ranked["item"].astype(str).map(order).fillna(len(order))
    ranked = ranked.sort_values(["position", "item"], kind="stable")
    return ranked.drop(columns="position").reset_index(drop=True)


def _value_bars(
    axes: Axes, positions: list[float], values: list[float], colours: list[str], text: list[str]
) -> None:
    axes.barh(positions, values, height=0.72, color=colours, edgecolor="none")
    top = max(max(values, default=0.0), 1e-9)
    for value, position, shown in zip(values, positions, text, strict=True):
        axes.text(
            value + top * 0.015,
            position,
            shown,
            va="center",
            fontsize=MIN_FONT_PT,
            zorder=3,
            # over the equal-weight line, which would cross the digits
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3},
        )
    axes.set_xlim(0, top * 1.3)


def draw_entropy(
    table: pd.DataFrame, framework: pd.DataFrame, n_unranked: int, n_studies: int
) -> Figure:
    """Prevalence (studies coding each item) beside its entropy weight, in codebook order: the
    weight says how unevenly an item's codings spread over the studies, not how important the
    item is, so the items are not sorted by it."""
    colours = category_colours(framework)
    names = labels_by_id(framework)
    width_mm = style.COLUMN_WIDTHS_MM["double"]
    rows = grouped_rows(
        list(table["group"]), list(table["label"]), chars_for(width_mm * 0.36, average_em=0.55)
    )
    positions = rows.positions
    # rows of 3.3 mm, then the titles, axis labels and the legend (up to 3 lines an entry)
    height_mm = 36.0 + max(rows.extent, 1.0) * 3.3 + 9.0 * math.ceil((len(colours) + 1) / 3)
    with style.style_context():
        figure = style.new_figure(width_mm, height_mm=height_mm)
        if table.empty:
            return no_data(figure, "Not yet: no entropy weights (fewer than two coded studies)")
        left, right = figure.subplots(1, 2, sharey=True)
        bar_colours = [colours.get(str(c), style.INK) for c in table["category"]]
        documents = [int(n) for n in table["n_documents"]]
        shares = [f"{n} ({100 * n / n_studies:.0f}%)" if n_studies else str(n) for n in documents]
        _value_bars(left, positions, [float(n) for n in documents], bar_colours, shares)
        weights = [100 * float(w) for w in table["weight"]]
        _value_bars(right, positions, weights, bar_colours, [f"{w:.2f}" for w in weights])
        label_grouped_rows(left, rows)  # items under their sub-category (or category)
        right.tick_params(axis="y", length=0)  # no marks at the headings' rows
        left.set_ylim(rows.extent - 0.4, -0.8)
        left.set_title(f"Prevalence: studies (of {n_studies})", loc="left", fontsize=8)
        right.set_title("Entropy weight (%)", loc="left", fontsize=8)
        left.set_xlabel("Studies coding the item")
        right.set_xlabel(
            "How unevenly its codings spread\nover the studies — not importance", loc="right"
        )
        equal = 100 / len(table)
        right.axvline(
            equal, color=style.INK, linestyle=style.LINE_STYLES[EQUAL_WEIGHT_LINE], linewidth=0.6
        )
        handles: list[Artist] = [Patch(color=c, label=names.get(k, k)) for k, c in colours.items()]
        handles.append(
            Line2D(
                [],
                [],
                color=style.INK,
                linestyle=style.LINE_STYLES[EQUAL_WEIGHT_LINE],
                linewidth=0.6,
                label=f"equal weight ({equal:.2f} %)",
            )
        )
        legend_below(figure, handles, max_columns=3)
        note = "Codebook order, under each sub-category"
        if n_unranked:
            note += f"; {n_unranked} item(s) with no codings have no weight"
        figure.suptitle(note, x=0.99, ha="right", fontsize=MIN_FONT_PT)
    return figure


# --------------------------------------------------------------------------- coding agreement


def coding_agreement_table(reliability: pd.DataFrame, framework: pd.DataFrame) -> pd.DataFrame:
    """Per coder pair, the overall row then one row per concept in codebook order: scope,
    concept, label, coders, n_documents, percent_agreement, kappa, kappa_label, alpha."""
    _require(
        reliability,
        [
            "scope",
            "concept",
            "coders",
            "n_documents",
            "percent_agreement",
            "kappa",
            "kappa_label",
            "alpha",
        ],
        "results/synthesis/reliability.csv",
        "assess_reliability",
    )
    labels = labels_by_id(framework)
    order = {c: i for i, c in enumerate(concepts_of(framework)["concept"])}
    table = pd.DataFrame(
        {
            "scope": reliability["scope"].astype("string"),
            "concept": reliability["concept"].astype("string").fillna(""),
            "coders": reliability["coders"].astype("string"),
            "n_documents": as_int(reliability["n_documents"]),
            "percent_agreement": as_float(reliability["percent_agreement"]),
            "kappa": as_float(reliability["kappa"]),
            "kappa_label": reliability["kappa_label"].astype("string"),
            "alpha": as_float(reliability["alpha"]),
        }
    )
    table = table[table["scope"].isin(["overall", "concept"])].copy()
    table.insert(
        2,
        "label",
        table["concept"]
        .map(lambda c: labels.get(str(c), str(c)) if c else "overall")
        .astype("string"),
    )
    table["_order"] = table["concept"].map(lambda c: -1 if not c else order.get(str(c), len(order)))
    table = table.sort_values(["coders", "_order"], kind="stable").drop(columns="_order")
    return table.reset_index(drop=True)


MARKERS = ("o", "s", "^", "D", "v")
"""Marker of each coder pair on the coding-agreement figure, in table order (then again)."""


def _plot_pairs(
    axes: tuple[Axes, Axes],
    per_concept: pd.DataFrame,
    pairs: list[str],
    position: dict[str, float],
    point_colour: Callable[[str], str],
) -> list[float]:
    """κ (left) and percent agreement (right) of every concept for each coder pair; the rows
    whose κ is undefined (no point on the left)."""
    left, right = axes
    undefined_rows: list[float] = []
    for index, pair in enumerate(pairs):
        mine = per_concept[per_concept["coders"] == pair]
        y = [position[str(c)] for c in mine["concept"]]
        colour_of_points = [point_colour(str(c)) for c in mine["concept"]]
        defined = mine["kappa"].notna().tolist()
        left.scatter(
            [k for k, ok in zip(mine["kappa"], defined, strict=True) if ok],
            [p for p, ok in zip(y, defined, strict=True) if ok],
            marker=MARKERS[index % len(MARKERS)],
            s=14,
            c=[c for c, ok in zip(colour_of_points, defined, strict=True) if ok],
            zorder=3,
            linewidths=0,
        )
        undefined_rows += [p for p, ok in zip(y, defined, strict=True) if not ok]
        right.scatter(
            mine["percent_agreement"],
            y,
            marker=MARKERS[index % len(MARKERS)],
            s=14,
            c=colour_of_points,
            zorder=3,
            linewidths=0,
        )
    return undefined_rows


def _overall_lines(left: Axes, right: Axes, overall: pd.DataFrame) -> None:
    """Each pair's overall κ and percent agreement as a line (`OVERALL_LINE`)."""
    for _, row in overall.iterrows():
        if pd.notna(row["kappa"]):
            left.axvline(
                float(row["kappa"]),
                color=style.INK,
                linestyle=style.LINE_STYLES[OVERALL_LINE],
                linewidth=0.7,
                zorder=2,
            )
        right.axvline(
            float(row["percent_agreement"]),
            color=style.INK,
            linestyle=style.LINE_STYLES[OVERALL_LINE],
            linewidth=0.7,
            zorder=2,
        )


def _overall_descriptions(overall: pd.DataFrame) -> list[str]:
    """One line per coder pair: overall κ (with its band), α, percent agreement, studies."""
    descriptions = []
    for _, row in overall.iterrows():
        kappa = (
            "undefined" if pd.isna(row["kappa"]) else f"{row['kappa']:.2f} ({row['kappa_label']})"
        )
        alpha = "undefined" if pd.isna(row["alpha"]) else f"{row['alpha']:.2f}"
        descriptions.append(
            f"{row['coders']}: overall κ = {kappa}, α = {alpha}, "
            f"{row['percent_agreement']:.1f} % agreement on "
            f"{int(row['n_documents'])} double-coded studies ({OVERALL_LINE} lines)"
        )
    return descriptions


def _coding_legend(
    colours: dict[str, str], labels: dict[str, str], pairs: list[str]
) -> list[Artist]:
    """A colour key per category, and a marker key per coder pair when there are several."""
    legend: list[Artist] = [Patch(color=c, label=labels.get(k, k)) for k, c in colours.items()]
    if len(pairs) > 1:
        legend += [
            Line2D(
                [],
                [],
                marker=MARKERS[i % len(MARKERS)],
                linestyle="none",
                color=style.INK,
                label=pair,
            )
            for i, pair in enumerate(pairs)
        ]
    return legend


def _place_coding_legend(figure: Figure, left: Axes, handles: list[Artist], extent: float) -> None:
    """The legend in one row when its labels are short; else wrapped by `legend_below`, the
    figure growing so that the rows (`extent` of them on `left`) keep their height."""
    columns = min(len(handles), 5)
    chars = chars_for(figure.get_figwidth() * style.MM_PER_INCH / columns - 8.0)
    if all(len(str(h.get_label())) <= chars for h in handles):
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncol=columns,
            frameon=False,
            fontsize=MIN_FONT_PT,
        )
        return
    legend_below(figure, handles, max_columns=5)
    fit_rows(figure, left, extent, 2.9)


def draw_coding_agreement(
    table: pd.DataFrame, framework: pd.DataFrame, *, single_coder: bool = False
) -> Figure:
    """Kappa (Landis–Koch bands) and percent agreement per concept, one marker per coder pair."""
    concepts = concepts_of(framework)
    colours = category_colours(framework)
    per_concept = table[table["scope"] == "concept"]
    overall = table[table["scope"] == "overall"]
    pairs = list(dict.fromkeys(table["coders"]))
    shown = [c for c in concepts["concept"] if c in set(per_concept["concept"])]
    width_mm = style.COLUMN_WIDTHS_MM["double"]
    labels = labels_by_id(framework)
    wrapped = [wrap(labels.get(c, c), chars_for(width_mm * 0.3, average_em=0.55)) for c in shown]
    rows = [0.5 * (row_height(label) - 1) + sum(row_height(w) for w in wrapped[:i])
            for i, label in enumerate(wrapped)]  # fmt: skip
    extent = sum(row_height(label) for label in wrapped)
    height_mm = 30.0 + max(extent, 1) * 3.0
    category_of = dict(zip(concepts["concept"], concepts["category"], strict=True))
    with style.style_context():
        figure = style.new_figure(width_mm, height_mm=height_mm)
        if not shown:
            if single_coder:
                return no_data(figure, "Not part of this review: one coder (synthesis.coders)")
            return no_data(figure, "Not yet: no study coded by two coders")
        left, right = figure.subplots(1, 2, sharey=True, width_ratios=(1.6, 1.0))
        kappas = per_concept["kappa"].dropna()
        low = min(-0.2, float(kappas.min()) - 0.05) if len(kappas) else -0.2
        _landis_koch_bands(left, low)
        undefined_rows = _plot_pairs(
            (left, right),
            per_concept,
            pairs,
            dict(zip(shown, rows, strict=True)),
            lambda concept: colours.get(category_of.get(concept, ""), style.INK),
        )
        for row in sorted(set(undefined_rows)):
            left.text(
                low + 0.02,
                row,
                "κ undefined",
                va="center",
                ha="left",
                fontsize=MIN_FONT_PT,
                color="#555555",
            )
        _overall_lines(left, right, overall)
        left.set_xlim(low, 1.02)
        left.set_yticks(rows)
        left.set_yticklabels(wrapped)
        left.set_ylim(extent - 0.5, -0.5)
        left.set_xlabel("Cohen's κ per concept (presence on the double-coded studies)")
        right.set_xlabel("Percent agreement")
        right.set_xlim(min(50.0, float(table["percent_agreement"].min()) - 5), 101)
        for axes in (left, right):
            axes.grid(axis="y", color="#E6E6E6", linewidth=0.4, zorder=1)
        _place_coding_legend(figure, left, _coding_legend(colours, labels, pairs), extent)
        # each pair's line wrapped to the figure's width: long coder names would run off it
        figure.suptitle(
            "\n".join(
                fit_width(line, width_mm - 4.0, MIN_FONT_PT)
                for line in _overall_descriptions(overall)
            ),
            fontsize=MIN_FONT_PT,
            x=0.01,
            ha="left",
        )
    return figure


# --------------------------------------------------------------------------- screening agreement


def screening_agreement_table(kappa: pd.DataFrame) -> pd.DataFrame:
    """One row per stage and reviewer pair: stage, pair, n_publications, percent, kappa, pabak."""
    _require(
        kappa,
        [
            "stage",
            "reviewer_a",
            "reviewer_b",
            "n_publications",
            "percent_agreement",
            "kappa",
            "pabak",
            "landis_koch",
        ],
        "results/screening/kappa.csv",
        "compute_agreement",
    )
    return pd.DataFrame(
        {
            "stage": kappa["stage"].astype("string"),
            "pair": (
                kappa["reviewer_a"].astype(str) + "–" + kappa["reviewer_b"].astype(str)
            ).astype("string"),
            "n_publications": as_int(kappa["n_publications"]),
            "percent_agreement": as_float(kappa["percent_agreement"]),
            "kappa": as_float(kappa["kappa"]),
            "pabak": as_float(kappa["pabak"]),
            "landis_koch": kappa["landis_koch"].astype("string"),
        }
    ).reset_index(drop=True)


PAIR_OFFSET = 0.17
"""How far (in rows) the screening-agreement figure draws κ above and PABAK below their row's
line: the two markers (about 1.6 mm across) are then 2.4 mm apart or more, even at one value."""


def draw_screening_agreement(table: pd.DataFrame, *, single_screening: bool = False) -> Figure:
    """Kappa and PABAK per screening stage and reviewer pair, on the Landis–Koch scale."""
    width_mm = style.COLUMN_WIDTHS_MM["single"]
    height_mm = 30.0 + max(len(table), 1) * 7.0
    with style.style_context():
        figure = style.new_figure(width_mm, height_mm=height_mm)
        if table.empty:
            if single_screening:
                return no_data(
                    figure,
                    "Not part of this review: one screener per publication "
                    "(screening.reviewers_per_stage)",
                )
            return no_data(figure, "Not yet: no publication screened by two reviewers")
        axes = figure.add_subplot()
        values = pd.concat([table["kappa"], table["pabak"]]).dropna()
        low = min(0.0, float(values.min()) - 0.05) if len(values) else 0.0
        _landis_koch_bands(axes, low)
        positions = list(range(len(table)))
        # κ just above its row's line and PABAK just below: both marks stay whole however
        # close the values are (0.886 and 0.893 drew the diamond over the dot)
        axes.scatter(
            table["kappa"],
            [p - PAIR_OFFSET for p in positions],
            marker="o",
            s=20,
            color=style.PALETTE["blue"],
            zorder=3,
            label="Cohen's κ",
        )
        axes.scatter(
            table["pabak"],
            [p + PAIR_OFFSET for p in positions],
            marker="D",
            s=14,
            color=style.PALETTE["vermillion"],
            zorder=3,
            label="PABAK",
        )
        axes.set_yticks(positions)
        axes.set_yticklabels(
            [
                f"{STAGE_LABELS.get(str(s), str(s))}\n{p} (n = {int(n):,})"
                for s, p, n in zip(
                    table["stage"], table["pair"], table["n_publications"], strict=True
                )
            ]
        )
        axes.set_ylim(len(table) - 0.5, -0.5)
        axes.set_xlim(low, 1.02)
        axes.set_xlabel("Agreement beyond chance")
        axes.grid(axis="y", color="#E6E6E6", linewidth=0.4, zorder=1)
        figure.legend(loc="outside lower center", ncol=2, frameon=False, fontsize=MIN_FONT_PT)
    return figure


def agreement_figures(
    reliability: pd.DataFrame,
    kappa: pd.DataFrame,
    framework: pd.DataFrame,
    *,
    single_screening: bool = False,
    single_coder: bool = False,
) -> dict[str, tuple[Figure, pd.DataFrame]]:
    """The coding and screening agreement figures, each with its table (an empty one says
    "not part of this review" when every stage needs one screener, or one coder codes)."""
    framework = read_framework(framework)
    coding = coding_agreement_table(reliability, framework)
    screening = screening_agreement_table(kappa)
    return {
        "agreement_coding": (
            draw_coding_agreement(coding, framework, single_coder=single_coder),
            coding,
        ),
        "agreement_screening": (
            draw_screening_agreement(screening, single_screening=single_screening),
            screening,
        ),
    }


def entropy_figure(
    entropy: pd.DataFrame, framework: pd.DataFrame, n_studies: int
) -> dict[str, tuple[Figure, pd.DataFrame]]:
    """The entropy-weight figure with its table (`n_studies`: the included studies)."""
    framework = read_framework(framework)
    table = entropy_table(entropy, framework)
    n_unranked = len(entropy) - len(table)
    return {"framework_entropy": (draw_entropy(table, framework, n_unranked, n_studies), table)}
