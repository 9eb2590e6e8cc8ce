"""REFI-QDA import on the real fixtures, the quirks of real tools, unsafe input, and export."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from metasynth.errors import InputError
from metasynth.status import read_notices
from metasynth.synthesise import notices_frame
from metasynth.synthesise.codebook import Codebook
from metasynth.synthesise.codes import codes_frame
from metasynth.synthesise.qda.codebooks import normalise_guid, read_flat_names, read_qdc
from metasynth.synthesise.qda.export import export_qdpx
from metasynth.synthesise.qda.projects import read_project_codes
from metasynth.tables import write_table

USER = "AD68FBE7-E1EE-4A82-A279-23CC698C89EB"
CODE = "0983E32E-6866-431A-BD94-DAC9BB963825"


def _project(body: str, *, origin: str = "QualCoder 3.6", users: str | None = None) -> bytes:
    users = users if users is not None else f'<Users><User guid="{USER}" name="Ana"/></Users>'
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="t" origin="{origin}">{users}'
        f'<CodeBook><Codes><Code guid="{{{CODE.lower()}}}" name="Trust::online trust" '
        f'isCodable="true"/></Codes></CodeBook><Sources>{body}</Sources></Project>'
    ).encode()


def _users(name: str) -> str:
    return f'<Users><User guid="{USER}" name="{name}"/></Users>'


def _selection(start: int, end: int, user: str = USER) -> str:
    return (
        f'<PlainTextSelection guid="11111111-1111-1111-1111-111111111111" name="sel" '
        f'startPosition="{start}" endPosition="{end}" creatingUser="{user}">'
        f'<Coding guid="22222222-2222-2222-2222-222222222222" creatingUser="{user}">'
        f'<CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>'
    )


def _qdpx(tmp_path: Path, members: dict[str, bytes], name: str = "p.qdpx") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def _source(text_name: str, selection: str, doc: str = "WOS:999000000000001.txt") -> str:
    return (
        f'<TextSource guid="33333333-3333-3333-3333-333333333333" name="{doc}" '
        f'plainTextPath="internal://{text_name}">{selection}</TextSource>'
    )


# ---------------------------------------------------------------------------- real fixtures


def test_status_names_the_source_each_missing_text_notice_is_about(
    shared: Path, tmp_path: Path
) -> None:
    """The four "source text is missing" notices of ATLAS.ti's example are about four sources:
    `metasynth status --notices` lists each with its source, not the same line four times."""
    _, notices = read_project_codes(shared / "qda" / "atlas_spec_example.qde")
    write_table(notices_frame(notices), tmp_path / "synthesis" / "import_notices.csv")
    notices = [str(notice) for notice in read_notices(tmp_path)]
    missing = [line for line in notices if "source text is missing" in line]
    assert len(missing) == len(set(missing)) == 4
    assert all(" <TextSource " in line for line in missing), missing


def test_atlas_example_codes_and_codings(shared: Path) -> None:
    codes, notices = read_project_codes(shared / "qda" / "atlas_spec_example.qde")
    # 16 <Coding> elements; ATLAS.ti repeats 2 PDF selections in the text representation.
    assert len(codes) == 14
    assert codes["coder"].unique().tolist() == ["Friedrich Markgraf"]
    assert codes["code"].value_counts()["cornflakes"] == 4
    assert codes.iloc[0][["record_id", "code", "code_path", "location"]].tolist() == [
        "1994 Diet Coke-Diet Coke Break",
        "diet Coke",
        "Coke > diet Coke",
        "chars 139-195",
    ]
    # Sources are not in a bare .qde: the selection's name stands in for the quote.
    assert codes.iloc[0]["quote"] == "Oh, that was great. See you tomorrow? Eleven thirty. Mm."
    assert sum("source text is missing" in n.message for n in notices) == 4


def test_atlas_example_non_text_selections(shared: Path) -> None:
    codes, _ = read_project_codes(shared / "qda" / "atlas_spec_example.qde")
    locations = codes["location"].tolist()
    assert "picture x 267-992 y 1-720" in locations
    assert "pdf page 1 x 18-577 y 41-823" in locations
    assert "video 14706-17706 ms" in locations
    pdf = codes[codes["location"] == "pdf page 0 x 335-485 y 367-420"]
    assert pdf[["code", "quote"]].values.tolist() == [["waste of time", "granola"]]


def test_qdpx_with_capitalised_project_and_missing_sources(shared: Path) -> None:
    from_zip, notices = read_project_codes(shared / "qda" / "atlas_testproject.qdpx")
    from_qde, _ = read_project_codes(shared / "qda" / "atlas_spec_example.qde")
    assert len(from_zip) == 14
    cols = ["record_id", "coder", "code", "quote", "location", "code_path", "source_ref"]
    pd.testing.assert_frame_equal(from_zip[cols], from_qde[cols])
    assert notices[0].file is not None and notices[0].file.endswith(
        "atlas_testproject.qdpx!Project.qde"
    )


def test_atlas_example_is_valid_against_project_xsd(shared: Path) -> None:
    _, notices = read_project_codes(
        shared / "qda" / "atlas_spec_example.qde", xsd_dir=shared / "qda" / "xsd"
    )
    assert not any("not valid" in n.message for n in notices)


def test_spec_codebook_mixes_braced_and_bare_guids(shared: Path) -> None:
    codes, notices = read_qdc(
        shared / "qda" / "spec_example_codebook.qdc", xsd_dir=shared / "qda" / "xsd"
    )
    assert notices == []
    assert [c.name for c in codes] == [
        "Topics",
        "Economy",
        "Health care",
        "Values",
        "Conservatives",
        "Liberals",
    ]
    assert [c.is_codable for c in codes] == [False, True, True, False, True, True]
    assert codes[0].guid == "5215CC69-B628-4E02-AFB9-9BEEAEE55808"
    assert codes[3].guid == "9FA9BCB7-5B59-47A9-8C3E-F65CFFDC7520"


def test_taguette_qdc_empty_sets_is_only_a_warning(shared: Path) -> None:
    codes, notices = read_qdc(
        shared / "qda" / "taguette" / "codebook.qdc", xsd_dir=shared / "qda" / "xsd"
    )
    assert [c.path for c in codes] == [("interesting",), ("people",), ("interesting", "places")]
    assert [n.severity for n in notices] == ["warning", "info"]
    assert "Codebook.xsd" in notices[0].message and notices[0].element == "/CodeBook/Sets"
    assert notices[1].message == (
        "code name 'interesting\\\\places': split at '\\\\': 'interesting' is a code of its own"
    )


# ---------------------------------------------------------------------------- quirks


def test_guid_case_and_braces_are_ignored() -> None:
    assert normalise_guid(" {0983e32e-6866-431a-bd94-dac9bb963825} ") == CODE


@pytest.mark.parametrize(
    ("names", "parts"),
    [
        # the parent is a code of its own
        (["Coke::diet Coke", "Coke", "milk"], {"Coke::diet Coke": ("Coke", "diet Coke")}),
        # every name of the list is written with the separator
        (["A > B > C", "A > D"], {"A > B > C": ("A", "B", "C"), "A > D": ("A", "D")}),
        (["interesting\\places"], {"interesting\\places": ("interesting", "places")}),
        # a comparison in a flat list of codes: kept whole
        (["Age > 65", "Gender", "Income"], {}),
        (["plain"], {}),
    ],
)
def test_hierarchy_in_code_names_only_where_the_list_supports_it(
    names: list[str], parts: dict[str, tuple[str, ...]]
) -> None:
    assert read_flat_names(names).parts == parts


def test_project_xml_named_after_the_project(tmp_path: Path) -> None:
    text = "Mentors built trust online."
    path = _qdpx(
        tmp_path,
        {
            "My e-mentoring study.qde": _project(_source("a.txt", _selection(14, 26))),
            "Sources/a.txt": text.encode(),
        },
    )
    codes, notices = read_project_codes(path)
    assert codes[
        ["record_id", "coder", "code", "code_path", "quote", "location"]
    ].values.tolist() == [
        [
            "WOS:999000000000001",
            "Ana",
            "online trust",
            "Trust > online trust",
            "trust online",
            "chars 14-26",
        ]
    ]
    assert notices == []


def test_a_second_qde_in_the_archive_is_reported_not_silently_skipped(tmp_path: Path) -> None:
    project = _project(_source("a.txt", _selection(0, 7)))
    path = _qdpx(
        tmp_path,
        {"project.qde": project, "backup/old.qde": project, "Sources/a.txt": b"Mentors met."},
    )
    codes, notices = read_project_codes(path)
    assert len(codes) == 1
    assert [(n.severity, n.message) for n in notices] == [
        ("warning", "also holds backup/old.qde: not read")
    ]


def test_a_project_without_codings_is_reported(tmp_path: Path) -> None:
    path = _qdpx(tmp_path, {"project.qde": _project("")})
    codes, notices = read_project_codes(path)
    assert codes.empty
    assert [n.message for n in notices] == [
        "the project holds no codings (no coded selections or documents): nothing is imported "
        "from it"
    ]


def test_nvivo_utf16_offsets_become_code_points(tmp_path: Path) -> None:
    # BOM (not counted), an emoji (2 UTF-16 units, 1 code point), then the passage.
    text = "\ufeffMentee 😀 said: trust grew."
    start_units = len("Mentee 😀 said: ".encode("utf-16-le")) // 2
    end_units = start_units + len("trust grew")
    path = _qdpx(
        tmp_path,
        {
            "project.qde": _project(
                _source("a.txt", _selection(start_units, end_units)), origin="NVivo 14"
            ),
            "Sources/a.txt": text.encode("utf-8"),
        },
    )
    codes, _ = read_project_codes(path)
    assert codes.loc[0, "quote"] == "trust grew"
    assert codes.loc[0, "location"] == "chars 15-25"


def test_qualcoder_offsets_are_read_in_the_unit_the_selection_name_confirms(
    tmp_path: Path,
) -> None:
    """QualCoder counts a passage selected in its editor in UTF-16 units and one its text search
    coded in code points, and names each selection after its passage (a line end as U+2029):
    after an emoji the two differ, and each is read in the unit that gives its name."""
    text = "\ufeffMentee 😀 said:\ntrust grew. Later: trust grew again."
    units = len("Mentee 😀 said:\n".encode("utf-16-le")) // 2
    points = text.index("trust grew again") - 1  # the BOM is not counted

    def selection(guid: str, start: int, end: int, name: str) -> str:
        return (
            _selection(start, end)
            .replace("11111111-1111-1111-1111-111111111111", guid)
            .replace('name="sel"', f'name="{name}"')
        )

    body = selection("11111111-1111-1111-1111-111111111111", units, units + 10, "trust grew")
    body += selection(
        "44444444-4444-4444-4444-444444444444", points, points + 16, "trust grew again"
    )
    body += selection(
        "55555555-5555-5555-5555-555555555555", units - 6, units + 5, "said:\u2029trust"
    )
    path = _qdpx(
        tmp_path,
        {
            "project.qde": _project(_source("a.txt", body), origin="QualCoder 3.8.2"),
            "Sources/a.txt": text.encode("utf-8"),
        },
    )
    codes, notices = read_project_codes(path)
    assert notices == []
    assert codes["quote"].tolist() == ["trust grew", "trust grew again", "said:\ntrust"]
    assert codes["location"].tolist() == ["chars 15-25", "chars 34-50", "chars 9-20"]
    # code points as configured: the editor's offsets are taken as written
    codes, _ = read_project_codes(path, offset_unit="code_points")
    assert codes["quote"].tolist()[0] == "rust grew."


def test_a_document_with_nothing_to_name_it_by_is_an_error(tmp_path: Path) -> None:
    """No name, no record_id variable, no text file: its codings would belong to no study."""
    source = _source("a.txt", _selection(0, 5)).replace(' name="WOS:999000000000001.txt"', "")
    source = source.replace(' plainTextPath="internal://a.txt"', "")
    path = _qdpx(tmp_path, {"project.qde": _project(source)})
    with pytest.raises(InputError, match="the document has no name, no record_id") as exc:
        read_project_codes(path)
    assert exc.value.element == "<TextSource 33333333-3333-3333-3333-333333333333>"


def test_a_text_path_outside_the_archive_is_not_looked_for_inside_it(tmp_path: Path) -> None:
    """Only `internal://` and a bare file name (qc 1.3.2) point into the archive's sources."""
    source = _source("a.txt", _selection(0, 5)).replace("internal://a.txt", "relative://../a.txt")
    path = _qdpx(tmp_path, {"project.qde": _project(source), "Sources/a.txt": b"short text"})
    codes, notices = read_project_codes(path)
    assert codes["quote"].tolist() == ["sel"]
    assert "source text is missing from the project" in notices[0].message


