"""Every damaged or unreadable input is an InputError naming the file (and zip member or line):
corrupt `.qdpx` archives, a folder or a named pipe where a file belongs, code trees thousands of
levels deep, unknown encodings, CSV cells past the csv module's limit (issue 15, item 3)."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import pytest

from metasynth.cli import main
from metasynth.errors import InputError
from metasynth.synthesise import SynthesisSettings
from metasynth.synthesise.codes import read_codes_csv
from metasynth.synthesise.qda.codebooks import read_qdc
from metasynth.synthesise.sources import import_codes
from metasynth.validation import load_yaml

_LOCAL = {"flags": 6, "method": 8, "crc": 14, "usize": 22}
_CENTRAL = {"flags": 8, "method": 10, "crc": 16, "usize": 24}
_FORMAT = {"flags": "<H", "method": "<H", "crc": "<I", "usize": "<I"}


def patched(data: bytes, member: str, **fields: int) -> bytes:
    """A zip with some header fields of one member changed, in its local header and its central
    directory entry alike (as a damaged or unusual archive has them)."""
    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    for key, value in fields.items():
        struct.pack_into(_FORMAT[key], out, info.header_offset + _LOCAL[key], value)
    position = 0
    while (position := out.find(b"PK\x01\x02", position)) != -1:
        length = struct.unpack_from("<H", out, position + 28)[0]
        if out[position + 46 : position + 46 + length] == member.encode():
            for key, value in fields.items():
                struct.pack_into(_FORMAT[key], out, position + _CENTRAL[key], value)
        position += 4
    return bytes(out)


@pytest.fixture(scope="module")
def project(root: Path) -> bytes:
    """The default corpus's second coder's project (.qdpx), as written by `codebook export`."""
    return (root / "data" / "coded" / "second_coder.qdpx").read_bytes()


def _info(data: bytes, member: str) -> zipfile.ZipInfo:
    return zipfile.ZipFile(io.BytesIO(data)).getinfo(member)


DAMAGE = {
    "bad CRC": (lambda i: {"crc": i.CRC ^ 0xFFFF}, "archive member is damaged (Bad CRC-32"),
    "understated size": (
        lambda i: {"usize": i.file_size // 2},
        "archive member is damaged (Bad CRC-32",
    ),
    "encrypted": (lambda i: {"flags": i.flag_bits | 1}, "archive member is encrypted"),
    "compression 99": (
        lambda i: {"method": 99},
        "archive member is compressed with method 99, which cannot be unpacked",
    ),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_project_archive_names_file_and_member(
    tmp_path: Path, project: bytes, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    change, message = DAMAGE[damage]
    path = tmp_path / "coder.qdpx"
    path.write_bytes(patched(project, "project.qde", **change(_info(project, "project.qde"))))
    assert main(["codebook", "list", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"metasynth codebook: error: {path} project.qde: {message}")
    assert "Traceback" not in err


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_source_text_in_the_archive_names_the_member(
    tmp_path: Path, project: bytes, damage: str
) -> None:
    member = "Sources/067A57E4-99C9-4193-8F5A-996E23C4A4DB.txt"
    change, message = DAMAGE[damage]
    path = tmp_path / "coder.qdpx"
    path.write_bytes(patched(project, member, **change(_info(project, member))))
    settings = SynthesisSettings.from_config({"coders": ["coder_1", "coder_2"]})
    with pytest.raises(InputError) as error:
        import_codes([{"path": str(path)}], settings)
    assert (error.value.file, error.value.element) == (str(path), member)
    assert error.value.message.startswith(message)


def test_an_archive_with_bytes_lost_before_a_member_names_file_and_member(
    tmp_path: Path, project: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    start = _info(project, "project.qde").header_offset
    path = tmp_path / "coder.qdpx"
    path.write_bytes(project[:start] + project[start + 200 :])  # its offsets now point too far
    assert main(["codebook", "list", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"metasynth codebook: error: {path} project.qde: archive member is dam")
    assert "Traceback" not in err


@pytest.mark.parametrize("name", ["coder.qdpx", "coder.qde", "codebook.qdc"])
def test_a_folder_named_like_a_project_is_refused_by_name(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / name
    folder.mkdir()
    assert main(["codebook", "list", str(folder)]) == 2
    assert capsys.readouterr().err.startswith(f"metasynth codebook: error: {folder}: is a folder")


def test_a_named_pipe_named_like_a_project_is_refused_without_waiting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "coder.qdpx"
    os.mkfifo(pipe)
    assert main(["codebook", "list", str(pipe)]) == 2
    assert "is a named pipe (FIFO)" in capsys.readouterr().err


def _nested_codes(depth: int) -> str:
    opening = "".join(
        f'<Code guid="{i:08X}-0000-4000-8000-000000000000" name="level {i}" isCodable="true">'
        for i in range(depth)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{opening}{"</Code>" * depth}'
        "</Codes></CodeBook>\n"
    )


def test_codes_nested_three_thousand_deep_are_listed_or_refused_as_a_codebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Read without recursion (Python's limit is 1,000); as a synthesis codebook, refused by
    its depth; checked against the XSD, a warning instead of the validator's RecursionError."""
    path = tmp_path / "deep.qdc"
    path.write_text(_nested_codes(3_000), encoding="utf-8")
    assert main(["codebook", "list", str(path)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3_001
    assert main(["codebook", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "is nested 5 levels deep" in err
    assert "3000 levels: --levels category,subcategory,concept and then code 2997 times" in err


def test_a_deep_tree_checked_against_the_xsd_is_a_warning(tmp_path: Path, root: Path) -> None:
    xsd = root.parent / "shared" / "fixtures" / "qda" / "xsd"
    if not (xsd / "Codebook.xsd").is_file():
        pytest.skip(f"no REFI-QDA XSDs at {xsd}")
    path = tmp_path / "deep.qdc"
    path.write_text(_nested_codes(3_000), encoding="utf-8")
    codes, notices = read_qdc(path, xsd_dir=xsd)
    assert len(codes) == 3_000
    assert [n.message for n in notices] == [
        "nested too deeply to check against the XSD; read anyway"
    ]


def test_an_unknown_xml_encoding_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "codebook.qdc"
    path.write_bytes(b'<?xml version="1.0" encoding="x-klingon"?><CodeBook/>')
    assert main(["codebook", "list", str(path)]) == 2
    assert capsys.readouterr().err.startswith(
        f"metasynth codebook: error: {path}: cannot be read as XML (unknown encoding: x-klingon)"
    )


def test_yaml_nested_thousands_deep_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text("[" * 5_000 + "]" * 5_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="nested too deeply to read") as error:
        load_yaml(path)
    assert error.value.file == str(path)


def test_a_quote_longer_than_the_csv_modules_limit_is_read(tmp_path: Path) -> None:
    quote = "word " * 40_000  # 200,000 characters: Python's csv stops at 131,072 by default
    path = tmp_path / "codes.csv"
    path.write_text(
        f'record_id,coder,code,quote,location,memo\nWOS:1,coder_1,trust,"{quote}",p. 2,\n',
        encoding="utf-8",
    )
    assert read_codes_csv(path)["quote"].tolist() == [quote.strip()]


def test_an_unclosed_quote_in_a_codes_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(
        "record_id,coder,code,quote,location,memo\nWOS:1,coder_1,trust,ok,,\n"
        'WOS:2,coder_1,trust,"open,,\nWOS:3,coder_1,trust,lost,,\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="cannot be read as CSV from here on") as error:
        read_codes_csv(path)
    assert error.value.line == 3
