"""`metasynth codebook`: check, export to .qdc/.qdpx, import back, list a project's codes."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import codebook as command
from metasynth.errors import InputError
from metasynth.synthesise.codebook import Codebook, load_codebook


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="metasynth")
    command.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["codebook", *argv])
    return int(args.run(args))


def test_check_prints_the_size(codebook_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("check", "--codebook", str(codebook_file)) == 0
    out = capsys.readouterr().out
    assert out.endswith("2 categories, 3 sub-categories, 5 concepts, 14 codes and synonyms\n")


def test_the_size_of_a_one_of_each_codebook_is_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A flat tree (Taguette's, read with --levels concept,code) has one category and one
    sub-category: "1 category", never "1 categories"; the concept's one code is not "codes"."""
    path = tmp_path / "codebook.yaml"
    path.write_text(
        "categories: [{id: sleep, label: Sleep}]\n"
        "subcategories: [{id: stages, category: sleep, label: Stages}]\n"
        "concepts:\n- {id: rem, subcategory: stages, label: REM sleep, codes: [rapid eye]}\n",
        encoding="utf-8",
    )
    assert _run("check", "--codebook", str(path)) == 0
    out = capsys.readouterr().out
    assert out.endswith("1 category, 1 sub-category, 1 concept, 1 code or synonym\n"), out


def test_export_then_import_gives_the_same_codebook(
    codebook_file: Path, codebook: Codebook, tmp_path: Path
) -> None:
    qdc = tmp_path / "out" / "codebook.qdc"
    assert _run("export", "--codebook", str(codebook_file), "--qdc", str(qdc)) == 0
    yaml_path = tmp_path / "back.yaml"
    assert _run("import", str(qdc), "--output", str(yaml_path)) == 0
    assert load_codebook(yaml_path) == codebook


def test_import_does_not_replace_a_codebook_unless_forced(
    codebook_file: Path, codebook: Codebook, tmp_path: Path
) -> None:
    qdc = tmp_path / "codebook.qdc"
    assert _run("export", "--codebook", str(codebook_file), "--qdc", str(qdc)) == 0
    existing = tmp_path / "codebook.yaml"
    existing.write_text("# hand-written notes\n")
    with pytest.raises(InputError, match="already exists") as error:
        _run("import", str(qdc), "--output", str(existing))
    assert error.value.file == str(existing)
    assert existing.read_text() == "# hand-written notes\n"
    assert _run("import", str(qdc), "--output", str(existing), "--force") == 0
    assert load_codebook(existing) == codebook


def test_export_qdpx_and_list_its_codes(
    codebook_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codes = tmp_path / "codes.csv"
    codes.write_text(
        "record_id,coder,code,quote,location,memo\n"
        "WOS:1,coder_1,secure login,Two-factor login,p. 2,\n"
    )
    qdpx = tmp_path / "coding.qdpx"
    assert (
        _run("export", "--codebook", str(codebook_file), "--qdpx", str(qdpx), "--codes", str(codes))
        == 0
    )
    assert "(1 coding on 1 document)" in capsys.readouterr().out
    assert _run("list", str(qdpx)) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0] == "path,is_codable,guid"
    assert any(
        line.startswith(
            "Dimensions > Technical dimension > Security and privacy > secure login,True,"
        )
        for line in listing
    )


def test_list_of_the_codebook_gives_the_ids_a_finding_rests_on(
    codebook_file: Path, codebook: Codebook, capsys: pytest.CaptureFixture[str]
) -> None:
    """The findings' message for an unknown rests_on entry says `codebook list` shows the ids."""
    assert _run("list", str(codebook_file)) == 0
    listing = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert list(listing.columns) == ["level", "id", "label", "under", "codes"]
    assert listing["level"].value_counts().to_dict() == {
        "category": 2, "subcategory": 3, "concept": 5
    }  # fmt: skip
    concepts = listing[listing["level"] == "concept"]
    first = codebook.concepts[0]
    assert concepts.iloc[0].tolist() == [
        "concept", first.id, first.label, first.subcategory, "; ".join(first.codes)
    ]  # fmt: skip
    assert set(listing["under"]) - {""} <= set(listing["id"])
