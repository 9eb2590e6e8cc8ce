"""A RIS `PY` that holds no year (TRID has been seen writing `PY  - Start date`): the year comes
from DA when it can, and the warnings file says so either way, naming the record's line."""

from __future__ import annotations

from pathlib import Path

from .conftest import ingest_with_warnings as ingest

# A real EndNote 20 RIS export (tests/ingest/data/README.md); its first record opens on line 1
REAL = "real/reflib_blue_light.ris"


def export_with(data: Path, tmp_path: Path, replacement: str) -> Path:
    text = (data / REAL).read_text(encoding="utf-8-sig")
    assert text.count("PY  - 2018\n") == 1
    path = tmp_path / "trid.ris"
    path.write_text(text.replace("PY  - 2018\n", replacement), encoding="utf-8")
    return path


def test_a_py_without_a_year_takes_da_and_is_warned_about(data: Path, tmp_path: Path) -> None:
    path = export_with(data, tmp_path, "PY  - Start date\nDA  - 2018/03/27\n")
    records, warnings = ingest(path)
    first = records.iloc[0]
    assert (first["year"], first["year_source"]) == ("2018", "DA")
    assert warnings[["line", "message"]].values.tolist() == [
        [
            "1",
            "PY 'Start date' holds no year: the year 2018 was taken from DA; "
            "correct the record's PY line",
        ]
    ]


def test_a_py_without_a_year_and_no_other_date_leaves_the_year_empty(
    data: Path, tmp_path: Path
) -> None:
    records, warnings = ingest(export_with(data, tmp_path, "PY  - Start date\n"))
    assert (records.iloc[0]["year"], records.iloc[0]["year_source"]) == ("", "")
    assert warnings["message"].tolist() == [
        "PY 'Start date' holds no year: the record has no year; correct the record's PY line"
    ]
    assert records["year"].tolist()[:2] == ["", "2004"]
