"""`metasynth status` typed while `snakemake --cores 2` is working in the review's folder, and
after decision rows written since the last run. The trial of session 18 (a PubMed, Scopus and
Embase review made with `metasynth init`): during a run, status stopped on a temporary file
the run had just removed ("error: results/figures/.corpus_countries.png.….partial: No such
file or directory"), or said BLOCKED by an output "changed since the workflow wrote it" — the
run rewriting it; after 66 decision rows it still said "then screen 66 publications".

The user's path: the WOS review run to its codings (`wos_coded`, done once per test run), with
the manifest the last rule of a whole run writes, and a run going on (a process named
`snakemake` working in the folder, as `metasynth status` finds one) that has rewritten an
output; a new review of a real Zotero export run to its title/abstract to-do list, then a
decision row for each publication on it."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.conftest import InitReview

from metasynth.manifest import output_manifest, write_manifest
from metasynth.tables import read_table

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


def test_status_after_new_decisions_does_not_ask_for_them_again(
    tmp_path: Path, init_review: InitReview
) -> None:
    project = init_review(
        tmp_path / "review",
        {'title: ""': 'title: "Dinosaurs"', 'review_question: ""': 'review_question: "Why?"'},
    )
    (project / "data/raw/zotero.ris").write_bytes((REAL / "asreview_zotero.ris").read_bytes())
    (project / "data/raw/searches.yaml").write_text(ZOTERO_SEARCH, encoding="utf-8")
    run = subprocess.run(
        [str(BIN / "snakemake"), "--cores", "2", "results/todo/title_abstract.csv"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    queue = read_table(project / "results/todo/title_abstract.csv")["record_id"]
    assert f"; then screen {len(queue)} publications" in _status(project).stdout
    rows = [f"{record_id},title_abstract,R1,exclude,off_topic,,2024-04-01" for record_id in queue]
    (project / "data/screening/title_abstract_R1.csv").write_text(
        "record_id,stage,reviewer,decision,reason,note,date\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    said = _status(project).stdout
    assert "screen_publications: new input: data/screening/title_abstract_R1.csv" in said
    assert "then screen" not in said
    assert said.rstrip().endswith(
        "Next: run `snakemake --cores 2` to bring results/ up to date; then `metasynth status` "
        "again (the to-do counts above are the last run's)."
    )
