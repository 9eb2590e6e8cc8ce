"""Reading Snakemake's dry run: jobs, their reasons split into causes, the inputs named.

The text is Snakemake 9's own (`snakemake -n` on a finished run of the default corpus after
`data/raw/wos_primary/savedrecs(2).txt` was deleted); the record of the last run is the JSON
Snakemake keeps in .snakemake/metadata/. tests/update/test_status.py asks a real Snakemake.
"""

from __future__ import annotations

import json
from base64 import urlsafe_b64encode
from pathlib import Path

from metasynth.dryrun import PACKAGE_CHANGED, PendingJob, explain, parse_dry_run

DRY_RUN = """\
Building DAG of jobs...
Job stats:
job                       count
----------------------  -------
ingest_exports                1
match_duplicates              1
all                           1
total                         3


[Sat Dec  5 01:22:09 2026]
rule ingest_exports:
    input: data/raw/wos_primary/savedrecs.txt, data/raw/wos_primary/savedrecs(1).txt, \
data/raw/wos_supplementary/savedrecs.txt, data/raw/searches.yaml
    output: results/ingest/records.parquet, results/ingest/records.csv
    log: results/logs/ingest_exports.log
    jobid: 1
    reason: Set of input files has changed since last execution
    resources: tmpdir=/tmp
[Sat Dec  5 01:22:19 2026]
rule match_duplicates:
    input: results/ingest/records.parquet, data/dedup/verdicts.csv, data/raw/searches.yaml
    output: results/dedup/clusters.csv
    log: results/logs/match_duplicates.log
    jobid: 2
    reason: Input files updated by another job: results/ingest/records.parquet
    resources: tmpdir=/tmp, mem_mb=515, mem=515 MB, mem_mib=492
[Sat Dec  5 01:22:19 2026]
localrule all:
    input: results/dedup/clusters.csv
    jobid: 0
    reason: Input files updated by another job: results/dedup/clusters.csv
    resources: tmpdir=/tmp
Job stats:
"""

RECORDED_INPUTS = [
    "data/raw/searches.yaml",
    "data/raw/wos_primary/savedrecs(1).txt",
    "data/raw/wos_primary/savedrecs(2).txt",
    "data/raw/wos_primary/savedrecs.txt",
    "data/raw/wos_supplementary/savedrecs.txt",
]


def _record(root: Path, output: str, inputs: list[str]) -> None:
    folder = root / ".snakemake" / "metadata"
    folder.mkdir(parents=True, exist_ok=True)
    name = urlsafe_b64encode(output.encode()).decode()
    (folder / name).write_text(json.dumps({"rule": "x", "input": inputs}), encoding="utf-8")


def test_the_jobs_are_read_with_their_inputs_and_without_the_target_rule() -> None:
    plan = parse_dry_run(DRY_RUN)
    assert plan.rules == ["ingest_exports", "match_duplicates"]
    ingest = plan.jobs[0]
    assert ingest.inputs[1] == "data/raw/wos_primary/savedrecs(1).txt"
    assert len(ingest.inputs) == 4
    assert plan.jobs[1].is_upstream_only and not ingest.is_upstream_only


def _job_text(rule: str, inputs: str, output: str) -> str:
    why = f"Missing output files: {output}"
    return f"rule {rule}:\n    input: {inputs}\n    output: {output}\n    reason: {why}\n"


def test_the_jobs_are_listed_in_the_order_the_workflow_runs_them() -> None:
    """Snakemake's own order changes from call to call; a job comes after those writing its
    inputs, and otherwise by rule name, so that two dry runs of one plan read the same."""
    jobs = [
        _job_text("report", "results/b.csv, results/a.csv", "results/report.html"),
        _job_text("make_b", "results/a.csv", "results/b.csv"),
        _job_text("draw", "data/x.csv", "results/fig.png"),
        _job_text("make_a", "data/x.csv", "results/a.csv"),
    ]
    orders = {tuple(parse_dry_run("".join(shuffled)).rules) for shuffled in (jobs, jobs[::-1])}
    assert orders == {("draw", "make_a", "make_b", "report")}


def test_an_input_gone_since_the_last_run_is_named_from_snakemakes_record(
    tmp_path: Path,
) -> None:
    _record(tmp_path, "results/ingest/records.parquet", RECORDED_INPUTS)
    ingest = parse_dry_run(DRY_RUN).jobs[0]
    assert explain(ingest, tmp_path) == ["input gone: data/raw/wos_primary/savedrecs(2).txt"]


def test_a_new_file_is_said_once_as_new_and_the_others_as_changed(tmp_path: Path) -> None:
    _record(tmp_path, "results/ingest/records.parquet", RECORDED_INPUTS)
    job = PendingJob(
        rule="ingest_exports",
        reason="Updated input files: data/raw/searches.yaml, data/raw/scopus/scopus.ris",
        outputs=("results/ingest/records.parquet",),
        inputs=(*RECORDED_INPUTS, "data/raw/scopus/scopus.ris"),
    )
    assert explain(job, tmp_path) == [
        "changed since the last run: data/raw/searches.yaml",
        "new input: data/raw/scopus/scopus.ris",
    ]


def test_without_a_record_the_changed_set_is_said_without_names(tmp_path: Path) -> None:
    ingest = parse_dry_run(DRY_RUN).jobs[0]
    assert explain(ingest, tmp_path) == ["its set of input files changed"]


def test_a_params_change_is_one_cause_even_when_its_values_hold_semicolons() -> None:
    job = PendingJob(
        rule="apply_eligibility",
        reason="Updated input files: data/screening/retrieval.csv; Params have changed since "
        "last execution: Union of exclusive params before and now across all output: before: "
        "{'note': 'a; b'} now: {'note': 'a'} ; Software environment definition has changed "
        "since last execution",
    )
    assert [cause.split(":")[0].split(" since")[0] for cause in job.causes] == [
        "Updated input files",
        "Params have changed",
        "Software environment definition has changed",
    ]
    assert explain(job) == [
        "changed since the last run: data/screening/retrieval.csv",
        "the settings it reads from the config changed",
        "software environment definition has changed since last execution",
    ]


def test_a_changed_metasynth_is_said_apart_from_changed_settings() -> None:
    before, now = (
        f"'metasynth package 0.1.0, files sha256:{digest}'"
        for digest in ("0123456789abcdef", "fedcba9876543210")
    )
    prefix = "Params have changed since last execution: Union of exclusive params before and "
    prefix += "now across all output: "
    package = PendingJob(rule="rank_queue", reason=f"{prefix}before: {before} now: {now} ")
    both = PendingJob(
        rule="rank_queue",
        reason=f"{prefix}before: {before},{{'c': 0.1}} now: {{'c': 0.2}},{now} ",
    )
    assert explain(package) == [PACKAGE_CHANGED]
    assert explain(both) == [PACKAGE_CHANGED, "the settings it reads from the config changed"]


def test_a_failed_plan_is_snakemakes_message_without_the_banner() -> None:
    text = (
        "Using workflow specific profile profiles/default for setting default command line "
        "arguments.\nError in the config: config/config.yaml key project/title: is empty: fill "
        "it in\n  what to do: the comments in the config say what each key takes\n"
    )
    plan = parse_dry_run(text, returncode=1)
    assert plan.error == (
        "Error in the config: config/config.yaml key project/title: is empty: fill it in\n"
        "  what to do: the comments in the config say what each key takes"
    )
    assert not plan.up_to_date
