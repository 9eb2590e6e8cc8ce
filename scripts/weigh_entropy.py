"""Shannon entropy weights of the concepts (or sub-categories, synthesis.entropy_level).

Inputs: codings.csv and the codebook. Writes entropy.csv: item, label, n_documents, n_codings,
entropy, divergence, weight, rank (weights empty until two documents are coded; the log says so).
"""

import logging

from metasynth.synthesise import FLOAT_FORMAT, SynthesisSettings, load_codebook, stable_floats
from metasynth.synthesise.aggregate import doc_concept_matrix
from metasynth.synthesise.entropy import entropy_weights
from metasynth.synthesise.shortfall import coded_documents, entropy_shortfall
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.synthesise")


def main(smk):
    level = SynthesisSettings.from_config(smk.params.synthesis).entropy_level
    codebook = load_codebook(smk.input.codebook)
    codings = read_table(smk.input.codings)
    matrix = doc_concept_matrix(codings, codebook, level=level)
    if (missing := entropy_shortfall(coded_documents(codings))) is not None:
        log.warning("entropy weights: %s", missing.message())
    entries = codebook.concepts if level == "concept" else codebook.subcategories
    table = entropy_weights(matrix, {e.id: e.label for e in entries})
    write_table(stable_floats(table), smk.output.entropy, float_format=FLOAT_FORMAT)


run_rule(snakemake, main)
