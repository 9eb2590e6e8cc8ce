"""The identifier passes: DOIs and PubMed IDs weighed as evidence, never taken as identity.

Input: `MatchKeys`. Output: `IdPassResult` per identifier — the records it joins (rule `doi` or
`pmid`), the errata it links to their article (rule `report`), the pairs it leaves to the fuzzy
pass, the identifier each record may still be matched by, and notices.

A DOI is trusted only as far as the records carrying it agree:
- a DOI cut short (`10.1016/s0022`: only a journal's ISSN after the prefix, or the beginning of
  another record's DOI) identifies nothing and is reported;
- records sharing a DOI are joined when every pair of them is compatible: titles at least
  `id_title_min` similar (`title_review` when more than two records share it), one contained in
  the other, or one missing; no "Part 1"/"Part 2", no years apart, no other volume or first page
  (unless one title by one first author says a citation is miswritten, or the volumes number
  one supplement two ways: `Acta Neurol Scand Suppl` 185 and 114(SUPPL. 185), `evidence.
  supplement_numbered`), no notice paired with an
  article, no two meeting abstracts of a supplement whose titles are
  below `title_duplicate` or swap a word (a supplement's DOI is often the issue's) — an
  erratum or retraction notice carrying its article's DOI is linked to it as a report instead;
- a DOI carried by records with incompatible titles (the meeting abstracts of a supplement, the
  papers of an issue, the chapters of a book) or by more than `max_id_group` records is a shared
  DOI: it joins none of them, is no evidence either way for the fuzzy pass, and is reported (the
  pairs it holds with compatible titles are scored by the fuzzy pass, so a reviewer sees the
  doubtful ones in review.csv).
PubMed IDs are weighed the same way (none is cut short).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import numpy as np

from metasynth.dedup.compare import (
    contained_titles,
    one_title_one_page,
    substituted_words,
    surnames_agree,
    title_similarity,
)
from metasynth.dedup.evidence import supplement_numbered
from metasynth.dedup.prepare import MatchKeys
from metasynth.dedup.settings import DedupSettings
from metasynth.errors import Notice

# Only a journal's ISSN after the prefix (Elsevier's PII cut at "-" or "("), or a SICI DOI cut
# at its first "(": "10.1016/s0022", "10.1016/0022-3476", "10.1002/(sici)"
_CUT_SUFFIX = re.compile(r"^(?:s?\d{4}(?:-?\d{3}[\dx])?|\(sici\)?|\(?)$")
# a DOI cut where it continued with a parenthesis or an angle bracket (PII, SICI): a DOI that
# another continues with ".pub2" or ".g001" is that one's original or whole, not cut short
_CONTINUES = frozenset("(<")


@dataclass(frozen=True)
class IdPassResult:
    """What one identifier pass found (pairs are row positions)."""

    rule: str
    left: np.ndarray  # joined as one publication
    right: np.ndarray
    report_left: np.ndarray  # a notice (erratum, retraction) carrying its article's identifier
    report_right: np.ndarray  # the article
    declined_left: np.ndarray  # left to the fuzzy pass
    declined_right: np.ndarray
    usable: np.ndarray  # the identifier each record may be matched by ("" when set aside)
    set_aside: np.ndarray  # bool: the record's identifier was cut short or shared
    notices: list[Notice] = field(default_factory=list)


def _groups(values: np.ndarray) -> list[np.ndarray]:
    """Row positions of each non-empty value held by more than one row (groups in value order)."""
    present = np.flatnonzero(values != "")
    if len(present) < 2:
        return []
    order = present[np.argsort(values[present], kind="stable")]
    sorted_values = values[order]
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], len(order)]
    return [order[s:e] for s, e in zip(starts, ends, strict=True) if e - s > 1]


def cut_short_dois(dois: np.ndarray) -> set[str]:
    """DOIs that are cut short: a suffix that is only a journal's ISSN (or a SICI's opening),
    or the beginning of another record's DOI where that one goes on with "(" or "<"."""
    distinct = sorted({str(d) for d in dois.tolist() if d})
    cut = {d for d in distinct if _CUT_SUFFIX.match(d.split("/", 1)[1] if "/" in d else d)}
    for doi, following in itertools.pairwise(distinct):
        if following.startswith(doi) and following[len(doi)] in _CONTINUES:
            cut.add(doi)
    return cut


