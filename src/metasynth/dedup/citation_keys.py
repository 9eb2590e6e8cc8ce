"""Where and by whom a record was published, as the keys dedup compares.

Input: one author field, page range, source title or DOI as exported. `author_names` and
`first_surname` read authors as folded (surname, given names); `page_key` and `last_page_key` read a
page range as numbers (article numbers, supplement and roman pages, abbreviated last pages),
`page_range` a whole range where nothing else is written; `source_key` and `source_parts` key a
journal or meeting name and its parallel titles; `version_key` says what the versions of one work
share (a Cochrane review's number, a DOI without its version), `doi_spellings` which DOIs are
one DOI with its punctuation dropped or changed. Output: plain values, used by
`prepare.match_keys` and the comparisons.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from metasynth import text
from metasynth.dedup.title_keys import STOPWORDS

_LEADING_NUMBER = re.compile(r"\d+")


# A DOI's version: Cochrane's ".pub3", a preprint server's "v2"
_DOI_VERSION = re.compile(r"(?:\.pub\d+|(?<=\d)v\d+)$")


# A Cochrane review's number, in its DOI (10.1002/14651858.CD006828.pub2) or as its "page"
_COCHRANE_REVIEW = re.compile(r"(?:^|14651858\.)(cd\d{6})(?:$|\.)", re.IGNORECASE)


_ROMAN_PAGE = re.compile(r"^[ivxlc]+$")


_PAGE_PARTS = re.compile(r"\s*(?:-|–|—)+\s*")


# A book's, thesis's or report's length where a journal record has its pages: "215 p",
# "xii, 215 pp.", "94 pages", "3 leaves". It places the item nowhere, so it is no page to agree on.
_PAGE_COUNT = re.compile(r"^(?:[ivxlc]+\s*,\s*)?\d+\s*(?:p|pp|pages?|leaves)\.?$", re.IGNORECASE)


# Name parts that say nothing about who an author is: "Lynch Jr, T. J." is Lynch
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


_NOT_A_NAME = frozenset({"et al", "others", "anonymous", "anon"})


# What a DOI's suffix holds besides letters and digits: the punctuation a database may drop or
# change ("fnr.v57i0.21245" as "fnrv57i0.21245", "82_2012_287" as "82-2012-287")
_DOI_PUNCTUATION = re.compile(r"[^0-9a-z]")


def _doi_letters(doi: str) -> tuple[str, str, frozenset[int]]:
    """A DOI's prefix, its suffix's letters and digits, and the places in them where the
    suffix has punctuation (a place counts once: "//" is one)."""
    prefix, _, suffix = doi.partition("/")
    letters: list[str] = []
    places: set[int] = set()
    for char in suffix:
        if _DOI_PUNCTUATION.match(char):
            places.add(len(letters))
        else:
            letters.append(char)
    return prefix, "".join(letters), frozenset(places)


def doi_spellings(dois: Iterable[str]) -> dict[str, str]:
    """The DOIs (normalised, lower case) written with their suffix's punctuation dropped or
    changed, each mapped to the spelling that keeps the most of it: "10.3402/fnrv57i0.21245" ->
    "10.3402/fnr.v57i0.21245", "10.1210/endrevbnz002" -> "10.1210/endrev/bnz002",
    "10.1037/0022-3514.74.1.36" -> "10.1037//0022-3514.74.1.36". Two spellings are one DOI
    when the prefix and the suffix's letters and digits are the same and every place one of
    them has punctuation the other has too: "10.1109/5.771073" and "10.1109/57.71073" are two.
    Of equally full spellings the one more records carry (then the first in order) is kept."""
    carried = Counter(d for d in dois if d)
    spellings: dict[tuple[str, str], list[tuple[frozenset[int], str]]] = {}
    for doi in sorted(carried):
        prefix, letters, places = _doi_letters(doi)
        if letters:
            spellings.setdefault((prefix, letters), []).append((places, doi))
    read_as: dict[str, str] = {}
    for group in spellings.values():
        if len(group) < 2:
            continue
        fullest_places, fullest = max(group, key=lambda g: (len(g[0]), carried[g[1]]))
        for places, doi in group:
            if doi != fullest and places <= fullest_places:
                read_as[doi] = fullest
    return read_as


def version_key(doi: str, first_page: str) -> str:
    """What the versions of one work share ("" when the record shows none): a Cochrane review's
    number ("cd006828", from its DOI or its page), else the DOI without a version suffix."""
    for value in (doi, first_page):
        match = _COCHRANE_REVIEW.search(value)
        if match:
            return match.group(1).lower()
    return _DOI_VERSION.sub("", doi) if _DOI_VERSION.search(doi) else ""


# MEDLINE's "Le Quintrec M", "Il Cheong H": surname words, then the initials in one word
_TRAILING_INITIALS = re.compile(r"^(\S+(?:\s+\S+)+?)\s+([A-Z]{1,3})$")


def _surname(author: str) -> str:
    """Folded surname of one author: `text.surname`, except that a MEDLINE name of several
    surname words before its initials keeps them all ("Le Quintrec M" -> "le quintrec", where
    `text.surname`, which stored ids depend on, gives "m")."""
    if "," not in author:
        match = _TRAILING_INITIALS.match(author.strip())
        if match:
            return text.fold(match.group(1))
    return text.surname(author)


def _name(author: str) -> tuple[str, str]:
    """(surname, given names) of one author, folded; suffixes such as "Jr" dropped."""
    if "," in author:
        surname, given = author.split(",", 1)
        surname_words, given_words = text.fold(surname).split(), text.fold(given).split()
    else:
        surname_words = _surname(author).split()
        given_words = [w for w in text.fold(author).split() if w not in surname_words]
    surname_words = [w for w in surname_words if w not in _NAME_SUFFIXES] or surname_words
    given_words = [w for w in given_words if w not in _NAME_SUFFIXES]
    return " ".join(surname_words), " ".join(given_words)


def first_surname(authors: str) -> str:
    """The first author's folded surname without a suffix ("Lynch Jr, T. J." -> "lynch")."""
    words = _surname(authors.split(";", 1)[0]).split() if authors else []
    return " ".join([w for w in words if w not in _NAME_SUFFIXES] or words)


