"""Text normalisation shared by every stage: identifiers, titles, names, pages.

These functions decide what counts as "the same" DOI, title or author across exports, so they
live in one place. They are pure, accept missing values (None, NaN, pd.NA, "") and return "" for
them, and never raise on odd input.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any, Final

import pandas as pd

MULTI_SEP = "; "
"""Separator of multi-valued fields (authors, keywords, affiliations) in the records table."""

NAME_PARTICLES: Final = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "le", "la", "ten"}
    | {"ter", "zu"}
)
"""Particles before a surname (`van der Graaf`, `de la Cruz`), which databases keep, drop or
shorten differently."""

_DOI_PREFIX = re.compile(
    r"^(?:https?://(?:dx\.)?doi\.org/|doi\.org/|doi:\s*|doi\s+|urn:doi:)", re.IGNORECASE
)
_DOI_BODY = re.compile(r"10\.\d{4,9}/\S+")
_TRAILING_PUNCT = ".,;:)]}'\""
_TAGS = re.compile(r"<[^>]{1,40}>")
# A bracketed note ending a title: "[Chinese]", "[Article in German]", "(vol 12, pg 3, 2010)".
_BRACKETED_TAIL = re.compile(r"\s*[\[(][^\[\]()]{0,60}[\])]\s*\.?\s*$")
_TRANSLATED_TITLE = re.compile(r"^\s*\[(.{8,})\]\s*\.?\s*$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NON_WORD_RUN = re.compile(r"\s+")
# Arabic letters Persian writes differently: Arabic yeh and kaf (and alef maksura) are typed
# for Persian ی and ک by Arabic keyboards, so the same title appears with both; tatweel only
# stretches a word.
_SCRIPT_VARIANTS = str.maketrans(
    {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0640": None}
)
_DIGITS = re.compile(r"\d+")
# not inside a longer number: the 13 digits of an ISBN written without hyphens hold no ISSN
ISSN_PATTERN = r"(?<![\dXx])(\d{4})-?(\d{3}[\dXx])(?![\dXx])"
_ISSN = re.compile(ISSN_PATTERN)


def is_missing(value: Any) -> bool:
    """True for None, NaN, pd.NA and strings that are empty after stripping."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_text(value: Any) -> str:
    """The value as a stripped string, or "" when missing."""
    return "" if is_missing(value) else str(value).strip()


def fold(value: Any) -> str:
    """Lower-case words of letters and digits of any script: HTML entities decoded, accents and
    punctuation removed.

    Latin text folds to ASCII exactly as `fold_ascii` does (accents stripped; letters NFKD
    cannot reduce to ASCII, such as ø, æ or ł, still end a word), so Latin titles, names and
    codes match as before; other scripts (Cyrillic, Greek, Arabic, Persian, CJK, …) keep their
    letters, digits and vowel signs instead of vanishing.

    >>> fold("Évaluation d&apos;un <i>e-Mentoring</i> programme")
    'evaluation d un e mentoring programme'
    >>> fold("Электронное наставничество, 2019")
    'электронное наставничество 2019'
    """
    text = _prepare(value)
    if text.isascii():
        return _NON_ALNUM.sub(" ", text).strip()
    text = _NON_WORD_RUN.sub(" ", "".join(_keep_letters(text))).strip()
    # NFKD split Hangul syllables into jamo; put them back together.
    return unicodedata.normalize("NFC", text)


def fold_ascii(value: Any) -> str:
    """`fold` as it was before other scripts were kept: only [0-9a-z] survive.

    Record ids of entries without an accession number (`content_hash`) and every other stored
    hash are built on this folding, so that ids already keyed to screening decisions in existing
    projects never move. Use `fold` for matching; use this only where a stored value depends on it.

    >>> fold_ascii("Электронное наставничество, 2019")
    '2019'
    """
    return _NON_ALNUM.sub(" ", _prepare(value)).strip()


def _prepare(value: Any) -> str:
    """The value with entities decoded, tags dropped, accents stripped and case folded."""
    text = as_text(value)
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(html.unescape(text))
    if "<" in text:
        text = _TAGS.sub(" ", text)
    # Fast path: plain ASCII has no accents to strip (most titles; dedup folds millions).
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold().replace("ß", "ss").translate(_SCRIPT_VARIANTS)


def _keep_letters(text: str) -> Iterator[str]:
    """Each character of casefolded NFKD text, or a space where it does not belong in a word.

    ASCII letters and digits stay; other Latin letters end a word as in `fold_ascii`; letters,
    digits and spacing vowel signs (Devanagari, Thai, …) of other scripts stay.
    """
    in_script_word = False  # a mark belongs to the non-Latin letter before it, if any
    for ch in text:
        if ch.isascii():
            in_script_word = False
            yield ch if ch.isalnum() else " "
            continue
        kind, kept = _script_char(ch)
        in_script_word = kind == "word" or (kind == "mark" and in_script_word)
        yield kept if in_script_word else " "


