"""EndNote XML exports → raw and canonical records.

EndNote's XML export, and the "EndNote XML" that Zotero and Mendeley write: a root `<xml>`
holding `<records>`, one `<record>` per reference, each field an element (`<titles><title>`,
`<contributors><authors><author>`, `<dates><year>`, `<electronic-resource-num>` …). EndNote
wraps a value's text in `<style face=… font=… size=…>` elements, one per run of formatting
(`<style face="normal">Effect of </style><style face="italic">E. coli</style>`): their text is
joined and the formatting is not kept. A line break inside a value (`&#xD;`, between the lines
of an address or ISSNs) is read as "\\n"; whitespace around a value (the indentation of a
pretty-printed file) is not kept.

The file is parsed as a stream (defusedxml over the decoded text `TextSource` yields), one
record at a time; a record's elements are let go once it is read. Every element with text and
every attribute (but those of `<style>`) goes to the fields table, in file order, tagged with its
path below `<record>` (`titles/title`, `contributors/authors/author`, `ref-type@name`); empty
elements are left out. `source_line` is the record's number in the file (1 for the first
`<record>`): EndNote, Zotero and Mendeley write the whole file on one line, where a line names
no record; the warnings name records the same way.

The canonical columns: each element is the field of EndNote's tagged export it is
(`endnote_xml.yaml`), read as that export is (`endnote.endnote_columns`): `ref-type@name` the
document type ("Journal Article"), `accession-num` an accession number only where
`remote-database-name`/`-provider` name its database, and so on.

Refused with file, line, column and record (`InputError`): a DTD (`<!DOCTYPE …>`, which EndNote
XML never has: its entities could expand to gigabytes or read other files), an entity XML does
not define, XML that is not well-formed (a file cut short, two exports joined, damaged bytes), a
root other than `<xml>`. Reported, never dropped: elements beside the records, a record without
a title.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Final
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as SafeET
import yaml
from defusedxml import DefusedXmlException

from metasynth.errors import InputError
from metasynth.ingest.base import FileLog, RawRecord
from metasynth.ingest.detect import TextSource
from metasynth.ingest.endnote import endnote_columns
from metasynth.ingest.records import Record

_STYLE: Final = "style"
_ROOT: Final = "xml"
_RECORDS: Final = "records"
_RECORD: Final = "record"
_CUT_SHORT: Final = frozenset({"no element found", "unclosed token"})


@cache
def endnote_xml_tags() -> dict[str, str]:
    """Element path (or `path@attribute`) → tag of EndNote's tagged export (`endnote_xml.yaml`)."""
    data = resources.files("metasynth.ingest").joinpath("endnote_xml.yaml").read_text("utf-8")
    return {str(path): str(tag) for path, tag in yaml.safe_load(data)["tags"].items()}


class _Pieces:
    """The decoded text of an export as a file object, for the XML parser to read from."""

    def __init__(self, pieces: Iterator[str]) -> None:
        self._pieces = pieces

    def read(self, size: int = -1) -> str:
        return next(self._pieces, "")


def parse_endnote_xml(source: TextSource, log: FileLog) -> Iterator[RawRecord]:
    """The records of an EndNote XML file, one at a time, in file order."""
    parser = SafeET.XMLParser(target=ET.TreeBuilder(), forbid_dtd=True)
    events = SafeET.iterparse(_Pieces(source.pieces()), ("start", "end"), parser=parser)
    open_elements: list[ET.Element] = []
    number = 0  # records started
    stray: dict[str, int] = {}  # elements beside the records → how many
    try:
        for event, element in events:
            if event == "start":
                open_elements.append(element)
                if len(open_elements) == 1 and element.tag != _ROOT:
                    raise _not_endnote(element.tag, log, parser)
                if _is_record(open_elements):
                    number += 1
                    log.records_found += 1
                continue
            depth = len(open_elements)
            if _is_record(open_elements):
                yield RawRecord(number, record_fields(element))
            elif (depth == 2 and element.tag != _RECORDS) or (
                depth == 3 and open_elements[1].tag == _RECORDS
            ):  # beside <records>, or beside the records in it
                stray[str(element.tag)] = stray.get(str(element.tag), 0) + 1
            open_elements.pop()
            if depth in (2, 3):
                open_elements[-1].remove(element)  # read: let it go
    except ET.ParseError as exc:
        in_record = _is_record(open_elements[:3])
        raise _not_well_formed(exc, log, number, in_record) from None
    except DefusedXmlException:
        raise InputError(
            "the file declares a DTD (<!DOCTYPE …>), which EndNote XML never has: its entities "
            "could expand to gigabytes or read other files, so the file is not read",
            file=log.source_file,
            line=parser.parser.CurrentLineNumber,
            hint="export the records again from EndNote, Zotero or Mendeley (as EndNote XML or "
            "RIS); do not read a file of unknown origin",
        ) from None
    for tag, count in sorted(stray.items()):
        log.warn(None, f"{count:,} <{tag}> element(s) outside any <record> are not read")


