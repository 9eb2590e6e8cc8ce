"""Write results/manifest.tsv: path, size and SHA-256 of every output of the workflow.

Inputs: every output file of every other rule (the last rule of the run). Output: the manifest,
sorted by path; the report is digested with its one marked run-date field blanked
(run_date_masked = yes), so two runs of the same inputs write the same manifest
(`metasynth manifest compare`).
"""

from metasynth.manifest import output_manifest, write_manifest
from metasynth.workflow import run_rule


def main(smk):
    write_manifest(output_manifest(smk.input), smk.output.manifest)


run_rule(snakemake, main)
