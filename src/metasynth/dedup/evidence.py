"""The evidence of each candidate pair of the fuzzy pass: what agrees, what differs.

Input: `MatchKeys`, candidate pairs (row positions) and the identifiers the identifier passes
left usable (`Identifiers`). Output: `Pairs` (the pairs worth scoring with their title
similarity, placement and identifier agreement) and `Evidence` (per-pair flags and counts by
name: year, volume, pages, first author, source, numbers and words of the titles), which
`metasynth.dedup.score` turns into conflicts, support and an outcome. Nothing here decides a
pair; the rules are in `score` (its module docstring), the field comparisons in `compare` and
`sources`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

import numpy as np
from rapidfuzz import fuzz

from metasynth.dedup.compare import (
    AuthorNames,
    agree_differ,
    author_lists_agree,
    main_title_of,
    pair_scores,
    placed_by_identifier,
    same_abstracts,
    substituted_words,
    surnames_agree,
    swapped_initials,
    title_similarity,
)
from metasynth.dedup.prepare import MatchKeys
from metasynth.dedup.settings import DedupSettings
from metasynth.dedup.sources import sources_agree


@dataclass(frozen=True)
class Identifiers:
    """The DOI and PMID of each record as the fuzzy pass may use them ("" where the identifier
    passes set one aside), and whether a record's DOI was set aside (shared or cut short)."""

    doi: np.ndarray
    pmid: np.ndarray
    doi_set_aside: np.ndarray

    @classmethod
    def of(cls, keys: MatchKeys) -> Identifiers:
        return cls(keys.doi, keys.pmid, np.zeros(len(keys), dtype=bool))


@dataclass(frozen=True)
class Pairs:
    """Candidate pairs and their evidence, one array entry per pair (filtered as it goes)."""

    left: np.ndarray
    right: np.ndarray
    similarity: np.ndarray
    no_title: np.ndarray
    placed: np.ndarray  # the same first page and year (or early-access year, see candidates)
    doi_agree: np.ndarray
    doi_conflict: np.ndarray
    doi_version: np.ndarray  # versions of one work (".pub2"/".pub3", one Cochrane review)
    doi_shared: np.ndarray  # the same DOI, set aside as shared by distinct titles
    pmid_agree: np.ndarray
    pmid_conflict: np.ndarray
    same_abstract: np.ndarray  # one abstract word for word (`abstract_words`), where asked

    def take(self, mask: np.ndarray) -> Pairs:
        return Pairs(**{f.name: getattr(self, f.name)[mask] for f in fields(self)})


_MIN_SUFFIX = 8
"""Characters a DOI suffix needs before the same suffix under two prefixes is one DOI."""
_MIN_NUMBER_SUFFIX = 12
"""Digits a bare-number suffix needs to be one DOI's: SAGE's ISSN, year and number
(`0309816819899410`), not a short running number two registrants may both have given."""


def _reprefixed(doi_a: str, doi_b: str) -> bool:
    """True when two DOIs have the same suffix (at least `_MIN_SUFFIX` characters with a letter
    or punctuation, or a number of at least `_MIN_NUMBER_SUFFIX` digits) under different
    prefixes."""
    _, _, suffix_a = doi_a.partition("/")
    _, _, suffix_b = doi_b.partition("/")
    if suffix_a != suffix_b:
        return False
    return len(suffix_a) >= (_MIN_NUMBER_SUFFIX if suffix_a.isdigit() else _MIN_SUFFIX)


def candidates(
    keys: MatchKeys,
    left: np.ndarray,
    right: np.ndarray,
    ids: Identifiers,
    settings: DedupSettings,
) -> Pairs:
    """The pairs worth scoring: similar enough titles (or none, or one citation place), no
    contradicting PMID, and different DOIs only where the whole citation may agree."""
    pairs, keep = every_candidate(keys, left, right, ids, settings)
    return pairs.take(keep)


