"""Fixtures for the update tests: the default corpus, its 2024 Scopus update, project copies.

`project` is a fresh copy of the tracked data/ and config/ (what `metasynth status` reads);
`add_update(project)` drops the example export in and declares its run, as the README says.
`updated` holds the records and clusters of the default corpus plus the update, computed in
memory by the stage functions (ingestion, then deduplication with the review versions).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from metasynth.config import load_config
from metasynth.dedup import deduplicate, read_verdicts
from metasynth.ingest import discover_exports, read_exports
from metasynth.searches import SearchRun, assign_runs, load_searches
from metasynth.versions import run_versions
from synthetic.corpus import DEFAULT_SEED, build_corpus
from synthetic.publications import Corpus
from synthetic.update import RAW_PATH, UPDATE_DIR, Update, build_update


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return build_corpus(DEFAULT_SEED)


@pytest.fixture(scope="session")
def update(corpus: Corpus) -> Update:
    return build_update(corpus, DEFAULT_SEED)


def copy_project(root: Path, target: Path) -> Path:
    """data/, config/ and examples/ of the project (no results/) under `target`."""
    for name in ("data", "config", "examples"):
        shutil.copytree(root / name, target / name)
    return target


def add_update(project: Path) -> None:
    """The README's first step: the export under data/raw, its run appended to the manifest."""
    export = project / "data" / "raw" / RAW_PATH
    export.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(project / UPDATE_DIR / "scopus_2024.ris", export)
    entry = (project / UPDATE_DIR / "searches.yaml").read_text(encoding="utf-8")
    manifest = project / "data" / "raw" / "searches.yaml"
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write(entry)


@pytest.fixture
def project(root: Path, tmp_path: Path) -> Path:
    return copy_project(root, tmp_path / "project")


@dataclass(frozen=True)
class Tables:
    runs: list[SearchRun]
    records: pd.DataFrame
    clusters: pd.DataFrame
    publications: pd.DataFrame


def compute_tables(project: Path, *, versions: bool = True) -> Tables:
    """Ingest and deduplicate a project's exports in memory, as the workflow's rules do."""
    config = load_config(project / "config" / "config.yaml")
    raw = project / "data" / "raw"
    runs = load_searches(raw / "searches.yaml")
    exports = discover_exports(raw, config["ingest"]["ignore"])
    records = read_exports(exports, search_runs=assign_runs(runs, exports, raw)).records
    assert records is not None
    result = deduplicate(
        records,
        read_verdicts(project / "data" / "dedup" / "verdicts.csv"),
        config["dedup"],
        run_versions=run_versions(runs) if versions else None,
    )
    return Tables(runs, records, result.clusters, result.publications)


@pytest.fixture(scope="session")
def updated(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Tables:
    """The default corpus plus the 2024 update, ingested and deduplicated."""
    project = copy_project(root, tmp_path_factory.mktemp("updated"))
    add_update(project)
    return compute_tables(project)
