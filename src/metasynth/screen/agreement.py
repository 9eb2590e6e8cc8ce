"""Inter-rater agreement per stage and reviewer pair: Cohen's kappa, percent agreement, PABAK.

Input: the validated decisions (`decisions.validate_decisions`). Only screeners' own decisions
count (a resolver's row settles a conflict, it is not an independent rating), and only the
publications both reviewers of a pair decided at that stage.

How `maybe` enters (`screening.agreement.maybe_as`):
- `include` (default): `maybe` is counted as include, because at both screening stages it sends the
  publication forward for a closer look; kappa measures agreement on "go on" vs "exclude", and
  PABAK is the binary 2·p_o − 1. This is how Covidence-style two-category kappa is usually reported.
- `category`: `maybe` is a third category; PABAK is (k·p_o − 1)/(k − 1) with k = 3.

Kappa is scikit-learn's `cohen_kappa_score`, computed here as it does it (`cohen_kappa`); when
both reviewers used one single category there is no chance correction to make, so kappa is left
empty ("undefined") rather than reported as 0 or 1.
Labels follow Landis & Koch (1977): < 0 poor, ≤ 0.20 slight, ≤ 0.40 fair, ≤ 0.60 moderate,
≤ 0.80 substantial, else almost perfect.

Output (`results/screening/kappa.csv`): one row per stage and pair — stage, reviewer_a,
reviewer_b, n_publications, n_agree, n_maybe, percent_agreement, kappa, pabak, landis_koch —
numbers as fixed-point text (3 decimals) so the file is byte-stable. Retrieval is a fact, not a
rating, so it is not included.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

KAPPA_COLUMNS = [
    "stage",
    "reviewer_a",
    "reviewer_b",
    "n_publications",
    "n_agree",
    "n_maybe",
    "percent_agreement",
    "kappa",
    "pabak",
    "landis_koch",
]
RATED_STAGES = ("title_abstract", "full_text")


def landis_koch(kappa: float | None) -> str:
    """Landis & Koch's (1977) label for a kappa value."""
    if kappa is None:
        return "undefined"
    if kappa < 0:
        return "poor"
    for bound, label in (
        (0.20, "slight"),
        (0.40, "fair"),
        (0.60, "moderate"),
        (0.80, "substantial"),
    ):
        if kappa <= bound:
            return label
    return "almost perfect"


def pair_agreement(
    labels_a: list[str], labels_b: list[str], *, n_categories: int
) -> tuple[float, float | None, float]:
    """(percent agreement, kappa or None when undefined, PABAK) for two aligned label lists."""
    n = len(labels_a)
    observed = sum(a == b for a, b in zip(labels_a, labels_b, strict=True)) / n
    pabak = (n_categories * observed - 1) / (n_categories - 1)
    if len(set(labels_a) | set(labels_b)) < 2:
        return observed, None, pabak
    return observed, cohen_kappa(labels_a, labels_b), pabak


def cohen_kappa(labels_a: list[str], labels_b: list[str]) -> float:
    """scikit-learn's `cohen_kappa_score` (unweighted), computed as it does it, step for step in
    float64, so the very same number (tests/screen/test_agreement.py compares them): importing
    scikit-learn took 1.8 s of CPU in every `compute_agreement` job, for a 2 x 2 table. Both
    lists use two labels or more between them (`pair_agreement` checks), so it is defined."""
    labels = sorted(set(labels_a) | set(labels_b))
    index = {label: i for i, label in enumerate(labels)}
    confusion = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for a, b in zip(labels_a, labels_b, strict=True):
        confusion[index[a], index[b]] += 1
    counts = confusion.astype(np.float64)
    sum0, sum1 = np.sum(counts, axis=0), np.sum(counts, axis=1)
    expected = np.outer(sum0, sum1) / np.sum(sum0)
    disagree = np.ones((len(labels), len(labels)), dtype=np.float64)
    np.fill_diagonal(disagree, 0)
    k = np.sum(disagree * counts) / np.sum(disagree * expected)
    return float(1 - k)


def _fixed(value: float | None) -> str:
    return "" if value is None else f"{value + 0.0:.3f}"


def compute_agreement(decisions: pd.DataFrame, *, maybe_as: str) -> pd.DataFrame:
    """The kappa table: every stage and pair of screeners with a publication in common; `maybe_as`
    is screening.agreement.maybe_as (`include` or `category`)."""
    rows = []
    screeners = decisions[~decisions["is_resolution"].astype(bool)]
    n_categories = 3 if maybe_as == "category" else 2
    for stage in RATED_STAGES:
        at_stage = screeners[screeners["stage"] == stage]
        table = at_stage.pivot(index="publication_id", columns="reviewer", values="decision")
        for reviewer_a, reviewer_b in combinations(sorted(table.columns), 2):
            both = table[[reviewer_a, reviewer_b]].dropna()
            if both.empty:
                continue
            raw_a, raw_b = list(both[reviewer_a]), list(both[reviewer_b])
            n_maybe = sum(a == "maybe" or b == "maybe" for a, b in zip(raw_a, raw_b, strict=True))
            if maybe_as == "include":
                raw_a = ["include" if v == "maybe" else str(v) for v in raw_a]
                raw_b = ["include" if v == "maybe" else str(v) for v in raw_b]
            observed, kappa, pabak = pair_agreement(raw_a, raw_b, n_categories=n_categories)
            rows.append(
                {
                    "stage": stage,
                    "reviewer_a": reviewer_a,
                    "reviewer_b": reviewer_b,
                    "n_publications": str(len(both)),
                    "n_agree": str(sum(a == b for a, b in zip(raw_a, raw_b, strict=True))),
                    "n_maybe": str(n_maybe),
                    "percent_agreement": f"{100 * observed:.1f}",
                    "kappa": _fixed(kappa),
                    "pabak": _fixed(pabak),
                    "landis_koch": landis_koch(kappa),
                }
            )
    return pd.DataFrame(rows, columns=KAPPA_COLUMNS).astype("string")
