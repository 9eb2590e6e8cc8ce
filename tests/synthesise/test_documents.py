"""Coded documents named after their paper, not its record_id (issue 14): the real ATLAS.ti
example project of the REFI-QDA standard and Taguette's highlights export, their documents
renamed as a reviewer names PDFs, matched to the records of real exports that `metasynth ingest`
and `metasynth dedup` read (tests/ingest/data/real: Embase RIS and PubMed MEDLINE)."""

from __future__ import annotations

from pathlib import Path

import pytest

from metasynth.errors import InputError
from metasynth.interop.matching import PublicationIndex
from metasynth.synthesise import SynthesisSettings
from metasynth.synthesise.sources import import_codes

REAL = Path(__file__).parents[1] / "ingest" / "data" / "real"
YANG = (
    "Cellular structure of dinosaur scales reveals retention of reptile-type skin during the "
    "evolutionary transition to feathers"
)
SAUROSUCHUS = (
    "Functional morphology of the Triassic apex predator Saurosuchus galilei (Pseudosuchia: "
    "Loricata) and convergence with a post-Triassic theropod dinosaur"
)
ABELISAURID = (
    "A new abelisaurid dinosaur from the end Cretaceous of Patagonia and evolutionary rates "
    "among the Ceratosauria"
)


@pytest.fixture(scope="module")
def publications(tmp_path_factory: pytest.TempPathFactory) -> PublicationIndex:
    """The records and duplicate groups of two real exports, as the commands write them."""
    from metasynth.cli import main

    folder = tmp_path_factory.mktemp("review")
    records = folder / "records.parquet"
    exports = [str(REAL / "asreview_embase.ris"), str(REAL / "asreview_pubmed.nbib")]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)  # a new review: no data/ of this repository
        assert main(["ingest", *exports, "--out", str(records)]) == 0
        assert main(["dedup", str(records), "--out-dir", str(folder / "dedup")]) == 0
    return PublicationIndex.load(records, folder / "dedup" / "clusters.csv")


def _project(shared: Path, tmp_path: Path, renames: dict[str, str], description: str = "") -> Path:
    """The spec's ATLAS.ti project with its documents renamed (and one described)."""
    text = (shared / "qda" / "atlas_spec_example.qde").read_text(encoding="utf-8")
    for old, new in renames.items():
        assert text.count(f'name="{old}"') == 1
        text = text.replace(f'name="{old}"', f'name="{new}"')
    if description:
        # the text source (its video's transcript, further down, has the same name)
        opening = 'name="1994 Diet Coke-Diet Coke Break.docx">'
        text = text.replace(opening, f"{opening}<Description>{description}</Description>", 1)
    path = tmp_path / "project.qde"
    path.write_text(text, encoding="utf-8")
    return path


def _import(path: Path, publications: PublicationIndex, **spec: str) -> tuple[list[str], list[str]]:
    settings = SynthesisSettings.from_config({"sources": [{"path": str(path), **spec}]})
    codes, notices = import_codes(settings.sources, settings, publications)
    return sorted(set(codes["record_id"])), [n.message for n in notices if n.severity == "info"]


def test_a_document_named_by_its_title_doi_or_description_is_its_study(
    shared: Path, tmp_path: Path, publications: PublicationIndex
) -> None:
    """A title in the name (with the authors and year before it), a DOI written as a file name
    (`/` as `_`), a title in the document's description: each is the study's record_id, and a
    notice says how; a name that names no study stays as it is (checking the codes then says
    what to do), and so does a name that already is a record_id."""
    project = _project(
        shared,
        tmp_path,
        {
            "Mabel.txt": f"Yang et al 2024 - {YANG}.txt",
            "Simon.docx": "10.1016_j.ejmg.2019.03.004.docx",
        },
        description=f"Full text of: {SAUROSUCHUS}. Coded by R1.",
    )
    record_ids, notices = _import(project, publications, format="refiqda")
    settings = SynthesisSettings.from_config({"sources": [{"path": str(project)}]})
    named = set(import_codes(settings.sources, settings)[0]["record_id"])  # without the records
    matched = {
        "1994 Diet Coke-Diet Coke Break": "EMBASE:L2024893804",
        f"Yang et al 2024 - {YANG}": "EMBASE:L2029880245",
        "10.1016_j.ejmg.2019.03.004": "PMID:30922926",
    }
    assert len(named) == 6 and set(matched) <= named  # "Pay de Limón …" and 2 others stay
    assert record_ids == sorted(matched.get(name, name) for name in named)
    assert notices == [
        "document '1994 Diet Coke-Diet Coke Break' is coded as EMBASE:L2024893804: its title "
        "'functional morphology of the triassic apex predator saurosuchus galilei pseudosuchia "
        "loricata and convergence with a post triassic theropod dinosaur' names that study (its "
        "name is not a record_id)",
        f"document 'Yang et al 2024 - {YANG}' is coded as EMBASE:L2029880245: its title "
        "'cellular structure of dinosaur scales reveals retention of reptile type skin during "
        "the evolutionary transition to feathers' names that study (its name is not a record_id)",
        "document '10.1016_j.ejmg.2019.03.004' is coded as PMID:30922926: its DOI "
        "10.1016/j.ejmg.2019.03.004 names that study (its name is not a record_id)",
    ]


def test_a_document_naming_two_studies_is_refused_by_name(
    shared: Path, tmp_path: Path, publications: PublicationIndex
) -> None:
    project = _project(shared, tmp_path, {"Mabel.txt": f"{ABELISAURID} + {YANG}.txt"})
    with pytest.raises(InputError) as refused:
        _import(project, publications, format="refiqda")
    assert refused.value.message.startswith(f"document '{ABELISAURID} + {YANG}' names 2 studies")
    assert refused.value.file == project.as_posix()
    assert refused.value.hint.startswith("rename the document to its record_id in the QDA tool")