def _is_record(open_elements: list[ET.Element]) -> bool:
    """Whether the innermost open element is a `<record>` of the file's `<records>`."""
    return (
        len(open_elements) == 3
        and open_elements[1].tag == _RECORDS
        and open_elements[2].tag == _RECORD
    )


def record_fields(record: ET.Element) -> list[tuple[str, str]]:
    """(path below `<record>`, value) of every attribute and every element with text, in file
    order; a value's `<style>` runs joined."""
    fields: list[tuple[str, str]] = []
    pending = [(child, str(child.tag)) for child in reversed(record)]
    while pending:  # not recursive: a hostile record may nest deeper than Python recurses
        element, path = pending.pop()
        fields.extend((f"{path}@{name}", _value(value)) for name, value in element.attrib.items())
        inner = [child for child in element if child.tag != _STYLE]
        text = _value(_own_text(element))
        if text:
            fields.append((path, text))
        pending.extend((child, f"{path}/{child.tag}") for child in reversed(inner))
    return [(tag, value) for tag, value in fields if value]


def _own_text(element: ET.Element) -> str:
    """The text of an element itself: its text, its `<style>` runs and the text after each of
    its children; whitespace that holds a line break between them is a pretty-printed file's
    indentation, not text."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _STYLE:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(part for part in parts if part.strip() or "\n" not in part)


def _value(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def endnote_xml_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one EndNote XML record."""
    tags = endnote_xml_tags()
    fields = [(tags[path], value) for path, value in raw.fields if path in tags]
    missing_title = f"record {raw.line} (the {_ordinal(raw.line)} <record>) has no "
    missing_title += "<titles><title>: check the record"
    return endnote_columns(fields, log, raw.line, missing_title)


def _ordinal(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def _not_endnote(tag: str, log: FileLog, parser: SafeET.XMLParser) -> InputError:
    return InputError(
        f"XML whose root is <{tag[:40]}>, not EndNote XML's <xml>",
        file=log.source_file,
        line=parser.parser.CurrentLineNumber,
        hint="export the records as EndNote XML or RIS from the reference manager",
    )


def _not_well_formed(exc: ET.ParseError, log: FileLog, number: int, in_record: bool) -> InputError:
    """The error for XML that is not well-formed, with where it stops and in which record."""
    line, column = exc.position
    reason = str(exc).split(":", 1)[0]
    if in_record:
        where = f"record {number}"
    else:
        where = f"after record {number}" if number else "before the first record"
    if reason in _CUT_SHORT:
        return InputError(
            f"the file ends before its XML does ({reason}, column {column + 1:,}): it was cut "
            f"short {where}",
            file=log.source_file,
            line=line,
            element=where if in_record else None,
            hint="the download or copy was interrupted: export the records again",
        )
    hint = "the file is damaged or was edited by hand: export the records again"
    if reason == "junk after document element":
        hint = "two exports joined into one file? Save each export as a file of its own"
    elif reason == "undefined entity":
        hint = "EndNote XML writes characters as themselves or as &#number;: replace the "
        hint += "&name; there with its character, or export the records again"
    return InputError(
        f"the XML cannot be read past column {column + 1:,} of this line ({reason})",
        file=log.source_file,
        line=line,
        element=where,
        hint=hint,
    )