TWO_LINES = "Line one.\r\nLine two is here.\r\n"


@pytest.mark.parametrize(
    ("origin", "start", "name", "quote"),
    [
        # ATLAS.ti counts a CRLF once (so QualCoder 3.8.2's REFI-QDA import reads it)
        ("ATLAS.ti Win 23.2.3", 10, "sel", "Line two"),
        ("MAXQDA 24 (Release 24.7.0)", 11, "sel", "Line two"),  # as the text holds it: twice
        # …unless the name is the passage, or its start cut with "…", in the other count
        ("MAXQDA 24 (Release 24.7.0)", 10, "Line two", "Line two"),
        ("MAXQDA 24 (Release 24.7.0)", 16, "wo is he…", "wo is here"),
    ],
)
def test_a_crlf_line_end_is_counted_as_the_tool_counts_it(
    tmp_path: Path, origin: str, start: int, name: str, quote: str
) -> None:
    selection = _selection(start, start + len(quote)).replace('name="sel"', f'name="{name}"')
    path = _qdpx(
        tmp_path,
        {
            "project.qde": _project(_source("a.txt", selection), origin=origin),
            "Sources/a.txt": TWO_LINES.encode(),
        },
    )
    codes, _ = read_project_codes(path)
    assert codes["quote"].tolist() == [quote]
    at = TWO_LINES.index(quote)
    assert codes["location"].tolist() == [f"chars {at}-{at + len(quote)}"]


