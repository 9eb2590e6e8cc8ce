"""Readers of the other databases' exports, each tested on a file the database (or the tool)
wrote: tests/ingest/data/real (origin and licence of each in tests/ingest/data/README.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from metasynth.ingest import read_exports

REAL = Path(__file__).parent / "data" / "real"


def read(name: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(records, fields, warnings) of one real export."""
    result = read_exports([REAL / name])
    assert result.records is not None and result.fields is not None
    return result.records, result.fields, result.warnings


@pytest.mark.parametrize(
    ("name", "fmt", "n_records", "first_id"),
    [
        ("asreview_pubmed.nbib", "medline", 50, "PMID:30922926"),
        ("Embase_endnote_r3001-3002.cgi", "ovid", 2, "EMBASE:L621381829"),
        ("Embase_citavi_r3001-3002.ovd", "ovid", 2, "EMBASE:L621381829"),
        ("asreview_psycinfo_ovid.ris", "ris", 10, "PSYCINFO:2021-94054-001"),
        ("asreview_eric_ovid.ris", "ris", 10, "ERIC:EJ389705"),
        ("colrev_eric.nbib", "medline", 1, "ERIC:EJ1131633"),
        ("asreview_scopus.csv", "scopus_csv", 10, "SCOPUS:2-s2.0-85189760133"),
        ("asreview_embase.csv", "embase_csv", 10, "EMBASE:L2029880245"),
        ("asreview_openalex.csv", "openalex_csv", 9, "OPENALEX:W4387881419"),
    ],
)
def test_every_record_of_a_real_export_is_read_with_its_accession_number(
    name: str, fmt: str, n_records: int, first_id: str
) -> None:
    result = read_exports([REAL / name])
    assert result.report.loc[0, "source_format"] == fmt
    assert result.report.loc[0, "records_found"] == result.n_records == n_records
    assert result.records is not None
    assert result.records["record_id"].iloc[0] == first_id
    assert result.records["record_id"].nunique() == n_records
    assert result.warnings.empty


@pytest.mark.parametrize(
    ("name", "database"),
    [("colrev_proquest.ris", "ProQuest"), ("asreview_cinahl.ris", "Academic Search Premier")],
)
def test_a_platform_export_names_its_platform_and_keeps_content_ids(
    name: str, database: str
) -> None:
    """ProQuest writes `DB - ProQuest Dissertations & Theses Global`, EBSCO `DP - EBSCOhost`
    with a database code (`DB - aph`, Academic Search Premier): the records name the database
    (else the platform), not "unknown"; their accession numbers (EBSCO's, or two of the
    platform's databases may number alike) make no record_id."""
    records, _, _ = read(name)
    assert set(records["database"]) == {database}
    assert records["record_id"].str.startswith("h:").all()


def test_an_eric_medline_record_is_numbered_and_linked_as_eric_numbers_it(tmp_path: Path) -> None:
    """ERIC writes MEDLINE's layout (`OWN - ERIC`) without a PMID: its record is ERIC's, known
    by its EJ/ED number (the same on every platform: Ovid's ERIC gives it as `ID`), and its DOI
    is the link in `AID`."""
    records, _, warnings = read("colrev_eric.nbib")
    first = records.iloc[0]
    assert (first["database"], first["pmid"], first["doi"]) == ("ERIC", "", "10.1000/123456789")
    assert warnings.empty
    ovid = (REAL / "asreview_eric_ovid.ris").read_text(encoding="utf-8")
    number = ovid.split("ID  - ", 1)[1].split("\n", 1)[0].strip()
    same = (REAL / "colrev_eric.nbib").read_text(encoding="utf-8").replace("EJ1131633", number)
    (tmp_path / "eric.nbib").write_text(same, encoding="utf-8")
    shutil.copy(REAL / "asreview_eric_ovid.ris", tmp_path)
    both = read_exports([tmp_path / "eric.nbib", tmp_path / "asreview_eric_ovid.ris"]).records
    assert both is not None
    assert (both["record_id"] == f"ERIC:{number}").sum() == 2


def test_a_scopus_bibtex_export_names_scopus_and_its_eids() -> None:
    """Scopus's BibTeX says `source = {Scopus}` and gives the EID only in the record's `url`:
    a well-formed EID is the record_id, a record without one keeps a content id, and every
    record names Scopus rather than "unknown"."""
    records, _, warnings = read("colrev_scopus.bib")
    assert len(records) == 11 and warnings.empty
    assert set(records["database"]) == {"Scopus"}
    eids = records[~records["record_id"].str.startswith("h:")]["record_id"].tolist()
    assert eids == ["SCOPUS:2-s2.0-85116700878"]


