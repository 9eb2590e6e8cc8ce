"""BibTeX exports (Web of Science and others) → raw records, via bibtexparser 2.x.

WOS writes one `@article{ WOS:000…,` (older files `ISI:000…`) per record with hyphenated field
names (`Unique-ID`, `Times-Cited`, `Web-of-Science-Categories`) and values in double braces
(`{{…}}`); files start with a byte-order mark and a blank line. The file is cut into entries
at lines that start with `@`, and each batch of entries is parsed separately, so memory does not
grow with the file and every entry keeps its line number.

Values are read as BibTeX reads them (`expand`): `{…}` and `"…"` without their delimiters,
`@string` macros (defined anywhere above, in any batch) and the month names replaced, parts
joined where `#` joins them (`"A" # " and " # jn`); an undefined macro or a malformed value is
an `InputError` naming the file and line. The fields table keeps each value so, with its LaTeX
as written; `decode_value` turns it into text for the records table (outer braces dropped,
LaTeX decoded by `latex.decode`: `\\&`, `{\\"u}`, `{\\textgreater}`, math such as `{$>$}65`
and `$\\alpha$`). An entry bibtexparser cannot parse stops the run with an
`InputError` naming the file and line (there is no safe way to guess what it holds) — unless
it is written one field per line, as EBSCO writes BibTeX, and only some values' braces do not
balance: then each line is read as one field, with a warning naming those fields. Reported
with their line, never silently skipped: text between entries other than `%` comments (a
damaged `@type{key,` line leaves an entry's fields there) and a key used twice (a file joined
to itself with `cat`: both entries are read).

`bibtex_record` gives an entry's canonical columns (`records.RecordBuilder` finishes them):
fields by `tags.BIBTEX_COLUMNS`, authors split at `and` outside braces, WOS `Affiliation`
lines without their author names, the PubMed ID of BibLaTeX's `eprint` or Europe PMC's key, a
generic file's database from `source` or `url` (`generic_bibtex_record`); and, where LaTeX math
or `#` is read otherwise than before, what the record_id was made from then.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterator
from typing import Final

from bibtexparser import model
from bibtexparser.entrypoint import parse_string

from metasynth import text
from metasynth.errors import InputError
from metasynth.ingest import latex
from metasynth.ingest.base import FileLog, RawRecord
from metasynth.ingest.detect import TextSource
from metasynth.ingest.identity import SCOPUS_EID, UT_PREFIX
from metasynth.ingest.records import ACCESSION_DATABASE, DECODED_BEFORE, Record, set_year
from metasynth.ingest.tags import BIBTEX_COLUMNS, INT, LIST, RIS_DATABASES
from metasynth.ingest.values import (
    BRACKETS,
    clean,
    countries,
    distinct,
    join_list,
    short_name,
    to_int,
)

BATCH_ENTRIES: Final = 200
_ENTRY_START: Final = re.compile(r"^@", re.MULTILINE)
_NON_RECORDS: Final = frozenset({"comment", "string", "preamble"})
_ENTRY_HEAD: Final = re.compile(r"^\s*@\s*([A-Za-z]+)\s*\{\s*([^,\s{}]+)\s*,\s*$")
_FIELD_LINE: Final = re.compile(r"^([A-Za-z][\w:.+-]*)\s*=\s*(\S.*?)\s*,?$")
_BRACE: Final = re.compile(r"[{}]")
_DELIMITER: Final = re.compile(r'(?<!\\)[{}"]')  # `\{` is no delimiter, as bibtexparser reads
_WORD: Final = re.compile(r"[^\s\"#%'(),={}]+")  # a BibTeX number or macro name
MONTHS: Final = {
    name[:3].lower(): name
    for name in [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
}
"""The month macros every standard BibTeX style defines (`month = jan`)."""
ENTRY_TYPE: Final = "@type"
ENTRY_KEY: Final = "@key"


def unwrap(value: str) -> str:
    """A BibTeX value without the braces around all of it (`{{Title}}` → `Title`)."""
    text = value.strip()
    while len(text) >= 2 and text[0] == "{" and text[-1] == "}" and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def decode_value(value: str) -> str:
    """A BibTeX value as plain text: braces around it removed, LaTeX (math too) decoded,
    spaces collapsed."""
    text = unwrap(value)
    if "\\" in text or "{" in text or "$" in text:
        text = latex.decode(text)
    return " ".join(text.split())


def decode_value_as_before(value: str) -> str:
    """`decode_value` as versions before math decoding had it (math kept as written, unknown
    commands dropped): only to name the record_id an entry had then."""
    text = unwrap(value)
    if "\\" in text or "{" in text:
        text = latex.decode_as_before(text)
    return " ".join(text.split())


@dataclasses.dataclass(frozen=True, slots=True)
class _Where:
    """The file and line a value is on, for the messages about it."""

    file: str
    line: int


@dataclasses.dataclass
class _Macros:
    """The `@string` macros of a file so far: their text, and as versions before `#` was read
    kept them (the value as written, less one pair of delimiters), to name old record_ids."""

    values: dict[str, str] = dataclasses.field(default_factory=dict)
    before: dict[str, str] = dataclasses.field(default_factory=dict)

    def define(self, name: str, value: str, where: _Where) -> None:
        key = name.strip().lower()
        self.values[key] = expand(value, self.values, where)
        self.before[key] = _without_delimiters(value.strip())

    def as_before(self, value: str, expanded: str) -> str:
        """A field's value as versions before `#` was read gave it (`expanded`: as now)."""
        text = value.strip()
        if "#" not in text and text.lower() not in self.before:
            return expanded  # a braced or quoted value, a number, a month: read as before
        return self.before.get(text.lower(), _without_delimiters(text))


