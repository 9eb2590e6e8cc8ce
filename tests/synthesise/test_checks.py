"""Checks of the coding against the included set and the codebook; aggregation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metasynth.errors import InputError
from metasynth.synthesise.aggregate import (
    doc_concept_matrix,
    framework_latex,
    framework_markdown,
    framework_table,
)
from metasynth.synthesise.checks import (
    check_included,
    coding_todo,
    enforce_strict,
    map_codes,
    resolve_publications,
)
from metasynth.synthesise.codebook import Codebook
from metasynth.synthesise.codes import codes_frame
from metasynth.synthesise.qda.projects import read_project_codes

STATUS = pd.DataFrame(
    {
        "record_id": ["WOS:1", "WOS:2", "WOS:3", "WOS:4"],
        "status": ["included", "included", "excluded_full_text", "included"],
    }
)


def _codes(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return codes_frame(
        [
            {
                "record_id": r,
                "coder": c,
                "code": code,
                "quote": f"quote {i}",
                "location": f"p. {i}",
                "source_file": "codes.csv",
                "source_ref": f"line {i + 2}",
            }
            for i, (r, c, code) in enumerate(rows)
        ]
    )


def test_codes_on_excluded_documents_are_named(codebook: Codebook) -> None:
    codes = _codes([("WOS:1", "c1", "feedback"), ("WOS:3", "c1", "trust"), ("WOS:9", "c1", "x")])
    with pytest.raises(InputError, match="codes on 2 document") as exc:
        check_included(codes, STATUS)
    assert "WOS:3 (excluded_full_text; 1 coding at codes.csv:3)" in exc.value.message
    assert "WOS:9 (not a publication of this review; 1 coding at codes.csv:4)" in exc.value.message


def test_code_on_a_duplicate_counts_for_its_publication() -> None:
    clusters = pd.DataFrame({"cluster_id": ["WOS:1", "WOS:1"], "record_id": ["WOS:1", "WOS:1b"]})
    codes = resolve_publications(_codes([("WOS:1b", "c1", "feedback")]), clusters)
    assert codes[["record_id", "coded_record_id"]].values.tolist() == [["WOS:1", "WOS:1b"]]
    assert check_included(codes, STATUS) == ["WOS:1", "WOS:2", "WOS:4"]


def test_mapping_unmapped_and_todo(codebook: Codebook) -> None:
    codes = _codes(
        [
            ("WOS:1", "c1", "Timely Feedback"),
            ("WOS:1", "c1", "user friendly interface"),
            ("WOS:1", "c2", "timely feedback"),
            ("WOS:2", "c1", "mentor trainning"),  # a typo: needs a codebook decision
        ]
    )
    codings, unmapped = map_codes(codes, codebook, coders=["c1", "c2"], aggregate_coders="first")
    assert codings[["code", "concept", "subcategory", "category"]].values.tolist() == [
        ["Timely Feedback", "feedback", "communication", "dimensions"],
        ["user friendly interface", "platform_usability", "technical", "dimensions"],
        ["timely feedback", "feedback", "communication", "dimensions"],
        ["mentor trainning", "", "", ""],
    ]
    # The first configured coder's codings build the framework; c2's are for reliability.
    assert codings["in_synthesis"].tolist() == [True, True, False, False]
    row = unmapped.iloc[0]
    assert (row["code"], row["n_codings"], row["record_ids"]) == ("mentor trainning", 1, "WOS:2")
    assert row["closest_concept"] == "mentor_training"
    assert float(row["closest_score"]) > 90
    assert row["suggestions"].startswith("mentor_training (")
    todo = coding_todo(["WOS:1", "WOS:2", "WOS:4"], codings)
    assert todo[["record_id", "reason"]].values.tolist() == [
        ["WOS:2", "only codes that are not in the codebook"],
        ["WOS:4", "no codes"],
    ]


def test_strict_mode_fails_on_unmapped_codes(codebook: Codebook) -> None:
    _, unmapped = map_codes(
        _codes([("WOS:1", "c1", "mentor trainning")]),
        codebook,
        coders=["c1"],
        aggregate_coders="first",
    )
    with pytest.raises(
        InputError, match="1 code\\(s\\) match no codebook entry: 'mentor trainning'"
    ):
        enforce_strict(unmapped, codebook_file="codebook.yaml")
    enforce_strict(unmapped.iloc[0:0], codebook_file="codebook.yaml")  # nothing to complain about


def test_all_coders_aggregate_when_asked(codebook: Codebook) -> None:
    codes = _codes([("WOS:1", "c1", "feedback"), ("WOS:1", "c2", "trust building online")])
    codings, _ = map_codes(codes, codebook, coders=["c1", "c2"], aggregate_coders="all")
    assert codings["in_synthesis"].tolist() == [True, False]  # c2's code is unmapped


def test_framework_counts_documents_and_codings(codebook: Codebook) -> None:
    codes = _codes(
        [
            ("WOS:1", "c1", "timely feedback"),
            ("WOS:1", "c1", "constructive feedback"),
            ("WOS:2", "c1", "feedback"),
            ("WOS:2", "c1", "secure login"),
            ("WOS:2", "c2", "rapport building"),  # second coder: not counted
        ]
    )
    codings, _ = map_codes(codes, codebook, coders=["c1", "c2"], aggregate_coders="first")
    framework = framework_table(codings, codebook).set_index(["level", "subcategory", "concept"])
    assert framework.loc[("concept", "communication", "feedback")][
        ["n_documents", "n_codings", "record_ids"]
    ].tolist() == [2, 3, "WOS:1; WOS:2"]
    assert framework.loc[("concept", "communication", "trust_building"), "n_documents"] == 0
    assert framework.loc[("subcategory", "technical", ""), "n_codings"] == 1
    category = framework.loc[("category", "", "")]
    assert category["n_documents"].tolist() == [2, 0] and category["n_codings"].tolist() == [4, 0]

    matrix = doc_concept_matrix(codings, codebook)
    assert matrix.columns.tolist() == [
        "record_id",
        "platform_usability",
        "security_privacy",
        "feedback",
        "trust_building",
        "mentor_training",
    ]
    assert matrix.values.tolist() == [["WOS:1", 0, 0, 2, 0, 0], ["WOS:2", 0, 1, 1, 0, 0]]
    by_sub = doc_concept_matrix(codings, codebook, level="subcategory")
    assert by_sub.values.tolist() == [["WOS:1", 0, 2, 0], ["WOS:2", 1, 1, 0]]


def test_framework_renderings(codebook: Codebook) -> None:
    codings, _ = map_codes(
        _codes([("WOS:1", "c1", "feedback")]), codebook, coders=["c1"], aggregate_coders="first"
    )
    framework = framework_table(codings, codebook)
    markdown = framework_markdown(framework, n_documents=1, codings=codings)
    assert "1 coded document. Documents = " in markdown
    assert "## Dimensions (1 document, 1 coding)" in markdown
    assert "| | Feedback | 1 | 1 |" in markdown
    assert markdown.endswith("**Feedback**\n\n- “quote 0” (WOS:1, p. 0)\n")
    latex = framework_latex(framework)
    assert r" & & Security and privacy & 0 & 0 \\" in latex
    assert latex.rstrip().endswith(r"\end{longtable}")


def test_support_never_grows_down_the_hierarchy(codebook: Codebook) -> None:
    codes = _codes(
        [
            (f"WOS:{i % 3 + 1}", "c1", c)
            for i, c in enumerate(
                [
                    "timely feedback",
                    "rapport building",
                    "secure login",
                    "data privacy",
                    "feedback",
                    "training of mentors",
                    "easy to use platform",
                ]
            )
        ]
    )
    framework = framework_table(
        map_codes(codes, codebook, coders=["c1"], aggregate_coders="first")[0], codebook
    )
    for row in framework[framework["level"] != "category"].itertuples(index=False):
        parent_level = "subcategory" if row.level == "concept" else "category"
        parent = framework[
            (framework["level"] == parent_level)
            & (framework[parent_level] == getattr(row, parent_level))
        ].iloc[0]
        assert row.n_documents <= parent["n_documents"]
        assert row.n_codings <= parent["n_codings"]
        assert set(row.record_ids.split("; ")) <= set(parent["record_ids"].split("; ")) | {""}


def test_an_acronym_is_suggested_by_its_initials_not_by_a_word_containing_it(tmp_path):
    from metasynth.synthesise.codebook import load_codebook

    (tmp_path / "codebook.yaml").write_text(
        "categories: [{id: sleep, label: Sleep}]\n"
        "subcategories: [{id: stages, category: sleep, label: Stages}]\n"
        "concepts:\n"
        "- {id: misidentification, subcategory: stages, label: Misidentification,"
        " codes: [remote misidentification of stages]}\n"
        "- {id: rapid_eye_movement, subcategory: stages, label: Rapid eye movement sleep}\n"
        "- {id: electronic_records, subcategory: stages, label: Electronic health records}\n"
    )
    book = load_codebook(tmp_path / "codebook.yaml")
    codes = codes_frame(
        [
            {"record_id": "WOS:1", "coder": "c1", "code": "REM"},
            {"record_id": "WOS:1", "coder": "c1", "code": "EHR"},
        ]
    )
    unmapped = map_codes(codes, book, coders=["c1"], aggregate_coders="first")[1].set_index("code")
    assert unmapped.loc["REM", "suggestions"].split("; ")[0] == "rapid_eye_movement (100.0)"
    assert float(unmapped.loc["REM", "closest_score"]) == 100.0
    assert unmapped.loc["EHR", "closest_concept"] == "electronic_records"
    # the word that merely contains "rem" scores as the strings it is, not as a partial 90
    assert "misidentification (9" not in unmapped.loc["REM", "suggestions"]


def test_a_qda_document_named_by_its_file_says_how_to_give_its_record_id(shared: Path) -> None:
    """ATLAS.ti names documents as the coder named the file ("Mabel", "cornflakes-n-milk.jpg"):
    the hint says how a document's name becomes a record_id."""
    codes, _ = read_project_codes(shared / "qda" / "atlas_testproject.qdpx")
    with pytest.raises(InputError) as refused:
        check_included(codes.astype("string"), STATUS)
    assert "Mabel (not a publication of this review; 3 codings at " in refused.value.message
    assert refused.value.hint.endswith(
        "rename it to its record_id in the tool, or set record_id_pattern (synthesis, or the "
        "source's own) to a pattern that finds the record_id in the name; a name or description "
        "holding the study's DOI or full title (not a shortened one) is matched too"
    )


