"""Hand-written documents against the JSON Schemas shipped in `metasynth/schemas/`.

YAML files (the config, searches.yaml, findings, judgements) are read safely (`load_yaml`: no
objects, dates kept as typed, a key given twice or a "billion laughs" refused, every syntax error
naming its line), and documents are validated with every violation named by file, line and
element in plain words (`validate_document`, `describe_error`). The row schemas of hand-edited
tables are checked here too (`schema_validator`, `row_checker`; the rows are read by
`metasynth.tables.read_hand_table`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import yaml

from metasynth.errors import InputError, raise_collected
from metasynth.files import read_input_bytes, refuse_merge_conflict
from metasynth.row_schema import RowChecker, string_test
from metasynth.text import is_formula_error

# jsonschema (0.12 s of CPU with its dependencies) is imported where a document is checked:
# most rule jobs that import this module check none.
if TYPE_CHECKING:
    import jsonschema


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON Schema `<name>.schema.yaml` shipped with the package (also `workflow/schemas/`)."""
    resource = resources.files("metasynth") / "schemas" / f"{name}.schema.yaml"
    # libyaml's loader where PyYAML has it: our own, well-formed files read alike by both, and
    # the config schema takes a twentieth of a second in pure Python, in every process
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with resources.as_file(resource) as path:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # type: ignore[no-any-return]


@cache
def schema_validator(schema_name: str) -> jsonschema.protocols.Validator:
    """The validator of a shipped schema, built once (the screening app checks every row)."""
    return validator_of(load_schema(schema_name))


@cache
def row_checker(schema_name: str) -> RowChecker:
    """The row checker of a shipped schema, built once: what it learns from one file's rows
    serves the next file's (a review's decision files share their stages and decisions)."""
    return RowChecker(schema_validator(schema_name))


def validator_of(schema: Mapping[str, Any]) -> jsonschema.protocols.Validator:
    """A validator of `schema` (its own draft) that checks formats such as `date`, and lists of
    plain strings (a concept's codes) without jsonschema's machinery (`_fast_items`)."""
    import jsonschema

    cls = jsonschema.validators.validator_for(schema)
    tests = _string_items(schema, schema)
    if tests and "items" in cls.VALIDATORS:
        cls = jsonschema.validators.extend(
            cls, {"items": _fast_items(cls.VALIDATORS["items"], tests)}
        )
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


_ItemTests = dict[int, tuple[Mapping[str, Any], Callable[[Any], bool]]]


def _string_items(
    node: Any, root: Mapping[str, Any], found: _ItemTests | None = None
) -> _ItemTests:
    """{id of an `items` sub-schema: (it, its `string_test`)} for every `items` of `root` that
    is (or refers, by a local `#/…` pointer, to) a string bounded only by length and pattern."""
    found = {} if found is None else found
    if isinstance(node, Mapping):
        items = node.get("items")
        if isinstance(items, Mapping):
            target: Any = items
            if set(items) == {"$ref"} and str(items["$ref"]).startswith("#/"):
                target = root
                for part in str(items["$ref"])[2:].split("/"):
                    target = target.get(part) if isinstance(target, Mapping) else None
            test = string_test(target) if isinstance(target, Mapping) else None
            if test is not None:
                found[id(items)] = (items, test)
        for value in node.values():
            _string_items(value, root, found)
    elif isinstance(node, list):
        for value in node:
            _string_items(value, root, found)
    return found


def _fast_items(original: Callable[..., Any], tests: _ItemTests) -> Callable[..., Any]:
    """jsonschema's `items` keyword, answering "no errors" at once for a list whose every item
    passes its `string_test` (which says what jsonschema says: 2 million codes took 30 s one
    by one); any other list is checked by jsonschema, so every error is its own."""

    def items(validator: Any, items: Any, instance: Any, schema: Mapping[str, Any]) -> Any:
        known = tests.get(id(items))
        if (
            known is not None
            and known[0] is items
            and isinstance(instance, list)
            and "prefixItems" not in schema
            and all(map(known[1], instance))
        ):
            return ()
        return original(validator, items, instance, schema)

    return items


