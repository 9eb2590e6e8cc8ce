"""Real Web of Science exports (../shared/fixtures/wos) read in every format they come in."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metasynth.ingest import read_exports

WOSFILE = ("wosfile_plaintext.txt", "wosfile_tab_win_utf8.txt", "wosfile_tab_win_utf16.txt")
ALL = (*WOSFILE, "egouldo_tab_utf16_mac_cr.txt", "egouldo_isi_keys.bib")
AGREE = ["title", "year", "doi", "authors", "source_title"]


@pytest.fixture(scope="module")
def wosfile_three(wos: Path) -> pd.DataFrame:
    records = read_exports([wos / name for name in WOSFILE]).records
    assert records is not None
    return records


@pytest.fixture(scope="module")
def egouldo(wos: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    tab = read_exports([wos / "egouldo_tab_utf16_mac_cr.txt"]).records
    bib = read_exports([wos / "egouldo_isi_keys.bib"]).records
    assert tab is not None and bib is not None
    return tab.set_index("record_id"), bib.set_index("record_id")


@pytest.mark.parametrize(
    ("name", "fmt", "encoding", "bom", "line_ends", "n_records"),
    [
        ("wosfile_plaintext.txt", "wos_plaintext", "UTF-8", True, "LF", 50),
        ("wosfile_tab_win_utf8.txt", "wos_tab", "UTF-8", True, "LF", 50),
        ("wosfile_tab_win_utf16.txt", "wos_tab", "UTF-16LE", True, "CRLF", 50),
        ("egouldo_tab_utf16_mac_cr.txt", "wos_tab", "UTF-16LE", True, "CR", 10),
        ("egouldo_isi_keys.bib", "wos_bibtex", "UTF-8", True, "LF", 10),
    ],
)
def test_report_per_real_file(
    wos: Path, name: str, fmt: str, encoding: str, bom: bool, line_ends: str, n_records: int
) -> None:
    result = read_exports([wos / name])
    row = result.report.iloc[0]
    assert (row.source_format, row.encoding, bool(row.bom), row.line_ends) == (
        fmt,
        encoding,
        bom,
        line_ends,
    )
    assert row.records_found == row.records_written == n_records
    assert len(result.warnings) == 0


def test_every_real_fixture_writes_every_record_found(wos: Path) -> None:
    result = read_exports([wos / name for name in ALL])
    assert result.report["records_found"].tolist() == result.report["records_written"].tolist()
    assert result.n_records == 170
    assert result.records is not None and len(result.records) == 170


def test_wosfile_three_formats_give_150_records_of_the_same_50_uts(
    wosfile_three: pd.DataFrame,
) -> None:
    assert len(wosfile_three) == 150
    per_file = wosfile_three.groupby("source_format")["record_id"].nunique()
    assert per_file.to_dict() == {"wos_plaintext": 50, "wos_tab": 50}
    uts = [set(group["ut"]) for _, group in wosfile_three.groupby("source_file")]
    assert uts[0] == uts[1] == uts[2]
    assert len(uts[0]) == 50
    assert wosfile_three["record_id"].str.startswith("WOS:").all()
    assert "WOS:000220015600001" in uts[0]


@pytest.mark.parametrize("column", [*AGREE, "abstract", "affiliations", "countries", "pages"])
def test_wosfile_values_agree_across_the_three_files(
    wosfile_three: pd.DataFrame, column: str
) -> None:
    per_record = wosfile_three.groupby("record_id")[column].nunique(dropna=False)
    assert (per_record == 1).all(), per_record[per_record != 1].head()


def test_wosfile_first_record_values(wosfile_three: pd.DataFrame) -> None:
    first = wosfile_three[wosfile_three["source_format"] == "wos_plaintext"].iloc[0]
    assert first["record_id"] == "WOS:000220015600001"
    assert first["source_line"] == 3
    assert first["title"] == (
        "Knowledge networks as channels and conduits: The effects of spillovers in the Boston "
        "biotechnology community"
    )
    assert first["authors"] == "Owen-Smith, J; Powell, WW"
    assert (first["year"], first["year_source"]) == (2004, "PY")
    assert first["doi"] == "10.1287/orsc.1030.0054"
    assert first["pages"] == "5-21"
    assert first["countries"] == "USA"
    assert (first["times_cited"], first["times_cited_all"], first["cited_ref_count"]) == (
        420,
        430,
        62,
    )


def test_egouldo_tab_and_bib_hold_the_same_ten_records(
    egouldo: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    tab, bib = egouldo
    assert sorted(tab.index) == sorted(bib.index)
    assert "WOS:000429757300002" in tab.index  # the BibTeX key ISI:000429757300002
    assert bib.loc["WOS:000429757300002", "ut"] == "ISI:000429757300002"


@pytest.mark.parametrize("column", ["title", "year", "doi", "source_title", "pages", "volume"])
def test_egouldo_tab_and_bib_agree(egouldo: tuple[pd.DataFrame, pd.DataFrame], column: str) -> None:
    tab, bib = egouldo
    assert tab[column].to_dict() == bib.loc[tab.index, column].to_dict()


def test_egouldo_authors_agree_except_wos_transliterations(
    egouldo: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """WOS writes ö as `o` in the tab file and `oe` in BibTeX; everything else agrees."""
    tab, bib = egouldo
    differ = sorted(i for i in tab.index if tab.at[i, "authors"] != bib.at[i, "authors"])
    assert differ == ["WOS:000261524000013", "WOS:000429757300002"]
    assert "Moller, P" in tab.at["WOS:000429757300002", "authors"]
    assert "Moeller, P" in bib.at["WOS:000429757300002", "authors"]
    for record_id in differ:
        assert tab.at[record_id, "authors"].count(";") == bib.at[record_id, "authors"].count(";")


def test_egouldo_bib_affiliations_drop_reprint_line_and_author_names(
    egouldo: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    tab, bib = egouldo
    record_id = "WOS:000429757300002"
    assert bib.at[record_id, "affiliations"] == tab.at[record_id, "affiliations"]
    assert bib.at[record_id, "countries"] == (
        "Sweden; Finland; Estonia; Latvia; Denmark; Poland; Lithuania; Germany"
    )


def test_egouldo_tab_columns_unknown_to_older_readers_are_kept(wos: Path) -> None:
    """DA, U1, U2, OA hold values; EA and EY are empty in every row (no value to keep)."""
    fields = read_exports([wos / "egouldo_tab_utf16_mac_cr.txt"]).fields
    assert fields is not None
    assert {"DA", "U1", "U2", "OA"} <= set(fields["tag"])
    assert not {"EA", "EY"} & set(fields["tag"])
    assert (fields.loc[fields["tag"] == "DA", "value"] == "2018-10-25").all()


def test_fields_table_keeps_every_plaintext_line(wos: Path) -> None:
    """Every tag line and continuation line of the export is in the fields table."""
    path = wos / "wosfile_plaintext.txt"
    fields = read_exports([path]).fields
    assert fields is not None
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    body = [line for line in lines if line[:2] not in ("FN", "VR", "ER", "EF") and line]
    assert sum(value.count("\n") + 1 for value in fields["value"]) == len(body)
    assert len(fields) == sum(1 for line in body if not line.startswith("   "))
