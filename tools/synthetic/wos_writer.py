"""Writers for Web of Science exports, byte for byte in the conventions of real files.

A record is a mapping tag -> value, where a value is a string or a list of strings. How a value
is laid out is the format's business, decided here from the tag (as in real exports):

Plain text ("Full Record and Cited References", the `savedrecs.txt` a user downloads):
- `FN Clarivate Analytics Web of Science` / `VR 1.0` header, records `PT ...` to `ER`, each followed
  by a blank line, and `EF` at the end; UTF-8 with a byte-order mark; LF line ends.
- One value per line for author-like and address-like tags (AU, AF, BE, C1, CR, ...): the first
  after the tag, the others on continuation lines indented by three spaces. C1 lines end in ".".
- Other list values are joined with "; " (DE, ID, EM, RI, OI, WC, SC, C3, FU, WE).
- Long values of the tags real exports wrap (TI, SO, DE, ID, WC, FX, ...) are wrapped greedily at
  word boundaries so that no line is longer than 75 characters; AB, RP and C1 are never wrapped.

Tab-delimited ("Win, UTF-16"): a header row of tags, one row per record with every list value
joined with "; " (C1 without the final full stops), a trailing tab after the last field, CRLF,
UTF-16LE with a byte-order mark.

Inputs: records (mappings). Outputs: files, or the text of one record for streaming writers.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

Value = str | Sequence[str]
WosRecord = Mapping[str, Value]
"""One record: tag -> value (a string, or a list of strings for multi-valued tags)."""

PLAINTEXT_HEADER = "FN Clarivate Analytics Web of Science\nVR 1.0\n"
PLAINTEXT_FOOTER = "EF\n"
LINE_WIDTH = 75
"""Longest line real exports write for the wrapped tags (3-character prefix + 72)."""

# fmt: off
PLAINTEXT_ORDER: tuple[str, ...] = (
    "PT", "AU", "AF", "BA", "BF", "BE", "GP", "CA", "TI", "SO", "SE", "BS", "LA", "DT", "CT", "CY",
    "CL", "SP", "HO", "DE", "ID", "AB", "C1", "C3", "RP", "EM", "RI", "OI", "FU", "FP", "FX", "CR",
    "NR", "TC", "Z9", "U1", "U2", "PU", "PI", "PA", "SN", "EI", "BN", "J9", "JI", "PD", "PY", "VL",
    "IS", "PN", "SU", "SI", "MA", "BP", "EP", "AR", "DI", "DL", "D2", "EA", "EY", "PG", "WC", "WE",
    "SC", "GA", "UT", "PM", "OA", "HC", "HP", "DA",
)
"""Tag order of a "Full Record and Cited References" plain-text export."""
# fmt: on

TAB_COLUMNS: tuple[str, ...] = (
    *("PT", "AU", "BA", "BE", "GP", "AF", "BF", "CA"),  # author-like tags in another order
    *PLAINTEXT_ORDER[8:],
)
"""Header of a "Full Record and Cited References" tab-delimited export (72 tags)."""

LINE_TAGS = frozenset({"AU", "AF", "BA", "BF", "BE", "GP", "CA", "C1", "CR"})
"""Tags written one value per line in plain text."""

# fmt: off
WRAPPED_TAGS = frozenset(
    {"TI", "SO", "SE", "BS", "CT", "HO", "DE", "ID", "C3", "EM", "RI", "OI", "FU", "FX", "PA",
     "WC", "WE", "SC"}
)
"""Tags whose long values real plain-text exports wrap at word boundaries."""
# fmt: on

MULTI_SEP = "; "


def wrap(text: str, width: int = LINE_WIDTH - 3) -> list[str]:
    """Split text greedily at spaces into lines of at most `width` characters.

    A single word longer than the width stays whole (as real exports do with long URLs).
    """
    if len(text) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current = f"{current} {word}"
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


@lru_cache(maxsize=8192)
def _wrapped(text: str) -> str:
    """Wrapped text with continuation indents; cached, as journal and team fields repeat."""
    return "\n   ".join(wrap(text))


_ORDER_INDEX = {tag: index for index, tag in enumerate(PLAINTEXT_ORDER)}
_WIDTH = LINE_WIDTH - 3


def _field_text(tag: str, value: Value) -> str:
    """One field as plain text: tag, value, continuation lines joined by newlines ("" if empty)."""
    if isinstance(value, str):
        if len(value) > _WIDTH and tag in WRAPPED_TAGS:
            return f"{tag} {_wrapped(value)}"
        return f"{tag} {value}" if value else ""
    if "" in value:
        value = [v for v in value if v]
    if not value:
        return ""
    if tag in LINE_TAGS:
        if tag == "C1":
            value = [v if v.endswith(".") else f"{v}." for v in value]
        return f"{tag} " + "\n   ".join(value)
    return _field_text(tag, MULTI_SEP.join(value))


def format_plaintext_record(record: WosRecord) -> str:
    """One record as plain text, `PT ...` to `ER` and the blank line after it, LF line ends.

    Tags are written in the export's order; tags the order does not know come just before ER,
    in the record's own order (so a record carrying extra tags still round-trips). Empty values
    are left out, as real exports leave out the fields a record does not have.
    """
    parts: list[str] = []
    for tag in PLAINTEXT_ORDER:
        value = record.get(tag)
        if value:
            text = _field_text(tag, value)
            if text:
                parts.append(text)
    for tag in record:
        if tag not in _ORDER_INDEX:
            text = _field_text(tag, record[tag])
            if text:
                parts.append(text)
    parts.append("ER\n\n")
    return "\n".join(parts)


def write_plaintext(path: str | Path, records: Iterable[WosRecord]) -> int:
    """Write a plain-text export (UTF-8 with BOM, LF); returns the number of records written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n_records = 0
    with path.open("w", encoding="utf-8-sig", newline="\n") as handle:
        handle.write(PLAINTEXT_HEADER)
        for record in records:
            handle.write(format_plaintext_record(record))
            n_records += 1
        handle.write(PLAINTEXT_FOOTER)
    return n_records


def tab_field(tag: str, value: Value) -> str:
    """One field of a tab-delimited row."""
    if isinstance(value, str):
        text = value
    else:
        values = list(value)
        if tag == "C1":
            values = [v[:-1] if v.endswith(".") else v for v in values]
        text = MULTI_SEP.join(values)
    if "\t" in text or "\n" in text or "\r" in text:
        raise ValueError(f"field {tag} holds a tab or line break, which a tab export cannot carry")
    return text


def format_tab_row(record: WosRecord, columns: Sequence[str] = TAB_COLUMNS) -> str:
    """One record as a tab-delimited row: the fields in column order and a trailing tab."""
    return "\t".join(tab_field(tag, record.get(tag, "")) for tag in columns) + "\t"


def write_tab_delimited(
    path: str | Path,
    records: Iterable[WosRecord],
    columns: Sequence[str] = TAB_COLUMNS,
) -> int:
    """Write a tab-delimited "Win, UTF-16" export; returns the number of records written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    unknown = [t for t in columns if not t.isalnum() or len(t) != 2]
    if unknown:
        raise ValueError(f"not WOS tags: {unknown}")
    n_records = 0
    with path.open("wb") as handle:
        handle.write(codecs.BOM_UTF16_LE)
        handle.write(("\t".join(columns) + "\r\n").encode("utf-16-le"))
        for record in records:
            handle.write((format_tab_row(record, columns) + "\r\n").encode("utf-16-le"))
            n_records += 1
    return n_records
