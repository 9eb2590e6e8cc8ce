# Ingestion: every search export under data/raw → one normalised records table, the fields
# table (every original tag and value), a per-file report and the warnings.


rule ingest_exports:
    input:
        exports=export_files(),
        # the search-run manifest, when the raw folder has one (it fills `search_run`)
        manifest=[
            str(path)
            for path in [Path(config["ingest"]["raw_dir"]) / "searches.yaml"]
            if path.is_file()
        ],
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
        ingest=settings("ingest"),
    script:
        "../../scripts/ingest_exports.py"
