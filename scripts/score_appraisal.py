"""Score the CASP appraisals under data/appraisal/ with the configured scheme, after screening.

Inputs: every file under data/appraisal/ (sub-folders too; a non-CSV file is refused),
results/dedup/clusters.csv (record_id → publication) and results/screening/screened.csv (the
states at the end of screening: an appraisal of a publication screening has not included at full
text is refused); the params carry the appraisal section and the reviewers. Outputs:
results/appraisal/appraisals.csv (one row per appraisal, with source file and line) and
results/appraisal/casp.csv (one row per publication: scores, total, band, include decision) and
results/appraisal/outcomes.csv (publications per band and decision).
"""

import logging

from metasynth.appraise import (
    AppraisalSettings,
    check_screened,
    outcome_table,
    read_appraisal_files,
    score_appraisals,
    summarise_appraisals,
)
from metasynth.hand_files import ignored_hand_files
from metasynth.screen.decisions import cluster_map, load_clusters
from metasynth.screen.settings import ScreeningSettings
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.appraise")


def main(smk):
    settings = AppraisalSettings.from_config(smk.params.appraisal)
    ignored = ignored_hand_files(settings.appraisal_dir)
    log.info("%d file(s) under %s to read", len(smk.input.appraisals), settings.appraisal_dir)
    if ignored:
        log.info("not read (hidden, README or backup): %s", ", ".join(ignored))
    reviewers = ScreeningSettings.from_config(smk.params.screening).reviewers
    members = cluster_map(load_clusters(smk.input.clusters))
    raw = read_appraisal_files(smk.input.appraisals)
    appraisals = score_appraisals(raw, settings, members, reviewers)
    check_screened(appraisals, read_table(smk.input.screened))
    summary = summarise_appraisals(appraisals, settings)
    log.info(
        "%d appraisals of %d publications (%s scheme): %d include, %d exclude",
        len(appraisals),
        len(summary),
        settings.scheme.name,
        int((summary["decision"] == "include").sum()),
        int((summary["decision"] == "exclude").sum()),
    )
    write_table(appraisals, smk.output.appraisals)
    write_table(summary, smk.output.casp)
    write_table(outcome_table(summary), smk.output.outcomes)


run_rule(snakemake, main)
