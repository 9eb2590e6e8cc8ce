"""From the records table to one row per record_id, and the match keys of each record.

Input: the records table of `results/ingest` (one row per *entry*: the same record_id exported
twice is two rows). `collapse_entries` turns it into one row per record_id (the `same_id` pass):
each column takes the first non-empty value in entry order, and the row keeps where its entries
came from (`n_entries`, `entries` as `file:line; …`, `databases`, `search_runs`).
`match_keys` then reduces each record to the normalised values the passes compare (title key and an
original-language title, year, first-author surname, volume, issue, first and last page (and the
whole range), source and its parallel titles, identifiers, generic/notice/erratum flags); an issue
column holding a record number per record is not used. What each key is made from is in
`dedup.title_keys` (titles, notices) and `dedup.citation_keys` (authors, pages, sources, DOIs).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from metasynth import text
from metasynth.dedup.citation_keys import (
    doi_spellings,
    embase_citation,
    first_number,
    first_surname,
    last_page_key,
    page_key,
    page_range,
    source_key,
    source_parts,
    supplement_series,
    version_key,
    volume_issue_pages,
    volume_key,
)
from metasynth.dedup.settings import DedupSettings
from metasynth.dedup.title_keys import (
    DASHES,
    ERRATUM_NOTE,
    marked_translation,
    notice_flags,
    original_title_key,
    plain_title,
    report_key,
    split_title,
    title_numbers,
    title_opening,
    trial_phase,
)
from metasynth.errors import InputError
from metasynth.tables import TableColumns

REQUIRED_COLUMNS = ("record_id", "source_file", "source_line", "title", "authors", "year", "doi")
"""Columns a records table must have for deduplication; the others of the contract are optional."""


ENTRY_COLUMNS = ("n_entries", "entries", "databases", "search_runs")
"""Columns `collapse_entries` adds: how many entries a record has and where they came from."""


MATCH_COLUMNS = (
    *("record_id", "source_file", "source_format", "source_line", "database", "search_run"),
    *("ut", "doi", "pmid", "title", "authors", "year", "year_source", "source_title"),
    *("volume", "issue", "pages", "doc_type", "issn", "eissn", "abstract"),
)
"""The records table's columns matching reads (`match_keys`, the former ids, the review sheet,
the clusters); the others (keywords, affiliations, counts …) are needed for the publications
only, and are read then (`collapse_columns`)."""


_NORMAL_DOI = re.compile(r"^10\.\d{4,9}/[^\sA-Z]*[^\s.,;:)\]}'\"A-Z]$")


# a supplement's page, where meeting abstracts are printed: "S500", "s12-s13", or with the
# letter after the number as some journals print it ("79S-80S", Am J Cardiol's supplements)
_SUPPLEMENT_PAGE = re.compile(r"^\s*(?:[Ss]-?\d|\d+[Ss](?![A-Za-z]))")


# a supplement's issue: "Suppl. 1", "Supplement 2", "S1", "1 Suppl", "Suppl 1 (Abstracts)"
_SUPPLEMENT_ISSUE = re.compile(r"^\s*(?:[Ss]\d|\d*\s*(?:suppl|supplement))", re.IGNORECASE)


# Where a year came from when it is an early-access one (ingest's `year_source`)
_EARLY_YEARS = ["EY", "EA"]


def check_columns(records: pd.DataFrame, *, file: str | None = None) -> None:
    """InputError when the records table lacks a column deduplication needs."""
    missing = [c for c in REQUIRED_COLUMNS if c not in records.columns]
    if missing:
        raise InputError(
            f"the records table has no column(s) {', '.join(missing)}",
            file=file,
            hint="pass the records table `metasynth ingest` wrote (results/ingest/records.parquet)",
        )


def _blank_to_na(column: pd.Series) -> pd.Series:
    if column.dtype.kind in "if" or str(column.dtype) == "Int64":
        return column
    as_text = column.astype("string")
    return as_text.mask(as_text.str.strip() == "")


def _join_distinct(values: pd.Series) -> str:
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, str) and value:
            seen.setdefault(value, None)
    return text.join_multi(list(seen))


def collapse_entries(
    records: pd.DataFrame,
    *,
    file: str | None = None,
    largest: tuple[str, ...] = (),
    groups: EntryGroups | None = None,
) -> pd.DataFrame:
    """One row per record_id: first non-empty value per column in entry order, plus provenance.

    Columns in `largest` (counts such as times cited, which grow between exports) take the
    largest value of the entries instead of the first.

    Rows keep the order in which each record_id first appears. Raises InputError when a row has
    no record_id (the records table is then not one `metasynth ingest` wrote). `groups`: the
    records' `entry_groups`, when the caller has them already.
    """
    check_columns(records, file=file)
    groups = groups or entry_groups(records, file=file)
    frame = records.reset_index(drop=True)
    frame["record_id"] = groups.record_id
    collapsed = collapse_columns(frame, groups, largest)
    collapsed["record_id"] = collapsed["record_id"].astype(records["record_id"].dtype)
    entry = (
        frame["source_file"].astype("string").fillna("")
        + ":"
        + frame["source_line"].astype("string").fillna("")
    )
    for column, values in _provenance(frame, groups, entry).items():
        collapsed[column] = values
    return collapsed


@dataclass(frozen=True)
class EntryGroups:
    """Which entries (rows of a records table) are one record: those sharing a record_id."""

    record_id: pd.Series  # each entry's record_id, stripped
    first_rows: np.ndarray  # each record_id's first entry, in order of first appearance
    repeated: np.ndarray  # bool per entry: its record_id has other entries too


def entry_groups(records: pd.DataFrame, *, file: str | None = None) -> EntryGroups:
    """The entries of each record_id; InputError for an entry without one."""
    record_id = records["record_id"].astype("string").fillna("").str.strip()
    record_id = record_id.reset_index(drop=True)
    empty = record_id == ""
    if bool(empty.any()):
        row = int(np.flatnonzero(empty.to_numpy())[0])
        raise InputError(
            f"entry {records['source_file'].iat[row]}:{records['source_line'].iat[row]} "
            "has no record_id",
            file=file,
            element=f"row {row + 1}",
            hint="re-run `metasynth ingest`; every record it writes has a record_id",
        )
    return EntryGroups(
        record_id=record_id,
        first_rows=np.flatnonzero(~record_id.duplicated(keep="first").to_numpy()),
        repeated=record_id.duplicated(keep=False).to_numpy(),
    )


def collapse_columns(
    columns: pd.DataFrame, groups: EntryGroups, largest: tuple[str, ...] = ()
) -> pd.DataFrame:
    """One row per record_id of some of the records table's columns (entry rows, in the table's
    order): each column's first non-empty value in entry order, the largest for `largest`.

    Each column collapses on its own, so collapsing the columns a few at a time gives the
    columns of one `collapse_entries`: deduplication reads the columns matching needs first
    and the others only when it builds the publications.
    """
    frame = columns.reset_index(drop=True)
    first_rows, repeated = groups.first_rows, groups.repeated
    # the table itself when no record_id repeats, so that both share their columns' memory
    collapsed = frame if len(first_rows) == len(frame) else frame.take(first_rows)
    collapsed = collapsed.reset_index(drop=True)
    values = [c for c in frame.columns if c != "record_id"]
    if repeated.any() and values:
        multi = frame.loc[repeated, values].apply(_blank_to_na)
        grouped = multi.groupby(groups.record_id[repeated].to_numpy(), sort=False)
        firsts = grouped.first()
        # groups in order of first appearance, like the collapsed rows of their record_ids
        positions = np.flatnonzero(repeated[first_rows])
        for column in values:
            first = grouped[column].max() if column in largest else firsts[column]
            if frame[column].dtype == "string":
                first = first.astype("string").fillna("")
            merged = collapsed[column].copy()
            merged.iloc[positions] = first.astype(merged.dtype).to_numpy()
            collapsed[column] = merged
    for column in columns.columns:
        collapsed[column] = collapsed[column].astype(columns[column].dtype)
    return collapsed


def join_columns(
    collapsed: pd.DataFrame,
    table: TableColumns,
    groups: EntryGroups,
    largest: tuple[str, ...] = (),
) -> pd.DataFrame:
    """`collapsed` (`collapse_entries` of some of the table's columns) with the table's other
    columns, read and collapsed one at a time, in the table's order of columns: the columns
    of one `collapse_entries` of the whole table."""
    for name in table.names:
        if name not in collapsed:
            collapsed[name] = collapse_columns(table.read([name]), groups, largest)[name]
    return collapsed[list(dict.fromkeys([*table.names, *collapsed.columns]))]


def _provenance(frame: pd.DataFrame, groups: EntryGroups, entry: pd.Series) -> dict[str, Any]:
    """Per record_id (`groups.first_rows` order): its entries and where they came from."""

    def column(name: str) -> pd.Series:
        if name not in frame:
            return pd.Series([""] * len(frame), dtype="string")
        return frame[name].astype("string").fillna("")

    database, search_run = column("database"), column("search_run")
    first_rows, repeated = groups.first_rows, groups.repeated
    provenance: dict[str, Any] = {
        "n_entries": np.ones(len(first_rows), dtype=np.int64),
        "entries": entry.iloc[first_rows].reset_index(drop=True),
        "databases": database.iloc[first_rows].reset_index(drop=True),
        "search_runs": search_run.iloc[first_rows].reset_index(drop=True),
    }
    if repeated.any():
        extras = pd.DataFrame(
            {
                "record_id": groups.record_id[repeated],
                "entry": entry[repeated],
                "database": database[repeated],
                "search_run": search_run[repeated],
            }
        ).groupby("record_id", sort=False)
        positions = np.flatnonzero(repeated[first_rows])
        for name, joined in (
            ("n_entries", extras.size()),
            ("entries", extras["entry"].agg(text.join_multi)),
            ("databases", extras["database"].agg(_join_distinct)),
            ("search_runs", extras["search_run"].agg(_join_distinct)),
        ):
            merged = pd.Series(provenance[name]).copy()
            merged.iloc[positions] = joined.to_numpy()
            provenance[name] = merged
    provenance["n_entries"] = pd.Series(provenance["n_entries"]).astype("int64")
    for name in ("entries", "databases", "search_runs"):
        provenance[name] = provenance[name].astype("string")
    return provenance


@dataclass(frozen=True)
class MatchKeys:
    """Per-record normalised values the passes compare; arrays aligned with the records rows."""

    record_id: np.ndarray
    title_key: np.ndarray
    original_title_key: np.ndarray  # the "[Original title]" after a translated one, or ""
    year: np.ndarray  # int64, -1 when missing
    surname: np.ndarray
    authors: np.ndarray  # the author field as exported (read by `author_names` when needed)
    volume: np.ndarray
    volume_is_year: np.ndarray  # bool: the volume is the record's year (magazines export it so)
    issue: np.ndarray
    has_issue: np.ndarray  # bool: an issue exported, a number or not ("Suppl"); False if ignored
    page: np.ndarray
    last_page: np.ndarray  # "" when the record gives only a first page (or none)
    page_range: list[tuple[str, int, int] | None]  # the pages when one whole range (`page_range`)
    in_supplement: np.ndarray  # bool: a supplement's page ("S500") or issue ("Suppl. 1", "S2")
    early_access: np.ndarray  # bool: the year is an early-access one (WOS `EY`/`EA`, no `PY`)
    source: np.ndarray
    series_of: np.ndarray  # the journal a source names a supplement series of ("" for others)
    container_key: np.ndarray  # the source title as a title key: a chapter's book ("" if none)
    source_parts: list[tuple[str, ...]]  # keys of parallel titles ("Ai zheng = Chinese ..."), or ()
    issns: list[frozenset[str]]
    doi: np.ndarray
    pmid: np.ndarray
    ut: np.ndarray
    numbers: list[frozenset[str]]  # numbers in the whole title, roman numerals as digits
    phase: list[frozenset[str]]  # a trial's phase named in the title ("Phase I/II": {"1", "2"})
    is_generic: np.ndarray  # bool: a title that names no publication ("Editorial", "Reply to")
    is_short: np.ndarray  # bool: a title of few words (not generic)
    is_notice: np.ndarray  # bool
    is_report: np.ndarray  # bool: a notice about an article (erratum, retraction), no reply
    report_key: np.ndarray  # a report's title key without its notice words ("" otherwise)
    version_key: np.ndarray  # what the versions of one work share: a Cochrane review's number,
    # a DOI without its version (".pub3", "v2"); "" when the record shows none
    has_erratum: np.ndarray  # bool: the title notes an erratum published elsewhere
    is_translation: np.ndarray  # bool: the title is marked a translation (`marked_translation`)
    is_preprint: np.ndarray  # bool: on a preprint server (its DOI prefix or its name)
    has_title: np.ndarray  # bool
    abstract: Any  # the abstracts as read (an array; not turned into Python strings), "" or NA
    issue_ignored: bool = False  # the issue column held record numbers, not issues
    cited_in_source: tuple[int, int] = (0, 0)  # Embase citations read, and contradicted by a field
    # (a DOI as written, the spelling it is compared as): its punctuation dropped or changed
    doi_read_as: tuple[tuple[str, str], ...] = ()

    def __len__(self) -> int:
        return len(self.record_id)


def _column(records: pd.DataFrame, name: str) -> list[str]:
    """A column as stripped strings, "" for missing values (vectorised `text.as_text`)."""
    if name not in records:
        return [""] * len(records)
    values: list[str] = records[name].astype("string").fillna("").str.strip().tolist()
    return values


def _issns(records: pd.DataFrame, name: str) -> list[str]:
    """ISSNs of a column as NNNN-NNNC (vectorised `text.normalise_issn`); "" when absent."""
    if name not in records:
        return [""] * len(records)
    found = records[name].astype("string").fillna("").str.extract(text.ISSN_PATTERN)
    issns: list[str] = (found[0] + "-" + found[1].str.upper()).fillna("").tolist()
    return issns


def issues_are_record_numbers(issues: list[str], settings: DedupSettings) -> bool:
    """True when the issue column holds a number per record rather than issues.

    Many records share an issue; an export whose "issue" is (nearly) unique to each record
    (at least `issue_unique_share` of `issue_min_records` or more filled values distinct) put
    a record number there, and comparing it would make every pair differ.
    """
    filled = [issue for issue in issues if issue]
    if len(filled) < settings.issue_min_records:
        return False
    return len(set(filled)) >= settings.issue_unique_share * len(filled)


def _preprints(dois: list[str], sources: list[str], settings: DedupSettings) -> np.ndarray:
    """Records on a preprint server: a DOI under one of `preprint_doi_prefixes` (bioRxiv's and
    medRxiv's 10.1101, SSRN's 10.2139 …), or a source named in `preprint_sources`."""
    prefixes = tuple(f"{p.rstrip('/')}/" for p in settings.preprint_doi_prefixes)
    names = frozenset(settings.preprint_sources)
    servers = {s: text.title_key(s) in names for s in set(sources)}
    return np.array(
        [d.startswith(prefixes) or servers[s] for d, s in zip(dois, sources, strict=True)],
        dtype=bool,
    )


def _shared(values: Iterable[str]) -> np.ndarray:
    """The values as an object array in which equal strings are one object: journals, volumes,
    pages and surnames repeat across records, and a million copies of each take ~60 MB."""
    seen: dict[str, str] = {}
    return np.array([seen.setdefault(v, v) for v in values], dtype=object)


def _upper(value: str) -> str:
    """`value.upper()`, the same object when it already is (a WOS UT): one copy, not two."""
    upper = value.upper()
    return value if upper == value else upper


def _placement_keys(
    records: pd.DataFrame,
    titles: list[str],
    pages: list[str],
    citations: list[tuple[str, str, str, bool]],
    source_keys: Iterable[str],
) -> dict[str, Any]:
    """What places a record beyond its volume and pages: a trial's phase in its title, a
    supplement's page or issue (or volume: `citations`, from `volume_issue_pages`), the journal
    whose supplement series its source is (`supplement_series`), an early-access year."""
    issues, supplements = [c[1] for c in citations], [c[3] for c in citations]
    return {
        "series_of": _shared(supplement_series(s) for s in source_keys),
        "phase": [trial_phase(title) for title in titles],
        "in_supplement": np.array(
            [
                bool(s or _SUPPLEMENT_PAGE.match(p) or _SUPPLEMENT_ISSUE.match(i))
                for p, i, s in zip(pages, issues, supplements, strict=True)
            ],
            dtype=bool,
        ),
        "early_access": np.isin(
            np.array(_column(records, "year_source"), dtype=object), _EARLY_YEARS
        ),
    }


@dataclass(frozen=True)
class CitedInSource:
    """Each record's source title, volume, issue and pages as compared, and how many records
    wrote Embase's citation as the source (`read`), how many of them with a volume, issue or
    pages field the citation contradicts (`contradicted_rows`: the field's value is compared)."""

    sources: list[str]
    volumes: list[str]
    issues: list[str]
    pages: list[str]
    read: int = 0
    contradicted_rows: frozenset[int] = frozenset()

    @property
    def contradicted(self) -> int:
        return len(self.contradicted_rows)


def _cited_in_source(records: pd.DataFrame) -> CitedInSource:
    """Where the source title holds Embase's whole citation ("Biological Psychiatry.63 (9)
    ()(pp 832-839) 2008.…", EndNote libraries filled from Ovid, with the volume field empty),
    the journal's name, and the volume, issue and pages the citation gives where the record's
    own fields are empty (a field exported keeps its value). records.csv keeps the source
    title as exported."""
    sources = _column(records, "source_title")
    columns = [_column(records, name) for name in ("volume", "issue", "pages")]
    read = {s: embase_citation(s) for s in set(sources) if "(pp " in s or "(no pagination)" in s}
    n_read = 0
    contradicted: set[int] = set()
    for row, source in enumerate(sources):
        cited = read.get(source)
        if cited is None:
            continue
        n_read += 1
        sources[row] = cited[0]
        given = [column[row] for column in columns]
        if any(
            field and value and key(field) != key(value)
            for field, value, key in zip(
                given, cited[1:], (first_number, first_number, page_key), strict=True
            )
        ):
            contradicted.add(row)
        for column, field, value in zip(columns, given, cited[1:], strict=True):
            column[row] = field or value
    volumes, issues, pages = columns
    return CitedInSource(sources, volumes, issues, pages, n_read, frozenset(contradicted))


def _dois(records: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """The records' DOIs normalised, each compared as one spelling: a DOI a database wrote with
    its punctuation dropped or changed as the spelling keeping it (`doi_spellings`, returned)."""
    dois = [d if _NORMAL_DOI.match(d) else text.normalise_doi(d) for d in _column(records, "doi")]
    read_as = doi_spellings(dois)
    return ([read_as.get(d, d) for d in dois] if read_as else dois), read_as


def _pmids(records: pd.DataFrame) -> np.ndarray:
    """The records' PubMed IDs as digits without leading zeros ("" when absent)."""
    return np.array(
        [
            p if p.isdigit() and p[0] != "0" else text.normalise_pmid(p)
            for p in _column(records, "pmid")
        ],
        dtype=object,
    )


def match_keys(records: pd.DataFrame, settings: DedupSettings) -> MatchKeys:
    """The normalised values of each record (one row per record_id) that the passes compare."""
    raw_titles = _column(records, "title")
    split_titles = [split_title(plain_title(t)) for t in raw_titles]
    titles = [title for title, _ in split_titles]
    title_keys = [text.title_key(t) for t in titles]
    generic_titles = frozenset(settings.generic_titles)
    generic_opening = title_opening(settings.generic_prefixes)
    doc_types = _column(records, "doc_type")
    is_generic = np.array(
        [
            bool(k) and (k in generic_titles or generic_opening.match(k) is not None)
            for k in title_keys
        ],
        dtype=bool,
    )
    is_short = (
        np.array(
            [bool(k) and k.count(" ") < settings.short_title_words for k in title_keys], dtype=bool
        )
        & ~is_generic
    )
    is_notice, is_report = notice_flags(title_keys, titles, doc_types, settings)
    report_keys = np.array(
        [
            report_key(k, settings.report_prefixes) if r else ""
            for k, r in zip(title_keys, is_report, strict=True)
        ],
        dtype=object,
    )
    years = pd.to_numeric(records["year"], errors="coerce").astype("Float64")
    year_values = years.fillna(-1).to_numpy(dtype="int64")
    cited = _cited_in_source(records)
    citations = [
        volume_issue_pages(volume, issue, pages)
        for volume, issue, pages in zip(cited.volumes, cited.issues, cited.pages, strict=True)
    ]
    sources = cited.sources
    volumes = [volume_key(v) for v, _, _, _ in citations]
    pages = [p.translate(DASHES) if not p.isascii() else p for _, _, p, _ in citations]
    authors = _column(records, "authors")
    raw_issues = [i for _, i, _, _ in citations]
    issues = [first_number(v) for v in raw_issues]
    issue_ignored = issues_are_record_numbers(issues, settings)
    if issue_ignored:
        issues = [""] * len(issues)
    has_issue = np.array([bool(v) and not issue_ignored for v in raw_issues], dtype=bool)
    shared_issns: dict[tuple[str, str], frozenset[str]] = {}
    issns = [
        shared_issns.setdefault(pair, frozenset(filter(None, pair)))
        for pair in zip(_issns(records, "issn"), _issns(records, "eissn"), strict=True)
    ]
    containers = {s: text.title_key(s) if s else "" for s in set(sources)}
    source_keys = _shared(source_key(s) for s in sources)
    dois, doi_read_as = _dois(records)
    return MatchKeys(
        record_id=np.array(_column(records, "record_id"), dtype=object),
        title_key=np.array(title_keys, dtype=object),
        original_title_key=np.array(
            [original_title_key(t, tagged) for t, tagged in split_titles], dtype=object
        ),
        year=year_values,
        surname=_shared(first_surname(a) for a in authors),
        authors=_shared(authors),
        volume=_shared(volumes),
        volume_is_year=np.array(
            [bool(v) and v == str(y) for v, y in zip(volumes, year_values.tolist(), strict=True)],
            dtype=bool,
        ),
        issue=_shared(issues),
        has_issue=has_issue,
        page=_shared(page_key(p) for p in pages),
        last_page=_shared(last_page_key(p) for p in pages),
        # a record whose fields its own citation contradicts has no range to set it apart by
        page_range=[
            None if row in cited.contradicted_rows else page_range(p) for row, p in enumerate(pages)
        ],
        **_placement_keys(records, titles, pages, citations, source_keys),
        source=source_keys,
        container_key=_shared(containers[s] for s in sources),
        source_parts=[source_parts(s) for s in sources],
        issns=issns,
        doi=np.array(dois, dtype=object),
        version_key=np.array(
            [version_key(d, text.first_page(p)) for d, p in zip(dois, pages, strict=True)],
            dtype=object,
        ),
        pmid=_pmids(records),
        # an accession id (a record's UT, EID, PMID …) in any case; a content id is no accession
        ut=np.array(
            ["" if r.startswith("h:") else _upper(r) for r in _column(records, "record_id")],
            dtype=object,
        ),
        numbers=[title_numbers(title) for title in titles],
        is_generic=is_generic,
        is_short=is_short,
        is_notice=is_notice,
        is_report=is_report,
        report_key=report_keys,
        has_erratum=np.array(
            ["[" in t and ERRATUM_NOTE.search(t) is not None for t in raw_titles], dtype=bool
        ),
        is_translation=np.array([marked_translation(t) for t in raw_titles], dtype=bool),
        has_title=np.array([bool(k) for k in title_keys], dtype=bool),
        is_preprint=_preprints(dois, sources, settings),
        # compared only for the few pairs a republication rule looks at (score.same_abstracts)
        abstract=(
            records["abstract"].array
            if "abstract" in records
            else np.full(len(records), "", dtype=object)
        ),
        issue_ignored=issue_ignored,
        cited_in_source=(cited.read, cited.contradicted),
        doi_read_as=tuple(sorted(doi_read_as.items())),
    )
