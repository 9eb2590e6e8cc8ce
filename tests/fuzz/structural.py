"""Structural hostility for the readers: every real file with each change a format's structure
allows, rather than random damage (`hostile.py`).

Where `hostile.py` damages bytes and lines at random, this probe makes, for each real file of
`hostile.SOURCES`, every change of a fixed list that a file met in the wild can have: a line or
record separator inside a value that is no line end in the file's format (U+2028, U+0085, a
form feed, a vertical tab, the information separators U+001C–U+001E), a NUL byte inside a value,
other encodings (UTF-16 big-endian with a byte-order mark, UTF-16 without one, UTF-32), only its
first record, only what comes before its first record, a value of two million characters,
spaces after every line; for the JSON exports: numbers too long for Python (more than 4,300
digits) or too large for a float, `NaN` and `Infinity`, a key given twice, values nested
thousands deep, a field of the wrong JSON type, the array wrapped in an object as web APIs
write it; for RIS: a stray export-header line (`Provider: …`) after a record's `ER`. Each case
is read as a user's run reads it (`hostile.read_with`) and judged by `hostile.judge` (no
traceback; every record read or warned about), and each case gets at most `TIMEOUT` seconds
(a hang is a failure of its own).

    python tests/fuzz/structural.py [--reader ingest] [--only NAME]

prints one line per failing case and the counts; exits 1 when any case failed.
"""

from __future__ import annotations

import argparse
import codecs
import json
import re
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from hostile import (
    SOURCES,
    Mutated,
    Original,
    Source,
    Verdict,
    judge,
    original,
    read_with,
)

TIMEOUT = 60
"""Seconds a case may take before it counts as a hang."""

SEPARATORS = {
    "U+2028": "\u2028",
    "U+2029": "\u2029",
    "U+0085": "\u0085",
    "form feed": "\x0c",
    "vertical tab": "\x0b",
    "U+001C": "\x1c",
    "U+001E": "\x1e",
    "NUL": "\x00",
}
"""Characters that `str.splitlines` (and some spreadsheets) take for line ends, or that end C
strings; none ends a line in an export."""


@dataclass(frozen=True)
class Change:
    """A structural change: its name, and text → (new text, the record counts that need no
    warning), or None when it does not apply to the file."""

    name: str
    make: Callable[[Original], tuple[str, set[int]] | None]


def _value_line(source: Original) -> int | None:
    """The index of a line inside a record (not where one starts) with a value to change."""
    lines = source.lines
    first = min(source.starts) if source.starts else 0
    for index in range(first + 1, len(lines)):
        body = lines[index].rstrip("\r\n")
        if index not in source.starts and len(body) > 12 and re.search(r"[A-Za-z]{4} ", body):
            return index
    return None


def _insert_in_value(character: str) -> Callable[[Original], tuple[str, set[int]] | None]:
    def make(source: Original) -> tuple[str, set[int]] | None:
        index = _value_line(source)
        if index is None:
            return None
        lines = source.lines
        body = lines[index].rstrip("\r\n")
        word = re.search(r"[A-Za-z]{4} ", body)
        assert word is not None
        at = word.end() - 1
        lines[index] = body[:at] + character + body[at:] + lines[index][len(body) :]
        return "".join(lines), {source.n_records}

    return make


def _xml_records(text: str, count: int) -> str:
    """EndNote XML with only its first `count` records, closed as the export closes it (its
    records are numbered, not found by line: the whole export is one line)."""
    cut = text.index("<record>")
    for _ in range(count):
        cut = text.index("</record>", cut) + len("</record>")
    return text[:cut] + text[text.rindex("</records>") :]


def _first_record(source: Original) -> tuple[str, set[int]] | None:
    if source.outcome.source_format == "endnote_xml":
        return _xml_records(source.text, 1), {1}
    starts = sorted(source.starts)
    if len(starts) < 2 or source.outcome.source_format in {"csl_json", "pop_json"}:
        return None
    return "".join(source.lines[: starts[1]]), {1}


def _before_first(source: Original) -> tuple[str, set[int]] | None:
    if source.outcome.source_format in {"csl_json", "pop_json"}:
        return "[]\n", {0}
    if source.outcome.source_format == "endnote_xml":
        return _xml_records(source.text, 0), {0}
    starts = sorted(source.starts)
    if not starts:
        return None
    return "".join(source.lines[: starts[0]]), {0}


def _huge_value(source: Original) -> tuple[str, set[int]] | None:
    index = _value_line(source)
    if index is None:
        return None
    lines = source.lines
    body = lines[index].rstrip("\r\n")
    word = re.search(r"[A-Za-z]{4} ", body)
    assert word is not None
    lines[index] = (
        body[: word.end()] + "x" * 2_000_000 + body[word.end() :] + lines[index][len(body) :]
    )
    return "".join(lines), {source.n_records}


