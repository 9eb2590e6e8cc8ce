"""Draw the agreement figures: screeners' kappa and PABAK per stage, coders' kappa per concept.

Inputs: results/screening/kappa.csv, results/synthesis/reliability.csv and framework.csv.
Outputs: results/figures/agreement_screening.* and agreement_coding.* (PNG, SVG, PDF, CSV).
"""

from pathlib import Path

from metasynth.figures.agreement import agreement_figures
from metasynth.figures.common import save_figures
from metasynth.tables import read_table
from metasynth.workflow import run_rule


def main(smk):
    figures = agreement_figures(
        read_table(smk.input.reliability),
        read_table(smk.input.kappa),
        read_table(smk.input.framework),
    )
    save_figures(figures, Path(smk.output[0]).parent)


run_rule(snakemake, main)
