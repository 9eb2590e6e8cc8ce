"""What a sixth held-out probe found (issue 15; `tests/fuzz/held_out.py`): file names with a
line break, exports joined with a byte-order mark, MEDLINE tags without their padding, a
SIGTERM mid-write, a damaged `config/config.yaml`, a `.qdpx` with a member twice and a
password-protected workbook — each through the command a user runs. Each test failed before
its fix."""

from __future__ import annotations

import codecs
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import InitReview

from metasynth.cli import main

REAL = Path(__file__).resolve().parents[1] / "ingest" / "data" / "real"
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_an_export_whose_name_holds_a_line_break_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a name made by a script or a Mac's Finder: `saved\nrecs.ris` (an AssertionError before)
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copyfile(REAL / "asreview_zotero.ris", raw / "saved\nrecs.ris")
    status = main(["ingest", str(raw), "--out", str(tmp_path / "records.csv"), "--quiet"])
    assert status == 0, capsys.readouterr().err
    records = pd.read_csv(tmp_path / "records.csv", dtype=str, keep_default_na=False)
    assert len(records) == 10
    assert set(records["source_file"]) == {f"{raw}/saved\nrecs.ris"}


def test_an_ovid_export_joined_with_a_byte_order_mark_keeps_every_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `cat a.ovd b.ovd` of two Windows exports: the second's BOM hid its first `<1. >` line,
    # and its first record was read into the last record of the first file, without a word
    export = (REAL / "Embase_citavi_r3001-3002.ovd").read_bytes()
    path = tmp_path / "joined.ovd"
    path.write_bytes(codecs.BOM_UTF8 + export + codecs.BOM_UTF8 + export)
    out = tmp_path / "records.csv"
    assert main(["ingest", str(path), "--out", str(out), "--quiet"]) == 0
    records = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(records["source_line"]) == ["1", "72", "128", "199"]
    assert records["title"].iloc[2] == records["title"].iloc[0]


def test_medline_tags_without_their_padding_are_read(tmp_path: Path) -> None:
    # `TI- …`, `OWN - …` (a tool or an editor that trimmed runs of spaces; ERIC writes
    # `ISSN - `): every field was read into the line above it — 50 records with no title, no
    # author, no warning; ERIC's ISSN ended up in the abstract
    text = (REAL / "asreview_pubmed.nbib").read_text(encoding="utf-8")
    trimmed = tmp_path / "trimmed.nbib"
    trimmed.write_text(re.sub(r"(?m)^([A-Z]{2,4}) +- ", r"\1- ", text), encoding="utf-8")
    for path in (REAL / "asreview_pubmed.nbib", trimmed):
        assert main(["ingest", str(path), "--out", str(tmp_path / f"{path.stem}.csv")]) == 0
    before, after = (
        pd.read_csv(tmp_path / f"{stem}.csv", dtype=str, keep_default_na=False).drop(
            columns=["source_file"]
        )
        for stem in ("asreview_pubmed", "trimmed")
    )
    assert (before["title"] != "").sum() == 50
    pd.testing.assert_frame_equal(before, after)
    eric = tmp_path / "eric.csv"
    assert main(["ingest", str(REAL / "colrev_eric.nbib"), "--out", str(eric)]) == 0
    abstract = pd.read_csv(eric, dtype=str, keep_default_na=False)["abstract"].iloc[0]
    assert abstract == "Abstract ..."


def _big_export(path: Path) -> None:
    """A MEDLINE export of 20,000 records (the real one, its PMIDs shifted per copy)."""
    text = (REAL / "asreview_pubmed.nbib").read_text(encoding="utf-8")
    with path.open("w", encoding="utf-8") as handle:
        for copy in range(400):
            shift = 10_000_000 * (copy + 1)
            handle.write(
                re.sub(r"(?m)^PMID- (\d+)", lambda m, s=shift: f"PMID- {int(m.group(1)) + s}", text)
            )
            handle.write("\n")


def test_sigterm_while_ingest_writes_leaves_no_temporary_file(tmp_path: Path) -> None:
    # `kill`, a closed terminal or a cluster's time limit: the temporary files of the outputs
    # being written were left behind (Python's default SIGTERM ends the process at once)
    export = tmp_path / "big.nbib"
    _big_export(export)
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen(
        [BIN / "metasynth", "ingest", export, "--out", out / "records.csv",
         "--fields", out / "fields.csv"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not list(out.glob("*.partial")) and process.poll() is None:
        assert time.monotonic() < deadline, "no temporary file appeared"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == []


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("", "config/config.yaml:1: the config holds nothing (it is empty, or only comments)"),
        ("- screening\n- dedup\n", "config/config.yaml:1: the config holds a list, not keys"),
        ("review:\n\ttitle: x\n", "config/config.yaml:2: a tab at column 1"),
    ],
)
def test_a_damaged_config_is_refused_naming_the_file_and_line(
    tmp_path: Path, init_review: InitReview, config: str, message: str
) -> None:
    # Snakemake's own reader said "Config file is not valid JSON or YAML" or "must be given as
    # JSON or YAML with keys at top level", in "file Snakefile, line 20" of the project
    project = init_review(tmp_path / "review", {})
    (project / "config" / "config.yaml").write_text(config, encoding="utf-8")
    done = subprocess.run(
        [BIN / "snakemake", "-n", "--cores", "1"], cwd=project, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert f"Error in the config: {message}" in done.stderr
    assert "Snakefile" not in done.stderr


def test_a_qdpx_with_a_member_twice_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a zip tool that adds to an archive keeps the old member: zipfile read the last
    # `project.qde`, a QDA tool reads the first — which project was imported could not be told
    exported = tmp_path / "codebook.qdc"
    assert main(["codebook", "export", "--qdc", str(exported)]) == 0
    project = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" '
        b'name="p" origin="probe">' + exported.read_bytes().split(b"?>", 1)[1] + b"</Project>"
    )
    path = tmp_path / "twice.qdpx"
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(path, "w") as archive,
    ):
        archive.writestr("project.qde", project)
        archive.writestr("project.qde", b'<Project xmlns="urn:QDA-XML:project:1.0"/>')
    capsys.readouterr()
    assert main(["codebook", "import", str(path), "-o", str(tmp_path / "codebook.yaml")]) == 2
    assert capsys.readouterr().err.startswith(
        f"metasynth codebook: error: {path} project.qde: two archive members are named "
        "'project.qde'"
    )


def test_a_password_protected_workbook_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Excel encrypts a workbook with a password into an OLE2 file holding `EncryptedPackage`:
    # the message was openpyxl's "BadZipFile: File is not a zip file"
    path = tmp_path / "screening.xlsx"
    path.write_bytes(
        bytes.fromhex("d0cf11e0a1b11ae1")
        + bytes(504)
        + "EncryptionInfo".encode("utf-16-le")
        + bytes(50)
        + "EncryptedPackage".encode("utf-16-le")
        + bytes(200)
    )
    assert main(["codebook", "from-sheet", str(path)]) == 2
    assert capsys.readouterr().err.startswith(
        f"metasynth codebook: error: {path}: the workbook is protected with a password"
    )
