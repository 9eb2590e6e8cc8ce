"""Comparing two records' fields: titles, author names, main titles (for the passes).

Input: `MatchKeys` and pairs of row positions, or two values. Output: similarities and yes/no
answers that `evidence.py`, `score.py` and `passes.py` weigh: the title similarity (rapidfuzz's
normalised Indel similarity of the title keys, also against an original-language title), a title
contained in the other, a word swapped for an unrelated one, one first author written two ways, two
author lists naming the same people, a title that is the other's main title, one abstract word for
word, one title on no other first page, two page ranges that do not meet. Source titles are
compared in `sources.py`.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from metasynth.dedup.citation_keys import author_names
from metasynth.dedup.prepare import MatchKeys
from metasynth.dedup.settings import DedupSettings
from metasynth.dedup.title_keys import NUMBER_WORDS
from metasynth.text import NAME_PARTICLES, as_text, fold


def pair_scores(first: np.ndarray, second: np.ndarray, scorer: Any) -> np.ndarray:
    """rapidfuzz `scorer` (0-100) of each pair first[i], second[i]; one thread, float32."""
    return process.cpdist(
        first.tolist(), second.tolist(), scorer=scorer, dtype=np.float32, workers=1
    )


def title_similarity(keys: MatchKeys, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Indel similarity (0-1) of the two title keys of each pair; 0 when either is missing."""
    if not len(left):
        return np.empty(0, dtype=np.float64)
    scores = pair_scores(keys.title_key[left], keys.title_key[right], fuzz.ratio)
    similarity = np.round(scores.astype(np.float64) / 100.0, 4)
    # a translated title against the original in the other record's brackets
    for first, second in ((left, right), (right, left)):
        has_original = np.flatnonzero(keys.original_title_key[first] != "")
        if len(has_original):
            original = pair_scores(
                keys.original_title_key[first[has_original]],
                keys.title_key[second[has_original]],
                fuzz.ratio,
            )
            similarity[has_original] = np.maximum(
                similarity[has_original], np.round(original.astype(np.float64) / 100.0, 4)
            )
    similarity[~(keys.has_title[left] & keys.has_title[right])] = 0.0
    return similarity


# the publisher's line closing an abstract, which one database keeps and another drops:
# "© 2009 Palgrave Macmillan", "(c) 2010 Elsevier Ltd. All rights reserved.", "Copyright …"
_COPYRIGHT_TAIL = re.compile(
    r"(?:©|\(c\)\s*(?:19|20)\d\d|\bcopyright\s*(?:©|\(c\))?\s*(?:by\s+)?(?:19|20)\d\d).*$",
    re.IGNORECASE | re.DOTALL,
)


def abstract_key(abstract: Any, min_words: int) -> str:
    """An abstract's words (folded, its closing copyright line dropped), or "" when it has fewer
    than `min_words`: a short text is often a placeholder ("No abstract available")."""
    words = fold(_COPYRIGHT_TAIL.sub("", as_text(abstract)))
    return words if words.count(" ") + 1 >= min_words else ""


def same_abstracts(
    keys: MatchKeys, left: np.ndarray, right: np.ndarray, min_words: int
) -> np.ndarray:
    """Whether each pair carries one abstract of at least `min_words` words, word for word.
    Each record's abstract is folded once, only for the pairs asked about."""
    folded: dict[int, str] = {}

    def key(row: int) -> str:
        if row not in folded:
            folded[row] = abstract_key(keys.abstract[row], min_words)
        return folded[row]

    same = np.zeros(len(left), dtype=bool)
    for k, (a, b) in enumerate(zip(left.tolist(), right.tolist(), strict=True)):
        same[k] = key(a) != "" and key(a) == key(b)
    return same


def _stems(word: str, prefixes: tuple[str, ...]) -> set[tuple[str, str]]:
    """(prefix, stem) readings of `word`: itself with no prefix, and after each of `prefixes`."""
    readings = {("", word)}
    readings |= {
        (p, word[len(p) :]) for p in prefixes if word.startswith(p) and len(word) > len(p) + 2
    }
    return readings


def _prefixed(word: str, other: str, prefixes: tuple[str, ...]) -> bool:
    """True when the words are one stem under other prefixes: "subacute"/"acute",
    "hypertension"/"hypotension", "postnatal"/"prenatal" — not a spelling variant."""
    ours, theirs = _stems(word, prefixes), _stems(other, prefixes)
    return any(s == t and p != q for p, s in ours for q, t in theirs)


