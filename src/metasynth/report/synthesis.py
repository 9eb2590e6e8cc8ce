"""The synthesis part of the report: where the coding comes from and who coded what, the framework
(table and figures), the evidence for each concept (studies and quotes), the entropy weights and
the clustering check of the categories.

Reads: the config (`synthesis`, `report.quotes_per_concept`), the synthesis tables
(results/synthesis/: codings, unmapped codes, coding to-do, framework, entropy, clustering), the
codebook's concept descriptions, the included studies and the figures.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from metasynth.report.html import Child, Markup, anchor_id, element, join, table
from metasynth.report.page import (
    Body,
    Page,
    Section,
    body,
    counted,
    decimal,
    figure,
    note,
    notices_table,
    number,
    percent,
)
from metasynth.synthesise.aggregate import synthesis_codings
from metasynth.synthesise.clustering import MIN_WORDS, NOT_INFORMATIVE
from metasynth.text import as_text, split_multi

FRAMEWORK_FIGURES = (
    "framework_hierarchy",
    "framework_concepts",
    "framework_sankey",
    "framework_network",
    "framework_heatmap",
)
"""The framework figures, in the order the report shows them."""


def undrawable_labels(framework: pd.DataFrame) -> Markup | None:
    """A warning naming the codebook's labels the figures draw (in part) as boxes: characters
    none of the figures' fonts has (Chinese, Japanese, Korean or emoji where no font for them
    is installed)."""
    if framework.empty:
        return None
    # imported here: matplotlib costs half a second to every process that imports the report
    # package, Snakemake itself among them (workflow/rules/report.smk)
    from metasynth.figures import style

    labels = [str(label) for label in framework["label"].astype(str) if style.undrawable(label)]
    if not labels:
        return None
    verb = "shows" if len(labels) == 1 else "show"
    return note(
        f"In the figures below, {counted(len(labels), 'label', 'labels')} of the codebook "
        f"{verb} (in part) as boxes: the figures' fonts, {', '.join(style.font_families())}, "
        f"have no glyph for {style.undrawable(''.join(labels))}. The labels: "
        f"{'; '.join(labels)}. The table above and the CSV beside each figure have them in "
        f"full; to draw them, {style.font_advice()}.",
        "warning",
    )


def _per_coder(coders: pd.DataFrame) -> list[list[Child]]:
    return [
        [
            r["coder"],
            number(r["n_documents"]),
            number(r["n_codings"]),
            number(r["n_mapped"]),
            number(r["n_in_synthesis"]),
        ]
        for r in coders.to_dict("records")
    ]


def coding(page: Page) -> Body:
    settings = page.inputs.config.get("synthesis", {})
    sources = [
        [element("code", s.get("path", "")), s.get("format", ""), s.get("coder", "")]
        for s in settings.get("sources", [])
    ]
    who = (
        "every coder"
        if settings.get("aggregate_coders") == "all"
        else "its first coder in synthesis.coders"
    )
    unmapped_rows = [
        [r["code"], number(r["n_codings"]), number(r["n_documents"]), as_text(r.get("suggestions"))]
        for r in page.inputs.unmapped.to_dict("records")
    ]
    todo_rows = [
        [
            page.studies.link(str(r["record_id"])),
            r["reason"],
            number(r["n_codings"]),
            number(r["n_unmapped"]),
        ]
        for r in page.inputs.coding_todo.to_dict("records")
    ]
    return body(
        table(
            ["Source", "Format", "Coder (when set)"],
            sources,
            caption="Where the coding comes from (synthesis.sources)",
        ),
        table(
            ["Coder", "Studies", "Codings", "Mapped to a concept", "Counted in the framework"],
            _per_coder(page.inputs.coders),
            numeric=[1, 2, 3, 4],
            caption=f"Codings per coder ({page.file('codings')}). Each study's framework "
            f"counts come from {who} ({', '.join(map(str, settings.get('coders', [])))}); the "
            "others' double coding feeds the agreement tables.",
        ),
        table(
            ["Code", "Codings", "Studies", "Closest concepts (score)"],
            unmapped_rows,
            numeric=[1, 2],
            caption="Codes that match no codebook entry (not counted; add them to the codebook)",
        ),
        table(
            ["Study", "Reason", "Codings", "Unmapped"],
            todo_rows,
            numeric=[2, 3],
            caption="Included studies still to code",
        ),
        _import_notices(page),
    )


def _import_notices(page: Page) -> Markup | None:
    """What reading the coding sources noticed (parts of a QDA project not read, schema
    violations, missing texts), when it noticed anything."""
    if page.inputs.import_notices.empty:
        return None
    return notices_table(
        page.inputs.import_notices,
        f"Notices on the coding sources ({page.file('import_notices')}): what was read counts "
        "as imported; what was not read is named here",
    )


def framework(page: Page) -> Body:
    n_studies = len(page.inputs.included)
    rows: list[list[Child]] = []
    for r in page.inputs.framework.to_dict("records"):
        level = str(r["level"])
        n_documents = int(as_text(r["n_documents"]) or 0)
        name: Child = (
            page.concept(str(r["concept"])) if level == "concept" else element("strong", r["label"])
        )
        rows.append(
            [
                element("span", name, class_=f"level-{level}"),
                level.replace("subcategory", "sub-category"),
                number(n_documents),
                percent(n_documents, n_studies),
                number(r["n_codings"]),
            ]
        )
    figures = element(
        "div",
        element("h3", "Figures"),
        undrawable_labels(page.inputs.framework),
        *[figure(page, name) for name in FRAMEWORK_FIGURES],
        id="figures-framework",
    )
    return body(
        table(
            [
                "Category / sub-category / concept",
                "Level",
                "Studies",
                f"% of {n_studies}",
                "Codings",
            ],
            rows,
            numeric=[2, 3, 4],
            caption=f"The framework ({page.file('framework')}). Each concept links to its "
            "evidence: the studies and quotes that support it.",
            class_="data framework",
        ),
        figures,
    )


def _quotes(page: Page, mine: pd.DataFrame) -> list[dict[str, Any]]:
    """A concept's codings, by study number, then file and place in the file."""
    if not len(mine):
        return []
    return sorted(
        mine.to_dict("records"),
        key=lambda q: (
            page.studies.order(str(q["record_id"])),
            str(q.get("source_file", "")),
            str(q.get("source_ref", "")),
        ),
    )