def test_selection_outside_the_text_names_the_element(tmp_path: Path) -> None:
    path = _qdpx(
        tmp_path,
        {
            "project.qde": _project(_source("a.txt", _selection(5, 99))),
            "Sources/a.txt": b"short text",
        },
    )
    with pytest.raises(
        InputError, match=r"selection 5-99 falls outside its source text \(10 characters\)"
    ) as exc:
        read_project_codes(path)
    assert exc.value.element == "<PlainTextSelection 11111111-1111-1111-1111-111111111111>"
    assert exc.value.file == f"{path}!project.qde"


def test_unknown_user_is_an_unknown_coder(tmp_path: Path) -> None:
    stranger = "99999999-9999-9999-9999-999999999999"
    path = _qdpx(
        tmp_path,
        {
            "project.qde": _project(_source("a.txt", _selection(0, 4, user=stranger))),
            "Sources/a.txt": b"text",
        },
    )
    with pytest.raises(InputError, match=f"unknown coder: user {stranger}") as exc:
        read_project_codes(path)
    assert exc.value.element == "<Coding 22222222-2222-2222-2222-222222222222>"


def test_coder_names_map_tool_users_to_coders(tmp_path: Path) -> None:
    path = _qdpx(
        tmp_path,
        {"project.qde": _project(_source("a.txt", _selection(0, 4))), "Sources/a.txt": b"text"},
    )
    codes, _ = read_project_codes(path, coder_names={"Ana": "coder_2"})
    assert codes["coder"].tolist() == ["coder_2"]


