"""The reference framework of the e-mentoring meta-synthesis: 3 categories, 9 sub-categories.

Karimi, Yazdani & Abarghoui zade (2024) report three main categories, each with three
sub-categories: the *dimensions* of electronic mentoring (technical, managerial, communication),
its *processes* (main, support, management) and its *requirements* (of the mentor, of the
platform, of the organising body). The concepts under them (50 here) are drawn from the
e-mentoring literature; each has a stable id, a label, a short description and phrase variants
(synonyms and the misspellings real coders produce) that the generator uses when it writes
abstracts and that the synthesis stage turns into a codebook and codes.

Inputs: data/framework.yaml. Outputs: `FRAMEWORK` (categories → sub-categories → concepts),
`CONCEPTS` by id, `concept_path(concept_id)` and `subcategory_ids()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from synthetic.data_files import load_yaml


@dataclass(frozen=True)
class Concept:
    """A concept: what several studies' findings say in their own words."""

    id: str
    label: str
    description: str
    phrases: tuple[str, ...]  # wordings a study or a coder might use (first = canonical)
    misspellings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubCategory:
    id: str
    label: str
    description: str
    concepts: tuple[Concept, ...]


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    description: str
    subcategories: tuple[SubCategory, ...]


def _framework(categories: list[dict[str, Any]]) -> tuple[Category, ...]:
    """data/framework.yaml as `Category` → `SubCategory` → `Concept`."""
    return tuple(
        Category(
            category["id"],
            category["label"],
            category["description"],
            tuple(
                SubCategory(
                    sub["id"],
                    sub["label"],
                    sub["description"],
                    tuple(
                        Concept(
                            c["id"],
                            c["label"],
                            c["description"],
                            tuple(c["phrases"]),
                            tuple(c.get("misspellings", ())),
                        )
                        for c in sub["concepts"]
                    ),
                )
                for sub in category["subcategories"]
            ),
        )
        for category in categories
    )


FRAMEWORK: tuple[Category, ...] = _framework(load_yaml("framework.yaml"))
"""The reference framework, from data/framework.yaml."""

CONCEPTS: dict[str, Concept] = {
    concept.id: concept
    for category in FRAMEWORK
    for subcategory in category.subcategories
    for concept in subcategory.concepts
}
"""Every concept by id, in framework order."""

_PATHS: dict[str, tuple[str, str]] = {
    concept.id: (category.id, subcategory.id)
    for category in FRAMEWORK
    for subcategory in category.subcategories
    for concept in subcategory.concepts
}


def concept_path(concept_id: str) -> tuple[str, str]:
    """(category id, sub-category id) of a concept; KeyError for an unknown id."""
    return _PATHS[concept_id]


def subcategory_ids() -> list[str]:
    """The nine sub-category ids as `category/subcategory`, in framework order."""
    return [f"{c.id}/{s.id}" for c in FRAMEWORK for s in c.subcategories]
