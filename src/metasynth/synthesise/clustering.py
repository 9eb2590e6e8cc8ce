"""A data-driven check of the categories: do the codes group the way the codebook groups them?

Input: the mapped codings and the codebook. Each distinct code (by match key) becomes one text:
the code and, with `text: code_quotes` (the default), the passages it was applied to (its
coders' memos when it has no quote) — a code label alone is two or three words, its quotes say
what the coder saw. Texts are turned into TF-IDF vectors of character n-grams within words
(absorbing spelling variants) and word n-grams, L2-normalised, and clustered by agglomerative
clustering (Ward linkage on the normalised vectors: deterministic, no random start) twice: into
as many clusters as there are concepts in use, and as there are sub-categories in use. Reported
(`clustering_check.csv`):

- summary: adjusted Rand index (ARI) of the clusters against the codebook's concepts and
  sub-categories, and — so that the choice of features is justified by numbers on every run —
  the concept-level ARI of the other text and feature choices;
- per sub-category: purity (share of its codes in the sub-category-level cluster holding most of
  them) and that cluster;
- per code: cosine similarity to its own concept (the concept's other codes plus its label and
  description) and to the nearest other concept (its codes plus its label and description);
  codes closer to another concept, or below `far_threshold` from their own, are flagged and
  listed first — where a reviewer may contest the mapping — unless the code is too short to
  judge (no quotes or memos and fewer than `MIN_WORDS` distinct words): those are flagged
  "not informative" and listed after them, and counted in the summary
  (`n_codes_not_informative`).

Lexical features can only see shared words: concepts of one sub-category rarely share them, so
the sub-category ARI is expected to be low and is reported as it is, not tuned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from metasynth.errors import InputError
from metasynth.synthesise.codebook import Codebook, match_key
from metasynth.synthesise.settings import ClusteringSettings
from metasynth.synthesise.shortfall import Shortfall, clustering_shortfall

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

# scikit-learn and SciPy are imported in the functions that cluster: they cost a second of
# start-up, and the progress and report jobs and `metasynth status` import this module only for
# `distinct_codes`, `shortfall` and its constants.

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

FEATURE_KINDS = ("char", "word", "char_word")
TEXT_KINDS = ("code", "code_quotes")


def _vectorisers(kind: str, settings: ClusteringSettings) -> list[TfidfVectorizer]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    char = TfidfVectorizer(analyzer="char_wb", ngram_range=settings.char_ngrams, sublinear_tf=True)
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=settings.word_ngrams,
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w+\b",
    )
    return {"char": [char], "word": [word], "char_word": [char, word]}[kind]


def embed(
    texts: list[str], kind: str, settings: ClusteringSettings, extra: list[str] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """L2-normalised TF-IDF vectors of `texts` and of `extra` (same vocabulary, fitted on texts)."""
    from scipy.sparse import hstack
    from sklearn.preprocessing import normalize

    blocks, extra_blocks = [], []
    for vectoriser in _vectorisers(kind, settings):
        vectoriser.fit(texts)
        blocks.append(normalize(vectoriser.transform(texts)))
        extra_blocks.append(normalize(vectoriser.transform(extra or [""])))
    vectors = np.asarray(normalize(hstack(blocks).tocsr()).todense())
    extra_vectors = np.asarray(normalize(hstack(extra_blocks).tocsr()).todense())
    return vectors, extra_vectors


def cluster_labels(vectors: np.ndarray, n_clusters: int) -> np.ndarray:
    """Agglomerative clusters (Ward linkage on L2-normalised vectors, so distances follow cosine
    similarity), numbered 1… by first appearance. Ward keeps clusters of comparable size, where
    average linkage leaves one giant cluster that makes every purity look high."""
    from sklearn.cluster import AgglomerativeClustering

    raw = AgglomerativeClustering(n_clusters=n_clusters, linkage="ward").fit_predict(vectors)
    order: dict[int, int] = {}
    for label in raw:
        order.setdefault(int(label), len(order) + 1)
    return np.array([order[int(label)] for label in raw])


def distinct_codes(codings: pd.DataFrame) -> pd.DataFrame:
    """Each mapped code once (by match key; first spelling in sort order) with its concept,
    sub-category and the distinct passages it was applied to (sorted, space-joined)."""
    mapped = codings[codings["concept"] != ""].copy()
    mapped["key"] = mapped["code"].map(match_key)
    mapped = mapped.sort_values(["key", "code"], kind="stable")
    if "memo" not in mapped.columns:
        mapped["memo"] = ""
    joined = lambda q: " ".join(sorted({str(x) for x in q if str(x) and str(x) != "<NA>"}))  # noqa: E731
    grouped = mapped.groupby("key", sort=True).agg(
        code=("code", "first"),
        concept=("concept", "first"),
        subcategory=("subcategory", "first"),
        quotes=("quote", joined),
        memos=("memo", joined),
    )
    return grouped.reset_index()


def _texts(codes: pd.DataFrame, kind: str) -> list[str]:
    """The code's text with its quotes (`code_quotes`), or with its memos when it has no quote:
    memos are often notes about the coding ("strong example", "could also count under …")
    that would pull a quoted code towards another concept."""
    keys = [str(k) for k in codes["key"]]
    if kind == "code":
        return keys
    return [
        f"{k} {match_key(q) or match_key(m)}".strip()
        for k, q, m in zip(keys, codes["quotes"], codes["memos"], strict=True)
    ]


MIN_WORDS = 3
"""A code whose text (with its quotes and memos) has fewer distinct words is too short to judge:
a one-word tag says nothing lexical about where it belongs."""


def informative(text: str) -> bool:
    """Whether a code's text has enough words for the check to say something (`MIN_WORDS`)."""
    return len(set(text.split())) >= MIN_WORDS


