"""Read every search export under the raw folder into the ingest tables.

Inputs: the export files found by `metasynth.ingest.discover_exports` (config `ingest.raw_dir`,
`ingest.ignore`; the `ingest` section is the rule's params) and, when present, the search-run
manifest `searches.yaml` in that folder; or, when the workflow reads each export in a job of its
own (config `jobs.ingest_per_file_above_mb`), the parts those jobs wrote, gathered in path order
(`metasynth.ingest.parts`: the same bytes).
Outputs (results/ingest): records.parquet and records.csv (one row per exported record),
fields.parquet (every original tag and value), report.csv (one row per file) and warnings.csv.
Can be run outside Snakemake with `metasynth ingest data/raw --out records.csv`.
"""

import logging
from pathlib import Path

from metasynth.ingest import ingest
from metasynth.ingest.parts import gather_parts
from metasynth.ingest.settings import IngestSettings
from metasynth.searches import MANIFEST_NAME, export_runs
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.ingest")


def main(smk):
    settings = IngestSettings.from_config(smk.params.ingest)
    outputs = {
        "records_out": [smk.output.records, smk.output.records_csv],
        "fields_out": smk.output.fields,
        "report_out": smk.output.report,
        "warnings_out": smk.output.warnings,
    }
    parts = list(smk.input.get("parts", []))
    if parts:
        result = gather_parts([Path(part).parent for part in parts], **outputs)
    else:
        exports = list(smk.input.exports)
        runs = export_runs(exports, settings.raw_dir, settings.ignore)
        if runs is None:
            log.info("no %s: the search_run column is left empty", MANIFEST_NAME)
        result = ingest(
            exports,
            **outputs,
            search_runs={path: run.id for path, run in (runs or {}).items()},
            search_databases={path: run.database for path, run in (runs or {}).items()},
            progress_threshold=settings.progress_threshold,
        )
    for row in result.warnings.itertuples(index=False):
        log.warning("%s:%s: %s", row.source_file, row.line, row.message)
    log.info("%s", result.summary())


run_rule(snakemake, main)
