"""Read one search export into a part of the ingest tables (one job per export file).

Input: one export file (the rule's wildcard names it, `metasynth.ingest.parts.part_name`) and,
when present, the search-run manifest `searches.yaml` of the raw folder, which says the file's
search run (every export is checked against it, as the single ingest job does). Outputs
(results/ingest/parts/<part>/): records.arrow, fields.arrow and part.json, which the
`ingest_exports` rule gathers into the ingest tables. Settings: the `ingest` section.
"""

import logging
from pathlib import Path

from metasynth.ingest import discover_exports
from metasynth.ingest.parts import ingest_part
from metasynth.ingest.settings import IngestSettings
from metasynth.searches import MANIFEST_NAME, export_runs
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.ingest")


def main(smk):
    settings = IngestSettings.from_config(smk.params.ingest)
    export = str(smk.input.export)
    exports = [str(path) for path in discover_exports(settings.raw_dir, settings.ignore)]
    runs = export_runs(exports, settings.raw_dir, settings.ignore)
    if runs is None:
        log.info("no %s: the search_run column is left empty", MANIFEST_NAME)
    run = (runs or {}).get(export)
    result = ingest_part(
        export,
        Path(smk.output.part).parent,
        search_run=run.id if run else "",
        search_database=run.database if run else "",
        progress_threshold=settings.progress_threshold,
    )
    log.info("%s", result.summary())


run_rule(snakemake, main)
