"""Pairwise evidence, score and outcome for candidate pairs (the fuzzy pass).

Input: `MatchKeys` and candidate pairs (row positions). Output: a `ScoredPairs` table with one
row per pair whose title similarity or bibliographic agreement makes it worth a look: the title
similarity (`score`, rapidfuzz's normalised Indel similarity of the two title keys, 0-1), the net
number of agreeing fields (`support`), what agreed and what conflicted (`evidence`, readable by a
reviewer: `year=; author=; volume≠; page≠`), and the `outcome`: duplicate, review or distinct.

Rules (thresholds from the config):
- different DOIs or PMIDs: distinct at once (never merged, never reviewed);
- a *conflict* blocks an automatic merge: years further apart than `year_tolerance`,
  incompatible numbers in the titles ("Part 1"/"Part 2"; extra numbers on one side are not a
  conflict), a notice (erratum, retraction, reply, a correction titled "Title (vol 142, pg
  310, 2003)") paired with a record that is not one, a title noting an erratum ("[Erratum
  appears in …]") paired with a record of other pages, another source *and* another first page
  (an article and its summary in another journal), or different issues when no pages place the
  records (or the title is generic);
- *support* counts agreeing fields (year, first author, volume, first page, source title or
  ISSN; a shared DOI or PMID counts 2) minus disagreeing ones (author, volume, first page).
  First authors agree when their surnames do (transliteration, particles) or when one is the
  other written with surname and given name swapped ("Andrea, C." / "Carignani, Andrea");
  author lists naming the same people in another order (`author_share` of the shorter list)
  neither agree nor differ, unless the first pages differ. Sources agree through
  abbreviations, acronyms ("ICIS"), parallel titles ("Ai zheng = Chinese journal of cancer")
  or a shared ISSN. A first page that differs while the last page agrees is a typo, not a
  difference;
- duplicate: no conflict, both titles present, and
  - title ≥ `title_duplicate` with support ≥ `min_support` and no word swapped for an
    unrelated one, or title ≥ `title_strong_support` with support ≥ `strong_support`, or the
    shorter title contained in the longer (`title_contained`) with support ≥ `full_support`;
  - or *main title*: the shorter title is the beginning or end of the longer, word for word
    (a subtitle dropped, one language of a bilingual title, a column heading added), year and
    first author agree, no last page differs, and either the first pages agree with support ≥
    `subtitle_support`, or only one record has pages and the source agrees with no volume or
    issue differing;
  - or *same citation* (`citation_match`): year, first author, source, volume and the whole page
    range agree and the issues do not differ, whatever the titles say (a translated title).
  Generic titles ("Editorial", "Reply to …") and short ones need `min_support_generic` and the
  same first page or identifier (a short title may instead be placed by author, year, volume
  and source), and never count as contained or as the same citation;
- review: not a duplicate, the same or an unknown first author (or the same authors reordered,
  with no conflict), and title ≥ `title_review` (or contained with enough support); a pair
  where a title is missing is never merged here, it goes to review with support ≥
  `review_support_no_title`. Generic or short titles whose volume, issue, page or year differ
  are not sent to review (another issue's editorial is not a question for a reviewer), nor are
  records years apart in different volumes or pages;
- distinct: everything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from metasynth.dedup.prepare import MatchKeys, author_names
from metasynth.dedup.settings import DedupSettings

OUTCOMES = ("duplicate", "review", "distinct")
"""The outcome of a scored pair."""


@dataclass(frozen=True)
class ScoredPairs:
    """Scored pairs (row positions) and how many candidate pairs were compared in all."""

    table: pd.DataFrame  # left, right, score, support, evidence, outcome (duplicate/review)
    n_compared: int
    n_distinct: int


def _scores(first: np.ndarray, second: np.ndarray, scorer: Any) -> np.ndarray:
    """rapidfuzz `scorer` (0-100) of each pair first[i], second[i]; one thread, float32."""
    return process.cpdist(
        first.tolist(), second.tolist(), scorer=scorer, dtype=np.float32, workers=1
    )


def title_similarity(keys: MatchKeys, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Indel similarity (0-1) of the two title keys of each pair; 0 when either is missing."""
    if not len(left):
        return np.empty(0, dtype=np.float64)
    scores = _scores(keys.title_key[left], keys.title_key[right], fuzz.ratio)
    similarity = np.round(scores.astype(np.float64) / 100.0, 4)
    # a translated title against the original in the other record's brackets
    for first, second in ((left, right), (right, left)):
        has_original = np.flatnonzero(keys.original_title_key[first] != "")
        if len(has_original):
            original = _scores(
                keys.original_title_key[first[has_original]],
                keys.title_key[second[has_original]],
                fuzz.ratio,
            )
            similarity[has_original] = np.maximum(
                similarity[has_original], np.round(original.astype(np.float64) / 100.0, 4)
            )
    similarity[~(keys.has_title[left] & keys.has_title[right])] = 0.0
    return similarity


