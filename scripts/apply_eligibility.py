"""Apply the configured automatic eligibility rules to every publication.

Input: results/dedup/publications.parquet. Output: results/screening/eligibility.csv (record_id,
eligible, reason, reasons, detail) — PRISMA's "records marked as ineligible by automation tools".
"""

import logging

from metasynth.screen.eligibility import apply_eligibility, eligibility_columns
from metasynth.screen.settings import ScreeningSettings
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.screen")


def main(smk):
    settings = ScreeningSettings.from_config(smk.params.screening)
    # only the columns the rules test: every column of a million publications takes gigabytes
    columns = eligibility_columns(settings.rules)
    publications = read_table(smk.input.publications, columns=columns)
    eligibility = apply_eligibility(publications, settings.rules)
    n_excluded = int((~eligibility["eligible"]).sum())
    log.info("%d of %d publications excluded automatically", n_excluded, len(eligibility))
    write_table(eligibility, smk.output.eligibility)


run_rule(snakemake, main)
