"""What the latest review version adds to the synthesis, and the codings per coder, on the small
synthesis of tests/figures/data.py: W1 and W3 are new in version 2, W2 and W4 are earlier."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from figures.data import W1, W2, W3, W4, read_synthesis
from metasynth.screen.summary import study_numbers
from metasynth.synthesise.checks import coder_table
from metasynth.synthesise.update import concept_versions, new_codes, new_studies

VERSIONS = pd.DataFrame(
    {
        "record_id": [W1, W2, W3, W4],
        "review_version": ["2", "1", "2", "1"],
        "is_new": ["True", "False", "True", "False"],
    }
)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    synthesis = read_synthesis(Path(tmp_path_factory.mktemp("update")))
    return {**synthesis, "studies": study_numbers(synthesis["included"], VERSIONS)}


def test_new_studies_are_those_the_latest_version_found_first(tables):
    assert new_studies(tables["studies"]) == {W1, W3}


def test_each_concept_counts_its_studies_before_and_new(tables):
    table = concept_versions(tables["framework"], tables["studies"]).set_index("concept")
    assert list(table.index) == ["usability", "security", "trust", "feedback", "ease_of_use"]
    assert table.loc["usability"].tolist() == [1, 1, 2, W1]  # W2 before, W1 new
    assert table.loc["trust"].tolist() == [1, 2, 3, f"{W1}; {W3}"]
    assert table.loc["security"].tolist() == [1, 0, 1, ""]
    assert table.loc["ease_of_use"].tolist() == [0, 0, 0, ""]  # no study supports it


def test_a_code_is_new_only_when_every_study_carrying_it_is_new(tables):
    table = new_codes(tables["codings"], tables["studies"])
    # "platform usability" / "Platform Usability!" are one code (folded), on W1 and on W2;
    # "trust building" is on W1, W2 and W3; coder_2's "feedback" on W1 is not in the framework
    assert table.to_dict("records") == [
        {
            "code": "feedback",
            "concept": "feedback",
            "n_codings": 1,
            "n_documents": 1,
            "record_ids": W3,
        }
    ]


def test_with_one_version_every_code_is_new(tables):
    studies = study_numbers(tables["included"])
    table = new_codes(tables["codings"], studies)
    assert table["code"].tolist() == [
        "feedback",
        "data security",
        "trust building",
        "platform usability",
    ]
    assert table["n_codings"].tolist() == [1, 1, 3, 3]


def test_codings_per_coder(tables):
    table = coder_table(tables["codings"])
    assert table.values.tolist() == [["coder_1", 3, 8, 8, 8], ["coder_2", 1, 3, 3, 0]]
