# Record states: where every publication stands once screening and appraisal have spoken
# (status, audit trail, open items, the included studies), the PRISMA 2020 counts and flow
# diagram drawn from them, the outcome summarised (reasons, exclusions, publications per status,
# study numbers), and the ranked queue of publications awaiting a title/abstract decision.
# Include after screen.smk, appraise.smk and versions.smk (it names their outputs).


rule derive_record_states:
    input:
        eligibility=rules.apply_eligibility.output.eligibility,
        clusters=rules.match_duplicates.output.clusters,
        publications=rules.match_duplicates.output.publications,
        decisions=rules.screen_publications.output.decisions,
        appraisals=rules.score_appraisal.output.appraisals,
        casp=rules.score_appraisal.output.casp,
        # when each search was run: no decision can come before it
        searches=rules.track_versions.output.searches,
        # the search runs' kinds of source: other methods skip title/abstract screening
        records=rules.ingest_exports.output.records,
        manifest=rules.ingest_exports.input.manifest,
    output:
        status="results/screening/status.csv",
        audit="results/screening/audit.csv",
        awaiting="results/screening/awaiting.csv",
        notices="results/screening/notices.csv",
        included="results/screening/included.csv",
        # every stage the screeners left in conflict or a resolver decided, and how
        resolutions="results/screening/resolutions.csv",
    log:
        "results/logs/derive_record_states.log",
    conda:
        "../../environment.yml"
    resources:
        # peak 680 MiB for 100,000 records (44 MB of input), 1,669 for 300,000 (130 MB); walked
        # in slices, 361 for 100,000 (larger sizes not re-measured, so the request stands):
        # docs/benchmarks.md, "Record states in slices"
        mem_mb=memory_mb(500, 12),
    params:
        metasynth=METASYNTH,
        # rule labels, screeners per stage, who settles conflicts
        screening=settings(
            "screening", "eligibility", "resolver_role", "reviewers_per_stage"
        ),
        appraisal=settings("appraisal", "checklist", "exclusion_code"),
        eligibility_source=eligibility_source(),
    script:
        "../../scripts/derive_record_states.py"


rule count_prisma:
    input:
        records=rules.ingest_exports.output.records,
        clusters=rules.match_duplicates.output.clusters,
        status=rules.derive_record_states.output.status,
        # an updated review counts its new search apart from the previous versions' studies
        versions=rules.track_versions.output.publications,
        manifest=rules.ingest_exports.input.manifest,
    output:
        # metasynth's counts (every box, pending counts, per run); the same counts as the
        # PRISMA2020 R package's data template (read by its PRISMA_data() and Shiny app)
        counts="results/screening/prisma_counts.csv",
        prisma="results/screening/prisma.csv",
        checks="results/screening/prisma_checks.csv",
    log:
        "results/logs/count_prisma.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        # the labels of the reasons the diagram shows
        screening=settings("screening", "eligibility", "reasons"),
        appraisal=settings("appraisal", "checklist", "exclusion_label"),
    script:
        "../../scripts/count_prisma.py"


rule summarise_screening:
    input:
        status=rules.derive_record_states.output.status,
        versions=rules.track_versions.output.publications,
    output:
        reasons="results/screening/reasons.csv",
        exclusions="results/screening/exclusions.csv",
        status_counts="results/screening/status_counts.csv",
    log:
        "results/logs/summarise_screening.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        # the labels of the reasons
        screening=settings("screening", "eligibility", "reasons"),
        appraisal=settings(
            "appraisal", "checklist", "exclusion_code", "exclusion_label"
        ),
    script:
        "../../scripts/summarise_screening.py"


rule number_studies:
    input:
        included=rules.derive_record_states.output.included,
        # an update numbers its new studies after the previous versions' ones
        versions=rules.track_versions.output.publications,
    output:
        studies="results/screening/studies.csv",
    log:
        "results/logs/number_studies.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
    script:
        "../../scripts/number_studies.py"


rule draw_prisma:
    input:
        counts=rules.count_prisma.output.counts,
    output:
        png="results/figures/prisma.png",
        svg="results/figures/prisma.svg",
        pdf="results/figures/prisma.pdf",
    log:
        "results/logs/draw_prisma.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
    script:
        "../../scripts/draw_prisma.py"


rule rank_queue:
    input:
        publications=rules.match_duplicates.output.publications,
        status=rules.derive_record_states.output.status,
        awaiting=rules.derive_record_states.output.awaiting,
        # found by other methods only: not screened at title/abstract, so not training data
        clusters=rules.match_duplicates.output.clusters,
        records=rules.ingest_exports.output.records,
        manifest=rules.ingest_exports.input.manifest,
    output:
        queue="results/screening/queue.csv",
        asreview="results/screening/asreview.csv",
    log:
        "results/logs/rank_queue.log",
    conda:
        "../../environment.yml"
    resources:
        # features and rows made a slice at a time: peak 647 MiB for 100,000 records (53 MB of
        # input), 1,292 for 300,000 (159 MB), about 3,600 projected for a million:
        # docs/benchmarks.md, "The screening queue in slices"
        mem_mb=memory_mb(500, 8),
    params:
        metasynth=METASYNTH,
        screening=settings("screening", "queue"),
        review_question=config["project"]["review_question"],
    script:
        "../../scripts/rank_queue.py"