def _evidence(page: Page, row: dict[str, Any], used: pd.DataFrame) -> Markup:
    """One concept's article: where it sits, its description, its studies and quotes."""
    studies = page.studies
    limit = int(page.inputs.config.get("report", {}).get("quotes_per_concept", 0) or 0)
    concept = str(row["concept"])
    mine = used[used["concept"].astype(str) == concept]
    supporting = sorted(split_multi(row["record_ids"]), key=studies.order)
    quotes = _quotes(page, mine)
    shown = quotes[:limit] if limit else quotes
    quote_rows = [
        [
            studies.link(str(q["record_id"])),
            q["code"],
            element("q", q["quote"]) if as_text(q.get("quote")) else "",
            as_text(q.get("location")),
            q["coder"],
        ]
        for q in shown
    ]
    names = page.framework_labels
    return element(
        "article",
        element("h3", row["label"], element("span", f" {concept}", class_="conceptid")),
        element(
            "p",
            names.get(str(row["category"]), ""),
            " › ",
            names.get(str(row["subcategory"]), ""),
            f" — {counted(row['n_documents'], 'study', 'studies')}, "
            f"{counted(row['n_codings'], 'coding', 'codings')}",
            class_="path",
        ),
        element("p", page.descriptions[concept]) if page.descriptions.get(concept) else None,
        element(
            "p",
            "Supporting studies: ",
            join([studies.link(x) for x in supporting], ", ")
            if supporting
            else element("span", "none", class_="missing"),
        ),
        table(
            ["Study", "Code", "Quote", "Where", "Coder"],
            quote_rows,
            class_="data quotes",
            empty="no codings",
        )
        if quote_rows or not supporting
        else None,
        note(
            f"{len(quotes) - len(shown)} more coding(s) in {page.file('codings')} "
            f"(report.quotes_per_concept = {limit})."
        )
        if len(shown) < len(quotes)
        else None,
        id=anchor_id("concept", concept),
        class_="concept",
    )


def evidence(page: Page) -> Body:
    framework = page.inputs.framework
    used = synthesis_codings(page.inputs.codings)
    concepts = framework[framework["level"].astype(str) == "concept"].to_dict("records")
    return body(
        *[_evidence(page, row, used) for row in concepts],
        intro="For each concept: where it sits in the framework, its description in the codebook, "
        "the studies that support it and every coding with its quote, as the coders recorded them.",
    )


