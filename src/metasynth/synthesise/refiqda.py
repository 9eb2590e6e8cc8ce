"""REFI-QDA import and export: projects (`.qdpx` zip / `.qde` XML) and codebooks (`.qdc`).

REFI-QDA 1.5 is the interchange format of NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette.
Import turns a project's text codings into rows of the canonical codes table (see `codes`) and a
codebook file into a list of `QdaCode`s (or, when it has the category → sub-category → concept
nesting that `export_qdc` writes, back into a `Codebook`). Export writes a `Codebook` as a `.qdc`
and coded data as a `.qdpx` (codebook, users, one plain-text source per document made of its
quotes, selections with codings), so the synthesis opens in those tools.

Real files differ from the spec, and import is lenient about it: the code hierarchy comes from
nesting or from names like `Coke::diet Coke`, `A > B` or Taguette's `A\\B`; GUIDs are compared
without case or braces; NVivo counts `startPosition`/`endPosition` in UTF-16 code units (BOM
excluded; end exclusive) and those are turned into code points; the XML inside a `.qdpx` need
not be called `project.qde`; sources may be missing from the archive (the selection's name,
which tools fill with the passage, then stands in for the quote, with a warning). Validation
against the official XSDs (when `xsd_dir` holds them) only ever gives warnings.

Project files come from other people's machines: XML is parsed with defusedxml (no DTDs, no
entity expansion, no external references), zip members whose paths leave the archive are
refused, and so are archives whose member count, unpacked size or compression ratio exceeds the
configured limits. Everything that cannot be read is an `InputError` naming the file and element.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as SafeET
import pandas as pd
from defusedxml import DefusedXmlException

from metasynth import __version__
from metasynth.errors import InputError, Notice
from metasynth.synthesise.codebook import Codebook, match_key
from metasynth.synthesise.codes import PATH_SEP, codes_frame

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

DEFAULT_LIMITS = {"max_members": 10_000, "max_unpacked_bytes": 1_000_000_000, "max_ratio": 200}
"""Archive limits used when none are configured (synthesis.archive_limits)."""

_NAME_SPLIT = re.compile(r"\s*(?:::|>|\\)\s*")
_GUID_NAMESPACE = uuid.UUID("5b0c6a0e-3d55-4c56-9a57-1d0f4e0b6a11")
_DEFAULT_RECORD_ID_PATTERN = r"^(?P<record_id>.+?)(?:\.(?:txt|docx?|pdf|rtf|odt|html?))?$"
_ID_MARKER = re.compile(r"\n*\[metasynth (category|subcategory|concept|code) id: ([^\]]*)\]\s*$")


# ---------------------------------------------------------------------------- small helpers


def normalise_guid(value: str | None) -> str:
    """A GUID compared the way tools mean it: no braces, no surrounding space, upper case."""
    return (value or "").strip().strip("{}").strip().upper()


def split_code_name(name: str) -> list[str]:
    """Parts of a code name that carries its hierarchy (`A::B`, `A > B`, `A\\B`)."""
    return [part for part in _NAME_SPLIT.split(name.strip()) if part]


def make_guid(*parts: str) -> str:
    """A deterministic GUID (upper case, no braces) for an exported element."""
    return str(uuid.uuid5(_GUID_NAMESPACE, "\x1f".join(parts))).upper()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _child_text(element: ET.Element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else ""


def _describe(element: ET.Element) -> str:
    """How an element is named in messages: its tag and its guid or name."""
    label = element.get("guid") or element.get("name") or ""
    return f"<{_local(element.tag)} {label}>".replace(" >", ">")


# ---------------------------------------------------------------------------- safe reading


def parse_xml(data: bytes, *, file: str | Path, member: str | None = None) -> ET.Element:
    """Parse untrusted XML bytes without DTDs, entity expansion or external references."""
    where = f"{file}!{member}" if member else str(file)
    try:
        return SafeET.fromstring(data, forbid_dtd=True)  # type: ignore[no-any-return]
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


def _check_member_name(name: str, *, file: Path) -> None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
        raise InputError(
            "archive member's path leaves the archive",
            file=file,
            element=name,
            hint="this is not a project a QDA tool would write; do not unpack it",
        )


@dataclass
class Archive:
    """The members of a checked `.qdpx` archive, read lazily with a size cap."""

    file: Path
    zip: zipfile.ZipFile
    limits: Mapping[str, int]
    by_lower_name: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    def read(self, info: zipfile.ZipInfo) -> bytes:
        cap = min(info.file_size, int(self.limits["max_unpacked_bytes"]))
        with self.zip.open(info) as handle:
            data = handle.read(cap + 1)
        if len(data) > cap:
            raise InputError(
                "archive member unpacks to more than it declares or than the limit allows",
                file=self.file,
                element=info.filename,
                hint="raise synthesis.archive_limits.max_unpacked_bytes if the file is genuine",
            )
        return data

    def find(self, name: str) -> zipfile.ZipInfo | None:
        return self.by_lower_name.get(name.replace("\\", "/").lower())


def open_archive(path: Path, limits: Mapping[str, int]) -> Archive:
    """Open a `.qdpx`, refusing escaping member paths and absurd sizes before reading anything."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError("file not found", file=path) from None
    except zipfile.BadZipFile:
        raise InputError(
            "not a zip archive (a .qdpx is a zip holding a .qde project and its sources)",
            file=path,
            hint="export the project again as REFI-QDA (.qdpx)",
        ) from None
    infos = archive.infolist()
    if len(infos) > int(limits["max_members"]):
        raise InputError(
            f"archive has {len(infos)} members, more than the limit {limits['max_members']}",
            file=path,
            hint="raise synthesis.archive_limits.max_members if the file is genuine",
        )
    total = 0
    for info in infos:
        _check_member_name(info.filename, file=path)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1_000_000 and ratio > float(limits["max_ratio"]):
            raise InputError(
                f"archive member compresses {ratio:.0f}:1, beyond the limit {limits['max_ratio']}",
                file=path,
                element=info.filename,
                hint="this looks like a zip bomb; raise synthesis.archive_limits.max_ratio "
                "if the file is genuine",
            )
    if total > int(limits["max_unpacked_bytes"]):
        raise InputError(
            f"archive unpacks to {total} bytes, more than the limit {limits['max_unpacked_bytes']}",
            file=path,
            hint="raise synthesis.archive_limits.max_unpacked_bytes if the file is genuine",
        )
    result = Archive(path, archive, limits)
    result.by_lower_name = {i.filename.replace("\\", "/").lower(): i for i in infos}
    return result