def every_candidate(
    keys: MatchKeys,
    left: np.ndarray,
    right: np.ndarray,
    ids: Identifiers,
    settings: DedupSettings,
) -> tuple[Pairs, np.ndarray]:
    """Every pair's first evidence, and which are worth scoring (`candidates`)."""
    similarity = title_similarity(keys, left, right)
    no_title = ~(keys.has_title[left] & keys.has_title[right])
    # the same first page in the same year, or in an early-access and a print year of the
    # same volume and whole page range
    near_year = (
        (np.abs(keys.year[left] - keys.year[right]) <= settings.year_tolerance)
        & agree_differ(keys.volume, left, right)[0]
        & agree_differ(keys.last_page, left, right)[0]
    )
    placed = (
        agree_differ(keys.page, left, right)[0]
        & ((keys.year[left] == keys.year[right]) | near_year)
        & (keys.year[left] >= 0)
        & (keys.year[right] >= 0)
    )
    doi_agree, doi_conflict = agree_differ(ids.doi, left, right)
    # one DOI under another registrant prefix (Informa's 10.3109 for Taylor & Francis's
    # 10.1080 after a journal moved): no conflict, though no agreement either
    for k in np.flatnonzero(doi_conflict).tolist():
        doi_conflict[k] = not _reprefixed(str(ids.doi[left[k]]), str(ids.doi[right[k]]))
    # versions of one work: a Cochrane review updated (its number), ".pub2"/".pub3" DOIs
    version = agree_differ(keys.version_key, left, right)[0]
    version &= doi_conflict | (keys.year[left] != keys.year[right])
    shared = ids.doi_set_aside[left] & ids.doi_set_aside[right]
    shared &= keys.doi[left] == keys.doi[right]
    pmid_agree, pmid_conflict = agree_differ(ids.pmid, left, right)
    # one abstract, word for word, under one title: asked here only where another DOI would
    # drop the pair (`score`'s rules ask the pairs no other rule joined)
    same_abstract = np.zeros(len(left), dtype=bool)
    ask = np.flatnonzero(doi_conflict & (similarity >= settings.title_duplicate))
    same_abstract[ask] = same_abstracts(keys, left[ask], right[ask], settings.abstract_words)
    # a notice, or a preprint and its article, has a DOI (and PMID) of its own
    report_like = (keys.is_report[left] != keys.is_report[right]) | (
        keys.is_preprint[left] != keys.is_preprint[right]
    )
    keep = no_title | (similarity >= settings.title_floor) | placed | report_like
    keep &= ~pmid_conflict | report_like
    # different DOIs: only a re-prefixed DOI of one citation, or versions, can still be one work,
    # and a notice has a DOI (and PMID) of its own
    keep &= (
        ~doi_conflict
        | version
        | report_like
        | (placed & (similarity >= settings.title_duplicate))
        | same_abstract
    )
    pairs = Pairs(
        left, right, similarity, no_title, placed, doi_agree, doi_conflict, version, shared,
        pmid_agree, pmid_conflict, same_abstract,
    )  # fmt: skip
    return pairs, keep


@dataclass(frozen=True)
class _Authors:
    agree: np.ndarray
    differ: np.ndarray
    reordered: np.ndarray  # the same people in another order


def _authors(
    keys: MatchKeys, pairs: Pairs, page_differ: np.ndarray, settings: DedupSettings
) -> _Authors:
    """First authors agree, differ, or the lists name the same people in another order.

    When the first surnames differ: the same first author written another way ("Andrea, C."
    for "Carignani, Andrea"), or a whole list so swapped with initials only, agrees; the same
    people in another order is no evidence either way, unless the first pages differ (two
    abstracts of one team, each presented by another). Only where the titles or the citation
    could make it count.
    """
    left, right = pairs.left, pairs.right
    agree, differ = agree_differ(keys.surname, left, right)
    reordered = np.zeros(len(left), dtype=bool)
    names = AuthorNames(keys, settings.max_authors)
    worth = pairs.placed | (
        pairs.similarity >= min(settings.title_review, settings.title_strong_support)
    )
    worth |= keys.is_report[left] != keys.is_report[right]
    for k in np.flatnonzero(differ).tolist():
        a, b = int(left[k]), int(right[k])
        if surnames_agree(keys.surname[a], keys.surname[b]):
            agree[k], differ[k] = True, False
        elif not worth[k]:
            continue
        elif names.first_match(a, b) or swapped_initials(names(a), names(b), settings.author_share):
            agree[k], differ[k] = True, False
        elif not page_differ[k] and author_lists_agree(names(a), names(b), settings.author_share):
            differ[k], reordered[k] = False, True
    return _Authors(agree, differ, reordered)


