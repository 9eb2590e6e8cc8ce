# Helpers shared by the stage files: the export files that ingestion depends on, and the config
# each rule reads.
#
# Config flows one way: a rule's `params:` carries what it reads of the config (settings() below)
# and its script builds the stage's typed settings from it (`XSettings.from_config(section)`).
# Snakemake reruns a job when its params change, so editing a value — in config/config.yaml or
# in a --configfile override — reruns exactly the rules that read it, and those downstream.
# Every rule also takes the metasynth package it runs as a param (METASYNTH below).

import os
import sys
from pathlib import Path

from metasynth.config import config_precedence, defining_file, existing_input
from metasynth.errors import InputError
from metasynth.hand_files import (
    files_not_listed,
    hand_edited_files,
    unlisted_coding_files,
)
from metasynth.ingest import discover_exports
from metasynth.ingest.parts import part_name
from metasynth.screen.reports import rule_lines
from metasynth.screen.settings import check_between_labels
from metasynth.workflow import package_fingerprint, rule_input


def settings(section, *keys):
    """The part of one config section that a job reads (the named keys, or the whole section
    when none are named); `validate` in the Snakefile has filled in the schema's defaults.
    """
    values = config[section]
    return {key: values[key] for key in keys} if keys else dict(values)


METASYNTH = package_fingerprint()
"""The metasynth package the rules run: its version and a digest of its files. A param of every
rule: Snakemake reruns a rule whose script changed, but knows nothing of the library the script
imports, so an upgraded (or edited) metasynth would otherwise leave results of the old code
looking up to date. Any change to the package reruns every rule (docs/new-review.md)."""


WORKFLOW_ROOT = Path(str(workflow.current_basedir)).parents[1]
"""The folder of metasynth's own Snakefile (a review project uses it as a module, from elsewhere)."""


def workflow_file(path):
    """A file of the workflow itself (a figure caption), as this run reaches it: relative to the
    project folder when the workflow is inside it, else absolute."""
    return _project_path(str(WORKFLOW_ROOT / path))


def config_files():
    """The config files of this run, lowest precedence first: the Snakefile's `configfile:`,
    then each --configfile (which override it key by key); relative to the project folder when
    they are inside it, as outputs cite them."""
    files = config_precedence(workflow.configfiles, workflow.overwrite_configfiles)
    return [_project_path(path) for path in files]


def _project_path(path):
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else Path(relative).as_posix()


def eligibility_source():
    """Where the automatic eligibility rules are written, for the audit trail: the config file
    that sets screening.eligibility (a --configfile override when it does) and each rule's line
    there. A param, so that moving a rule to another line re-derives the record states.
    """
    files = config_files()
    source = defining_file(files, ["screening", "eligibility"]) or files[0]
    rules = config["screening"]["eligibility"]
    lines = rule_lines(source, [rule["code"] for rule in rules])
    try:
        # checked while the run is planned, so the message names the rule's line in its file
        check_between_labels(rules, source, lines)
    except InputError as error:
        sys.exit(f"Error in the config: {error}")
    return {"file": source, "lines": lines}


def memory_mb(base_mb, mb_per_input_mb):
    """A job's memory request in MB for the cluster (profiles/slurm): what the job takes on a
    small input plus what it takes per MB of its input files, as measured in docs/benchmarks.md,
    and twice that when it is retried after running out."""

    def request(wildcards, input, attempt):
        return round(base_mb + mb_per_input_mb * input.size_mb) * attempt

    return request


def listed_inputs(list_files, *args, **kwargs):
    """The files `list_files(*args)` finds; a file it refuses while the workflow is planned (a
    broken link, a pipe, braces in its name: `rule_input`) stops the run with the message
    alone, without Python's traceback.
    """
    try:
        return [rule_input(p) for p in list_files(*args, **kwargs)]
    except InputError as error:
        sys.exit(f"Error: {error}")


