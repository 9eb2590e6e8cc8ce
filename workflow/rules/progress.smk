# Where the review stands: one row per step (search, deduplication, the screening stages,
# appraisal, coding, synthesis, GRADE-CERQual, and the statistics that need enough data) with what each waits
# for. Include after synthesise.smk and confidence.smk (it reads their tables); the report's
# banner reads it.


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
        # GRADE-CERQual: the review findings and the judgements still missing
        findings=rules.assess_confidence.output.soqf,
        missing_judgements=rules.assess_confidence.output.missing,
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
        confidence=settings("confidence", "findings", "judgements"),
    script:
        "../../scripts/summarise_progress.py"
