"""`metasynth status` asks Snakemake what is out of date once, and again only when something its
answer depends on has changed (`metasynth.dryrun_cache`): a second call in an unchanged project
runs no dry run, and an edited, touched or deleted file, a changed config or a changed workflow
each make it ask Snakemake again and say what changed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from metasynth.cli import main
from metasynth.dryrun import dry_run
from metasynth.dryrun_cache import CACHE_FILE

pytestmark = pytest.mark.slow

DryRuns = Callable[[], int]


@pytest.fixture
def dry_runs(monkeypatch: pytest.MonkeyPatch) -> DryRuns:
    """How many `snakemake --dry-run` processes this test has started so far."""
    started: list[list[str]] = []
    run = subprocess.run

    def counted(command: list[str], *args: object, **kwargs: object) -> object:
        if "--dry-run" in command:
            started.append(command)
        return run(command, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", counted)
    return lambda: len(started)


def date_back(*paths: Path) -> None:
    """Each file a minute older (in the same order), as a project is between two commands:
    older than any clock tick of the file system, so that its dry run's answer is kept."""
    for path in paths:
        back = path.lstat().st_mtime_ns - 60 * 10**9
        os.utime(path, ns=(back, back), follow_symlinks=False)


@pytest.fixture
def project(wos_coded: Callable[[Path], Path], tmp_path: Path) -> Path:
    """The WOS review run to its codings (the synthesis and report still to run)."""
    project = wos_coded(tmp_path / "review")
    date_back(project, *project.rglob("*"))
    return project


def status(project: Path, capsys: pytest.CaptureFixture[str]) -> str:
    main(["status", "--root", str(project)])
    return capsys.readouterr().out


def words(out: str) -> list[str]:
    """The words of a status, in sorted order: Snakemake lists the jobs of two dry runs of the
    same workflow in orders of its own."""
    return sorted(re.split(r"[\s,]+", out))


def n_jobs(out: str) -> int:
    """How many jobs the status says Snakemake would run."""
    found = re.search(r"Snakemake would run (\d+) jobs", out)
    assert found is not None, out
    return int(found.group(1))


def pending(out: str) -> str:
    """The line of a status naming the jobs whose outputs are missing."""
    return next(line for line in out.splitlines() if "whose outputs are missing" in line)


def n_pending(out: str) -> int:
    """How many jobs the status says run because their outputs are missing."""
    found = re.search(r"(\d+) jobs? whose outputs are missing", out)
    assert found is not None, out
    return int(found.group(1))


def test_a_second_status_runs_no_dry_run(
    project: Path, dry_runs: DryRuns, capsys: pytest.CaptureFixture[str]
) -> None:
    first = status(project, capsys)
    assert dry_runs() == 1
    assert (project / CACHE_FILE).is_file()
    assert status(project, capsys) == first
    assert dry_runs() == 1
    assert "Snakemake would run" in first


def test_an_edited_data_file_is_asked_again(
    project: Path, dry_runs: DryRuns, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "data/coded/codes.csv" not in status(project, capsys)
    codes = project / "data" / "coded" / "codes.csv"
    codes.write_text(codes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "changed since the last run: data/coded/codes.csv" in status(project, capsys)
    assert dry_runs() == 2


def test_a_touched_file_is_asked_again(
    project: Path, dry_runs: DryRuns, capsys: pytest.CaptureFixture[str]
) -> None:
    """Snakemake's answer stays (it compares the checksum it recorded of a small input whose time
    changed), but it is Snakemake that says so."""
    first = status(project, capsys)
    os.utime(project / "data" / "raw" / "wos" / "savedrecs.txt")
    assert words(status(project, capsys)) == words(first)
    assert dry_runs() == 2


def test_a_deleted_output_is_asked_again(
    project: Path, dry_runs: DryRuns, capsys: pytest.CaptureFixture[str]
) -> None:
    first = status(project, capsys)
    assert "check_codes" not in pending(first)
    (project / "results" / "synthesis" / "codings.csv").unlink()
    out = status(project, capsys)
    assert n_jobs(out) == n_jobs(first) + 1
    assert n_pending(out) == n_pending(first) + 1
    # the jobs are listed in the order the workflow runs them, and nothing writes codings.csv's
    # inputs: check_codes is among the first named however many are missing
    assert "check_codes" in pending(out)
    assert dry_runs() == 2


def test_a_changed_config_is_asked_again(
    project: Path, dry_runs: DryRuns, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "settings it reads from the config changed" not in status(project, capsys)
    config = project / "config" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("title_abstract: false}", "title_abstract: true}"))
    assert "settings it reads from the config changed" in status(project, capsys)
    assert dry_runs() == 2


def test_a_damaged_cache_file_is_a_miss(
    project: Path, dry_runs: DryRuns, capsys: pytest.CaptureFixture[str]
) -> None:
    first = status(project, capsys)
    (project / CACHE_FILE).write_text('{"key": [', encoding="utf-8")
    again = status(project, capsys)
    assert words(again) == words(first)
    assert dry_runs() == 2
    assert status(project, capsys) == again  # the answer kept again
    assert dry_runs() == 2


MODULE = """\
module workflow:
    snakefile:
        "../workflow/Snakefile"


use rule * from workflow
"""

RULE = """\
rule write_greeting:
    output:
        "results/greeting.txt",
    shell:
        "echo {word} > {{output}}"
"""


def test_a_changed_workflow_outside_the_project_is_asked_again(
    tmp_path: Path, dry_runs: DryRuns
) -> None:
    """A project using a workflow in another folder as a module (as a deployed one does): the
    workflow's code edited there makes Snakemake rerun the rule; the kept answer must not hide
    it."""
    workflow, project = tmp_path / "workflow", tmp_path / "project"
    workflow.mkdir()
    project.mkdir()
    (workflow / "Snakefile").write_text(RULE.format(word="hello"), encoding="utf-8")
    (project / "Snakefile").write_text(MODULE, encoding="utf-8")
    snakemake = Path(sys.executable).with_name("snakemake")
    ran = subprocess.run(
        [str(snakemake), "--cores", "1", "--quiet"], cwd=project, capture_output=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    date_back(workflow / "Snakefile", *project.rglob("*"))
    dated = (workflow / "Snakefile").stat().st_mtime_ns
    assert dry_run(project).up_to_date
    assert dry_run(project).up_to_date
    assert dry_runs() == 1
    (workflow / "Snakefile").write_text(RULE.format(word="good morning"), encoding="utf-8")
    os.utime(workflow / "Snakefile", ns=(dated, dated))  # its time as it was: its size tells
    plan = dry_run(project)
    assert dry_runs() == 2
    assert plan.rules == ["write_greeting"]
    assert "Code has changed" in plan.jobs[0].reason