def _project_member(archive: Archive) -> zipfile.ZipInfo:
    """The project XML: `project.qde` if present (any case), else the only `.qde` in the zip."""
    candidates = [i for i in archive.zip.infolist() if i.filename.lower().endswith(".qde")]
    if not candidates:
        raise InputError(
            "no .qde project file inside the archive",
            file=archive.file,
            hint="a .qdpx must hold the project XML (project.qde); export it again",
        )
    preferred = [i for i in candidates if i.filename.lower() == "project.qde"]
    if preferred:
        return preferred[0]
    top = [i for i in candidates if "/" not in i.filename.strip("/")]
    if len(top) == 1 or len(candidates) == 1:
        return (top or candidates)[0]
    raise InputError(
        "several .qde files inside the archive: " + ", ".join(i.filename for i in candidates),
        file=archive.file,
        hint="keep one project per .qdpx",
    )


# ---------------------------------------------------------------------------- XSD warnings


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
    errors = list(_schema(str(schema_path)).iter_errors(root))
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


# ---------------------------------------------------------------------------- codes


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


def _walk_codes(
    parent: ET.Element, ancestors: tuple[str, ...], parent_guid: str, depth: int
) -> Iterator[QdaCode]:
    for element in _children(parent, "Code"):
        name = element.get("name", "").strip()
        guid = normalise_guid(element.get("guid"))
        parts = tuple(split_code_name(name)) or (name,)
        path = ancestors + parts
        description = _child_text(element, "Description")
        codable = element.get("isCodable", "true").strip().lower() in {"true", "1"}
        yield QdaCode(guid, name, path, description, codable, parent_guid, depth)
        yield from _walk_codes(element, path, guid, depth + 1)


def read_codes_element(root: ET.Element, *, file: str) -> list[QdaCode]:
    """All codes under a CodeBook element (a .qdc root or a project's CodeBook)."""
    codebook = (
        root if _local(root.tag) == "CodeBook" else next(iter(_children(root, "CodeBook")), None)
    )
    if codebook is None:
        return []
    codes_element = next(iter(_children(codebook, "Codes")), None)
    if codes_element is None:
        return []
    codes = list(_walk_codes(codes_element, (), "", 0))
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


