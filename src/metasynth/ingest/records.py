"""Raw records → canonical records: one row of the records table per exported record.

`RecordBuilder.build(raw)` returns the canonical columns of `docs/data-contracts.md`
(results/ingest) of one raw record. It reads Web of Science plain text and tab-delimited files
itself, through their tag table (`tags.WOS_COLUMNS`):

- `year`: PY, else EY, else the year in EA (`set_year`);
- `authors`: `Surname, Initials` joined by `; `;
- `countries`: the last part of each affiliation address, with spellings unified.

The reader of each other format gives it a record's columns (`bibtex.bibtex_record`,
`ris.ris_record`, `medline.CANONICAL`, …). It finishes every record:

- `record_id`: the entry's accession number in its database, else an id of its own made from its
  content (the rules: `identity.py`);
- `database`: from the accession prefix (`WOS`, `MEDLINE`, …), else what the file names
  (`Scopus`, `PubMed`, …), else `WOS` for Web of Science formats and `unknown` otherwise.

Values are normalised by the functions of `values.py`, which the readers of the other formats
(`medline.py`, `csvexport.py`, …) share.

Problems that do not stop the run (no UT in a WOS record, a count that is not a number) go to
the file's `FileLog`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from metasynth import text
from metasynth.ingest.base import FileLog, RawRecord
from metasynth.ingest.detect import BIBTEX, PLAINTEXT, TAB
from metasynth.ingest.identity import (
    EntryIds,
    accession_record_id,
    content_hash,
    ut_database,
)
from metasynth.ingest.tags import (
    ITEMS,
    LIST,
    TEXT,
    WOS_COLUMNS,
    WOS_FALLBACK_AUTHORS,
)
from metasynth.ingest.values import (
    address,
    clean,
    join_list,
    line_addresses,
    line_items,
    summarise_addresses,
    to_int,
    year_in,
)
from metasynth.ingest.vocabulary import normalise

UNNAMED_DATABASE: Final = "unknown"
"""The database of a record its file does not name (ingestion writes its search run's instead)."""

_WHAT_NAMES_A_RECORD: Final = ("title", "authors", "year", "source_title", "doi", "pmid", "ut")
"""Columns of which a record names at least one; a record with none is empty (warned)."""


RECORD_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("record_id", "string"),
    ("source_file", "string"),
    ("source_format", "string"),
    ("source_line", "int64"),
    ("database", "string"),
    ("search_run", "string"),
    ("ut", "string"),
    ("doi", "string"),
    ("pmid", "string"),
    ("title", "string"),
    ("authors", "string"),
    ("year", "Int64"),
    ("year_source", "string"),
    ("early_access", "string"),
    ("source_title", "string"),
    ("volume", "string"),
    ("issue", "string"),
    ("pages", "string"),
    ("doc_type", "string"),
    ("language", "string"),
    ("doc_type_norm", "string"),
    ("language_norm", "string"),
    ("abstract", "string"),
    ("author_keywords", "string"),
    ("keywords_plus", "string"),
    ("affiliations", "string"),
    ("countries", "string"),
    ("wos_categories", "string"),
    ("times_cited", "Int64"),
    ("times_cited_all", "Int64"),
    ("cited_ref_count", "Int64"),
    ("issn", "string"),
    ("eissn", "string"),
    ("publisher", "string"),
)
"""The records table: (column, pandas dtype), in contract order."""

FIELD_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("source_file", "string"),
    ("source_line", "int64"),
    ("record_id", "string"),
    ("position", "int64"),
    ("tag", "string"),
    ("value", "string"),
)
"""The fields table: every original tag and value of every record."""

_INT_COLUMNS: Final = frozenset(name for name, dtype in RECORD_COLUMNS if dtype == "Int64")
_STRING_COLUMNS: Final = tuple(name for name, dtype in RECORD_COLUMNS if dtype == "string")
_SEMICOLON_OUTSIDE_BRACKETS = re.compile(r";(?![^\[\]]*\])")
ACCESSION_DATABASE: Final = "_accession_database"
"""The key of the database a record's `ut` numbers, which a reader may set (RIS: `ris_record`)
until `RecordBuilder` finishes the record."""
DECODED_BEFORE: Final = "_decoded_before"
"""The key of a BibTeX entry's title, authors and source as read before LaTeX math and `#` were
(`bibtex.bibtex_record`) until `RecordBuilder` finishes the record."""

Record = dict[str, object]


# --------------------------------------------------------------------------- builder


