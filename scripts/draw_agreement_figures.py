"""Draw the agreement figures: screeners' kappa and PABAK per stage, coders' kappa per concept.

Inputs: results/screening/kappa.csv, results/synthesis/reliability.csv and framework.csv.
Params: screening.reviewers_per_stage and synthesis.coders (one screener per publication, or
one coder: the empty figure says agreement is not part of the review, not "not yet").
Outputs: results/figures/agreement_screening.* and agreement_coding.* (PNG, SVG, PDF, CSV).
"""

from pathlib import Path

from metasynth.figures.agreement import agreement_figures
from metasynth.figures.common import save_figures
from metasynth.screen.settings import ScreeningSettings
from metasynth.synthesise.settings import SynthesisSettings
from metasynth.tables import read_table
from metasynth.workflow import run_rule


def main(smk):
    per_stage = ScreeningSettings.from_config(smk.params.screening).reviewers_per_stage
    figures = agreement_figures(
        read_table(smk.input.reliability),
        read_table(smk.input.kappa),
        read_table(smk.input.framework),
        single_screening=all(n == 1 for n in per_stage.values()),
        single_coder=len(SynthesisSettings.from_config(smk.params.synthesis).coders) == 1,
    )
    save_figures(figures, Path(smk.output[0]).parent)


run_rule(snakemake, main)
