# Screening: automatic eligibility, then the reviewers' decisions settled stage by stage (title
# and abstract, retrieval, full text) into each publication's state at the end of screening, with
# the open conflicts, and the agreement between screeners. Appraisal (appraise.smk) comes next;
# records.smk then derives the record states, the PRISMA counts and the screening queue.


rule apply_eligibility:
    input:
        publications=rules.match_duplicates.output.publications,
    output:
        eligibility="results/screening/eligibility.csv",
    log:
        "results/logs/apply_eligibility.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        screening=settings("screening", "eligibility"),
    script:
        "../../scripts/apply_eligibility.py"


rule screen_publications:
    input:
        eligibility=rules.apply_eligibility.output.eligibility,
        clusters=rules.match_duplicates.output.clusters,
        decisions=hand_files(config["screening"]["decisions_dir"]),
        # the search runs' kinds of source: other methods skip title/abstract screening
        records=rules.ingest_exports.output.records,
        manifest=rules.ingest_exports.input.manifest,
    output:
        screened="results/screening/screened.csv",
        decisions="results/screening/decisions.csv",
        conflicts="results/screening/conflicts.csv",
    log:
        "results/logs/screen_publications.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        screening=settings(
            "screening",
            "decisions_dir",
            "eligibility",
            "reasons",
            "require_reason",
            "reviewers",
            "resolver_role",
            "reviewers_per_stage",
        ),
        eligibility_source=eligibility_source(),
    script:
        "../../scripts/screen_publications.py"


rule compute_agreement:
    input:
        decisions=rules.screen_publications.output.decisions,
    output:
        kappa="results/screening/kappa.csv",
    log:
        "results/logs/compute_agreement.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        screening=settings("screening", "agreement"),
    script:
        "../../scripts/compute_agreement.py"
