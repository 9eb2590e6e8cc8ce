"""Count the PRISMA 2020 boxes from the record states and check that they add up.

Inputs: results/ingest/records.parquet (entries), results/dedup/clusters.csv and
results/screening/status.csv. Outputs: results/screening/prisma.csv (PRISMA2020 schema: data, n)
and results/screening/prisma_checks.csv (every invariant with its numbers). A broken invariant
stops the run with the equation that failed.
"""

import logging

from metasynth.screen.decisions import cluster_map, load_clusters
from metasynth.screen.prisma import check_invariants, count_prisma, to_frame
from metasynth.screen.reports import prisma_labels
from metasynth.screen.settings import ScreeningSettings
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.screen")


def main(smk):
    settings = ScreeningSettings.from_config(smk.config)
    records = read_table(smk.input.records)
    members = cluster_map(load_clusters(smk.input.clusters))
    entries = records[[c for c in ("record_id", "database", "search_run") if c in records]]
    entries = entries.assign(publication_id=entries["record_id"].map(members))
    status = read_table(smk.input.status)
    full_text, automatic = prisma_labels(settings)
    counts = count_prisma(
        entries,
        status,
        full_text_labels=full_text,
        automatic_labels=automatic,
        appraisal_label=smk.config["appraisal"]["exclusion_label"],
    )
    checks = check_invariants(counts, entries, status)
    log.info(
        "PRISMA: %d identified, %d screened, %d included; %d checks hold",
        counts.identified,
        counts.screened,
        counts.included,
        len(checks),
    )
    write_table(to_frame(counts), smk.output.prisma)
    write_table(checks, smk.output.checks)


run_rule(snakemake, main)