# ---------------------------------------------------------------------------- bad and unsafe input


def test_zip_without_qde_is_an_error(tmp_path: Path) -> None:
    path = _qdpx(tmp_path, {"Sources/a.txt": b"text"})
    with pytest.raises(InputError, match=r"no \.qde project file inside the archive"):
        read_project_codes(path)


def test_member_leaving_the_archive_is_refused(tmp_path: Path) -> None:
    path = _qdpx(tmp_path, {"project.qde": _project(""), "../../evil.txt": b"x"})
    with pytest.raises(InputError, match="leaves the archive") as exc:
        read_project_codes(path)
    assert exc.value.element == "../../evil.txt"


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    path = _qdpx(
        tmp_path, {"project.qde": _project(""), **{f"Sources/{i}.txt": b"x" for i in range(5)}}
    )
    with pytest.raises(InputError, match="6 members, more than the limit 3"):
        read_project_codes(path, limits={"max_members": 3})


def test_absurd_unpacked_size_is_refused(tmp_path: Path) -> None:
    path = _qdpx(tmp_path, {"project.qde": _project(""), "Sources/big.txt": b"a" * 3_000_000})
    with pytest.raises(InputError, match="unpacks to 3") as exc:
        read_project_codes(path, limits={"max_unpacked_bytes": 2_000_000})
    assert exc.value.file == str(path)


