"""Web of Science tab-delimited exports → raw records, one row at a time.

The first line names the columns with WOS tags; each later line is one record. Columns are
mapped by their header name, never by position, because the web interface has reordered them
over the years (the 2023 interface also leaves an empty last header cell). Every row ends with
an extra tab, so rows have one more (empty) cell than the header; that is expected. Values are
not quoted. Encodings (UTF-16LE or UTF-8, with BOM) and line ends (CRLF, CR) are handled by
`TextSource`.

Reported, never dropped: rows with more cells than the header (extra values kept under an empty
tag), rows with fewer (a value holding a line break, or a cut file), a repeated header row
(two exports joined). Empty cells are not kept in the fields table (they hold no value).
"""

from __future__ import annotations

from collections.abc import Iterator

from metasynth.ingest.base import FileLog, RawRecord
from metasynth.ingest.detect import TextSource
from metasynth.ingest.tags import WOS_TAGS


def _header(line: str) -> list[str]:
    """Column names of a header line, without the empty cells at its end."""
    names = [cell.strip() for cell in line.lstrip("\ufeff").split("\t")]
    while names and not names[-1]:
        names.pop()
    return names


def _is_header(cells: list[str], names: list[str]) -> bool:
    """True when a row repeats the header (most of its cells are WOS tags)."""
    tags = [cell.strip() for cell in cells if cell.strip()]
    return len(tags) >= 2 and sum(tag in WOS_TAGS for tag in tags) >= 0.8 * len(tags)


def parse_tab(source: TextSource, log: FileLog) -> Iterator[RawRecord]:
    """The records of a WOS tab-delimited export, one per row, in file order."""
    names: list[str] = []
    line_no = 0
    for chunk in source.chunks():
        lines = chunk.split("\n")
        if chunk.endswith("\n"):
            lines.pop()
        for line in lines:
            line_no += 1
            if not names:
                if line.strip():
                    names = _header(line)
                continue
            if not line.strip():
                continue
            if line.startswith("\ufeff"):
                log.warn(line_no, "a byte-order mark inside the file (two exports joined?)")
                line = line.lstrip("\ufeff")
            cells = line.split("\t")
            if cells[0].strip() == names[0] and _is_header(cells, names):
                log.warn(line_no, "the header row is repeated here (two exports joined?)")
                names = _header(line)
                continue
            log.records_found += 1
            width = len(names)
            extra: list[str] = []
            if len(cells) > width:
                extra = [cell for cell in cells[width:] if cell]
                cells = cells[:width]
                if extra:
                    log.warn(
                        line_no,
                        f"{width + len(extra)} values but the header names {width} columns: "
                        "the extra values are kept in the fields table under an empty tag",
                    )
            elif len(cells) < width:
                log.warn(
                    line_no,
                    f"only {len(cells)} of {width} columns (a value with a line break, or a "
                    "file cut short?): the missing columns are left empty",
                )
            fields = [(names[i], cell) for i, cell in enumerate(cells) if cell]
            fields.extend(("", cell) for cell in extra)
            yield RawRecord(line_no, fields)
