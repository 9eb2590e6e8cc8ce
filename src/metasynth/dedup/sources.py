"""Whether two records name the same journal or conference: abbreviations, acronyms, editions.

Input: two source keys (`citation_keys.source_key`: folded, stop words and edition numbers dropped).
Output: True when they name one source. Exports name a journal in full ("Journal of
Neurochemistry"), as its ISO 4 / NLM abbreviation with or without dots and spaces ("J.Neurochem.",
"J Neurochem", "Prog.Neuropsychopharmacol.Biol.Psychiatry"), with or without a hyphen
("Arzneimittel-Forschung" / "Arzneimittelforschung" / "Arzneim.-Forsch."), by acronym ("BMJ",
"ICIS"), with a section after its name ("Nephron. Clinical Practice"), abbreviated with its
acronym appended ("Am. Conf. Inf. Syst. AMCIS") or glued without dots or spaces
("Jthoraccardiovascsurg"). Rather than a list of abbreviations, `abbreviation_of` checks the
rule ISO 4 abbreviations follow: every word of the title is kept, shortened from its end (or
contracted: "Natl" for National, "Jpn" for Japanese), compound words may be split or joined,
articles and prepositions are dropped.
"""

from __future__ import annotations

from functools import cache

from rapidfuzz import fuzz

MAX_SPAN = 3
"""How many words an abbreviated word may stand for (a compound), or split into."""


def contracts(short: str, word: str) -> bool:
    """True when `short` abbreviates `word`: the same first letter and its letters in order
    ("neurochem" / "neurochemistry", "natl" / "national", "jpn" / "japanese")."""
    if not short or not word or short[0] != word[0] or len(short) > len(word):
        return False
    if word.startswith(short):
        return True
    position = 1
    for letter in short[1:]:
        position = word.find(letter, position) + 1
        if position == 0:
            return False
    return True


def _pieces(short: str, words: tuple[str, ...]) -> bool:
    """True when `short` splits into contractions of each of `words` in turn, each piece
    starting where its word starts ("neuropsychopharmacol" / ("neuro", "psychopharmacology"))."""
    if len(words) == 1:
        return contracts(short, words[0])
    return any(
        contracts(short[:cut], words[0]) and _pieces(short[cut:], words[1:])
        for cut in range(1, len(short))
        if short[cut] == words[1][0]
    )


def _split_word(shorts: tuple[str, ...], word: str) -> bool:
    """True when the abbreviated words `shorts` contract successive parts of the one compound
    `word` ("arzneim", "forsch" / "arzneimittelforschung")."""
    if len(shorts) == 1:
        return contracts(shorts[0], word)
    first, rest = shorts[0], shorts[1:]
    return any(
        contracts(first, word[:end]) and _split_word(rest, word[end:])
        for end in range(len(first), len(word))
        if word[end] == rest[0][0]
    )


@cache
def _covers(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """True when the abbreviated words `short` stand, in order, for every word of `long`."""
    if not short or not long:
        return not short and not long
    for span in range(1, min(MAX_SPAN, len(long)) + 1):
        if _pieces(short[0], long[:span]) and _covers(short[1:], long[span:]):
            return True
    for span in range(2, min(MAX_SPAN, len(short)) + 1):
        if _split_word(short[:span], long[0]) and _covers(short[span:], long[1:]):
            return True
    return False


MIN_GLUED = 10
"""Letters of a one-word abbreviation read as several words glued ("Jthoraccardiovascsurg")."""

MAX_GLUED_WORDS = 6
"""Words of a title a glued abbreviation is tried against."""


def abbreviation_of(short: str, long: str) -> bool:
    """True when source key `short` is an ISO 4 / NLM abbreviation of `long` (see module), also
    with its words glued without dots or spaces ("Jthoraccardiovascsurg", "Revargentcardiol":
    some databases write it so)."""
    short_words, long_words = tuple(short.split()), tuple(long.split())
    if len(short_words) > len(long_words) + MAX_SPAN or len(short) > len(long):
        return False
    if (
        len(short_words) == 1
        and len(short) >= MIN_GLUED
        and 2 <= len(long_words) <= MAX_GLUED_WORDS
    ):
        return _pieces(short, long_words)
    return _covers(short_words, long_words)


def _acronym_of(words: list[str], other: list[str]) -> bool:
    """True when a word of `words` is the acronym of `other` ("icis" / "international conference
    information systems", "bmj" / "british medical journal")."""
    acronym = "".join(w[0] for w in other)
    return len(acronym) >= 3 and acronym in words


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(letter in letters for letter in short)


def _appended_acronym(short: str, long: str) -> bool:
    """True when `short` is an abbreviation of `long` with the acronym of `long` after it:
    "am conf inf syst amcis" / "americas conference information systems". The acronym starts
    as the title does, holds every word's initial in order and nothing the title lacks."""
    words = short.split()
    if len(words) < 3:
        return False
    acronym, rest = words[-1], " ".join(words[:-1])
    long_words = long.split()
    initials = "".join(w[0] for w in long_words)
    return (
        len(acronym) >= 3
        and acronym[0] == initials[0]
        and _is_subsequence(initials, acronym)
        and _is_subsequence(acronym, "".join(long_words))
        and abbreviation_of(rest, long)
    )


@cache
def sources_agree(a: str, b: str) -> bool:
    """Same source title, allowing abbreviations (ISO 4/NLM), acronyms, a section after the
    title and small spelling differences."""
    if not a or not b:
        return False
    if a == b:
        return True
    words_a, words_b = a.split(), b.split()
    if _acronym_of(words_a, words_b) or _acronym_of(words_b, words_a):
        return True
    # "Nephron" / "Nephron - Clinical Practice": a journal and its section
    shorter, longer = sorted((words_a, words_b), key=len)
    if longer[: len(shorter)] == shorter:
        return True
    if fuzz.ratio(a, b) >= 90.0:
        return True
    return (
        abbreviation_of(a, b)
        or abbreviation_of(b, a)
        or _appended_acronym(a, b)
        or _appended_acronym(b, a)
    )