def _abbreviates(short: list[str], long: list[str]) -> bool:
    """True when each word of `short` begins the corresponding word of `long` ("curr opin")."""
    return len(short) == len(long) and all(
        b.startswith(a) for a, b in zip(short, long, strict=True)
    )


def _acronym_of(words: list[str], other: list[str]) -> bool:
    """True when a word of `words` is the acronym of `other` ("icis" / "international conference
    information systems", "bmj" / "british medical journal")."""
    acronym = "".join(w[0] for w in other)
    return len(acronym) >= 3 and acronym in words


def sources_agree(a: str, b: str) -> bool:
    """Same source title, allowing abbreviations (ISO/MEDLINE), acronyms and small spelling
    differences."""
    if not a or not b:
        return False
    if a == b:
        return True
    words_a, words_b = a.split(), b.split()
    if _abbreviates(words_a, words_b) or _abbreviates(words_b, words_a):
        return True
    if _acronym_of(words_a, words_b) or _acronym_of(words_b, words_a):
        return True
    # "Nephron" / "Nephron - Clinical Practice": a journal and its section
    shorter, longer = sorted((words_a, words_b), key=len)
    if longer[: len(shorter)] == shorter:
        return True
    return bool(fuzz.ratio(a, b) >= 90.0)


def _word_variant(word: str, others: set[str]) -> bool:
    """True when `word` is a spelling variant or a piece of a word in `others`."""
    for other in others:
        if fuzz.ratio(word, other) >= 75.0:
            return True
        if min(len(word), len(other)) >= 4 and fuzz.partial_ratio(word, other) >= 100.0:
            return True
    return False


def substituted_words(title_a: str, title_b: str) -> bool:
    """True when each title key has a word the other lacks that is no variant of its words.

    "... in pediatric patients" vs "... in adult patients" is a substitution (two studies);
    "haemolytic"/"hemolytic", "multi centre"/"multicentre" or an added subtitle are not.
    """
    if title_a.replace(" ", "") == title_b.replace(" ", ""):
        return False
    words_a, words_b = set(title_a.split()), set(title_b.split())
    only_a, only_b = words_a - words_b, words_b - words_a
    if not only_a or not only_b:
        return False
    return any(not _word_variant(w, only_b) for w in only_a) and any(
        not _word_variant(w, only_a) for w in only_b
    )


def surnames_agree(a: str, b: str) -> bool:
    """Same first-author surname allowing transliteration and particles.

    "vishnevskii"/"vishnevski", "von pawel"/"pawel", "le quintrec"/"quintrec" agree.
    """
    if a == b:
        return True
    if fuzz.ratio(a, b) >= 85.0:
        return True
    words_a, words_b = a.split(), b.split()
    shorter, longer = sorted((words_a, words_b), key=len)
    return len(shorter) < len(longer) and longer[-len(shorter) :] == shorter


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


