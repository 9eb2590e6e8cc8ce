"""Decision and code files saved by Excel: `;` between columns is read (with a notice), a file
in Windows-1252 is refused with how to save it; the rows are the ones Excel writes (hand-made
here: Excel's "CSV (Comma delimited)" in a German locale writes `;` and Windows-1252, CRLF)."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from metasynth.errors import InputError
from metasynth.screen.decisions import read_decision_files
from metasynth.synthesise.codes import read_codes_csv
from metasynth.tables import append_rows

ROWS = [
    "record_id;stage;reviewer;decision;reason;note;date",
    "WOS:0001;title_abstract;R1;include;;Virtanen, Å: check the sample;2024-05-01",
    "WOS:0002;title_abstract;R1;exclude;off_topic;;2024-05-01",
]


def _write(path: Path, encoding: str) -> Path:
    path.write_bytes(("\r\n".join(ROWS) + "\r\n").encode(encoding))
    return path


def test_a_semicolon_file_is_read_with_a_notice(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path / "title_abstract_R1.csv", "utf-8-sig")
    with caplog.at_level(logging.WARNING, logger="metasynth.tables"):
        rows = read_decision_files([path])
    assert rows["note"].tolist() == ["Virtanen, Å: check the sample", ""]
    assert rows["source_line"].tolist() == [2, 3]
    assert "columns separated by semicolons" in caplog.text


def test_a_windows_1252_file_is_refused_saying_how_to_save_it(tmp_path: Path) -> None:
    path = _write(tmp_path / "title_abstract_R1.csv", "cp1252")
    with pytest.raises(InputError) as error:
        read_decision_files([path])
    assert error.value.line == 2
    assert "line 2 reads 'WOS:0001;title_abstract;R1;include;;Virtanen, Å" in error.value.message
    assert 'Excel: File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)"' in str(error.value.hint)


def test_a_semicolon_codes_file_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(
        "record_id;coder;code;quote;location;memo\nWOS:0001;coder_1;trust;a, b;p. 3;\n",
        encoding="utf-8",
    )
    codes = read_codes_csv(path)
    assert codes[["code", "quote"]].values.tolist() == [["trust", "a, b"]]


def test_rows_are_not_appended_to_a_semicolon_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "title_abstract_R1.csv", "utf-8")
    before = path.read_bytes()
    row = pd.DataFrame([dict.fromkeys(ROWS[0].split(";"), "x")])
    with pytest.raises(InputError, match="separated by semicolons; rows are added"):
        append_rows(path, row)
    assert path.read_bytes() == before


def test_an_unknown_column_in_a_semicolon_file_is_named_alone(tmp_path: Path) -> None:
    path = tmp_path / "title_abstract_R1.csv"
    path.write_text(ROWS[0] + ";Comment\n" + ROWS[2] + ";\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_decision_files([path])
    assert error.value.message == "unknown column(s) 'Comment'"
