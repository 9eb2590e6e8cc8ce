"""Inter-rater agreement (Cohen's kappa, percent agreement, PABAK) per stage and reviewer pair.

Input: results/screening/decisions.csv. Output: results/screening/kappa.csv.
"""

import logging

from metasynth.screen.agreement import compute_agreement
from metasynth.screen.decisions import read_decisions
from metasynth.screen.settings import ScreeningSettings
from metasynth.tables import write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.screen")


def main(smk):
    settings = ScreeningSettings.from_config(smk.params.screening)
    decisions = read_decisions(smk.input.decisions)
    kappa = compute_agreement(decisions, maybe_as=settings.maybe_as)
    for row in kappa.to_dict("records"):
        log.info(
            "%s %s/%s: kappa %s (%s), %s%% agreement, PABAK %s, n=%s",
            row["stage"],
            row["reviewer_a"],
            row["reviewer_b"],
            row["kappa"],
            row["landis_koch"],
            row["percent_agreement"],
            row["pabak"],
            row["n_publications"],
        )
    write_table(kappa, smk.output.kappa)


run_rule(snakemake, main)
