"""Sniff an export from its bytes (never its name) and stream it as text.

`sniff(path)` reads the first 64 KiB and decides the encoding (UTF-8 or UTF-16, with or without
a byte-order mark), the line-end style and the format: WOS plain text (`FN`/`PT` tags), WOS
tab-delimited (a header of WOS tags), BibTeX (`@type{`), RIS (`TY  - `), MEDLINE, Ovid, EndNote
tagged (`%0 `, `%T `), EndNote XML (`<xml><records>`), a database's CSV (its header's column
names), or JSON (CSL JSON or Publish or Perish, by the keys of its items). Empty, binary and
undecodable files, and files in no known format, are an `InputError` naming the file and line.

`TextSource(sniffed)` then yields the file's text in chunks of whole lines with `\\n` line ends,
so parsers never hold more than a chunk; it counts the line ends it saw for the ingest report.
Line ends are decided line by line (CRLF, LF, CR — old Mac exports — or a mix, when exports of
different systems were joined); a bare CR that does not end a line is data (WOS RIS has them
inside abstracts) and is kept. The other characters Unicode counts as line breaks (U+2028 LINE
SEPARATOR, U+2029, NEL, a vertical tab or form feed: a file converted by a tool, or copied from a
web page) end a line where a line end belongs, with a warning saying how many; inside a value
they are read as a space. Named pipes, devices and sockets are refused before they are
opened (reading a pipe would wait forever).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from metasynth.errors import InputError
from metasynth.files import check_input_file
from metasynth.ingest.tags import WOS_TAGS

SNIFF_BYTES: Final = 64 * 1024
CHUNK_BYTES: Final = 1 << 20

PLAINTEXT: Final = "wos_plaintext"
TAB: Final = "wos_tab"
BIBTEX: Final = "wos_bibtex"
GENERIC_BIBTEX: Final = "bibtex"
RIS: Final = "ris"
MEDLINE: Final = "medline"
OVID: Final = "ovid"
SCOPUS_CSV: Final = "scopus_csv"
EMBASE_CSV: Final = "embase_csv"
OPENALEX_CSV: Final = "openalex_csv"
DIMENSIONS_CSV: Final = "dimensions_csv"
IEEE_CSV: Final = "ieee_csv"
SPRINGER_CSV: Final = "springer_csv"
LENS_CSV: Final = "lens_csv"
ZOTERO_CSV: Final = "zotero_csv"
ENDNOTE: Final = "endnote"
ENDNOTE_XML: Final = "endnote_xml"
CSL_JSON: Final = "csl_json"
POP_JSON: Final = "pop_json"
CSV_FORMATS: Final = (
    SCOPUS_CSV,
    EMBASE_CSV,
    OPENALEX_CSV,
    DIMENSIONS_CSV,
    IEEE_CSV,
    SPRINGER_CSV,
    LENS_CSV,
    ZOTERO_CSV,
)
CSV_SIGNATURES: Final[dict[str, tuple[frozenset[str], ...]]] = {
    SCOPUS_CSV: (frozenset({"Title", "Source title", "EID"}),),
    EMBASE_CSV: (
        frozenset({"Title", "Author Names", "Source title", "PUI"}),
        # embase.com's older CSV: the source, year, volume, issue and pages in one `Source`
        # cell, no PUI (ASReview LAB's test export)
        frozenset({"Title", "Author Names", "Source", "Open URL Link"}),
    ),
    OPENALEX_CSV: (frozenset({"id", "display_name", "publication_year"}),),
    DIMENSIONS_CSV: (frozenset({"Publication ID", "Title", "PubYear"}),),
    IEEE_CSV: (
        # IEEE Xplore's search-results export ("Export" › CSV)
        frozenset({"Document Title", "Authors", "Publication Title", "PDF Link"}),
        # the shorter export of IEEE Xplore's citation list (CoLRev's sample)
        frozenset({"Title", "Authors", "Publication", "Category", "DOI"}),
    ),
    SPRINGER_CSV: (frozenset({"Item Title", "Publication Title", "Item DOI", "Content Type"}),),
    # Lens.org's scholarly works export ("Export" › CSV)
    LENS_CSV: (frozenset({"Lens ID", "Title", "Source Title", "Publication Type"}),),
    # Zotero's "Export Collection…" › CSV (the library's items, not a database's export)
    ZOTERO_CSV: (frozenset({"Key", "Item Type", "Publication Year", "Author", "Title"}),),
}
"""Column names that mark each CSV export's header row (any one set of a format's; the
columns are read by name)."""
JSON_FORMATS: Final = (CSL_JSON, POP_JSON)
FORMATS: Final = (
    PLAINTEXT,
    TAB,
    BIBTEX,
    GENERIC_BIBTEX,
    RIS,
    MEDLINE,
    OVID,
    ENDNOTE,
    ENDNOTE_XML,
    *CSV_FORMATS,
    *JSON_FORMATS,
)

_EXPORT_HINT = (
    "export from Web of Science as 'Plain text file' or 'Tab delimited file' (Record Content: "
    "'Full Record and Cited References'), or as BibTeX or RIS; PubMed with 'Citation manager' "
    "(.nbib); Scopus, Embase, OpenAlex, Dimensions, IEEE Xplore, SpringerLink, Lens.org as CSV or "
    "RIS; "
    "reference managers as RIS, BibTeX, EndNote tagged, EndNote XML or CSL JSON; other databases "
    "as RIS "
    "(docs/ingest.md)"
)

_MAGIC: Final[tuple[tuple[bytes, str, str], ...]] = (
    (b"%PDF", "a PDF document", "save the search results as an export file instead"),
    (
        b"PK\x03\x04",
        "a zip archive (or an Excel .xlsx / Word file)",
        "unzip it into the folder, or re-export as plain text instead of Excel",
    ),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.xls/.doc)", _EXPORT_HINT),
    (b"\x1f\x8b", "a gzip archive", "decompress it first"),
    (b"\x89PNG", "a PNG image", "remove it from the raw folder"),
    (b"\xff\xd8\xff", "a JPEG image", "remove it from the raw folder"),
)

_UTF32: Final = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_OTHER_CONTROLS: Final = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _nul_bytes(sample: bytes, shown: str) -> InputError:
    """The error for NUL bytes in a file that is not UTF-16: a text export damaged by a download
    or copy cut short (the rest is text) is told apart from a binary file."""
    offset = sample.index(b"\x00")
    line = _line_of(sample, offset, "latin-1")
    rest = sample.replace(b"\x00", b"").decode("utf-8", errors="replace")
    if "\ufffd" not in rest[:-4] and not _OTHER_CONTROLS.search(rest):
        count = sample.count(b"\x00")
        return InputError(
            f"{count:,} NUL byte(s) in a text export, the first on this line (byte {offset}): "
            "a download or copy was cut short, or the file was damaged",
            file=shown,
            line=line,
            hint="export the records again; or delete the NUL bytes (tr -d '\\000' < FILE > "
            "FIXED) and check the records around this line",
        )
    return InputError(
        f"binary data (a NUL byte at byte {offset}): this is not a text export",
        file=shown,
        line=line,
        hint=_EXPORT_HINT,
    )


_BOMS: Final[tuple[tuple[bytes, str, str], ...]] = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16BE"),
)

_WOS_START = re.compile(r"^(?:null)?(?:FN|VR|PT)(?: |$)")
_RIS_TAG = re.compile(r"^(?:null)?[A-Z][A-Z0-9] {1,2}-(?: |$)")
_RIS_TY = re.compile(r"^(?:null)?TY {1,2}-(?: |$)")
# Near misses of RIS that are no RIS: its tags in lower case, or a tab between tag and dash (a
# file retyped or rewritten by a script); named in the message so the user can mend the file
_RIS_LOWER_TY = re.compile(r"^ty {1,2}-(?: |$)")
_RIS_TAB_TY = re.compile(r"^TY\t+- ?")
EXPORT_HEADER_LINE: Final = re.compile(r"^\s*(?:Provider|Database|Content)\s*:", re.IGNORECASE)
"""A line of the header APA PsycInfo, JSTOR, Ingenta and Engineering Village write above their
RIS records (`Provider: …`, `Database: …`, `Content: …`)."""
_OVID_START = re.compile(r"^<\d+\.\s*>\s*$")
_MEDLINE_TAG = re.compile(r"^[A-Z][A-Z0-9]{1,3} {0,2}- ")
_MEDLINE_ONLY = re.compile(r"^(?:PMID|OWN |STAT|FAU |DCOM|JID |PMC |TA  |JT  )- ")
_BIBTEX_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]")
# EndNote's tagged export (Refer): `%0 Journal Article`, `%T title`, `%A author`; the tag is `%`
# and one character, then a space (`% comment` in a BibTeX file has none)
_ENDNOTE_TAG = re.compile(r"^%[0-9A-Za-z@!#$&()*+^~<>\[\]|?=] ")
_JSON_KEY = re.compile(r'"([A-Za-z_-]+)"\s*:')
_POP_KEYS: Final = frozenset({"cites_url", "ecc", "gsrank", "related_url", "article_url"})
_CSL_KEYS: Final = frozenset(
    {"container-title", "issued", "DOI", "URL", "author", "editor", "page", "citation-key",
     "title-short", "publisher-place", "ISSN", "PMID", "collection-title"}
)  # fmt: skip
# EndNote XML (EndNote, Zotero, Mendeley): an XML declaration, comments or a DOCTYPE (refused
# when read), then the root `<xml>` and its `<records>`
_XML_START = re.compile(r"^\s*<(?:\?xml[\s?]|xml[\s>/]|!--|!DOCTYPE\s+(?!html))", re.IGNORECASE)
_XML_ROOT = re.compile(r"<(?![?!/])([^\s>/]+)")
_ENDNOTE_XML_ROOT = re.compile(r"<xml\s*>\s*<records[\s>/]")
_WOS_BIBTEX = re.compile(r"^\s*Unique-ID\s*=|^\s*@\s*\w+\s*\{\s*(?:WOS|ISI):", re.MULTILINE)
# VT is not counted: FileMaker and some converters write it as a line break (`SEPARATORS`)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
SEPARATORS: Final = {
    "\u2028": "U+2028 (LINE SEPARATOR)",
    "\u2029": "U+2029 (PARAGRAPH SEPARATOR)",
    "\x85": "U+0085 (NEXT LINE)",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
}
"""The characters besides CR and LF that Unicode (and Python's `str.splitlines`) counts as line
breaks, with the names a warning gives them."""
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")


@dataclass(frozen=True)
class Sniffed:
    """What the first bytes of an export say about the whole file."""

    path: Path
    source_file: str  # the path as given, POSIX separators
    format: str  # one of FORMATS
    codec: str  # Python codec that decodes the bytes after the BOM
    encoding: str  # for the report: "UTF-8", "UTF-16LE", …
    bom: bool
    bom_length: int


def _line_of(data: bytes, offset: int, codec: str) -> int:
    """1-based line of a byte offset (counting CRLF, LF and CR line ends)."""
    head = data[:offset].decode(codec, errors="replace")
    return len(_LINE_BREAK.findall(head)) + 1


def _guess_utf16(sample: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as NUL bytes in every other position."""
    even = sample[0::2]
    odd = sample[1::2]
    if not even or not odd:
        return None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def sniff(path: str | Path, source_file: str | None = None) -> Sniffed:
    """Decide encoding, BOM, line ends and format of an export from its first bytes."""
    path = Path(path)
    shown = source_file if source_file is not None else path.as_posix()
    check_input_file(path, shown=shown, what="an export file")
    try:
        with path.open("rb") as handle:
            sample = handle.read(SNIFF_BYTES)
            at_end = not handle.read(1)
    except FileNotFoundError:
        raise InputError("file not found", file=shown) from None
    except IsADirectoryError:
        raise InputError("is a folder, not an export file", file=shown) from None
    except OSError as exc:
        raise InputError(
            f"cannot be read ({exc.strerror or exc})",
            file=shown,
            hint="check the file's permissions, or copy it into the folder again",
        ) from None
    if not sample:
        raise InputError(
            "the file is empty (0 bytes)",
            file=shown,
            line=1,
            hint="the download probably failed: export the records again, or remove the file",
        )
    for magic, kind, hint in _MAGIC:
        if sample.startswith(magic):
            raise InputError(f"this is {kind}, not a text export", file=shown, line=1, hint=hint)
    if sample.startswith(_UTF32):
        raise InputError(
            "the file is UTF-32 text, which no database exports",
            file=shown,
            line=1,
            hint="open it in a text editor and save it as UTF-8, or export the records again",
        )

    codec, label, bom_length = "utf-8", "UTF-8", 0
    for bom, bom_codec, bom_label in _BOMS:
        if sample.startswith(bom):
            codec, label, bom_length = bom_codec, bom_label, len(bom)
            break
    else:
        guessed = _guess_utf16(sample[: len(sample) - len(sample) % 2])
        if guessed:
            codec = guessed
            label = "UTF-16LE" if guessed == "utf-16-le" else "UTF-16BE"
        elif b"\x00" in sample:
            raise _nul_bytes(sample, shown)

    body = sample[bom_length:]
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        text = decoder.decode(body, final=at_end)
    except UnicodeDecodeError as exc:
        raise undecodable(shown, body, exc, codec, line_offset=0) from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(
            "the file holds no records (only blank space)",
            file=shown,
            line=1,
            hint="the download probably failed: export the records again, or remove the file",
        )
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 200):
        match = _CONTROL.search(text)
        offset = match.start() if match else 0
        raise InputError(
            f"binary data ({controls} control characters in the first {len(text)} characters): "
            "this is not a text export",
            file=shown,
            line=text.count("\n", 0, offset) + 1,
            hint=_EXPORT_HINT,
        )
    lines = _LINE_BREAK.split(text)  # enough to tell the format; TextSource decides per line

    def whole_text() -> str:
        """The whole file, for a JSON export whose first item's keys the sample cut short (a
        value longer than the sample); JSON is read whole anyway."""
        if at_end:
            return text
        return path.read_bytes()[bom_length:].decode(codec, errors="replace").lstrip("\ufeff")

    return Sniffed(
        path=path,
        source_file=shown,
        format=_detect_format(lines, shown, whole_text),
        codec=codec,
        encoding=label,
        bom=bom_length > 0,
        bom_length=bom_length,
    )


