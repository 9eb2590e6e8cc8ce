"""Deduplicate the records table: results/ingest/records.parquet -> results/dedup/.

Inputs: the records table (`rules.ingest_exports.output.records`), the reviewers' verdicts
(`data/dedup/verdicts.csv`) and, when there is one, the search manifest (its review versions
keep each publication's primary among the records of the earliest version). Outputs
(docs/data-contracts.md, "results/dedup"): clusters.csv, review.csv, publications.parquet and
.csv, summary.csv. When the candidate pairs were scored in partitions (config
`jobs.dedup_partitions_above_mb`), the partitions' scored pairs are inputs too and stand in for
the fuzzy pass's scoring (`metasynth.dedup.partition`). All logic is in `metasynth.dedup`; run
it outside Snakemake with `metasynth dedup RECORDS --out-dir DIR`. Settings: the `dedup` section
(the rule's params), read by `DedupSettings.from_config`. Tables beside the verdicts file that
dedup.verdicts does not name (`smk.input.unlisted`) are refused: their verdicts would be lost.
"""

import logging

from metasynth.dedup import deduplicate, read_verdicts
from metasynth.dedup.partition import union_scorer
from metasynth.dedup.score import score_pairs
from metasynth.dedup.verdicts import check_unlisted_verdicts
from metasynth.searches import load_searches
from metasynth.tables import map_large_blocks, read_table, table_columns, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.dedup")


def main(smk):
    map_large_blocks()  # the records and their publications: gigabytes for a million
    for notice in check_unlisted_verdicts(smk.input.get("unlisted", []), smk.input.verdicts):
        log.warning("%s", notice)
    verdicts = read_verdicts(smk.input.verdicts)
    manifest = list(smk.input.get("manifest", []))
    runs = load_searches(manifest[0]) if manifest else []
    partitions = list(smk.input.get("partitions", []))
    score = union_scorer([read_table(p) for p in partitions]) if partitions else score_pairs
    result = deduplicate(
        # the columns matching uses first, the others when the publications are built
        table_columns(smk.input.records),
        verdicts,
        smk.params.dedup,
        records_file=smk.input.records,
        verdicts_file=smk.input.verdicts,
        progress=lambda step: log.info("dedup: %s", step),
        run_versions={run.id: run.review_version for run in runs},
        score=score,
    )
    for notice in result.notices:
        log.warning("%s", notice)
    write_table(result.clusters, smk.output.clusters)
    write_table(result.review, smk.output.review)
    write_table(result.publications, smk.output.publications)
    write_table(result.publications, smk.output.publications_csv)
    write_table(result.summary, smk.output.summary)
    log.info("dedup: %s", result.describe())


run_rule(snakemake, main)
