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

`ris_record` gives a raw record's canonical columns (`records.RecordBuilder` finishes them): the
database from the accession number's prefix, `DB`/`DP`, the export header or a link; the
accession number from `AN` or a link (Scopus EID, Embase, Lens, Ovid); the year from PY, else
the year in DA or C6 (a PY without a year is warned about); the DOI and PubMed ID wherever a
producer writes them.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from typing import Final

from metasynth import text
from metasynth.ingest.base import HEADER_TAG, NUMBER_TAG, TRAILER_TAG, FileLog, RawRecord
from metasynth.ingest.detect import EXPORT_HEADER_LINE, RIS, TextSource
from metasynth.ingest.identity import (
    SCOPUS_EID,
    UT_PREFIX,
    accession_id,
    normalise_ut,
    ut_database,
)
from metasynth.ingest.records import (
    ACCESSION_DATABASE,
    UNNAMED_DATABASE,
    Record,
    RecordBuilder,
)
from metasynth.ingest.tags import (
    EBSCO_DATABASES,
    RIS_ABSTRACT,
    RIS_AUTHORS,
    RIS_DATABASES,
    RIS_PUBLISHER,
    RIS_SOURCE,
    RIS_TITLE,
)
from metasynth.ingest.values import (
    DIGITS,
    address,
    clean,
    countries,
    distinct,
    issns,
    left_out_issns,
    short_name,
    year_in,
)
from metasynth.ingest.vocabulary import UNKNOWN, normalise

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


# --------------------------------------------------------------------------- canonical records


_PMID_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d+)")
_PMID_NOTE = re.compile(r"\bPMID:?\s*(\d+)", re.IGNORECASE)
# a DOI in a link: a resolver's path, or an OpenURL's `rft_id=info:doi/…` or `doi=` (percent
# decoded first), ending where the URL's query goes on (`&`, `?`, `#`)
_DOI_URL = re.compile(r"(?:doi\.org/|info:doi/|[?&]doi=)(10\.\d{4,9}/[^\s&?#]+)", re.IGNORECASE)
_URL_QUERY = re.compile(r"https?://\S*[?&]", re.IGNORECASE)
_WOS_RIS_COUNTS: Final = (
    ("times_cited", re.compile(r"Times Cited in Web of Science Core Collection:\s*(\d+)")),
    ("times_cited_all", re.compile(r"Total Times Cited:\s*(\d+)")),
    ("cited_ref_count", re.compile(r"Cited Reference Count:\s*(\d+)")),
)
_EMBASE_ID: Final = re.compile(r"embase\.com/.*[?&]id=(L\d+)", re.IGNORECASE)
_LENS_ID: Final = re.compile(
    r"\blens\.org/(?:lens/scholar/article/)?(\d{3}(?:-\d{3}){3}-\d{2}[0-9X])\b"
)
# Ovid's full-text link names its database segment (D=) and the record's accession number (AN=)
# (the whole AN: APA PsycInfo's `2019-65183-001` is no number, and its first digits no accession;
# ERIC's `EJ389705`; EndNote may glue the next link on: `AN=621235634http://…`)
_OVID_LINK: Final = re.compile(
    r"ovid\.com/\S*?[?&]D=([a-z]+)\S*?&AN=([a-z]{0,2}\d+(?:-\d+)*)", re.IGNORECASE
)
_OVID_SEGMENTS: Final = (
    ("em", "Embase"),
    ("med", "MEDLINE"),
    ("prem", "MEDLINE"),
    ("pmnm", "PubMed"),  # Ovid MEDLINE's PubMed-not-MEDLINE records, numbered by their PMID
    ("psy", "PsycINFO"),
)