def _without_delimiters(text: str) -> str:
    """`{…}` or `"…"` around the whole of a value removed, as bibtexparser's default did."""
    if len(text) >= 2 and text[0] + text[-1] in ("{}", '""') and _closing(text, 0) == len(text) - 1:
        return text[1:-1]
    return text


def expand(value: str, strings: dict[str, str], where: _Where) -> str:
    """A field or `@string` value as BibTeX reads it: `{…}` and `"…"` parts without their
    delimiters, numbers as written, macros (`@string` names, case-insensitive, and the month
    names every BibTeX style defines) replaced by their text, all joined where `#` joins them.

    A bare word that starts with a digit (`1-10`) is kept as written, as every reader does;
    an undefined macro or a malformed expression is an InputError naming the file and line.
    """
    text = value.strip()
    if text[:1] == "{" and _closing(text, 0) == len(text) - 1:
        return text[1:-1]  # the usual case: one braced value
    return "".join(_parts(text, strings, where))


def _parts(text: str, strings: dict[str, str], where: _Where) -> list[str]:
    """The parts of a value that `#` joins, each as `expand` reads it."""
    parts: list[str] = []
    position = 0
    while True:
        part, position = _part(text, position, strings, where)
        parts.append(part)
        position = _skip_space(text, position)
        if position == len(text):
            return parts
        if text[position] != "#":
            raise _malformed(text, where, f"expected '#' or the end at {text[position:][:20]!r}")
        position = _skip_space(text, position + 1)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _part(text: str, position: int, strings: dict[str, str], where: _Where) -> tuple[str, int]:
    """One part of a value (a braced or quoted string, a number or a macro) and where it ends."""
    if position == len(text):
        raise _malformed(text, where, "a '#' with nothing after it" if text else "no value")
    if text[position] in '{"':
        end = _closing(text, position)
        if end is None:
            raise _malformed(
                text, where, f"the {text[position]} at {text[position:][:20]!r} is never closed"
            )
        return text[position + 1 : end], end + 1
    match = _WORD.match(text, position)
    if match is None:
        raise _malformed(text, where, f"unexpected {text[position:][:20]!r}")
    word = match.group()
    if word.isdigit() or word[0].isdigit():
        return word, match.end()
    known = strings.get(word.lower(), MONTHS.get(word.lower()))
    if known is None:
        raise InputError(
            f"BibTeX macro {word!r} is not defined (no @string{{{word} = …}} above it)",
            file=where.file,
            line=where.line,
            hint=f"define it with @string{{{word} = {{…}}}} before its first use, or write "
            f"the value in braces ({{{word}}}) if it is the text itself",
        )
    return known, match.end()