def author_names(authors: str, max_authors: int) -> tuple[tuple[str, str], ...]:
    """The first `max_authors` authors of an author field as folded (surname, given names).

    "Carignani, Andrea; Negri, Lorenzo" -> (("carignani", "andrea"), ("negri", "lorenzo")).
    Placeholders ("et al.", "Anonymous") are left out.
    """
    names = []
    for author in text.split_multi(authors):
        if text.fold(author) in _NOT_A_NAME:
            continue
        name = _name(author)
        if name[0]:
            names.append(name)
        if len(names) == max_authors:
            break
    return tuple(names)


def first_number(value: str) -> str:
    match = _LEADING_NUMBER.search(value)
    return match.group(0).lstrip("0") if match else ""


# A heading before the volume number, ended by a full stop: "Part B. 287", "Part 2. 109"
_VOLUME_HEADING = re.compile(r"^.*\.\s+(?=\d+\s*$)")


def volume_key(value: str) -> str:
    """The volume number of a volume field as exported: its first number, except that what an
    export cut before a closing parenthesis it never opened is no volume ("1)", the end of "24
    (Supplement 1)"; ": 1997). 292", the end of the journal's "(San Antonio, Tex. : 1997)"), and
    a heading before a full stop is none either ("Part 2. 287" is volume 287)."""
    if value.count(")") > value.count("("):
        value = value[value.rindex(")") + 1 :]
    return first_number(_VOLUME_HEADING.sub("", value))


