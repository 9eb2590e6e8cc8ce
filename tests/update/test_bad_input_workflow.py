"""Bad search input through the workflow itself (slow): each stops or warns with a clear message.

On a copy of the tracked files, Snakemake runs up to the rule that reads the problem: an export
no search run claims, a manifest naming a missing file and two runs claiming one file stop
`ingest_exports` with the message and what to do; an export whose records are all present runs
through `track_versions` with a notice (log and results/versions/notices.csv), not an error.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from synthetic.update import RAW_PATH, Update, ris_text

from .conftest import add_update

SNAKEMAKE = Path(sys.executable).with_name("snakemake")


def snakemake(project: Path, target: str) -> subprocess.CompletedProcess[str]:
    if not SNAKEMAKE.exists():
        pytest.skip(f"snakemake not found next to {sys.executable}")
    return subprocess.run(
        [str(SNAKEMAKE), "--cores", "1", target],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def project(clean_checkout: Callable[[Path], Path], tmp_path: Path) -> Path:
    return clean_checkout(tmp_path)


def ingest_log(project: Path) -> str:
    return (project / "results" / "logs" / "ingest_exports.log").read_text(encoding="utf-8")


@pytest.mark.slow
def test_an_unclaimed_export_stops_ingestion_with_the_lines_to_add(project: Path) -> None:
    stray = project / "data" / "raw" / "wos_2025" / "savedrecs.txt"
    stray.parent.mkdir()
    shutil.copy(project / "data" / "raw" / "wos_primary" / "savedrecs(2).txt", stray)
    done = snakemake(project, "results/ingest/records.parquet")
    assert done.returncode != 0
    log = ingest_log(project)
    assert (
        "data/raw/searches.yaml: 1 export file(s) belong to no search run: wos_2025/savedrecs.txt"
        in log
    )
    assert "or declare a new run:" in log
    assert "Traceback" not in log


@pytest.mark.slow
def test_a_manifest_naming_a_missing_file_stops_ingestion(project: Path) -> None:
    (project / "data" / "raw" / "wos_supplementary" / "savedrecs.txt").unlink()
    done = snakemake(project, "results/ingest/records.parquet")
    assert done.returncode != 0
    log = ingest_log(project)
    assert (
        "search run 'wos_supplementary' names 'wos_supplementary/savedrecs.txt', which does " in log
    )
    assert "what to do: paths in searches.yaml are relative to its folder, data/raw" in log


@pytest.mark.slow
def test_two_runs_claiming_one_file_stop_ingestion(project: Path) -> None:
    manifest = project / "data" / "raw" / "searches.yaml"
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write(
            "- id: wos_again\n  database: Web of Science Core Collection\n  query: TS=x\n"
            "  date_searched: '2024-02-01'\n  searched_by: me\n  files:\n"
            "  - wos_primary/savedrecs(1).txt\n"
        )
    done = snakemake(project, "results/ingest/records.parquet")
    assert done.returncode != 0
    assert (
        "file 'wos_primary/savedrecs(1).txt' is claimed by search runs 'wos_primary'"
        in ingest_log(project)
    )


@pytest.mark.slow
def test_an_export_of_known_records_runs_with_a_notice(project: Path, update: Update) -> None:
    add_update(project)
    duplicates = [r for r in update.records if not r.is_new]
    (project / "data" / "raw" / RAW_PATH).write_text(ris_text(duplicates), encoding="utf-8")
    done = snakemake(project, "results/versions/notices.csv")
    assert done.returncode == 0, done.stderr[-3000:]
    notices = pd.read_csv(project / "results" / "versions" / "notices.csv", dtype=str)
    assert notices["severity"].tolist() == ["warning"]
    assert (
        notices["message"]
        .iloc[0]
        .startswith(
            "search run scopus_2024 (review version 2): 0 new publications; 8 records duplicate "
            "existing ones"
        )
    )
    log = (project / "results" / "logs" / "track_versions.log").read_text(encoding="utf-8")
    assert "WARNING metasynth.versions: data/raw/searches.yaml:" in log
    records = pd.read_csv(project / "results" / "versions" / "records.csv", dtype=str)
    assert records["outcome"].tolist() == ["duplicate_of_previous"] * 8
