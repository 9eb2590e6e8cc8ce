"""Write results/manifest.tsv: path, size and SHA-256 of every output of the workflow.

Inputs: every output file of every other rule (the last rule of the run). Output: the manifest,
sorted by path; `sha256_without_run_date` blanks the report's one marked run-date field, so two
runs of the same inputs agree on it for every file (`metasynth manifest compare`).
"""

from metasynth.manifest import output_manifest, write_manifest
from metasynth.workflow import run_rule


def main(smk):
    write_manifest(output_manifest(smk.input), smk.output.manifest)


run_rule(snakemake, main)