def describe_error(error: jsonschema.ValidationError) -> tuple[str, str]:
    """(where in the document, what is wrong) for one schema violation, in plain words."""
    location = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    if isinstance(error.schema, dict) and "x-message" in error.schema:
        return location, " ".join(str(error.schema["x-message"]).split())
    if error.validator == "required":
        return location, error.message
    if error.validator == "additionalProperties":
        message = error.message.replace("Additional properties", "unknown field(s)")
        return location, message + _comma_in_braces(error)
    if error.validator == "enum":
        allowed = ", ".join(repr(v) for v in error.validator_value)
        return location, f"{error.instance!r} is not one of the allowed values: {allowed}"
    if error.validator == "dependentRequired" and isinstance(error.instance, dict):
        for field, needs in error.validator_value.items():
            missing = [n for n in needs if n not in error.instance]
            if field in error.instance and missing:
                return location, f"{field} is filled, so {' and '.join(missing)} must be too"
    if error.validator == "minLength" and error.instance == "":
        return location, "is empty: fill it in"
    if error.validator == "format" and error.validator_value == "date":
        return location, f"{error.instance!r} is not a date; {_date_advice(str(error.instance))}"
    if error.validator == "pattern":
        description = str(error.schema.get("description", "")).strip()
        expected = f" ({description})" if description else ""
        return location, f"{error.instance!r} does not match {error.validator_value!r}{expected}"
    return location, error.message


_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_LOCAL_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def _date_advice(written: str) -> str:
    """What to write instead of a date as a spreadsheet shows it: a date cell saved with its
    time ("2026-12-05 00:00"), or in the computer's own order ("05/12/2026", day or month
    first: both are said when both can be)."""
    tip = "in Excel, format the column as Text (or Custom yyyy-mm-dd) before saving"
    if match := _DATE_TIME.fullmatch(written.strip()):
        return f"write the day alone, {match.group(1)!r} (a spreadsheet added the time; {tip})"
    if match := _LOCAL_DATE.fullmatch(written.strip()):
        first, second, year = (int(g) for g in match.groups())
        day_first = f"{year}-{second:02d}-{first:02d}" if first <= 31 and second <= 12 else ""
        month_first = f"{year}-{first:02d}-{second:02d}" if second <= 31 and first <= 12 else ""
        if day_first and month_first and day_first != month_first:
            said = f"{day_first!r} if the day comes first, {month_first!r} if the month does"
        else:
            said = repr(day_first or month_first)
        if day_first or month_first:
            return (
                f"write it as YYYY-MM-DD: {said} (a spreadsheet wrote it in its own order; {tip})"
            )
    return "write a calendar day as YYYY-MM-DD"


def _comma_in_braces(error: jsonschema.ValidationError) -> str:
    """A note for unknown keys that are words with no value: what YAML makes of a text with a
    comma inside `{…}` (`{explanation: Concerns about coherence, adequacy and relevance.}` is
    the key `explanation` and the key `adequacy and relevance.`)."""
    known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    instance = error.instance if isinstance(error.instance, dict) else {}
    prose = [
        key
        for key, value in instance.items()
        if key not in known and value is None and isinstance(key, str) and " " in key.strip()
    ]
    if not prose:
        return ""
    return (
        f"; {prose[0]!r} looks like the end of a text cut at a comma: inside {{…}} a comma "
        'ends a value, so put a text that holds one in quotes ("…")'
    )


# --------------------------------------------------------------------------- YAML


class _DuplicateKey(yaml.constructor.ConstructorError):  # type: ignore[misc]
    """A mapping names one key twice (PyYAML would silently keep the last value)."""


