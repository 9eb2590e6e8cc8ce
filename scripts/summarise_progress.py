"""Write results/progress.csv: where the review stands, step by step, and what each step waits for.

Inputs: results/ingest/report.csv, results/dedup/summary.csv, results/screening/status.csv,
results/synthesis/codings.csv, coding_todo.csv and unmapped_codes.csv, and the records, clusters
and search manifest (publications found by other methods only skip title/abstract screening),
results/confidence/soqf.csv and missing_judgements.csv (GRADE-CERQual);
the params carry what the table names of the ingest, dedup, screening, appraisal and synthesis
settings. Output:
results/progress.csv (columns in docs/data-contracts.md), read by the report's stage banner.
"""

import logging

from metasynth.progress import ProgressSettings, progress_table
from metasynth.screen.decisions import load_clusters
from metasynth.screen.prisma import read_other_methods
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.progress")


def main(smk):
    table = progress_table(
        ingest_report=read_table(smk.input.ingest_report),
        dedup_summary=read_table(smk.input.dedup_summary),
        status=read_table(smk.input.status),
        codings=read_table(smk.input.codings),
        coding_todo=read_table(smk.input.coding_todo),
        unmapped=read_table(smk.input.unmapped),
        findings=read_table(smk.input.findings),
        missing_judgements=read_table(smk.input.missing_judgements),
        other_methods=read_other_methods(
            smk.input.records,
            load_clusters(smk.input.clusters),
            (list(smk.input.manifest) or [None])[0],
        ),
        settings=ProgressSettings.from_config(
            ingest=smk.params.ingest,
            dedup=smk.params.dedup,
            screening=smk.params.screening,
            appraisal=smk.params.appraisal,
            synthesis=smk.params.synthesis,
            confidence=smk.params.confidence,
        ),
    )
    write_table(table, smk.output.progress)
    for row in table.to_dict("records"):
        if row["waiting_for"]:
            log.info("%s: %s", row["label"], row["waiting_for"])
    current = table[table["is_current"]].iloc[0]
    log.info("the review is at: %s (%s)", current["label"], current["state"])


run_rule(snakemake, main)
