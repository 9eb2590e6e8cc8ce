"""A minimal reader of the exports the generator writes, for checking their content in tests.

It is deliberately simple (it trusts the generator's own layout) and exists so that these tests
do not depend on the ingestion package; the round-trip through `metasynth.ingest` is tested
separately.
"""

from __future__ import annotations

from pathlib import Path

from synthetic.wos_writer import LINE_TAGS


def read_plaintext(path: Path) -> list[dict[str, list[str]]]:
    """Records of a plain-text export: tag -> lines (continuation lines as separate items)."""
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    tag = ""
    for line in path.read_text(encoding="utf-8-sig").split("\n"):
        if line.startswith("PT "):
            current = {}
            records.append(current)
        if current is None:
            continue
        if line == "ER":
            current = None
        elif line.startswith("   "):
            current[tag].append(line[3:])
        elif line:
            tag = line[:2]
            current[tag] = [line[3:]]
    return records


def value(record: dict[str, list[str]], tag: str) -> str:
    """A field's value as the export means it (wrapped lines joined with spaces)."""
    lines = record.get(tag, [])
    return "; ".join(lines) if tag in LINE_TAGS else " ".join(lines)


def read_tab(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-delimited UTF-16 export, by header name (the trailing field dropped)."""
    text = path.read_bytes().decode("utf-16")
    lines = text.split("\r\n")
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        if not line:
            continue
        cells = line.split("\t")
        assert cells[-1] == "", "every row ends with a trailing tab"
        rows.append(dict(zip(header, cells[:-1], strict=True)))
    return rows
