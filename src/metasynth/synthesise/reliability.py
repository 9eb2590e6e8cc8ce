"""Inter-coder reliability on the double-coded documents.

Input: the mapped codings of every coder (`checks.map_codes`) and the codebook's concepts.
A document is double-coded when two or more coders coded it. The units are the cells of the
document × concept presence matrix (1 = the coder applied at least one code of the concept to the
document), over every codebook concept — so agreeing that a concept is absent counts, and chance
agreement is corrected by kappa and alpha.

Output rows (`reliability.csv`): for each pair of coders, overall (all cells) and per concept
(the concept's column): number of shared documents and units, percent agreement, Cohen's kappa
and Krippendorff's alpha (nominal), each with its Landis & Koch (1977) label; with three or more
coders, one more overall row for alpha across all of them (alpha allows missing values).
Kappa or alpha is left empty, labelled "undefined", when both coders give one value to every
unit (chance agreement is then 1 and the statistic is undefined).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from metasynth.screen.agreement import landis_koch as screening_landis_koch
from metasynth.synthesise.codebook import Codebook
from metasynth.text import MULTI_SEP

RELIABILITY_COLUMNS = (
    "scope",
    "concept",
    "coders",
    "n_documents",
    "n_units",
    "n_agree",
    "percent_agreement",
    "kappa",
    "kappa_label",
    "alpha",
    "alpha_label",
)


def landis_koch(value: float) -> str:
    """Landis & Koch (1977) strength of agreement ("undefined" for nan): the screening stage's
    labels, so the two agreement tables read alike."""
    return screening_landis_koch(None if np.isnan(value) else float(value))


def cohen_kappa(a: Sequence[int] | np.ndarray, b: Sequence[int] | np.ndarray) -> float:
    """Cohen's kappa of two coders' nominal ratings of the same units (nan when undefined)."""
    x, y = np.asarray(a), np.asarray(b)
    if x.shape != y.shape or x.size == 0:
        raise ValueError("two equally long, non-empty rating sequences are needed")
    categories = np.union1d(x, y)
    observed = float(np.mean(x == y))
    expected = float(sum(np.mean(x == c) * np.mean(y == c) for c in categories))
    if np.isclose(expected, 1.0):
        return float("nan")
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha_nominal(ratings: np.ndarray) -> float:
    """Krippendorff's alpha for nominal data; `ratings` is coders × units, NaN = missing.

    Coincidences: each unit with m_u ≥ 2 values adds 1/(m_u − 1) for every ordered pair of its
    values; alpha = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k (nan when no disagreement is
    possible by chance).
    """
    data = np.asarray(ratings, dtype=float)
    values = np.unique(data[~np.isnan(data)])
    index = {v: i for i, v in enumerate(values)}
    coincidence = np.zeros((len(values), len(values)))
    for unit in data.T:
        present = unit[~np.isnan(unit)]
        m_u = len(present)
        if m_u < 2:
            continue
        counts = np.zeros(len(values))
        for value in present:
            counts[index[value]] += 1
        pairs = np.outer(counts, counts) - np.diag(counts)
        coincidence += pairs / (m_u - 1)
    n_c = coincidence.sum(axis=1)
    n = n_c.sum()
    disagreement_observed = coincidence.sum() - np.trace(coincidence)
    disagreement_expected = n_c.sum() ** 2 - (n_c**2).sum()
    if n <= 1 or disagreement_expected == 0:
        return float("nan")
    return float(1.0 - (n - 1) * disagreement_observed / disagreement_expected)


def presence(
    codings: pd.DataFrame, coder: str, documents: Sequence[str], concepts: Sequence[str]
) -> np.ndarray:
    """documents × concepts 0/1 matrix of one coder's mapped codings."""
    mine = codings[(codings["coder"] == coder) & (codings["concept"] != "")]
    pairs = set(zip(mine["record_id"], mine["concept"], strict=True))
    return np.array([[int((d, c) in pairs) for c in concepts] for d in documents], dtype=int)