def config_input(*keys):
    """The file a config setting names (its section, keys and list indexes), as a rule's input.
    A file that is not there stops the run naming the setting and its line: Snakemake itself
    does not miss the input of a job whose outputs exist, and would keep what it made from it.
    """
    value = config
    for key in keys:
        value = value[key]
    try:
        return rule_input(existing_input(config_files(), keys, str(value)))
    except InputError as error:
        sys.exit(f"Error: {error}")


def coding_sources():
    """The coding sources of synthesis.sources (`config_input` each)."""
    sources = config["synthesis"]["sources"]
    return [
        config_input("synthesis", "sources", i, "path") for i in range(len(sources))
    ]


def _other_stage_folders(*leave):
    """The folders of the stages whose files are found by folder (exports, decisions,
    appraisals) and results/: left out when they lie inside a folder searched for unread files.
    """
    stages = [
        config["ingest"]["raw_dir"],
        config["screening"]["decisions_dir"],
        config["appraisal"]["appraisal_dir"],
        "results",
    ]
    return [*stages, *leave]


def _coding_folders():
    synthesis = config["synthesis"]
    paths = [
        synthesis["codebook"],
        *(source["path"] for source in synthesis["sources"]),
    ]
    return {os.path.dirname(path) for path in paths}


def coding_files_not_listed():
    """The files beside the coding sources and the codebook that no stage reads
    (`metasynth.hand_files.unlisted_coding_files`): inputs of the import, so that one put there
    re-runs it, and it refuses or warns about each by name instead of leaving it out unsaid.
    """
    synthesis, confidence = config["synthesis"], config["confidence"]
    verdicts = config["dedup"]["verdicts"]
    return listed_inputs(
        unlisted_coding_files,
        synthesis["sources"],
        synthesis["codebook"],
        also_read=[confidence["findings"], confidence["judgements"], verdicts],
        skip=_other_stage_folders(os.path.dirname(verdicts)),
    )


def verdict_files_not_listed():
    """The files beside the duplicate verdicts that no stage reads (`files_not_listed`); none
    when the verdicts share a folder with the coding, whose check covers that folder."""
    verdicts = config["dedup"]["verdicts"]
    folder = os.path.dirname(verdicts)
    if folder in _coding_folders():
        return []
    skip = _other_stage_folders(*_coding_folders())
    return listed_inputs(files_not_listed, folder, [verdicts], skip=skip)


def hand_files(folder):
    """Every hand-edited table under a decisions or appraisal folder (`hand_edited_files`)."""
    return listed_inputs(hand_edited_files, folder)


def export_files():
    """Every search export under the raw folder, sorted, so a new file re-runs ingestion."""
    ingest = config["ingest"]
    return listed_inputs(discover_exports, ingest["raw_dir"], ingest["ignore"])


def _above(threshold_mb):
    """Whether the exports add up to more than a threshold of config `jobs` (None: never)."""
    if threshold_mb is None:
        return False
    return sum(os.path.getsize(path) for path in export_files()) / 1e6 > threshold_mb


def export_parts():
    """Part name -> export file, in path order, when each export is read in a job of its own
    (several files, more than jobs.ingest_per_file_above_mb in all); else empty."""
    files = export_files()
    if len(files) < 2 or not _above(config["jobs"]["ingest_per_file_above_mb"]):
        return {}
    return {part_name(path, config["ingest"]["raw_dir"]): path for path in files}


def dedup_partitions():
    """The partitions whose candidate pairs are scored in jobs of their own (0, 1, ...), when
    the exports add up to more than jobs.dedup_partitions_above_mb; else none (one job).
    """
    jobs = config["jobs"]
    if not _above(jobs["dedup_partitions_above_mb"]):
        return []
    return list(range(jobs["dedup_partitions"]))


def search_manifest():
    """The search-run manifest, when the raw folder has one (it fills `search_run`)."""
    path = Path(config["ingest"]["raw_dir"]) / "searches.yaml"
    return [str(path)] if path.is_file() else []


def confidence_files():
    """The findings and judgements files that exist (a review without them yet still runs)."""
    section = config["confidence"]
    return {
        key: section[key]
        for key in ("findings", "judgements")
        if os.path.exists(section[key])
    }