def _check_root(root: ET.Element, expected: str, namespace: str, *, file: str) -> list[Notice]:
    local = _local(root.tag)
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


def read_qdc(
    path: str | Path, *, xsd_dir: str | Path | None = None
) -> tuple[list[QdaCode], list[Notice]]:
    """The codes of a `.qdc` codebook file, with schema/namespace warnings."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=path) from None
    root = parse_xml(data, file=path)
    notices = _check_root(root, "CodeBook", CODEBOOK_NS, file=str(path))
    notices += xsd_notices(root, xsd_dir, "codebook", file=str(path))
    return read_codes_element(root, file=str(path)), notices


# ---------------------------------------------------------------------------- projects


@dataclass
class Project:
    """A parsed REFI-QDA project: its root element, where it came from, and its source texts."""

    root: ET.Element
    file: str  # for messages: the .qdpx or .qde path, with !member for a zip
    archive: Archive | None
    notices: list[Notice] = field(default_factory=list)

    def source_text(self, source: ET.Element) -> str | None:
        """The plain text of a text source: inline content, or its file inside the archive."""
        inline = _children(source, "PlainTextContent")
        if inline:
            return _strip_bom(inline[0].text or "")
        text_path = source.get("plainTextPath", "")
        if not text_path:
            return None
        if text_path.startswith("internal://") and self.archive is not None:
            name = text_path.removeprefix("internal://")
            info = self.archive.find(f"Sources/{name}") or self.archive.find(name)
            if info is None:
                return None
            raw = self.archive.read(info)
            try:
                return _strip_bom(raw.decode("utf-8"))
            except UnicodeDecodeError:
                try:
                    return _strip_bom(raw.decode("utf-16"))
                except UnicodeDecodeError:
                    raise InputError(
                        "source text is neither UTF-8 nor UTF-16",
                        file=self.archive.file,
                        element=info.filename,
                    ) from None
        return None


def _strip_bom(text: str) -> str:
    # Offsets exclude the byte order mark (REFI-QDA 1.5; NVivo behaves the same).
    return text.removeprefix("\ufeff")


def load_project(
    path: str | Path,
    *,
    limits: Mapping[str, int] | None = None,
    xsd_dir: str | Path | None = None,
) -> Project:
    """Open a `.qdpx` or `.qde` file safely and check that it is a REFI-QDA project."""
    path = Path(path)
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    archive: Archive | None = None
    if path.suffix.lower() == ".qde" and not zipfile.is_zipfile(path):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError("file not found", file=path) from None
        file = str(path)
    else:
        archive = open_archive(path, limits)
        member = _project_member(archive)
        data = archive.read(member)
        file = f"{path}!{member.filename}"
    root = parse_xml(data, file=file)
    notices = _check_root(root, "Project", PROJECT_NS, file=file)
    if archive is not None:
        others = [
            i.filename
            for i in archive.zip.infolist()
            if i.filename.lower().endswith(".qde") and i.filename != member.filename
        ]
        if others:
            notices.append(
                Notice("warning", f"also holds {', '.join(others)}: not read", file)
            )  # fmt: skip
    notices += xsd_notices(root, xsd_dir, "project", file=file)
    return Project(root, file, archive, notices)


def _utf16_to_code_points(text: str) -> list[int]:
    """Map from a UTF-16 code-unit offset to the code-point offset (index = unit offset)."""
    mapping = []
    for index, char in enumerate(text):
        mapping.append(index)
        if ord(char) > 0xFFFF:
            mapping.append(index)  # a surrogate pair's second unit points inside the character
    mapping.append(len(text))
    return mapping


def _variables(root: ET.Element) -> dict[str, str]:
    variables = next(iter(_children(root, "Variables")), None)
    if variables is None:
        return {}
    return {
        normalise_guid(v.get("guid")): v.get("name", "").strip().lower()
        for v in _children(variables, "Variable")
    }


def _record_id(source: ET.Element, variables: Mapping[str, str], pattern: re.Pattern[str]) -> str:
    """A source's record_id: its `record_id` variable if it has one, else from its name."""
    for value in _children(source, "VariableValue"):
        ref = next(iter(_children(value, "VariableRef")), None)
        if ref is not None and variables.get(normalise_guid(ref.get("targetGUID"))) == "record_id":
            text = _child_text(value, "TextValue")
            if text:
                return text
    name = source.get("name", "").strip()
    match = pattern.match(name)
    return (
        match.group("record_id") if match and "record_id" in pattern.groupindex else name
    ).strip()


