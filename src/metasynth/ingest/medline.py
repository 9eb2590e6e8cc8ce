"""PubMed MEDLINE (`.nbib`) and Ovid direct exports (`.ovd`, `.cgi`) → raw and canonical records.

Both formats write one field per line as a tag of up to four characters padded to four, `- `
and the value (`PMID- 30922926`, `AU  - Griffin DK`, `FAU - Griffin, Darren K`); a value that
goes on continues on lines indented by six spaces (PubMed) or, in Ovid's abstracts, on
unindented lines. PubMed separates records by blank lines; Ovid starts each with its number in
the result set (`<3001. >`, kept as the pseudo-tag `@number`) after `VN  - Ovid Technologies`.
Every tag is kept in the fields table, continuation lines joined by "\\n".

The canonical columns come from the tag tables in `tags.py` (`MEDLINE_COLUMNS`,
`OVID_COLUMNS`); the accession number is the record_id: `PMID:<PMID>` for PubMed, and for Ovid
the database's prefix and `UI`/`AN` (`EMBASE:L621381829`, `PMID:…` for Ovid MEDLINE). ERIC
writes the same layout (`OWN - ERIC`): its accession number is `OID` (`ERIC:EJ1131633`, the
number every platform carrying ERIC gives the record) and its DOI a link in `AID`.
Reported, never dropped: text before the first record, a record without its identifier.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Final

from metasynth import text
from metasynth.ingest.base import NUMBER_TAG, FileLog, RawRecord
from metasynth.ingest.detect import MEDLINE, OVID, TextSource
from metasynth.ingest.identity import accession_id
from metasynth.ingest.records import Record
from metasynth.ingest.tags import (
    ITEMS,
    MEDLINE_COLUMNS,
    OVID_COLUMNS,
    RIS_DATABASES,
)
from metasynth.ingest.values import (
    address,
    clean,
    countries,
    distinct,
    issns,
    name_with_initials,
    short_name,
    year_in,
)

_TAG_LINE: Final = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,2}-(?: (.*)|)$", re.DOTALL)
_OVID_NUMBER: Final = re.compile(r"^<(\d+)\.\s*>\s*$")
_DOI_NOTE: Final = re.compile(r"^(\S+)\s*\[doi\]\s*$")
_DOI_LINK: Final = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", re.IGNORECASE)
_ERIC_NUMBER: Final = re.compile(r"^E[DJ]\d+$")
_E_ADDRESS: Final = re.compile(r"\.?\s*Electronic address:.*$", re.IGNORECASE | re.DOTALL)


def _tag_line(line: str) -> tuple[str, str] | None:
    """(tag, value) of a `TAG - value` line. The tag is padded to four characters (`TI  - `,
    `PMID- `), but not always: ERIC writes `ISSN - `, and a tool or an editor that trims runs
    of spaces leaves `TI - ` or `TI- ` (each field was read into the one above it)."""
    match = _TAG_LINE.match(line)
    if match is None:
        return None
    return match.group(1), match.group(2) or ""


def parse_tagged(source: TextSource, log: FileLog) -> Iterator[RawRecord]:
    """The records of a MEDLINE or Ovid file, one at a time, in file order."""
    fields: list[tuple[str, list[str]]] | None = None
    start = 0
    numbered = False  # Ovid: only `<n. >` lines start records; blank lines do not end them
    blank = 0
    stray: list[int] = []
    for line_no, line in source.numbered_lines():
        line = line.lstrip("\ufeff")  # a BOM inside the file: two exports joined
        number = _OVID_NUMBER.match(line)
        tagged = (NUMBER_TAG, number.group(1)) if number else _tag_line(line)
        if tagged is not None and (number or tagged[0] == "PMID" or fields is None):
            if fields is not None:
                _warn_if_alone(start, fields, log)
                yield _raw(start, fields)
            numbered = numbered or number is not None
            log.records_found += 1
            start, fields, blank = line_no, [(tagged[0], [tagged[1]])], 0
        elif tagged is not None and fields is not None:
            fields.append((tagged[0], [tagged[1]]))
            blank = 0
        elif not line.strip():
            if fields is not None and not numbered and fields:
                yield _raw(start, fields)
                fields = None
            blank += 1
        elif fields:
            body = line[6:] if line.startswith("      ") else line.strip()
            fields[-1][1].extend([""] * blank)
            fields[-1][1].append(body)
            blank = 0
        else:
            stray.append(line_no)
    if fields is not None:
        yield _raw(start, fields)
    if stray:
        log.warn(
            stray[0], f"{len(stray)} line(s) outside any record (an export header?) are not read"
        )


def _warn_if_alone(start: int, fields: list[tuple[str, list[str]]], log: FileLog) -> None:
    """A record that is its PMID line alone: a line repeated, or the rest of the record lost."""
    if len(fields) == 1 and fields[0][0] == "PMID":
        log.warn(start, "a PMID line alone, with no other field (a line repeated, or cut?)")


def _raw(start: int, fields: list[tuple[str, list[str]]]) -> RawRecord:
    return RawRecord(start, [(tag, "\n".join(lines)) for tag, lines in fields])


# --------------------------------------------------------------------------- canonical records


def _values(raw: RawRecord) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for tag, value in raw.fields:
        values.setdefault(tag, []).append(value)
    return values


def _columns(
    values: dict[str, list[str]], table: tuple[tuple[str, tuple[str, ...], str], ...]
) -> Record:
    """The columns a tag table reads straight from the tags (the first tag present wins)."""
    record: Record = {}
    for column, tags, kind in table:
        found = next((values[tag] for tag in tags if tag in values), None)
        if found is None:
            continue
        if kind == ITEMS:
            record[column] = text.join_multi(distinct(clean(value) for value in found))
        else:
            record[column] = clean(found[0])
    return record


def _addresses(values: list[str]) -> tuple[str, str]:
    found = [address(_E_ADDRESS.sub("", clean(value))) for value in values]
    return text.join_multi(distinct(found)), text.join_multi(countries(found))


def _doi(values: dict[str, list[str]], tags: tuple[str, ...]) -> str:
    for tag in tags:
        for value in values.get(tag, ()):
            match = _DOI_NOTE.match(value.strip()) or _DOI_LINK.match(value.strip())
            doi = text.normalise_doi(match.group(1) if match else value)
            if doi and (match or tag == "DO"):
                return doi
    return ""


def medline_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one PubMed (or ERIC) MEDLINE record."""
    values = _values(raw)
    record = _columns(values, MEDLINE_COLUMNS)
    if clean(values.get("OWN", [""])[0]).upper() == "ERIC":
        _eric(record, values, raw.line, log)
    else:
        pmid = text.normalise_pmid(values.get("PMID", [""])[0])
        if not pmid:
            log.warn(
                raw.line, "a MEDLINE record without PMID: record_id made from its other fields"
            )
        record["ut"] = f"PMID:{pmid}" if pmid else ""
        record["pmid"] = pmid
        record["database"] = "PubMed"
    names = values.get("FAU") or values.get("AU") or []
    authors = [short_name(name) if "," in name else name_with_initials(name) for name in names]
    record["authors"] = text.join_multi([*authors, *map(clean, values.get("CN", []))])
    record["affiliations"], record["countries"] = _addresses(values.get("AD", []))
    record["doi"] = _doi(values, ("LID", "AID"))
    record["issn"], record["eissn"] = issns(values.get("IS", []))
    _year(record, values, ("DP", "DEP"))
    return record


