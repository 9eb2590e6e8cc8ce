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
as the pseudo-tag `@number`, and the accession number of such records is `ID` (or `AN`).

APA PsycInfo, JSTOR, Ingenta Connect and Engineering Village write a header above the records
(`Provider: American Psychological Association`, `Database: APA PsycInfo`, `Content: …`; JSTOR
repeats it above every record): its lines are kept, joined, as the pseudo-tag `@header` of
each record below them, so the record can name its database from it.

Reported, never dropped: a record without `ER` (before the next `TY` or at the end of the file),
tags before any `TY` (an empty one, such as a trailer line after `ER`, starts no record),
other lines before the first record, a byte-order mark inside the file, an export header
with no record after it or naming two databases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from metasynth.ingest.base import HEADER_TAG, NUMBER_TAG, FileLog, RawRecord
from metasynth.ingest.detect import EXPORT_HEADER_LINE, TextSource

# A tag is two characters; APA PsycInfo also writes `PMID  - 33355555`. A longer tag needs the
# two spaces of the standard, so an unindented continuation such as `USA - 2020` stays text.
_TAG_LINE: Final = re.compile(r"^([A-Z][A-Z0-9]|[A-Z]{3,4}(?=  -)) {1,2}-(?: (.*)|\s*)$", re.DOTALL)
_NUMBER_LINE: Final = re.compile(r"^\s*(\d+)\.\s*$")  # Ovid: the record's number in the results
_LONGEST_DATABASE: Final = 200  # "APA PsycInfo; APA PsycArticles; …" is far shorter
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class _Record:
    __slots__ = ("blank", "fields", "line")

    def __init__(self, line: int) -> None:
        self.line = line
        self.fields: list[tuple[str, list[str]]] = []
        self.blank = 0  # blank lines waiting to be kept if a continuation follows

    def raw(self) -> RawRecord:
        return RawRecord(self.line, [(tag, "\n".join(lines)) for tag, lines in self.fields])


class _Header:
    """The export header above the next records (`Provider:`, `Database:`, `Content:` lines).

    Said, not silently lost or mixed: a header no record follows (the file cut short after it,
    or the records below it deleted), a second `Database:` line naming another database in one
    header (two exports' headers run together: the first names the records' database), and a
    `Database:` line too long or with control characters to be a name (not used as one)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.line = 0  # where the header starts
        self.ended = False  # a record has started since the header's last line

    def add(self, line_no: int, line: str, log: FileLog) -> None:
        if self.ended or not self.lines:
            self.lines, self.line, self.ended = [], line_no, False
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

    def attach(self, record: _Record) -> None:
        if self.lines:
            record.fields.append((HEADER_TAG, list(self.lines)))
            self.ended = True

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


def parse_ris(source: TextSource, log: FileLog) -> Iterator[RawRecord]:
    """The records of a RIS file, one at a time, in file order."""
    record: _Record | None = None
    line_no = 0
    header_lines: list[int] = []
    number = ""
    header = _Header()
    for chunk in source.chunks():
        lines = chunk.split("\n")
        if chunk.endswith("\n"):
            lines.pop()
        for line in lines:
            line_no += 1
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
                if record is None and _NUMBER_LINE.match(line):
                    number = line.strip().rstrip(".")
                    continue
                if record is None and EXPORT_HEADER_LINE.match(line):
                    header.add(line_no, line, log)
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
                if record is not None:
                    log.warn(
                        record.line,
                        f"the record that starts here has no ER before the next TY at line "
                        f"{line_no}: kept, ending it there",
                    )
                    yield record.raw()
                log.records_found += 1
                record = _Record(line_no)
                if number:
                    record.fields.append((NUMBER_TAG, [number]))
                    number = ""
                header.attach(record)
                record.fields.append((tag, [value]))
            elif tag == "ER":
                if record is None:
                    log.warn(line_no, "ER outside any record (a second ER?): ignored")
                else:
                    yield record.raw()
                    record = None
            elif record is None and not value.strip():
                header_lines.append(line_no)  # an empty tag between records starts none
            else:
                if record is None:
                    log.warn(
                        line_no,
                        f"tag {tag} outside any record (no TY before it): started a record here",
                    )
                    log.records_found += 1
                    record = _Record(line_no)
                record.blank = 0
                record.fields.append((tag, [value]))
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
