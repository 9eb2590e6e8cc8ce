"""EndNote XML (EndNote's XML export, Zotero's and Mendeley's "EndNote XML"), read as a user reads
it (`metasynth ingest FILE.xml --out …`).

Real files: EndNote 19's export of five Ovid MEDLINE/Embase records and six records of an EndNote
20 library exported both as XML and as RIS (tests/ingest/data/real, from the MIT-licensed RefLib
projects; see the README there); and the 1,233 PubMed records of ASySD's test library as Zotero
and Mendeley write EndNote XML (camaradesuk/ASySD, GPL-3: not copied here; read from a copy of
that repository, $ASYSD_SAMPLES or the local mirror, and skipped saying so without one).
Hostile files (a DTD's entities, a file cut short, two exports joined) are made from the real
ones.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main

REAL = Path(__file__).parent / "data" / "real"
ENDNOTE_SM = REAL / "reflib_endnote_sm.xml"
MIRROR = Path("/work/.mirror/camaradesuk+ASySD/repo")
ASYSD_COMMIT = "df54be9d7850df603d34a406e42590b682687c02"


def ingest(path: Path, work: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(records, fields, warnings) as `metasynth ingest` writes them (into `work`)."""
    out = work / f"{path.name}.records.csv"
    fields, warnings = out.with_suffix(".fields.csv"), out.with_suffix(".warnings.csv")
    argv = ["ingest", str(path), "--out", str(out), "--fields", str(fields)]
    assert main([*argv, "--warnings", str(warnings), "--quiet"]) == 0
    return tuple(  # type: ignore[return-value]
        pd.read_csv(name, dtype=str, keep_default_na=False) for name in (out, fields, warnings)
    )


