# Deduplication: the records table + reviewers' verdicts → clusters (every record linked to its
# publication), a review sheet of pairs needing a verdict, one row per publication, a summary.
#
# One job; for large reviews (config jobs.dedup_partitions_above_mb) the fuzzy pass's candidate
# pairs are scored by `score_candidate_pairs` jobs, one per partition, and `match_duplicates`
# makes the rest from their union, into the same bytes (docs/cluster.md).

DEDUP_PARTITIONS = dedup_partitions()


rule score_candidate_pairs:
    input:
        records=rules.ingest_exports.output.records,
    output:
        pairs="results/dedup/partitions/{partition}.parquet",
    log:
        "results/logs/score_candidate_pairs/{partition}.log",
    wildcard_constraints:
        partition=r"\d+",
    conda:
        "../../environment.yml"
    resources:
        # as match_duplicates: each partition holds every record and its match keys, as
        # match_duplicates does before its publications (not measured on its own)
        mem_mb=memory_mb(500, 35),
    params:
        metasynth=METASYNTH,
        dedup=settings("dedup"),
        n_partitions=config["jobs"]["dedup_partitions"],
    script:
        "../../scripts/score_candidate_pairs.py"


rule match_duplicates:
    input:
        records=rules.ingest_exports.output.records,
        verdicts=config_input("dedup", "verdicts"),
        # files beside it that dedup.verdicts does not name: refused, not left unread
        unlisted=verdict_files_not_listed(),
        # review versions keep each publication's key across updates (empty without a manifest)
        manifest=rules.ingest_exports.input.manifest,
        # the partitions' scored pairs, when they are scored in jobs of their own (else none)
        partitions=expand(
            rules.score_candidate_pairs.output.pairs, partition=DEDUP_PARTITIONS
        ),
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
        # peak 733 MiB for 100,000 records (records.parquet of 17.8 MB), 1,875 MiB for 300,000
        # (53.4 MB), 5,748 MiB for a million (178 MB): docs/benchmarks.md, "Scale"
        mem_mb=memory_mb(500, 35),
    params:
        metasynth=METASYNTH,
        dedup=settings("dedup"),
    script:
        "../../scripts/match_duplicates.py"
