# Deduplication: the records table + reviewers' verdicts → clusters (every record linked to its
# publication), a review sheet of pairs needing a verdict, one row per publication, a summary.


rule match_duplicates:
    input:
        records=rules.ingest_exports.output.records,
        verdicts=config["dedup"]["verdicts"],
        # review versions keep each publication's key across updates (empty without a manifest)
        manifest=rules.ingest_exports.input.manifest,
    output:
        clusters="results/dedup/clusters.csv",
        review="results/dedup/review.csv",
        publications="results/dedup/publications.parquet",
        publications_csv="results/dedup/publications.csv",
        summary="results/dedup/summary.csv",
    log:
        "results/logs/match_duplicates.log",
    conda:
        "../../environment.yml"
    resources:
        # 1,290 MiB at peak for 100,000 records (records.parquet of 17.8 MB), 242 MiB for 2,000
        mem_mb=memory_mb(500, 70),
    params:
        dedup=settings("dedup"),
    script:
        "../../scripts/match_duplicates.py"