def _closing(text: str, start: int) -> int | None:
    """Where the `{…}` or `"…"` that opens at `start` closes (a quote only outside braces)."""
    depth = 0
    for match in _DELIMITER.finditer(text, start + 1):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return match.start() if text[start] == "{" else None
            depth -= 1
        elif text[start] == '"' and depth == 0:
            return match.start()
    return None


def _malformed(text: str, where: _Where, what: str) -> InputError:
    return InputError(
        f"a BibTeX value that is not well formed ({text[:60]!r}): {what}",
        file=where.file,
        line=where.line,
        hint="a value is {text}, \"text\", a number or an @string name, joined by '#' "
        "('\"A\" # name # {B}'): put braces around text written without them",
    )


def _balanced(text: str) -> bool:
    depth = 0
    for match in _BRACE.finditer(text):  # only the braces: values can be long abstracts
        depth += 1 if match.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def parse_bibtex(source: TextSource, log: FileLog) -> Iterator[RawRecord]:
    """The entries of a BibTeX file as raw records (strings, comments, preambles skipped)."""
    bib_logger = logging.getLogger("bibtexparser")
    previous_level = bib_logger.level
    bib_logger.setLevel(logging.CRITICAL)  # its failures are raised below with file and line
    keys: dict[str, int] = {}  # entry key -> line of its first entry, across batches
    macros = _Macros()  # @string macros defined so far, across batches
    try:
        for text, first_line in _split_entries(source):
            yield from _parse_batch(text, first_line, log, keys, macros)
    finally:
        bib_logger.setLevel(previous_level)


def _split_entries(source: TextSource) -> Iterator[tuple[str, int]]:
    """Batches of whole entries: the text and the file line its first character is on."""
    buffer: list[str] = []
    buffer_line = 1
    n_entries = 0
    line_no = 1  # line of the start of `carry`
    carry = ""
    for chunk in source.chunks():
        text = carry + chunk
        starts = [m.start() for m in _ENTRY_START.finditer(text)]
        last = starts[-1] if starts else 0
        if last == 0:
            carry = text
            continue
        complete = text[:last]
        n_entries += len([s for s in starts if s < last])
        if not buffer:
            buffer_line = line_no
        buffer.append(complete)
        line_no += complete.count("\n")
        carry = text[last:]
        if n_entries >= BATCH_ENTRIES:
            yield "".join(buffer), buffer_line
            buffer, n_entries = [], 0
    if not buffer:
        buffer_line = line_no
    buffer.append(carry)
    yield "".join(buffer), buffer_line


def _parse_batch(
    text: str, first_line: int, log: FileLog, keys: dict[str, int], macros: _Macros
) -> Iterator[RawRecord]:
    library = parse_string(text, parse_stack=[])  # values as written: expanded here
    rows = text.split("\n")
    recovered_until = -1  # the last line (of the batch) of an entry read line by line
    for found in library.blocks:
        line = first_line + (found.start_line or 0)
        if (found.start_line or 0) <= recovered_until:
            continue  # the rest of that entry, which bibtexparser read as text between entries
        block = found
        if isinstance(found, model.DuplicateBlockKeyBlock) and found.ignore_error_block:
            block = found.ignore_error_block  # a key or macro used twice: see below
        if isinstance(block, model.String):
            # a macro defined again replaces the first, as in BibTeX
            macros.define(block.key, block.value, _Where(log.source_file, line))
        elif isinstance(block, model.Entry):
            if block.entry_type.lower() in _NON_RECORDS:
                continue
            _check_key(block.key.strip(), line, log, keys)
            log.records_found += 1
            yield _record(block, line, log, macros)
        elif isinstance(block, model.DuplicateFieldKeyBlock):
            log.records_found += 1
            entry = block.ignore_error_block
            if not isinstance(entry, model.Entry):  # pragma: no cover - always an Entry
                raise InputError("unreadable BibTeX entry", file=log.source_file, line=line)
            _check_key(entry.key.strip(), line, log, keys)
            names = sorted(block.duplicate_keys)
            log.warn(
                line,
                f"the entry repeats field(s) {', '.join(names)}: all values are kept in the "
                "fields table, the first is used",
            )
            yield _record(entry, line, log, macros)
        elif isinstance(block, model.ParsingFailedBlock):
            start = block.start_line or 0
            recovered = _one_field_per_line(rows, start, line, log)
            if recovered is not None:
                entry_record, recovered_until = recovered
                _check_key(dict(entry_record.fields)[ENTRY_KEY], line, log, keys)
                log.records_found += 1
                yield entry_record
                continue
            text_of_block = (block.raw or "").strip()
            raw = text_of_block.splitlines()[0][:60] if text_of_block else ""
            raise InputError(
                f"a BibTeX entry that cannot be parsed ({raw!r}): an unclosed brace or a "
                "missing comma?",
                file=log.source_file,
                line=line,
                hint="fix the entry (or export the records again); nothing was read past it",
            )
        elif isinstance(block, model.ImplicitComment):
            _stray_text(block.comment, line, log)


