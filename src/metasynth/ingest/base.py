"""What every parser hands on: raw records (tags and values as in the file) and warnings.

A parser is a generator of `RawRecord`s that never holds more than the record it is reading.
It reports problems that do not stop the run to a `FileLog` (file and line included), and
counts every record it starts in `FileLog.records_found`, so the caller can check that every
record found was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from metasynth.errors import Notice
from metasynth.text import formula_error_problem, is_formula_error

NUMBER_TAG = "@number"
"""Pseudo-tag of a record's number in its export (Ovid writes `1.` or `<1. >` before each)."""

HEADER_TAG = "@header"
"""Pseudo-tag of the export header above a record (APA PsycInfo, JSTOR, Ingenta and Engineering
Village RIS: `Provider: …`, `Database: …`, `Content: …` lines), kept with each record below it."""

TRAILER_TAG = "@trailer"
"""Pseudo-tag of text a RIS export writes after a record's `ER` and before the next record (Ovid:
`Link to the Ovid Full Text or citation: http://ovidsp.ovid.com/…`), kept with that record."""


@dataclass(slots=True)
class RawRecord:
    """One record as exported: its first line and its (tag, value) pairs in file order.

    A value spread over several lines keeps them joined by "\\n", without the indentation that
    marks continuation lines, so nothing of the original is lost.
    """

    line: int
    fields: list[tuple[str, str]]
    joined: dict[str, str] | None = None
    """BibTeX: the values joined with `#` as written (lower-cased field name → value), which
    versions before `#` was read kept so; only to name the record_id an entry had then."""


@dataclass
class FileLog:
    """Warnings and counts for one export file."""

    source_file: str
    notices: list[Notice] = field(default_factory=list)
    records_found: int = 0

    def warn(self, line: int | None, message: str) -> None:
        """Record a problem at a line of this file (the run goes on)."""
        self.notices.append(Notice("warning", message, file=self.source_file, line=line))

    def without_formula_errors(
        self, line: int, fields: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        """The fields of a table row (a CSV or tab-delimited export) but those holding a
        spreadsheet's error value (`#NAME?`, `#N/A`, `Err:502`), each with a warning: an export
        opened and saved in a spreadsheet has a title or an author that began with `=`, `-` or
        `+` turned into a formula, and its error value is no title anyone wrote (two such titles
        would be one title to deduplication)."""
        kept = []
        for tag, value in fields:
            if is_formula_error(value):
                self.warn(
                    line,
                    f"{formula_error_problem(tag, value)}: left empty (export the records "
                    "again and put that file here unopened; a spreadsheet turns a cell that "
                    "begins with = + - @ into a formula)",
                )
            else:
                kept.append((tag, value))
        return kept