def _trailing_spaces(source: Original) -> tuple[str, set[int]] | None:
    if source.outcome.source_format in {"csl_json", "pop_json"}:
        return None
    lines = source.lines
    out = [line.rstrip("\r\n") + "  \t" + line[len(line.rstrip("\r\n")) :] for line in lines]
    return "".join(out), {source.n_records}


def _ris_header_after_er(source: Original) -> tuple[str, set[int]] | None:
    if source.outcome.source_format != "ris" and source.source.path.suffix != ".ris":
        return None
    lines = source.lines
    ends = [i for i, line in enumerate(lines) if re.match(r"ER  -", line)]
    if len(ends) < 2:
        return None
    end = re.search(r"\r\n|\r|\n", lines[0])
    lines.insert(ends[0] + 1, "Provider: Some Database" + (end.group() if end else "\n"))
    return "".join(lines), {-1}  # every count needs a warning: the line is in no record


# --------------------------------------------------------------------------- JSON


def _json_items(source: Original) -> list[dict[str, object]] | None:
    if source.outcome.source_format not in {"csl_json", "pop_json"}:
        return None
    document = json.loads(source.text)
    return document if isinstance(document, list) else None


def _json_with(
    edit: Callable[[list[dict[str, object]]], str | None],
) -> Callable[[Original], tuple[str, set[int]] | None]:
    def make(source: Original) -> tuple[str, set[int]] | None:
        items = _json_items(source)
        if items is None:
            return None
        text = edit(items)
        return None if text is None else (text, {source.n_records})

    return make


def _dumps(items: object) -> str:
    return json.dumps(items, indent=2, ensure_ascii=False)


def _raw_value(key: str, raw: str) -> Callable[[list[dict[str, object]]], str | None]:
    """The first item's `key` set to a JSON text written as is (numbers Python cannot hold)."""

    def edit(items: list[dict[str, object]]) -> str | None:
        marker = "\u0001marker\u0001"
        changed = [dict(item) for item in items]
        changed[0][key] = marker
        return _dumps(changed).replace(json.dumps(marker), raw)

    return edit


def _typed(key: str, value: object) -> Callable[[list[dict[str, object]]], str | None]:
    def edit(items: list[dict[str, object]]) -> str | None:
        changed = [dict(item) for item in items]
        changed[0][key] = value
        return _dumps(changed)

    return edit


def _duplicate_key(items: list[dict[str, object]]) -> str | None:
    text = _dumps(items)
    return text.replace('"title": ', '"title": "first title", "title": ', 1)


def _wrapped(items: list[dict[str, object]]) -> str | None:
    return _dumps({"meta": {"count": len(items)}, "results": items})


def _one_line(items: list[dict[str, object]]) -> str | None:
    return json.dumps(items, ensure_ascii=False)


def _json_lines(items: list[dict[str, object]]) -> str | None:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def _title_key(items: list[dict[str, object]]) -> str:
    return "title" if "title" in items[0] else next(iter(items[0]))


JSON_CHANGES: tuple[Change, ...] = (
    Change("json: integer of 5,000 digits", _json_with(_raw_value("volume", "1" * 5000))),
    Change("json: number 1e999", _json_with(_raw_value("volume", "1e999"))),
    Change("json: NaN", _json_with(_raw_value("volume", "NaN"))),
    Change("json: -Infinity", _json_with(_raw_value("page", "-Infinity"))),
    Change(
        "json: title nested 100,000 deep",
        _json_with(_raw_value("title", "[" * 100_000 + "]" * 100_000)),
    ),
    Change("json: title nested 500 deep", _json_with(_raw_value("title", "[" * 500 + "]" * 500))),
    Change("json: title a number", _json_with(_typed("title", 12))),
    Change("json: title a list", _json_with(_typed("title", ["a", "b"]))),
    Change("json: title an object", _json_with(_typed("title", {"x": 1}))),
    Change("json: title null", _json_with(_typed("title", None))),
    Change("json: title true", _json_with(_typed("title", True))),
    Change("json: author text", _json_with(_typed("author", "Smith, J"))),
    Change("json: author list of numbers", _json_with(_typed("author", [1, None, [2]]))),
    Change("json: author object", _json_with(_typed("author", {"family": "Smith"}))),
    Change("json: authors list", _json_with(_typed("authors", ["W Guo", {"a": 1}]))),
    Change("json: issued text", _json_with(_typed("issued", "2019"))),
    Change("json: issued odd parts", _json_with(_typed("issued", {"date-parts": [[None], "x"]}))),
    Change("json: issued parts empty", _json_with(_typed("issued", {"date-parts": [[]]}))),
    Change("json: year huge", _json_with(_typed("year", 10**30))),
    Change("json: year float", _json_with(_typed("year", 2019.5))),
    Change("json: year text", _json_with(_typed("year", "in press"))),
    Change("json: custom a list", _json_with(_typed("custom", [1, 2]))),
    Change("json: keyword a list", _json_with(_typed("keyword", ["a", "b"]))),
    Change("json: DOI a number", _json_with(_typed("DOI", 10.1))),
    Change("json: ISSN a list", _json_with(_typed("ISSN", ["1234-5678", 5]))),
    Change("json: page object", _json_with(_typed("page", {"first": 1}))),
    Change("json: startpage negative", _json_with(_typed("startpage", -5))),
    Change("json: cites huge", _json_with(_typed("cites", 10**100))),
    Change("json: id an object", _json_with(_typed("id", {"a": 1}))),
    Change("json: uid a number", _json_with(_typed("uid", 5))),
    Change("json: empty key", _json_with(_typed("", "x"))),
    Change("json: a key twice", _json_with(_duplicate_key)),
    Change("json: wrapped in an object", _json_with(_wrapped)),
    Change("json: one line", _json_with(_one_line)),
    Change("json: JSON lines", _json_with(_json_lines)),
)


