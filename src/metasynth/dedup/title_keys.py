"""What a title says, as the keys dedup compares: its words, numbers, notes and notices.

Input: one title as exported. `plain_title` spells out what other databases write differently
(unicode dashes, lone Greek letters, a wholly bracketed translated title); `split_title` takes off
a cut MEDLINE note and a language note and splits an Ovid/Embase `<ORIGINAL>` title from it;
`original_title_key` keys an original-language title; `title_numbers` and `trial_phase` read the
numbers that tell parts, follow-ups and phases apart; `notice_flags` and `report_key` find
notices (errata, retractions, replies) and the article they name. Output: plain values per title,
used by `prepare.match_keys`.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from metasynth import text
from metasynth.dedup.settings import DedupSettings
from metasynth.ingest.vocabulary import normalise

_MAYBE_NUMBER = re.compile(
    r"\d|\b[ivx]+\b|one|two|thre|four|five|six|seven|eight|nine|ten|eleven|twel|fif|twent|"
    r"thirt|fort|hundred|first|second|third"
)


_NO_NUMBERS: frozenset[str] = frozenset()


_ORIGINAL_TITLE = re.compile(r"\[([^\[\]]{20,})\]\s*\.?\s*$")


# Ovid/EMBASE tag the original-language title inside the title field: "Title. <ORIGINAL> TITRE"
_ORIGINAL_TAG = re.compile(r"\s*<original>\s*", re.IGNORECASE)


# A MEDLINE note cut off by a field-length limit: "... syndrome.[Erratum appears in Am J" (the
# closed notes are dropped by text.title_key; a cut one would stay in the key)
_CUT_NOTE = re.compile(
    r"\.?\s*\[(?:erratum|comment|retraction|retracted|review|corrected|republished|update)\b"
    r"[^\[\]]*$",
    re.IGNORECASE,
)


# A correction titled after its article, with the article's citation: Web of Science's
# "Title (vol 142, pg 310, 2003)", EMBASE's "Title (New England Journal of Medicine (2009) 360
# (542-544))"
_CORRECTION_REFERENCE = re.compile(
    r"(?:\(\s*vol\.?\s*\w+\s*,\s*pg\.?\s*\w+\s*,\s*\d{4}\s*\)"
    r"|\([^()]*\(\d{4}\)\s*\w+\s*(?:\(\w+\)\s*)?\([\w\s-]+\)\s*\))\s*\.?\s*$",
    re.IGNORECASE,
)


# MEDLINE notes that an article has an erratum elsewhere: "Title.[Erratum appears in ...]"
# A letter about an article, titled "Re: <the article's title>" (the colon tells it from "Re-")
_LETTER_ON = re.compile(r"^\W*re\s*:", re.IGNORECASE)


ERRATUM_NOTE = re.compile(r"\[\s*erratum (?:appears )?in\b", re.IGNORECASE)


# "Title. Japanese": a language name after the title's last full stop
_LANGUAGE_NOTE = re.compile(r"\.\s+([A-Z][a-z]+)\s*\.?\s*$")


_NOT_LANGUAGES = frozenset({"unknown", "multiple"})


# Unicode hyphens, dashes and the minus sign, which publishers' metadata uses where another
# database has "-": "hemolytic‐uremic", "(542–544)", "2141–7"
DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"))


# A Greek letter on its own in a title of another script ("TNF-α", "group A β"), which other
# databases spell out ("TNF-alpha"); letters of Greek words are left alone
_LONE_GREEK = re.compile(
    r"(?<![\u0370-\u03ff\u1f00-\u1fff])[\u0370-\u03ff\u00b5](?![\u0370-\u03ff\u1f00-\u1fff])"
)


# MEDLINE's translated title, wholly in brackets: "[Title (vol 142, pg 310, 2003)]."
_BRACKETED_TITLE = re.compile(r"^\s*\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]\s*\.?\s*$")


# MEDLINE's and Ovid's note of the language after a bracketed (translated) title
_NOTE_AFTER_BRACKETS = re.compile(
    r"(?<=\])\s*(?:\[\s*article in [^\[\]]+\]|\(\s*author'?s transl\s*\))\s*\.?\s*$", re.IGNORECASE
)


# "10 000", "10,000" or "10.000" is one number, not "10" and "000"
_GROUPED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?![\d])")


_GROUP_SEPARATORS = re.compile(r"[ ,.\u00a0\u202f]")


_ROMAN = {
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
}


# Numbers written as words: "Eighteen-month follow-up" is not the "Seven- to eight-year" one,
# and "Two-year outcomes" is "2-year outcomes"
NUMBER_WORDS = {
    word: str(value)
    for value, words in enumerate(
        [
            ("zero",), ("one", "first"), ("two", "second"), ("three", "third"),
            ("four", "fourth"), ("five", "fifth"), ("six", "sixth"), ("seven", "seventh"),
            ("eight", "eighth"), ("nine", "ninth"), ("ten", "tenth"), ("eleven", "eleventh"),
            ("twelve", "twelfth"), ("thirteen", "thirteenth"), ("fourteen", "fourteenth"),
            ("fifteen", "fifteenth"), ("sixteen", "sixteenth"), ("seventeen", "seventeenth"),
            ("eighteen", "eighteenth"), ("nineteen", "nineteenth"), ("twenty", "twentieth"),
        ]
    )
    for word in words
} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "hundred": "100"}  # fmt: skip


# "i" is a word in English titles; only read it as a numeral after a word that numbers things.
_NUMBERING_WORDS = frozenset({"part", "phase", "study", "paper", "vol", "section", "trial"})


STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "de",
        "del",
        "der",
        "des",
        "die",
        "du",
        "en",
        "et",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "la",
        "le",
        "les",
        "of",
        "on",
        "or",
        "the",
        "to",
        "und",
        "with",
        "within",
        "without",
    }
)


def title_numbers(title: str) -> frozenset[str]:
    """Numbers in a title, roman numerals and number words read as digits: "Part II of 3" ->
    {"2", "3"}, "Eighteen-month follow-up" -> {"18"}.

    Taken from the whole title (notes in brackets included), because `title_key` drops a
    trailing "(Part 2)" and that is exactly what tells two parts apart. Digits grouped in
    thousands are one number ("10 000 women" and "10,000 women" give {"10000"}).
    """
    if not _MAYBE_NUMBER.search(title.lower()):
        return _NO_NUMBERS  # most titles: no digit and no roman numeral word
    found: set[str] = set()
    title = _GROUPED_THOUSANDS.sub(lambda m: _GROUP_SEPARATORS.sub("", m.group(0)), title)
    words = text.fold(title).split()
    for position, word in enumerate(words):
        if word.isdigit():
            found.add(word.lstrip("0") or "0")
        elif word in _ROMAN:
            found.add(_ROMAN[word])
        elif word in NUMBER_WORDS:
            found.add(NUMBER_WORDS[word])
        elif (
            word == "i"
            and position
            and (words[position - 1] in _NUMBERING_WORDS or position == len(words) - 1)
        ):
            found.add("1")  # "Part I", or a series' number closing the title ("… cohort I")
    return frozenset(found)


# "Phase I/II", "phase 2b", "Phase Ib/II": a numeral (with a sub-phase letter) after "phase"
_PHASE_NUMERAL = re.compile(r"^(i{1,3}|iv|[0-4])[ab]?$")


_PHASE_JOINERS = frozenset({"and", "or", "to"})


def trial_phase(title: str) -> frozenset[str]:
    """The phases of a trial a title names, as digits: "Phase I/II trial of …" -> {"1", "2"}.

    A phase I/II trial and a phase II trial are two studies, though "Part 1" and "Part 1 of 2"
    are one ("extra numbers on one side", `title_numbers`); a sub-phase ("IIb") is the phase.
    """
    if "phase" not in title.lower():
        return _NO_NUMBERS
    words = text.fold(title).split()
    found: set[str] = set()
    for position, word in enumerate(words):
        if word != "phase":
            continue
        for following in words[position + 1 :]:
            numeral = _PHASE_NUMERAL.match(following)
            if numeral is None and following in _PHASE_JOINERS:
                continue  # "phase I and II"
            if numeral is None:
                break
            value = numeral.group(1)
            found.add(_ROMAN.get(value, "1" if value == "i" else value))
    return frozenset(found)


def _ending(endings: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching a title (as exported) that ends with one of `endings` after a dash,
    colon, full stop or bracket: the authors' reply titled with the letter's title ("… - Reply",
    "…: authors' reply", "… [Reply]"); a word of a title's own ("A call and reply") is not one."""
    if not endings:
        return re.compile(r"(?!)")
    words = "|".join(r"\W+".join(re.escape(w) for w in e.split()) for e in endings)
    return re.compile(r"(?:\s[-\u2010-\u2015]\s*|[:.(\[]\s*)(?:" + words + r")\W*$", re.IGNORECASE)


