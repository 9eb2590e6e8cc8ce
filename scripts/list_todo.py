"""Write the to-do list of every stage under results/todo/, most useful first.

Inputs: results/screening/queue.csv, conflicts.csv and awaiting.csv, results/dedup/
publications.parquet, results/versions/publications.csv, results/synthesis/coding_todo.csv and
unmapped_codes.csv; the params carry what the lists name of the screening, appraisal and
synthesis settings (reviewers, where decisions, appraisals and codes are written).
Outputs: results/todo/title_abstract.csv, retrieval.csv, full_text.csv, appraisal.csv and
coding.csv (columns in docs/data-contracts.md).
"""

import logging

from metasynth.tables import read_table, write_table
from metasynth.todo import TodoSettings, build_todo
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.todo")


def main(smk):
    lists = build_todo(
        queue=read_table(smk.input.queue),
        conflicts=read_table(smk.input.conflicts),
        awaiting=read_table(smk.input.awaiting),
        publications=read_table(smk.input.publications),
        versions=read_table(smk.input.versions),
        coding_todo=read_table(smk.input.coding_todo),
        unmapped=read_table(smk.input.unmapped),
        settings=TodoSettings.from_config(
            screening=smk.params.screening,
            appraisal=smk.params.appraisal,
            synthesis=smk.params.synthesis,
        ),
    )
    for stage, frame in lists.items():
        write_table(frame, smk.output[stage])
    log.info("to do: %s", lists.describe())


run_rule(snakemake, main)
