"""One code name under two parents of a QDA tool's code tree (`cost` under `Barriers` and
under `Facilitators`): codings meet the codebook by the code's name, so the two count as one
code; the import says so (found by the held-out probe of issue 15; silent before)."""

from __future__ import annotations

from pathlib import Path

from metasynth.synthesise import SynthesisSettings
from metasynth.synthesise.sources import import_codes


def test_one_code_name_under_two_parents_is_a_warning(shared: Path, tmp_path: Path) -> None:
    project = tmp_path / "project.qde"
    text = (shared / "qda" / "atlas_spec_example.qde").read_text(encoding="utf-8")
    project.write_text(text.replace('name="Coke::diet Coke"', 'name="Coke::milk"'))
    settings = SynthesisSettings.from_config({})
    codes, notices = import_codes([{"path": str(project), "format": "refiqda"}], settings)
    assert sorted(set(codes.loc[codes["code"] == "milk", "code_path"])) == ["Coke > milk", "milk"]
    shared_names = [n for n in notices if "have the name" in n.message]
    assert [(n.severity, n.file) for n in shared_names] == [("warning", str(project))]
    assert shared_names[0].message.startswith(
        "2 codes of the project's tree have the name 'milk' ('Coke > milk', 'milk')"
    )


def test_the_real_projects_share_no_code_name(shared: Path, root: Path) -> None:
    settings = SynthesisSettings.from_config({})
    for path in (shared / "qda" / "atlas_spec_example.qde", root / "data/coded/second_coder.qdpx"):
        _, notices = import_codes([{"path": str(path), "format": "refiqda"}], settings)
        assert not [n for n in notices if "have the name" in n.message]
