"""Appraise the full texts screening included, with the checklist the config names (or none).

Inputs: every file under data/appraisal/ (sub-folders too; a non-CSV file is refused),
results/dedup/clusters.csv (record_id → publication) and results/screening/screened.csv (the
states at the end of screening: an appraisal of a publication screening has not included at full
text is refused); the params carry the appraisal section and the reviewers. Outputs:
results/appraisal/appraisals.csv (one row per appraisal, with source file and line) and
results/appraisal/casp.csv (one row per publication: answers or scores, total, band, include
decision; with `appraisal.checklist: none`, every screened-in full text, "not appraised") and
results/appraisal/outcomes.csv (publications per band and decision).
"""

import logging

import pandas as pd

from metasynth.appraise import (
    AppraisalSettings,
    appraisal_columns,
    check_screened,
    not_appraised,
    outcome_table,
    read_appraisal_files,
    score_appraisals,
    summarise_appraisals,
)
from metasynth.errors import InputError
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
    screened = read_table(smk.input.screened)
    if not settings.appraises:
        if smk.input.appraisals:
            raise InputError(
                "appraisal.checklist is none, but this appraisal file is here: nothing would "
                "read it",
                file=smk.input.appraisals[0],
                hint="choose the checklist it answers (appraisal.checklist in "
                "config/config.yaml), or move the file out of the folder",
            )
        summary = not_appraised(screened)
        log.info("not appraised (appraisal.checklist: none): %d studies included", len(summary))
        write_table(pd.DataFrame(columns=appraisal_columns(None)), smk.output.appraisals)
        write_table(summary, smk.output.casp)
        write_table(outcome_table(summary), smk.output.outcomes)
        return
    reviewers = ScreeningSettings.from_config(smk.params.screening).reviewers
    members = cluster_map(load_clusters(smk.input.clusters))
    raw = read_appraisal_files(smk.input.appraisals, settings.checklist)
    appraisals = score_appraisals(raw, settings, members, reviewers)
    check_screened(appraisals, screened)
    summary = summarise_appraisals(appraisals, settings)
    log.info(
        "%d appraisals of %d publications (%s, decided by %s): %d include, %d exclude",
        len(appraisals),
        len(summary),
        settings.tool,
        settings.decide_by if settings.decide_by != "total" else f"{settings.scheme.name} total",
        int((summary["decision"] == "include").sum()),
        int((summary["decision"] == "exclude").sum()),
    )
    write_table(appraisals, smk.output.appraisals)
    write_table(summary, smk.output.casp)
    write_table(outcome_table(summary), smk.output.outcomes)


run_rule(snakemake, main)
