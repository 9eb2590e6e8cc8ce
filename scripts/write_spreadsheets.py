"""Write an Excel workbook beside each table reviewers open (rule write_spreadsheets).

Inputs: results/todo/*.csv, results/dedup/review.csv, results/screening/included.csv.
Outputs: the same names with .xlsx: one worksheet, priorities, counts, years and scores as number
cells, every other cell text as in the CSV, the same bytes on every run
(metasynth.interop.workbook).
"""

import logging

from metasynth.interop.workbook import EXCEL_CELL_LIMIT, write_workbook
from metasynth.tables import read_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.interop")


def main(smk):
    for name, path in smk.input.items():
        table = read_table(path)
        changed = write_workbook(table, smk.output[name], sheet_name=name)
        log.info("%s: %d row(s) → %s", path, len(table), smk.output[name])
        if changed:
            log.warning(
                "%s: %d cell(s) changed to fit Excel (control characters removed, or cut at "
                "%d characters); %s holds them whole",
                smk.output[name],
                changed,
                EXCEL_CELL_LIMIT,
                path,
            )


run_rule(snakemake, main)
