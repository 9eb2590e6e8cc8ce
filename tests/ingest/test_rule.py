"""The `ingest_exports` rule under Snakemake, on a scratch copy of the workflow (slow)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest


@pytest.mark.slow
def test_ingest_exports_rule_writes_every_output(root: Path, data: Path, tmp_path: Path) -> None:
    for name in ("Snakefile", "workflow", "scripts", "config", "environment.yml"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, symlinks=False)
        else:
            shutil.copy(source, tmp_path / name)
    # the files the copied config names as inputs (it is checked whole when the run is planned)
    for folder in ("dedup", "coded"):
        shutil.copytree(root / "data" / folder, tmp_path / "data" / folder)
    raw = tmp_path / "data" / "raw"
    shutil.copytree(data / "split", raw / "wos")
    shutil.copy(data / "scopus.ris", raw / "scopus.ris")
    (raw / "searches.yaml").write_text(
        "searches:\n"
        "- id: wos_main\n  database: Web of Science Core Collection\n  query: TS=(e-mentor*)\n"
        "  date_searched: '2024-01-15'\n  searched_by: test\n  files:\n"
        "  - wos/savedrecs.txt\n  - wos/savedrecs(1).txt\n  - wos/savedrecs(2).txt\n"
        "  - wos/savedrecs(10).txt\n"
        "- id: scopus_main\n  database: Scopus\n  query: TITLE-ABS-KEY(e-mentor*)\n"
        "  date_searched: '2024-01-16'\n  searched_by: test\n  files:\n  - scopus.ris\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "snakemake",
            "--cores",
            "1",
            "results/ingest/records.parquet",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = tmp_path / "results" / "ingest"
    records = pd.read_parquet(out / "records.parquet")
    assert len(records) == 6
    assert records["search_run"].tolist() == ["scopus_main"] * 2 + ["wos_main"] * 4
    report = pd.read_csv(out / "report.csv")
    assert report["records_found"].tolist() == report["records_written"].tolist() == [2, 1, 1, 1, 1]
    assert (out / "records.csv").read_text(encoding="utf-8").count("\n") == 7
    assert len(pd.read_parquet(out / "fields.parquet")) > 6
    assert pd.read_csv(out / "warnings.csv").empty, (out / "warnings.csv").read_text()
    log = (tmp_path / "results" / "logs" / "ingest_exports.log").read_text(encoding="utf-8")
    assert "read 6 records from 5 files (2 formats: ris, wos_plaintext), 0 warnings" in log


@pytest.mark.slow
def test_one_job_per_export_gives_the_same_tables(
    clean_checkout: Callable[[Path], Path],
    run_snakemake: Callable[..., subprocess.CompletedProcess[str]],
    tmp_path: Path,
) -> None:
    """The default corpus (four exports, a search manifest) read in one job and in a job per
    export gathered (config jobs.ingest_per_file_above_mb: 0): the same bytes."""
    project = clean_checkout(tmp_path / "project")
    tables = ("records.parquet", "records.csv", "fields.parquet", "report.csv", "warnings.csv")
    runs = {}
    for name, above_mb in (("single", 1000), ("per_file", 0)):
        config = tmp_path / f"{name}.yaml"
        config.write_text(f"jobs:\n  ingest_per_file_above_mb: {above_mb}\n")
        done = run_snakemake(
            project, "results/ingest/records.parquet", "--cores", "2", "--configfile", str(config)
        )
        assert done.returncode == 0, done.stderr[-3000:]
        runs[name] = {t: (project / "results" / "ingest" / t).read_bytes() for t in tables}
    assert runs["per_file"] == runs["single"]
    logs = sorted(p.name for p in (project / "results" / "logs" / "ingest_export").iterdir())
    assert logs == [
        "wos_primary_savedrecs.txt-2b6f4d42.log",
        "wos_primary_savedrecs_1_.txt-4cc550df.log",
        "wos_primary_savedrecs_2_.txt-e55ac5a7.log",
        "wos_supplementary_savedrecs.txt-fb311c7f.log",
    ]
    records = pd.read_parquet(project / "results" / "ingest" / "records.parquet")
    assert records["search_run"].value_counts().to_dict() == {
        "wos_primary": 1141,
        "wos_supplementary": 294,
    }
