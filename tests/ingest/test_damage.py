"""Damaged and joined exports (issue 15): mixed line ends, CRs inside values, broken BibTeX,
special files. Every record is read or warned about, and every text output reads back whole."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main
from metasynth.errors import InputError
from metasynth.ingest import read_exports


def as_cr(data: bytes) -> bytes:
    """The same bytes as an old "Mac" export writes them: every line ended by a bare CR."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")


@pytest.fixture()
def cr_then_lf(wos: Path, data: Path, tmp_path: Path) -> Path:
    """A CR-only WOS plain-text export (50 records) with an LF one (1 record) appended."""
    path = tmp_path / "joined.txt"
    lf = (data / "single_record.txt").read_bytes()
    path.write_bytes(as_cr((wos / "wosfile_plaintext.txt").read_bytes()) + lf)
    return path


@pytest.mark.parametrize("fast", [True, False])
def test_a_cr_only_export_joined_to_an_lf_one_reads_every_record(
    cr_then_lf: Path, fast: bool
) -> None:
    result = read_exports([cr_then_lf], fast=fast)
    assert result.n_records == 51
    assert result.records is not None
    assert result.records["record_id"].nunique() == 51
    assert result.report.loc[0, "line_ends"] == "mixed (LF 45, CR 5424)"


def test_mixing_line_ends_is_a_warning_at_the_first_line_of_the_other_style(
    cr_then_lf: Path,
) -> None:
    warnings = read_exports([cr_then_lf]).warnings
    mixed = warnings[warnings["message"].str.contains("mixes line ends")]
    assert mixed["line"].tolist() == [5425]
    assert "5,424 CR, 45 LF" in mixed["message"].iloc[0]


