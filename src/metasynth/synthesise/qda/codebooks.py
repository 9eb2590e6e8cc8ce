"""Import of REFI-QDA code trees: a `.qdc` codebook, or the codebook inside a project.

`read_qdc` and `read_codes_element` give every code as a `QdaCode` with its place in the
hierarchy. Real files differ from the spec, and reading is lenient about it: the hierarchy comes
from nesting or from names like `Coke::diet Coke`, `A > B` or Taguette's `A\\B` where the
list supports that reading (`read_flat_names`: `Age > 65` alone stays one code), and GUIDs are
compared without case or braces (`normalise_guid`). Two codes with one GUID, or a code without
one, is an `InputError`.

`codebook_document` reads a code tree (a `.qdc` as `export.export_qdc` writes it and QDA tools
keep it, or a project's codebook) as the document `codebook.yaml` holds, each depth read as
`TreeLevels` says: category > sub-category > concept > code unless told otherwise (two-level
trees, flat lists and deeper trees are named with `--levels`, never guessed); the codebook module
checks it and builds the `Codebook`. Parts of a
codebook not read (ATLAS.ti's code groups, `<Sets>`) are reported (`elements.unread_parts`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pandas as pd

from metasynth.errors import InputError, Notice
from metasynth.files import read_input_bytes
from metasynth.synthesise.codes import PATH_SEP
from metasynth.synthesise.qda.elements import (
    CODEBOOK_NS,
    ID_MARKER,
    check_root,
    child_text,
    children,
    local_name,
    parse_xml,
    unread_parts,
    utf8_declared,
    xsd_notices,
)
from metasynth.text import fold

NAME_SEPARATORS = ("::", ">", "\\")
"""Separators a flat list of codes may write its hierarchy with (ATLAS.ti, Taguette, others)."""


def normalise_guid(value: str | None) -> str:
    """A GUID compared the way tools mean it: no braces, no surrounding space, upper case."""
    return (value or "").strip().strip("{}").strip().upper()


def _split_at(name: str, separator: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in name.strip().split(separator) if part.strip())


@dataclass(frozen=True)
class NameReading:
    """How the names of a flat list of codes were read: each name that holds a separator is
    split into a path or kept whole, with the reason (for the terminal)."""

    parts: dict[str, tuple[str, ...]]
    reasons: dict[str, str]  # name → why it was split or kept whole


def read_flat_names(names: Sequence[str]) -> NameReading:
    """Split a name at a hierarchy separator only where the list supports that reading.

    `Age > 65` in a flat list is a code, not a code `65` under `Age`: a separator is read as a
    hierarchy when the parent is a code of its own (`Coke` beside `Coke::diet Coke`) or when the
    list uses it consistently (every name holds it, or is the parent of one that does);
    otherwise the name is kept whole. One name may use one kind of separator only to be split.
    """
    parts: dict[str, tuple[str, ...]] = {}
    reasons: dict[str, str] = {}
    for separator in NAME_SEPARATORS:
        holding = [n for n in names if len(_split_at(n, separator)) > 1 and n not in parts]
        if not holding:
            continue
        paths = {n: _split_at(n, separator) for n in holding}
        prefixes = {path[:cut] for path in paths.values() for cut in range(1, len(path))}
        own = {_split_at(n, separator) for n in names}
        consistent = all(n in paths or _split_at(n, separator) in prefixes for n in names)
        for name, path in paths.items():
            parent = next(
                (path[:cut] for cut in range(len(path) - 1, 0, -1) if path[:cut] in own), None
            )
            if consistent:
                parts[name] = path
                reasons[name] = f"split at {separator!r}: every code of the list is written so"
            elif parent is not None:
                parts[name] = path
                reasons[name] = (
                    f"split at {separator!r}: {separator.join(parent)!r} is a code of its own"
                )
            else:
                reasons[name] = (
                    f"kept whole: {separator!r} is not used across the list and there is no code "
                    f"{path[0]!r}"
                )
    return NameReading(parts, reasons)


def name_reading_notices(codes: Sequence[QdaCode], *, file: str) -> list[Notice]:
    """Which reading `read_codes_element` took for each top-level name holding a separator."""
    reading = read_flat_names(_flat_names(codes))
    return [
        Notice("info", f"code name {name!r}: {reason}", file)
        for name, reason in reading.reasons.items()
    ]


def _flat_names(codes: Sequence[QdaCode]) -> list[str]:
    """The names that may carry a hierarchy: those at the top of the tree, but not the labels
    `metasynth codebook export` wrote (their id line), which are whole by construction."""
    return [c.name for c in codes if c.depth == 0 and not ID_MARKER.search(c.description)]


@dataclass(frozen=True)
class QdaCode:
    """One code of a REFI-QDA codebook, with its place in the hierarchy."""

    guid: str
    name: str
    path: tuple[str, ...]
    description: str
    is_codable: bool
    parent_guid: str
    depth: int  # nesting depth in the XML (0 = top level)

    @property
    def leaf(self) -> str:
        return self.path[-1] if self.path else self.name


def _walk_codes(codes_element: ET.Element) -> Iterator[QdaCode]:
    """Every Code element under `codes_element`, parents before their children, in document
    order; without recursion, so that no nesting depth is too deep."""
    pending: list[tuple[ET.Element, tuple[str, ...], str, int]] = [
        (element, (), "", 0) for element in reversed(children(codes_element, "Code"))
    ]
    while pending:
        element, ancestors, parent_guid, depth = pending.pop()
        name = element.get("name", "").strip()
        guid = normalise_guid(element.get("guid"))
        path = (*ancestors, name)  # a name's hierarchy is read later (`read_flat_names`)
        description = child_text(element, "Description")
        codable = element.get("isCodable", "true").strip().lower() in {"true", "1"}
        yield QdaCode(guid, name, path, description, codable, parent_guid, depth)
        pending += [(child, path, guid, depth + 1) for child in reversed(children(element, "Code"))]


def read_codes_element(root: ET.Element, *, file: str) -> list[QdaCode]:
    """All codes under a CodeBook element (a .qdc root or a project's CodeBook)."""
    codebook = (
        root if local_name(root.tag) == "CodeBook" else next(iter(children(root, "CodeBook")), None)
    )
    if codebook is None:
        return []
    codes_element = next(iter(children(codebook, "Codes")), None)
    if codes_element is None:
        return []
    codes = list(_walk_codes(codes_element))
    reading = read_flat_names(_flat_names(codes))
    codes = [_with_read_path(code, reading.parts) for code in codes]
    seen: dict[str, QdaCode] = {}
    for code in codes:
        if not code.guid:
            raise InputError("code without a guid", file=file, element=f"<Code {code.name}>")
        if code.guid in seen:
            raise InputError(
                f"two codes share the guid {code.guid} ({seen[code.guid].name!r}, {code.name!r})",
                file=file,
                element=f"<Code {code.name}>",
            )
        seen[code.guid] = code
    return codes


def _with_read_path(code: QdaCode, parts: dict[str, tuple[str, ...]]) -> QdaCode:
    """A code whose path follows the reading of the top-level names it is under."""
    top = parts.get(code.path[0]) if code.path else None
    if top is None:
        return code
    return replace(code, path=top + code.path[1:])


def read_qdc(
    path: str | Path, *, xsd_dir: str | Path | None = None
) -> tuple[list[QdaCode], list[Notice]]:
    """The codes of a `.qdc` codebook file, with schema/namespace warnings."""
    path = Path(path)
    data, notices = utf8_declared(read_input_bytes(path), file=path)
    root = parse_xml(data, file=path)
    notices += check_root(root, "CodeBook", CODEBOOK_NS, file=str(path))
    notices += xsd_notices(root, xsd_dir, "codebook", file=str(path))
    codes = read_codes_element(root, file=str(path))
    notices += name_reading_notices(codes, file=str(path))
    # ATLAS.ti's code groups are <Sets>; so are export_qdc's sub-categories, which the tree holds
    notices += unread_parts(root, file=str(path), known=tree_sets(root, codes))
    return codes, notices


def tree_sets(root: ET.Element, codes: Sequence[QdaCode]) -> list[ET.Element]:
    """The code sets that repeat a branch of the code tree: named as a code, their members
    (`MemberCode`, by `targetGUID` or, as ATLAS.ti writes it, `guid`) all its children."""
    children_of: dict[tuple[str, str], set[str]] = {}
    by_guid = {code.guid: code for code in codes}
    for code in codes:
        parent = by_guid.get(code.parent_guid)
        if parent is not None:
            children_of.setdefault((parent.name, parent.guid), set()).add(code.guid)
    found = []
    for code_set in (s for sets in children(root, "Sets") for s in children(sets, "Set")):
        members = {
            normalise_guid(m.get("targetGUID") or m.get("guid"))
            for m in children(code_set, "MemberCode")
        }
        name = code_set.get("name", "").strip()
        if (
            members
            and not children(code_set, "MemberSource")
            and any(key[0] == name and members <= kids for key, kids in children_of.items())
        ):
            found.append(code_set)
    return found


def qda_codes_frame(codes: Sequence[QdaCode]) -> pd.DataFrame:
    """Codes of a .qdc/.qde as a table: guid, name, path, description, is_codable, depth."""
    return pd.DataFrame(
        [
            {
                "guid": c.guid,
                "name": c.name,
                "path": PATH_SEP.join(c.path),
                "description": c.description,
                "is_codable": c.is_codable,
                "depth": c.depth,
            }
            for c in codes
        ],
        columns=["guid", "name", "path", "description", "is_codable", "depth"],
    )


# ---------------------------------------------------------------------------- .qdc → codebook

LEVELS = ("category", "subcategory", "concept", "code")
"""The levels of a synthesis codebook, from the top; open codes may nest below their concept."""


@dataclass(frozen=True)
class TreeLevels:
    """What each depth of a QDA tool's code tree is in a synthesis codebook.

    `by_depth` names the levels from the top of the tree (`category,subcategory,concept,code`
    unless told otherwise): `concept` once, `category` and `subcategory` at most once and in
    that order above it, `code` for each depth of open codes below it. A tree without a
    category depth puts everything under one category labelled `category`; one without a
    sub-category depth gives each category one sub-category labelled `subcategory` — a flat
    tree (`concept` alone) thus gives concepts for the reviewer to place in codebook.yaml.
    """

    by_depth: tuple[str, ...] = LEVELS
    category: str = ""
    subcategory: str = ""

    @classmethod
    def parse(cls, text: str, *, category: str = "", subcategory: str = "") -> TreeLevels:
        """Levels written as on the command line (`subcategory,concept`); InputError if bad."""
        words = tuple(word.strip().lower().replace("-", "") for word in text.split(","))
        bad = [w for w in words if w not in LEVELS]
        ranks = [LEVELS.index(w) for w in words if w in LEVELS]
        order = all(a < b or (a == b == 3) for a, b in pairwise(ranks))
        if bad or words.count("concept") != 1 or not order:
            raise InputError(
                f"--levels {text!r}: name each depth of the code tree from the top with "
                f"{', '.join(LEVELS)} — concept once, category and subcategory at most once "
                "above it, code for each depth below it",
                hint="e.g. --levels subcategory,concept --category 'Findings' for themes > codes",
            )
        levels = cls(words, category.strip(), subcategory.strip())
        for level, label in (("category", levels.category), ("subcategory", levels.subcategory)):
            if level in words and label:
                raise InputError(
                    f"--{level} {label!r} is for a tree without a {level} level, and --levels "
                    f"{text!r} names one",
                    hint=f"leave out --{level}, or {level} from --levels",
                )
            if level not in words and not label:
                raise InputError(
                    f"--levels {text!r} has no {level}: name the "
                    + (
                        "one category everything goes under"
                        if level == "category"
                        else "sub-category each category gets"
                    )
                    + f" with --{level} LABEL",
                    hint=f"e.g. --{level} 'To place' and move the entries in codebook.yaml later",
                )
        return levels

    def describe(self) -> str:
        """The mapping in words, for the terminal (`level 1 → category, …`)."""
        parts = [f"level {d + 1} → {level}" for d, level in enumerate(self.by_depth)]
        if self.category:
            parts.append(f"one category {self.category!r}")
        if self.subcategory:
            parts.append(f"a sub-category {self.subcategory!r} in each category")
        return ", ".join(parts)


def _levels_hint(codes: Sequence[QdaCode]) -> str:
    """How --levels could read a tree of this depth (for the message that it does not fit)."""
    depth = max((code.depth for code in codes), default=-1) + 1
    if depth <= 1:
        return (
            "a flat list of codes: --levels concept --category 'To place' --subcategory "
            "'To place' gives concepts to place in codebook.yaml by hand"
        )
    if depth == 2:
        return (
            "two levels (e.g. themes > codes): --levels subcategory,concept --category LABEL "
            "(themes as sub-categories of one category), or --levels category,concept "
            "--subcategory LABEL"
        )
    below = depth - 3
    if below > 6:  # no one codes that deep: say it rather than spell out the levels
        return (
            f"{depth} levels: --levels category,subcategory,concept and then code {below} "
            "times (codes below a concept become its open codes)"
        )
    return (
        f"{depth} levels: --levels category,subcategory,concept{',code' * below} (codes below "
        "a concept become its open codes)"
    )


def _check_nesting(codes: Sequence[QdaCode], levels: TreeLevels, *, file: Path) -> None:
    by_depth = levels.by_depth
    concept_depth = by_depth.index("concept")
    if not any(code.depth == concept_depth for code in codes):
        deepest = max((code.depth for code in codes), default=-1) + 1
        raise InputError(
            f"no code is at the concept level (level {concept_depth + 1} of "
            f"{','.join(by_depth)}); the tree's deepest is level {deepest} of {len(codes)} "
            "codes: a synthesis codebook nests category > sub-category > concept, with the open "
            "codes of each concept below it",
            file=file,
            hint="say what the tree's levels are: `metasynth codebook import FILE --levels …`; "
            "this tree is " + _levels_hint(codes) + " (docs/interop.md)",
        )
    for code in codes:
        if code.depth >= len(by_depth):
            raise InputError(
                f"code {' > '.join(code.path)!r} is nested {code.depth + 1} levels deep; the "
                f"levels read are {','.join(by_depth)}",
                file=file,
                element=f"<Code {code.name}>",
                hint="name every level: `metasynth codebook import FILE --levels …`; this tree "
                "is " + _levels_hint(codes),
            )
    parents = {code.parent_guid for code in codes}
    stranded = [
        c for c in codes if c.is_codable and c.depth < concept_depth and c.guid not in parents
    ]
    if stranded:
        # QualCoder puts a code at the top of the tree or straight into a category; read by
        # depth it would become an empty category or sub-category.
        where = [
            f"{c.name!r} ("
            + ("top level" if c.depth == 0 else f"under {' > '.join(c.path[:-1])!r}")
            + ")"
            for c in stranded
        ]
        raise InputError(
            f"{len(stranded)} code(s) above the concept level with no codes below: "
            f"{', '.join(where)}; with the levels {','.join(by_depth)} they would be empty "
            f"{' or '.join(dict.fromkeys(by_depth[c.depth] for c in stranded))} entries",
            file=file,
            element=f"<Code {stranded[0].name}>",
            hint="move them under a code of the level above the concepts in the QDA tool and "
            "export again, or leave them out of the codebook",
        )


def path_tree(codes: Sequence[QdaCode]) -> list[QdaCode]:
    """The code tree the codes' nesting and names make, parents before children: a hierarchy
    written in the names of a flat list (ATLAS.ti's `Coke::diet Coke` beside a code `Coke`, or
    with no code `Coke` at all) nests as if the XML nested it. A path no code has becomes a code
    that is not codable; the first code with a path is its node (a later one with the same path
    stays a sibling)."""
    nodes: dict[tuple[str, ...], QdaCode] = {}
    kids: dict[tuple[str, ...], list[tuple[str, ...]]] = {(): []}
    extra: list[QdaCode] = []  # codes whose path an earlier code has
    paths: dict[str, tuple[str, ...]] = {}
    for code in codes:
        # Names carry a hierarchy only in a flat list (ATLAS.ti, Taguette), and only where the
        # list supports it (`read_flat_names`): a nested code's name is a label.
        own: tuple[str, ...] = code.path if code.depth == 0 else (code.name.strip(),)
        above = paths.get(code.parent_guid, ())
        full = paths[code.guid] = above + own
        for cut in range(len(above) + 1, len(full) + 1):  # the parent's path is known
            path = full[:cut]
            if path in kids:
                continue
            kids[path] = []
            kids[path[:-1]].append(path)
            if cut < len(full):  # a parent known only from the name, until a code is it
                nodes[path] = QdaCode(
                    f"PATH:{PATH_SEP.join(path)}", path[-1], path, "", False, "", 0
                )
        placed = QdaCode(code.guid, code.name, full, code.description, code.is_codable, "", 0)
        if full in nodes and not nodes[full].guid.startswith("PATH:"):
            extra.append(placed)
        else:
            nodes[full] = placed
    tree: list[QdaCode] = []
    pending = [(path, "") for path in reversed(kids[()])]
    while pending:
        path, parent_guid = pending.pop()
        node = nodes[path]
        placed = QdaCode(
            node.guid,
            node.name,
            path,
            node.description,
            node.is_codable,
            parent_guid,
            len(path) - 1,
        )
        tree.append(placed)
        pending += [(kid, node.guid) for kid in reversed(kids[path])]
        tree += [
            QdaCode(c.guid, c.name, path, c.description, c.is_codable, parent_guid, len(path) - 1)
            for c in extra
            if c.path == path
        ]
    return tree


def _slug(text: str) -> str:
    """A codebook id (ASCII snake_case, as the schema wants) made from a label.

    A label in another script (Persian, Chinese, …) has few or no ASCII letters, so it gets a
    short hash of its folded text too, which keeps such labels apart.
    """
    folded = fold(text)
    slug = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")
    if not folded.isascii():
        slug = f"{slug or 'c'}_{hashlib.sha256(folded.encode('utf-8')).hexdigest()[:8]}"
    return slug if slug and slug[0].isalpha() else f"c_{slug}"


def _id_and_description(code: QdaCode, level: str) -> tuple[str, str]:
    """An entry's id (from the marker line `export` adds, else from its label) and description."""
    marker = ID_MARKER.search(code.description)
    description = code.description[: marker.start()] if marker else code.description
    entry_id = marker.group(2) if marker and marker.group(1) == level else _slug(code.leaf)
    return entry_id, description.strip()


def codebook_document(
    codes: Sequence[QdaCode], *, file: str | Path, levels: TreeLevels | None = None
) -> dict[str, list[dict[str, Any]]]:
    """A code tree (of a `.qdc`, or of a project's codebook) as a codebook document, each depth
    read as `levels` says (default: category → sub-category → concept → codes).

    Ids come from the `[metasynth … id: …]` line `export_qdc` adds to descriptions, else from
    the label. A tree that does not fit the levels (no code at the concept level, one nested
    deeper than the levels go, a code above the concept level with nothing below it) is an
    InputError naming `file` and the code, with the `--levels` that would read it.
    """
    file = Path(file)
    levels = levels or TreeLevels()
    codes = path_tree(codes)
    _check_nesting(codes, levels, file=file)
    document: dict[str, list[dict[str, Any]]] = {
        "categories": [],
        "subcategories": [],
        "concepts": [],
    }
    ids: dict[str, str] = {}  # guid → the id of the entry it is (a code: its concept's)
    top = ""  # the one category of a tree without a category level
    if levels.category:
        top = _slug(levels.category)
        document["categories"].append({"id": top, "label": levels.category})
        if levels.subcategory:
            document["subcategories"].append(_one_subcategory(top, levels.subcategory))
    for code in codes:
        level = levels.by_depth[code.depth]
        if level == "code":
            ids[code.guid] = ids[code.parent_guid]
            concept = next(c for c in document["concepts"] if c["id"] == ids[code.guid])
            concept["codes"].append(code.leaf)
            continue
        entry_id, description = _id_and_description(code, level)
        ids[code.guid] = entry_id
        entry: dict[str, Any] = {"id": entry_id, "label": code.leaf, "description": description}
        parent = ids.get(code.parent_guid, top)
        if level == "category":
            document["categories"].append(entry)
            if levels.subcategory:
                document["subcategories"].append(_one_subcategory(entry_id, levels.subcategory))
        elif level == "subcategory":
            document["subcategories"].append({**entry, "category": parent})
        else:
            if levels.subcategory:
                parent = _one_subcategory(parent, levels.subcategory)["id"]
            document["concepts"].append({**entry, "subcategory": parent, "codes": []})
    return document


def _one_subcategory(category_id: str, label: str) -> dict[str, str]:
    """The sub-category `--subcategory` gives a category of a tree without that level."""
    return {"id": f"{category_id}_{_slug(label)}", "category": category_id, "label": label}
