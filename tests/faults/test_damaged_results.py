"""Tables a workflow run wrote under results/, damaged after the run (issue 15, the seventh
probe's `results` cases): `metasynth audit`, `export` and `status` reported from them without a
word. `metasynth.run_outputs` checks them against the run's manifest and Snakemake's record of
the job that wrote them. Each test but the last two failed before."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main
from metasynth.manifest import output_manifest, write_manifest
from metasynth.run_outputs import changed_outputs, output_problem

REAL = Path(__file__).resolve().parents[1] / "ingest" / "data" / "real"
RESULTS = Path("results")
STATUS = RESULTS / "screening" / "status.csv"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A finished run's tables in a new review folder (the current one), with its manifest:
    the publications' record_ids."""
    monkeypatch.chdir(tmp_path)
    records = str(RESULTS / "ingest" / "records.parquet")
    assert main(["ingest", str(REAL / "asreview_scopus.csv"), "--out", records, "--quiet"]) == 0
    assert main(["dedup", records, "--out-dir", str(RESULTS / "dedup")]) == 0
    ids = [str(i) for i in pd.read_parquet(RESULTS / "dedup" / "publications.parquet")["record_id"]]
    STATUS.parent.mkdir()
    STATUS.write_text(
        "record_id,status,stage,reason\n" + "".join(f"{i},included,appraisal,\n" for i in ids)
    )
    (STATUS.parent / "audit.csv").write_text(
        "record_id,named_record_id,stage,event,actor,decision,reason,detail,note,date,"
        "source_file,source_line\n"
    )
    outputs = [p.as_posix() for p in sorted(RESULTS.rglob("*")) if p.is_file()]
    write_manifest(output_manifest(outputs), RESULTS / "manifest.tsv")
    return ids


def _lose_row(path: Path, record_id: str) -> None:
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(record_id + ",")))


def test_audit_refuses_a_status_table_a_row_lost_since_the_run(
    run: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # the table still reads (its columns, its rows whole): audit printed the publication
    # with no status at all, exit 0
    _lose_row(STATUS, run[1])
    capsys.readouterr()
    assert main(["audit", run[1]]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "metasynth audit: error: results/screening/status.csv: changed since the workflow "
        "wrote it ("
    )
    assert "results/manifest.tsv records" in err
    assert "what to do: delete it, then run `snakemake --cores 2` (or `make run`)" in err
    assert "--forcerun results/screening/status.csv" in err


def test_export_refuses_a_publications_table_replaced_since_the_run(
    run: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    publications = RESULTS / "dedup" / "publications.parquet"
    frame = pd.read_parquet(publications)
    frame.assign(title=frame["title"].str.upper()).to_parquet(publications)
    capsys.readouterr()
    assert main(["export", "out.ris", "--status", "all"]) == 2
    assert "dedup/publications.parquet: changed since the workflow wrote it" in (
        capsys.readouterr().err
    )
    assert not Path("out.ris").exists()


def test_every_changed_output_is_listed_for_status(run: list[str]) -> None:
    _lose_row(STATUS, run[1])
    (RESULTS / "dedup" / "summary.csv").write_bytes(b"")
    assert [path for path, _ in changed_outputs(RESULTS)] == [
        "results/dedup/summary.csv",
        "results/screening/status.csv",
    ]


def test_a_table_cut_mid_row_is_refused_without_a_manifest(run: list[str]) -> None:
    (RESULTS / "manifest.tsv").unlink()
    text = STATUS.read_text()
    STATUS.write_text(text[: len(text) - 5])
    problem = output_problem(STATUS, RESULTS)
    assert problem is not None
    assert str(problem).startswith(
        f"{STATUS}:{len(run) + 1}: the row here ends in the middle: the file is damaged"
    )


def test_an_output_a_later_job_wrote_is_not_taken_for_damage(run: list[str]) -> None:
    # `snakemake --cores 2 <target>` after the full run: the file differs from the manifest,
    # but it has the time Snakemake recorded when its job ended
    _lose_row(STATUS, run[1])
    record = (
        Path(".snakemake/metadata") / base64.urlsafe_b64encode(STATUS.as_posix().encode()).decode()
    )
    record.parent.mkdir(parents=True)
    record.write_text(json.dumps({"incomplete": False, "endtime": STATUS.stat().st_mtime}))
    assert output_problem(STATUS, RESULTS) is None
    os.utime(STATUS, (STATUS.stat().st_atime, STATUS.stat().st_mtime + 5))  # then edited
    problem = output_problem(STATUS, RESULTS)
    assert problem is not None
    assert problem.message.startswith("changed since the workflow wrote it")


def test_an_untouched_run_reads_as_written(
    run: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert changed_outputs(RESULTS) == []
    assert main(["audit", run[1]]) == 0
