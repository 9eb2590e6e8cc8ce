"""Sniff an export from its bytes (never its name) and stream it as text.

`sniff(path)` reads the first 64 KiB and decides the encoding (UTF-8 or UTF-16, with or without
a byte-order mark), the line-end style and the format: WOS plain text (`FN`/`PT` tags), WOS
tab-delimited (a header of WOS tags), BibTeX (`@type{`) or RIS (`TY  - `). Empty, binary and
undecodable files, and files in no known format, are an `InputError` naming the file and line.

`TextSource(sniffed)` then yields the file's text in chunks of whole lines with `\\n` line ends,
so parsers never hold more than a chunk; it counts the line ends it saw for the ingest report.
In LF and CRLF files a bare CR is data (WOS RIS has them inside lines) and is kept; in CR-only
files (old Mac exports) every CR ends a line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from metasynth.errors import InputError
from metasynth.ingest.tags import WOS_TAGS

SNIFF_BYTES: Final = 64 * 1024
CHUNK_BYTES: Final = 1 << 20

PLAINTEXT: Final = "wos_plaintext"
TAB: Final = "wos_tab"
BIBTEX: Final = "wos_bibtex"
GENERIC_BIBTEX: Final = "bibtex"
RIS: Final = "ris"
FORMATS: Final = (PLAINTEXT, TAB, BIBTEX, GENERIC_BIBTEX, RIS)

_EXPORT_HINT = (
    "export from Web of Science as 'Plain text file' or 'Tab delimited file' (Record Content: "
    "'Full Record and Cited References'), or as BibTeX or RIS; other databases as RIS"
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

_BOMS: Final[tuple[tuple[bytes, str, str], ...]] = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16BE"),
)

_WOS_START = re.compile(r"^(?:null)?(?:FN|VR|PT)(?: |$)")
_RIS_TAG = re.compile(r"^(?:null)?[A-Z][A-Z0-9] {1,2}-(?: |$)")
_RIS_TY = re.compile(r"^(?:null)?TY {1,2}-(?: |$)")
_BIBTEX_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]")
_WOS_BIBTEX = re.compile(r"^\s*Unique-ID\s*=|^\s*@\s*\w+\s*\{\s*(?:WOS|ISI):", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


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
    cr_only: bool  # old Mac line ends: every CR ends a line


def _line_of(data: bytes, offset: int, codec: str) -> int:
    """1-based line of a byte offset (counting LF, or CR in CR-only text)."""
    head = data[:offset].decode(codec, errors="replace")
    newline = "\n" if "\n" in head or "\r" not in head else "\r"
    return head.count(newline) + 1


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
    try:
        with path.open("rb") as handle:
            sample = handle.read(SNIFF_BYTES)
            at_end = not handle.read(1)
    except FileNotFoundError:
        raise InputError("file not found", file=shown) from None
    except IsADirectoryError:
        raise InputError("is a folder, not an export file", file=shown) from None
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
            offset = sample.index(b"\x00")
            raise InputError(
                f"binary data (a NUL byte at byte {offset}): this is not a text export",
                file=shown,
                line=_line_of(sample, offset, "latin-1"),
                hint=_EXPORT_HINT,
            )

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
    cr_only = "\n" not in text and "\r" in text
    lines = text.replace("\r\n", "\n").split("\r" if cr_only else "\n")
    return Sniffed(
        path=path,
        source_file=shown,
        format=_detect_format(lines, shown),
        codec=codec,
        encoding=label,
        bom=bom_length > 0,
        bom_length=bom_length,
        cr_only=cr_only,
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


def _detect_format(lines: list[str], shown: str) -> str:
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
    if "\t" in first:
        cells = [cell.strip() for cell in first.split("\t")]
        known = [cell for cell in cells if cell in WOS_TAGS]
        if len(known) >= 2:
            return TAB
        raise InputError(
            "a tab-delimited file whose header names no Web of Science field tag "
            f"(it starts {', '.join(repr(c) for c in cells[:4] if c)})",
            file=shown,
            line=first_number,
            hint="export from Web of Science as 'Tab delimited file' (the header must hold "
            "tags such as PT, AU, TI, UT); a spreadsheet saved as text is not an export",
        )
    if any(_RIS_TY.match(line) for _, line in content[:50]):
        return RIS
    if _RIS_TAG.match(first):
        return RIS
    if first.startswith("PMID-"):
        hint = "PubMed's MEDLINE (.nbib) format is not read: send the records to Zotero or "
        hint += "EndNote and export RIS, or use PubMed's 'Citation manager' export as RIS"
    elif first.count(",") >= 3 or first.count(";") >= 3:
        hint = "CSV/spreadsheet exports are not read: export RIS (Scopus: 'RIS format'), "
        hint += "or a Web of Science plain text / tab-delimited file"
    else:
        hint = _EXPORT_HINT
    raise InputError(
        f"unknown format: not Web of Science plain text or tab-delimited, BibTeX or RIS "
        f"(the first line is {first[:60]!r})",
        file=shown,
        line=first_number,
        hint=hint,
    )


class TextSource:
    """A file's text in chunks of whole lines, `\\n`-terminated, with line-end counts."""

    def __init__(self, sniffed: Sniffed, chunk_bytes: int = CHUNK_BYTES) -> None:
        self.sniffed = sniffed
        self.chunk_bytes = chunk_bytes
        self.crlf = 0
        self.bare_cr = 0
        self.bare_lf = 0
        self.bytes_read = 0
        self.last_line_terminated = True
        self._cr_pending = False

    def pieces(self) -> Iterator[str]:
        """Decoded text with `\\n` line ends, in pieces that may end inside a line."""
        sniffed = self.sniffed
        decoder = codecs.getincrementaldecoder(sniffed.codec)(errors="strict")
        count_bytes = sniffed.codec == "utf-8"  # CR and LF are single bytes in UTF-8
        pending_cr = False
        first = True
        with sniffed.path.open("rb") as handle:
            handle.seek(sniffed.bom_length)
            self.bytes_read = sniffed.bom_length
            while True:
                block = handle.read(self.chunk_bytes)
                self.bytes_read += len(block)
                final = not block
                lines_before = self.crlf + self.bare_lf + (self.bare_cr if sniffed.cr_only else 0)
                try:
                    text = decoder.decode(block, final=final)
                except UnicodeDecodeError as exc:
                    raise undecodable(
                        sniffed.source_file, block, exc, sniffed.codec, line_offset=lines_before
                    ) from None
                if first:
                    text = text.lstrip("\ufeff")
                    first = False
                if pending_cr:
                    text = "\r" + text
                pending_cr = not final and text.endswith("\r")
                if pending_cr:
                    text = text[:-1]  # maybe the first half of a CRLF: decide with the next piece
                crlf_here = self._count_bytes(block) if count_bytes else self._count_text(text)
                if sniffed.cr_only:
                    text = text.replace("\r\n", "\n").replace("\r", "\n")
                elif crlf_here:
                    text = text.replace("\r\n", "\n")
                if text:
                    yield text
                if final:
                    self.last_line_terminated = not text or text.endswith("\n")
                    return

    def byte_pieces(self) -> Iterator[bytes]:
        """The raw bytes after the BOM, in blocks (UTF-8 files only). CRs are counted here;
        the caller counts LFs and reports them with `add_newlines`."""
        sniffed = self.sniffed
        if sniffed.codec != "utf-8":
            raise ValueError("byte_pieces() reads UTF-8 files only")
        with sniffed.path.open("rb") as handle:
            handle.seek(sniffed.bom_length)
            self.bytes_read = sniffed.bom_length
            while block := handle.read(self.chunk_bytes):
                self.bytes_read += len(block)
                self._count_bytes(block, count_lf=False)
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

    def _count_bytes(self, block: bytes, count_lf: bool = True) -> int:
        """Count line ends in raw UTF-8 bytes (fast); a CRLF split over two blocks counts once.

        With `count_lf` False the caller reports the LF count itself (`add_newlines`).
        """
        joined = int(self._cr_pending and block.startswith(b"\n"))
        self._cr_pending = block.endswith(b"\r")
        cr = block.count(b"\r")
        crlf = (block.count(b"\r\n") if cr else 0) + joined
        self.crlf += crlf
        self.bare_cr += cr - crlf
        self.bare_lf -= crlf
        if count_lf:
            self.bare_lf += block.count(b"\n")
        return crlf

    def add_newlines(self, count: int) -> None:
        """LF characters counted by the caller of `byte_pieces` (CRLFs included)."""
        self.bare_lf += count

    def _count_text(self, text: str) -> int:
        crlf = text.count("\r\n")
        self.crlf += crlf
        self.bare_cr += text.count("\r") - crlf
        self.bare_lf += text.count("\n") - crlf
        return crlf

    def line_ends(self) -> str:
        """The line-end style seen, for the report: LF, CRLF, CR, none or a mix."""
        if self.sniffed.cr_only:
            kinds = {"CR": self.bare_cr, "CRLF": self.crlf, "LF": self.bare_lf}
        else:
            kinds = {"CRLF": self.crlf, "LF": self.bare_lf}
        present = {name: n for name, n in kinds.items() if n}
        if not present:
            label = "none"
        elif len(present) == 1:
            label = next(iter(present))
        else:
            label = "mixed (" + ", ".join(f"{name} {n}" for name, n in present.items()) + ")"
        if not self.sniffed.cr_only and self.bare_cr:
            label += f" (+{self.bare_cr} bare CR inside lines, kept as data)"
        return label
