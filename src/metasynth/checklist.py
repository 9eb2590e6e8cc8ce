"""Appraisal checklists as data: the questions a review appraises its studies with.

A checklist is a YAML file (`checklists/<name>.yaml` in the package, or any path the config
names): its name and short name (the report's wording), its published source, the answers it
allows, its screening questions and the answers that fail them, how a study's inclusion is
decided by default, its questions — and, for a checklist with categories of study design (MMAT),
the criteria of each category. Shipped: `casp_qualitative` (CASP Qualitative Studies Checklist,
2018), `jbi_qualitative` (JBI Critical Appraisal Checklist for Qualitative Research) and
`mmat_2018` (Mixed Methods Appraisal Tool, version 2018); `appraisal.checklist: none` means the
review does not appraise.

Decision modes (`decide_by`): `total` — the configured scoring scheme's total and threshold
(the screening questions excluding on their own); `overall` — the appraiser's overall judgement
in the row's `overall` column (JBI: Include / Exclude / Seek further info); `screening` — only a
failed screening question excludes, no score is computed (MMAT advises against one).

Input: the checklist name or path. Output: `Checklist`, which also gives the columns of an
appraisal file and the JSON Schema of one of its rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from metasynth.config import DEFAULT_CONFIG
from metasynth.errors import InputError
from metasynth.text import fold
from metasynth.validation import load_yaml, validate_document

NONE = "none"
"""`appraisal.checklist: none`: the review does not appraise its studies."""

NOT_APPRAISED = "not appraised"
"""What the report and PRISMA say of a review without appraisal."""

SHIPPED = ("casp_qualitative", "jbi_qualitative", "mmat_2018")
DECISION_MODES = ("total", "overall", "screening")
CATEGORY_CRITERIA = 5
"""Criteria per category of study design (MMAT): columns c1..c5 of an appraisal row."""


@dataclass(frozen=True)
class Question:
    id: str
    text: str


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Checklist:
    """One appraisal checklist (see the module docstring)."""

    id: str
    name: str
    short_name: str
    source: str
    answers: tuple[str, ...]
    questions: tuple[Question, ...]
    screening: tuple[str, ...] = ()
    negative: tuple[str, ...] = ("No",)
    decide_by: str = "total"
    overall: tuple[str, ...] = ()
    categories: tuple[Category, ...] = ()

    @property
    def answer_columns(self) -> tuple[str, ...]:
        """The columns answered in every appraisal row: the questions, then c1..c5 for a
        checklist with categories."""
        criteria = (
            tuple(f"c{i}" for i in range(1, CATEGORY_CRITERIA + 1)) if self.categories else ()
        )
        return (*(q.id for q in self.questions), *criteria)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column of an appraisal file, in order."""
        category = ("category",) if self.categories else ()
        overall = ("overall",) if self.overall else ()
        return ("record_id", "appraiser", *category, *self.answer_columns, *overall, "note", "date")

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def category_id(self, written: str) -> str | None:
        """The id of the category a row names: its id, or its name as the checklist's own sheet
        prints it, with or without its number ("1. Qualitative", "Quantitative randomized
        controlled trials", "Mixed methods", "non-randomised studies"); None when it names
        none or more than one."""
        wanted = _category_words(written)
        found = {c.id for c in self.categories if wanted and wanted in _category_names(c)}
        return found.pop() if len(found) == 1 else None

    def is_negative(self, answer: str) -> bool:
        return fold(answer) in {fold(a) for a in self.negative}

    def row_schema(self) -> dict[str, Any]:
        """The JSON Schema of one row of an appraisal file with this checklist."""
        text = {"type": "string", "minLength": 1}
        properties: dict[str, Any] = {
            "record_id": {**text, "description": "record_id of the publication"},
            "appraiser": {**text, "description": "a reviewer id (screening.reviewers)"},
        }
        if self.categories:
            # checked by `appraise` against ids and names alike (`category_id`)
            properties["category"] = {
                **text,
                "description": "the study's category of design: "
                + ", ".join(c.id for c in self.categories),
            }
        for question in self.questions:
            properties[question.id] = {**text, "description": question.text}
        for column in self.answer_columns[len(self.questions) :]:
            properties[column] = {**text, "description": f"criterion {column[1:]} of the category"}
        if self.overall:
            properties["overall"] = {
                **text,
                "description": f"the overall appraisal: {' / '.join(self.overall)}",
            }
        properties["note"] = {"type": "string"}
        properties["date"] = {
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "ISO date of the appraisal, YYYY-MM-DD",
        }
        optional = ("note", *self.criteria_after_failed_screening)
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"one appraisal with the {self.name}",
            "type": "object",
            "additionalProperties": False,
            "required": [c for c in self.columns if c not in optional],
            "x-required-columns": list(self.criteria_after_failed_screening),
            "properties": properties,
        }

    @property
    def criteria_after_failed_screening(self) -> tuple[str, ...]:
        """The criteria a study's row may leave empty when a screening question excluded it:
        those of a checklist decided by its screening questions alone (MMAT: "further appraisal
        may not be feasible or appropriate" after a No or Can't tell). `appraise` requires them
        of every other row."""
        if self.decide_by != "screening" or not self.screening:
            return ()
        return self.answer_columns[len(self.questions) :]


