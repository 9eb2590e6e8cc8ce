"""The README's worked example, run as written on a fresh copy of the repository (slow).

The two command blocks of README.md "### Worked example" are run with bash in a copy of the
tracked files: first the baseline run (version 1, as a student would have it: the session's
`finished_run`, copied), then block 1
(the 2024 Scopus export and its search run) and block 2 (the decisions, appraisals and codes).
After each, the outputs are checked record by record against the generator's truth, and the
earlier included set and framework counts against the baseline's.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from synthetic.update import Update

BIN = Path(sys.executable).parent


def readme_blocks(root: Path) -> list[str]:
    """The shell blocks of the README's worked example, in order."""
    text = (root / "README.md").read_text(encoding="utf-8")
    section = re.split(r"\n#{2,3} ", text.split("### Worked example", 1)[1], maxsplit=1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)


def bash(script: str, cwd: Path) -> str:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    environment.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def table(project: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(project / "results" / name, dtype=str, keep_default_na=False)


def prisma(project: Path) -> dict[str, str]:
    frame = table(project, "screening/prisma_counts.csv")
    return dict(zip(frame["data"], frame["n"], strict=True))


def framework(project: Path) -> dict[tuple[str, str], set[str]]:
    frame = table(project, "synthesis/framework.csv")
    return {
        (row["level"], row["concept"] or row["subcategory"] or row["category"]): set(
            filter(None, row["record_ids"].split("; "))
        )
        for row in frame.to_dict("records")
    }


@pytest.fixture(scope="module")
def runs(
    root: Path,
    finished_run: Path,
    copy_run: Callable[[Path, Path], Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, object], dict[str, object]]:
    """The project after the baseline run, after block 1 and after block 2 (outputs kept)."""
    if not (BIN / "snakemake").exists():
        pytest.skip(f"snakemake not found next to {sys.executable}")
    # The baseline is `snakemake --cores 2 --quiet` on a clean checkout: the session's
    # finished_run, copied with its results and Snakemake's records (so the blocks below
    # rerun exactly what a student's second run would).
    project = copy_run(finished_run, tmp_path_factory.mktemp("worked_example") / "project")
    blocks = readme_blocks(root)
    assert len(blocks) == 2
    snapshots: dict[str, dict[str, object]] = {}
    snapshots["v1"] = {
        "included": set(table(project, "screening/included.csv")["record_id"]),
        "framework": framework(project),
        "kappa": table(project, "screening/kappa.csv"),
    }
    out = bash(blocks[0], project)
    snapshots["block1"] = {
        "status": out,
        "prisma": prisma(project),
        "records": table(project, "versions/records.csv"),
        "todo": table(project, "todo/title_abstract.csv"),
        "included": set(table(project, "screening/included.csv")["record_id"]),
        "framework": framework(project),
        "kappa": table(project, "screening/kappa.csv"),
        "clusters": table(project, "dedup/clusters.csv"),
    }
    snapshots["block2"] = {"status": bash(blocks[1], project)}
    return project, snapshots["v1"], snapshots["block1"] | {"after": snapshots["block2"]}


@pytest.mark.slow
def test_the_run_reports_the_generators_new_records(runs, update: Update) -> None:  # type: ignore[no-untyped-def]
    _, _, first = runs
    records = first["records"]
    truth = update.truth()
    new = records.loc[records["outcome"] == "new_publication", "record_id"].tolist()
    assert new == truth.loc[truth["is_new"], "record_id"].tolist()
    linked = records[records["outcome"] == "duplicate_of_previous"].set_index("record_id")
    expected = truth[~truth["is_new"]].set_index("record_id")["duplicates"]
    assert linked["publication_id"].to_dict() == expected.to_dict()


@pytest.mark.slow
def test_the_new_eligible_records_are_queued_for_title_abstract(runs, update: Update) -> None:  # type: ignore[no-untyped-def]
    _, _, first = runs
    todo = first["todo"]
    eligible = {r.record_id for r in update.new() if r.fate != "excluded_automatic"}
    assert set(todo["record_id"]) == eligible
    assert len(todo) == 8
    assert todo["priority"].tolist() == [str(i) for i in range(1, 9)]
    assert set(todo["review_version"]) == {"2"}
    assert "10 new publications, 8 found by earlier versions" in first["status"]


@pytest.mark.slow
def test_before_new_decisions_nothing_earlier_changes(runs) -> None:  # type: ignore[no-untyped-def]
    _, baseline, first = runs
    assert first["included"] == baseline["included"]
    assert len(baseline["included"]) == 80
    assert first["framework"] == baseline["framework"]
    assert first["kappa"].equals(baseline["kappa"])
    counts = first["prisma"]
    assert (counts["previous_studies"], counts["new_studies"], counts["total_studies"]) == (
        "80",
        "0",
        "80",
    )
    assert (counts["database_results"], counts["duplicates"]) == ("18", "8")
    assert counts["metasynth_pending_screening"] == "8"


@pytest.mark.slow
def test_the_more_complete_duplicate_keeps_the_publications_key(runs, update: Update) -> None:  # type: ignore[no-untyped-def]
    project, _, first = runs
    early = next(r for r in update.records if "Early Access" in r.note)
    clusters = first["clusters"].set_index("record_id")
    assert clusters.loc[early.record_id, "cluster_id"] == early.duplicates
    audit = bash(f"metasynth audit {early.record_id}", project)
    assert audit.startswith(
        f"{early.record_id} is a duplicate of {early.duplicates} (merged by doi); "
        f"showing publication {early.duplicates}"
    )
    assert "status: included" in audit
    assert f"{early.record_id} merged into publication {early.duplicates}" in audit


@pytest.mark.slow
def test_after_the_decisions_prisma_shows_previous_new_and_total(runs) -> None:  # type: ignore[no-untyped-def]
    project, _, _ = runs
    counts = prisma(project)
    assert (counts["previous_studies"], counts["new_studies"], counts["total_studies"]) == (
        "80",
        "4",
        "84",
    )
    assert (counts["database_results"], counts["duplicates"]) == ("18", "8")
    assert (counts["excluded_automatic"], counts["records_screened"]) == ("2", "8")
    assert (counts["records_excluded"], counts["dbr_sought_reports"]) == ("2", "6")
    assert (counts["dbr_assessed"], counts["metasynth_excluded_full_text"]) == ("6", "1")
    assert counts["metasynth_excluded_appraisal"] == "1"
    checks = table(project, "screening/prisma_checks.csv")
    assert set(checks["holds"]) == {"yes"}
    assert (project / "results" / "figures" / "prisma.png").stat().st_size > 0


@pytest.mark.slow
def test_the_earlier_included_set_and_framework_are_a_subset_of_the_new(
    runs, update: Update
) -> None:  # type: ignore[no-untyped-def]
    project, baseline, _ = runs
    included = set(table(project, "screening/included.csv")["record_id"])
    assert baseline["included"] <= included
    assert included - baseline["included"] == {r.record_id for r in update.new("included")}
    now = framework(project)
    assert set(baseline["framework"]) == set(now)
    for key, documents in baseline["framework"].items():
        assert documents <= now[key], key
    grown = {k for k in now if now[k] != baseline["framework"][k]}
    assert grown, "the new studies' codes reach the framework"
    new_ids = {r.record_id for r in update.new("included")}
    assert all(now[k] - baseline["framework"][k] <= new_ids for k in now)


@pytest.mark.slow
def test_every_to_do_list_is_empty_but_the_codebook_decisions(runs) -> None:  # type: ignore[no-untyped-def]
    project, _, first = runs
    for stage in ("title_abstract", "retrieval", "full_text", "appraisal"):
        assert table(project, f"todo/{stage}.csv").empty, stage
    coding = table(project, "todo/coding.csv")
    assert set(coding["write_to"]) == {"data/coded/codebook.yaml"}  # the 6 planted codes
    assert len(coding) == 6
    assert "Nothing blocks the next stage." in first["after"]["status"]


@pytest.mark.slow
def test_the_report_says_what_is_new(runs, update: Update) -> None:  # type: ignore[no-untyped-def]
    project, _, _ = runs
    page = (project / "results" / "report.html").read_text(encoding="utf-8")
    section = page.split('<section id="update">', 1)[1].split("</section>", 1)[0]
    assert "New studies included in version 2 (4)" in section
    for study in ("S81", "S82", "S83", "S84"):
        assert f">{study}<" in section
    for record in update.new("included"):
        assert record.record_id in section
