"""Reading REFI-QDA XML safely, and finding elements in it whatever their namespace.

Project and codebook files come from other people's machines: `parse_xml` parses with
defusedxml (no DTDs, no entity expansion, no external references) and turns every failure into an
`InputError` naming the file (and zip member). `check_root` refuses a file whose root is not the
expected element and warns about an unexpected namespace; `xsd_notices` validates against the
official XSDs when a folder holds them, and only ever warns. Real files differ from the spec in
namespaces, so elements are found by their local name (`children`, `child_text`).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from metasynth.errors import InputError, Notice

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

UNREAD_PARTS = {
    "Sets": ("Set", "sets (document or code groups)"),
    "Notes": ("Note", "notes (memos, annotations, journal entries)"),
    "Cases": ("Case", "cases"),
    "Links": ("Link", "links"),
    "Graphs": ("Graph", "graphs (networks)"),
}
"""Parts of a project or codebook that metasynth does not read (container → item, what they are):
each present one is reported by `unread_parts`, never dropped silently."""

ID_MARKER = re.compile(r"\n*\[metasynth (category|subcategory|concept|code) id: ([^\]]*)\]\s*$")
"""The last line of a description that keeps a codebook entry's id through a `.qdc` round trip
(`export` writes it, `codebooks` reads it)."""


def local_name(tag: str) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element, name: str) -> list[ET.Element]:
    """The child elements called `name`, in any namespace."""
    return [child for child in element if local_name(child.tag) == name]


def child_text(element: ET.Element, name: str) -> str:
    """The stripped text of the first child called `name`, or ""."""
    found = children(element, name)
    return (found[0].text or "").strip() if found else ""


def describe(element: ET.Element) -> str:
    """How an element is named in messages: its tag and its guid or name."""
    label = element.get("guid") or element.get("name") or ""
    return f"<{local_name(element.tag)} {label}>".replace(" >", ">")


def unread_parts(
    root: ET.Element, *, file: str, known: Collection[ET.Element] = (), shown: int = 5
) -> list[Notice]:
    """A warning for each part of `root` metasynth does not read (`UNREAD_PARTS`), with how many
    items it holds and the names of the first `shown`; `known`: items whose content is read
    otherwise (a set that repeats a branch of the code tree)."""
    notices = []
    for container, (item, what) in UNREAD_PARTS.items():
        members = [
            m
            for parent in children(root, container)
            for m in children(parent, item)
            if not any(m is k for k in known)
        ]
        if not members:
            continue
        names = [m.get("name") or m.get("guid") or "" for m in members]
        listed = ", ".join(repr(n) for n in names[:shown]) + (", …" if len(names) > shown else "")
        notices.append(
            Notice(
                "warning",
                f"{what}: {len(members)} not read ({listed})",
                file,
                None,
                f"<{container}>",
            )
        )
    return notices


XML_DECLARATION = re.compile(
    rb"^(\xef\xbb\xbf)?<\?xml[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']"
)


def utf8_declared(data: bytes, *, file: str | Path) -> tuple[bytes, list[Notice]]:
    """The XML bytes to parse, and a warning when the declaration names another encoding than
    UTF-8, which REFI-QDA requires. Tools and hand edits leave `encoding="iso-8859-1"` over
    UTF-8 bytes; read as declared, every accented code or user name would come out garbled
    (`Ã©` for `é`), so bytes that are valid UTF-8 (with some non-ASCII) are read as UTF-8.
    Bytes that are not UTF-8 are read as declared, and the warning says so."""
    match = XML_DECLARATION.match(data)
    declared = match.group(2).decode("ascii") if match else "utf-8"
    if declared.lower().replace("_", "-") in {"utf-8", "utf8"}:
        return data, []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        message = (
            f"declares encoding {declared!r}, not UTF-8 as REFI-QDA requires: read as declared;"
            " check that accented names read right, or export the file again from the QDA tool"
        )
        return data, [Notice("warning", message, str(file), None, "<?xml?>")]
    if data.isascii():
        return data, []  # the same text in either encoding
    assert match is not None
    start, end = match.span(2)
    message = (
        f"declares encoding {declared!r} but its bytes are UTF-8, as REFI-QDA requires: read as"
        " UTF-8 (as declared, accented names would read garbled)"
    )
    notice = Notice("warning", message, str(file), None, "<?xml?>")
    return data[:start] + b"UTF-8" + data[end:], [notice]


def parse_xml(data: bytes, *, file: str | Path, member: str | None = None) -> ET.Element:
    """Parse untrusted XML bytes without DTDs, entity expansion or external references."""
    where = f"{file}!{member}" if member else str(file)
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise InputError(
            f"refused unsafe XML ({type(exc).__name__})",
            file=where,
            hint="the file declares a DTD or entities; export it again from the QDA tool",
        ) from None
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError(
            f"malformed XML: {exc}", file=where, line=line, hint="export the file again"
        ) from None
    except (LookupError, ValueError) as exc:  # an unknown encoding= in the XML declaration
        raise InputError(
            f"cannot be read as XML ({exc})", file=where, hint="export the file again as UTF-8"
        ) from None
    return root  # type: ignore[no-any-return]


def check_root(root: ET.Element, expected: str, namespace: str, *, file: str) -> list[Notice]:
    """InputError unless the root is `<expected>`; a warning when its namespace is another."""
    local = local_name(root.tag)
    if local != expected:
        raise InputError(
            f"not a REFI-QDA {'project' if expected == 'Project' else 'codebook'}: the root "
            f"element is <{local}>, expected <{expected}>",
            file=file,
            element=f"<{local}>",
            hint="export the file again as REFI-QDA (File > Export > REFI-QDA)",
        )
    actual_ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if actual_ns != namespace:
        return [
            Notice(
                "warning",
                f"namespace {actual_ns or '(none)'!r} is not {namespace!r}; read anyway",
                file,
                None,
                f"<{local}>",
            )
        ]
    return []


@cache
def _schema(path: str) -> Any:
    import xmlschema

    return xmlschema.XMLSchema(path, allow="local")


def xsd_notices(
    root: ET.Element, xsd_dir: str | Path | None, kind: str, *, file: str, max_notices: int = 5
) -> list[Notice]:
    """Warnings for violations of the official REFI-QDA schema (never an error)."""
    if not xsd_dir:
        return []
    schema_path = Path(xsd_dir) / ("Project.xsd" if kind == "project" else "Codebook.xsd")
    if not schema_path.is_file():
        return [Notice("info", f"XSD not found at {schema_path}; schema check skipped", file)]
    try:
        errors = list(_schema(str(schema_path)).iter_errors(root))
    except RecursionError:  # the validator recurses; a code tree thousands deep is still read
        return [Notice("warning", "nested too deeply to check against the XSD; read anyway", file)]
    notices = [
        Notice(
            "warning",
            f"not valid against {schema_path.name}: {error.reason}",
            file,
            None,
            re.sub(r"\{[^}]*\}", "", error.path or "") or None,
        )
        for error in errors[:max_notices]
    ]
    if len(errors) > max_notices:
        notices.append(Notice("warning", f"{len(errors) - max_notices} more XSD violations", file))
    return notices
