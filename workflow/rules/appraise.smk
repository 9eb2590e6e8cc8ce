# Quality appraisal, after screening: the appraisals under data/appraisal of the full texts
# screening included, with the checklist appraisal.checklist names (CASP, JBI, MMAT, the
# review's own, or none) → answers or scores, include decisions. An appraisal of a publication
# that screening has not included is refused (screened.csv). Include after screen.smk.


rule score_appraisal:
    input:
        appraisals=hand_files(config["appraisal"]["appraisal_dir"]),
        clusters=rules.match_duplicates.output.clusters,
        screened=rules.screen_publications.output.screened,
    output:
        appraisals="results/appraisal/appraisals.csv",
        casp="results/appraisal/casp.csv",
        outcomes="results/appraisal/outcomes.csv",
    log:
        "results/logs/score_appraisal.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        # all but the exclusion code and label, which the record states and PRISMA read
        appraisal=settings(
            "appraisal",
            "checklist",
            "decide_by",
            "appraisal_dir",
            "scheme",
            "schemes",
            "appraisers_per_publication",
        ),
        # appraisers are reviewers
        screening=settings("screening", "reviewers"),
    script:
        "../../scripts/score_appraisal.py"
