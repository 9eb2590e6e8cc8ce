"""Export variation for the deduplication stress benchmark (`bench_dedup.py stress`).

Each variation rewrites one labelled entry the way another database or reference manager
exports the same reference: Embase/MEDLINE/PsycINFO/Web of Science/Scopus differ in how they
write a journal (ISO 4 or NLM abbreviation, with or without dots and spaces, "The", "&"), which
fields they carry (volume, issue, pages, DOI, abstract), page ranges ("123-9", "e123"), title
notes (MEDLINE's "[Article in German]", Ovid's ". French", "(author's transl)", a translated
title in square brackets), case, spelling (British/American), markup and characters (HTML
entities, Greek letters spelled out, unicode dashes and quotes), author names ("Smith JA",
"J. A. Smith", "et al.", first author only, no diacritics), the year (epub or print) and the
DOI (case, resolver prefix, trailing punctuation, another publisher's prefix).

Nothing is typed for these sets: abbreviations come from the ISSN Centre's List of Title Word
Abbreviations (`pyiso4`, which ships it), British/American spellings from `breame`'s word
lists, diacritics from `unidecode`; the rest are the formatting rules named above. A variation
returns the entry unchanged when it does not apply (no journal word to shorten, no Greek letter,
no DOI), and the benchmark counts only the entries it changed.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

Variation = Callable[[Any, random.Random], Any]  # (Entry, rng) -> Entry


@cache
def _abbreviator() -> Any:
    from pyiso4.ltwa import Abbreviate

    return Abbreviate.create()


@cache
def iso4(title: str) -> str:
    """The ISO 4 abbreviation of a journal title from the LTWA ("J. Neurochem."); the title
    itself where pyiso4 fails on it (it does on some titles with non-ASCII letters)."""
    try:
        return str(_abbreviator()(title, remove_part=True)).strip()
    except IndexError:
        return title


def journal_iso4(entry: Any, rng: random.Random) -> Any:
    """ISO 4 with dots and spaces: "J. Neurochem." (Web of Science's J9/JI, Scopus)."""
    return replace(entry, source=iso4(entry.source)) if entry.source else entry


def journal_nlm(entry: Any, rng: random.Random) -> Any:
    """NLM style, no dots: "J Neurochem" (MEDLINE's TA, Embase's abbreviated source)."""
    if not entry.source:
        return entry
    return replace(entry, source=" ".join(iso4(entry.source).replace(".", " ").split()))


def journal_glued(entry: Any, rng: random.Random) -> Any:
    """Dots and no spaces, as some Ovid and EndNote exports: "J.Neurochem."."""
    if not entry.source:
        return entry
    return replace(entry, source=re.sub(r"(?<=\.)\s+", "", iso4(entry.source)))


def journal_full_variant(entry: Any, rng: random.Random) -> Any:
    """The full title written another way: a leading "The", "&" for "and" (or back)."""
    source = entry.source
    if not source:
        return entry
    if " & " in source:
        source = source.replace(" & ", " and ")
    elif " and " in source:
        source = source.replace(" and ", " & ")
    if not source.lower().startswith("the ") and iso4(source) != source:  # a full title
        source = "The " + source
    return replace(entry, source=source)


def journal_nlm_no_volume(entry: Any, rng: random.Random) -> Any:
    """The issue's split groups in the 80k set: NLM abbreviation and no volume."""
    varied = journal_nlm(entry, rng)
    return replace(varied, volume="") if varied.volume else varied


def volume_missing(entry: Any, rng: random.Random) -> Any:
    return replace(entry, volume="")


def issue_missing(entry: Any, rng: random.Random) -> Any:
    return replace(entry, issue="")


def pages_missing(entry: Any, rng: random.Random) -> Any:
    return replace(entry, pages="")


_RANGE = re.compile(r"^\s*([A-Za-z]?)(\d+)\s*[-–]\s*([A-Za-z]?)(\d+)\s*$")


def pages_short(entry: Any, rng: random.Random) -> Any:
    """MEDLINE's page range: "123-129" -> "123-9", "1123-1131" -> "1123-31"."""
    match = _RANGE.match(entry.pages)
    if not match or match.group(3):
        return entry
    first, last = match.group(2), match.group(4)
    if len(first) != len(last) or first == last:
        return entry
    common = 0
    while common < len(first) - 1 and first[common] == last[common]:
        common += 1
    return replace(entry, pages=f"{match.group(1)}{first}-{last[common:]}")


def pages_e(entry: Any, rng: random.Random) -> Any:
    """An electronic article number in place of the page range: "123-129" -> "e123"."""
    first = re.match(r"^\s*(\d+)", entry.pages)
    return replace(entry, pages=f"e{first.group(1)}") if first else entry


_NOTES = (" [Article in German]", ". French", " (author's transl)")


def title_language_note(entry: Any, rng: random.Random) -> Any:
    """MEDLINE's "[Article in German]", Ovid's ". French", old MEDLINE's "(author's transl)"."""
    if not entry.title:
        return entry
    return replace(entry, title=entry.title.rstrip(" .") + rng.choice(_NOTES))


def title_brackets(entry: Any, rng: random.Random) -> Any:
    """MEDLINE's translated title: "[Title]."."""
    if not entry.title:
        return entry
    return replace(entry, title=f"[{entry.title.rstrip(' .')}].")


_SMALL = frozenset(
    ["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
     "the", "to", "via", "with"]
)  # fmt: skip


def title_case(entry: Any, rng: random.Random) -> Any:
    """Title Case for a sentence-case title, sentence case for a Title Case one (acronyms kept)."""
    words = entry.title.split(" ")
    if not entry.title:
        return entry
    capitals = sum(1 for w in words[1:] if w[:1].isupper())
    if capitals > len(words[1:]) / 2:  # Title Case -> sentence case
        out = [words[0]] + [
            w.lower() if w[:1].isupper() and w[1:] == w[1:].lower() else w for w in words[1:]
        ]
    else:
        out = [words[0]] + [
            w if w.lower() in _SMALL or not w[:1].islower() else w[:1].upper() + w[1:]
            for w in words[1:]
        ]
    return replace(entry, title=" ".join(out))


@cache
def _spellings() -> tuple[dict[str, str], dict[str, str]]:
    from breame.data.spelling_constants import (
        AMERICAN_ENGLISH_SPELLINGS,
        BRITISH_ENGLISH_SPELLINGS,
    )

    return AMERICAN_ENGLISH_SPELLINGS, BRITISH_ENGLISH_SPELLINGS


def _respell(match: re.Match[str]) -> str:
    word = match.group(0)
    to_british, to_american = _spellings()
    other = to_british.get(word.lower()) or to_american.get(word.lower())
    if not other:
        return word
    if word.isupper():
        return other.upper()
    return other[:1].upper() + other[1:] if word[:1].isupper() else other


def spelling(entry: Any, rng: random.Random) -> Any:
    """Every word with a British/American double spelling in the other spelling."""
    return replace(entry, title=re.sub(r"[A-Za-z]+", _respell, entry.title))


def html_markup(entry: Any, rng: random.Random) -> Any:
    """HTML as publishers' metadata carries it: entities for & < > and quotes, one word in
    <i>…</i> (a species or gene name)."""
    if not entry.title:
        return entry
    words = html.escape(entry.title, quote=True).split(" ")
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    words[longest] = f"<i>{words[longest]}</i>"
    return replace(entry, title=" ".join(words))


_GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "κ": "kappa",
    "μ": "mu",
    "ε": "epsilon",
    "θ": "theta",
    "ω": "omega",
}
_GREEK_WORD = re.compile(
    r"(?<![A-Za-z])(" + "|".join(_GREEK.values()) + r")(?![A-Za-z])", re.IGNORECASE
)
_LETTER_OF = {name: letter for letter, name in _GREEK.items()}


