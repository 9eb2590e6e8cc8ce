"""Aggregation: codings → the framework (category → sub-category → concept) and a matrix.

Input: the mapped codings (`checks.map_codes`; only rows with `in_synthesis` count) and the
`Codebook`. Outputs:
- `framework_table`: one row per category, sub-category and concept, in codebook order, with the
  number of supporting documents and codings and the supporting record_ids; every codebook entry
  appears, with zeros when nothing supports it;
- `doc_concept_matrix`: documents × concepts (or sub-categories), cells = number of codings;
- `framework_markdown` / `framework_latex`: the framework for the report and the paper.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from metasynth.markup import latex_escape, markdown_escape
from metasynth.synthesise.codebook import Codebook
from metasynth.tables import sorted_unique
from metasynth.text import MULTI_SEP, plural

LEVELS = ("category", "subcategory", "concept")

FRAMEWORK_COLUMNS = (
    "level",
    "category",
    "subcategory",
    "concept",
    "label",
    "n_documents",
    "n_codings",
    "record_ids",
)


def synthesis_codings(codings: pd.DataFrame) -> pd.DataFrame:
    """The codings that build the framework (mapped, and from the aggregated coder(s))."""
    flags = codings["in_synthesis"].astype("string").str.lower() == "true"
    return codings[flags & (codings["concept"] != "")]


def _support(rows: pd.DataFrame) -> dict[str, object]:
    ids = sorted_unique(rows["record_id"])
    return {"n_documents": len(ids), "n_codings": len(rows), "record_ids": MULTI_SEP.join(ids)}


def framework_table(codings: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Category, sub-category and concept rows with their support, in codebook order."""
    used = synthesis_codings(codings)
    rows = []
    for category in codebook.categories:
        rows.append(
            {
                "level": "category",
                "category": category.id,
                "subcategory": "",
                "concept": "",
                "label": category.label,
                **_support(used[used["category"] == category.id]),
            }
        )
        for sub in (s for s in codebook.subcategories if s.category == category.id):
            rows.append(
                {
                    "level": "subcategory",
                    "category": category.id,
                    "subcategory": sub.id,
                    "concept": "",
                    "label": sub.label,
                    **_support(used[used["subcategory"] == sub.id]),
                }
            )
            for concept in (c for c in codebook.concepts if c.subcategory == sub.id):
                rows.append(
                    {
                        "level": "concept",
                        "category": category.id,
                        "subcategory": sub.id,
                        "concept": concept.id,
                        "label": concept.label,
                        **_support(used[used["concept"] == concept.id]),
                    }
                )
    frame = pd.DataFrame(rows, columns=list(FRAMEWORK_COLUMNS))
    frame[["n_documents", "n_codings"]] = frame[["n_documents", "n_codings"]].astype("int64")
    return frame


def doc_concept_matrix(
    codings: pd.DataFrame, codebook: Codebook, *, level: str = "concept"
) -> pd.DataFrame:
    """Documents (rows with at least one coding, sorted) × concepts or sub-categories (codebook
    order, all of them), cells = number of codings. The first column is `record_id`."""
    used = synthesis_codings(codings)
    if level == "concept":
        columns = [c.id for c in codebook.ordered_concepts()]
    elif level == "subcategory":
        columns = [
            s.id
            for cat in codebook.categories
            for s in codebook.subcategories
            if s.category == cat.id
        ]
    else:
        raise ValueError(f"level must be concept or subcategory, not {level!r}")
    counts = (
        used.groupby(["record_id", level]).size().unstack(fill_value=0)
        if len(used)
        else pd.DataFrame()
    )
    counts = counts.reindex(columns=columns, fill_value=0).sort_index()
    counts = counts.fillna(0).astype("int64")
    counts.index.name = "record_id"
    counts.columns.name = None
    return counts.reset_index().astype({"record_id": "string"})


# ---------------------------------------------------------------------------- rendering


def framework_tree(framework: pd.DataFrame) -> Iterator[tuple[str, Any]]:
    """(level, row) of the framework table in reading order: each category, then each of its
    sub-categories followed by that sub-category's concepts (rows as named tuples)."""
    by_level = {level: framework[framework["level"] == level] for level in LEVELS}
    for category in by_level["category"].itertuples(index=False):
        yield "category", category
        subs = by_level["subcategory"]
        for sub in subs[subs["category"] == category.category].itertuples(index=False):
            yield "subcategory", sub
            concepts = by_level["concept"]
            for concept in concepts[concepts["subcategory"] == sub.subcategory].itertuples(
                index=False
            ):
                yield "concept", concept


