"""REFI-QDA files written by MAXQDA 24, ATLAS.ti 23 and NVivo 15 (Mac), read as a user reads
them: the project listed in `synthesis.sources` of a review, and `metasynth codebook list/import`.

The MAXQDA and ATLAS.ti projects come from public repositories without a licence, and the NVivo
one from an AGPL-3.0 repository, so they are read from a local mirror (/work/.mirror, or
$QDA_MIRROR) and the tests skip, saying so, where it is absent; the ATLAS.ti 23.4 codebook (MIT)
is in data/atlasti/. Origins: data/README.md. None of these files holds a coded selection: what
they do hold (codes and their hierarchy, descriptions, users, documents and their texts,
document sets, code groups) is checked here, and `codebook import` of their trees.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pandas as pd
import pytest
import yaml

from metasynth.synthesise import SynthesisSettings, import_codes
from metasynth.synthesise.qda.projects import load_project

from .conftest import DATA, Run

MIRROR = Path(os.environ.get("QDA_MIRROR", "/work/.mirror"))
MAXQDA = ("bedingjd+paper_themes", "3a9a2864bd60e16dc12766a89c1c45f637fe6229")
MAXQDA_QDPX = "references/2025-06-16_ICLS_Conf_Themes_ALL_just10.zip"  # the .qdpx, renamed
PONTE = ("enricllagostera+ponte", "807ed6bc5bbe05409d7c80f7e83f04e495c212e1")
ATLAS_SAMPLES = "process/ref_materials/samples"
ATLAS_CODEBOOK = DATA / "atlasti" / "atlasti_23.4_codebook.qdc"
NVIVO = ("cproctor+qualitative-coding", "f21038216e66d3b7adb6c282f7043245fae55bb6")
NVIVO_QDPX = "qualitative_coding/refi_qda/nvivo_project.qdpx"
QC = ("cproctor+qualitative-coding", "29ecba93ab2946c128765f3a67a55fe8c3c86bf9")
QC_QDPX = "qualitative_coding/demo.qdpx"


def _from_mirror(repo: tuple[str, str], path: str, target: Path) -> Path:
    """A file of a mirrored repository at the commit its origin names, copied to `target`."""
    git_dir = MIRROR / repo[0] / "repo"
    if not git_dir.is_dir():
        pytest.skip(f"{repo[0]} is not mirrored at {git_dir} (no licence: not vendored)")
    data = subprocess.run(
        ["git", "-C", str(git_dir), "show", f"{repo[1]}:{path}"], capture_output=True, check=True
    ).stdout
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def _list(cli: Callable[..., Run], path: Path) -> tuple[pd.DataFrame, str]:
    run = cli(["codebook", "list", str(path)], config=False)
    assert run.status == 0, run.err
    return pd.read_csv(pd.io.common.StringIO(run.out), dtype=str), run.err


def _as_source(project: Path, qdpx: Path, coders: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """The project read by the workflow's import_codes, listed in synthesis.sources."""
    coded = project / "data" / "coded"
    coded.mkdir(parents=True, exist_ok=True)
    shutil.copy(qdpx, coded / qdpx.name)
    settings = SynthesisSettings.from_config(
        {"coders": coders, "sources": [{"path": f"data/coded/{qdpx.name}"}]}
    )
    codes, notices = import_codes(settings.sources, settings)
    return codes, [f"{n.severity}: {n}" for n in notices]


# ---------------------------------------------------------------------------- MAXQDA 24


@pytest.fixture
def maxqda(project: Path) -> Path:
    return _from_mirror(MAXQDA, MAXQDA_QDPX, project / "maxqda" / "ICLS_themes.qdpx")


def test_maxqda_codebook_lists_every_code_under_its_parent(
    maxqda: Path, cli: Callable[..., Run]
) -> None:
    table, err = _list(cli, maxqda)
    depth = table["path"].str.count(" > ")
    assert (len(table), (depth == 0).sum(), (depth == 1).sum()) == (307, 18, 289)
    assert table["path"].iloc[1] == "Additional Themes and Ideas > THEME - Affinity Spaces (Gee)"
    assert "sets (document or code groups): 2 not read ('ICLS 2024', 'ICLS 2025')" in err


