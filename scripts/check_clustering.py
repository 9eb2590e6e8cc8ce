"""Data-driven check of the categories: cluster the code texts, compare with the sub-categories.

Inputs: codings.csv and the codebook. Writes clustering_check.csv (adjusted Rand index,
purity per sub-category, codes that sit closer to another concept or far from their own).
"""

import logging

from metasynth.synthesise import FLOAT_FORMAT, SynthesisSettings, load_codebook, stable_floats
from metasynth.synthesise.clustering import CLUSTERING_COLUMNS, clustering_check
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.synthesise")


def main(smk):
    settings = SynthesisSettings.from_config(smk.params.synthesis).clustering
    if not settings.enabled:
        import pandas as pd

        log.info("clustering check disabled (synthesis.clustering.enabled: false)")
        write_table(pd.DataFrame(columns=list(CLUSTERING_COLUMNS)), smk.output.clustering)
        return
    table = clustering_check(
        read_table(smk.input.codings), load_codebook(smk.input.codebook), settings
    )
    write_table(stable_floats(table), smk.output.clustering, float_format=FLOAT_FORMAT)


run_rule(snakemake, main)