def read_project_codes(
    path: str | Path,
    *,
    coder: str | None = None,
    coder_names: Mapping[str, str] | None = None,
    record_id_pattern: str = _DEFAULT_RECORD_ID_PATTERN,
    offset_unit: str = "auto",
    limits: Mapping[str, int] | None = None,
    xsd_dir: str | Path | None = None,
) -> tuple[pd.DataFrame, list[Notice]]:
    """Every coding in a REFI-QDA project as rows of the imported-codes table.

    `coder` attributes all codings to one coder (for tools that do not record users);
    otherwise the coding's (or its selection's) creating user is looked up in the project's
    users and renamed through `coder_names` (user name → coder). `offset_unit` is
    `code_points` (the spec), `utf16` (NVivo) or `auto` (utf16 when the project's origin names
    NVivo). Text selections get `location` "chars START-END" in code points, end exclusive.
    """
    project = load_project(path, limits=limits, xsd_dir=xsd_dir)
    root = project.root
    file = project.file
    display = Path(path).as_posix()
    notices = list(project.notices)
    coder_names = dict(coder_names or {})
    try:
        pattern = re.compile(record_id_pattern)
    except re.error as exc:
        raise InputError(f"record_id_pattern is not a regular expression: {exc}") from None

    if offset_unit == "auto":
        offset_unit = "utf16" if "nvivo" in root.get("origin", "").lower() else "code_points"
    if offset_unit not in {"code_points", "utf16"}:
        raise InputError(
            f"offset_unit {offset_unit!r} is not one of auto, code_points, utf16",
            file=display,
        )

    users = {}
    users_element = next(iter(_children(root, "Users")), None)
    if users_element is not None:
        for user in _children(users_element, "User"):
            users[normalise_guid(user.get("guid"))] = (
                user.get("name") or user.get("id") or ""
            ).strip()
    codes = {c.guid: c for c in read_codes_element(root, file=file)}
    variables = _variables(root)
    project_user = normalise_guid(root.get("creatingUserGUID"))

    def coder_of(coding: ET.Element, selection: ET.Element) -> str:
        if coder:
            return coder
        for guid in (coding.get("creatingUser"), selection.get("creatingUser"), project_user):
            guid = normalise_guid(guid)
            if not guid:
                continue
            if guid not in users:
                raise InputError(
                    f"unknown coder: user {guid} is not among the project's <Users>",
                    file=file,
                    element=_describe(coding),
                    hint="export the project with its users, or set `coder:` for this source",
                )
            name = users[guid]
            return coder_names.get(name, name)
        raise InputError(
            "the coding names no user",
            file=file,
            element=_describe(coding),
            hint="set `coder:` for this source in synthesis.sources",
        )

    rows: list[dict[str, str]] = []

    def add_codings(
        selection: ET.Element, record_id: str, quote: str, location: str, memo: str
    ) -> None:
        for coding in _children(selection, "Coding"):
            ref = next(iter(_children(coding, "CodeRef")), None)
            target = normalise_guid(ref.get("targetGUID")) if ref is not None else ""
            if target not in codes:
                raise InputError(
                    f"coding refers to code {target or '(none)'}, which is not in the codebook",
                    file=file,
                    element=_describe(coding),
                    hint="export the project again; the codebook and codings disagree",
                )
            code = codes[target]
            rows.append(
                {
                    "record_id": record_id,
                    "coder": coder_of(coding, selection),
                    "code": code.leaf,
                    "quote": quote,
                    "location": location,
                    "memo": memo,
                    "code_path": PATH_SEP.join(code.path),
                    "source_file": display,
                    "source_ref": _describe(selection),
                }
            )

    def read_text_source(source: ET.Element, record_id: str, skip: set[str]) -> None:
        text = project.source_text(source)
        mapping = (
            _utf16_to_code_points(text) if text is not None and offset_unit == "utf16" else None
        )
        pending = [
            s
            for s in _children(source, "PlainTextSelection")
            if normalise_guid(s.get("guid")) not in skip
        ]
        if text is None and pending:
            notices.append(
                Notice(
                    "warning",
                    "source text is missing from the project; quotes are taken from the "
                    "selections' names (tools store the start of the passage there)",
                    file,
                    None,
                    _describe(source),
                )
            )
        for selection in pending:
            try:
                start = int(selection.get("startPosition", ""))
                end = int(selection.get("endPosition", ""))
            except ValueError:
                raise InputError(
                    "startPosition/endPosition are not whole numbers",
                    file=file,
                    element=_describe(selection),
                ) from None
            memo = _child_text(selection, "Description")
            if text is None:
                quote = selection.get("name", "").strip()
            else:
                limit = len(mapping) - 1 if mapping is not None else len(text)
                if not 0 <= start <= end <= limit:
                    unit = "UTF-16 code units" if mapping is not None else "characters"
                    raise InputError(
                        f"selection {start}-{end} falls outside its source text ({limit} {unit})",
                        file=file,
                        element=_describe(selection),
                        hint="the source text and the project do not match; export both again",
                    )
                if mapping is not None:
                    start, end = mapping[start], mapping[end]
                quote = text[start:end]
            add_codings(selection, record_id, quote.strip(), f"chars {start}-{end}", memo)
        for coding_holder in [source] if _children(source, "Coding") else []:
            add_codings(coding_holder, record_id, "", "whole document", "")

    sources = next(iter(_children(root, "Sources")), None)
    for source in [] if sources is None else list(sources):
        kind = _local(source.tag)
        record_id = _record_id(source, variables, pattern)
        if kind == "TextSource":
            read_text_source(source, record_id, set())
            continue
        # Media and PDF sources: geometric/time selections; the text, if any, is the quote.
        geometric = {
            normalise_guid(s.get("guid")) for s in source if _local(s.tag).endswith("Selection")
        }
        for selection in source:
            local = _local(selection.tag)
            if not local.endswith("Selection"):
                continue
            representation = next(iter(_children(selection, "Representation")), None)
            quote = (
                _child_text(representation, "PlainTextContent")
                if representation is not None
                else ""
            )
            if local == "PDFSelection":
                location = (
                    f"pdf page {selection.get('page', '')} "
                    f"x {selection.get('firstX', '')}-{selection.get('secondX', '')} "
                    f"y {selection.get('firstY', '')}-{selection.get('secondY', '')}"
                )
            elif local == "PictureSelection":
                location = (
                    f"picture x {selection.get('firstX', '')}-{selection.get('secondX', '')} "
                    f"y {selection.get('firstY', '')}-{selection.get('secondY', '')}"
                )
            else:
                kind = local.removesuffix("Selection").lower()
                location = f"{kind} {selection.get('begin', '')}-{selection.get('end', '')} ms"
            add_codings(
                selection, record_id, quote.strip(), location, _child_text(selection, "Description")
            )
        for representation in _children(source, "Representation"):
            # ATLAS.ti repeats each PDF selection in the text representation (same guid):
            # read those once, from the PDF selection.
            read_text_source(representation, record_id, geometric)
        if _children(source, "Coding"):
            add_codings(source, record_id, "", "whole document", "")

    if not rows:
        notices.append(
            Notice(
                "warning",
                "the project holds no codings (no coded selections or documents): nothing is "
                "imported from it",
                file,
            )
        )
    return codes_frame(rows), notices


