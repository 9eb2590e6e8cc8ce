"""The committed default corpus is exactly what the generator writes from its seed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from synthetic.corpus import DEFAULT_SEED, RAW_DIR, build_corpus, generate
from synthetic.publications import Corpus


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """A fresh root with everything `generate` writes, and the paths it returned."""
    root = tmp_path_factory.mktemp("regenerated")
    return root, generate(root, seed=DEFAULT_SEED)


def test_regenerated_files_are_byte_identical_to_the_committed_ones(
    root: Path, regenerated: tuple[Path, list[Path]]
) -> None:
    fresh, written = regenerated
    assert written, "the generator wrote nothing"
    different = [
        str(relative)
        for relative in written
        if not (root / relative).is_file()
        or (root / relative).read_bytes() != (fresh / relative).read_bytes()
    ]
    assert different == [], f"regenerate with `make corpus`: {different}"


def test_every_file_under_data_raw_is_generated(
    root: Path, regenerated: tuple[Path, list[Path]]
) -> None:
    written = {p.as_posix() for p in regenerated[1]}
    committed = {p.relative_to(root).as_posix() for p in (root / RAW_DIR).rglob("*") if p.is_file()}
    assert committed - written == set(), "files under data/raw that the generator does not write"


@pytest.mark.slow
def test_the_script_writes_the_corpus_for_its_seed(root: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(root / "scripts" / "generate_corpus.py"), "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "seed 20240115" in result.stderr
    primary = tmp_path / RAW_DIR / "wos_primary" / "savedrecs.txt"
    assert primary.read_bytes() == (root / RAW_DIR / "wos_primary" / "savedrecs.txt").read_bytes()


def test_another_seed_gives_another_corpus_of_the_same_shape(corpus: Corpus) -> None:
    other = build_corpus(DEFAULT_SEED + 1)
    assert other.planned_counts().equals(corpus.planned_counts())
    assert {r.record_id for r in other.records()}.isdisjoint(
        {r.record_id for r in corpus.records()}
    )