def _agree_differ(
    values: np.ndarray, left: np.ndarray, right: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    both = _both(values, left, right)
    same = values[left] == values[right]
    return both & same, both & ~same


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
        partial = _scores(
            keys.title_key[left[look]], keys.title_key[right[look]], fuzz.partial_ratio
        )
        contained[look] = partial >= 100.0 * settings.title_contained
    return contained


class _AuthorNames:
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


def score_pairs(
    keys: MatchKeys,
    left: np.ndarray,
    right: np.ndarray,
    settings: DedupSettings,
) -> ScoredPairs:
    """Evidence, support and outcome of each candidate pair worth a look (see module docstring).

    Pairs whose titles are less similar than `title_floor` (both titles present) are distinct
    without further work, unless year and first page agree (a translated title may still be
    the same citation). Distinct pairs are counted, not returned.
    """
    n_compared = len(left)
    similarity = title_similarity(keys, left, right)
    no_title = ~(keys.has_title[left] & keys.has_title[right])
    # Cheap filters first: clearly different titles, then contradicting identifiers.
    placed = (
        _agree_differ(keys.page, left, right)[0]
        & (keys.year[left] == keys.year[right])
        & (keys.year[left] >= 0)
    )
    keep = no_title | (similarity >= settings.title_floor) | placed
    left, right, similarity, no_title = left[keep], right[keep], similarity[keep], no_title[keep]
    placed = placed[keep]
    doi_agree, doi_conflict = _agree_differ(keys.doi, left, right)
    pmid_agree, pmid_conflict = _agree_differ(keys.pmid, left, right)
    # different DOIs or PMIDs: never a duplicate, never a question for a reviewer
    keep = ~(doi_conflict | pmid_conflict)
    left, right, similarity, no_title = left[keep], right[keep], similarity[keep], no_title[keep]
    doi_agree, pmid_agree, placed = doi_agree[keep], pmid_agree[keep], placed[keep]
    generic = keys.is_generic[left] | keys.is_generic[right]
    short = (keys.is_short[left] | keys.is_short[right]) & ~generic

    year_a, year_b = keys.year[left], keys.year[right]
    years_known = (year_a >= 0) & (year_b >= 0)
    year_gap = np.abs(year_a - year_b)
    year_agree = years_known & (year_gap == 0)
    year_conflict = years_known & (year_gap > settings.year_tolerance)
    volume_agree, volume_differ = _agree_differ(keys.volume, left, right)
    # "2016" / "94": a magazine exported with its year as the volume; no evidence either way
    volume_differ &= ~(keys.volume_is_year[left] | keys.volume_is_year[right])
    page_agree, page_differ = _agree_differ(keys.page, left, right)
    last_page_agree, last_page_differ = _agree_differ(keys.last_page, left, right)
    # "2141-2147" / "2142-2147": one range with a typo in its first page, not two articles
    page_shifted = page_differ & last_page_agree
    page_differ &= ~page_shifted
    author_agree, author_differ = _agree_differ(keys.surname, left, right)
    # The first surnames differ: the same first author written another way ("Andrea, C." for
    # "Carignani, Andrea") agrees; the same people in another order is no evidence either way,
    # unless the first pages differ (two abstracts of one team, each presented by another).
    # Only where the titles or the citation could make it count.
    reordered = np.zeros(len(left), dtype=bool)
    names = _AuthorNames(keys, settings.max_authors)
    worth = placed | (similarity >= min(settings.title_review, settings.title_strong_support))
    for k in np.flatnonzero(author_differ).tolist():
        a, b = int(left[k]), int(right[k])
        if surnames_agree(keys.surname[a], keys.surname[b]):
            author_agree[k], author_differ[k] = True, False
        elif not worth[k]:
            continue
        elif names.first_match(a, b):
            author_agree[k], author_differ[k] = True, False
        elif not page_differ[k] and author_lists_agree(names(a), names(b), settings.author_share):
            author_differ[k], reordered[k] = False, True
    partial_support = (
        year_agree.astype(np.int64)
        + author_agree
        - author_differ
        + volume_agree
        - volume_differ
        + page_agree
        - page_differ
        + 2 * doi_agree
        + 2 * pmid_agree
    )
    # containment (partial_ratio) is slow: only where the support could make it count
    could_contain = (
        ~no_title
        & ~generic
        & ~short
        & (similarity < settings.title_duplicate)
        & (partial_support + 1 >= settings.min_support)
    )
    contained = np.zeros(len(left), dtype=bool)
    contained[could_contain] = contained_titles(
        keys,
        left[could_contain],
        right[could_contain],
        similarity[could_contain],
        np.zeros(int(could_contain.sum()), dtype=bool),
        settings,
    )
    # the same citation (year, author, volume, first page; the source is checked below):
    # kept whatever the titles, which may be a translation of each other
    citation = year_agree & author_agree & volume_agree & page_agree & ~no_title & ~generic & ~short
    keep = (
        no_title
        | contained
        | citation
        | (similarity >= min(settings.title_review, settings.title_strong_support))
    )
    left, right, similarity, no_title, generic, contained = (
        left[keep], right[keep], similarity[keep], no_title[keep], generic[keep], contained[keep],
    )  # fmt: skip
    short, citation = short[keep], citation[keep]
    year_agree, year_conflict, year_gap, years_known = (
        year_agree[keep], year_conflict[keep], year_gap[keep], years_known[keep],
    )  # fmt: skip
    author_agree, author_differ = author_agree[keep], author_differ[keep]
    reordered = reordered[keep]
    volume_agree, volume_differ = volume_agree[keep], volume_differ[keep]
    page_agree, page_differ, page_shifted = page_agree[keep], page_differ[keep], page_shifted[keep]
    last_page_agree, last_page_differ = last_page_agree[keep], last_page_differ[keep]
    doi_agree, pmid_agree = doi_agree[keep], pmid_agree[keep]
    _, issue_differ = _agree_differ(keys.issue, left, right)
    notice_conflict = keys.is_notice[left] != keys.is_notice[right]
    # an article whose title notes an erratum, and a record of its title on other pages: the
    # erratum, titled like its article
    erratum_conflict = (keys.has_erratum[left] | keys.has_erratum[right]) & page_differ

    source_agree = np.zeros(len(left), dtype=bool)
    number_conflict = np.zeros(len(left), dtype=bool)
    substitution = np.zeros(len(left), dtype=bool)
    main_title = np.zeros(len(left), dtype=bool)
    for k, (a, b) in enumerate(zip(left.tolist(), right.tolist(), strict=True)):
        source_agree[k] = (
            bool(keys.issns[a] & keys.issns[b])
            or sources_agree(keys.source[a], keys.source[b])
            or (
                bool(keys.source_parts[a] or keys.source_parts[b])
                and any(
                    sources_agree(part_a, part_b)
                    for part_a in keys.source_parts[a] or (keys.source[a],)
                    for part_b in keys.source_parts[b] or (keys.source[b],)
                )
            )
        )
        numbers_a, numbers_b = keys.numbers[a], keys.numbers[b]
        # "Part 1" vs "Part 2" conflict; extra numbers on one side (a note) do not
        number_conflict[k] = not (numbers_a <= numbers_b or numbers_b <= numbers_a)
        # only where it can matter: titles similar enough to merge on the title rule
        if settings.title_duplicate <= similarity[k] < 1.0:
            substitution[k] = substituted_words(keys.title_key[a], keys.title_key[b])
        if contained[k] and not page_differ[k] and (keys.page[a] or keys.page[b]):
            shorter, longer = sorted((keys.title_key[a], keys.title_key[b]), key=len)
            main_title[k] = main_title_of(shorter, longer, settings.title_contained)

    support = (
        year_agree.astype(np.int64)
        + author_agree
        - author_differ
        + volume_agree
        - volume_differ
        + page_agree
        - page_differ
        + source_agree
        + 2 * doi_agree
        + 2 * pmid_agree
    )
    # Different issues and nothing that places both records on one page: two items of a
    # series (the same column in issue 1 and issue 2)
    no_pages = (keys.page[left] == "") & (keys.page[right] == "")
    issue_conflict = issue_differ & (no_pages | generic) & ~doi_agree & ~pmid_agree
    # Another journal and another page: two publications (an article and the summary of it
    # in another journal), whatever the titles and authors say
    source_known = (keys.source[left] != "") & (keys.source[right] != "")
    source_differ = source_known & ~source_agree
    conflict = (
        year_conflict
        | number_conflict
        | notice_conflict
        | erratum_conflict
        | issue_conflict
        | (source_differ & page_differ)
    )
    # identical generic titles ("Editorial") say nothing: the same first page or id must;
    # a short title ("Coronary artery disease") may also be placed by author, year, volume, source
    located = page_agree | doi_agree | pmid_agree
    located |= short & author_agree & year_agree & volume_agree & source_agree
    weak = generic | short
    needed = np.where(weak, settings.min_support_generic, settings.min_support)
    by_title = (
        ~conflict
        & ~no_title
        & (~weak | located)
        & (
            ((similarity >= settings.title_duplicate) & ~substitution & (support >= needed))
            | (
                (similarity >= settings.title_strong_support)
                & (support >= np.maximum(needed, settings.strong_support))
            )
            | (contained & (support >= settings.full_support))
        )
    )
    # A title with and without its subtitle (or with its translation appended), on the same
    # first page (and no other last page) of the same year by the same first author
    # ... or, with one record unpaged, in the same source with no other volume or issue (a
    # magazine piece with and without its column heading); year, first author and source agree
    one_unpaged = (keys.page[left] == "") != (keys.page[right] == "")
    by_main_title = (
        main_title
        & ~conflict
        & year_agree
        & author_agree
        & ~last_page_differ
        & (
            ((page_agree | page_shifted) & (support >= settings.subtitle_support))
            | (one_unpaged & source_agree & ~volume_differ & ~issue_differ)
        )
        & ~by_title
    )
    # One citation, whatever the titles say (a translated title): year, first author, source,
    # volume and the whole page range agree, in the same issue (or an unknown one)
    by_citation = (
        settings.citation_match
        & citation
        & source_agree
        & last_page_agree
        & ~issue_differ
        & ~conflict
        & ~by_title
        & ~by_main_title
    )
    duplicate = by_title | by_main_title | by_citation
    # A reviewer sees pairs that may be one work: same (or unknown) first author (or the same
    # authors in another order, when nothing conflicts), no contradicting identifier, and a
    # similar title (or none, with bibliographic support).
    author_unknown = ~(author_agree | author_differ | reordered)
    review = (
        ~duplicate
        & (author_agree | author_unknown | (reordered & ~conflict))
        & (
            (
                ~no_title
                & ((similarity >= settings.title_review) | (contained & (support >= needed)))
            )
            | (no_title & (support >= settings.review_support_no_title))
        )
    )
    review &= ~(weak & (volume_differ | issue_differ | page_differ | year_conflict))
    # years apart and printed elsewhere: two publications (an abstract and the later article)
    review &= ~(year_conflict & (volume_differ | page_differ))
    outcome = np.where(duplicate, "duplicate", np.where(review, "review", "distinct"))

    checks = (
        ("year=", year_agree),
        ("year~", years_known & (year_gap > 0) & ~year_conflict),
        ("year≠", year_conflict),
        ("author=", author_agree),
        ("authors reordered", reordered),
        ("author≠", author_differ),
        ("volume=", volume_agree),
        ("volume≠", volume_differ),
        ("issue≠", issue_differ),
        ("page=", page_agree),
        ("page~", page_shifted),
        ("page≠", page_differ),
        ("source=", source_agree),
        ("source≠", source_differ & page_differ),
        ("doi=", doi_agree),
        ("pmid=", pmid_agree),
        ("numbers≠", number_conflict),
        ("words≠", substitution),
        ("notice≠", notice_conflict),
        ("erratum noted", erratum_conflict),
        ("title contained", contained & ~by_main_title),
        ("main title", by_main_title),
        ("same citation", by_citation),
        ("generic title", generic),
        ("short title", short),
        ("no title", no_title),
    )
    # Distinct pairs are counted, not kept: only duplicates and review pairs are acted on.
    kept = np.flatnonzero(outcome != "distinct")
    evidence = ["; ".join(label for label, flags in checks if flags[k]) for k in kept.tolist()]
    table = pd.DataFrame(
        {
            "left": left[kept].astype(np.int64),
            "right": right[kept].astype(np.int64),
            "score": similarity[kept],
            "support": support[kept].astype(np.int64),
            "evidence": pd.array(evidence, dtype="string"),
            "outcome": pd.array(outcome[kept], dtype="string"),
        }
    )
    return ScoredPairs(table=table, n_compared=n_compared, n_distinct=n_compared - len(kept))
