"""record_id: an accession number of the entry's own database, or an id of the entry's own.

The RIS files here are hand-written by the tests (tags as EndNote, Ovid and Embase.com write
them, docs/data-contracts.md "Identifiers"); identifiers are visibly synthetic (10.5555/…).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metasynth.ingest import read_exports
from metasynth.ingest.identity import accession_record_id


def ris(*records: str) -> str:
    return "".join(f"TY  - JOUR\n{body.strip()}\nER  - \n\n" for body in records)


ABSTRACT = """TI  - Virtual mentoring in surgical training: abstract {n}
AU  - Okafor, C.
PY  - 2019
T2  - British Journal of Surgery
VL  - 106
IS  - S6
DO  - 10.5555/bjs.2019.supplement
"""


def record_ids(*paths: Path) -> list[str]:
    result = read_exports(list(paths))
    assert result.records is not None
    return result.records["record_id"].tolist()


def test_entries_sharing_a_doi_are_separate_records(tmp_path: Path) -> None:
    """Twenty meeting abstracts with their supplement's DOI: twenty records, not one."""
    path = tmp_path / "supplement.ris"
    path.write_text(ris(*(ABSTRACT.format(n=n) for n in range(20))), encoding="utf-8")
    ids = record_ids(path)
    assert len(set(ids)) == 20
    assert all(record_id.startswith("h:") for record_id in ids)


def test_the_same_entry_twice_gets_a_numbered_id_that_rerunning_keeps(tmp_path: Path) -> None:
    for name in ("a.ris", "b.ris"):
        (tmp_path / name).write_text(ris(ABSTRACT.format(n=1)), encoding="utf-8")
    first = record_ids(tmp_path / "a.ris", tmp_path / "b.ris")
    assert first[1] == f"{first[0]}-2"
    assert record_ids(tmp_path / "a.ris", tmp_path / "b.ris") == first


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        # Ovid Embase via EndNote: AN is Embase's accession number, DB names it
        ("AN  - 621381829\nDB  - Embase\nDP  - Ovid Technologies\nID  - 17", "EMBASE:L621381829"),
        # Embase.com: its L-number in the record link
        (
            "L2  - http://www.embase.com/search/results?subaction=viewrecord&id=L621381829"
            "&from=export",
            "EMBASE:L621381829",
        ),
        # a PubMed record via EndNote: AN is the PMID; EndNote's own ID is not an identity
        ("AN  - 30123456\nDP  - NLM\nID  - 17", "PMID:30123456"),
        ("AN  - 2019-12345-001\nDB  - APA PsycInfo", "PSYCINFO:2019-12345-001"),
        # EndNote glues the next link to Ovid's (ASySD's diabetes set): the AN ends at it
        (
            "UR  - http://ovidsp.ovid.com/ovidweb.cgi?T=JS&D=emexa&AN=621235634http://ru.on."
            "worldcat.org/atoztitles/link",
            "EMBASE:L621235634",
        ),
        # an accession number of a database the file does not name identifies nothing
        ("AN  - 30123456\nID  - 17", "h:"),
        # a PubMed link alone does not make a record a PubMed record
        ("UR  - https://www.ncbi.nlm.nih.gov/pubmed/30123456", "h:"),
    ],
)
def test_accession_numbers_of_named_databases(tmp_path: Path, tags: str, expected: str) -> None:
    path = tmp_path / "export.ris"
    path.write_text(ris(f"TI  - A study of e-mentoring\nPY  - 2019\n{tags}"), encoding="utf-8")
    [record_id] = record_ids(path)
    assert record_id == expected if expected != "h:" else record_id.startswith("h:")


def test_an_ebsco_psycinfo_record_is_apas_record_as_on_ovid(tmp_path: Path) -> None:
    """EBSCOhost names its database by a code (`DB  - psyh`, APA PsycInfo; the layout of
    CiteSource's EBSCO PsycInfo exports, GPL, not copied) and gives APA's number as `AN`:
    the same record as Ovid's PsycInfo record with that number; Criminal Justice Abstracts'
    (`i3h`) `AN` is EBSCO's own and identifies nothing."""
    ebsco = tmp_path / "ebsco.ris"
    ebsco.write_text(
        ris(
            "TI  - Frameworks of gambling harms\nPY  - 2022\nDP  - EBSCOhost\n"
            "AN  - 2022-96522-001\nDB  - psyh",
            "TI  - Electronic gambling machine harm in older women\nPY  - 2022\n"
            "DP  - EBSCOhost\nAN  - 152342412\nDB  - i3h",
        ),
        encoding="utf-8",
    )
    ovid = tmp_path / "ovid.ris"
    ovid.write_text(
        "1.\n"
        + ris(
            "TI  - Frameworks of gambling harms.\nY1  - 2022//\n"
            "L2  - http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D=psyc22&NEWS=N"
            "&AN=2022-96522-001"
        ),
        encoding="utf-8",
    )
    result = read_exports([ebsco, ovid])
    assert result.records is not None
    found = result.records[["record_id", "database"]].values.tolist()
    assert found[0] == ["PSYCINFO:2022-96522-001", "PsycINFO"]
    assert found[1][0].startswith("h:") and found[1][1] == "Criminal Justice Abstracts"
    assert found[2] == found[0]


