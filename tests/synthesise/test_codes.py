"""Reading the coding: the hand-made CSV, Taguette exports, configured sources, coders."""

from __future__ import annotations

from pathlib import Path

import pytest

from metasynth.errors import InputError
from metasynth.synthesise import SynthesisSettings
from metasynth.synthesise.codes import read_codes_csv
from metasynth.synthesise.sources import import_codes
from metasynth.synthesise.taguette import check_codebook_counts, read_codebook_csv, read_highlights

HEADER = "record_id,coder,code,quote,location,memo\n"


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "codes.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_csv_rows_keep_their_line(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        'WOS:1,coder_1,timely feedback,"Mentors replied, fast",p. 4,\n\nWOS:2,coder_1,trust,,,\n',
    )
    codes = read_codes_csv(path)
    assert codes["source_ref"].tolist() == ["line 2", "line 4"]
    assert codes.loc[0, "quote"] == "Mentors replied, fast"
    assert codes.loc[1, "code_path"] == "trust"


def test_csv_missing_code_names_the_line(tmp_path: Path) -> None:
    path = _csv(tmp_path, "WOS:1,coder_1,feedback,,,\nWOS:2,coder_1,,q,,\n")
    with pytest.raises(InputError, match="code: the cell is empty: fill it in") as exc:
        read_codes_csv(path)
    assert exc.value.line == 3


def test_unknown_coder_in_csv_names_the_line(tmp_path: Path) -> None:
    path = _csv(tmp_path, "WOS:1,coder_1,feedback,,,\nWOS:2,Coder One,trust,,,\n")
    settings = SynthesisSettings.from_config(
        {"coders": ["coder_1", "coder_2"], "sources": [{"path": str(path)}]}
    )
    with pytest.raises(InputError, match="unknown coder 'Coder One'") as exc:
        import_codes(settings.sources, settings)
    assert (exc.value.file, exc.value.line) == (path.as_posix(), 3)


def test_sources_are_read_in_order_and_formats_guessed(tmp_path: Path, shared: Path) -> None:
    path = _csv(tmp_path, "WOS:1,coder_1,feedback,,,\n")
    settings = SynthesisSettings.from_config(
        {
            "coders": ["coder_1", "coder_2"],
            "sources": [
                {"path": str(path)},
                {
                    "path": str(shared / "qda" / "taguette" / "highlights.csv"),
                    "format": "taguette",
                    "coder": "coder_2",
                },
            ],
        }
    )
    codes, notices = import_codes(settings.sources, settings)
    assert codes["coder"].tolist() == ["coder_1", "coder_2", "coder_2", "coder_2"]
    assert codes["record_id"].tolist() == ["WOS:1", "otherdoc", "otherdoc", "otherdoc"]
    assert notices == []


def test_taguette_source_needs_a_coder(shared: Path) -> None:
    settings = SynthesisSettings.from_config({})
    spec = {"path": str(shared / "qda" / "taguette" / "highlights.csv"), "format": "taguette"}
    with pytest.raises(InputError, match="a Taguette source needs `coder:`"):
        import_codes([spec], settings)


def test_taguette_highlights(shared: Path) -> None:
    codes, _ = read_highlights(
        shared / "qda" / "taguette" / "highlights.csv",
        coder="coder_1",
        record_id_pattern=r"(?P<record_id>.+)",
    )
    assert len(codes) == 3  # two highlights, one of them with two tags
    assert codes["location"].nunique() == 2
    assert codes[["code", "code_path", "quote"]].values.tolist() == [
        ["places", "interesting > places", "diff"],
        ["interesting", "interesting", "tent"],
        ["people", "people", "tent"],
    ]
    assert codes["source_ref"].tolist() == ["line 2", "line 3", "line 4"]  # CRLF counted once


def test_taguette_codebook_counts_are_checked(shared: Path) -> None:
    folder = shared / "qda" / "taguette"
    codebook = read_codebook_csv(folder / "codebook.csv")
    assert codebook[["path", "n_highlights", "n_documents"]].values.tolist() == [
        ["interesting", 1, 1],
        ["people", 2, 2],
        ["interesting > places", 1, 1],
    ]
    highlights, _ = read_highlights(
        folder / "highlights.csv", coder="c", record_id_pattern=r"(?P<record_id>.+)"
    )
    notices = check_codebook_counts(codebook, highlights, file="codebook.csv")
    # The fixture's codebook was exported from a different project state than its highlights.
    assert [n.message for n in notices] == [
        "tag 'people': codebook says 2 highlights in 2 documents, the highlights export has 1 in 1"
    ]


def test_taguette_file_that_is_not_an_export(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="not a Taguette export: missing column"):
        read_highlights(path, coder="c", record_id_pattern="(?P<record_id>.+)")


def test_taguette_source_with_its_codebook_reports_stale_counts(shared: Path) -> None:
    folder = shared / "qda" / "taguette"
    settings = SynthesisSettings.from_config({})
    spec = {
        "path": str(folder / "highlights.csv"),
        "format": "taguette",
        "coder": "c",
        "codebook": str(folder / "codebook.csv"),
    }
    codes, notices = import_codes([spec], settings)
    assert len(codes) == 3
    assert [n.message.split(":")[0] for n in notices] == ["tag 'people'"]
