"""A tiny, escape-by-default HTML builder for the report.

Every string that reaches the page goes through `escape` unless it is already `Markup` (HTML this
module built). Text from records, coders, reviewers and config is therefore always escaped: a title
`<script>alert(1)</script>` shows as text and never runs, and a right-to-left override (U+202E) or
another invisible control shows as `<U+202E>` instead of reordering the page. Attribute values
are escaped too, and
attribute names are fixed by the code (`class_` → `class`, `data_x` → `data-x`).

- `Markup`: a `str` marking trusted HTML; `escape(value)`: text → Markup;
- `breakable(value)`: text → Markup that may wrap after the `_` and `/` of an identifier or path;
- `element(name, *children, **attributes)`: one element; children may be text, Markup, numbers,
  None (skipped) or lists of them;
- `table(header, rows, ...)`: a table with a header row, numeric columns right-aligned;
- `anchor_id(kind, key)`: a stable, unique, URL-safe id for any key (record_ids contain `:`, `/`);
- `data_uri(data, mime)`: bytes → a `data:` URI for images embedded in the page.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable, Sequence
from typing import Union

from metasynth.errors import visible
from metasynth.text import RIGHT_TO_LEFT_LETTERS

Child = Union[str, int, float, "Markup", None, Sequence["Child"]]


class Markup(str):
    """HTML that this module built (or a constant written in the code): inserted as it is."""

    __slots__ = ()


def escape(value: object) -> Markup:
    """`value` as text safe inside an element or a quoted attribute ("&<>\"'" escaped, and
    invisible or reordering controls such as U+202E shown as `<U+202E>`, `errors.visible`)."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(visible("" if value is None else str(value)), quote=True))


_PART_END = re.compile(r"(?<=[_/])(?=\w)")


def breakable(value: object) -> Markup:
    """`value` as text (`escape`) with a line-break opportunity (`<wbr>`) after each `_` or `/`
    that a letter or digit follows: an identifier or path (`database_specific_results`,
    `wos_primary/savedrecs.txt`) wraps between its parts on a phone instead of widening its
    table or breaking inside a part. The text copied or searched is unchanged."""
    text = "" if value is None else str(value)
    return Markup("<wbr>".join(escape(part) for part in _PART_END.split(text)))


def _render(child: Child) -> str:
    if child is None:
        return ""
    if isinstance(child, Markup):
        return child
    if isinstance(child, str | int | float):
        return escape(child)
    return "".join(_render(c) for c in child)


_ATTRIBUTE = re.compile(r"^[a-z][a-z0-9_]*$")
VOID = frozenset({"br", "hr", "img", "meta", "col", "wbr", "input", "link"})


def element(name: str, /, *children: Child, **attributes: object) -> Markup:
    """`<name attributes>children</name>` (void elements have no closing tag).

    Attributes whose value is None or False are left out; True gives a bare attribute.
    """
    parts = [name]
    for key, value in attributes.items():
        if value is None or value is False:
            continue
        if not _ATTRIBUTE.match(key):
            raise ValueError(f"invalid attribute name {key!r}")
        attribute = key.rstrip("_").replace("_", "-")
        parts.append(attribute if value is True else f'{attribute}="{escape(value)}"')
    opening = "<" + " ".join(parts) + ">"
    if name in VOID:
        return Markup(opening)
    return Markup(f"{opening}{_render(list(children))}</{name}>")


def join(items: Iterable[Child], separator: Child = ", ") -> Markup:
    """Rendered items with a separator between them."""
    rendered = [_render(item) for item in items]
    return Markup(_render(separator).join(rendered))


def link(target_id: str, text: Child, *, title: str | None = None) -> Markup:
    """A link to an element of this page."""
    return element("a", text, href="#" + target_id, title=title)


def anchor_id(kind: str, key: object) -> str:
    """`kind-key` with every character outside [A-Za-z0-9-] written as `_hex_`: stable, unique
    per key (the mapping is injective) and valid in ids and URL fragments."""
    text = str(key)
    safe = re.sub(r"[^A-Za-z0-9-]", lambda m: f"_{ord(m.group(0)):x}_", text)
    return f"{kind}-{safe}"


def data_uri(data: bytes, mime: str) -> str:
    """`data:<mime>;base64,…` for an embedded image."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


STACK_FROM_COLUMNS = 4
"""Tables of this many columns or more are stacked on a phone (report.css, `table.stack`): each
row a block, each cell on its own line after its column's name (`data-label`). Their whole
words need more than a 360-px page; fewer columns fit as a table."""

_TAG = re.compile(r"<[^>]*>")


def _label(cell: Child) -> str:
    """A header cell as plain text, for a `data-label` attribute (tags such as `<wbr>` out)."""
    return html.unescape(_TAG.sub("", _render(cell))).strip()


def table(
    header: Sequence[Child],
    rows: Iterable[Sequence[Child]],
    *,
    numeric: Iterable[int] = (),
    caption: Child = None,
    class_: str = "data",
    row_ids: Sequence[str | None] | None = None,
    empty: str = "none",
    stack: bool | None = None,
) -> Markup:
    """A table: header cells, body rows (each a sequence of cells), numeric columns right-aligned.

    `row_ids` gives each body row an id (a link target); an empty body shows one row saying
    `empty`. `stack` (default: `STACK_FROM_COLUMNS` columns or more) stacks the rows on a phone,
    each cell labelled with its column's name; a narrower table a long identifier widens can ask
    for it too.
    """
    if stack is None:
        stack = len(header) >= STACK_FROM_COLUMNS
    labels = [_label(cell) for cell in header] if stack else []
    right = set(numeric)
    head = element(
        "thead",
        element(
            "tr",
            [
                element("th", cell, class_="num" if i in right else None)
                for i, cell in enumerate(header)
            ],
        ),
    )
    body_rows = []
    for index, row in enumerate(rows):
        cells = [
            element(
                "td",
                cell,
                class_="num" if i in right else None,
                # a Persian or Arabic text reads right to left, its closing punctuation at its end
                dir="auto" if RIGHT_TO_LEFT_LETTERS.search(_render(cell)) else None,
                data_label=labels[i] if i < len(labels) and labels[i] else None,
            )
            for i, cell in enumerate(row)
        ]
        row_id = row_ids[index] if row_ids is not None and index < len(row_ids) else None
        body_rows.append(element("tr", cells, id=row_id))
    if not body_rows:
        body_rows.append(
            element("tr", element("td", empty, colspan=str(len(header)), class_="empty"))
        )
    return element(
        "table",
        element("caption", caption) if caption is not None else None,
        head,
        element("tbody", body_rows),
        class_=f"{class_} stack" if stack else class_,
        # on a phone a table too wide for the page scrolls sideways in its own box
        # (report.css): a keyboard must reach it to scroll it
        tabindex="0",
    )