def test_a_spreadsheet_code_on_an_unknown_record_gets_no_qda_hint(codebook: Codebook) -> None:
    with pytest.raises(InputError) as refused:
        check_included(_codes([("WOS:9", "c1", "x")]), STATUS)
    assert "QDA" not in refused.value.hint


def test_suggestions_for_the_default_corpus_codes_rest_on_shared_words(root: Path) -> None:
    """Issue 18: "emoji use in messages" was suggested access_control at 85.5 ("use in" inside
    "secure log-in"); a concept sharing one common word with a code is now marked weak with
    that word, and one sharing none is not suggested. The codes are the default corpus's six
    unmapped ones, mapped against its codebook as rule check_codes does."""
    from metasynth.synthesise.codebook import load_codebook

    book = load_codebook(root / "data" / "coded" / "codebook.yaml")
    names = ["emoji use in messages", "mentor burnout", "digital badges for mentors",
             "language barriers in chat", "platfrom usabilty", "time zone differences"]  # fmt: skip
    codes = codes_frame([{"record_id": "WOS:1", "coder": "c1", "code": name} for name in names])
    unmapped = map_codes(codes, book, coders=["c1"], aggregate_coders="first")[1]
    rows = unmapped.set_index("code")[["closest_concept", "closest_score", "suggestions"]]
    assert rows.loc["emoji use in messages"].tolist() == ["", "", ""]
    assert rows.loc["mentor burnout"].tolist() == [
        "",
        "",
        "digital_literacy_mentor (85.5, weak: only 'mentor' shared); "
        "matching (85.5, weak: only 'mentor' shared); matching_tool (85.5, weak: only 'mentor' "
        "shared)",
    ]
    # "digital" is in one concept's entries only: rare, so strong on its own
    assert rows.loc["digital badges for mentors"].tolist() == [
        "digital_literacy_mentor",
        "85.5",
        "digital_literacy_mentor (85.5); mentor_training (67.4, weak: only 'mentors' shared); "
        "incentives_recognition (59.6, weak: only 'mentors' shared)",
    ]
    assert rows.loc["language barriers in chat", "suggestions"] == "cultural_sensitivity (95.0)"
    assert rows.loc["platfrom usabilty", "closest_concept"] == "platform_usability"
    assert rows.loc["time zone differences", "closest_concept"] == ""
