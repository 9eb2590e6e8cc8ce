"""Record identity: the record_id of an entry (docs/data-contracts.md, Identifiers).

- `accession_record_id`: the entry's accession number in its database: a WOS UT with its prefix
  upper-cased, `ISI:` written `WOS:`, a bare number given `WOS:` (`normalise_ut`); the PMID of a
  PubMed/MEDLINE record as `MEDLINE:…`; a Scopus EID as `SCOPUS:2-s2.0-…`; an Embase or other
  database's accession number as `EMBASE:…`, `PSYCINFO:…`, … (`accession_id`);
- else an id of its own (`EntryIds`): `h:` + `text.stable_hash(title key, year, first-author
  surname, source, volume, first page)` (`content_hash`), with `-2`, `-3`, … for the second,
  third, … entry of the run with the same hash.

A DOI or PubMed ID is never an identity: entries sharing one are matched by deduplication.
`former_record_id` gives the id the earlier rule (DOI, then PubMed ID) gave.
"""

from __future__ import annotations

import re
from typing import Final

from metasynth import text
from metasynth.ingest.detect import BIBTEX, PLAINTEXT, TAB
from metasynth.ingest.tags import ACCESSION_PREFIXES, UT_DATABASES

UT_PREFIX = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s*(\S+)$")
"""An accession number with its database's prefix (`WOS:…`, `MEDLINE:…`, `isi:…`)."""
_BARE_UT = re.compile(r"^(?:\d{15}|[A-Z0-9]{15})$")
SCOPUS_EID: Final = re.compile(r"scopus\.com/.*[?&]eid=(2-s2\.0-\d+)", re.IGNORECASE)
"""A Scopus EID in a link to the record (BibTeX `url`, RIS `UR`)."""


def normalise_ut(ut: str) -> str:
    """The accession number as a record_id: prefix upper-cased, `ISI:` → `WOS:`, bare → `WOS:`."""
    value = ut.strip()
    if not value:
        return ""
    match = UT_PREFIX.match(value)
    if match:
        prefix = match.group(1).upper()
        return f"{'WOS' if prefix == 'ISI' else prefix}:{match.group(2)}"
    if _BARE_UT.match(value):
        return f"WOS:{value}"
    return value


def accession_id(database: str, accession: str) -> str:
    """An accession number of a database other than WOS as a record_id, with the database's
    prefix (`PMID:30922926`, `EMBASE:L621381829`); "" when the database is not known."""
    accession = accession.strip()
    prefix = _accession_prefix(database)
    if prefix == "EMBASE":  # Ovid writes the Embase PUI without its L, embase.com with it
        accession = "L" + accession.removeprefix("L") if accession else ""
    elif prefix == "PMID":
        accession = text.normalise_pmid(accession)
    return f"{prefix}:{accession}" if accession and prefix else ""


def _accession_prefix(database: str) -> str:
    """The record_id prefix of a database's accession numbers ("" for an unknown database)."""
    lowered = database.lower()
    return next((prefix for needle, prefix in ACCESSION_PREFIXES if needle in lowered), "")


def ut_database(record_id: str) -> str:
    """The database an accession-number record_id comes from (`WOS:…` → `WOS`)."""
    prefix = record_id.split(":", 1)[0]
    return UT_DATABASES.get(prefix, prefix)


_ACCESSION_FORMS: Final[dict[str, re.Pattern[str]]] = {
    "PMID": re.compile(r"^0*([1-9]\d{0,9})$"),
    "SCOPUS": re.compile(r"^(2-s2\.0-\d+)$"),
    "EMBASE": re.compile(r"^L?0*([1-9]\d{4,})$"),
    "PSYCINFO": re.compile(r"^(\d{4}-\d{5}-\d{3})$"),  # APA's year-number-sequence
    "ERIC": re.compile(r"^(E[DJ]\d{5,})$", re.IGNORECASE),
    "LENS": re.compile(r"^(\d{3}(?:-\d{3}){3}-\d{2}[0-9X])$"),  # 000-454-299-663-964, …-57X
}
_ANY_ACCESSION: Final = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)$")


