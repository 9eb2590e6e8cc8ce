"""Hand-made exports, one known quirk each (tests/ingest/data/README.md says what and why)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from metasynth.ingest import IngestResult, read_exports


def read(path: Path) -> IngestResult:
    result = read_exports([path])
    assert result.records is not None and result.fields is not None
    report = result.report
    assert (report["records_found"] == report["records_written"]).all()
    return result


def records(path: Path) -> pd.DataFrame:
    frame = read(path).records
    assert frame is not None
    return frame


def messages(result: IngestResult) -> list[tuple[int, str]]:
    return [(int(row.line), row.message) for row in result.warnings.itertuples(index=False)]


def test_all_databases_export_with_medline_ut(data: Path) -> None:
    frame = records(data / "medline_ut.txt")
    assert frame["record_id"].tolist() == ["WOS:999000000000101", "MEDLINE:28489814"]
    assert frame["database"].tolist() == ["WOS", "MEDLINE"]
    assert frame.loc[1, "pmid"] == "28489814"
    assert frame.loc[1, "title"] == "[E-mentoring in residency programmes: a survey]"


def test_records_without_ut_get_content_ids_and_a_warning(data: Path) -> None:
    """A DOI is no identity: the record with one gets a content id like the one without."""
    result = read(data / "no_ut.txt")
    assert result.records is not None
    ids = result.records["record_id"].tolist()
    assert ids == ["h:ad68a3efeca5a3c2", "h:8072be4e0a1c0900"]
    assert result.records["doi"].tolist() == ["10.5555/em.net.2021.104745", ""]
    assert result.records["ut"].tolist() == ["", ""]
    assert messages(result) == [
        (
            line,
            f"no UT (accession number): record_id {record_id} made from its title, year, author "
            "and source",
        )
        for line, record_id in ((3, ids[0]), (33, ids[1]))
    ]


def test_hash_record_id_is_stable(data: Path) -> None:
    """The hash id is a contract: reviewers' decision files refer to it."""
    assert records(data / "no_ut.txt").loc[1, "record_id"] == "h:8072be4e0a1c0900"


def test_malformed_tag_line_is_read_with_its_tag_and_reported(data: Path) -> None:
    result = read(data / "malformed_tag.txt")
    assert result.records is not None and result.fields is not None
    assert result.records.loc[0, "authors"] == "Ortega, L; Gilles, H; Haddad, S"
    assert messages(result) == [
        (5, "malformed tag line 'AUGilles, H' (no space after the tag): read as AU 'Gilles, H'")
    ]
    authors = result.fields.loc[result.fields["tag"] == "AU", "value"].tolist()
    assert authors == ["Ortega, L", "Gilles, H\nHaddad, S"]


def test_file_cut_short_keeps_the_partial_record_and_says_so(data: Path) -> None:
    result = read(data / "cut_short.txt")
    assert result.records is not None
    assert len(result.records) == 2
    partial = result.records.iloc[1]
    assert partial["source_line"] == 49
    assert partial["abstract"].endswith("study evaluated a virtual ment")
    found = messages(result)
    assert found[0] == (
        49,
        "the file ends (line 62) inside the record that starts here: no ER, the export may be "
        "cut short; kept",
    )
    assert found[-1] == (
        62,
        "no EF at the end of the file: the export may be cut short (compare the record count "
        "with Web of Science)",
    )


def test_single_record_without_header_or_ef_is_read_without_warnings(data: Path) -> None:
    result = read(data / "single_record.txt")
    assert result.records is not None
    assert result.records["record_id"].tolist() == ["WOS:999000000000101"]
    assert result.records.loc[0, "source_line"] == 1
    assert bool(result.report.loc[0, "bom"]) is False
    assert len(result.warnings) == 0


def test_no_newline_after_ef(data: Path) -> None:
    result = read(data / "no_newline_after_ef.txt")
    assert result.records is not None
    assert result.records["record_id"].tolist() == ["WOS:999000000000101", "WOS:999000000000102"]
    assert result.report.loc[0, "line_ends"] == "CRLF"
    assert len(result.warnings) == 0