def test_apa_psycinfo_ris_reads_its_four_letter_pmid_tag() -> None:
    """APA PsycInfo writes `PMID  - 33355555` right after `TY  - JOUR`: it is a tag of its own,
    not a second line of the reference type (which made the type `JOUR PMID - 33355555`, an
    unknown type, and lost the PMID)."""
    records, fields, warnings = read("colrev_psycinfo.ris")
    first = records.iloc[0]
    assert (first["doc_type"], first["doc_type_norm"], first["pmid"]) == (
        "JOUR",
        "article",
        "33355555",
    )
    assert fields["tag"].tolist()[:4] == ["@header", "TY", "PMID", "ID"]
    assert warnings.empty


def test_medline_columns(tmp_path: Path) -> None:
    records, fields, _ = read("asreview_pubmed.nbib")
    first = records.iloc[0]
    assert (first["database"], first["pmid"], first["year"]) == ("PubMed", "30922926", 2020)
    assert first["authors"] == "Griffin, DK; Larkin, DM; O'Connor, RE"
    assert first["source_title"] == "European journal of medical genetics"
    assert (first["doi"], first["issn"], first["eissn"]) == (
        "10.1016/j.ejmg.2019.03.004",
        "1769-7212",
        "1878-0849",
    )
    assert (first["doc_type"], first["language"]) == (
        "Historical Article; Journal Article; Review",
        "eng",
    )
    abstract = fields[(fields["source_line"] == 1) & (fields["tag"] == "AB")]["value"].iloc[0]
    assert abstract.startswith(
        "For the purpose of this review, 'time-lapse' refers to the reconstruction of \nancestral"
    )


def test_every_medline_tag_is_kept_with_its_line() -> None:
    _, fields, _ = read("asreview_pubmed.nbib")
    tags = set(fields["tag"])
    assert {"PMID", "OWN", "STAT", "FAU", "AU", "MH", "PHST", "SO", "LID", "AID"} <= tags
    lines = sorted(set(fields["source_line"]))
    text = (REAL / "asreview_pubmed.nbib").read_text(encoding="utf-8").split("\n")
    assert all(text[line - 1].startswith("PMID- ") for line in lines)


def test_a_medline_file_is_read_by_its_content_whatever_its_name(tmp_path: Path) -> None:
    renamed = tmp_path / "pubmed-export.ris"
    shutil.copy(REAL / "asreview_pubmed.nbib", renamed)
    assert read_exports([renamed]).report.loc[0, "source_format"] == "medline"


def test_ovid_direct_export_keeps_its_unindented_abstract_lines() -> None:
    records, fields, _ = read("Embase_endnote_r3001-3002.cgi")
    first = records.iloc[0]
    assert (first["database"], first["year"], first["doc_type"]) == (
        "Embase",
        2018,
        "Conference Abstract",
    )
    assert first["authors"] == "Behan, L; Rubbo, B; Lucas, JS; Galvin, AD"
    assert first["source_title"] == "BMC Proceedings"
    assert first["doi"] == "10.1186/s12919-018-0099-8"
    abstract = fields[(fields["source_line"] == 1) & (fields["tag"] == "AB")]["value"].iloc[0]
    assert "\nMethod(s): We searched MEDLINE" in abstract
    assert fields[fields["tag"] == "@number"]["value"].tolist() == ["3001", "3002"]


def test_ovid_ris_numbered_records_are_not_phantom_records() -> None:
    records, fields, warnings = read("asreview_eric_ovid.ris")
    assert len(records) == 10 and warnings.empty
    assert fields[fields["tag"] == "@number"]["value"].tolist()[:3] == ["6", "47", "48"]
    assert records.iloc[0]["doc_type"] == "Journal Articles, Reports - Descriptive"


def test_ovid_ris_tags_and_link_after_er_are_the_records_not_new_records() -> None:
    """Ovid writes `NL  - ` (the journal's abbreviation) after ER and below it a line "Link to
    the Ovid Full Text or citation: …" whose link names the record (`D=psyc16&AN=2019-65183-001`):
    6 records, not 12 (six phantom records sharing one id, issue 16), each known by its APA
    PsycInfo number, whole (its first digits, `2019`, merged all six into one)."""
    records, fields, warnings = read("asreview_lab_ovid_psycinfo.ris")
    assert warnings.empty
    assert records["record_id"].tolist() == [
        "PSYCINFO:2019-65183-001",
        "PSYCINFO:2019-29490-001",
        "PSYCINFO:2019-19018-006",
        "PSYCINFO:2019-57370-001",
        "PSYCINFO:2019-46484-001",
        "PSYCINFO:2019-55194-001",
    ]
    assert set(records["database"]) == {"PsycINFO"}
    first = fields[fields["source_line"] == 2]
    assert first["tag"].tolist()[-2:] == ["NL", "@trailer"]
    assert first["value"].tolist()[-2] == "Clin Psychol Psychother"
    assert first["value"].iloc[-1].startswith("Link to the Ovid Full Text or citation: https://")
    assert (fields["tag"] == "@trailer").sum() == 6


