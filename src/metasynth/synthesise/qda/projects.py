"""Import of a REFI-QDA project's codings (`.qdpx` zip or bare `.qde` XML) as imported-codes rows.

`load_project` opens the file safely (`archive`, `elements`) and checks it is a project;
`read_project_codes` turns every coding into a row of the imported-codes table (`codes`): the
document's record_id, the coder, the code (the leaf of its path in the code tree), the quote, its
location, the memo, and where the row came from.

Real files differ from the spec, and reading is lenient about it: NVivo counts
`startPosition`/`endPosition` in UTF-16 code units (BOM excluded; end exclusive) and those are
turned into code points; ATLAS.ti, QualCoder and qc count a CRLF line end once, others as the
text holds it (twice), and a selection named after the passage another count gives is read in
that one (quotes get LF line ends); a text named by a bare file name (qc 1.3.2) is looked for in
the archive; the XML inside a `.qdpx` need not be called `project.qde`; a bare `.qde`
finds its texts in the `sources/` folder beside it (a `.qdpx` unpacked); sources may be
missing from the archive (the selection's name, which tools fill with the passage, then stands in
for the quote, with a warning); PDF, picture, audio and video selections keep their geometry or
time span as the location. A coding whose code, coder or position cannot be resolved is an
`InputError` naming the file and element.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree as ET

import pandas as pd

from metasynth.config import schema_default
from metasynth.errors import InputError, Notice
from metasynth.files import check_input_file, read_input_bytes
from metasynth.synthesise.codes import PATH_SEP, codes_frame
from metasynth.synthesise.documents import DocumentMatcher
from metasynth.synthesise.qda.archive import DEFAULT_LIMITS, Archive, open_archive, project_member
from metasynth.synthesise.qda.codebooks import (
    QdaCode,
    name_reading_notices,
    normalise_guid,
    read_codes_element,
    read_qdc,
)
from metasynth.synthesise.qda.elements import (
    PROJECT_NS,
    check_root,
    child_text,
    children,
    describe,
    local_name,
    parse_xml,
    unread_parts,
    utf8_declared,
    xsd_notices,
)

DEFAULT_RECORD_ID_PATTERN: str = schema_default("synthesis", "record_id_pattern")
"""A source's record_id when it has no `record_id` variable: its name without the extension
(`synthesis.record_id_pattern` when no config says)."""


@dataclass
class Project:
    """A parsed REFI-QDA project: its root element, where it came from, and its source texts."""

    root: ET.Element
    file: str  # for messages: the .qdpx or .qde path, with !member for a zip
    archive: Archive | None
    notices: list[Notice] = field(default_factory=list)
    folder: Path | None = None  # a bare .qde's folder, where its sources/ may be

    def source_text(self, source: ET.Element) -> str | None:
        """The plain text of a text source: inline content, or its file inside the archive (or,
        for a bare `.qde`, in the `sources/` folder beside it: a `.qdpx` unpacked)."""
        inline = children(source, "PlainTextContent")
        if inline:
            return _strip_bom(inline[0].text or "")
        name = _internal_name(source)
        if name is None:
            return None
        if self.archive is not None:
            info = self.archive.find(f"Sources/{name}") or self.archive.find(name)
            if info is None:
                return None
            return _decode_text(
                self.archive.read(info), file=self.archive.file, member=info.filename
            )
        if self.folder is None:
            return None
        for folder in ("sources", "Sources", ""):
            candidate = self.folder / folder / name
            if candidate.is_file():
                return _decode_text(read_input_bytes(candidate), file=candidate, member=None)
        return None


def _internal_name(source: ET.Element) -> str | None:
    """The file name of a source's plain text inside the project: `internal://NAME` (REFI-QDA
    1.5 §8.3), or a bare file name, as qc 1.3.2 writes it for a text in the archive's
    `sources/`; None for a text outside the project (`relative://`, `file://`, a folder)."""
    text_path = source.get("plainTextPath", "").strip()
    if text_path.startswith("internal://"):
        return text_path.removeprefix("internal://")
    bare = "://" not in text_path and "/" not in text_path and "\\" not in text_path
    return text_path if bare and text_path not in {"", ".", ".."} else None


def _decode_text(raw: bytes, *, file: Path, member: str | None) -> str:
    """A source text's characters: UTF-8, else UTF-16 (with a BOM), the BOM removed."""
    try:
        return _strip_bom(raw.decode("utf-8"))
    except UnicodeDecodeError:
        try:
            return _strip_bom(raw.decode("utf-16"))
        except UnicodeDecodeError:
            raise InputError(
                "source text is neither UTF-8 nor UTF-16", file=file, element=member
            ) from None


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
    check_input_file(path)  # before is_zipfile opens it: a named pipe would wait forever
    if path.suffix.lower() == ".qde" and not zipfile.is_zipfile(path):
        data = read_input_bytes(path)
        file = str(path)
    else:
        archive = open_archive(path, limits)
        member = project_member(archive)
        data = archive.read(member)
        file = f"{path}!{member.filename}"
    data, notices = utf8_declared(data, file=file)
    root = parse_xml(data, file=file)
    notices += check_root(root, "Project", PROJECT_NS, file=file)
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
    notices += unread_parts(root, file=file) + _unread_variables(root, file=file)
    return Project(root, file, archive, notices, None if archive else path.parent)