def undecodable(
    shown: str, data: bytes, exc: UnicodeDecodeError, codec: str, *, line_offset: int
) -> InputError:
    """The error for bytes that are not valid in the file's encoding, with their line."""
    bad = data[exc.start : exc.start + 4]
    line = line_offset + _line_of(data, exc.start, codec)
    if exc.reason in {"truncated data", "unexpected end of data"}:
        # the decoder reports this only where the input ends: half a character is left over
        return InputError(
            f"the file ends in the middle of a {codec.upper()} character",
            file=shown,
            line=line,
            hint="the file was cut short (an interrupted download or copy): export it again",
        )
    return InputError(
        f"bytes {bad.hex(' ')} are not valid {codec.upper()} ({exc.reason})",
        file=shown,
        line=line,
        hint="the file was probably saved in another encoding (Latin-1, Windows-1252): "
        "export it again as UTF-8, or re-save it as UTF-8 in a text editor",
    )


def csv_header(lines: list[str]) -> tuple[int, str] | None:
    """(index among `lines`, format) of the header row of a CSV export `CSV_SIGNATURES` knows."""
    for index, line in enumerate(lines):
        try:
            names = {cell.strip().lstrip("\ufeff") for cell in next(csv.reader([line]))}
        except (csv.Error, StopIteration):
            continue
        name = csv_format_of(names)
        if name:
            return index, name
    return None