def ris_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one RIS record (`records.RecordBuilder` finishes them)."""
    values: dict[str, list[str]] = {}
    for tag, value in raw.fields:
        values.setdefault(tag, []).append(value)

    def first(*tags: str) -> str:
        for tag in tags:
            for value in values.get(tag, ()):
                if value.strip():
                    return value
        return ""

    def lines(*tags: str) -> list[str]:
        return [
            line.strip()
            for tag in tags
            for value in values.get(tag, ())
            for line in value.split("\n")
            if line.strip()
        ]

    record: Record = {}
    accession = clean(first("AN"))
    if accession.lower().startswith("http"):
        accession = ""
    if NUMBER_TAG in values and not UT_PREFIX.match(accession):
        # Ovid RIS: the accession number is ID (or AN), numbered by DB
        accession = accession_id(first("DB"), clean(first("AN", "ID")))
    prefixed = accession if UT_PREFIX.match(accession) else ""
    database = _ris_database(values, prefixed)
    record["database"] = database
    record["ut"], record[ACCESSION_DATABASE] = _ris_accession(values, accession)
    if database == UNNAMED_DATABASE and record["ut"] and record[ACCESSION_DATABASE]:
        # named by nothing but the accession number in its link (Ovid's `D=psyc16&AN=…`)
        database = record["database"] = str(record[ACCESSION_DATABASE])
    record["title"] = clean(first(*RIS_TITLE))
    # AU first; A1 only without AU (WOS RIS writes group authors there).
    authors = next((lines(tag) for tag in RIS_AUTHORS if lines(tag)), [])
    record["authors"] = text.join_multi([short_name(name, given_first=False) for name in authors])
    record["source_title"] = clean(first(*RIS_SOURCE))
    if not record["source_title"] and clean(first("TY")).upper() in ("CONF", "CPAPER"):
        record["source_title"] = clean(first("C3"))  # Zotero: proceedings title
    record["volume"] = clean(first("VL"))
    record["issue"] = clean(first("IS"))
    begin, end = clean(first("SP")), clean(first("EP"))
    if begin and end and "-" not in begin and begin != end:
        record["pages"] = f"{begin}-{end}"
    else:
        record["pages"] = begin or end or clean(first("C7"))
    record["doc_type"] = _ris_doc_type(clean(first("M3")), clean(first("PT")), clean(first("TY")))
    record["language"] = clean(first("LA"))
    record["abstract"] = clean(first(*RIS_ABSTRACT))
    keywords = [part.strip() for line in lines("KW") for part in line.split(";")]
    keywords = [keyword for keyword in keywords if keyword]
    if database == "WOS":
        # WOS RIS writes author keywords, then Keywords Plus (always upper case), as KW.
        split = len(keywords)
        while split > 0 and keywords[split - 1] == keywords[split - 1].upper():
            split -= 1
        record["author_keywords"] = text.join_multi(keywords[:split])
        record["keywords_plus"] = text.join_multi(keywords[split:])
        record["early_access"] = clean(first("C6"))
        notes = "\n".join(values.get("N1", ()))
        for column, pattern in _WOS_RIS_COUNTS:
            match = pattern.search(notes)
            if match:
                record[column] = int(match.group(1))
    else:
        record["author_keywords"] = text.join_multi(keywords)
    addresses = [address(line) for line in lines("AD")]
    record["affiliations"] = text.join_multi(distinct(addresses))
    record["countries"] = text.join_multi(countries(addresses))
    record["issn"], record["eissn"] = issns(lines("SN"))
    _warn_left_out_issns(lines("SN"), record, raw.line, log)
    record["publisher"] = clean(first(*RIS_PUBLISHER))
    record["doi"] = _ris_doi(values)
    record["pmid"] = _ris_pmid(values, database, accession)
    if not record["pmid"] and record[ACCESSION_DATABASE] in ("PubMed", "MEDLINE"):
        record["pmid"] = text.normalise_pmid(str(record["ut"]))  # Ovid's link: `AN=35507935`
    _set_ris_year(record, first, raw.line, log)
    return record


def _set_ris_year(record: Record, first: Callable[..., str], line: int, log: FileLog) -> None:
    """`year` and `year_source` from PY (or Y1), else DA, else C6 (early access). A PY that
    holds no year (TRID has been seen writing `PY  - Start date`) is said, with
    where the year came from instead, so the reader of the log can correct the record."""
    py = first("PY", "Y1")
    year = year_in(py) if py else None
    if year is not None:
        record["year"], record["year_source"] = year, "PY"
        return
    for source, tag in (("DA", "DA"), ("EA", "C6")):
        year = year_in(first(tag))
        if year is not None:
            record["year"], record["year_source"] = year, source
            break
    if py:
        instead = (
            f"the year {record['year']} was taken from {tag}"
            if year is not None
            else "the record has no year"
        )
        log.warn(line, f"PY {py!r} holds no year: {instead}; correct the record's PY line")


def _warn_left_out_issns(lines: list[str], record: Record, line: int, log: FileLog) -> None:
    """Say which ISSNs of an SN line the record could not keep (see `left_out_issns`)."""
    kept = (str(record["issn"] or ""), str(record["eissn"] or ""))
    left_out = left_out_issns(lines, kept)
    if left_out:
        shown = ", ".join(left_out[:5]) + (
            f" and {len(left_out) - 5} more" if len(left_out) > 5 else ""
        )
        log.warn(
            line,
            f"SN holds more ISSNs than a record keeps (one ISSN, one eISSN): kept "
            f"{kept[0] or '-'} and {kept[1] or '-'}, not {shown}; if these name another "
            "journal, correct the record's SN line",
        )


def _ris_database(values: dict[str, list[str]], ut: str) -> str:
    """The database a RIS record names: its accession number's prefix, else its own `DB`
    or `DP`, else the export's header (`Database: APA PsycInfo`; a name not in
    `RIS_DATABASES` as written), else a link (which names where the record points, not
    always where it came from), else `WOS` for Web of Science's own tags."""
    if ut:
        return ut_database(normalise_ut(ut))
    named = _ebsco_database(values) or _named_database(values.get("DB", []) + values.get("DP", []))
    if named:
        return named
    for header in values.get(HEADER_TAG, ()):
        for line in header.split("\n"):
            key, _, value = line.partition(":")
            if key.strip().lower() == "database" and clean(value):
                return _named_database([value]) or clean(value)
    named = _named_database(values.get("UR", []))
    if named:
        return named
    if "WE" in values or "J9" in values:
        return "WOS"
    return UNNAMED_DATABASE


