"""Read every search export under the raw folder into the ingest tables.

Inputs: the export files found by `metasynth.ingest.discover_exports` (config `ingest.raw_dir`,
`ingest.ignore`; the `ingest` section is the rule's params) and, when present, the search-run
manifest `searches.yaml` in that folder.
Outputs (results/ingest): records.parquet and records.csv (one row per exported record),
fields.parquet (every original tag and value), report.csv (one row per file) and warnings.csv.
Can be run outside Snakemake with `metasynth ingest data/raw --out records.csv`.
"""

import logging
from pathlib import Path

from metasynth.ingest import ingest
from metasynth.ingest.settings import IngestSettings
from metasynth.searches import MANIFEST_NAME, assign_runs, load_searches
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.ingest")


def main(smk):
    settings = IngestSettings.from_config(smk.params.ingest)
    exports = list(smk.input.exports)
    manifest = Path(settings.raw_dir) / MANIFEST_NAME
    search_runs = None
    if manifest.is_file():
        search_runs = assign_runs(
            load_searches(manifest), exports, settings.raw_dir, settings.ignore
        )
    else:
        log.info("no %s: the search_run column is left empty", manifest)
    result = ingest(
        exports,
        records_out=[smk.output.records, smk.output.records_csv],
        fields_out=smk.output.fields,
        report_out=smk.output.report,
        warnings_out=smk.output.warnings,
        search_runs=search_runs,
        progress_threshold=settings.progress_threshold,
    )
    for row in result.warnings.itertuples(index=False):
        log.warning("%s:%s: %s", row.source_file, row.line, row.message)
    log.info("%s", result.summary())


run_rule(snakemake, main)