def csv_format_of(names: set[str]) -> str:
    """The CSV export format whose header has these column names, or ""."""
    for name, signatures in CSV_SIGNATURES.items():
        if any(needs <= names for needs in signatures):
            return name
    return ""


def _json_format(keys: set[str]) -> str:
    if keys & _POP_KEYS or ("uid" in keys and "cites" in keys):
        return POP_JSON
    if len(keys & _CSL_KEYS) >= 2 or ("type" in keys and (keys & _CSL_KEYS or "title" in keys)):
        return CSL_JSON
    return ""


def _detect_json(content: list[tuple[int, str]], shown: str, whole: Callable[[], str]) -> str:
    """CSL JSON (Zotero, Mendeley, metasynth's own export) or Publish or Perish's JSON, from the
    keys of the first items; when these do not tell, from the keys of the first 400 lines of the
    whole file (a title or abstract longer than the sample hides the keys after it)."""
    keys = set(_JSON_KEY.findall("\n".join(line for _, line in content[:400])))
    found = _json_format(keys)
    if not found:
        head = "\n".join(_LINE_BREAK.split(whole(), maxsplit=400)[:400])
        keys = set(_JSON_KEY.findall(head))
        found = _json_format(keys)
    if found:
        return found
    first_number = content[0][0]
    raise InputError(
        "a JSON file that is neither CSL JSON nor a Publish or Perish (Google Scholar) export "
        f"(its first keys: {', '.join(sorted(keys)[:6]) or 'none'})",
        file=shown,
        line=first_number,
        hint="export from the reference manager as 'CSL JSON' (Zotero, Mendeley), from "
        "Publish or Perish as JSON, CSV or RIS, or from the database as RIS",
    )


