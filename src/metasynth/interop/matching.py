"""Finding the publication a row of another tool's file means, by record_id, DOI or title.

Input: the records table (`results/ingest/records.parquet`: every entry with its `record_id`,
`doi`, `pmid` and `title`) and the record_id → publication map of deduplication
(`results/dedup/clusters.csv`, former ids included). `PublicationIndex.find` takes the keys a
row carries and answers with a `Match` (the publication, the record named, which key matched) or
a `Miss` (why not). Nothing is guessed:

- a record_id matches as written, then with its database prefix in upper case (`wos:…`);
- a DOI matches in its normal form (case, resolver prefix and trailing punctuation do not count:
  `metasynth.text.normalise_doi`); a PubMed ID likewise;
- a title matches exactly (after trimming), then by its key (`metasynth.text.title_key`: case,
  accents, punctuation and a trailing bracketed note do not count), then by that key without its
  spaces (`e-learning` and `elearning`, PubMed's `vitamin D(3)` and a retyped `vitamin D3`);
- a key that names records of more than one publication matches none of them (the `Miss` lists
  them), and keys of one row that name different publications are a `Miss` too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from metasynth.dedup.clusters import linked_reports
from metasynth.screen.decisions import cluster_map, load_clusters
from metasynth.tables import read_table
from metasynth.text import as_text, normalise_doi, normalise_pmid, title_key

KEYS = ("record_id", "doi", "pmid", "title")
"""The keys a row may carry, in the order they are tried."""


@dataclass(frozen=True)
class Match:
    """The publication a row names, the record it names (a record_id), and by which key."""

    publication_id: str
    record_id: str
    matched_by: str
    detail: str = ""  # keys of the row that matched nothing, when another one matched


@dataclass(frozen=True)
class Miss:
    """Why a row names no publication."""

    reason: str


def _compact(key: str) -> str:
    """A title key without its spaces: what is left when hyphens, brackets and spacing differ."""
    return key.replace(" ", "")


def _upper_prefix(record_id: str) -> str:
    prefix, colon, rest = record_id.partition(":")
    return f"{prefix.upper()}{colon}{rest}" if colon else record_id


class PublicationIndex:
    """Every record's keys, pointing at the publication each record belongs to."""

    def __init__(
        self,
        records: pd.DataFrame,
        members: Mapping[str, str],
        reports: Iterable[str] = (),
        other_methods: Iterable[str] = (),
    ) -> None:
        self.members = dict(members)
        # records deduplication linked to another record's study as its report (an erratum, a
        # notice, an earlier version): found like any record, but their decisions are their own
        self.reports = frozenset(reports)
        # publications found by other methods only: they have no title/abstract stage
        self.other_methods = frozenset(other_methods)
        self._by_upper = {_upper_prefix(r): r for r in self.members}
        self._keys: dict[str, dict[str, set[str]]] = {k: defaultdict(set) for k in KEYS[1:]}
        self._exact_titles: dict[str, set[str]] = defaultdict(set)
        self._compact_titles: dict[str, set[str]] = defaultdict(set)
        for row in records.to_dict("records"):
            record_id = as_text(row.get("record_id"))
            if record_id not in self.members:
                continue
            for key, value in (
                ("doi", normalise_doi(row.get("doi"))),
                ("pmid", normalise_pmid(row.get("pmid"))),
                ("title", title_key(row.get("title"))),
            ):
                if value:
                    self._keys[key][value].add(record_id)
            exact = as_text(row.get("title"))
            if exact:
                self._exact_titles[exact].add(record_id)
                compact = _compact(title_key(exact))
                if compact:
                    self._compact_titles[compact].add(record_id)

    @classmethod
    def load(
        cls, records: str | Path, clusters: str | Path, searches: str | Path | None = None
    ) -> PublicationIndex:
        """From `results/ingest/records.parquet` (or .csv) and `results/dedup/clusters.csv`; with
        the search manifest (`searches.yaml`), which publications other methods alone found."""
        from metasynth.screen.prisma import identification_entries, other_methods_publications
        from metasynth.searches import load_searches

        table = load_clusters(clusters)
        rows = read_table(records)
        other: frozenset[str] = frozenset()
        if searches is not None and Path(searches).is_file():
            entries = identification_entries(rows, table, load_searches(searches))
            other = other_methods_publications(entries)
        return cls(rows, cluster_map(table), linked_reports(table), other)

    def _by_record_id(self, value: str) -> Match | Miss:
        if value in self.members:
            return Match(self.members[value], value, "record_id")
        known = self._by_upper.get(_upper_prefix(value))
        if known is not None:
            return Match(self.members[known], known, "record_id (prefix case)")
        return Miss(f"no record has record_id {value!r}")

    def _one(self, records: set[str], key: str, value: str, how: str) -> Match | Miss:
        publications = sorted({self.members[r] for r in records})
        if len(publications) > 1:
            return Miss(
                f"{key} {value!r} names {len(publications)} publications "
                f"({', '.join(publications[:5])}); give the record_id"
            )
        return Match(publications[0], sorted(records)[0], how)

    def _by_key(self, key: str, value: str) -> Match | Miss:
        if key == "title":
            exact = self._exact_titles.get(value.strip())
            if exact:
                return self._one(exact, "title", value, "title")
            found = self._keys["title"].get(title_key(value))
            how = "title (normalised)"
            if not found:
                found = self._compact_titles.get(_compact(title_key(value)))
                how = "title (normalised, spaces aside)"
        else:
            normal = normalise_doi(value) if key == "doi" else normalise_pmid(value)
            found = self._keys[key].get(normal) if normal else None
            how = key
        if not found:
            return Miss(f"no record has {key} {value!r}")
        return self._one(found, key, value, how)

    def find(self, keys: Mapping[str, str]) -> Match | Miss:
        """The publication the row's keys (record_id, doi, pmid, title; empty ones ignored)
        name: the first key that matches, if no other key of the row names another one."""
        given = [(k, as_text(keys.get(k))) for k in KEYS if as_text(keys.get(k))]
        if not given:
            return Miss("the row has no record_id, DOI, PubMed ID or title")
        matches: list[tuple[str, Match]] = []
        misses: list[str] = []
        for key, value in given:
            found = self._by_record_id(value) if key == "record_id" else self._by_key(key, value)
            if isinstance(found, Match):
                matches.append((key, found))
            else:
                misses.append(found.reason)
        if not matches:
            return Miss("; ".join(misses))
        publications = {m.publication_id for _, m in matches}
        if len(publications) > 1:
            named = ", ".join(f"{k} → {m.publication_id}" for k, m in matches)
            return Miss(f"the row's keys name different publications ({named})")
        first = matches[0][1]
        detail = f"{'; '.join(misses)}, but its {matches[0][0]} matched" if misses else ""
        return Match(first.publication_id, first.record_id, first.matched_by, detail)

    def title_keys(self) -> dict[str, set[str]]:
        """Each title key (`text.title_key`) → the record_ids of the records with that title."""
        return {key: set(records) for key, records in self._keys["title"].items()}

    def records_with_doi(self, doi: str) -> set[str]:
        """The record_ids of the records with this DOI (in its normal form)."""
        normal = normalise_doi(doi)
        return set(self._keys["doi"].get(normal, ())) if normal else set()

    def publication(self, record_id: str) -> str | None:
        """The publication of a known record_id, else None."""
        return self.members.get(record_id)