def source_agreement(keys: MatchKeys, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Same source: a shared ISSN or eISSN, or titles that name one source (`sources.py`),
    also through parallel titles ("Ai zheng = Chinese journal of cancer")."""
    agree = np.zeros(len(left), dtype=bool)
    for k, (a, b) in enumerate(zip(left.tolist(), right.tolist(), strict=True)):
        agree[k] = (
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
    return agree


def supplement_numbered(
    keys: MatchKeys, left: np.ndarray, right: np.ndarray, among: np.ndarray
) -> np.ndarray:
    """Of the pairs `among` (other volumes, one first page), those whose volumes are two
    numberings of one supplement: a record of a supplement series under its own name and
    without an issue (MEDLINE's `Scand J Gastroenterol Suppl` 169) is numbered by the
    supplement, the journal's record by the journal's volume, with that supplement as its issue
    (24(169), 114(SUPPL. 185)) or with no issue at all. Another supplement or issue number, the
    series' next number, or a journal merely named "… Supplements" is another publication."""
    numbered = np.zeros(len(left), dtype=bool)
    for k in np.flatnonzero(among).tolist():
        a, b = int(left[k]), int(right[k])
        numbered[k] = _series_number(keys, a, b) or _series_number(keys, b, a)
    return numbered


def _series_number(keys: MatchKeys, series: int, other: int) -> bool:
    """True when `series`'s volume is a number of the supplement series of `other`'s journal
    that `other` gives as its issue or not at all (`supplement_numbered`)."""
    journal = keys.series_of[series]
    if not journal or keys.has_issue[series]:
        return False
    if keys.has_issue[other]:
        # the journal's record, the supplement its issue ("Scandinavian Journal of
        # Gastroenterology. Supplement" 24(169) is the series too)
        return keys.issue[other] == keys.volume[series] and sources_agree(
            journal, keys.series_of[other] or keys.source[other]
        )
    return not keys.series_of[other] and sources_agree(journal, keys.source[other])


_CODE_DIGITS = re.compile(r"\d+")


def code_numbers(title_key: str) -> frozenset[str]:
    """The numbers inside a title's codes: "docetaxel d2" -> {"2"} ("CD4", a trial's arm "D2");
    a number standing alone is `title_numbers`'."""
    return frozenset(
        number.lstrip("0") or "0"
        for word in title_key.split()
        if not word.isdigit() and any(c.isdigit() for c in word)
        for number in _CODE_DIGITS.findall(word)
    )


def title_checks(
    keys: MatchKeys,
    pairs: Pairs,
    contained: np.ndarray,
    page_differ: np.ndarray,
    page_agree: np.ndarray,
    settings: DedupSettings,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numbers that contradict ("Part 1"/"Part 2"), a word swapped for an unrelated one, and the
    shorter title being the other's main title."""
    n = len(pairs.left)
    number_conflict = np.zeros(n, dtype=bool)
    substitution = np.zeros(n, dtype=bool)
    main_title = np.zeros(n, dtype=bool)
    for k, (a, b) in enumerate(zip(pairs.left.tolist(), pairs.right.tolist(), strict=True)):
        numbers_a, numbers_b = keys.numbers[a], keys.numbers[b]
        # "Part 1" vs "Part 2" conflict; extra numbers on one side (a note) do not
        number_conflict[k] = not (numbers_a <= numbers_b or numbers_b <= numbers_a)
        # "Phase I/II" / "Phase II": two trials, though its numbers are a subset
        phase_a, phase_b = keys.phase[a], keys.phase[b]
        number_conflict[k] |= bool(phase_a and phase_b and phase_a != phase_b)
        # "(D2)" / "(D4)": two arms of a trial, unless one first page places both (a typo in a
        # code, "p6INK4a" / "p16(INK4a)", on the article's pages)
        if not page_agree[k] and pairs.similarity[k] < 1.0:
            codes_a, codes_b = code_numbers(keys.title_key[a]), code_numbers(keys.title_key[b])
            number_conflict[k] |= not (codes_a <= codes_b or codes_b <= codes_a)
        # only where it can matter: titles similar enough to merge on the title rule
        if settings.title_strong_support <= pairs.similarity[k] < 1.0:
            substitution[k] = substituted_words(
                keys.title_key[a], keys.title_key[b], settings.word_prefixes
            )
        if contained[k] and not page_differ[k] and (keys.page[a] or keys.page[b]):
            shorter, longer = sorted((keys.title_key[a], keys.title_key[b]), key=len)
            main_title[k] = main_title_of(shorter, longer, settings.title_contained)
    return number_conflict, substitution, main_title


Evidence = dict[str, np.ndarray]
"""Per-pair flags and counts by name, aligned with the `Pairs` they were computed for."""


def citation_evidence(keys: MatchKeys, pairs: Pairs, settings: DedupSettings) -> Evidence:
    """Year, volume, pages and authors of each pair: agreement, difference, partial support."""
    left, right = pairs.left, pairs.right
    ev: Evidence = {}
    ev["generic"] = keys.is_generic[left] | keys.is_generic[right]
    ev["short"] = (keys.is_short[left] | keys.is_short[right]) & ~ev["generic"]
    year_a, year_b = keys.year[left], keys.year[right]
    ev["years_known"] = (year_a >= 0) & (year_b >= 0)
    ev["year_gap"] = np.abs(year_a - year_b)
    ev["year_agree"] = ev["years_known"] & (ev["year_gap"] == 0)
    ev["year_conflict"] = ev["years_known"] & (ev["year_gap"] > settings.year_tolerance)
    ev["volume_agree"], volume_differ = agree_differ(keys.volume, left, right)
    ev["page_agree"], page_differ = agree_differ(keys.page, left, right)
    # "2016" / "94": a magazine exported with its year as the volume; no evidence either way;
    # nor where one DOI or PMID, the title, year and first page place both (`placed_by_identifier`),
    # nor a supplement series' number and the journal's volume on one page (`supplement_numbered`)
    volume_differ &= ~(keys.volume_is_year[left] | keys.volume_is_year[right])
    volume_differ &= ~supplement_numbered(keys, left, right, volume_differ & ev["page_agree"])
    identified = np.flatnonzero(volume_differ & (pairs.doi_agree | pairs.pmid_agree))
    volume_differ[identified] = ~placed_by_identifier(
        keys, left[identified], right[identified], pairs.similarity[identified], settings
    )
    ev["volume_differ"] = volume_differ
    ev["last_page_agree"], ev["last_page_differ"] = agree_differ(keys.last_page, left, right)
    # "2141-2147" / "2142-2147": one range with a typo in its first page, not two articles;
    # but a single page that is the other's last ("1815-1815" / "1799-1815") is an item of its
    # own printed there (the invited comment, "discussion 1815")
    single = (keys.page == keys.last_page)[left] | (keys.page == keys.last_page)[right]
    ev["page_shifted"] = page_differ & ev["last_page_agree"] & ~single
    ev["page_differ"] = page_differ & ~ev["page_shifted"]
    # an early-access year and the print year (±`year_tolerance`) of one volume and whole page
    # range place the records as well as one year does
    ev["year_placed"] = ev["year_agree"] | (
        ev["years_known"] & ~ev["year_conflict"] & ev["volume_agree"] & ~ev["volume_differ"]
        & ev["page_agree"] & ev["last_page_agree"]
    )  # fmt: skip
    authors = _authors(keys, pairs, ev["page_differ"], settings)
    ev["author_agree"], ev["author_differ"] = authors.agree, authors.differ
    ev["reordered"] = authors.reordered
    ev["partial_support"] = (
        ev["year_agree"].astype(np.int64)
        + ev["author_agree"]
        - ev["author_differ"]
        + ev["volume_agree"]
        - ev["volume_differ"]
        + ev["page_agree"]
        - ev["page_differ"]
        + 2 * pairs.doi_agree
        + 2 * pairs.pmid_agree
    )
    return ev


def report_similarity(keys: MatchKeys, pairs: Pairs) -> tuple[np.ndarray, np.ndarray]:
    """For a pair of a report notice and another record: which is the notice (bool, True when it
    is `left`) and how similar its title without the notice words is to the other's title."""
    left, right = pairs.left, pairs.right
    one_report = keys.is_report[left] != keys.is_report[right]
    notice_left = keys.is_report[left]
    similarity = np.zeros(len(left), dtype=np.float64)
    look = np.flatnonzero(one_report)
    if len(look):
        notice = np.where(notice_left[look], left[look], right[look])
        article = np.where(notice_left[look], right[look], left[look])
        named = keys.report_key[notice] != ""
        reported, titles = keys.report_key[notice], keys.title_key[article]
        scores = pair_scores(reported, titles, fuzz.ratio)
        # the notice's title may go on after the article's title with the article's citation,
        # cut off by the export ("… syndrome (Proceeding of the National Academy of (Januar")
        beginnings = np.array(
            [r[: len(t)] for r, t in zip(reported.tolist(), titles.tolist(), strict=True)],
            dtype=object,
        )
        long_enough = np.array([t.count(" ") >= 3 for t in titles.tolist()], dtype=bool)
        begins = np.where(long_enough, pair_scores(beginnings, titles, fuzz.ratio), 0.0)
        best = np.maximum(scores, begins)
        similarity[look] = np.where(named & keys.has_title[article], best / 100.0, 0.0)
    return notice_left, similarity
