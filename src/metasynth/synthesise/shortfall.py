"""When a statistic of the synthesis has too little data to mean anything yet.

A review is coded a few documents at a time. The entropy weights, the inter-coder reliability and
the clustering check each need a minimum of data; below it, the workflow does not stop: the
statistic's rule writes its table without the statistic, logs why, and `metasynth.progress`
reports the same sentence — "entropy weights: not enough data (n = 1 coded document; needs at
least 2)" — in results/progress.csv and the report. Each statistic's own function below is the
one place its minimum is written.

Input: the mapped codings (`codings.csv`) and, for the clustering check, the codebook. Output: a
`Shortfall` (what the statistic has and needs), or None when there is enough data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metasynth.synthesise.aggregate import synthesis_codings
from metasynth.text import plural

ENTROPY_MIN_DOCUMENTS = 2
"""Shannon entropy over documents needs at least two of them (ln m = 0 for one)."""


@dataclass(frozen=True)
class Shortfall:
    """A statistic waiting for more data: it has `n` (counted in `unit`, a plural noun) and
    `requirement` says what it needs."""

    n: int
    unit: str
    requirement: str

    def message(self) -> str:
        """The sentence every output uses: 'not enough data (n = 1 coded document; …)'."""
        n = plural(self.n, self.unit.removesuffix("s"), self.unit)
        return f"not enough data (n = {n}; {self.requirement})"


def coded_documents(codings: pd.DataFrame) -> int:
    """Documents with at least one coding in the framework (mapped to a concept, by the
    aggregated coder): the rows of the document × concept matrix the entropy is computed on."""
    if codings.empty:
        return 0
    return int(synthesis_codings(codings)["record_id"].nunique())


def double_coded_documents(codings: pd.DataFrame) -> int:
    """Documents coded by two or more coders (the units of the reliability check)."""
    if codings.empty:
        return 0
    coders = codings.groupby("record_id")["coder"].nunique()
    return int((coders >= 2).sum())


def entropy_shortfall(n_documents: int) -> Shortfall | None:
    """Entropy weights need at least two coded documents."""
    if n_documents >= ENTROPY_MIN_DOCUMENTS:
        return None
    return Shortfall(
        n_documents,
        "coded documents",
        f"needs at least {ENTROPY_MIN_DOCUMENTS}",
    )


def reliability_shortfall(
    n_double_coded: int, min_documents: int, sole_coder: str = ""
) -> Shortfall | None:
    """Inter-coder reliability needs `min_documents` documents coded by two or more coders
    (synthesis.reliability.min_documents). `sole_coder`: the only one who has coded while the
    config names no coders, told how to say that they code alone."""
    if n_double_coded >= min_documents:
        return None
    alone = (
        f"; only {sole_coder} has coded: coding alone? set synthesis.coders: [{sole_coder}] "
        "and reliability is not part of this review"
        if sole_coder
        else ""
    )
    return Shortfall(
        n_double_coded,
        "double-coded documents",
        f"needs at least {min_documents}, synthesis.reliability.min_documents{alone}",
    )


def clustering_shortfall(n_codes: int, n_concepts: int, n_subcategories: int) -> Shortfall | None:
    """The clustering check needs codes in two sub-categories or more, and more distinct codes
    than concepts (else every code is its own cluster)."""
    if n_subcategories >= 2 and n_codes > n_concepts:
        return None
    # only what is missing, and no parenthesis inside the message's own (a trial read "(0))")
    missing = [f"codes in at least 2 sub-categories, not {n_subcategories}"]
    missing = missing if n_subcategories < 2 else []
    if n_codes <= n_concepts:
        missing.append(f"more distinct codes than the {n_concepts} concepts they map to")
    return Shortfall(n_codes, "distinct codes", "needs " + " and ".join(missing))
