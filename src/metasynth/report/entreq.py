"""The ENTREQ reporting items and where the report answers each of them.

ENTREQ (Tong, Flemming, McInnes, Oliver & Craig 2012, "Enhancing transparency in reporting the
synthesis of qualitative research", BMC Medical Research Methodology 12:181) lists 21 items a
qualitative synthesis should report. For each item this module records the item's name, a short
paraphrase of what it asks, the report sections that answer it from the data (section ids of
`metasynth.report.SECTIONS`), and, where the data cannot answer it alone, the key of the
author's statement under `report.statements` in the config (methodology, rationale, ...).

`entreq_rows(statements)` gives one row per item with the answer's state: "data" (answered by
the pipeline's outputs), "statement" (the author's text is in the config) or "missing" (an
author's statement is needed and the config has none — the report says which key to add).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class EntreqItem:
    number: int
    name: str
    asks: str  # a short paraphrase of the item
    sections: tuple[str, ...]  # section ids of the report that answer it from the data
    statement: str = ""  # key of report.statements that holds the author's answer, if needed


ENTREQ_ITEMS: tuple[EntreqItem, ...] = (
    EntreqItem(1, "Aim", "The research question of the synthesis.", ("question",)),
    EntreqItem(
        2,
        "Synthesis methodology",
        "The methodology or framework of the synthesis, and why it was chosen.",
        (),
        "methodology",
    ),
    EntreqItem(
        3,
        "Approach to searching",
        "Whether the search was pre-planned and comprehensive or iterative.",
        ("search",),
        "search_approach",
    ),
    EntreqItem(
        4,
        "Inclusion criteria",
        "The inclusion and exclusion criteria (population, language, years, publication type).",
        ("eligibility",),
    ),
    EntreqItem(
        5,
        "Data sources",
        "The information sources, when they were searched, and why they were used.",
        ("search",),
        "data_sources",
    ),
    EntreqItem(
        6,
        "Electronic search strategy",
        "The search strategies, with their terms and limits.",
        ("search",),
    ),
    EntreqItem(
        7,
        "Study screening methods",
        "How studies were screened (title, abstract, full text) and by how many reviewers.",
        ("screening", "agreement"),
    ),
    EntreqItem(
        8,
        "Study characteristics",
        "The characteristics of the included studies.",
        ("studies", "corpus"),
    ),
    EntreqItem(
        9,
        "Study selection results",
        "The number of studies screened and the reasons for exclusion (a flow diagram).",
        ("prisma", "exclusions"),
    ),
    EntreqItem(
        10,
        "Rationale for appraisal",
        "Why and how the included studies were appraised.",
        ("appraisal",),
        "appraisal_rationale",
    ),
    EntreqItem(
        11,
        "Appraisal items",
        "The tool and criteria used to appraise the studies.",
        ("appraisal",),
    ),
    EntreqItem(
        12,
        "Appraisal process",
        "Whether appraisal was independent, by more than one reviewer, with consensus.",
        ("appraisal",),
    ),
    EntreqItem(
        13,
        "Appraisal results",
        "The results of the appraisal, and which studies were excluded or weighted on it, why.",
        ("studies", "exclusions"),
    ),
    EntreqItem(
        14,
        "Data extraction",
        "Which parts of the studies were analysed and how the data were extracted.",
        ("coding",),
        "data_extraction",
    ),
    EntreqItem(15, "Software", "The software used.", ("reproducibility", "coding")),
    EntreqItem(
        16,
        "Number of reviewers",
        "Who coded and analysed the data.",
        ("coding", "agreement"),
    ),
    EntreqItem(
        17,
        "Coding",
        "How the data were coded (for example line by line).",
        ("coding", "framework"),
        "coding",
    ),
    EntreqItem(
        18,
        "Study comparison",
        "How studies were compared within and across (coding into existing or new concepts).",
        ("framework", "clustering"),
        "study_comparison",
    ),
    EntreqItem(
        19,
        "Derivation of themes",
        "Whether themes were derived inductively or deductively.",
        ("framework", "clustering"),
        "theme_derivation",
    ),
    EntreqItem(
        20,
        "Quotations",
        "Quotations that illustrate the themes, and whose words they are.",
        ("evidence",),
        "quotations",
    ),
    EntreqItem(
        21,
        "Synthesis output",
        "Results that go beyond a summary of the studies (a framework, a model, a theory).",
        ("framework", "figures-framework", "entropy"),
    ),
)
"""The 21 ENTREQ items in order."""

STATEMENT_KEYS: tuple[str, ...] = tuple(item.statement for item in ENTREQ_ITEMS if item.statement)
"""Every `report.statements` key the report asks for."""

STATEMENT_TITLES = {
    "methodology": "Synthesis methodology",
    "search_approach": "Approach to searching",
    "data_sources": "Data sources and why",
    "appraisal_rationale": "Rationale for appraisal",
    "data_extraction": "Data extraction",
    "coding": "Coding",
    "study_comparison": "Study comparison",
    "theme_derivation": "Derivation of themes",
    "quotations": "Quotations",
}
"""The heading of each `report.statements` key."""


@dataclass(frozen=True)
class EntreqRow:
    item: EntreqItem
    state: str  # "data", "statement" or "missing"
    statement: str


def entreq_rows(statements: Mapping[str, str]) -> list[EntreqRow]:
    """Each item with the state of its answer (see the module docstring)."""
    rows = []
    for item in ENTREQ_ITEMS:
        text = str(statements.get(item.statement, "") or "").strip() if item.statement else ""
        if not item.statement:
            state = "data"
        elif text:
            state = "statement"
        else:
            state = "missing"
        rows.append(EntreqRow(item, state, text))
    return rows