def test_a_taguette_document_named_by_its_doi_is_its_study(
    shared: Path, tmp_path: Path, publications: PublicationIndex
) -> None:
    """Taguette's export names each highlight's document: one named by a DOI is that study."""
    text = (shared / "qda" / "taguette" / "highlights.csv").read_text(encoding="utf-8")
    path = tmp_path / "highlights.csv"
    path.write_text(text.replace("otherdoc", "doi 10.1016/j.ejmg.2019.03.004"), encoding="utf-8")
    record_ids, notices = _import(path, publications, format="taguette", coder="coder_1")
    assert record_ids == ["PMID:30922926"]
    assert len(notices) == 1


@pytest.mark.parametrize("joined", ["_", "/", "+"])
def test_two_dois_joined_in_a_file_name_are_two_studies(
    shared: Path, tmp_path: Path, publications: PublicationIndex, joined: str
) -> None:
    """Two PDFs' names run together (`10.1038_x_10.1038_y.pdf`): read as one DOI, the document
    named no study and kept its name; it names two, and is refused as such (hostile probe)."""
    name = f"10.1038_s41467-024-48400-3{joined}10.1038_s41598-024-56479-3"
    project = _project(shared, tmp_path, {"Mabel.txt": f"{name}.pdf"})
    with pytest.raises(InputError) as refused:
        _import(project, publications, format="refiqda")
    assert refused.value.message == (
        f"document {name!r} names 2 studies: EMBASE:L2029880245 by its DOI "
        "10.1038/s41467-024-48400-3; EMBASE:L643801355 by its DOI 10.1038/s41598-024-56479-3"
    )


def test_a_taguette_document_named_by_a_shortened_title_says_how_to_name_it(
    shared: Path, tmp_path: Path, publications: PublicationIndex
) -> None:
    """Found in a README-only trial: a Taguette document named "Author year - short title.pdf"
    stopped the run saying only "code only included documents ..., or fix the record_id",
    though a Taguette export has no record_id column to fix."""
    import pandas as pd

    from metasynth.synthesise.checks import check_included

    text = (shared / "qda" / "taguette" / "highlights.csv").read_text(encoding="utf-8")
    path = tmp_path / "highlights.csv"
    path.write_text(text.replace("otherdoc", "Yang 2024 - Cellular structure.pdf"), "utf-8")
    settings = SynthesisSettings.from_config(
        {"sources": [{"path": str(path), "format": "taguette", "coder": "coder_1"}]}
    )
    codes, _ = import_codes(settings.sources, settings, publications)
    status = pd.DataFrame({"record_id": sorted(publications.members), "status": "included"})
    with pytest.raises(InputError) as caught:
        check_included(codes, status)
    assert "Yang 2024 - Cellular structure (not a publication of this review" in str(caught.value)
    assert (
        "a document of a QDA project or Taguette export is the record_id its name gives: "
        "rename it to its record_id in the tool" in str(caught.value.hint)
    )


def test_a_document_of_a_study_in_two_databases_is_named_by_its_study(
    shared: Path, tmp_path: Path
) -> None:
    """Found in a README-only trial: a paper exported by Web of Science and Scopus, coded in
    Taguette under its DOI, was said to be "coded as SCOPUS:…" (the first of its records in
    sorted order) while included.csv, codings.csv and the to-do lists name it WOS:…; the notice
    names the study as every table does, and the record the DOI was found on."""
    from metasynth.cli import main

    entry = (
        "TY  - JOUR\nAU  - {author}\nTI  - Ordinary magic: resilience processes in development\n"
        "T2  - American Psychologist\nPY  - 2001\nVL  - 56\nIS  - 3\nSP  - 227\nEP  - 238\n"
        "DO  - 10.1037/0003-066X.56.3.227\n{more}ER  - \n"
    )
    wos = entry.format(
        author="Masten, Ann S.",
        more="AN  - WOS:000167624400003\nAB  - Resilience in development is common.\n",
    )
    scopus = entry.format(
        author="Masten, A.S.",
        more="UR  - https://www.scopus.com/inward/record.uri?eid=2-s2.0-0035293216\n",
    )
    (tmp_path / "wos.ris").write_text(wos, encoding="utf-8")
    (tmp_path / "scopus.ris").write_text(scopus, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        assert main(["ingest", "wos.ris", "scopus.ris", "--out", "records.parquet"]) == 0
        assert main(["dedup", "records.parquet", "--out-dir", "dedup"]) == 0
    publications = PublicationIndex.load(
        tmp_path / "records.parquet", tmp_path / "dedup" / "clusters.csv"
    )
    study = publications.publication("SCOPUS:2-s2.0-0035293216")
    assert study == publications.publication("WOS:000167624400003") == "WOS:000167624400003"
    text = (shared / "qda" / "taguette" / "highlights.csv").read_text(encoding="utf-8")
    path = tmp_path / "highlights.csv"
    path.write_text(text.replace("otherdoc", "Masten 2001 10.1037_0003-066X.56.3.227"), "utf-8")
    _, notices = _import(path, publications, format="taguette", coder="coder_1")
    assert notices == [
        "document 'Masten 2001 10.1037_0003-066X.56.3.227' is coded as WOS:000167624400003 "
        "(record SCOPUS:2-s2.0-0035293216): its DOI 10.1037/0003-066X.56.3.227 names that study "
        "(its name is not a record_id)"
    ]
