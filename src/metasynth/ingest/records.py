"""Raw records → canonical records: one row of the records table per exported record.

`RecordBuilder.build(raw)` reads the tags of one raw record through its format's tag table
(`tags.py`) and returns the canonical columns of `docs/data-contracts.md` (results/ingest):

- `record_id`: the entry's accession number in its database, else an id of its own made from its
  content (the rules: `identity.py`).
- `year`: PY, else EY, else the year in EA (RIS: PY, else the year in DA or C6).
- `database`: from the accession prefix (`WOS`, `MEDLINE`, …), else what a RIS file names
  (`Scopus`, `PubMed`, …), else `WOS` for Web of Science formats and `unknown` otherwise.
- `authors`: `Surname, Initials` joined by `; ` (BibTeX and RIS names converted).
- `countries`: the last part of each affiliation address, with spellings unified.

Values are normalised by the functions of `values.py`, which the readers of the other formats
(`medline.py`, `csvexport.py`, …) share.

Problems that do not stop the run (no UT in a WOS record, a count that is not a number) go to
the file's `FileLog`.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Final

from metasynth import text
from metasynth.ingest import bibtex as bib
from metasynth.ingest.base import HEADER_TAG, NUMBER_TAG, FileLog, RawRecord
from metasynth.ingest.detect import BIBTEX, GENERIC_BIBTEX, PLAINTEXT, RIS, TAB
from metasynth.ingest.identity import (
    UT_PREFIX,
    EntryIds,
    accession_id,
    accession_record_id,
    content_hash,
    normalise_ut,
    ut_database,
)
from metasynth.ingest.tags import (
    BIBTEX_COLUMNS,
    EBSCO_DATABASES,
    INT,
    ITEMS,
    LIST,
    RIS_ABSTRACT,
    RIS_AUTHORS,
    RIS_DATABASES,
    RIS_PUBLISHER,
    RIS_SOURCE,
    RIS_TITLE,
    TEXT,
    WOS_COLUMNS,
    WOS_FALLBACK_AUTHORS,
)
from metasynth.ingest.values import (
    BRACKETS,
    DIGITS,
    address,
    clean,
    countries,
    distinct,
    issns,
    join_list,
    left_out_issns,
    line_addresses,
    short_name,
    summarise_addresses,
    to_int,
    year_in,
)
from metasynth.ingest.vocabulary import UNKNOWN, normalise

UNNAMED_DATABASE: Final = "unknown"
"""The database of a record its file does not name (ingestion writes its search run's instead)."""

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
_PAGE_DASH = re.compile(r"\s*(?:--|[-–])\s*")
_BIB_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_ACCESSION_DATABASE: Final = "_accession_database"  # a RIS record's key until `_finish`
_DECODED_BEFORE: Final = "_decoded_before"  # a BibTeX record's key until `_finish`
_LATEX_MATH_OR_COMMAND: Final = re.compile(r"[$\\%]")  # what versions before read otherwise
_ID_FIELDS: Final = ("title", "author", "journal", "booktitle", "journaltitle")
_SCOPUS_EID: Final = re.compile(r"scopus\.com/.*[?&]eid=(2-s2\.0-\d+)", re.IGNORECASE)
_EMBASE_ID: Final = re.compile(r"embase\.com/.*[?&]id=(L\d+)", re.IGNORECASE)
_PMID_KEY: Final = re.compile(r"^PMID:\d+$")
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
            BIBTEX: self._bibtex,
            GENERIC_BIBTEX: self._bibtex,
            RIS: self._ris,
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
        items = _tab_items if self.source_format == TAB else _line_items
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
        self._year(record, values.get("PY", ""), values.get("EY", ""), values.get("EA", ""))
        return record

    def _year(self, record: Record, py: str, ey: str, ea: str) -> None:
        for source, value in (("PY", py), ("EY", ey), ("EA", ea)):
            year = year_in(value) if value else None
            if year is not None:
                record["year"] = year
                record["year_source"] = source
                return

    # ----------------------------------------------------------------- BibTeX

    def _bibtex(self, raw: RawRecord) -> Record:
        record: Record = {}
        raw_by_name: dict[str, str] = {}
        for name, value in raw.fields:
            raw_by_name.setdefault(name.lower(), value)
        for name, value in raw_by_name.items():
            target = BIBTEX_COLUMNS.get(name)
            if target is None or target[0] in record:
                continue
            column, kind = target
            decoded = bib.decode_value(value)
            if kind == LIST and ";" not in decoded and name == "keywords":
                record[column] = join_list(decoded.replace(",", ";"))  # Zotero: `a, b, c`
            elif kind == LIST:
                record[column] = join_list(decoded)
            elif kind == INT:
                record[column] = to_int(decoded, column, self.log, raw.line)
            else:
                record[column] = decoded
        names = [
            bib.decode_value(part)
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
                record[_DECODED_BEFORE] = before
        if not record.get("pmid") and bib.decode_value(raw_by_name.get("eprinttype", "")) in (
            "pubmed",
            "pmid",
        ):  # BibLaTeX: eprint = {9861700}, eprinttype = {pubmed}
            record["pmid"] = bib.decode_value(raw_by_name.get("eprint", ""))
        key = raw_by_name.get(bib.ENTRY_KEY, "").strip()
        if not record.get("pmid") and _PMID_KEY.match(key):
            record["pmid"] = key.split(":", 1)[1]  # Europe PMC: `@article {PMID:18888888,`
        if not record.get("ut"):
            key = raw_by_name.get(bib.ENTRY_KEY, "")
            if UT_PREFIX.match(key) and key.split(":", 1)[0].upper() in ("WOS", "ISI"):
                record["ut"] = key
        if not record.get("ut") and self.source_format == GENERIC_BIBTEX:
            self._bibtex_database(record, raw_by_name)
        pages = _PAGE_DASH.sub("-", str(record.pop("pages", "") or ""))  # EBSCO: "1 - 10"
        article_number = str(record.pop("article_number", "") or "")
        record["pages"] = pages or article_number
        if not record.get("doc_type"):
            record["doc_type"] = raw_by_name.get(bib.ENTRY_TYPE, "")
        addresses = _bibtex_addresses(raw_by_name.get("affiliation", ""), names)
        record["affiliations"] = text.join_multi(distinct(addresses))
        record["countries"] = text.join_multi(countries(addresses))
        year = str(record.pop("year", "") or "")
        self._year(record, year, "", str(record.get("early_access", "")))
        return record

    @staticmethod
    def _bibtex_database(record: Record, raw_by_name: dict[str, str]) -> None:
        """Scopus's BibTeX names its database in `source` and gives the EID only in `url`; a
        `source` naming another database is kept as the record's database."""
        named = bib.decode_value(raw_by_name.get("source", "")).lower()
        database = next((name for needle, name in RIS_DATABASES if needle in named), "")
        match = _SCOPUS_EID.search(bib.decode_value(raw_by_name.get("url", "")))
        if match and database in ("Scopus", ""):
            record["ut"], record[_ACCESSION_DATABASE] = match.group(1), "Scopus"
            database = "Scopus"
        if not database:  # EBSCO's BibTeX names its platform only in the record's link
            link = bib.decode_value(raw_by_name.get("url", "")).lower()
            database = next((name for needle, name in RIS_DATABASES if needle in link), "")
        if database:
            record["database"] = database

    # ----------------------------------------------------------------- RIS

    def _ris(self, raw: RawRecord) -> Record:
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
        database = self._ris_database(values, prefixed)
        record["database"] = database
        record["ut"], record[_ACCESSION_DATABASE] = self._ris_accession(values, accession)
        if database == UNNAMED_DATABASE and record["ut"] and record[_ACCESSION_DATABASE]:
            # named by nothing but the accession number in its link (Ovid's `D=psyc16&AN=…`)
            database = record["database"] = str(record[_ACCESSION_DATABASE])
        record["title"] = clean(first(*RIS_TITLE))
        # AU first; A1 only without AU (WOS RIS writes group authors there).
        authors = next((lines(tag) for tag in RIS_AUTHORS if lines(tag)), [])
        record["authors"] = text.join_multi(
            [short_name(name, given_first=False) for name in authors]
        )
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
        record["doc_type"] = _ris_doc_type(
            clean(first("M3")), clean(first("PT")), clean(first("TY"))
        )
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
        self._warn_left_out_issns(lines("SN"), record, raw.line)
        record["publisher"] = clean(first(*RIS_PUBLISHER))
        record["doi"] = self._ris_doi(values)
        record["pmid"] = self._ris_pmid(values, database, accession)
        if not record["pmid"] and record[_ACCESSION_DATABASE] in ("PubMed", "MEDLINE"):
            record["pmid"] = text.normalise_pmid(str(record["ut"]))  # Ovid's link: `AN=35507935`
        py = first("PY", "Y1")
        year = year_in(py) if py else None
        if year is not None:
            record["year"], record["year_source"] = year, "PY"
        else:
            for source, tag in (("DA", "DA"), ("EA", "C6")):
                year = year_in(first(tag))
                if year is not None:
                    record["year"], record["year_source"] = year, source
                    break
        return record

    def _warn_left_out_issns(self, lines: list[str], record: Record, line: int) -> None:
        """Say which ISSNs of an SN line the record could not keep (see `left_out_issns`)."""
        kept = (str(record["issn"] or ""), str(record["eissn"] or ""))
        left_out = left_out_issns(lines, kept)
        if left_out:
            shown = ", ".join(left_out[:5]) + (
                f" and {len(left_out) - 5} more" if len(left_out) > 5 else ""
            )
            self.log.warn(
                line,
                f"SN holds more ISSNs than a record keeps (one ISSN, one eISSN): kept "
                f"{kept[0] or '-'} and {kept[1] or '-'}, not {shown}; if these name another "
                "journal, correct the record's SN line",
            )

    @staticmethod
    def _ris_database(values: dict[str, list[str]], ut: str) -> str:
        """The database a RIS record names: its accession number's prefix, else its own `DB`
        or `DP`, else the export's header (`Database: APA PsycInfo`; a name not in
        `RIS_DATABASES` as written), else a link (which names where the record points, not
        always where it came from), else `WOS` for Web of Science's own tags."""
        if ut:
            return ut_database(normalise_ut(ut))
        named = _ebsco_database(values) or _named_database(
            values.get("DB", []) + values.get("DP", [])
        )
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

    @staticmethod
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
                    (_SCOPUS_EID, "Scopus"),
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

    @staticmethod
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

    @staticmethod
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
        numbered_by = str(record.pop(_ACCESSION_DATABASE, record["database"]) or "")
        accession = accession_record_id(ut, "WOS" if wos_format else numbered_by, pmid)
        # BibTeX: title, authors and source as read before LaTeX math and `#` were (None: the same)
        before: tuple[str, str, str] | None = record.pop(_DECODED_BEFORE, None)  # type: ignore[assignment]
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
        record["record_id"] = record_id
        record["source_file"] = self.source_file
        record["source_format"] = self.source_format
        record["source_line"] = line
        record["search_run"] = self.search_run
        return record


def _decoded_before(raw_by_name: dict[str, str]) -> tuple[str, str, str]:
    """A BibTeX entry's title, authors and source as decoded before LaTeX math and symbols
    were (`bibtex.decode_value_as_before`), and `#` read (`raw_by_name` holds such values as
    written): what its record_id was made from then."""
    title = bib.decode_value_as_before(raw_by_name.get("title", ""))
    parts = _split_bibtex_names(raw_by_name.get("author", ""))
    names = [bib.decode_value_as_before(part) for part in parts if part.strip()]
    source = next(
        (
            bib.decode_value_as_before(value)
            for name, value in raw_by_name.items()  # the first in the entry, as `_bibtex` takes
            if BIBTEX_COLUMNS.get(name, ("", ""))[0] == "source_title"
        ),
        "",
    )
    return title, text.join_multi([short_name(name) for name in names]), source


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
    builder = RecordBuilder("", RIS, "", FileLog(""))
    return str(builder.build(RawRecord(1, list(fields)))["record_id"])


def _line_items(value: str) -> list[str]:
    """Items written one per line (WOS plain text AU, C1, CR …)."""
    return [item for item in (clean(line) for line in value.split("\n")) if item]


def _tab_items(value: str) -> list[str]:
    """Items of a tab-delimited cell: `;`-separated, but not inside `[…]` (C1 author lists)."""
    parts = _SEMICOLON_OUTSIDE_BRACKETS.split(value)
    return [item for item in (clean(part) for part in parts) if item]


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
    for line in bib.unwrap(value).split("\n"):
        address = bib.decode_value(line)
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
