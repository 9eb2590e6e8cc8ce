"""`metasynth audit` on a small results folder (the imports: tests/interop)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from metasynth.appraise import APPRAISAL_COLUMNS, SUMMARY_COLUMNS
from metasynth.cli import main
from metasynth.screen.decisions import read_decision_files, validate_decisions
from metasynth.screen.eligibility import apply_eligibility
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.state import AppraisalResult, derive_states
from metasynth.tables import write_table

Write = Callable[..., Path]


@pytest.fixture
def results(
    tmp_path: Path,
    write_decisions: Write,
    publications: pd.DataFrame,
    clusters: pd.DataFrame,
    settings: ScreeningSettings,
    members: dict[str, str],
) -> Path:
    path = write_decisions(
        "doi:10.1000/em.1,title_abstract,R1,include,,,2024-03-01",
        "WOS:0001,title_abstract,R2,maybe,,check the setting,2024-03-02",
    )
    decisions = validate_decisions(read_decision_files([path]), settings, members)
    result = derive_states(
        apply_eligibility(publications, settings.rules),
        clusters,
        decisions,
        settings,
        AppraisalResult(
            pd.DataFrame(columns=APPRAISAL_COLUMNS),
            pd.DataFrame(columns=SUMMARY_COLUMNS),
            "low_quality",
        ),
    )
    folder = tmp_path / "results"
    write_table(result.audit, folder / "screening" / "audit.csv")
    write_table(result.status, folder / "screening" / "status.csv")
    write_table(clusters, folder / "dedup" / "clusters.csv")
    write_table(publications, folder / "dedup" / "publications.parquet")
    records = pd.concat(
        [publications, publications.iloc[[0]].assign(record_id="doi:10.1000/em.1")]
    ).assign(doi=["10.1000/EM.1", "", "", "10.1000/em.4", "", "10.1000/em.1"])
    write_table(records, folder / "ingest" / "records.parquet")
    codings = pd.DataFrame(
        {
            "record_id": ["WOS:0001", "WOS:0001"],
            "coder": ["C1", "C1"],
            "code": ["online platform", "novice anxiety"],
            "concept": ["platforms", ""],
            "subcategory": ["technical", ""],
            "category": ["dimensions", ""],
            "quote": ["teachers met on the platform", ""],
            "location": ["p. 4", ""],
            "in_synthesis": ["True", "True"],
            "source_file": ["data/coded/codes.csv", "data/coded/codes.csv"],
            "source_ref": ["line 2", "line 3"],
        }
    )
    write_table(codings, folder / "synthesis" / "codings.csv")
    framework = pd.DataFrame(
        {
            "level": ["category", "subcategory", "concept"],
            "category": ["dimensions"] * 3,
            "subcategory": ["", "technical", "technical"],
            "concept": ["", "", "platforms"],
            "label": ["Dimensions", "Technical dimension", "Online platforms"],
            "n_documents": ["1"] * 3,
            "n_codings": ["1"] * 3,
        }
    )
    write_table(framework, folder / "synthesis" / "framework.csv")
    return folder


def test_audit_of_a_duplicate_shows_its_publication(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "doi:10.1000/em.1", "--results", str(results)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == (
        "doi:10.1000/em.1 is a duplicate of WOS:0001 (merged by doi); showing publication WOS:0001"
    )
    assert lines[1] == 'WOS:0001 "E-mentoring of novice teachers through online platforms" (2015)'
    assert lines[2] == "status: conflict_title_abstract (set at title_abstract, reason maybe)"
    assert lines[3] == "records: WOS:0001 (primary), doi:10.1000/em.1 (merged by doi)"
    assert "decision for doi:10.1000/em.1 applied to publication WOS:0001, merged by doi" in out
    assert "note: check the setting" in out


def test_audit_finds_a_publication_by_its_doi_and_shows_its_codings(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "https://doi.org/10.1000/EM.1", "--results", str(results)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "'https://doi.org/10.1000/EM.1' is publication WOS:0001"
    assert lines[1] == 'WOS:0001 "E-mentoring of novice teachers through online platforms" (2015)'
    coding = lines[lines.index("coding") + 1 : lines.index("", lines.index("coding"))]
    assert coding == [
        "  C1             'online platform' -> platforms (technical / dimensions)   "
        "data/coded/codes.csv line 2",
        "                 “teachers met on the platform” (p. 4)",
        "  C1             'novice anxiety' -> matches no codebook concept   "
        "data/coded/codes.csv line 3",
    ]


def test_audit_finds_a_publication_by_words_of_its_title(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "virtual MENTORING programmes", "--results", str(results)]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith('WOS:0002 "Virtual mentoring')


def test_audit_lists_the_publications_words_match_and_guesses_none(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "mentoring", "--results", str(results)]) == 2
    err = capsys.readouterr().err
    assert "'mentoring' matches 5 publications:" in err
    assert "  WOS:0003 (1998) Mentoring by telephone in 1998" in err
    assert "what to do: give one of these record_ids, or more words of the title" in err


def test_audit_of_an_unknown_record_fails_plainly(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "WOS:404", "--results", str(results)]) == 2
    assert "'WOS:404': no record_id, DOI or title matches it" in capsys.readouterr().err


def test_audit_of_a_pasted_abstract_repeats_it_cut_short(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a 100,000-character query (an abstract pasted by mistake) was repeated whole
    query = "unrelated words " * 6_250
    assert main(["audit", query, "--results", str(results)]) == 2
    err = capsys.readouterr().err
    assert "'unrelated words unrelated" in err
    assert "… (a query of 99,999 characters): no record_id, DOI or title matches it" in err
    assert len(err) < 400


def test_audit_before_any_run_says_to_run_the_workflow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "WOS:0001", "--results", str(tmp_path)]) == 2
    assert "run the workflow first" in capsys.readouterr().err


def _git(folder: Path, *args: str, author: str = "Reviewer One") -> None:
    identity = ["-c", f"user.name={author}", "-c", "user.email=r@example.org"]
    subprocess.run(["git", "-C", str(folder), *identity, *args], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_audit_shows_what_a_changed_decision_said_before_and_who_committed_each(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reviewer changing their mind edits their row; in a git repository the audit lists every
    commit that added, edited or removed a row of the publication (any of its record_ids), with
    file and line, and the edits not committed yet (a new file not yet added to git too)."""
    project = results.parent
    decisions = project / "data" / "screening" / "decisions.csv"
    decisions.parent.mkdir(parents=True)
    (project / "decisions.csv").rename(decisions)
    _git(project, "init", "-q")
    _git(project, "add", "data")
    _git(project, "commit", "-q", "-m", "Title/abstract decisions")
    before = decisions.read_text(encoding="utf-8")
    changed = before.replace(
        "WOS:0001,title_abstract,R2,maybe,,check the setting,2024-03-02",
        "WOS:0001,title_abstract,R2,exclude,off_topic,,2024-03-09",
    )
    decisions.write_text(changed, encoding="utf-8")
    _git(project, "commit", "-q", "-am", "R2 settles WOS:0001", author="Reviewer Two")
    decisions.write_text(changed.replace("2024-03-09", "2024-03-10"), encoding="utf-8")
    (decisions.parent / "title_abstract_R3.csv").write_text(
        "record_id,stage,reviewer,decision,reason,note,date\n"
        "WOS:0002,title_abstract,R3,include,,,2024-03-11\n"
        "WOS:0001,title_abstract,R3,include,,,2024-03-11\n",
        encoding="utf-8",
    )

    assert main(["audit", "WOS:0001", "--results", str(results)]) == 0
    lines = capsys.readouterr().out.splitlines()
    history = lines[lines.index("version history (git: every committed change of these rows)") :]
    assert [line.split("  ", 3)[-1] for line in history if line.startswith("  20")] == [
        "Reviewer One  Title/abstract decisions",
        "Reviewer Two  R2 settles WOS:0001",
    ]
    first, second = (i for i, line in enumerate(history) if line.startswith("  20"))
    assert history[first + 1 : second] == [
        "      added   data/screening/decisions.csv:2  doi:10.1000/em.1,title_abstract,R1,include,"
        ",,2024-03-01",
        "      added   data/screening/decisions.csv:3  WOS:0001,title_abstract,R2,maybe,,"
        "check the setting,"
        "2024-03-02",
    ]
    assert history[second + 1 :] == [
        "      removed data/screening/decisions.csv:3  WOS:0001,title_abstract,R2,maybe,,"
        "check the setting,2024-03-02",
        "      added   data/screening/decisions.csv:3  WOS:0001,title_abstract,R2,exclude,"
        "off_topic,,2024-03-09",
        "  (not committed)",
        "      removed data/screening/decisions.csv:3  WOS:0001,title_abstract,R2,exclude,"
        "off_topic,,2024-03-09",
        "      added   data/screening/decisions.csv:3  WOS:0001,title_abstract,R2,exclude,"
        "off_topic,,2024-03-10",
        "      added   data/screening/title_abstract_R3.csv:3  WOS:0001,title_abstract,R3,include,"
        ",,2024-03-11",
    ]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_audit_history_holds_only_rows_of_the_review_inputs_the_config_names(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line naming the publication in a document, a test fixture or a note elsewhere in the
    repository is no decision: the history lists the rows of the inputs where the config puts
    them (here decisions under reviews/decisions), not a row a document quotes as an example."""
    project = results.parent
    (project / "config").mkdir()
    (project / "config" / "config.yaml").write_text(
        "screening:\n  decisions_dir: reviews/decisions\n", encoding="utf-8"
    )
    decisions = project / "reviews" / "decisions" / "title_abstract_R2.csv"
    decisions.parent.mkdir(parents=True)
    (project / "decisions.csv").rename(decisions)
    example = "WOS:0001,retrieval,R2,retrieved,,full text: pdfs/a.pdf,2026-12-04\n"
    (project / "docs").mkdir()
    (project / "docs" / "screening.md").write_text(f"A row:\n\n    {example}", encoding="utf-8")
    (project / "tests").mkdir()
    (project / "tests" / "fixture.csv").write_text(example, encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "config", "reviews", "docs", "tests")
    _git(project, "commit", "-q", "-m", "Decisions, docs and tests")
    (project / "notes.txt").write_text(example, encoding="utf-8")
    _git(project, "add", "notes.txt")

    assert main(["audit", "WOS:0001", "--results", str(results)]) == 0
    lines = capsys.readouterr().out.splitlines()
    history = lines[lines.index("version history (git: every committed change of these rows)") :]
    assert history[1].startswith("  rows of the review's inputs: data/appraisal, ")
    assert "reviews/decisions" in history[1]
    assert [line.split()[1].rsplit(":", 1)[0] for line in history if "added" in line] == [
        "reviews/decisions/title_abstract_R2.csv",
        "reviews/decisions/title_abstract_R2.csv",
    ]


def test_audit_outside_a_repository_says_where_the_history_would_come_from(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "WOS:0001", "--results", str(results)]) == 0
    out = capsys.readouterr().out
    assert "is not in a git repository" in out
    assert "keep the review project in git" in out


def test_audit_of_a_framework_element_lists_its_codings(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "--framework", "Technical dimension", "--results", str(results)]) == 0
    assert capsys.readouterr().out == (
        "sub-category dimensions/technical (Technical dimension): 1 document, 1 coding in the "
        "synthesis\n"
        "\n"
        "concept technical/platforms (Online platforms): 1 document, 1 coding\n"
        "  WOS:0001               C1           'online platform'   data/coded/codes.csv line 2\n"
        "                         “teachers met on the platform” (p. 4)\n"
    )
    assert main(["audit", "--framework", "nowhere", "--results", str(results)]) == 2
    err = capsys.readouterr().err
    assert "'nowhere' names no element of the framework" in err
    assert "sub-category dimensions/technical  (Technical dimension)" in err


def test_a_title_query_that_names_a_framework_element_says_so(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "dimensions/technical", "--results", str(results)]) == 2
    assert "`metasynth audit --framework 'dimensions/technical'`" in capsys.readouterr().err