def _one_field_per_line(
    rows: list[str], start: int, line: int, log: FileLog
) -> tuple[RawRecord, int] | None:
    """An entry bibtexparser cannot parse, read one field per line — when it is written so
    (`@type{key,`, then `Name = {value},` lines, then `}`, as EBSCO writes its BibTeX) — with
    a warning naming the fields whose braces do not balance (EBSCO copies web-page script with
    braces into `Keywords`); None when the entry is not written one field per line.
    Returns the record and the batch line of the entry's last line."""
    head = _ENTRY_HEAD.match(rows[start]) if start < len(rows) else None
    if head is None:
        return None
    fields = [(ENTRY_TYPE, head.group(1)), (ENTRY_KEY, head.group(2).strip())]
    unbalanced: list[str] = []
    end = start + 1
    while end < len(rows) and not rows[end].startswith("@"):
        row = rows[end].strip()
        if row == "}":
            break
        match = _FIELD_LINE.match(row)
        if row and match is None:
            return None
        if match is not None:
            name, value = match.group(1), match.group(2).strip()
            if not _balanced(value):
                unbalanced.append(f"{name} (line {line + end - start})")
            fields.append((name, value[1:-1] if value[:1] == "{" and value[-1:] == "}" else value))
        end += 1
    else:
        return None  # no closing `}` before the next entry or the end
    if not unbalanced:
        return None
    log.warn(
        line,
        f"entry {fields[1][1]!r}: the braces of {', '.join(unbalanced)} do not balance, so "
        "the entry is not valid BibTeX; it is written one field per line and was read so "
        "(each value is its line): check those values",
    )
    return RawRecord(line, fields), end


def _check_key(key: str, line: int, log: FileLog, keys: dict[str, int]) -> None:
    """Warn when an entry key was used before in this file (two exports joined with `cat`)."""
    first = keys.setdefault(key, line)
    if first != line:
        log.warn(
            line,
            f"duplicate key {key!r} (first used at line {first}): both entries are read "
            "(the same file exported or joined twice?); deduplication will merge them if "
            "they are one record",
        )


def _stray_text(text: str, line: int, log: FileLog) -> None:
    """Text between entries is no record; say so when it is more than `%` comments, because a
    damaged `@type{key,` line turns a whole entry into such text."""
    if "\ufeff" in text:
        log.warn(line, "a byte-order mark inside the file (two exports joined?)")
    rows = enumerate(text.replace("\ufeff", "").splitlines())
    lines = [(n, row.strip()) for n, row in rows if row.strip()]
    content = [(n, row) for n, row in lines if not row.startswith("%")]
    if not content:
        return
    offset, first = content[0]
    damaged = any("=" in row for _, row in content)
    what = (
        "looks like the fields of an entry whose `@type{key,` line is damaged"
        if damaged
        else "is not part of any entry"
    )
    log.warn(
        line + offset,
        f"{len(content)} line(s) of text outside any entry, from {first[:60]!r}: not read; "
        f"it {what}",
    )


def _record(entry: model.Entry, line: int, log: FileLog, macros: _Macros) -> RawRecord:
    fields = [(ENTRY_TYPE, entry.entry_type), (ENTRY_KEY, entry.key.strip())]
    joined: dict[str, str] = {}  # values read otherwise before `#` was
    for field in entry.fields:
        name = field.key
        at = line + (field.start_line or 0) - (entry.start_line or 0)  # the line of its `=`
        if name.lstrip().startswith("%"):
            name = _after_comments(name, entry.key.strip(), at - name.count("\n"), log)
            if not name:
                continue
        value = str(field.value)
        expanded = expand(value, macros.values, _Where(log.source_file, at))
        fields.append((name, expanded))
        before = macros.as_before(value, expanded)
        if before != expanded:
            joined[name.lower()] = before
    return RawRecord(line, fields, joined or None)


