"""Summarise the screening outcome in the tables the report and `metasynth status` read.

Inputs: results/screening/status.csv and results/versions/publications.csv; the screening rules
and reasons and the appraisal's exclusion reason (params). Outputs (results/screening/):
reasons.csv (every reason code with its label, by stage), exclusions.csv (excluded publications
per stage and reason, with the label) and status_counts.csv (publications per status, all and
new in the latest review version).
"""

import logging

from metasynth.appraise import AppraisalSettings
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.summary import exclusion_table, reason_table, status_counts
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.screen")


def main(smk):
    settings = ScreeningSettings.from_config(smk.params.screening)
    appraisal = AppraisalSettings.from_config(smk.params.appraisal)
    status = read_table(smk.input.status)
    reasons = reason_table(
        settings,
        appraisal_code=appraisal.exclusion_code,
        appraisal_label=appraisal.exclusion_label,
    )
    exclusions = exclusion_table(status, reasons, appraisal_label=appraisal.exclusion_label)
    counts = status_counts(status, read_table(smk.input.versions))
    log.info(
        "%d publications excluded for %d reason(s) at %d stage(s)",
        int(exclusions["n_publications"].sum()),
        len(exclusions),
        exclusions["stage"].nunique(),
    )
    write_table(reasons, smk.output.reasons)
    write_table(exclusions, smk.output.exclusions)
    write_table(counts, smk.output.status_counts)


run_rule(snakemake, main)
