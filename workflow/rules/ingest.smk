# Ingestion: every search export under data/raw → one normalised records table.


rule ingest_exports:
    input:
        exports=export_files(),
    output:
        records="results/ingest/records.parquet",
        records_csv="results/ingest/records.csv",
        fields="results/ingest/fields.parquet",
        report="results/ingest/report.csv",
        warnings="results/ingest/warnings.csv",
    params:
        ingest=config["ingest"],
    log:
        "results/logs/ingest_exports.log",
    script:
        "../../scripts/ingest_exports.py"
