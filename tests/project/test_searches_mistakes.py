"""The first mistakes a new user makes in data/raw/searches.yaml, and what they are told.

The user's path: `metasynth init`, a real PubMed export in `data/raw/pubmed/`, a searches.yaml
written from the template, then `metasynth ingest data/raw --searches data/raw/searches.yaml`
(what the workflow's first rule runs). Each message must say what to write instead: a run id
with a space says which characters an id takes; a path written from the project folder
(`data/raw/pubmed/…`, as the README's "put your exports in data/raw/" suggests) or naming the
wrong sub-folder says the path to write, relative to data/raw/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import InitReview

PUBMED = Path(__file__).parents[1] / "ingest" / "data" / "real" / "asreview_pubmed.nbib"
SEARCHES = """\
searches:
  - id: {run_id}
    database: PubMed
    query: dinosaur*[tiab]
    date_searched: "2024-03-01"
    searched_by: Reviewer 1
    files:
      - {path}
"""


def _ingest(
    project: Path, run_id: str, path: str, searches: str | None = None
) -> subprocess.CompletedProcess[str]:
    (project / "data/raw/pubmed").mkdir(exist_ok=True)
    shutil.copy(PUBMED, project / "data/raw/pubmed/asreview_pubmed.nbib")
    text = searches if searches is not None else SEARCHES.format(run_id=run_id, path=path)
    (project / "data/raw/searches.yaml").write_bytes(text.encode("utf-8"))
    metasynth = Path(sys.executable).with_name("metasynth")
    command = [str(metasynth), "ingest", "data/raw", "--searches", "data/raw/searches.yaml"]
    return subprocess.run(
        [*command, "--out", "records.csv"], cwd=project, capture_output=True, text=True
    )


def test_a_run_id_with_a_space_says_which_characters_an_id_takes(
    tmp_path: Path, init_review: InitReview
) -> None:
    project = init_review(tmp_path / "review", {})
    result = _ingest(project, "pubmed 2024", "pubmed/asreview_pubmed.nbib")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "metasynth ingest: error: data/raw/searches.yaml:2 searches/0/id: is not a run id: use "
        "letters, digits and _ . - only, starting with a letter or digit, no spaces (e.g. "
        "pubmed_2024)",
        "  what to do: Short, unique name of the run, used in the records table (search_run); "
        "`metasynth schema searches` lists every key and what it takes",
    ]


def test_a_path_written_from_the_project_folder_says_the_path_to_write(
    tmp_path: Path, init_review: InitReview
) -> None:
    project = init_review(tmp_path / "review", {})
    result = _ingest(project, "pubmed_2024", "data/raw/pubmed/asreview_pubmed.nbib")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "metasynth ingest: error: data/raw/searches.yaml:8 searches[0].files[0]: search run "
        "'pubmed_2024' names 'data/raw/pubmed/asreview_pubmed.nbib', which does not exist in "
        "data/raw",
        "  what to do: paths in searches.yaml are relative to its folder, data/raw: write "
        "'pubmed/asreview_pubmed.nbib'",
    ]
    fixed = _ingest(project, "pubmed_2024", "pubmed/asreview_pubmed.nbib")
    assert fixed.returncode == 0, fixed.stderr
    assert "read 50 records from 1 file" in fixed.stdout + fixed.stderr


def test_a_path_in_the_wrong_folder_names_where_the_file_is(
    tmp_path: Path, init_review: InitReview
) -> None:
    project = init_review(tmp_path / "review", {})
    result = _ingest(project, "pubmed_2024", "medline/asreview_pubmed.nbib")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "  what to do: paths in searches.yaml are relative to its folder, data/raw; a file of "
        "that name is at 'pubmed/asreview_pubmed.nbib'"
    )


def test_an_export_renamed_after_it_was_listed_is_named_beside_the_line(
    tmp_path: Path, init_review: InitReview
) -> None:
    # found in a README-only trial: a second download of the export saved as "… (1).txt"
    project = init_review(tmp_path / "review", {})
    assert _ingest(project, "pubmed_2024", "pubmed/asreview_pubmed.nbib").returncode == 0
    folder = project / "data/raw/pubmed"
    (folder / "asreview_pubmed.nbib").rename(folder / "asreview_pubmed (1).nbib")
    metasynth = Path(sys.executable).with_name("metasynth")
    command = [str(metasynth), "ingest", "data/raw", "--searches", "data/raw/searches.yaml"]
    result = subprocess.run(
        [*command, "--out", "records.csv"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[1] == (
        "  what to do: paths in searches.yaml are relative to its folder, data/raw; beside it, "
        "no run lists 'pubmed/asreview_pubmed (1).nbib': if the export was renamed, write its "
        "new name here"
    )


def test_status_names_an_export_added_to_a_finished_review_and_the_version_to_write(
    tmp_path: Path, init_review: InitReview
) -> None:
    # found in a README-only trial: a student drops one more export into a review whose run
    # is listed; status said "Nothing blocks" and the next run stopped at ingestion
    project = init_review(
        tmp_path / "review",
        {'title: ""': 'title: "Simulation"', 'review_question: ""': 'review_question: "How?"'},
    )
    assert _ingest(project, "pubmed_2024", "pubmed/asreview_pubmed.nbib").returncode == 0
    (project / "data/raw/scopus").mkdir()
    shutil.copy(PUBMED.with_name("asreview_scopus.csv"), project / "data/raw/scopus/scopus.csv")
    metasynth = Path(sys.executable).with_name("metasynth")
    result = subprocess.run(
        [str(metasynth), "status"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stdout + result.stderr
    said = result.stdout
    assert "Nothing blocks" not in said
    assert (
        "  - data/raw/searches.yaml: 1 export file(s) belong to no search run: scopus/scopus.csv"
        in said
    )
    assert (
        "    review_version: <n>   # 1: a search of version 1, as the runs above; "
        "2: an update after them" in said
    )
    assert "        - scopus/scopus.csv" in said


def test_searches_yaml_saved_by_notepad_with_a_tab_names_the_tab(
    tmp_path: Path, init_review: InitReview
) -> None:
    """Notepad saves with a byte-order mark and CRLF, and its Tab key indents with a tab,
    which YAML refuses: the message says it is a tab, where, and what to type instead."""
    project = init_review(tmp_path / "review", {})
    text = SEARCHES.format(run_id="pubmed_2024", path="pubmed/asreview_pubmed.nbib")
    text = text.replace("      - pubmed/", "\t- pubmed/").replace("\n", "\r\n")
    result = _ingest(project, "", "", searches="\ufeff" + text)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "metasynth ingest: error: data/raw/searches.yaml:8: a tab at column 1: YAML indents "
        "with spaces only",
        "  what to do: replace the tab with spaces, as many as the line above is indented by "
        "(editors such as Notepad insert a tab for the Tab key)",
    ]