def _word_variant(word: str, others: set[str], prefixes: tuple[str, ...] = ()) -> bool:
    """True when `word` is a spelling variant or a piece of a word in `others`."""
    number = NUMBER_WORDS.get(word, word)
    for other in others:
        if number == NUMBER_WORDS.get(other, other):
            return True  # "two" / "2"
        if prefixes and _prefixed(word, other, prefixes):
            continue
        if fuzz.ratio(word, other) >= 75.0:
            return True
        if min(len(word), len(other)) >= 4 and fuzz.partial_ratio(word, other) >= 100.0:
            return True
    return False


def substituted_words(title_a: str, title_b: str, prefixes: tuple[str, ...] = ()) -> bool:
    """True when each title key has a word the other lacks that is no variant of its words, or
    one has a prefix word alone that the other lacks ("non invasive" / "invasive").

    "... in pediatric patients" vs "... in adult patients" is a substitution (two studies), and
    so are one stem under other `prefixes` ("acute"/"subacute", "hyper…"/"hypo…");
    "haemolytic"/"hemolytic", "multi centre"/"multicentre" or an added subtitle are not.
    """
    if title_a.replace(" ", "") == title_b.replace(" ", ""):
        return False
    words_a, words_b = set(title_a.split()), set(title_b.split())
    only_a, only_b = words_a - words_b, words_b - words_a
    if prefixes and (only_a | only_b) & set(prefixes) and not (only_a and only_b):
        return True
    if not only_a or not only_b:
        return False
    return any(not _word_variant(w, only_b, prefixes) for w in only_a) and any(
        not _word_variant(w, only_a, prefixes) for w in only_b
    )


_MIN_WILDCARD_NAME = 5
"""Letters a surname needs before a blank in it may stand for a letter an export lost."""


def _unwritten_letters(a: str, b: str) -> bool:
    """True when `a` is `b` with some letters blank: an export that could not write a letter
    puts "?" in its place ("Ta?a?aj" for "Tałałaj"), and folding leaves a blank where a letter
    cannot be reduced to ASCII ("ł"), so "ta a aj" is "talalaj" letter for letter."""
    return (
        " " in a
        and " " not in b
        and len(a) == len(b) >= _MIN_WILDCARD_NAME
        and all(x == y or x == " " for x, y in zip(a, b, strict=True))
    )


def surnames_agree(a: str, b: str) -> bool:
    """Same first-author surname allowing transliteration and particles.

    "vishnevskii"/"vishnevski", "von pawel"/"pawel", "le quintrec"/"quintrec" and "plancarte
    sanchez"/"plancarte" agree, so do "van der graaf"/"van graaf" (particles dropped) and "ta a
    aj"/"talalaj" (letters an export could not write, `_unwritten_letters`).
    """
    if a == b:
        return True
    if fuzz.ratio(a, b) >= 85.0:
        return True
    if _unwritten_letters(a, b) or _unwritten_letters(b, a):
        return True
    words_a, words_b = a.split(), b.split()
    shorter, longer = sorted((words_a, words_b), key=len)
    if len(shorter) < len(longer) and longer[-len(shorter) :] == shorter:
        return True
    # "Plancarte Sanchez" / "Plancarte": a double surname cut to its first; "Swystun Laura L" /
    # "Swystun L": an export that wrote a name without the comma after its surname
    if shorter and len(shorter[0]) > 1 and longer[: len(shorter)] == shorter:
        return True
    # "van der Graaf" / "Van Graaf" / "Graaf": the same name once its particles are dropped
    core_a = [w for w in words_a if w not in NAME_PARTICLES]
    core_b = [w for w in words_b if w not in NAME_PARTICLES]
    return bool(core_a) and core_a == core_b


def _initials_fit(given_a: str, given_b: str) -> bool:
    return not given_a or not given_b or given_a[0] == given_b[0]


