"""Building WOS records from bibliographic content: people, addresses, references, identifiers.

Both the default corpus (`corpus.py`) and the large benchmark exports (`benchmark.py`) describe a
paper as a `Paper` (who wrote it, where, what it is called, where and when it appeared) and turn
it into the tag -> value mapping the writers in `wos_writer.py` lay out. The fuzzy-duplicate
`variations` (an abbreviated journal, an accent lost, a DOI missing, an early-access version...)
live here too, so that both use the same, documented set.

Everything is driven by a `random.Random` passed in, never by the global generator, so a seed
gives the same bytes on every machine.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

from synthetic.vocabulary import (
    CITED_SOURCES,
    CLASSIC_REFERENCES,
    CONFERENCE_INDEX,
    COUNTRY_NAMING,
    DOI_PREFIX,
    EMAIL_DOMAIN,
    INSTITUTIONS,
    MONTHS,
    NAMES,
    PMID_BASE,
    PUBLISHERS,
    SURNAMES_FOR_REFERENCES,
    Conference,
    Institution,
    Journal,
)
from synthetic.wos_writer import Value

_TRANSLITERATION = str.maketrans(
    {"ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "đ": "d"}
)


def ascii_fold(text: str) -> str:
    """Text without accents, keeping case and punctuation ("Çelik" -> "Celik", "Ø" -> "O")."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# --------------------------------------------------------------------------- randomness

T = TypeVar("T")


def pick(rng: random.Random, options: Sequence[T]) -> T:
    """One element chosen uniformly (faster than `Random.choice`, same role)."""
    return options[int(rng.random() * len(options))]


# --------------------------------------------------------------------------- people


@cache
def _initials(given: str) -> str:
    return "".join(p[0].upper() for p in re.split(r"[\s\-]+", given) if p)


@cache
def _email(surname: str, given: str) -> str:
    local_given = re.sub(r"[^a-z]", "", ascii_fold(given.split()[0]).lower())
    local_surname = re.sub(r"[^a-z]+", "-", ascii_fold(surname).lower()).strip("-")
    return f"{local_given}.{local_surname}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class Author:
    """One author: surname and given names as the author writes them."""

    surname: str
    given: str

    @property
    def initials(self) -> str:
        """WOS initials: first letter of each given name and hyphenated part ("Min-jung": "MJ")."""
        return _initials(self.given)

    def au(self) -> str:
        """AU form: `Surname, INITIALS`."""
        return f"{self.surname}, {_initials(self.given)}"

    def af(self) -> str:
        """AF form: `Surname, Given Names`."""
        return f"{self.surname}, {self.given}"

    def email(self) -> str:
        """A synthetic address under example.org."""
        return _email(self.surname, self.given)