def test_tags_after_er_are_a_record_only_when_an_er_of_their_own_ends_them(
    tmp_path: Path,
) -> None:
    """Outside Ovid's numbered files, tags after ER followed by the next TY are kept with the
    record before them and said; tags after ER ended by an ER of their own are a record whose TY
    is missing (counted, said)."""
    path = tmp_path / "export.ris"
    path.write_text(
        "TY  - JOUR\nTI  - One\nER  - \nNL  - J One\n\nTY  - JOUR\nTI  - Two\nER  - \n"
        "TI  - Three\nER  - \n",
        encoding="utf-8",
    )
    result = read_exports([path])
    assert result.records is not None and result.fields is not None
    assert result.records["title"].tolist() == ["One", "Two", "Three"]
    assert result.report.loc[0, "records_found"] == 3
    nl = result.fields[result.fields["tag"] == "NL"]
    assert nl["source_line"].tolist() == [1]
    assert [(w.line, w.message[:20]) for w in result.warnings.itertuples()] == [
        (4, "tag NL after the ER "),
        (9, "tag TI outside any r"),
    ]


def test_lens_records_are_known_by_their_lens_id() -> None:
    """A Lens.org record names itself only by its link, `UR  - https://lens.org/190-777-589-117-351`
    (here through Citavi, beside Scopus records): LENS:…, database Lens."""
    records, _, warnings = read("asreview_lab_issue_1099.ris")
    assert warnings.empty
    assert records[["record_id", "database", "doc_type"]].values.tolist()[3:6] == [
        ["LENS:190-777-589-117-351", "Lens", "GEN"],
        ["LENS:122-820-586-961-893", "Lens", "GEN"],
        ["LENS:167-379-456-208-658", "Lens", "JOUR"],
    ]
    assert records["record_id"].str.startswith("SCOPUS:2-s2.0-").sum() == 3


def test_scopus_csv_columns() -> None:
    records, fields, _ = read("asreview_scopus.csv")
    first = records.iloc[0]
    assert first["authors"].startswith("Wilson, LN; Gardner, JD; Wilson, JP")
    assert (first["year"], first["pages"], first["pmid"]) == (2024, "2864", "38580657")
    assert first["countries"] == "USA; United Kingdom; China"
    assert first["times_cited"] == 2
    assert len(fields[fields["source_line"] == 2]) == 30  # every non-empty cell of the row


def test_embase_csv_skips_its_search_query_header_and_reads_the_pui() -> None:
    records, _, _ = read("asreview_embase.csv")
    first = records.iloc[0]
    assert first["source_line"] == 5
    assert (first["pmid"], first["eissn"]) == ("38773066", "2041-1723")
    assert first["authors"] == "Yang, Z; Jiang, B; Xu, J; McNamara, ME"
    assert sorted(set(records["doc_type"])) == ["Article", "Article in Press", "Erratum"]


def test_the_older_embase_csv_is_read_from_its_source_cell() -> None:
    """embase.com's older CSV layout (ASReview LAB's test export) has no PUI and no year,
    volume or page columns: they are in `Source` ("Cancer (2004) 102:4 (253-258). Date of
    Publication: 25 Aug 2004"), the DOI and ISSN in the `Open URL Link`. It was refused as
    "not an Embase export"."""
    records, _, warnings = read("asreview_lab_embase_2019.csv")
    assert len(records) == 6 and set(records["source_format"]) == {"embase_csv"}
    second = records.iloc[1]
    assert second[["source_title", "year", "volume", "issue", "pages"]].tolist() == [
        "Cancer",
        2004,
        "102",
        "4",
        "253-258",
    ]
    assert (second["doi"], second["issn"], second["database"]) == (
        "10.1002/cncr.20369",
        "0008-543X",
        "Embase",
    )
    assert records.iloc[2][["volume", "issue", "pages"]].tolist() == ["54", "", "83-86"]
    assert records["record_id"].str.startswith("h:").all()
    assert warnings["message"].str.startswith("no PUI (accession number)").all()


