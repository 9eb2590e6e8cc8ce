"""Config flows one way: a rule reruns when, and only when, a setting it reads changes.

Each rule's `params:` carries what it reads of the config (workflow/rules/common.smk), so
Snakemake's own params tracking decides what a config edit or a `--configfile` override reruns;
and the metasynth package it runs (its fingerprint), so that an upgrade reruns everything.
These tests change the config of a finished run of the default corpus and ask Snakemake (a dry
run) what it would run. Slow: they share one run of the whole workflow.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from metasynth.dryrun import PACKAGE_CHANGED, dry_run, explain, parse_dry_run
from metasynth.tables import read_table
from metasynth.validation import yaml_line

pytestmark = pytest.mark.slow

ENTROPY_RULES = ["weigh_entropy", "draw_entropy_figure", "render_report", "write_manifest"]


Snakemake = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def project(finished_run: Path, copy_run: Callable[[Path, Path], Path], tmp_path: Path) -> Path:
    return copy_run(finished_run, tmp_path / "project")


def test_a_finished_run_is_up_to_date(project: Path) -> None:
    assert dry_run(project).up_to_date


def test_an_upgraded_metasynth_reruns_every_rule_and_says_so(
    project: Path, run_snakemake: Snakemake
) -> None:
    """Snakemake tracks a rule's script but not the library it imports: the package's
    fingerprint, a param of every rule, makes a changed metasynth (here one module of the
    checkout the workflow runs, edited as `git pull` would) rerun everything it made."""
    every_job = parse_dry_run(run_snakemake(project, "-n", "--forceall", "--cores", "1").stdout)
    module = project / "src/metasynth/screen/queue.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    plan = dry_run(project)
    assert plan.error == ""
    assert sorted(plan.rules) == sorted(every_job.rules)
    # a job after a rerun one says only that (its input is remade); the first ones say why
    first = [j for j in plan.jobs if not j.reason.startswith("Input files updated by another")]
    assert "ingest_exports" in [job.rule for job in first]
    assert {tuple(explain(job, project)) for job in first} == {(PACKAGE_CHANGED,)}


def test_an_override_of_the_entropy_level_reruns_only_the_entropy_rules(project: Path) -> None:
    override = project / "override.yaml"
    override.write_text("synthesis:\n  entropy_level: subcategory\n", encoding="utf-8")
    plan = dry_run(project, configfiles=[override.name])
    assert plan.error == ""
    assert sorted(plan.rules) == sorted(ENTROPY_RULES)
    reason = plan.jobs[plan.rules.index("weigh_entropy")].reason
    assert reason.startswith("Params have changed since last execution")
    assert "'entropy_level': 'subcategory'" in reason


def test_an_override_of_the_appraisal_label_leaves_the_scores_alone(project: Path) -> None:
    override = project / "override.yaml"
    override.write_text('appraisal:\n  exclusion_label: "Low quality"\n', encoding="utf-8")
    plan = dry_run(project, configfiles=[override.name])
    assert plan.error == ""
    # the label is read where the exclusions are counted and shown, not where scores are made
    assert sorted(plan.rules) == sorted(
        ["count_prisma", "summarise_screening", "draw_prisma", "render_report", "write_manifest"]
    )


def test_the_same_edit_in_the_config_file_reruns_the_same_rules(project: Path) -> None:
    config = project / "config" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  entropy_level: concept\n", "  entropy_level: subcategory\n"),
        encoding="utf-8",
    )
    # the report also lists the checksum of every input file, the config among them
    assert sorted(dry_run(project).rules) == sorted(ENTROPY_RULES)


def test_a_comment_added_to_the_config_reruns_no_stage(project: Path) -> None:
    config = project / "config" / "config.yaml"
    with config.open("a", encoding="utf-8") as handle:
        handle.write("# a note that changes no setting\n")
    plan = dry_run(project)
    # only the report, which prints the checksum of every input file, the config among them
    assert plan.rules == ["render_report", "write_manifest"]
    assert plan.jobs[0].reason == "Updated input files: config/config.yaml"


def test_the_audit_trail_cites_the_override_that_sets_the_eligibility_rules(
    project: Path, run_snakemake: Snakemake
) -> None:
    override = project / "override.yaml"
    override.write_text(
        "# stricter years\nscreening:\n  eligibility:\n"
        '    - {code: year_range, label: "Published outside 2005-2023", field: year,'
        " between: [2005, 2023]}\n",
        encoding="utf-8",
    )
    plan = dry_run(project, configfiles=[override.name])
    assert {"apply_eligibility", "derive_record_states"} <= set(plan.rules)
    assert "match_duplicates" not in plan.rules
    status = "results/screening/status.csv"
    result = run_snakemake(project, status, "--cores", "1", "--configfile", override.name)
    assert result.returncode == 0, result.stderr[-3000:]
    audit = read_table(project / "results" / "screening" / "audit.csv")
    hits = audit[audit["event"] == "rule_hit"]
    assert set(hits["source_file"]) == {"override.yaml"}
    line = yaml_line(override, ["screening", "eligibility", 0])
    assert line == 4
    assert set(hits["source_line"].astype(int)) == {line}
