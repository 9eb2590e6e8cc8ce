"""`metasynth export`: RIS, BibTeX and CSL-JSON read back by metasynth's ingest and by peer readers.

The publications come from real exports in tests/ingest/data/real/ (Embase RIS, PubMed MEDLINE,
Scopus CSV, ProQuest RIS and Better BibLaTeX: accession ids EMBASE:, PMID:, SCOPUS: and the
h: ids of records without one), ingested and deduplicated with the `metasynth` command; every
publication is given the status `included` in a status table written here. The exports are then
read by `metasynth ingest` (the round trip keeps every record_id) and by rispy 0.10.0 (RIS),
bibtexparser 2.1.0 (BibTeX) and citeproc-py 0.11.1 (CSL-JSON, rendered in a CSL style).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import bibtexparser
import pandas as pd
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON

from metasynth.tables import write_table
from metasynth.text import normalise_doi

from .conftest import Run

REAL = Path(__file__).parents[1] / "ingest" / "data" / "real"
EXPORTS = [
    "asreview_embase.ris",
    "asreview_pubmed.nbib",
    "asreview_scopus.csv",
    "colrev_proquest.ris",
    "bbt_868.biblatex",
]


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A results folder of 74 real records (72 publications), all included (module-wide:
    ingest and dedup once)."""
    from metasynth.cli import main

    folder = tmp_path_factory.mktemp("review")
    records = "results/ingest/records.parquet"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)  # a new review: no data/ of this repository
        assert main(["ingest", *(str(REAL / name) for name in EXPORTS), "--out", records]) == 0
        assert main(["dedup", records, "--out-dir", "results/dedup"]) == 0
    publications = pd.read_parquet(folder / "results" / "dedup" / "publications.parquet")
    status = pd.DataFrame({"record_id": publications["record_id"]}).assign(
        status="included", stage="appraisal", reason=""
    )
    write_table(status.astype("string"), folder / "results" / "screening" / "status.csv")
    return folder


@pytest.fixture(scope="module")
def publications(review: Path) -> pd.DataFrame:
    frame = pd.read_parquet(review / "results" / "dedup" / "publications.parquet")
    return frame.set_index("record_id", drop=False).sort_index()


def _export(cli: Callable[..., Run], review: Path, name: str, *extra: str) -> Path:
    out = review / name
    run = cli(["export", str(out), "--results", str(review / "results"), *extra], config=False)
    assert run.status == 0, run.err
    return out


def test_the_review_has_every_kind_of_record_id(publications: pd.DataFrame) -> None:
    prefixes = {record_id.split(":")[0] for record_id in publications.index}
    assert prefixes == {"EMBASE", "PMID", "SCOPUS", "h"}
    # 74 records: the two Embase errata are reports linked to their articles (issue 13)
    assert len(publications) == 72


@pytest.mark.parametrize("name", ["included.ris", "included.bib", "included.json"])
def test_metasynth_reads_its_export_back_to_the_same_records(
    cli: Callable[..., Run], review: Path, publications: pd.DataFrame, name: str
) -> None:
    exported = _export(cli, review, name)
    back = review / f"{name}.parquet"
    assert cli(["ingest", str(exported), "--out", str(back)], config=False).status == 0
    again = pd.read_parquet(back).set_index("record_id").sort_index()
    assert list(again.index) == list(publications.index)
    for column in ("title", "year", "volume", "issue"):
        assert again[column].astype(str).tolist() == publications[column].astype(str).tolist()
    assert again["doi"].map(normalise_doi).tolist() == (
        publications["doi"].map(normalise_doi).tolist()
    )
    assert again["authors"].tolist() == publications["authors"].tolist()
    # a letter stays a letter, an eISSN an eISSN (RIS: `M3`, `SN … (Electronic)`), a PubMed
    # ID a PubMed ID (RIS: `C2  - PMID:n`); affiliations (RIS `AD`, BibTeX `affiliation`,
    # CSL-JSON `custom`) and so countries come back
    for column in ("doc_type_norm", "issn", "eissn", "pmid", "affiliations", "countries"):
        assert again[column].tolist() == publications[column].tolist(), column
    if name.endswith(".bib"):  # RIS has no tag for Keywords Plus: they join the keywords
        for column in ("doc_type", "author_keywords", "keywords_plus"):
            assert again[column].tolist() == publications[column].tolist(), column


