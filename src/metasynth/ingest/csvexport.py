"""CSV exports of Scopus, Embase (embase.com), OpenAlex, Dimensions, IEEE Xplore, SpringerLink,
Lens.org and Zotero → raw and canonical records.

Each file is read with Python's `csv` module (quoted cells may hold commas and line breaks),
one row at a time: the header row is found among the first lines by its column names
(`detect.CSV_SIGNATURES`; Embase writes its search query and a rule of dashes above it, and
Dimensions a line "About the data: Exported on …, Criteria: …", which are not records), and
every later row is one record, starting at the line its first cell is on.
Every non-empty cell is kept in the fields table under its column name; the canonical columns
come from `tags.CSV_COLUMNS`. The record_id is the database's accession number: Scopus `EID`
(`SCOPUS:2-s2.0-…`), Embase `PUI` (`EMBASE:L…`), OpenAlex `id` (`OPENALEX:W…`), Dimensions
`Publication ID` (`DIMENSIONS:pub.…`), IEEE Xplore the arnumber in `PDF Link` (`IEEE:…`), Lens
`Lens ID` (`LENS:…`);
SpringerLink's CSV has none (a content id, `h:…`).

Reported, never dropped: a row above the header with more than two cells (a record out of
place), a row with more cells than the header (the extra cells kept under an
empty tag) or fewer (the rest left empty), a row without its accession number.
"""

from __future__ import annotations

import csv
import html
import re
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Final

from metasynth import text
from metasynth.errors import InputError
from metasynth.ingest.base import FileLog, RawRecord
from metasynth.ingest.detect import (
    DIMENSIONS_CSV,
    EMBASE_CSV,
    IEEE_CSV,
    LENS_CSV,
    OPENALEX_CSV,
    SCOPUS_CSV,
    SPRINGER_CSV,
    ZOTERO_CSV,
    TextSource,
    csv_format_of,
)
from metasynth.ingest.identity import accession_id
from metasynth.ingest.records import UNNAMED_DATABASE, Record
from metasynth.ingest.tags import COMMA, CSV_COLUMNS, INT, PIPE, RIS_DATABASES, SEMI
from metasynth.ingest.values import (
    address,
    clean,
    countries,
    distinct,
    issns,
    name_with_initials,
    short_name,
    to_int,
    year_in,
)
from metasynth.tables import csv_reader

_SEPARATORS: Final = {SEMI: ";", PIPE: "|", COMMA: ","}
_EID_IN_URL: Final = re.compile(r"[?&]eid=([^&\s]+)")
_ARNUMBER: Final = re.compile(r"[?&]arnumber=(\d+)")
_ZOTERO_PMID: Final = re.compile(r"(?:^|\s)PMID:\s*(\d+)")
_EMBASE_SOURCE: Final = re.compile(
    r"^(?P<source>.+?) \((?P<year>\d{4})\)(?: (?P<volume>[^:( ]+)(?::(?P<issue>[^ (]+))?)?"
    r"(?: \((?P<pages>[^)]*)\))?(?:\.|$)"
)
_GLUED: Final = re.compile(r"[a-zß-ÿ.](?=[A-ZÀ-Þ])")
_GLUED_PREFIXES: Final = frozenset({"Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von"})
# Embase writes its search query ("SEARCH QUERY","…") and a rule of dashes above the header: a
# row above it with more cells than that is a record out of place
_PREAMBLE_CELLS: Final = 2


def _lines(source: TextSource) -> Iterator[str]:
    """The file's lines with their "\\n" (the csv module joins those of a quoted cell)."""
    for chunk in source.chunks():
        parts = chunk.split("\n")
        for part in parts[:-1]:
            yield part + "\n"
        if parts[-1]:
            yield parts[-1]


def _header_cell(cell: str) -> str:
    """A header cell as named: a byte-order mark in front (a second export joined with `cat`)
    leaves the cell's quotes in it, `\ufeff"Authors"`; both go."""
    name = cell.strip()
    if name.startswith("\ufeff"):
        name = name.lstrip("\ufeff")
        if len(name) > 1 and name[0] == name[-1] == '"':
            name = name[1:-1]
    return name


