"""What a tenth probe found (`python tests/fuzz/tenth_probe.py`, docs/robustness.md): a CSV
export saved again by a spreadsheet, with `#NAME?` where a title began with `=` or `-`, was read
with that title (two such records share a title key); a bad value in config/config.yaml (or a
`--config`) was named by the `metasynth` commands at no line; a `--configfile` that is not YAML
was refused by `metasynth status` in Snakemake's words, naming no file; a quote left open in a
YAML file was reported at the end of the file only. (Error values in ASReview, Rayyan and
Covidence exports: tests/interop/test_error_values_in_exports.py.) Each test failed before its
fix."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import InitReview

from metasynth.cli import main
from metasynth.errors import InputError
from metasynth.validation import load_yaml

ROOT = Path(__file__).resolve().parents[2]
SCOPUS = ROOT / "tests" / "ingest" / "data" / "real" / "asreview_scopus.csv"


def test_an_error_value_in_a_csv_export_is_warned_about_at_its_line_and_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with SCOPUS.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    title = rows[0].index("Title")
    for row in rows[3:5]:  # lines 4 and 5: two records whose titles Excel made formulas of
        row[title] = "#NAME?"
    export = tmp_path / "scopus.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    out = tmp_path / "records.csv"
    assert main(["ingest", str(export), "--out", str(out)]) == 0
    said = capsys.readouterr()
    for line in (4, 5):
        assert (
            f"{export}:{line}: column 'Title' holds #NAME?, the error value of a formula that "
            "failed, not data: left empty (export the records again and put that file here "
            "unopened"
        ) in said.out + said.err
    assert "read 10 records from 1 file (1 format: scopus_csv), 2 warnings" in said.out
    records = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(records) == 10
    assert list(records["title"].iloc[2:4]) == ["", ""]
    assert list(records["doi"].iloc[2:4]) == ["10.1038/s41598-022-15535-6", "10.7717/peerj.15453"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "reviewers_per_stage: {title_abstract: 2,",
            "reviewers_per_stage: {title_abstract: two,",
            "key screening/reviewers_per_stage/title_abstract: 'two' is not of type 'integer'",
        ),
        ("resolver_role: arbiter", "resolver_rol: arbiter", "key screening: unknown field(s)"),
    ],
)
def test_a_bad_value_in_the_config_is_named_at_its_line_by_the_commands(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    message: str,
) -> None:
    text = (ROOT / "config" / "config.yaml").read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    config = tmp_path / "config" / "config.yaml"
    config.parent.mkdir()
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["codebook", "check"]) == 2  # reads the config for the codebook's path
    assert (
        f"metasynth codebook: error: config/config.yaml:{line} {message}" in capsys.readouterr().err
    )
    keep = tmp_path / "keep.txt"
    keep.write_text("WOS:000000000000001\n", encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text(text.replace(old, new, 1), encoding="utf-8")
    argv = ["screen", "bulk", "--keep", str(keep), "--decision", "exclude", "--reviewer", "R1"]
    assert main([*argv, "--date", "2024-04-02", "--config", str(mine)]) == 2
    assert f"metasynth screen: error: {mine}:{line} {message}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "screening:\n  reviewers_per_stage:\n\t title_abstract: 1\n",
            "extra.yaml:3: a tab at column 1: YAML indents with spaces only",
        ),
        (
            'project:\n  title: "A review\n  review_question: x\n',
            "extra.yaml:4: malformed YAML: found unexpected end of stream (while scanning a "
            "quoted scalar from line 2)",
        ),
        ("- screening\n- dedup\n", "extra.yaml:1: the config holds a list, not keys with values"),
    ],
)
def test_status_names_the_line_of_a_configfile_snakemake_cannot_read(
    tmp_path: Path,
    init_review: InitReview,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    message: str,
) -> None:
    # Snakemake reads a --configfile before the workflow's code runs: "Config file is not valid
    # JSON or YAML" was all `metasynth status --config extra.yaml` could pass on
    project = init_review(
        tmp_path / "review",
        {'title: ""': 'title: "A review"', 'review_question: ""': 'review_question: "Why?"'},
    )
    (project / "extra.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["status", "--config", "extra.yaml"]) == 1
    out = capsys.readouterr().out
    assert "BLOCKED: " in out and f"\n  - {message}\n" in out  # (a new review: no searches yet)
    assert "Config file" not in out


def test_a_quote_left_open_in_yaml_is_named_where_it_was_opened(tmp_path: Path) -> None:
    path = tmp_path / "findings.yaml"
    path.write_text("findings:\n- id: F1\n  title: 'Trust\n  summary: x\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_yaml(path)
    assert error.value.line == 5
    assert "(while scanning a quoted scalar from line 3)" in error.value.message
    assert error.value.hint == "close the quote or bracket, or fix the indentation, from line 3 on"