def _ris_accession(values: dict[str, list[str]], accession: str) -> tuple[str, str]:
    """The accession number of a RIS record as exported, and the database it numbers.

    `AN` (a Web of Science `WOS:…`, a PMID, an Embase or CINAHL number …) belongs to the
    database named by `DB` or `DP`; a Scopus EID, an Embase id, a Lens ID (`lens.org/000-…`)
    or an Ovid record's accession number (its full-text link's `D=emexa&AN=…`) may appear
    only in the record's URL. The
    database named by a URL alone is not trusted to number `AN` (an EndNote record may link
    to PubMed whatever it came from).
    """
    named = _ebsco_database(values)
    for tag in ("DB", "DP") if not named else ():
        for value in values.get(tag, ()):
            lowered = value.lower()
            named = next((name for needle, name in RIS_DATABASES if needle in lowered), "")
            if named:
                break
        if named:
            break
    if accession:
        return accession, named
    for tag in ("UR", "L2", "L1", "LK"):
        for value in values.get(tag, ()):
            for pattern, name in (
                (SCOPUS_EID, "Scopus"),
                (_EMBASE_ID, "Embase"),
                (_LENS_ID, "Lens"),
            ):
                match = pattern.search(value)
                if match:
                    return match.group(1), name
            ovid = _OVID_LINK.search(value)
            segment = ovid.group(1).lower() if ovid else ""
            for start, name in _OVID_SEGMENTS:
                if ovid and segment.startswith(start):
                    return ovid.group(2), name
    return "", named


def _ris_doi(values: dict[str, list[str]]) -> str:
    for value in values.get("DO", ()):
        doi = text.normalise_doi(value)
        if doi:
            return doi
    # EBSCOhost (CINAHL, PsycInfo, Academic Search, …) writes the DOI in `L3` and no `DO`
    for tag in ("L3", "UR", "L2", "M3"):
        for value in values.get(tag, ()):
            found = urllib.parse.unquote(value) if tag != "M3" else value
            match = _DOI_URL.search(found) if tag != "M3" else None
            if match is None and _URL_QUERY.search(found):
                continue  # a link whose query holds no DOI (its other parameters are not one)
            doi = text.normalise_doi(match.group(1) if match else value)
            if doi:
                return doi
    return ""


def _ris_pmid(values: dict[str, list[str]], database: str, accession: str) -> str:
    for value in [*values.get("PM", ()), *values.get("PMID", ())]:  # PMID: APA PsycInfo
        if text.normalise_pmid(value):
            return text.normalise_pmid(value)
    if database in ("PubMed", "MEDLINE") and DIGITS.match(accession):
        return text.normalise_pmid(accession)
    for value in values.get("C2", ()):
        if DIGITS.match(value):  # Scopus writes the PubMed ID here (EndNote a PMCID)
            return text.normalise_pmid(value)
    for tag in ("UR", "L2"):
        for value in values.get(tag, ()):
            match = _PMID_URL.search(value)
            if match:
                return text.normalise_pmid(match.group(1))
    for tag in ("N1", "M2", "AN", "C2"):  # C2: `PMID:n`, as `metasynth export` writes it
        for value in values.get(tag, ()):
            match = _PMID_NOTE.search(value)
            if match:
                return text.normalise_pmid(match.group(1))
    return ""


def _ebsco_database(values: dict[str, list[str]]) -> str:
    """The database an EBSCOhost record's `DB` code names (`psyh` → PsycINFO), or ""."""
    return next(
        (
            EBSCO_DATABASES[code]
            for v in values.get("DB", ())
            if (code := v.strip().lower()) in EBSCO_DATABASES
        ),
        "",
    )


def _named_database(values: Iterable[str]) -> str:
    """The first database (`RIS_DATABASES`) any of the values names, or ""."""
    for value in values:
        lowered = value.lower()
        for needle, name in RIS_DATABASES:
            if needle in lowered:
                return name
    return ""


def _ris_doc_type(m3: str, pt: str, ty: str) -> str:
    """The document type of a RIS record: M3 (Scopus, Embase: "Article"), unless it is no type
    the vocabulary knows (Ovid writes a classification code there, ProQuest the degree), then
    PT (Ovid), then the reference type TY ("JOUR")."""
    for value in (m3, pt):
        if value and normalise("doc_type", value) != UNKNOWN:
            return value
    return ty or m3 or pt


def ris_record_id(fields: Iterable[tuple[str, str]]) -> str:
    """The record_id `metasynth ingest` gives a RIS record with these (tag, value) pairs, as the
    first entry of a run with its content (for tools that write exports, such as the synthetic
    corpus generator)."""
    builder = RecordBuilder("", RIS, "", FileLog(""), ris_record)
    return str(builder.build(RawRecord(1, list(fields)))["record_id"])
