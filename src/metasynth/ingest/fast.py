"""Columnar fast path for WOS plain text: a chunk of whole, well-formed records → Arrow batches.

Large exports are mostly well-formed, so the raw UTF-8 bytes of a chunk of whole records (cut
after an `ER` line) are turned into arrays without a Python loop over lines: numpy finds the
line starts, one pass drops the tag/indentation prefixes so that every field's value (lines
joined by "\\n") is a zero-copy Arrow string, and pyarrow compute kernels classify the fields
and take each canonical column. Values that need whitespace clean-up, identifiers,
affiliations and countries go through the same Python functions as `records.RecordBuilder`.

The result is the same as the general path (`plaintext.PlaintextParser` + `RecordBuilder`),
which the tests check record by record; whenever a chunk holds anything unusual (an odd line,
a record without `ER`, a repeated tag, a count that is not a plain number, non-ASCII in a year
or ISSN field), it is handed to the general path instead, which reports it with file and line.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from metasynth import text
from metasynth.ingest.base import FileLog, RawRecord
from metasynth.ingest.detect import TextSource, has_separator_bytes, undecodable
from metasynth.ingest.identity import EntryIds, content_hash, normalise_ut, ut_database
from metasynth.ingest.plaintext import PlaintextParser, parse_plaintext
from metasynth.ingest.tags import INT, ITEMS, LIST, TEXT, WOS_COLUMNS, WOS_FALLBACK_AUTHORS
from metasynth.ingest.values import (
    LONGEST_COUNT,
    clean,
    join_list,
    line_addresses,
    line_items,
    summarise_addresses,
)
from metasynth.ingest.vocabulary import NORMALISED, normalise

FAST_CHUNK_BYTES: Final = 4 << 20  # bigger blocks: fewer, longer kernel calls
MAX_CARRY: Final = 64 << 20  # a chunk without any ER this long goes to the general path
_WS: Final = (
    r"[\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
    r"\x{202f}\x{205f}\x{3000}]"
)  # exactly the characters for which Python's str.isspace() is true
_ODD_WS: Final = _WS.replace(r"\t\n\x0b\x0c\r\x1c-\x1f ", r"\t\x0b\x0c\r\x1c-\x1f")
_NEEDS_CLEAN: Final = _ODD_WS + r"|\n|  |^ | $"  # values that `clean` would change
_NEEDS_CLEAN_ITEMS: Final = _ODD_WS + r"|  |^ | $|^\n|\n$|\n\n| \n|\n "
_YEAR: Final = r"(?:^|[^0-9])(?P<year>1[5-9][0-9]{2}|20[0-9]{2}|2100)(?:[^0-9]|$)"
_ISSN: Final = r"(?P<a>[0-9]{4})-?(?P<b>[0-9]{3}[0-9Xx])"
_FRAME_TAGS: Final = pa.array(["FN", "VR"])
_END_TAGS: Final = pa.array(["ER", "EF"])
_CANONICAL_TAGS: Final = frozenset(
    {tag for _, tag, _ in WOS_COLUMNS}
    | {"BP", "EP", "AR", "PY", "EY", "EA"}
    | set(WOS_FALLBACK_AUTHORS)
)  # the tags the records table reads
_SPACED_TAGS: Final = frozenset(
    {tag for _, tag, kind in WOS_COLUMNS if kind in (TEXT, LIST)} | {"BP", "EP", "AR"}
)  # read as lines joined by a space
_DOI_TRAILING: Final = ".,;:)]}'\""  # as text.normalise_doi strips

Item = RawRecord | tuple[pa.RecordBatch, pa.RecordBatch | None]


class _UnusualChunkError(Exception):
    """This chunk needs the general path."""


def _fix(column: pa.Array, needs: str, fix: Any) -> pa.Array:
    """Apply the Python function `fix` to the values matching the regex `needs` (rare)."""
    mask = pc.match_substring_regex(column, needs)
    if not pc.any(mask).as_py():
        return column
    fixed = [fix(value) for value in column.filter(mask).to_pylist()]
    return pc.replace_with_mask(column, mask, pa.array(fixed, column.type))


def _fix_where(
    column: pa.Array, mask: pa.Array, fix: Any, base: pa.Array | None = None
) -> pa.Array:
    """`base` (default `column`) with `fix(value)` put where `mask` is true."""
    base = column if base is None else base
    if not pc.any(mask).as_py():
        return base
    fixed = [fix(value) for value in column.filter(mask).to_pylist()]
    return pc.replace_with_mask(base, mask, pa.array(fixed, base.type))


def _clean(column: pa.Array) -> pa.Array:
    """`values.clean` column-wise (only values with odd whitespace go through Python)."""
    return _fix(column, _NEEDS_CLEAN, clean)


def _join_list(column: pa.Array) -> pa.Array:
    """`values.join_list` column-wise: values not already `a; b; c` go through Python."""
    return _fix(column, _NEEDS_CLEAN + r"|;(?:[^ ]|$)|; ;| ;|^;", join_list)


def _items(column: pa.Array) -> pa.Array:
    """One item per line, cleaned, joined by `; ` (as `values.line_items`)."""
    fixed = _fix(column, _NEEDS_CLEAN_ITEMS, lambda value: "\n".join(line_items(value)))
    if not pc.any(pc.match_substring(fixed, "\n")).as_py():
        return fixed
    return pc.replace_substring(fixed, "\n", "; ")


def _values(elements: pa.Array, continuations: np.ndarray[Any, Any]) -> tuple[pa.Array, pa.Array]:
    """The values of whole elements (a field: its tag line and continuation lines, each with
    its line end) as the general path reads them: `TAG ` and the three-space indents removed,
    lines joined by "\\n", no final line end; and the same with lines joined by a space (what
    `clean` makes of them).

    `"\\n   "` becomes `"\\n"` (or `" "`) in one bytes.replace over the elements' bytes, so an
    element starts 3 bytes earlier for every continuation line before it."""
    size = len(elements)
    offsets = np.frombuffer(elements.buffers()[1], dtype=np.int32, count=size + 1)
    data = elements.buffers()[2].to_pybytes()[offsets[0] : offsets[-1]]
    before = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(continuations, out=before[1:])
    shifted = pa.py_buffer((offsets - offsets[0] - 3 * before).astype(np.int32))
    by_line = pa.StringArray.from_buffers(
        size, shifted, pa.py_buffer(data.replace(b"\n   ", b"\n"))
    )
    by_space = pa.StringArray.from_buffers(
        size, shifted, pa.py_buffer(data.replace(b"\n   ", b" "))
    )
    return pc.utf8_slice_codeunits(by_line, 3, -1), pc.utf8_slice_codeunits(by_space, 3, -1)


def _normalised(kind: str, column: pa.Array) -> pa.Array:
    """`vocabulary.normalise` column-wise: each distinct value looked up once."""
    distinct = pc.unique(column)
    mapped = pa.array([normalise(kind, value) for value in distinct.to_pylist()], pa.string())
    return mapped.take(pc.index_in(column, value_set=distinct))


def _to_numpy(array: pa.Array) -> np.ndarray[Any, Any]:
    return np.asarray(array.to_numpy(zero_copy_only=False))


class PlainTextColumnar:
    """Reads one WOS plain-text file as Arrow batches (or raw records where it must)."""

    def __init__(
        self,
        source_file: str,
        search_run: str,
        log: FileLog,
        record_schema: pa.Schema,
        field_schema: pa.Schema | None,
        entry_ids: EntryIds | None = None,
    ) -> None:
        self.source_file = source_file
        self.search_run = search_run
        self.log = log
        self.entry_ids = entry_ids if entry_ids is not None else EntryIds()
        self.record_schema = record_schema
        self.field_schema = field_schema
        self.parser = PlaintextParser(log)  # the general path, also the keeper of header/EF state
        self.fast_chunks = 0
        self.general_chunks = 0

    def items(self, source: TextSource) -> Iterator[Item]:
        """Batches for well-formed chunks, raw records for the rest, in file order."""
        if source.sniffed.codec != "utf-8":
            yield from parse_plaintext(source, self.log, self.parser)
            return
        carry = b""
        base_line = 1
        for block in source.byte_pieces():
            buf = carry + block if carry else block
            lf, crlf = buf.rfind(b"\nER\n"), buf.rfind(b"\nER\r\n")
            cut = max(lf + 4 if lf >= 0 else 0, crlf + 5 if crlf >= 0 else 0)
            if cut == 0 and len(buf) <= MAX_CARRY:
                carry = buf
                continue
            if cut == 0:  # no ER for a long stretch: hand it over, cut at a line end
                cut = buf.rfind(b"\n") + 1
            chunk = buf[:cut]
            carry = buf[cut:]
            base_line += yield from self._chunk(chunk, base_line, source)
        if carry:
            yield from self._general(carry, base_line, source)
        yield from self.parser.finish()

    def _general(
        self, chunk: bytes, base_line: int, source: TextSource
    ) -> Generator[Item, None, int]:
        """Read a chunk with the general parser (line ends decided line by line, as
        `TextSource` does); return its number of lines."""
        self.general_chunks += 1
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise undecodable(
                self.source_file, chunk, exc, "utf-8", line_offset=base_line - 1
            ) from None
        if base_line == 1:
            text = text.lstrip("\ufeff")
        lines_before = source.lines
        text, _ = source.normalise(text, final=True)
        yield from self.parser.feed(text, len(text), base_line)
        return source.lines - lines_before

    def _chunk(
        self, chunk: bytes, base_line: int, source: TextSource
    ) -> Generator[Item, None, int]:
        """Read a chunk of whole records; return its number of lines."""
        bare_cr = b"\r" in chunk and chunk.count(b"\r") != chunk.count(b"\r\n")
        if self.parser.fields is None and not bare_cr and not has_separator_bytes(chunk):
            try:
                batches, n_lines = self._columnar(chunk, base_line)
            except _UnusualChunkError:
                pass
            else:
                self.fast_chunks += 1
                source.count_plain(chunk, n_lines)
                yield batches
                return n_lines
        return (yield from self._general(chunk, base_line, source))

    # ----------------------------------------------------------------- the columnar chunk

    def _columnar(
        self, chunk: bytes, base_line: int
    ) -> tuple[tuple[pa.RecordBatch, pa.RecordBatch | None], int]:
        if b"\r" in chunk:
            chunk = chunk.replace(b"\r\n", b"\n")
        if not chunk.endswith(b"\n"):
            raise _UnusualChunkError
        data = np.frombuffer(chunk, dtype=np.uint8)
        newlines = np.flatnonzero(data == 10)
        starts = np.empty(len(newlines), dtype=np.int64)
        starts[0] = 0
        starts[1:] = newlines[:-1] + 1
        lengths = newlines - starts  # without the line end
        last = len(data) - 1
        first_char = data[starts]
        is_cont = (
            (lengths >= 3)
            & (first_char == 32)
            & (data[np.minimum(starts + 1, last)] == 32)
            & (data[np.minimum(starts + 2, last)] == 32)
        )
        if (
            is_cont[0]
            or ((first_char == 32) | (first_char == 9) | (first_char == 0xEF))[~is_cont].any()
        ):
            raise _UnusualChunkError  # odd indentation, or a BOM inside the file
        element_line = np.flatnonzero(~is_cont)  # the line each element (field) starts on
        element_start = starts[element_line]
        n_elements = len(element_line)
        offsets = np.append(element_start, len(data)).astype(np.int32)
        elements = pa.StringArray.from_buffers(
            n_elements, pa.py_buffer(offsets), pa.py_buffer(chunk)
        )
        try:
            elements.validate(full=True)
        except pa.ArrowInvalid:
            raise _UnusualChunkError from None  # not UTF-8: the general path says where
        is_tag_line = _to_numpy(pc.match_substring_regex(elements, "^[A-Z][A-Z0-9] "))
        is_er = _to_numpy(pc.equal(elements, "ER\n"))
        is_ef = _to_numpy(pc.equal(elements, "EF\n"))
        is_blank = _to_numpy(pc.equal(elements, "\n"))
        if not (is_tag_line | is_er | is_ef | is_blank).all():
            raise _UnusualChunkError
        n_lines = np.diff(np.append(element_line, len(newlines)))
        if (n_lines[~is_tag_line] > 1).any():
            raise _UnusualChunkError  # continuation lines after ER, EF or a blank line
        tags = pc.utf8_slice_codeunits(elements, 0, 2)
        is_pt = is_tag_line & _to_numpy(pc.equal(tags, "PT"))
        is_head = is_tag_line & _to_numpy(pc.is_in(tags, value_set=_FRAME_TAGS))
        if (is_tag_line & _to_numpy(pc.is_in(tags, value_set=_END_TAGS))).any():
            raise _UnusualChunkError  # `ER x` or `EF x`: the general parser decides
        open_now = np.cumsum(is_pt, dtype=np.int64) - np.cumsum(is_er, dtype=np.int64)
        if open_now.min(initial=0) < 0 or open_now.max(initial=0) > 1 or open_now[-1] != 0:
            raise _UnusualChunkError
        inside = open_now == 1
        in_field = is_tag_line & ~is_head
        if (in_field & ~inside).any() or ((is_head | is_ef) & inside).any():
            raise _UnusualChunkError
        pt_index = np.flatnonzero(is_pt)
        n_records = len(pt_index)
        if n_records == 0:
            raise _UnusualChunkError

        first_lines = base_line + element_line
        self._frame_lines(tags, is_head, is_ef, first_lines)

        field_index = np.flatnonzero(in_field)
        record_of_element = np.cumsum(is_pt) - 1
        record_of_field = record_of_element[field_index]

        # Only the fields that feed a canonical column (not CR, FX, …) are cut out here.
        encoded = pc.dictionary_encode(tags)
        dictionary = encoded.dictionary.to_pylist()
        wanted = np.array([tag in _CANONICAL_TAGS for tag in dictionary] + [False])
        codes = _to_numpy(encoded.indices)
        used = np.flatnonzero(in_field & wanted[codes])
        values, spaced = _values(elements.take(pa.array(used)), n_lines[used] - 1)
        columns = self._canonical(
            codes[used],
            {tag: code for code, tag in enumerate(dictionary)},
            values,
            spaced,
            record_of_element[used],
            n_records,
        )
        source_lines = first_lines[pt_index]
        record_ids = self._identify(columns, source_lines)
        self.log.records_found += n_records
        self.parser.last_line = base_line + len(newlines) - 1

        batch = self._records_batch(columns, record_ids, source_lines)
        fields = None
        if self.field_schema is not None:
            running = np.cumsum(in_field)
            position = running[field_index] - running[pt_index][record_of_field] + 1
            fields = pa.RecordBatch.from_arrays(
                [
                    pa.array([self.source_file] * len(field_index), pa.large_string()),
                    pa.array(source_lines[record_of_field], pa.int64()),
                    pa.array(record_ids, pa.large_string()).take(pa.array(record_of_field)),
                    pa.array(position, pa.int64()),
                    tags.take(pa.array(field_index)).cast(pa.large_string()),
                    _values(elements.take(pa.array(field_index)), n_lines[field_index] - 1)[0].cast(
                        pa.large_string()
                    ),
                ],
                schema=self.field_schema,
            )
        return (batch, fields), len(newlines)

    def _frame_lines(
        self,
        tags: pa.Array,
        is_head: np.ndarray[Any, Any],
        is_ef: np.ndarray[Any, Any],
        first_lines: np.ndarray[Any, Any],
    ) -> None:
        """Keep the general parser's header/EF state (for the end-of-file checks) up to date."""
        for index in np.flatnonzero(is_head | is_ef):
            tag = "EF" if is_ef[index] else tags[int(index)].as_py()
            if tag == "FN":
                self.parser.header_line = int(first_lines[index])
                self.parser.ef_line = 0
            elif tag == "EF":
                self.parser.ef_line = int(first_lines[index])

    def _canonical(
        self,
        codes: np.ndarray[Any, Any],
        code_of: dict[str, int],
        values: pa.Array,
        spaced: pa.Array,
        record_of_value: np.ndarray[Any, Any],
        n_records: int,
    ) -> dict[str, pa.Array]:
        """The canonical columns read straight from tags, one array per column (`codes`: the
        tag of each value, as its code in `code_of`)."""
        raw: dict[str, pa.Array] = {}
        present: dict[str, np.ndarray[Any, Any]] = {}
        for tag in sorted(_CANONICAL_TAGS):
            selected = np.flatnonzero(codes == code_of.get(tag, -1))
            records = record_of_value[selected]
            if len(records) > 1 and (np.diff(records) == 0).any():
                raise _UnusualChunkError  # a repeated tag: joined by the general path
            index = np.zeros(n_records, dtype=np.int64)
            index[records] = selected
            mask = np.ones(n_records, dtype=bool)
            mask[records] = False
            source = spaced if tag in _SPACED_TAGS else values
            taken = source.take(pa.array(index, mask=mask))
            raw[tag] = pc.fill_null(taken, "") if len(records) < n_records else taken
            present[tag] = ~mask

        columns: dict[str, pa.Array] = {}
        for column, tag, kind in WOS_COLUMNS:
            value = raw[tag]
            if kind == TEXT:
                columns[column] = _clean(value)
            elif kind == LIST:
                columns[column] = _join_list(value)
            elif kind == ITEMS:
                if column != "affiliations":
                    columns[column] = _items(value)
            elif kind == INT:
                trimmed = pc.utf8_trim(value, " ")
                ok = pc.or_(pc.equal(trimmed, ""), pc.match_substring_regex(trimmed, "^[0-9]+$"))
                if not pc.all(ok).as_py():
                    raise _UnusualChunkError  # the general path warns about it
                too_long = pc.match_substring_regex(trimmed, f"^0*[1-9][0-9]{{{LONGEST_COUNT},}}$")
                if pc.any(too_long).as_py():
                    raise _UnusualChunkError  # left empty with a warning by the general path
                nulled = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
                columns[column] = nulled.cast(pa.int64())
        authors = _to_numpy(columns["authors"]).astype(object)
        remaining = authors == ""  # as the general path: the first fallback tag present wins
        for tag in WOS_FALLBACK_AUTHORS:
            use = remaining & present[tag]
            if use.any():
                authors = np.where(use, _to_numpy(_items(raw[tag])).astype(object), authors)
            remaining &= ~use
        columns["authors"] = pa.array(authors, pa.string())
        columns["affiliations_raw"] = raw["C1"]
        columns["affiliations_present"] = pa.array(present["C1"])

        begin, end, number = _clean(raw["BP"]), _clean(raw["EP"]), _clean(raw["AR"])
        has_begin, has_end = pc.not_equal(begin, ""), pc.not_equal(end, "")
        both = pc.and_(pc.and_(has_begin, has_end), pc.not_equal(begin, end))
        single = pc.if_else(has_begin, begin, pc.if_else(has_end, end, number))
        columns["pages"] = pc.if_else(both, pc.binary_join_element_wise(begin, end, "-"), single)

        year = pa.nulls(n_records, pa.int64())
        source = pa.array([""] * n_records, pa.string())
        for tag in ("EA", "EY", "PY"):  # reversed: the first found wins
            value = raw[tag]
            if not pc.all(pc.string_is_ascii(value)).as_py():
                raise _UnusualChunkError
            found = pc.struct_field(pc.extract_regex(value, _YEAR), "year").cast(pa.int64())
            has = pc.is_valid(found)
            year = pc.if_else(has, found, year)
            source = pc.if_else(has, pa.scalar(tag), source)
        columns["year"] = year
        columns["year_source"] = source

        for column in ("issn", "eissn"):
            value = columns[column]
            if not pc.all(pc.string_is_ascii(value)).as_py():
                raise _UnusualChunkError
            parts = pc.extract_regex(value, _ISSN)
            joined = pc.binary_join_element_wise(
                pc.struct_field(parts, "a"), pc.utf8_upper(pc.struct_field(parts, "b")), "-"
            )
            columns[column] = pc.fill_null(joined, "")
        return columns

    def _identify(
        self, columns: dict[str, pa.Array], source_lines: np.ndarray[Any, Any]
    ) -> list[str]:
        """record_id, database, DOI, PMID, affiliations and countries. Plain values are done
        column-wise; anything else goes through the Python functions of `records`."""
        ut = columns["ut"]
        simple_ut = pc.match_substring_regex(ut, r"^WOS:[0-9A-Za-z]+$")
        accession = _fix_where(ut, pc.invert(simple_ut), normalise_ut)
        doi = columns["doi"]
        simple_doi = pc.match_substring_regex(doi, r"^10\.[0-9]{4,9}/[!-%'-~]+$")
        doi = pc.utf8_lower(pc.utf8_rtrim(doi, _DOI_TRAILING))
        doi = _fix_where(columns["doi"], pc.invert(simple_doi), text.normalise_doi, doi)
        pmid = _fix_where(columns["pmid"], pc.not_equal(columns["pmid"], ""), text.normalise_pmid)
        has_accession = pc.not_equal(accession, "")
        database = pc.if_else(pc.starts_with(accession, "WOS:"), "WOS", "")
        database = _fix_where(
            accession, pc.and_(has_accession, pc.equal(database, "")), ut_database, database
        )
        database = pc.if_else(has_accession, database, "WOS")
        # a record without UT is its own record: `identity.EntryIds`, as on the general path
        record_ids: list[str] = accession.to_pylist()
        for index in np.flatnonzero(~_to_numpy(has_accession)).tolist():
            record_ids[index] = self.entry_ids.next_id(
                content_hash(
                    columns["title"][index].as_py(),
                    columns["year"][index].as_py(),
                    columns["authors"][index].as_py(),
                    columns["source_title"][index].as_py(),
                    columns["volume"][index].as_py(),
                    columns["pages"][index].as_py(),
                )
            )
            self.log.warn(
                int(source_lines[index]),
                f"no UT (accession number): record_id {record_ids[index]} made from its title, "
                "year, author and source",
            )
        columns["doi"], columns["pmid"], columns["database"] = doi, pmid, database

        affiliations: list[str] = []
        found_countries: list[str] = []
        present = columns.pop("affiliations_present").to_pylist()
        for value, has in zip(columns.pop("affiliations_raw").to_pylist(), present, strict=True):
            if has:
                joined, where = summarise_addresses(line_addresses(value))
            else:
                joined, where = "", ""
            affiliations.append(joined)
            found_countries.append(where)
        columns["affiliations"] = pa.array(affiliations, pa.string())
        columns["countries"] = pa.array(found_countries, pa.string())
        return record_ids

    def _records_batch(
        self,
        columns: dict[str, pa.Array],
        record_ids: list[str],
        source_lines: np.ndarray[Any, Any],
    ) -> pa.RecordBatch:
        n_records = len(record_ids)
        for kind, column in NORMALISED.items():
            columns[column] = _normalised(kind, columns[kind])
        columns["record_id"] = pa.array(record_ids, pa.string())
        columns["source_file"] = pa.array([self.source_file] * n_records, pa.string())
        columns["source_format"] = pa.array(["wos_plaintext"] * n_records, pa.string())
        columns["source_line"] = pa.array(source_lines, pa.int64())
        columns["search_run"] = pa.array([self.search_run] * n_records, pa.string())
        arrays = [columns[field.name].cast(field.type) for field in self.record_schema]
        return pa.RecordBatch.from_arrays(arrays, schema=self.record_schema)
