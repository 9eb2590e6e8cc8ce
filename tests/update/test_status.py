"""`metasynth status` on copies of the project: counts, the update, blockers, staleness."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from metasynth.cli import main
from metasynth.tables import write_table
from synthetic.update import RAW_PATH, Update, ris_text

from .conftest import add_update, compute_tables


def status(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["status", "--root", str(project)])
    return code, capsys.readouterr().out


def count(output: str, label: str) -> list[int]:
    """The numbers on the line of a status label ("included   80   4" -> [80, 4])."""
    line = next(line for line in output.splitlines() if line.strip().startswith(label))
    return [int(n.replace(",", "")) for n in re.findall(r"[\d,]+", line[len(label) + 2 :])]


def test_the_default_corpus_is_settled_and_nothing_blocks(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = status(project, capsys)
    assert code == 0
    assert count(out, "included") == [80]
    assert count(out, "excluded by the automatic rules") == [158]
    assert count(out, "excluded at title/abstract") == [860]
    assert "awaiting" not in out.split("Open conflicts")[0]
    assert "Publications: 1,192 from 1,210 records (1,435 entries" in out
    assert "Open conflicts: none" in out
    assert (
        "Coding to-do: 0 included studies without usable codes; 6 codes not in the codebook" in out
    )
    assert "Last run: none (results/ is empty)" in out
    assert out.rstrip().endswith(
        "Nothing blocks the next stage.\nNext: run `snakemake --cores 2` to bring results/ up to "
        "date; then code the included studies and map the new codes (results/todo/coding.csv)."
    )


def test_after_an_update_it_shows_the_new_run_and_the_new_publications(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_update(project)
    code, out = status(project, capsys)
    assert code == 0
    run = next(line for line in out.splitlines() if "scopus_2024" in line)
    assert run.split()[:2] == ["v2", "scopus_2024"]
    assert run.endswith("18 records      10 new publications, 8 found by earlier versions")
    assert "new (v2)" in out
    assert count(out, "awaiting title/abstract decisions") == [8, 8]
    assert count(out, "excluded by the automatic rules") == [160, 2]
    assert count(out, "included") == [80, 0]
    assert "screen 8 publications (results/todo/title_abstract.csv)" in out


def test_an_export_with_nothing_new_is_a_notice_not_a_blocker(
    project: Path, capsys: pytest.CaptureFixture[str], update: Update
) -> None:
    add_update(project)
    duplicates = [r for r in update.records if not r.is_new]
    (project / "data" / "raw" / RAW_PATH).write_text(ris_text(duplicates), encoding="utf-8")
    code, out = status(project, capsys)
    assert code == 0
    assert (
        "search run scopus_2024 (review version 2): 0 new publications; 8 records duplicate "
        "existing ones" in out
    )


def test_an_export_no_run_claims_blocks_with_the_lines_to_add(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stray = project / "data" / "raw" / "wos_2025" / "savedrecs.txt"
    stray.parent.mkdir()
    shutil.copy(project / "data" / "raw" / "wos_primary" / "savedrecs(2).txt", stray)
    code, out = status(project, capsys)
    assert code == 1
    assert "1 export file(s) belong to no search run: wos_2025/savedrecs.txt" in out
    assert "what to do: add them to the `files:` of the run that produced them" in out
    assert "        - wos_2025/savedrecs.txt" in out


def test_a_manifest_naming_a_missing_file_blocks(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = project / "data" / "raw" / "searches.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(
        text.replace("  - wos_primary/savedrecs(2).txt\n", "  - wos_primary/savedrecs(3).txt\n"),
        encoding="utf-8",
    )
    (project / "data" / "raw" / "wos_primary" / "savedrecs(2).txt").unlink()
    code, out = status(project, capsys)
    assert code == 1
    assert "search run 'wos_primary' names 'wos_primary/savedrecs(3).txt', which does not" in out


def test_two_runs_claiming_one_file_block(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = project / "data" / "raw" / "searches.yaml"
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write(
            "- id: wos_again\n  database: Web of Science Core Collection\n  query: TS=x\n"
            "  date_searched: '2024-02-01'\n  searched_by: me\n  files:\n"
            "  - wos_primary/savedrecs.txt\n"
        )
    code, out = status(project, capsys)
    assert code == 1
    assert "file 'wos_primary/savedrecs.txt' is claimed by search runs 'wos_primary'" in out


def test_a_decision_for_an_unknown_record_blocks_naming_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decisions = project / "data" / "screening" / "title_abstract_R1.csv"
    n_lines = decisions.read_text(encoding="utf-8").count("\n")
    with decisions.open("a", encoding="utf-8") as handle:
        handle.write("WOS:999000000000000,title_abstract,R1,include,,,2024-02-01\n")
    code, out = status(project, capsys)
    assert code == 1
    assert f"title_abstract_R1.csv:{n_lines + 1}: unknown record_id 'WOS:999000000000000'" in out
    assert "Publications per stage: not computed until the problems below are fixed" in out


def test_an_open_conflict_blocks_until_the_resolver_settles_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    resolutions = project / "data" / "screening" / "title_abstract_R3_resolutions.csv"
    header, first, *rest = resolutions.read_text(encoding="utf-8").splitlines(keepends=True)
    resolutions.write_text(header + "".join(rest), encoding="utf-8")
    record_id = first.split(",")[0]
    code, out = status(project, capsys)
    assert code == 1
    assert f"1 open title_abstract conflict(s): {record_id}" in out
    assert "what to do: a reviewer with role 'arbiter' adds one title_abstract row" in out
    assert "Open conflicts: 1" in out


def test_results_older_than_an_input_are_stale(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = project / "results" / "manifest.tsv"
    manifest.parent.mkdir()
    manifest.write_text("path\tbytes\tsha256\trun_date_masked\n", encoding="utf-8")
    an_hour_ago = manifest.stat().st_mtime - 3600
    os.utime(manifest, (an_hour_ago, an_hour_ago))
    for path in (project / "data").rglob("*"):
        os.utime(path, (an_hour_ago - 60, an_hour_ago - 60))
    os.utime(project / "config" / "config.yaml", (an_hour_ago - 60, an_hour_ago - 60))
    (project / "data" / "screening" / "retrieval.csv").touch()
    (project / ".snakemake" / "incomplete").mkdir(parents=True)
    (project / ".snakemake" / "incomplete" / "cmVzdWx0cw==").touch()
    code, out = status(project, capsys)
    assert code == 0
    assert "results are stale: 1 input file changed since: data/screening/retrieval.csv" in out
    assert "the last run stopped before finishing (1 incomplete output(s))" in out


def test_up_to_date_results_are_read_instead_of_recomputed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tables = compute_tables(project)
    results = project / "results"
    write_table(tables.records, results / "ingest" / "records.parquet")
    write_table(tables.clusters, results / "dedup" / "clusters.csv")
    write_table(tables.publications, results / "dedup" / "publications.parquet")
    code, out = status(project, capsys)
    assert code == 0
    assert f"read from {results.as_posix()}/ (up to date)" in out
    assert count(out, "included") == [80]
    (project / "data" / "dedup" / "verdicts.csv").touch()
    _, out = status(project, capsys)
    assert f"read from {(project / 'data' / 'raw').as_posix()}/ (computed now)" in out
