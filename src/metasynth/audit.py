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

The other way round, `trace_framework` follows an element of the framework (a category, a
sub-category or a concept, by key, label or path such as `dimensions/technical`) down to the
codings it rests on: each concept under it with the studies, coders, codes, quotes and the file
and line each coding came from; the counts are those of the listed codings, so a reviewer can
check them against results/synthesis/framework.csv, and codings of the element that the
synthesis does not count (a second coder's, `in_synthesis` false) are said, not listed.

Inputs: results/dedup/clusters.csv, results/ingest/records.parquet (record_id, doi, title, year),
results/synthesis/codings.csv and framework.csv. Output: the publication's record_id; text.
"""

from __future__ import annotations

import pandas as pd

from metasynth.errors import InputError
from metasynth.text import as_text, normalise_doi, plural, title_key

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


SHOWN_QUERY = 80
"""Characters of a query repeated in a message; a longer one (a whole abstract pasted) is cut."""


def shown_query(query: str) -> str:
    """The query as a message repeats it: quoted, cut to `SHOWN_QUERY` characters with how long
    it was (a 100,000-character query was printed whole, once per message)."""
    text = " ".join(query.split())
    if len(text) <= SHOWN_QUERY:
        return repr(text)
    return f"{text[:SHOWN_QUERY]!r}… (a query of {len(text):,} characters)"


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
        f"{shown_query(query)} matches {len(found)} publications:\n" + "\n".join(lines) + more,
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
        f"{shown_query(query)}: {how}",
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


_LEVELS = ("category", "subcategory", "concept")
_LEVEL_NAMES = {"category": "category", "subcategory": "sub-category", "concept": "concept"}


def find_framework_element(query: str, framework: pd.DataFrame) -> dict[str, str]:
    """The row of framework.csv that `query` names: a key or label of a category, sub-category
    or concept (case ignored), or a path of keys (`dimensions/technical/trust_building`, or its
    end, `technical/trust_building`). Several matches, or none, are an InputError listing what
    there is."""
    wanted = " ".join(query.split()).casefold()
    rows = [{k: as_text(v) for k, v in row.items()} for row in framework.to_dict("records")]
    found = []
    for row in rows:
        keys = [row[level] for level in _LEVELS[: _LEVELS.index(row["level"]) + 1]]
        paths = {"/".join(keys[i:]).casefold() for i in range(len(keys))}
        if wanted in paths or wanted == row["label"].casefold():
            found.append(row)
    if len(found) == 1:
        return found[0]
    shown = found or [r for r in rows if r["level"] != "concept"]
    listed = "\n".join(
        f"  {_LEVEL_NAMES[r['level']]:12} {_path(r)}  ({r['label']})" for r in shown[:40]
    )
    raise InputError(
        f"{shown_query(query)} {'names several elements' if found else 'names no element'} of the "
        f"framework:\n{listed}",
        element="--framework",
        hint="give the element's path of keys, as listed (results/synthesis/framework.csv)",
    )


def _path(row: dict[str, str]) -> str:
    return "/".join(row[level] for level in _LEVELS[: _LEVELS.index(row["level"]) + 1])


def trace_framework(element: dict[str, str], codings: pd.DataFrame, framework: pd.DataFrame) -> str:
    """The codings a framework element rests on, concept by concept (see the module docstring);
    `framework` gives the concepts' labels."""
    level = element["level"]
    table = codings.astype("string").fillna("")
    mine = table
    for key in _LEVELS[: _LEVELS.index(level) + 1]:
        mine = mine[mine[key] == element[key]]
    counted = mine[mine["in_synthesis"].str.lower() == "true"]
    left_out = mine[mine["in_synthesis"].str.lower() != "true"]
    lines = [
        f"{_LEVEL_NAMES[level]} {_path(element)} ({element['label']}): "
        f"{plural(counted['record_id'].nunique(), 'document')}, "
        f"{plural(len(counted), 'coding')} in the synthesis"
    ]
    concepts = framework[framework["level"].astype(str) == "concept"].astype("string")
    labels = dict(
        zip(concepts["subcategory"] + "/" + concepts["concept"], concepts["label"], strict=True)
    )
    for concept, rows in counted.groupby(["subcategory", "concept"], sort=True):
        key = "/".join(concept)
        lines += [
            "",
            f"concept {key} ({labels.get(key, 'not in the framework')}): "
            f"{plural(rows['record_id'].nunique(), 'document')}, {plural(len(rows), 'coding')}",
        ]
        for row in rows.sort_values(["record_id", "source_file"], kind="stable").to_dict("records"):
            source = f"{row['source_file']} {row['source_ref']}".strip()
            lines.append(f"  {row['record_id']:22} {row['coder']:12} {row['code']!r}   {source}")
            if row["quote"] or row["location"]:
                where = f" ({row['location']})" if row["location"] else ""
                lines.append(f"  {'':22} “{row['quote']}”{where}")
    if not left_out.empty:
        coders = ", ".join(sorted(set(left_out["coder"])))
        lines += [
            "",
            f"not counted in the synthesis: {plural(len(left_out), 'coding')} of it by {coders} "
            "(in_synthesis false in results/synthesis/codings.csv: with synthesis.aggregate_coders "
            "first, a document's codings by a later coder of synthesis.coders serve the "
            "reliability check)",
        ]
    return "\n".join(lines) + "\n"
