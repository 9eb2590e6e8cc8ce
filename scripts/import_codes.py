"""Read every configured coding source (CSV, REFI-QDA .qdpx/.qde, Taguette) into one long table.

A QDA document whose name gives no known record_id is found by a DOI or title in its name or
description, among the records (results/ingest/records.parquet, results/dedup/clusters.csv).

Files beside the sources that `synthesis.sources` does not list (`smk.input.unlisted`) are
refused when they hold codings in a source's format, naming the line to add, and warned about
otherwise (`metasynth.synthesise.unlisted`).

Writes results/synthesis/imported_codes.csv (one row per coding, with its source file and line
or XML element) and import_notices.csv (warnings such as XSD violations or missing source
texts). Runs outside Snakemake through `metasynth.synthesise.import_codes`.
"""

import logging

from metasynth.interop.matching import PublicationIndex
from metasynth.synthesise import SynthesisSettings, import_codes, notices_frame
from metasynth.synthesise.unlisted import check_unlisted
from metasynth.tables import write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.synthesise")


def main(smk):
    settings = SynthesisSettings.from_config(smk.params.synthesis)
    unlisted = check_unlisted(smk.input.get("unlisted", []))
    publications = PublicationIndex.load(smk.input.records, smk.input.clusters)
    codes, notices = import_codes(settings.sources, settings, publications)
    notices = [*unlisted, *notices]
    for notice in notices:
        log.log(logging.INFO if notice.severity == "info" else logging.WARNING, "%s", notice)
    log.info("imported %d codings from %d source(s)", len(codes), len(settings.sources))
    write_table(codes, smk.output.codes)
    write_table(notices_frame(notices), smk.output.notices)


run_rule(snakemake, main)
