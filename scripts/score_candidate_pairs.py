"""Score one partition of the fuzzy pass's candidate pairs (deduplication cut into jobs).

Input: the records table (`rules.ingest_exports.output.records`). Output:
results/dedup/partitions/<partition>.parquet, the partition's scored pairs (the `score_pairs`
table: left, right, score, support, evidence, outcome), which `match_duplicates` reads with the
other partitions'. Settings: the `dedup` section and the number of partitions (config
`jobs.dedup_partitions`), the rule's params. All logic is in `metasynth.dedup.partition`.
"""

import logging

from metasynth.dedup.partition import score_partition
from metasynth.dedup.prepare import MATCH_COLUMNS
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.dedup")


def main(smk):
    partition = int(smk.wildcards.partition)
    n_partitions = int(smk.params.n_partitions)
    table = score_partition(
        # the columns matching uses: a partition builds no publications
        read_table(smk.input.records, columns=MATCH_COLUMNS),
        smk.params.dedup,
        partition,
        n_partitions,
        records_file=smk.input.records,
    )
    write_table(table, smk.output.pairs)
    log.info("dedup: partition %d of %d: %d pair(s) kept", partition + 1, n_partitions, len(table))


run_rule(snakemake, main)