def read_code_tree(
    path: str | Path, *, xsd_dir: str | Path | None = None
) -> tuple[list[QdaCode], list[Notice]]:
    """The codes of a `.qdc` codebook, or of the codebook inside a `.qdpx`/`.qde` project, with
    the file's warnings (schema, namespace, parts not read)."""
    if Path(path).suffix.lower() == ".qdc":
        return read_qdc(path, xsd_dir=xsd_dir)
    project = load_project(path, xsd_dir=xsd_dir)
    codes = read_codes_element(project.root, file=project.file)
    return codes, [*project.notices, *name_reading_notices(codes, file=project.file)]


# ---------------------------------------------------------------------------- what a coding is


@dataclass(frozen=True)
class _Unit:
    """What a tool counts in startPosition/endPosition: code points or UTF-16 code units, and
    a CRLF line end as two characters (as the text holds it) or as one."""

    utf16: bool = False
    crlf_as_one: bool = False

    def describe(self, text: str) -> str:
        unit = "UTF-16 code units" if self.utf16 else "characters"
        crlf = _unit_traits(text)[1]
        return unit + (
            f", a CRLF line end counted {'once' if self.crlf_as_one else 'twice'}" if crlf else ""
        )

    def mapping(self, text: str) -> list[int] | None:
        """From an offset in this unit to the code point of `text` it falls on (index = offset,
        the last entry the text's end); None when offsets are code points already."""
        if not self.utf16 and not self.crlf_as_one:
            return None
        return _offset_mapping(text, self.utf16, self.crlf_as_one)


@lru_cache(maxsize=8)  # one source's selections are read one after another
def _offset_mapping(text: str, utf16: bool, crlf_as_one: bool) -> list[int]:
    mapping = []
    index = 0
    while index < len(text):
        mapping.append(index)
        if utf16 and ord(text[index]) > 0xFFFF:
            mapping.append(index)  # a surrogate pair's second unit points inside the character
        index += 2 if crlf_as_one and text.startswith("\r\n", index) else 1
    mapping.append(len(text))
    return mapping


@lru_cache(maxsize=8)
def _unit_traits(text: str) -> tuple[bool, bool]:
    """Whether units can disagree on `text`: it has a character beyond U+FFFF; a CRLF."""
    return any(ord(char) > 0xFFFF for char in text), "\r\n" in text


def _variables(root: ET.Element) -> dict[str, str]:
    variables = next(iter(children(root, "Variables")), None)
    if variables is None:
        return {}
    return {
        normalise_guid(v.get("guid")): v.get("name", "").strip().lower()
        for v in children(variables, "Variable")
    }


def _unread_variables(root: ET.Element, *, file: str) -> list[Notice]:
    """A warning for the documents' variable values other than `record_id` (not read)."""
    variables = _variables(root)
    sources = next(iter(children(root, "Sources")), None)
    values: Counter[str] = Counter()
    for source in [] if sources is None else list(sources):
        for value in children(source, "VariableValue"):
            ref = next(iter(children(value, "VariableRef")), None)
            name = variables.get(normalise_guid(ref.get("targetGUID")) if ref is not None else "")
            if name != "record_id":
                values[name or "(unknown variable)"] += 1
    if not values:
        return []
    listed = ", ".join(f"{name!r} ({count})" for name, count in sorted(values.items()))
    return [
        Notice(
            "warning",
            f"{sum(values.values())} document variable value(s) not read: {listed}",
            file,
            None,
            "<Variables>",
        )
    ]


