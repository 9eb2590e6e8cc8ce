"""What the latest review version adds to the synthesis: the concepts its new studies support and
the codes only new studies carry.

Inputs: results/synthesis/framework.csv, codings.csv and results/screening/studies.csv (which
included studies the latest version found first). Outputs (results/synthesis/):
concept_versions.csv (per concept: supporting studies of earlier versions, new, all, the new
record_ids) and new_codes.csv (codes whose framework codings are all on new studies).
"""

import logging

from metasynth.synthesise.update import concept_versions, new_codes, new_studies
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.synthesise")


def main(smk):
    studies = read_table(smk.input.studies)
    concepts = concept_versions(read_table(smk.input.framework), studies)
    codes = new_codes(read_table(smk.input.codings), studies)
    log.info(
        "%d new stud(ies) support %d concept(s) and carry %d code(s) no earlier study has",
        len(new_studies(studies)),
        int((concepts["n_documents_new"] > 0).sum()),
        len(codes),
    )
    write_table(concepts, smk.output.concepts)
    write_table(codes, smk.output.codes)


run_rule(snakemake, main)
