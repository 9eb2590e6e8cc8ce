"""RIS exports (Web of Science, Scopus, PubMed via Zotero or EndNote, Zotero) → raw records.

A record runs from `TY  - ` to `ER  - `; every other line is `XX  - value`, or continues the
value before it. Producers differ in how they continue a value: WOS indents abstract lines by
three spaces and writes its citation counts as unindented lines after `N1` (`Total Times Cited:`,
`Cited Reference Count:`); EndNote writes multi-valued fields (`KW`, `SN`, `DB`) as unindented
lines; Zotero writes notes over several lines. All of them are kept under the tag they continue,
lines joined by "\\n" (a three-space indent removed). WOS RIS also has bare CR characters inside
lines (kept as data by `TextSource`) and a byte-order mark glued to the first `TY`.

APA PsycInfo writes the PubMed ID under a four-letter tag (`PMID  - 33355555`), read like any
other tag rather than as a line of the reference type before it.

Ovid's RIS numbers each record on a line of its own before `TY` (`12. `): the number is kept
as the pseudo-tag `@number`, and the accession number of such records is `ID` (or `AN`). Ovid
also writes `NL  - ` (the journal's abbreviation) after `ER`, and below it a line `Link to the
Ovid Full Text or citation: …`: both are the record's (the text as the pseudo-tag `@trailer`).

APA PsycInfo, JSTOR, Ingenta Connect and Engineering Village write a header above the records
(`Provider: American Psychological Association`, `Database: APA PsycInfo`, `Content: …`; JSTOR
repeats it above every record): its lines are kept, joined, as the pseudo-tag `@header` of
each record below them, so the record can name its database from it.

Reported, never dropped: a record without `ER` (before the next `TY` or at the end of the file),
tags before any `TY` or after an `ER` that end with an `ER` of their own (a record whose `TY` is
missing; an empty tag, such as a trailer line after `ER`, starts no record), tags or text after
an `ER` in a file that is not Ovid's (kept with the record before them),
other lines before the first record, a byte-order mark inside the file, an export header
with no record after it or naming two databases, and one between records that is not the
file's first header repeated (JSTOR's is: same lines) — a stray `Provider:`/`Database:` line
after an `ER` would otherwise rename the database of the records below it without a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from metasynth.ingest.base import HEADER_TAG, NUMBER_TAG, TRAILER_TAG, FileLog, RawRecord
from metasynth.ingest.detect import EXPORT_HEADER_LINE, TextSource

# A tag is two characters; APA PsycInfo also writes `PMID  - 33355555`. A longer tag needs the
# two spaces of the standard, so an unindented continuation such as `USA - 2020` stays text.
_TAG_LINE: Final = re.compile(r"^([A-Z][A-Z0-9]|[A-Z]{3,4}(?=  -)) {1,2}-(?: (.*)|\s*)$", re.DOTALL)
_NUMBER_LINE: Final = re.compile(r"^\s*(\d+)\.\s*$")  # Ovid: the record's number in the results
_LONGEST_DATABASE: Final = 200  # "APA PsycInfo; APA PsycArticles; …" is far shorter
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class _Record:
    __slots__ = ("blank", "fields", "line", "stray")

    def __init__(self, line: int, *, stray: bool = False) -> None:
        self.line = line
        self.fields: list[tuple[str, list[str]]] = []
        self.blank = 0  # blank lines waiting to be kept if a continuation follows
        # started by a tag after the previous record's ER: that record's (Ovid's NL) if the next
        # record follows, a record whose TY is missing if an ER of its own does
        self.stray = stray

    def raw(self) -> RawRecord:
        return RawRecord(self.line, [(tag, "\n".join(lines)) for tag, lines in self.fields])


class _Header:
    """The export header above the next records (`Provider:`, `Database:`, `Content:` lines).

    Said, not silently lost or mixed: a header no record follows (the file cut short after it,
    or the records below it deleted), a second `Database:` line naming another database in one
    header (two exports' headers run together: the first names the records' database), and a
    `Database:` line too long or with control characters to be a name (not used as one), and
    a header between records that is not the first one repeated (JSTOR repeats its own; a stray
    `Database:` line after an `ER` would rename the database of the records below it)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.keys: list[str] = []  # the names of the header's lines, a rejected one's too
        self.first_line = ""
        self.line = 0  # where the header starts
        self.ended = False  # a record has started since the header's last line
        self.first_keys: tuple[str, ...] = ()  # the names of the lines above the first record
        self.after_record = False  # a record was read before the header being gathered

    def add(self, line_no: int, line: str, log: FileLog) -> None:
        if self.ended or not self.keys:
            self.lines, self.keys, self.line, self.ended = [], [], line_no, False
        self.keys.append(line.partition(":")[0].strip())  # `Provider`, `Database`, `Content`
        if len(self.keys) == 1:
            self.first_line = line.strip()
        database = _database(line)
        if len(database) > _LONGEST_DATABASE or _CONTROL.search(database):
            log.warn(
                line_no,
                f"the export header's `Database:` line ({database[:60]!r}, {len(database)} "
                "characters) is no database name: not used for the records below (each is "
                "named by its own DB/DP or link, else 'unknown'); correct or delete the line",
            )
            return
        named = next((_database(kept) for kept in self.lines if _database(kept)), "")
        if database and named and database != named:
            log.warn(
                line_no,
                f"a second `Database:` line in the export header above the next records "
                f"({database[:60]!r}; the header's first says {named[:60]!r}): a record below that "
                f"names no database of its own is counted under {named[:60]!r}; if two exports "
                "were joined, keep each in a file of its own",
            )
        self.lines.append(line.strip())

    def attach(self, record: _Record, log: FileLog) -> None:
        if self.keys and not self.ended:
            keys = tuple(self.keys)
            if not self.after_record:  # two joined headers repeat one: keep its lines once
                self.first_keys = tuple(dict.fromkeys(keys))
            elif not _repeats(keys, self.first_keys):
                above = (
                    f"the header above the first record has {', '.join(self.first_keys)}"
                    if self.first_keys
                    else "the file starts with no export header"
                )
                log.warn(
                    self.line,
                    f"an export header line between records ({self.first_line[:60]!r}) that is "
                    f"not the file's own header repeated ({above}): read as the header of the "
                    "records below it (a `Database:` line names their database); if it is a "
                    "stray line, delete it",
                )
        self.after_record = True
        self.ended = bool(self.keys)
        if self.lines:
            record.fields.append((HEADER_TAG, list(self.lines)))

    def report(self, log: FileLog) -> None:
        if self.lines and not self.ended:
            log.warn(
                self.line,
                f"{len(self.lines)} export header line(s) ({self.lines[0][:60]!r}) with no "
                "record after them: the file may be cut short, or its records deleted; "
                "export the search again if records are missing",
            )