def framework_markdown(
    framework: pd.DataFrame,
    *,
    n_documents: int,
    codings: pd.DataFrame | None = None,
    quotes_per_concept: int = 2,
) -> str:
    """The framework as Markdown: one table per category, concepts with their support; with
    `codings`, then up to `quotes_per_concept` supporting quotes per concept (from different
    documents, in record_id order) so a reader sees what each concept stands on."""
    lines = [
        "# Framework of the synthesis",
        "",
        f"{plural(n_documents, 'coded document')}. Documents = distinct documents supporting "
        "the entry; codings = codes applied. Supporting record_ids are in framework.csv, quotes in "
        "codings.csv.",
        "",
    ]
    tables = 0
    for level, row in framework_tree(framework):
        if level == "category":
            if tables:
                lines.append("")  # the blank line that ends the previous category's table
            tables += 1
            lines += [
                f"## {markdown_escape(row.label)} ({plural(int(row.n_documents), 'document')}, "
                f"{plural(int(row.n_codings), 'coding')})",
                "",
                "| Sub-category | Concept | Documents | Codings |",
                "|---|---|---:|---:|",
            ]
        elif level == "subcategory":
            lines.append(
                f"| **{markdown_escape(row.label)}** | | "
                f"**{row.n_documents}** | **{row.n_codings}** |"
            )
        else:
            lines.append(
                f"| | {markdown_escape(row.label)} | {row.n_documents} | {row.n_codings} |"
            )
    if tables:
        lines.append("")
    if codings is not None:
        lines += _quote_lines(framework, synthesis_codings(codings), quotes_per_concept)
    return "\n".join(lines)


def _quote_lines(framework: pd.DataFrame, used: pd.DataFrame, per_concept: int) -> list[str]:
    lines = ["## Supporting quotes", ""]
    for concept in framework[framework["level"] == "concept"].itertuples(index=False):
        mine = used[(used["concept"] == concept.concept) & (used["quote"] != "")]
        if mine.empty:
            continue
        picked = mine.sort_values(["record_id", "location"], kind="stable")
        picked = picked.drop_duplicates("record_id").head(per_concept)
        lines.append(f"**{markdown_escape(concept.label)}**")
        lines.append("")
        for row in picked.itertuples(index=False):
            where = f"{row.record_id}, {row.location}" if row.location else str(row.record_id)
            lines.append(f"- “{markdown_escape(row.quote)}” ({markdown_escape(where)})")
        lines.append("")
    return lines


def framework_latex(framework: pd.DataFrame) -> str:
    """The framework as a LaTeX longtable (needs the booktabs and longtable packages)."""
    lines = [
        "% Framework of the synthesis, written by metasynth (results/synthesis/framework.tex).",
        "% Needs \\usepackage{booktabs,longtable}.",
        r"\begin{longtable}{p{0.22\textwidth}p{0.22\textwidth}p{0.36\textwidth}rr}",
        r"\toprule",
        r"Category & Sub-category & Concept & Documents & Codings \\",
        r"\midrule",
        r"\endhead",
    ]
    for level, row in framework_tree(framework):
        label = latex_escape(row.label)
        if level == "category":
            if lines[-1] != r"\endhead":
                lines.append(r"\midrule")
            lines.append(
                rf"\textbf{{{label}}} & & & "
                rf"\textbf{{{row.n_documents}}} & \textbf{{{row.n_codings}}} \\"
            )
        elif level == "subcategory":
            lines.append(rf" & \textit{{{label}}} & & {row.n_documents} & {row.n_codings} \\")
        else:
            lines.append(rf" & & {label} & {row.n_documents} & {row.n_codings} \\")
    if lines[-1] != r"\endhead":
        lines.append(r"\midrule")
    if lines[-1] == r"\midrule":
        lines[-1] = r"\bottomrule"
    lines.append(r"\end{longtable}")
    return "\n".join(lines) + "\n"