def test_maxqda_codebook_import_says_which_nesting_it_lacks(
    maxqda: Path, project: Path, cli: Callable[..., Run]
) -> None:
    """MAXQDA's parent codes > codes is two levels: not a category > sub-category > concept
    tree. Before, the import read the .qdpx zip as XML ("malformed XML: … line 1")."""
    run = cli(["codebook", "import", str(maxqda), "--output", "codebook.yaml"], config=False)
    assert run.status == 2
    assert "the tree's deepest is level 2 of 307 codes" in run.err
    assert "--levels subcategory,concept --category LABEL (themes as sub-categories" in run.err
    assert not (project / "codebook.yaml").exists()


def test_maxqda_parent_codes_as_sub_categories_of_one_category(
    maxqda: Path, project: Path, cli: Callable[..., Run]
) -> None:
    """The two levels read as the user says: MAXQDA's 18 parent codes become sub-categories of
    the one category named, its 289 codes concepts, with their descriptions."""
    levels = ["--levels", "subcategory,concept", "--category", "ICLS themes"]
    run = cli(["codebook", "import", str(maxqda), *levels, "-o", "codebook.yaml"], config=False)
    assert run.status == 0, run.err
    assert (
        "read the code tree as: level 1 → subcategory, level 2 → concept, one category " in run.err
    )
    book = yaml.safe_load((project / "codebook.yaml").read_text(encoding="utf-8"))
    assert book["categories"] == [{"id": "icls_themes", "label": "ICLS themes"}]
    assert len(book["subcategories"]) == 18
    assert {s["category"] for s in book["subcategories"]} == {"icls_themes"}
    assert len(book["concepts"]) == 289
    affinity = book["concepts"][0]
    assert (affinity["label"], affinity["subcategory"]) == (
        "THEME - Affinity Spaces (Gee)",
        "additional_themes_and_ideas",
    )
    assert affinity["description"] == (
        "Apply this code when a study uses Gee's concept of affinity spaces."
    )


def test_maxqda_project_as_a_source_reports_what_it_holds(maxqda: Path, project: Path) -> None:
    codes, notices = _as_source(project, maxqda, ["johnb"])
    assert len(codes) == 0
    where = "data/coded/ICLS_themes.qdpx!project.qde"
    assert notices == [
        f"warning: {where} <Sets>: sets (document or code groups): 2 not read ('ICLS 2024', "
        "'ICLS 2025')",
        f"warning: {where}: the project holds no codings (no coded selections or documents): "
        "nothing is imported from it",
    ]


def test_maxqda_source_texts_are_found_in_the_archive(maxqda: Path, project: Path) -> None:
    """MAXQDA writes `sources/<GUID>.txt` (lower case), without a byte order mark: each of the
    10 documents' text is read as the file holds it, where a coding's offsets would count."""
    loaded = load_project(maxqda)
    sources = [s for s in loaded.root.iter() if s.tag.endswith("}TextSource")]
    assert len(sources) == 10
    for source in sources:
        guid = source.get("guid")
        expected = _from_mirror(MAXQDA, f"sources/{guid}.txt", project / "texts" / f"{guid}.txt")
        assert loaded.source_text(source) == expected.read_text(encoding="utf-8")


def test_maxqda_project_unpacked_finds_its_texts_beside_it(project: Path) -> None:
    """The repository holds the export unpacked, `project.qde` beside `sources/`, as a user who
    opened the .qdpx has it: the bare .qde's texts are read from that folder (before, none was
    found, and a coding's quote would have been its selection's name)."""
    qde = _from_mirror(MAXQDA, "project.qde", project / "unpacked" / "project.qde")
    loaded = load_project(qde)
    sources = [s for s in loaded.root.iter() if s.tag.endswith("}TextSource")]
    for source in sources:
        guid = source.get("guid")
        text = _from_mirror(MAXQDA, f"sources/{guid}.txt", qde.parent / "sources" / f"{guid}.txt")
        assert loaded.source_text(source) == text.read_text(encoding="utf-8")
    assert len(sources) == 10


