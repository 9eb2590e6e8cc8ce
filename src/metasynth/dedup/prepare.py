"""From the records table to one row per record_id, and the match keys of each record.

Input: the records table of `results/ingest` (one row per *entry*: the same record_id exported
twice is two rows). `collapse_entries` turns it into one row per record_id (the `same_id` pass):
each column takes the first non-empty value in entry order, and the row keeps where its entries
came from (`n_entries`, `entries` as `file:line; …`, `databases`, `search_runs`).
`match_keys` then reduces each record to the normalised values the passes compare (title key
and an original-language title, year, first-author surname, volume, issue, first and last page,
source and its parallel titles, identifiers, generic/notice/erratum flags); an issue column
holding a record number per record is not used. `author_names` reads an author field into
(surname, given names) pairs for comparing whole author lists.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from metasynth import text
from metasynth.dedup.settings import DedupSettings
from metasynth.errors import InputError
from metasynth.ingest.vocabulary import normalise
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

_LEADING_NUMBER = re.compile(r"\d+")
_MAYBE_NUMBER = re.compile(
    r"\d|\b[ivx]+\b|one|two|thre|four|five|six|seven|eight|nine|ten|eleven|twel|fif|twent|"
    r"thirt|fort|hundred|first|second|third"
)
_NO_NUMBERS: frozenset[str] = frozenset()
_NORMAL_DOI = re.compile(r"^10\.\d{4,9}/[^\sA-Z]*[^\s.,;:)\]}'\"A-Z]$")
_ORIGINAL_TITLE = re.compile(r"\[([^\[\]]{20,})\]\s*\.?\s*$")
# Ovid/EMBASE tag the original-language title inside the title field: "Title. <ORIGINAL> TITRE"
_ORIGINAL_TAG = re.compile(r"\s*<original>\s*", re.IGNORECASE)
# A MEDLINE note cut off by a field-length limit: "... syndrome.[Erratum appears in Am J" (the
# closed notes are dropped by text.title_key; a cut one would stay in the key)
_CUT_NOTE = re.compile(
    r"\.?\s*\[(?:erratum|comment|retraction|retracted|review|corrected|republished|update)\b"
    r"[^\[\]]*$",
    re.IGNORECASE,
)
# A correction titled after its article, with the article's citation: Web of Science's
# "Title (vol 142, pg 310, 2003)", EMBASE's "Title (New England Journal of Medicine (2009) 360
# (542-544))"
_CORRECTION_REFERENCE = re.compile(
    r"(?:\(\s*vol\.?\s*\w+\s*,\s*pg\.?\s*\w+\s*,\s*\d{4}\s*\)"
    r"|\([^()]*\(\d{4}\)\s*\w+\s*(?:\(\w+\)\s*)?\([\w\s-]+\)\s*\))\s*\.?\s*$",
    re.IGNORECASE,
)
# MEDLINE notes that an article has an erratum elsewhere: "Title.[Erratum appears in ...]"
# A letter about an article, titled "Re: <the article's title>" (the colon tells it from "Re-")
_LETTER_ON = re.compile(r"^\W*re\s*:", re.IGNORECASE)
_ERRATUM_NOTE = re.compile(r"\[\s*erratum (?:appears )?in\b", re.IGNORECASE)
# "Title. Japanese": a language name after the title's last full stop
_LANGUAGE_NOTE = re.compile(r"\.\s+([A-Z][a-z]+)\s*\.?\s*$")
_NOT_LANGUAGES = frozenset({"unknown", "multiple"})
# Unicode hyphens, dashes and the minus sign, which publishers' metadata uses where another
# database has "-": "hemolytic‐uremic", "(542–544)", "2141–7"
_DASHES = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-")
)
# A Greek letter on its own in a title of another script ("TNF-α", "group A β"), which other
# databases spell out ("TNF-alpha"); letters of Greek words are left alone
_LONE_GREEK = re.compile(
    r"(?<![\u0370-\u03ff\u1f00-\u1fff])[\u0370-\u03ff\u00b5](?![\u0370-\u03ff\u1f00-\u1fff])"
)
# MEDLINE's translated title, wholly in brackets: "[Title (vol 142, pg 310, 2003)]."
_BRACKETED_TITLE = re.compile(r"^\s*\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]\s*\.?\s*$")
# MEDLINE's and Ovid's note of the language after a bracketed (translated) title
_NOTE_AFTER_BRACKETS = re.compile(
    r"(?<=\])\s*(?:\[\s*article in [^\[\]]+\]|\(\s*author'?s transl\s*\))\s*\.?\s*$", re.IGNORECASE
)
# A DOI's version: Cochrane's ".pub3", a preprint server's "v2"
_DOI_VERSION = re.compile(r"(?:\.pub\d+|(?<=\d)v\d+)$")
# A Cochrane review's number, in its DOI (10.1002/14651858.CD006828.pub2) or as its "page"
_COCHRANE_REVIEW = re.compile(r"(?:^|14651858\.)(cd\d{6})(?:$|\.)", re.IGNORECASE)
# "10 000", "10,000" or "10.000" is one number, not "10" and "000"
_GROUPED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?![\d])")
_GROUP_SEPARATORS = re.compile(r"[ ,.\u00a0\u202f]")
_ROMAN_PAGE = re.compile(r"^[ivxlc]+$")
# a supplement's page, where meeting abstracts are printed: "S500", "s12-s13"
_SUPPLEMENT_PAGE = re.compile(r"^\s*[Ss]\d")
# a supplement's issue: "Suppl. 1", "Supplement 2", "S1", "1 Suppl", "Suppl 1 (Abstracts)"
_SUPPLEMENT_ISSUE = re.compile(r"^\s*(?:[Ss]\d|\d*\s*(?:suppl|supplement))", re.IGNORECASE)
# Where a year came from when it is an early-access one (ingest's `year_source`)
_EARLY_YEARS = ["EY", "EA"]
_PAGE_PARTS = re.compile(r"\s*(?:-|–|—)+\s*")
# A book's, thesis's or report's length where a journal record has its pages: "215 p",
# "xii, 215 pp.", "94 pages", "3 leaves". It places the item nowhere, so it is no page to agree on.
_PAGE_COUNT = re.compile(r"^(?:[ivxlc]+\s*,\s*)?\d+\s*(?:p|pp|pages?|leaves)\.?$", re.IGNORECASE)
# Name parts that say nothing about who an author is: "Lynch Jr, T. J." is Lynch
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_NOT_A_NAME = frozenset({"et al", "others", "anonymous", "anon"})
_ROMAN = {
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
}
# Numbers written as words: "Eighteen-month follow-up" is not the "Seven- to eight-year" one,
# and "Two-year outcomes" is "2-year outcomes"
NUMBER_WORDS = {
    word: str(value)
    for value, words in enumerate(
        [
            ("zero",), ("one", "first"), ("two", "second"), ("three", "third"),
            ("four", "fourth"), ("five", "fifth"), ("six", "sixth"), ("seven", "seventh"),
            ("eight", "eighth"), ("nine", "ninth"), ("ten", "tenth"), ("eleven", "eleventh"),
            ("twelve", "twelfth"), ("thirteen", "thirteenth"), ("fourteen", "fourteenth"),
            ("fifteen", "fifteenth"), ("sixteen", "sixteenth"), ("seventeen", "seventeenth"),
            ("eighteen", "eighteenth"), ("nineteen", "nineteenth"), ("twenty", "twentieth"),
        ]
    )
    for word in words
} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "hundred": "100"}  # fmt: skip
# "i" is a word in English titles; only read it as a numeral after a word that numbers things.
_NUMBERING_WORDS = frozenset({"part", "phase", "study", "paper", "vol", "section", "trial"})
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "de",
        "del",
        "der",
        "des",
        "die",
        "du",
        "en",
        "et",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "la",
        "le",
        "les",
        "of",
        "on",
        "or",
        "the",
        "to",
        "und",
        "with",
        "within",
        "without",
    }
)


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


# --------------------------------------------------------------------------- match keys


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
    in_supplement: np.ndarray  # bool: a supplement's page ("S500") or issue ("Suppl. 1", "S2")
    early_access: np.ndarray  # bool: the year is an early-access one (WOS `EY`/`EA`, no `PY`)
    source: np.ndarray
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
    is_preprint: np.ndarray  # bool: on a preprint server (its DOI prefix or its name)
    has_title: np.ndarray  # bool
    abstract: Any  # the abstracts as read (an array; not turned into Python strings), "" or NA
    issue_ignored: bool = False  # the issue column held record numbers, not issues

    def __len__(self) -> int:
        return len(self.record_id)


def _column(records: pd.DataFrame, name: str) -> list[str]:
    """A column as stripped strings, "" for missing values (vectorised `text.as_text`)."""
    if name not in records:
        return [""] * len(records)
    values: list[str] = records[name].astype("string").fillna("").str.strip().tolist()
    return values


def title_numbers(title: str) -> frozenset[str]:
    """Numbers in a title, roman numerals and number words read as digits: "Part II of 3" ->
    {"2", "3"}, "Eighteen-month follow-up" -> {"18"}.

    Taken from the whole title (notes in brackets included), because `title_key` drops a
    trailing "(Part 2)" and that is exactly what tells two parts apart. Digits grouped in
    thousands are one number ("10 000 women" and "10,000 women" give {"10000"}).
    """
    if not _MAYBE_NUMBER.search(title.lower()):
        return _NO_NUMBERS  # most titles: no digit and no roman numeral word
    found: set[str] = set()
    title = _GROUPED_THOUSANDS.sub(lambda m: _GROUP_SEPARATORS.sub("", m.group(0)), title)
    words = text.fold(title).split()
    for position, word in enumerate(words):
        if word.isdigit():
            found.add(word.lstrip("0") or "0")
        elif word in _ROMAN:
            found.add(_ROMAN[word])
        elif word in NUMBER_WORDS:
            found.add(NUMBER_WORDS[word])
        elif (
            word == "i"
            and position
            and (words[position - 1] in _NUMBERING_WORDS or position == len(words) - 1)
        ):
            found.add("1")  # "Part I", or a series' number closing the title ("… cohort I")
    return frozenset(found)


# "Phase I/II", "phase 2b", "Phase Ib/II": a numeral (with a sub-phase letter) after "phase"
_PHASE_NUMERAL = re.compile(r"^(i{1,3}|iv|[0-4])[ab]?$")
_PHASE_JOINERS = frozenset({"and", "or", "to"})


def trial_phase(title: str) -> frozenset[str]:
    """The phases of a trial a title names, as digits: "Phase I/II trial of …" -> {"1", "2"}.

    A phase I/II trial and a phase II trial are two studies, though "Part 1" and "Part 1 of 2"
    are one ("extra numbers on one side", `title_numbers`); a sub-phase ("IIb") is the phase.
    """
    if "phase" not in title.lower():
        return _NO_NUMBERS
    words = text.fold(title).split()
    found: set[str] = set()
    for position, word in enumerate(words):
        if word != "phase":
            continue
        for following in words[position + 1 :]:
            numeral = _PHASE_NUMERAL.match(following)
            if numeral is None and following in _PHASE_JOINERS:
                continue  # "phase I and II"
            if numeral is None:
                break
            value = numeral.group(1)
            found.add(_ROMAN.get(value, "1" if value == "i" else value))
    return frozenset(found)


def _ending(endings: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching a title (as exported) that ends with one of `endings` after a dash,
    colon, full stop or bracket: the authors' reply titled with the letter's title ("… - Reply",
    "…: authors' reply", "… [Reply]"); a word of a title's own ("A call and reply") is not one."""
    if not endings:
        return re.compile(r"(?!)")
    words = "|".join(r"\W+".join(re.escape(w) for w in e.split()) for e in endings)
    return re.compile(r"(?:\s[-\u2010-\u2015]\s*|[:.(\[]\s*)(?:" + words + r")\W*$", re.IGNORECASE)


