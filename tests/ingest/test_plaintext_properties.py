"""Property: any records written in WOS plain-text layout parse back to the same tags and values.

Records are generated with random tags (known or not), multi-line values (continuation lines
indented by three spaces), Unicode text, optional FN/VR header and EF, optional BOM, LF/CRLF/CR
line ends and random read-block sizes, so chunk boundaries fall anywhere.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from metasynth.ingest import read_exports, sniff
from metasynth.ingest.base import FileLog
from metasynth.ingest.detect import TextSource
from metasynth.ingest.plaintext import parse_plaintext
from metasynth.ingest.values import clean

FRAME = {"FN", "VR", "PT", "ER", "EF"}
TAGS = st.from_regex(r"\A[A-Z][A-Z0-9]\Z").filter(lambda tag: tag not in FRAME)
# Printable text: no line breaks, no control or surrogate characters.
LINE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff"
    ),
    max_size=40,
)
FIELD = st.tuples(TAGS, st.lists(LINE, min_size=1, max_size=4))
RECORD = st.tuples(st.sampled_from(["J", "B", "S", "C"]), st.lists(FIELD, max_size=8))


def write_export(
    path: Path,
    records: list[tuple[str, list[tuple[str, list[str]]]]],
    *,
    header: bool,
    footer: bool,
    bom: bool,
    newline: str,
    blank_between: bool,
) -> None:
    lines: list[str] = []
    if header:
        lines += ["FN Clarivate Analytics Web of Science", "VR 1.0"]
    for kind, fields in records:
        lines.append(f"PT {kind}")
        for tag, values in fields:
            lines.append(f"{tag} {values[0]}")
            lines.extend(f"   {value}" for value in values[1:])
        lines.append("ER")
        if blank_between:
            lines.append("")
    if footer:
        lines.append("EF")
    data = newline.join(lines).encode("utf-8") + newline.encode("ascii")
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)


@settings(max_examples=80, deadline=None)
@given(
    records=st.lists(RECORD, min_size=1, max_size=5),
    header=st.booleans(),
    footer=st.booleans(),
    bom=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    blank_between=st.booleans(),
    chunk_bytes=st.integers(min_value=5, max_value=400),
)
def test_written_records_parse_back_to_the_same_fields(
    records: list[tuple[str, list[tuple[str, list[str]]]]],
    header: bool,
    footer: bool,
    bom: bool,
    newline: str,
    blank_between: bool,
    chunk_bytes: int,
) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "savedrecs.txt"
        write_export(
            path,
            records,
            header=header,
            footer=footer,
            bom=bom,
            newline=newline,
            blank_between=blank_between,
        )
        log = FileLog(path.as_posix())
        parsed = list(parse_plaintext(TextSource(sniff(path), chunk_bytes=chunk_bytes), log))
    expected = [
        [("PT", kind)] + [(tag, "\n".join(values)) for tag, values in fields]
        for kind, fields in records
    ]
    assert [raw.fields for raw in parsed] == expected
    assert log.records_found == len(records)
    # warnings only for a header without EF (the export may be cut short)
    assert len(log.notices) == (1 if header and not footer else 0)


@settings(max_examples=30, deadline=None)
@given(
    titles=st.lists(
        st.lists(LINE.filter(str.strip), min_size=1, max_size=3), min_size=1, max_size=4
    ),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_canonical_title_and_record_id_round_trip(titles: list[list[str]], newline: str) -> None:
    records = [
        ("J", [("TI", lines), ("UT", [f"WOS:999{index:012d}"])])
        for index, lines in enumerate(titles)
    ]
    with TemporaryDirectory() as folder:
        path = Path(folder) / "savedrecs.txt"
        write_export(
            path, records, header=True, footer=True, bom=True, newline=newline, blank_between=True
        )
        result = read_exports([path])
    assert result.records is not None
    assert result.records["title"].tolist() == [clean(" ".join(lines)) for lines in titles]
    assert result.records["record_id"].tolist() == [
        f"WOS:999{index:012d}" for index in range(len(titles))
    ]
    assert result.records["source_line"].tolist()[0] == 3


def test_values_holding_the_fold_sentinel_survive(tmp_path: Path) -> None:
    """The parser folds continuation lines with a character absent from the text; a value that
    holds the first candidate (unit separator) makes it pick another."""
    path = tmp_path / "savedrecs.txt"
    write_export(
        path,
        [("J", [("TI", ["a\x1fb", "c\x1ed"]), ("AB", ["one", "two"])])],
        header=False,
        footer=False,
        bom=False,
        newline="\n",
        blank_between=False,
    )
    parsed = list(parse_plaintext(TextSource(sniff(path)), FileLog("x")))
    assert parsed[0].fields == [("PT", "J"), ("TI", "a\x1fb\nc\x1ed"), ("AB", "one\ntwo")]
