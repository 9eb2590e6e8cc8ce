"""Rank the publications awaiting a title/abstract decision; write the ASReview LAB export.

Inputs: results/dedup/publications.parquet, results/screening/status.csv and awaiting.csv;
results/ingest/records.parquet, results/dedup/clusters.csv and the search manifest (publications
found by other methods only are not screened at title/abstract, so not ranked nor learnt from).
Outputs: results/screening/queue.csv (ranked, with the method used) and
results/screening/asreview.csv (every screened publication, labelled where settled).
"""

import logging

from metasynth.screen.decisions import load_clusters
from metasynth.screen.prisma import read_other_methods
from metasynth.screen.queue import PUBLICATION_COLUMNS, queue_tables
from metasynth.screen.settings import ScreeningSettings
from metasynth.tables import read_table, write_csv_slices
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.screen")


def main(smk):
    settings = ScreeningSettings.from_config(smk.params.screening)
    tables = queue_tables(
        read_table(smk.input.publications, columns=PUBLICATION_COLUMNS),
        read_table(smk.input.status),
        read_table(smk.input.awaiting),
        settings.queue,
        query=smk.params.review_question,
        other_methods=read_other_methods(
            smk.input.records,
            load_clusters(smk.input.clusters),
            (list(smk.input.manifest) or [None])[0],
        ),
    )
    log.info("queue: %d publications awaiting title/abstract (%s)", tables.n_queued, tables.method)
    write_csv_slices(tables.queue, smk.output.queue)
    write_csv_slices(tables.export, smk.output.asreview)


run_rule(snakemake, main)
