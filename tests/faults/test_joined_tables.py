"""Hand-edited tables joined or edited on other systems (issue 15, items 1 and 2): a bare CR
inside a cell is data, not a second row; a repeated header row (two files joined) is refused at
its line instead of being read as one more row. Found by the fuzz suite (tests/fuzz)."""

from __future__ import annotations

from pathlib import Path

import pytest

from metasynth.errors import InputError
from metasynth.synthesise.codes import read_codes_csv
from metasynth.synthesise.taguette import read_highlights
from metasynth.tables import read_hand_table

HEADER = "record_id,coder,code,quote,location,memo\n"


def test_a_bare_cr_inside_a_codes_cell_stays_in_its_row(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_bytes(
        (HEADER + "WOS:1,coder_1,trust,Trust came\rfirst.,p. 4,\nWOS:2,coder_1,trust,Yes.,p. 1,\n")
        .encode()
    )  # fmt: skip
    codes = read_codes_csv(path)
    assert codes["quote"].tolist() == ["Trust came\rfirst.", "Yes."]
    assert codes["source_ref"].tolist() == ["line 2", "line 3"]


def test_a_cr_only_hand_file_reads_every_row(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    text = HEADER + "WOS:1,coder_1,trust,Trust came first.,p. 4,\nWOS:2,coder_1,trust,Yes.,p. 1,\n"
    path.write_bytes(text.replace("\n", "\r").encode() + b"\n")  # Excel "CSV (Macintosh)"
    assert read_codes_csv(path)["record_id"].tolist() == ["WOS:1", "WOS:2"]


def test_a_header_joined_to_rows_by_bare_crs_says_so(tmp_path: Path) -> None:
    # the first lines saved on a Mac (CR), the rest added on Linux (LF): the CRs are data in a
    # file of LF lines, so the header holds the first rows; the message said only "unknown
    # column(s) 'memo\rWOS:1', 'coder_1', …"
    path = tmp_path / "codes.csv"
    rows = ["WOS:1,coder_1,trust,Came first.,p. 4,", "WOS:2,coder_1,trust,Yes.,p. 1,"]
    text = HEADER.replace("\n", "\r") + rows[0] + "\r" + "".join(f"{row}\n" for row in rows[1:] * 3)
    path.write_bytes(text.encode())
    with pytest.raises(InputError) as error:
        read_codes_csv(path)
    assert (error.value.file, error.value.line) == (path.as_posix(), 1)
    assert error.value.message == (
        "a bare CR (an old Mac line end) joined the header and the rows after it into one line"
    )
    assert error.value.hint is not None and error.value.hint.startswith(
        "save the file again so that every line ends the same way (LF or CRLF)"
    )


def test_a_decision_file_joined_to_itself_is_refused_at_the_second_header(
    root: Path, tmp_path: Path
) -> None:
    text = (root / "data" / "screening" / "full_text_R3_resolutions.csv").read_text()
    path = tmp_path / "full_text_R3.csv"
    path.write_text(text + text)
    with pytest.raises(InputError) as error:
        read_hand_table(path, "screening_decisions")
    assert error.value.line == len(text.splitlines()) + 1
    assert error.value.message == "the header row is repeated here (two files joined into one?)"


def test_a_taguette_export_joined_to_itself_is_refused_at_the_second_header(
    shared: Path, tmp_path: Path
) -> None:
    data = (shared / "qda" / "taguette" / "highlights.csv").read_bytes()
    path = tmp_path / "highlights.csv"
    path.write_bytes(data + data)
    with pytest.raises(InputError) as error:
        read_highlights(path, coder="coder_1", record_id_pattern=r"(?P<record_id>.+)")
    assert error.value.line == 5
    assert "header row is repeated" in error.value.message


def test_a_repeated_header_cut_short_is_refused_too(shared: Path, tmp_path: Path) -> None:
    data = (shared / "qda" / "taguette" / "highlights.csv").read_bytes()
    path = tmp_path / "highlights.csv"
    path.write_bytes(data + data.split(b"\r\n")[0][:-3])  # ends in "id,document,tag,cont"
    with pytest.raises(InputError) as error:
        read_highlights(path, coder="coder_1", record_id_pattern=r"(?P<record_id>.+)")
    assert error.value.line == 5