def test_a_europe_pmc_bibtex_key_gives_the_pmid_and_its_preprint_is_not_excluded() -> None:
    """Europe PMC's BibTeX names an entry by its source's id (`@article {PMID:18888888,`,
    `@misc {PPR:PPR666666,` for a preprint) and has no pmid field: the key gives the PMID; the
    `@misc` preprint is of unknown type, not "other" (which the shipped rules excluded)."""
    records, _, warnings = read("colrev_europe_pmc.bib")
    assert warnings.empty
    assert records["pmid"].tolist() == ["18888888", ""]
    assert records["doc_type_norm"].tolist() == ["article", "unknown"]


def test_openalex_csv_columns() -> None:
    records, _, _ = read("asreview_openalex.csv")
    first = records.iloc[0]
    assert (
        first["authors"] == "Vicente, A; Sanjuan, J; Pérez-Cano, J; Trabelsi, K; Martín–Closas, C"
    )
    assert (first["source_title"], first["language"], first["doc_type"]) == (
        "Cretaceous Research",
        "en",
        "article",
    )


def test_given_name_first_authors_keep_the_particles_of_their_surnames(tmp_path: Path) -> None:
    """OpenAlex, Lens, IEEE and Springer write "Jan van Dijk": the surname is "van Dijk", as Web
    of Science writes it ("van Dijk, J"), not "Dijk" with a middle initial V."""
    rows = (REAL / "asreview_openalex.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    names = "Alba Vicente|Josep Sanjuan|Jordi Pérez-Cano|Khaled Trabelsi|Carles Martín–Closas"
    assert names in rows[1]
    export = tmp_path / "openalex.csv"
    particles = "Jan van Dijk|Maria de la Cruz|Ludwig von Mises|Ann Van Dijk|de Groot"
    export.write_text(rows[0] + rows[1].replace(names, particles), encoding="utf-8")
    records, _ = _cli_ingest(tmp_path, str(export))
    assert records.loc[0, "authors"] == (
        "van Dijk, J; de la Cruz, M; von Mises, L; Dijk, AV; de Groot"
    )  # a capital "Van" may be a given name: left as written


def test_biblatex_date_journaltitle_langid_and_pubmed_eprint_are_read() -> None:
    records, _, _ = read("bbt_868.biblatex")
    first = records.iloc[0]
    assert (first["year"], first["source_title"], first["language"]) == (
        1998,
        "Carbohydrate research",
        "english",
    )
    assert first["pmid"] == "9861700"
    assert first["author_keywords"].startswith("*Epitope Mapping; Antibodies Monoclonal")


def test_countries_leave_out_the_email_addresses_in_affiliations() -> None:
    """PubMed writes "…, Australia. pbell23@une.edu.au"; PsycInfo "Kapitany, Rohan:
    r.f.kapitany@keele.ac.uk", an author and an e-mail address with no country at all."""
    records = read_exports([REAL / "asreview_pubmed.nbib", REAL / "asreview_psycinfo_ovid.ris"])
    assert records.records is not None
    found = records.records.set_index("record_id")["countries"].fillna("")
    parts = {part for cell in found for part in cell.split("; ") if part}
    assert not [part for part in parts if "@" in part or ":" in part]
    assert "Australia" in parts and "Rohan" not in parts
    assert found["PSYCINFO:2020-44600-001"] == ""


def test_psycinfo_countries_come_before_the_postal_code_and_e_mail() -> None:
    """APA PsycInfo writes "Author: affiliation, City, ON, Canada, K1H 8L1, e-mail" and "US" for
    the United States; an author with only an e-mail address has no country."""
    records = read_exports(
        [REAL / "asreview_lab_ovid_psycinfo.ris", REAL / "asreview_psycinfo_ovid.ris"]
    )
    assert records.records is not None
    found = records.records.set_index("record_id")["countries"].fillna("")
    assert found["PSYCINFO:2019-29490-001"] == "Portugal"  # …, Portugal, 3000-115, e-mail
    assert found["PSYCINFO:2019-19018-006"] == "Canada"  # …, ON, Canada, K1H 8L1, e-mail
    assert (found == "USA").sum() >= 2  # …, Baltimore, MD, US, e-mail
    assert found["PSYCINFO:2019-65183-001"] == ""  # "Trindade, Ines A.: a@fpce.uc.pt"


def _cli_ingest(tmp_path: Path, *arguments: str) -> tuple[pd.DataFrame, list[str]]:
    """`metasynth ingest … --out records.csv`: the records and the warnings it printed."""
    from metasynth.cli import main

    out = tmp_path / "records.csv"
    with pytest.MonkeyPatch.context() as patch:
        errors: list[str] = []
        patch.setattr("sys.stderr", _Lines(errors))
        assert main(["ingest", *arguments, "--out", str(out)]) == 0
    records = pd.read_csv(out, dtype=str, keep_default_na=False)
    return records, [line for line in "".join(errors).splitlines() if line]


class _Lines:
    def __init__(self, sink: list[str]) -> None:
        self.sink = sink

    def write(self, text: str) -> int:
        self.sink.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_an_export_header_names_the_database_of_its_records(tmp_path: Path) -> None:
    """APA PsycInfo and JSTOR write `Database: …` above their records (JSTOR above each one):
    the records name that database, not "unknown", with nothing said about the header; a record's
    own `DB` would win. Their `SN` lines hold two ISSNs (`1999-7777(Electronic),0222-6666(Print)`,
    `21111112, 2777777X`): both are kept, each in its column; a book's 13-digit ISBN is no ISSN."""
    records, warnings = _cli_ingest(
        tmp_path, str(REAL / "colrev_psycinfo.ris"), str(REAL / "colrev_jstor.ris")
    )
    assert warnings == []
    assert records["database"].tolist() == ["JSTOR", "JSTOR", "JSTOR", "JSTOR", "PsycINFO"]
    assert records[["issn", "eissn"]].values.tolist() == [
        ["0015-5555", ""],
        ["2111-1112", "2777-777X"],
        ["", ""],
        ["", ""],
        ["0222-6666", "1999-7777"],
    ]


SEARCHES = """\
searches:
  - id: psycinfo
    database: {database}
    query: anxiety
    date_searched: "2024-03-01"
    searched_by: Reviewer 1
    files:
      - colrev_psycinfo.ris
"""


@pytest.mark.parametrize("declared", ["Embase", "APA PsycInfo"])
def test_a_search_run_declaring_another_database_than_its_file_is_warned(
    tmp_path: Path, declared: str
) -> None:
    """searches.yaml lists the APA PsycInfo export under a search of Embase: PRISMA would count
    its records as Embase's, so ingestion says so, naming the file and the record's line; the
    same file under `database: APA PsycInfo` gives no warning."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REAL / "colrev_psycinfo.ris", raw)
    (raw / "searches.yaml").write_text(SEARCHES.format(database=declared), encoding="utf-8")
    records, warnings = _cli_ingest(tmp_path, str(raw), "--searches", str(raw / "searches.yaml"))
    assert records["search_run"].tolist() == ["psycinfo"]
    if declared == "Embase":
        assert warnings == [
            f"warning: {raw.as_posix()}/colrev_psycinfo.ris:5: the file names its database "
            "PsycINFO (this record and others), but its search run in searches.yaml says "
            "'Embase': PRISMA counts the file under 'Embase'; if the export is from another "
            "search, move it to that search's files (or correct its `database:`)"
        ]
    else:
        assert warnings == []


@pytest.mark.parametrize("declared", ["Web of Science Core Collection", "Scopus"])
def test_a_web_of_science_export_holding_medline_records_is_its_search_runs(
    tmp_path: Path, declared: str
) -> None:
    """A Web of Science search over all its databases exports MEDLINE's records too
    (`UT MEDLINE:…`): under a Web of Science run that is no other database's file; under a
    Scopus run it is, and is warned."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REAL.parent / "split" / "savedrecs(2).txt", raw / "wos_medline.txt")
    (raw / "searches.yaml").write_text(
        SEARCHES.format(database=declared).replace("colrev_psycinfo.ris", "wos_medline.txt"),
        encoding="utf-8",
    )
    records, warnings = _cli_ingest(tmp_path, str(raw), "--searches", str(raw / "searches.yaml"))
    assert records["database"].tolist() == ["MEDLINE"]
    if declared == "Scopus":
        assert len(warnings) == 1
        assert "names its database MEDLINE" in warnings[0]
        assert "says 'Scopus'" in warnings[0]
    else:
        assert warnings == []


def test_ebscohost_ris_gives_the_doi_it_writes_in_l3() -> None:
    """EBSCOhost's RIS (here Academic Search Premier, as CINAHL and the other EBSCO databases
    export) has no `DO`: the DOI is `L3  - 10.1371/journal.pone.0298242`. Every record keeps
    it, so deduplication, the imports (Rayyan, Covidence: by DOI) and `metasynth export` have it."""
    records, _, _ = read("asreview_cinahl.ris")
    text = (REAL / "asreview_cinahl.ris").read_text(encoding="utf-8")
    written = [line[6:].strip().lower() for line in text.splitlines() if line.startswith("L3  - ")]
    assert len(written) == 9
    assert records["doi"].tolist() == written