def _encoded(encoding: str, bom: bytes) -> Callable[[Original], tuple[bytes, set[int]] | None]:
    def make(source: Original) -> tuple[bytes, set[int]] | None:
        return bom + source.text.encode(encoding, errors="surrogatepass"), {source.n_records}

    return make


TEXT_CHANGES: tuple[Change, ...] = (
    *(Change(f"{name} inside a value", _insert_in_value(ch)) for name, ch in SEPARATORS.items()),
    Change("only the first record", _first_record),
    Change("only what comes before the first record", _before_first),
    Change("a value of 2,000,000 characters", _huge_value),
    Change("spaces and a tab after every line", _trailing_spaces),
    Change("RIS: `Provider:` line after an ER", _ris_header_after_er),
    *JSON_CHANGES,
)

ENCODINGS: tuple[tuple[str, Callable[[Original], tuple[bytes, set[int]] | None]], ...] = (
    ("UTF-16BE with BOM", _encoded("utf-16-be", codecs.BOM_UTF16_BE)),
    ("UTF-16LE without BOM", _encoded("utf-16-le", b"")),
    ("UTF-32LE with BOM", _encoded("utf-32-le", codecs.BOM_UTF32_LE)),
    ("UTF-8 BOM twice", _encoded("utf-8", codecs.BOM_UTF8 * 2)),
)


# --------------------------------------------------------------------------- workbooks

_SHEET_XML = "xl/worksheets/sheet1.xml"
_XXE = '<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
_LAUGHS = (
    '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + "]>"
)


def _label_cell(xml: str, row: int) -> re.Match[str] | None:
    """The `asreview_label` cell of `row` in the worksheet XML."""
    header = re.search(r'<row r="1".*?</row>', xml, re.DOTALL)
    named = header and re.search(r'<c r="([A-Z]+)1"[^>]*><is><t>asreview_label</t>', header[0])
    if not named:
        return None
    return re.search(rf'<c r="{named[1]}{row}"[^>]*?(?:/>|>.*?</c>)', xml, re.DOTALL)


def _cell_as(replacement: str) -> Callable[[str, int], tuple[str, bool] | None]:
    """The label cell of row 3 replaced (`{ref}` is its reference); (xml, keeps the label)."""

    def edit(xml: str, n_records: int) -> tuple[str, bool] | None:
        cell = _label_cell(xml, 3)
        if cell is None:
            return None
        ref = re.match(r'<c r="([A-Z]+3)"', cell[0])
        assert ref is not None
        new = replacement.format(ref=ref[1])
        return xml[: cell.start()] + new + xml[cell.end() :], "<v>1</v>" in new or "<t>1<" in new

    return edit


def _last_row_far(xml: str, n_records: int) -> tuple[str, bool] | None:
    last = n_records + 1
    row = re.search(rf'<row r="{last}".*?</row>', xml, re.DOTALL)
    if row is None:
        return None
    far = re.sub(rf'r="([A-Z]+){last}"', r'r="\g<1>1048576"', row[0]).replace(
        f'<row r="{last}"', '<row r="1048576"', 1
    )
    return xml.replace(row[0], far, 1), True


def _prolog(doctype: str, body: str) -> Callable[[str, int], tuple[str, bool] | None]:
    def edit(xml: str, n_records: int) -> tuple[str, bool] | None:
        cell = _label_cell(xml, 3)
        if cell is None:
            return None
        new = xml[: cell.start()] + body + xml[cell.end() :]
        return doctype + new, False

    return edit