def _record_id(
    source: ET.Element, variables: Mapping[str, str], pattern: re.Pattern[str], *, file: str
) -> str:
    """A source's record_id: its `record_id` variable if it has one, else from its name (or,
    without one, its text's file name)."""
    for value in children(source, "VariableValue"):
        ref = next(iter(children(value, "VariableRef")), None)
        if ref is not None and variables.get(normalise_guid(ref.get("targetGUID"))) == "record_id":
            text = child_text(value, "TextValue")
            if text:
                return text
    # qc 1.3.2 names a source only by its text's file name (`plainTextPath="board_2017.txt"`)
    name = source.get("name", "").strip() or (_internal_name(source) or "").strip()
    if not name:
        raise InputError(
            "the document has no name, no record_id variable and no text file to name it by",
            file=file,
            element=describe(source),
            hint="name the document in the QDA tool (its record_id, DOI or title) and export again",
        )
    match = pattern.match(name)
    return (
        match.group("record_id") if match and "record_id" in pattern.groupindex else name
    ).strip()


def _users(root: ET.Element) -> dict[str, str]:
    """The project's users: GUID → name (or id)."""
    users = {}
    users_element = next(iter(children(root, "Users")), None)
    if users_element is not None:
        for user in children(users_element, "User"):
            users[normalise_guid(user.get("guid"))] = (
                user.get("name") or user.get("id") or ""
            ).strip()
    return users


# Tools whose offsets count a CRLF line end once: ATLAS.ti (QualCoder 3.8.2's REFI-QDA import
# says so and reads it that way), QualCoder itself (its texts are held with LF line ends; its
# "MAXQDA" line-endings export writes CRLF texts with those offsets) and qc (Python text mode).
_CRLF_ONCE_ORIGIN = re.compile(r"atlas\.ti|qualcoder|^qc\b", re.IGNORECASE)


def _offset_unit(root: ET.Element, offset_unit: str, *, display: str) -> tuple[_Unit, bool]:
    """The unit offsets are read in and whether a selection whose name says otherwise may be
    read in another (`auto`: UTF-16 units when the project's origin names NVivo, code points
    otherwise; a CRLF counted once when it names ATLAS.ti, QualCoder or qc; and each selection
    checked against its name)."""
    if offset_unit not in {"auto", "code_points", "utf16"}:
        raise InputError(
            f"offset_unit {offset_unit!r} is not one of auto, code_points, utf16",
            file=display,
        )
    if offset_unit != "auto":
        return _Unit(utf16=offset_unit == "utf16"), False
    origin = root.get("origin", "")
    nvivo = "nvivo" in origin.lower()
    return _Unit(utf16=nvivo, crlf_as_one=bool(_CRLF_ONCE_ORIGIN.search(origin.strip()))), True


def _names_passage(name: str, passage: str) -> bool:
    """Whether a selection's name is the passage (QualCoder), or its start cut with "…"
    (ATLAS.ti)."""
    passage = passage.replace("\r\n", "\n").strip()
    if name.endswith("…") and len(name) > 4:
        return passage.startswith(name.removesuffix("…").rstrip())
    return passage == name


def _selection_name(selection: ET.Element) -> str:
    # QualCoder writes the whole passage as the name, as Qt's selectedText() gives it: a
    # paragraph separator (U+2029) for each line end.
    return selection.get("name", "").replace("\u2029", "\n").strip()


def _media_location(selection: ET.Element, local: str) -> str:
    """Where a PDF, picture, audio or video selection is: page and box, or time span."""
    if local == "PDFSelection":
        return (
            f"pdf page {selection.get('page', '')} "
            f"x {selection.get('firstX', '')}-{selection.get('secondX', '')} "
            f"y {selection.get('firstY', '')}-{selection.get('secondY', '')}"
        )
    if local == "PictureSelection":
        return (
            f"picture x {selection.get('firstX', '')}-{selection.get('secondX', '')} "
            f"y {selection.get('firstY', '')}-{selection.get('secondY', '')}"
        )
    kind = local.removesuffix("Selection").lower()
    return f"{kind} {selection.get('begin', '')}-{selection.get('end', '')} ms"


# ---------------------------------------------------------------------------- reading codings


