"""The codebook: open codes → concepts → sub-categories → categories.

Input: a YAML file (`data/coded/codebook.yaml`, schema `codebook.schema.yaml`) written flat —
a list of categories, a list of sub-categories naming their category, and a list of concepts
naming their sub-category and listing the open codes (synonyms, paraphrases, spelling variants)
they gather. Output: a validated, immutable `Codebook` with lookups used by every later step, and
`Codebook.to_document()` which writes it back (YAML round trip). A REFI-QDA `.qdc` that nests
category > sub-category > concept > code is read too (`codebook_from_qdc`, through
`qda.codebooks`; `qda.export.export_qdc` writes one).

Checks, each an `InputError` naming the file and the element: the schema; an id used twice; a
parent that does not exist (an orphan sub-category or concept); parent references that loop (a
cycle); a parent at the wrong level; one code listed under two concepts. A category without
sub-categories or a sub-category without concepts is reported as a `Notice`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from metasynth.errors import InputError, Notice
from metasynth.synthesise.qda.codebooks import TreeLevels, codebook_document
from metasynth.synthesise.qda.projects import read_code_tree
from metasynth.text import fold
from metasynth.validation import load_yaml, validate_document


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Subcategory:
    id: str
    category: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Concept:
    id: str
    subcategory: str
    label: str
    description: str = ""
    codes: tuple[str, ...] = ()


def match_key(code: str) -> str:
    """The form under which a code matches a codebook entry: case, accents, punctuation folded."""
    return fold(code)


HIERARCHY_COLUMNS = (
    "category",
    "category_label",
    "subcategory",
    "subcategory_label",
    "concept",
    "concept_label",
)
"""The columns of `Codebook.hierarchy()`, in order (also when the codebook is still empty)."""


@dataclass(frozen=True)
class Codebook:
    """A checked codebook. Build it with `load_codebook` or `codebook_from_document`."""

    categories: tuple[Category, ...]
    subcategories: tuple[Subcategory, ...]
    concepts: tuple[Concept, ...]
    notices: tuple[Notice, ...] = field(default=(), compare=False)

    # ------------------------------------------------------------------ lookups
    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def subcategory(self, subcategory_id: str) -> Subcategory:
        return next(s for s in self.subcategories if s.id == subcategory_id)

    def concept(self, concept_id: str) -> Concept:
        return next(c for c in self.concepts if c.id == concept_id)

    def code_index(self) -> dict[str, str]:
        """Match key of every code, concept label and concept id → concept id."""
        index: dict[str, str] = {}
        for concept in self.concepts:
            for text in (concept.id.replace("_", " "), concept.label, *concept.codes):
                index.setdefault(match_key(text), concept.id)
        return index

    def hierarchy(self) -> pd.DataFrame:
        """One row per concept in codebook order: category, subcategory, concept ids and labels."""
        rows = []
        for concept in self.concepts:
            sub = self.subcategory(concept.subcategory)
            cat = self.category(sub.category)
            rows.append(
                {
                    "category": cat.id,
                    "category_label": cat.label,
                    "subcategory": sub.id,
                    "subcategory_label": sub.label,
                    "concept": concept.id,
                    "concept_label": concept.label,
                }
            )
        return pd.DataFrame(rows, columns=list(HIERARCHY_COLUMNS), dtype="string")

    def ordered_concepts(self) -> list[Concept]:
        """Concepts grouped by category, then sub-category, each group in codebook order."""
        order: list[Concept] = []
        for cat in self.categories:
            for sub in self.subcategories:
                if sub.category != cat.id:
                    continue
                order.extend(c for c in self.concepts if c.subcategory == sub.id)
        return order

    def to_document(self) -> dict[str, Any]:
        """The codebook as the YAML document `load_codebook` reads (a lossless round trip)."""
        return {
            "categories": [
                _drop_empty({"id": c.id, "label": c.label, "description": c.description})
                for c in self.categories
            ],
            "subcategories": [
                _drop_empty(
                    {
                        "id": s.id,
                        "category": s.category,
                        "label": s.label,
                        "description": s.description,
                    }
                )
                for s in self.subcategories
            ],
            "concepts": [
                _drop_empty(
                    {
                        "id": c.id,
                        "subcategory": c.subcategory,
                        "label": c.label,
                        "description": c.description,
                        "codes": list(c.codes),
                    }
                )
                for c in self.concepts
            ],
        }


def _drop_empty(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v not in ("", [], None)}


# ---------------------------------------------------------------------------- building


def _element(section: str, position: int, entry_id: str) -> str:
    return f"{section}[{position}] (id {entry_id!r})"


def _entries(
    document: Any,
) -> tuple[tuple[Category, ...], tuple[Subcategory, ...], tuple[Concept, ...]]:
    """The validated document's categories, sub-categories and concepts, labels stripped."""
    categories = tuple(
        Category(e["id"], e["label"].strip(), e.get("description", "").strip())
        for e in document["categories"]
    )
    subcategories = tuple(
        Subcategory(e["id"], e["category"], e["label"].strip(), e.get("description", "").strip())
        for e in document["subcategories"]
    )
    concepts = tuple(
        Concept(
            e["id"],
            e["subcategory"],
            e["label"].strip(),
            e.get("description", "").strip(),
            tuple(code.strip() for code in e.get("codes", [])),
        )
        for e in document["concepts"]
    )
    return categories, subcategories, concepts


