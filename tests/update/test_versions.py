"""Review versions on the worked example: which records are new, and what the others joined."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metasynth.errors import InputError
from metasynth.versions import (
    entry_versions,
    publication_versions,
    run_summary,
    update_notices,
    version_records,
)
from synthetic.update import RAW_PATH, Update, ris_text

from .conftest import Tables, add_update, compute_tables


@pytest.fixture(scope="module")
def versions(updated: Tables) -> pd.DataFrame:
    return publication_versions(updated.records, updated.clusters, updated.runs)


@pytest.fixture(scope="module")
def records(updated: Tables, versions: pd.DataFrame) -> pd.DataFrame:
    return version_records(updated.records, updated.clusters, updated.runs, versions)


def test_the_new_publications_are_the_generators_new_records(
    versions: pd.DataFrame, update: Update
) -> None:
    new = versions.loc[versions["is_new"], "record_id"].tolist()
    truth = update.truth()
    assert new == truth.loc[truth["is_new"], "record_id"].tolist()
    assert len(new) == 10
    assert set(versions.loc[~versions["is_new"], "review_version"]) == {1}


def test_each_duplicate_joins_the_version_1_publication_the_truth_names(
    records: pd.DataFrame, update: Update
) -> None:
    truth = update.truth()
    duplicates = truth[~truth["is_new"]].set_index("record_id")
    linked = records[records["outcome"] == "duplicate_of_previous"].set_index("record_id")
    assert sorted(linked.index) == sorted(duplicates.index)
    assert (linked["publication_id"] == duplicates["duplicates"].reindex(linked.index)).all()
    # by DOI where Scopus has the DOI, by title, authors, year, volume and pages where not
    rules = linked["rule"].to_dict()
    assert {rules[r] for r in duplicates.index[duplicates["match"] == "doi"]} == {"doi"}
    assert {rules[r] for r in duplicates.index[duplicates["match"] == "title"]} == {"fuzzy"}


def test_every_record_of_the_new_search_has_an_outcome(records: pd.DataFrame) -> None:
    assert records["outcome"].value_counts().to_dict() == {
        "new_publication": 10,
        "duplicate_of_previous": 8,
    }
    assert set(records["search_runs"]) == {"scopus_2024"}
    assert set(records["database"]) == {"Scopus"}


def test_the_runs_table_counts_what_each_run_added(updated: Tables, versions: pd.DataFrame) -> None:
    summary = run_summary(updated.records, updated.clusters, updated.runs, versions)
    rows = summary.set_index("search_run")
    assert rows.loc["scopus_2024", ["n_entries", "n_records", "n_publications"]].tolist() == [
        18,
        18,
        18,
    ]
    assert rows.loc["scopus_2024", "n_added_publications"] == 10
    assert rows.loc["scopus_2024", "n_previous_version_publications"] == 8
    assert rows.loc["wos_primary", "n_added_publications"] == 1129
    assert rows.loc["wos_supplementary", "n_added_publications"] == 63
    assert update_notices(summary) == []


def test_a_more_complete_new_record_does_not_change_the_publications_key(
    updated: Tables, update: Update
) -> None:
    early = next(r for r in update.records if "Early Access" in r.note)
    clusters = updated.clusters.set_index("record_id")
    assert clusters.loc[early.record_id, "cluster_id"] == early.duplicates
    assert clusters.loc[early.duplicates, "is_primary"] in (True, "True")
    publication = updated.publications.set_index("record_id").loc[early.duplicates]
    # the Scopus record (the final version) fills what the Early Access record lacked
    assert f"pages={early.record_id}" in publication["filled_from"]
    assert publication["year"] == 2023  # the key record's own year: still eligible


def test_without_review_versions_the_more_complete_record_would_become_the_primary(
    root: Path, tmp_path: Path, update: Update
) -> None:
    from .conftest import copy_project

    project = copy_project(root, tmp_path)
    add_update(project)
    unversioned = compute_tables(project, versions=False)
    early = next(r for r in update.records if "Early Access" in r.note)
    clusters = unversioned.clusters.set_index("record_id")
    assert clusters.loc[early.duplicates, "cluster_id"] == early.record_id


def test_a_review_with_one_version_has_only_new_publications(updated: Tables) -> None:
    version_1 = [run for run in updated.runs if run.review_version == 1]
    entries = updated.records[updated.records["search_run"] != "scopus_2024"]
    ids = set(entries["record_id"])
    clusters = updated.clusters[updated.clusters["record_id"].isin(ids)]
    clusters = clusters[clusters["cluster_id"].isin(ids)]
    versions = publication_versions(entries, clusters, version_1)
    assert versions["is_new"].all()
    assert set(versions["review_version"]) == {1}
    assert set(versions["new_record_ids"]) == {""}


def test_an_export_whose_records_are_all_present_is_a_notice(
    root: Path, tmp_path: Path, update: Update
) -> None:
    from .conftest import copy_project

    project = copy_project(root, tmp_path)
    add_update(project)
    only_duplicates = [r for r in update.records if not r.is_new]
    (project / "data" / "raw" / RAW_PATH).write_text(ris_text(only_duplicates), encoding="utf-8")
    tables = compute_tables(project)
    versions = publication_versions(tables.records, tables.clusters, tables.runs)
    summary = run_summary(tables.records, tables.clusters, tables.runs, versions)
    manifest = project / "data" / "raw" / "searches.yaml"
    notices = update_notices(summary, manifest, tables.runs)
    assert len(notices) == 1
    assert notices[0].severity == "warning"
    assert notices[0].message.startswith(
        "search run scopus_2024 (review version 2): 0 new publications; 8 records duplicate "
        "existing ones (8 publications, 8 of them found by an earlier review version)"
    )
    lines = manifest.read_text(encoding="utf-8").split("\n")
    assert lines[notices[0].line - 1] == "- id: scopus_2024"
    assert not versions["is_new"].any()


def test_a_records_table_from_another_manifest_is_an_error(updated: Tables) -> None:
    with pytest.raises(InputError, match="scopus_2024 of the records table are not in"):
        entry_versions(updated.records, {"wos_primary": 1, "wos_supplementary": 1})


def test_a_file_repeating_an_earlier_file_of_its_run_is_reported() -> None:
    """A re-export of the latest version's search counts twice among the records identified."""
    from metasynth.searches import SearchRun
    from metasynth.versions import reexport_notices

    run = SearchRun(
        id="scopus_2025",
        database="Scopus",
        query="q",
        date_searched="2025-03-12",
        searched_by="R1",
        files=("scopus/a.ris", "scopus/b.ris", "scopus/c.ris"),
    )
    entries = pd.DataFrame(
        {
            "record_id": ["S1", "S2", "S3", "S2", "S3", "S4"],
            "source_file": ["data/raw/scopus/a.ris"] * 3
            + ["data/raw/scopus/b.ris"] * 2
            + ["data/raw/scopus/c.ris"],
            "search_run": "scopus_2025",
        }
    )
    notices = reexport_notices(entries, [run])
    assert [str(n) for n in notices] == [
        "search run scopus_2025 (review version 1): scopus/b.ris repeats 2 of its 2 records "
        "(same record_id) from scopus/a.ris, an earlier file of the same run, so the records "
        "identified (database_results) count them twice. If it is a re-export of the same "
        "search, remove it from the run's `files:` and from the folder; if it is a later search "
        "(an update), declare it as a run of its own with its date and the next review_version"
    ]


