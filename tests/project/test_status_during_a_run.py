"""`metasynth status` typed while `snakemake --cores 2` is working in the review's folder. The
trial of session 18 (a PubMed, Scopus and Embase review made with `metasynth init`): during a
run, status stopped on a temporary file the run had just removed ("error:
results/figures/.corpus_countries.png.….partial: No such file or directory"), or said BLOCKED
by an output "changed since the workflow wrote it" — the run rewriting it.

The user's path: the WOS review run to its codings (`wos_coded`, done once per test run), with
the manifest the last rule of a whole run writes, and a run going on (a process named
`snakemake` working in the folder, as `metasynth status` finds one) that has rewritten an
output."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from metasynth.manifest import output_manifest, write_manifest

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
REAL = Path(__file__).resolve().parents[1] / "ingest" / "data" / "real"
ZOTERO_SEARCH = """\
searches:
  - {id: zotero_2024, database: Zotero, query: dinosaur, date_searched: "2024-03-01",
     searched_by: R1, files: [zotero.ris]}
"""


def _status(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "metasynth"), "status"], cwd=project, capture_output=True, text=True, check=False
    )


def _finished(project: Path) -> Path:
    """The manifest a whole run ends on (rule write_manifest), of every output on disk."""
    with contextlib.chdir(project):
        outputs = sorted(
            p for p in Path("results").rglob("*") if p.is_file() and "logs" not in p.parts
        )
        write_manifest(output_manifest(outputs), "results/manifest.tsv")
    return project


@contextlib.contextmanager
def _run_going_on(project: Path, tmp_path: Path) -> Iterator[None]:
    """A process named snakemake working in the project until the block ends (the check of
    `metasynth.recover.running_snakemake` is by name and folder, not by what it does)."""
    fake = tmp_path / "bin" / "snakemake"
    fake.parent.mkdir()
    fake.symlink_to("/bin/sleep")
    process = subprocess.Popen([str(fake), "600"], cwd=project)
    try:
        yield
    finally:
        process.kill()
        process.wait()


def test_status_during_a_run_waits_for_it_instead_of_blocking(
    tmp_path: Path, wos_coded: Callable[[Path], Path]
) -> None:
    project = _finished(wos_coded(tmp_path / "review"))
    assert "Nothing blocks" in _status(project).stdout  # as the finished run left it
    # what a run going on leaves: an output rewritten before the manifest is
    report = project / "results/ingest/report.csv"
    report.write_bytes(report.read_bytes() + b"\n")
    with _run_going_on(project, tmp_path):
        said = _status(project)
    assert said.returncode == 0, said.stderr
    assert "a Snakemake run is working in this folder now" in said.stdout
    assert "changed since the workflow wrote it" not in said.stdout
    assert said.stdout.rstrip().endswith(
        "Next: wait for the run working in this folder to finish, then `metasynth status` again."
    )
