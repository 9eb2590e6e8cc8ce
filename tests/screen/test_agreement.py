"""Agreement: kappa from scikit-learn, percent agreement, PABAK and Landis-Koch labels."""

from __future__ import annotations

import pandas as pd
import pytest

from metasynth.screen.agreement import compute_agreement, landis_koch, pair_agreement


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