XLSX_CHANGES: tuple[tuple[str, Callable[[str, int], tuple[str, bool] | None]], ...] = (
    ("xlsx: label a formula with its value", _cell_as('<c r="{ref}"><f>0+1</f><v>1</v></c>')),
    ("xlsx: label a formula without value", _cell_as('<c r="{ref}"><f>0+1</f></c>')),
    ("xlsx: label an error (#N/A)", _cell_as('<c r="{ref}" t="e"><v>#N/A</v></c>')),
    ("xlsx: label a boolean", _cell_as('<c r="{ref}" t="b"><v>1</v></c>')),
    ("xlsx: label rich text", _cell_as('<c r="{ref}" t="inlineStr"><is><r><t>1</t></r></is></c>')),
    ("xlsx: label 1e308", _cell_as('<c r="{ref}"><v>1e308</v></c>')),
    ("xlsx: label NaN", _cell_as('<c r="{ref}"><v>NaN</v></c>')),
    ("xlsx: label a shared string not there", _cell_as('<c r="{ref}" t="s"><v>99999</v></c>')),
    ("xlsx: label a date", _cell_as('<c r="{ref}" t="d"><v>2024-01-01T00:00:00</v></c>')),
    (
        "xlsx: label HYPERLINK formula",
        _cell_as('<c r="{ref}" t="str"><f>HYPERLINK("x")</f><v>1</v></c>'),
    ),
    ("xlsx: last row numbered 1,048,576", _last_row_far),
    ("xlsx: XXE entity", _prolog(_XXE, '<c r="J3" t="inlineStr"><is><t>&e;</t></is></c>')),
    ("xlsx: billion laughs", _prolog(_LAUGHS, '<c r="J3" t="inlineStr"><is><t>&i;</t></is></c>')),
)


def _workbook_cases(source: Source) -> Iterator[Case]:
    import io
    import zipfile

    untouched = original(source)
    data = source.path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        members = [(info, book.read(info.filename)) for info in book.infolist()]
    xml = dict((info.filename, content) for info, content in members)[_SHEET_XML].decode()
    for name, edit in XLSX_CHANGES:
        made = edit(xml, untouched.n_records)
        if made is None:
            continue
        changed, keeps = made
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as damaged:
            for info, content in members:
                if info.filename == _SHEET_XML:
                    content = changed.encode("utf-8")
                damaged.writestr(info, content)
        expected = {untouched.n_records} if keeps else set(range(untouched.n_records + 1))
        yield Case(source, name, out.getvalue(), expected)


class _HangError(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _HangError


@dataclass(frozen=True)
class Case:
    source: Source
    change: str
    data: bytes
    expected: set[int]


def cases(sources: tuple[Source, ...], only: str = "") -> Iterator[Case]:
    for source in sources:
        if source.path.suffix == ".xlsx":
            yield from (c for c in _workbook_cases(source) if not only or only in c.change)
            continue
        untouched = original(source)
        for change in TEXT_CHANGES:
            if only and only not in change.name:
                continue
            made = change.make(untouched)
            if made is not None:
                text, expected = made
                yield Case(source, change.name, untouched.encode(text), expected)
        for name, encode in ENCODINGS:
            if only and only not in name:
                continue
            made_bytes = encode(untouched)
            if made_bytes is not None:
                yield Case(source, name, *made_bytes)


def run(case: Case, work: Path) -> Verdict:
    untouched = original(case.source)
    mutated = Mutated(
        case.data,
        case.expected,
        f"{case.source}: {case.change}",
        untouched.outcome.n_warnings,
        untouched.outcome.warning_kinds,
    )
    path = work / f"input{case.source.path.suffix}"
    path.write_bytes(case.data)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT)
    try:
        outcome = read_with(case.source, path, work)
    except _HangError:
        return Verdict("hang", mutated.name, f"more than {TIMEOUT} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return judge(mutated, path, outcome)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reader", default="", help="only the sources whose reader starts so")
    parser.add_argument("--only", default="", help="only the changes whose name contains this")
    args = parser.parse_args(argv)
    sources = tuple(s for s in SOURCES if s.reader.startswith(args.reader))
    tally: Counter[str] = Counter()
    started = time.monotonic()
    n_cases = 0
    with tempfile.TemporaryDirectory() as work:
        for case in cases(sources, args.only):
            n_cases += 1
            verdict = run(case, Path(work))
            tally[verdict.kind] += 1
            if verdict.failed:
                print(f"{verdict.kind}: {verdict.case}: {verdict.detail}", flush=True)
    counts = ", ".join(f"{kind} {n:,}" for kind, n in sorted(tally.items()))
    print(
        f"structural: {n_cases:,} inputs from {len(sources)} real files in "
        f"{time.monotonic() - started:.0f} s: {counts}"
    )
    return 1 if any(kind not in {"ok", "refused"} for kind in tally) else 0


if __name__ == "__main__":
    sys.exit(main())
