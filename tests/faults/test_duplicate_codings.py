"""A coding given twice is refused, not counted twice (issue 15, item 2): a repeated row of
codes.csv inflated the framework (24 → 29 codings for one concept) and every entropy weight."""

from __future__ import annotations

from pathlib import Path

import pytest

from metasynth.errors import InputError
from metasynth.synthesise import SynthesisSettings
from metasynth.synthesise.codes import read_codes_csv
from metasynth.synthesise.sources import import_codes

HEADER = "record_id,coder,code,quote,location,memo\n"


def _codes(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def test_a_repeated_row_names_both_lines(tmp_path: Path) -> None:
    path = _codes(
        tmp_path / "codes.csv",
        "WOS:1,coder_1,trust building,Trust came first.,p. 4,",
        "WOS:1,coder_1,feedback,Replies were quick.,p. 5,",
        "WOS:1,coder_1,trust building,Trust came first.,p. 4,",
    )
    with pytest.raises(InputError) as error:
        read_codes_csv(path)
    assert (error.value.file, error.value.line) == (path.as_posix(), 4)
    assert error.value.message == (
        f"the same coding as {path.as_posix()}:2: coder_1 coded WOS:1 with 'trust building' at "
        "the same quote and location; it would be counted twice"
    )


def test_one_quote_coded_at_two_places_is_two_codings(tmp_path: Path) -> None:
    path = _codes(
        tmp_path / "codes.csv",
        "WOS:1,coder_1,trust building,Trust came first.,p. 4,",
        "WOS:1,coder_1,trust building,Trust came first.,p. 9,",
        "WOS:1,coder_2,trust building,Trust came first.,p. 4,",
    )
    assert len(read_codes_csv(path)) == 3


def test_a_coding_in_two_sources_is_refused_at_the_second(tmp_path: Path) -> None:
    first = _codes(tmp_path / "codes.csv", "WOS:1,coder_1,feedback,Replies were quick.,p. 5,")
    second = _codes(tmp_path / "more.csv", "WOS:1,coder_1,feedback,Replies were quick.,p. 5,")
    settings = SynthesisSettings.from_config(
        {"coders": ["coder_1"], "sources": [{"path": str(first)}, {"path": str(second)}]}
    )
    with pytest.raises(InputError, match=f"the same coding as {first.as_posix()}:2") as error:
        import_codes(settings.sources, settings)
    assert (error.value.file, error.value.line) == (second.as_posix(), 2)


def test_a_project_exported_twice_is_refused_by_element(tmp_path: Path, root: Path) -> None:
    """The same REFI-QDA project listed twice would double every one of its codings."""
    project = str(root / "data" / "coded" / "second_coder.qdpx")
    settings = SynthesisSettings.from_config({"coders": ["coder_1", "coder_2"]})
    with pytest.raises(InputError, match="the same coding as") as error:
        import_codes([{"path": project}, {"path": project}], settings)
    assert error.value.file == project
    assert error.value.element is not None and error.value.element.startswith("<PlainTextSelection")
