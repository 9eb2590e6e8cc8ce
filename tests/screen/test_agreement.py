"""Agreement: kappa from scikit-learn, percent agreement, PABAK and Landis-Koch labels."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from metasynth.screen.agreement import cohen_kappa, compute_agreement, landis_koch, pair_agreement


def _decisions(a: list[str], b: list[str], stage: str = "title_abstract") -> pd.DataFrame:
    rows = []
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        for reviewer, decision in (("R1", x), ("R2", y)):
            rows.append(
                {
                    "publication_id": f"P{i:02d}",
                    "stage": stage,
                    "reviewer": reviewer,
                    "decision": decision,
                    "is_resolution": False,
                }
            )
    rows.append(
        {
            "publication_id": "P00",
            "stage": stage,
            "reviewer": "R3",
            "decision": "exclude",
            "is_resolution": True,
        }
    )
    return pd.DataFrame(rows)


A = ["include"] * 4 + ["exclude"] * 6
B = ["include"] * 3 + ["exclude"] * 6 + ["include"]


def test_kappa_matches_the_hand_computed_value() -> None:
    # p_o = 0.8, p_e = 0.4 * 0.4 + 0.6 * 0.6 = 0.52, kappa = 0.28 / 0.48 = 0.583
    row = compute_agreement(_decisions(A, B), maybe_as="include").iloc[0]
    assert (row["reviewer_a"], row["reviewer_b"], row["n_publications"]) == ("R1", "R2", "10")
    assert (row["kappa"], row["percent_agreement"], row["pabak"]) == ("0.583", "80.0", "0.600")
    assert row["landis_koch"] == "moderate"


def test_the_resolver_is_not_a_rater() -> None:
    table = compute_agreement(_decisions(A, B), maybe_as="include")
    assert set(table["reviewer_a"]) | set(table["reviewer_b"]) == {"R1", "R2"}


def test_maybe_counts_as_include_by_default() -> None:
    b = ["maybe", *B[1:]]
    row = compute_agreement(_decisions(A, b), maybe_as="include").iloc[0]
    assert (row["kappa"], row["n_maybe"]) == ("0.583", "1")


def test_maybe_as_a_category_lowers_agreement() -> None:
    b = ["maybe", *B[1:]]
    row = compute_agreement(_decisions(A, b), maybe_as="category").iloc[0]
    assert row["percent_agreement"] == "70.0"
    assert row["pabak"] == "0.550"  # (3 * 0.7 - 1) / 2


def test_kappa_is_undefined_when_both_used_one_category() -> None:
    observed, kappa, pabak = pair_agreement(["exclude"] * 5, ["exclude"] * 5, n_categories=2)
    assert (observed, kappa, pabak) == (1.0, None, 1.0)
    assert landis_koch(kappa) == "undefined"


@pytest.mark.parametrize(
    ("kappa", "label"),
    [
        (-0.1, "poor"),
        (0.0, "slight"),
        (0.2, "slight"),
        (0.4, "fair"),
        (0.6, "moderate"),
        (0.8, "substantial"),
        (0.81, "almost perfect"),
    ],
)
def test_landis_koch_bands(kappa: float, label: str) -> None:
    assert landis_koch(kappa) == label


def test_each_stage_is_reported_separately() -> None:
    both = pd.concat([_decisions(A, B), _decisions(A, A, stage="full_text")])
    table = compute_agreement(both, maybe_as="include")
    assert table[["stage", "kappa"]].values.tolist() == [
        ["title_abstract", "0.583"],
        ["full_text", "1.000"],
    ]


def _label_pairs() -> list[tuple[list[str], list[str]]]:
    """Every pair of two raters' labels on 2 publications over include/exclude/maybe, and 60
    longer ones drawn with a fixed seed (up to 400 publications, uneven category shares)."""
    labels = ("exclude", "include", "maybe")
    pairs = [
        (list(a), list(b))
        for a in itertools.product(labels, repeat=2)
        for b in itertools.product(labels, repeat=2)
    ]
    rng = np.random.default_rng(19)
    for _ in range(60):
        n, shares = int(rng.integers(2, 400)), rng.dirichlet([1.0, 1.0, 0.3])
        pairs.append((list(rng.choice(labels, n, p=shares)), list(rng.choice(labels, n, p=shares))))
    return [(a, b) for a, b in pairs if len(set(a) | set(b)) >= 2]


def test_kappa_is_scikit_learns_to_the_last_bit() -> None:
    """kappa.csv's numbers were scikit-learn's `cohen_kappa_score`; ours must be the same
    float, not a close one, for every table of two or three categories."""
    pairs = _label_pairs()
    assert len(pairs) > 120
    for a, b in pairs:
        assert cohen_kappa(a, b) == float(cohen_kappa_score(a, b)), (a, b)
