# Ingestion: every search export under data/raw → one normalised records table, the fields
# table (every original tag and value), a per-file report and the warnings.


def search_manifest():
    """The search-run manifest, when the raw folder has one (it fills `search_run`)."""
    manifest = Path(config["ingest"]["raw_dir"]) / "searches.yaml"
    return [str(manifest)] if manifest.is_file() else []


rule ingest_exports:
    input:
        exports=export_files(),
        manifest=search_manifest(),
    output:
        records="results/ingest/records.parquet",
        records_csv="results/ingest/records.csv",
        fields="results/ingest/fields.parquet",
        report="results/ingest/report.csv",
        warnings="results/ingest/warnings.csv",
    log:
        "results/logs/ingest_exports.log",
    params:
        ingest=config["ingest"],
    script:
        "../../scripts/ingest_exports.py"
