"""Two runs of the workflow on the same inputs give byte-identical outputs.

The whole workflow runs twice on the default corpus, each time in a fresh temporary copy of the
tracked files (the first of the two is the session's `finished_run`, which the other tests only
read), and every file under results/ is compared byte for byte — except the report's
run date, the one field marked as allowed to differ (`<time id="run-date">`), and the rule logs
(results/logs/, which may hold timings; they are not outputs). The output manifest is among the
compared files (it blanks the run date before digesting the report) and must list every output.
Slow (one run of the workflow besides the session's).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from metasynth.manifest import mask_run_date, read_manifest

SNAKEMAKE = Path(sys.executable).with_name("snakemake")


def run_workflow(directory: Path) -> dict[str, bytes]:
    # The run date must come from the clock: that is the one difference the test allows.
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [str(SNAKEMAKE), "--cores", "2", "--quiet"],
        cwd=directory,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return outputs(directory)


def outputs(directory: Path) -> dict[str, bytes]:
    """Every file under results/ but the rule logs, by its path in the project."""
    results = directory / "results"
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(results.rglob("*"))
        if p.is_file() and "logs" not in p.relative_to(results).parts
    }


@pytest.mark.slow
def test_two_runs_give_byte_identical_outputs(finished_run: Path, clean_checkout, tmp_path: Path):
    if not SNAKEMAKE.exists():
        pytest.skip(f"snakemake not found next to {sys.executable}")
    # The first run is the session's (a clean checkout, run once; the other tests only read it
    # or copy it), the second a fresh one here: two independent runs on the same inputs.
    first_dir, second_dir = finished_run, tmp_path / "second"
    clean_checkout(second_dir)
    first = outputs(first_dir)
    second = run_workflow(second_dir)

    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    # Only the report may differ, and only in its marked run-date field.
    assert differing in ([], ["results/report.html"])
    assert [p for p in first if mask_run_date(first[p]) != mask_run_date(second[p])] == []
    assert b'<time id="run-date"' in first["results/report.html"]

    manifest = read_manifest(first_dir / "results" / "manifest.tsv")
    listed = set(manifest["path"])
    assert listed == set(first) - {"results/manifest.tsv"}
    assert {"results/report.html", "results/figures/framework_sankey.pdf"} <= listed
    masked = manifest.loc[manifest["run_date_masked"] == "yes", "path"].tolist()
    assert masked == ["results/report.html"]
