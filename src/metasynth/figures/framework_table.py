"""The framework table as the framework, network, Sankey and agreement figures read it.

Input: `results/synthesis/framework.csv` (docs/data-contracts.md): category, sub-category and
concept rows in codebook order with their supporting documents and codings. `read_framework`
checks its columns and levels (an `InputError` naming the file otherwise) and types the counts;
the others derive what every framework figure needs from it: the concept rows with their parents'
labels (`concepts_of`), every id's label (`labels_by_id`) and one colour per category,
in codebook order (`category_colours`).
"""

from __future__ import annotations

import pandas as pd

from metasynth.errors import InputError, visible
from metasynth.figures import style
from metasynth.figures.common import as_int
from metasynth.synthesise import aggregate

FRAMEWORK_COLUMNS = tuple(c for c in aggregate.FRAMEWORK_COLUMNS if c != "record_ids")
"""The framework table's columns (synthesis contract) that the figures read: all but record_ids."""


def read_framework(framework: pd.DataFrame) -> pd.DataFrame:
    """The framework table with its counts as integers; InputError when columns are missing."""
    missing = [c for c in FRAMEWORK_COLUMNS if c not in framework.columns]
    if missing:
        raise InputError(
            f"the framework table has no column(s) {', '.join(missing)}",
            file="results/synthesis/framework.csv",
            hint="re-run the aggregate_codes rule",
        )
    table = framework[list(FRAMEWORK_COLUMNS)].copy()
    for column in ("level", "category", "subcategory", "concept", "label"):
        table[column] = table[column].astype("string").fillna("")
    # a label is drawn as the report shows it: a right-to-left override (U+202E) in a codebook
    # label is shown as <U+202E>, not obeyed (it drew "esrever" as "reverse", and the count
    # after it backwards)
    table["label"] = table["label"].map(visible).astype("string")
    table["n_documents"] = as_int(table["n_documents"])
    table["n_codings"] = as_int(table["n_codings"])
    unknown = sorted(set(table["level"]) - {"category", "subcategory", "concept"})
    if unknown:
        raise InputError(
            f"unknown level(s) {', '.join(unknown)} in the framework table",
            file="results/synthesis/framework.csv",
            hint="re-run the aggregate_codes rule",
        )
    return table.reset_index(drop=True)


def category_colours(framework: pd.DataFrame) -> dict[str, str]:
    """Category id → its colour (`style.CATEGORICAL` in order, cycling past seven)."""
    categories = framework.loc[framework["level"] == "category", "category"].tolist()
    return {c: style.CATEGORICAL[i % len(style.CATEGORICAL)] for i, c in enumerate(categories)}


def labels_by_id(framework: pd.DataFrame) -> dict[str, str]:
    """Every category, sub-category and concept id → its label."""
    labels: dict[str, str] = {}
    for row in framework.itertuples(index=False):
        key = {"category": row.category, "subcategory": row.subcategory}.get(
            str(row.level), row.concept
        )
        labels[str(key)] = str(row.label)
    return labels


def concepts_of(framework: pd.DataFrame) -> pd.DataFrame:
    """The concept rows, in codebook order, with the labels of their sub-category and category."""
    labels = labels_by_id(framework)
    concepts = framework[framework["level"] == "concept"].copy()
    concepts["subcategory_label"] = concepts["subcategory"].map(labels).astype("string")
    concepts["category_label"] = concepts["category"].map(labels).astype("string")
    return concepts.reset_index(drop=True)
