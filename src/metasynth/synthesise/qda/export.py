"""Export to QDA tools: a `Codebook` as a REFI-QDA `.qdc`, coded data as a `.qdpx`.

`export_qdc` writes the codebook as nested codes — categories and sub-categories not codable,
concepts and their open codes codable — with each entry's id kept in a last description line, so
that importing the file gives the same codebook back. `export_qdpx` writes a project the tools
open: the codebook, one user per coder, one plain-text source per document made of its quotes, and
a selection with a coding for each coding. Each source is named by its record_id and carries it
as a `record_id` text variable too, which metasynth's import prefers to the name: QualCoder keeps
a source's variables through its import and REFI-QDA export (refi.py `parse_variable_value`,
`source_variables_xml`), so a document renamed in the tool still comes back as its study. GUIDs
are derived from the content (`make_guid`) and the archive has fixed times, so the same input
gives the same bytes.

XML 1.0 cannot carry most control characters (a vertical tab or form feed copied from a PDF, an
escape, U+FFFE): a file holding one is not XML, and every tool — metasynth's own import too —
refuses it. So they are left out of the XML (`_fit_for_xml`, `markup.xml_text`) and each value
changed is listed in the result for the command to report; the codes table, the codebook and the
`.qdpx` source texts keep them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pandas as pd

from metasynth import __version__
from metasynth.errors import visible
from metasynth.markup import NOT_XML, xml_text
from metasynth.synthesise.codebook import Codebook, match_key
from metasynth.synthesise.qda.archive import write_zip
from metasynth.synthesise.qda.elements import CODEBOOK_NS, PROJECT_NS

_GUID_NAMESPACE = uuid.UUID("5b0c6a0e-3d55-4c56-9a57-1d0f4e0b6a11")


@dataclass(frozen=True)
class Exported:
    """An exported file's bytes and the values whose characters XML could not carry, each as
    `element attribute: 'text'` (see the module)."""

    data: bytes
    unfit: tuple[str, ...]


def make_guid(*parts: str) -> str:
    """A deterministic GUID (upper case, no braces) for an exported element."""
    return str(uuid.uuid5(_GUID_NAMESPACE, "\x1f".join(parts))).upper()


def _code_element(
    parent: ET.Element, guid: str, name: str, codable: bool, description: str = ""
) -> ET.Element:
    element = ET.SubElement(
        parent, "Code", {"guid": guid, "name": name, "isCodable": "true" if codable else "false"}
    )
    if description:
        ET.SubElement(element, "Description").text = description
    return element


def _described(description: str, level: str, entry_id: str) -> str:
    # The id line `codebooks.qdc_codebook_document` reads back (elements.ID_MARKER).
    marker = f"[metasynth {level} id: {entry_id}]"
    return f"{description}\n\n{marker}" if description else marker


def _codebook_codes(parent: ET.Element, codebook: Codebook) -> dict[str, str]:
    """Write the codebook's nested Code elements; return match key → guid of the code to use."""
    codes = ET.SubElement(parent, "Codes")
    targets: dict[str, str] = {}
    for category in codebook.categories:
        cat_el = _code_element(
            codes,
            make_guid("category", category.id),
            category.label,
            False,
            _described(category.description, "category", category.id),
        )
        for sub in (s for s in codebook.subcategories if s.category == category.id):
            sub_el = _code_element(
                cat_el,
                make_guid("subcategory", sub.id),
                sub.label,
                False,
                _described(sub.description, "subcategory", sub.id),
            )
            for concept in (c for c in codebook.concepts if c.subcategory == sub.id):
                concept_guid = make_guid("concept", concept.id)
                con_el = _code_element(
                    sub_el,
                    concept_guid,
                    concept.label,
                    True,
                    _described(concept.description, "concept", concept.id),
                )
                targets.setdefault(match_key(concept.label), concept_guid)
                targets.setdefault(match_key(concept.id.replace("_", " ")), concept_guid)
                for code in concept.codes:
                    code_guid = make_guid("code", concept.id, code)
                    _code_element(con_el, code_guid, code, True)
                    targets.setdefault(match_key(code), code_guid)
    return targets


def _fit_for_xml(root: ET.Element) -> tuple[str, ...]:
    """Leave out of every attribute and text the characters XML 1.0 cannot carry; the values
    changed, in document order."""
    unfit: list[str] = []
    for element in root.iter():
        tag = str(element.tag)
        for name, value in element.attrib.items():
            if NOT_XML.search(value):
                unfit.append(f"{tag} {name}: {visible(value)[:60]!r}")
                element.set(name, xml_text(value))
        if element.text and NOT_XML.search(element.text):
            unfit.append(f"{tag} text: {visible(element.text)[:60]!r}")
            element.text = xml_text(element.text)
    return tuple(unfit)


def _serialise(root: ET.Element) -> Exported:
    unfit = _fit_for_xml(root)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    data = ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")
    return Exported(data, unfit)


def export_qdc(codebook: Codebook) -> Exported:
    """The codebook as REFI-QDA `.qdc` XML: categories and sub-categories not codable, concepts
    and their codes codable, ids kept in a last description line so the round trip is lossless
    (characters XML cannot carry aside: `Exported.unfit`)."""
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": f"metasynth {__version__}"})
    _codebook_codes(root, codebook)
    sets = ET.SubElement(root, "Sets")
    # A set per sub-category: tools show these as code groups.
    for sub in codebook.subcategories:
        set_el = ET.SubElement(sets, "Set", {"guid": make_guid("set", sub.id), "name": sub.label})
        for concept in (c for c in codebook.concepts if c.subcategory == sub.id):
            ET.SubElement(set_el, "MemberCode", {"guid": make_guid("concept", concept.id)})
    if not len(sets):
        root.remove(sets)
    return _serialise(root)


