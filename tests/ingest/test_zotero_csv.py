"""Zotero's CSV export ("Export Collection…" › CSV), read as a user reads it (`metasynth ingest`).

The real export in the public code searched is ASySD's test file (camaradesuk/ASySD @ df54be9d :
tests/testthat/zotero_export.csv, 1,233 PubMed records in a Zotero library, GPL-3): not copied
here; the first test reads it from a copy of that repository ($ASYSD_SAMPLES, a git directory,
or the local mirror) and skips saying so without one. The others write that export's header
(Zotero's 87 columns, in its order) above rows of their own."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from .conftest import ingest_with_warnings as ingest

MIRROR = Path("/work/.mirror/camaradesuk+ASySD/repo")
SAMPLE = "df54be9d7850df603d34a406e42590b682687c02:tests/testthat/zotero_export.csv"
HEADER = (
    "Key,Item Type,Publication Year,Author,Title,Publication Title,ISBN,ISSN,DOI,Url,"
    "Abstract Note,Date,Date Added,Date Modified,Access Date,Pages,Num Pages,Issue,Volume,"
    "Number Of Volumes,Journal Abbreviation,Short Title,Series,Series Number,Series Text,"
    "Series Title,Publisher,Place,Language,Rights,Type,Archive,Archive Location,Library Catalog,"
    "Call Number,Extra,Notes,File Attachments,Link Attachments,Manual Tags,Automatic Tags,Editor,"
    "Series Editor,Translator,Contributor,Attorney Agent,Book Author,Cast Member,Commenter,"
    "Composer,Cosponsor,Counsel,Interviewer,Producer,Recipient,Reviewed Author,Scriptwriter,"
    "Words By,Guest,Number,Edition,Running Time,Scale,Medium,Artwork Size,Filing Date,"
    "Application Number,Assignee,Issuing Authority,Country,Meeting Name,Conference Name,Court,"
    "References,Reporter,Legal Status,Priority Numbers,Programming Language,Version,System,Code,"
    "Code Number,Section,Session,Committee,History,Legislative Body"
)
COLUMNS = HEADER.split(",")


def write_export(path: Path, rows: list[dict[str, str]]) -> Path:
    table = pd.DataFrame([{name: row.get(name, "") for name in COLUMNS} for row in rows])
    # Zotero quotes every cell and writes a byte-order mark
    table.to_csv(path, index=False, quoting=1, encoding="utf-8-sig")
    return path


def test_every_record_of_a_real_zotero_export_is_read_with_its_pubmed_id(
    tmp_path: Path,
) -> None:
    source = Path(os.environ.get("ASYSD_SAMPLES") or MIRROR)
    shown = subprocess.run(["git", "-C", str(source), "show", SAMPLE], capture_output=True)
    if not source.is_dir() or shown.returncode != 0:
        pytest.skip("no copy of camaradesuk/ASySD: set ASYSD_SAMPLES")
    path = tmp_path / "zotero_export.csv"
    path.write_bytes(shown.stdout)
    records, warnings = ingest(path)
    assert warnings.empty
    assert len(records) == 1233  # one row per Key
    assert records["source_format"].unique().tolist() == ["zotero_csv"]
    assert records["record_id"].str.fullmatch(r"PMID:\d+").all()
    assert records["record_id"].nunique() == 1233
    first = records.iloc[0]
    assert first[["record_id", "authors", "year", "issn", "eissn", "pages"]].tolist() == [
        "PMID:35319117",
        "Rotter, C; Whittaker, D; Rusbridge, C",
        "2022",
        "1939-1676",
        "0891-6640",
        "1032-1038",
    ]
    assert first["doc_type_norm"] == "article"
    assert first["author_keywords"].startswith("*Dog Diseases/diagnostic imaging; ")
    assert (records["authors"] == "").sum() == 7  # errata and notices without authors


def test_an_item_without_a_pubmed_id_gets_a_content_id_and_the_catalogs_database(
    tmp_path: Path,
) -> None:
    path = write_export(
        tmp_path / "library.csv",
        [
            {
                "Key": "ABCD1234",
                "Item Type": "bookSection",
                "Publication Year": "2019",
                "Author": "Virtanen, Åsa; Smith, John A.",
                "Title": "Mentoring online, a chapter",
                "Publication Title": "E-mentoring in practice",
                "ISBN": "978-1-4503-3350-4",
                "Library Catalog": "Scopus",
                "Extra": "Citation Key: virtanen2019",
                "Manual Tags": "e-mentoring; career",
            },
            {"Key": "EFGH5678", "Item Type": "journalArticle", "Title": "Two", "Date": "2021-03"},
        ],
    )
    records, warnings = ingest(path)
    assert warnings.empty
    assert records["record_id"].str.startswith("h:").all()
    assert records["source_line"].tolist() == ["2", "3"]
    first = records.iloc[0]
    assert first[["authors", "database", "doc_type_norm", "author_keywords"]].tolist() == [
        "Virtanen, Å; Smith, JA",
        "Scopus",
        "book_chapter",
        "e-mentoring; career",
    ]
    assert records.iloc[1][["year", "database"]].tolist() == ["2021", "unknown"]