def test_metasynth_reads_its_csl_json_back_with_every_field_it_writes(
    cli: Callable[..., Run], review: Path, publications: pd.DataFrame
) -> None:
    """Beyond the columns every format keeps: CSL-JSON also brings back source titles, pages,
    abstracts, languages, publishers and PubMed ids; both ISSNs, each in its column; author
    keywords and Keywords Plus apart; and the document type as exported (CSL's types are fewer:
    PubMed's letter would come back as an article, Scopus's errata and editorials too)."""
    exported = _export(cli, review, "all.json")
    back = review / "all.json.parquet"
    assert cli(["ingest", str(exported), "--out", str(back)], config=False).status == 0
    again = pd.read_parquet(back).set_index("record_id").sort_index()
    assert set(again["source_format"]) == {"csl_json"}
    columns = ["source_title", "pages", "abstract", "language_norm", "publisher", "pmid", "issn"]
    columns += ["eissn", "author_keywords", "keywords_plus", "doc_type", "doc_type_norm"]
    for column in columns:
        assert again[column].tolist() == publications[column].tolist(), column
    # the review has what CSL alone would lose
    assert (publications["doc_type_norm"] == "letter").sum() == 1
    assert (publications["eissn"] != "").sum() == 52
    assert (publications["keywords_plus"] != "").sum() == 10


def test_rispy_reads_the_ris_export(
    cli: Callable[..., Run], review: Path, publications: pd.DataFrame
) -> None:
    exported = _export(cli, review, "included.ris")
    entries = rispy.loads(exported.read_text(encoding="utf-8"))
    assert [e["id"] for e in entries] == list(publications.index)
    first = {e["id"]: e for e in entries}["EMBASE:L2029880245"]
    assert first["accession_number"] == "EMBASE:L2029880245"
    assert first["doi"] == "10.1038/s41467-024-48400-3"
    assert first["authors"] == ["Yang, Z", "Jiang, B", "Xu, J", "McNamara, ME"]
    assert first["type_of_reference"] == "JOUR"
    assert "accession_number" not in {e["id"]: e for e in entries}[publications.index[-1]]


def test_bibtexparser_reads_the_bibtex_export(
    cli: Callable[..., Run], review: Path, publications: pd.DataFrame
) -> None:
    exported = _export(cli, review, "included.bib")
    library = bibtexparser.parse_string(exported.read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    assert [entry.key for entry in library.entries] == list(publications.index)
    pmid = next(e for e in library.entries if e.key.startswith("PMID:"))
    assert pmid.fields_dict["unique-id"].value == pmid.key
    assert pmid.fields_dict["title"].value == publications.loc[pmid.key, "title"]


def test_citeproc_renders_the_csl_json_export(
    cli: Callable[..., Run], review: Path, publications: pd.DataFrame
) -> None:
    """citeproc-py 0.11 predates CSL-JSON's `custom` object (schema 1.0.2, where metasynth keeps
    what CSL has no variable for): it says so for each item and renders the rest."""
    exported = _export(cli, review, "included.json")
    items = json.loads(exported.read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == list(publications.index)
    with pytest.warns(UserWarning, match="arguments for Reference are unsupported: custom"):
        source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, citeproc_formatter.plain)
    bibliography.register(Citation([CitationItem("EMBASE:L2029880245")]))
    (rendered,) = [str(entry) for entry in bibliography.bibliography()]
    assert rendered == (
        "Yang, Z. et al. (2024) “Cellular structure of dinosaur scales reveals retention of "
        "reptile-type skin during the evolutionary transition to feathers”, Nature "
        "Communications, 15(1). Available at: https://doi.org/10.1038/s41467-024-48400-3."
    )


def test_any_stage_can_be_exported(cli: Callable[..., Run], review: Path) -> None:
    results = ["--results", str(review / "results")]
    run = cli(
        ["export", str(review / "none.ris"), *results, "--status", "awaiting_full_text"],
        config=False,
    )
    assert run.status == 0 and run.out.startswith("wrote 0 publication(s) (awaiting_full_text)")
    bad = cli(["export", str(review / "x.ris"), *results, "--status", "finished"], config=False)
    assert bad.status == 2 and "unknown status 'finished'" in bad.err
