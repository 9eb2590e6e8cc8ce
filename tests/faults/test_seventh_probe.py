"""What a seventh held-out probe found (issue 15; `tests/fuzz/command_inputs.py`): commands
whose output was named like one of their own inputs replaced that input without a word; hidden
workbook rows read without a word; outputs named in bytes that are not UTF-8. Each test failed
before its fix (the tests that a legitimate replacement still works excepted)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main
from metasynth.errors import InputError
from metasynth.files import write_text
from metasynth.synthesise.codebook import load_codebook
from metasynth.tables import append_rows

REAL = Path(__file__).resolve().parents[1] / "ingest" / "data" / "real"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("option", ["--out", "--warnings"])
def test_ingest_refuses_to_write_over_the_export_it_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    # `metasynth ingest scopus.csv --out scopus.csv`: the Scopus export was replaced by the
    # records table ("read 10 records", exit 0) — the download gone
    export = tmp_path / "scopus.csv"
    shutil.copyfile(REAL / "asreview_scopus.csv", export)
    before = export.read_bytes()
    other = ["--out", str(tmp_path / "records.csv")] if option == "--warnings" else []
    assert main(["ingest", str(export), *other, option, str(export), "--quiet"]) == 2
    assert capsys.readouterr().err == (
        f"metasynth ingest: error: {export}: is an input of this command: writing the output "
        "there would replace it\n  what to do: name another output file\n"
    )
    assert export.read_bytes() == before
    assert not list(tmp_path.glob(".*.partial"))


def test_codebook_export_refuses_to_write_over_the_codebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `codebook export --qdc data/coded/codebook.yaml` (the wrong file name typed): the YAML
    # codebook was replaced by its REFI-QDA XML, exit 0
    codebook = tmp_path / "codebook.yaml"
    shutil.copyfile(ROOT / "data/coded/codebook.yaml", codebook)
    before = codebook.read_bytes()
    status = main(["codebook", "export", "--codebook", str(codebook), "--qdc", str(codebook)])
    assert status == 2
    assert "is an input of this command" in capsys.readouterr().err
    assert codebook.read_bytes() == before


def test_an_output_linked_to_an_input_is_refused_naming_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "scopus.csv"
    shutil.copyfile(REAL / "asreview_scopus.csv", export)
    link = tmp_path / "records.csv"
    link.symlink_to(export)
    assert main(["ingest", str(export), "--out", str(link), "--quiet"]) == 2
    assert f"{link}: is an input of this command (read as {export})" in capsys.readouterr().err


def test_an_output_hard_linked_to_an_input_is_written_and_the_input_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # refused as "an input of this command", though the atomic write replaces the output's
    # name only: the export, under its own name, keeps its bytes
    export = tmp_path / "scopus.csv"
    shutil.copyfile(REAL / "asreview_scopus.csv", export)
    before = export.read_bytes()
    link = tmp_path / "records.csv"
    os.link(export, link)
    assert main(["ingest", str(export), "--out", str(link), "--quiet"]) == 0
    assert export.read_bytes() == before
    assert link.read_bytes() != before
    assert not link.samefile(export)
    # the input's own name, spelled another way, is still refused
    assert (
        main(["ingest", str(export), "--out", str(tmp_path / "." / "scopus.csv"), "--quiet"]) == 2
    )
    assert "is an input of this command" in capsys.readouterr().err
    assert export.read_bytes() == before


def test_codebook_import_force_still_replaces_the_codebook(tmp_path: Path) -> None:
    # the one command that reads its output on purpose (to see whether it has entries)
    qdc = tmp_path / "codebook.qdc"
    assert main(["codebook", "export", "--qdc", str(qdc)]) == 0
    output = tmp_path / "codebook.yaml"
    shutil.copyfile(ROOT / "data/coded/codebook.yaml", output)
    assert main(["codebook", "import", str(qdc), "-o", str(output), "--force"]) == 0
    write_text("categories: []\nsubcategories: []\nconcepts: []\n", tmp_path / "empty.yaml")
    assert main(["codebook", "import", str(qdc), "-o", str(tmp_path / "empty.yaml")]) == 0


def test_the_guard_ends_with_the_command(tmp_path: Path) -> None:
    # a later write in the same process (a test, a notebook) of a file the command read
    export = tmp_path / "scopus.csv"
    shutil.copyfile(REAL / "asreview_scopus.csv", export)
    assert main(["ingest", str(export), "--out", str(tmp_path / "r.csv"), "--quiet"]) == 0
    write_text("replaced\n", export)
    assert export.read_text(encoding="utf-8") == "replaced\n"
    assert len(pd.read_csv(tmp_path / "r.csv")) == 10


def test_hidden_workbook_rows_are_read_and_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a row hidden by hand or by Excel's filter was read like the others without a word; it is
    # still read (a filter hides decided rows just as well), and the notice lists it
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Framework"
    sheet.append(["category", "subcategory", "concept", "code"])
    for n in range(1, 5):
        sheet.append(["Technical", "Tools", f"Concept {n}", f"code {n}"])
    sheet.row_dimensions[3].hidden = True
    sheet.row_dimensions[5].hidden = True
    book.save(tmp_path / "framework.xlsx")
    output = tmp_path / "codebook.yaml"
    status = main(["codebook", "from-sheet", str(tmp_path / "framework.xlsx"), "-o", str(output)])
    err = capsys.readouterr().err
    assert status == 0, err
    assert (
        f"{tmp_path / 'framework.xlsx'}: 2 hidden row(s) of worksheet 'Framework' read like the "
        "others (rows 3, 5); unhide them to check, and delete any row not meant to be imported"
    ) in err
    assert [c.label for c in load_codebook(output).concepts] == [
        f"Concept {n}" for n in range(1, 5)
    ]


def test_an_output_named_in_bytes_that_are_not_utf8_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `--out café.csv` typed on a Latin-1 terminal: written, and then refused by every later
    # run (the workflow reads no such name) — refused at once instead
    out = os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.csv")
    status = main(["ingest", str(REAL / "asreview_scopus.csv"), "--out", out, "--quiet"])
    assert status == 2
    assert "the output's name is not valid UTF-8" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_rows_are_not_appended_to_a_file_named_in_bytes_that_are_not_utf8(
    tmp_path: Path,
) -> None:
    frame = pd.DataFrame({"record_id": ["WOS:1"], "decision": ["include"]})
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9_R1.csv"))
    with pytest.raises(InputError, match="the output's name is not valid UTF-8"):
        append_rows(path, frame)
    assert not path.exists()


def test_an_output_that_is_a_device_or_a_pipe_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `--output /dev/full`: the append read it forever (a hang, memory growing); as root an
    # atomic write renamed a plain file over a device node (made here, not /dev's own)
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    assert main(["codebook", "export", "--qdc", str(device)]) == 2
    assert f"{device}: is a character device, not a file an output" in capsys.readouterr().err
    assert device.is_char_device()
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    frame = pd.DataFrame({"record_id": ["WOS:1"], "decision": ["include"]})
    with pytest.raises(InputError, match="is a named pipe"):
        append_rows(pipe, frame)


@pytest.mark.parametrize("damaged", ["status.csv", "clusters.csv", "records.parquet"])
def test_audit_refuses_a_results_table_without_its_columns(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    damaged: str,
) -> None:
    # a results table filled with NULs (a crash) or with its first column cut away:
    # `KeyError: 'record_id'` and a traceback
    monkeypatch.chdir(tmp_path)
    results = tmp_path / "results"
    records = str(results / "ingest" / "records.parquet")
    assert main(["ingest", str(REAL / "asreview_scopus.csv"), "--out", records, "--quiet"]) == 0
    assert main(["dedup", records, "--out-dir", str(results / "dedup")]) == 0
    ids = pd.read_parquet(results / "dedup" / "publications.parquet")["record_id"]
    screening = results / "screening"
    screening.mkdir()
    write_text(
        "record_id,status,stage,reason\n" + f"{ids[0]},included,appraisal,\n",
        screening / "status.csv",
    )
    write_text(
        "record_id,named_record_id,stage,event,actor,decision,reason,detail,note,date,"
        "source_file,source_line\n",
        screening / "audit.csv",
    )
    folder = {"status.csv": "screening", "clusters.csv": "dedup", "records.parquet": "ingest"}
    path = results / folder[damaged] / damaged
    path.write_bytes(bytes(len(path.read_bytes())))
    capsys.readouterr()
    assert main(["audit", str(ids[0])]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"metasynth audit: error: results/{path.relative_to(results)}")
    assert ("the file is damaged" in err) != ("not a readable Parquet file" in err)


def test_export_refuses_a_status_table_cut_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a new review: no data/ of this repository
    # a status.csv cut by a full disk or a sync: 25 of 50 publications exported, exit 0
    results = tmp_path / "results"
    records = str(results / "ingest" / "records.parquet")
    assert main(["ingest", str(REAL / "asreview_scopus.csv"), "--out", records, "--quiet"]) == 0
    assert main(["dedup", records, "--out-dir", str(results / "dedup")]) == 0
    ids = pd.read_parquet(results / "dedup" / "publications.parquet")["record_id"]
    status = results / "screening" / "status.csv"
    status.parent.mkdir()
    lines = ["record_id,status,stage,reason", *(f"{i},included,appraisal," for i in ids)]
    status.write_text("\n".join(lines[:-3]) + "\n" + lines[-3][:12], encoding="utf-8")
    capsys.readouterr()
    out = tmp_path / "included.ris"
    assert main(["export", str(out), "--results", str(results)]) == 2
    assert capsys.readouterr().err.startswith(
        f"metasynth export: error: {status}:{len(lines) - 2}: the row here ends in the middle: "
        "the file is damaged"
    )
    status.write_text("\n".join(lines[:-3]) + "\n", encoding="utf-8")
    assert main(["export", str(out), "--results", str(results)]) == 2
    assert f"3 of the {len(ids)} publications of" in capsys.readouterr().err
    assert not out.exists()


def _codebook_with_codes(codes: str) -> str:
    return (
        "categories:\n- id: technical\n  label: Technical\nsubcategories:\n- id: tools\n"
        "  category: technical\n  label: Tools\nconcepts:\n- id: gis\n  subcategory: tools\n"
        f"  label: GIS\n  codes: {codes}\n"
    )


def test_a_long_codebook_without_aliases_is_not_taken_for_a_billion_laughs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a codebook of 2 million codes (no alias in it) was refused, after a minute, as "its
    # aliases … expand to more than 1,000,000 values"; the limit made small here
    monkeypatch.setattr("metasynth.validation.YAML_EXPANDED_LIMIT", 1_000)
    path = tmp_path / "codebook.yaml"
    path.write_text(_codebook_with_codes(f"[{', '.join(f'c{i}' for i in range(2_000))}]"))
    assert len(load_codebook(path).concepts[0].codes) == 2_000
    # aliases that expand past the limit and past the text are still refused
    path.write_text(
        _codebook_with_codes("&a [c0, c1, c2, c3, c4, c5, c6, c7, c8, c9]")
        + "".join(
            f"x{i}: &a{i} [*{'a' if i == 0 else f'a{i - 1}'}, *{'a' if i == 0 else f'a{i - 1}'}]\n"
            for i in range(8)
        )
    )
    with pytest.raises(InputError, match="expand to more than 1,000 values"):
        load_codebook(path)


def test_codes_checked_at_once_give_jsonschema_s_own_errors(tmp_path: Path) -> None:
    # the codes of a concept are checked as a list of plain strings (2 million took 30 s one
    # by one through jsonschema); a bad code is still reported by jsonschema, at its index
    path = tmp_path / "codebook.yaml"
    path.write_text(_codebook_with_codes('[gis, "", 3, mapping]'))
    with pytest.raises(InputError) as raised:
        load_codebook(path)
    text = str(raised.value)
    assert "concepts/0/codes/1: is empty: fill it in" in text
    assert "concepts/0/codes/2: 3 is not of type 'string'" in text
