"""Two runs of the workflow on the same inputs give byte-identical outputs.

The whole workflow runs twice on the default corpus, each time on a fresh temporary copy of the
tracked files: the session's `finished_run` in the copy itself, and the session's `deployed_run`
in another folder that uses the copy as a Snakemake module (tests/conftest.py; the other tests
only read the two). Every file under results/ is compared byte for byte — except the report's
run date, the one field marked as allowed to differ (`<time id="run-date">`), and the rule logs
(results/logs/, which may hold timings; they are not outputs). The output manifest is among the
compared files (it blanks the run date before digesting the report) and must list every output.
Slow (the second run is the deployed one, shared with tests/deploy/test_module.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metasynth.manifest import mask_run_date, read_manifest


def outputs(directory: Path) -> dict[str, bytes]:
    """Every file under results/ but the rule logs, by its path in the project."""
    results = directory / "results"
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(results.rglob("*"))
        if p.is_file() and "logs" not in p.relative_to(results).parts
    }


@pytest.mark.slow
def test_two_runs_give_byte_identical_outputs(finished_run: Path, deployed_run: Path):
    # Two independent runs on the same inputs, each from its own clean checkout: the run date
    # of the second comes from the clock (no SOURCE_DATE_EPOCH), the one difference allowed.
    first_dir, second_dir = finished_run, deployed_run
    first = outputs(first_dir)
    second = outputs(second_dir)

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