def test_zip_bomb_ratio_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _project(""))
        archive.writestr("Sources/zeros.txt", b"\0" * 20_000_000)
    with pytest.raises(InputError, match=r"compresses \d+:1, beyond the limit 200") as exc:
        read_project_codes(path)
    assert exc.value.element == "Sources/zeros.txt"


def test_entities_and_dtds_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.qde"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>'
    )
    with pytest.raises(InputError, match="refused unsafe XML"):
        read_project_codes(path)


def test_xml_that_is_not_refi_qda(tmp_path: Path) -> None:
    path = tmp_path / "other.qde"
    path.write_text('<?xml version="1.0"?><html><body/></html>')
    with pytest.raises(InputError, match="not a REFI-QDA project: the root element is <html>"):
        read_project_codes(path)


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.qde"
    path.write_text('<?xml version="1.0"?>\n<Project name="x">\n<Users>\n</Project>')
    with pytest.raises(InputError, match="malformed XML") as exc:
        read_project_codes(path)
    assert exc.value.line == 4


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.qdpx"
    path.write_text("hello")
    with pytest.raises(InputError, match="not a zip archive"):
        read_project_codes(path)


def _patch(path: Path, local: int, central: int, fmt: str, value: int) -> None:
    """Overwrite a field of the first member's local header and central directory entry."""
    data = bytearray(path.read_bytes())
    struct.pack_into(fmt, data, local, value)
    struct.pack_into(fmt, data, data.rfind(b"PK\x01\x02") + central, value)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("flipped byte", r"archive member is damaged \(Bad CRC-32"),
        ("size understated", r"archive member is damaged \(Bad CRC-32"),
        ("encrypted", "archive member is encrypted"),
        ("compression 99", "compressed with method 99, which cannot be unpacked"),
    ],
)
def test_a_damaged_member_names_the_archive_and_member(
    tmp_path: Path, damage: str, message: str
) -> None:
    path = _qdpx(tmp_path, {"project.qde": _project("")})  # stored: the XML is in the clear
    if damage == "flipped byte":
        data = bytearray(path.read_bytes())
        data[data.index(b"<Users>") + 1] ^= 0x20
        path.write_bytes(bytes(data))
    elif damage == "size understated":
        _patch(path, 22, 24, "<I", 10)
    elif damage == "encrypted":
        _patch(path, 6, 8, "<H", 1)
    else:
        _patch(path, 8, 10, "<H", 99)
    with pytest.raises(InputError, match=message) as exc:
        read_project_codes(path)
    assert (exc.value.file, exc.value.element) == (str(path), "project.qde")


def test_codes_nested_thousands_deep_are_read(tmp_path: Path) -> None:
    depth = 3000  # far beyond Python's recursion limit
    path = tmp_path / "deep.qdc"
    path.write_text(
        '<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        + "".join(
            f'<Code guid="{i:08d}-0000-0000-0000-000000000000" name="c{i}">' for i in range(depth)
        )
        + "</Code>" * depth
        + "</Codes></CodeBook>"
    )
    codes, _ = read_qdc(path)
    assert [c.depth for c in codes] == list(range(depth))
    assert codes[-1].path[:2] == ("c0", "c1")
    assert codes[-1].parent_guid == f"{depth - 2:08d}-0000-0000-0000-000000000000"


@pytest.mark.parametrize("as_zip", [False, True], ids=["qde", "qdpx"])
def test_a_latin1_declaration_over_utf8_bytes_reads_the_names_right_and_warns(
    tmp_path: Path, as_zip: bool
) -> None:
    """A project whose declaration says iso-8859-1 but whose bytes are UTF-8 (as REFI-QDA
    requires) was read as declared: the coder "José" became "JosÃ©", silently."""
    project = _project(_source("a.txt", _selection(0, 5)), users=_users("José Núñez"))
    project = project.replace(b'encoding="utf-8"', b'encoding="ISO-8859-1"')
    if as_zip:
        path = _qdpx(tmp_path, {"project.qde": project, "Sources/a.txt": b"trust grew"})
    else:
        (path := tmp_path / "p.qde").write_bytes(project)
    codes, notices = read_project_codes(path)
    assert codes["coder"].tolist() == ["José Núñez"]
    [notice] = [n for n in notices if "declares encoding" in n.message]
    assert "'ISO-8859-1' but its bytes are UTF-8" in notice.message
    assert notice.file is not None and notice.file.startswith(str(path))