def _detect_xml(content: list[tuple[int, str]], shown: str) -> str:
    """EndNote XML (the export of EndNote, and Zotero's and Mendeley's "EndNote XML"), from its
    root `<xml>` holding `<records>`; any other XML is refused, naming its root element."""
    head = "\n".join(line for _, line in content[:400])
    if _ENDNOTE_XML_ROOT.search(head):
        return ENDNOTE_XML
    # the root: the first element after the declaration, comments and a DOCTYPE
    body = re.sub(r"<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", "", head, flags=re.DOTALL)
    root = _XML_ROOT.search(body)
    named = f"<{root.group(1)[:40]}>" if root else "no root element in the first 64 KiB"
    raise InputError(
        f"XML that is not EndNote XML (its root is {named}, not <xml> holding <records>)",
        file=shown,
        line=content[0][0],
        hint="of the XML exports, EndNote XML is read (EndNote: File > Export > XML; Zotero and "
        "Mendeley: 'EndNote XML'); export the records so, or as RIS, from the tool that wrote "
        "this file (PubMed: 'Citation manager')",
    )


def tab_header(line: str) -> tuple[list[str], bool]:
    """The column names of a tab-delimited header line (without the empty cells at its end),
    and whether a spreadsheet quoted them (`"PT"\t"AU"`: saved with "quote all text cells")."""
    names = [cell.strip() for cell in line.lstrip("\ufeff").split("\t")]
    while names and not names[-1]:
        names.pop()
    quoted = bool(names) and all(
        len(name) >= 2 and name[0] == name[-1] == '"' and '"' not in name[1:-1] for name in names
    )
    return ([name[1:-1].strip() for name in names] if quoted else names), quoted


_TAG_NAME: Final = re.compile(r"[A-Z][A-Z0-9]")
SPREADSHEET_DELIMITERS: Final = (",", ";")
"""What a spreadsheet writes between the columns of a CSV: `,`, or `;` where the decimal mark
is a comma (most of Europe)."""


