"""Document type and language as one vocabulary, whatever the export wrote.

`vocabulary.yaml` (beside this file) lists, for each normalised value, the values databases and
reference managers write for it. `normalise(kind, raw)` maps one raw `doc_type` or `language`
value to the normalised one (`"Article; Early Access"` → `article`, `JOUR` → `article`, `eng`
→ `en`): multi-valued fields are split at ";" (and at "," for parts not listed whole), each part
looked up case- and accent-insensitively, parts under `ignore` dropped, and anything not listed
— or blank — is `unknown`, which eligibility rules never exclude. The raw value stays in its
column; the normalised one goes to `doc_type_norm` / `language_norm`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Final

import yaml

from metasynth.text import MULTI_SEP, fold

UNKNOWN: Final = "unknown"
KINDS: Final = ("doc_type", "language")
NORMALISED: Final = {"doc_type": "doc_type_norm", "language": "language_norm"}
"""Raw column → the column of its normalised value."""


@cache
def _tables() -> tuple[dict[str, dict[str, str]], frozenset[str]]:
    """(kind → folded raw value → normalised value, folded values to ignore)."""
    text = resources.files("metasynth.ingest").joinpath("vocabulary.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    tables: dict[str, dict[str, str]] = {}
    for kind in KINDS:
        table: dict[str, str] = {}
        for normalised, values in data[kind].items():
            table[fold(normalised)] = str(normalised)
            for value in values:
                table[fold(value)] = str(normalised)
        tables[kind] = table
    return tables, frozenset(fold(value) for value in data.get("ignore", ()))


def _parts(value: str, table: dict[str, str], ignore: frozenset[str]) -> list[str]:
    key = fold(value)
    if not key or key in ignore:
        return []
    if key in table:
        return [table[key]]
    if ";" in value:
        return [found for part in value.split(";") for found in _parts(part, table, ignore)]
    if "," in value:
        pieces = [fold(piece) for piece in value.split(",") if fold(piece)]
        if pieces and all(piece in table or piece in ignore for piece in pieces):
            return [table[piece] for piece in pieces if piece in table]
    return [UNKNOWN]


@cache
def _language_names() -> dict[str, str]:
    """ISO 639-1 code → the language's English name (the first value listed for it)."""
    text = resources.files("metasynth.ingest").joinpath("vocabulary.yaml").read_text("utf-8")
    return {str(code): str(values[0]) for code, values in yaml.safe_load(text)["language"].items()}


def label(kind: str, normalised: str) -> str:
    """How a person reads a normalised value: `conference_paper` → "Conference paper", `en` →
    "English"; `unknown` → "Unknown"."""
    if kind == "language" and normalised in _language_names():
        return _language_names()[normalised]
    return normalised.replace("_", " ").capitalize()


@cache
def normalise(kind: str, raw: str) -> str:
    """The normalised value of a raw `doc_type` or `language` value (`unknown` if unlisted)."""
    tables, ignore = _tables()
    found = _parts(raw, tables[kind], ignore)
    distinct = list(dict.fromkeys(found))
    if len(distinct) > 1 and UNKNOWN in distinct and kind == "language":
        distinct.remove(UNKNOWN)
    return MULTI_SEP.join(distinct) if distinct else UNKNOWN
