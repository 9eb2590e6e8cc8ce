"""`metasynth status` on copies of a finished run of the default corpus: what the last run wrote
(counts, conflicts, to-do lists, a failed rule's error) and what Snakemake would run next, naming
the inputs that changed. Slow: they share one run of the whole workflow (tests/conftest.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from base64 import urlsafe_b64encode
from collections.abc import Callable
from pathlib import Path

import pytest

from metasynth.cli import main
from metasynth.dryrun import dry_run
from metasynth.tables import read_table
from metasynth.todo import STAGES

from .conftest import add_update

pytestmark = pytest.mark.slow

SNAKEMAKE = Path(sys.executable).with_name("snakemake")


@pytest.fixture
def project(finished_run: Path, copy_run: Callable[[Path, Path], Path], tmp_path: Path) -> Path:
    return copy_run(finished_run, tmp_path / "project")


def status(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["status", "--root", str(project)])
    return code, capsys.readouterr().out


def count(output: str, label: str) -> list[int]:
    """The numbers on the line of a status label ("included   80   4" -> [80, 4])."""
    line = next(line for line in output.splitlines() if line.strip().startswith(label))
    return [int(n.replace(",", "")) for n in re.findall(r"[\d,]+", line[len(label) + 2 :])]


def run_workflow(project: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SNAKEMAKE), *targets, "--cores", "2", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def open_a_conflict(project: Path) -> str:
    """Take out the resolver's first title/abstract row; the record_id it settled."""
    resolutions = project / "data" / "screening" / "title_abstract_R3_resolutions.csv"
    header, first, *rest = resolutions.read_text(encoding="utf-8").splitlines(keepends=True)
    resolutions.write_text(header + "".join(rest), encoding="utf-8")
    return first.split(",")[0]