def greek(entry: Any, rng: random.Random) -> Any:
    """Greek letters spelled out ("α" -> "alpha"), or spelled-out ones as letters."""
    title = entry.title
    if any(letter in title for letter in _GREEK):
        for letter, name in _GREEK.items():
            title = title.replace(letter, name)
    else:
        title = _GREEK_WORD.sub(lambda m: _LETTER_OF[m.group(1).lower()], title)
    return replace(entry, title=title)


def unicode_punctuation(entry: Any, rng: random.Random) -> Any:
    """Unicode hyphens, dashes and quotes: "-" -> "‐" (U+2010), "'" -> "’", '"x"' -> "“x”",
    and an en dash in the page range."""
    title = re.sub(r"(?<=\w)-(?=\w)", "\u2010", entry.title)
    title = re.sub(r"\s-\s", " \u2013 ", title).replace("'", "\u2019")
    title = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", title)
    return replace(entry, title=title, pages=entry.pages.replace("-", "\u2013"))


_NAME = re.compile(r"^\s*([^,]+?)\s*,\s*(.+?)\s*$")


def _split_name(name: str) -> tuple[str, str] | None:
    match = _NAME.match(name)
    return (match.group(1), match.group(2)) if match else None


def _initials(given: str) -> list[str]:
    return [part[0].upper() for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha()]


def authors_medline(entry: Any, rng: random.Random) -> Any:
    """MEDLINE's AU: "Smith, John A." -> "Smith JA"."""
    names = []
    for name in entry.authors:
        parts = _split_name(name)
        names.append(f"{parts[0]} {''.join(_initials(parts[1]))}".strip() if parts else name)
    return replace(entry, authors=names)


