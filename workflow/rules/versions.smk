# Review versions: which publications the latest version's searches found first (new) and
# which they found again (duplicates of earlier versions), per record and per search run, and
# the search runs as the manifest declares them.
# Include after dedup.smk and before records.smk (count_prisma reads the versions table).


rule track_versions:
    input:
        records=rules.ingest_exports.output.records,
        clusters=rules.match_duplicates.output.clusters,
        manifest=rules.ingest_exports.input.manifest,
    output:
        publications="results/versions/publications.csv",
        records="results/versions/records.csv",
        runs="results/versions/runs.csv",
        notices="results/versions/notices.csv",
        searches="results/versions/searches.csv",
    log:
        "results/logs/track_versions.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
    script:
        "../../scripts/track_versions.py"