def _row(
    scope: str,
    concept: str,
    coders: Sequence[str],
    n_documents: int,
    a: np.ndarray,
    b: np.ndarray | None,
    alpha: float,
) -> dict[str, object]:
    if b is None:
        n_agree: object = ""
        percent: object = np.nan
        kappa = float("nan")
        kappa_label = ""
        n_units = a.shape[1]
    else:
        n_agree = int((a == b).sum())
        n_units = a.size
        percent = 100.0 * n_agree / n_units if n_units else np.nan
        kappa = cohen_kappa(a.ravel(), b.ravel())
        kappa_label = landis_koch(kappa)
    return {
        "scope": scope,
        "concept": concept,
        "coders": MULTI_SEP.join(coders),
        "n_documents": n_documents,
        "n_units": n_units,
        "n_agree": n_agree,
        "percent_agreement": percent,
        "kappa": kappa,
        "kappa_label": kappa_label,
        "alpha": alpha,
        "alpha_label": landis_koch(alpha),
    }


def reliability_table(codings: pd.DataFrame, concepts: Sequence[str]) -> pd.DataFrame:
    """Agreement of every pair of coders on the documents both coded (see module docstring).
    No concepts (a codebook still empty) means no units to agree on: no rows."""
    if not concepts:
        return pd.DataFrame(columns=list(RELIABILITY_COLUMNS))
    coders_by_doc = codings.groupby("record_id")["coder"].agg(lambda s: sorted(set(s)))
    coders = sorted(set(codings["coder"]))
    rows: list[dict[str, object]] = []
    for first, second in combinations(coders, 2):
        shared = sorted(d for d, cs in coders_by_doc.items() if first in cs and second in cs)
        if not shared:
            continue
        a = presence(codings, first, shared, concepts)
        b = presence(codings, second, shared, concepts)
        alpha = krippendorff_alpha_nominal(np.vstack([a.ravel(), b.ravel()]))
        rows.append(_row("overall", "", (first, second), len(shared), a, b, alpha))
        for j, concept in enumerate(concepts):
            alpha_j = krippendorff_alpha_nominal(np.vstack([a[:, j], b[:, j]]))
            rows.append(
                _row(
                    "concept", concept, (first, second), len(shared), a[:, [j]], b[:, [j]], alpha_j
                )
            )
    double = sorted(d for d, cs in coders_by_doc.items() if len(cs) >= 2)
    if len(coders) >= 3 and double:
        stacked = []
        for coder in coders:
            matrix = presence(codings, coder, double, concepts).astype(float)
            coded = np.array([coder in coders_by_doc[d] for d in double])
            matrix[~coded, :] = np.nan
            stacked.append(matrix.ravel())
        alpha = krippendorff_alpha_nominal(np.vstack(stacked))
        rows.append(
            _row(
                "overall",
                "",
                coders,
                len(double),
                np.zeros((1, len(double) * len(concepts))),
                None,
                alpha,
            )
        )
    frame = pd.DataFrame(rows, columns=list(RELIABILITY_COLUMNS))
    return frame


def units_concepts(codings: pd.DataFrame, codebook: Codebook, which: str = "codebook") -> list[str]:
    """The concepts that make up the units: all of the codebook's (in its order), or — `used` —
    only those some coder applied to a double-coded document."""
    ordered = [c.id for c in codebook.ordered_concepts()]
    if which == "codebook":
        return ordered
    if which != "used":
        raise ValueError(f"which must be 'codebook' or 'used', not {which!r}")
    coders_by_doc = codings.groupby("record_id")["coder"].nunique()
    double = set(coders_by_doc[coders_by_doc >= 2].index)
    used = set(
        codings.loc[codings["record_id"].isin(double) & (codings["concept"] != ""), "concept"]
    )
    return [c for c in ordered if c in used]
