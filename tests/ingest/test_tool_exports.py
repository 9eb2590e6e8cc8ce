"""Exports of EndNote (tagged), IEEE Xplore (CSV, RIS) and SpringerLink (CSV), CSL JSON (Zotero,
Better BibTeX, metasynth) and Publish or Perish (Google Scholar JSON), and EBSCO's damaged
BibTeX, read the way a user reads them: `metasynth ingest FILE --out … --fields … --warnings …`.
The files are real exports in tests/ingest/data/real (origin and licence in
tests/ingest/data/README.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main

REAL = Path(__file__).parent / "data" / "real"


def ingest(tmp_path: Path, *paths: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(records, fields, warnings) written by `metasynth ingest PATHS`."""
    out, fields, warnings = tmp_path / "r.csv", tmp_path / "f.csv", tmp_path / "w.csv"
    argv = ["ingest", *map(str, paths), "--out", str(out), "--fields", str(fields)]
    assert main([*argv, "--warnings", str(warnings), "--quiet"]) == 0
    return tuple(  # type: ignore[return-value]
        pd.read_csv(path, dtype=str, keep_default_na=False) for path in (out, fields, warnings)
    )


def refusal(tmp_path: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The message `metasynth ingest PATH` refuses the file with (status 2)."""
    assert main(["ingest", str(path), "--out", str(tmp_path / "r.csv"), "--quiet"]) == 2
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "fmt", "n_records", "first_id", "n_warnings"),
    [
        ("colrev_ais_enl.txt", "endnote", 6, "h:", 0),
        ("colrev_ieee.csv", "ieee_csv", 2, "h:", 0),
        ("colrev_springer.csv", "springer_csv", 1, "h:", 0),
        ("colrev_google_scholar.json", "pop_json", 7, "GS:10955542985646283611", 1),
        ("bbt_3100.csl.json", "csl_json", 2, "h:", 0),
        ("bbt_3327.csl.json", "csl_json", 1, "h:", 0),
        ("colrev_ebsco.bib", "bibtex", 2, "h:", 1),
    ],
)
def test_every_record_of_the_export_is_read(
    tmp_path: Path, name: str, fmt: str, n_records: int, first_id: str, n_warnings: int
) -> None:
    records, fields, warnings = ingest(tmp_path, REAL / name)
    assert set(records["source_format"]) == {fmt}
    assert len(records) == records["record_id"].nunique() == n_records
    assert records["record_id"].iloc[0].startswith(first_id)
    assert len(warnings) == n_warnings
    assert set(fields["record_id"]) == set(records["record_id"])


def test_endnote_tagged_columns_and_every_tag_with_its_line(tmp_path: Path) -> None:
    records, fields, _ = ingest(tmp_path, REAL / "colrev_ais_enl.txt")
    first = records.iloc[0]
    assert first["authors"] == "Guo, W; Straub, DW; Zhang, P; Cai, Z"
    assert (first["source_title"], first["volume"], first["issue"], first["pages"]) == (
        "Management Information Systems Quarterly",
        "45",
        "3",
        "1309-1348",
    )
    assert (first["year"], first["doc_type"], first["doc_type_norm"]) == (
        "2021",
        "Journal Article",
        "article",
    )
    assert first["abstract"].startswith("IS research has extensively examined the role of trust")
    # records are separated by two blank lines; the second has no %0: its type is flagged
    assert records["source_line"].tolist() == ["1", "17", "27", "37", "50", "61"]
    assert records.iloc[1]["doc_type_norm"] == "unknown"
    first_fields = fields[fields["source_line"] == "1"]
    assert first_fields["tag"].tolist() == list("T0AAAABD8VNPUX")
    assert records.iloc[3]["authors"].startswith("Rokrok, E; Shafie-khah, M; Osório, G")


def test_endnote_record_without_its_blank_line_is_read_as_two_with_a_warning(
    tmp_path: Path,
) -> None:
    text = (REAL / "colrev_ais_enl.txt").read_text(encoding="utf-8")
    joined = text.replace("\n\n\n%T MISQ Volume 45", "\n%T MISQ Volume 45", 1)
    path = tmp_path / "joined.enw"
    path.write_text(joined, encoding="utf-8")
    records, _, warnings = ingest(tmp_path, path)
    assert len(records) == 6
    assert warnings["line"].tolist() == ["15"]
    assert "%T again with no blank line before it" in warnings["message"].iloc[0]


def test_endnote_accession_number_is_an_id_only_where_its_database_is_named(
    tmp_path: Path,
) -> None:
    """`%M` (accession number) with `%~` (name of database) as EndNote writes them for a
    PubMed record; `%M` alone identifies nothing. Tags EndNote's filters list in lower case
    (`%f`) are tags too."""
    text = (REAL / "colrev_ais_enl.txt").read_text(encoding="utf-8")
    named = text.replace("%D 2021\n", "%D 2021\n%M 33202025\n%~ PubMed\n%f a note\n", 1)
    path = tmp_path / "named.enw"
    path.write_text(named.replace("%D 2019\n", "%D 2019\n%M 12345\n", 1), encoding="utf-8")
    records, fields, warnings = ingest(tmp_path, path)
    assert records["record_id"].iloc[0] == "PMID:33202025"
    assert (records["database"].iloc[0], records["pmid"].iloc[0]) == ("PubMed", "33202025")
    assert records["record_id"].iloc[3].startswith("h:")
    assert "f" in set(fields[fields["source_line"] == "1"]["tag"]) and warnings.empty


def test_the_endnote_and_google_scholar_records_of_one_paper_are_one_publication(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The MISQ paper is in the AIS eLibrary's EndNote export and in the Publish or Perish
    search (title cut short with "…", authors as initials): deduplication merges them."""
    monkeypatch.chdir(tmp_path)  # a new review: no data/ of this repository
    ingest(tmp_path, REAL / "colrev_ais_enl.txt", REAL / "colrev_google_scholar.json")
    out = tmp_path / "dedup"
    assert main(["dedup", str(tmp_path / "r.csv"), "--out-dir", str(out)]) == 0
    clusters = pd.read_csv(out / "clusters.csv", dtype=str, keep_default_na=False)
    merged = clusters[clusters["is_primary"] == "False"]
    assert merged["record_id"].tolist() == ["GS:10955542985646283611"]
    primary = merged["cluster_id"].iloc[0]
    assert clusters.set_index("record_id").loc[primary, "entries"].endswith("colrev_ais_enl.txt:1")


def test_ieee_csv_columns_and_html_references(tmp_path: Path) -> None:
    records, fields, _ = ingest(tmp_path, REAL / "colrev_ieee.csv")
    assert records["authors"].tolist() == [
        "Rottman, J; Carmel, E; Lacity, M",
        "Wu, W; Qiao, Q; Li, G",
    ]
    assert records["doc_type_norm"].tolist() == ["article", "conference_paper"]
    assert records["doi"].tolist() == ["10.1109/mc.2011.377", "10.1109/icim56520.2022.00024"]
    assert set(records["database"]) == {"IEEE Xplore"}
    assert "Solvers' sustained participation" in records.iloc[1]["abstract"]
    raw = fields[(fields["source_line"] == "3") & (fields["tag"] == "Abstract")]["value"]
    assert "Solvers&#x0027; sustained" in raw.iloc[0]  # as exported, in the fields table


def test_ieee_xplore_ris_authors_written_given_name_first_are_read_as_names(
    tmp_path: Path,
) -> None:
    records, _, _ = ingest(tmp_path, REAL / "colrev_ieee.ris")
    assert records["authors"].tolist() == [
        "Author-One, A; Author-Two, B; Author-Three, C; Author-Four, D; Author-Five, E",
        "Author-One, A; Author-Two, B; Author-Three, C",
    ]
    assert records["doc_type_norm"].tolist() == ["conference_paper", "article"]
    assert records["pages"].tolist() == ["183-186", "14-25"]


def test_taylor_and_francis_bibtex_gives_the_pubmed_id_of_its_note(tmp_path: Path) -> None:
    records, fields, _ = ingest(tmp_path, REAL / "colrev_tandf.bib")
    assert records["pmid"].tolist() == ["33355555", "33314444"]
    assert records["doi"].tolist() == [
        "10.1111/07777777.2018.1666666",
        "10.1122/07777777.2018.3334444",
    ]
    assert fields[fields["tag"] == "note"]["value"].tolist() == ["PMID: 33355555", "PMID: 33314444"]


def test_a_ris_group_author_stays_whole(tmp_path: Path) -> None:
    path = tmp_path / "groups.ris"
    path.write_text(
        "TY  - RPRT\nAU  - Smith, J.\nAU  - J. Craig Venter Institute\n"
        "AU  - World Health Organization\nAU  - J.-P. van der Berg\nTI  - A report\nER  - \n",
        encoding="utf-8",
    )
    records, _, _ = ingest(tmp_path, path)
    assert records["authors"].iloc[0] == (
        "Smith, J; J. Craig Venter Institute; World Health Organization; van der Berg, JP"
    )


def test_ieee_xplore_search_export_layout_gives_the_arnumber_as_record_id(
    tmp_path: Path,
) -> None:
    """IEEE Xplore's search-results CSV (header and row as public parsers of it quote them):
    `Document Title`, given-first authors separated by `;`, the arnumber in `PDF Link`."""
    path = tmp_path / "export2024.csv"
    path.write_text(
        '"Document Title",Authors,"Author Affiliations","Publication Title",Date Added To '
        'Xplore,"Publication Year","Volume","Issue","Start Page","End Page","Abstract","ISSN",'
        'ISBNs,"DOI",Funding Information,PDF Link,"Author Keywords","IEEE Terms","INSPEC '
        'Controlled Terms","INSPEC Non-Controlled Terms","Mesh_Terms",Article Citation Count,'
        '"Reference Count","License","Online Date",Issue Date,"Meeting Date","Publisher",'
        "Document Identifier\n"
        '"A Dashboard for Microservice Monitoring and Management","B. Mayer; R. Weinreich",'
        '"NA; NA","2017 IEEE International Conference on Software Architecture Workshops '
        '(ICSAW)","","2017","","","66","69","We present an experimental dashboard.","",'
        '"978-1-5090-4793-2978-1-5090-4794","10.1109/ICSAW.2017.44","",'
        '"https://ieeexplore.ieee.org/stamp/stamp.jsp?arnumber=7958458","Microservices;'
        'microservice monitoring","Conferences;Software architecture","","","","3","8","","",'
        '"","","IEEE","IEEE Conferences"\n',
        encoding="utf-8",
    )
    records, _, warnings = ingest(tmp_path, path)
    first = records.iloc[0]
    assert (first["record_id"], first["database"], first["source_format"]) == (
        "IEEE:7958458",
        "IEEE Xplore",
        "ieee_csv",
    )
    assert (first["authors"], first["year"], first["pages"]) == (
        "Mayer, B; Weinreich, R",
        "2017",
        "66-69",
    )
    assert (first["doc_type_norm"], first["affiliations"], first["cited_ref_count"]) == (
        "conference_paper",
        "",
        "8",
    )
    assert first["author_keywords"] == "Microservices; microservice monitoring"
    assert warnings.empty


def test_springer_csv_authors_written_without_a_separator(tmp_path: Path) -> None:
    records, _, _ = ingest(tmp_path, REAL / "colrev_springer.csv")
    first = records.iloc[0]
    assert (first["authors"], first["year"], first["source_title"]) == (
        "Smith, A; Weber, T",
        "2000",
        "Nature",
    )
    assert (first["database"], first["doi"], first["doc_type_norm"]) == (
        "SpringerLink",
        "10.1007/11111",
        "article",
    )
    text = (REAL / "colrev_springer.csv").read_text(encoding="utf-8")
    path = tmp_path / "mc.csv"
    path.write_text(text.replace("Andy SmithTom Weber", "Ann McDonaldTom Weber"), "utf-8")
    assert ingest(tmp_path, path)[0].iloc[0]["authors"] == "McDonald, A; Weber, T"


def test_publish_or_perish_json(tmp_path: Path) -> None:
    records, fields, warnings = ingest(tmp_path, REAL / "colrev_google_scholar.json")
    first = records.iloc[0]
    assert (first["authors"], first["year"], first["times_cited"]) == (
        "Guo, W; Straub, D; Zhang, P; Cai, Z",
        "2021",
        "9",
    )
    # Publish or Perish writes 0 for what Google Scholar does not know
    assert (first["volume"], first["issue"], first["pages"]) == ("", "", "")
    assert set(records["database"]) == {"Google Scholar"}
    # "..." ends an author list Google Scholar cut short: it is no author
    assert records.iloc[5]["authors"] == "Janom, N; Bakar, NHA; Arshad, NH"
    assert records.iloc[4]["doi"] == "10.1007/s10796-013-9440-y"
    assert warnings["line"].tolist() == ["51"] and records.iloc[2]["record_id"].startswith("h:")
    authors = fields[(fields["source_line"] == "2") & (fields["tag"] == "authors")]["value"]
    assert authors.tolist() == ['["W Guo","D Straub","P Zhang","Z Cai"]']


def test_csl_json_columns(tmp_path: Path) -> None:
    records, fields, _ = ingest(tmp_path, REAL / "bbt_3100.csl.json", REAL / "bbt_3327.csl.json")
    first = records.iloc[0]
    # CSL's rich-text markup is formatting: the title is the text
    assert first["title"] == "A verse translation of Abbo of St. Germain's Bella Parisiacae urbis"
    assert (first["authors"], first["year"], first["pages"], first["doi"]) == (
        "Adams, A; Rigg, AG",
        "2004",
        "1-68",
        "10.1484/j.jml.2.304214",
    )
    assert records["doc_type_norm"].tolist() == ["article", "book_chapter", "article"]
    assert records["language_norm"].tolist() == ["en", "en", "unknown"]
    # Zotero's citation keys identify nothing outside the library: content ids
    assert records["record_id"].str.startswith("h:").all()
    assert records["source_line"].tolist() == ["2", "3", "2"]
    assert fields[fields["tag"] == "citation-key"]["value"].tolist() == [
        "adamsVerseTranslationAbbo2004",
        "kaldellisHagiographyDoubtScepticism2011",
    ]


def test_a_jabref_bibtex_file_starting_with_a_comment_is_still_bibtex(tmp_path: Path) -> None:
    path = tmp_path / "jabref.bib"
    path.write_text("% Encoding: UTF-8\n\n@article{a,\n title = {A},\n year = {2020}\n}\n")
    assert ingest(tmp_path, path)[0]["source_format"].tolist() == ["bibtex"]


def test_json_that_is_no_export_is_refused_naming_what_to_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.json"
    path.write_text('{"name": "x", "version": 2}\n')
    message = refusal(tmp_path, path, capsys)
    assert f"{path.as_posix()}:1: a JSON file that is neither CSL JSON nor" in message
    assert "'CSL JSON'" in message


def test_a_cut_short_csl_json_file_is_refused_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cut.json"
    shutil.copy(REAL / "bbt_3327.csl.json", path)
    path.write_text(path.read_text(encoding="utf-8")[:300], encoding="utf-8")
    message = refusal(tmp_path, path, capsys)
    assert f"{path.as_posix()}:" in message and "cannot be read past here" in message


def test_an_endnote_file_cut_in_the_middle_of_a_record_says_so(tmp_path: Path) -> None:
    # found by the held-out probe: the cut record was read as whole, without a word
    text = (REAL / "colrev_ais_enl.txt").read_text(encoding="utf-8")
    path = tmp_path / "cut.enw"
    path.write_text(text[: text.index("%X IS research") + 40], encoding="utf-8")
    records, _, warnings = ingest(tmp_path, path)
    assert len(records) == 1  # kept: the reviewer sees what there is
    assert warnings["line"].tolist() == ["1"]
    assert "ends (line 14) in the middle of a line" in warnings["message"].iloc[0]


def test_csl_json_items_a_hand_or_another_tool_wrote_wrongly_are_named(tmp_path: Path) -> None:
    # found by the held-out probe: names given as text were dropped, a year of 5,000 digits
    # and a title given as an object were taken without a word
    path = tmp_path / "items.json"
    path.write_text(
        '[\n{"id": "a", "type": "article-journal", "title": {"text": "E-mentoring"},\n'
        ' "author": "Smith, J; Doe, A", "issued": {"date-parts": [["' + "9" * 5000 + '"]]}},\n'
        '{"id": "b", "type": "article-journal", "title": "Peer mentoring online",\n'
        ' "author": [{"family": "Roe", "given": "R"}, {}],\n'
        ' "issued": {"date-parts": [[2020]]}}\n]\n',
        encoding="utf-8",
    )
    records, _, warnings = ingest(tmp_path, path)
    assert records["authors"].tolist() == ["Smith, J; Doe, A", "Roe, R"]
    assert records["year"].tolist() == ["", "2020"]
    messages = dict(zip(warnings["message"].str[:24], warnings["line"], strict=True))
    assert messages == {
        "author is text, not CSL'": "2",
        "issued holds no year: '{": "2",
        "title is not text but a ": "2",
        "1 of 2 author name(s) ha": "4",
    }
