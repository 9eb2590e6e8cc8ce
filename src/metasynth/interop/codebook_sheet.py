"""A codebook from a spreadsheet: the framework a review kept in Excel, as codebook YAML.

A review that coded in a spreadsheet usually has its framework there too: one row per open code
(or per concept) with the category, sub-category and concept it belongs to — a codebook sheet,
or the coding sheet itself with those columns beside each code. `codebook_from_sheet` reads such
a sheet (CSV, TSV or Excel, through `interop.sheets`) into the document `codebook.yaml` holds:

- columns are found by their usual names (`category`, `subcategory`/`sub-category`,
  `concept`, `code`/`codes`/`open code`/`tag`; case and spacing do not count) or as given
  (`--column subcategory="Sub-theme"`); category and sub-category are needed, and a concept or
  a code column (without a concept column each code is a concept of its own);
- a code cell may hold several codes (split at `,` and `;`, or the given separators; a code
  in quotes keeps them: `"trust, safety"; mentoring`), and a cell holding a formula's error
  value (`#N/A`) is an error naming the row;
- a blank category, sub-category or concept cell is an error naming the row, unless the sheet
  is written outline-style (merged cells, a value only where it changes) and `fill_down` says
  so: then it takes the value of the row above — never guessed;
- entries are the same when their labels are the same after case, accents and punctuation are
  folded (`match_key`, as codes match concepts); the first spelling is the label. A sub-category
  under two categories, a concept under two sub-categories, or a code under two concepts is an
  error naming both rows: the sheet has to decide;
- ids are snake_case words made from the labels (`Technical dimension` → `technical_dimension`),
  unique across the codebook (a repeat gets `_2`); a label without Latin letters or digits
  gets its level and number (`concept_3`).

The document is then checked exactly as a hand-written codebook is (`codebook_from_document`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from metasynth.errors import InputError, raise_collected
from metasynth.interop.sheet import split_codes
from metasynth.interop.sheets import Sheet
from metasynth.synthesise.codebook import Codebook, codebook_from_document, match_key
from metasynth.text import formula_error_problem, is_formula_error

LEVELS = ("category", "subcategory", "concept", "code")
"""The columns of a codebook sheet, from the top of the framework down."""

LEVEL_NAMES = {
    "category": ("category", "categories"),
    "subcategory": ("subcategory", "subcategories", "sub category", "sub categories"),
    "concept": ("concept", "concepts"),
    "code": ("code", "codes", "open code", "open codes", "tag", "tags"),
}
"""Column names each level is found by (case, spaces, `_` and `-` do not count)."""

ID_LENGTH = 40
"""Longest id made from a label (at a word boundary when there is one)."""

_SPACE = re.compile(r"[\s_-]+")
_NOT_ID = re.compile(r"[^a-z0-9]+")


def _norm(name: str) -> str:
    return _SPACE.sub(" ", name.strip().lower())


def level_columns(sheet: Sheet, given: Mapping[str, str]) -> dict[str, str]:
    """The sheet's column of each level, found by name or as given; InputError naming the
    columns there are when category, sub-category, or both concept and code are missing."""
    columns = [c for c in sheet.columns if c]
    for level, column in given.items():
        if level not in LEVEL_NAMES:
            raise InputError(
                f"unknown level {level!r} in --column", hint=f"levels: {', '.join(LEVELS)}"
            )
        if column not in columns:
            raise InputError(
                f"no column {column!r}", file=sheet.path, line=1, hint=_columns_hint(columns)
            )
    by_norm = {_norm(c): c for c in columns}
    found = dict(given)
    for level, names in LEVEL_NAMES.items():
        column = next((by_norm[_norm(n)] for n in names if _norm(n) in by_norm), "")
        if level not in found and column and column not in found.values():
            found[level] = column
    missing = [level for level in ("category", "subcategory") if level not in found]
    if "concept" not in found and "code" not in found:
        missing.append("concept or code")
    if missing:
        raise InputError(
            f"no {' and no '.join(missing)} column",
            file=sheet.path,
            line=1,
            hint=f"{_columns_hint(columns)}; say which is which, e.g. "
            "--column subcategory='Sub-theme' --column code='Open codes'",
        )
    return found


def _columns_hint(columns: list[str]) -> str:
    return f"the columns are {', '.join(map(repr, columns))}"


def make_id(label: str, taken: set[str], level: str) -> str:
    """A snake_case id for `label`, not in `taken` (which it is added to)."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    base = _NOT_ID.sub("_", ascii_text.lower()).strip("_")
    if len(base) > ID_LENGTH:
        cut = base[:ID_LENGTH]
        base = cut.rsplit("_", 1)[0] if "_" in cut else cut
    if not base:  # no Latin letters or digits: the level and a number
        n = 1
        while f"{level}_{n}" in taken:
            n += 1
        candidate = f"{level}_{n}"
    else:
        base = base if base[0].isalpha() else f"{level}_{base}"
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
    taken.add(candidate)
    return candidate


