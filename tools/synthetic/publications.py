"""The ground truth of the synthetic corpus: publications, their records, and where they appear.

A `Publication` is one study or item as a reviewer would count it. It has one or more `Record`s
(WOS records with their own accession number: the Article and its Meeting Abstract, the final
and the early-access version...), one of which is its primary record, and a *planned fate*:
what the default run is meant to decide about it. A record may appear in both searches (an exact
duplicate: the same UT, so the same record_id, in two files).

`Corpus` holds them all and answers the questions later stages' tests ask, as DataFrames:
`truth()` (one row per record_id), `publications()` (one row per publication),
`near_misses()` (pairs that look alike but are distinct publications), `entries()` (one row per
record in each export file) and `planned_counts()` (publications per fate and reason).
None of this is written under `data/raw` (ingestion reads every file there).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from synthetic.data_files import load_yaml
from synthetic.wos_writer import Value

FATES: tuple[str, ...] = (
    "excluded_automatic",
    "excluded_title_abstract",
    "not_retrieved",
    "excluded_full_text",
    "excluded_appraisal",
    "included",
)
"""Planned fates, in the order of the PRISMA flow."""

REASONS: dict[str, tuple[str, ...]] = {
    "excluded_automatic": ("year_range", "document_type", "language"),
    "excluded_title_abstract": (
        "not_e_mentoring",
        "not_mentoring",
        "not_empirical",
        "wrong_population",
    ),
    "not_retrieved": ("",),
    "excluded_full_text": (
        "not_e_mentoring",
        "no_qualitative_findings",
        "insufficient_detail",
        "duplicate_study",
    ),
    "excluded_appraisal": ("",),
    "included": ("",),
}
"""Reason codes per fate: automatic rules as in config (`screening.eligibility`), reviewers'
intended reasons as in the task's list."""

PRIMARY_SEARCH = "wos_primary"
SUPPLEMENTARY_SEARCH = "wos_supplementary"

_SEARCHES = load_yaml("searches.yaml")
SEARCHES: dict[str, dict[str, str]] = {
    search: {"query": run["query"], "filters": run["filters"]} for search, run in _SEARCHES.items()
}
"""Query and limits of each search (data/searches.yaml)."""
EXPORT_DATES: dict[str, str] = {search: run["export_date"] for search, run in _SEARCHES.items()}
BATCH_SIZE = 500
"""Records per file of the primary search, as the WOS web interface exports them."""


@dataclass
class Record:
    """One WOS record (one accession number) of a publication."""

    record_id: str  # the UT as exported: WOS:999...
    publication_key: str
    is_primary: bool
    duplicate_kind: str  # "" for the primary; how a secondary record differs from it
    fields: dict[str, Value]
    searches: list[str] = field(default_factory=list)  # search ids it was found by

    @property
    def doc_type(self) -> str:
        return str(self.fields.get("DT", ""))

    @property
    def year(self) -> int | None:
        """Year as ingestion computes it: PY, else EY, else the year in EA."""
        for tag in ("PY", "EY"):
            value = str(self.fields.get(tag, ""))
            if value.isdigit():
                return int(value)
        early = str(self.fields.get("EA", ""))
        return int(early[-4:]) if early[-4:].isdigit() else None


@dataclass
class Publication:
    """One publication with its planned fate and what it is about."""

    key: str
    fate: str
    reason: str = ""
    borderline: bool = False
    context: str = ""  # study context (higher_education, medicine, ...) or "" / "offtopic"
    design: str = ""  # study design (interviews, focus_groups, ..., survey, rct, ...)
    concepts: tuple[str, ...] = ()  # framework concepts its findings support (included only)
    quality: str = ""  # planned appraisal: "high" (included) or "low" (excluded_appraisal)
    note: str = ""  # why it is in the corpus, for the curious reader of the truth table
    records: list[Record] = field(default_factory=list)

    @property
    def primary(self) -> Record:
        return next(r for r in self.records if r.is_primary)


@dataclass(frozen=True)
class NearMiss:
    """Two records that look alike but are different publications (must not be merged)."""

    record_id_a: str
    record_id_b: str
    kind: str
    note: str


