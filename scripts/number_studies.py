"""Number the included studies S1…Sn: the one numbering every figure and table uses.

Inputs: results/screening/included.csv and results/versions/publications.csv (an update numbers
its new studies after the previous ones). Output: results/screening/studies.csv (record_id,
study, label, review_version, is_new).
"""

import logging

from metasynth.screen.summary import study_numbers
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.screen")


def main(smk):
    studies = study_numbers(read_table(smk.input.included), read_table(smk.input.versions))
    log.info("%d included studies numbered, %d new", len(studies), int(studies["is_new"].sum()))
    write_table(studies, smk.output.studies)


run_rule(snakemake, main)
