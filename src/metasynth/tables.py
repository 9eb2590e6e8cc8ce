"""Reading and writing tables: deterministic outputs, validated hand-edited inputs.

Outputs are written the same way everywhere so that two runs give byte-identical files:
UTF-8, "\\n" line ends, no index, stable column order, and in CSV every cell that holds a line
break or a bare CR quoted (`csv_text`), so the file reads back to the same rows. Every output is
written atomically (`atomic_output`): to a temporary file of its own in the same folder, flushed
to disk, then renamed over the real name, so a reader (or a second run writing the same file)
never sees half a file, and a failed write leaves the old file as it was and no temporary behind;
a failure to write is an `OutputError` naming the file and the reason. Inputs are opened only when
they are regular files (`check_input_file`: a folder, a named pipe or a device is refused by name,
never read). Hand-edited
inputs (reviewers' decisions, duplicate verdicts, CASP scores, codes, manifests) are read with
their line numbers kept and validated row by row against a JSON Schema shipped in
`metasynth/schemas/`, so that every complaint names the file and line. They are read under a
shared lock (`locked_file`), so a row that the screening app (`metasynth screen serve`) is
appending is read whole or not at all. An input that is missing, a folder, a named pipe or
device, or unreadable is refused before it is opened (`check_input_file`, `read_input_bytes`):
an `InputError`, never a traceback or a wait.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import ctypes
import ctypes.util
import fcntl
import io
import logging
import os
import re
import socket
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pyarrow as pa
import yaml

from metasynth.errors import InputError, OutputError, raise_collected
from metasynth.row_schema import RowChecker

if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
    # Arrow's default allocator (mimalloc) keeps the memory of freed columns for later use:
    # deduplicating a million records then held gigabytes of copies long gone. The system
    # allocator gives it back (see `map_large_blocks` for the rest).
    pa.set_memory_pool(pa.system_memory_pool())

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


def map_large_blocks() -> None:
    """Have blocks of 128 KiB or more mapped on their own, so that freeing them gives the
    memory back to the system (glibc; elsewhere nothing changes).

    glibc raises its threshold for that to the largest block freed, after which freed column
    buffers stay in the process: taking 90% of 100,000 records' columns and dropping the
    originals left it 168 MiB larger though Arrow held less. For commands that hold a whole
    records table (`metasynth dedup`, the match_duplicates rule), not for streaming ones:
    mapping costs system time (ingestion: +40% CPU). MALLOC_MMAP_THRESHOLD_, when set, rules.
    """
    if "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return  # no glibc (macOS, Windows): that allocator's own policy applies
    mallopt(_M_MMAP_THRESHOLD, 128 * 1024)


LINE_COLUMN = "source_line"
"""Column added to every hand-edited table read here: the row's line in its file (1 = header)."""

_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


# --------------------------------------------------------------------------- input files

_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


_NOT_UTF8_NAME = re.compile("[\udc80-\udcff]")
"""The bytes of a file name that are not UTF-8, as Python decodes them (`os.fsdecode`): such a
name cannot be written to a table, a log or searches.yaml."""


def check_file_name(path: str | Path, *, shown: str | Path | None = None) -> None:
    """Refuse a path whose name (or a folder's on the way) holds bytes that are not UTF-8."""
    if _NOT_UTF8_NAME.search(str(path)):
        raise InputError(
            "the file's name is not valid UTF-8 (each <U+DCxx> is a byte of another encoding)",
            file=shown if shown is not None else path,
            hint="rename the file (or its folder) to a name without those characters",
        )


def check_input_file(path: str | Path, *, shown: str | None = None, what: str = "a file") -> None:
    """Refuse, without opening it, an input file that is missing, a folder or not a regular
    file: reading a named pipe would wait forever for a writer, and a device never ends.
    `shown` is the path as messages give it, `what` what the file should be ("an export file")."""
    path = Path(path)
    where = shown if shown is not None else path
    check_file_name(path, shown=where)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(
                "a symbolic link to a file that does not exist",
                file=where,
                hint="copy the file itself into the folder, or remove the link",
            ) from None
        raise InputError("file not found", file=where) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", file=where) from None
    if stat.S_ISDIR(mode):
        raise InputError(f"is a folder, not {what}", file=where, hint="name the file itself")
    for test, kind in _SPECIAL_FILES:
        if test(mode):
            raise InputError(
                f"is {kind}, not {what}",
                file=where,
                hint="save it as an ordinary file and name that one",
            )