def orcid_check_digit(base_digits: str) -> str:
    """ISO 7064 11,2 check character of the 15 base digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def synthetic_orcid(rng: random.Random) -> str:
    """An ORCID-shaped iD in the 0009-9xxx block, beyond the blocks ORCID has issued from."""
    base = "00099" + f"{rng.randrange(10**10):010d}"
    digits = base + orcid_check_digit(base)
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def synthetic_researcher_id(rng: random.Random, year: int) -> str:
    """A ResearcherID-shaped identifier with the unissued `ZZ` prefix."""
    letter = "ABCDEFGHJKLMNPQRSTUVWXY"[rng.randrange(23)]
    return f"ZZ{letter}-{rng.randrange(1000, 10000)}-{year}"


def random_author(rng: random.Random, country: str) -> Author:
    """A random person whose name fits the naming traditions of the country."""
    tradition = pick(rng, COUNTRY_NAMING.get(country, ("english",)))
    given_names, surnames = NAMES[tradition]
    return Author(pick(rng, surnames), pick(rng, given_names))


# --------------------------------------------------------------------------- addresses


@dataclass(frozen=True)
class Address:
    """One C1 address: the authors (indices into the author list) at one institution."""

    institution: Institution
    department: str
    author_indices: tuple[int, ...]

    def location(self) -> str:
        """`Inst, Dept, Place, Country` as WOS abbreviates it (USA addresses end "ST 12345 USA")."""
        inst = self.institution
        head = f"{inst.abbreviation}, {self.department}, {inst.place}"
        return f"{head} USA" if inst.country == "USA" else f"{head}, {inst.country}"

    def c1(self, authors: Sequence[Author]) -> str:
        names = "; ".join(authors[i].af() for i in self.author_indices)
        return f"[{names}] {self.location()}"


def random_team(
    rng: random.Random,
    departments: Sequence[str],
    *,
    countries: Sequence[str] = (),
    medical: bool = False,
    n_authors: int | None = None,
) -> tuple[list[Author], list[Address]]:
    """A plausible author team: 1-8 authors at 1-3 institutions (distinct names)."""
    if n_authors is None:
        n_authors = pick(rng, (1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8))
    pool = [i for i in INSTITUTIONS if (not countries or i.country in countries)]
    if medical:
        pool = [i for i in pool if i.medical] or pool
    n_sites = min(n_authors, pick(rng, (1, 1, 1, 2, 2, 3)))
    sites = rng.sample(pool, min(n_sites, len(pool)))
    authors: list[Author] = []
    seen: set[str] = set()
    site_of: list[int] = []
    for index in range(n_authors):
        site = 0 if index == 0 else rng.randrange(len(sites))
        for _ in range(20):
            author = random_author(rng, sites[site].country)
            if author.au() not in seen:
                break
        seen.add(author.au())
        authors.append(author)
        site_of.append(site)
    addresses = [
        Address(
            sites[s],
            pick(rng, departments),
            tuple(i for i in range(n_authors) if site_of[i] == s),
        )
        for s in range(len(sites))
        if s in site_of
    ]
    return authors, addresses


# --------------------------------------------------------------------------- references


def make_doi(journal_key: str, year: int, number: int) -> str:
    """A DOI under the test prefix: `10.5555/<journal>.<year>.<number>`."""
    return f"{DOI_PREFIX}/{journal_key}.{year}.{number:06d}"


def cited_reference(rng: random.Random, max_year: int) -> str:
    """One generated cited reference as WOS writes it (some with a DOI under 10.5555)."""
    surname = ascii_fold(pick(rng, SURNAMES_FOR_REFERENCES))
    initials = "".join(pick(rng, "ABCDEFGHJKLMNPRSTW") for _ in range(pick(rng, (1, 1, 2))))
    year = rng.randint(max(1975, max_year - 30), max_year)
    source = pick(rng, CITED_SOURCES)
    volume = rng.randint(1, 120)
    page = rng.randint(1, 2400)
    text = f"{surname} {initials}, {year}, {source}, V{volume}, P{page}"
    if year >= 2000 and rng.random() < 0.7:
        code = re.sub(r"[^a-z]", "", source.lower())[:8]
        text += f", DOI {make_doi(code, year, rng.randrange(1, 999_999))}"
    return text


def reference_pool(rng: random.Random, size: int, max_year: int) -> list[str]:
    """A pool of cited references to draw reference lists from (classics included)."""
    pool = [cited_reference(rng, max_year) for _ in range(size)]
    pool.extend(CLASSIC_REFERENCES)
    return pool


def sort_references(references: Sequence[str]) -> list[str]:
    """Cited references in the order WOS lists them (by first author, case-insensitive)."""
    return sorted(dict.fromkeys(references), key=str.casefold)


# --------------------------------------------------------------------------- papers


@dataclass
class Paper:
    """Bibliographic content of one record, before it is laid out as WOS tags."""

    ut: str
    title: str
    authors: list[Author]
    addresses: list[Address]
    doc_type: str  # DT, e.g. "Article", "Article; Early Access", "Proceedings Paper"
    language: str
    abstract: str
    author_keywords: list[str]
    keywords_plus: list[str]
    references: list[str]
    times_cited: int
    journal: Journal | None = None
    conference: Conference | None = None
    conference_edition: int = 0
    year: int | None = None  # PY (None for early access without a final version)
    month: str = ""  # PD
    volume: str = ""
    issue: str = ""
    supplement: str = ""
    begin_page: str = ""
    end_page: str = ""
    article_number: str = ""
    page_count: int = 0
    doi: str = ""
    early_access: str = ""  # EA, "JUN 2021"
    early_access_year: int | None = None  # EY
    pmid: str = ""
    open_access: str = ""
    funding: list[str] = field(default_factory=list)
    funding_text: str = ""
    delivery_number: str = ""  # GA
    export_date: str = ""  # DA
    usage_180: int = 0
    usage_since_2013: int = 0
    times_cited_all: int = 0
    orcids: dict[int, str] = field(default_factory=dict)  # author index -> ORCID
    researcher_ids: dict[int, str] = field(default_factory=dict)
    reprint_author: int = 0
    extra: dict[str, Value] = field(default_factory=dict)  # tags added or overridden last


@cache
def journal_fields(journal: Journal) -> dict[str, str]:
    """The fields every record of a journal shares (SO, publisher, ISSNs, categories)."""
    publisher = PUBLISHERS[journal.publisher]
    return {
        "SO": journal.name,
        "PU": publisher.name,
        "PI": publisher.city,
        "PA": publisher.address,
        "SN": journal.issn,
        "EI": journal.eissn,
        "J9": journal.j9,
        "JI": journal.ji,
        "WC": journal.categories,
        "WE": journal.index,
        "SC": journal.research_areas,
    }


def conference_fields(conference: Conference, year: int, edition: int) -> dict[str, str]:
    """The fields of a proceedings volume (SO, SE, CT, CY, CL, publisher, ISSN/ISBN, categories)."""
    publisher = PUBLISHERS[conference.publisher]
    day = 3 + edition % 20
    fields = {
        "SO": conference.name.format(year=year, yy=f"{year % 100:02d}", n=edition),
        "SE": conference.series,
        "CT": conference.title.format(n=edition),
        "CY": f"{conference.month} {day:02d}-{day + 2:02d}, {year}",
        "CL": conference.location,
        "PU": publisher.name,
        "PI": publisher.city,
        "PA": publisher.address,
        "WC": conference.categories,
        "WE": CONFERENCE_INDEX,
        "SC": conference.research_areas,
    }
    if conference.issn:
        fields["SN"] = conference.issn
    if conference.isbn_stem:
        fields["BN"] = f"978-{conference.isbn_stem}-{(edition * 7919) % 100000:05d}-{edition % 10}"
    return fields


def team_fields(
    authors: Sequence[Author],
    addresses: Sequence[Address],
    *,
    reprint_author: int = 0,
    orcids: dict[int, str] | None = None,
    researcher_ids: dict[int, str] | None = None,
) -> dict[str, Value]:
    """AU, AF, C1, C3, RP, EM, RI and OI of an author team."""
    fields: dict[str, Value] = {
        "AU": [a.au() for a in authors],
        "AF": [a.af() for a in authors],
    }
    if addresses:
        fields["C1"] = [a.c1(authors) for a in addresses]
        fields["C3"] = list(dict.fromkeys(a.institution.enhanced for a in addresses))
        reprint = next((a for a in addresses if reprint_author in a.author_indices), addresses[0])
        fields["RP"] = (
            f"{authors[reprint_author].au()} (corresponding author), {reprint.location()}."
        )
        # The corresponding author's address, and the last author's in larger teams.
        emails = [authors[reprint_author].email()]
        if len(authors) >= 3 and len(authors) - 1 != reprint_author:
            emails.append(authors[-1].email())
        fields["EM"] = emails
    if researcher_ids:
        fields["RI"] = [f"{authors[i].af()}/{rid}" for i, rid in sorted(researcher_ids.items())]
    if orcids:
        fields["OI"] = [f"{authors[i].af()}/{orcid}" for i, orcid in sorted(orcids.items())]
    return fields


def paper_fields(paper: Paper) -> dict[str, Value]:
    """The WOS tag -> value mapping of a paper (what a Full Record export holds).

    Insertion order does not matter: the writers order tags as real exports do.
    """
    fields: dict[str, Value] = {
        "PT": "C" if paper.conference is not None else "J",
        "TI": paper.title,
        "LA": paper.language,
        "DT": paper.doc_type,
    }
    fields.update(
        team_fields(
            paper.authors,
            paper.addresses,
            reprint_author=paper.reprint_author,
            orcids=paper.orcids,
            researcher_ids=paper.researcher_ids,
        )
    )
    if paper.journal is not None:
        fields.update(journal_fields(paper.journal))
    elif paper.conference is not None:
        year = paper.year or paper.early_access_year or paper.conference.first_year
        fields.update(conference_fields(paper.conference, year, paper.conference_edition))
    if paper.author_keywords:
        fields["DE"] = list(paper.author_keywords)
    if paper.keywords_plus:
        fields["ID"] = list(paper.keywords_plus)
    if paper.abstract:
        fields["AB"] = paper.abstract
    if paper.funding:
        fields["FU"] = list(paper.funding)
    if paper.funding_text:
        fields["FX"] = paper.funding_text
    if paper.references:
        fields["CR"] = list(paper.references)
    fields["NR"] = str(len(paper.references))
    fields["TC"] = str(paper.times_cited)
    fields["Z9"] = str(max(paper.times_cited_all, paper.times_cited))
    fields["U1"] = str(paper.usage_180)
    fields["U2"] = str(max(paper.usage_since_2013, paper.usage_180))
    if paper.month and paper.year is not None:
        fields["PD"] = paper.month
    if paper.year is not None:
        fields["PY"] = str(paper.year)
    for tag, value in (
        ("VL", paper.volume),
        ("IS", paper.issue),
        ("SU", paper.supplement),
        ("BP", paper.begin_page),
        ("EP", paper.end_page),
        ("AR", paper.article_number),
        ("DI", paper.doi),
        ("EA", paper.early_access),
        ("EY", str(paper.early_access_year) if paper.early_access_year else ""),
        ("PG", str(paper.page_count) if paper.page_count else ""),
        ("GA", paper.delivery_number),
        ("UT", paper.ut),
        ("PM", paper.pmid),
        ("OA", paper.open_access),
        ("DA", paper.export_date),
    ):
        if value:
            fields[tag] = value
    fields.update(paper.extra)
    return fields


def delivery_number(rng: random.Random) -> str:
    """A document-delivery number (GA) of the modern 6-character shape."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    return "".join(pick(rng, alphabet) for _ in range(6))


