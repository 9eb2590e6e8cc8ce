"""Word banks of the synthetic corpus: journals, institutions, people, keywords, references.

Everything the generator picks from is data (`data/sources.yaml`, `institutions.csv`,
`people.yaml`, `vocabulary.yaml`), read here into the tables the corpus (`corpus.py`) and the
large benchmark exports (`benchmark.py`) draw from, so both use the same, realistic-looking
vocabulary.

What is real and what is not:
- journal names, their WOS abbreviations, categories and publishers' addresses are modelled on
  real Web of Science records (a reviewer should recognise the shape of the literature);
- ISSNs are synthetic (valid check digit, computed from the journal name), DOIs use the test
  prefix 10.5555, accession numbers start with WOS:999, emails are under example.org;
- people are random combinations of given names and surnames from many languages (including
  non-ASCII ones: ç, ş, ü, ø, ł, ñ, ã ...), placed at random institutions: no real person's name
  and affiliation are combined on purpose.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from synthetic.data_files import load_csv, load_yaml

# --------------------------------------------------------------------------- identifiers

DOI_PREFIX = "10.5555"
"""The DOI test prefix (reserved for examples); every generated DOI starts with it."""

UT_PREFIX = "WOS:999"
"""Generated accession numbers are `WOS:999` + 12 digits: real ones start with 000 or 001."""

PMID_BASE = 99_000_000
"""Generated PubMed IDs are 99,000,000 and up: valid-looking, far beyond any issued PMID."""

EMAIL_DOMAIN = "example.org"
"""Every generated email address is under this reserved domain."""


def make_ut(number: int) -> str:
    """The synthetic accession number `WOS:999` + 12 digits."""
    if not 0 <= number < 10**12:
        raise ValueError(f"accession number {number} out of the synthetic range")
    return f"{UT_PREFIX}{number:012d}"


def issn_check_digit(first7: str) -> str:
    """ISSN check character for seven digits (weights 8..2, mod 11, 10 -> X)."""
    total = sum(int(d) * w for d, w in zip(first7, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


@cache
def synthetic_issn(name: str, salt: str = "print") -> str:
    """A valid-looking ISSN derived from a name (stable across runs and machines)."""
    digest = hashlib.sha256(f"{salt}:{name}".encode()).hexdigest()
    first7 = f"{int(digest[:12], 16) % 10_000_000:07d}"
    return f"{first7[:4]}-{first7[4:]}{issn_check_digit(first7)}"


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Publisher:
    """PU, PI and PA of a WOS record."""

    name: str
    city: str
    address: str


@dataclass(frozen=True)
class Journal:
    """A source (journal or proceedings series) with everything a WOS record says about it."""

    key: str  # short code used in DOIs: 10.5555/<key>.<year>.<number>
    name: str  # SO, upper case as WOS writes it
    j9: str  # 29-character abbreviation
    ji: str  # ISO abbreviation
    publisher: str  # key of PUBLISHERS
    categories: str  # WC, "; "-joined
    research_areas: str  # SC
    index: str  # WE
    contexts: tuple[str, ...]  # study contexts it publishes on; "offtopic" for informatics etc.
    language: str = "English"
    first_year: int = 1990  # volume 1 year (volume = year - first_year + 1)
    issues_per_year: int = 6
    article_numbers: bool = False  # AR instead of BP/EP (open-access megajournals)
    medline: bool = False  # indexed in MEDLINE: records carry a PM

    @property
    def issn(self) -> str:
        return synthetic_issn(self.name)

    @property
    def eissn(self) -> str:
        return synthetic_issn(self.name, salt="electronic")


@dataclass(frozen=True)
class Conference:
    """A proceedings source: series (SE), conference title (CT), place (CL), publisher."""

    key: str
    name: str  # SO pattern; {year} and {n} are filled in
    series: str
    title: str  # CT pattern
    location: str  # CL
    month: str  # CY month(s)
    publisher: str
    categories: str
    research_areas: str
    first_year: int
    isbn_stem: str  # BN: 978-<stem>-<n>
    issn: str = ""


def _journal(row: dict[str, Any]) -> Journal:
    return Journal(**{**row, "contexts": tuple(row["contexts"])})


_SOURCES = load_yaml("sources.yaml")

PUBLISHERS: dict[str, Publisher] = {p["name"]: Publisher(**p) for p in _SOURCES["publishers"]}
JOURNALS: tuple[Journal, ...] = tuple(_journal(j) for j in _SOURCES["journals"])
JOURNALS_BY_KEY: dict[str, Journal] = {j.key: j for j in JOURNALS}
CONFERENCES: tuple[Conference, ...] = tuple(Conference(**c) for c in _SOURCES["conferences"])
CONFERENCE_INDEX: str = _SOURCES["conference_index"]
"""WE of proceedings papers."""


# --------------------------------------------------------------------------- places and people


@dataclass(frozen=True)
class Institution:
    """An institution as WOS writes it in C1 (abbreviated) and C3 (organisation-enhanced)."""

    abbreviation: str  # "Univ Toronto"
    place: str  # the end of the address before the country: "Toronto, ON M5S 1A1"
    country: str  # as WOS writes it: "USA", "England", "Peoples R China", "Turkiye"
    enhanced: str  # C3
    medical: bool = False  # has a medical school / hospital (for medicine and nursing authors)


INSTITUTIONS: tuple[Institution, ...] = tuple(
    Institution(row["abbreviation"], row["place"], row["country"], row["enhanced"], medical)
    for row in load_csv("institutions.csv")
    for medical in [row["medical"] == "yes"]
)

_PEOPLE = load_yaml("people.yaml")


def _tuples(mapping: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(values) for key, values in mapping.items()}


LANGUAGE_COUNTRIES: dict[str, tuple[str, ...]] = _tuples(_PEOPLE["language_countries"])
"""Countries of the institutions of authors writing in a journal of that language."""
DEPARTMENTS: dict[str, tuple[str, ...]] = _tuples(_PEOPLE["departments"])
"""Departments (C1) by study context."""
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    tradition: (tuple(names["given"]), tuple(names["surnames"]))
    for tradition, names in _PEOPLE["names"].items()
}
"""(given names, surnames) per naming tradition; accents as the authors write them."""
COUNTRY_NAMING: dict[str, tuple[str, ...]] = _tuples(_PEOPLE["country_naming"])
"""The naming traditions of authors at institutions of a country."""


# --------------------------------------------------------------------------- words

_WORDS = load_yaml("vocabulary.yaml")

KEYWORDS_PLUS: dict[str, tuple[str, ...]] = _tuples(_WORDS["keywords_plus"])
CLASSIC_REFERENCES: tuple[str, ...] = tuple(_WORDS["classic_references"])
"""Real, well-known works on (e-)mentoring, cited as WOS writes them."""
CITED_SOURCES: tuple[str, ...] = tuple(_WORDS["cited_sources"])
"""Abbreviated sources for generated cited references (J9-style, as in real CR fields)."""
SURNAMES_FOR_REFERENCES: tuple[str, ...] = tuple(
    sorted({s for _, surnames in NAMES.values() for s in surnames})
)
FUNDERS: tuple[tuple[str, str], ...] = tuple((f["name"], f["short"]) for f in _WORDS["funders"])
OPEN_ACCESS: tuple[str, ...] = tuple(_WORDS["open_access"])

MONTHS: tuple[str, ...] = (
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
)  # fmt: skip
