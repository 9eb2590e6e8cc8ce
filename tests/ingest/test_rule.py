"""The `ingest_exports` rule under Snakemake, on a scratch copy of the workflow (slow)."""

from __future__ import annotations

import shutil
import subprocess
import sys
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
    assert pd.read_csv(out / "warnings.csv").empty
    log = (tmp_path / "results" / "logs" / "ingest_exports.log").read_text(encoding="utf-8")
    assert "read 6 records from 5 files (2 formats: ris, wos_plaintext), 0 warnings" in log
