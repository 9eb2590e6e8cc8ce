"""EndNote tagged exports (Refer: `.enw`, `.txt`) → raw and canonical records.

EndNote's "EndNote Export"/"Refer" style, Google Scholar's and many publishers' "EndNote"
buttons (AIS eLibrary among them) write one field per line as `%` and a one-character tag, a
space and the value (`%0 Journal Article`, `%T title`, `%A Guo, Wenbo`); a record ends at a
blank line. A value that goes on continues on the lines that follow without a tag (an abstract
in paragraphs may hold a blank line: a blank line followed by a line without a tag continues
the value). Every tag is kept in the fields table, continuation lines joined by "\\n".

The canonical columns come from `tags.ENDNOTE_COLUMNS`. An EndNote record has no accession
number of its own: `%M` (accession number) is one only when `%~` or `%W` names its database
(`identity.accession_record_id`), otherwise the record_id is a content id (`h:…`).
Reported, never dropped: text before the first record, a record with no title, a record that
follows another without a blank line (its first tag — every record of an export starts with
the same one — read again), a byte-order mark inside the file (stripped: two exports joined).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

from metasynth import text
from metasynth.ingest.base import FileLog, RawRecord
from metasynth.ingest.detect import TextSource
from metasynth.ingest.identity import accession_record_id
from metasynth.ingest.records import UNNAMED_DATABASE, Record
from metasynth.ingest.tags import ENDNOTE_COLUMNS, ITEMS, LIST, RIS_DATABASES
from metasynth.ingest.values import address, clean, countries, distinct, issns, short_name, year_in

_TAG_LINE: Final = re.compile(r"^%([0-9A-Za-z@!#$&()*+^~<>\[\]|?=])(?: (.*)|\s*)$", re.DOTALL)
_DOI: Final = re.compile(r"10\.\d{4,9}/\S+")
_SPACE_BEFORE_ISSN: Final = re.compile(r"\s+(?=\d{4}-?\d{3}[\dXx](?:\s|\(|$))")


def parse_endnote(source: TextSource, log: FileLog) -> Iterator[RawRecord]:
    """The records of an EndNote tagged file, one at a time, in file order."""
    fields: list[tuple[str, list[str]]] = []
    start = 0
    blank = 0  # blank lines after the last value: kept if a continuation line follows
    line_no = 0
    stray: list[int] = []
    ended = True  # the file's last line has its line end (a cut file's has not)
    for chunk in source.chunks():
        lines = chunk.split("\n")
        ended = chunk.endswith("\n")
        if ended:
            lines.pop()
        for line in lines:
            line_no += 1
            if line.startswith("\ufeff"):
                # a BOM inside the file (`cat a.enw b.enw`) would hide the record's first tag
                line = line.lstrip("\ufeff")
                if line_no > 1:
                    log.warn(line_no, "a byte-order mark inside the file (two exports joined?)")
            match = _TAG_LINE.match(line)
            if match is not None:
                # every record of an export starts with the same tag (`%0`; AIS: `%T`): that
                # tag again without a blank line before it is a record whose blank line is lost
                again = bool(fields) and not blank and match.group(1) == fields[0][0]
                if again:
                    log.warn(
                        line_no,
                        f"%{match.group(1)} again with no blank line before it: read as the "
                        "start of the next record (a line lost or repeated?)",
                    )
                if fields and (blank or again):
                    yield RawRecord(start, [(tag, "\n".join(part)) for tag, part in fields])
                    fields = []
                if not fields:
                    log.records_found += 1
                    start = line_no
                fields.append((match.group(1), [match.group(2) or ""]))
                blank = 0
            elif not line.strip():
                blank += 1
            elif fields:
                fields[-1][1].extend([""] * blank)
                fields[-1][1].append(line)
                blank = 0
            else:
                stray.append(line_no)
    if fields:
        if not ended and not blank:
            log.warn(
                start,
                f"the file ends (line {line_no}) in the middle of a line of the record that "
                "starts here: the export may be cut short; kept, check its last field",
            )
        yield RawRecord(start, [(tag, "\n".join(part)) for tag, part in fields])
    if stray:
        log.warn(
            stray[0],
            f"{len(stray)} line(s) outside any record (an export header?) are not read",
        )


def endnote_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one EndNote tagged record."""
    missing_title = "an EndNote record without a title (%T): check the record"
    return endnote_columns(raw.fields, log, raw.line, missing_title)


def endnote_columns(
    fields: Iterable[tuple[str, str]], log: FileLog, line: int, missing_title: str
) -> Record:
    """The canonical columns of an EndNote record given as (tagged-export tag, value) pairs:
    a tagged record's own, or an EndNote XML record's elements as the tags they are
    (`endnote_xml`); `missing_title` is the warning for a record without a title."""
    values: dict[str, list[str]] = {}
    for tag, value in fields:
        values.setdefault(tag, []).append(value)
    record: Record = {}
    for column, tags, kind in ENDNOTE_COLUMNS:
        found = [value for tag in tags for value in values.get(tag, ()) if value.strip()]
        if not found:
            continue
        if kind == ITEMS:  # one per line (EndNote writes keywords so) or one per tag
            items = [clean(part) for value in found for part in re.split(r"[\n;]", value)]
            record[column] = text.join_multi(distinct(items))
        elif kind == LIST:
            record[column] = text.join_multi(distinct(clean(value) for value in found))
        else:
            record[column] = clean(found[0])
    names = values.get("A", [])
    record["authors"] = text.join_multi([short_name(name, given_first=False) for name in names])
    addresses = [address(line) for value in values.get("+", []) for line in value.split("\n")]
    record["affiliations"] = text.join_multi(distinct(addresses))
    record["countries"] = text.join_multi(countries(addresses))
    # one ISSN a line (EndNote), or two on one line separated by a space (Zotero)
    issn_lines = [
        part
        for value in values.get("@", [])
        for value_line in value.split("\n")
        for part in _SPACE_BEFORE_ISSN.split(value_line)
    ]
    record["issn"], record["eissn"] = issns(issn_lines)
    record["doi"] = _doi(values)
    named = _database(values, ("~", "W"))
    record["database"] = named or _database(values, ("U",)) or UNNAMED_DATABASE
    accession = clean(next(iter(values.get("M") or [""])))
    record["ut"] = accession_record_id(accession, named) if accession and named else ""
    if str(record["ut"]).startswith("PMID:"):
        record["pmid"] = str(record["ut"]).removeprefix("PMID:")
    for tag in ("D", "8"):
        year = year_in(next(iter(values.get(tag) or [""])))
        if year is not None:
            record["year"], record["year_source"] = year, "PY" if tag == "D" else "DA"
            break
    if not record.get("title"):
        log.warn(line, missing_title)
    return record


def _database(values: dict[str, list[str]], tags: tuple[str, ...]) -> str:
    """The database `%~` (database name), `%W` (provider) or a link names, or ""."""
    for tag in tags:
        for value in values.get(tag, ()):
            lowered = value.lower()
            found = next((name for needle, name in RIS_DATABASES if needle in lowered), "")
            if found:
                return found
    return ""


def _doi(values: dict[str, list[str]]) -> str:
    """`%R` (EndNote's DOI field), else a DOI in the record's link (`%U`)."""
    for tag in ("R", "U"):
        for value in values.get(tag, ()):
            match = _DOI.search(value)
            doi = text.normalise_doi(match.group(0) if match else value if tag == "R" else "")
            if doi:
                return doi
    return ""
