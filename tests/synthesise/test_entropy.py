"""Shannon entropy weights against a hand-computed example."""

from __future__ import annotations

import math

import pandas as pd

from metasynth.synthesise.entropy import entropy_weights


def test_hand_computed_example() -> None:
    """Three documents (m = 3, ln m = 1.098612), three concepts, each with 4 codings in all.

    A = (2, 2, 0): p = (.5, .5, 0); Σ p ln p = 2 · .5 · ln .5 = −0.693147;
        E = 0.693147 / 1.098612 = 0.630930; d = 0.369070.
    B = (1, 1, 2): p = (.25, .25, .5); Σ p ln p = .5 · ln .25 + .5 · ln .5
        = −0.693147 − 0.346574 = −1.039721; E = 0.946395; d = 0.053605.
    C = (0, 0, 4): p = (0, 0, 1); 0 · ln 0 = 0 and 1 · ln 1 = 0, so E = 0; d = 1.
    Σ d = 1.422676; w = (0.259420, 0.037679, 0.702901); ranks C = 1, A = 2, B = 3.
    """
    matrix = pd.DataFrame(
        {"record_id": ["d1", "d2", "d3"], "A": [2, 2, 0], "B": [1, 1, 2], "C": [0, 0, 4]}
    )
    table = entropy_weights(matrix, {"A": "Concept A"})
    assert table["item"].tolist() == ["A", "B", "C"]
    assert table["label"].tolist() == ["Concept A", "B", "C"]
    assert table["entropy"].round(6).tolist() == [0.630930, 0.946395, 0.0]
    assert table["divergence"].round(6).tolist() == [0.369070, 0.053605, 1.0]
    assert table["weight"].round(6).tolist() == [0.259420, 0.037679, 0.702901]
    assert table["rank"].tolist() == [2, 3, 1]
    assert table["n_documents"].tolist() == [2, 3, 1]
    assert table["n_codings"].tolist() == [4, 4, 4]
    assert math.isclose(table["weight"].sum(), 1.0)


def test_uniform_item_has_entropy_one_and_weight_zero() -> None:
    matrix = pd.DataFrame({"record_id": ["a", "b", "c", "d"], "U": [3, 3, 3, 3], "V": [1, 0, 0, 0]})
    table = entropy_weights(matrix)
    assert table["entropy"].tolist() == [1.0, 0.0]
    assert table["weight"].tolist() == [0.0, 1.0]


def test_item_without_codings_is_left_unranked() -> None:
    matrix = pd.DataFrame({"record_id": ["a", "b"], "X": [1, 2], "Empty": [0, 0]})
    table = entropy_weights(matrix).set_index("item")
    assert pd.isna(table.loc["Empty", "entropy"]) and pd.isna(table.loc["Empty", "weight"])
    assert pd.isna(table.loc["Empty", "rank"])
    assert table.loc["X", "rank"] == 1


def test_one_document_is_counted_but_not_weighed() -> None:
    table = entropy_weights(pd.DataFrame({"record_id": ["a"], "X": [3], "Y": [0]}))
    assert table["n_documents"].tolist() == [1, 0]
    assert table["n_codings"].tolist() == [3, 0]
    assert table[["entropy", "divergence", "weight", "rank"]].isna().all().all()


def test_no_coded_document_gives_every_item_unweighed() -> None:
    table = entropy_weights(pd.DataFrame({"record_id": pd.Series([], dtype="string"), "X": []}))
    assert table["item"].tolist() == ["X"]
    assert table[["entropy", "weight", "rank"]].isna().all().all()