def test_a_pmid_that_differs_from_the_accession_number_is_no_identity() -> None:
    assert accession_record_id("30123456", "PubMed", "30123456") == "PMID:30123456"
    assert accession_record_id("", "MEDLINE", "30123456") == "PMID:30123456"
    assert accession_record_id("30123457", "PubMed", "30123456") == ""
    assert accession_record_id("2-s2.0-85000000001", "Scopus") == "SCOPUS:2-s2.0-85000000001"
    assert accession_record_id("85000000001", "Scopus") == ""  # not an EID
    assert accession_record_id("12345", "Google Scholar") == ""


def test_wos_records_without_ut_are_numbered_alike_on_both_paths(tmp_path: Path) -> None:
    """The column-wise reader of WOS plain text numbers repeated entries as the general one."""
    record = (
        "PT J\nAU Berg, K\nTI Mentoring online\nSO JOURNAL OF NURSING\nPY 2019\nVL 58\nBP 201\nER\n"
    )
    path = tmp_path / "savedrecs.txt"
    path.write_text(f"FN Clarivate Analytics Web of Science\nVR 1.0\n{record * 3}EF\n")
    fast = read_exports([path], fast=True).records
    general = read_exports([path], fast=False).records
    assert fast is not None and general is not None
    ids = fast["record_id"].tolist()
    assert ids == [ids[0], f"{ids[0]}-2", f"{ids[0]}-3"]
    assert general["record_id"].tolist() == ids


# The URL field of an Embase record (via Ovid) as EndNote keeps it: Ovid's full-text link, then an
# OpenURL, copied from record 1630 of ../shared/fixtures/dedup/asysd_diabetes (ASySD, Hair et al.).
OVID_URL = (
    "http://ovidsp.ovid.com/ovidweb.cgi?T=JS&CSC=Y&NEWS=N&PAGE=fulltext&D=emexa&AN=621235634 "
    "http://ru.on.worldcat.org/atoztitles/link?/?url_ver=Z39.88-2004&rft_val_fmt=info:ofi/fmt:"
    "kev:mtx:journal&rfr_id=info:sid/Ovid:emexa&rft.genre=article&rft_id=info:doi/10.1093%2F"
    "eurheartj%2Fehx502.P4339&rft_id=info:pmid/&rft.issn=1522-9645&rft.volume=38"
)


def test_an_ovid_link_names_the_embase_record_and_the_openurl_its_doi(tmp_path: Path) -> None:
    path = tmp_path / "endnote.ris"
    path.write_text(ris(f"TI  - SGLT2 inhibition\nPY  - 2017\nUR  - {OVID_URL}"), encoding="utf-8")
    result = read_exports([path])
    assert result.records is not None
    record = result.records.iloc[0]
    assert record["record_id"] == "EMBASE:L621235634"
    # the DOI ends where the OpenURL's next parameter begins
    assert record["doi"] == "10.1093/eurheartj/ehx502.p4339"


# Ovid MEDLINE RIS as Ovid writes it (an excerpt of the layout of a real export, CiteSource's
# vignettes/new_stage_data/medline_84.ris, GPL-3, not copied): DB names the segment, the
# accession number is only in the L2 link, a PubMed-not-MEDLINE record's segment is `pmnm`.
OVID_MEDLINE = """TI  - Integrated wildfire danger models and factors: A review.
PY  - 2023
DB  - Ovid MEDLINE(R) PubMed-not-MEDLINE <2023>
L2  - http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D=pmnm8&NEWS=N&AN=37487898
"""


def test_an_ovid_medline_link_gives_the_pmid_of_medline_and_pubmed_not_medline(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ovid.ris"
    medline = OVID_MEDLINE.replace("PubMed-not-MEDLINE <2023>", "<2022>").replace(
        "D=pmnm8&NEWS=N&AN=37487898", "D=med22&NEWS=N&AN=35507935"
    )
    path.write_text(ris(OVID_MEDLINE, medline), encoding="utf-8")
    result = read_exports([path])
    assert result.records is not None
    found = result.records[["record_id", "pmid", "database"]].values.tolist()
    assert found == [
        ["PMID:37487898", "37487898", "PubMed"],
        ["PMID:35507935", "35507935", "MEDLINE"],
    ]


def test_a_link_whose_query_holds_no_doi_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "endnote.ris"
    link = "https://www.example.org/resolve?issn=1522-9645&id=10.5555/not-a-doi-parameter"
    path.write_text(ris(f"TI  - SGLT2 inhibition\nPY  - 2017\nUR  - {link}"), encoding="utf-8")
    result = read_exports([path])
    assert result.records is not None
    assert result.records.iloc[0]["doi"] == ""
