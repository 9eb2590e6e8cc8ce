"""The output manifest: checksums, the masked run date, comparing and checking runs, the CLI."""

from __future__ import annotations

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
