"""What a fourth held-out probe found (issue 15): real files given the changes their format's
structure allows (`tests/fuzz/structural.py`) and hostile YAML (`tests/fuzz/yaml_probe.py`),
read as a user's run reads them. Each test failed before its fix."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main

REAL = Path(__file__).resolve().parents[1] / "ingest" / "data" / "real"


def _ingest(path: Path, folder: Path) -> tuple[int, str, pd.DataFrame, pd.DataFrame]:
    """(status, messages, records, warnings) of `metasynth ingest PATH --out … --warnings …`."""
    out, warnings = folder / "records.csv", folder / "warnings.csv"
    messages = io.StringIO()
    with contextlib.redirect_stdout(messages), contextlib.redirect_stderr(messages):
        status = main(
            ["ingest", str(path), "--out", str(out), "--warnings", str(warnings), "--quiet"]
        )
    if status != 0:
        return status, messages.getvalue(), pd.DataFrame(), pd.DataFrame()
    read = {"dtype": str, "keep_default_na": False}
    records = pd.read_csv(out, **read)  # type: ignore[call-overload]
    return status, messages.getvalue(), records, pd.read_csv(warnings, **read)  # type: ignore[call-overload]


def test_a_stray_header_line_after_an_er_is_a_warning_naming_it(tmp_path: Path) -> None:
    # Zotero writes no export header: a `Database:` line after the first record's ER (line 45)
    # would name the database of every record below it
    lines = (REAL / "asreview_zotero.ris").read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[44].startswith("ER  -")
    lines.insert(45, "Database: Something else\n")
    path = tmp_path / "zotero.ris"
    path.write_text("".join(lines), encoding="utf-8")
    status, _, records, warnings = _ingest(path, tmp_path)
    assert status == 0
    assert len(records) == 10
    assert warnings[["line", "message"]].values.tolist() == [
        [
            "46",
            "an export header line between records ('Database: Something else') that is not "
            "the file's own header repeated (the file starts with no export header): read as "
            "the header of the records below it (a `Database:` line names their database); if "
            "it is a stray line, delete it",
        ]
    ]


def test_a_header_line_unlike_the_file_s_own_is_a_warning(tmp_path: Path) -> None:
    # JSTOR repeats its three-line header above every record (no warning); a lone `Content:`
    # line right after an ER is no such header
    text = (REAL / "colrev_jstor.ris").read_bytes().decode("utf-8")
    status, _, records, warnings = _ingest(REAL / "colrev_jstor.ris", tmp_path)
    assert (status, len(records), len(warnings)) == (0, 4, 0)
    lines = text.splitlines(keepends=True)
    assert lines[75].startswith("ER  -")
    lines.insert(76, "Content: text/plain\r\n")
    path = tmp_path / "jstor.ris"
    path.write_text("".join(lines), encoding="utf-8", newline="")
    status, _, records, warnings = _ingest(path, tmp_path)
    assert (status, len(records)) == (0, 4)
    assert warnings["line"].tolist() == ["77"]
    assert (
        warnings["message"]
        .iloc[0]
        .startswith(
            "an export header line between records ('Content: text/plain') that is not the "
            "file's own header repeated (the header above the first record has Provider, "
            "Database, Content)"
        )
    )


GOOGLE_SCHOLAR = REAL / "colrev_google_scholar.json"


def test_a_json_number_too_long_for_python_is_refused_naming_the_item(tmp_path: Path) -> None:
    # Python reads no integer of more than 4,300 digits: a ValueError (a traceback) before
    lines = (REAL / "bbt_3100.csl.json").read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].startswith('  {"id":"adamsVerse')
    lines[1] = lines[1].replace('{"id":', '{"volume":' + "7" * 5000 + ',"id":', 1)
    path = tmp_path / "zotero.json"
    path.write_text("".join(lines), encoding="utf-8")
    status, messages, _, _ = _ingest(path, tmp_path)
    assert status == 2
    assert f"{path}:2: the item holds a number too long to read" in messages


def test_a_count_too_large_for_the_tables_is_a_warning(tmp_path: Path) -> None:
    # a Publish or Perish result citing 10^100 times: OverflowError (a traceback) before
    text = GOOGLE_SCHOLAR.read_text(encoding="utf-8-sig")
    assert text.count('"cites": ') == 7
    path = tmp_path / "pop.json"
    path.write_text(text.replace('"cites": ', '"cites": 1' + "0" * 100 + ', "was": ', 1))
    status, _, records, warnings = _ingest(path, tmp_path)
    assert (status, len(records)) == (0, 7)
    assert records["times_cited"].iloc[0] == ""
    assert [
        "2",
        "times_cited is a number of 101 digits, too large to be one: left empty",
    ] in warnings[["line", "message"]].values.tolist()


def test_items_wrapped_in_a_web_api_s_object_are_refused(tmp_path: Path) -> None:
    # `{"meta": …, "results": [...]}` was read as one record without a title: 6 of 7 lost
    text = GOOGLE_SCHOLAR.read_text(encoding="utf-8-sig")
    path = tmp_path / "api.json"
    path.write_text('{"meta": {"count": 7},\n "results": ' + text + "}\n", encoding="utf-8")
    status, messages, _, _ = _ingest(path, tmp_path)
    assert status == 2
    assert (
        f"{path}:1: an object holding a list of 7 items under 'results' (a web API's "
        "response?), not an export's array of items"
    ) in messages


ROOT = Path(__file__).resolve().parents[2]


def test_a_yaml_value_its_tag_cannot_make_is_an_error_at_its_line(tmp_path: Path) -> None:
    # PyYAML's constructors raise ValueError or AttributeError: tracebacks before
    from metasynth.confidence.findings import load_findings
    from metasynth.errors import InputError
    from metasynth.synthesise.codebook import load_codebook

    codebook = load_codebook(ROOT / "data" / "coded" / "codebook.yaml")
    text = (ROOT / "data" / "coded" / "findings.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[9] == "  title: Technical dimension"
    path = tmp_path / "findings.yaml"
    for value, problem in [
        ("!!timestamp 2024-13-45", "the value '2024-13-45' cannot be read as timestamp"),
        ("!!int 0x7fffffff dimension", "the value '0x7fffffff dimension' cannot be read as int"),
        ("9" * 5000, "the value '" + "9" * 40 + "' cannot be read as int"),
    ]:
        path.write_text(text.replace("Technical dimension", value, 1), encoding="utf-8")
        with pytest.raises(InputError) as error:
            load_findings(path, codebook)
        assert (error.value.file, error.value.line) == (str(path), 10)
        assert str(error.value).startswith(f"{path}:10: malformed YAML: {problem}")


def test_a_checklist_of_the_review_s_own_is_checked_against_its_schema(tmp_path: Path) -> None:
    # `answers: .nan` was a TypeError ('float' object is not iterable)
    from metasynth.checklist import load_checklist
    from metasynth.errors import InputError

    shipped = ROOT / "src" / "metasynth" / "checklists" / "casp_qualitative.yaml"
    text = shipped.read_text(encoding="utf-8")
    assert text.splitlines()[11] == 'answers: ["Yes", "Can\'t tell", "No"]'
    path = tmp_path / "own.yaml"
    path.write_text(text.replace('answers: ["Yes", "Can\'t tell", "No"]', "answers: .nan"))
    with pytest.raises(InputError) as error:
        load_checklist(str(path))
    assert str(error.value).startswith(f"{path}:12 answers: nan is not of type 'array'")


def test_an_entity_in_a_workbook_is_refused_in_two_lines_naming_it(tmp_path: Path) -> None:
    # XXE in the worksheet XML was refused, but with openpyxl's five-line message
    import zipfile

    from metasynth.errors import InputError
    from metasynth.interop.sheets import read_sheet

    real = ROOT / "tests/interop/data/asreview/v2.2/asreview_dataset_all_metasynth.xlsx"
    path = tmp_path / "asreview.xlsx"
    with zipfile.ZipFile(real) as book, zipfile.ZipFile(path, "w") as damaged:
        for info in book.infolist():
            content = book.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                doctype = b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                content = doctype + content.replace(b"<t>WOS:", b"<t>&e;WOS:", 1)
            damaged.writestr(info, content)
    with pytest.raises(InputError) as error:
        read_sheet(path, what="an ASReview export")
    message = str(error.value)
    assert len(message.splitlines()) == 2
    assert message.startswith(f"{path}: not a readable Excel workbook (ValueError: Unable to read")
    assert "EntitiesForbidden(name='e', system_id='file:///etc/passwd'" in message


def test_a_utf16_sheet_without_a_byte_order_mark_is_read_with_a_notice(tmp_path: Path) -> None:
    # read as UTF-8, NULs and all: "20 cells but the header has 11 columns" at every row
    from metasynth.interop.sheets import read_sheet

    real = ROOT / "tests/interop/data/asreview/v2.2/asreview_dataset_all_metasynth.csv"
    path = tmp_path / "asreview.csv"
    path.write_bytes(real.read_text(encoding="utf-8-sig").encode("utf-16-le"))
    sheet, expected = read_sheet(path, what="a sheet"), read_sheet(real, what="a sheet")
    assert (sheet.columns, sheet.rows) == (expected.columns, expected.rows)
    assert len(sheet.rows) == 15
    assert sheet.notices == [f"{path}: UTF-16 text without a byte-order mark: read as UTF-16-LE"]
