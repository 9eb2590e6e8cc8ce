# Synthesis: coded data (CSV, REFI-QDA, Taguette) + codebook + the included set → framework,
# what the latest review version adds to it, entropy weights, inter-coder reliability and a
# data-driven check of the categories.
# Include after dedup.smk and records.smk (it names their rules' outputs).


rule import_codes:
    input:
        sources=coding_sources(),
        # files beside them that no source lists: refused or warned about, never left unsaid
        unlisted=coding_files_not_listed(),
        # QDA documents named by their DOI or title are found among the records
        records=rules.ingest_exports.output.records,
        clusters=rules.match_duplicates.output.clusters,
    output:
        codes="results/synthesis/imported_codes.csv",
        notices="results/synthesis/import_notices.csv",
    log:
        "results/logs/import_codes.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        synthesis=settings(
            "synthesis",
            "sources",
            "coders",
            "record_id_pattern",
            "archive_limits",
            "xsd_dir",
        ),
    script:
        "../../scripts/import_codes.py"


rule check_codes:
    input:
        codes=rules.import_codes.output.codes,
        codebook=config_input("synthesis", "codebook"),
        status=rules.derive_record_states.output.status,
        clusters=rules.match_duplicates.output.clusters,
    output:
        codings="results/synthesis/codings.csv",
        unmapped="results/synthesis/unmapped_codes.csv",
        todo="results/synthesis/coding_todo.csv",
        coders="results/synthesis/coders.csv",
    log:
        "results/logs/check_codes.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        synthesis=settings(
            "synthesis", "coders", "aggregate_coders", "suggestions", "strict"
        ),
    script:
        "../../scripts/check_codes.py"


rule aggregate_codes:
    input:
        codings=rules.check_codes.output.codings,
        codebook=config_input("synthesis", "codebook"),
    output:
        framework="results/synthesis/framework.csv",
        markdown="results/synthesis/framework.md",
        latex="results/synthesis/framework.tex",
        matrix="results/synthesis/doc_concept_matrix.csv",
    log:
        "results/logs/aggregate_codes.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
    script:
        "../../scripts/aggregate_codes.py"


rule compare_versions:
    input:
        framework=rules.aggregate_codes.output.framework,
        codings=rules.check_codes.output.codings,
        # which included studies the latest review version found first
        studies=rules.number_studies.output.studies,
    output:
        concepts="results/synthesis/concept_versions.csv",
        codes="results/synthesis/new_codes.csv",
    log:
        "results/logs/compare_versions.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
    script:
        "../../scripts/compare_versions.py"


rule weigh_entropy:
    input:
        codings=rules.check_codes.output.codings,
        codebook=config_input("synthesis", "codebook"),
    output:
        entropy="results/synthesis/entropy.csv",
    log:
        "results/logs/weigh_entropy.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        synthesis=settings("synthesis", "entropy_level"),
    script:
        "../../scripts/weigh_entropy.py"


rule assess_reliability:
    input:
        codings=rules.check_codes.output.codings,
        codebook=config_input("synthesis", "codebook"),
    output:
        reliability="results/synthesis/reliability.csv",
    log:
        "results/logs/assess_reliability.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        synthesis=settings("synthesis", "reliability"),
    script:
        "../../scripts/assess_reliability.py"


rule check_clustering:
    input:
        codings=rules.check_codes.output.codings,
        codebook=config_input("synthesis", "codebook"),
    output:
        clustering="results/synthesis/clustering_check.csv",
    log:
        "results/logs/check_clustering.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        synthesis=settings("synthesis", "clustering"),
    script:
        "../../scripts/check_clustering.py"
