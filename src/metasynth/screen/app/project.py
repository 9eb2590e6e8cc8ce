"""What the screening app reads from a project, and how it shows one publication.

Inputs: the config (the `screening` section: reviewers, reasons, decisions folder, queue model,
`highlight` words; `project.review_question`) and the outputs of the last workflow run under
`results/`: `dedup/publications.parquet` and `clusters.csv` (who was merged into whom),
`screening/eligibility.csv` (the automatic rules) and, when present, `ingest/records.parquet`
(the merged duplicates' own titles, and with the search manifest the publications found by
other methods only, which skip title/abstract screening). These change only when the workflow
runs again, so they are loaded once and reloaded when their files change (`Project.signature`);
the decision files are read afresh on every refresh (`metasynth.screen.app.view`).

Output: `Project`, and `card`: one publication as plain JSON-ready values for the page (every
text as given in the export; the page puts it into the document as text, never as markup).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from metasynth.config import load_config
from metasynth.errors import InputError, visible
from metasynth.screen.decisions import cluster_map, load_clusters
from metasynth.screen.prisma import identification_entries, other_methods_publications
from metasynth.screen.settings import ScreeningSettings
from metasynth.searches import MANIFEST_NAME, load_searches
from metasynth.tables import read_table
from metasynth.text import as_text, split_multi

RESULT_FILES = {
    "publications": "dedup/publications.parquet",
    "clusters": "dedup/clusters.csv",
    "eligibility": "screening/eligibility.csv",
}
"""Outputs the app needs (paths under the results folder)."""
RECORDS_FILE = "ingest/records.parquet"


@dataclass(frozen=True)
class Highlight:
    """Words to mark in titles, abstracts and keywords (`screening.highlight`)."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None) -> Highlight:
        """From the `screening.highlight` section (both lists empty when it is absent)."""
        section = section or {}
        return cls(
            include=tuple(str(w) for w in section.get("include", ()) if str(w).strip()),
            exclude=tuple(str(w) for w in section.get("exclude", ()) if str(w).strip()),
        )


@dataclass
class Project:
    """A review project as the app sees it (see the module docstring)."""

    config_file: Path
    results: Path
    settings: ScreeningSettings
    review_question: str
    highlight: Highlight
    publications: pd.DataFrame  # every publication, record_id as str
    clusters: pd.DataFrame
    eligibility: pd.DataFrame
    members: dict[str, str]  # record_id -> publication
    other_methods: frozenset[str] = frozenset()  # found by other methods only: no title/abstract
    duplicates: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    signature: tuple[tuple[str, int, int], ...] = ()
    _rows: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def row(self, publication: str) -> dict[str, Any]:
        """The publication's row of publications.parquet as a dict (KeyError if unknown)."""
        return self._all_rows()[publication]

    def has(self, publication: str) -> bool:
        return publication in self._all_rows()

    def _all_rows(self) -> dict[str, dict[str, Any]]:
        if not self._rows:
            ids = self.publications["record_id"].tolist()
            self._rows = dict(zip(ids, self.publications.to_dict("records"), strict=True))
        return self._rows


def file_signature(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """(path, size, modification time in ns) of each existing file: changes when one changes."""
    found = []
    for path in paths:
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        found.append((path.as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def project_signature(config_file: Path, results: Path) -> tuple[tuple[str, int, int], ...]:
    """The signature of everything `load_project` reads."""
    paths = [config_file, *(results / p for p in RESULT_FILES.values()), results / RECORDS_FILE]
    return file_signature(paths)


def load_project(config_file: str | Path, results: str | Path) -> Project:
    """Read the config and the workflow outputs the app needs; InputError when one is missing."""
    config_file, results = Path(config_file), Path(results)
    signature = project_signature(config_file, results)
    config = load_config(config_file)
    settings = ScreeningSettings.from_config(config["screening"])
    paths = {name: results / relative for name, relative in RESULT_FILES.items()}
    for path in paths.values():
        if not path.is_file():
            raise InputError(
                "file not found: the screening app reads the outputs of deduplication and the "
                "automatic rules",
                file=path,
                hint="run the workflow first (`make run`, or `snakemake --cores 2`), then start "
                "the app again",
            )
    publications = read_table(paths["publications"])
    publications = publications.assign(record_id=publications["record_id"].astype(str))
    clusters = load_clusters(paths["clusters"])
    eligibility = read_table(paths["eligibility"])
    records_path = results / RECORDS_FILE
    titles: dict[str, str] = {}
    other_methods: frozenset[str] = frozenset()
    if records_path.is_file():
        records = pd.read_parquet(
            records_path, columns=["record_id", "title", "database", "search_run"]
        )
        titles = dict(
            zip(records["record_id"].astype(str), records["title"].map(as_text), strict=True)
        )
        manifest = Path(config["ingest"]["raw_dir"]) / MANIFEST_NAME
        if manifest.is_file():
            runs = load_searches(manifest)
            entries = identification_entries(records, clusters, runs)
            other_methods = other_methods_publications(entries)
    return Project(
        config_file=config_file,
        results=results,
        settings=settings,
        review_question=str(config.get("project", {}).get("review_question", "")),
        highlight=Highlight.from_config(config.get("screening", {}).get("highlight")),
        publications=publications,
        clusters=clusters,
        eligibility=eligibility,
        members=cluster_map(clusters),
        other_methods=other_methods,
        duplicates=_duplicates(clusters, titles),
        signature=signature,
    )


def _duplicates(
    clusters: pd.DataFrame, titles: Mapping[str, str]
) -> dict[str, list[dict[str, str]]]:
    """publication -> the records merged into it, with how they were matched."""
    merged: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in clusters.to_dict("records"):
        if str(row["rule"]) == "primary":
            continue
        record_id = str(row["record_id"])
        merged[str(row["cluster_id"])].append(
            {
                "record_id": record_id,
                "database": as_text(row.get("database")),
                "rule": as_text(row.get("rule")),
                "evidence": as_text(row.get("evidence")),
                "entries": as_text(row.get("entries")),
                "title": titles.get(record_id, ""),
            }
        )
    return {k: sorted(v, key=lambda d: d["record_id"]) for k, v in merged.items()}


def doi_url(doi: str) -> str:
    """The resolver link of a DOI (empty when there is none)."""
    doi = doi.strip()
    return f"https://doi.org/{doi}" if doi.startswith("10.") else ""


def card(project: Project, publication: str) -> dict[str, Any]:
    """One publication for the page: bibliographic fields, keywords and merged duplicates. Text
    from the exports is shown with its reordering and invisible controls made visible (`<U+202E>`,
    as in the report): a right-to-left override in a title must not reverse what a screener reads.
    """
    row = project.row(publication)
    doi = as_text(row.get("doi"))

    def text(column: str) -> str:
        return visible(as_text(row.get(column)))

    keywords = [
        *split_multi(text("author_keywords")),
        *split_multi(text("keywords_plus")),
    ]
    return {
        "record_id": publication,
        "title": text("title"),
        "authors": split_multi(text("authors")),
        "year": text("year"),
        "source_title": text("source_title"),
        "volume": text("volume"),
        "issue": text("issue"),
        "pages": text("pages"),
        "doc_type": text("doc_type"),
        "language": text("language"),
        "databases": text("databases"),
        "abstract": text("abstract"),
        "keywords": keywords,
        "doi": visible(doi),
        "doi_url": doi_url(doi),
        "duplicates": [
            {**duplicate, "title": visible(str(duplicate.get("title", "")))}
            for duplicate in project.duplicates.get(publication, [])
        ],
    }
