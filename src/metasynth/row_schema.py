"""Checking many rows of a hand-edited table against one row schema, fast, with jsonschema's
own errors.

A decision file of 200,000 rows made jsonschema walk the schema's `allOf` conditions 200,000
times (over 2 minutes), though a review's rows differ mostly in cells the conditions never look
at (`record_id`, `date`, `note`). `RowChecker.errors(document)` gives exactly the errors
`validator.iter_errors(document)` gives, in the same order, but calls jsonschema only for what it
has not seen:

- a **free** property is one the schema names only as a key of its top-level `properties` (and
  in `required`): no condition, `not`, or other keyword reads its value, so whether its value
  is valid is a matter of its own sub-schema alone (checked by jsonschema against that
  sub-schema, and remembered when valid);
- the rest of a row — every other cell's value, and which free cells are filled — is
  remembered when a whole row with it was valid.

A row whose rest is known to be valid and whose free values are each valid has no errors; any
other row is validated whole by jsonschema (its rest remembered when it is valid), so every
error, and every message made from it, is jsonschema's. Schemas with keywords that can read a
property without naming it (`patternProperties`, `additionalProperties` as a schema,
`unevaluatedProperties`, references) have no free properties: each new row is validated whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

# jsonschema (0.12 s of CPU with its dependencies) is imported where a document is checked:
# most rule jobs that import this module check none.
if TYPE_CHECKING:
    import jsonschema


NAMELESS = frozenset(
    {
        "patternProperties",
        "unevaluatedProperties",
        "propertyNames",
        "$ref",
        "$dynamicRef",
        "$recursiveRef",
    }
)
"""Keywords that reach a property's value (or name) without naming it."""
LIMIT = 100_000
"""Most rests, and most values of one free property, remembered (then no more are added)."""


class RowChecker:
    """jsonschema's errors for one row schema, remembering what it found valid (module doc)."""

    def __init__(self, validator: jsonschema.protocols.Validator) -> None:
        self.validator = validator
        schema = validator.schema
        self.free: dict[str, jsonschema.protocols.Validator] = {}
        self._tests: dict[str, Callable[[Any], bool]] = {}
        if isinstance(schema, Mapping):
            for name in free_properties(schema):
                sub = schema["properties"][name]
                self.free[name] = validator.evolve(schema=sub)
                test = string_test(sub)
                if test is not None:
                    self._tests[name] = test
        self._valid_values: dict[str, set[Any]] = {name: set() for name in self.free}
        self._valid_rests: set[tuple[Any, ...]] = set()

    def errors(self, document: Mapping[str, Any]) -> list[jsonschema.ValidationError]:
        """What `validator.iter_errors(document)` yields, as a list."""
        free = self.free
        parts: list[Any] = []
        cells: list[tuple[str, Any]] = []
        for key, value in document.items():
            if key in free:
                parts.append(key)  # only whether the cell is filled
                cells.append((key, value))
            else:
                parts.append((key, _frozen(value)))
        rest = tuple(parts)
        if rest in self._valid_rests and all(self._valid(n, v) for n, v in cells):
            return []
        errors = list(self.validator.iter_errors(document))
        if not errors and len(self._valid_rests) < LIMIT:
            self._valid_rests.add(rest)
        return errors

    def _valid(self, name: str, value: Any) -> bool:
        """Whether a free property's value is valid by its own sub-schema (remembered)."""
        test = self._tests.get(name)
        if test is not None:
            return test(value)
        key = _frozen(value)
        known = self._valid_values[name]
        if key in known:
            return True
        if not self.free[name].is_valid(value):
            return False
        if len(known) < LIMIT:
            known.add(key)
        return True


STRING_KEYWORDS = frozenset({"type", "minLength", "maxLength", "pattern", "description", "title"})


def string_test(schema: Mapping[str, Any]) -> Callable[[Any], bool] | None:
    """For the sub-schema of a string bounded only by length and pattern (an id, a note), a test
    that says what jsonschema says (`type`: a str; `minLength`/`maxLength`: `len`; `pattern`:
    `re.search`), without its machinery; None for any other sub-schema."""
    if schema.get("type") != "string" or not set(schema) <= STRING_KEYWORDS:
        return None
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    if not isinstance(low, int) or not isinstance(high, int | None):
        return None
    pattern = re.compile(schema["pattern"]) if "pattern" in schema else None

    def test(value: Any) -> bool:
        return (
            isinstance(value, str)
            and len(value) >= low
            and (high is None or len(value) <= high)
            and (pattern is None or pattern.search(value) is not None)
        )

    return test


def free_properties(schema: Mapping[str, Any]) -> list[str]:
    """The top-level properties whose values only their own sub-schema reads (module doc)."""
    properties = schema.get("properties")
    additional = schema.get("additionalProperties", True)
    if not isinstance(properties, Mapping) or not isinstance(additional, bool):
        return []
    if _mentions_any(schema, NAMELESS):
        return []
    elsewhere = {k: v for k, v in schema.items() if k not in ("properties", "required")}
    found = []
    for name, sub in properties.items():
        others = [s for n, s in properties.items() if n != name]
        named_elsewhere = _mentions(elsewhere, name) or _mentions(others, name)
        if isinstance(sub, Mapping) and not named_elsewhere and not _mentions_any(sub, NAMELESS):
            found.append(name)
    return found


def _mentions(node: Any, name: str) -> bool:
    """Whether `name` stands anywhere in a schema fragment, as a key or as a value."""
    if isinstance(node, Mapping):
        return any(k == name or _mentions(v, name) for k, v in node.items())
    if isinstance(node, list | tuple):
        return any(_mentions(item, name) for item in node)
    return bool(node == name)


def _mentions_any(node: Any, names: frozenset[str]) -> bool:
    return any(_mentions(node, name) for name in names)


def _frozen(value: Any) -> Any:
    """A value as a key, its type included (1, 1.0 and True are equal in Python, not in JSON
    Schema; a text equals no other type); lists and objects as tuples."""
    if value.__class__ is str:
        return value
    if isinstance(value, Mapping):
        return ("{}", tuple((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("[]", tuple(_frozen(v) for v in value))
    return (type(value).__name__, value)
