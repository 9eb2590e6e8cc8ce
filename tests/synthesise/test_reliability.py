"""Inter-coder agreement: kappa, Krippendorff's alpha, Landis-Koch labels, the table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from metasynth.synthesise.codebook import Codebook
from metasynth.synthesise.reliability import (
    cohen_kappa,
    krippendorff_alpha_nominal,
    landis_koch,
    reliability_table,
    units_concepts,
)


def test_kappa_matches_scikit_learn() -> None:
    a = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]
    b = [1, 0, 0, 1, 0, 1, 1, 0, 1, 1]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    assert cohen_kappa(a, b) == pytest.approx(7 / 12)  # p_o = .8, p_e = .52


def test_kappa_is_undefined_without_variation() -> None:
    assert math.isnan(cohen_kappa([1, 1, 1], [1, 1, 1]))


def test_alpha_on_krippendorffs_own_example() -> None:
    """Krippendorff (2011), 'Computing Krippendorff's alpha-reliability', nominal example:
    4 coders, 12 units, missing values; alpha = 0.743."""
    n = np.nan
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
            [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
        ]
    )
    assert krippendorff_alpha_nominal(data) == pytest.approx(0.743, abs=5e-4)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (-0.1, "poor"),
        (0.0, "slight"),
        (0.2, "slight"),
        (0.21, "fair"),
        (0.5, "moderate"),
        (0.75, "substantial"),
        (0.81, "almost perfect"),
        (float("nan"), "undefined"),
    ],
)
def test_landis_koch_bands(value: float, label: str) -> None:
    assert landis_koch(value) == label


def _codings(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["record_id", "coder", "concept"]).astype("string")


def test_table_on_double_coded_documents(codebook: Codebook) -> None:
    codings = _codings(
        [
            ("d1", "c1", "feedback"),
            ("d1", "c1", "trust_building"),
            ("d1", "c2", "feedback"),
            ("d2", "c1", "platform_usability"),
            ("d2", "c2", "platform_usability"),
            ("d3", "c1", "mentor_training"),  # coded once: not in the reliability sample
        ]
    )
    concepts = units_concepts(codings, codebook, "codebook")
    table = reliability_table(codings, concepts)
    overall = table[table["scope"] == "overall"].iloc[0]
    # 2 documents × 5 concepts = 10 units; one disagreement (trust_building on d1).
    assert overall["coders"] == "c1; c2"
    assert (overall["n_documents"], overall["n_units"], overall["n_agree"]) == (2, 10, 9)
    assert overall["percent_agreement"] == pytest.approx(90.0)
    # c1: 3 of 10 present, c2: 2 of 10; p_e = .3·.2 + .7·.8 = .62; kappa = (.9 − .62)/.38.
    assert overall["kappa"] == pytest.approx(0.28 / 0.38)
    assert overall["kappa_label"] == "substantial"
    per_concept = table[table["scope"] == "concept"].set_index("concept")
    assert per_concept.loc["feedback", "kappa"] == pytest.approx(1.0)  # both: d1 yes, d2 no
    assert per_concept.loc["security_privacy", "kappa_label"] == "undefined"  # never used
    assert math.isnan(per_concept.loc["security_privacy", "kappa"])
    assert per_concept.loc["trust_building", "percent_agreement"] == pytest.approx(50.0)


def test_used_concepts_only(codebook: Codebook) -> None:
    codings = _codings(
        [("d1", "c1", "feedback"), ("d1", "c2", "trust_building"), ("d2", "c1", "mentor_training")]
    )
    assert units_concepts(codings, codebook, "used") == ["feedback", "trust_building"]
