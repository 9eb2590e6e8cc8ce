"""A data-driven check of the categories: do code texts cluster the way the codebook groups them?

Input: the mapped codings (each distinct code text once, with its concept and sub-category) and
the codebook. The code texts are turned into TF-IDF vectors of character n-grams (within words,
which absorbs spelling variants) and word n-grams (which carry meaning), L2-normalised, and
clustered with agglomerative clustering (cosine distance, average linkage: deterministic, no
random start) into as many clusters as there are sub-categories in use. Reported:

- summary: adjusted Rand index (ARI) between clusters and the codebook's sub-categories, for the
  configured features and — to show the choice is not arbitrary — for character-only and
  word-only features as well;
- per sub-category: purity (share of its codes in the cluster that holds most of them);
- per code: cosine similarity to its concept (the centroid of the concept's label and other codes,
  leaving the code itself out) and to the nearest other concept; a code closer to another concept,
  or below `far_threshold` from its own, is flagged — where a reviewer may contest the mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import hstack
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

from metasynth.errors import InputError
from metasynth.synthesise.codebook import Codebook, match_key

CLUSTERING_COLUMNS = (
    "section",
    "subcategory",
    "concept",
    "code",
    "cluster",
    "n_codes",
    "score",
    "nearest_concept",
    "nearest_score",
    "flag",
)

DEFAULT_SETTINGS: dict[str, Any] = {
    "features": "char_word",
    "char_ngrams": [2, 4],
    "word_ngrams": [1, 2],
    "far_threshold": 0.2,
}


def _vectoriser(kind: str, settings: Mapping[str, Any]) -> list[TfidfVectorizer]:
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=tuple(settings["char_ngrams"]), sublinear_tf=True
    )
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=tuple(settings["word_ngrams"]),
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w+\b",
    )
    return {"char": [char], "word": [word], "char_word": [char, word]}[kind]


def embed(
    texts: list[str], fit_texts: list[str], kind: str, settings: Mapping[str, Any]
) -> np.ndarray:
    """L2-normalised TF-IDF vectors of `texts` (vocabulary fitted on `fit_texts`)."""
    blocks = []
    for vectoriser in _vectoriser(kind, settings):
        vectoriser.fit(fit_texts)
        blocks.append(normalize(vectoriser.transform(texts)))
    return np.asarray(normalize(hstack(blocks).tocsr()).todense())


def cluster_labels(vectors: np.ndarray, n_clusters: int) -> np.ndarray:
    """Agglomerative clusters (cosine, average linkage), renumbered by first appearance."""
    raw = AgglomerativeClustering(
        n_clusters=n_clusters, metric="cosine", linkage="average"
    ).fit_predict(vectors)
    order: dict[int, int] = {}
    for label in raw:
        order.setdefault(int(label), len(order) + 1)
    return np.array([order[int(label)] for label in raw])


def distinct_codes(codings: pd.DataFrame) -> pd.DataFrame:
    """Each mapped code text once (first spelling seen, by match key), with concept/sub-category."""
    mapped = codings[codings["concept"] != ""].copy()
    mapped["key"] = mapped["code"].map(match_key)
    first = mapped.sort_values(["key", "code"], kind="stable").drop_duplicates("key")
    return first[["code", "key", "concept", "subcategory"]].reset_index(drop=True)


def clustering_check(
    codings: pd.DataFrame, codebook: Codebook, settings: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """The clustering check table (see module docstring)."""
    settings = {**DEFAULT_SETTINGS, **(settings or {})}
    codes = distinct_codes(codings)
    subcategories = sorted(set(codes["subcategory"]))
    n_clusters = len(subcategories)
    if n_clusters < 2 or len(codes) <= n_clusters:
        raise InputError(
            f"the clustering check needs codes from at least two sub-categories and more codes "
            f"than sub-categories (there are {len(codes)} codes in {n_clusters} sub-categories)",
            hint="set synthesis.clustering.enabled: false for a codebook this small",
        )
    texts = codes["key"].tolist()
    concept_texts = {c.id: [match_key(t) for t in (c.label, *c.codes)] for c in codebook.concepts}
    fit_texts = texts + [t for ts in concept_texts.values() for t in ts]
    truth = codes["subcategory"].tolist()

    rows: list[dict[str, object]] = []
    ari: dict[str, float] = {}
    for kind in ("char", "word", "char_word"):
        labels = cluster_labels(embed(texts, fit_texts, kind, settings), n_clusters)
        ari[kind] = float(adjusted_rand_score(truth, labels))
    kind = str(settings["features"])
    vectors = embed(texts, fit_texts, kind, settings)
    labels = cluster_labels(vectors, n_clusters)
    rows.append(_summary("adjusted_rand_index", ari[kind], f"features {kind}"))
    for other in ("char", "word", "char_word"):
        rows.append(_summary(f"adjusted_rand_index_{other}", ari[other], "comparison"))
    rows.append(_summary("n_codes", float(len(codes)), ""))
    rows.append(_summary("n_clusters", float(n_clusters), ""))

    codes = codes.assign(cluster=labels)
    for sub in subcategories:
        mine = codes[codes["subcategory"] == sub]
        counts = mine["cluster"].value_counts()
        top = int(counts.sort_index().idxmax())  # ties go to the lowest cluster number
        rows.append(
            {
                "section": "subcategory",
                "subcategory": sub,
                "concept": "",
                "code": "",
                "cluster": top,
                "n_codes": len(mine),
                "score": counts[top] / len(mine),
                "nearest_concept": "",
                "nearest_score": np.nan,
                "flag": "",
            }
        )

    # Similarity of each code to its concept (leave-one-out) and to the nearest other concept.
    entry_vectors = {
        cid: embed(ts, fit_texts, kind, settings) for cid, ts in concept_texts.items() if ts
    }
    threshold = float(settings["far_threshold"])
    code_rows = []
    for position, row in enumerate(codes.itertuples(index=False)):
        vector = vectors[position]
        best_other, best_other_score = "", -1.0
        own_score = 0.0
        for cid, matrix in entry_vectors.items():
            keep = (
                [i for i, t in enumerate(concept_texts[cid]) if t != row.key]
                if cid == row.concept
                else list(range(len(matrix)))
            )
            if not keep:
                continue
            centroid = normalize(matrix[keep].mean(axis=0, keepdims=True))[0]
            score = float(vector @ centroid)
            if cid == row.concept:
                own_score = score
            elif score > best_other_score or (score == best_other_score and cid < best_other):
                best_other, best_other_score = cid, score
        flag = ""
        if best_other_score > own_score:
            flag = f"closer to {best_other}"
        elif own_score < threshold:
            flag = "far from its concept"
        code_rows.append(
            {
                "section": "code",
                "subcategory": row.subcategory,
                "concept": row.concept,
                "code": row.code,
                "cluster": int(row.cluster),
                "n_codes": 1,
                "score": own_score,
                "nearest_concept": best_other,
                "nearest_score": best_other_score,
                "flag": flag,
            }
        )
    code_rows.sort(key=lambda r: (r["flag"] == "", round(float(r["score"]), 6), str(r["code"])))
    rows.extend(code_rows)
    frame = pd.DataFrame(rows, columns=list(CLUSTERING_COLUMNS))
    frame["cluster"] = frame["cluster"].astype("Int64")
    frame["n_codes"] = frame["n_codes"].astype("Int64")
    return frame


def _summary(name: str, value: float, note: str) -> dict[str, object]:
    return {
        "section": "summary",
        "subcategory": "",
        "concept": "",
        "code": name,
        "cluster": pd.NA,
        "n_codes": pd.NA,
        "score": value,
        "nearest_concept": "",
        "nearest_score": np.nan,
        "flag": note,
    }