def _swapped(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """True when `a` is `b` written with the given name in the surname's place.

    "Andrea, C." for "Carignani, Andrea"; "Wang, X." for "Xiaoguang, Wang" (a Chinese name
    exported in the other order).
    """
    (surname_a, given_a), (surname_b, given_b) = a, b
    first_given_b = given_b.split(" ", 1)[0]
    return (
        len(first_given_b) > 1
        and bool(given_a)
        and given_a[0] == surname_b[0]
        and fuzz.ratio(surname_a, first_given_b) >= 85.0
    )


def names_match(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """One author written two ways: the same surname (`surnames_agree`) with initials that fit
    ("Hong, Yili" / "Hong, Y."), or surname and given name swapped in one of them."""
    if surnames_agree(a[0], b[0]) and _initials_fit(a[1], b[1]):
        return True
    return _swapped(a, b) or _swapped(b, a)


def _swapped_initial(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """`a` could be `b` with surname and given name swapped, judged by initials alone."""
    (surname_a, given_a), (surname_b, given_b) = a, b
    return (
        bool(surname_a and given_a and surname_b and given_b)
        and surname_a[0] == given_b[0]
        and surname_b[0] == given_a[0]
        # full names on both sides: names_match judges them
        and min(len(given_a.replace(" ", "")), len(given_b.replace(" ", ""))) <= 2
    )


def swapped_initials(
    names_a: tuple[tuple[str, str], ...], names_b: tuple[tuple[str, str], ...], min_share: float
) -> bool:
    """True when two author lists are one list with surnames and given names swapped and only
    initials left: "Andrea, C; Lorenzo, N" / "Carignani, A; Negri, L". The first authors and at
    least two names, `min_share` of the shorter list, must match so, in order: one name alone
    proves nothing."""
    n = min(len(names_a), len(names_b))
    if n < 2 or not _swapped_initial(names_a[0], names_b[0]):
        return False
    matched = sum(_swapped_initial(a, b) for a, b in zip(names_a[:n], names_b[:n], strict=True))
    return matched >= 2 and matched >= min_share * n


def author_lists_agree(
    names_a: tuple[tuple[str, str], ...], names_b: tuple[tuple[str, str], ...], min_share: float
) -> bool:
    """True when two author lists name the same people, in any order and form.

    At least two names and `min_share` of the shorter list must match distinct names of the
    other (`names_match`); a one-name list must match the other's first author.
    """
    if not names_a or not names_b:
        return False
    shorter, longer = sorted((names_a, names_b), key=len)
    if len(shorter) == 1:
        return names_match(shorter[0], longer[0])
    unmatched = list(longer)
    matched = 0
    for name in shorter:
        for position, other in enumerate(unmatched):
            if names_match(name, other):
                del unmatched[position]
                matched += 1
                break
    return matched >= 2 and matched >= min_share * len(shorter)


def leading_authors_agree(
    names_a: tuple[tuple[str, str], ...], names_b: tuple[tuple[str, str], ...]
) -> bool:
    """True when the shorter author list, of at least two names, is the beginning of the
    longer, name for name in order (`names_match`): one team's list, cut short by a database
    ("Lapeyraque, AL; Malina, M; …" five of eleven)."""
    shorter, longer = sorted((names_a, names_b), key=len)
    return len(shorter) >= 2 and all(
        names_match(a, b) for a, b in zip(shorter, longer[: len(shorter)], strict=True)
    )


def main_title_of(short_key: str, long_key: str, min_similarity: float) -> bool:
    """True when `short_key` is the beginning or the end of `long_key`, word for word (allowing
    small differences): the title without its subtitle, or one language of a title given in
    two ("Utilidad de ...; Are antimicrobials useful ..."), not words picked from its middle."""
    short_words, long_words = short_key.split(), long_key.split()
    n = len(short_words)
    if n >= len(long_words):
        return False
    for part in (long_words[:n], long_words[-n:]):
        if fuzz.ratio(short_key, " ".join(part)) >= 100.0 * min_similarity:
            return True
    return False


def _both(values: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    present: np.ndarray = values != ""
    both: np.ndarray = present[left] & present[right]
    return both


def agree_differ(
    values: np.ndarray, left: np.ndarray, right: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    both = _both(values, left, right)
    same = values[left] == values[right]
    return both & same, both & ~same


def one_title_one_page(
    keys: MatchKeys,
    left: np.ndarray,
    right: np.ndarray,
    similarity: np.ndarray,
    settings: DedupSettings,
    among: np.ndarray,
    other_page_allowed: np.ndarray | None = None,
) -> np.ndarray:
    """Of the pairs `among` (the caller's own conditions), those with one title and no other
    first page: titles at least `title_duplicate` alike with no word swapped, neither generic
    nor short, first pages not both known and different (unless `other_page_allowed`, the
    caller's pairs where a different first page says nothing). What lets one shared identifier
    overrule a citation field that disagrees: an issue's papers, a supplement's abstracts or a
    book's chapters sharing a DOI differ in title or page. A title that is the other's word for
    word (or its original-language title) swaps no word."""
    one: np.ndarray = (
        among
        & (similarity >= settings.title_duplicate)
        & ~(keys.is_generic[left] | keys.is_generic[right])
        & ~(keys.is_short[left] | keys.is_short[right])
    )
    if other_page_allowed is None:
        one &= ~agree_differ(keys.page, left, right)[1]
    else:
        one &= ~agree_differ(keys.page, left, right)[1] | other_page_allowed
    for k in np.flatnonzero(one & (similarity < 1.0)).tolist():
        one[k] = not substituted_words(
            keys.title_key[left[k]], keys.title_key[right[k]], settings.word_prefixes
        )
    return one


def placed_by_identifier(
    keys: MatchKeys,
    left: np.ndarray,
    right: np.ndarray,
    similarity: np.ndarray,
    settings: DedupSettings,
) -> np.ndarray:
    """Pairs of records that share a DOI or PMID (the caller's to check), with one title on one
    first page (`one_title_one_page`), both pages known, in one known year and on no other last
    page: one article, whatever its volume fields say. Ovid's Embase records ahead of print
    carry the day of the month as their volume (*Front Cell Neurosci* 7, article 94, as volume
    "27")."""
    last_a, last_b = keys.last_page[left], keys.last_page[right]
    among = (
        (keys.year[left] >= 0)
        & (keys.year[left] == keys.year[right])
        & (keys.page[left] != "")
        & (keys.page[right] != "")
        & ((last_a == "") | (last_b == "") | (last_a == last_b))
    )
    return one_title_one_page(keys, left, right, similarity, settings, among)


def ranges_apart(
    keys: MatchKeys, left: np.ndarray, right: np.ndarray, among: np.ndarray
) -> np.ndarray:
    """Of the pairs `among`, those whose two page ranges (`MatchKeys.page_range`: each written
    whole, in one pagination) do not meet: 4557-4561 and 4562-4566. Ranges in two paginations,
    an article's online pages e1924-e1934 and its print pages 2556-2558, are not compared."""
    apart = among.copy()
    for k in np.flatnonzero(among).tolist():
        first, second = keys.page_range[int(left[k])], keys.page_range[int(right[k])]
        apart[k] = (
            first is not None
            and second is not None
            and first[0] == second[0]
            and (first[2] < second[1] or second[2] < first[1])
        )
    return apart


def supplement_and_issue_ranges(
    keys: MatchKeys, left: np.ndarray, right: np.ndarray, among: np.ndarray
) -> np.ndarray:
    """Of the pairs `among`, those where one record's pages are a whole range in a supplement's
    pagination (S84-S85, `MatchKeys.page_range`) and the other's a whole range of the regular
    issues (185-187): a single page, an article number or a year read as the pages (an export's
    shifted columns) places neither."""
    found = among.copy()
    for k in np.flatnonzero(among).tolist():
        first, second = keys.page_range[int(left[k])], keys.page_range[int(right[k])]
        found[k] = first is not None and second is not None and {first[0], second[0]} == {"s", ""}
    return found


def contained_titles(
    keys: MatchKeys,
    left: np.ndarray,
    right: np.ndarray,
    similarity: np.ndarray,
    excluded: np.ndarray,
    settings: DedupSettings,
) -> np.ndarray:
    """Pairs whose shorter title key is (almost) contained in the longer one."""
    contained = np.zeros(len(left), dtype=bool)
    look = np.flatnonzero(~excluded & (similarity < settings.title_duplicate))
    if len(look):
        partial = pair_scores(
            keys.title_key[left[look]], keys.title_key[right[look]], fuzz.partial_ratio
        )
        contained[look] = partial >= 100.0 * settings.title_contained
    return contained


class AuthorNames:
    """Author lists of records, parsed when first needed (most pairs never need them)."""

    def __init__(self, keys: MatchKeys, max_authors: int) -> None:
        self.authors = keys.authors
        self.max_authors = max_authors
        self.parsed: dict[int, tuple[tuple[str, str], ...]] = {}
        self.firsts: dict[int, tuple[tuple[str, str], ...]] = {}

    def __call__(self, row: int) -> tuple[tuple[str, str], ...]:
        names = self.parsed.get(row)
        if names is None:
            names = author_names(str(self.authors[row]), self.max_authors)
            self.parsed[row] = names
        return names

    def first_match(self, row_a: int, row_b: int) -> bool:
        """True when the first authors are one person written two ways (`names_match`)."""
        firsts = []
        for row in (row_a, row_b):
            names = self.firsts.get(row)
            if names is None:
                # the first author alone: most pairs are decided by it
                names = author_names(str(self.authors[row]).split(";", 1)[0], 1)
                self.firsts[row] = names
            firsts.append(names)
        return bool(firsts[0] and firsts[1]) and names_match(firsts[0][0], firsts[1][0])