def _eric(record: Record, values: dict[str, list[str]], line: int, log: FileLog) -> None:
    """ERIC's accession number: `OID`, else the `?id=` of its `LID` link."""
    links = [clean(value) for value in values.get("LID", [])]
    found = [clean(value) for value in values.get("OID", [])]
    found += [link.rsplit("id=", 1)[-1] for link in links if "eric.ed.gov" in link.lower()]
    accession = next((value for value in found if _ERIC_NUMBER.match(value)), "")
    if not accession:
        log.warn(
            line, "an ERIC record without OID (EJ/ED number): record_id made from its other fields"
        )
    record["ut"] = accession_id("ERIC", accession)
    record["pmid"] = ""
    record["database"] = "ERIC"


def ovid_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one record of an Ovid direct export (Embase, MEDLINE, …)."""
    values = _values(raw)
    record = _columns(values, OVID_COLUMNS)
    database = clean(values.get("DB", [""])[0])
    record["database"] = _database_name(database)
    accession = clean(next(iter(values.get("UI") or values.get("AN") or [""])))
    ut = accession_id(database, accession)
    if not ut:
        log.warn(raw.line, "an Ovid record without UI or AN: record_id made from its other fields")
    if ut.startswith("PMID:"):
        record["pmid"] = accession
    record["ut"] = ut
    record["authors"] = text.join_multi([name_with_initials(name) for name in values.get("AU", [])])
    record["affiliations"], record["countries"] = _addresses(values.get("IN", []))
    if not record.get("source_title") and values.get("SO"):
        record["source_title"] = clean(values["SO"][0]).split(". ", 1)[0]
    record["doi"] = _doi(values, ("DO",))
    record["issn"], record["eissn"] = issns(values.get("IS", []))
    _year(record, values, ("YR", "DP", "PY"))
    return record


def _year(record: Record, values: dict[str, list[str]], tags: tuple[str, ...]) -> None:
    for tag in tags:
        year = year_in(values.get(tag, [""])[0])
        if year is not None:
            record["year"], record["year_source"] = year, tag
            return


def _database_name(database: str) -> str:
    lowered = database.lower()
    return next((name for needle, name in RIS_DATABASES if needle in lowered), database)


CANONICAL: Final[dict[str, Callable[[RawRecord, FileLog], Record]]] = {
    MEDLINE: medline_record,
    OVID: ovid_record,
}