def title_opening(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching a folded title that opens with one of `prefixes` (whole words)."""
    if not prefixes:
        return re.compile(r"(?!)")
    return re.compile(r"^(?:" + "|".join(re.escape(p) for p in prefixes) + r")(?: |$)")


def _language_note(match: re.Match[str]) -> str:
    word = match.group(1)
    return "" if len(word) >= 5 and normalise("language", word) not in _NOT_LANGUAGES else word


def _greek_name(match: re.Match[str]) -> str:
    name = unicodedata.name(unicodedata.normalize("NFKC", match.group(0)), "")
    return f" {name.split()[-1].lower()} " if name.startswith("GREEK") else match.group(0)


def plain_title(title: str) -> str:
    """The title with unicode dashes as "-", lone Greek letters spelled out ("TNF-α" ->
    "TNF- alpha "), and a wholly bracketed (translated) title unwrapped, so that the checks
    reading its words and notes see what another database's record of it shows."""
    if title.isascii():
        return _unbracketed(title)
    title = title.translate(DASHES)
    return _unbracketed(_LONE_GREEK.sub(_greek_name, title))


def _unbracketed(title: str) -> str:
    if not title.startswith("["):
        return title
    match = _BRACKETED_TITLE.match(title)
    if match is None:
        # the article's language noted after the translated title: "[Title] [Article in
        # German]", "[Title]. French", "[Title] (author's transl)"
        bare = _NOTE_AFTER_BRACKETS.sub("", title)
        bare = _LANGUAGE_NOTE.sub(lambda m: "." if not _language_note(m) else m.group(0), bare)
        match = _BRACKETED_TITLE.match(bare)
    return match.group(1).strip() if match else title


# a note of the article's language anywhere in the title: "[Article in German]", "(author's
# transl)"
_TRANSLATION_NOTE = re.compile(
    r"\[\s*article in [^\[\]]+\]|\(\s*author'?s transl\s*\)", re.IGNORECASE
)


def marked_translation(title: str) -> bool:
    """Whether a database marks the title as a translation: wholly in brackets (MEDLINE's
    translated title), a language note ("[Article in German]", "(author's transl)", ". Japanese"
    at the end) or an original-language title beside it ("<ORIGINAL>", "[Titre original]")."""
    if "[" in title and (_TRANSLATION_NOTE.search(title) or _unbracketed(title) != title):
        return True
    if "(" in title and _TRANSLATION_NOTE.search(title):
        return True
    note = _LANGUAGE_NOTE.search(title) if "." in title else None
    if note is not None and not _language_note(note):
        return True
    tagged = split_title(title)[1]
    return bool(original_title_key(title, tagged))


def split_title(title: str) -> tuple[str, str]:
    """The title to key and an original-language title tagged in it (or "").

    "English title. <ORIGINAL> TITRE FRANCAIS" -> ("English title.", "TITRE FRANCAIS"); a
    MEDLINE note cut off at the end ("...[Erratum appears in Am J") is dropped, and so is a
    language note after the last full stop ("Donor heart preservation. Japanese", as EndNote
    keeps Ovid's "[Article in Japanese]").
    """
    if "[" in title:
        title = _CUT_NOTE.sub("", title)
    if "." in title:
        title = _LANGUAGE_NOTE.sub(lambda m: "." if not _language_note(m) else m.group(0), title)
    if "<" in title:
        parts = _ORIGINAL_TAG.split(title, maxsplit=1)
        if len(parts) == 2 and parts[0].strip():
            return parts[0], parts[1]
    return title, ""


# Words that join a notice's opening to its article's title: "Erratum to", "Retraction notice
# for", "Correction to: …"
_REPORT_JOINERS = frozenset({"to", "for", "notice", "note", "article", "regarding", "about", "on"})


def report_key(title_key: str, prefixes: tuple[str, ...]) -> str:
    """The title key of a notice without its notice words: what names its article.

    "erratum to how do requirements evolve over time" -> "how do requirements evolve over
    time"; notices stacked by a database are all taken off ("Erratum: Author Correction: …",
    Embase's type before Springer Nature's title); a notice that names no article ("erratum")
    gives "".
    """
    ordered = sorted(prefixes, key=len, reverse=True)
    words = title_key.split()
    while True:
        while words and words[0] in _REPORT_JOINERS:
            words.pop(0)
        rest = " ".join(words)
        prefix = next((p for p in ordered if rest == p or rest.startswith(p + " ")), None)
        if prefix is None:
            return rest
        words = rest[len(prefix) :].split()


def original_title_key(title: str, tagged: str = "") -> str:
    """Key of an original-language title in trailing brackets: "Crowdwork [Arbeiten in der Crowd]".

    Scopus and MEDLINE put the original title there (Ovid after `<ORIGINAL>`, passed as
    `tagged`); `title_key` drops it, so it is kept here as a second title to compare. "" when
    there is none (or it is a short note like [Review]).
    """
    if tagged:
        key = text.title_key(tagged)
        return key if key.count(" ") >= 3 else ""
    match = _ORIGINAL_TITLE.search(title)
    if not match or not title[: match.start()].strip():
        return ""
    key = text.title_key(match.group(1))
    return key if key.count(" ") >= 3 else ""


def notice_flags(
    title_keys: list[str], titles: list[str], doc_types: list[str], settings: DedupSettings
) -> tuple[np.ndarray, np.ndarray]:
    """Which records are notices (a title opening or ending with notice words, "Re: …", a
    notice's document type, a correction titled with its article's citation), and which of
    those are reports of an article (errata, retractions; not replies)."""
    notice_opening = title_opening(settings.notice_prefixes)
    notice_ending = _ending(settings.notice_endings)
    report_opening = title_opening(settings.report_prefixes)
    notice_types = {t.casefold() for t in settings.notice_doc_types}
    is_notice, is_report = [], []
    for k, d, t in zip(title_keys, doc_types, titles, strict=True):
        typed = bool(d) and any(part.strip().casefold() in notice_types for part in d.split(";"))
        cited = t.rstrip(" .").endswith(")") and _CORRECTION_REFERENCE.search(t) is not None
        reported = typed or cited or report_opening.match(k) is not None
        notice = (
            typed
            or cited
            or notice_opening.match(k) is not None
            or _LETTER_ON.match(t) is not None
            or notice_ending.search(t) is not None
        )
        is_notice.append(notice)
        is_report.append(notice and reported)
    return np.array(is_notice, dtype=bool), np.array(is_report, dtype=bool)