def authors_given_first(entry: Any, rng: random.Random) -> Any:
    """Given names first, initials only: "Smith, John A." -> "J. A. Smith"."""
    names = []
    for name in entry.authors:
        parts = _split_name(name)
        names.append(
            " ".join([*(f"{i}." for i in _initials(parts[1])), parts[0]]) if parts else name
        )
    return replace(entry, authors=names)


def authors_et_al(entry: Any, rng: random.Random) -> Any:
    """The first three authors and "et al."."""
    if len(entry.authors) <= 3:
        return entry
    return replace(entry, authors=[*entry.authors[:3], "et al."])


def authors_first_only(entry: Any, rng: random.Random) -> Any:
    if len(entry.authors) <= 1:
        return entry
    return replace(entry, authors=entry.authors[:1])


def authors_ascii(entry: Any, rng: random.Random) -> Any:
    """Diacritics stripped from the author names ("Müri" -> "Muri")."""
    from unidecode import unidecode

    return replace(entry, authors=[unidecode(name) for name in entry.authors])


def year_shift(entry: Any, rng: random.Random) -> Any:
    """The other year of an early-access article (epub one year before print), either way."""
    if not entry.year.isdigit():
        return entry
    return replace(entry, year=str(int(entry.year) + rng.choice((-1, 1))))


def doi_missing(entry: Any, rng: random.Random) -> Any:
    return replace(entry, doi="")


def doi_format(entry: Any, rng: random.Random) -> Any:
    """Upper case, the resolver's URL before it and a full stop after it."""
    if not entry.doi:
        return entry
    return replace(entry, doi=f"https://doi.org/{entry.doi.upper()}.")


def doi_reprefixed(entry: Any, rng: random.Random) -> Any:
    """Another publisher's prefix on the same suffix (Informa's 10.3109 for Taylor &
    Francis's 10.1080, and the like)."""
    match = re.match(r"^(10\.\d+)/(.+)$", entry.doi.strip())
    if not match:
        return entry
    prefix = "10.1080" if match.group(1) == "10.3109" else "10.3109"
    return replace(entry, doi=f"{prefix}/{match.group(2)}")


def abstract_missing(entry: Any, rng: random.Random) -> Any:
    return replace(entry, abstract="")


# Two or three realistic changes at once, as one database's record differs from another's.


def embase_epub(entry: Any, rng: random.Random) -> Any:
    """An Embase (or PubMed) record of the article ahead of print against the final record:
    the NLM abbreviation, no volume, and the epub year one year either side."""
    return year_shift(journal_nlm_no_volume(entry, rng), rng)


def epub_no_citation(entry: Any, rng: random.Random) -> Any:
    """An early-access record with no volume, issue or pages at all, a year off."""
    return year_shift(replace(entry, volume="", issue="", pages=""), rng)


def medline_citation(entry: Any, rng: random.Random) -> Any:
    """MEDLINE via EndNote: NLM abbreviation, "123-9" pages and "Smith JA" names together."""
    return authors_medline(pages_short(journal_nlm(entry, rng), rng), rng)


def medline_translated(entry: Any, rng: random.Random) -> Any:
    """MEDLINE's record of a foreign-language article: its title translated in brackets with
    a language note, the NLM abbreviation and no volume."""
    return title_language_note(title_brackets(journal_nlm_no_volume(entry, rng), rng), rng)


def conference_abstract(entry: Any, rng: random.Random) -> Any:
    """A meeting abstract as a conference database lists it: first author only, no volume or
    issue, and the journal as its NLM abbreviation."""
    return authors_first_only(replace(journal_nlm(entry, rng), volume="", issue=""), rng)


VARIATIONS: dict[str, Variation] = {
    "journal_iso4": journal_iso4,
    "journal_nlm": journal_nlm,
    "journal_glued": journal_glued,
    "journal_full_variant": journal_full_variant,
    "journal_nlm_no_volume": journal_nlm_no_volume,
    "volume_missing": volume_missing,
    "issue_missing": issue_missing,
    "pages_missing": pages_missing,
    "pages_short": pages_short,
    "pages_e": pages_e,
    "title_language_note": title_language_note,
    "title_brackets": title_brackets,
    "title_case": title_case,
    "spelling": spelling,
    "html_markup": html_markup,
    "greek": greek,
    "unicode_punctuation": unicode_punctuation,
    "authors_medline": authors_medline,
    "authors_given_first": authors_given_first,
    "authors_et_al": authors_et_al,
    "authors_first_only": authors_first_only,
    "authors_ascii": authors_ascii,
    "year_shift": year_shift,
    "doi_missing": doi_missing,
    "doi_format": doi_format,
    "doi_reprefixed": doi_reprefixed,
    "abstract_missing": abstract_missing,
    "embase_epub": embase_epub,
    "epub_no_citation": epub_no_citation,
    "medline_citation": medline_citation,
    "medline_translated": medline_translated,
    "conference_abstract": conference_abstract,
}