# ---------------------------------------------------------------------------- .qdpx


def _users(root: ET.Element, codes: pd.DataFrame) -> None:
    """A user per coder (sorted); the first is the project's creating user."""
    coders = sorted({str(c) for c in codes["coder"]})
    users = ET.SubElement(root, "Users")
    for name in coders:
        ET.SubElement(users, "User", {"guid": make_guid("user", name), "name": name})
    if coders:
        root.set("creatingUserGUID", make_guid("user", coders[0]))


def _project_codebook(root: ET.Element, codebook: Codebook, codes: pd.DataFrame) -> dict[str, str]:
    """The codebook's codes, then the codes it lacks under "Not in codebook"; match key → guid."""
    book = ET.SubElement(root, "CodeBook")
    targets = _codebook_codes(book, codebook)
    codes_el = book.find("Codes")
    assert codes_el is not None
    unmapped_parent: ET.Element | None = None
    for code in sorted({str(c) for c in codes["code"]}):
        key = match_key(code)
        if key in targets:
            continue
        if unmapped_parent is None:
            unmapped_parent = _code_element(
                codes_el, make_guid("unmapped"), "Not in codebook", False
            )
        guid = make_guid("unmapped", key)
        _code_element(unmapped_parent, guid, code, True)
        targets[key] = guid
    return targets


def _quote_text(quotes: pd.Series) -> tuple[str, dict[str, tuple[int, int]]]:
    """A document's source text — its distinct quotes separated by blank lines — and where
    each quote starts and ends in it."""
    distinct: list[str] = []
    for quote in quotes:
        text = str(quote).strip() or "(no quote)"
        if text not in distinct:
            distinct.append(text)
    offsets: dict[str, tuple[int, int]] = {}
    position = 0
    for quote in distinct:
        offsets[quote] = (position, position + len(quote))
        position += len(quote) + 2
    return "\n\n".join(distinct), offsets


_RECORD_ID_VARIABLE = make_guid("variable", "record_id")


def _source(
    sources_el: ET.Element, record_id: str, group: pd.DataFrame, targets: dict[str, str]
) -> tuple[str, bytes]:
    """One document as a text source with a coded selection per coding; its text file."""
    text, offsets = _quote_text(group["quote"])
    source_guid = make_guid("source", record_id)
    text_name = f"{source_guid}.txt"
    source = ET.SubElement(
        sources_el,
        "TextSource",
        {"guid": source_guid, "name": record_id, "plainTextPath": f"internal://{text_name}"},
    )
    for index, row in enumerate(group.itertuples(index=False)):
        quote = str(row.quote).strip() or "(no quote)"
        start, end = offsets[quote]
        guid = make_guid("selection", record_id, str(index), str(row.coder), str(row.code))
        selection = ET.SubElement(
            source,
            "PlainTextSelection",
            {
                "guid": guid,
                "name": quote if len(quote) <= 100 else quote[:99] + "…",
                "startPosition": str(start),
                "endPosition": str(end),
                "creatingUser": make_guid("user", str(row.coder)),
            },
        )
        memo = str(getattr(row, "memo", "") or "")
        if memo:
            ET.SubElement(selection, "Description").text = memo
        coding = ET.SubElement(
            selection,
            "Coding",
            {"guid": make_guid("coding", guid), "creatingUser": make_guid("user", str(row.coder))},
        )
        ET.SubElement(coding, "CodeRef", {"targetGUID": targets[match_key(str(row.code))]})
    value = ET.SubElement(source, "VariableValue")  # after the selections, as the schema orders
    ET.SubElement(value, "VariableRef", {"targetGUID": _RECORD_ID_VARIABLE})
    ET.SubElement(value, "TextValue").text = record_id
    return text_name, text.encode("utf-8")


def export_qdpx(
    codebook: Codebook,
    codes: pd.DataFrame,
    path: str | Path,
    *,
    project_name: str = "metasynth coding",
) -> tuple[str, ...]:
    """Write codings as a `.qdpx` a QDA tool opens: codebook, users, sources, selections; return
    the values whose characters XML could not carry (`Exported.unfit`).

    Each document becomes a plain-text source made of its distinct quotes separated by blank
    lines (the quotes are all the text this project has); each coding becomes a selection on
    its quote with a coding by its coder. Codes that are not in the codebook go under a
    non-codable top-level code "Not in codebook". The archive is byte-reproducible.
    """
    root = ET.Element(
        "Project", {"xmlns": PROJECT_NS, "name": project_name, "origin": f"metasynth {__version__}"}
    )
    _users(root, codes)
    targets = _project_codebook(root, codebook, codes)
    variables = ET.SubElement(root, "Variables")
    ET.SubElement(
        variables,
        "Variable",
        {"guid": _RECORD_ID_VARIABLE, "name": "record_id", "typeOfVariable": "Text"},
    )
    sources_el = ET.SubElement(root, "Sources")
    texts: dict[str, bytes] = {}
    for record_id, group in codes.groupby("record_id", sort=True):
        name, text = _source(sources_el, str(record_id), group, targets)
        texts[name] = text
    project = _serialise(root)
    write_zip(path, {"project.qde": project.data, **{f"sources/{k}": v for k, v in texts.items()}})
    return project.unfit