# ---------------------------------------------------------------------------- ATLAS.ti 23


@pytest.fixture
def atlas_target(project: Path) -> Path:
    path = f"{ATLAS_SAMPLES}/target-atlas-project.qdpx"
    return _from_mirror(PONTE, path, project / "atlas" / "target-atlas-project.qdpx")


def test_atlasti_project_codebook_lists_its_codes(
    atlas_target: Path, cli: Callable[..., Run]
) -> None:
    table, err = _list(cli, atlas_target)
    assert table[["path", "guid"]].values.tolist() == [
        ["Commits", "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6"],
        ["Commits > 2022-05-10T02:05:59Z 19e4dce", "2D2466F0-D77F-4F8C-BDF9-628966B6B74D"],
        ["Commits > 2022-02-11T10:39:25Z cdbfd92", "086AC733-7B1C-4749-A138-D7182F63A5C9"],
    ]
    assert err == ""


def test_atlasti_project_codebook_import_reads_the_project(
    atlas_target: Path, cli: Callable[..., Run]
) -> None:
    """Before, `codebook import` of a .qdpx said "malformed XML" (it read the zip as XML)."""
    run = cli(["codebook", "import", str(atlas_target)], config=False)
    assert run.status == 2
    assert "the tree's deepest is level 2 of 3 codes" in run.err


def test_atlasti_parent_code_as_a_category(atlas_target: Path, cli: Callable[..., Run]) -> None:
    """ATLAS.ti's parent > codes read as category > concepts, each category given one
    sub-category of the label named."""
    levels = ["--levels", "category,concept", "--subcategory", "All"]
    run = cli(["codebook", "import", str(atlas_target), *levels], config=False)
    assert run.status == 0, run.err
    book = yaml.safe_load(run.out)
    assert [c["label"] for c in book["categories"]] == ["Commits"]
    assert book["subcategories"] == [{"id": "commits_all", "category": "commits", "label": "All"}]
    assert [(c["label"], c["subcategory"]) for c in book["concepts"]] == [
        ("2022-05-10T02:05:59Z 19e4dce", "commits_all"),
        ("2022-02-11T10:39:25Z cdbfd92", "commits_all"),
    ]


@pytest.mark.parametrize("name", ["blank", "target"])
def test_atlasti_project_without_documents_as_a_source(project: Path, name: str) -> None:
    path = f"{ATLAS_SAMPLES}/{name}-atlas-project.qdpx"
    qdpx = _from_mirror(PONTE, path, project / "atlas" / f"{name}-atlas-project.qdpx")
    codes, notices = _as_source(project, qdpx, ["Enric Llagostera"])
    assert len(codes) == 0
    assert notices == [
        f"warning: data/coded/{name}-atlas-project.qdpx!project.qde: the project holds no "
        "codings (no coded selections or documents): nothing is imported from it"
    ]


def test_atlasti_code_groups_are_reported_not_dropped(cli: Callable[..., Run]) -> None:
    """ATLAS.ti 23.4 writes code groups as codebook <Sets> (members as `<MemberCode guid=…>`)."""
    table, err = _list(cli, ATLAS_CODEBOOK)
    assert table[["path", "is_codable"]].values.tolist() == [["code1", "True"]]
    assert "sets (document or code groups): 1 not read ('code group 1')" in err


# ---------------------------------------------------------------------------- NVivo 15 (Mac)


@pytest.fixture
def nvivo(project: Path) -> Path:
    return _from_mirror(NVIVO, NVIVO_QDPX, project / "nvivo" / "nvivo_project.qdpx")


def test_nvivo_code_tree_is_listed_seven_levels_deep(nvivo: Path, cli: Callable[..., Run]) -> None:
    """NVivo for Mac 15.0.0's export of a tree of 262 codes (all codable), nested up to seven
    levels, with 9 names at more than one place."""
    table, err = _list(cli, nvivo)
    depth = table["path"].str.count(" > ")
    assert len(table) == 262
    assert depth.value_counts().sort_index().tolist() == [3, 18, 112, 91, 26, 9, 3]
    assert set(table["is_codable"]) == {"True"}
    assert (table["path"].str.rsplit(" > ", n=1).str[-1] == "citizenship").sum() == 3
    assert err == ""