def _after_comments(name: str, key: str, line: int, log: FileLog) -> str:
    """The name of a field after `%` lines inside an entry (empty: the field itself is
    commented out). BibTeX has no comments inside an entry; bibtexparser reads such lines into
    the next field's name (`% note` and `title` as one name), which loses that field silently.
    Read as the person who wrote them meant: comments, with a warning."""
    lines = [row.strip() for row in name.split("\n")]
    comments = [row for row in lines if row.startswith("%")]
    rest = [row for row in lines if row and not row.startswith("%")]
    if rest:
        log.warn(
            line,
            f"entry {key!r}: {len(comments)} `%` comment line(s) inside the entry (from "
            f"{comments[0][:60]!r}), which BibTeX does not allow: skipped as comments; the "
            f"field {rest[-1]!r} after them is read",
        )
        return rest[-1]
    log.warn(
        line,
        f"entry {key!r}: a field commented out with `%` ({comments[-1][:60]!r}), which BibTeX "
        "does not allow inside an entry: not read",
    )
    return ""


# --------------------------------------------------------------------------- canonical records


_PAGE_DASH = re.compile(r"\s*(?:--|[-–])\s*")
_BIB_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_LATEX_MATH_OR_COMMAND: Final = re.compile(r"[$\\%]")  # what versions before read otherwise
_ID_FIELDS: Final = ("title", "author", "journal", "booktitle", "journaltitle")
_PMID_KEY: Final = re.compile(r"^PMID:\d+$")
_PMID_NOTE: Final = re.compile(r"^\s*PMID:\s*(\d+)\s*$")


def bibtex_record(raw: RawRecord, log: FileLog, *, generic: bool = False) -> Record:
    """The canonical columns of one BibTeX entry (`records.RecordBuilder` finishes them);
    `generic`: not Web of Science's BibTeX (its database read from `source` or `url`)."""
    record: Record = {}
    raw_by_name: dict[str, str] = {}
    for name, value in raw.fields:
        raw_by_name.setdefault(name.lower(), value)
    for name, value in raw_by_name.items():
        target = BIBTEX_COLUMNS.get(name)
        if target is None or target[0] in record:
            continue
        column, kind = target
        decoded = decode_value(value)
        if kind == LIST and ";" not in decoded and name == "keywords":
            record[column] = join_list(decoded.replace(",", ";"))  # Zotero: `a, b, c`
        elif kind == LIST:
            record[column] = join_list(decoded)
        elif kind == INT:
            record[column] = to_int(decoded, column, log, raw.line)
        else:
            record[column] = decoded
    names = [
        decode_value(part)
        for part in _split_bibtex_names(raw_by_name.get("author", ""))
        if part.strip()
    ]
    record["authors"] = text.join_multi([short_name(name) for name in names])
    if raw.joined or any(
        _LATEX_MATH_OR_COMMAND.search(raw_by_name.get(name, "")) for name in _ID_FIELDS
    ):
        # read otherwise before: name the record_id it had then (`_finish`)
        before = _decoded_before({**raw_by_name, **(raw.joined or {})})
        now = (record.get("title", ""), record["authors"], record.get("source_title", ""))
        if before != now:
            record[DECODED_BEFORE] = before
    if not record.get("pmid") and decode_value(raw_by_name.get("eprinttype", "")) in (
        "pubmed",
        "pmid",
    ):  # BibLaTeX: eprint = {9861700}, eprinttype = {pubmed}
        record["pmid"] = decode_value(raw_by_name.get("eprint", ""))
    key = raw_by_name.get(ENTRY_KEY, "").strip()
    if not record.get("pmid") and _PMID_KEY.match(key):
        record["pmid"] = key.split(":", 1)[1]  # Europe PMC: `@article {PMID:18888888,`
    note = _PMID_NOTE.match(decode_value(raw_by_name.get("note", "")))
    if not record.get("pmid") and note:
        record["pmid"] = note.group(1)  # Taylor & Francis: `note = {PMID: 33355555}`
    if not record.get("ut"):
        key = raw_by_name.get(ENTRY_KEY, "")
        if UT_PREFIX.match(key) and key.split(":", 1)[0].upper() in ("WOS", "ISI"):
            record["ut"] = key
    if not record.get("ut") and generic:
        _bibtex_database(record, raw_by_name)
    pages = _PAGE_DASH.sub("-", str(record.pop("pages", "") or ""))  # EBSCO: "1 - 10"
    article_number = str(record.pop("article_number", "") or "")
    record["pages"] = pages or article_number
    if not record.get("doc_type"):
        record["doc_type"] = raw_by_name.get(ENTRY_TYPE, "")
    addresses = _bibtex_addresses(raw_by_name.get("affiliation", ""), names)
    record["affiliations"] = text.join_multi(distinct(addresses))
    record["countries"] = text.join_multi(countries(addresses))
    year = str(record.pop("year", "") or "")
    set_year(record, year, "", str(record.get("early_access", "")))
    return record


