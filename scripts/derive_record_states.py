"""Every publication's state after screening and appraisal, and the audit trail of how it got there.

Inputs: results/screening/eligibility.csv and decisions.csv (the validated decisions),
results/dedup/clusters.csv and publications.parquet, results/appraisal/appraisals.csv and
casp.csv, results/versions/searches.csv (when each search was run),
results/ingest/records.parquet and the search manifest (publications found by other methods only
start at retrieval; a run without review_version searched after full-text decisions is likely an
update folded into version 1, said in notices.csv); the params carry the screening settings,
the appraisal exclusion code and where the eligibility rules are written.
Outputs (results/screening/): status.csv, audit.csv, awaiting.csv, included.csv, notices.csv and
resolutions.csv.
"""

import logging

from metasynth.appraise import AppraisalSettings
from metasynth.screen.decisions import (
    first_search_dates,
    load_clusters,
    read_decisions,
    update_without_version,
)
from metasynth.screen.prisma import read_other_methods
from metasynth.screen.reports import INCLUDED_COLUMNS, included_table, notices_table
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.state import AppraisalResult, derive_states
from metasynth.searches import load_searches, searched_after_today
from metasynth.tables import read_table, write_table
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.screen")


def main(smk):
    settings = ScreeningSettings.from_config(smk.params.screening)
    appraisal = AppraisalSettings.from_config(smk.params.appraisal)
    rules_source = smk.params.eligibility_source
    clusters = load_clusters(smk.input.clusters)
    casp = read_table(smk.input.casp)
    # the columns read here (a million publications' other fields take gigabytes)
    publications = read_table(
        smk.input.publications, columns=("record_id", "search_runs", *INCLUDED_COLUMNS[1:6])
    )
    decisions = read_decisions(smk.input.decisions)
    manifest = (list(smk.input.manifest) or [None])[0]
    result = derive_states(
        read_table(smk.input.eligibility),
        clusters,
        decisions,
        settings,
        AppraisalResult(
            read_table(smk.input.appraisals),
            casp,
            appraisal.exclusion_code,
            tool=appraisal.checklist.short_name if appraisal.checklist else "",
        ),
        clusters_file=str(smk.input.clusters),
        rules_file=rules_source["file"],
        rule_lines=rules_source["lines"],
        other_methods=read_other_methods(smk.input.records, clusters, manifest),
        first_searched=first_search_dates(publications, read_table(smk.input.searches)),
    )
    runs = load_searches(manifest) if manifest is not None else []
    notices = searched_after_today(runs) + result.notices
    notices += update_without_version(decisions, publications, runs)
    for notice in notices:
        log.warning("%s", notice)
    counts = result.status["status"].value_counts().sort_index()
    log.info("status counts: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    write_table(result.status, smk.output.status)
    write_table(result.audit, smk.output.audit)
    write_table(result.awaiting, smk.output.awaiting)
    write_table(notices_table(notices), smk.output.notices)
    write_table(result.resolutions, smk.output.resolutions)
    included = included_table(result.status, publications, casp)
    write_table(included, smk.output.included)


run_rule(snakemake, main)
