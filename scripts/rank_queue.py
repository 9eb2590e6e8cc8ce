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
from metasynth.screen.queue import build_queue
from metasynth.screen.settings import ScreeningSettings
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.screen")


def main(smk):
    settings = ScreeningSettings.from_config(smk.params.screening)
    queue, export = build_queue(
        read_table(smk.input.publications),
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
    method = queue["rank_method"].iloc[0] if len(queue) else "nothing awaits a decision"
    log.info("queue: %d publications awaiting title/abstract (%s)", len(queue), method)
    write_table(queue, smk.output.queue)
    write_table(export, smk.output.asreview)


run_rule(snakemake, main)
