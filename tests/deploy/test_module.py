"""The workflow used as a Snakemake module from another folder, as `snakedeploy deploy-workflow`
deploys it: a review project with `workflow/Snakefile` declaring the module, `config/` and
`profiles/` copied from the repository, and its own `data/`. It dry-runs and runs the default
corpus, and its outputs are byte-identical to a run inside the checkout (issue 19, item 4).
The deployment (`deploy`) and the session's run of it (`deployed_run`) are in tests/conftest.py:
tests/test_determinism.py compares that run with the checkout's too."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import deploy

METASYNTH = Path(sys.executable).with_name("metasynth")


@pytest.fixture(scope="module")
def deployed(
    tmp_path_factory: pytest.TempPathFactory, clean_checkout: Callable[[Path], Path]
) -> Path:
    base = tmp_path_factory.mktemp("deploy")
    return deploy(clean_checkout(base / "metasynth"), base / "review")


@pytest.mark.slow
def test_the_deployed_module_dry_runs(
    deployed: Path, run_snakemake: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    done = run_snakemake(deployed, "-n", "--cores", "1", "--quiet", "rules")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "render_report" in done.stdout
    assert "ingest_exports" in done.stdout


@pytest.mark.slow
def test_the_deployed_module_makes_the_bytes_of_a_run_in_the_checkout(
    deployed_run: Path, finished_run: Path
) -> None:
    """The session's `deployed_run` (tests/conftest.py): `deploy`, then `snakemake --cores 2`
    in the review folder, which must complete."""
    compared = subprocess.run(
        [str(METASYNTH), "manifest", "compare", str(finished_run / "results" / "manifest.tsv"),
         str(deployed_run / "results" / "manifest.tsv")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert compared.returncode == 0, compared.stdout + compared.stderr
    assert not (deployed_run / "src").exists()  # the package came from the clone, not a copy
