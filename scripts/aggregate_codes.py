"""Aggregate the mapped codings into the framework and the document × concept matrix.

Inputs: codings.csv and the codebook. Writes framework.csv (category, sub-category and concept
rows with supporting documents, codings and record_ids), framework.md, framework.tex and
doc_concept_matrix.csv.
"""

from metasynth.files import write_text
from metasynth.synthesise import load_codebook
from metasynth.synthesise.aggregate import (
    doc_concept_matrix,
    framework_latex,
    framework_markdown,
    framework_table,
)
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule


def main(smk):
    codebook = load_codebook(smk.input.codebook)
    codings = read_table(smk.input.codings)
    framework = framework_table(codings, codebook)
    matrix = doc_concept_matrix(codings, codebook, level="concept")
    write_table(framework, smk.output.framework)
    markdown = framework_markdown(framework, n_documents=len(matrix), codings=codings)
    write_text(markdown, smk.output.markdown)
    write_text(framework_latex(framework), smk.output.latex)
    write_table(matrix, smk.output.matrix)


run_rule(snakemake, main)
