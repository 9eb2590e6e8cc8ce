"""An output that cannot be written (a full disk, a read-only folder, no permission) ends with a
one-line message naming the file, never a traceback; inside the workflow the rule's log says so
too (issue 15, item 3)."""

from __future__ import annotations

import errno
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.faults.conftest import asreview_review

from metasynth.cli import main

Mounted = Callable[..., subprocess.CompletedProcess[str]]


def _one_error(stderr: str, command: str) -> str:
    """The message of a failed command: no traceback, one error line (and a hint line)."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith(f"metasynth {command}: error: ")]
    assert len(errors) == 1, stderr
    assert len(lines) <= 2 + sum(line.startswith("warning") for line in lines), stderr
    return errors[0]


def test_ingest_onto_a_full_disk_says_so_in_one_line(
    tmp_path: Path, root: Path, mounted: Mounted, metasynth: list[str]
) -> None:
    full = tmp_path / "small_disk"
    done = mounted(
        [*metasynth, "ingest", str(root / "data" / "raw" / "wos_primary"), "--out",
         str(full / "records.csv")],
        full, size=16_384,
    )  # fmt: skip
    assert done.returncode == 2
    assert _one_error(done.stderr, "ingest") == (
        f"metasynth ingest: error: cannot write {full}/records.csv: no space left on the disk "
        "(ENOSPC)"
    )


def test_init_onto_a_full_disk_names_the_file_it_could_not_write(
    tmp_path: Path, mounted: Mounted, metasynth: list[str]
) -> None:
    full = tmp_path / "small_disk"
    done = mounted([*metasynth, "init", str(full / "review")], full, size=8_192)
    assert done.returncode == 2
    message = _one_error(done.stderr, "init")
    # was "cannot write (unknown file)": the template's files were written with write_text;
    # which file fills the disk depends on the file system's block size
    prefix = f"metasynth init: error: cannot write {full}/review/"
    assert message.startswith(prefix), message
    assert message.endswith(": no space left on the disk (ENOSPC)"), message


def test_codebook_export_into_a_read_only_folder_says_so_in_one_line(
    tmp_path: Path, root: Path, mounted: Mounted, metasynth: list[str]
) -> None:
    read_only = tmp_path / "read_only"
    done = mounted(
        [*metasynth, "codebook", "export", "--codebook",
         str(root / "data" / "coded" / "codebook.yaml"), "--qdc", str(read_only / "c.qdc")],
        read_only, read_only=True,
    )  # fmt: skip
    assert done.returncode == 2
    assert _one_error(done.stderr, "codebook") == (
        f"metasynth codebook: error: cannot write {read_only}/c.qdc: the folder is on a "
        "read-only file system (EROFS)"
    )


def test_import_asreview_into_a_read_only_folder_says_so_in_one_line(
    tmp_path: Path, root: Path, mounted: Mounted, metasynth: list[str]
) -> None:
    asreview_review(tmp_path)
    asreview = root / "tests" / "interop" / "data" / "asreview"
    read_only = tmp_path / "data" / "screening"
    done = mounted(
        [*metasynth, "screen", "import-asreview",
         str(asreview / "v3.0.8" / "asreview_dataset_all_metasynth.csv"), "--reviewer", "R2",
         "--config", str(root / "config" / "config.yaml")],
        read_only, read_only=True, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert _one_error(done.stderr, "screen") == (
        "metasynth screen: error: cannot write data/screening/asreview_R2.csv: the folder is on "
        "a read-only file system (EROFS)"
    )


def test_no_permission_to_write_says_so_in_one_line(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Root may write anywhere, so the refusal is injected where every output is created."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr("metasynth.files.tempfile.mkstemp", refuse)
    out = tmp_path / "records.parquet"
    status = main(["ingest", str(root / "tests" / "ingest" / "data" / "split"), "--out", str(out)])
    assert status == 2
    assert _one_error(capsys.readouterr().err, "ingest") == (
        f"metasynth ingest: error: cannot write {out}: permission denied (EACCES)"
    )
    assert list(tmp_path.iterdir()) == []


RULE_SCRIPT = """
import errno, sys
from types import SimpleNamespace
from metasynth.errors import InputError
from metasynth.workflow import run_rule

def main(smk):
    kind = sys.argv[2]
    if kind == "input":
        raise InputError("unknown reviewer 'R9'", file="data/screening/x.csv", line=3)
    if kind == "disk":
        raise OSError(errno.ENOSPC, "No space left on device", "results/figures/prisma.png")
    raise KeyError("a bug")

run_rule(SimpleNamespace(log=[sys.argv[1]]), main)
"""


@pytest.mark.parametrize(
    ("kind", "logged"),
    [
        ("input", "ERROR metasynth: data/screening/x.csv:3: unknown reviewer 'R9'"),
        ("disk", "ERROR metasynth: cannot write results/figures/prisma.png: no space left on the "
                 "disk (ENOSPC)"),
        ("bug", "CRITICAL metasynth: unexpected error (a bug in metasynth: please report it with "
                "this log)"),
    ],
)  # fmt: skip
def test_a_failing_rule_writes_its_error_to_the_rule_log(
    tmp_path: Path, kind: str, logged: str
) -> None:
    log = tmp_path / "logs" / "draw_prisma.log"
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RULE_SCRIPT), str(log), kind],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    text = log.read_text(encoding="utf-8")
    assert text.splitlines()[0] == logged
    assert ("Traceback" in text) == (kind == "bug")  # a bug keeps its traceback, in the log too


@pytest.mark.slow
def test_a_figure_rule_on_a_full_disk_fails_with_its_log_saying_why(
    finished_run: Path,
    copy_run: Callable[[Path, Path], Path],
    tmp_path: Path,
    mounted: Mounted,
) -> None:
    project = copy_run(finished_run, tmp_path / "project")
    figures = project / "results" / "figures"
    snakemake = Path(sys.executable).with_name("snakemake")
    done = mounted(
        [str(snakemake), "--cores", "1", "--forcerun", "draw_prisma", "--",
         "results/figures/prisma.png"],
        figures, size=4096, cwd=project,
    )  # fmt: skip
    assert done.returncode != 0
    log = (project / "results" / "logs" / "draw_prisma.log").read_text(encoding="utf-8")
    assert log.splitlines()[-2:] == [
        "ERROR metasynth: cannot write results/figures/prisma.png: no space left on the disk "
        "(ENOSPC)",
        "  what to do: free some space on that disk, then run again",
    ]
    assert "Traceback" not in log
