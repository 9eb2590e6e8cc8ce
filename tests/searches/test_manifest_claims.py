"""The files a search run claims, on the default corpus: normalised, inside data/raw, exports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from metasynth.config import load_config
from metasynth.errors import InputError
from metasynth.ingest import discover_exports
from metasynth.searches import assign_runs, load_searches

# The default manifest ends with wos_supplementary's one file at line 30; a line appended to it
# is that run's second file, at line 31.
ELEMENT, LINE = "searches[1].files[1]", 31


@pytest.fixture
def project(root: Path, tmp_path: Path) -> Path:
    for name in ("data", "config"):
        shutil.copytree(root / name, tmp_path / name)
    (tmp_path / "README.md").write_text("# a project README, not an export\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def ignore(root: Path) -> list[str]:
    return list(load_config(root / "config" / "config.yaml")["ingest"]["ignore"])


def _claim(project: Path, path: str) -> Path:
    manifest = project / "data" / "raw" / "searches.yaml"
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write(f"  - {path}\n")
    return manifest


def _replace(project: Path, old: str, new: str) -> Path:
    manifest = project / "data" / "raw" / "searches.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert text.count(old) == 1
    manifest.write_text(text.replace(old, new), encoding="utf-8")
    return manifest


def test_another_spelling_of_a_claimed_file_is_the_same_claim(project: Path) -> None:
    manifest = _claim(project, "wos_primary/../wos_primary/savedrecs.txt")
    with pytest.raises(InputError) as error:
        load_searches(manifest)
    assert (error.value.file, error.value.line, error.value.element) == (
        str(manifest),
        LINE,
        ELEMENT,
    )
    assert error.value.message == (
        "file 'wos_primary/savedrecs.txt' (written 'wos_primary/../wos_primary/savedrecs.txt') "
        "is claimed by search runs 'wos_primary' (line 16) and 'wos_supplementary'"
    )


def test_one_run_listing_a_file_twice_says_so(project: Path) -> None:
    manifest = _claim(project, "./wos_supplementary/savedrecs.txt")
    with pytest.raises(InputError) as error:
        load_searches(manifest)
    assert (error.value.line, error.value.element) == (LINE, ELEMENT)
    assert error.value.message == (
        "file 'wos_supplementary/savedrecs.txt' (written './wos_supplementary/savedrecs.txt') "
        "is claimed twice by search run 'wos_supplementary' (also line 30)"
    )


def test_a_path_leaving_the_raw_folder_is_refused(project: Path) -> None:
    manifest = _claim(project, "../../README.md")  # the project's README.md: it exists
    with pytest.raises(InputError) as error:
        load_searches(manifest)
    raw = manifest.parent.as_posix()
    assert (error.value.line, error.value.element) == (LINE, ELEMENT)
    assert error.value.message == (
        f"search run 'wos_supplementary' names '../../README.md', which is outside {raw}"
    )
    assert error.value.hint == (
        f"paths in searches.yaml are relative to {raw} and must stay inside it: move the export "
        f"into {raw} and name it from there"
    )


def test_an_absolute_path_is_refused(project: Path) -> None:
    export = project / "data" / "raw" / "wos_supplementary" / "savedrecs.txt"
    manifest = _claim(project, export.as_posix())
    with pytest.raises(InputError, match="which is outside") as error:
        load_searches(manifest)
    assert (error.value.line, error.value.element) == (LINE, ELEMENT)


def test_a_folder_is_refused(project: Path) -> None:
    manifest = _claim(project, "wos_primary/")
    with pytest.raises(InputError) as error:
        load_searches(manifest)
    assert (error.value.line, error.value.element) == (LINE, ELEMENT)
    assert error.value.message == (
        "search run 'wos_supplementary' names 'wos_primary/', which is a folder, not a file"
    )


@pytest.mark.parametrize("name", ["README.md", ".gitattributes", "./searches.yaml"])
def test_a_file_ingestion_skips_is_not_an_export(
    project: Path, ignore: list[str], name: str
) -> None:
    manifest = _claim(project, name)
    raw = manifest.parent
    runs = load_searches(manifest)
    with pytest.raises(InputError) as error:
        assign_runs(runs, discover_exports(raw, ignore), raw, ignore)
    assert (error.value.file, error.value.line, error.value.element) == (
        manifest.as_posix(),
        LINE,
        ELEMENT,
    )
    assert error.value.message == (
        f"search run 'wos_supplementary' names {name.removeprefix('./')!r}, which is not an "
        "export: ingestion skips it (ingest.ignore: README*, *.md, searches.yaml, .*)"
    )


def test_a_normalised_claim_is_matched_to_its_export(project: Path, ignore: list[str]) -> None:
    manifest = _replace(
        project,
        "  - wos_supplementary/savedrecs.txt\n",
        "  - wos_primary/../wos_supplementary/./savedrecs.txt\n",
    )
    raw = manifest.parent
    exports = discover_exports(raw, ignore)
    assignment = assign_runs(load_searches(manifest), exports, raw, ignore)
    assert assignment[str(raw / "wos_supplementary" / "savedrecs.txt")] == "wos_supplementary"
    assert sorted(assignment.values()).count("wos_primary") == 3


def test_an_export_outside_the_raw_folder_names_the_file(project: Path, ignore: list[str]) -> None:
    raw = project / "data" / "raw"
    stray = project / "savedrecs.txt"
    shutil.copy(raw / "wos_supplementary" / "savedrecs.txt", stray)
    with pytest.raises(InputError, match="outside") as error:
        assign_runs(load_searches(raw / "searches.yaml"), [stray], raw, ignore)
    assert error.value.file == str(stray)
