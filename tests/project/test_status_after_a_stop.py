"""`metasynth status` after a run that stopped half-way: the publications per stage are the
new run's, the to-do lists an earlier run's. The user's path: `metasynth init`, a real Zotero
export, `snakemake --cores 2 results/todo/title_abstract.csv`, then decisions and a code that
stops the coding rules, and `snakemake --cores 2 --keep-going` (every job the failure does not
block runs)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from metasynth.cli import main
from metasynth.tables import read_table

pytestmark = pytest.mark.slow

REAL = Path(__file__).resolve().parents[1] / "ingest" / "data" / "real"
SNAKEMAKE = Path(sys.executable).with_name("snakemake")
SEARCHES = """\
searches:
  - {id: zotero_2024, database: Zotero, query: dinosaur, date_searched: "2024-03-01",
     searched_by: R1, files: [zotero.ris]}
"""


def _run(project: Path, *extra: str) -> int:
    command = [str(SNAKEMAKE), "--cores", "2", *extra, "--quiet"]  # --quiet takes values
    return subprocess.run(command, cwd=project, capture_output=True, check=False).returncode


def test_to_do_lists_older_than_the_counts_are_said_to_be(
    tmp_path: Path,
    init_review: Callable[[Path, dict[str, str]], Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = init_review(
        tmp_path / "review",
        {'title: ""': 'title: "Dinosaurs"', 'review_question: ""': 'review_question: "Why?"'},
    )
    (project / "data/raw/zotero.ris").write_bytes((REAL / "asreview_zotero.ris").read_bytes())
    (project / "data/raw/searches.yaml").write_text(SEARCHES, encoding="utf-8")
    # the first run as far as the to-do lists this test reads (the whole run would draw the
    # figures and the report the second run's stop leaves behind, and change nothing here)
    assert _run(project, "results/todo/title_abstract.csv") == 0
    queue = read_table(project / "results/todo/title_abstract.csv")["record_id"].tolist()
    excluded = queue[0]
    rows = [f"{excluded},title_abstract,{r},exclude,off_topic,,2024-04-01" for r in ("R1", "R2")]
    (project / "data/screening/title_abstract.csv").write_text(
        "record_id,stage,reviewer,decision,reason,note,date\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    with (project / "data/coded/codes.csv").open("a", encoding="utf-8") as codes:
        codes.write(f"{excluded},C1,bones,a quote,p. 1,\n")  # codes on an excluded study stop
    assert _run(project, "--keep-going") == 1
    assert main(["status", "--root", str(project)]) == 1
    out = capsys.readouterr().out
    assert (
        f"To-do (rows of results/todo/*.csv, left by an earlier run than the counts above: the "
        f"next run rewrites them): title_abstract {len(queue)}"
    ) in out
    # the counts are the new run's: one publication fewer awaits screening
    assert re.search(rf"awaiting title/abstract decisions +{len(queue) - 1}\n", out)
