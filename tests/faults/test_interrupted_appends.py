"""An import that cannot append all its rows appends none (issue 15, item 4, for the imports of
issue 16): on a full disk `os.write` stops part-way through the rows, which left half a row at
the end of the reviewer's decision file. Found by a hostile probe of `import-sheet`."""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from tests.faults.conftest import asreview_review

Mounted = Callable[..., subprocess.CompletedProcess[str]]


def test_import_sheet_onto_a_full_disk_leaves_the_decision_file_as_it_was(
    tmp_path: Path, root: Path, mounted: Mounted, metasynth: list[str]
) -> None:
    ids = asreview_review(tmp_path)
    before = tmp_path / "before.csv"  # R1's file so far: one decision
    before.write_text(
        f"record_id,stage,reviewer,decision,reason,note,date\n"
        f"{ids[0]},title_abstract,R1,exclude,not_mentoring,,2024-02-01\n",
        encoding="utf-8",
    )
    sheet = tmp_path / "sheet.csv"
    pd.DataFrame(
        {"record_id": ids[1:], "decision": "exclude", "reason": "not_mentoring", "note": "n" * 3000}
    ).to_csv(sheet, index=False)  # 45 KB of rows, for 20 KB left on the disk
    folder = tmp_path / "data" / "screening"
    decisions = folder / "sheet_R1.csv"
    command = [
        *metasynth, "import-sheet", str(sheet), "--kind", "decisions", "--reviewer", "R1",
        "--date", "2024-05-01", "--config", str(root / "config" / "config.yaml"),
    ]  # fmt: skip
    script = (
        f"cp {before} {decisions} && head -c 40000 /dev/zero > {folder}/.filler && "
        f"{shlex.join(command)}; status=$?; cmp {before} {decisions} && echo unchanged; "
        "exit $status"
    )
    done = mounted(["sh", "-c", script], folder, size=65536, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "metasynth import-sheet: error: cannot write data/screening/sheet_R1.csv" in done.stderr
    assert "unchanged" in done.stdout, done.stdout[-500:]


APPEND = """
import sys
from metasynth.screen.app.decision_file import append_decision
row = {"record_id": "WOS:2", "stage": "title_abstract", "reviewer": "R1", "decision": "exclude",
       "reason": "not_mentoring", "note": "n" * 30000, "date": "2024-05-01"}
try:
    append_decision(sys.argv[1], row, publication_of={})
except OSError as error:
    print("refused:", error.filename, error.strerror)
"""


def test_the_screening_apps_decision_onto_a_full_disk_leaves_the_file_as_it_was(
    tmp_path: Path, mounted: Mounted
) -> None:
    before = tmp_path / "before.csv"
    before.write_text(
        "record_id,stage,reviewer,decision,reason,note,date\n"
        "WOS:1,title_abstract,R1,exclude,not_mentoring,,2024-02-01\n",
        encoding="utf-8",
    )
    folder = tmp_path / "data" / "screening"
    decisions = folder / "title_abstract_R1.csv"
    script = (
        f"cp {before} {decisions} && head -c 40000 /dev/zero > {folder}/.filler && "
        f"{shlex.join([sys.executable, '-c', APPEND, str(decisions)])}; "
        f"cmp {before} {decisions} && echo unchanged"
    )
    done = mounted(["sh", "-c", script], folder, size=65536, cwd=tmp_path)
    assert f"refused: {decisions} No space left on device" in done.stdout, done.stderr
    assert "unchanged" in done.stdout, done.stdout[-500:]


def test_two_imports_of_one_sheet_at_once_write_its_rows_once(
    tmp_path: Path,
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The second import runs exactly between the first one's reading of the decision files and
    # its append, as two `metasynth import-sheet` started together interleave: both found no
    # earlier decision, and both appended the sheet (50 rows for 25, "appended" twice).
    import metasynth.cli.imports as imports
    from metasynth.cli import main

    ids = asreview_review(tmp_path)
    monkeypatch.chdir(tmp_path)
    sheet = tmp_path / "sheet.csv"
    pd.DataFrame({"record_id": ids, "decision": "exclude", "reason": "not_mentoring"}).to_csv(
        sheet, index=False
    )
    argv = [
        "import-sheet", str(sheet), "--kind", "decisions", "--reviewer", "R1",
        "--date", "2024-05-01", "--config", str(root / "config" / "config.yaml"),
    ]  # fmt: skip
    read_decisions = imports.existing_decisions
    statuses: list[int] = []
    started: list[bool] = []

    def read_then_let_the_other_import_run(context: imports.Context) -> pd.DataFrame:
        existing = read_decisions(context)
        if not started:
            started.append(True)
            statuses.append(main(argv))  # the other import, start to finish
        return existing

    monkeypatch.setattr(imports, "existing_decisions", read_then_let_the_other_import_run)
    statuses.append(main(argv))
    output = capsys.readouterr()
    assert statuses == [0, 2], output
    assert "data/screening/sheet_R1.csv" in output.err and "nothing was appended" in output.err
    written = pd.read_csv(tmp_path / "data" / "screening" / "sheet_R1.csv", dtype=str)
    assert sorted(written["record_id"]) == sorted(ids)
