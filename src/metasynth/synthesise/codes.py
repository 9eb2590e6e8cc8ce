"""The canonical long table of codings, the hand-made codes CSV, and the table of notices.

One row per code applied to a passage by one coder: `record_id, coder, code, quote, location,
memo`, plus where the row came from (`source_file`, `source_ref`: a CSV line or an XML element)
and, for codes from QDA tools, the code's place in the tool's hierarchy (`code_path`, parts
joined with " > "). Every reader of codings returns this table: `read_codes_csv` here for the
hand-made CSV files (`codes.schema.yaml`), `qda.projects` for REFI-QDA projects and `taguette` for
Taguette exports; `sources.import_codes` reads every source config lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from metasynth.errors import Notice
from metasynth.tables import LINE_COLUMN, read_hand_table

CODE_COLUMNS = ("record_id", "coder", "code", "quote", "location", "memo")
"""Columns of the hand-edited codes table (codes.schema.yaml)."""

IMPORTED_COLUMNS = (*CODE_COLUMNS, "code_path", "source_file", "source_ref")
"""Columns of the imported long table: the canonical ones plus provenance."""

PATH_SEP = " > "
"""Separator of the parts of a hierarchical code name in `code_path`."""


def empty_codes() -> pd.DataFrame:
    """An imported-codes table with no rows."""
    return pd.DataFrame({c: pd.Series([], dtype="string") for c in IMPORTED_COLUMNS})


def codes_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """An imported-codes table from row dicts (missing fields become "")."""
    frame = pd.DataFrame(
        [{c: str(row.get(c, "") or "") for c in IMPORTED_COLUMNS} for row in rows],
        columns=list(IMPORTED_COLUMNS),
    )
    return frame.astype("string") if len(frame) else empty_codes()


def read_codes_csv(path: str | Path, *, display_path: str | None = None) -> pd.DataFrame:
    """Read a hand-made codes CSV (validated row by row) into the imported-codes layout."""
    table = read_hand_table(path, "codes")
    name = display_path or Path(path).as_posix()
    rows = []
    for record in table.to_dict("records"):
        row = {c: record.get(c, "") for c in CODE_COLUMNS}
        row["code_path"] = record["code"]
        row["source_file"] = name
        row["source_ref"] = f"line {record[LINE_COLUMN]}"
        rows.append(row)
    return codes_frame(rows)


def notices_frame(notices: Sequence[Notice]) -> pd.DataFrame:
    """Notices as a table (severity, file, element, message) for a report CSV."""
    return pd.DataFrame(
        [
            {
                "severity": n.severity,
                "file": n.file or "",
                "line": "" if n.line is None else str(n.line),
                "element": n.element or "",
                "message": n.message,
            }
            for n in notices
        ],
        columns=["severity", "file", "line", "element", "message"],
        dtype="string",
    )