def _bibtex_database(record: Record, raw_by_name: dict[str, str]) -> None:
    """Scopus's BibTeX names its database in `source` and gives the EID only in `url`; a
    `source` naming another database is kept as the record's database."""
    named = decode_value(raw_by_name.get("source", "")).lower()
    database = next((name for needle, name in RIS_DATABASES if needle in named), "")
    match = SCOPUS_EID.search(decode_value(raw_by_name.get("url", "")))
    if match and database in ("Scopus", ""):
        record["ut"], record[ACCESSION_DATABASE] = match.group(1), "Scopus"
        database = "Scopus"
    if not database:  # EBSCO's BibTeX names its platform only in the record's link
        link = decode_value(raw_by_name.get("url", "")).lower()
        database = next((name for needle, name in RIS_DATABASES if needle in link), "")
    if database:
        record["database"] = database


def _decoded_before(raw_by_name: dict[str, str]) -> tuple[str, str, str]:
    """A BibTeX entry's title, authors and source as decoded before LaTeX math and symbols
    were (`bibtex.decode_value_as_before`), and `#` read (`raw_by_name` holds such values as
    written): what its record_id was made from then."""
    title = decode_value_as_before(raw_by_name.get("title", ""))
    parts = _split_bibtex_names(raw_by_name.get("author", ""))
    names = [decode_value_as_before(part) for part in parts if part.strip()]
    source = next(
        (
            decode_value_as_before(value)
            for name, value in raw_by_name.items()  # the first in the entry (`bibtex_record`)
            if BIBTEX_COLUMNS.get(name, ("", ""))[0] == "source_title"
        ),
        "",
    )
    return title, text.join_multi([short_name(name) for name in names]), source


def _split_bibtex_names(value: str) -> list[str]:
    """BibTeX `A and B and {C and D}` split at `and` outside braces."""
    names: list[str] = []
    depth = 0
    start = 0
    position = 0
    while position < len(value):
        char = value[position]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char.isspace():
            match = _BIB_AND.match(value, position)
            if match:
                names.append(value[start:position])
                start = position = match.end()
                continue
        position += 1
    names.append(value[start:])
    return [name for name in names if name.strip()]


def _bibtex_addresses(value: str, authors: list[str]) -> list[str]:
    """WOS BibTeX `Affiliation` lines as addresses: reprint lines dropped, author names removed."""
    prefixes = sorted({clean(name) for name in authors} | {short_name(n) for n in authors}, key=len)
    prefixes.reverse()
    addresses: list[str] = []
    for line in unwrap(value).split("\n"):
        address = decode_value(line)
        if not address or "(Reprint Author)" in address or "(reprint author)" in address:
            continue
        address = BRACKETS.sub("", address)
        stripped = True
        while stripped:
            stripped = False
            for prefix in prefixes:
                if prefix and address.startswith(prefix + "; "):
                    address = address[len(prefix) + 2 :]
                    stripped = True
                    break
                if prefix and address.startswith(prefix + ", "):
                    address = address[len(prefix) + 2 :]
                    break
        addresses.append(address.rstrip(" ."))
    return addresses


def generic_bibtex_record(raw: RawRecord, log: FileLog) -> Record:
    """`bibtex_record` of an entry of a BibTeX file not written by Web of Science."""
    return bibtex_record(raw, log, generic=True)
