"""The output manifest: checksums, the masked run date, comparing and checking runs, the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from metasynth.cli import main
from metasynth.errors import InputError
from metasynth.manifest import (
    check_manifest,
    compare_manifests,
    mask_run_date,
    output_manifest,
    read_manifest,
    rule_outputs,
    write_manifest,
)

ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def _report(date: str) -> bytes:
    return f'<p><time id="run-date" datetime="{date}">{date}</time></p>'.encode()


@pytest.fixture
def run(tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "a.csv").write_bytes(b"abc")
    (tmp_path / "results" / "report.html").write_bytes(_report("2024-01-01T00:00:00Z"))
    return tmp_path


def test_manifest_lists_size_and_sha256_sorted_by_path(run, monkeypatch):
    monkeypatch.chdir(run)
    frame = output_manifest(["results/report.html", "results/a.csv"])
    assert frame["path"].tolist() == ["results/a.csv", "results/report.html"]
    assert frame.iloc[0].tolist() == ["results/a.csv", 3, ABC_SHA256, "no"]
    assert frame.iloc[1]["run_date_masked"] == "yes"


def test_the_run_date_is_blanked_so_two_runs_write_the_same_manifest(run, monkeypatch):
    monkeypatch.chdir(run)
    first = output_manifest(["results/report.html"])
    (run / "results" / "report.html").write_bytes(_report("2030-12-31T23:59:59Z"))
    second = output_manifest(["results/report.html"])
    assert first.equals(second)
    assert mask_run_date(b"no field") == b"no field"


def test_compare_names_changed_and_one_sided_files(run, monkeypatch):
    monkeypatch.chdir(run)
    first = output_manifest(["results/a.csv", "results/report.html"])
    (run / "results" / "a.csv").write_bytes(b"abd")
    (run / "results" / "b.csv").write_bytes(b"new")
    second = output_manifest(["results/a.csv", "results/b.csv"])
    differences = compare_manifests(first, second)
    assert differences["path"].tolist() == ["results/a.csv", "results/b.csv", "results/report.html"]
    assert differences["first"].iloc[1] == "" and differences["second"].iloc[2] == ""


def test_check_finds_missing_and_changed_files(run, monkeypatch):
    monkeypatch.chdir(run)
    manifest = output_manifest(["results/a.csv", "results/report.html"])
    (run / "results" / "a.csv").write_bytes(b"changed")
    (run / "results" / "report.html").unlink()
    problems = check_manifest(manifest, run)
    assert problems.to_dict("records") == [
        {"path": "results/a.csv", "problem": "changed"},
        {"path": "results/report.html", "problem": "missing"},
    ]


def test_written_manifest_reads_back_and_a_wrong_file_is_an_input_error(run, monkeypatch):
    monkeypatch.chdir(run)
    write_manifest(output_manifest(["results/a.csv"]), "results/manifest.tsv")
    text = (run / "results" / "manifest.tsv").read_text()
    header = "path\tbytes\tsha256\trun_date_masked\n"
    assert text == f"{header}results/a.csv\t3\t{ABC_SHA256}\tno\n"
    assert read_manifest("results/manifest.tsv")["bytes"].tolist() == ["3"]
    with pytest.raises(InputError, match="not a metasynth manifest"):
        read_manifest("results/a.csv")


def test_rule_outputs_skip_named_rules_and_rules_with_wildcards():
    def rule(name, outputs, wildcards=False):  # type: ignore[no-untyped-def]
        return SimpleNamespace(name=name, output=outputs, has_wildcards=lambda: wildcards)

    rules = [
        rule("all", ["x"]),
        rule("draw", ["results/figures/b.png", "results/figures/a.png"]),
        rule("per_sample", ["results/{sample}.csv"], wildcards=True),
        rule("write_manifest", ["results/manifest.tsv"]),
    ]
    assert rule_outputs(rules, exclude=("all", "write_manifest")) == [
        "results/figures/a.png",
        "results/figures/b.png",
    ]


def test_cli_check_and_compare_exit_non_zero_on_differences(run, monkeypatch, capsys):
    monkeypatch.chdir(run)
    write_manifest(output_manifest(["results/a.csv", "results/report.html"]), "first.tsv")
    assert main(["manifest", "check", "--manifest", "first.tsv"]) == 0
    (run / "results" / "report.html").write_bytes(_report("2031-01-01T00:00:00Z"))
    assert main(["manifest", "check", "--manifest", "first.tsv"]) == 0  # only the run date moved
    write_manifest(output_manifest(["results/a.csv", "results/report.html"]), "second.tsv")
    assert main(["manifest", "compare", "first.tsv", "second.tsv"]) == 0
    (run / "results" / "a.csv").write_bytes(b"abd")
    assert main(["manifest", "check", "--manifest", "first.tsv"]) == 1
    assert "changed\tresults/a.csv" in capsys.readouterr().out
    assert main(["manifest", "compare", "first.tsv", "missing.tsv"]) == 2  # bad input


STATUS = "record_id,status,stage,reason\n"


def _write_run(rows):  # type: ignore[no-untyped-def]
    """What a run leaves in results/ (in the current folder): its status table and manifest."""
    Path("results/screening").mkdir(parents=True, exist_ok=True)
    Path("results/screening/status.csv").write_text(STATUS + rows, encoding="utf-8")
    write_manifest(output_manifest(["results/screening/status.csv"]), "results/manifest.tsv")


def test_compare_names_the_publications_two_runs_settle_differently(run, monkeypatch, capsys):
    """A copy of results/ kept before a run (`cp -r results results-before`): the comparison
    says which publications moved (a reviewer's edited decision, an update's new records), not
    only which files differ."""
    monkeypatch.chdir(run)
    _write_run(
        "WOS:1,included,appraisal,\n"
        "WOS:2,excluded_full_text,full_text,not_e_mentoring\n"
        "WOS:3,excluded_title_abstract,title_abstract,\n"
        "WOS:4,awaiting_title_abstract,title_abstract,\n"
    )
    shutil.copytree("results", "results-before")
    _write_run(
        "WOS:1,included,appraisal,\n"
        "WOS:2,excluded_full_text,full_text,insufficient_detail\n"
        "WOS:4,awaiting_retrieval,retrieval,\n"
        "WOS:5,awaiting_title_abstract,title_abstract,\n"
    )
    assert main(["manifest", "compare", "results-before/manifest.tsv", "results/manifest.tsv"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "differs\tresults/screening/status.csv"
    assert out[1] == (
        "publications per status (results-before/screening/status.csv → "
        "results/screening/status.csv):"
    )
    assert out[2:] == [
        "  included                       1 →       1",
        "  excluded_full_text             1 →       1",
        "  excluded_title_abstract        1 →       0  (-1)",
        "  awaiting_title_abstract        1 →       1",
        "  awaiting_retrieval             0 →       1  (+1)",
        "4 publication(s) settled differently or found by one run only:",
        "  WOS:2  excluded_full_text (not_e_mentoring) → excluded_full_text (insufficient_detail)",
        "  WOS:4  awaiting_title_abstract → awaiting_retrieval",
        "  WOS:5  (not in first) → awaiting_title_abstract",
        "  WOS:3  excluded_title_abstract → (not in second)",
        "1 file(s) differ between results-before/manifest.tsv and results/manifest.tsv",
    ]


def test_compare_without_the_status_tables_says_how_to_keep_them(run, monkeypatch, capsys):
    monkeypatch.chdir(run)
    write_manifest(output_manifest(["results/a.csv"]), "first.tsv")
    (run / "results" / "a.csv").write_bytes(b"abd")
    write_manifest(output_manifest(["results/a.csv"]), "second.tsv")
    assert main(["manifest", "compare", "first.tsv", "second.tsv"]) == 1
    out = capsys.readouterr().out
    assert "publications: not compared (screening/status.csv not found" in out
    assert "cp -r results results-before" in out
