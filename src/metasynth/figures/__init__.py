"""Figures: one module per figure, all drawn through the shared style in `metasynth.figures.style`.

`style` fixes the palette (colour-blind safe), the journal column sizes, the fonts and the file
metadata so that every PNG, SVG and PDF is byte-identical from run to run; `prisma` draws the
PRISMA 2020 flow diagram from the counts in `results/screening/prisma.csv`.
"""