@dataclass
class _CodingReader:
    """Collects the rows of one project's codings, source by source (see `read_project_codes`)."""

    project: Project
    display: str  # the project's path as the `source_file` column shows it
    codes: dict[str, QdaCode]
    users: dict[str, str]
    coder: str | None
    coder_names: Mapping[str, str]
    offset_unit: _Unit
    check_unit: bool  # auto: a selection whose name matches another unit's span is read so
    rows: list[dict[str, str]] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.project.file

    def coder_of(self, coding: ET.Element, selection: ET.Element) -> str:
        """The coding's coder: the configured one, else its (or its selection's, or the
        project's) creating user, renamed through `coder_names`."""
        if self.coder:
            return self.coder
        project_user = self.project.root.get("creatingUserGUID")
        for guid in (coding.get("creatingUser"), selection.get("creatingUser"), project_user):
            guid = normalise_guid(guid)
            if not guid:
                continue
            if guid not in self.users:
                raise InputError(
                    f"unknown coder: user {guid} is not among the project's <Users>",
                    file=self.file,
                    element=describe(coding),
                    hint="export the project with its users, or set `coder:` for this source",
                )
            name = self.users[guid]
            return self.coder_names.get(name, name)
        raise InputError(
            "the coding names no user",
            file=self.file,
            element=describe(coding),
            hint="set `coder:` for this source in synthesis.sources",
        )

    def add_codings(
        self, selection: ET.Element, record_id: str, quote: str, location: str, memo: str
    ) -> None:
        """A row for each coding of `selection` (a selection, or a whole source)."""
        for coding in children(selection, "Coding"):
            ref = next(iter(children(coding, "CodeRef")), None)
            target = normalise_guid(ref.get("targetGUID")) if ref is not None else ""
            if target not in self.codes:
                raise InputError(
                    f"coding refers to code {target or '(none)'}, which is not in the codebook",
                    file=self.file,
                    element=describe(coding),
                    hint="export the project again; the codebook and codings disagree",
                )
            code = self.codes[target]
            self.rows.append(
                {
                    "record_id": record_id,
                    "coder": self.coder_of(coding, selection),
                    "code": code.leaf,
                    "quote": quote,
                    "location": location,
                    "memo": memo,
                    "code_path": PATH_SEP.join(code.path),
                    "source_file": self.display,
                    "source_ref": describe(selection),
                }
            )

    def positions(self, selection: ET.Element) -> tuple[int, int]:
        """A text selection's start and end as written (whole numbers, else InputError)."""
        try:
            return int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
        except ValueError:
            raise InputError(
                "startPosition/endPosition are not whole numbers",
                file=self.file,
                element=describe(selection),
            ) from None

    def quote_at(
        self, selection: ET.Element, text: str, unit: _Unit, start: int, end: int
    ) -> tuple[str, int, int]:
        """The quote a text selection marks, and its span in code points, checked against the
        source text; CRLF line ends in the quote become LF."""
        mapping = unit.mapping(text)
        limit = len(mapping) - 1 if mapping is not None else len(text)
        if not 0 <= start <= end <= limit:
            raise InputError(
                f"selection {start}-{end} falls outside its source text ({limit} "
                f"{unit.describe(text)})",
                file=self.file,
                element=describe(selection),
                hint="the source text and the project do not match; export both again",
            )
        if mapping is not None:
            start, end = mapping[start], mapping[end]
        return text[start:end].replace("\r\n", "\n"), start, end

    def unit_for(self, selection: ET.Element, text: str, start: int, end: int) -> _Unit:
        """The unit a selection is read in: the configured one, or with `auto` another when
        only that one gives the passage the selection is named after. QualCoder counts a
        passage selected in its editor in UTF-16 code units (Qt's cursor positions) and one it
        coded itself (a text search) in code points: both agree until a character beyond
        U+FFFF (an emoji) comes before the passage. Tools differ on a CRLF line end too."""
        default = self.offset_unit
        astral, crlf = _unit_traits(text)
        name = _selection_name(selection)
        if not self.check_unit or not name or not (astral or crlf):
            return default
        others = [
            _Unit(utf16, crlf_as_one)
            for utf16 in ((default.utf16, not default.utf16) if astral else (default.utf16,))
            for crlf_as_one in (
                (default.crlf_as_one, not default.crlf_as_one) if crlf else (default.crlf_as_one,)
            )
        ]
        for unit in others:
            mapping = unit.mapping(text)
            limit = len(mapping) - 1 if mapping is not None else len(text)
            if 0 <= start <= end <= limit:
                span = (mapping[start], mapping[end]) if mapping is not None else (start, end)
                if _names_passage(name, text[span[0] : span[1]]):
                    return unit
        return default

    def read_text_source(self, source: ET.Element, record_id: str, skip: set[str]) -> None:
        """The codings of a text source (or of a PDF's text representation), but `skip`'s."""
        text = self.project.source_text(source)
        pending = [
            s
            for s in children(source, "PlainTextSelection")
            if normalise_guid(s.get("guid")) not in skip
        ]
        if text is None and pending:
            self.notices.append(
                Notice(
                    "warning",
                    "source text is missing from the project; quotes are taken from the "
                    "selections' names (tools store the start of the passage there)",
                    self.file,
                    None,
                    describe(source),
                )
            )
        for selection in pending:
            start, end = self.positions(selection)
            memo = child_text(selection, "Description")
            if text is None:
                quote = selection.get("name", "").strip()
            else:
                unit = self.unit_for(selection, text, start, end)
                quote, start, end = self.quote_at(selection, text, unit, start, end)
            self.add_codings(selection, record_id, quote.strip(), f"chars {start}-{end}", memo)
        if children(source, "Coding"):
            self.add_codings(source, record_id, "", "whole document", "")

    def read_media_source(self, source: ET.Element, record_id: str) -> None:
        """The codings of a PDF, picture, audio or video source: its geometric or time
        selections (the text of their representation, if any, is the quote), then those of its
        text representation, then the whole-document codings."""
        geometric = {
            normalise_guid(s.get("guid")) for s in source if local_name(s.tag).endswith("Selection")
        }
        for selection in source:
            local = local_name(selection.tag)
            if not local.endswith("Selection"):
                continue
            representation = next(iter(children(selection, "Representation")), None)
            quote = (
                child_text(representation, "PlainTextContent") if representation is not None else ""
            )
            self.add_codings(
                selection,
                record_id,
                quote.strip(),
                _media_location(selection, local),
                child_text(selection, "Description"),
            )
        for representation in children(source, "Representation"):
            # ATLAS.ti repeats each PDF selection in the text representation (same guid):
            # read those once, from the PDF selection.
            self.read_text_source(representation, record_id, geometric)
        if children(source, "Coding"):
            self.add_codings(source, record_id, "", "whole document", "")


