"""One publication's whole story, for `metasynth audit`: found by record_id, DOI or title.

A reviewer checking a study rarely has its record_id at hand: they have the DOI from the paper
or a few words of its title. `find_publication` takes any of the three and returns the
publication (the duplicate cluster) it belongs to:

1. a record_id of any record of a cluster (`WOS:000429757300002`, `doi:10.1000/x`);
2. a DOI, with or without `https://doi.org/` or `doi:` (normalised as deduplication does),
   matched against every exported record's DOI;
3. title words: the whole title (case, accents and punctuation ignored, `text.title_key`), else
   every word of the query found in the title in that order's words.

Several publications matching is an `InputError` listing them (record_id, year, title), nothing
is guessed. `format_codings` adds the publication's codings (results/synthesis/codings.csv):
coder, code and its concept (or that it matches none), quote, location and source, so that the
audit follows a study from its export entry to the framework.

Inputs: results/dedup/clusters.csv, results/ingest/records.parquet (record_id, doi, title, year),
results/synthesis/codings.csv. Output: the publication's record_id; text.
"""

from __future__ import annotations

import pandas as pd

from metasynth.errors import InputError
from metasynth.text import as_text, normalise_doi, title_key

MAX_LISTED = 10
"""Candidates listed when a query matches several publications."""


def _publications_of(record_ids: pd.Series, clusters: pd.DataFrame) -> list[str]:
    members = clusters[clusters["record_id"].astype(str).isin(set(record_ids.astype(str)))]
    return sorted(set(members["cluster_id"].astype(str)))


def _title_matches(query: str, records: pd.DataFrame) -> pd.Series:
    """Records whose title is the query (folded), else whose title holds all its words."""
    wanted = title_key(query)
    if not wanted:
        return records["record_id"].iloc[0:0]
    keys = records["title"].map(title_key)
    exact = records.loc[keys == wanted, "record_id"]
    if len(exact):
        return exact
    words = wanted.split()
    holds = keys.map(lambda key: all(word in key.split() for word in words))
    return records.loc[holds, "record_id"]


def _ambiguous(query: str, found: list[str], records: pd.DataFrame) -> InputError:
    unique = records.drop_duplicates("record_id")
    by_id = unique.set_index(unique["record_id"].astype(str))
    lines = []
    for publication in found[:MAX_LISTED]:
        row = by_id.loc[publication] if publication in by_id.index else None
        title = as_text(row["title"]) if row is not None else ""
        year = as_text(row["year"]) if row is not None else ""
        lines.append(f"  {publication} ({year}) {title}".rstrip())
    more = f"\n  … and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
    return InputError(
        f"{query!r} matches {len(found)} publications:\n" + "\n".join(lines) + more,
        element="QUERY",
        hint="give one of these record_ids, or more words of the title",
    )


def find_publication(query: str, clusters: pd.DataFrame, records: pd.DataFrame) -> str:
    """The record_id of the publication `query` names (see the module docstring)."""
    text = query.strip()
    if (clusters["record_id"].astype(str) == text).any():
        return text
    doi = normalise_doi(text)
    if doi:
        found = _publications_of(
            records.loc[records["doi"].map(normalise_doi) == doi, "record_id"], clusters
        )
        how = f"no record has the DOI {doi}"
    else:
        found = _publications_of(_title_matches(text, records), clusters)
        how = "no record_id, DOI or title matches it"
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise _ambiguous(query, found, records)
    raise InputError(
        f"{query!r}: {how}",
        element="QUERY",
        hint="give a record_id from results/dedup/clusters.csv, a DOI, or words of the title",
    )


def format_codings(publication: str, codings: pd.DataFrame | None) -> str:
    """The publication's codings as a block of text (empty when it has none)."""
    if codings is None or codings.empty:
        return ""
    mine = codings[codings["record_id"].astype(str) == publication]
    if mine.empty:
        return ""
    lines = ["", "coding"]
    for row in mine.to_dict("records"):
        concept = as_text(row.get("concept"))
        placed = (
            f"{concept} ({as_text(row.get('subcategory'))} / {as_text(row.get('category'))})"
            if concept
            else "matches no codebook concept"
        )
        counted = "" if as_text(row.get("in_synthesis")).lower() == "true" else ", not counted"
        source = " ".join(as_text(row.get(k)) for k in ("source_file", "source_ref"))
        lines.append(
            f"  {as_text(row.get('coder')):14} {as_text(row.get('code'))!r} -> {placed}{counted}"
            f"   {source.strip()}"
        )
        quote, location = as_text(row.get("quote")), as_text(row.get("location"))
        if quote or location:
            where = f" ({location})" if location else ""
            lines.append(f"  {'':14} “{quote}”{where}")
    return "\n".join(lines) + "\n"