def parse_csv(source: TextSource, log: FileLog) -> Iterator[RawRecord]:
    """The records of a CSV export, one per row after the header, in file order."""
    reader = csv_reader(_lines(source))
    names: list[str] = []
    wanted = source.sniffed.format
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not names:
                cells = [_header_cell(cell) for cell in row]
                if csv_format_of(set(cells)) == wanted:
                    names = cells
                elif sum(bool(cell) for cell in cells) > _PREAMBLE_CELLS:
                    log.warn(
                        line,
                        f"a row of {len(cells)} cells above the header row is not read as a "
                        "record (a row moved above the header, or the header damaged?)",
                    )
                continue
            if not any(cell.strip() for cell in row):
                continue
            if [_header_cell(cell) for cell in row] == names:
                log.warn(line, "the header row repeated here (two exports joined?): not a record")
                continue
            log.records_found += 1
            yield RawRecord(line, _fields(names, row, line, log))
    except csv.Error as exc:
        closed = "expected after" in str(exc)  # text after a closing quote, not an open one
        raise InputError(
            f"the CSV cannot be read past here ({exc})",
            file=log.source_file,
            line=start,
            hint=(
                "a quoted cell is followed by more text before the next separator (the file "
                "was edited, or spaces were added at line ends): export the records again"
                if closed
                else "a quote is not closed: export the records again"
            ),
        ) from None


def _fields(names: list[str], row: list[str], line: int, log: FileLog) -> list[tuple[str, str]]:
    width = len(names)
    if len(row) > width and any(cell.strip() for cell in row[width:]):
        log.warn(
            line,
            f"{text.plural(len(row), 'cell')} but the header names "
            f"{text.plural(width, 'column')}: the extra cells are kept in the fields table under "
            "an empty tag",
        )
    elif len(row) < width:
        log.warn(line, f"only {len(row)} of {width} columns: the missing columns are left empty")
    fields = [(name, cell) for name, cell in zip(names, row, strict=False) if cell.strip()]
    fields.extend(("", cell) for cell in row[width:] if cell.strip())
    return log.without_formula_errors(line, fields)


# --------------------------------------------------------------------------- canonical records


def _split(value: str, separator: str) -> list[str]:
    return [part for part in (clean(item) for item in value.split(separator)) if part]


def _columns(raw: RawRecord, table_of: str, log: FileLog) -> tuple[dict[str, str], Record]:
    """(cell by column name, the canonical columns its format's table reads straight)."""
    values = dict(raw.fields)
    record: Record = {}
    table = CSV_COLUMNS[table_of]
    for column, names, kind in table:
        found = next((values[name] for name in names if values.get(name, "").strip()), None)
        if found is None:
            continue
        if kind in _SEPARATORS:
            parts = _split(found, _SEPARATORS[kind])
            if column == "affiliations":
                record["countries"] = text.join_multi(countries(parts))
            record[column] = text.join_multi(distinct(parts))
        elif kind == INT:
            record[column] = to_int(found, column, log, raw.line)
        else:
            record[column] = clean(found)
    return values, record


def _pages(begin: str, end: str, number: str = "") -> str:
    begin, end = clean(begin), clean(end)
    if begin and end and begin != end:
        return f"{begin}-{end}"
    return begin or end or clean(number)


def scopus_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one row of a Scopus CSV export."""
    values, record = _columns(raw, SCOPUS_CSV, log)
    eid = clean(values.get("EID", ""))
    if not eid:
        match = _EID_IN_URL.search(values.get("Link", ""))
        eid = match.group(1) if match else ""
    record["ut"] = accession_id("Scopus", eid)
    record["database"] = "Scopus"
    authors = values.get("Authors", "")
    names = _split(authors, ";") if ";" in authors else _split(authors.replace(".,", ".;"), ";")
    record["authors"] = text.join_multi([name_with_initials(name) for name in names])
    record["pages"] = _pages(
        values.get("Page start", ""), values.get("Page end", ""), values.get("Art. No.", "")
    )
    record["issn"] = text.normalise_issn(values.get("ISSN", ""))
    _year(record, values.get("Year", ""), "PY")
    _warn_without_id(record, raw, log, "EID")
    return record


def embase_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one row of an Embase (embase.com) CSV export."""
    values, record = _columns(raw, EMBASE_CSV, log)
    record["ut"] = accession_id("Embase", clean(values.get("PUI", "")))
    record["database"] = "Embase"
    names = _split(values.get("Author Names", "").replace(".,", ".;"), ";")
    record["authors"] = text.join_multi([name_with_initials(name) for name in names])
    found = [address(part) for part in values.get("Author Addresses", "").split(". ,")]
    found = [re.sub(r"^\([^)]*\)\s*", "", part).rstrip(". ") for part in found if part.strip()]
    record["affiliations"] = text.join_multi(distinct(found))
    record["countries"] = text.join_multi(countries(found))
    record["pages"] = _pages(values.get("First Page", ""), values.get("Last Page", ""))
    record["issn"], record["eissn"] = issns(_split(values.get("ISSN", ""), ","))
    _year(record, values.get("Publication Year", ""), "PY")
    if "Source title" not in values and values.get("Source", "").strip():
        _embase_source(record, values)
    _warn_without_id(record, raw, log, "PUI")
    return record