class RecordBuilder:
    """Turns the raw records of one file into canonical records."""

    def __init__(
        self,
        source_file: str,
        source_format: str,
        search_run: str,
        log: FileLog,
        canonical: Callable[[RawRecord, FileLog], Record] | None = None,
        entry_ids: EntryIds | None = None,
    ) -> None:
        """`canonical`: the columns of one raw record, for formats read outside this module;
        `entry_ids`: one per ingestion run, so entries without an accession number are numbered
        across its files."""
        self.source_file = source_file
        self.source_format = source_format
        self.search_run = search_run
        self.log = log
        self.entry_ids = entry_ids if entry_ids is not None else EntryIds()
        builtin = {
            PLAINTEXT: self._wos,
            TAB: self._wos,
        }
        self._canonical: Callable[[RawRecord], Record]
        if canonical is not None:
            self._canonical = lambda raw: canonical(raw, log)
        else:
            self._canonical = builtin[source_format]

    def build(self, raw: RawRecord) -> Record:
        """The canonical record (all RECORD_COLUMNS) of one raw record."""
        record = self._canonical(raw)
        return self._finish(record, raw.line)

    # ----------------------------------------------------------------- Web of Science

    def _wos(self, raw: RawRecord) -> Record:
        values: dict[str, str] = {}
        for tag, value in raw.fields:
            if tag in values:
                values[tag] = f"{values[tag]}\n{value}"
            else:
                values[tag] = value
        items = _tab_items if self.source_format == TAB else line_items
        record: Record = {}
        addresses: list[str] = []
        for column, tag, kind in WOS_COLUMNS:
            found = values.get(tag)
            if found is None:
                continue
            if kind == TEXT:
                record[column] = clean(found)
            elif kind == LIST:
                record[column] = join_list(found)
            elif kind == ITEMS:
                if column == "affiliations":
                    if self.source_format == TAB:
                        addresses = [address(item) for item in items(found)]
                    else:
                        addresses = line_addresses(found)
                else:
                    record[column] = text.join_multi(items(found))
            else:
                record[column] = to_int(found, column, self.log, raw.line)
        if not record.get("authors"):
            for tag in WOS_FALLBACK_AUTHORS:
                if tag in values:
                    record["authors"] = text.join_multi(items(values[tag]))
                    break
        record["affiliations"], record["countries"] = summarise_addresses(addresses)
        begin, end = clean(values.get("BP", "")), clean(values.get("EP", ""))
        if begin and end and begin != end:
            record["pages"] = f"{begin}-{end}"
        else:
            record["pages"] = begin or end or clean(values.get("AR", ""))
        set_year(record, values.get("PY", ""), values.get("EY", ""), values.get("EA", ""))
        return record

    # ----------------------------------------------------------------- RIS

    # ----------------------------------------------------------------- all formats

    def _finish(self, record: Record, line: int) -> Record:
        for column in _STRING_COLUMNS:
            value = record.get(column)
            record[column] = "" if value is None else value
        record["doc_type_norm"] = normalise("doc_type", str(record["doc_type"]))
        record["language_norm"] = normalise("language", str(record["language"]))
        for column in _INT_COLUMNS:
            record.setdefault(column, None)
        ut = str(record["ut"])
        doi = text.normalise_doi(record["doi"])
        pmid = text.normalise_pmid(record["pmid"])
        record["doi"], record["pmid"] = doi, pmid
        record["issn"] = text.normalise_issn(record["issn"])
        record["eissn"] = text.normalise_issn(record["eissn"])
        wos_format = self.source_format in (PLAINTEXT, TAB, BIBTEX)
        # the database whose accession numbers `ut` holds: a RIS reader says which (`DB`/`DP`)
        numbered_by = str(record.pop(ACCESSION_DATABASE, record["database"]) or "")
        accession = accession_record_id(ut, "WOS" if wos_format else numbered_by, pmid)
        # BibTeX: title, authors and source as read before LaTeX math and `#` were (None: the same)
        before: tuple[str, str, str] | None = record.pop(DECODED_BEFORE, None)  # type: ignore[assignment]
        record_id = accession or self.entry_ids.next_id(
            content_hash(
                record["title"],
                record["year"],
                record["authors"],
                record["source_title"],
                record["volume"],
                record["pages"],
            ),
            ""
            if before is None
            else content_hash(
                before[0], record["year"], before[1], before[2], record["volume"], record["pages"]
            ),
        )
        if not accession and self.entry_ids.before != record_id:
            self.log.warn(
                line,
                f"record_id {record_id} was {self.entry_ids.before} before BibTeX values had "
                "their LaTeX math and symbols decoded ({$>$}65, $\\alpha$, {\\textgreater}) "
                "and their parts joined where `#` joins them: in decision, appraisal, code and "
                f"verdict files written before, replace {self.entry_ids.before} with {record_id}",
            )
        if not record["database"]:
            if accession:
                record["database"] = ut_database(accession)
            elif wos_format:
                record["database"] = "WOS"
            else:
                record["database"] = UNNAMED_DATABASE
        if not accession and wos_format:
            self.log.warn(
                line,
                f"no UT (accession number): record_id {record_id} made from its title, year, "
                "author and source",
            )
        if not wos_format and not any(record[column] for column in _WHAT_NAMES_A_RECORD):
            # an item with only its type (`TY  - JOUR` … `ER  -`, `@article{key,}`): counted
            # among the records identified like any other, so it is said, not kept quiet (a Web
            # of Science one is said above, "no UT", as on the column-wise path)
            self.log.warn(
                line,
                "a record with no title, author, year, source or identifier (only its type?): "
                "read and counted; delete it from the export if it is no publication",
            )
        record["record_id"] = record_id
        record["source_file"] = self.source_file
        record["source_format"] = self.source_format
        record["source_line"] = line
        record["search_run"] = self.search_run
        return record


def set_year(record: Record, py: str, ey: str, ea: str) -> None:
    """Set `year` and `year_source` from PY, else EY, else the year in EA (Web of Science's tags;
    BibTeX's `year` and `earlyaccessdate` in their places)."""
    for source, value in (("PY", py), ("EY", ey), ("EA", ea)):
        year = year_in(value) if value else None
        if year is not None:
            record["year"] = year
            record["year_source"] = source
            return


def _tab_items(value: str) -> list[str]:
    """Items of a tab-delimited cell: `;`-separated, but not inside `[…]` (C1 author lists)."""
    parts = _SEMICOLON_OUTSIDE_BRACKETS.split(value)
    return [item for item in (clean(part) for part in parts) if item]
