"""Derive every publication's screening status and the audit trail from the decision files.

Inputs: results/screening/eligibility.csv, results/dedup/clusters.csv, results/dedup/
publications.parquet, every file under data/screening/ (sub-folders too; a non-CSV file is
refused), results/appraisal/appraisals.csv and casp.csv.
Outputs (results/screening/): status.csv, audit.csv, conflicts.csv, awaiting.csv, decisions.csv
(every validated decision with its publication), included.csv, notices.csv.
"""

import logging

from metasynth.appraise import AppraisalSettings
from metasynth.screen.decisions import (
    cluster_map,
    ignored_hand_files,
    load_clusters,
    read_decision_files,
    validate_decisions,
)
from metasynth.screen.reports import included_table, notices_table
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.state import derive_states
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.screen")


def main(smk):
    settings = ScreeningSettings.from_config(smk.params.screening)
    appraisal = AppraisalSettings.from_config(smk.params.appraisal)
    rules_source = smk.params.eligibility_source
    ignored = ignored_hand_files(settings.decisions_dir)
    log.info("%d file(s) under %s to read", len(smk.input.decisions), settings.decisions_dir)
    if ignored:
        log.info("not read (hidden, README or backup): %s", ", ".join(ignored))
    clusters = load_clusters(smk.input.clusters)
    decisions = validate_decisions(
        read_decision_files(smk.input.decisions), settings, cluster_map(clusters)
    )
    result = derive_states(
        read_table(smk.input.eligibility),
        clusters,
        decisions,
        read_table(smk.input.appraisals),
        read_table(smk.input.casp),
        settings,
        appraisal_exclusion_code=appraisal.exclusion_code,
        clusters_file=str(smk.input.clusters),
        rules_file=rules_source["file"],
        rule_lines=rules_source["lines"],
    )
    for notice in result.notices:
        log.warning("%s", notice)
    counts = result.status["status"].value_counts().sort_index()
    log.info("status counts: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    write_table(result.status, smk.output.status)
    write_table(result.audit, smk.output.audit)
    write_table(result.conflicts, smk.output.conflicts)
    write_table(result.awaiting, smk.output.awaiting)
    write_table(decisions, smk.output.decisions)
    write_table(notices_table(result.notices), smk.output.notices)
    included = included_table(
        result.status, read_table(smk.input.publications), read_table(smk.input.casp)
    )
    write_table(included, smk.output.included)


run_rule(snakemake, main)
