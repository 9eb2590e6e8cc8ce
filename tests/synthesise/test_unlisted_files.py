"""Which files beside the coding sources are refused, warned about or left alone (fast; the
workflow's path is tests/synthesise/test_unlisted_sources.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from metasynth.errors import CollectedInputError
from metasynth.hand_files import unlisted_coding_files
from metasynth.synthesise.unlisted import check_unlisted

SOURCES = [{"path": "data/coded/codes.csv"}, {"path": "data/coded/second_coder.qdpx"}]


@pytest.fixture()
def coded(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default corpus's data/coded in a project folder of its own."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(root / "data/coded", tmp_path / "data/coded")
    return tmp_path / "data/coded"


def _unlisted() -> list[str]:
    return unlisted_coding_files(
        SOURCES,
        "data/coded/codebook.yaml",
        also_read=["data/coded/findings.yaml", "data/coded/cerqual.yaml"],
    )


def test_the_default_corpus_and_notes_beside_it_are_left_alone(coded: Path) -> None:
    for name in ("README.md", "notes.md", "codes.csv~", "~$codes.csv", ".DS_Store", "S1.pdf"):
        (coded / name).write_text("x")
    (coded / "texts").mkdir()
    (coded / "texts/WOS_1.txt").write_text("a coded document")
    assert _unlisted() == []


def test_a_sync_copy_of_the_codes_is_refused_as_one_not_offered_as_a_source(
    coded: Path,
) -> None:
    shutil.copy(coded / "codes.csv", coded / "codes (R1's conflicted copy).csv")
    (coded / "old").mkdir()
    shutil.copy(coded / "second_coder.qdpx", coded / "old/second_coder.QDPX")
    found = _unlisted()
    assert found == [
        "data/coded/codes (R1's conflicted copy).csv",
        "data/coded/old/second_coder.QDPX",
    ]
    with pytest.raises(CollectedInputError) as raised:
        check_unlisted(found)
    first, second = raised.value.errors
    assert first.message == "a file-sync tool's conflict copy of another table in this folder"
    assert second.hint is not None
    assert "- {path: data/coded/old/second_coder.QDPX, format: refiqda}" in second.hint