def test_a_finished_run_is_up_to_date_with_its_counts(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = status(project, capsys)
    assert code == 0
    assert "results are up to date: Snakemake has nothing to run" in out
    assert "stale" not in out
    assert count(out, "included") == [80]
    assert count(out, "excluded by the automatic rules") == [158]
    assert count(out, "excluded at title/abstract") == [860]
    assert "awaiting" not in out.split("Open conflicts")[0]
    assert (
        "Publications: 1,192 from 1,435 records identified (1,210 distinct), after 237 "
        "duplicates removed and 6 reports linked to their study, as the last run counted them:"
    ) in out
    # per search run, the records identified as PRISMA counts them (1,141 + 294 = 1,435)
    assert "   1,141 records identified, 1,129 new publications" in out
    assert "     294 records identified, 63 new publications" in out
    assert "Open conflicts: none" in out
    assert "Coding to-do: 0 included studies to code; 6 codes not in the codebook" in out
    assert out.rstrip().endswith(
        "Nothing blocks the next stage.\n"
        "Next: map 6 codes to the codebook (results/todo/coding.csv)."
    )


def test_the_to_do_counts_are_the_rows_of_results_todo(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = status(project, capsys)
    line = next(line for line in out.splitlines() if line.startswith("To-do"))
    shown = {stage: int(n) for stage, n in re.findall(r"(\w+) (\d+)", line.split(":", 1)[1])}
    rows = {stage: len(read_table(project / f"results/todo/{stage}.csv")) for stage in STAGES}
    assert shown == rows
    assert rows["coding"] == 6


def test_a_source_taken_out_of_the_config_is_said_so_not_gone(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # before: "input gone: data/coded/second_coder.qdpx", while the file was still there
    config = project / "config" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    source = "    - {path: data/coded/second_coder.qdpx, format: refiqda}\n"
    assert source in text
    config.write_text(text.replace(source, ""), encoding="utf-8")
    _, out = status(project, capsys)
    assert "input gone" not in out
    # every file in data/coded is the import's input (issue 15: a coding file no source names
    # was left out silently), so the import re-runs for its settings; the run then stops on the
    # project still in data/coded, naming the line that brings it back
    assert "    import_codes: the settings it reads from the config changed\n" in out
    run = run_workflow(project, "results/synthesis/codings.csv")
    assert run.returncode != 0
    assert "data/coded/second_coder.qdpx" in run.stderr
    assert "{path: data/coded/second_coder.qdpx, format: refiqda}" in run.stderr


def test_a_deleted_export_makes_the_results_stale_naming_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "data" / "raw" / "wos_primary" / "savedrecs(2).txt").unlink()
    code, out = status(project, capsys)
    assert code == 1  # searches.yaml still names it: the run would stop there, and status says so
    assert "results are up to date" not in out
    assert (
        f"results are stale: Snakemake would run {len(dry_run(project).jobs)} jobs, because" in out
    )
    assert "    ingest_exports: input gone: data/raw/wos_primary/savedrecs(2).txt\n" in out
    # the counts are still those of the last run, and say so
    assert (
        "Publications: 1,192 from 1,435 records identified (1,210 distinct), after 237 "
        "duplicates removed and 6 reports linked to their study, as the last run"
    ) in out
    assert (
        "  - data/raw/searches.yaml:18 searches[0].files[2]: search run 'wos_primary' names "
        "'wos_primary/savedrecs(2).txt', which does not exist in data/raw\n"
    ) in out
    assert out.rstrip().endswith("Next: fix the problems above, then run `snakemake --cores 2`.")


def test_a_new_decision_row_names_the_decision_file_as_changed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decisions = project / "data" / "screening" / "title_abstract_R1.csv"
    with decisions.open("a", encoding="utf-8") as handle:
        handle.write("WOS:999000000000000,title_abstract,R1,include,,,2024-02-01\n")
    _, out = status(project, capsys)
    assert (
        "    screen_publications: changed since the last run: "
        "data/screening/title_abstract_R1.csv\n"
    ) in out


def test_a_new_decision_file_is_named_as_a_new_input(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    screening = project / "data" / "screening"
    shutil.copy(screening / "retrieval.csv", screening / "retrieval_R2.csv")
    _, out = status(project, capsys)
    assert "    screen_publications: new input: data/screening/retrieval_R2.csv" in out


def test_an_update_is_stale_naming_the_new_export_and_the_manifest(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_update(project)
    _, out = status(project, capsys)
    ingest = next(line for line in out.splitlines() if line.startswith("    ingest_exports:"))
    assert ingest == (
        "    ingest_exports: changed since the last run: data/raw/searches.yaml; "
        "new input: data/raw/scopus_2024/scopus_2024.ris"
    )


def test_a_failed_run_ends_on_the_error_of_its_log_as_status_shows_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decisions = project / "data" / "screening" / "title_abstract_R1.csv"
    n_lines = decisions.read_text(encoding="utf-8").count("\n")
    with decisions.open("a", encoding="utf-8") as handle:
        handle.write("WOS:999000000000000,title_abstract,R1,include,,,2024-02-01\n")
    run = run_workflow(project, "results/screening/status.csv")
    assert run.returncode == 1
    failed = (
        "rule screen_publications failed (results/logs/screen_publications.log): "
        f"data/screening/title_abstract_R1.csv:{n_lines + 1}: unknown record_id "
        "'WOS:999000000000000'"
    )
    what_to_do = (
        "what to do: use a record_id from results/dedup/clusters.csv (e.g. WOS:000123456700001)"
    )
    # last, after Snakemake's own closing lines ("At least one job did not complete ...")
    assert run.stderr.splitlines()[-4:] == [
        "",
        f"metasynth: {failed}",
        f"  {what_to_do}",
        "metasynth: `metasynth status` shows where the review stands and all that blocks it",
    ]
    code, out = status(project, capsys)
    assert code == 1
    assert f"  - the last run stopped: {failed}\n    {what_to_do}" in out
    assert "screen_publications: output missing" in out or "whose outputs are missing" in out
    assert out.rstrip().endswith("Next: fix the problems above, then run `snakemake --cores 2`.")


def test_every_bad_decision_row_is_named_in_one_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    screening = project / "data" / "screening"
    first, second = screening / "title_abstract_R1.csv", screening / "full_text_R2.csv"
    lines = {path: path.read_text(encoding="utf-8").count("\n") for path in (first, second)}
    with first.open("a", encoding="utf-8") as handle:
        handle.write("WOS:999000000000000,title_abstract,R1,include,,,2024-02-01\n")
    record_id = second.read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    with second.open("a", encoding="utf-8") as handle:
        handle.write(f"{record_id},full_text,R9,include,,,2024-05-01\n")
        handle.write(f"{record_id},full_text,R2,exclude,not_a_reason,,2024-05-02\n")
    run = run_workflow(project, "results/screening/status.csv")
    assert run.returncode == 1
    log = (project / "results" / "logs" / "screen_publications.log").read_text(encoding="utf-8")
    assert "3 problems; fix them all, then run again:" in log
    assert f"{first.relative_to(project)}:{lines[first] + 1}: unknown record_id" in log
    assert f"{second.relative_to(project)}:{lines[second] + 1}: unknown reviewer 'R9'" in log
    assert f"{second.relative_to(project)}:{lines[second] + 2}: unknown full_text reason" in log
    code, out = status(project, capsys)
    assert code == 1
    assert "unknown reviewer 'R9'" in out and "unknown full_text reason 'not_a_reason'" in out


def test_every_badly_formed_decision_row_is_named_in_one_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    screening = project / "data" / "screening"
    first = screening / "title_abstract_R1.csv"
    n_lines = first.read_text(encoding="utf-8").count("\n")
    record_id = first.read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    with first.open("a", encoding="utf-8") as handle:
        handle.write(f"{record_id},title_abstract,R2,yes,,,2024-02-01\n")
        handle.write(f"{record_id},title_abstract,R3,include,,,01/02/2024\n")
    (screening / "extra.csv").write_text(
        "record_id,stage,reviewer,decision\nX,screening,R1,include\n", encoding="utf-8"
    )
    assert run_workflow(project, "results/screening/status.csv").returncode == 1
    _, out = status(project, capsys)
    where = first.relative_to(project)
    assert "3 problems; fix them all, then run again:" in out
    assert f"{where}:{n_lines + 1}: decision: 'yes' is not one of the allowed values" in out
    assert f"{where}:{n_lines + 2}: date: '01/02/2024' is not a date" in out
    assert "data/screening/extra.csv:1: missing column(s) 'date'" in out
    assert "what to do: the date column: ISO date of the decision, YYYY-MM-DD" in out


def test_an_open_conflict_blocks_until_the_resolver_settles_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record_id = open_a_conflict(project)
    targets = ("results/todo/title_abstract.csv", "results/screening/status_counts.csv")
    assert run_workflow(project, *targets).returncode == 0
    code, out = status(project, capsys)
    assert code == 1
    assert f"  - 1 open title_abstract conflict(s): {record_id}" in out
    assert "    what to do: the resolver adds one title_abstract row for each" in out
    assert "Open conflicts: 1" in out
    assert count(out, "in conflict at title/abstract") == [1]
    assert "To-do (rows of results/todo/*.csv): title_abstract 1," in out


def test_the_rest_of_the_review_goes_on_while_a_conflict_is_open(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_a_conflict(project)
    screening = project / "data" / "screening"
    # a full text excluded on its reviewers' rows is waiting again once they are gone
    states = read_table(project / "results" / "screening" / "status.csv")
    waiting = states.loc[states["status"] == "excluded_full_text", "record_id"].iloc[0]
    for name in ("full_text_R1.csv", "full_text_R2.csv", "full_text_R3_resolutions.csv"):
        path = screening / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(x for x in lines if not x.startswith(f"{waiting},")), "utf-8")
    assert run_workflow(project).returncode == 0
    code, out = status(project, capsys)
    n_rows = len(read_table(project / "results" / "todo" / "full_text.csv"))
    assert (code, n_rows) == (1, 1)
    assert (
        "Next: fix the problems above, then run `snakemake --cores 2`; meanwhile assess "
        "1 full text (results/todo/full_text.csv); map 6 codes to the codebook"
    ) in out


def test_a_stopped_run_names_its_incomplete_outputs(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    markers = project / ".snakemake" / "incomplete"
    markers.mkdir(parents=True, exist_ok=True)
    (markers / urlsafe_b64encode(b"results/screening/status.csv").decode()).touch()
    _, out = status(project, capsys)
    assert (
        "  the last run stopped before finishing (1 incomplete output(s): "
        "results/screening/status.csv)"
    ) in out
    assert "    derive_record_states: left incomplete by a stopped run\n" in out


def test_an_invalid_config_is_snakemakes_message_as_the_blocker(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / "config" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^  title: .*$", '  title: ""', text, count=1), encoding="utf-8")
    code, out = status(project, capsys)
    assert code == 1
    assert (
        "  - Snakemake cannot plan the next run: Error in the config: config/config.yaml:6 key "
        "project/title: is empty: fill it in\n"
        "    what to do: the comments in the config say what each key takes"
    ) in out
    assert "Traceback" not in out and 'File "' not in out


def test_before_any_run_it_says_so_and_what_to_run(
    clean_checkout: Callable[[Path], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = clean_checkout(tmp_path / "project")
    code, out = status(project, capsys)
    assert code == 0
    assert "Last run: none (results/ is empty)\n  the first run will execute" in out
    assert "Publications" not in out
    assert out.rstrip().endswith(
        "Next: run `snakemake --cores 2` to build results/ (then `metasynth status` again)."
    )


def test_before_any_run_a_misnamed_export_in_searches_yaml_blocks(
    clean_checkout: Callable[[Path], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the dry run plans this run; ingestion would stop on the missing file
    project = clean_checkout(tmp_path / "project")
    manifest = project / "data" / "raw" / "searches.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("savedrecs(2).txt", "savedrecs (2).txt"), encoding="utf-8")
    code, out = status(project, capsys)
    assert code == 1
    assert (
        "BLOCKED: 1 problem to fix first:\n"
        "  - data/raw/searches.yaml:18 searches[0].files[2]: search run 'wos_primary' names "
        "'wos_primary/savedrecs (2).txt', which does not exist in data/raw\n"
        "    what to do: paths in searches.yaml are relative to its folder, data/raw; beside it, "
        "no run lists 'wos_primary/savedrecs(2).txt': if the export was renamed, write its new "
        "name here"
    ) in out
    assert "Nothing blocks" not in out


def test_grade_cerqual_judgements_not_made_are_a_next_step(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # found in the README-only trial: status never said that 6 judgements were missing
    judgements = project / "data/coded/cerqual.yaml"
    text = judgements.read_text(encoding="utf-8")
    start = text.index("- finding: technical")
    judgements.write_text(text[:start] + text[text.index("- finding: managerial") :], "utf-8")
    result = run_workflow(project, "results/confidence/missing_judgements.csv")
    assert result.returncode == 0, result.stderr[-2000:]
    _, out = status(project, capsys)
    assert (
        "GRADE-CERQual: 5 judgements not made yet, for 1 finding "
        "(results/confidence/missing_judgements.csv → data/coded/cerqual.yaml)"
    ) in out
    assert out.rstrip().endswith(
        "then make 5 GRADE-CERQual judgements "
        "(results/confidence/missing_judgements.csv → data/coded/cerqual.yaml)."
    )


def test_grade_cerqual_waits_while_a_study_is_not_coded(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14: progress.csv said GRADE-CERQual was "open" while the report's banner said
    coding was not finished; now both, and status, put coding first."""
    codes = project / "data/coded/codes.csv"
    lines = codes.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("WOS:999103064881097,")]
    assert len(lines) - len(kept) == 11  # the study's codings, none in second_coder.qdpx
    codes.write_text("".join(kept), encoding="utf-8")
    judgements = project / "data/coded/cerqual.yaml"
    text = judgements.read_text(encoding="utf-8")
    start = text.index("- finding: technical")
    judgements.write_text(text[:start] + text[text.index("- finding: managerial") :], "utf-8")
    result = run_workflow(project)  # the whole run: status then has nothing left to run
    assert result.returncode == 0, result.stderr[-2000:]
    progress = read_table(project / "results/progress.csv").set_index("step")
    assert progress.loc["coding", ["state", "is_current"]].tolist() == ["open", "True"]
    assert progress.loc["confidence", ["state", "n_done", "n_total"]].tolist() == [
        "waiting",
        "8",
        "9",
    ]
    assert progress.loc["confidence", "waiting_for"].startswith(
        "coding first; then 5 GRADE-CERQual judgements not made yet"
    )
    report = (project / "results/report.html").read_text(encoding="utf-8")
    assert (
        "<strong>Coding</strong> — 1 included study without codes "
        "(results/synthesis/coding_todo.csv)."
    ) in report
    _, out = status(project, capsys)
    assert "Next: code 1 study and map 6 codes to the codebook (results/todo/coding.csv); " in out
    assert out.rstrip().endswith(
        "; then make 5 GRADE-CERQual judgements "
        "(results/confidence/missing_judgements.csv → data/coded/cerqual.yaml)."
    )
