"""Draw the framework figures: hierarchy tree, concept frequencies, study x sub-category heatmap,
concept co-occurrence network and the codes -> concepts -> sub-categories -> categories flow.

Inputs: results/synthesis/framework.csv, doc_concept_matrix.csv, codings.csv,
results/screening/studies.csv (the included studies numbered S1...Sn); the `figures.framework`
config section. Outputs: results/figures/framework_*.png/.svg/.pdf and .csv (the numbers shown).
"""

from pathlib import Path

from metasynth.figures.common import save_figures
from metasynth.figures.framework import FrameworkFigureSettings, framework_figures
from metasynth.tables import read_table
from metasynth.workflow import run_rule


def main(smk):
    figures = framework_figures(
        read_table(smk.input.framework),
        read_table(smk.input.matrix),
        read_table(smk.input.codings),
        read_table(smk.input.studies),
        FrameworkFigureSettings.from_config(smk.params.figures),
    )
    save_figures(figures, Path(smk.output[0]).parent)


run_rule(snakemake, main)
