"""The codebook: loading, the structural checks, and the YAML and .qdc round trips."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from pathlib import Path

import pytest

from metasynth.errors import InputError
from metasynth.synthesise.codebook import (
    Codebook,
    codebook_from_qdc,
    dump_codebook,
    load_codebook,
)
from metasynth.synthesise.qda.codebooks import TreeLevels, read_qdc
from metasynth.synthesise.qda.export import export_qdc

from .conftest import CODEBOOK_YAML


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_hierarchy_in_codebook_order(codebook: Codebook) -> None:
    hierarchy = codebook.hierarchy()
    assert list(hierarchy["concept"]) == [
        "platform_usability",
        "security_privacy",
        "feedback",
        "trust_building",
        "mentor_training",
    ]
    assert list(hierarchy["category"]) == ["dimensions"] * 4 + ["requirements"]


def test_code_index_folds_case_accents_and_punctuation(codebook: Codebook) -> None:
    index = codebook.code_index()
    assert index["user friendly interface"] == "platform_usability"
    assert index["platform usability"] == "platform_usability"  # the label matches too
    assert index["mentor training"] == "mentor_training"


def test_duplicate_id_names_both_places(tmp_path: Path) -> None:
    text = CODEBOOK_YAML.replace("id: mentor_training", "id: feedback")
    with pytest.raises(
        InputError, match=r"id 'feedback' is used twice \(first at concepts\[2\]"
    ) as exc:
        load_codebook(_write(tmp_path, text))
    assert exc.value.element == "concepts[4] (id 'feedback')"


def test_orphan_subcategory_is_an_error(tmp_path: Path) -> None:
    text = CODEBOOK_YAML.replace("category: requirements", "category: requirement")
    with pytest.raises(InputError, match="orphan subcategory: its category 'requirement'") as exc:
        load_codebook(_write(tmp_path, text))
    assert exc.value.element == "subcategories[2] (id 'mentor')"


def test_cycle_is_reported_as_a_loop(tmp_path: Path) -> None:
    text = CODEBOOK_YAML.replace(
        "  - id: mentor\n    category: requirements\n    label: Requirements of the mentor\n",
        "  - id: mentor\n    category: mentor_loop\n    label: Requirements of the mentor\n"
        "  - id: mentor_loop\n    category: mentor\n    label: Loop\n",
    )
    with pytest.raises(InputError, match="cycle: mentor → mentor_loop → mentor"):
        load_codebook(_write(tmp_path, text))


def test_parent_at_the_wrong_level_is_an_error(tmp_path: Path) -> None:
    text = CODEBOOK_YAML.replace("subcategory: mentor\n", "subcategory: requirements\n")
    with pytest.raises(InputError, match="its subcategory 'requirements' is a category"):
        load_codebook(_write(tmp_path, text))


def test_code_under_two_concepts_is_an_error(tmp_path: Path) -> None:
    text = CODEBOOK_YAML.replace("[training of mentors,", "[Timely feedback, training of mentors,")
    with pytest.raises(InputError, match="'Timely feedback' is mapped to two concepts: 'feedback'"):
        load_codebook(_write(tmp_path, text))


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "categories:\n  - id: a\n   label: [unclosed\n")
    with pytest.raises(InputError, match="malformed YAML") as exc:
        load_codebook(path)
    assert exc.value.file == str(path) and exc.value.line == 3


def test_a_key_given_twice_is_an_error_not_a_silent_replacement(tmp_path: Path) -> None:
    # PyYAML alone keeps the second `codes:` list and drops the first without a word
    lines = CODEBOOK_YAML.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.strip().startswith("codes:"))
    indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
    lines.insert(first + 1, f"{indent}codes: [another code]\n")
    with pytest.raises(InputError, match=r"key 'codes' appears twice \(first at line") as exc:
        load_codebook(_write(tmp_path, "".join(lines)))
    assert exc.value.line == first + 2


def test_schema_violation_names_the_element(tmp_path: Path) -> None:
    text = CODEBOOK_YAML.replace("id: trust_building", "id: Trust Building")
    with pytest.raises(InputError, match="does not match") as exc:
        load_codebook(_write(tmp_path, text))
    assert exc.value.element == "concepts/3/id"


def test_empty_subcategory_is_a_notice(tmp_path: Path) -> None:
    text = CODEBOOK_YAML.replace(
        "subcategories:\n",
        "subcategories:\n  - id: platform\n    category: requirements\n"
        "    label: Requirements of the platform\n",
    )
    codebook = load_codebook(_write(tmp_path, text))
    assert [(n.element, n.message) for n in codebook.notices] == [
        ("platform", "sub-category has no concepts")
    ]


def test_yaml_round_trip_is_lossless(codebook: Codebook, tmp_path: Path) -> None:
    path = tmp_path / "again.yaml"
    path.write_text(dump_codebook(codebook), encoding="utf-8")
    assert load_codebook(path) == codebook


def test_qdc_round_trip_is_lossless(codebook: Codebook, tmp_path: Path) -> None:
    path = tmp_path / "codebook.qdc"
    path.write_bytes(export_qdc(codebook).data)
    assert codebook_from_qdc(path) == codebook


def test_a_flat_qdc_is_refused_with_the_levels_that_would_read_it(shared: Path) -> None:
    # the REFI-QDA spec's example codebook: six codes, none nested
    path = shared / "qda" / "spec_example_codebook.qdc"
    with pytest.raises(
        InputError, match=r"tree's deepest is level 1 of 6 codes: a synthesis"
    ) as exc:
        codebook_from_qdc(path)
    assert exc.value.line is None  # an XML file: no YAML line to point at
    assert "--levels concept --category 'To place' --subcategory 'To place'" in str(exc.value.hint)


def test_a_flat_qdc_gives_concepts_to_place(shared: Path) -> None:
    """`--levels concept` with the labels of the one category and sub-category they go under:
    every code a concept there, for the reviewer to move in codebook.yaml."""
    levels = TreeLevels.parse("concept", category="To place", subcategory="Unsorted")
    codebook = codebook_from_qdc(shared / "qda" / "spec_example_codebook.qdc", levels=levels)
    assert [(c.id, c.label) for c in codebook.categories] == [("to_place", "To place")]
    assert [(s.id, s.category) for s in codebook.subcategories] == [
        ("to_place_unsorted", "to_place")
    ]
    assert [(c.label, c.subcategory) for c in codebook.concepts] == [
        (label, "to_place_unsorted")
        for label in ["Topics", "Economy", "Health care", "Values", "Conservatives", "Liberals"]
    ]


def test_a_hierarchy_written_in_names_nests_as_the_xml_would(shared: Path) -> None:
    """ATLAS.ti 8.4 (the spec's example project) writes `Coke::diet Coke` and
    `Coke::full-fat Coke` beside a code `Coke` that comes after them: read as concepts with
    `--levels concept,code`, Coke is one concept holding the two as its codes, each named by
    its own part (the name the project's codings use); before, each was a concept named
    `Coke::diet Coke`, which no coding's code matched."""
    levels = TreeLevels.parse("concept,code", category="To place", subcategory="To place")
    codebook = codebook_from_qdc(shared / "qda" / "atlas_spec_example.qde", levels=levels)
    assert len(codebook.concepts) == 12
    coke = codebook.concept("coke")
    assert (coke.label, coke.codes) == ("Coke", ("full-fat Coke", "diet Coke"))
    assert [c.label for c in codebook.concepts][3:6] == ["waste of time", "Coke", "milk"]


def test_labels_holding_a_separator_survive_the_qdc_round_trip(
    codebook: Codebook, tmp_path: Path
) -> None:
    """Names split into a hierarchy only in a flat list: labels `metasynth codebook export`
    wrote (a category, a concept) with " > " or "::" in them come back whole."""
    category, concept = codebook.categories[0], codebook.concepts[0]
    renamed = replace(
        codebook,
        categories=(replace(category, label="Costs > benefits"), *codebook.categories[1:]),
        concepts=(replace(concept, label="Age::65+"), *codebook.concepts[1:]),
    )
    path = tmp_path / "codebook.qdc"
    path.write_bytes(export_qdc(renamed).data)
    assert codebook_from_qdc(path) == renamed


def test_a_parent_known_only_from_names_becomes_an_entry(tmp_path: Path) -> None:
    """No code `Barriers`, two codes `Barriers::cost` and `Barriers::time`: a sub-category
    `Barriers` holding them as concepts."""
    codes = "".join(
        f'<Code guid="0000000{i}-0000-0000-0000-000000000000" name="Barriers::{name}" '
        'isCodable="true"/>'
        for i, name in enumerate(["cost", "time"])
    )
    path = tmp_path / "names.qdc"
    path.write_text(
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>',
        encoding="utf-8",
    )
    levels = TreeLevels.parse("subcategory,concept", category="Findings")
    codebook = codebook_from_qdc(path, levels=levels)
    assert [(s.id, s.label) for s in codebook.subcategories] == [("barriers", "Barriers")]
    assert [(c.label, c.subcategory) for c in codebook.concepts] == [
        ("cost", "barriers"),
        ("time", "barriers"),
    ]


def _flat_qdc(path: Path, names: list[str]) -> Path:
    codes = "".join(
        f'<Code guid="0000000{i}-0000-0000-0000-000000000000" name="{escape(name)}" '
        'isCodable="true"/>'
        for i, name in enumerate(names)
    )
    path.write_text(
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>',
        encoding="utf-8",
    )
    return path


def test_a_comparison_in_a_flat_code_name_stays_one_concept(tmp_path: Path) -> None:
    """`Age > 65` beside `Gender`, with no code `Age`: a concept `Age > 65`, and a note saying
    so. Before, it was read as a sub-category `Age` holding a concept `65`."""
    path = _flat_qdc(tmp_path / "flat.qdc", ["Age > 65", "Gender"])
    levels = TreeLevels.parse("concept", category="To place", subcategory="To place")
    codebook = codebook_from_qdc(path, levels=levels)
    assert [c.label for c in codebook.concepts] == ["Age > 65", "Gender"]
    assert [str(n) for n in codebook.notices if "Age" in str(n)] == [
        f"{path}: code name 'Age > 65': kept whole: '>' is not used across the list and there "
        "is no code 'Age'"
    ]


@pytest.mark.parametrize(
    ("levels", "options", "message"),
    [
        ("category,subcategory", {}, "concept once"),
        ("concept,subcategory", {"category": "A"}, "concept once"),
        ("category,concept,concept", {"subcategory": "A"}, "concept once"),
        ("theme,concept", {}, "concept once"),
        ("subcategory,concept", {}, "has no category: name the one category"),
        ("category,concept", {}, "has no subcategory: name the sub-category each category gets"),
        ("category,subcategory,concept", {"category": "A"}, "--category 'A' is for a tree"),
    ],
)
def test_levels_that_cannot_read_a_tree_are_refused(
    levels: str, options: dict[str, str], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        TreeLevels.parse(levels, **options)


def test_exported_qdc_is_valid_against_the_codebook_xsd(
    codebook: Codebook, tmp_path: Path, shared: Path
) -> None:
    path = tmp_path / "codebook.qdc"
    path.write_bytes(export_qdc(codebook).data)
    codes, notices = read_qdc(path, xsd_dir=shared / "qda" / "xsd")
    assert notices == []
    # 2 categories + 3 sub-categories + 5 concepts + 14 codes, nested four deep.
    assert len(codes) == 24
    assert {c.depth for c in codes} == {0, 1, 2, 3}
    assert [c.path for c in codes if c.name == "secure login"] == [
        ("Dimensions", "Technical dimension", "Security and privacy", "secure login")
    ]


def test_qdc_export_is_byte_stable(codebook: Codebook) -> None:
    assert export_qdc(codebook).data == export_qdc(codebook).data


def test_a_qdc_file_is_a_codebook_too(codebook: Codebook, tmp_path: Path) -> None:
    path = tmp_path / "from_nvivo.qdc"
    path.write_bytes(export_qdc(codebook).data)
    assert load_codebook(path) == codebook


def test_qdc_nested_too_deep_is_not_a_synthesis_codebook(tmp_path: Path) -> None:
    path = tmp_path / "deep.qdc"
    nested = "".join(
        f'<Code guid="{i:08d}-0000-0000-0000-000000000000" name="L{i}" isCodable="true">'
        for i in range(5)
    )
    path.write_text(
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{nested}{"</Code>" * 5}'
        "</Codes></CodeBook>"
    )
    with pytest.raises(InputError, match="'L0 > L1 > L2 > L3 > L4' is nested 5 levels deep") as exc:
        load_codebook(path)
    assert exc.value.element == "<Code L4>"
    assert "--levels category,subcategory,concept,code,code (codes below" in str(exc.value.hint)
    deeper = TreeLevels.parse("category,subcategory,concept,code,code")
    assert codebook_from_qdc(path, levels=deeper).concepts[0].codes == ("L3", "L4")


def test_a_new_review_starts_with_an_empty_codebook(tmp_path) -> None:
    """`metasynth init` writes empty lists: the review is coded before its codebook exists."""
    path = tmp_path / "codebook.yaml"
    path.write_text("categories: []\nsubcategories: []\nconcepts: []\n", encoding="utf-8")
    codebook = load_codebook(path)
    assert list(codebook.concepts) == []
    assert list(codebook.hierarchy().columns) == [
        "category",
        "category_label",
        "subcategory",
        "subcategory_label",
        "concept",
        "concept_label",
    ]
