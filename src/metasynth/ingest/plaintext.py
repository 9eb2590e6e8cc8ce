"""Web of Science plain text ("tagged", `.txt`/`.ciw`/`.isi`) → raw records, streamed.

The format: an optional `FN`/`VR` header, records from `PT` to `ER`, an optional `EF`; each field
starts with a two-character tag, a space and a value; longer values continue on lines indented
by three spaces. The parser reads text a chunk at a time and folds each field's continuation
lines into it before splitting at line ends, so Python touches fields, not lines. This is the
general path; `fast.py` reads well-formed chunks of large files column-wise and hands every
chunk with a quirk to this parser.

Quirks handled (each reported with file and line, nothing dropped):
- a record without `ER` before the next `PT` or `EF`, or at the end of the file (cut short);
- a header but no `EF` at the end (cut short); no header at all (a single pasted record);
- malformed tag lines such as `AUGilles, H` (read as `AU` `Gilles, H`);
- lines prefixed with a literal `null` (`nullPT J`, written by some WOS export sessions);
- a byte-order mark inside the file (two exports joined with `cat`);
- continuation lines after a blank line, or lines without a tag (appended to the field before);
- unknown tags (`C3`, `WE`, `Z8`, …), kept like any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from metasynth.ingest.base import FileLog, RawRecord
from metasynth.ingest.detect import TextSource
from metasynth.ingest.tags import WOS_TAGS

_TAG_LINE: Final = re.compile(r"^([A-Z][A-Z0-9])(?: (.*)| *)$", re.DOTALL)
_KNOWN: Final = frozenset(WOS_TAGS)
_FRAME: Final = frozenset({"PT", "ER", "EF", "FN", "VR"})
_PLAIN: Final = _KNOWN - _FRAME
_SENTINELS: Final = "\x1f\x1e\x1d\x1c\x00"


def _sentinel(text: str) -> str:
    """A character that does not occur in `text`, to stand for a continuation line break."""
    for char in _SENTINELS:
        if char not in text:
            return char
    return next(chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)


_APPEND: Final = "\x00append"  # pseudo-tag: this line continues the previous field


def _last_field_start(buf: str) -> int:
    """Index of the last line of `buf` that starts a field (not indented, not blank); 0 if none."""
    end = len(buf) - 1 if buf.endswith("\n") else len(buf)
    while True:
        newline = buf.rfind("\n", 0, end)
        start = newline + 1
        if start < len(buf) and buf[start] not in " \t\n":
            return start
        if newline < 0:
            return 0
        end = newline


class PlaintextParser:
    """The record state machine; `feed` parses whole fields of one buffer."""

    def __init__(self, log: FileLog) -> None:
        self.log = log
        self.fields: list[tuple[str, str]] | None = None
        self.start_line = 0
        self.header_line = 0  # line of the last FN, 0 when none
        self.ef_line = 0  # line of the last EF since that header, 0 when none
        self.last_line = 0

    def feed(self, buf: str, end: int, base_line: int) -> list[RawRecord]:
        """Parse `buf[:end]` (which ends at a field boundary); return the records completed.

        Continuation lines are folded into their field first (`"\\n   "` → a sentinel character
        absent from the text), so splitting at line ends yields one string per field and the
        loop below runs once per field, not once per line.
        """
        done: list[RawRecord] = []
        fields = self.fields
        plain = _PLAIN
        text = buf if end >= len(buf) else buf[:end]
        sep = _sentinel(text)
        folded = text.replace("\n   ", sep)
        line_pos = 0
        line_no = base_line
        pos = 0
        for element in folded.split("\n"):
            if element[2:3] == " ":
                tag = element[:2]
                if tag in plain and fields is not None:
                    value = element[3:]
                    if sep in value:
                        value = value.replace(sep, "\n")
                    fields.append((tag, value))
                    pos += len(element) + 1
                    continue
            elif element == "ER":
                if fields is not None:
                    done.append(RawRecord(self.start_line, fields))
                    fields = None
                    pos += 3
                    continue
            elif not element.strip():  # blank, or only the spaces an editor left
                pos += len(element) + 1
                continue
            # Anything else: frame tags, unknown tags, odd lines. Work out the line number.
            line_no += folded.count("\n", line_pos, pos) + folded.count(sep, line_pos, pos)
            line_pos = pos
            pos += len(element) + 1
            if sep in element:
                element = element.replace(sep, "\n   ")
            if element[0] in " \t":
                self.fields = fields
                after_blank = line_pos >= 2 and folded[line_pos - 2] == "\n"
                self._continuation(element, line_no, after_blank)
                fields = self.fields
                continue
            head, _, cont = element.partition("\n")
            odd = (head[:2], head[3:]) if head[2:3] == " " and head[:2] in _KNOWN else None
            if odd is None:
                odd = self._odd_head(head, line_no)
                if odd is None:
                    continue
            tag, value = odd
            if cont:
                value += "\n" + cont.replace("\n   ", "\n").removeprefix("   ")
            if tag == _APPEND:
                self.fields = fields
                self._append(value, line_no)
                fields = self.fields
                continue
            if tag not in _FRAME:
                if fields is None:
                    self.log.warn(
                        line_no,
                        f"field {tag} outside any record (no PT before it): started a record here",
                    )
                    self.log.records_found += 1
                    self.start_line = line_no
                    fields = []
                fields.append((tag, value))
            elif tag == "ER":
                if fields is None:
                    self.log.warn(line_no, "ER outside any record (a second ER?): ignored")
                else:
                    done.append(RawRecord(self.start_line, fields))
                    fields = None
            elif tag == "PT":
                if fields is not None:
                    self.log.warn(
                        self.start_line,
                        f"the record that starts here has no ER before the next PT at line "
                        f"{line_no}: kept, ending it there",
                    )
                    done.append(RawRecord(self.start_line, fields))
                self.log.records_found += 1
                self.start_line = line_no
                fields = [(tag, value)]
            elif tag == "EF":
                if fields is not None:
                    self.log.warn(
                        self.start_line,
                        f"the record that starts here has no ER before EF at line {line_no}: "
                        "kept, ending it there",
                    )
                    done.append(RawRecord(self.start_line, fields))
                    fields = None
                self.ef_line = line_no
            else:  # FN or VR: a file header, also where two exports were joined
                if fields is not None:
                    self.log.warn(
                        self.start_line,
                        f"the record that starts here has no ER before the {tag} header at "
                        f"line {line_no} (two exports joined?): kept, ending it there",
                    )
                    done.append(RawRecord(self.start_line, fields))
                    fields = None
                if tag == "FN":
                    self.header_line = line_no
                    self.ef_line = 0
        self.fields = fields
        tail = max(len(folded) - 1, line_pos)
        self.last_line = (
            line_no + folded.count("\n", line_pos, tail) + folded.count(sep, line_pos, tail)
        )
        return done

    def _continuation(self, element: str, line: int, after_blank: bool) -> None:
        """A line indented other than by three spaces, or after a blank line."""
        text = element.replace("\n   ", "\n")
        if after_blank or not self.fields:
            self._append(text[3:] if text.startswith("   ") else text.strip(), line)
        else:
            tag, value = self.fields[-1]
            self.fields[-1] = (tag, f"{value}\n{text}")

    def _odd_head(self, head: str, line: int) -> tuple[str, str] | None:
        """Read a line that is not `TAG value` with a known tag: say how it was read."""
        if head.startswith("\ufeff"):
            self.log.warn(line, "a byte-order mark inside the file (two exports joined?)")
            head = head.lstrip("\ufeff")
            if not head.strip():
                return None
        if head.startswith("null"):
            rest = head[4:]
            if not rest.strip():
                self.log.warn(line, "a line holding only a literal 'null' (WOS export glitch)")
                return None
            if _TAG_LINE.match(rest):
                self.log.warn(
                    line,
                    f"line starts with a literal 'null' (a known Web of Science export glitch): "
                    f"read as {rest[:2]} {rest[3:][:40]!r}",
                )
                head = rest
        match = _TAG_LINE.match(head)
        if match:
            return match.group(1), match.group(2) or ""
        if head[:2] in _KNOWN and len(head) > 2:
            self.log.warn(
                line,
                f"malformed tag line {head[:40]!r} (no space after the tag): read as "
                f"{head[:2]} {head[2:][:40]!r}",
            )
            return head[:2], head[2:]
        return _APPEND, head

    def _append(self, text: str, line: int) -> None:
        """A line without a tag continues the field before it."""
        if self.fields:
            tag, value = self.fields[-1]
            self.fields[-1] = (tag, f"{value}\n{text}")
            self.log.warn(
                line, f"line without a tag {text[:40]!r}: read as a continuation of {tag}"
            )
        else:
            self.log.warn(line, f"text outside any record, not part of a record: {text[:80]!r}")

    def finish(self) -> list[RawRecord]:
        """End of file: close an open record; warn when the export looks cut short."""
        done: list[RawRecord] = []
        if self.fields is not None:
            self.log.warn(
                self.start_line,
                f"the file ends (line {self.last_line}) inside the record that starts here: "
                "no ER, the export may be cut short; kept",
            )
            done.append(RawRecord(self.start_line, self.fields))
            self.fields = None
        if self.header_line and not self.ef_line:
            self.log.warn(
                self.last_line,
                "no EF at the end of the file: the export may be cut short "
                "(compare the record count with Web of Science)",
            )
        return done


def parse_plaintext(
    source: TextSource, log: FileLog, parser: PlaintextParser | None = None
) -> Iterator[RawRecord]:
    """The records of a WOS plain-text export, one at a time, in file order."""
    parser = parser or PlaintextParser(log)
    carry = ""
    base_line = 1
    for piece in source.pieces():
        buf = carry + piece if carry else piece
        end = _last_field_start(buf)
        if end == 0:
            carry = buf
            continue
        yield from parser.feed(buf, end, base_line)
        base_line += buf.count("\n", 0, end)
        carry = buf[end:]
    if carry:
        yield from parser.feed(carry, len(carry), base_line)
    yield from parser.finish()