# What exports write in the volume field besides the volume. Ovid's Embase through EndNote: the
# issue in brackets and "(no pagination)", the article number then in the issue field
# ("13 (2) (no pagination)" / "e0192222"); MEDLINE: a supplement, a special issue or a part
# after the volume ("85 Suppl 6", "14 Spec No. 2", "275 Pt 1", also "Part 3. 275"); what is left
# of "17 (SUPPL. 1)" when the export cut the volume off ("1)": no volume, a supplement).
_VOLUME_ISSUE = re.compile(r"^\s*(\d+)\s*\(([^()]+)\)")
_NO_PAGINATION = re.compile(r"\(\s*no pagination\s*\)", re.IGNORECASE)
_VOLUME_SUPPLEMENT = re.compile(
    r"^\s*(\d+)\s+((?:suppl|supplement|spec(?:ial)?\.?\s*(?:no|iss(?:ue)?))\b.*)$",
    re.IGNORECASE,
)
_VOLUME_PART = re.compile(r"\b(?:pt|part)\.?\s*\d+\b\.?", re.IGNORECASE)
_CUT_SUPPLEMENT = re.compile(r"^\s*(\d+)\s*\)\s*$")
# an article number where the issue goes: "e0192222" (PLOS ONE), "e012345" (BMJ Open)
_ARTICLE_NUMBER = re.compile(r"^\s*e\d{5,}\s*$", re.IGNORECASE)


def volume_issue_pages(volume: str, issue: str, pages: str) -> tuple[str, str, str, bool]:
    """The volume, issue and pages a record's three fields mean, and whether the volume field
    names a supplement: "13 (2) (no pagination)", "e0192222", "" -> ("13", "2", "e0192222");
    "85 Suppl 6", "", "161-70" -> ("85", "Suppl 6", "161-70"); "14 Spec No. 2" -> ("14", "Spec
    No. 2"); "1)", "", "101" -> ("", "Suppl 1", "101", supplement). Other values are returned
    as they are."""
    no_pagination = _NO_PAGINATION.search(volume) is not None
    if no_pagination:
        volume = _NO_PAGINATION.sub(" ", volume).strip()
    if not pages and (no_pagination or _ARTICLE_NUMBER.match(issue)):
        pages, issue = issue.strip(), ""
    cut = _CUT_SUPPLEMENT.match(volume)
    if cut:
        return "", issue or f"Suppl {cut.group(1)}", pages, True
    bracketed = _VOLUME_ISSUE.match(volume)
    if bracketed and not issue:
        volume, issue = bracketed.group(1), bracketed.group(2).strip()
    supplement = _VOLUME_SUPPLEMENT.match(volume)
    if supplement and not issue:
        volume, issue = supplement.group(1), supplement.group(2).strip()
    if _VOLUME_PART.search(volume):
        volume = _VOLUME_PART.sub(" ", volume).strip(" .")
    return volume, issue, pages, False


# a supplement's page written with a dash after its letter: "S-647" (Gastroenterology's
# meeting abstracts) is page S647, not a range from "S"
_SUPPLEMENT_DASH = re.compile(r"^\s*([Ss])\s*-\s*(?=\d)")


# A number a spreadsheet rounded where the pages were: SAGE's 16-digit article number
# (0003489418815188) kept to its first figures, "3490000000000" or "2.05E+015". Every paper of
# a journal may get the same one (Orthop J Sports Med's "2330000000000000"): it places nothing.
_SPREADSHEET_NUMBER = re.compile(r"^\s*(?:\d{6,}0{4,}|\d(?:\.\d+)?e\+?\d+)\s*$", re.IGNORECASE)


def page_key(pages: str) -> str:
    first = text.first_page(_SUPPLEMENT_DASH.sub(r"\1", pages))
    if not first or _PAGE_COUNT.match(first) or _SPREADSHEET_NUMBER.match(pages):
        return ""
    digits = _LEADING_NUMBER.search(first)
    # "e1002" and "1002" are the same article number; "S12" and "12" too (supplement pages).
    if digits:
        return digits.group(0).lstrip("0")
    # roman page numbers ("iii-vii") are pages; other letters ("t-8", a mangled cell) are not
    return first if _ROMAN_PAGE.match(first) else ""


