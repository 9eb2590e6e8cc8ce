"""`metasynth dedup RECORDS --out-dir DIR [--verdicts FILE]`."""

from __future__ import annotations

import argparse
import importlib.util

import pytest

from metasynth.cli import dedup as dedup_cli
from metasynth.dedup import OUTPUT_FILES
from metasynth.tables import write_table


def dedup_main(argv: list[str]) -> int:
    """The dedup subcommand alone (the full CLI also needs every other stage's module)."""
    parser = argparse.ArgumentParser(prog="metasynth")
    dedup_cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["dedup", *argv])
    return int(args.run(args))


@pytest.fixture
def records_file(tmp_path, make_records, article):
    records = make_records(
        [
            {**article, "record_id": "WOS:1", "doi": "10.5555/em.1"},
            {**article, "record_id": "WOS:2", "doi": "10.5555/EM.1"},
            {**article, "record_id": "WOS:3", "title": ""},
        ]
    )
    path = tmp_path / "records.parquet"
    write_table(records, path)
    return path


def test_writes_the_contract_files_and_a_summary_line(tmp_path, records_file, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no config/config.yaml here: the schema defaults, no verdicts
    out = tmp_path / "dedup"
    assert dedup_main([str(records_file), "--out-dir", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES.values())
    assert capsys.readouterr().out == (
        "dedup: 3 records identified -> 2 publications (1 duplicate removed), "
        f"1 pair(s) to review; wrote {out}\n"
    )


def test_uses_the_project_config_and_verdicts_by_default(tmp_path, records_file, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.yaml").write_text(
        "project: {title: t, review_question: q}\ningest: {}\n"
        "dedup: {verdicts: reviewed.csv, title_review: 0.99}\n"
    )
    (tmp_path / "reviewed.csv").write_text(
        "record_id_a,record_id_b,verdict,reviewer,date\nWOS:3,WOS:2,duplicate,AK,2024-03-01\n"
    )
    dedup_main([str(records_file), "--out-dir", str(tmp_path / "dedup")])
    clusters = (tmp_path / "dedup" / "clusters.csv").read_text()
    assert "WOS:1,WOS:3,False,verdict,,WOS:2,verdict reviewed.csv:2," in clusters


def test_reads_the_verdicts_file_it_is_given(tmp_path, records_file, capsys):
    verdicts = tmp_path / "verdicts.csv"
    verdicts.write_text(
        "record_id_a,record_id_b,verdict,reviewer,date\nWOS:3,WOS:1,duplicate,AK,2024-03-01\n"
    )
    out = tmp_path / "dedup"
    dedup_main([str(records_file), "--out-dir", str(out), "--verdicts", str(verdicts)])
    assert capsys.readouterr().out.startswith(
        "dedup: 3 records identified -> 1 publication (2 duplicates removed), 0 pair(s)"
    )


def test_bad_verdicts_end_with_a_short_message_and_status_2(tmp_path, records_file, capsys):
    if importlib.util.find_spec("metasynth.cli.ingest") is None:
        pytest.skip("the full `metasynth` command needs metasynth.cli.ingest (task A)")
    from metasynth.cli import main

    verdicts = tmp_path / "verdicts.csv"
    verdicts.write_text(
        "record_id_a,record_id_b,verdict,reviewer,date\nWOS:1,WOS:7,distinct,AK,2024-03-01\n"
    )
    status = main(
        ["dedup", str(records_file), "--out-dir", str(tmp_path), "--verdicts", str(verdicts)]
    )
    assert status == 2
    assert capsys.readouterr().err.startswith(
        f"metasynth dedup: error: {verdicts}:2: unknown record_id 'WOS:7'"
    )


def test_progress_bar_goes_to_stderr_above_the_threshold(tmp_path, records_file, capsys):
    config = tmp_path / "config.yaml"
    config.write_text(
        "project: {title: t, review_question: q}\ningest: {}\n"
        "dedup: {verdicts: none.csv, progress_threshold: 0}\n"
    )
    dedup_main([str(records_file), "--out-dir", str(tmp_path / "out"), "--config", str(config)])
    captured = capsys.readouterr()
    assert "dedup: 100%" in captured.err
    assert "8/8" in captured.err
    assert captured.out.startswith("dedup: 3 records identified")


def test_a_verdict_dated_after_today_counts_with_a_warning(tmp_path, records_file, capsys):
    # as a decision or appraisal dated 2099 is (issue 15, item 2): a typo in the audit trail
    verdicts = tmp_path / "verdicts.csv"
    verdicts.write_text(
        "record_id_a,record_id_b,verdict,reviewer,date\n"
        "WOS:2,WOS:1,duplicate,AK,2024-03-01\n"
        "WOS:3,WOS:1,duplicate,AK,2099-03-01\n"
    )
    out = tmp_path / "dedup"
    assert dedup_main([str(records_file), "--out-dir", str(out), "--verdicts", str(verdicts)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("dedup: 3 records identified -> 1 publication")
    assert f"metasynth dedup: {verdicts}:3: verdict dated 2099-03-01, after today (" in captured.err
    assert captured.err.endswith("): the row counts, but check its date\n")