@dataclass
class _Entry:
    label: str
    parent: str  # the parent's match key ("" for a category)
    row: int
    codes: list[str] = field(default_factory=list)


@dataclass
class _Framework:
    """The entries of each level by match key, in the order first seen, and the problems."""

    sheet: Sheet
    levels: dict[str, dict[str, _Entry]] = field(
        default_factory=lambda: {level: {} for level in LEVELS[:3]}
    )
    code_owner: dict[str, tuple[str, int]] = field(default_factory=dict)
    problems: list[InputError] = field(default_factory=list)

    def refuse(self, row: int, message: str, hint: str) -> None:
        where = f"row {row}" if self.sheet.where == "row" else None
        self.problems.append(
            InputError(
                message,
                file=self.sheet.path,
                line=row if where is None else None,
                element=where,
                hint=hint,
            )
        )

    def add(self, level: str, label: str, parent: str, row: int) -> str:
        """Add an entry (or find it again); its key, or "" (reported) when the label has no
        letters or digits or the entry sits under two parents."""
        key = match_key(label)
        if not key:
            self.refuse(
                row,
                f"{level} {label!r} has no letters or digits",
                f"write the {level}'s name, or leave the row out",
            )
            return ""
        entries = self.levels[level]
        if key not in entries:
            entries[key] = _Entry(label, parent, row)
            return key
        known = entries[key]
        if known.parent != parent:
            above = LEVELS[LEVELS.index(level) - 1]
            first = self.levels[above][known.parent].label
            second = self.levels[above][parent].label
            self.refuse(
                row,
                f"{level} {label!r} is under {above} {second!r} here but under {first!r} in "
                f"{self.sheet.where} {known.row}",
                f"a {level} belongs to one {above}: correct one of the two rows, or give the "
                f"two {level} different names",
            )
            return ""
        return key

    def add_code(self, code: str, concept: str, row: int) -> None:
        key = match_key(code)
        owner = self.code_owner.get(key)
        if not key:
            self.refuse(row, f"code {code!r} has no letters or digits", "write the code")
        elif owner is None:
            self.code_owner[key] = (concept, row)
            self.levels["concept"][concept].codes.append(code)
        elif owner[0] != concept:
            first = self.levels["concept"][owner[0]].label
            here = self.levels["concept"][concept].label
            self.refuse(
                row,
                f"code {code!r} is under concept {here!r} here but under {first!r} in "
                f"{self.sheet.where} {owner[1]}",
                "a code belongs to one concept: correct one of the two rows",
            )