def test_record_missing_er_is_ended_at_the_next_pt(data: Path) -> None:
    result = read(data / "missing_er.txt")
    assert result.records is not None
    assert result.records["source_line"].tolist() == [3, 47]
    assert result.records.loc[0, "record_id"] == "WOS:999000000000101"
    assert messages(result) == [
        (
            3,
            "the record that starts here has no ER before the next PT at line 47: kept, ending "
            "it there",
        )
    ]


def test_null_prefixed_lines_are_read_and_reported(data: Path) -> None:
    result = read(data / "null_prefixed.txt")
    assert result.records is not None and result.fields is not None
    assert result.records["record_id"].tolist() == ["WOS:999000000000101", "WOS:999000000000102"]
    assert [line for line, _ in messages(result)] == [3, 48, 49]
    assert "literal 'null'" in messages(result)[0][1]
    assert result.fields.loc[result.fields["tag"] == "PT", "value"].tolist() == ["J", "J"]


def test_unknown_tags_are_kept_in_fields(data: Path) -> None:
    result = read(data / "unknown_tags.txt")
    assert result.fields is not None
    kept = dict(zip(result.fields["tag"], result.fields["value"], strict=True))
    assert kept["C3"] == "Universitat Example"
    assert kept["WE"] == "Social Science Citation Index (SSCI)"
    assert kept["X9"] == "an unknown future tag"
    for tag in ("DA", "U1", "U2", "OA", "HC", "HP", "Z8", "ZR", "ZS", "ZB", "ZA", "FP", "DL"):
        assert tag in kept
    assert len(result.warnings) == 0


def test_year_falls_back_from_py_to_ey_to_ea(data: Path) -> None:
    frame = records(data / "early_access.txt")
    assert frame["year"].tolist() == [2021, 2021, 2020]
    assert frame["year_source"].tolist() == ["PY", "EY", "EA"]
    assert frame["early_access"].tolist() == ["OCT 2020", "JUN 2021", "DEC 2020"]
    assert frame["doc_type"].tolist() == ["Article; Early Access"] * 3


def test_html_and_formulas_in_titles_are_data(data: Path) -> None:
    frame = records(data / "html_formula_titles.txt")
    assert frame.loc[0, "title"] == (
        'The &lt;i&gt;e&lt;/i&gt;-Mentoring Gap: <sub>2</sub>-level models & "peer" support'
    )
    assert frame.loc[1, "title"] == (
        '=HYPERLINK("http://example.org","Virtual mentoring") +SUM(1;2) -1 @mentor'
    )


def test_2023_tab_export_maps_reordered_columns_by_name(data: Path) -> None:
    result = read(data / "tab_2023_reordered.txt")
    frame = result.records
    assert frame is not None
    assert frame["record_id"].tolist() == ["WOS:999000000000101", "WOS:999000000000102"]
    assert frame.loc[0, "doi"] == "10.5555/em.tte.2019.112"
    assert frame.loc[1, "pmid"] == "33550000"
    assert frame.loc[1, "early_access"] == "OCT 2020"
    assert frame.loc[1, "countries"] == "South Africa; Norway; China"
    assert len(result.warnings) == 0


def test_2023_tab_export_agrees_with_plain_text_of_the_same_records(data: Path) -> None:
    tab = records(data / "tab_2023_reordered.txt").set_index("record_id")
    plain = records(data / "medline_ut.txt").set_index("record_id")
    record_id = "WOS:999000000000101"
    for column in ("title", "authors", "abstract", "affiliations", "doi", "year", "pages"):
        assert tab.at[record_id, column] == plain.at[record_id, column], column