def entropy(page: Page) -> Body:
    weights = page.inputs.entropy
    level = page.inputs.config["synthesis"]["entropy_level"]
    rows = []
    if len(weights):
        ranks = pd.to_numeric(weights["rank"].astype("string").replace("", None), errors="coerce")
        ordered = weights.assign(_rank=ranks).sort_values(
            ["_rank", "item"], kind="stable", na_position="last"
        )
        for r in ordered.to_dict("records"):
            item = str(r["item"])
            name: Child = page.concept(item) if item in page.concept_labels else str(r["label"])
            weight = as_text(r["weight"])
            rows.append(
                [
                    as_text(r["rank"]) or "–",
                    name,
                    number(r["n_documents"]),
                    number(r["n_codings"]),
                    decimal(r["entropy"], 4),
                    decimal(r["divergence"], 4),
                    f"{100 * float(weight):.2f}" if weight else "",
                ]
            )
    return body(
        note(
            f"Shannon entropy over the study × {level} frequency matrix: p_ij = F_ij / Σ_i F_ij; "
            "E_j = −(1/ln m) Σ_i p_ij ln p_ij; d_j = 1 − E_j; w_j = d_j / Σ_j d_j. A higher weight "
            "means the codings concentrate in fewer studies: the weight measures information "
            "spread, not importance (a concept coded once in one study weighs most), so read it "
            "beside the studies coding each item (prevalence)."
        ),
        page.not_enough_data("entropy"),
        table(
            ["Rank", "Item", "Studies", "Codings", "Entropy", "Divergence", "Weight (%)"],
            rows,
            numeric=[0, 2, 3, 4, 5, 6],
            caption=page.file("entropy"),
        ),
        figure(page, "framework_entropy"),
    )


def _clustering_summary(page: Page, frame: pd.DataFrame) -> Markup:
    summary = frame[frame["section"].astype(str) == "summary"]
    rows = [
        [
            r["code"],
            decimal(r["score"], 3)
            if str(r["code"]).startswith("adjusted")
            else number(decimal(r["score"], 0)),
            r["flag"],
        ]
        for r in summary.to_dict("records")
    ]
    return table(
        ["Metric", "Value", "Note"],
        rows,
        numeric=[1],
        caption=f"Summary ({page.file('clustering')})",
        stack=True,  # a metric's name ("adjusted_rand_index_concepts_code_char") is one word
    )


def _clustering_purity(frame: pd.DataFrame, framework: pd.DataFrame) -> Markup:
    subcategories = framework[framework["level"].astype(str) == "subcategory"]
    labels = dict(
        zip(
            subcategories["subcategory"].astype(str),
            subcategories["label"].astype(str),
            strict=True,
        )
    )
    rows = [
        [
            labels.get(str(r["subcategory"]), str(r["subcategory"])),
            number(r["n_codes"]),
            as_text(r["cluster"]),
            decimal(r["score"], 3),
        ]
        for r in frame[frame["section"].astype(str) == "subcategory"].to_dict("records")
    ]
    return table(
        ["Sub-category", "Codes", "Largest cluster", "Purity"],
        rows,
        numeric=[1, 3],
        caption="Purity per sub-category: the share of its codes in its largest cluster",
    )


def _clustering_flags(page: Page, frame: pd.DataFrame) -> Markup:
    flags = frame["flag"].astype(str)
    codes = frame[
        (frame["section"].astype(str) == "code") & (flags != "") & (flags != NOT_INFORMATIVE)
    ]
    n_short = int(((frame["section"].astype(str) == "code") & (flags == NOT_INFORMATIVE)).sum())
    rows = [
        [
            r["code"],
            page.concept(str(r["concept"])),
            decimal(r["score"], 3),
            page.concept(str(r["nearest_concept"])) if r["nearest_concept"] else "",
            decimal(r["nearest_score"], 3),
            r["flag"],
        ]
        for r in codes.to_dict("records")
    ]
    return table(
        [
            "Code",
            "Concept",
            "Similarity to its concept",
            "Nearest other concept",
            "Similarity",
            "Flag",
        ],
        rows,
        numeric=[2, 4],
        caption=f"Flagged codes ({len(codes)}): contestable placements for the reviewers to "
        "look at"
        + (
            f"; {n_short} more code(s) are too short to judge (no quotes or memos, fewer than "
            f"{MIN_WORDS} words: flagged {NOT_INFORMATIVE!r} in the table)"
            if n_short
            else ""
        ),
    )


def clustering(page: Page) -> Body:
    frame = page.inputs.clustering
    if frame.empty:
        return body(
            page.not_enough_data("clustering")
            or note(
                "The clustering check is disabled (synthesis.clustering.enabled: false) or "
                "found nothing to cluster."
            )
        )
    return body(
        note(
            "The code texts were clustered without the codebook (TF-IDF features, as many clusters "
            "as sub-categories) and the clusters compared with the codebook's sub-categories. A "
            "low "
            "adjusted Rand index or purity marks categories the wording alone does not separate; "
            "flagged codes sit closer to another concept than to their own, or far from it."
        ),
        _clustering_summary(page, frame),
        _clustering_purity(frame, page.inputs.framework),
        _clustering_flags(page, frame),
    )


CODING = Section("coding", "Coding", coding)
FRAMEWORK = Section("framework", "The framework", framework)
EVIDENCE = Section("evidence", "Evidence for each concept", evidence)
ENTROPY = Section("entropy", "Entropy weights", entropy)
CLUSTERING = Section("clustering", "Clustering check of the categories", clustering)