def last_page_key(pages: str) -> str:
    """The last page of a range as a number ("2141-47" -> "2147"); "" without a range."""
    if "-" not in pages and "–" not in pages and "—" not in pages:
        return ""
    parts = _PAGE_PARTS.split(pages.strip(), maxsplit=1)
    if len(parts) < 2:
        return ""
    first, last = (_LEADING_NUMBER.search(part) for part in parts)
    if first is None or last is None:
        # front matter in roman numerals ("iii-xii") ends on its roman page
        roman = [part.strip().lower() for part in parts]
        return roman[1] if all(_ROMAN_PAGE.match(part) for part in roman) else ""
    return _written_out(first.group(0).lstrip("0"), last.group(0).lstrip("0"))


def _written_out(first_digits: str, last_digits: str) -> str:
    """A last page written short takes the first page's leading digits: 2141-47 ends on 2147."""
    if len(last_digits) < len(first_digits):
        last_digits = first_digits[: len(first_digits) - len(last_digits)] + last_digits
    return last_digits


# a page range and nothing else: "4557-4561", "1675-88", "S12-S14", "e101-e109"
_WHOLE_RANGE = re.compile(r"^([a-z]?)(\d+)\s*-+\s*([a-z]?)(\d+)$")


def page_range(pages: str) -> tuple[str, int, int] | None:
    """The page range a pages field gives (its dashes ASCII), as (the pages' letter, first,
    last): "1675-88" ->
    ("", 1675, 1688), "S12-S14" -> ("s", 12, 14); None for anything but one range of numbered
    pages in one pagination, first to last: a single page or article number, "S4-76-S4-101",
    "1123-1130; discussion 1131", "12-Jan" and "Oct-13" (a range a spreadsheet took for a
    date), "2019-03-04", roman pages, "55-S60", "1999-12" (a last page before the first)."""
    match = _WHOLE_RANGE.match(pages.strip().lower())
    if match is None:
        return None
    letter, first, other_letter, last = match.groups()
    if other_letter and other_letter != letter:
        return None
    first = first.lstrip("0") or "0"
    last = _written_out(first, last.lstrip("0") or "0")
    if int(last) < int(first):
        return None
    return letter, int(first), int(last)


# "y" (Spanish "and") and the elided "d'"/"l'" of French and Italian titles: "Annales
# francaises d'anesthesie" abbreviates to "Ann Fr Anesth"; "annual" goes, and so does its ISO 4
# abbreviation "Annu."
# and the articles and prepositions of the other languages journals are named in ("Zeitschrift
# für Kardiologie" is "Z Kardiol", "Revista de la Sociedad" "Rev Soc"), with their "and"
# ("Pneumonologia i Alergologia Polska" is "Pneumonol Alergol Pol", "Medicina e Morale" ...)
# and Dutch ("Nederlands Tijdschrift voor Geneeskunde" is "Ned Tijdschr Geneeskd")
_SOURCE_STOPWORDS = STOPWORDS | {
    "y", "d", "l", "annual", "annu", "fur", "fuer", "zur", "zum", "im", "das", "dans", "pour",
    "sur", "los", "las", "el", "para", "por", "dei", "della", "delle", "di", "do", "da", "dos",
    "i", "e", "och", "og", "voor", "van", "het", "op", "ten", "ter",
}  # fmt: skip


# Edition numbers of a conference: "50th Annual Hawaii International Conference ...", "2007 ..."
_EDITION = re.compile(r"^\d+(?:st|nd|rd|th)?$")


# Editions written as words ("Fourth International Conference on …", "Twenty-First …",
# which abbreviations and other databases drop)
_EDITION_WORDS = frozenset(
    {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
     "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
     "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth",
     "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth", "hundredth"}
)  # fmt: skip


