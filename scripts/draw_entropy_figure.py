"""Draw the entropy-weight figure (concepts or sub-categories ranked by Shannon entropy weight).

Inputs: results/synthesis/entropy.csv and framework.csv (labels, categories). Outputs:
results/figures/framework_entropy.png/.svg/.pdf and .csv.
"""

from pathlib import Path

from metasynth.figures.agreement import entropy_figure
from metasynth.figures.common import save_figures
from metasynth.tables import read_table
from metasynth.workflow import run_rule


def main(smk):
    figures = entropy_figure(read_table(smk.input.entropy), read_table(smk.input.framework))
    save_figures(figures, Path(smk.output[0]).parent)


run_rule(snakemake, main)
