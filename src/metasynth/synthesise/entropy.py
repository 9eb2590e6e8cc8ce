"""Shannon entropy weights of concepts (or sub-categories) over the coded documents.

Input: a documents × items frequency matrix (`aggregate.doc_concept_matrix`: a `record_id`
column, then one column per item, cells = number of codings). With m documents (rows) and
F_ij the frequency of item j in document i:

    p_ij = F_ij / Σ_i F_ij
    E_j  = −(1 / ln m) Σ_i p_ij ln p_ij        (0 · ln 0 = 0)
    d_j  = 1 − E_j                              (degree of divergence)
    w_j  = d_j / Σ_j d_j                        (weight), ranked by w_j descending

An item found in no document has no distribution: its entropy, divergence and weight are left
empty and it is not ranked. With fewer than two coded documents nothing is weighed yet: every
item keeps its counts, no item gets a weight (`shortfall.entropy_shortfall` says so).
Output columns: item, label, n_documents, n_codings, entropy, divergence, weight, rank — items
in matrix (codebook) order.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from metasynth.errors import InputError
from metasynth.synthesise.shortfall import entropy_shortfall

ENTROPY_COLUMNS = (
    "item",
    "label",
    "n_documents",
    "n_codings",
    "entropy",
    "divergence",
    "weight",
    "rank",
)


def entropy_weights(matrix: pd.DataFrame, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Entropy, divergence, weight and rank of every item column of `matrix`."""
    values = matrix.drop(columns=["record_id"], errors="ignore")
    frequencies = values.to_numpy(dtype=float)
    m = frequencies.shape[0]
    if (frequencies < 0).any():
        raise InputError("the document × item matrix has negative counts")
    totals = frequencies.sum(axis=0)
    # ln m is 0 for one document: nothing is weighed until a second one is coded
    defined = totals > 0 if entropy_shortfall(m) is None else np.zeros_like(totals, dtype=bool)
    entropy = np.full(totals.shape, np.nan)
    if defined.any():
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(totals > 0, frequencies / totals, 0.0)
            plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
        # Clipped to [0, 1]: rounding can put a uniform item's entropy a hair above 1.
        entropy = np.clip(-plogp.sum(axis=0) / np.log(m), 0.0, 1.0)
    divergence = np.where(defined, 1.0 - entropy, np.nan)
    total_divergence = float(np.nansum(divergence))
    weight = (
        divergence / total_divergence if total_divergence > 0 else np.where(defined, 0.0, np.nan)
    )
    frame = pd.DataFrame(
        {
            "item": list(values.columns),
            "label": [(labels or {}).get(str(c), str(c)) for c in values.columns],
            "n_documents": (frequencies > 0).sum(axis=0).astype("int64"),
            "n_codings": totals.astype("int64"),
            "entropy": np.where(defined, entropy, np.nan),
            "divergence": divergence,
            "weight": weight,
        }
    )
    # Rank by weight; ties share the best rank, in item order (deterministic).
    ranks = frame["weight"].rank(method="min", ascending=False)
    frame["rank"] = ranks.astype("Int64")
    return frame[list(ENTROPY_COLUMNS)]