class _TextDatesConstructor(yaml.constructor.SafeConstructor):  # type: ignore[misc]
    """SafeConstructor that refuses a key given twice in one mapping (the first value would
    otherwise vanish without a word), and a value its tag cannot make, at the value."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node.start_mark.line + 1)
            except TypeError:
                continue  # an unhashable key: SafeLoader's own error says so below
            if first != key_node.start_mark.line + 1:
                raise _DuplicateKey(
                    None, None, f"key {key!r} appears twice (first at line {first})",
                    key_node.start_mark,
                )  # fmt: skip
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value its tag cannot make (`!!int 0x7fffffff words`, `!!timestamp` of no date, an
        integer of over 4,300 digits) is a ConstructorError at the value, not the ValueError,
        TypeError or AttributeError PyYAML's constructors raise."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            if isinstance(exc, yaml.YAMLError):
                raise
            shown = str(node.value)[:40] if isinstance(node, yaml.ScalarNode) else node.tag
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the value {shown!r} cannot be read as {node.tag.rsplit(':', 1)[-1]} "
                f"({type(exc).__name__}: {str(exc)[:80]})",
                node.start_mark,
            ) from None


class _TextDatesResolver(yaml.resolver.Resolver):  # type: ignore[misc]
    """The resolver of SafeLoader, leaving dates as the strings people typed ("2024-01-15"), so
    schemas can check them with `format: date` and outputs show them unchanged."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class _TextDatesLoader(_TextDatesConstructor, _TextDatesResolver, yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader with text dates and refused duplicate keys, in pure Python: its messages are
    the ones a user sees."""


_FastTextDatesLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastTextDatesLoader(_TextDatesConstructor, _TextDatesResolver, yaml.CSafeLoader):  # type: ignore[no-redef,misc]
        """The same loader over libyaml's parser: ten times faster on a large file (a codebook
        of 2 million codes took over a minute in pure Python)."""


def _load_text_dates(text: str) -> Any:
    """The document of `text` by libyaml where PyYAML has it; a text it refuses (or that fails
    to construct) is read again in pure Python, so every message is PyYAML's own."""
    if _FastTextDatesLoader is not None:
        try:
            return yaml.load(text, Loader=_FastTextDatesLoader)
        except (yaml.YAMLError, RecursionError):
            pass  # the pure-Python loader below says what is wrong, in its words
    return yaml.load(text, Loader=_TextDatesLoader)