def _category_words(name: str) -> str:
    """A category's name as words to compare: case, accents, a leading number ("2."), "_" and
    "-", a closing "study"/"studies" and British "-ise" spellings aside."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(name).replace("randomis", "randomiz")).split()
    if words and words[0].isdigit():
        words = words[1:]
    if words and words[-1] in ("study", "studies"):
        words = words[:-1]
    return " ".join(words)


def _category_names(category: Category) -> set[str]:
    """The names a category is known by: its id, its label, and the label without the word
    "quantitative" that MMAT puts before three of them ("Randomized controlled trials")."""
    label = _category_words(category.label)
    return {_category_words(category.id), label, label.removeprefix("quantitative ")}


def _path_of(name: str) -> tuple[Path | None, str]:
    if name in SHIPPED:
        return None, name
    return Path(name), Path(name).stem


def load_checklist(name: str, *, config_file: str | Path = DEFAULT_CONFIG) -> Checklist:
    """The checklist shipped under `name`, or read from the YAML file `name` names; `config_file`
    is the config that names it, for the message when it is neither."""
    path, checklist_id = _path_of(name)
    if path is None:
        text = (resources.files("metasynth") / "checklists" / f"{name}.yaml").read_text("utf-8")
        document = yaml.safe_load(text)
        where: str | Path = f"checklists/{name}.yaml"
    else:
        if not path.is_file():
            raise InputError(
                f"appraisal.checklist {name!r} is neither a shipped checklist nor a file",
                file=config_file,
                element="appraisal/checklist",
                hint=f"use one of {', '.join((*SHIPPED, NONE))}, or the path of a checklist "
                "YAML file (see docs/new-review.md, Appraisal)",
            )
        document = load_yaml(path)
        where = path
    return _checklist(checklist_id, document, where)


def _answer(value: Any) -> str:
    """An answer as written: YAML reads an unquoted Yes / No as true / false."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _checklist(checklist_id: str, document: Any, where: str | Path) -> Checklist:
    if isinstance(where, Path) and isinstance(document, dict):  # a review's own checklist
        validate_document(document, "checklist", file=where)
    if not isinstance(document, dict) or not document.get("questions"):
        raise InputError(
            "a checklist needs name, short_name, answers and questions (a list of id and text)",
            file=where,
            hint="see metasynth's checklists/casp_qualitative.yaml for the layout",
        )
    decide_by = str(document.get("decide_by", "total"))
    if decide_by not in DECISION_MODES:
        raise InputError(
            f"decide_by {decide_by!r} is not one of {', '.join(DECISION_MODES)}",
            file=where,
            element="decide_by",
        )
    categories = tuple(
        Category(str(key), str(value["label"]), tuple(str(c) for c in value["criteria"]))
        for key, value in (document.get("categories") or {}).items()
    )
    return Checklist(
        id=checklist_id,
        name=str(document.get("name", checklist_id)),
        short_name=str(document.get("short_name", checklist_id)),
        source=" ".join(str(document.get("source", "")).split()),
        answers=tuple(_answer(a) for a in document.get("answers", [])),
        questions=tuple(Question(str(q["id"]), str(q["text"])) for q in document["questions"]),
        screening=tuple(str(q) for q in document.get("screening", [])),
        negative=tuple(_answer(a) for a in document.get("negative", ["No"])),
        decide_by=decide_by,
        overall=tuple(_answer(a) for a in document.get("overall", [])),
        categories=categories,
    )
