"""BibTeX exports (Web of Science and others) → raw records, via bibtexparser 2.x.

WOS writes one `@article{ WOS:000…,` (older files `ISI:000…`) per record with hyphenated field
names (`Unique-ID`, `Times-Cited`, `Web-of-Science-Categories`) and values in double braces
(`{{…}}`); files start with a byte-order mark and a blank line. The file is cut into entries
at lines that start with `@`, and each batch of entries is parsed separately, so memory does not
grow with the file and every entry keeps its line number.

The fields table keeps each value as written (one level of braces removed by bibtexparser);
`decode_value` turns it into text for the records table (outer braces dropped, LaTeX such as
`\\&` and `{\\"u}` decoded). An entry bibtexparser cannot parse stops the run with an
`InputError` naming the file and line (there is no safe way to guess what it holds) — unless
it is written one field per line, as EBSCO writes BibTeX, and only some values' braces do not
balance: then each line is read as one field, with a warning naming those fields. Reported
with their line, never silently skipped: text between entries other than `%` comments (a
damaged `@type{key,` line leaves an entry's fields there) and a key used twice (a file joined
to itself with `cat`: both entries are read).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Final

from bibtexparser import model
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware

from metasynth.errors import InputError
from metasynth.ingest.base import FileLog, RawRecord
from metasynth.ingest.detect import TextSource

BATCH_ENTRIES: Final = 200
_ENTRY_START: Final = re.compile(r"^@", re.MULTILINE)
_NON_RECORDS: Final = frozenset({"comment", "string", "preamble"})
_ENTRY_HEAD: Final = re.compile(r"^\s*@\s*([A-Za-z]+)\s*\{\s*([^,\s{}]+)\s*,\s*$")
_FIELD_LINE: Final = re.compile(r"^([A-Za-z][\w:.+-]*)\s*=\s*(\S.*?)\s*,?$")
ENTRY_TYPE: Final = "@type"
ENTRY_KEY: Final = "@key"

_decoder = LatexDecodingMiddleware(allow_inplace_modification=True)


def unwrap(value: str) -> str:
    """A BibTeX value without the braces around all of it (`{{Title}}` → `Title`)."""
    text = value.strip()
    while len(text) >= 2 and text[0] == "{" and text[-1] == "}" and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def decode_value(value: str) -> str:
    """A BibTeX value as plain text: braces around it removed, LaTeX decoded, spaces collapsed."""
    text = unwrap(value)
    if "\\" in text or "{" in text:
        text = _latex_to_text(text)
    return " ".join(text.split())


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _latex_to_text(text: str) -> str:
    library = Library([model.Entry("misc", "x", [model.Field("v", text)])])
    decoded = _decoder.transform(library)
    value = decoded.entries[0].fields_dict["v"].value
    return str(value)


def parse_bibtex(source: TextSource, log: FileLog) -> Iterator[RawRecord]:
    """The entries of a BibTeX file as raw records (strings, comments, preambles skipped)."""
    bib_logger = logging.getLogger("bibtexparser")
    previous_level = bib_logger.level
    bib_logger.setLevel(logging.CRITICAL)  # its failures are raised below with file and line
    keys: dict[str, int] = {}  # entry key -> line of its first entry, across batches
    strings: dict[str, str] = {}  # @string macros defined so far, across batches
    try:
        for text, first_line in _split_entries(source):
            yield from _parse_batch(text, first_line, log, keys, strings)
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
    text: str, first_line: int, log: FileLog, keys: dict[str, int], strings: dict[str, str]
) -> Iterator[RawRecord]:
    prefix = _earlier_strings(strings, text)
    shift = prefix.count("\n")  # lines of the batch's text start after the prefix
    library = parse_string(prefix + text)
    strings.update((block.key, block.value) for block in library.strings)
    rows = (prefix + text).split("\n")
    recovered_until = -1  # the last line (of the batch) of an entry read line by line
    for block in library.blocks:
        line = first_line + (block.start_line or 0) - shift
        if (block.start_line or 0) <= recovered_until:
            continue  # the rest of that entry, which bibtexparser read as text between entries
        if isinstance(block, model.Entry | model.DuplicateBlockKeyBlock):
            entry = block if isinstance(block, model.Entry) else block.ignore_error_block
            if not isinstance(entry, model.Entry):  # pragma: no cover - always an Entry
                raise InputError("unreadable BibTeX entry", file=log.source_file, line=line)
            if entry.entry_type.lower() in _NON_RECORDS:
                continue
            _check_key(entry.key.strip(), line, log, keys)
            log.records_found += 1
            yield _record(entry, line, log)
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
            yield _record(entry, line, log)
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


def _earlier_strings(strings: dict[str, str], text: str) -> str:
    """The `@string` macros of earlier batches, as BibTeX to parse before this batch: each
    batch is parsed on its own, and without them a `journal = jn` below the first batch kept
    the macro's name as the journal. A macro the batch defines again is left to the batch."""
    return "".join(
        f"@string{{{key} = {{{value}}}}}\n"
        for key, value in strings.items()
        if not re.search(rf"@\s*string\s*[{{(]\s*{re.escape(key)}\s*=", text, re.IGNORECASE)
    )


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


def _record(entry: model.Entry, line: int, log: FileLog) -> RawRecord:
    fields = [(ENTRY_TYPE, entry.entry_type), (ENTRY_KEY, entry.key.strip())]
    for field in entry.fields:
        name = field.key
        if name.lstrip().startswith("%"):
            # line of the key's first line, in the file
            at = line + (field.start_line or 0) - (entry.start_line or 0) - name.count("\n")
            name = _after_comments(name, entry.key.strip(), at, log)
            if not name:
                continue
        fields.append((name, str(field.value)))
    return RawRecord(line, fields)


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