def _same_day_runs() -> list:  # type: ignore[type-arg]
    from metasynth.searches import SearchRun

    return [
        SearchRun(
            id=run_id,
            database=database,
            query="q",
            date_searched="2023-04-03",
            searched_by="R1",
            files=(f"{run_id}.txt",),
        )
        for run_id, database in (("wos_2023", "Web of Science"), ("scopus_2023", "Scopus"))
    ]


def test_runs_of_one_day_are_counted_in_the_order_searches_yaml_lists_them() -> None:
    # A real review (WOS and Scopus searched on 3 April 2023, 29 records each, every one in
    # both): WOS, listed first, was said to have added nothing and got a warning to check its
    # export, because "scopus_2023" sorts before "wos_2023"
    runs = _same_day_runs()
    entries = pd.DataFrame(
        {
            "record_id": ["WOS:1", "WOS:2", "SCOPUS:1", "SCOPUS:2"],
            "search_run": ["wos_2023", "wos_2023", "scopus_2023", "scopus_2023"],
        }
    )
    clusters = pd.DataFrame(
        {
            "record_id": ["WOS:1", "WOS:2", "SCOPUS:1", "SCOPUS:2"],
            "cluster_id": ["WOS:1", "WOS:2", "WOS:1", "WOS:2"],
        }
    )
    publications = publication_versions(entries, clusters, runs)
    summary = run_summary(entries, clusters, runs, publications)
    assert summary[["search_run", "n_added_publications"]].values.tolist() == [
        ["wos_2023", 2],
        ["scopus_2023", 0],
    ]
    assert [str(notice) for notice in update_notices(summary, None, runs)] == [
        "search run scopus_2023 (review version 1): 0 new publications; 2 records duplicate "
        "existing ones (2 publications, all found by search run wos_2023 of this version, "
        "counted before it). Nothing to screen from this run: check that the export is the one "
        "you meant to add"
    ]
