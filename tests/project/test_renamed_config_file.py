"""A file the config names (the codebook, a coding source) renamed after a run, and what the next
run says.

Snakemake does not look for a missing input of a job whose outputs exist. A coder who renamed
`data/coded/codebook.yaml` (or the Taguette export listed in `synthesis.sources`) was told
"Nothing to be done" by the next run and "results are up to date" by `metasynth status`, while
the framework and the report still came from the file that was gone. The run must stop at the
config line that names the file, and say what is beside it.

The user's path: `metasynth init`, a real Web of Science export from ../shared/fixtures/ with its
searches.yaml, `snakemake` up to the codings, a file renamed, `snakemake` and `metasynth status`.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.project.conftest import CODINGS, run_to

pytestmark = pytest.mark.slow


def _status(project: Path) -> subprocess.CompletedProcess[str]:
    metasynth = Path(sys.executable).with_name("metasynth")
    return subprocess.run(
        [str(metasynth), "status"], cwd=project, capture_output=True, text=True, check=False
    )


def test_a_renamed_codebook_stops_the_run_at_its_config_line(
    tmp_path: Path, wos_coded: Callable[[Path], Path]
) -> None:
    coded_review = wos_coded(tmp_path / "review")
    coded = coded_review / "data/coded"
    (coded / "codebook.yaml").rename(coded / "codebook-v2.yaml")
    try:
        result = run_to(coded_review, CODINGS)
        status = _status(coded_review)
    finally:
        (coded / "codebook-v2.yaml").rename(coded / "codebook.yaml")
    assert result.returncode != 0
    line = next(
        n
        for n, text in enumerate(
            (coded_review / "config/config.yaml").read_text(encoding="utf-8").splitlines(), 1
        )
        if text.startswith("  codebook:")
    )
    said = (
        f"config/config.yaml:{line} synthesis.codebook: names 'data/coded/codebook.yaml', which "
        "does not exist\n  what to do: restore the file, or write its new path there (in "
        "data/coded: codebook-v2.yaml, codes.csv)"
    )
    assert said in result.stderr
    assert status.returncode == 1
    assert "Snakemake cannot plan the next run" in status.stdout
    assert "results are up to date" not in status.stdout


def test_a_renamed_coding_source_stops_the_run_at_its_config_line(
    tmp_path: Path, wos_coded: Callable[[Path], Path]
) -> None:
    coded_review = wos_coded(tmp_path / "review")
    coded = coded_review / "data/coded"
    (coded / "codes.csv").rename(coded / "codes (1).csv")
    try:
        result = run_to(coded_review, CODINGS)
    finally:
        (coded / "codes (1).csv").rename(coded / "codes.csv")
    assert result.returncode != 0
    assert (
        "synthesis.sources[0].path: names 'data/coded/codes.csv', which does not exist\n"
        "  what to do: restore the file, or write its new path there (in data/coded: "
        "codebook.yaml, codes (1).csv)"
    ) in result.stderr