def test_nvivo_tree_deeper_than_the_levels_names_the_code_and_the_levels_to_read_it(
    nvivo: Path, cli: Callable[..., Run]
) -> None:
    run = cli(["codebook", "import", str(nvivo)], config=False)
    assert run.status == 2
    assert "<Code citizenship>: code 'rq1_definition > rationales > cs_literacy > " in run.err
    assert "digital_citizenship > citizenship' is nested 5 levels deep" in run.err
    assert "--levels category,subcategory,concept,code,code,code,code" in run.err


def test_nvivo_tree_read_seven_deep_names_the_codes_that_fit_no_level(
    nvivo: Path, cli: Callable[..., Run]
) -> None:
    """Read with every level named, two codes straight under a category (no codes below them)
    would be empty sub-categories: listed, nothing written."""
    levels = "category,subcategory,concept,code,code,code,code"
    run = cli(["codebook", "import", str(nvivo), "--levels", levels, "-o", "cb.yaml"], config=False)
    assert run.status == 2
    assert (
        "2 code(s) above the concept level with no codes below: 'importance_of_defining_cs' "
        "(under 'rq1_definition'), 'cs_inclusion' (under 'rq3_process')"
    ) in run.err
    assert not Path("cb.yaml").exists()


def test_nvivo_project_as_a_source_has_no_codings(nvivo: Path, project: Path) -> None:
    """Its two documents have empty texts and no coded selections: said, not guessed."""
    codes, notices = _as_source(project, nvivo, ["chrisp"])
    assert len(codes) == 0
    assert notices == [
        "warning: data/coded/nvivo_project.qdpx!project.qde: the project holds no codings (no "
        "coded selections or documents): nothing is imported from it"
    ]


# ---------------------------------------------------------------------------- qc 1.3.2


def test_qc_codings_quote_the_lines_it_coded(project: Path) -> None:
    """qc 1.3.2 (cproctor/qualitative-coding) codes whole lines and exports each as a selection
    named `line:N` (N counted from 0) at the code-point offsets of that line, its line end
    included; its sources have no `name` and a bare `plainTextPath` (`board_2017.txt`, the
    file in the archive's `sources/`). Every one of the 205 codings quotes its line; before,
    the text was not found (each quote was `line:N`) and the record_id was empty."""
    qdpx = _from_mirror(QC, QC_QDPX, project / "qc" / "demo.qdpx")
    coded = project / "data" / "coded"
    coded.mkdir(parents=True)
    shutil.copy(qdpx, coded / "demo.qdpx")
    settings = SynthesisSettings.from_config(
        {
            "coders": ["coder_1"],
            "sources": [{"path": "data/coded/demo.qdpx", "coder_names": {"cp": "coder_1"}}],
        }
    )
    codes, notices = import_codes(settings.sources, settings)
    assert notices == []
    assert len(codes) == 205
    assert set(codes["record_id"]) == {"board_2017"}
    assert set(codes["coder"]) == {"coder_1"}
    assert codes["code"].nunique() == 77
    archive = zipfile.ZipFile(qdpx)
    lines = archive.read("sources/board_2017.txt").decode("utf-8").splitlines()
    selection_names = _selection_names(archive)
    assert [lines[int(name.removeprefix("line:"))].strip() for name in selection_names] == list(
        codes["quote"]
    )
    assert codes["location"].iloc[0] == "chars 320-400"
    assert codes["quote"].iloc[0] == (
        "This district goal is engage every student in joyful, purposeful learning that"
    )


def _selection_names(archive: zipfile.ZipFile) -> list[str]:
    """The name of each coding's selection, in file order (one per coding)."""
    root = ET.fromstring(archive.read("project.qde"))
    return [
        selection.get("name", "")
        for selection in root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")
        for _ in selection.iter("{urn:QDA-XML:project:1.0}Coding")
    ]
