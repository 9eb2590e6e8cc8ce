"""Draw the PRISMA 2020 flow diagram from results/screening/prisma_counts.csv.

Outputs: results/figures/prisma.png, .svg and .pdf (fixed metadata, byte-identical per run).
"""

from pathlib import Path

from metasynth.figures import style
from metasynth.figures.prisma import draw_prisma
from metasynth.screen.prisma_checks import check_invariants
from metasynth.screen.prisma_table import from_frame
from metasynth.tables import read_table
from metasynth.workflow import run_rule


def main(smk):
    counts = from_frame(read_table(smk.input.counts), file=str(smk.input.counts))
    check_invariants(counts)  # the arithmetic again, on what the figure will show
    figure = draw_prisma(counts)
    stem = Path(smk.output.png).with_suffix("")
    style.savefig(figure, stem, formats=("png", "svg", "pdf"))


run_rule(snakemake, main)