def test_wos_ris_quirks(data: Path) -> None:
    result = read(data / "wos_ris.ris")
    frame = result.records
    assert frame is not None and result.fields is not None
    first = frame.iloc[0]
    assert first["record_id"] == "WOS:999000000000101"
    assert first["database"] == "WOS"
    assert (first["times_cited"], first["times_cited_all"], first["cited_ref_count"]) == (7, 8, 2)
    assert first["authors"] == "Ortega, L; Haddad, S"  # A1 holds the group author
    assert first["author_keywords"] == "e-mentoring; novice teachers; online community; induction"
    assert first["keywords_plus"] == "BEGINNING TEACHERS; SUPPORT"
    assert (first["issn"], first["eissn"]) == ("0742-051X", "1879-2480")
    abstract = result.fields.loc[result.fields["tag"] == "AB", "value"].iloc[0]
    assert "mentors.\rWe studied" in abstract  # the bare CR is data, kept
    assert abstract.endswith("\nResults: retention rose in the mentored group.")
    assert frame.iloc[1]["early_access"] == "OCT 2020"
    assert frame.iloc[1]["pages"] == "104745"
    assert result.report.loc[0, "line_ends"] == "CRLF (+1 bare CR inside lines, kept as data)"
    assert bool(result.report.loc[0, "bom"]) is True


def test_wos_ris_agrees_with_plain_text(data: Path) -> None:
    ris = records(data / "wos_ris.ris").set_index("record_id")
    plain = records(data / "medline_ut.txt").set_index("record_id")
    record_id = "WOS:999000000000101"
    for column in ("title", "authors", "doi", "year", "source_title", "pages", "volume"):
        assert ris.at[record_id, column] == plain.at[record_id, column], column


def test_scopus_ris(data: Path) -> None:
    frame = records(data / "scopus.ris")
    assert frame["database"].tolist() == ["Scopus", "Scopus"]
    # the EID in the record's URL is its accession number; the PubMed ID (C2) is not
    assert frame["record_id"].tolist() == ["SCOPUS:2-s2.0-85000000001", "SCOPUS:2-s2.0-85000000002"]
    assert frame["ut"].tolist() == ["2-s2.0-85000000001", "2-s2.0-85000000002"]
    assert frame.loc[0, "pmid"] == "33550000"
    assert frame.loc[0, "authors"] == "Mbeki, T; Larsen, K; Chen, Y"
    assert frame.loc[0, "issn"] == "0260-6917"
    assert frame.loc[0, "pages"] == "104745"
    assert frame.loc[1, "doc_type"] == "Conference Paper"
    assert frame.loc[1, "issn"] == ""  # an ISBN is not an ISSN
    assert frame.loc[1, "authors"] == "García-López, M"


def test_pubmed_via_endnote_and_via_zotero_agree(data: Path) -> None:
    endnote = records(data / "pubmed_endnote.ris").iloc[0]
    zotero = records(data / "pubmed_zotero.ris").iloc[0]
    for column in ("record_id", "pmid", "doi", "title", "authors", "year", "pages", "database"):
        assert endnote[column] == zotero[column], column
    assert endnote["pmid"] == "31234567"
    assert endnote["database"] == "PubMed"
    # a PubMed record is known by its PMID (EndNote's AN, Zotero's URL), not by EndNote's ID
    assert endnote["record_id"] == "PMID:31234567"
    assert endnote["author_keywords"] == (
        "Humans; Internship and Residency; *Mentoring; Surveys and Questionnaires"
    )
    assert (endnote["issn"], endnote["eissn"]) == ("1932-0001", "1932-0000")


def test_zotero_ris_chapter_and_conference_paper(data: Path) -> None:
    result = read(data / "zotero.ris")
    frame = result.records
    assert frame is not None and result.fields is not None
    assert frame["database"].tolist() == ["unknown", "unknown"]
    assert frame["source_title"].tolist() == [
        "Handbook of Example Mentoring Research",
        "Proceedings of the Example Youth Work Conference",
    ]
    assert frame["record_id"].str.startswith("h:").all()
    note = result.fields.loc[result.fields["tag"] == "N1", "value"].iloc[0]
    assert note.count("<p>") == 2 and "\n" in note


def test_split_export_files_are_read_in_savedrecs_order(data: Path) -> None:
    result = read(data / "split")
    assert [Path(name).name for name in result.report["source_file"]] == [
        "savedrecs.txt",
        "savedrecs(1).txt",
        "savedrecs(2).txt",
        "savedrecs(10).txt",
    ]
    assert result.n_records == 4
    assert result.records is not None
    assert result.records["record_id"].is_unique