def _row_values(
    framework: _Framework,
    row: int,
    cells: Mapping[str, str],
    columns: Mapping[str, str],
    above: dict[str, str],
    fill_down: bool,
) -> dict[str, str] | None:
    """The category, sub-category and concept of a row (filled down when asked), or None when
    one is blank or holds a formula's error value (reported)."""
    for name in columns.values():
        if is_formula_error(cells.get(name, "")):
            framework.refuse(
                row,
                formula_error_problem(name, cells[name]),
                "fix the formula (or type the value) and read the sheet again",
            )
            return None
    values = {}
    for level in LEVELS[:3]:
        column = columns.get(level)
        value = cells.get(column, "").strip() if column else ""
        if not value and fill_down:
            value = above.get(level, "")
        values[level] = value
    if "concept" not in columns:
        values["concept"] = ""
    blank = [level for level in LEVELS[:2] if not values[level]]
    if "concept" in columns and not values["concept"]:
        blank.append("concept")
    if blank:
        framework.refuse(
            row,
            f"no {' and no '.join(blank)} in this {framework.sheet.where}",
            "fill it in; a sheet that writes a value only where it changes (merged cells) "
            "needs --fill-down"
            if not fill_down
            else "fill it in: nothing above it to take it from",
        )
        return None
    above.update(values)
    return values


_QUOTE_HINT = (
    'a code holding a separator goes in quotes ("trust, safety"); a quote that is part of a '
    'code is doubled inside them ("the ""voice"" of children")'
)


def framework_document(
    sheet: Sheet, columns: Mapping[str, str], *, fill_down: bool, separators: str
) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """The codebook document the sheet describes, and the number of rows it came from; every
    problem of the sheet raised together (`CollectedInputError`)."""
    framework = _Framework(sheet)
    above: dict[str, str] = {}
    n_rows = 0
    for row, cells in sheet.rows:
        if not any(cells.get(c, "").strip() for c in columns.values()):
            continue  # a blank row (or one with only other columns) is layout
        values = _row_values(framework, row, cells, columns, above, fill_down)
        if values is None:
            continue
        n_rows += 1
        category = framework.add("category", values["category"], "", row)
        if not category:
            continue  # no letters: reported
        subcategory = framework.add("subcategory", values["subcategory"], category, row)
        if not subcategory:
            continue  # no letters, or under two categories: reported
        try:
            codes = split_codes(cells.get(columns.get("code", ""), ""), separators)
        except ValueError as problem:
            framework.refuse(row, f"column {columns['code']!r}: {problem}", _QUOTE_HINT)
            continue
        if not values["concept"]:  # no concept column: each code is a concept of its own
            for code in codes:
                framework.add("concept", code, subcategory, row)
            continue
        concept = framework.add("concept", values["concept"], subcategory, row)
        for code in codes if concept else ():
            framework.add_code(code, concept, row)
    raise_collected(framework.problems)
    return _document(framework), n_rows


def _document(framework: _Framework) -> dict[str, list[dict[str, Any]]]:
    taken: set[str] = set()
    ids = {
        level: {key: make_id(e.label, taken, level) for key, e in entries.items()}
        for level, entries in framework.levels.items()
    }
    levels = framework.levels
    return {
        "categories": [
            {"id": ids["category"][k], "label": e.label} for k, e in levels["category"].items()
        ],
        "subcategories": [
            {"id": ids["subcategory"][k], "category": ids["category"][e.parent], "label": e.label}
            for k, e in levels["subcategory"].items()
        ],
        "concepts": [
            {
                "id": ids["concept"][k],
                "subcategory": ids["subcategory"][e.parent],
                "label": e.label,
                "codes": [c for c in e.codes if match_key(c) != k],
            }
            for k, e in levels["concept"].items()
        ],
    }


def codebook_from_sheet(
    sheet: Sheet, given: Mapping[str, str], *, fill_down: bool, separators: str
) -> tuple[Codebook, int]:
    """The checked `Codebook` a codebook sheet describes, and how many of its rows it used."""
    columns = level_columns(sheet, given)
    document, n_rows = framework_document(
        sheet, columns, fill_down=fill_down, separators=separators
    )
    if not document["concepts"]:
        raise InputError(
            "no row with a category, a sub-category and a concept or code",
            file=sheet.path,
            hint=f"the columns read: {', '.join(f'{k}={v!r}' for k, v in columns.items())}",
        )
    return codebook_from_document(document, file=Path(sheet.path)), n_rows
