"""The workflow used as a Snakemake module from another folder, as `snakedeploy deploy-workflow`
deploys it: a review project with `workflow/Snakefile` declaring the module, `config/` and
`profiles/` copied from the repository, and its own `data/`. It dry-runs and runs the default
corpus, and its outputs are byte-identical to a run inside the checkout (issue 19, item 4)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

METASYNTH = Path(sys.executable).with_name("metasynth")

# What snakedeploy 0.17.1 writes to workflow/Snakefile (its use_module.smk.jinja), rendered for
# a local clone. For a local source snakedeploy writes the path relative to the clone
# (`"Snakefile"`), which a project elsewhere cannot reach; a user points it at the clone.
DEPLOYED_SNAKEFILE = """\
from snakemake.utils import min_version


min_version("6.10.0")


configfile: "config/config.yaml"


# declare {repo} as a module
module metasynth:
    snakefile:
        "{repo}/Snakefile"
    config:
        config


# use all rules from {repo}
use rule * from metasynth
"""


def deploy(clone: Path, project: Path) -> Path:
    """`snakedeploy deploy-workflow CLONE PROJECT`, then the review's own data in PROJECT."""
    (project / "workflow").mkdir(parents=True)
    (project / "workflow" / "Snakefile").write_text(DEPLOYED_SNAKEFILE.format(repo=clone))
    for folder in ("config", "profiles"):
        shutil.copytree(clone / folder, project / folder)
    shutil.copy(clone / "LICENSE", project)
    shutil.copytree(clone / "data", project / "data")
    return project


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
    deployed: Path,
    finished_run: Path,
    run_snakemake: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    done = run_snakemake(deployed, "--cores", "2", "--quiet")
    assert done.returncode == 0, done.stderr[-3000:]
    compared = subprocess.run(
        [str(METASYNTH), "manifest", "compare", str(finished_run / "results" / "manifest.tsv"),
         str(deployed / "results" / "manifest.tsv")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert compared.returncode == 0, compared.stdout + compared.stderr
    assert not (deployed / "src").exists()  # the package came from the clone, not a copy
