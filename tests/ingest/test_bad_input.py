"""Bad input stops with an InputError that names the file and the line, or warns and keeps."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from metasynth.cli import main
from metasynth.errors import InputError
from metasynth.ingest import read_exports, sniff
from metasynth.ingest.base import FileLog
from metasynth.ingest.detect import TextSource
from metasynth.ingest.plaintext import parse_plaintext

RECORD = (
    "PT J\nAU Ortega, L\nTI E-mentoring of novice teachers\nPY 2019\nUT WOS:999000000000101\nER\n"
)


def error_for(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_exports([path])
    return caught.value


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "savedrecs.txt"
    path.write_bytes(b"")
    error = error_for(path)
    assert str(error).startswith(f"{path.as_posix()}:1: the file is empty (0 bytes)")
    assert "export the records again" in str(error)


def test_file_of_blank_lines_and_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"\r\n\r\n   \r\n")
    error = error_for(path)
    assert (error.file, error.line) == (path.as_posix(), 1)
    assert "holds no records" in error.message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "savedrecs.txt"
    path.write_bytes(b"PT J\nAU x\n" + bytes(range(256)) * 4)
    error = error_for(path)
    assert (error.file, error.line) == (path.as_posix(), 3)
    assert "binary data" in error.message


def test_a_text_export_with_nul_bytes_is_called_damaged_not_binary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A download cut short leaves NUL bytes in an otherwise good RIS export: the message says
    so, on the line where they start, instead of listing the formats to export."""
    path = tmp_path / "scopus.ris"
    path.write_bytes(b"TY  - JOUR\nTI  - A title\x00\x00 here\nER  - \n")
    assert main(["ingest", str(path), "--out", str(tmp_path / "records.csv")]) == 2
    message = capsys.readouterr().err
    assert f"{path.as_posix()}:2: 2 NUL byte(s) in a text export" in message
    assert "export the records again; or delete the NUL bytes" in message
    assert "Plain text file" not in message


def test_utf32_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "savedrecs.ris"
    path.write_bytes("TY  - JOUR\nER  - \n".encode("utf-32"))
    assert main(["ingest", str(path), "--out", str(tmp_path / "records.csv")]) == 2
    message = capsys.readouterr().err
    assert f"{path.as_posix()}:1: the file is UTF-32 text" in message
    assert "save it as UTF-8" in message


@pytest.mark.parametrize(
    ("head", "kind"),
    [(b"%PDF-1.7\n", "a PDF document"), (b"PK\x03\x04\x14\x00", "a zip archive")],
)
def test_pdf_or_excel_instead_of_an_export(tmp_path: Path, head: bytes, kind: str) -> None:
    path = tmp_path / "savedrecs.xls"
    path.write_bytes(head + b"\x00" * 64)
    error = error_for(path)
    assert (error.file, error.line) == (path.as_posix(), 1)
    assert kind in error.message


def test_a_web_page_saved_as_an_export_says_so(tmp_path: Path) -> None:
    path = tmp_path / "savedrecs.ris"  # a database's "session expired" page, saved as the export
    path.write_text(
        "<!DOCTYPE html>\n<html><head><title>Session expired</title></head>\n"
        "<body><p>Your session has expired. Please sign in again.</p></body></html>\n"
    )
    error = error_for(path)
    assert (error.file, error.line) == (path.as_posix(), 1)
    assert error.hint is not None and error.hint.startswith("this is a web page, not an export")


def test_undecodable_bytes_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    text = "FN Clarivate Analytics Web of Science\nVR 1.0\n" + RECORD + "PT J\nTI Se\xf1ora\nER\n"
    path.write_bytes(text.encode("latin-1"))
    error = error_for(path)
    assert (error.file, error.line) == (path.as_posix(), 10)
    assert "f1" in error.message and "UTF-8" in error.message
    assert error.hint is not None and "UTF-8" in error.hint


def test_undecodable_bytes_far_into_the_file_name_their_line(tmp_path: Path) -> None:
    """The line is right when the bad byte lies in a later read block than the first."""
    path = tmp_path / "long.txt"
    body = "FN x\nVR 1.0\n" + RECORD * 1000 + "PT J\nTI caf\xe9\nER\nEF\n"
    path.write_bytes(body.encode("latin-1"))  # past the 64 KiB that sniff() reads
    source = TextSource(sniff(path), chunk_bytes=4096)
    with pytest.raises(InputError) as caught:
        list(parse_plaintext(source, FileLog(path.as_posix())))
    assert caught.value.line == 2 + 6 * 1000 + 2


@pytest.mark.parametrize(
    ("encoding", "cut"),
    [("utf-8", 1), ("utf-16", 1)],  # half of "é" / half of the last UTF-16 code unit
)
def test_a_file_cut_in_the_middle_of_a_character_says_it_was_cut_short(
    tmp_path: Path, encoding: str, cut: int
) -> None:
    path = tmp_path / "savedrecs.txt"
    data = ("FN x\nVR 1.0\n" + RECORD + "PT J\nTI Café").encode(encoding)
    path.write_bytes(data[:-cut])
    error = error_for(path)
    assert error.message.startswith("the file ends in the middle of a UTF-")
    assert error.hint is not None and "cut short" in error.hint
    assert error.line == 10


