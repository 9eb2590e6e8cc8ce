# Where the review stands: one row per step (search, deduplication, the screening stages,
# appraisal, coding, synthesis, and the statistics that need enough data) with what each waits
# for. Include after synthesise.smk (it reads the coding tables); the report's banner reads it.


rule summarise_progress:
    input:
        ingest_report=rules.ingest_exports.output.report,
        dedup_summary=rules.match_duplicates.output.summary,
        status=rules.derive_record_states.output.status,
        codings=rules.check_codes.output.codings,
        coding_todo=rules.check_codes.output.todo,
        unmapped=rules.check_codes.output.unmapped,
        # the search runs' kinds of source: other methods skip title/abstract screening
        records=rules.ingest_exports.output.records,
        clusters=rules.match_duplicates.output.clusters,
        manifest=rules.ingest_exports.input.manifest,
    output:
        progress="results/progress.csv",
    log:
        "results/logs/summarise_progress.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        # the files each step's answers go to, and the statistics' settings
        ingest=settings("ingest", "raw_dir"),
        dedup=settings("dedup", "verdicts"),
        screening=settings("screening", "decisions_dir"),
        appraisal=settings("appraisal", "checklist", "appraisal_dir"),
        synthesis=settings(
            "synthesis", "codebook", "coders", "reliability", "clustering"
        ),
    script:
        "../../scripts/summarise_progress.py"
