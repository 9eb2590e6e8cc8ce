"""What a fifth held-out probe found (issue 15): encodings, file names, hand-edited rows and
whole projects in unusual folders (`tests/fuzz/edges.py`), read as a user's run reads them.
Each test failed before its fix."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import InitReview

from metasynth.cli import main
from metasynth.errors import InputError
from metasynth.hand_files import hand_edited_files

REAL = Path(__file__).resolve().parents[1] / "ingest" / "data" / "real"
HEADER = "record_id,stage,reviewer,decision,reason,note,date\n"


def _latin1_named(folder: Path) -> Path:
    """A copy of a real RIS export whose file name is `café.ris` in Latin-1 bytes (a name made
    on a system whose file names are not UTF-8, copied from an old drive or a zip)."""
    path = folder / os.fsdecode(b"caf\xe9.ris")
    shutil.copyfile(REAL / "asreview_zotero.ris", path)
    return path


def test_a_file_name_that_is_not_utf8_is_refused_by_name_in_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copyfile(REAL / "asreview_zotero.ris", raw / "a.ris")
    _latin1_named(raw)
    status = main(["ingest", str(raw), "--out", str(tmp_path / "records.csv"), "--quiet"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(
        f"metasynth ingest: error: {raw}/caf<U+DCE9>.ris: the file's name is not valid UTF-8"
    )
    assert "Traceback" not in err


def test_a_file_name_that_is_not_utf8_is_refused_when_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _latin1_named(tmp_path)
    status = main(["ingest", str(path), "--out", str(tmp_path / "records.parquet"), "--quiet"])
    assert status == 2
    assert "the file's name is not valid UTF-8" in capsys.readouterr().err


def test_a_decision_file_name_that_is_not_utf8_is_refused_while_the_run_is_planned(
    tmp_path: Path,
) -> None:
    # the rule's inputs: Snakemake could not write such a name to its lock file (a traceback)
    screening = tmp_path / "screening"
    screening.mkdir()
    (screening / "title_abstract_R1.csv").write_text(HEADER, encoding="utf-8")
    (screening / os.fsdecode(b"title_abstract_R2_caf\xe9.csv")).write_text(HEADER, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        hand_edited_files(screening)
    assert str(raised.value).startswith(
        f"{screening}/title_abstract_R2_caf<U+DCE9>.csv: the file's name is not valid UTF-8"
    )


@pytest.mark.parametrize(
    ("name", "key", "n_records"),
    [("bbt_3100.csl.json", '"title":"', 2), ("colrev_google_scholar.json", '"title": "', 7)],
)
def test_a_lone_surrogate_escape_in_a_json_export_is_replaced_with_a_warning(
    tmp_path: Path, name: str, key: str, n_records: int
) -> None:
    # JSON lets `\ud800` (half of a UTF-16 pair) through; no UTF-8 table can hold it: a traceback
    text = (REAL / name).read_text(encoding="utf-8-sig")
    at = text.index(key) + len(key)
    path = tmp_path / name
    path.write_text(text[:at] + "\\ud800" + text[at:], encoding="utf-8")
    out, warnings = tmp_path / "records.csv", tmp_path / "warnings.csv"
    argv = ["ingest", str(path), "--out", str(out), "--warnings", str(warnings), "--quiet"]
    assert main(argv) == 0
    records = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(records) == n_records
    assert records["title"].str.startswith("\ufffd").sum() == 1
    messages = pd.read_csv(warnings, dtype=str)["message"].tolist()
    assert (
        "a lone surrogate escape (half of a UTF-16 pair, such as \\ud800) in title: replaced by "
        "U+FFFD (the exporting tool cut a character in two)"
    ) in messages


def test_a_comment_line_inside_a_bibtex_entry_keeps_the_field_after_it(tmp_path: Path) -> None:
    # bibtexparser reads `% …` into the next field's name: the title was lost without a word
    text = (REAL / "colrev_scopus.bib").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, row in enumerate(lines) if row.lstrip().startswith("title"))
    lines.insert(at, "% checked against the journal site\n")
    lines.insert(at + 2, "   % year = {1999},\n")
    path = tmp_path / "scopus.bib"
    path.write_text("".join(lines), encoding="utf-8")
    out, warnings = tmp_path / "records.csv", tmp_path / "warnings.csv"
    argv = ["ingest", str(path), "--out", str(out), "--warnings", str(warnings), "--quiet"]
    assert main(argv) == 0
    records = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(records) == 11
    assert (records["title"] != "").all()
    assert records["year"].iloc[0] == "2022"
    found = pd.read_csv(warnings, dtype=str)[["line", "message"]].values.tolist()
    assert found == [
        [
            str(at + 1),
            "entry 'Firstwriter2022': 1 `%` comment line(s) inside the entry (from '% checked "
            "against the journal site'), which BibTeX does not allow: skipped as comments; "
            "the field 'title' after them is read",
        ],
        [
            str(at + 3),
            "entry 'Firstwriter2022': a field commented out with `%` ('% year'), which BibTeX "
            "does not allow inside an entry: not read",
        ],
    ]


def _records(path: Path, folder: Path) -> pd.DataFrame:
    out = folder / f"{path.stem}.csv"
    assert main(["ingest", str(path), "--out", str(out), "--quiet"]) == 0
    records = pd.read_csv(out, dtype=str, keep_default_na=False)
    return records.drop(columns=["source_file", "source_line"])


@pytest.mark.parametrize("name", ["asreview_endnote.ris", "colrev_psycinfo.ris"])
def test_a_cr_only_ris_export_reads_as_its_lf_twin(tmp_path: Path, name: str) -> None:
    # a line that starts with no tag (EndNote's second ISSN and keywords, PsycINFO's `PMID-`)
    # after a bare CR was read as data inside the value above it: fields lost or merged
    text = (REAL / name).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    lf, cr = tmp_path / "lf.ris", tmp_path / "cr.ris"
    lf.write_text(text, encoding="utf-8")
    cr.write_text(text.replace("\n", "\r"), encoding="utf-8")
    pd.testing.assert_frame_equal(_records(cr, tmp_path), _records(lf, tmp_path))


def test_an_export_named_with_braces_stops_the_plan_naming_it(
    tmp_path: Path, init_review: InitReview
) -> None:
    # Snakemake reads `{1}` as a wildcard: "WildcardError … cannot be determined", no file named
    project = init_review(
        tmp_path / "review",
        {'title: ""': 'title: "Fossils"', 'review_question: ""': 'review_question: "Which?"'},
    )
    (project / "data/raw/zotero").mkdir()
    shutil.copyfile(REAL / "asreview_zotero.ris", project / "data/raw/zotero/savedrecs{1}.ris")
    (project / "data/raw/searches.yaml").write_text(
        "searches:\n  - id: zotero_2024\n    database: Zotero\n    query: fossils\n"
        '    date_searched: "2024-03-01"\n    searched_by: R1\n'
        '    files: ["zotero/savedrecs{1}.ris"]\n',
        encoding="utf-8",
    )
    snakemake = Path(sys.executable).with_name("snakemake")
    plan = subprocess.run(
        [str(snakemake), "-n", "--cores", "1"], cwd=project, capture_output=True, text=True
    )
    assert plan.returncode != 0
    assert "Error: data/raw/zotero/savedrecs{1}.ris: the file's name holds { or }" in plan.stderr
    assert "WildcardError" not in plan.stdout + plan.stderr


def test_a_bibtex_string_macro_is_resolved_in_every_batch_of_entries(tmp_path: Path) -> None:
    # entries are parsed in batches of 200; the @string of the first batch was unknown to the
    # others, so their journal was the macro's name ('pdr') without a word
    text = (REAL / "colrev_scopus.bib").read_text(encoding="utf-8")
    text = re.sub(r"journal\s*=\s*\{[^}]*\}", "journal = pdr", text)
    copies = [re.sub(r"@(\w+)\{([^,]+),", rf"@\1{{\2_{n},", text) for n in range(30)]
    path = tmp_path / "jabref.bib"
    path.write_text("@string{pdr = {Public Dummy Review}}\n\n" + "".join(copies), "utf-8")
    records = _records(path, tmp_path)
    assert len(records) == 330
    journals = records.loc[records["source_title"] != "", "source_title"]
    assert set(journals) == {"Public Dummy Review"}
    assert len(journals) == 30 * text.count("journal = pdr")
