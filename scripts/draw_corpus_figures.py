"""Draw the corpus figures: publications per year and by field, identified vs included.

Inputs: results/dedup/publications.parquet and results/screening/status.csv; the `figures.corpus`
config section (bars per figure). Outputs: results/figures/corpus_*.png/.svg/.pdf (fixed metadata,
byte-identical per run) and corpus_*.csv (the numbers each figure shows).
"""

from pathlib import Path

from metasynth.figures.common import save_figures
from metasynth.figures.corpus import CorpusFigureSettings, corpus_figures
from metasynth.tables import read_table
from metasynth.workflow import run_rule


def main(smk):
    figures = corpus_figures(
        read_table(smk.input.publications),
        read_table(smk.input.status),
        CorpusFigureSettings.from_config(smk.params.figures),
    )
    save_figures(figures, Path(smk.output[0]).parent)


run_rule(snakemake, main)
