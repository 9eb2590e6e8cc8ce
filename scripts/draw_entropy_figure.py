"""Draw the entropy-weight figure: each concept's (or sub-category's) prevalence beside its
Shannon entropy weight, in codebook order.

Inputs: results/synthesis/entropy.csv, framework.csv (labels, categories) and the included
studies (results/screening/studies.csv, for the share of studies). Outputs:
results/figures/framework_entropy.png/.svg/.pdf and .csv.
"""

from pathlib import Path

from metasynth.figures.agreement import entropy_figure
from metasynth.figures.common import save_figures
from metasynth.tables import read_table
from metasynth.workflow import run_rule


def main(smk):
    figures = entropy_figure(
        read_table(smk.input.entropy),
        read_table(smk.input.framework),
        len(read_table(smk.input.studies)),
    )
    save_figures(figures, Path(smk.output[0]).parent)


run_rule(snakemake, main)