def _embase_source(record: Record, values: dict[str, str]) -> None:
    """The older embase.com CSV: `Source` "Cancer (2004) 102:4 (253-258). Date of Publication:
    25 Aug 2004" holds the source, year, volume, issue and pages; its `Open URL Link` the DOI
    (`id=doi:10.1002%2Fcncr.20369`) and the ISSN."""
    match = _EMBASE_SOURCE.match(clean(values["Source"]))
    if match is None:
        record["source_title"] = clean(values["Source"])
        return
    record["source_title"] = match.group("source")
    record["volume"], record["issue"] = match.group("volume") or "", match.group("issue") or ""
    record["pages"] = match.group("pages") or ""
    _year(record, match.group("year"), "PY")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(values.get("Open URL Link", "")).query)
    found = next((v for v in query.get("id", []) if v.lower().startswith("doi:")), "")
    record["doi"] = record.get("doi") or text.normalise_doi(found[4:])
    record["issn"] = record.get("issn") or text.normalise_issn(query.get("issn", [""])[0])


def openalex_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one row of an OpenAlex CSV export."""
    values, record = _columns(raw, OPENALEX_CSV, log)
    work = clean(values.get("id", "")).rsplit("/", 1)[-1]
    record["ut"] = accession_id("OpenAlex", work)
    record["database"] = "OpenAlex"
    names = _split(values.get("authorships.author.display_name", ""), "|")
    record["authors"] = text.join_multi([short_name(name) for name in names])
    record["pages"] = _pages(
        values.get("biblio.first_page", ""), values.get("biblio.last_page", "")
    )
    _year(record, values.get("publication_year", ""), "PY")
    _warn_without_id(record, raw, log, "id")
    return record


def dimensions_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one row of a Dimensions CSV export."""
    values, record = _columns(raw, DIMENSIONS_CSV, log)
    record["ut"] = accession_id("Dimensions", clean(values.get("Publication ID", "")))
    record["database"] = "Dimensions"
    names = _split(values.get("Authors", ""), ";")
    record["authors"] = text.join_multi([short_name(name, given_first=False) for name in names])
    organisations = _split(values.get("Research Organizations - standardized", ""), ";")
    record["affiliations"] = text.join_multi(distinct(organisations))
    places = _split(values.get("Country of Research organization", ""), ";")
    record["countries"] = text.join_multi(distinct(places))
    _year(record, values.get("PubYear", "") or values.get("Publication Date", ""), "PY")
    _warn_without_id(record, raw, log, "Publication ID")
    return record


def ieee_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one row of an IEEE Xplore CSV export: the search-results layout
    (`Document Title`, `Authors` "B. Mayer; R. Weinreich", `Author Affiliations`, `PDF Link`
    with the arnumber) or the shorter one (`Title`, `Authors` "Joseph Rottman, Erran Carmel",
    `Affiliations`, `Publication`, `Category`). Titles and abstracts hold HTML character
    references (`&#x0027;`), decoded here (the fields table keeps them)."""
    values, record = _columns(raw, IEEE_CSV, log)
    record["title"] = _unescape(values.get("Document Title") or values.get("Title", ""))
    record["abstract"] = _unescape(values.get("Abstract", ""))
    record["source_title"] = clean(values.get("Publication Title") or values.get("Publication", ""))
    authors = values.get("Authors", "")
    names = _split(authors, ";") if ";" in authors else _split(authors, ",")
    record["authors"] = text.join_multi([short_name(name) for name in names])
    if "Author Affiliations" in values:
        places = [part for part in _split(values["Author Affiliations"], ";") if part != "NA"]
        record["affiliations"] = text.join_multi(distinct(places))
        record["countries"] = text.join_multi(countries(places))
    else:  # `Affiliations` separates addresses by commas, as the addresses do their parts
        record["affiliations"] = clean(values.get("Affiliations", ""))
    record["pages"] = _pages(values.get("Start Page", ""), values.get("End Page", ""))
    year = values.get("Publication Year") or values.get("Publication_Year") or values.get("Year")
    _year(record, year or "", "PY")
    match = _ARNUMBER.search(values.get("PDF Link", ""))
    record["ut"] = f"IEEE:{match.group(1)}" if match else ""
    record["database"] = "IEEE Xplore"
    if "PDF Link" in values and not match:
        _warn_without_id(record, raw, log, "arnumber in PDF Link")
    return record


def springer_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one row of a SpringerLink CSV export ("Download search results
    (CSV)"): no accession number (the record_id is a content id), authors written one after the
    other without a separator ("Andy SmithTom Weber")."""
    values, record = _columns(raw, SPRINGER_CSV, log)
    names = _glued_names(values.get("Authors", ""))
    record["authors"] = text.join_multi([short_name(name) for name in names])
    _year(record, values.get("Publication Year", ""), "PY")
    record["ut"] = ""
    record["database"] = "SpringerLink"
    return record