def refused(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The message `metasynth ingest` stops with (exit status 2), after its prefix."""
    status = main(["ingest", str(path), "--out", str(path.with_suffix(".csv")), "--quiet"])
    assert status == 2
    error = capsys.readouterr().err
    assert error.startswith("metasynth ingest: error: ")
    return error.removeprefix("metasynth ingest: error: ")


def asysd_sample(name: str, tmp_path: Path) -> Path:
    source = Path(os.environ.get("ASYSD_SAMPLES") or MIRROR)
    spec = f"{ASYSD_COMMIT}:tests/testthat/{name}"
    shown = subprocess.run(["git", "-C", str(source), "show", spec], capture_output=True)
    if not source.is_dir() or shown.returncode != 0:
        pytest.skip("no copy of camaradesuk/ASySD: set ASYSD_SAMPLES")
    path = tmp_path / name
    path.write_bytes(shown.stdout)
    return path


def test_endnote_export_of_ovid_records(tmp_path: Path) -> None:
    records, fields, warnings = ingest(ENDNOTE_SM, tmp_path)
    assert warnings.empty
    assert records["source_format"].unique().tolist() == ["endnote_xml"]
    # records are numbered in the file: EndNote writes the whole export on one line
    assert records["source_line"].tolist() == ["1", "2", "3", "4", "5"]
    # `accession-num` is an id where `remote-database-name` names its database (Ovid MEDLINE)
    assert records["record_id"].tolist()[:4] == [
        "PMID:2158737", "PMID:1768215", "PMID:8469648", "PMID:2692656",
    ]  # fmt: skip
    assert records["record_id"].iloc[4].startswith("h:")  # Embase via Ovid, no accession
    first = records.iloc[0]
    assert first["title"].startswith("In situ carcinomas of the female breast. Diagnostic")
    assert first[["authors", "year", "source_title", "volume", "issue", "pages"]].tolist() == [
        "Blichert-Toft, M; Andersen, J; Dyreborg, U", "1990", "Acta Chirurgica Scandinavica",
        "156", "2", "113-9",
    ]  # fmt: skip
    assert first[["database", "pmid", "issn", "doc_type", "doc_type_norm"]].tolist() == [
        "MEDLINE", "2158737", "0001-5482", "Journal Article", "article",
    ]  # fmt: skip
    assert records["language_norm"].tolist() == ["en", "en", "de", "en", "unknown"]
    # every element and attribute in the fields table, by its path below <record>, style runs
    # read as their text, `&#xD;` line breaks as "\n"
    own = fields[fields["source_line"] == "1"].set_index("tag")["value"]
    assert own["ref-type@name"] == "Journal Article" and own["ref-type"] == "17"
    assert own["work-type"] == "Research Support, Non-U.S. Gov't\nReview"
    assert own["titles/alt-title"] == "Acta Chir Scand"
    assert len(fields) == 244


def test_one_library_as_xml_and_as_ris_reads_the_same(tmp_path: Path) -> None:
    """Six records of an EndNote 20 library, exported as XML and as RIS (RefLib's blue-light)."""
    xml, _, xml_warnings = ingest(REAL / "reflib_blue_light.xml", tmp_path)
    ris, _, ris_warnings = ingest(REAL / "reflib_blue_light.ris", tmp_path)
    assert xml_warnings.empty and ris_warnings.empty
    assert len(xml) == len(ris) == 6
    same = ["record_id", "title", "authors", "year", "source_title", "volume", "issue", "pages",
            "doi", "pmid", "issn", "language_norm", "doc_type_norm", "author_keywords"]  # fmt: skip
    pd.testing.assert_frame_equal(xml[same], ris[same])
    assert xml["record_id"].iloc[5] == "PMID:31712293"
    assert xml["doi"].iloc[5] == "10.1370/afm.2445"
    # the raw type as each export writes it, one normalised type
    assert (xml["doc_type"].iloc[0], ris["doc_type"].iloc[0]) == ("Journal Article", "JOUR")


def test_a_title_in_several_style_runs_is_read_whole(tmp_path: Path) -> None:
    """The real export with its first title written as EndNote writes an italic word in it: one
    `<style>` element per run of formatting."""
    text = ENDNOTE_SM.read_text(encoding="utf-8")
    whole = '<style face="normal" font="default" size="100%">In situ carcinomas of the female'
    runs = '<style face="normal" font="default" size="100%">In </style><style face="italic" '
    runs += 'font="default" size="100%">situ</style><style face="normal" font="default" '
    runs += 'size="100%"> carcinomas of the female'
    assert text.count(whole) == 1
    path = tmp_path / "runs.xml"
    path.write_text(text.replace(whole, runs), encoding="utf-8")
    records, _, _ = ingest(path, tmp_path)
    assert records["title"].iloc[0].startswith("In situ carcinomas of the female breast.")


@pytest.mark.parametrize(
    ("name", "counts", "first_doc_type"),
    [
        ("zotero_export.xml", {"article": 1233}, "Journal Article"),
        # Mendeley writes 100 of the records as "Generic": unknown, kept and flagged
        ("mendeley_export.xml", {"article": 1133, "unknown": 100}, "Journal Article"),
    ],
)
def test_zotero_and_mendeley_endnote_xml(
    tmp_path: Path, name: str, counts: dict[str, int], first_doc_type: str
) -> None:
    records, _, warnings = ingest(asysd_sample(name, tmp_path), tmp_path)
    assert warnings.empty
    assert len(records) == 1233
    assert records["source_line"].tolist() == [str(n) for n in range(1, 1234)]
    assert records["doc_type_norm"].value_counts().to_dict() == counts
    assert (records["doi"] != "").sum() == 1064
    first = records.iloc[0]
    assert first[["title", "authors", "year", "doi", "pages", "doc_type"]].tolist() == [
        "Myoclonus in older Cavalier King Charles Spaniels.",
        "Rotter, C; Whittaker, D; Rusbridge, C",
        "2022",
        "10.1111/jvim.16404",
        "1032-1038",
        first_doc_type,
    ]
    if name == "mendeley_export.xml":
        generic = records[records["doc_type_norm"] == "unknown"]
        assert generic["doc_type"].unique().tolist() == ["Generic"]
    else:  # Zotero writes both ISSNs on one line, separated by a space
        assert (first["issn"], first["eissn"]) == ("1939-1676", "0891-6640")


# --------------------------------------------------------------------------- hostile files

_BOMB = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xml [\n <!ENTITY a "aaaaaaaaaa">\n'
    + "".join(f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
    + "]>\n<xml><records><record><titles><title>&i;</title></titles></record></records></xml>"
)


@pytest.mark.parametrize(
    "document",
    [
        _BOMB,  # "billion laughs": ten to the ninth power of "a" from a few hundred bytes
        '<?xml version="1.0"?>\n<!DOCTYPE xml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        "<xml><records><record><titles><title>&secret;</title></titles></record></records></xml>",
        '<?xml version="1.0"?>\n<!DOCTYPE xml SYSTEM "http://example.org/endnote.dtd">\n'
        "<xml><records><record><titles><title>A</title></titles></record></records></xml>",
    ],
    ids=["entity_expansion", "external_entity", "external_dtd"],
)
def test_a_dtd_is_refused_before_any_entity_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: str
) -> None:
    path = tmp_path / "library.xml"
    path.write_text(document, encoding="utf-8")
    message = refused(path, capsys)
    assert message.startswith(f"{path.as_posix()}:2: the file declares a DTD (<!DOCTYPE …>)")
    assert "what to do: export the records again" in message


def test_a_file_cut_short_is_refused_naming_the_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ENDNOTE_SM.read_bytes()
    third = data.index(b"<record>", data.index(b"<record>", data.index(b"<record>") + 1) + 1)
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: third + 500])  # inside the third record
    message = refused(path, capsys)
    assert message.startswith(f"{path.as_posix()}:1 record 3: the file ends before its XML does")
    assert "cut short record 3" in message
    assert "what to do: the download or copy was interrupted: export the records again" in message


def test_two_exports_joined_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "joined.xml"
    path.write_bytes(ENDNOTE_SM.read_bytes() * 2)
    message = refused(path, capsys)
    assert message.startswith(f"{path.as_posix()}:1 after record 5: the XML cannot be read past")
    assert "two exports joined into one file?" in message


def test_an_entity_xml_does_not_define_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ENDNOTE_SM.read_text(encoding="utf-8").replace("Acta Chir Scand", "Acta&nbsp;Chir", 1)
    path = tmp_path / "nbsp.xml"
    path.write_text(text, encoding="utf-8")
    message = refused(path, capsys)
    assert f"{path.as_posix()}:1 record 1: the XML cannot be read past column" in message
    assert "(undefined entity)" in message


def test_other_xml_is_refused_naming_its_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pubmed.xml"
    path.write_text(
        '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
        '1st January 2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">\n'
        "<PubmedArticleSet>\n<PubmedArticle>\n</PubmedArticle>\n</PubmedArticleSet>\n",
        encoding="utf-8",
    )
    message = refused(path, capsys)
    assert message.startswith(
        f"{path.as_posix()}:1: XML that is not EndNote XML (its root is <PubmedArticleSet>"
    )
    assert "EndNote XML is read" in message