# ---------------------------------------------------------------------------- codebook ↔ .qdc


def codebook_from_qdc(path: str | Path, *, xsd_dir: str | Path | None = None) -> Codebook:
    """A `Codebook` from a `.qdc` nested category → sub-category → concept → codes.

    Ids come from the `[metasynth … id: …]` line `export_qdc` adds to descriptions, else from
    the label. A code nested deeper than four levels is an InputError: the file is then not a
    synthesis codebook.
    """
    from metasynth.synthesise.codebook import codebook_from_document

    path = Path(path)
    codes, _ = read_qdc(path, xsd_dir=xsd_dir)
    if not any(code.depth == 2 for code in codes):
        deepest = max((code.depth for code in codes), default=-1) + 1
        raise InputError(
            f"no code is nested three levels deep (the deepest is at level {deepest} of "
            f"{len(codes)} codes): a synthesis codebook nests category > sub-category > concept, "
            "with the open codes of each concept below it",
            file=path,
            hint="arrange the codes that way in the QDA tool and export again, or write "
            "data/coded/codebook.yaml by hand (README, Synthesis)",
        )
    document: dict[str, list[dict[str, Any]]] = {
        "categories": [],
        "subcategories": [],
        "concepts": [],
    }
    ids: dict[str, str] = {}

    def split(code: QdaCode, level: str) -> tuple[str, str]:
        marker = _ID_MARKER.search(code.description)
        description = code.description[: marker.start()] if marker else code.description
        entry_id = marker.group(2) if marker and marker.group(1) == level else _slug(code.name)
        return entry_id, description.strip()

    for code in codes:
        level_name = {0: "category", 1: "subcategory", 2: "concept", 3: "code"}.get(code.depth)
        if level_name is None:
            raise InputError(
                f"code nested {code.depth + 1} levels deep; a synthesis codebook has category > "
                "sub-category > concept > code",
                file=path,
                element=f"<Code {code.name}>",
            )
        if level_name == "code":
            parent_id = ids[code.parent_guid]
            concept = next(c for c in document["concepts"] if c["id"] == parent_id)
            concept["codes"].append(code.name)
            continue
        entry_id, description = split(code, level_name)
        ids[code.guid] = entry_id
        entry: dict[str, Any] = {"id": entry_id, "label": code.name, "description": description}
        if level_name == "category":
            document["categories"].append(entry)
        elif level_name == "subcategory":
            entry["category"] = ids[code.parent_guid]
            document["subcategories"].append(entry)
        else:
            entry["subcategory"] = ids[code.parent_guid]
            entry["codes"] = []
            document["concepts"].append(entry)
    return codebook_from_document(document, file=path)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", match_key(text)).strip("_")
    return slug if slug and slug[0].isalpha() else f"c_{slug}"


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


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def export_qdc(codebook: Codebook) -> bytes:
    """The codebook as REFI-QDA `.qdc` XML: categories and sub-categories not codable, concepts
    and their codes codable, ids kept in a last description line so the round trip is lossless."""
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


