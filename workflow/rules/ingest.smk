# Ingestion: every search export under data/raw → one normalised records table, the fields
# table (every original tag and value), a per-file report and the warnings.
#
# One job reads every export; for large reviews (config jobs.ingest_per_file_above_mb) each
# export is read by an `ingest_export` job of its own and `ingest_exports` only gathers the
# parts, into the same bytes (docs/cluster.md).

EXPORT_PARTS = export_parts()


rule ingest_export:
    input:
        export=lambda wildcards: EXPORT_PARTS[wildcards.part],
        manifest=search_manifest(),
    output:
        records="results/ingest/parts/{part}/records.arrow",
        fields="results/ingest/parts/{part}/fields.arrow",
        part="results/ingest/parts/{part}/part.json",
    log:
        "results/logs/ingest_export/{part}.log",
    wildcard_constraints:
        part="[^/]+",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        ingest=settings("ingest"),
    script:
        "../../scripts/ingest_export.py"


rule ingest_exports:
    input:
        exports=export_files(),
        # the parts of the exports, when each is read in a job of its own (else none)
        parts=expand(rules.ingest_export.output.part, part=EXPORT_PARTS),
        manifest=search_manifest(),
    output:
        records="results/ingest/records.parquet",
        records_csv="results/ingest/records.csv",
        fields="results/ingest/fields.parquet",
        report="results/ingest/report.csv",
        warnings="results/ingest/warnings.csv",
    log:
        "results/logs/ingest_exports.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        ingest=settings("ingest"),
    script:
        "../../scripts/ingest_exports.py"