def _definitions(
    sections: list[tuple[str, str, Iterable[Category | Subcategory | Concept]]],
    *,
    file: str | Path,
) -> dict[str, tuple[str, str]]:
    """Where each id is defined, for messages: id → (level, element); an id used twice is an
    InputError."""
    where: dict[str, tuple[str, str]] = {}
    for level, section, entries in sections:
        for position, entry in enumerate(entries):
            element = _element(section, position, entry.id)
            if entry.id in where:
                raise InputError(
                    f"id {entry.id!r} is used twice (first at {where[entry.id][1]})",
                    file=file,
                    element=element,
                    hint="give every category, sub-category and concept its own id",
                )
            where[entry.id] = (level, element)
    return where


def _check_parents(
    parent: dict[str, str], where: dict[str, tuple[str, str]], *, file: str | Path
) -> None:
    """Parent references loop nowhere, and each names an existing entry of the level above."""
    # Any id may be named, so that a loop is reported as a loop.
    for node in parent:
        seen = [node]
        current = node
        while current in parent:
            current = parent[current]
            if current in seen:
                loop = [*seen[seen.index(current) :], current]
                raise InputError(
                    "the hierarchy has a cycle: " + " → ".join(loop),
                    file=file,
                    element=where[node][1],
                    hint="a concept names a sub-category, a sub-category names a category",
                )
            seen.append(current)

    expected_parent = {"subcategory": "category", "concept": "subcategory"}
    for child_id, parent_id in parent.items():
        level, element = where[child_id]
        wanted = expected_parent[level]
        if parent_id not in where:
            raise InputError(
                f"orphan {level}: its {wanted} {parent_id!r} is not defined",
                file=file,
                element=element,
                hint=f"add {wanted} {parent_id!r} to the codebook or fix the spelling",
            )
        if where[parent_id][0] != wanted:
            raise InputError(
                f"its {wanted} {parent_id!r} is a {where[parent_id][0]}, not a {wanted}",
                file=file,
                element=element,
            )


def _check_codes(concepts: tuple[Concept, ...], *, file: str | Path) -> None:
    """One code, one concept; and every code has letters or digits to match on."""
    owner: dict[str, tuple[str, str]] = {}
    for position, concept in enumerate(concepts):
        for text in (concept.id.replace("_", " "), concept.label, *concept.codes):
            key = match_key(text)
            if not key:
                raise InputError(
                    f"code {text!r} has no letters or digits",
                    file=file,
                    element=_element("concepts", position, concept.id),
                )
            previous = owner.get(key)
            if previous and previous[0] != concept.id:
                raise InputError(
                    f"code {text!r} is mapped to two concepts: {previous[0]!r} (as {previous[1]!r})"
                    f" and {concept.id!r}",
                    file=file,
                    element=_element("concepts", position, concept.id),
                    hint="keep the code under one concept, or merge the two concepts",
                )
            owner.setdefault(key, (concept.id, text))


def _empty_levels(
    categories: tuple[Category, ...],
    subcategories: tuple[Subcategory, ...],
    concepts: tuple[Concept, ...],
    *,
    file: str | Path,
) -> list[Notice]:
    """A warning for each category without sub-categories and sub-category without concepts."""
    notices = []
    for cat in categories:
        if not any(s.category == cat.id for s in subcategories):
            notices.append(
                Notice("warning", "category has no sub-categories", str(file), None, cat.id)
            )
    for sub in subcategories:
        if not any(c.subcategory == sub.id for c in concepts):
            notices.append(
                Notice("warning", "sub-category has no concepts", str(file), None, sub.id)
            )
    return notices


def codebook_from_document(document: Any, *, file: str | Path) -> Codebook:
    """Validate a loaded codebook document and build the `Codebook`; InputError when it is bad."""
    if document is None:
        raise InputError(
            "the codebook is empty",
            file=file,
            hint="list categories, subcategories and concepts (`metasynth schema codebook`)",
        )
    validate_document(document, "codebook", file=file)
    categories, subcategories, concepts = _entries(document)
    where = _definitions(
        [
            ("category", "categories", categories),
            ("subcategory", "subcategories", subcategories),
            ("concept", "concepts", concepts),
        ],
        file=file,
    )
    parent: dict[str, str] = {s.id: s.category for s in subcategories}
    parent.update({c.id: c.subcategory for c in concepts})
    _check_parents(parent, where, file=file)
    _check_codes(concepts, file=file)
    notices = _empty_levels(categories, subcategories, concepts, file=file)
    return Codebook(categories, subcategories, concepts, tuple(notices))


def codebook_from_qdc(
    path: str | Path, *, xsd_dir: str | Path | None = None, levels: TreeLevels | None = None
) -> Codebook:
    """A `Codebook` from a `.qdc` (or the codebook of a `.qdpx`/`.qde` project), its tree read
    as `levels` says (default category → sub-category → concept → codes; see
    `qda.codebooks.codebook_document`), checked like a YAML one; the file's warnings (parts not
    read, schema) come first among its notices."""
    codes, found = read_code_tree(path, xsd_dir=xsd_dir)
    document = codebook_document(codes, file=path, levels=levels)
    codebook = codebook_from_document(document, file=Path(path))
    return replace(codebook, notices=(*found, *codebook.notices))


def load_codebook(path: str | Path) -> Codebook:
    """Read and check a codebook: YAML, or a REFI-QDA `.qdc` nested category > sub-category >
    concept > code (as `metasynth codebook export --qdc` writes and QDA tools keep)."""
    if Path(path).suffix.lower() == ".qdc":
        return codebook_from_qdc(path)
    return codebook_from_document(load_yaml(path), file=path)


def dump_codebook(codebook: Codebook) -> str:
    """The codebook as YAML text, in the layout `load_codebook` reads (stable, block style)."""
    text: str = yaml.safe_dump(
        codebook.to_document(), sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return text