def lens_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one row of a Lens.org scholarly works CSV export: the Lens ID
    (`LENS:000-360-106-493-122`), authors given name first and `; `-separated, ISSNs without
    hyphens (`21945411; 21945403`)."""
    values, record = _columns(raw, LENS_CSV, log)
    record["ut"] = accession_id("Lens", clean(values.get("Lens ID", "")))
    record["database"] = "Lens"
    names = _split(values.get("Author/s", ""), ";")
    record["authors"] = text.join_multi([short_name(name) for name in names])
    record["pages"] = _pages(values.get("Start Page", ""), values.get("End Page", ""))
    record["issn"], record["eissn"] = issns(_split(values.get("ISSNs", ""), ";"))
    _year(record, values.get("Publication Year", "") or values.get("Date Published", ""), "PY")
    _warn_without_id(record, raw, log, "Lens ID")
    return record


def zotero_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one row of Zotero's CSV export ("Export Collection…" › CSV):
    `Author` "Surname, Given; …", two ISSNs in one cell separated by a space, the PubMed ID
    that Zotero's PubMed import writes in `Extra` ("PMID: 35319117"). The `Key` is the Zotero
    library's own and no accession number: the record_id is the PubMed ID, else a content id;
    the database is the one `Library Catalog` names, when it does."""
    values, record = _columns(raw, ZOTERO_CSV, log)
    names = _split(values.get("Author", ""), ";")
    record["authors"] = text.join_multi([short_name(name, given_first=False) for name in names])
    record["issn"], record["eissn"] = issns(values.get("ISSN", "").split())
    _year(record, values.get("Publication Year", "") or values.get("Date", ""), "PY")
    match = _ZOTERO_PMID.search(values.get("Extra", ""))
    pmid = match.group(1) if match else ""
    record["pmid"], record["ut"] = pmid, accession_id("PubMed", pmid)
    catalog = values.get("Library Catalog", "").lower()  # where Zotero found it ("PubMed")
    named = next((name for needle, name in RIS_DATABASES if needle in catalog), "")
    record["database"] = named or UNNAMED_DATABASE
    return record


def _unescape(value: str) -> str:
    return clean(html.unescape(value))


def _glued_names(value: str) -> list[str]:
    """SpringerLink's `Authors` cell split into names: a name ends where a lower-case letter
    (or a full stop) meets a capital, except after a surname prefix such as "Mc" ("John
    McDonaldTom Weber" → "John McDonald", "Tom Weber")."""
    names: list[str] = []
    start = 0
    for match in _GLUED.finditer(value):
        word = value[start : match.end()].rsplit(" ", 1)[-1]
        if word in _GLUED_PREFIXES:
            continue
        names.append(value[start : match.end()])
        start = match.end()
    names.append(value[start:])
    return [name for name in (clean(part) for part in names) if name]


def _year(record: Record, value: str, source: str) -> None:
    year = year_in(value)
    if year is not None:
        record["year"], record["year_source"] = year, source


def _warn_without_id(record: Record, raw: RawRecord, log: FileLog, column: str) -> None:
    if not record["ut"]:
        log.warn(raw.line, f"no {column} (accession number): record_id made from its other fields")


CANONICAL: Final[dict[str, Callable[[RawRecord, FileLog], Record]]] = {
    SCOPUS_CSV: scopus_record,
    EMBASE_CSV: embase_record,
    OPENALEX_CSV: openalex_record,
    DIMENSIONS_CSV: dimensions_record,
    IEEE_CSV: ieee_record,
    SPRINGER_CSV: springer_record,
    LENS_CSV: lens_record,
    ZOTERO_CSV: zotero_record,
}