@dataclass
class Corpus:
    """The whole synthetic corpus: publications, near-miss pairs and the export files' contents."""

    seed: int
    publications: list[Publication]
    near_miss_pairs: list[NearMiss]
    files: dict[str, list[str]]  # path under data/raw -> record_ids in file order
    export_dates: dict[str, str]  # search id -> DA of its export
    _by_record_id: dict[str, tuple[Publication, Record]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def records(self) -> list[Record]:
        """Every record, publications in key order, primary first."""
        return [r for p in self.publications for r in p.records]

    def _index(self) -> dict[str, tuple[Publication, Record]]:
        # Built on first use; publications are not changed after the corpus is built.
        if self._by_record_id is None:
            self._by_record_id = {r.record_id: (p, r) for p in self.publications for r in p.records}
        return self._by_record_id

    def record(self, record_id: str) -> Record:
        """The record with this record_id (KeyError if there is none)."""
        return self._index()[record_id][1]

    def publication_of(self, record_id: str) -> Publication:
        """The publication a record_id belongs to (KeyError if there is none)."""
        return self._index()[record_id][0]

    # ----------------------------------------------------------------- tables

    def truth(self) -> pd.DataFrame:
        """One row per record_id: its publication, primary, duplicate kind and planned fate.

        Columns: record_id, publication_key, primary_record_id, is_primary, duplicate_kind,
        searches ("; "-joined search ids), n_entries, fate, reason, borderline, context, design,
        concepts ("; "-joined concept ids, included only), quality, year, doc_type, language,
        title. Sorted by record_id.
        """
        rows = []
        for publication in self.publications:
            primary_id = publication.primary.record_id
            for record in publication.records:
                rows.append(
                    {
                        "record_id": record.record_id,
                        "publication_key": publication.key,
                        "primary_record_id": primary_id,
                        "is_primary": record.is_primary,
                        "duplicate_kind": record.duplicate_kind,
                        "searches": "; ".join(record.searches),
                        "n_entries": len(record.searches),
                        **_truth(publication, record),
                    }
                )
        frame = pd.DataFrame(rows).sort_values("record_id", ignore_index=True)
        return _typed(frame, bools=("is_primary", "borderline"), ints=("n_entries", "year"))

    def publications_table(self) -> pd.DataFrame:
        """One row per publication, keyed by its primary record_id (as dedup will key it).

        Columns: primary_record_id, publication_key, member_record_ids ("; "-joined, sorted),
        n_records, fate, reason, borderline, context, design, concepts, quality, year,
        doc_type, language, title (all of the primary). Sorted by primary_record_id.
        """
        rows = []
        for publication in self.publications:
            primary = publication.primary
            rows.append(
                {
                    "primary_record_id": primary.record_id,
                    "publication_key": publication.key,
                    "member_record_ids": "; ".join(
                        sorted(r.record_id for r in publication.records)
                    ),
                    "n_records": len(publication.records),
                    **_truth(publication, primary),
                }
            )
        frame = pd.DataFrame(rows).sort_values("primary_record_id", ignore_index=True)
        return _typed(frame, bools=("borderline",), ints=("n_records", "year"))

    def near_misses(self) -> pd.DataFrame:
        """Pairs of distinct publications that look alike: record_id_a, record_id_b, kind, note."""
        frame = pd.DataFrame(
            [(n.record_id_a, n.record_id_b, n.kind, n.note) for n in self.near_miss_pairs],
            columns=["record_id_a", "record_id_b", "kind", "note"],
        )
        return frame.astype("string")

    def entries(self) -> pd.DataFrame:
        """One row per record in each export file: path (under data/raw), position, record_id."""
        rows = [
            (path, position, record_id)
            for path, record_ids in self.files.items()
            for position, record_id in enumerate(record_ids, start=1)
        ]
        frame = pd.DataFrame(rows, columns=["path", "position", "record_id"])
        return _typed(frame, ints=("position",))

    def planned_counts(self) -> pd.DataFrame:
        """Publications per planned fate and reason, in PRISMA order: fate, reason, n."""
        counts = Counter((p.fate, p.reason) for p in self.publications)
        rows = [
            (fate, reason, counts[(fate, reason)])
            for fate in FATES
            for reason in REASONS[fate]
            if counts[(fate, reason)]
        ]
        return _typed(pd.DataFrame(rows, columns=["fate", "reason", "n"]), ints=("n",))

    def included(self) -> list[Publication]:
        """The publications the default run must include (exactly 80)."""
        return [p for p in self.publications if p.fate == "included"]


def _truth(publication: Publication, record: Record) -> dict[str, object]:
    """What the default run should decide about a publication, and the record's own fields."""
    return {
        "fate": publication.fate,
        "reason": publication.reason,
        "borderline": publication.borderline,
        "context": publication.context,
        "design": publication.design,
        "concepts": "; ".join(publication.concepts),
        "quality": publication.quality,
        "year": record.year,
        "doc_type": record.doc_type,
        "language": str(record.fields.get("LA", "")),
        "title": str(record.fields.get("TI", "")),
    }


def _typed(
    frame: pd.DataFrame, *, bools: tuple[str, ...] = (), ints: tuple[str, ...] = ()
) -> pd.DataFrame:
    for column in frame.columns:
        if column in bools:
            frame[column] = frame[column].astype("bool")
        elif column in ints:
            frame[column] = frame[column].astype("Int64")
        else:
            frame[column] = frame[column].astype("string")
    return frame