def _opening(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching a folded title that opens with one of `prefixes` (whole words)."""
    if not prefixes:
        return re.compile(r"(?!)")
    return re.compile(r"^(?:" + "|".join(re.escape(p) for p in prefixes) + r")(?: |$)")


def _language_note(match: re.Match[str]) -> str:
    word = match.group(1)
    return "" if len(word) >= 5 and normalise("language", word) not in _NOT_LANGUAGES else word


def _greek_name(match: re.Match[str]) -> str:
    name = unicodedata.name(unicodedata.normalize("NFKC", match.group(0)), "")
    return f" {name.split()[-1].lower()} " if name.startswith("GREEK") else match.group(0)


def plain_title(title: str) -> str:
    """The title with unicode dashes as "-", lone Greek letters spelled out ("TNF-α" ->
    "TNF- alpha "), and a wholly bracketed (translated) title unwrapped, so that the checks
    reading its words and notes see what another database's record of it shows."""
    if title.isascii():
        return _unbracketed(title)
    title = title.translate(_DASHES)
    return _unbracketed(_LONE_GREEK.sub(_greek_name, title))


def _unbracketed(title: str) -> str:
    if not title.startswith("["):
        return title
    match = _BRACKETED_TITLE.match(title)
    if match is None:
        # the article's language noted after the translated title: "[Title] [Article in
        # German]", "[Title]. French", "[Title] (author's transl)"
        bare = _NOTE_AFTER_BRACKETS.sub("", title)
        bare = _LANGUAGE_NOTE.sub(lambda m: "." if not _language_note(m) else m.group(0), bare)
        match = _BRACKETED_TITLE.match(bare)
    return match.group(1).strip() if match else title


def split_title(title: str) -> tuple[str, str]:
    """The title to key and an original-language title tagged in it (or "").

    "English title. <ORIGINAL> TITRE FRANCAIS" -> ("English title.", "TITRE FRANCAIS"); a
    MEDLINE note cut off at the end ("...[Erratum appears in Am J") is dropped, and so is a
    language note after the last full stop ("Donor heart preservation. Japanese", as EndNote
    keeps Ovid's "[Article in Japanese]").
    """
    if "[" in title:
        title = _CUT_NOTE.sub("", title)
    if "." in title:
        title = _LANGUAGE_NOTE.sub(lambda m: "." if not _language_note(m) else m.group(0), title)
    if "<" in title:
        parts = _ORIGINAL_TAG.split(title, maxsplit=1)
        if len(parts) == 2 and parts[0].strip():
            return parts[0], parts[1]
    return title, ""


# Words that join a notice's opening to its article's title: "Erratum to", "Retraction notice
# for", "Correction to: …"
_REPORT_JOINERS = frozenset({"to", "for", "notice", "note", "article", "regarding", "about", "on"})


def report_key(title_key: str, prefixes: tuple[str, ...]) -> str:
    """The title key of a notice without its notice words: what names its article.

    "erratum to how do requirements evolve over time" -> "how do requirements evolve over
    time"; notices stacked by a database are all taken off ("Erratum: Author Correction: …",
    Embase's type before Springer Nature's title); a notice that names no article ("erratum")
    gives "".
    """
    ordered = sorted(prefixes, key=len, reverse=True)
    words = title_key.split()
    while True:
        while words and words[0] in _REPORT_JOINERS:
            words.pop(0)
        rest = " ".join(words)
        prefix = next((p for p in ordered if rest == p or rest.startswith(p + " ")), None)
        if prefix is None:
            return rest
        words = rest[len(prefix) :].split()


def version_key(doi: str, first_page: str) -> str:
    """What the versions of one work share ("" when the record shows none): a Cochrane review's
    number ("cd006828", from its DOI or its page), else the DOI without a version suffix."""
    for value in (doi, first_page):
        match = _COCHRANE_REVIEW.search(value)
        if match:
            return match.group(1).lower()
    return _DOI_VERSION.sub("", doi) if _DOI_VERSION.search(doi) else ""


def original_title_key(title: str, tagged: str = "") -> str:
    """Key of an original-language title in trailing brackets: "Crowdwork [Arbeiten in der Crowd]".

    Scopus and MEDLINE put the original title there (Ovid after `<ORIGINAL>`, passed as
    `tagged`); `title_key` drops it, so it is kept here as a second title to compare. "" when
    there is none (or it is a short note like [Review]).
    """
    if tagged:
        key = text.title_key(tagged)
        return key if key.count(" ") >= 3 else ""
    match = _ORIGINAL_TITLE.search(title)
    if not match or not title[: match.start()].strip():
        return ""
    key = text.title_key(match.group(1))
    return key if key.count(" ") >= 3 else ""


# MEDLINE's "Le Quintrec M", "Il Cheong H": surname words, then the initials in one word
_TRAILING_INITIALS = re.compile(r"^(\S+(?:\s+\S+)+?)\s+([A-Z]{1,3})$")


def _surname(author: str) -> str:
    """Folded surname of one author: `text.surname`, except that a MEDLINE name of several
    surname words before its initials keeps them all ("Le Quintrec M" -> "le quintrec", where
    `text.surname`, which stored ids depend on, gives "m")."""
    if "," not in author:
        match = _TRAILING_INITIALS.match(author.strip())
        if match:
            return text.fold(match.group(1))
    return text.surname(author)


def _name(author: str) -> tuple[str, str]:
    """(surname, given names) of one author, folded; suffixes such as "Jr" dropped."""
    if "," in author:
        surname, given = author.split(",", 1)
        surname_words, given_words = text.fold(surname).split(), text.fold(given).split()
    else:
        surname_words = _surname(author).split()
        given_words = [w for w in text.fold(author).split() if w not in surname_words]
    surname_words = [w for w in surname_words if w not in _NAME_SUFFIXES] or surname_words
    given_words = [w for w in given_words if w not in _NAME_SUFFIXES]
    return " ".join(surname_words), " ".join(given_words)


def _first_surname(authors: str) -> str:
    """The first author's folded surname without a suffix ("Lynch Jr, T. J." -> "lynch")."""
    words = _surname(authors.split(";", 1)[0]).split() if authors else []
    return " ".join([w for w in words if w not in _NAME_SUFFIXES] or words)


def author_names(authors: str, max_authors: int) -> tuple[tuple[str, str], ...]:
    """The first `max_authors` authors of an author field as folded (surname, given names).

    "Carignani, Andrea; Negri, Lorenzo" -> (("carignani", "andrea"), ("negri", "lorenzo")).
    Placeholders ("et al.", "Anonymous") are left out.
    """
    names = []
    for author in text.split_multi(authors):
        if text.fold(author) in _NOT_A_NAME:
            continue
        name = _name(author)
        if name[0]:
            names.append(name)
        if len(names) == max_authors:
            break
    return tuple(names)


def _issns(records: pd.DataFrame, name: str) -> list[str]:
    """ISSNs of a column as NNNN-NNNC (vectorised `text.normalise_issn`); "" when absent."""
    if name not in records:
        return [""] * len(records)
    found = records[name].astype("string").fillna("").str.extract(text.ISSN_PATTERN)
    issns: list[str] = (found[0] + "-" + found[1].str.upper()).fillna("").tolist()
    return issns


def _first_number(value: str) -> str:
    match = _LEADING_NUMBER.search(value)
    return match.group(0).lstrip("0") if match else ""


def _page_key(pages: str) -> str:
    first = text.first_page(pages)
    if not first or _PAGE_COUNT.match(first):
        return ""
    digits = _LEADING_NUMBER.search(first)
    # "e1002" and "1002" are the same article number; "S12" and "12" too (supplement pages).
    if digits:
        return digits.group(0).lstrip("0")
    # roman page numbers ("iii-vii") are pages; other letters ("t-8", a mangled cell) are not
    return first if _ROMAN_PAGE.match(first) else ""


def last_page_key(pages: str) -> str:
    """The last page of a range as a number ("2141-47" -> "2147"); "" without a range."""
    if "-" not in pages and "–" not in pages and "—" not in pages:
        return ""
    parts = _PAGE_PARTS.split(pages.strip(), maxsplit=1)
    if len(parts) < 2:
        return ""
    first, last = (_LEADING_NUMBER.search(part) for part in parts)
    if first is None or last is None:
        # front matter in roman numerals ("iii-xii") ends on its roman page
        roman = [part.strip().lower() for part in parts]
        return roman[1] if all(_ROMAN_PAGE.match(part) for part in roman) else ""
    first_digits, last_digits = first.group(0).lstrip("0"), last.group(0).lstrip("0")
    # an abbreviated last page takes the first page's leading digits: 2141-47 ends on 2147
    if len(last_digits) < len(first_digits):
        last_digits = first_digits[: len(first_digits) - len(last_digits)] + last_digits
    return last_digits


# "y" (Spanish "and") and the elided "d'"/"l'" of French and Italian titles: "Annales
# francaises d'anesthesie" abbreviates to "Ann Fr Anesth"; "annual" goes, and so does its ISO 4
# abbreviation "Annu."
# and the articles and prepositions of the other languages journals are named in ("Zeitschrift
# für Kardiologie" is "Z Kardiol", "Revista de la Sociedad" "Rev Soc"), with their "and"
# ("Pneumonologia i Alergologia Polska" is "Pneumonol Alergol Pol", "Medicina e Morale" ...)
# and Dutch ("Nederlands Tijdschrift voor Geneeskunde" is "Ned Tijdschr Geneeskd")
_SOURCE_STOPWORDS = STOPWORDS | {
    "y", "d", "l", "annual", "annu", "fur", "fuer", "zur", "zum", "im", "das", "dans", "pour",
    "sur", "los", "las", "el", "para", "por", "dei", "della", "delle", "di", "do", "da", "dos",
    "i", "e", "och", "og", "voor", "van", "het", "op", "ten", "ter",
}  # fmt: skip
# Edition numbers of a conference: "50th Annual Hawaii International Conference ...", "2007 ..."
_EDITION = re.compile(r"^\d+(?:st|nd|rd|th)?$")
# Editions written as words ("Fourth International Conference on …", "Twenty-First …",
# which abbreviations and other databases drop)
_EDITION_WORDS = frozenset(
    {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
     "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
     "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth",
     "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth", "hundredth"}
)  # fmt: skip
_EDITION_TENS = frozenset(
    {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
)  # fmt: skip
# "PROCEEDINGS OF THE 5TH EUROPEAN CONFERENCE ON SOCIAL MEDIA" (Web of Science) is Scopus's
# "European Conference on Social Media": a meeting's proceedings are named with and without
# the word; a journal called "Proceedings of …" (no meeting word) keeps it
_PROCEEDINGS = frozenset({"proceedings", "proc"})
_MEETING_WORDS = frozenset(
    {"conference", "conf", "symposium", "symp", "workshop", "congress", "meeting", "colloquium"}
)  # fmt: skip


_PARALLEL_TITLES = re.compile(r"\s+=\s+|\s*/\s*")
_TRAILING_ALIAS = re.compile(r"^\s*(\w.*?\S)\s*\([^()]+\)\s*\.?\s*$")
_TRAILING_TRANSLATION = re.compile(r"^\s*(\w.*?\S)\s*\[([^\[\]]+)\]\s*\.?\s*$")
_CONFERENCE_PART = re.compile(r"^\s*(\w[^:]*?)\s*\.\s*conference\s*:\s*(.*?)\s*$", re.IGNORECASE)
_NO_PARTS: tuple[str, ...] = ()


def source_parts(source: str) -> tuple[str, ...]:
    """Keys of the parallel titles of a source, () when it has one title.

    Also Embase's journal and meeting ("Journal.Conference: Meeting") and a translated name in
    square brackets after the journal's own.

    "Ai zheng = Aizheng = Chinese journal of cancer" (MEDLINE) and "Revista Panamericana de
    Salud Publica/Pan American Journal of Public Health" name one journal in two languages;
    a part split at "/" needs three words ("AIDS/HIV" is one title).
    """
    conference = _CONFERENCE_PART.match(source)
    if conference:
        # Embase's "Journal.Conference: 44th Annual Meeting …": the journal is a title too,
        # and so is the meeting, which a conference database names alone
        meeting = source_key(conference.group(2))
        return (
            source_key(conference.group(1)),
            source_key(source),
            *([meeting] if meeting else []),
        )
    translated = _TRAILING_TRANSLATION.match(source)
    if translated:
        # "Gan to Kagaku Ryoho [Japanese Journal of Cancer & Chemotherapy]": Ovid's and
        # Embase's translated name of a journal after its own
        return tuple(source_key(part) for part in translated.groups())
    alias = _TRAILING_ALIAS.match(source)
    if alias:
        # "… Conference on Agro-Geoinformatics (Agro-geoinformatics)", "Lung Cancer (the
        # Netherlands)": the title without its parenthesised short name or place
        return (source_key(alias.group(1)), source_key(source))
    if "=" not in source and "/" not in source:
        return _NO_PARTS
    parts = []
    for part in _PARALLEL_TITLES.split(source):
        key = source_key(part)
        if key and ("=" in source or key.count(" ") >= 2):
            parts.append(key)
    return tuple(parts) if len(parts) > 1 else _NO_PARTS


def source_key(source: str) -> str:
    """Folded source title without stop words and edition numbers ("50th annual", "2007",
    "twenty first"), and without the "Proceedings of" before a meeting's name.

    Abbreviation comparison drops them too; conference proceedings are named with and
    without their edition, and with and without the word "Proceedings".
    """
    words = text.fold(source).split()
    if words and words[0] in _PROCEEDINGS and _MEETING_WORDS.intersection(words):
        words = words[1:]
    return " ".join(
        w
        for position, w in enumerate(words)
        if (w not in _SOURCE_STOPWORDS or _in_initials(words, position))
        and not (w[0].isdigit() and _EDITION.match(w))
        and not _edition_word(words, position)
    )


def _edition_word(words: list[str], position: int) -> bool:
    """True for an edition in words: "sixteenth", and the "twenty" of "twenty first"."""
    word = words[position]
    if word in _EDITION_TENS:
        return position + 1 < len(words) and words[position + 1] in _EDITION_WORDS
    return word in _EDITION_WORDS


def _in_initials(words: list[str], position: int) -> bool:
    """True for a one-letter word next to another one: the "a" of "U S A" is no article."""
    return len(words[position]) == 1 and any(
        0 <= other < len(words) and len(words[other]) == 1 for other in (position - 1, position + 1)
    )


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
    records: pd.DataFrame, titles: list[str], pages: list[str], issues: list[str]
) -> dict[str, Any]:
    """What places a record beyond its volume and pages: a trial's phase in its title, a
    supplement's page or issue, an early-access year."""
    return {
        "phase": [trial_phase(title) for title in titles],
        "in_supplement": np.array(
            [
                bool(_SUPPLEMENT_PAGE.match(p) or _SUPPLEMENT_ISSUE.match(i))
                for p, i in zip(pages, issues, strict=True)
            ],
            dtype=bool,
        ),
        "early_access": np.isin(
            np.array(_column(records, "year_source"), dtype=object), _EARLY_YEARS
        ),
    }


def _notices(
    title_keys: list[str], titles: list[str], doc_types: list[str], settings: DedupSettings
) -> tuple[np.ndarray, np.ndarray]:
    """Which records are notices (a title opening or ending with notice words, "Re: …", a
    notice's document type, a correction titled with its article's citation), and which of
    those are reports of an article (errata, retractions; not replies)."""
    notice_opening = _opening(settings.notice_prefixes)
    notice_ending = _ending(settings.notice_endings)
    report_opening = _opening(settings.report_prefixes)
    notice_types = {t.casefold() for t in settings.notice_doc_types}
    is_notice, is_report = [], []
    for k, d, t in zip(title_keys, doc_types, titles, strict=True):
        typed = bool(d) and any(part.strip().casefold() in notice_types for part in d.split(";"))
        cited = t.rstrip(" .").endswith(")") and _CORRECTION_REFERENCE.search(t) is not None
        reported = typed or cited or report_opening.match(k) is not None
        notice = (
            typed
            or cited
            or notice_opening.match(k) is not None
            or _LETTER_ON.match(t) is not None
            or notice_ending.search(t) is not None
        )
        is_notice.append(notice)
        is_report.append(notice and reported)
    return np.array(is_notice, dtype=bool), np.array(is_report, dtype=bool)


def match_keys(records: pd.DataFrame, settings: DedupSettings) -> MatchKeys:
    """The normalised values of each record (one row per record_id) that the passes compare."""
    raw_titles = _column(records, "title")
    split_titles = [split_title(plain_title(t)) for t in raw_titles]
    titles = [title for title, _ in split_titles]
    title_keys = [text.title_key(t) for t in titles]
    generic_titles = frozenset(settings.generic_titles)
    generic_opening = _opening(settings.generic_prefixes)
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
    is_notice, is_report = _notices(title_keys, titles, doc_types, settings)
    report_keys = np.array(
        [
            report_key(k, settings.report_prefixes) if r else ""
            for k, r in zip(title_keys, is_report, strict=True)
        ],
        dtype=object,
    )
    years = pd.to_numeric(records["year"], errors="coerce").astype("Float64")
    year_values = years.fillna(-1).to_numpy(dtype="int64")
    volumes = [_first_number(v) for v in _column(records, "volume")]
    pages = [p.translate(_DASHES) if not p.isascii() else p for p in _column(records, "pages")]
    authors = _column(records, "authors")
    sources = _column(records, "source_title")
    raw_issues = _column(records, "issue")
    issues = [_first_number(v) for v in raw_issues]
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
    dois = [d if _NORMAL_DOI.match(d) else text.normalise_doi(d) for d in _column(records, "doi")]
    return MatchKeys(
        record_id=np.array(_column(records, "record_id"), dtype=object),
        title_key=np.array(title_keys, dtype=object),
        original_title_key=np.array(
            [original_title_key(t, tagged) for t, tagged in split_titles], dtype=object
        ),
        year=year_values,
        surname=_shared(_first_surname(a) for a in authors),
        authors=_shared(authors),
        volume=_shared(volumes),
        volume_is_year=np.array(
            [bool(v) and v == str(y) for v, y in zip(volumes, year_values.tolist(), strict=True)],
            dtype=bool,
        ),
        issue=_shared(issues),
        has_issue=has_issue,
        page=_shared(_page_key(p) for p in pages),
        last_page=_shared(last_page_key(p) for p in pages),
        **_placement_keys(records, titles, pages, raw_issues),
        source=_shared(source_key(s) for s in sources),
        container_key=_shared(containers[s] for s in sources),
        source_parts=[source_parts(s) for s in sources],
        issns=issns,
        doi=np.array(dois, dtype=object),
        version_key=np.array(
            [version_key(d, text.first_page(p)) for d, p in zip(dois, pages, strict=True)],
            dtype=object,
        ),
        pmid=np.array(
            [
                p if p.isdigit() and p[0] != "0" else text.normalise_pmid(p)
                for p in _column(records, "pmid")
            ],
            dtype=object,
        ),
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
            ["[" in t and _ERRATUM_NOTE.search(t) is not None for t in raw_titles], dtype=bool
        ),
        has_title=np.array([bool(k) for k in title_keys], dtype=bool),
        is_preprint=_preprints(dois, sources, settings),
        # compared only for the few pairs a republication rule looks at (score.same_abstracts)
        abstract=(
            records["abstract"].array
            if "abstract" in records
            else np.full(len(records), "", dtype=object)
        ),
        issue_ignored=issue_ignored,
    )
