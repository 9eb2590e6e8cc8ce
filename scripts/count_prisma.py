"""Count the PRISMA 2020 boxes from the record states and check that they add up.

Inputs: results/ingest/records.parquet (entries), results/dedup/clusters.csv,
results/screening/status.csv, results/versions/publications.csv and the search manifest (the
database each run searched, which the per-database counts follow; for an updated review: the
boxes count the latest version's search, earlier versions' included studies are the previous
studies). Outputs: results/screening/prisma_counts.csv (every count: data, n),
results/screening/prisma.csv (the same counts in the PRISMA2020 R package's template, for its
PRISMA_data() and Shiny app) and results/screening/prisma_checks.csv (every invariant with its
numbers). A broken invariant stops the run with the equation that failed.
"""

import logging

from metasynth.appraise import AppraisalSettings
from metasynth.screen.decisions import load_clusters
from metasynth.screen.prisma import count_prisma, identification_entries
from metasynth.screen.prisma2020 import to_prisma2020
from metasynth.screen.prisma_checks import check_invariants
from metasynth.screen.prisma_table import to_frame
from metasynth.screen.reports import prisma_labels
from metasynth.screen.settings import ScreeningSettings
from metasynth.searches import load_searches
from metasynth.tables import read_table, write_table
from metasynth.versions import entry_versions, latest_of, run_versions
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.screen")


def main(smk):
    settings = ScreeningSettings.from_config(smk.params.screening)
    appraisal = AppraisalSettings.from_config(smk.params.appraisal)
    manifest = (list(smk.input.manifest) or [None])[0]
    runs = load_searches(manifest) if manifest else []
    records = read_table(smk.input.records)
    entries = identification_entries(records, load_clusters(smk.input.clusters), runs)
    entries = entries.assign(
        review_version=entry_versions(entries, run_versions(runs), file=smk.input.records),
    )
    status = read_table(smk.input.status)
    versions = read_table(smk.input.versions)
    full_text, automatic = prisma_labels(settings)
    counts = count_prisma(
        entries,
        status,
        full_text_labels=full_text,
        automatic_labels=automatic,
        appraisal_label=appraisal.exclusion_label,
        appraisal_tool=appraisal.tool,
        publication_versions=versions,
        review_version=latest_of(runs),
    )
    checks = check_invariants(counts, entries, status, versions)
    log.info(
        "PRISMA: %d identified (and %d by other methods), %d screened, %d included; "
        "%d previous studies; %d checks hold",
        counts.identified,
        counts.other_identified_total,
        counts.screened,
        counts.new_studies,
        counts.previous_studies,
        len(checks),
    )
    table = to_frame(counts)
    write_table(table, smk.output.counts)
    write_table(to_prisma2020(table, file=str(smk.output.counts)), smk.output.prisma)
    write_table(checks, smk.output.checks)


run_rule(snakemake, main)
