# Helpers shared by the stage files: the export files that ingestion depends on.

from pathlib import Path

from metasynth.ingest import discover_exports


def export_files():
    """Every search export under the raw folder, sorted, so a new file re-runs ingestion."""
    ingest = config["ingest"]
    return [str(p) for p in discover_exports(ingest["raw_dir"], ingest["ignore"])]
