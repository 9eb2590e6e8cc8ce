"""Former record ids: what an id in a reviewer's file written under the earlier rule names now.

Until record ids came from accession numbers only (docs/data-contracts.md, Identifiers), an entry
without one was known by `doi:` + its DOI, else `pmid:` + its PubMed ID, else its content hash,
and entries sharing a DOI shared that id. Decision, appraisal, code and verdict files written then
may name such ids. `former_record_ids` gives each record the id the earlier rule gave it (""
where it is the same); `clusters.csv` carries it as `former_id`, and `publication_map` lets every
stage read a former id as its record's publication. A former id that now names records of several
publications names none of them: a reviewer must say which (the record_ids in clusters.csv).

Input: the collapsed records (one row per record_id, `prepare.collapse_entries`) or the clusters
table. Output: arrays and mappings; nothing is written here.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from metasynth import text
from metasynth.ingest.detect import BIBTEX, PLAINTEXT, TAB
from metasynth.ingest.identity import content_hash, former_record_id

WOS_FORMATS = frozenset({PLAINTEXT, TAB, BIBTEX})

FORMER_RULE = "ids from DOIs and PubMed IDs, before record ids came from accession numbers only"
"""How notices name the earlier rule."""


def _column(records: pd.DataFrame, name: str) -> list[str]:
    if name not in records:
        return [""] * len(records)
    values: list[str] = records[name].astype("string").fillna("").tolist()
    return values


def former_record_ids(records: pd.DataFrame) -> np.ndarray:
    """The id the earlier rule gave each record (one row per record_id), "" where it is the same.

    Only records whose id is not a Web of Science-style accession number can have another one,
    so the hash is computed for those alone.
    """
    record_ids = _column(records, "record_id")
    formats = _column(records, "source_format")
    uts, dois, pmids = _column(records, "ut"), _column(records, "doi"), _column(records, "pmid")
    fields = [
        _column(records, name) for name in ("title", "authors", "source_title", "volume", "pages")
    ]
    years = records["year"] if "year" in records else pd.Series([None] * len(records))
    year_values = pd.to_numeric(years, errors="coerce").astype("Int64").tolist()
    former = np.full(len(records), "", dtype=object)
    for row, record_id in enumerate(record_ids):
        if formats[row] in WOS_FORMATS and not record_id.startswith("h:"):
            continue  # a Web of Science record's UT: its id under both rules
        title, authors, source, volume, pages = (column[row] for column in fields)
        year = year_values[row]
        earlier = former_record_id(
            formats[row],
            uts[row],
            text.normalise_doi(dois[row]),
            text.normalise_pmid(pmids[row]),
            content_hash(title, None if year is pd.NA else year, authors, source, volume, pages),
        )
        if earlier != record_id:
            former[row] = earlier
    return former


def former_publications(clusters: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Former id → (record_id, publication) for the former ids that name one publication.

    A former id shared by records of one publication (two entries with one DOI, now two records
    of that publication) names that publication through its first record_id.
    """
    if "former_id" not in clusters:
        return {}
    named: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for former, record_id, cluster_id in zip(
        clusters["former_id"].astype("string").fillna(""),
        clusters["record_id"].astype(str),
        clusters["cluster_id"].astype(str),
        strict=True,
    ):
        if former:
            named[str(former)].append((record_id, cluster_id))
    current = set(clusters["record_id"].astype(str))
    return {
        former: min(pairs)
        for former, pairs in named.items()
        if former not in current and len({cluster for _, cluster in pairs}) == 1
    }


def publication_map(clusters: pd.DataFrame) -> dict[str, str]:
    """record_id → publication (its cluster's primary) from clusters.csv, former ids included
    (those naming one publication), so files written under the earlier rule still apply."""
    members = dict(
        zip(clusters["record_id"].astype(str), clusters["cluster_id"].astype(str), strict=True)
    )
    for former, (_, publication) in former_publications(clusters).items():
        members.setdefault(former, publication)
    return members
