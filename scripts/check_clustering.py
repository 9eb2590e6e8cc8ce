"""Data-driven check of the categories: cluster the code texts, compare with the sub-categories.

Inputs: codings.csv and the codebook. Writes clustering_check.csv (adjusted Rand index,
purity per sub-category, codes that sit closer to another concept or far from their own); an
empty table when the check is disabled or there is not enough coding yet (the log says why).
"""

import logging

import pandas as pd

from metasynth.synthesise import FLOAT_FORMAT, SynthesisSettings, load_codebook, stable_floats
from metasynth.synthesise.clustering import CLUSTERING_COLUMNS, clustering_check, shortfall
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.synthesise")


def main(smk):
    settings = SynthesisSettings.from_config(smk.params.synthesis).clustering
    codings = read_table(smk.input.codings)
    empty = pd.DataFrame(columns=list(CLUSTERING_COLUMNS))
    if not settings.enabled:
        log.info("clustering check disabled (synthesis.clustering.enabled: false)")
        write_table(empty, smk.output.clustering)
        return
    if (missing := shortfall(codings)) is not None:
        log.warning("clustering check: %s", missing.message())
        write_table(empty, smk.output.clustering)
        return
    table = clustering_check(codings, load_codebook(smk.input.codebook), settings)
    write_table(stable_floats(table), smk.output.clustering, float_format=FLOAT_FORMAT)


run_rule(snakemake, main)