def test_a_cr_only_file_with_one_trailing_lf_reads_every_record(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "scopus.ris"
    path.write_bytes(as_cr((data / "scopus.ris").read_bytes()) + b"\n")
    assert read_exports([path]).n_records == 2


def test_cr_only_ris_joined_to_crlf_ris_reads_every_record(data: Path, tmp_path: Path) -> None:
    ris = (data / "scopus.ris").read_bytes()
    path = tmp_path / "scopus.ris"
    path.write_bytes(as_cr(ris) + ris)
    result = read_exports([path])
    assert result.n_records == 4
    assert result.records is not None
    assert result.records["title"].nunique() == 2


def test_a_bare_cr_inside_a_ris_value_stays_data(data: Path) -> None:
    """The WOS RIS fixture has one bare CR inside an abstract: it is no line end."""
    result = read_exports([data / "wos_ris.ris"])
    assert result.n_records == 2
    assert result.report.loc[0, "line_ends"] == "CRLF (+1 bare CR inside lines, kept as data)"


RIS_WITH_CR = (
    "TY  - JOUR\r\nTI  - Mentoring online\r\nAU  - Ortega, L\r\nPY  - 2020\r\n"
    "KW  - a\rb\r\nKW  - c\r\nDO  - 10.5555/cr.1\r\nER  - \r\n"
)


def test_csv_outputs_with_a_cr_inside_a_value_read_back_to_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a new review: no data/dedup/verdicts.csv
    export = tmp_path / "cr.ris"
    export.write_bytes(RIS_WITH_CR.encode())
    records = tmp_path / "records.csv"
    assert main(["ingest", str(export), "--out", str(records)]) == 0
    back = pd.read_csv(records, dtype="string", keep_default_na=False)
    assert len(back) == 1
    assert back.loc[0, "author_keywords"] == "a\rb; c"
    assert main(["dedup", str(records), "--out-dir", str(tmp_path / "dedup")]) == 0
    publications = pd.read_csv(tmp_path / "dedup" / "publications.csv", dtype="string")
    assert publications["record_id"].tolist() == back["record_id"].tolist()
    assert publications["doi"].tolist() == ["10.5555/cr.1"]


def test_fields_of_a_bibtex_entry_with_a_damaged_first_line_are_reported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "zotero.bib"
    path.write_text(
        "@article{ortega2020,\n  title = {Mentoring online},\n  year = {2020}\n}\n\n"
        "book{haddad2019,\n  title = {Mentors at a distance},\n  year = {2019}\n}\n",
        encoding="utf-8",
    )
    result = read_exports([path])
    assert result.n_records == 1
    assert result.warnings["line"].tolist() == [6]
    assert "whose `@type{key,` line is damaged" in result.warnings["message"].iloc[0]


def test_a_bibtex_file_joined_to_itself_reads_both_copies_and_says_duplicate_key(
    wos: Path, tmp_path: Path
) -> None:
    path = tmp_path / "twice.bib"
    bib = (wos / "egouldo_isi_keys.bib").read_bytes()
    path.write_bytes(bib + bib)
    result = read_exports([path])
    assert result.n_records == 20
    messages = result.warnings["message"]
    assert messages.str.startswith("duplicate key 'ISI:").sum() == 10
    assert not messages.str.contains("unclosed brace").any()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_named_like_an_export_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "savedrecs.txt"
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "metasynth", "ingest", str(fifo), "--out", "x.csv"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2
    assert f"{fifo.as_posix()}: is a named pipe (FIFO), not an export file" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_in_the_raw_folder_is_refused_by_name(data: Path, tmp_path: Path) -> None:
    (tmp_path / "single_record.txt").write_bytes((data / "single_record.txt").read_bytes())
    os.mkfifo(tmp_path / "savedrecs(1).txt")
    with pytest.raises(InputError, match="named pipe") as caught:
        read_exports([tmp_path])
    assert caught.value.file == (tmp_path / "savedrecs(1).txt").as_posix()


def test_a_broken_link_in_the_raw_folder_is_refused_by_name(data: Path, tmp_path: Path) -> None:
    (tmp_path / "single_record.txt").write_bytes((data / "single_record.txt").read_bytes())
    (tmp_path / "savedrecs.txt").symlink_to(tmp_path / "gone.txt")
    with pytest.raises(InputError, match="symbolic link to a file that does not exist") as caught:
        read_exports([tmp_path])
    assert caught.value.file == (tmp_path / "savedrecs.txt").as_posix()


def test_a_record_row_moved_above_a_csv_header_is_a_warning(data: Path, tmp_path: Path) -> None:
    lines = (data / "real" / "asreview_embase.csv").read_bytes().split(b"\n")
    lines[3], lines[4] = lines[4], lines[3]  # the first record above the header row
    path = tmp_path / "embase.csv"
    path.write_bytes(b"\n".join(lines))
    result = read_exports([path])
    assert result.n_records == 9
    assert result.warnings["line"].tolist() == [4]
    assert "above the header row is not read" in result.warnings["message"].iloc[0]


def test_utf16_read_out_of_step_after_a_lost_byte_is_a_warning(wos: Path, tmp_path: Path) -> None:
    data = (wos / "egouldo_tab_utf16_mac_cr.txt").read_bytes()
    lost = data.index("Schmera".encode("utf-16-le"))  # line 3 of 11
    added = data.index("Dormann".encode("utf-16-le"))  # line 10
    path = tmp_path / "savedrecs.txt"
    path.write_bytes(data[:lost] + data[lost + 1 : added] + b"x" + data[added:])
    result = read_exports([path])
    assert result.n_records == 3  # lines 3 to 10 read as one line of garbage
    assert result.warnings["line"].tolist() == [3]
    assert "UTF-16 text is out of step" in result.warnings["message"].iloc[0]


def test_a_utf8_line_inside_a_utf16_export_is_a_warning_at_its_line(
    wos: Path, tmp_path: Path
) -> None:
    # found by the eleventh probe: one record's line saved as UTF-8 by an editor read as Chinese
    # characters that swallowed its line end, two records made one, no warning (49 of 50)
    data = (wos / "wosfile_tab_win_utf16.txt").read_bytes()
    lines = data[2:].decode("utf-16-le").split("\r\n")
    pasted = lines[4].encode("utf-8") + b" " * (len(lines[4].encode("utf-8")) % 2) + b"\r\n"
    path = tmp_path / "savedrecs.txt"  # an even number of bytes: the lines after it in step
    path.write_bytes(
        data[:2]
        + "\r\n".join([*lines[:4], ""]).encode("utf-16-le")
        + pasted
        + "\r\n".join(lines[5:]).encode("utf-16-le")
    )
    result = read_exports([path])
    assert result.n_records == 49
    assert result.warnings["line"].tolist() == [5]
    assert result.warnings["message"].iloc[0].startswith("8-bit text (UTF-8 or Windows-1252)")


REAL = Path(__file__).parent / "data" / "real"


def test_a_csv_exports_header_row_repeated_is_a_warning_not_a_record(tmp_path: Path) -> None:
    # found by the fuzz suite (seed 3): the header line given twice was read as an 11th record
    lines = (REAL / "asreview_embase.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if line.startswith('"Title",'))
    path = tmp_path / "embase.csv"
    path.write_text("".join([*lines[: header + 1], lines[header], *lines[header + 1 :]]), "utf-8")
    result = read_exports([path])
    assert result.n_records == 10
    assert result.warnings["line"].tolist() == [header + 2]
    assert "header row repeated" in result.warnings["message"].iloc[0]


def test_a_pmid_line_alone_is_a_warning(tmp_path: Path) -> None:
    # found by the fuzz suite (seed 3): a repeated PMID line made a record of its own, silently
    lines = (REAL / "asreview_pubmed.nbib").read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("PMID-"))
    path = tmp_path / "pubmed.nbib"
    path.write_text("".join([*lines[: first + 1], lines[first], *lines[first + 1 :]]), "utf-8")
    result = read_exports([path])
    assert result.n_records == 51  # the file has 51 records now: one of them is a PMID alone
    messages = result.warnings["message"].tolist()
    assert any("PMID line alone" in m for m in messages), messages


def ingest_cli(tmp_path: Path, path: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(records, fields, warnings) written by `metasynth ingest PATH`."""
    out, fields, warnings = tmp_path / "r.csv", tmp_path / "f.csv", tmp_path / "w.csv"
    argv = ["ingest", str(path), "--out", str(out), "--fields", str(fields)]
    assert main([*argv, "--warnings", str(warnings), "--quiet"]) == 0
    read = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in (out, fields, warnings)]
    return read[0], read[1], read[2]


def test_ebsco_bibtex_entry_with_unbalanced_keywords_is_read_line_by_line(
    data: Path, tmp_path: Path
) -> None:
    """EBSCO copies a web page's script, braces and all, into `Keywords`: the entry is not
    valid BibTeX, but EBSCO writes one field per line, so it is read so, with a warning naming
    the entry and the field's line; the entries after it are read as before."""
    text = (data / "real" / "colrev_ebsco.bib").read_text(encoding="utf-8")
    path = tmp_path / "ebsco.bib"
    path.write_text(text + "\n@article{third,\nTitle = {A third paper},\nYear = {2001},\n}\n")
    records, fields, warnings = ingest_cli(tmp_path, path)
    assert records["title"].tolist() == [
        "Paper title.",
        "When sharing fixes prices.",
        "A third paper",
    ]
    assert warnings["line"].tolist() == ["15"]
    message = warnings["message"].iloc[0]
    assert "'13362467620181001'" in message and "Keywords (line 19)" in message
    keywords = fields[(fields["source_line"] == "15") & (fields["tag"] == "Keywords")]["value"]
    assert keywords.iloc[0].endswith("'antitrustBehindAd2', 0")  # the whole line, kept
    first = records.iloc[0]
    assert (first["database"], first["pages"], first["issn"]) == ("EBSCOhost", "1-10", "1234-5678")


def test_bibtex_entry_not_written_one_field_per_line_is_still_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A value over several lines whose brace is never closed: no line-by-line reading can
    say where it ends, so the file is refused at the entry, as before."""
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{ok,\n title = {Fine},\n year = {2020}\n}\n\n"
        "@article{broken,\n title = {Never closed,\n   and so on,\n year = {2021}\n}\n",
        encoding="utf-8",
    )
    assert main(["ingest", str(path), "--out", str(tmp_path / "r.csv"), "--quiet"]) == 2
    message = capsys.readouterr().err
    assert f"{path.as_posix()}:6: a BibTeX entry that cannot be parsed" in message


@pytest.mark.parametrize(
    ("name", "records"),
    [
        ("asreview_pubmed.nbib", 50),
        ("asreview_zotero.ris", 10),
        ("asreview_eric_ovid.ris", 10),
        ("asreview_scopus.csv", 10),
        ("colrev_ais_enl.txt", 6),
    ],
)
def test_an_export_joined_to_itself_is_read_twice_and_says_so(
    tmp_path: Path, name: str, records: int
) -> None:
    # found by the held-out probe: `cat a.ris a.ris` doubled PRISMA's records identified silently
    data = (REAL / name).read_bytes()
    path = tmp_path / f"twice{Path(name).suffix}"
    path.write_bytes(data + data)  # the second copy keeps its byte-order mark, as `cat` does
    found, _, warnings = ingest_cli(tmp_path, path)
    assert len(found) == 2 * records  # nothing dropped: the reviewer decides which copy goes
    repeats = warnings[warnings["message"].str.contains("repeat an earlier record")]
    assert len(repeats) == 1, warnings["message"].tolist()
    assert repeats["message"].iloc[0].startswith(f"{records} record(s) repeat")
    assert "joined to itself" in repeats["message"].iloc[0]


@pytest.mark.parametrize("fast", [True, False])
def test_a_wos_export_joined_to_itself_without_a_byte_order_mark_says_so(
    wos: Path, tmp_path: Path, fast: bool
) -> None:
    plain = (wos / "wosfile_plaintext.txt").read_bytes().removeprefix(b"\xef\xbb\xbf")
    path = tmp_path / "savedrecs.txt"
    path.write_bytes(plain + plain)
    result = read_exports([path], fast=fast)
    assert result.n_records == 100
    messages = result.warnings["message"].tolist()
    assert [m[:30] for m in messages] == ["50 record(s) repeat an earlier"], messages


def test_one_export_of_distinct_records_has_no_repeat_warning(wos: Path, tmp_path: Path) -> None:
    for name in ("asreview_pubmed.nbib", "asreview_eric_ovid.ris", "asreview_scopus.csv"):
        _, _, warnings = ingest_cli(tmp_path, REAL / name)
        assert not warnings["message"].str.contains("repeat an earlier record").any()


@pytest.mark.parametrize(
    "name",
    [
        "scopus.ris",
        "real/asreview_cinahl.ris",
        "real/asreview_pubmed.nbib",
        "real/Embase_endnote_r3001-3002.cgi",
        "real/colrev_ais_enl.txt",
        "early_access.txt",
    ],
)
def test_spaces_and_a_tab_after_every_line_change_no_record(
    name: str, data: Path, tmp_path: Path
) -> None:
    """An editor or a copy that pads every line: not a tab-delimited file, no blank-line warning,
    the same records on the same lines as the export as it was."""
    padded = tmp_path / "padded" / Path(name).name
    padded.parent.mkdir()
    text = (data / name).read_bytes().replace(b"\r\n", b"\n")
    padded.write_bytes(text.replace(b"\n", b" \t\n"))
    clean = tmp_path / "clean" / Path(name).name
    clean.parent.mkdir()
    clean.write_bytes(text)
    (before, _, _), (after, _, warnings) = (
        ingest_cli(tmp_path / "a", clean),
        ingest_cli(tmp_path / "b", padded),
    )
    assert warnings.empty, warnings["message"].tolist()
    pd.testing.assert_frame_equal(
        before.drop(columns="source_file"), after.drop(columns="source_file")
    )


def test_text_after_a_closing_quote_is_not_called_an_open_quote(tmp_path: Path) -> None:
    path = tmp_path / "scopus.csv"
    path.write_text('Authors,Title,Year,Source title,EID\n"Smith J." ,"A title",2020,J,2-s2.0-1\n')
    with pytest.raises(InputError) as raised:
        read_exports([path])
    assert raised.value.line == 2
    assert "followed by more text" in str(raised.value.hint)


@pytest.mark.parametrize("indent", [None, 1])
def test_a_json_export_whose_first_title_is_longer_than_the_sample_is_read(
    data: Path, tmp_path: Path, indent: int | None
) -> None:
    """Publish or Perish writes `uid` and `title` first: a title of 100,000 characters hid every
    key that tells the format, and the export was refused as an unknown JSON file."""
    items = json.loads((data / "real" / "colrev_google_scholar.json").read_text("utf-8-sig"))
    items[0]["title"] = "long " * 20_000
    path = tmp_path / "scholar.json"
    path.write_text(json.dumps(items, indent=indent), encoding="utf-8")
    records, _, _ = ingest_cli(tmp_path, path)
    assert len(records) == len(items)
    assert records.loc[0, "title"] == items[0]["title"].strip()
    assert set(records["source_format"]) == {"pop_json"}


LINE_END = re.compile(rb"\r\n|\r|\n")
SEPARATOR_EXPORTS = {  # (folder fixture, file, records)
    "wos_plaintext": ("wos", "wosfile_plaintext.txt", 50),
    "wos_tab": ("wos", "wosfile_tab_win_utf8.txt", 50),
    "ris": ("data", "real/asreview_zotero.ris", 10),
    "medline": ("data", "real/asreview_pubmed.nbib", 50),
    "bibtex": ("data", "real/colrev_scopus.bib", 11),
    "scopus_csv": ("data", "real/asreview_scopus.csv", 10),
}


def _export(request: pytest.FixtureRequest, name: str) -> tuple[bytes, int, str]:
    folder, file, n_records = SEPARATOR_EXPORTS[name]
    path = request.getfixturevalue(folder) / file
    return path.read_bytes(), n_records, path.suffix


@pytest.mark.parametrize("name", sorted(SEPARATOR_EXPORTS))
def test_an_export_whose_lines_end_in_u2028_reads_every_record_and_says_how_many(
    request: pytest.FixtureRequest, tmp_path: Path, name: str
) -> None:
    """U+2028 (LINE SEPARATOR) where line ends belong (a file converted by a tool): RIS read 1
    of 10 records with a warning about a cut-short file, MEDLINE 1 of 50 without a word."""
    data, n_records, suffix = _export(request, name)
    path = tmp_path / f"export{suffix}"
    n_lines = len(LINE_END.findall(data))
    path.write_bytes(LINE_END.sub("\u2028".encode(), data))
    records, _, warnings = ingest_cli(tmp_path, path)
    assert len(records) == n_records
    assert warnings["message"].tolist() == [
        "lines end in a character that is not a line end in an export "
        f"({n_lines:,} with U+2028 (LINE SEPARATOR), of {n_lines:,} lines): read as line ends. "
        "A file converted by a tool or copied from a web page? Check that the record count "
        "matches the database's"
    ]


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u2029", "U+2029 (PARAGRAPH SEPARATOR)"),
        ("\x85", "U+0085 (NEXT LINE)"),
        ("\x0b", "vertical tab"),
        ("\x0c", "form feed"),
    ],
)
@pytest.mark.parametrize("export", ["ris", "wos_tab"])
def test_every_other_unicode_line_break_after_lf_lines_is_read_as_a_line_end(
    request: pytest.FixtureRequest, tmp_path: Path, char: str, name: str, export: str
) -> None:
    """An LF export joined to one whose lines end in another line break: every record of both
    halves, and the warning names the character, how many lines and the first one."""
    data, n_records, suffix = _export(request, export)
    path = tmp_path / f"joined{suffix}"
    other = LINE_END.sub(char.encode(), data)
    path.write_bytes(data + other)
    n_lines = len(LINE_END.findall(data))
    records, _, warnings = ingest_cli(tmp_path, path)
    assert len(records) == 2 * n_records
    said = warnings[warnings["message"].str.startswith("lines end in a character")]
    assert said["line"].tolist() == [str(n_lines + 1)]
    assert f"({n_lines:,} with {name}, of {2 * n_lines:,} lines)" in said["message"].iloc[0]


@pytest.mark.parametrize("char", ["\u2028", "\x85"])
@pytest.mark.parametrize("export", ["wos_plaintext", "ris", "medline"])
def test_a_line_separator_inside_a_title_is_a_space_and_loses_no_record(
    request: pytest.FixtureRequest, tmp_path: Path, char: str, export: str
) -> None:
    data, n_records, suffix = _export(request, export)
    text = data.decode("utf-8-sig")
    before, _, _ = ingest_cli(tmp_path, _written(tmp_path / f"plain{suffix}", text))
    joined = re.sub(r"(\w) (the|and|of) ", rf"\1{char}\2 ", text)
    after, _, warnings = ingest_cli(tmp_path, _written(tmp_path / f"odd{suffix}", joined))
    assert len(after) == n_records
    assert warnings.empty, warnings["message"].tolist()
    assert after["title"].tolist() == before["title"].tolist()


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("char", ["\u2028", "\x0b", "\x0c"])
def test_a_line_separator_in_a_quoted_csv_cell_keeps_the_rows_fields(
    data: Path, tmp_path: Path, char: str
) -> None:
    """In a CSV export of LF lines such a character inside a quoted cell is a space: read as a
    line end inside the cell, a backslash before it cost the row its DOI and EID."""
    rows = list(csv.reader(io.StringIO((data / "real/asreview_scopus.csv").read_text("utf-8-sig"))))
    column = rows[0].index("Source title")
    rows[3][column] = f"Nature \\\\{char}@ Reports{char}"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    records, _, warnings = ingest_cli(tmp_path, _written(tmp_path / "scopus.csv", out.getvalue()))
    assert len(records) == 10
    assert warnings.empty, warnings["message"].tolist()
    row = records.iloc[2]
    assert row["source_title"] == "Nature \\\\ @ Reports"
    assert row["record_id"].startswith("SCOPUS:2-s2.0-")
    assert row["doi"] == rows[3][rows[0].index("DOI")]


def test_endnote_exports_with_a_byte_order_mark_joined_read_every_record(tmp_path: Path) -> None:
    # found by the eleventh probe: the second file's BOM hid its first `%T`, so that record's
    # fields were read as lines of the last record of the first file (5 of 6, no warning)
    data = b"\xef\xbb\xbf" + (REAL / "colrev_ais_enl.txt").read_bytes()
    n_lines = data.count(b"\n")
    path = tmp_path / "joined.txt"
    path.write_bytes(data + data)  # `cat a.txt b.txt` of two files EndNote wrote with a BOM
    found, _, warnings = ingest_cli(tmp_path, path)
    assert len(found) == 12
    assert found["title"].iloc[6] == found["title"].iloc[0]
    bom = warnings[warnings["message"].str.contains("byte-order mark")]
    assert bom["line"].tolist() == [str(n_lines + 1)]


@pytest.mark.parametrize(
    ("name", "empty"),
    [
        ("asreview_zotero.ris", "TY  - JOUR\nER  - \n\n"),
        ("colrev_scopus.bib", "@article{empty_entry,\n}\n\n"),
    ],
)
def test_an_empty_record_is_counted_and_warned_at_its_line(
    tmp_path: Path, name: str, empty: str
) -> None:
    # found by the eleventh probe: an item with only its type was one more record identified,
    # blank in screening, with no warning (a WOS, MEDLINE or EndNote one had one)
    path = tmp_path / name
    path.write_text(empty + (REAL / name).read_text(encoding="utf-8-sig"), encoding="utf-8")
    found, _, warnings = ingest_cli(tmp_path, path)
    (tmp_path / "untouched").mkdir()
    original, _, _ = ingest_cli(tmp_path / "untouched", REAL / name)
    assert len(found) == len(original) + 1
    assert found["title"].iloc[0] == ""
    empty_warnings = warnings[warnings["message"].str.startswith("a record with no title")]
    assert empty_warnings["line"].tolist() == ["1"]
