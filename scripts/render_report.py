"""Render the self-contained report results/report.html from every stage's outputs.

Inputs: the screening, appraisal, synthesis and review-version tables (docs/data-contracts.md;
the named inputs of `metasynth.report.inputs.TABLES`), the figures (SVG or PNG,
`report.figure_format`) with their captions (workflow/report/*.rst), the codebook, every input
file of the run (for the checksums), and the paths the captions name (params.files). Output:
one HTML file with the figures embedded, no script and no external resource.
"""

from pathlib import Path

from metasynth.files import write_text
from metasynth.report import load_report_inputs, render_report
from metasynth.report.inputs import TABLES
from metasynth.workflow import run_rule


def main(smk):
    images = {Path(p).stem: p for p in smk.input.figures}
    captions = {Path(p).stem: p for p in smk.input.captions}
    inputs = load_report_inputs(
        {name: smk.input[name] for name in TABLES},
        config=smk.params.config,
        images=images,
        captions=captions,
        input_files=smk.input.input_files,
        codebook=smk.input.codebook,
        files={
            **smk.params.files,
            "status": smk.input.status,
            "figures": Path(smk.input.figures[0]).parent,
        },
    )
    write_text(render_report(inputs), smk.output.report)


run_rule(snakemake, main)