def read_project_codes(
    path: str | Path,
    *,
    coder: str | None = None,
    coder_names: Mapping[str, str] | None = None,
    record_id_pattern: str = DEFAULT_RECORD_ID_PATTERN,
    offset_unit: str = "auto",
    limits: Mapping[str, int] | None = None,
    xsd_dir: str | Path | None = None,
    documents: DocumentMatcher | None = None,
) -> tuple[pd.DataFrame, list[Notice]]:
    """Every coding in a REFI-QDA project as rows of the imported-codes table.

    `documents`: finds the study of a source whose name gives no known record_id by a DOI or
    title in its name or description (`synthesise.documents`).

    `coder` attributes all codings to one coder (for tools that do not record users);
    otherwise the coding's (or its selection's) creating user is looked up in the project's
    users and renamed through `coder_names` (user name → coder). `offset_unit` is
    `code_points` (the spec), `utf16` (NVivo) or `auto` (utf16 when the project's origin names
    NVivo, else code points; a selection whose name is the passage the other unit gives, as
    QualCoder's editor writes them, is read in that unit). Text selections get `location`
    "chars START-END" in code points, end exclusive.
    """
    project = load_project(path, limits=limits, xsd_dir=xsd_dir)
    root = project.root
    display = Path(path).as_posix()
    try:
        pattern = re.compile(record_id_pattern)
    except re.error as exc:
        raise InputError(f"record_id_pattern is not a regular expression: {exc}") from None
    unit, check_unit = _offset_unit(root, offset_unit, display=display)
    reader = _CodingReader(
        project=project,
        display=display,
        offset_unit=unit,
        check_unit=check_unit,
        users=_users(root),
        codes={c.guid: c for c in read_codes_element(root, file=project.file)},
        coder=coder,
        coder_names=dict(coder_names or {}),
        notices=list(project.notices),
    )
    variables = _variables(root)
    sources = next(iter(children(root, "Sources")), None)
    for source in [] if sources is None else list(sources):
        record_id = _record_id(source, variables, pattern, file=project.file)
        if documents is not None:
            texts = [source.get("name", ""), child_text(source, "Description")]
            record_id = documents.record_id(
                record_id, texts, file=project.file, element=describe(source)
            )
        if local_name(source.tag) == "TextSource":
            reader.read_text_source(source, record_id, set())
        else:
            reader.read_media_source(source, record_id)
    if not reader.rows:
        reader.notices.append(
            Notice(
                "warning",
                "the project holds no codings (no coded selections or documents): nothing is "
                "imported from it",
                project.file,
            )
        )
    return codes_frame(reader.rows), reader.notices
