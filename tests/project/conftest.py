"""A new review started as a user starts one, for the tests of what a run says about mistakes.

`wos_review(folder)`: `metasynth init FOLDER`, the config's title and question filled in, a real
Web of Science export from ../shared/fixtures/ as `data/raw/wos/savedrecs.txt` and its search run
(`wos_2024`, searched 2024-03-01) in searches.yaml. `run_to(project, target)`: `snakemake
--cores 2 TARGET` in the project, as the user types it. `ran_to(name, make, target, folder)`: a
copy in `folder` of the project `make` makes after that run, the run done once per test run.
`wos_coded(folder)`: `wos_review` run to its codings that way, one run for every test that
starts there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import BuildOnce, InitReview

WOS_SEARCH = """\
searches:
  - id: wos_2024
    database: Web of Science Core Collection
    query: TS=("bibliometric*")
    date_searched: "2024-03-01"
    searched_by: R1
    files: [wos/savedrecs.txt]
"""
"""The search run of the export `wos_review` puts in data/raw/wos/."""


@pytest.fixture(scope="session")
def wos_review(init_review: InitReview, shared: Path) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        project = init_review(
            folder,
            {
                'title: ""': 'title: "Bibliometric mapping"',
                'review_question: ""': 'review_question: "How are fields mapped?"',
            },
        )
        (project / "data/raw/wos").mkdir()
        export = shared / "wos" / "wosfile_plaintext.txt"
        shutil.copy(export, project / "data/raw/wos/savedrecs.txt")
        (project / "data/raw/searches.yaml").write_text(WOS_SEARCH, encoding="utf-8")
        return project

    return make


def run_to(project: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    """`snakemake --cores 2 TARGET…` in the project (output captured, any exit status)."""
    snakemake = Path(sys.executable).with_name("snakemake")
    return subprocess.run(
        [str(snakemake), "--cores", "2", *targets],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


RanTo = Callable[[str, Callable[[Path], Path], str, Path], Path]


@pytest.fixture(scope="session")
def ran_to(build_once: BuildOnce, copy_run: Callable[[Path, Path], Path]) -> RanTo:
    """`ran_to(name, make, target, folder)`: the project `make(FOLDER)` makes, after `snakemake
    --cores 2 TARGET` completed in it, copied to `folder` with its results, Snakemake's records
    and file times (`copy_run`: the copy is up to date exactly where the original is).

    For tests that start from the same run and then change the project: the run is done once
    per test run under `name` (`build_once`, shared by the xdist workers), not once per test.
    One `name` for one (make, target) pair."""

    def build(base: Path, make: Callable[[Path], Path], target: str) -> None:
        result = run_to(make(base / "review"), target)
        assert result.returncode == 0, result.stderr[-3000:]

    built: dict[str, Path] = {}  # without xdist build_once makes a new folder at each call

    def ran(name: str, make: Callable[[Path], Path], target: str, folder: Path) -> Path:
        if name not in built:
            built[name], _ = build_once(name, lambda base: build(base, make, target))
        return copy_run(built[name] / "review", folder)

    return ran


CODINGS = "results/synthesis/codings.csv"
"""The codings check_codes writes: a run to them makes the screening states on the way."""


@pytest.fixture(scope="session")
def wos_coded(wos_review: Callable[[Path], Path], ran_to: RanTo) -> Callable[[Path], Path]:
    """`wos_coded(folder)`: `wos_review` after `snakemake --cores 2 results/synthesis/codings.csv`
    (ingest, deduplication, the screening states and the codes), copied to `folder`; the run is
    done once per test run for all the tests that start from it (`ran_to`)."""
    return lambda folder: ran_to("wos_coded", wos_review, CODINGS, folder)