def load_yaml(path: str | Path) -> Any:
    """Safely load a YAML file; a syntax error names the file and line."""
    path = Path(path)
    try:
        text = read_input_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 ({exc.reason} at byte {exc.start})",
            file=path,
            hint="save the file as UTF-8",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it
    refuse_merge_conflict(text, file=path)
    try:
        document = _load_text_dates(text)
        expanded = _expanded_size(document, {})
    except _DuplicateKey as exc:
        raise InputError(
            exc.problem,
            file=path,
            line=exc.problem_mark.line + 1,
            hint="give each key once: merge the two entries, or rename one",
        ) from None
    except yaml.constructor.ConstructorError as exc:  # a tag: unknown, or not of its value
        mark = exc.problem_mark
        raise InputError(
            f"malformed YAML: {exc.problem}",
            file=path,
            line=(mark.line + 1) if mark else None,
            hint="quote the value to keep it as text, or write a value of the tag's type "
            "(tags that make Python objects are never read)",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if mark is not None and "'\\t'" in str(exc.problem):
            raise InputError(
                f"a tab at column {mark.column + 1}: YAML indents with spaces only",
                file=path,
                line=mark.line + 1,
                hint="replace the tab with spaces, as many as the line above is indented by "
                "(editors such as Notepad insert a tab for the Tab key)",
            ) from None
        line = (mark.line + 1) if mark else None
        start = exc.context_mark.line + 1 if exc.context_mark and exc.context else line
        # a quote or bracket left open is found where the file ends: say where it was opened
        opened = f" ({exc.context} from line {start})" if line and start and start < line else ""
        raise InputError(
            f"malformed YAML: {exc.problem}{opened}",
            file=path,
            line=line,
            hint=f"close the quote or bracket, or fix the indentation, from line {start} on"
            if opened
            else "fix the indentation or quoting on that line",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", file=path) from None
    except RecursionError:
        raise InputError(
            "nested too deeply to read (hundreds of levels of lists or mappings)",
            file=path,
            hint="this is not a file a person writes; check where it came from",
        ) from None
    if expanded > max(YAML_EXPANDED_LIMIT, 2 * len(text)):
        raise InputError(
            f"its aliases (*name, repeating an &name anchor) expand to more than "
            f"{YAML_EXPANDED_LIMIT:,} values: every reader of it would hang (a 'billion laughs' "
            "file)",
            file=path,
            hint="this is not a file a person writes; check where it came from",
        )
    return document


YAML_EXPANDED_LIMIT = 1_000_000
"""Values a YAML document may hold once its aliases are expanded: anchors repeated inside
anchors grow exponentially (nine aliases nine levels deep are 387 million values), and each
check that walks the document (the schema's) would walk them all. A text without aliases holds
less than a value for each of its characters: a long one (a codebook of 2 million codes) is read,
its checks taking time in its size."""


def _expanded_size(node: Any, sizes: dict[int, int]) -> int:
    """Values in `node` counting each alias as a copy; `sizes` memoises the shared lists and
    mappings (an alias is the same object), so this takes time in the size of the text."""
    if not isinstance(node, dict | list):
        return 1
    known = sizes.get(id(node))
    if known is None:
        items = [*node.keys(), *node.values()] if isinstance(node, dict) else node
        known = sizes[id(node)] = 1 + sum(_expanded_size(item, sizes) for item in items)
    return known


@lru_cache(maxsize=4)
def _composed(text: str) -> yaml.Node | Exception | None:
    """The node tree of a YAML text, or the error composing it raised: the same text is composed
    once per process. yaml_line is asked for one element at a time (each eligibility rule of the
    config, each search run and file of searches.yaml), and composing the config in pure Python
    took a third of a second for each question in every Snakemake start and `metasynth status`.
    Keyed by the text itself, so an edited file is composed anew whatever its time stamp."""
    try:
        return yaml.compose(text)
    except (yaml.YAMLError, RecursionError) as error:
        return error


def yaml_line(path: str | Path, keys: Iterable[str | int]) -> int | None:
    """The 1-based line where the element at `keys` (mapping keys / list indexes) starts in a YAML
    file, or of its nearest existing parent; None when the file cannot be composed."""
    try:
        node = _composed(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None
    if isinstance(node, Exception):
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            match = node.value[key]
        else:
            match = None
        if match is None:
            break
        node = match
        line = node.start_mark.line + 1
    return line


_OBJECT_VALIDATORS = frozenset({"required", "additionalProperties", "dependentRequired"})
"""Validators about an object's keys: the object's own description does not say what to write."""


def validate_document(document: Any, schema_name: str, *, file: str | Path) -> None:
    """Validate a loaded YAML/JSON document; every violation is raised (`CollectedInputError` for
    several) naming the element and, for a YAML file, its line, with what the element takes."""
    reference = f"`metasynth schema {schema_name}` lists every key and what it takes"
    try:
        errors = sorted(
            schema_validator(schema_name).iter_errors(document),
            key=lambda e: list(map(str, e.absolute_path)),
        )
    except RecursionError:
        raise InputError(
            "nested too deeply to check against its schema", file=file, hint=reference
        ) from None
    is_yaml = Path(file).suffix.lower() in {".yaml", ".yml"} and Path(file).exists()
    problems = []
    for error in errors:
        location, message = describe_error(error)
        leaf = isinstance(error.schema, dict) and error.validator not in _OBJECT_VALIDATORS
        description = " ".join(str(error.schema.get("description", "")).split()) if leaf else ""
        description = description.rstrip(".")  # it is followed by "; `metasynth schema …`"
        problems.append(
            InputError(
                message,
                file=file,
                line=yaml_line(file, error.absolute_path) if is_yaml else None,
                element=location,
                hint=f"{description}; {reference}" if description else reference,
            )
        )
    for keys, value in _formula_error_values(document, ()):
        problems.append(
            InputError(
                f"{value!r} is the error value of a spreadsheet formula that failed, not data",
                file=file,
                line=yaml_line(file, keys) if is_yaml else None,
                element="/".join(map(str, keys)) or "(top level)",
                hint="write the value itself (it was probably pasted from a spreadsheet cell "
                "whose formula failed)",
            )
        )
    raise_collected(problems)


def _formula_error_values(
    node: Any, keys: tuple[str | int, ...]
) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """(where, value) of every text in a document that is a spreadsheet's error value (`#N/A`,
    `Err:502`), in document order. Iterative: a document nested too deeply for recursion has
    already been refused by the schema check."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [(keys, node)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if value.lstrip()[:1] in ("#", "E", "e") and is_formula_error(value):
                yield where, value
        elif isinstance(value, dict):
            stack.extend(((*where, k), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend(((*where, i), v) for i, v in reversed(list(enumerate(value))))