def accession_record_id(accession: str, database: str, pmid: str = "") -> str:
    """The record_id of an entry known by its accession number, or "" when it has none.

    A Web of Science UT or any `PREFIX:number` accession (`MEDLINE:…` of WOS All-Databases, the
    `PMID:…`/`EMBASE:L…`/`SCOPUS:…` the MEDLINE, Ovid and CSV readers write) keeps its prefix,
    upper-cased (`normalise_ut`); a Web of Science record's UT is always its identity. Otherwise
    the accession number takes the prefix of its database (`accession_id`) when it has that
    database's form: a PubMed/MEDLINE record is `PMID:` + its PMID (given as the accession or in
    `pmid`; a different PMID in each is no identity), a Scopus EID `SCOPUS:2-s2.0-…`, an Embase
    accession `EMBASE:L…`. The accession number of a database not named (or not in
    `tags.ACCESSION_PREFIXES`) identifies nothing: two databases number alike.
    """
    value = accession.strip()
    if value and (database == "WOS" or ("//" not in value and UT_PREFIX.match(value))):
        return normalise_ut(value)
    prefix = _accession_prefix(database)
    if prefix == "PMID":
        match = _ACCESSION_FORMS["PMID"].match(value or pmid)
        if match is None or (pmid and match.group(1) != pmid.lstrip("0")):
            return ""
        return accession_id(database, match.group(1))
    if not value or not prefix:
        return ""
    match = _ACCESSION_FORMS.get(prefix, _ANY_ACCESSION).match(value)
    return accession_id(database, match.group(1)) if match else ""


def content_hash(
    title: object, year: object, authors: object, source: object, volume: object, pages: object
) -> str:
    """`h:` + the stable hash of an entry's title key, year, first-author surname, source,
    volume and first page: the id of an entry without an accession number (before `EntryIds`
    numbers repeats).

    Title and surname are folded with `text.fold_ascii`, the folding these ids were first made
    with: `text.fold` now keeps non-Latin letters, and using it here would renumber entries
    (and orphan the screening decisions keyed to them) in existing projects.
    """
    return "h:" + text.stable_hash(
        text.title_key(title, text.fold_ascii),
        year,
        text.first_author_surname(authors, folding=text.fold_ascii),
        source,
        volume,
        text.first_page(pages),
    )


class EntryIds:
    """Own record_ids for the entries of one ingestion run that have no accession number.

    Each is `content_hash(...)`; the second, third, … entry of the run with the same hash
    (files in path order, entries in line order) gets `-2`, `-3`, …, so the same files give the
    same ids on every run, and two entries never share an id without an accession number.
    """

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}
        self._seen_before: dict[str, int] = {}
        self.before = ""
        """The id the last entry had before BibTeX's LaTeX math was decoded and `#` read."""

    def next_id(self, content_id: str, before: str = "") -> str:
        """The id of the next entry whose content hash is `content_id`; `before`: its content
        hash before BibTeX's LaTeX math and symbols were decoded and `#` read, when that
        differs (the id it had then is left in `self.before`)."""
        count = self._seen.get(content_id, 0) + 1
        self._seen[content_id] = count
        before = before or content_id
        count_before = self._seen_before.get(before, 0) + 1
        self._seen_before[before] = count_before
        self.before = before if count_before == 1 else f"{before}-{count_before}"
        return content_id if count == 1 else f"{content_id}-{count}"


def former_record_id(
    source_format: str,
    ut: str,
    doi: str,
    pmid: str,
    content_id: str,
) -> str:
    """The record_id the rule before accession-only identity gave an entry (docs/data-contracts.md,
    Identifiers): its UT (any UT of a Web of Science format, a `PREFIX:number` one elsewhere),
    else `doi:` + DOI, else `pmid:` + PubMed ID, else its content hash. Used to say what an id
    in a reviewer's file is now."""
    value = ut.strip()
    if value and (
        source_format in (PLAINTEXT, TAB, BIBTEX) or ("//" not in value and UT_PREFIX.match(value))
    ):
        return normalise_ut(value)
    if doi:
        return f"doi:{doi}"
    if pmid:
        return f"pmid:{pmid}"
    return content_id