def test_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("\n\nMy reading notes on e-mentoring\nsecond line\n", encoding="utf-8")
    error = error_for(path)
    assert (error.file, error.line) == (path.as_posix(), 3)
    assert error.message.startswith("unknown format")


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        (
            'PMID,Title,Authors,Citation\n"31234567","A","B","C"\n',
            "'Citation manager' and put the .nbib",
        ),
        ('"Authors","Title","Year","Source title"\n"A","B","2020","C"\n', "not a Scopus, Embase"),
        # near misses of RIS and of a database's CSV: what is wrong, so the user can mend it
        ("ty  - JOUR\nti  - E-mentoring\ner  - \n", "RIS with its tags in lower case"),
        ("Authors;Title;Year;Source title\nA;B;2020;C\n", "a table separated by ';'"),
        # XML other than EndNote XML (a web page saved as XHTML): EndNote XML is named
        (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>a, b, '
            "c, d</title></channel></rss>",
            "of the XML exports, EndNote XML is read",
        ),
    ],
)
def test_unknown_format_hints_at_the_right_export(tmp_path: Path, content: str, hint: str) -> None:
    path = tmp_path / "export.txt"
    path.write_text(content, encoding="utf-8")
    error = error_for(path)
    assert error.hint is not None and hint in error.hint


def test_ris_with_a_tab_after_its_tags_is_named(tmp_path: Path) -> None:
    path = tmp_path / "export.ris"
    path.write_text("\nTY\t- JOUR\nTI\t- E-mentoring\nER\t- \n", encoding="utf-8")
    error = error_for(path)
    assert (error.file, error.line) == (path.as_posix(), 2)
    assert error.message.startswith("RIS with a tab between tag and dash")
    assert error.hint is not None and "two spaces" in error.hint


def test_tab_file_whose_header_has_no_known_tags(tmp_path: Path) -> None:
    path = tmp_path / "sheet.txt"
    path.write_text("Title\tAuthors\tYear\nE-mentoring\tOrtega\t2019\n", encoding="utf-8")
    error = error_for(path)
    assert (error.file, error.line) == (path.as_posix(), 1)
    assert "header is not Web of Science's" in error.message
    assert "'Title'" in error.message


def test_a_table_of_ris_like_tags_is_not_taken_for_a_web_of_science_export(
    tmp_path: Path,
) -> None:
    """EviAtlas and other tools save tables whose header is RIS-like tags (TY, AU, TI, SN …):
    several are Web of Science tags too, but read as one its year, source and DOI (RIS's
    `year`, `JO`, `DO`) were silently empty. Web of Science's header always has PT and UT."""
    path = tmp_path / "eviatlas.tsv"
    path.write_text(
        "TY\tAU\tyear\tDA\tTI\tJO\tSP\tVL\tIS\tSN\tUR\tDO\tID\n"
        "JOUR\tHaddaway, Neal R.\t2019\t2019/06/04\tEviAtlas: a tool\tEnvironmental Evidence"
        "\t22\t8\t1\t2047-2382\t\t10.1186/s13750-019-0167-1\tHaddaway2019\n",
        encoding="utf-8",
    )
    error = error_for(path)
    assert (error.file, error.line) == (path.as_posix(), 1)
    assert "no PT or UT column (it starts 'TY', 'AU', 'year', 'DA')" in error.message


def test_unparseable_bibtex_entry(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{ok, title = {Fine}, year = {2020}}\n\n"
        "@article{broken, title = {Never closed, year = {2021}\n\n"
        "@article{later, title = {Later}}\n",
        encoding="utf-8",
    )
    error = error_for(path)
    assert (error.file, error.line) == (path.as_posix(), 3)
    assert "cannot be parsed" in error.message


def test_tab_rows_with_too_many_or_too_few_values_are_kept_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "tab.txt"
    path.write_text(
        "PT\tAU\tTI\tUT\t\nJ\tOrtega, L\tOne\tWOS:999000000000101\t\n"
        "J\tHaddad, S\tTwo\tWOS:999000000000102\t\textra value\n"
        "J\tMbeki, T\tThree\n",
        encoding="utf-8",
    )
    result = read_exports([path])
    assert result.records is not None and result.fields is not None
    assert result.records["title"].tolist() == ["One", "Two", "Three"]
    lines = result.warnings["line"].tolist()
    assert lines == [3, 4, 4]  # 4: too few columns, and no UT
    assert "under an empty tag" in result.warnings["message"].iloc[0]
    assert "extra value" in result.fields["value"].tolist()


def test_missing_path(tmp_path: Path) -> None:
    error = error_for(tmp_path / "nowhere")
    assert error.file == (tmp_path / "nowhere").as_posix()
    assert error.message == "no such file or folder"


def test_folder_without_exports(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("only a readme\n", encoding="utf-8")
    error = error_for(tmp_path)
    assert error.message == "no export files found"


def test_cli_exits_2_with_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    status = main(["ingest", str(path), "--out", str(tmp_path / "records.csv")])
    assert status == 2
    err = capsys.readouterr().err
    assert f"metasynth ingest: error: {path.as_posix()}:1: the file is empty" in err


def test_cli_rejects_an_output_extension(tmp_path: Path, data: Path) -> None:
    status = main(["ingest", str(data / "single_record.txt"), "--out", str(tmp_path / "r.xlsx")])
    assert status == 2


def test_a_failed_run_leaves_no_table_behind(tmp_path: Path, data: Path) -> None:
    """The good file is read first; the empty one stops the run; nothing half-written stays."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes((data / "single_record.txt").read_bytes())
    (tmp_path / "in" / "b.txt").write_bytes(b"")
    out = tmp_path / "out"
    status = main(
        [
            "ingest",
            str(tmp_path / "in"),
            "--out",
            str(out / "records.csv"),
            "--fields",
            str(out / "fields.parquet"),
        ]
    )
    assert status == 2
    assert sorted(p.name for p in out.iterdir()) == []
