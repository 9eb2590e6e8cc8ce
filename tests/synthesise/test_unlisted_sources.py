"""Files put beside the coding sources (and the duplicate verdicts) that the config does not list
are never left unread without a word: on a copy of the finished default corpus, a third coder's
codes table stops the import naming the line to add to `synthesis.sources`, a spreadsheet is a
warning in the log, `import_notices.csv` and `metasynth status`, and a new file re-runs the
import (slow: Snakemake runs)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from metasynth.cli import main
from metasynth.tables import read_table

pytestmark = pytest.mark.slow

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture()
def project(finished_run: Path, copy_run: Callable[[Path, Path], Path], tmp_path: Path) -> Path:
    return copy_run(finished_run, tmp_path / "project")


def _codings_of(project: Path, coder: str, n: int) -> str:
    """The header and `n` rows of the default corpus's codes.csv, credited to `coder`."""
    lines = (project / "data/coded/codes.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.replace(",coder_1,", f",{coder},", 1) for line in lines[1:] if ",coder_1," in line]
    return "\n".join([lines[0], *rows[:n]]) + "\n"


def test_a_third_coders_table_stops_the_import_naming_the_line_to_add(
    project: Path, run_snakemake: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "data/coded/codes_coder3.CSV").write_text(_codings_of(project, "coder_2", 3))
    planned = run_snakemake(project, "-n", "results/synthesis/import_notices.csv")
    assert "import_codes" in planned.stdout  # a new file re-runs the import
    done = run_snakemake(project, "--cores", "2", "results/synthesis/import_notices.csv")
    assert done.returncode == 1
    said = (
        "data/coded/codes_coder3.CSV: a codes table that synthesis.sources does not list: its "
        "codings would be left out of the synthesis"
    )
    line = "- {path: data/coded/codes_coder3.CSV, format: csv}"
    log = (project / "results/logs/import_codes.log").read_text(encoding="utf-8")
    assert said in log and line in log
    assert said in done.stderr
    assert main(["status", "--root", str(project)]) == 1
    status = capsys.readouterr().out
    assert f"rule import_codes failed (results/logs/import_codes.log): {said}" in status
    assert line in status


def test_a_taguette_export_and_a_project_each_get_their_own_line(
    project: Path, run_snakemake: Run, shared: Path
) -> None:
    coded = project / "data/coded"
    shutil.copy(shared / "qda/taguette/highlights.csv", coded / "taguette_highlights.csv")
    shutil.copy(coded / "second_coder.qdpx", coded / "third.qdpx")
    done = run_snakemake(project, "--cores", "2", "results/synthesis/import_notices.csv")
    assert done.returncode == 1
    log = (project / "results/logs/import_codes.log").read_text(encoding="utf-8")
    assert "2 problems; fix them all, then run again:" in log
    assert (
        "- {path: data/coded/taguette_highlights.csv, format: taguette, coder: CODER_NAME}" in log
    )
    assert "- {path: data/coded/third.qdpx, format: refiqda}" in log


def test_the_line_it_names_reads_the_file_into_the_synthesis(
    project: Path, run_snakemake: Run
) -> None:
    (project / "data/coded/codes_coder3.csv").write_text(_codings_of(project, "coder_2", 3))
    config = project / "config/config.yaml"
    listed = "    - {path: data/coded/second_coder.qdpx, format: refiqda}\n"
    text = config.read_text(encoding="utf-8")
    assert listed in text
    added = "    - {path: data/coded/codes_coder3.csv, format: csv}\n"
    config.write_text(text.replace(listed, listed + added), encoding="utf-8")
    done = run_snakemake(project, "--cores", "2", "results/synthesis/imported_codes.csv")
    assert done.returncode == 0, done.stderr[-2000:]
    codes = read_table(project / "results/synthesis/imported_codes.csv")
    assert (codes["source_file"] == "data/coded/codes_coder3.csv").sum() == 3


def test_a_spreadsheet_is_a_warning_in_the_log_the_notices_and_status(
    project: Path, run_snakemake: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "data/coded/framework.xlsx").write_bytes(b"PK\x03\x04 not opened")
    (project / "data/coded/README.md").write_text("# notes\n")
    (project / "data/coded/.~lock.codes.csv#").write_text("lock")
    done = run_snakemake(project, "--cores", "2", "results/synthesis/import_notices.csv")
    assert done.returncode == 0, done.stderr[-2000:]
    notices = read_table(project / "results/synthesis/import_notices.csv")
    said = notices[
        notices["file"].str.startswith("data/coded/") & ~notices["file"].str.contains("qdpx")
    ]
    assert said["file"].tolist() == ["data/coded/framework.xlsx"]
    message = said["message"].iloc[0]
    assert message.startswith("a spreadsheet (.xlsx) that no stage reads: if it holds codings")
    assert "`- {path: data/coded/framework.csv, format: csv}`" in message
    log = (project / "results/logs/import_codes.log").read_text(encoding="utf-8")
    assert f"data/coded/framework.xlsx: {message}" in log
    main(["status", "--root", str(project)])
    assert f"data/coded/framework.xlsx: {message}" in capsys.readouterr().out


def test_readme_files_and_notes_beside_the_coding_re_run_nothing(
    project: Path, run_snakemake: Run
) -> None:
    (project / "data/coded/README.md").write_text("# notes\n")
    (project / "data/coded/codes.csv~").write_text("an editor's backup\n")
    planned = run_snakemake(project, "-n", "results/synthesis/import_notices.csv")
    assert "Nothing to be done" in planned.stdout + planned.stderr


def test_a_second_verdicts_table_stops_deduplication(project: Path, run_snakemake: Run) -> None:
    verdicts = project / "data/dedup/verdicts.csv"
    shutil.copy(verdicts, project / "data/dedup/verdicts_R2.csv")
    done = run_snakemake(project, "--cores", "2", "results/dedup/clusters.csv")
    assert done.returncode == 1
    log = (project / "results/logs/match_duplicates.log").read_text(encoding="utf-8")
    assert (
        "data/dedup/verdicts_R2.csv: a table beside the verdicts that no stage reads: only "
        "data/dedup/verdicts.csv (dedup.verdicts in config/config.yaml) is read" in log
    )
