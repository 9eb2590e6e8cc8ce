"""Inter-coder reliability on the double-coded documents.

Inputs: codings.csv (every coder's codings) and the codebook. Writes reliability.csv: per pair of
coders, overall and per concept, percent agreement, Cohen's kappa and Krippendorff's alpha
(nominal) with Landis-Koch labels.
"""

import logging

from metasynth.synthesise import FLOAT_FORMAT, SynthesisSettings, load_codebook, stable_floats
from metasynth.synthesise.reliability import reliability_table, units_concepts
from metasynth.synthesise.shortfall import double_coded_documents, reliability_shortfall
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.synthesise")


def main(smk):
    settings = SynthesisSettings.from_config(smk.params.synthesis).reliability
    codebook = load_codebook(smk.input.codebook)
    codings = read_table(smk.input.codings)
    concepts = units_concepts(codings, codebook, settings.concepts)
    table = reliability_table(codings, concepts)
    if not concepts and double_coded_documents(codings):
        log.warning(
            "inter-coder reliability: no codebook concept to compare the coders on yet "
            "(synthesis.reliability.concepts: %s)",
            settings.concepts,
        )
    missing = reliability_shortfall(double_coded_documents(codings), settings.min_documents)
    if missing is not None:
        log.warning("inter-coder reliability: %s", missing.message())
    write_table(stable_floats(table), smk.output.reliability, float_format=FLOAT_FORMAT)


run_rule(snakemake, main)
