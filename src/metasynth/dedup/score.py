"""Pairwise evidence, score and outcome for candidate pairs (the fuzzy pass).

Input: `MatchKeys`, candidate pairs (row positions) and the identifiers the identifier passes
left usable (`Identifiers`: a DOI cut short or shared by distinct titles is blank there). Output:
a `ScoredPairs` table with one row per pair whose title similarity or bibliographic agreement
makes it worth a look: the title similarity (`score`, rapidfuzz's normalised Indel similarity of
the two title keys, 0-1), the net number of agreeing fields (`support`), what agreed and what
conflicted (`evidence`, readable by a reviewer: `year=; author=; volume≠; page≠`), and the
`outcome`: duplicate, report, review or distinct.

Rules (thresholds from the config):
- different PMIDs: distinct at once (never merged, never reviewed), unless one is a notice
  about the other (an erratum has a PMID of its own);
- a *conflict* blocks an automatic merge: different DOIs, unless the whole citation agrees
  (title ≥ `title_duplicate`, neither generic nor short, with no word swapped, first author,
  year, source, volume or issue, first page, and no other last page: a publisher's re-prefixed
  DOI, two databases' DOIs for one article), the DOIs are versions of one (".pub2"/".pub3"), or
  they are one suffix under two registrant prefixes (10.1080/… and 10.3109/…: no evidence);
  years further apart than `year_tolerance`; incompatible numbers in the titles ("Part 1"/"Part
  2"; extra numbers on one side are not a conflict), or in their codes ("(D2)"/"(D4)") where no
  first page places both; a notice (erratum, retraction, reply, a
  correction titled "Title (vol 142, pg 310, 2003)") paired with a record that is not one; a
  title noting an erratum ("[Erratum appears in …]") paired with a record of other pages;
  another source *and* another first page (an article and its summary in another journal);
  a supplement's page ("S500") or issue ("Suppl. 1") and another first page with no volume
  agreeing or another issue (a meeting abstract and the article's record ahead of print, or the
  team's letter); a chapter whose source is the other's title (`part of`);
  different issues when pages do not place both records (or the title is generic or short),
  or with different first pages and no volume placing both (another place in the journal); two
  volumes of one source (not a supplement series' number and the journal's volume on one
  page, `evidence.supplement_numbered`); two page ranges in one source, volume and issue that
  do not meet (consecutive papers of one issue, 4557-4561 and 4562-4566; each range written
  whole and in one pagination, `page_range`: not "e1924-e1934" against "2556-2558"; not under
  one DOI or PMID, a page miswritten by a database); a year apart with a volume missing and only the
  issue number in common (a column of two years); a trial's phase ("Phase I/II" / "Phase
  II"); a generic or short title on one first page with another last page;
- *support* counts agreeing fields (year, first author, volume, first page, source title or
  ISSN; a shared DOI or PMID counts 2) minus disagreeing ones (author, volume, first page, and
  the source when no volume or first page is shared).
  First authors agree when their surnames do (transliteration, particles), when one is the
  other written with surname and given name swapped ("Andrea, C." / "Carignani, Andrea"), or
  when whole author lists are so swapped with only initials left ("Andrea, C; Lorenzo, N" /
  "Carignani, A; Negri, L"); author lists naming the same people in another order
  (`author_share` of the shorter list) neither agree nor differ, unless the first pages differ.
  Sources agree through ISO 4/NLM abbreviations (`sources.py`), acronyms ("ICIS"), parallel
  titles ("Ai zheng = Chinese journal of cancer") or a shared ISSN/eISSN. A first page that
  differs while the last page agrees is a typo, not a difference;
- duplicate: no conflict, both titles present, and
  - title ≥ `title_duplicate` with support ≥ `min_support` and no word swapped for an
    unrelated one (or one stem under other `word_prefixes`: "acute"/"subacute"), or title ≥
    `title_strong_support` with support ≥ `strong_support` — with a word swapped, only where a
    first page (not a supplement's, which holds several abstracts) or a DOI or PMID places both
    (year, author, volume and source are shared by every paper of a team in one volume) — or the
    shorter title contained in the longer (`title_contained`) with support ≥ `full_support`;
  - or *main title*: the shorter title is the beginning or end of the longer, word for word
    (a subtitle dropped, one language of a bilingual title, a column heading added), year and
    first author agree, no last page differs, and either the first pages agree with support ≥
    `subtitle_support`, or only one record has pages and the source agrees with no volume or
    issue differing;
  - or *same citation* (`citation_match`): year, first author, source, volume and the whole page
    range agree and the issues do not differ (nor is one given on one record only), whatever
    the titles say (a translated title); a volume given on one record only is no difference
    when the year is the same (MEDLINE's or Embase's record without it).
  - or *placed by issue*: a short title (not a generic one) on a record without pages, the
    titles ≥ `title_duplicate` with no word swapped, first author, source, volume and issue
    agreeing (a supplement on both or neither) and the years within `year_tolerance`.
  - or *same abstract*: one abstract of at least `abstract_words` words, word for word (its
    closing copyright line aside), titles ≥ `title_duplicate` with no word swapped, first
    author and source agreeing, whatever the citations say (an article republished in a later
    volume under a new DOI); not in a supplement (an encore abstract), not a notice, preprint
    or version of the other, no numbers contradicting. A PMID of each still keeps them apart.
  In the main-title and same-citation rules and in what `title_floor` lets through, an
  early-access year and the print year (±`year_tolerance`) count as one year where volume and
  the whole page range agree.
  Generic titles ("Editorial", "Reply to …") and short ones need `min_support_generic` and the
  same first page or identifier (a short title may instead be placed by author, year, volume
  and source), and never count as contained or as the same citation;
- report (a report of the other's study, linked to it and kept, `left` is the report): an
  erratum or retraction notice whose title without its notice words ("Erratum to: …") is the
  other's (≥ `report_title`), in the same (or an unknown) source, published in the article's
  year or up to `report_max_years` later, with no word of the article's title swapped; a record
  of an article's title on other pages when the article's title notes an erratum; an earlier
  version of a review (DOI ".pub2" of ".pub3"); a preprint of the article (its title and first
  author, posted before it); `apart.one_article_per_report` then keeps one link per report;
- review: not a duplicate or report, the same or an unknown first author (or the same authors
  reordered, with no conflict), and title ≥ `title_review` (or contained with enough support); a
  pair where a title is missing is never merged here, it goes to review with support ≥
  `review_support_no_title`; a record ahead of print (no volume, issue or pages) and one with
  pages, of one year and source, by one team in one order (the shorter author list the
  beginning of the longer), titles unlike (`title_floor` to `title_review`: retitled before
  print, or the team's other paper) goes to review too. Generic or short titles whose volume,
  issue, page or year differ are not sent to review (another issue's editorial is not a
  question for a reviewer), nor are records years apart in different volumes or pages;
- distinct: everything else.

The scored pairs are then looked at together (`metasynth.dedup.apart`): no record bridges two
citations, a report is linked to one article, no chain joins two records judged apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from metasynth.dedup.compare import (
    AuthorNames,
    agree_differ,
    contained_titles,
    leading_authors_agree,
    ranges_apart,
    same_abstracts,
    substituted_words,
    supplement_and_issue_ranges,
)
from metasynth.dedup.evidence import (
    Evidence,
    Identifiers,
    Pairs,
    candidates,
    citation_evidence,
    every_candidate,
    report_similarity,
    source_agreement,
    title_checks,
)
from metasynth.dedup.prepare import MatchKeys
from metasynth.dedup.settings import DedupSettings

OUTCOMES = ("duplicate", "report", "review", "distinct")
"""The outcome of a scored pair."""

_VERSION_NUMBER = re.compile(r"(?:\.pub|v)(\d+)$")


@dataclass(frozen=True)
class ScoredPairs:
    """Scored pairs (row positions) and how many candidate pairs were compared in all."""

    table: pd.DataFrame  # left, right, score, support, evidence, outcome (duplicate/report/review)
    n_compared: int
    n_distinct: int


def _worth_scoring(
    keys: MatchKeys, pairs: Pairs, ev: Evidence, settings: DedupSettings
) -> np.ndarray:
    """Pairs whose titles or citation could make them one work (or a report of one); the rest
    are distinct. Computes `contained` and `citation` into `ev` on the way."""
    could_contain = (
        ~pairs.no_title
        & ~ev["generic"]
        & ~ev["short"]
        & (pairs.similarity < settings.title_duplicate)
        & (ev["partial_support"] + 1 >= settings.min_support)
    )
    contained = np.zeros(len(pairs.left), dtype=bool)
    contained[could_contain] = contained_titles(
        keys,
        pairs.left[could_contain],
        pairs.right[could_contain],
        pairs.similarity[could_contain],
        np.zeros(int(could_contain.sum()), dtype=bool),
        settings,
    )
    ev["contained"] = contained
    # the same citation (year, author, volume, first page; the source is checked below):
    # kept whatever the titles, which may be a translation of each other. A volume on one
    # record only (MEDLINE's or Embase's record without it) places the pair in the same year.
    volume_on_one = (keys.volume[pairs.left] == "") != (keys.volume[pairs.right] == "")
    ev["citation"] = (
        ((ev["year_placed"] & ev["volume_agree"]) | (ev["year_agree"] & volume_on_one))
        & ev["author_agree"] & ev["page_agree"]
        & ~pairs.no_title & ~ev["generic"] & ~ev["short"]
    )  # fmt: skip
    ev["notice_left"], ev["report_similarity"] = report_similarity(keys, pairs)
    ev["in_press"] = _in_press_retitled(keys, pairs, ev, settings)
    keep: np.ndarray = (
        pairs.no_title
        | contained
        | ev["citation"]
        | ev["in_press"]
        | (pairs.similarity >= min(settings.title_review, settings.title_strong_support))
        | (ev["report_similarity"] >= settings.report_title)
        | pairs.doi_version
    )
    return keep


def _in_press_retitled(
    keys: MatchKeys, pairs: Pairs, ev: Evidence, settings: DedupSettings
) -> np.ndarray:
    """A record ahead of print (no volume, issue or pages) and a record with pages, of one
    year, by one team (the shorter author list the beginning of the longer, in order), their
    titles unlike (below `title_review`, at least `title_floor`): an online-first record keeps
    the title the article had before print ("Complement blockade in …" / "Eculizumab in …"),
    but a team's two papers of one year look the same, so `_review` asks a reviewer when the
    source agrees and nothing conflicts. Never a duplicate by itself."""
    left, right = pairs.left, pairs.right
    in_press = (keys.volume == "") & ~keys.has_issue & (keys.page == "")
    one_in_press = (in_press[left] & (keys.page[right] != "")) | (
        in_press[right] & (keys.page[left] != "")
    )
    could: np.ndarray = (
        one_in_press & ev["year_agree"] & ev["author_agree"]
        & ~pairs.no_title & ~ev["generic"] & ~ev["short"]
        & (pairs.similarity >= settings.title_floor) & (pairs.similarity < settings.title_review)
        & (keys.is_notice[left] == keys.is_notice[right])
    )  # fmt: skip
    names = AuthorNames(keys, settings.max_authors)
    for k in np.flatnonzero(could).tolist():
        could[k] = leading_authors_agree(names(int(left[k])), names(int(right[k])))
    return could


def _conflicts(keys: MatchKeys, pairs: Pairs, ev: Evidence, settings: DedupSettings) -> None:
    """Sources, title checks, support and every conflict of the pairs worth scoring, into `ev`."""
    left, right = pairs.left, pairs.right
    _, ev["issue_differ"] = agree_differ(keys.issue, left, right)
    ev["issue_agree"] = agree_differ(keys.issue, left, right)[0]
    ev["notice_conflict"] = keys.is_notice[left] != keys.is_notice[right]
    # an article whose title notes an erratum, and a record of its title on other pages: the
    # erratum, titled like its article
    ev["erratum_conflict"] = (keys.has_erratum[left] | keys.has_erratum[right]) & ev["page_differ"]
    ev["source_agree"] = source_agreement(keys, left, right)
    ev["number_conflict"], ev["substitution"], main_title = title_checks(
        keys, pairs, ev["contained"], ev["page_differ"], ev["page_agree"], settings
    )
    ev["main_title"] = main_title
    # Another journal and another page: two publications (an article and the summary of it
    # in another journal), whatever the titles and authors say
    ev["source_known"] = (keys.source[left] != "") & (keys.source[right] != "")
    ev["source_differ"] = ev["source_known"] & ~ev["source_agree"]
    # Another source counts against a pair that nothing else places in one citation (no
    # volume or first page in common): an abstract printed in two journals must not merge on
    # title, year and author once a volume is missing. Where volume or page agree, a source
    # written another way (a translated or glued journal name) costs nothing.
    unlocated = ev["source_differ"] & ~ev["volume_agree"] & ~ev["page_agree"]
    ev["support"] = ev["partial_support"] + ev["source_agree"] - unlocated
    # Different issues and nothing that places both records on one page: two items of a
    # series (the same column in issue 1 and issue 2), or an item without pages and another
    # issue's article
    unplaced = (keys.page[left] == "") | (keys.page[right] == "")
    weak = ev["generic"] | ev["short"]
    # ... or another issue *and* another first page with no volume placing both: another place
    # in the journal (a meeting abstract in the ASH issue and the article), the volume missing
    # on one record (ahead of print)
    # a conference record with its fields exported one place on: the volume as the issue, the
    # issue as the page ("v(26) p9" / "v26(9) p1746")
    shifted = np.zeros(len(left), dtype=bool)
    for moved, kept in ((keys.issue, keys.volume), (keys.page, keys.issue)):
        shifted |= (moved[left] == kept[right]) & (kept[right] != "")
        shifted |= (moved[right] == kept[left]) & (kept[left] != "")
    # ... and in one volume of a journal named alike, two page ranges in two issues: two
    # printed items (an article printed again in a later issue). A single page there may be
    # the work's meeting abstract, and a journal's two language editions, named by their two
    # titles (*Ai zheng = Chinese journal of cancer*), paginate one article differently.
    ranged = (keys.last_page != "") & (keys.page != keys.last_page)
    two_ranges = ranged[left] & ranged[right] & (keys.source[left] == keys.source[right])
    ev["issue_conflict"] = (
        ev["issue_differ"]
        & (unplaced | weak | (ev["page_differ"] & (~ev["volume_agree"] | two_ranges) & ~shifted))
        & ~pairs.doi_agree
        & ~pairs.pmid_agree
    )
    # A supplement's page or issue and another page, and no volume that places both: a
    # meeting abstract and the article (an Embase record ahead of print, without its volume,
    # can be in the abstract's year), or the team's letter in an issue of the same year
    # ... and in one volume too, when the issues differ: the abstract in the supplement and the
    # paper in issue 4 (a meeting abstract of the next year under the paper's title), or when
    # the supplement's page range and a regular issue's are both written whole and no DOI or
    # PMID is on both: the meeting's abstract on S84-S85 and the case report on 185-187 of one
    # volume, under one title (the same DOI says a database miswrote a page)
    # ... and a supplement's record without pages against a paged record of a regular issue:
    # nothing places the meeting abstract ("12(Supplement 1)") in the article ("12(1)", p. 30)
    supplement_left = keys.in_supplement[left]
    abstract_page = np.where(supplement_left, keys.page[left], keys.page[right])
    article_page = np.where(supplement_left, keys.page[right], keys.page[left])
    unplaced_abstract = (abstract_page == "") & (article_page != "")
    one_id = (keys.doi[left] == keys.doi[right]) & (keys.doi[left] != "")
    one_id |= (keys.pmid[left] == keys.pmid[right]) & (keys.pmid[left] != "")
    two_paginations = supplement_and_issue_ranges(keys, left, right, ev["page_differ"] & ~one_id)
    ev["supplement_conflict"] = (
        (ev["page_differ"] & (~ev["volume_agree"] | ev["issue_differ"] | two_paginations))
        | (unplaced_abstract & keys.has_issue[left] & keys.has_issue[right])
    ) & (supplement_left != keys.in_supplement[right])
    # A part and the whole: a chapter whose book (its source) is the other record's title
    # (two records of one chapter are both in it)
    container_a, container_b = keys.container_key[left], keys.container_key[right]
    ev["part_of"] = (container_a != container_b) & (
        ((container_a != "") & (container_a == keys.title_key[right]))
        | ((container_b != "") & (container_b == keys.title_key[left]))
    )
    # Two volumes of one journal: two publications (an editorial of each year, a series)
    ev["volume_conflict"] = ev["volume_differ"] & ev["source_agree"]
    # One journal, volume and issue, and two whole page ranges that do not meet: two papers of
    # the issue (a team's consecutive papers, 4557-4561 and 4562-4566), whatever their titles
    # and authors say. One DOI or PMID on both (even one the identifier passes set aside for
    # the pages) says a database miswrote a page: Mol Hum Reprod 22(8) 858-65 and 558-565.
    ev["pages_apart"] = ranges_apart(
        keys, left, right,
        ev["source_agree"] & ev["volume_agree"] & ev["issue_agree"] & ev["page_differ"] & ~one_id,
    )  # fmt: skip
    _unplaced_conflicts(keys, pairs, ev)
    # One citation in full: a DOI re-prefixed by its publisher, or two databases' DOIs for one
    # article, cannot make it two publications
    ev["full_citation"] = (
        (pairs.similarity >= settings.title_duplicate) & ~ev["substitution"]
        & ~ev["generic"] & ~ev["short"] & ev["author_agree"] & ev["year_agree"] & ev["source_agree"]
        & (ev["volume_agree"] | ev["issue_agree"]) & ~ev["volume_differ"] & ~ev["issue_differ"]
        & ev["page_agree"] & ~ev["last_page_differ"]
    )  # fmt: skip
    ev["conflict"] = (
        ev["year_conflict"]
        | ev["number_conflict"]
        | ev["notice_conflict"]
        | ev["erratum_conflict"]
        | ev["issue_conflict"]
        | ev["volume_conflict"]
        | ev["pages_apart"]
        | (ev["source_differ"] & ev["page_differ"])
        | ev["supplement_conflict"]
        | ev["part_of"]
        | ev["year_unexplained"]
        | ev["weak_last_page"]
        | (pairs.doi_conflict & ~ev["full_citation"] & ~pairs.doi_version)
        # versions of one work are reports of it, never duplicates of each other
        | pairs.doi_version
    )


_ISSUES_PER_YEAR = 53
"""The most issues a periodical numbering them by year has (a weekly's)."""


def _unplaced_conflicts(keys: MatchKeys, pairs: Pairs, ev: Evidence) -> None:
    """Conflicts where a field that would tell two records apart is missing on one side.

    - `year_unexplained`: a year apart (±`year_tolerance`), a volume missing, no pages on
      either record, so nothing placing both but the same issue number (at most
      `_ISSUES_PER_YEAR`), which a periodical repeats every year (its editor's column in issue
      1 of two years); an early-access year (WOS `EY`/`EA`) explains the year;
    - `weak_last_page`: a generic or short title on the same first page with another last page
      (the front matter of two issues, "Editor's Comments", pp. iii–xi and iii–xii).
    """
    left, right = pairs.left, pairs.right
    volume_missing = (keys.volume[left] == "") | (keys.volume[right] == "")
    year_apart = ev["years_known"] & (ev["year_gap"] > 0) & ~ev["year_conflict"]
    unpaged = (keys.page[left] == "") & (keys.page[right] == "")
    early = keys.early_access[left] | keys.early_access[right]
    ev["year_unexplained"] = year_apart & volume_missing & ev["issue_agree"] & unpaged & ~early
    for k in np.flatnonzero(ev["year_unexplained"]).tolist():
        # an issue numbered through the volumes (1436, 201) comes once, not every year
        ev["year_unexplained"][k] = int(keys.issue[left[k]]) <= _ISSUES_PER_YEAR
    ev["weak_last_page"] = (ev["generic"] | ev["short"]) & ev["last_page_differ"]


def _duplicates(keys: MatchKeys, pairs: Pairs, ev: Evidence, settings: DedupSettings) -> None:
    """`by_title`, `by_main_title`, `by_citation`, `by_issue` and `duplicate` (see the module
    docstring)."""
    left, right = pairs.left, pairs.right
    # identical generic titles ("Editorial") say nothing: the same first page or id must;
    # a short title ("Coronary artery disease") may also be placed by author, year, volume, source
    located = ev["page_agree"] | pairs.doi_agree | pairs.pmid_agree
    located |= (
        ev["short"]
        & ev["author_agree"]
        & ev["year_agree"]
        & ev["volume_agree"]
        & ev["source_agree"]
    )
    weak = ev["generic"] | ev["short"]
    # Titles that differ more than a spelling (below `title_duplicate`) merge on strong support
    # only where a first page or an identifier places both: year, first author, volume and
    # source are shared by every paper a team puts in one volume or meeting (the 12- and
    # 24-month reports, the trial in acute and in chronic stroke). A meeting's page holds
    # several abstracts, so a supplement's page does not place one.
    both_supplement = keys.in_supplement[left] & keys.in_supplement[right]
    ev["placed"] = (
        ((ev["page_agree"] | ev["page_shifted"]) & ~both_supplement)
        | pairs.doi_agree
        | pairs.pmid_agree
    )
    needed = np.where(weak, settings.min_support_generic, settings.min_support)
    ev["needed"], ev["weak"] = needed, weak
    similarity, support, conflict = pairs.similarity, ev["support"], ev["conflict"]
    ev["by_title"] = (
        ~conflict
        & ~pairs.no_title
        & (~weak | located)
        & (
            ((similarity >= settings.title_duplicate) & ~ev["substitution"] & (support >= needed))
            | (
                (similarity >= settings.title_strong_support)
                & (support >= np.maximum(needed, settings.strong_support))
                & (ev["placed"] | ~ev["substitution"])
            )
            | (ev["contained"] & (support >= settings.full_support))
        )
    )
    ev["unplaced_strong"] = (
        ~conflict & ~ev["by_title"] & ~ev["placed"] & ev["substitution"]
        & (similarity >= settings.title_strong_support)
        & (support >= np.maximum(needed, settings.strong_support))
    )  # fmt: skip
    # A title with and without its subtitle (or with its translation appended), on the same
    # first page (and no other last page) of the same year by the same first author
    # ... or, with one record unpaged, in the same source with no other volume or issue (a
    # magazine piece with and without its column heading); year, first author and source agree
    one_unpaged = (keys.page[left] == "") != (keys.page[right] == "")
    ev["by_main_title"] = (
        ev["main_title"]
        & ~conflict
        & ev["year_placed"]
        & ev["author_agree"]
        & ~ev["last_page_differ"]
        & (
            ((ev["page_agree"] | ev["page_shifted"]) & (support >= settings.subtitle_support))
            | (one_unpaged & ev["source_agree"] & ~ev["volume_differ"] & ~ev["issue_differ"])
        )
        & ~ev["by_title"]
    )
    # One citation, whatever the titles say (a translated title): year, first author, source,
    # volume and the whole page range agree, in the same issue (or an unknown one)
    ev["by_citation"] = (
        settings.citation_match
        & ev["citation"]
        & ev["source_agree"]
        & ev["last_page_agree"]
        & ~ev["issue_differ"]
        # an issue on one record only may hide another issue of a journal paged by issue
        & (keys.has_issue[left] == keys.has_issue[right])
        & ~conflict
        & ~ev["by_title"]
        & ~ev["by_main_title"]
    )
    ev["unlike_english"] = _unlike_english(keys, pairs, ev["by_citation"], settings)
    ev["by_citation"] &= ~ev["unlike_english"]
    # A short title ("Haemolytic uraemic syndrome") on a record without pages: the same title
    # by the same first author in the same source, volume and issue (not a supplement on one
    # record only) is one item; its year may be the early-access one, which the volume and
    # issue overrule. Any field present on both that differs is a conflict above.
    ev["by_issue"] = (
        ev["short"] & ~conflict & ~pairs.no_title
        & (similarity >= settings.title_duplicate) & ~ev["substitution"]
        & one_unpaged & ev["author_agree"] & ev["source_agree"]
        & ev["volume_agree"] & ev["issue_agree"]
        & (keys.in_supplement[left] == keys.in_supplement[right])
        & ev["years_known"] & ~ev["year_conflict"]
        & ~ev["by_title"] & ~ev["by_main_title"] & ~ev["by_citation"]
    )  # fmt: skip
    # One work under two citations (an article republished in a later volume with a new DOI,
    # a database's record with another volume): the same title, first author and source and one
    # abstract word for word. Not a meeting abstract (an encore in next year's supplement is
    # another report), a notice, a preprint or a version of the other, nor contradicting numbers.
    could = (
        (similarity >= settings.title_duplicate)
        & ~ev["substitution"] & ~ev["generic"] & ev["author_agree"] & ev["source_agree"]
        & ~keys.in_supplement[left] & ~keys.in_supplement[right]
        & ~ev["number_conflict"] & ~ev["notice_conflict"] & ~ev["erratum_conflict"]
        & ~ev["part_of"] & ~pairs.doi_version
        & (keys.is_preprint[left] == keys.is_preprint[right])
        & ~ev["by_title"] & ~ev["by_main_title"] & ~ev["by_citation"] & ~ev["by_issue"]
    )  # fmt: skip
    same = pairs.same_abstract.copy()
    ask = np.flatnonzero(could & ~pairs.doi_conflict)
    same[ask] = same_abstracts(keys, left[ask], right[ask], settings.abstract_words)
    ev["by_abstract"] = could & same
    # ... under two citations that cannot be one (another DOI, volume, year, or issue and
    # page): the work printed twice, each with its own citation. One study, two reports: the
    # later one is linked to the earlier as a report of it (`_reports`), neither deleted nor
    # counted twice (an article reprinted in the next issue, a classic republished years on).
    ev["republished"] = ev["by_abstract"] & conflict
    ev["duplicate"] = (
        ev["by_title"] | ev["by_main_title"] | ev["by_citation"] | ev["by_issue"]
        | (ev["by_abstract"] & ~conflict)
    )  # fmt: skip


def _unlike_english(
    keys: MatchKeys, pairs: Pairs, flagged: np.ndarray, settings: DedupSettings
) -> np.ndarray:
    """Of the `flagged` (same-citation) pairs, those whose titles are less alike than
    `title_floor` and both in English (a word of `citation_english_words` in each, neither
    marked a translation: in brackets, a language note, an original-language title): no
    translation, but one record filed under another item's title, or a commentary and its
    article on one page range; a reviewer decides."""
    words = frozenset(settings.citation_english_words)
    unlike = flagged & (pairs.similarity < settings.title_floor)
    for k in np.flatnonzero(unlike).tolist():
        rows = (int(pairs.left[k]), int(pairs.right[k]))
        unlike[k] = all(
            not keys.is_translation[row] and not words.isdisjoint(keys.title_key[row].split())
            for row in rows
        )
    return unlike


def _version_number(doi: str) -> int:
    match = _VERSION_NUMBER.search(doi)
    return int(match.group(1)) if match else 1


def _printed_later(keys: MatchKeys, a: int, b: int) -> bool:
    """Whether record `a` was printed after record `b`: by year, then volume, then issue."""

    def place(row: int) -> tuple[int, ...]:
        numbers = (str(keys.volume[row]), str(keys.issue[row]))
        return (int(keys.year[row]), *(int(n) if n.isdigit() else -1 for n in numbers))

    return place(a) > place(b)


def _reports(
    keys: MatchKeys, pairs: Pairs, ids: Identifiers, ev: Evidence, settings: DedupSettings
) -> None:
    """`report` (the pair is a report and its article's record) and `report_is_left`."""
    left, right = pairs.left, pairs.right
    source_ok = ev["source_agree"] | ~ev["source_known"]
    report_left = ev["notice_left"].copy()
    # an erratum titled like its article, on other pages, when the article's title notes it
    noted = ev["erratum_conflict"] & (keys.has_erratum[left] != keys.has_erratum[right])
    noted &= pairs.similarity >= settings.title_duplicate
    report_left = np.where(noted, ~keys.has_erratum[left], report_left)
    # an earlier version of a review (".pub2" of ".pub3")
    version = pairs.doi_version & (pairs.similarity >= settings.title_review)
    # a Cochrane review's number names the review whoever updates it: a new team often writes
    # the next version (Grover 2007, Wagner 2012, Brown 2014 of CD005947)
    cochrane = np.array([str(v).startswith("cd") for v in keys.version_key[left]], dtype=bool)
    version &= (
        ev["author_agree"]
        | ~(ev["author_agree"] | ev["author_differ"] | ev["reordered"])
        | cochrane
    )
    # the earlier version is the report: by its DOI's version, else by its year
    lower = np.zeros(len(left), dtype=bool)
    for k in np.flatnonzero(version).tolist():
        a, b = int(left[k]), int(right[k])
        lower[k] = (_version_number(str(ids.doi[a])), keys.year[a]) < (
            _version_number(str(ids.doi[b])),
            keys.year[b],
        )
    report_left = np.where(version & ~noted, lower, report_left)
    # a preprint of the article: its title (no word swapped) and first author, posted before
    preprint = (keys.is_preprint[left] != keys.is_preprint[right]) & ~noted & ~version
    preprint &= (pairs.similarity >= settings.title_duplicate) & ~ev["substitution"]
    preprint &= ~ev["number_conflict"] & ev["author_agree"] & ~pairs.no_title
    report_left = np.where(preprint, keys.is_preprint[left], report_left)
    # a republication: the later citation (by year, then volume) reports the earlier's work
    republished = ev["republished"] & ~noted & ~version & ~preprint
    for k in np.flatnonzero(republished).tolist():
        report_left[k] = _printed_later(keys, int(left[k]), int(right[k]))
    notice = np.where(report_left, left, right)
    article = np.where(report_left, right, left)
    gap = keys.year[notice] - keys.year[article]
    known = (keys.year[notice] >= 0) & (keys.year[article] >= 0)
    in_time = ~known | ((gap >= -settings.year_tolerance) & (gap <= settings.report_max_years))
    named = (ev["report_similarity"] >= settings.report_title) & ~keys.is_notice[article]
    # the notice of another study of the team ("children" / "adults"): a word swapped within
    # the article's title; what follows it in the notice is the article's citation, or cut off
    for k in np.flatnonzero(named).tolist():
        title = str(keys.title_key[article[k]])
        reported = " ".join(str(keys.report_key[notice[k]]).split()[: title.count(" ") + 2])
        named[k] = not substituted_words(reported, title, settings.word_prefixes)
    ev["notice_named"] = named & source_ok & in_time
    ev["erratum_linked"] = noted & source_ok & in_time & ~keys.is_notice[article]
    ev["earlier_version"] = version & ~noted
    ev["preprint"] = preprint & known & (gap <= 0) & (gap >= -settings.report_max_years)
    ev["republished"] = republished
    ev["report"] = ~ev["duplicate"] & (
        ev["notice_named"]
        | ev["erratum_linked"]
        | ev["earlier_version"]
        | ev["preprint"]
        | republished
    )
    ev["report_is_left"] = report_left


def _review(pairs: Pairs, ev: Evidence, settings: DedupSettings) -> np.ndarray:
    """Pairs that may be one work and are left to a reviewer (see the module docstring)."""
    author_unknown = ~(ev["author_agree"] | ev["author_differ"] | ev["reordered"])
    similarity, needed = pairs.similarity, ev["needed"]
    review: np.ndarray = (
        ~ev["duplicate"]
        & ~ev["report"]
        & ~pairs.pmid_conflict
        & (ev["author_agree"] | author_unknown | (ev["reordered"] & ~ev["conflict"]))
        & (
            (
                ~pairs.no_title
                & (
                    (similarity >= settings.title_review)
                    | (ev["contained"] & (ev["support"] >= needed))
                )
            )
            | (pairs.no_title & (ev["support"] >= settings.review_support_no_title))
            | (ev["in_press"] & ev["source_agree"] & ~ev["conflict"])
            | ev["unlike_english"]
        )
    )
    review &= ~(
        ev["weak"]
        & (
            ev["volume_differ"]
            | ev["issue_differ"]
            | ev["page_differ"]
            | ev["last_page_differ"]
            | ev["year_conflict"]
        )
    )
    # years apart and printed elsewhere: two publications (an abstract and the later article)
    review &= ~(ev["year_conflict"] & (ev["volume_differ"] | ev["page_differ"]))
    return review


def _evidence_labels(pairs: Pairs, ev: Evidence) -> tuple[tuple[str, np.ndarray], ...]:
    """What a reviewer reads in the evidence column, in this order."""
    return (
        ("year=", ev["year_agree"]),
        ("year~", ev["years_known"] & (ev["year_gap"] > 0) & ~ev["year_conflict"]),
        ("year≠", ev["year_conflict"]),
        ("author=", ev["author_agree"]),
        ("authors reordered", ev["reordered"]),
        ("author≠", ev["author_differ"]),
        ("volume=", ev["volume_agree"]),
        ("volume≠", ev["volume_differ"]),
        ("issue≠", ev["issue_differ"]),
        ("page=", ev["page_agree"]),
        ("page~", ev["page_shifted"]),
        ("page≠", ev["page_differ"]),
        ("pages apart", ev["pages_apart"]),
        ("supplement≠", ev["supplement_conflict"]),
        ("same issue, year apart", ev["year_unexplained"]),
        ("last page≠", ev["weak_last_page"]),
        ("source=", ev["source_agree"]),
        ("source≠", ev["source_differ"] & ev["page_differ"]),
        ("doi=", pairs.doi_agree),
        ("doi≠", pairs.doi_conflict & ~pairs.doi_version),
        ("doi shared", pairs.doi_shared),
        ("pmid=", pairs.pmid_agree),
        ("numbers≠", ev["number_conflict"]),
        ("words≠", ev["substitution"]),
        ("part of", ev["part_of"]),
        ("no page places both", ev["unplaced_strong"]),
        ("notice≠", ev["notice_conflict"] & ~ev["report"]),
        ("erratum noted", ev["erratum_conflict"]),
        ("title contained", ev["contained"] & ~ev["by_main_title"]),
        ("in press, same authors", ev["in_press"] & ~ev["duplicate"] & ~ev["report"]),
        ("main title", ev["by_main_title"]),
        ("same citation", ev["by_citation"]),
        ("same citation, English titles unlike", ev["unlike_english"]),
        ("placed by issue", ev["by_issue"]),
        ("same abstract", ev["by_abstract"]),
        ("notice of it", ev["report"] & ev["notice_named"]),
        ("erratum of it", ev["report"] & ev["erratum_linked"] & ~ev["notice_named"]),
        ("earlier version", ev["report"] & ev["earlier_version"]),
        ("preprint of it", ev["report"] & ev["preprint"]),
        ("republication of it", ev["report"] & ev["republished"]),
        ("generic title", ev["generic"]),
        ("short title", ev["short"]),
        ("no title", pairs.no_title),
    )


def score_pairs(
    keys: MatchKeys,
    left: np.ndarray,
    right: np.ndarray,
    settings: DedupSettings,
    ids: Identifiers | None = None,
) -> ScoredPairs:
    """Evidence, support and outcome of each candidate pair worth a look (see module docstring).

    `ids`: the DOIs and PMIDs the identifier passes left usable (all of them when None). Pairs
    whose titles are less similar than `title_floor` (both titles present) are distinct
    without further work, unless year and first page agree (a translated title may still be
    the same citation) or one is a report notice. Distinct pairs are counted, not returned.
    """
    ids = ids if ids is not None else Identifiers.of(keys)
    n_compared = len(left)
    pairs = candidates(keys, left, right, ids, settings)
    pairs, ev, _ = _judge(keys, pairs, ids, settings)
    review = _review(pairs, ev, settings)
    outcome = np.where(
        ev["duplicate"],
        "duplicate",
        np.where(ev["report"], "report", np.where(review, "review", "distinct")),
    )
    # Distinct pairs are counted, not kept: only duplicates, reports and review pairs are acted on.
    kept = np.flatnonzero(outcome != "distinct")
    checks = _evidence_labels(pairs, ev)
    evidence = ["; ".join(label for label, flags in checks if flags[k]) for k in kept.tolist()]
    # a report's row names the report first
    swap = ev["report"][kept] & ~ev["report_is_left"][kept]
    first = np.where(swap, pairs.right[kept], pairs.left[kept])
    second = np.where(swap, pairs.left[kept], pairs.right[kept])
    table = pd.DataFrame(
        {
            "left": first.astype(np.int64),
            "right": second.astype(np.int64),
            # a report's score compares its title without the notice words with the article's
            "score": np.where(
                ev["report"][kept],
                np.maximum(pairs.similarity[kept], np.round(ev["report_similarity"][kept], 4)),
                pairs.similarity[kept],
            ),
            "support": ev["support"][kept].astype(np.int64),
            "evidence": pd.array(evidence, dtype="string"),
            "outcome": pd.array(outcome[kept], dtype="string"),
        }
    )
    return ScoredPairs(table=table, n_compared=n_compared, n_distinct=n_compared - len(kept))


def judged_apart(
    keys: MatchKeys,
    left: np.ndarray,
    right: np.ndarray,
    settings: DedupSettings,
    ids: Identifiers | None = None,
) -> np.ndarray:
    """Whether the evidence sets each pair apart as two publications (one bool per pair): a
    contradicting PMID; another DOI that nothing places in one citation; any conflict of
    `score_pairs`; or a word swapped with no first page or identifier placing both (*… in a
    Swedish cohort* / *… in a Norwegian cohort*). A pair that is a duplicate or a report is not
    apart, nor is one whose titles are merely unlike (a translation, a subtitle)."""
    ids = ids if ids is not None else Identifiers.of(keys)
    apart = np.zeros(len(left), dtype=bool)
    if not len(left):
        return apart
    every, keep = every_candidate(keys, left, right, ids, settings)
    apart[~keep] = (every.pmid_conflict | every.doi_conflict)[~keep]
    pairs, index = every.take(keep), np.flatnonzero(keep)
    pairs, ev, worth = _judge(keys, pairs, ids, settings)
    # every conflict but another source on other pages, which a journal's second name (its
    # English edition, known to the pair only through a third record's parallel title) makes
    conflict = _other_conflicts(pairs, ev)
    apart[index[worth]] = (
        ~ev["duplicate"] & ~ev["report"] & (conflict | (ev["substitution"] & ~ev["placed"]))
    )
    return apart


def _judge(
    keys: MatchKeys, pairs: Pairs, ids: Identifiers, settings: DedupSettings
) -> tuple[Pairs, Evidence, np.ndarray]:
    """The pairs worth scoring, their evidence with conflicts, duplicates and reports judged, and
    which of the given pairs they are (a mask)."""
    ev = citation_evidence(keys, pairs, settings)
    worth = _worth_scoring(keys, pairs, ev, settings)
    pairs, ev = pairs.take(worth), {name: values[worth] for name, values in ev.items()}
    _conflicts(keys, pairs, ev, settings)
    _duplicates(keys, pairs, ev, settings)
    _reports(keys, pairs, ids, ev, settings)
    return pairs, ev, worth


def _other_conflicts(pairs: Pairs, ev: Evidence) -> np.ndarray:
    """The conflicts of `_conflicts` other than another source on other pages."""
    conflicts: np.ndarray = (
        ev["year_conflict"] | ev["number_conflict"] | ev["notice_conflict"]
        | ev["erratum_conflict"] | ev["issue_conflict"] | ev["volume_conflict"]
        | ev["pages_apart"] | ev["supplement_conflict"] | ev["part_of"] | ev["year_unexplained"]
        | ev["weak_last_page"] | (pairs.doi_conflict & ~ev["full_citation"] & ~pairs.doi_version)
        | pairs.doi_version
    )  # fmt: skip
    return conflicts