def wos_csv_header(line: str) -> tuple[list[str], str] | None:
    """(column names, delimiter) of a Web of Science tab-delimited export that a spreadsheet
    saved again as CSV (`PT,AN,DT,TI,…`: Excel's "Save As CSV"), or None for any other line.
    Every cell is a tag (two capitals or a capital and a digit), PT or UT among them, and at
    least half are WOS core tags (BIOSIS, Zoological Record … add tags of their own)."""
    for delimiter in SPREADSHEET_DELIMITERS:
        if delimiter not in line or "\t" in line:
            continue
        try:
            cells = next(csv.reader([line.lstrip("\ufeff")], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        names = [cell.strip() for cell in cells]
        while names and not names[-1]:
            names.pop()
        known = [name for name in names if name in WOS_TAGS]
        tags = all(_TAG_NAME.fullmatch(name) for name in names)
        if tags and ("PT" in known or "UT" in known) and 2 <= len(known) >= len(names) / 2:
            return names, delimiter
    return None


def detect_csv(lines: list[str]) -> str | None:
    """The CSV export format whose header is among the first lines, or None."""
    found = csv_header(lines)
    return found[1] if found else None


def _detect_format(lines: list[str], shown: str, whole: Callable[[], str]) -> str:
    """The export format, from the first non-blank lines of decoded text."""
    content = [(number, line.lstrip("\ufeff")) for number, line in enumerate(lines, 1)]
    content = [(number, line) for number, line in content if line.strip()]
    first_number, first = content[0]
    if _WOS_START.match(first):
        return PLAINTEXT
    starts_bibtex = _BIBTEX_START.match(first) or first.lstrip().startswith("%")
    if starts_bibtex and any(_BIBTEX_START.match(line) for _, line in content[:200]):
        joined = "\n".join(line for _, line in content[:400])
        return BIBTEX if _WOS_BIBTEX.search(joined) else GENERIC_BIBTEX
    if _ENDNOTE_TAG.match(first):
        return ENDNOTE
    if first.lstrip()[:1] in ("[", "{"):
        return _detect_json(content, shown, whole)
    if _XML_START.match(first):
        return _detect_xml(content, shown)
    # a tab only at the end of the line (an editor or a copy padding every line) is not a column
    if _RIS_TAB_TY.match(first):
        raise InputError(
            f"RIS with a tab between tag and dash (the first line is {first[:60]!r})",
            file=shown,
            line=first_number,
            hint="RIS writes each tag, two spaces, a dash and a space ('TY  - JOUR'): export RIS "
            "again from the tool that wrote it, or replace the tabs after the tags with two spaces",
        )
    if "\t" in first.rstrip():
        cells, _ = tab_header(first)
        known = [cell for cell in cells if cell in WOS_TAGS]
        # Web of Science's header always names PT (first) and UT; other tools' tables of
        # RIS-like tags (TY, AU, TI …) share some of its tags but not those
        if len(known) >= 2 and ("PT" in known or "UT" in known):
            return TAB
        raise InputError(
            "a tab-delimited file whose header is not Web of Science's: no PT or UT column "
            f"(it starts {', '.join(repr(c) for c in cells[:4] if c)})",
            file=shown,
            line=first_number,
            hint="export from Web of Science as 'Tab delimited file' (the header must hold "
            "tags such as PT, AU, TI, UT); a spreadsheet saved as text is not an export",
        )
    if wos_csv_header(first):
        return TAB  # read as the tab-delimited export it was, with a warning
    # a CSV export's header first: its quoted cells may hold lines that look like RIS tags
    first_csv = detect_csv([first])
    if first_csv:
        return first_csv
    if any(_RIS_TY.match(line) for _, line in content[:50]):
        return RIS
    if _OVID_START.match(first):
        return OVID
    if _MEDLINE_TAG.match(first) and any(_MEDLINE_ONLY.match(line) for _, line in content[:60]):
        return MEDLINE
    if _RIS_TAG.match(first):
        return RIS
    csv_format = detect_csv([line for _, line in content[:5]])
    if csv_format:
        return csv_format
    # BibTeX ignores text outside entries, and some tools open with some (Mendeley Desktop's
    # "Automatically generated by Mendeley Desktop …" lines before the first @article{)
    if any(_BIBTEX_START.match(line) for _, line in content[:200]):
        joined = "\n".join(line for _, line in content[:400])
        return BIBTEX if _WOS_BIBTEX.search(joined) else GENERIC_BIBTEX
    if all(EXPORT_HEADER_LINE.match(line) and len(line) < 300 for _, line in content[:50]):
        raise InputError(
            f"only an export header and no record (the first line is {first[:60]!r})",
            file=shown,
            line=first_number,
            hint="the export was cut short, or the search found nothing: export the results "
            "again, or leave the file out of the search run's files if there are none",
        )
    if any(_RIS_LOWER_TY.match(line) for _, line in content[:50]):
        hint = "this looks like RIS with its tags in lower case ('ty  - '): RIS tags are upper "
        hint += "case (TY, AU, TI … ER); export RIS again from the tool that wrote it, or "
        hint += "change the tags to upper case"
    elif first.lstrip("\ufeff \t").lower().startswith(("<!doctype html", "<html")):
        hint = "this is a web page, not an export (the database's sign-in or 'session expired' "
        hint += "page saved in its place?): sign in again, export once more and replace the file"
    elif first.lstrip('\ufeff"').startswith("PMID"):
        hint = "PubMed's CSV lacks abstracts and is not read: in PubMed choose 'Send to' > "
        hint += "'Citation manager' and put the .nbib file here"
    elif first.count(";") >= 3 and first.count(",") == 0:
        hint = "a table separated by ';' (saved by a spreadsheet in a European locale?): a "
        hint += "database's CSV is read as the database writes it; export it again and put "
        hint += "that file here without opening and saving it in a spreadsheet, or export RIS"
    elif first.count(",") >= 3 or first.count(";") >= 3:
        hint = "this CSV is not a Scopus, Embase, OpenAlex, Dimensions, IEEE Xplore, "
        hint += "SpringerLink, Lens.org or Zotero export: export RIS from that database instead "
        hint += "(or, for those eight, their own CSV export)"
    else:
        hint = _EXPORT_HINT
    raise InputError(
        f"unknown format: not Web of Science plain text or tab-delimited, BibTeX, RIS, "
        f"MEDLINE, EndNote tagged or XML, CSL JSON, an Ovid export or a database's CSV "
        f"(the first line is {first[:60]!r})",
        file=shown,
        line=first_number,
        hint=hint,
    )


_CR: Final = re.compile(r"\r\n?")
_CR_OR_SEPARATOR: Final = re.compile("\r\n?|[" + "".join(SEPARATORS) + "]")
_SEPARATOR_NAMES: Final = {char: f"U+{ord(char):04X}" for char in SEPARATORS}
_SEPARATOR_KINDS: Final = {f"U+{ord(char):04X}": name for char, name in SEPARATORS.items()}
# JSON and XML allow U+2028 and the others inside strings, and neither ends a line there
_NO_SEPARATORS: Final = frozenset({CSL_JSON, POP_JSON, ENDNOTE_XML})
_LOOKAHEAD: Final = 16  # characters after a bare CR needed to decide whether it ends a line
# UTF-16 text read one byte out of step (a byte lost or added in a damaged file): every ASCII
# character X turns into U+XX00, so tabs, line ends and letters become a run of such characters
_OUT_OF_STEP: Final = re.compile(
    "[\u0900\u0a00\u0d00" + "".join(chr(code << 8) for code in range(0x20, 0x7F)) + "]{8,}"
)
_END: Final = "[\r\n" + "".join(SEPARATORS) + "]"  # any line end, for the patterns below
# 8-bit text (UTF-8, Windows-1252) inside a UTF-16 file (a line pasted in by an editor that
# did not keep the encoding): each two ASCII bytes turn into one character U+XXYY of two
# printable bytes, and the line end between them goes with them. A run of 16 such characters
# with a space byte in two of them is that: Chinese or Japanese text in UTF-16 has few
# characters of two printable bytes in a row, fewer still with a 0x20 byte.
_EIGHT_BIT: Final = re.compile(
    "["
    + "".join(f"{chr(high << 8 | 0x20)}-{chr(high << 8 | 0x7E)}" for high in range(0x20, 0x7F))
    + "]{16,}"
)
_LINE_START: Final[dict[str, re.Pattern[str]]] = {
    # What a line of each format starts with; a bare CR (or another line separator) followed by
    # one ends a line, any other bare CR is data inside a value (WOS RIS writes some inside
    # abstracts).
    PLAINTEXT: re.compile(rf"\ufeff?(?:null)?(?:[A-Z][A-Z0-9](?:[ ]|{_END}|$)|   |{_END}|$)"),
    TAB: re.compile(rf'\ufeff?(?:"?[A-Z]{{0,2}}"?\t|{_END}|$)'),  # `"J"\t`: re-saved
    RIS: re.compile(
        rf"\ufeff?(?:[A-Z][A-Z0-9] {{1,2}}-(?:[ ]|{_END}|$)|\d+\. *(?:{_END}|$)|[ \t]*(?:{_END}|$))"
    ),
    BIBTEX: re.compile(r""),  # BibTeX: every CR is a line end (whitespace either way)
    GENERIC_BIBTEX: re.compile(r""),
}
_ANY_LINE: Final = re.compile(r"")
# What may follow a separator that ends a line, where it is not what follows a bare CR: MEDLINE's
# tag lines (a bare CR there has always ended a line), and nothing in a CSV export, whose rows
# hold any text in quoted cells: there they end lines only in a file that ends its first line
# with one (`_FIRST_LINE_DECIDES`), and are spaces in a file of CR or LF lines.
_NEVER: Final = re.compile(r"(?!)")
_SEPARATOR_LINE_START: Final = {
    MEDLINE: re.compile(rf"[A-Z][A-Z0-9]{{1,3}} {{0,2}}- |      |[ \t]*(?:{_END}|$)"),
    **dict.fromkeys(CSV_FORMATS, _NEVER),
}
_FIRST_LINE_DECIDES: Final = frozenset(CSV_FORMATS)


def _has_separator(text: str) -> bool:
    return any(char in text for char in SEPARATORS)


def has_separator_bytes(chunk: bytes) -> bool:
    """Whether UTF-8 bytes hold a line separator other than CR and LF (`SEPARATORS`)."""
    return any(sep in chunk for sep in _SEPARATOR_BYTES)


_SEPARATOR_BYTES: Final = tuple(char.encode("utf-8") for char in SEPARATORS)


class TextSource:
    """A file's text in chunks of whole lines, `\\n`-terminated, with line-end counts.

    Line ends are decided line by line, not once per file: CRLF and LF always end a line, and a
    bare CR ends one when what follows it starts a line of the file's format (so a CR-only "Mac"
    export joined to an LF one reads whole), or when it ends the file's first line, or the line
    before ended in a bare CR too: in a CR-only file (or part of a file) every CR ends a line,
    as an LF does in an LF file, so a line that starts with no tag (a value's second line, an
    export header's `Database:` line) is read as it is there. Any other bare
    CR is data inside a line and is kept. `mixed()` says where a file changes its line-end
    style, for a warning.
    """

    def __init__(self, sniffed: Sniffed, chunk_bytes: int = CHUNK_BYTES) -> None:
        self.sniffed = sniffed
        self.chunk_bytes = chunk_bytes
        self.ends = {"CRLF": 0, "LF": 0, "CR": 0, **dict.fromkeys(_SEPARATOR_NAMES.values(), 0)}
        self.first_line: dict[str, int] = {}  # line ending with the first end of each kind
        self.bare_cr = 0  # bare CRs kept as data
        self.lines = 0  # line ends seen so far
        self.bytes_read = 0
        self.last_line_terminated = True
        self.out_of_step_line: int | None = None  # UTF-16 read out of step from this line on
        self.eight_bit = False  # … or 8-bit text inside it read as UTF-16 at that line
        self._line_start = _LINE_START.get(sniffed.format, _ANY_LINE)
        self._separator_start = _SEPARATOR_LINE_START.get(sniffed.format, self._line_start)
        self._separators = sniffed.format not in _NO_SEPARATORS
        self._first_line_decides = sniffed.format in _FIRST_LINE_DECIDES
        self.inline_separators: dict[str, int] = {}  # U+2028 and the like inside values
        self._last_end = (
            ""  # how the last line ended: "LF", "CRLF", "CR", "U+2028"… ("" before any)
        )

    def pieces(self) -> Iterator[str]:
        """Decoded text with `\\n` line ends, in pieces that may end inside a line."""
        sniffed = self.sniffed
        decoder = codecs.getincrementaldecoder(sniffed.codec)(errors="strict")
        held = ""  # text from a bare CR whose fate needs the next piece
        first = True
        with self._open() as handle:
            handle.seek(sniffed.bom_length)
            self.bytes_read = sniffed.bom_length
            while True:
                block = handle.read(self.chunk_bytes)
                self.bytes_read += len(block)
                final = not block
                try:
                    text = decoder.decode(block, final=final)
                except UnicodeDecodeError as exc:
                    raise undecodable(
                        sniffed.source_file, block, exc, sniffed.codec, line_offset=self.lines
                    ) from None
                if first:
                    text = text.lstrip("\ufeff")
                    first = False
                if self.out_of_step_line is None and sniffed.codec.startswith("utf-16"):
                    self._check_step(held + text)
                text, held = self.normalise(held + text, final=final)
                if text:
                    yield text
                if final:
                    self.last_line_terminated = not text or text.endswith("\n")
                    return

    def byte_pieces(self) -> Iterator[bytes]:
        """The raw bytes after the BOM, in blocks (UTF-8 files only); the caller reports the
        line ends of what it reads with `count_plain` or `normalise`."""
        sniffed = self.sniffed
        if sniffed.codec != "utf-8":
            raise ValueError("byte_pieces() reads UTF-8 files only")
        with self._open() as handle:
            handle.seek(sniffed.bom_length)
            self.bytes_read = sniffed.bom_length
            while block := handle.read(self.chunk_bytes):
                self.bytes_read += len(block)
                yield block

    def chunks(self) -> Iterator[str]:
        """Decoded text in chunks of whole lines (the last one may lack its line end)."""
        carry = ""
        for piece in self.pieces():
            text = carry + piece if carry else piece
            cut = text.rfind("\n") + 1
            if cut == 0:
                carry = text
                continue
            carry = text[cut:]
            yield text if cut == len(text) else text[:cut]
        if carry:
            yield carry

    def numbered_lines(self) -> Iterator[tuple[int, str]]:
        """Each line of the file with its number (from 1), without its line end."""
        line_no = 0
        for chunk in self.chunks():
            lines = chunk.split("\n")
            if chunk.endswith("\n"):
                lines.pop()
            for line in lines:
                line_no += 1
                yield line_no, line

    def _open(self) -> IO[bytes]:
        try:
            return self.sniffed.path.open("rb")
        except OSError as exc:
            raise InputError(
                f"cannot be read ({exc.strerror or exc})", file=self.sniffed.source_file
            ) from None

    def normalise(self, text: str, *, final: bool) -> tuple[str, str]:
        """(`text` with every line end written "\\n", the tail held back): a bare CR too near
        the end of a piece to be decided is held back with what follows it."""
        if "\r" not in text and not (self._separators and _has_separator(text)):
            self._count("LF", text.count("\n"))
            self._last_end = "LF" if "\n" in text else self._last_end
            return text, ""
        out: list[str] = []
        pos = scanned = 0
        held = ""
        pattern = _CR_OR_SEPARATOR if self._separators else _CR
        for match in pattern.finditer(text):
            start, after = match.start(), match.end()
            if "\n" in text[scanned:start]:
                self._last_end = "LF"
            scanned = after
            if after == len(text) and not final:
                held = text[start:]  # maybe the first half of a CRLF
                break
            found = match.group()
            kind = _SEPARATOR_NAMES.get(found, "CR")
            line_start = self._separator_start if kind != "CR" else self._line_start
            if found == "\r\n":
                kind = "CRLF"
            elif not final and len(text) - after < _LOOKAHEAD and "\n" not in text[after:]:
                held = text[start:]
                break
            elif self._last_end == kind or line_start.match(text, after):
                pass  # in a run of such line ends, or before what starts a line
            elif not self._last_end and (kind == "CR" or self._first_line_decides):
                pass  # it ends the file's first line: a CR-only (or U+2028…-only) file
            elif kind == "CR":
                self.bare_cr += 1
                continue
            else:  # a line break inside a value: a space, as everywhere else in a value
                self.inline_separators[kind] = self.inline_separators.get(kind, 0) + 1
                out.append(text[pos:start] + " ")
                pos = after
                continue
            self._last_end = kind
            segment = text[pos:start]
            self._count("LF", segment.count("\n"))
            out.append(segment)
            out.append("\n")
            self._count(kind, 1)
            pos = after
        else:
            held = ""
            if "\n" in text[scanned:]:
                self._last_end = "LF"
        segment = text[pos : len(text) - len(held)]
        self._count("LF", segment.count("\n"))
        out.append(segment)
        return "".join(out), held

    def _count(self, kind: str, n: int) -> None:
        if not n:
            return
        self.first_line.setdefault(kind, self.lines + 1)
        self.ends[kind] += n
        self.lines += n

    def count_plain(self, chunk: bytes, n_lf: int) -> None:
        """Count the line ends of UTF-8 bytes that hold no bare CR (`n_lf`: its LF count)."""
        if b"\r" not in chunk:
            self._count("LF", n_lf)
            return
        for kind in ("LF", "CRLF"):
            if kind not in self.first_line:  # rare: find the first line end of this kind
                ends = (m.group() for m in re.finditer(rb"\r?\n", chunk))
                lf = kind == "LF"
                where = next((i for i, end in enumerate(ends) if (end == b"\n") == lf), None)
                if where is not None:
                    self.first_line[kind] = self.lines + where + 1
        n_crlf = chunk.count(b"\r\n")
        self.ends["LF"] += n_lf - n_crlf
        self.ends["CRLF"] += n_crlf
        self.lines += n_lf

    def line_ends(self) -> str:
        """The line-end style seen, for the report: LF, CRLF, CR, none or a mix."""
        present = {name: n for name, n in self.ends.items() if n}
        if not present:
            label = "none"
        elif len(present) == 1:
            label = next(iter(present))
        else:
            label = "mixed (" + ", ".join(f"{name} {n}" for name, n in present.items()) + ")"
        if self.bare_cr:
            label += f" (+{self.bare_cr} bare CR inside lines, kept as data)"
        for kind, n in sorted(self.inline_separators.items()):
            label += f" (+{n} {kind} inside lines, read as spaces)"
        return label

    def _check_step(self, text: str) -> None:
        found = _OUT_OF_STEP.search(text)
        eight_bit = (
            run for run in _EIGHT_BIT.finditer(text)
            if sum(ord(char) >> 8 == 0x20 or ord(char) & 0xFF == 0x20 for char in run.group()) >= 2
        )  # fmt: skip
        pasted = next(eight_bit, None)
        if pasted is not None and (found is None or pasted.start() < found.start()):
            found, self.eight_bit = pasted, True
        if found is not None:
            self.out_of_step_line = (
                self.lines + 1 + len(re.findall(r"\r\n?|\n", text[: found.start()]))
            )

    def out_of_step(self) -> tuple[int, str] | None:
        """(line, message) when UTF-16 text turned into a run of U+XX00 characters (out of step)
        or of characters of two ASCII bytes (8-bit text inside), else None."""
        if self.out_of_step_line is None:
            return None
        return self.out_of_step_line, (
            "8-bit text (UTF-8 or Windows-1252) inside this UTF-16 file from here, read as "
            "garbage (a line pasted in by an editor that changed the encoding?): this record "
            "and the next may be merged or lost; export the records again"
            if self.eight_bit
            else "the UTF-16 text is out of step from here (a byte lost or added: a damaged "
            "file?): the records from this line on may be merged or lost; export the records again"
        )

    def separators(self) -> tuple[int, str] | None:
        """(line, message) when lines end in a separator other than CR or LF (U+2028 and the
        others of `SEPARATORS`): read as line ends, and said, with how many of each."""
        used = sorted(
            (line, kind)
            for kind, line in self.first_line.items()
            if kind in _SEPARATOR_KINDS and self.ends[kind]
        )
        if not used:
            return None
        counts = ", ".join(f"{self.ends[kind]:,} with {_SEPARATOR_KINDS[kind]}" for _, kind in used)
        return used[0][0], (
            f"lines end in a character that is not a line end in an export ({counts}, of "
            f"{self.lines:,} lines): read as line ends. A file converted by a tool or copied "
            "from a web page? Check that the record count matches the database's"
        )

    def mixed(self) -> tuple[int, str] | None:
        """(line, message) when the file ends its lines in more than one way (CR, LF, CRLF),
        else None; lines ended by another separator are `separators()`."""
        kinds = sorted(
            (line, kind)
            for kind, line in self.first_line.items()
            if self.ends[kind] and kind not in _SEPARATOR_KINDS
        )
        if len(kinds) < 2:
            return None
        counts = ", ".join(f"{self.ends[kind]:,} {kind}" for _, kind in kinds)
        line, kind = kinds[1]
        return line, (
            f"the file mixes line ends ({counts}; {kind} from here on): two exports joined, or "
            "one edited on another system? Every line was read by its own line end"
        )
