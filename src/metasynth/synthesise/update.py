"""What the latest version of the review adds to the synthesis: the concepts its new studies
support, and the codes only new studies carry.

A study is *new* when the latest review version's searches found it first (results/screening/
studies.csv, `is_new`; with a single version every study is new). Inputs: the framework
(results/synthesis/framework.csv: each concept's supporting record_ids, in codebook order), the
codings (codings.csv) and the study numbers. Outputs (docs/data-contracts.md):

- `concept_versions` (concept_versions.csv): per concept, its supporting studies found by an
  earlier version, by the latest one, and in all, with the new ones' record_ids;
- `new_codes` (new_codes.csv): codes — compared as the codebook compares them, case, accents and
  punctuation folded — whose codings in the framework are all on new studies.
"""

from __future__ import annotations

import pandas as pd

from metasynth.synthesise.aggregate import synthesis_codings
from metasynth.synthesise.codebook import match_key
from metasynth.tables import sorted_unique
from metasynth.text import MULTI_SEP, split_multi

CONCEPT_VERSION_COLUMNS = [
    "concept",
    "n_documents_previous",
    "n_documents_new",
    "n_documents",
    "new_record_ids",
]
NEW_CODE_COLUMNS = ["code", "concept", "n_codings", "n_documents", "record_ids"]


def new_studies(studies: pd.DataFrame) -> set[str]:
    """The record_ids of the studies first found by the latest review version."""
    flags = studies["is_new"].astype(str).str.lower() == "true"
    return set(studies.loc[flags, "record_id"].astype(str))


def concept_versions(framework: pd.DataFrame, studies: pd.DataFrame) -> pd.DataFrame:
    """One row per concept of the framework, in its order: concept, n_documents_previous,
    n_documents_new, n_documents, new_record_ids (`; `-joined, sorted)."""
    new = new_studies(studies)
    concepts = framework[framework["level"].astype(str) == "concept"]
    rows = []
    for concept, record_ids in zip(concepts["concept"], concepts["record_ids"], strict=True):
        supporting = set(split_multi(record_ids))
        added = sorted_unique(supporting & new)
        rows.append(
            (
                str(concept),
                len(supporting) - len(added),
                len(added),
                len(supporting),
                MULTI_SEP.join(added),
            )
        )
    frame = pd.DataFrame(rows, columns=CONCEPT_VERSION_COLUMNS)
    counts = {c: "int64" for c in CONCEPT_VERSION_COLUMNS if c.startswith("n_")}
    return frame.astype({"concept": "string", "new_record_ids": "string"} | counts)


def new_codes(codings: pd.DataFrame, studies: pd.DataFrame) -> pd.DataFrame:
    """Codes whose codings in the framework are all on new studies: code (its first wording in
    codings.csv), concept, n_codings, n_documents, record_ids (`; `-joined, sorted). Sorted by
    concept, then code."""
    new = new_studies(studies)
    used = synthesis_codings(codings)
    rows = []
    if len(used):
        keys = used["code"].astype(str).map(match_key)
        for _, group in used.groupby(keys, sort=True):
            documents = sorted_unique(group["record_id"].astype(str))
            if set(documents) <= new:
                rows.append(
                    (
                        str(group["code"].iloc[0]),
                        str(group["concept"].iloc[0]),
                        len(group),
                        len(documents),
                        MULTI_SEP.join(documents),
                    )
                )
    frame = pd.DataFrame(rows, columns=NEW_CODE_COLUMNS)
    frame = frame.sort_values(["concept", "code"], kind="stable").reset_index(drop=True)
    counts = {"n_codings": "int64", "n_documents": "int64"}
    return frame.astype({c: "string" for c in ("code", "concept", "record_ids")} | counts)
