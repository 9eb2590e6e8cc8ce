"""Shared test fixtures: the project root, a clean checkout of it, a finished run of the workflow,
a new review project as `metasynth init` makes it, and ../shared/fixtures/."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files holding slow tests (runs of the workflow) first, each file's tests in their order.

    `make test` hands whole files to its workers in this order (`--dist loadfile
    --no-loadscope-reorder`): the long files start first and run side by side, and the quick ones
    fill in at the end. In xdist's own order (most tests first) a long file with few tests
    started last, and one core waited minutes for it with nothing left to do."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: item.path not in slow_files)


@pytest.fixture(scope="session")
def root() -> Path:
    """The project root (where the Snakefile is)."""
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    """`../shared/fixtures/`: real exports and labelled sets, read-only, never copied here."""
    if not SHARED_FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {SHARED_FIXTURES} (clone beside ../shared/)")
    return SHARED_FIXTURES


InitReview = Callable[[Path, Mapping[str, str]], Path]


def _init_review(project: Path, edits: Mapping[str, str]) -> Path:
    """`metasynth init PROJECT` as a user runs it, then the config edited as they would: each
    `old` text of `edits` (found exactly once) replaced by its `new` one."""
    metasynth = Path(sys.executable).with_name("metasynth")
    init = subprocess.run(
        [str(metasynth), "init", str(project)], capture_output=True, text=True, check=False
    )
    assert init.returncode == 0, init.stderr
    config = project / "config" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def init_review() -> InitReview:
    """A function making a new review project in a folder, its config edited (`_init_review`)."""
    return _init_review


def copy_tracked(target: Path) -> Path:
    """Every file git tracks in the project (content as on disk) under `target`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    for name in sorted(p for p in listed.decode().split("\0") if p):
        source, destination = ROOT / name, target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            destination.symlink_to(source.readlink())
        elif source.is_file():
            shutil.copy2(source, destination)
    return target


@pytest.fixture(scope="session")
def clean_checkout() -> Callable[[Path], Path]:
    """A function that copies the project's tracked files under a folder and returns it: a
    clean clone as CI has it (uncommitted edits included, results/ and .venv/ left out)."""
    return copy_tracked


SNAKEMAKE = Path(sys.executable).with_name("snakemake")


def _snakemake(directory: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`snakemake ARGUMENTS` in `directory` (this environment's Snakemake), output captured."""
    if not SNAKEMAKE.exists():
        pytest.skip(f"snakemake not found next to {sys.executable}")
    return subprocess.run(
        [str(SNAKEMAKE), *arguments], cwd=directory, capture_output=True, text=True, check=False
    )


def _build_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]
) -> tuple[Path, object]:
    """`build(folder)` once per test run: the folder and what `build` returned (JSON values).

    Under pytest-xdist (`make test` runs the suite on two workers) the workers of one run share
    the folder: the first to get here builds it under a lock, the others wait for it and read
    it, so a session fixture built this way costs one build, not one per worker. Without xdist
    it is a fresh folder of this session."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        folder = tmp_path_factory.mktemp(name)
        return folder, build(folder)
    shared = tmp_path_factory.getbasetemp().parent  # this run's, above the workers' own
    folder, done = shared / name, shared / f"{name}.json"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed build of another left
            folder.mkdir()
            done.write_text(json.dumps(build(folder)))
    return folder, json.loads(done.read_text())


def _run_workflow_in_checkout(folder: Path) -> None:
    directory = copy_tracked(folder / "project")
    result = _snakemake(directory, "--cores", "2", "--quiet")
    assert result.returncode == 0, result.stderr[-3000:]


FINISHED_RUN = "METASYNTH_FINISHED_RUN"
"""The environment variable naming a clean checkout on which `snakemake --cores 2 --quiet` has
already run: `.ci/run` makes that run (its end-to-end step, on a copy of the tracked files) before
the tests and names it here, so the suite uses it as `finished_run` instead of running the
default corpus once more. Unset (as for `make test`), the suite makes its own."""


@pytest.fixture(scope="session")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean checkout on which the whole workflow has run (results/ and Snakemake's records
    in .snakemake/), once per test run (or the one `FINISHED_RUN` names): copy it with
    `copy_run` before changing anything."""
    given = os.environ.get(FINISHED_RUN)
    if given:
        project = Path(given)
        manifest = project / "results" / "manifest.tsv"
        assert manifest.is_file(), f"{FINISHED_RUN}={given}: no finished run there ({manifest})"
        return project
    folder, _ = _build_once(tmp_path_factory, "finished", _run_workflow_in_checkout)
    return folder / "project"


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


def _run_deployed_module(folder: Path) -> None:
    project = deploy(copy_tracked(folder / "metasynth"), folder / "review")
    # the run date comes from the clock, as in a user's run (test_determinism.py allows for it)
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [str(SNAKEMAKE), "--cores", "2", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="session")
def deployed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default corpus run a second time, independently of `finished_run`: a fresh clean
    checkout deployed as a Snakemake module into another folder (`deploy`), run once per test
    run. tests/deploy/test_module.py checks that layout's outputs, tests/test_determinism.py
    compares them byte for byte with `finished_run`'s. Read it only: copy it to change it."""
    if not SNAKEMAKE.exists():
        pytest.skip(f"snakemake not found next to {sys.executable}")
    folder, _ = _build_once(tmp_path_factory, "deployed", _run_deployed_module)
    return folder / "review"


BuildOnce = Callable[[str, Callable[[Path], object]], tuple[Path, object]]


@pytest.fixture(scope="session")
def build_once(tmp_path_factory: pytest.TempPathFactory) -> BuildOnce:
    """`build_once(name, build)`: a folder `build` has filled once per test run, and what it
    returned (JSON values), for session fixtures that cost a workflow run (see _build_once)."""
    return lambda name, build: _build_once(tmp_path_factory, name, build)


@pytest.fixture(scope="session")
def run_snakemake() -> Callable[..., subprocess.CompletedProcess[str]]:
    """A function running `snakemake ARGUMENTS` in a folder, output captured."""
    return _snakemake


def _copy_run(finished: Path, target: Path) -> Path:
    shutil.copytree(finished, target, symlinks=True)
    return target


@pytest.fixture(scope="session")
def copy_run() -> Callable[[Path, Path], Path]:
    """A function copying a project folder with its results and Snakemake's records, file times
    kept (so that Snakemake sees the copy as up to date exactly when it saw the original so)."""
    return _copy_run