def test_a_latin1_codebook_is_read_as_declared_with_a_warning(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are read in the declared encoding, and the warning says REFI-QDA
    wants UTF-8, so the user can check the accented names."""
    path = tmp_path / "book.qdc"
    path.write_bytes(
        '<?xml version="1.0" encoding="iso-8859-1"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
        f'<Codes><Code guid="{CODE}" name="Fiabilité" isCodable="true"/></Codes></CodeBook>'.encode(
            "latin-1"
        )
    )
    codes, notices = read_qdc(path)
    assert [code.name for code in codes] == ["Fiabilité"]
    assert [n.message for n in notices if "declares encoding" in n.message] == [
        "declares encoding 'iso-8859-1', not UTF-8 as REFI-QDA requires: read as declared; check"
        " that accented names read right, or export the file again from the QDA tool"
    ]


# ---------------------------------------------------------------------------- export


def test_qdpx_export_reimports_the_same_codings(
    codebook: Codebook, tmp_path: Path, shared: Path
) -> None:
    codes = codes_frame(
        [
            {
                "record_id": "WOS:999000000000001",
                "coder": "coder_1",
                "code": "timely feedback",
                "quote": "Mentors answered within a day.",
                "location": "p. 4",
                "memo": "fast",
            },
            {
                "record_id": "WOS:999000000000001",
                "coder": "coder_2",
                "code": "Timely feedback",
                "quote": "Mentors answered within a day.",
                "location": "p. 4",
            },
            {
                "record_id": "WOS:999000000000002",
                "coder": "coder_1",
                "code": "video glitches",
                "quote": "Calls dropped — often.",
                "location": "p. 9",
            },
        ]
    )
    path = tmp_path / "out.qdpx"
    export_qdpx(codebook, codes, path)
    with zipfile.ZipFile(path) as archive:  # the folder REFI-QDA 1.5 §8.1 names: ATLAS.ti
        folders = {name.split("/")[0] for name in archive.namelist()}  # refuses `Sources/`
    assert folders == {"project.qde", "sources"}
    back, notices = read_project_codes(path, xsd_dir=shared / "qda" / "xsd")
    assert notices == []
    cols = ["record_id", "coder", "quote", "memo"]
    assert back[cols].values.tolist() == codes[cols].values.tolist()
    # A code is exported as the codebook entry it matches: case variants merge.
    assert back["code"].tolist() == ["timely feedback", "timely feedback", "video glitches"]
    assert back["code_path"].tolist() == [
        "Dimensions > Communication dimension > Feedback > timely feedback",
        "Dimensions > Communication dimension > Feedback > timely feedback",
        "Not in codebook > video glitches",
    ]
    first = path.read_bytes()
    export_qdpx(codebook, codes, path)
    assert path.read_bytes() == first


def test_a_qdpx_export_renamed_in_the_qda_tool_keeps_its_record_ids(
    codebook: Codebook, tmp_path: Path, shared: Path
) -> None:
    """Each exported source carries its record_id as a `record_id` variable, which QualCoder
    keeps through its import and export: a reviewer who renames the documents in the tool (to
    the papers' short names) still gets the codings back on their studies."""
    codes = codes_frame(
        [
            {"record_id": "WOS:999000000000001", "coder": "c1", "code": "trust", "quote": "a"},
            {"record_id": "PMID:30922926", "coder": "c1", "code": "trust", "quote": "b"},
        ]
    )
    path = tmp_path / "out.qdpx"
    export_qdpx(codebook, codes, path)
    with zipfile.ZipFile(path) as archive:
        project = archive.read("project.qde").decode("utf-8")
        members = {name: archive.read(name) for name in archive.namelist()}
    for number, record_id in enumerate(["PMID:30922926", "WOS:999000000000001"]):
        assert project.count(f'name="{record_id}"') == 1
        project = project.replace(f'name="{record_id}"', f'name="Griffin et al {number}.pdf"')
    renamed = tmp_path / "renamed.qdpx"
    with zipfile.ZipFile(renamed, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, project if name == "project.qde" else data)
    back, notices = read_project_codes(renamed, xsd_dir=shared / "qda" / "xsd")
    assert notices == []
    assert back["record_id"].tolist() == ["PMID:30922926", "WOS:999000000000001"]