def shortfall(codings: pd.DataFrame) -> Shortfall | None:
    """Why the check cannot run on these codings yet (too few codes or sub-categories), or None."""
    codes = distinct_codes(codings)
    return clustering_shortfall(
        len(codes), codes["concept"].nunique(), codes["subcategory"].nunique()
    )


def clustering_check(
    codings: pd.DataFrame, codebook: Codebook, settings: ClusteringSettings | None = None
) -> pd.DataFrame:
    """The clustering check table (see module docstring); `settings` default to the schema's."""
    from sklearn.metrics import adjusted_rand_score

    settings = settings or ClusteringSettings.from_config()
    if (missing := shortfall(codings)) is not None:
        raise InputError(missing.message(), hint="code more documents first (see `shortfall`)")
    codes = distinct_codes(codings)
    n_concepts = codes["concept"].nunique()
    n_subcategories = codes["subcategory"].nunique()
    text_kind, feature_kind = settings.text, settings.features

    rows: list[dict[str, object]] = []
    for text in TEXT_KINDS:
        for kind in FEATURE_KINDS:
            vectors, _ = embed(_texts(codes, text), kind, settings)
            ari = adjusted_rand_score(codes["concept"], cluster_labels(vectors, n_concepts))
            chosen = (text, kind) == (text_kind, feature_kind)
            name = "adjusted_rand_index_concepts" + ("" if chosen else f"_{text}_{kind}")
            rows.append(_summary(name, float(ari), "chosen" if chosen else "comparison"))

    labels_text = [f"{c.label} {c.description}" for c in codebook.concepts]
    vectors, label_vectors = embed(_texts(codes, text_kind), feature_kind, settings, labels_text)
    sub_clusters = cluster_labels(vectors, n_subcategories)
    sub_ari = adjusted_rand_score(codes["subcategory"], sub_clusters)
    rows.insert(0, _summary("adjusted_rand_index_subcategories", float(sub_ari), "chosen"))
    rows.sort(key=lambda r: r["flag"] != "chosen")  # the two chosen ARIs first, stably
    rows.append(_summary("n_codes", float(len(codes)), ""))
    rows.append(_summary("n_concepts", float(n_concepts), ""))
    rows.append(_summary("n_subcategories", float(n_subcategories), ""))

    codes = codes.assign(cluster=sub_clusters)
    for sub in sorted(set(codes["subcategory"])):
        mine = codes[codes["subcategory"] == sub]
        counts = mine["cluster"].value_counts().sort_index()
        top = int(counts.idxmax())  # ties go to the lowest cluster number
        rows.append(
            {
                "section": "subcategory", "subcategory": sub, "concept": "", "code": "",
                "cluster": top, "n_codes": len(mine), "score": counts[top] / len(mine),
                "nearest_concept": "", "nearest_score": np.nan, "flag": "",
            }
        )  # fmt: skip

    # A concept is its codes (leave-one-out for a code's own concept) and its label and
    # description, each weighed as one code: a one-word code like "telemetry" meets its concept
    # "Telemetry" through the label even when the concept's other codes share no word with it.
    concept_ids = codes["concept"].to_numpy()
    sums = {cid: vectors[concept_ids == cid].sum(axis=0) for cid in sorted(set(concept_ids))}
    label_of = {c.id: label_vectors[i] for i, c in enumerate(codebook.concepts)}
    texts = _texts(codes, text_kind)
    threshold = settings.far_threshold
    code_rows = []
    for position, row in enumerate(codes.itertuples(index=False)):
        vector = vectors[position]
        own_score = _similarity(vector, sums[row.concept] - vector + label_of[row.concept])
        best_other, best_score = "", 0.0
        for cid, total in sums.items():
            if cid == row.concept:
                continue
            score = _similarity(vector, total + label_of[cid])
            if score > best_score + 1e-12:
                best_other, best_score = cid, score
        flag = ""
        if best_score > own_score + 1e-12:
            flag = f"closer to {best_other}"
        elif own_score < threshold:
            flag = "far from its concept"
        if flag and not informative(texts[position]):
            flag = NOT_INFORMATIVE
        code_rows.append(
            {
                "section": "code", "subcategory": row.subcategory, "concept": row.concept,
                "code": row.code, "cluster": int(row.cluster), "n_codes": 1,
                "score": own_score, "nearest_concept": best_other, "nearest_score": best_score,
                "flag": flag,
            }
        )  # fmt: skip
    code_rows.sort(
        key=lambda r: (
            (r["flag"] == "", r["flag"] == NOT_INFORMATIVE),
            round(float(str(r["score"])), 6),
            r["code"],
        )
    )
    n_short = sum(r["flag"] == NOT_INFORMATIVE for r in code_rows)
    after = next(i for i, r in enumerate(rows) if r["code"] == "n_subcategories") + 1
    rows.insert(after, _summary("n_codes_not_informative", float(n_short), ""))
    rows.extend(code_rows)
    frame = pd.DataFrame(rows, columns=list(CLUSTERING_COLUMNS))
    frame["cluster"] = frame["cluster"].astype("Int64")
    frame["n_codes"] = frame["n_codes"].astype("Int64")
    return frame


NOT_INFORMATIVE = "not informative"
"""The flag of a code too short to judge (no quotes or memos, under `MIN_WORDS` words): the
check cannot place it, so it is not listed as a contestable mapping."""


def _similarity(vector: np.ndarray, reference: np.ndarray) -> float:
    return float(vector @ reference / max(np.linalg.norm(reference), 1e-12))


def _summary(name: str, value: float, note: str) -> dict[str, object]:
    return {
        "section": "summary", "subcategory": "", "concept": "", "code": name, "cluster": pd.NA,
        "n_codes": pd.NA, "score": value, "nearest_concept": "", "nearest_score": np.nan,
        "flag": note,
    }  # fmt: skip