@functools.lru_cache(maxsize=4096)
def _script_char(ch: str) -> tuple[str, str]:
    """("word", ch) for a non-Latin letter or digit (decimal digits as ASCII: ۱۴۰۰ -> 1400),
    ("mark", ch) for a mark, ("", " ") for anything else."""
    category = unicodedata.category(ch)
    if category == "Nd":
        return "word", str(unicodedata.decimal(ch))
    if category[0] == "M":
        return "mark", ch
    if category[0] not in "LN" or unicodedata.name(ch, "").startswith("LATIN"):
        return "", " "
    return "word", ch


RIGHT_TO_LEFT_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
"""Letters of the right-to-left scripts: Hebrew, Arabic (Persian, Urdu), Syriac, Thaana, N'Ko."""


def is_right_to_left(text: str) -> bool:
    """Whether `text` reads right to left: its first strong letter (Unicode bidirectional class
    L, R or AL) is of a right-to-left script (Arabic, Persian, Hebrew), as a browser decides for
    `dir="auto"`. Text without letters reads left to right."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def title_key(title: Any, folding: Callable[[Any], str] = fold) -> str:
    """A title reduced to what identifies a publication.

    Drops a bracketed translation marker or erratum note at the end ("[Chinese]",
    "(vol 3, pg 12, 2019)"), unwraps a title that is entirely bracketed (MEDLINE's way of
    marking a translated title), then folds case, accents, punctuation and HTML entities
    with `folding` (`fold_ascii` only for stored ids, see there).
    """
    text = as_text(title)
    if not text:
        return ""
    text = html.unescape(text)
    # Database notes pile up at the end: "... children]. [Review] [16 refs] [Romanian]".
    stripped = _strip_square_notes(text)
    whole = _TRANSLATED_TITLE.match(stripped)
    if whole:
        stripped = whole.group(1)
    stripped = _BRACKETED_TAIL.sub("", stripped)
    # Keep the note when it is all there is (a title like "[Editorial]").
    return folding(stripped) or folding(text)


def _strip_square_notes(text: str) -> str:
    """Drop trailing "[...]" notes (nested brackets allowed), keeping a wholly bracketed title.

    "Title [erratum appears in J Pediatr. 2003;142(6):616] [Review]" -> "Title".
    """
    while True:
        body = text.rstrip(" .")
        if not body.endswith("]"):
            return text
        depth = 0
        start = -1
        for position in range(len(body) - 1, -1, -1):
            if body[position] == "]":
                depth += 1
            elif body[position] == "[":
                depth -= 1
                if depth == 0:
                    start = position
                    break
        # start 0: the whole title is bracketed (a translated title), unwrapped by the caller
        if start <= 0 or len(body) - start > 120:
            return text
        text = body[:start]


def normalise_doi(value: Any) -> str:
    """A DOI in lower case without resolver prefix or trailing punctuation; "" when absent.

    >>> normalise_doi(" https://doi.org/10.1000/ABC.123. ")
    '10.1000/abc.123'
    """
    text = as_text(value)
    if not text:
        return ""
    text = html.unescape(text).strip()
    if "%" in text:  # DOIs copied from URLs are percent-encoded: 10.1016/s0025-7753%2817%29...
        text = urllib.parse.unquote(text)
    text = _DOI_PREFIX.sub("", text).strip()
    match = _DOI_BODY.search(text)
    if not match:
        return ""
    doi = match.group(0).rstrip(_TRAILING_PUNCT)
    return doi.lower()


def normalise_pmid(value: Any) -> str:
    """Digits of a PubMed ID ("MEDLINE:12345", "PMID: 12345" -> "12345"); "" when absent."""
    text = as_text(value)
    match = _DIGITS.search(text)
    if not match or match.group(0).strip("0") == "":
        return ""
    return match.group(0).lstrip("0")


def normalise_issn(value: Any) -> str:
    """ISSN as NNNN-NNNC in upper case; "" when the value holds none."""
    match = _ISSN.search(as_text(value))
    return f"{match.group(1)}-{match.group(2).upper()}" if match else ""


def surname(author: Any, folding: Callable[[Any], str] = fold) -> str:
    """Folded surname of one author written "Surname, Initials", "Surname I" or "Given Surname".

    >>> surname("Owen-Smith, J")
    'owen smith'
    >>> surname("van der Berg, Anna")
    'van der berg'
    """
    text = as_text(author)
    if not text:
        return ""
    if "," in text:
        return folding(text.split(",", 1)[0])
    words = text.replace(".", ". ").split()
    # "Smith JA" / "Smith J. A.": initials come last; "Anna Smith": surname comes last.
    tail = [w for w in words[1:] if len(w.rstrip(".")) <= 2 and w.rstrip(".").isupper()]
    if words and tail and len(tail) == len(words) - 1:
        return folding(words[0])
    return folding(words[-1]) if words else ""


def first_author_surname(authors: Any, sep: str = ";", folding: Callable[[Any], str] = fold) -> str:
    """Folded surname of the first author of a multi-valued author field."""
    text = as_text(authors)
    if not text:
        return ""
    return surname(text.split(sep, 1)[0], folding)


def first_page(pages: Any) -> str:
    """The first page of a page range ("14-30" -> "14", "e1002" -> "e1002")."""
    text = as_text(pages)
    if not text:
        return ""
    head = re.split(r"\s*(?:-|–|—|--)\s*", text, maxsplit=1)[0]
    return head.strip().lower()


def split_multi(value: Any, sep: str = ";") -> list[str]:
    """The non-empty, stripped parts of a multi-valued field."""
    text = as_text(value)
    return [part.strip() for part in text.split(sep) if part.strip()] if text else []


def join_multi(values: list[str]) -> str:
    """Join parts of a multi-valued field with the records-table separator, skipping blanks."""
    return MULTI_SEP.join(v.strip() for v in values if v and v.strip())


def stable_hash(*parts: Any, length: int = 16) -> str:
    """A short, platform-independent hex digest of the parts folded by `fold_ascii`.

    Record ids and screening orders are built on it and stored in projects, so it keeps the
    folding they were first computed with.
    """
    joined = "\x1f".join(fold_ascii(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def plural(count: int, noun: str, plural_noun: str = "") -> str:
    """A count and its noun, as every message writes them: `1 category`, `2 categories`,
    `1,234 new publications` (an s is added unless `plural_noun` says otherwise: `study`,
    `studies`)."""
    return f"{count:,} {noun if count == 1 else plural_noun or noun + 's'}"


def records_identified(n_entries: int, n_records: int) -> str:
    """PRISMA 2020's records identified, as every message writes them (docs/user-guide.md
    "Records and publications"): the entries as exported, and the distinct records (record_ids)
    among them when a record was exported twice: `1,435 records identified (1,210 distinct)`."""
    distinct = f" ({n_records:,} distinct)" if n_records != n_entries else ""
    return f"{plural(n_entries, 'record')} identified{distinct}"


def records_set_aside(n_duplicates: int, n_linked_reports: int, joiner: str = ", ") -> str:
    """What deduplication took out of the records identified, in PRISMA 2020's words, as every
    message writes it: the duplicate records removed, and the reports it linked to another
    record's study (errata, notices, earlier versions: PRISMA's "records removed for other
    reasons"), named only when there are any: `237 duplicates removed, 6 reports linked to their
    study`. Identified − both = the publications, so a reader can add the flow up."""
    removed = f"{plural(n_duplicates, 'duplicate')} removed"
    if not n_linked_reports:
        return removed
    return f"{removed}{joiner}{plural(n_linked_reports, 'report')} linked to their study"


FORMULA_ERRORS: Final = frozenset(
    # Excel, Google Sheets and LibreOffice in English (an .xlsx stores these in every language)
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#ERROR!"}
    # the same as Excel shows them, and saves them to CSV, in German, French, Spanish, Italian,
    # Portuguese and Dutch
    | {"#NV", "#BEZUG!", "#WERT!", "#ZAHL!", "#ÜBERLAUF!", "#VALEUR!", "#NOM?", "#NOMBRE!",
       "#NUL!", "#¡REF!", "#¡VALOR!", "#¡DIV/0!", "#¿NOMBRE?", "#¡NUM!", "#¡NULO!", "#N/D",
       "#RIF!", "#VALORE!", "#NOME?", "#NULLO!", "#VALOR!", "#NÚM!", "#NULO!", "#N/B",
       "#VERW!", "#WAARDE!", "#DEEL/0!", "#NAAM?", "#GETAL!", "#LEEG!"}
)  # fmt: skip
"""The error values a spreadsheet shows, and saves to CSV, for a formula that failed."""
_LIBREOFFICE_ERROR = re.compile(r"(?i:err):\d{3}")


def is_formula_error(value: str) -> bool:
    """True when a cell holds a spreadsheet's error value (`FORMULA_ERRORS`, LibreOffice's
    `Err:502`): the result of a formula that failed, not anything a person wrote."""
    text = value.strip()
    if text[:1] not in ("#", "E", "e"):  # most cells: readers call this on every one
        return False
    return text.upper() in FORMULA_ERRORS or bool(_LIBREOFFICE_ERROR.fullmatch(text))


def formula_error_problem(column: str, value: str) -> str:
    """The words every reader uses for a formula's error value in `column`."""
    return (
        f"column {column!r} holds {value.strip()}, the error value of a formula that failed, "
        "not data"
    )
