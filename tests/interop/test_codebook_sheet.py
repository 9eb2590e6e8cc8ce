"""`metasynth codebook from-sheet`: the framework a review kept in a spreadsheet, as the
project's codebook — in a project made by `metasynth init`, through the command line."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from metasynth.cli import main
from metasynth.synthesise.codebook import load_codebook

CODEBOOK = Path("data/coded/codebook.yaml")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    assert main(["init", str(tmp_path / "review")]) == 0
    monkeypatch.chdir(tmp_path / "review")
    return tmp_path / "review"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["codebook", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _outline_workbook(path: Path) -> None:
    """A framework as people lay it out in Excel: each theme and sub-theme in a merged cell
    spanning its rows, several codes in one cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Framework"
    sheet.append(["Theme", "Sub-theme", "Concept", "Codes"])
    sheet.append(["Dimensions", "Technical dimension", "Platform usability", "ease of use; UI"])
    sheet.append([None, None, "Connectivity", "internet access, bandwidth"])
    sheet.append([None, "Communication dimension", "Trust", "trust building"])
    sheet.append(["Processes", "Main processes", "Matching", "mentor matching, pairing"])
    sheet.append([None, None, "Matching", "matchmaking"])  # the concept again: one more code
    sheet.append([None, None, "اعتماد", "ثقة"])  # a Persian label: no Latin letters for its id
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("A5:A7")
    sheet.merge_cells("B5:B7")
    book.save(path)


def test_an_outline_workbook_becomes_the_project_s_codebook(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _outline_workbook(project / "framework.xlsx")
    columns = ["--column", "category=Theme", "--column", "subcategory=Sub-theme"]
    code, out, err = _run(
        capsys, "from-sheet", "framework.xlsx", *columns, "--fill-down", "--output", str(CODEBOOK)
    )
    assert code == 0, err
    assert out == (
        f"wrote {CODEBOOK} (replacing the empty codebook that was there): 2 categories, "
        "3 sub-categories, 5 concepts, 9 codes and synonyms, from 6 row(s) of framework.xlsx\n"
    )
    codebook = load_codebook(CODEBOOK)
    assert [s.id for s in codebook.subcategories] == [
        "technical_dimension",
        "communication_dimension",
        "main_processes",
    ]
    matching = codebook.concept("matching")
    assert (matching.subcategory, matching.codes) == (
        "main_processes",
        ("mentor matching", "pairing", "matchmaking"),
    )
    assert codebook.concept("concept_1").label == "اعتماد"
    assert codebook.concept("platform_usability").codes == ("ease of use", "UI")
    # the file is the one the workflow reads: `codebook check` says the same size
    code, out, _ = _run(capsys, "check", "--codebook", str(CODEBOOK))
    assert code == 0 and out.endswith("5 concepts, 9 codes and synonyms\n")


def test_blank_cells_without_fill_down_are_named_and_nothing_is_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _outline_workbook(project / "framework.xlsx")
    before = CODEBOOK.read_bytes()
    columns = ["--column", "category=Theme", "--column", "subcategory=Sub-theme"]
    code, _, err = _run(capsys, "from-sheet", "framework.xlsx", *columns, "-o", str(CODEBOOK))
    assert code == 2
    assert "4 problems; fix them all, then run again:" in err
    assert "framework.xlsx row 3: no category and no subcategory in this row" in err
    assert "framework.xlsx row 4: no category in this row" in err
    assert "needs --fill-down" in err
    assert CODEBOOK.read_bytes() == before


def test_a_sheet_that_contradicts_itself_names_both_rows(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "framework.csv").write_text(
        "category,subcategory,concept,code\n"
        "Dimensions,Technical,Usability,ease of use\n"
        "Processes,Technical,Matching,pairing\n"  # Technical under a second category
        "Dimensions,Social,Usability,clarity\n"  # Usability under a second sub-category
        "Dimensions,Social,Trust,Ease of use\n"  # a code under a second concept
        "Dimensions,Social,—,x\n",  # a concept without letters or digits
        encoding="utf-8",
    )
    code, _, err = _run(capsys, "from-sheet", "framework.csv", "-o", str(CODEBOOK))
    assert code == 2
    assert (
        "framework.csv:3: subcategory 'Technical' is under category 'Processes' here but under "
        "'Dimensions' in line 2"
    ) in err
    assert "framework.csv:4: concept 'Usability' is under subcategory 'Social' here but under " in (
        err
    )
    assert (
        "framework.csv:5: code 'Ease of use' is under concept 'Trust' here but under "
        "'Usability' in line 2"
    ) in err
    assert "framework.csv:6: concept '—' has no letters or digits" in err


def test_without_a_concept_column_each_code_is_a_concept(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "tags.csv").write_text(
        'Category,Sub category,Tags\nRequirements,Mentor,"empathy; availability"\n'
        "Requirements,Platform,video calls\n",
        encoding="utf-8",
    )
    code, _, err = _run(capsys, "from-sheet", "tags.csv", "-o", str(CODEBOOK))
    assert code == 0, err
    codebook = load_codebook(CODEBOOK)
    assert [(c.id, c.subcategory, c.codes) for c in codebook.concepts] == [
        ("empathy", "mentor", ()),
        ("availability", "mentor", ()),
        ("video_calls", "platform", ()),
    ]


def test_a_codebook_with_entries_is_replaced_only_when_forced(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = project / "tags.csv"
    sheet.write_text("category,subcategory,code\nA,B,c\n", encoding="utf-8")
    assert _run(capsys, "from-sheet", "tags.csv", "-o", str(CODEBOOK))[0] == 0
    sheet.write_text("category,subcategory,code\nA,B,d\n", encoding="utf-8")
    code, _, err = _run(capsys, "from-sheet", "tags.csv", "-o", str(CODEBOOK))
    assert code == 2 and "already exists and has entries" in err
    assert [c.id for c in load_codebook(CODEBOOK).concepts] == ["c"]
    assert _run(capsys, "from-sheet", "tags.csv", "-o", str(CODEBOOK), "--force")[0] == 0
    assert [c.id for c in load_codebook(CODEBOOK).concepts] == ["d"]


def test_a_sheet_without_the_levels_says_which_columns_it_has(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "codes.csv").write_text("paper,theme\nx,y\n", encoding="utf-8")
    code, _, err = _run(capsys, "from-sheet", "codes.csv")
    assert code == 2
    assert "codes.csv:1: no category and no subcategory and no concept or code column" in err
    assert "the columns are 'paper', 'theme'" in err


def test_a_hidden_first_worksheet_is_not_the_one_read(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel opens at the first visible worksheet; a hidden one before it (a lookup list, an
    old version) is not the framework the user sees."""
    _outline_workbook(project / "framework.xlsx")
    book = openpyxl.load_workbook(project / "framework.xlsx")
    lookup = book.create_sheet("lists", 0)
    lookup.append(["Reasons"])
    lookup.sheet_state = "hidden"
    book.save(project / "framework.xlsx")
    columns = ["--column", "category=Theme", "--column", "subcategory=Sub-theme"]
    code, _, err = _run(capsys, "from-sheet", "framework.xlsx", *columns, "--fill-down")
    assert code == 0, err
    assert "read the first visible worksheet (1 hidden), 'Framework', of 2" in err