_EDITION_TENS = frozenset(
    {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
)  # fmt: skip


# "PROCEEDINGS OF THE 5TH EUROPEAN CONFERENCE ON SOCIAL MEDIA" (Web of Science) is Scopus's
# "European Conference on Social Media": a meeting's proceedings are named with and without
# the word; a journal called "Proceedings of …" (no meeting word) keeps it
_PROCEEDINGS = frozenset({"proceedings", "proc"})


_MEETING_WORDS = frozenset(
    {"conference", "conf", "symposium", "symp", "workshop", "congress", "meeting", "colloquium"}
)  # fmt: skip


_PARALLEL_TITLES = re.compile(r"\s+=\s+|\s*/\s*")


_TRAILING_ALIAS = re.compile(r"^\s*(\w.*?\S)\s*\([^()]+\)\s*\.?\s*$")


_TRAILING_TRANSLATION = re.compile(r"^\s*(\w.*?\S)\s*\[([^\[\]]+)\]\s*\.?\s*$")


_CONFERENCE_PART = re.compile(r"^\s*(\w[^:]*?)\s*\.\s*conference\s*:\s*(.*?)\s*$", re.IGNORECASE)


_NO_PARTS: tuple[str, ...] = ()


# Embase's citation ("Source", SO), which some exports (EndNote libraries filled from Ovid)
# put whole in the journal field: "Biological Psychiatry.63 (9) ()(pp 832-839) 2008.Date of
# Publication: 01 May 2008.", "PLoS ONE.8 (9) (no pagination) 2013.Article Number: e75721.",
# a meeting's "Journal.Conference: … Conference Publication: (var.pagings).39 ()(pp S618-S619)",
# old records "PSYCHOPHARMACOLOGIA 40 (3) ()(pp 269-277) 1974." — the volume (with a special
# issue it holds: "20 Spec No 4", "23 Suppl 2"), issue and supplement in parentheses, then the
# pages or "(no pagination)" (the article number comes after the year)
_EMBASE_CITATION = re.compile(
    r"[. ](?P<volume>(?:\d[^().]*?)?)\s*(?P<groups>(?:\([^()]*\)\s*)*?)"
    r"(?:\(pp\s+(?P<pages>[^()]*)(?:(?P<closed>\))|$)|\(no pagination\))"
    r"(?=,?\s*(?:\d{4}|\d*$))"  # the year follows (cut off or not): not a book's "(pp 9-18) xxi"
)
_ARTICLE_NUMBER = re.compile(r"Article Number:\s*([^\s.]+)")
_MEETING_DETAILS = re.compile(r"\.?\s*Conference (?:Start|End|Publication):.*$", re.DOTALL)
_GROUP = re.compile(r"\(([^()]*)\)")
# an issue or a supplement ("4-6", "9 Suppl 1", "Sup.2", "S2"), not a month ("AUG", "JANUARY 2012")
_ISSUE = re.compile(r"\d|s(?:u|\d)", re.IGNORECASE)


def embase_citation(source: str) -> tuple[str, str, str, str] | None:
    """(journal, volume, issue, pages) of Embase's whole citation written as the source title,
    None for a plain source title.

    A meeting abstract's source stays "Journal.Conference: Meeting" (`source_parts` reads both);
    a citation cut off by the export ("(pp S618-S61") gives its first page only (none when the
    cut may fall in it), an article without pages its article number ("e75721"); a month in
    the issue's place ("AUG") is no issue.
    """
    if "(pp " not in source and "(no pagination)" not in source:
        return None
    match = _EMBASE_CITATION.search(source)
    if match is None:
        return None
    journal = _MEETING_DETAILS.sub("", source[: match.start()]).strip()
    if not journal:
        return None
    issues = [g.strip() for g in _GROUP.findall(match.group("groups")) if g.strip()]
    issue = issues[0] if issues and _ISSUE.match(issues[0]) else ""
    pages = (match.group("pages") or "").strip()
    if pages and match.group("closed") is None:
        # cut off: the last page is partial, and without a dash the first may be ("S1" of S104)
        parts = _PAGE_PARTS.split(pages, maxsplit=1)
        pages = parts[0] if len(parts) > 1 else ""
    if not pages:
        number = _ARTICLE_NUMBER.search(source, match.end())
        pages = number.group(1) if number else ""
    return journal, match.group("volume"), issue, pages


def source_parts(source: str) -> tuple[str, ...]:
    """Keys of the parallel titles of a source, () when it has one title.

    Also Embase's journal and meeting ("Journal.Conference: Meeting") and a translated name in
    square brackets after the journal's own.

    "Ai zheng = Aizheng = Chinese journal of cancer" (MEDLINE) and "Revista Panamericana de
    Salud Publica/Pan American Journal of Public Health" name one journal in two languages;
    a part split at "/" needs three words ("AIDS/HIV" is one title).
    """
    conference = _CONFERENCE_PART.match(source)
    if conference:
        # Embase's "Journal.Conference: 44th Annual Meeting …": the journal is a title too,
        # and so is the meeting, which a conference database names alone
        meeting = source_key(conference.group(2))
        return (
            source_key(conference.group(1)),
            source_key(source),
            *([meeting] if meeting else []),
        )
    translated = _TRAILING_TRANSLATION.match(source)
    if translated:
        # "Gan to Kagaku Ryoho [Japanese Journal of Cancer & Chemotherapy]": Ovid's and
        # Embase's translated name of a journal after its own
        return tuple(source_key(part) for part in translated.groups())
    alias = _TRAILING_ALIAS.match(source)
    if alias:
        # "… Conference on Agro-Geoinformatics (Agro-geoinformatics)", "Lung Cancer (the
        # Netherlands)": the title without its parenthesised short name or place
        return (source_key(alias.group(1)), source_key(source))
    if "=" not in source and "/" not in source:
        return _NO_PARTS
    parts = []
    for part in _PARALLEL_TITLES.split(source):
        key = source_key(part)
        if key and ("=" in source or key.count(" ") >= 2):
            parts.append(key)
    return tuple(parts) if len(parts) > 1 else _NO_PARTS


# The last word of a supplement series' name: "Scand J Gastroenterol Suppl", "Kidney International
# Supplement", "Acta Neurochirurgica Supplementum" (not "Journal of Dietary Supplements")
_SUPPLEMENT_WORDS = frozenset({"suppl", "supplement", "supplementum"})


def supplement_series(key: str) -> str:
    """The journal whose supplement series a source key names ("scand j gastroenterol suppl" ->
    "scand j gastroenterol"), "" for any other source. MEDLINE cites such a series under its own
    name, numbered by the supplement (`Scand J Gastroenterol Suppl` 169), where other databases
    cite the journal's volume with the supplement as its issue (24(169))."""
    journal, _, last = key.rpartition(" ")
    return journal if journal and last in _SUPPLEMENT_WORDS else ""


def source_key(source: str) -> str:
    """Folded source title without stop words and edition numbers ("50th annual", "2007",
    "twenty first"), and without the "Proceedings of" before a meeting's name.

    Abbreviation comparison drops them too; conference proceedings are named with and
    without their edition, and with and without the word "Proceedings".
    """
    words = text.fold(source).split()
    if words and words[0] in _PROCEEDINGS and _MEETING_WORDS.intersection(words):
        words = words[1:]
    return " ".join(
        w
        for position, w in enumerate(words)
        if (w not in _SOURCE_STOPWORDS or _in_initials(words, position))
        and not (w[0].isdigit() and _EDITION.match(w))
        and not _edition_word(words, position)
    )


def _edition_word(words: list[str], position: int) -> bool:
    """True for an edition in words: "sixteenth", and the "twenty" of "twenty first"."""
    word = words[position]
    if word in _EDITION_TENS:
        return position + 1 < len(words) and words[position + 1] in _EDITION_WORDS
    return word in _EDITION_WORDS


def _in_initials(words: list[str], position: int) -> bool:
    """True for a one-letter word next to another one: the "a" of "U S A" is no article."""
    return len(words[position]) == 1 and any(
        0 <= other < len(words) and len(words[other]) == 1 for other in (position - 1, position + 1)
    )