def walk_files(root: Path, skip: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    """Every entry under the folder `root` that is not a folder, folder by folder in name order,
    through links to folders too: a team's shared folder linked in is read, not left out without
    a word (`Path.rglob` does not follow such links). Links to nothing come out too, for the
    caller to refuse by name. `skip(relative path)` leaves out a file, or a folder and all in it.
    A link to a folder already walked, or to one above `root`, is an InputError (a loop), and so
    is a name that is not UTF-8 (`check_file_name`)."""
    above = set(root.resolve().parents)
    walked = {root.resolve()}
    pending = [root]
    while pending:
        folder = pending.pop(0)
        for path in sorted(folder.iterdir()):
            if skip is not None and skip(path.relative_to(root)):
                continue
            check_file_name(path)  # before Snakemake, which cannot write it to its lock file
            if not path.is_dir():
                yield path
                continue
            target = path.resolve()
            if target in walked or target in above:
                raise InputError(
                    "a symbolic link to a folder already read here, or to one above it (a loop)",
                    file=path,
                    hint="remove the link",
                )
            walked.add(target)
            pending.append(path)


def read_input_bytes(
    path: str | Path, *, locked: bool = False, shown: str | None = None, what: str = "a file"
) -> bytes:
    """The bytes of an input file, after `check_input_file` (under a shared lock when `locked`:
    `read_bytes_locked`); unreadable is an InputError."""
    path = Path(path)
    check_input_file(path, shown=shown, what=what)
    try:
        return read_bytes_locked(path) if locked else path.read_bytes()
    except OSError as exc:
        where = shown if shown is not None else path
        raise InputError(f"cannot be read ({exc.strerror or exc})", file=where) from None


# --------------------------------------------------------------------------- schemas


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
def _validator(schema_name: str) -> jsonschema.protocols.Validator:
    """The validator of a shipped schema, built once (the screening app checks every row)."""
    return _validator_of(load_schema(schema_name))


@cache
def _row_checker(schema_name: str) -> RowChecker:
    """The row checker of a shipped schema, built once: what it learns from one file's rows
    serves the next file's (a review's decision files share their stages and decisions)."""
    return RowChecker(_validator(schema_name))


def _validator_of(schema: Mapping[str, Any]) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


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


class _TextDatesLoader(yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader that leaves dates as the strings people typed ("2024-01-15"), so schemas can
    check them with `format: date` and outputs show them unchanged, and refuses a key given
    twice in one mapping (the first value would otherwise vanish without a word)."""

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


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
        document = yaml.load(text, Loader=_TextDatesLoader)  # a SafeLoader subclass
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
        raise InputError(
            f"malformed YAML: {exc.problem}",
            file=path,
            line=(mark.line + 1) if mark else None,
            hint="fix the indentation or quoting on that line",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", file=path) from None
    except RecursionError:
        raise InputError(
            "nested too deeply to read (hundreds of levels of lists or mappings)",
            file=path,
            hint="this is not a file a person writes; check where it came from",
        ) from None
    if expanded > YAML_EXPANDED_LIMIT:
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
check that walks the document (the schema's) would walk them all."""


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


def yaml_line(path: str | Path, keys: Iterable[str | int]) -> int | None:
    """The 1-based line where the element at `keys` (mapping keys / list indexes) starts in a YAML
    file, or of its nearest existing parent; None when the file cannot be composed."""
    try:
        node = yaml.compose(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
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
            _validator(schema_name).iter_errors(document),
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
    raise_collected(problems)


# --------------------------------------------------------------------------- hand-edited CSV


@contextlib.contextmanager
def locked_file(path: str | Path, *, exclusive: bool) -> Iterator[int]:
    """An open descriptor of `path` holding an advisory lock (flock) until the block ends.

    Shared for readers, exclusive for a writer (opened read-write and append-only, created if
    missing). Every program that reads or appends hand-edited tables here takes it, so a reader
    never sees half a row; editors and spreadsheets do not, which is why the writer appends a
    whole row in one write. Local file systems only (flock is not reliable over NFS).
    """
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT if exclusive else os.O_RDONLY
    descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield descriptor
    finally:
        os.close(descriptor)  # closing releases the lock


def read_bytes_locked(path: str | Path) -> bytes:
    """The whole file, read under a shared lock (`locked_file`)."""
    with locked_file(path, exclusive=False) as descriptor:
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)


_COERCED = frozenset({"integer", "number", "boolean"})
"""The JSON types a CSV cell is turned into (`_coerce`); a cell of any other type stays text."""


def _coerce_kinds(spec: Mapping[str, Any]) -> set[str]:
    kinds = spec.get("type", "string")
    return set(kinds) if isinstance(kinds, list) else {kinds}


def _coerce(value: str, spec: dict[str, Any]) -> Any:
    """Turn a CSV cell into the JSON type its schema property asks for, when it is one."""
    kinds = _coerce_kinds(spec)
    if "integer" in kinds and _INTEGER.match(value):
        return int(value)
    if "number" in kinds and _NUMBER.match(value):
        return float(value)
    if "boolean" in kinds and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    return value


def row_problem(record: Mapping[str, str], schema_name: str) -> str:
    """What `<schema_name>.schema.yaml` says is wrong with a row about to be written to a
    hand-edited file (an importer's), in the words `read_hand_table` would refuse it with; ""
    when nothing is."""
    validator = _validator(schema_name)
    properties = validator.schema.get("properties", {})
    document = {k: _coerce(v, properties.get(k, {})) for k, v in record.items() if v != ""}
    errors = list(validator.iter_errors(document))
    return describe_error(errors[0])[1] if errors else ""


CSV_FIELD_LIMIT = 1 << 30
"""Longest CSV cell read (characters). The csv module's default, 131,072, is shorter than some
real abstracts and highlighted passages; without raising it such a file could not be read."""


def csv_reader(lines: Iterable[str], *, delimiter: str = ",") -> Any:
    """`csv.reader` over `lines` (the text of a file, newline="" semantics) for every reader of
    delimited text in the package: the field limit raised to `CSV_FIELD_LIMIT`, and strict, so
    that a quote left open raises `csv.Error` instead of swallowing every later row into one
    cell, and `"Smith" et al` (text after a closing quote) is not silently read as `Smith et al`.
    """
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    return csv.reader(lines, strict=True, delimiter=delimiter)


_BARE_CR = re.compile(r"\r(?!\n)")


def csv_rows(
    text: str, *, file: str | Path, delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for each row of CSV text; a row the csv module cannot
    read (an unclosed quote running to the end, a NUL byte) is an InputError naming its line.

    In a file whose lines end in LF or CRLF, a bare CR is data, as in the ingest readers (the csv
    module would end the row there, splitting one row into two); in a file whose lines mostly end
    in a bare CR (Excel's "CSV (Macintosh)"), every CR ends a line."""
    bare_cr = len(_BARE_CR.findall(text))
    kept_cr = bare_cr and bare_cr < text.count("\n")
    if kept_cr:
        text = _BARE_CR.sub(_CR_STAND_IN, text)
    reader = csv_reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    while True:
        try:
            cells = next(reader)
            if kept_cr:
                cells = [cell.replace(_CR_STAND_IN, "\r") for cell in cells]
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(
                f"cannot be read as CSV from here on ({exc})",
                file=file,
                line=start,
                hint='a quote is probably not closed: every " inside a cell must be doubled',
            ) from None
        yield start, cells
        start = reader.line_num + 1


def refuse_repeated_header(
    cells: list[str], header: list[str], *, file: str | Path, line: int
) -> None:
    """InputError when a row repeats the header row: two files joined (`cat a.csv b.csv`); read
    as data, it would be one row too many. The last cell may be cut short (a joined file that
    ends inside its second header)."""
    if len(cells) != len(header) or cells[0].strip().lower() != header[0].lower():
        return  # most rows: not worth lower-casing every cell
    names = [h.lower() for h in header]
    found = [c.strip().lower() for c in cells]
    if (
        len(names) > 1
        and len(found) == len(names)
        and found[:-1] == names[:-1]
        and names[-1].startswith(found[-1])
    ):
        raise InputError(
            "the header row is repeated here (two files joined into one?)",
            file=file,
            line=line,
            hint="delete this row (and check that the rows after it are not there twice)",
        )


_CONFLICT_MARKER = re.compile(r"^(?:<{7}|>{7}|={7}|\|{7})(?: .*)?$")


def refuse_merge_conflict(text: str, *, file: str | Path) -> None:
    """InputError when a Git merge left its conflict markers (`<<<<<<< HEAD`, `=======`,
    `>>>>>>> branch`) in a table: read as rows they are odd cells, and the rows between them
    are both sides of the conflict at once."""
    if "<<<<<<<" not in text:
        return
    markers = [
        (n, line) for n, line in enumerate(text.splitlines(), 1) if _CONFLICT_MARKER.match(line)
    ]
    starts = [n for n, line in markers if line.startswith("<<<<<<<")]
    if not starts or len(markers) < 2:
        return
    lines = [n for n, _ in markers]
    shown = ", ".join(map(str, lines[:9])) + (", ..." if len(lines) > 9 else "")
    raise InputError(
        f"a Git merge conflict is left in the file (marker lines {shown})",
        file=file,
        line=starts[0],
        hint="between <<<<<<< and ======= are your rows, between ======= and >>>>>>> the other "
        "side's: keep the right rows (both, when they are different rows), delete the three "
        "marker lines, then commit the file",
    )


_SAVE_AS_UTF8 = (
    'in Excel: File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)"; in LibreOffice: Save As '
    '→ "Text CSV", character set "Unicode (UTF-8)"'
)


def _hand_text(raw: bytes, path: Path) -> str:
    """A hand-edited CSV as text; a file that is not UTF-8 is refused, saying how to save it:
    a workbook with a .csv name, UTF-16 (Excel's "Unicode Text"), NUL bytes (a crash or a cut
    sync pads a file with them) and Git's conflict markers by name, rather than as the odd cells
    they would be read as."""
    if raw.startswith(b"PK\x03\x04"):
        raise InputError(
            "a spreadsheet (.xlsx or .ods) with a CSV file's name, not CSV text",
            file=path,
            hint=f"open it in the spreadsheet program and save it as CSV — {_SAVE_AS_UTF8}",
        )
    head = raw[:2048]
    # ASCII text in UTF-16 without a BOM: NUL bytes in every other place, and only there
    halves = sorted((head[0::2].count(0), head[1::2].count(0)))
    no_bom_utf16 = halves[1] > len(head) // 4 and halves[0] < len(head) // 16
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or no_bom_utf16:
        raise InputError(
            'saved as UTF-16 (Excel\'s "Unicode Text"), not as UTF-8 CSV',
            file=path,
            hint=f"save the file as UTF-8 — {_SAVE_AS_UTF8}",
        )
    if b"\0" in raw:
        at = raw.index(b"\0")
        line = raw[:at].count(b"\n") + 1
        count = raw.count(b"\0")
        raise InputError(
            f"{count:,} NUL byte(s), the first on this line: the file was damaged (a crash while "
            "it was saved, or a sync cut short) or is not a text file",
            file=path,
            line=line,
            hint="restore the file from a backup or its version history, or delete the NUL "
            "bytes and check the rows around them",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        end = raw.find(b"\n", exc.start)
        shown = raw[start : end if end >= 0 else len(raw)].decode("cp1252", errors="replace")
        raise InputError(
            f"not UTF-8 ({exc.reason}); line {line} reads {shown.strip()[:80]!r} in Windows-1252, "
            'the encoding of Excel\'s "CSV (Comma delimited)"',
            file=path,
            line=line,
            hint=f"save the file as UTF-8 — {_SAVE_AS_UTF8}",
        ) from None
    refuse_merge_conflict(text, file=path)
    return text


def _hand_header(cells: list[str]) -> list[str]:
    """The column names of a header row, without the empty columns right of the table that
    spreadsheets save (`record_id,…,date,,,`)."""
    header = [cell.strip() for cell in cells]
    while len(header) > 1 and not header[-1]:
        header.pop()
    return header


def _hand_delimiter(text: str, columns: Iterable[str]) -> str:
    """ ";" for a file whose header is split by semicolons, not commas, into names of which at
    least one is a column of the schema (an unknown one is then reported by its own name)."""
    first = text.split("\n", 1)[0].strip()
    if "," in first or ";" not in first:
        return ","
    names = {c.strip().strip('"') for c in first.split(";")}
    return ";" if names & set(columns) else ","


def _too_many_cells(
    cells: list[str], n_columns: int, delimiter: str, path: Path, line: int
) -> InputError:
    """The error for a row longer than the header: a separator not quoted, or two rows joined
    by a bare CR (an old Mac line end among LF or CRLF ones, read as data in a cell)."""
    if any("\r" in cell for cell in cells):
        hint = (
            "a bare CR (an old Mac line end) in this row joined two rows: save the file again "
            "so that every line ends the same way (LF or CRLF), or put the CR's row on a line "
            "of its own"
        )
    else:
        hint = f"quote cells that contain {'semicolons' if delimiter == ';' else 'commas'}"
    return InputError(
        f"{len(cells)} cells but the header has {n_columns} columns",
        file=path,
        line=line,
        hint=hint,
    )


def read_hand_table(path: str | Path, schema_name: str | Mapping[str, Any]) -> pd.DataFrame:
    """Read a hand-edited CSV and validate every row against `<schema_name>.schema.yaml` (or the
    row schema given as a mapping: an appraisal checklist's, `Checklist.row_schema`).

    The schema describes one row (an object). Empty cells are treated as absent, so `required`
    catches them. Returns the rows as strings (empty cells as ""), plus `source_line`: the line
    where the row starts, for messages and the audit trail. Raises InputError naming the file
    and line of every bad row (`CollectedInputError` for several), or of the header when a column is
    unknown or missing (the schema's `required`, and `x-required-columns`: columns the header
    needs though cells may be empty).
    """
    path = Path(path)
    if isinstance(schema_name, str):
        schema = load_schema(schema_name)
        where = str(schema.get("title", schema_name))
    else:
        schema = dict(schema_name)
        where = str(schema.get("title", "the row schema"))
    properties: dict[str, Any] = schema.get("properties", {})
    text = _hand_text(read_input_bytes(path, locked=True), path)
    delimiter = _hand_delimiter(text, properties)
    if delimiter == ";":
        logging.getLogger("metasynth.tables").warning(
            "%s: columns separated by semicolons (as Excel saves CSV where the decimal mark is a "
            "comma): read that way",
            path,
        )
    rows = csv_rows(text, file=path, delimiter=delimiter)
    header = _hand_header(next(rows, (1, []))[1])
    if not any(header):
        raise InputError(
            "the file is empty; it needs a header row",
            file=path,
            line=1,
            hint=f"columns: {', '.join(properties)}",
        )
    unknown = [h for h in header if h not in properties]
    if properties and not any(h in properties for h in header):
        # Rows appended to a new file without the header line (the to-do lists' `add_row`
        # written into an empty file): the first row is data, not an unknown column.
        raise InputError(
            "the first line is not a header: none of its cells "
            f"({', '.join(map(repr, header[:3]))}{', ...' if len(header) > 3 else ''}) is a "
            "column name",
            file=path,
            line=1,
            hint=f"add the header as the file's first line: {','.join(properties)}",
        )
    if unknown and schema.get("additionalProperties") is False:
        raise InputError(
            f"unknown column(s) {', '.join(map(repr, unknown))}",
            file=path,
            line=1,
            hint=f"the columns are: {', '.join(properties)}",
        )
    required = [*schema.get("required", []), *schema.get("x-required-columns", [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(map(repr, missing))}",
            file=path,
            line=1,
            hint=f"the columns are: {', '.join(properties)}",
        )
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        raise InputError(f"repeated column(s) {', '.join(dupes)}", file=path, line=1)

    checker = (
        _row_checker(schema_name)
        if isinstance(schema_name, str)
        else RowChecker(_validator_of(schema))
    )
    typed = {h for h in header if _coerce_kinds(properties.get(h, {})) & _COERCED}
    kept = [h for h in properties if h in header]  # a row's cells are under header names
    records: list[dict[str, Any]] = []
    problems: list[InputError] = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue  # blank lines are layout, not data
        try:
            refuse_repeated_header(cells, header, file=path, line=line)
        except InputError as error:
            problems.append(error)
            continue
        if len(cells) > len(header) and not any(c.strip() for c in cells[len(header) :]):
            cells = cells[: len(header)]
        if len(cells) > len(header):
            problems.append(_too_many_cells(cells, len(header), delimiter, path, line))
            continue
        record: dict[str, Any] = {h: c.strip() for h, c in zip(header, cells, strict=False)}
        document = {k: v for k, v in record.items() if v != ""}
        for column in typed.intersection(document):
            document[column] = _coerce(document[column], properties[column])
        errors = checker.errors(document)  # jsonschema's, for new kinds of row only
        if errors:
            if errors[0].validator == "required":  # empty cells are absent from `document`
                column = next(c for c in errors[0].validator_value if c not in document)
                message = "the cell is empty: fill it in"
            else:
                column, message = describe_error(errors[0])
            spec = properties.get(column, {})
            if column in properties and spec.get("description"):
                message = f"{column}: {message}"
                hint = f"the {column} column: {' '.join(str(spec['description']).split())}"
            else:
                hint = f"the columns of {where}: {', '.join(properties)}"
            problems.append(InputError(message, file=path, line=line, hint=hint))
            continue
        record = {h: record.get(h, "") for h in kept}
        record[LINE_COLUMN] = line
        records.append(record)
    raise_collected(problems)
    columns = [h for h in properties if h in header] + [LINE_COLUMN]
    frame = pd.DataFrame(records, columns=columns)
    for column in columns[:-1]:
        frame[column] = frame[column].fillna("").astype("string")
    frame[LINE_COLUMN] = frame[LINE_COLUMN].astype("int64")
    return frame


# --------------------------------------------------------------------------- outputs


CSV_SLICE_ROWS = 5_000
"""Rows formatted at a time when a table is written as CSV (each slice's text is the same as
that part of the whole table's, so the file does not depend on it)."""

_CR_STAND_IN = "\ue000"  # a private-use character, for a CR while the CSV is written


def csv_text(frame: pd.DataFrame, *, header: bool = True, float_format: str | None = None) -> str:
    """A table as CSV text ("\\n" line ends, no index) that reads back to the same rows.

    Python's csv writer quotes a cell holding a delimiter, a quote or the line terminator
    ("\\n"), but not a bare CR, which every CSV reader takes for a line end: such cells (a CR
    inside an exported abstract or keyword) are quoted here too. Tables without a CR are written
    exactly as pandas writes them.
    """
    text: str = frame.to_csv(
        index=False, header=header, lineterminator="\n", float_format=float_format
    )
    if "\r" not in text:
        return text
    stand_in = frame.replace("\r", _CR_STAND_IN, regex=True)
    plain: str = stand_in.to_csv(
        index=False, header=header, lineterminator="\n", float_format=float_format
    )
    lines = []
    for row in csv.reader(io.StringIO(plain, newline="")):
        cells = [_quote_cell(cell.replace(_CR_STAND_IN, "\r")) for cell in row]
        lines.append(",".join(cells) if cells != [""] else '""')
    return "".join(line + "\n" for line in lines)


def _quote_cell(cell: str) -> str:
    """A cell as QUOTE_MINIMAL writes it, a bare CR counting as a reason to quote."""
    if any(char in cell for char in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def write_table(frame: pd.DataFrame, path: str | Path, *, float_format: str | None = None) -> None:
    """Write a table by its extension (.csv or .parquet), byte-for-byte reproducibly and
    atomically (`atomic_output`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # in slices of rows: the text of a million-row table would take gigabytes at once
        with (
            atomic_output(path) as temporary,
            temporary.open("w", encoding="utf-8", newline="") as handle,
        ):
            for start in range(0, max(len(frame), 1), CSV_SLICE_ROWS):
                rows = frame.iloc[start : start + CSV_SLICE_ROWS]
                handle.write(csv_text(rows, header=start == 0, float_format=float_format))
    elif suffix == ".parquet":
        with atomic_output(path) as temporary:
            frame.to_parquet(temporary, index=False, compression="zstd")
    else:
        raise InputError(
            f"cannot write a table with extension {suffix!r}",
            file=path,
            hint="use .csv or .parquet",
        )


def read_delimited(path: str | Path, *, sep: str = ",", what: str = "a CSV table") -> pd.DataFrame:
    """A UTF-8 delimited text file as strings (empty cells ""), or InputError naming the file
    when it is missing, empty, not text or not delimited (instead of a pandas traceback)."""
    path = Path(path)
    check_input_file(path)
    try:
        return pd.read_csv(path, sep=sep, dtype="string", keep_default_na=False, na_values=[])
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", file=path) from None
    except pd.errors.EmptyDataError:
        raise InputError(f"the file is empty; expected {what}", file=path, line=1) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start}); expected {what}",
            file=path,
            hint="is this the right file? Tables are saved as UTF-8 text",
        ) from None
    except pd.errors.ParserError as exc:
        raise InputError(f"not {what}: {exc}", file=path) from None


def table_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """`frame.to_dict("records")`: the same rows of the same values, several times faster on
    text columns (pandas boxes each cell of an Arrow-backed column on its own; `tolist`
    converts a column at once), which counts where a stage walks 200,000 decision rows."""
    columns = list(frame.columns)
    if not columns:
        return [{} for _ in range(len(frame))]
    values = [frame.iloc[:, i].tolist() for i in range(len(columns))]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table this package wrote (.csv or .parquet)."""
    path = Path(path)
    suffix = path.suffix.lower()
    check_input_file(path)
    if suffix == ".parquet":
        try:
            return pd.read_parquet(path)
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise InputError(
                f"not a readable Parquet file ({exc})",
                file=path,
                hint="write it again with `metasynth ingest … --out FILE.parquet`, or pass a .csv",
            ) from None
    if suffix == ".csv":
        return read_delimited(path)
    raise InputError(f"cannot read a table with extension {suffix!r}", file=path)


def _append_header(content: bytes, path: Path) -> tuple[list[str], str]:
    """(columns, line end) of a hand-edited CSV file rows are appended to."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 ({exc.reason}); rows cannot be added to it",
            file=path,
            line=content[: exc.start].count(b"\n") + 1,
            hint='save it as "CSV UTF-8 (comma delimited)" first, or name a new file',
        ) from None
    first = text.split("\n", 1)[0]
    columns = [c.strip() for c in next(csv.reader([first.rstrip("\r")]), [])]
    if len(columns) == 1 and ";" in columns[0]:
        raise InputError(
            "its columns are separated by semicolons; rows are added to comma-separated files only",
            file=path,
            line=1,
            hint="name another (new) file with --output, or save this one with commas",
        )
    return columns, "\r\n" if first.endswith("\r") else "\n"


def _refuse_present(content: bytes, frame: pd.DataFrame, key: Sequence[str], path: Path) -> None:
    """InputError, before anything is appended, when the file already holds a row with the
    `key` values of a new row: written after the rows were planned (two imports at once)."""
    rows = csv_rows(content.decode("utf-8-sig"), file=path)
    header = [h.strip() for h in next(rows, (1, []))[1]]
    if not all(k in header for k in key):
        return
    at = [header.index(k) for k in key]
    present: dict[tuple[str, ...], int] = {}
    for line, cells in rows:
        if len(cells) > max(at):
            present.setdefault(tuple(cells[i].strip() for i in at), line)
    for row in frame.fillna("").astype(str).to_dict("records"):
        found = present.get(tuple(str(row[k]).strip() for k in key))
        if found is not None:
            raise InputError(
                f"line {found} already holds {', '.join(str(row[k]) for k in key)}, written "
                "after this import read the file (another import at the same time?); nothing "
                "was appended",
                file=path,
                line=found,
                hint="run the import again: rows already in the file are skipped",
            )


def append_rows(path: str | Path, frame: pd.DataFrame, *, key: Sequence[str] = ()) -> int:
    """Append a table's rows to a hand-edited CSV file, under an exclusive lock, in one write.

    A missing or empty file is created with the table's columns as header. An existing file
    keeps every byte it has: the rows follow in its own column order and line ends (a line end
    first when its last row has none), and a column the file lacks must be empty in every row.
    Returns the line of the first appended row (1 = header). A write that fails (a full disk)
    is taken back: the file keeps its bytes, not half a row. `key`: columns that identify a
    row; when the file (read under the lock) already holds a new row's key, nothing is
    appended (`_refuse_present`).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked_file(path, exclusive=True) as descriptor:
        content = b""
        while chunk := os.pread(descriptor, 1 << 20, len(content)):
            content += chunk
        if content.strip():
            columns, newline = _append_header(content, path)
            lead = "" if content.endswith(b"\n") else newline
            if key:
                _refuse_present(content, frame, key, path)
        else:
            columns, newline, lead = list(frame.columns), "\n", ""
            content = b""
            os.ftruncate(descriptor, 0)
        lost = [c for c in frame.columns if c not in columns and frame[c].fillna("").ne("").any()]
        if lost:
            raise InputError(
                f"the file has no column {', '.join(map(repr, lost))}, which the new rows fill",
                file=path,
                line=1,
                hint=f"add the column(s) to its header ({', '.join(frame.columns)}) or name "
                "another file",
            )
        lines = [] if content else [",".join(_quote_cell(c) for c in columns)]
        for row in frame.fillna("").astype(str).to_dict("records"):
            lines.append(",".join(_quote_cell(row.get(c, "")) for c in columns))
        data = memoryview((lead + "".join(line + newline for line in lines)).encode("utf-8"))
        try:
            while data:
                data = data[os.write(descriptor, data) :]
            os.fsync(descriptor)
        except OSError as exc:  # a full disk stops a write part-way: take the part back
            with contextlib.suppress(OSError):
                os.ftruncate(descriptor, len(content))
            raise OSError(exc.errno, exc.strerror, str(path)) from None
    first_line = content.count(b"\n") + (2 if lead else 1)
    return first_line + (1 if not content else 0)


def write_text(text: str, path: str | Path) -> None:
    """Write UTF-8 text with "\\n" line ends, atomically (`atomic_output`)."""
    write_bytes(text.encode("utf-8"), path)


def write_bytes(data: bytes, path: str | Path) -> None:
    """Write bytes to `path` atomically (`atomic_output`)."""
    with atomic_output(path) as temporary, temporary.open("wb") as handle:
        handle.write(data)


def sorted_unique(values: Iterable[str]) -> list[str]:
    """Sorted distinct non-empty strings, for deterministic joined lists."""
    return sorted({v for v in values if v})


# --------------------------------------------------------------------------- atomic outputs


_TEMPORARY_SUFFIX = ".partial"
_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname().split(".")[0]) or "host"


def _temporary_prefix(path: Path) -> str:
    """`.<name>.<pid>-<host>.`: hidden, and naming the process that writes it, so a later run
    can tell a temporary file left by a killed process from one being written now."""
    return f".{path.name}.{os.getpid()}-{_HOST}."


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale_temporaries(path: str | Path) -> list[Path]:
    """Remove the temporary files that writers of `path` left behind when they were killed
    (their process is gone, on this host), and a `.<name>.partial` of older versions; the
    temporary of a writer still running is left alone. Returns what was removed."""
    path = Path(path)
    pattern = re.compile(
        re.escape(f".{path.name}")
        + r"(?:\.(\d+)-([A-Za-z0-9-]+)\.[^/]*)?"
        + re.escape(_TEMPORARY_SUFFIX)
        + "$"
    )
    removed = []
    with contextlib.suppress(OSError):
        for candidate in path.parent.iterdir():
            match = pattern.match(candidate.name)
            if match is None:
                continue
            pid, host = match.group(1), match.group(2)
            if pid is not None and (host != _HOST or _is_alive(int(pid))):
                continue
            with contextlib.suppress(FileNotFoundError):
                candidate.unlink()
                removed.append(candidate)
    return removed


@cache
def _file_mode() -> int:
    """The permissions a newly created file gets here (0666 less the umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


class AtomicFile:
    """One output being written: a temporary file of its own beside `path` (created now), then
    `commit()` (flush to disk, rename over `path`) or `discard()` (remove the temporary).

    Two writers of one path never share a temporary file, a reader never sees a half-written
    `path`, and a failure leaves the previous `path` untouched. Any OSError (a full disk, a
    read-only folder, no permission) is raised as an `OutputError` naming `path`.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(self.path)
            descriptor, name = tempfile.mkstemp(
                prefix=_temporary_prefix(self.path), suffix=_TEMPORARY_SUFFIX, dir=self.path.parent
            )
        except OSError as exc:
            raise OutputError(self.path, exc) from None
        os.close(descriptor)
        self.temporary = Path(name)

    def commit(self) -> None:
        """Make the written temporary file the output: fsync, set the usual permissions, rename
        over `path`, fsync the folder (so the rename survives a crash)."""
        try:
            descriptor = os.open(self.temporary, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            self.temporary.chmod(_file_mode())
            self.temporary.replace(self.path)
        except OSError as exc:
            self.discard()
            raise OutputError(self.path, exc) from None
        with contextlib.suppress(OSError):  # not every file system can sync a folder
            folder = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

    def finish(self, close: Callable[[], None], *, keep: bool = True) -> None:
        """Close the writer of the temporary file (`close`), then `commit`; or `discard` when
        `keep` is False (a failed run) or closing fails (an `OutputError` when kept)."""
        try:
            close()
        except OSError as exc:
            self.discard()
            if keep:
                raise OutputError(self.path, exc) from None
            return
        if keep:
            self.commit()
        else:
            self.discard()

    def discard(self) -> None:
        """Remove the temporary file (after a failure); `path` stays as it was."""
        with contextlib.suppress(OSError):
            self.temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """A temporary path to write `path`'s content to; when the block ends without an error it
    becomes `path` (`AtomicFile.commit`), otherwise it is removed. An OSError while writing is
    raised as an `OutputError` naming `path`."""
    output = AtomicFile(path)
    try:
        yield output.temporary
    except OSError as exc:
        output.discard()
        raise OutputError(output.path, exc) from None
    except BaseException:
        output.discard()
        raise
    output.commit()