def synthetic_pmid(number: int) -> str:
    """A PubMed ID far beyond any issued one (99,000,000 + number)."""
    return str(PMID_BASE + number)


def citation_counts(rng: random.Random, year: int, export_year: int) -> tuple[int, int, int, int]:
    """(TC, Z9, U1, U2): times cited grows with age, heavy-tailed like real counts."""
    age = max(0, export_year - year)
    times_cited = int(rng.lognormvariate(0.2, 1.1) * (age + 0.5) * 1.6)
    times_cited_all = times_cited + int(rng.random() * 0.15 * times_cited + (rng.random() < 0.3))
    usage_since_2013 = int(rng.lognormvariate(2.2, 0.9)) + times_cited // 2
    usage_180 = min(
        usage_since_2013, int(rng.lognormvariate(0.6, 1.0)) if age < 8 else rng.randint(0, 2)
    )
    return times_cited, times_cited_all, usage_180, usage_since_2013


def volume_issue(journal: Journal, year: int, rng: random.Random) -> tuple[str, str]:
    """Volume from the journal's first year; issue within the year."""
    volume = max(1, year - journal.first_year + 1)
    if journal.issues_per_year <= 1:
        return str(volume), ""
    return str(volume), str(rng.randint(1, journal.issues_per_year))


def month_for_issue(journal: Journal, issue: str) -> str:
    """PD of an issue: months spread over the year."""
    if not issue:
        return ""
    per_year = max(1, journal.issues_per_year)
    index = min(11, (int(issue) - 1) * 12 // per_year)
    return MONTHS[index]


# --------------------------------------------------------------------------- variations

VariationFn = Callable[[dict[str, Value], random.Random], None]


def _upper_title(fields: dict[str, Value], rng: random.Random) -> None:
    fields["TI"] = str(fields["TI"]).upper()


def _html_entities(fields: dict[str, Value], rng: random.Random) -> None:
    title = str(fields["TI"])
    replaced = title.replace("&", "&amp;").replace("'", "&apos;").replace("é", "&eacute;")
    if replaced == title:
        words = title.split(" ")
        middle = len(words) // 2
        words.insert(middle, "&amp;")
        words[middle - 1] = words[middle - 1].rstrip(",")
        replaced = " ".join(words).replace(" and &amp;", " &amp;")
    fields["TI"] = replaced


def _strip_accents(fields: dict[str, Value], rng: random.Random) -> None:
    for tag in ("TI", "AU", "AF", "C1"):
        value = fields.get(tag)
        if isinstance(value, str):
            fields[tag] = ascii_fold(value)
        elif value:
            fields[tag] = [ascii_fold(v) for v in value]


def _language_marker(fields: dict[str, Value], rng: random.Random) -> None:
    marker = rng.choice(("[Chinese]", "[Spanish]", "[Portuguese]", "[Russian]"))
    fields["TI"] = f"{str(fields['TI']).rstrip('.')} {marker}"


def _drop_doi(fields: dict[str, Value], rng: random.Random) -> None:
    fields.pop("DI", None)


def _drop_pages(fields: dict[str, Value], rng: random.Random) -> None:
    for tag in ("BP", "EP", "PG", "AR"):
        fields.pop(tag, None)


def _abbreviate_journal(fields: dict[str, Value], rng: random.Random) -> None:
    abbreviation = fields.get("JI") or fields.get("J9")
    if abbreviation:
        fields["SO"] = str(abbreviation)


def _early_access(fields: dict[str, Value], rng: random.Random) -> None:
    """The record of the early-access version: a year earlier, no volume, issue or pages."""
    year = int(str(fields.get("PY") or fields.get("EY") or "2020"))
    for tag in ("PY", "PD", "VL", "IS", "SU", "BP", "EP", "AR"):
        fields.pop(tag, None)
    doc_type = str(fields.get("DT", "Article"))
    if "Early Access" not in doc_type:
        fields["DT"] = f"{doc_type}; Early Access"
    fields["EA"] = f"{rng.choice(MONTHS[6:])} {year - 1}"
    fields["EY"] = str(year - 1)


def _title_typo(fields: dict[str, Value], rng: random.Random) -> None:
    title = str(fields["TI"])
    positions = [
        i for i in range(1, len(title) - 2) if title[i].isalpha() and title[i + 1].isalpha()
    ]
    if positions:
        i = rng.choice(positions)
        title = title[:i] + title[i + 1] + title[i] + title[i + 2 :]
    fields["TI"] = title


def _initials_variant(fields: dict[str, Value], rng: random.Random) -> None:
    """Authors with one initial and full names reduced to initials (another database's style)."""
    authors = fields.get("AU")
    if isinstance(authors, list | tuple):
        fields["AU"] = [
            a.split(", ")[0] + ", " + a.split(", ")[1][:1] if ", " in a else a for a in authors
        ]
        fields["AF"] = list(fields["AU"])


VARIATIONS: dict[str, VariationFn] = {
    "title_upper_case": _upper_title,
    "title_html_entities": _html_entities,
    "accents_stripped": _strip_accents,
    "title_language_marker": _language_marker,
    "doi_missing": _drop_doi,
    "pages_missing": _drop_pages,
    "journal_abbreviated": _abbreviate_journal,
    "early_access_version": _early_access,
    "title_typo": _title_typo,
    "author_initials": _initials_variant,
}
"""The ways a fuzzy duplicate differs from its original, by name (documented in the README)."""


def apply_variations(
    fields: dict[str, Value], names: Sequence[str], rng: random.Random
) -> dict[str, Value]:
    """A copy of the fields with the named variations applied in order."""
    varied: dict[str, Value] = {
        k: (v if isinstance(v, str) else list(v)) for k, v in fields.items()
    }
    for name in names:
        VARIATIONS[name](varied, rng)
    return varied