def _differ(values: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    known: np.ndarray = (values[left] != "") & (values[right] != "")
    differ: np.ndarray = known & (values[left] != values[right])
    return differ


def _one_citation_miswritten(
    keys: MatchKeys,
    left: np.ndarray,
    right: np.ndarray,
    similarity: np.ndarray,
    settings: DedupSettings,
) -> np.ndarray:
    """Pairs on one DOI whose year or volume disagree only because one record's citation is
    miswritten: one title on no other first page (`one_title_one_page`) by the same first
    author, neither a supplement's. A database's record ahead of print puts the day of its
    online date where the volume goes (Embase's `21` for Ann Biomed Eng 43(5)), or its issue
    number where the year goes (`1862` for Proc Biol Sci 284(1862)); a series' parts keep their
    numbers apart, and a meeting abstract given its article's DOI (and, by one database, the
    article's ISSNs) is on a page of its own or a supplement's."""
    among: np.ndarray = (
        (keys.surname[left] != "")
        & (keys.surname[right] != "")
        & ~(keys.in_supplement[left] | keys.in_supplement[right])
    )
    # a record ahead of print, without its volume, paginated from 1 (Springer's Online First:
    # "1-8" for Mol Neurobiol 55(1):156-163) is on no page of the issue yet
    ahead = (keys.volume == "") & (keys.page == "1")
    paged = (keys.volume != "") & (keys.page != "")
    early = (ahead[left] & paged[right]) | (ahead[right] & paged[left])
    miswritten = one_title_one_page(keys, left, right, similarity, settings, among, early)
    for k in np.flatnonzero(miswritten).tolist():
        miswritten[k] = surnames_agree(str(keys.surname[left[k]]), str(keys.surname[right[k]]))
    return miswritten


def _compatible(
    keys: MatchKeys,
    left: np.ndarray,
    right: np.ndarray,
    settings: DedupSettings,
    min_similarity: float,
) -> np.ndarray:
    """Pairs whose titles, years and places do not contradict a shared identifier: titles at
    least `min_similarity` alike (or one contained in the other, or one missing), no years apart,
    no other volume or first page (a first-page typo with the same last page aside)."""
    similarity = title_similarity(keys, left, right)
    untitled = ~(keys.has_title[left] & keys.has_title[right])
    # a title without its subtitle does not contradict the identifier either
    contained = contained_titles(keys, left, right, similarity, untitled, settings)
    years = (keys.year[left] >= 0) & (keys.year[right] >= 0)
    apart = years & (np.abs(keys.year[left] - keys.year[right]) > settings.year_tolerance)
    apart |= _differ(keys.page, left, right) & ~(
        (keys.last_page[left] == keys.last_page[right]) & (keys.last_page[left] != "")
    )
    volumes = _differ(keys.volume, left, right) & ~(
        keys.volume_is_year[left] | keys.volume_is_year[right]
    )
    one_page = (keys.page[left] == keys.page[right]) & (keys.page[left] != "")
    apart |= volumes & ~supplement_numbered(keys, left, right, volumes & one_page)
    apart &= ~_one_citation_miswritten(keys, left, right, similarity, settings)
    numbers = np.array(
        [
            not (keys.numbers[a] <= keys.numbers[b] or keys.numbers[b] <= keys.numbers[a])
            for a, b in zip(left.tolist(), right.tolist(), strict=True)
        ],
        dtype=bool,
    )
    # a supplement's DOI is often the issue's, carried by each of its meeting abstracts: two
    # abstracts under one are one only with the same title (a word swapped is another abstract)
    abstracts = keys.in_supplement[left] & keys.in_supplement[right] & ~untitled
    for k in np.flatnonzero(abstracts).tolist():
        a, b = int(left[k]), int(right[k])
        abstracts[k] = similarity[k] < settings.title_duplicate or substituted_words(
            keys.title_key[a], keys.title_key[b], settings.word_prefixes
        )
    agrees: np.ndarray = (
        (untitled | contained | (similarity >= min_similarity))
        & ~abstracts
        & (keys.is_notice[left] == keys.is_notice[right])
        & ~apart
        & ~numbers
    )
    return agrees


def _notice(rule: str, value: str, rows: np.ndarray, keys: MatchKeys, why: str) -> Notice:
    shown = ", ".join(str(keys.record_id[r]) for r in rows[:5])
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return Notice(
        "warning",
        f"{len(rows)} records carry the {rule.upper()} {value} ({shown}{more}): {why}; it joins "
        "none of them and is no evidence for or against their being one publication (pairs "
        "with similar titles are in review.csv when the other evidence leaves them in doubt)",
        element=f"{rule} {value}",
    )


def id_pass(
    keys: MatchKeys, values: np.ndarray, rule: str, settings: DedupSettings
) -> IdPassResult:
    """Weigh the records sharing a value of `values` (DOIs or PMIDs; see the module docstring)."""
    usable = values.copy()
    set_aside = np.zeros(len(values), dtype=bool)
    notices: list[Notice] = []
    if rule == "doi":
        cut = cut_short_dois(values)
        for doi in sorted(cut):
            rows = np.flatnonzero(values == doi)
            set_aside[rows] = True
            usable[rows] = ""
            notices.append(_notice(rule, doi, rows, keys, "it looks cut short"))
    joined: list[tuple[np.ndarray, np.ndarray]] = []
    reports: list[tuple[int, int]] = []
    declined: list[tuple[np.ndarray, np.ndarray]] = []
    for rows in _groups(usable):
        value = str(usable[rows[0]])
        i, j = np.triu_indices(len(rows), k=1)
        left, right = rows[i], rows[j]
        if len(rows) > settings.max_id_group:
            why = f"more than {settings.max_id_group} records share it"
        else:
            # errata and retraction notices carrying their article's identifier are reports of it
            notes = keys.is_report[rows]
            articles = rows[~notes]
            inner = np.isin(left, articles) & np.isin(right, articles)
            # more than two records on one identifier: their titles must be one title's
            # variants (a series of abstracts with titles alike shares a supplement's DOI)
            bar = settings.id_title_min if len(articles) <= 2 else settings.title_review
            agrees = _compatible(keys, left[inner], right[inner], settings, bar)
            if bool(agrees.all()):
                joined.append((left[inner], right[inner]))
                if len(articles):
                    reports += [(int(note), int(articles[0])) for note in rows[notes]]
                else:
                    declined.append((left, right))  # only notices: the fuzzy pass decides
                continue
            why = "their titles say they are different publications"
        set_aside[rows] = True
        usable[rows] = ""
        notices.append(_notice(rule, value, rows, keys, why))
        if len(rows) <= settings.max_id_group:
            declined.append((left, right))
    empty = np.empty(0, np.int64)

    def stack(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        if not parts:
            return empty, empty
        return (
            np.concatenate([a for a, _ in parts]).astype(np.int64),
            np.concatenate([b for _, b in parts]).astype(np.int64),
        )

    left, right = stack(joined)
    declined_left, declined_right = stack(declined)
    report_left = np.array([a for a, _ in reports], dtype=np.int64)
    report_right = np.array([b for _, b in reports], dtype=np.int64)
    return IdPassResult(
        rule, left, right, report_left, report_right, declined_left, declined_right, usable,
        set_aside, notices,
    )  # fmt: skip


def ut_pass(keys: MatchKeys) -> tuple[np.ndarray, np.ndarray]:
    """Records whose accession record_ids differ only in case: one record (rule `ut`)."""
    lefts, rights = [], []
    for rows in _groups(keys.ut):
        lefts.append(np.full(len(rows) - 1, rows[0]))
        rights.append(rows[1:])
    if not lefts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(lefts).astype(np.int64), np.concatenate(rights).astype(np.int64)
