"""Field values → canonical column values: the normalisation every export reader shares.

A reader hands over a tag's or column's value as exported; these functions give the value of the
records table's column (`records.RECORD_COLUMNS`, docs/data-contracts.md):

- text: `clean` (one line), `join_list` (`a; b; c`), `distinct`;
- `year_in`: the first plausible year of a date;
- authors: `short_name` (`Surname, Initials` as WOS writes AU), `name_with_initials`;
- addresses: `address`, `line_addresses`, `countries`, `summarise_addresses` (affiliations and
  countries columns);
- numbers: `to_int` (a count; a value that is none goes to the file's `FileLog`);
- `issns`: ISSN and eISSN from labelled lines (`left_out_issns`: those a record cannot keep).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

from metasynth import text
from metasynth.ingest.base import FileLog
from metasynth.ingest.tags import COUNTRY_ALIASES

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|2100)(?!\d)")
DIGITS = re.compile(r"^\s*(\d+)\s*$")
"""A whole number, maybe with spaces around it."""
BRACKETS = re.compile(r"^\[[^\]]*\]\s*")
"""The `[Author; Author]` prefix of a C1 address."""
_EMAIL = re.compile(r"(?:electronic address:\s*)?[^\s,;:]+@[^\s,;]+", re.IGNORECASE)
_WOS_INITIALS = re.compile(r"^[A-Z]{1,5}$")
_NAME_PARTS = re.compile(r"[\s.\-‐‑]+")
_INITIALS_TOKEN = re.compile(r"^(?:[A-Z]\.?-?){1,5}$")
# "A. Author-One", "J.-P. van der Berg": initials with full stops, then the surname (IEEE
# Xplore's RIS writes authors so); "J. Craig Venter Institute" has more words and is a group
_INITIALS_THEN_SURNAME = re.compile(
    r"(?:[^\W\d_]\.(?:-?[^\W\d_]\.)*\s*)+(?:[a-z]+\s+)*[^\W\d_][^\s.]*"
)


def clean(value: str) -> str:
    """A value as one line: whitespace runs (line breaks, tabs, bare CRs) become one space."""
    return " ".join(value.split())


def line_items(value: str) -> list[str]:
    """Items written one per line (WOS plain text AU, C1, CR …), each cleaned; blank lines go."""
    return [item for item in (clean(line) for line in value.split("\n")) if item]


def join_list(value: str) -> str:
    """A `;`-separated list (maybe wrapped over lines) as `a; b; c`."""
    return text.join_multi([part.strip() for part in clean(value).split(";")])


def distinct(values: Iterable[str]) -> list[str]:
    """Non-empty values, first occurrence kept, in order."""
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return list(seen)


def year_in(value: str) -> int | None:
    """The first plausible four-digit year in a value ("JUN 2021" → 2021)."""
    match = _YEAR.search(value)
    return int(match.group(1)) if match else None


def initials(given: str) -> str:
    """WOS-style initials of given names ("Elliot John" → "EJ", "J.-F." → "JF", "AB" → "AB")."""
    given = given.strip()
    if _WOS_INITIALS.match(given):
        return given
    return "".join(part[0].upper() for part in _NAME_PARTS.split(given) if part[:1].isalpha())


def short_name(name: str, *, given_first: bool = True) -> str:
    """An author as WOS writes AU, `Surname, Initials` ("Florin, Ann-Britt" → "Florin, AB").

    A name without a comma is read as "Given Surname" (BibTeX allows it) unless `given_first`
    is False (RIS, where names are "Surname, Given" and a name without a comma is a group) and
    the name is not initials and a surname ("A. Author-One", as IEEE Xplore's RIS writes).
    """
    name = clean(name).strip(" ,;")
    if not name:
        return ""
    if "," not in name and not given_first and not _INITIALS_THEN_SURNAME.fullmatch(name):
        return name
    if "," in name:
        surname, _, given = name.partition(",")
        given = given.split(",", 1)[0]  # drop a suffix such as ", Jr."
    else:
        parts = name.split()
        if len(parts) == 1:
            return name
        if len(parts) == 2 and _WOS_INITIALS.match(parts[1]):
            surname, given = parts
        else:
            # "Jan van der Berg": the particles written in lower case belong to the surname
            start = len(parts) - 1
            while start > 0 and parts[start - 1] in text.NAME_PARTICLES:
                start -= 1
            surname, given = " ".join(parts[start:]), " ".join(parts[:start])
    surname = surname.strip()
    abbreviation = initials(given)
    return f"{surname}, {abbreviation}" if abbreviation else surname


def name_with_initials(name: str) -> str:
    """An author written "Surname Initials" (PubMed AU, Ovid, Scopus and Embase CSV: "Griffin DK",
    "Lucas J.S.", "van der Berg A.") as `Surname, Initials`; other names as they are."""
    name = clean(name).strip(" ,;")
    surname, _, last = name.rpartition(" ")
    if surname and _INITIALS_TOKEN.match(last):
        return f"{surname}, {last.replace('.', '').replace('-', '')}"
    return name


def _without_email(address: str) -> str:
    """An address without the e-mail address that PubMed, Embase and PsycInfo write in it: kept
    when the e-mail follows a full stop ("…, Australia. a@b.edu.au") or, in APA PsycInfo's
    "Author: affiliation, e-mail", the author's affiliation ("Keefer, Amy: Kennedy Krieger
    Institute, Baltimore, MD, US, k@kki.org"); empty when only a name is left ("Kapitany, Rohan:
    r@keele.ac.uk", "Malmquist, Anna, a@liu.se"), as an address that names no country."""
    email = _EMAIL.search(address)
    if email is None:
        return address
    before = address[: email.start()].rstrip()
    if before.endswith("."):
        return before
    _, colon, affiliation = before.partition(": ")
    return affiliation.rstrip(" ,") if colon else ""


_POSTCODE: Final = re.compile(r"^(?=.*\d)[A-Z0-9][A-Z0-9 -]{2,9}$")
"""A part of an address that is a postal code (`3000-115`, `K1H 8L1`, `60208-3545`): APA
PsycInfo writes it after the country."""


def countries(addresses: Iterable[str]) -> list[str]:
    """Countries named at the end of addresses (before a postal code), distinct, in order of
    appearance."""
    found: list[str] = []
    for address in addresses:
        parts = _without_email(address).rstrip(" .;").split(",")
        while len(parts) > 1 and _POSTCODE.match(parts[-1].strip()):
            parts.pop()
        last = parts[-1].strip()
        key = last.lower()
        if not key:
            continue
        country = "USA" if key == "usa" or key.endswith(" usa") else COUNTRY_ALIASES.get(key, last)
        if country not in found:
            found.append(country)
    return found


def address(line: str) -> str:
    """A C1 address without its `[Author; Author]` prefix or final full stop."""
    return BRACKETS.sub("", clean(line)).rstrip(" .")


def line_addresses(value: str) -> list[str]:
    """The addresses of a C1 value written one per line (WOS plain text), as `address` reads
    them; lines that are already clean take a quicker way to the same result."""
    addresses: list[str] = []
    for line in value.split("\n"):
        if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
            if not line:
                continue
            if line[0] == "[":
                close = line.find("]")
                if close >= 0:
                    line = line[close + 1 :].lstrip(" ")
            addresses.append(line.rstrip(" ."))
        else:
            item = clean(line)
            if item:
                addresses.append(address(item))
    return addresses


def summarise_addresses(addresses: list[str]) -> tuple[str, str]:
    """(affiliations, countries) columns from a record's addresses."""
    return text.join_multi(distinct(addresses)), text.join_multi(countries(addresses))


LONGEST_COUNT = 15
"""Digits a count, year or page number may have: the tables hold 64-bit integers (19 digits),
and no count of citations or pages comes near a quadrillion."""


def to_int(value: str, column: str, log: FileLog, line: int) -> int | None:
    match = DIGITS.match(value)
    if match and len(match.group(1).lstrip("0")) > LONGEST_COUNT:
        digits = len(match.group(1))
        log.warn(line, f"{column} is a number of {digits} digits, too large to be one: left empty")
        return None
    if match:
        return int(match.group(1))
    if value.strip():
        log.warn(line, f"{column} {value.strip()[:20]!r} is not a whole number: left empty")
    return None


def issns(values: list[str]) -> tuple[str, str]:
    """(ISSN, eISSN) from RIS `SN` or MEDLINE `IS` lines, using their "(Print)"/"(Electronic)"
    labels. A line may hold several, each with its label (APA PsycInfo:
    `1999-7777(Electronic),0222-6666(Print)`; JSTOR: `21111112, 2777777X`)."""
    labelled: dict[str, str] = {}
    plain: list[str] = []
    for issn, label in _issn_parts(values):
        if label:
            labelled.setdefault(label, issn)
        elif issn not in plain:
            plain.append(issn)
    issn = labelled.get("print") or (plain[0] if plain else "") or labelled.get("linking", "")
    eissn = labelled.get("electronic") or next((p for p in plain if p != issn), "")
    return issn, eissn


def _issn_parts(values: list[str]) -> Iterator[tuple[str, str]]:
    """Each ISSN of the lines (split at commas and semicolons) and its label ("print",
    "electronic", "linking" or "")."""
    for value in (part for line in values for part in re.split(r"[,;]", line)):
        issn = text.normalise_issn(value)
        lowered = value.lower()
        if issn and "isbn" not in lowered:
            label = ("print", "electronic", "linking")
            yield issn, next((name for name in label if name in lowered), "")


def left_out_issns(values: list[str], kept: tuple[str, str]) -> list[str]:
    """The ISSNs of the lines that are neither of `kept` (ISSN, eISSN): a record has one of
    each, and a third one on an SN line would otherwise be lost without a word."""
    return list(dict.fromkeys(issn for issn, _ in _issn_parts(values) if issn not in kept))
