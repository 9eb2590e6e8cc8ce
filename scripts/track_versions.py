"""Which publications are new in the latest review version, and what became of each new record.

Inputs: results/ingest/records.parquet (entries with their search run), results/dedup/clusters.csv
and the search manifest (data/raw/searches.yaml; without one, everything is version 1).
Outputs (results/versions/): publications.csv (each publication's first review version, new or
not), records.csv (every record of the latest version's runs: new publication, duplicate of a
new one, of an earlier version's publication, or the same record again), runs.csv (per search
run: entries, records, publications, publications added), notices.csv (a run that added no
new publication, a run dated before an earlier version's, a file repeating records of an
earlier file of its run, a record an update exports as retracted or with another DOI: reported,
never an error) and
searches.csv (each search run as the manifest declares it: database, date, who, query, limits,
files).
"""

import logging

from metasynth.screen.reports import notices_table
from metasynth.searches import load_searches, runs_table
from metasynth.tables import read_table, write_table
from metasynth.versions import (
    ENTRY_COLUMNS,
    changed_record_notices,
    date_order_notices,
    describe_update,
    latest_of,
    publication_versions,
    reexport_notices,
    run_summary,
    update_notices,
    version_records,
)
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.versions")


def main(smk):
    manifest = (list(smk.input.manifest) or [None])[0]
    runs = load_searches(manifest) if manifest else []
    entries = read_table(smk.input.records, columns=ENTRY_COLUMNS)
    clusters = read_table(smk.input.clusters)
    publications = publication_versions(entries, clusters, runs, records_file=smk.input.records)
    records = version_records(entries, clusters, runs, publications, records_file=smk.input.records)
    summary = run_summary(entries, clusters, runs, publications)
    notices = (
        update_notices(summary, manifest, runs)
        + date_order_notices(runs, manifest)
        + reexport_notices(entries, runs, manifest)
        + changed_record_notices(entries, runs)
    )
    log.info("%s", describe_update(summary, records, latest_of(runs)))
    for notice in notices:
        log.warning("%s", notice)
    write_table(publications, smk.output.publications)
    write_table(records, smk.output.records)
    write_table(summary, smk.output.runs)
    write_table(notices_table(notices), smk.output.notices)
    write_table(runs_table(runs), smk.output.searches)


run_rule(snakemake, main)
