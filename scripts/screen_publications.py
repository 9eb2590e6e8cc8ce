"""Screening: each publication's state once the reviewers' decisions are settled, before appraisal.

Inputs: results/screening/eligibility.csv, results/dedup/clusters.csv, every file under
data/screening/ (sub-folders too; a non-CSV file is refused), results/ingest/records.parquet and
the search manifest (publications found by other methods only start at retrieval); the params
carry the screening settings (reasons, reviewers, reviewers per stage) and where the eligibility
rules are written.
Outputs (results/screening/): decisions.csv (every validated decision with its publication),
conflicts.csv (open conflicts) and screened.csv (each publication's state at the end of
screening: a full text included there is awaiting_appraisal), which the appraisal stage reads.
"""

import logging

from metasynth.hand_files import ignored_hand_files
from metasynth.screen.decisions import (
    cluster_map,
    load_clusters,
    load_decisions,
)
from metasynth.screen.prisma import read_other_methods
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.state import derive_states
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.screen")


def main(smk):
    settings = ScreeningSettings.from_config(smk.params.screening)
    rules_source = smk.params.eligibility_source
    ignored = ignored_hand_files(settings.decisions_dir)
    log.info("%d file(s) under %s to read", len(smk.input.decisions), settings.decisions_dir)
    if ignored:
        log.info("not read (hidden, README or backup): %s", ", ".join(ignored))
    clusters = load_clusters(smk.input.clusters)
    decisions = load_decisions(smk.input.decisions, settings, cluster_map(clusters))
    result = derive_states(
        read_table(smk.input.eligibility),
        clusters,
        decisions,
        settings,
        clusters_file=str(smk.input.clusters),
        rules_file=rules_source["file"],
        rule_lines=rules_source["lines"],
        other_methods=read_other_methods(
            smk.input.records, clusters, (list(smk.input.manifest) or [None])[0]
        ),
    )
    counts = result.status["status"].value_counts().sort_index()
    log.info("after screening: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    log.info("%d open conflict(s)", len(result.conflicts))
    write_table(decisions, smk.output.decisions)
    write_table(result.conflicts, smk.output.conflicts)
    write_table(result.status, smk.output.screened)


run_rule(snakemake, main)