def _database(line: str) -> str:
    key, _, value = line.partition(":")
    return value.strip() if key.strip().lower() == "database" else ""


def _keep_after_er(closed: _Record, stray: _Record, log: FileLog) -> None:
    """Tags read after `closed`'s ER, followed by the next record rather than by an ER of their
    own, are `closed`'s: Ovid writes `NL  - ` (the journal's abbreviation) after ER. Said unless
    the file is Ovid's (numbered records)."""
    closed.fields.extend(stray.fields)
    if not any(tag == NUMBER_TAG for tag, _ in closed.fields):
        log.warn(
            stray.line,
            f"tag {stray.fields[0][0]} after the ER of the record at line {closed.line}, before "
            "the next record: kept with that record",
        )


def _repeats(keys: tuple[str, ...], unit: tuple[str, ...]) -> bool:
    """Whether `keys` is `unit` once or more (headers joined), as JSTOR repeats its header."""
    return bool(unit) and len(keys) % len(unit) == 0 and keys == unit * (len(keys) // len(unit))


def parse_ris(source: TextSource, log: FileLog) -> Iterator[RawRecord]:
    """The records of a RIS file, one at a time, in file order.

    A record ended by ER is held until the next one starts (or the file ends): Ovid writes a tag
    (`NL`) and a line of text (its full-text link) after ER, which are the record's. Tags after
    ER that end with an ER of their own are a record whose TY is missing."""
    record: _Record | None = None
    closed: _Record | None = None
    line_no = 0
    header_lines: list[int] = []
    number = ""
    header = _Header()
    for line_no, line in source.numbered_lines():
        if line.startswith("\ufeff"):
            line = line.lstrip("\ufeff")
            if line_no > 1:
                log.warn(line_no, "a byte-order mark inside the file (two exports joined?)")
        match = _TAG_LINE.match(line)
        if match is None:
            if not line.strip():
                if record is not None and record.fields:
                    record.blank += 1
                continue
            starts_next = _NUMBER_LINE.match(line) or EXPORT_HEADER_LINE.match(line)
            if record is not None and record.stray and closed is not None and starts_next:
                _keep_after_er(closed, record, log)
                record = None
            if record is None and _NUMBER_LINE.match(line):
                number = line.strip().rstrip(".")
                continue
            if record is None and EXPORT_HEADER_LINE.match(line):
                header.add(line_no, line, log)
                continue
            if record is None and closed is not None:
                _keep_text_after_er(closed, line, line_no, log)
                continue
            if record is not None and record.stray and record.blank:
                record.blank = 0
                record.fields.append((TRAILER_TAG, [line]))
                continue
            if record is None or not record.fields:
                if record is None:
                    header_lines.append(line_no)
                else:
                    log.warn(line_no, f"text before the first tag of the record: {line[:60]!r}")
                    record.fields.append(("", [line]))
                continue
            text = line[3:] if line.startswith("   ") else line
            record.fields[-1][1].extend([""] * record.blank)
            record.blank = 0
            record.fields[-1][1].append(text)
            continue
        tag, value = match.group(1), match.group(2) or ""
        if tag == "TY":
            if record is not None and record.stray and closed is not None:
                _keep_after_er(closed, record, log)
            elif record is not None:
                log.warn(
                    record.line,
                    f"the record that starts here has no ER before the next TY at line "
                    f"{line_no}: kept, ending it there",
                )
                yield record.raw()
            if closed is not None:
                yield closed.raw()
                closed = None
            log.records_found += 1
            record = _Record(line_no)
            if number:
                record.fields.append((NUMBER_TAG, [number]))
                number = ""
            header.attach(record, log)
            record.fields.append((tag, [value]))
        elif tag == "ER":
            if record is None:
                log.warn(line_no, "ER outside any record (a second ER?): ignored")
                continue
            if record.stray:
                _no_ty(record, log)
            if closed is not None:
                yield closed.raw()
            closed, record = record, None
        elif record is None and not value.strip():
            header_lines.append(line_no)  # an empty tag between records starts none
        else:
            if record is None:
                record = _Record(line_no, stray=closed is not None)
                if closed is None:
                    _no_ty(record, log, tag)
            record.blank = 0
            record.fields.append((tag, [value]))
    if record is not None and record.stray and closed is not None:
        _keep_after_er(closed, record, log)
        record = None
    if closed is not None:
        yield closed.raw()
    header.report(log)
    if header_lines:
        log.warn(
            header_lines[0],
            f"{len(header_lines)} line(s) outside any record (an export header?) are not part "
            "of a record",
        )
    if record is not None:
        log.warn(
            record.line,
            f"the file ends (line {line_no}) inside the record that starts here: no ER, the "
            "export may be cut short; kept",
        )
        yield record.raw()


def _no_ty(record: _Record, log: FileLog, tag: str = "") -> None:
    """`record` starts with a tag, not TY: a record of its own, counted and said."""
    log.warn(
        record.line,
        f"tag {tag or record.fields[0][0]} outside any record (no TY before it): started a "
        "record here",
    )
    log.records_found += 1
    record.stray = False


def _keep_text_after_er(closed: _Record, line: str, line_no: int, log: FileLog) -> None:
    """Text between a record's ER and the next record (Ovid: `Link to the Ovid Full Text or
    citation: …`) is kept with the record as `@trailer`; said unless the file is Ovid's."""
    if not any(tag == TRAILER_TAG for tag, _ in closed.fields) and not any(
        tag == NUMBER_TAG for tag, _ in closed.fields
    ):
        log.warn(
            line_no,
            f"text after the ER of the record at line {closed.line}, before the next record: "
            f"kept with that record ({line[:60]!r})",
        )
    closed.fields.append((TRAILER_TAG, [line]))