def export_qdpx(
    codebook: Codebook,
    codes: pd.DataFrame,
    path: str | Path,
    *,
    project_name: str = "metasynth coding",
) -> None:
    """Write codings as a `.qdpx` a QDA tool opens: codebook, users, sources, selections.

    Each document becomes a plain-text source made of its distinct quotes separated by blank
    lines (the quotes are all the text this project has); each coding becomes a selection on
    its quote with a coding by its coder. Codes that are not in the codebook go under a
    non-codable top-level code "Not in codebook". The archive is byte-reproducible.
    """
    root = ET.Element(
        "Project", {"xmlns": PROJECT_NS, "name": project_name, "origin": f"metasynth {__version__}"}
    )
    coders = sorted({str(c) for c in codes["coder"]})
    users = ET.SubElement(root, "Users")
    for name in coders:
        ET.SubElement(users, "User", {"guid": make_guid("user", name), "name": name})
    if coders:
        root.set("creatingUserGUID", make_guid("user", coders[0]))
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

    sources_el = ET.SubElement(root, "Sources")
    texts: dict[str, bytes] = {}
    for record_id, group in codes.groupby("record_id", sort=True):
        quotes: list[str] = []
        for quote in group["quote"]:
            text = str(quote).strip() or "(no quote)"
            if text not in quotes:
                quotes.append(text)
        offsets: dict[str, tuple[int, int]] = {}
        position = 0
        for quote in quotes:
            offsets[quote] = (position, position + len(quote))
            position += len(quote) + 2
        source_guid = make_guid("source", str(record_id))
        text_name = f"{source_guid}.txt"
        texts[text_name] = "\n\n".join(quotes).encode("utf-8")
        source = ET.SubElement(
            sources_el,
            "TextSource",
            {
                "guid": source_guid,
                "name": str(record_id),
                "plainTextPath": f"internal://{text_name}",
            },
        )
        for index, row in enumerate(group.itertuples(index=False)):
            quote = str(row.quote).strip() or "(no quote)"
            start, end = offsets[quote]
            guid = make_guid("selection", str(record_id), str(index), str(row.coder), str(row.code))
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
                {
                    "guid": make_guid("coding", guid),
                    "creatingUser": make_guid("user", str(row.coder)),
                },
            )
            ET.SubElement(coding, "CodeRef", {"targetGUID": targets[match_key(str(row.code))]})

    write_zip(
        path, {"project.qde": _serialise(root), **{f"Sources/{k}": v for k, v in texts.items()}}
    )


def write_zip(path: str | Path, members: Mapping[str, bytes]) -> None:
    """A zip with fixed timestamps and permissions, members in the given order: byte-stable."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=9)
    path.write_bytes(buffer.getvalue())


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
