"""Ingestion: search exports of any database → the records and fields tables.

Inputs: export files, in any of Web of Science plain text, tab-delimited or BibTeX, RIS (any
database or reference manager, Ovid's numbered RIS too), BibTeX/BibLaTeX, PubMed MEDLINE
(`.nbib`), Ovid direct exports, EndNote tagged and XML, CSL JSON, Publish or Perish JSON, Scopus,
Embase, OpenAlex, Dimensions, IEEE Xplore, SpringerLink, Lens.org or Zotero CSV
(docs/ingest.md); the format is read from the content.
Outputs (`docs/data-contracts.md`, results/ingest): the records table (one row per exported
record, canonical columns), the fields table (every original tag and value), a per-file
report and the warnings, each with file and line.

Public API:
- `discover_exports(raw_dir, ignore)`: the export files under a folder, in path order;
- `ingest(paths, records_out=…, fields_out=…, report_out=…, warnings_out=…, search_runs=…)`:
  stream everything to Parquet/CSV with bounded memory;
- `read_exports(paths)`: the same into memory, as DataFrames;
- `sniff(path)`, `RECORD_COLUMNS`, `FIELD_COLUMNS`, `IngestResult`.
"""

from typing import TYPE_CHECKING

from metasynth.lazy import lazy_names

if TYPE_CHECKING:
    from metasynth.ingest.detect import FORMATS, Sniffed, sniff
    from metasynth.ingest.records import FIELD_COLUMNS, RECORD_COLUMNS
    from metasynth.ingest.run import (
        DEFAULT_IGNORE,
        REPORT_COLUMNS,
        WARNING_COLUMNS,
        IngestResult,
        discover_exports,
        expand_paths,
        ingest,
        natural_path_key,
        read_exports,
    )

# imported at first use: a job that needs one module of the stage (the vocabulary, the format
# detection) does not import every reader with the package (metasynth.lazy)
__getattr__ = lazy_names(
    __name__,
    {
        **dict.fromkeys(["FORMATS", "Sniffed", "sniff"], "metasynth.ingest.detect"),
        **dict.fromkeys(["FIELD_COLUMNS", "RECORD_COLUMNS"], "metasynth.ingest.records"),
        **dict.fromkeys(
            [
                "DEFAULT_IGNORE",
                "REPORT_COLUMNS",
                "WARNING_COLUMNS",
                "IngestResult",
                "discover_exports",
                "expand_paths",
                "ingest",
                "natural_path_key",
                "read_exports",
            ],
            "metasynth.ingest.run",
        ),
    },
)

__all__ = [
    "DEFAULT_IGNORE",
    "FIELD_COLUMNS",
    "FORMATS",
    "RECORD_COLUMNS",
    "REPORT_COLUMNS",
    "WARNING_COLUMNS",
    "IngestResult",
    "Sniffed",
    "discover_exports",
    "expand_paths",
    "ingest",
    "natural_path_key",
    "read_exports",
    "sniff",
]
