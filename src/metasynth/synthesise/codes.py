"""The canonical long table of codings, the hand-made codes CSV, and the table of notices.

One row per code applied to a passage by one coder: `record_id, coder, code, quote, location,
memo`, plus where the row came from (`source_file`, `source_ref`: a CSV line or an XML element)
and, for codes from QDA tools, the code's place in the tool's hierarchy (`code_path`, parts
joined with " > "). Every reader of codings returns this table: `read_codes_csv` here for the
hand-made CSV files (`codes.schema.yaml`), `qda.projects` for REFI-QDA projects and `taguette` for
Taguette exports; `sources.import_codes` reads every source config lists.

A coding given twice (same record_id, coder, code, quote and location; in one file or across two
sources) would be counted twice in the framework and the entropy weights: `check_duplicate_codings`
refuses it, naming both places, as a decision or an appraisal given twice is refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from metasynth.errors import InputError, Notice
from metasynth.tables import LINE_COLUMN, read_delimited, read_hand_table
from metasynth.text import fold

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


def source_place(source_ref: str) -> tuple[int | None, str | None]:
    """(line, element) of a coding's `source_ref`: "line 7" is a line, anything else an element."""
    if source_ref.startswith("line ") and source_ref[5:].isdigit():
        return int(source_ref[5:]), None
    return None, source_ref or None


DUPLICATE_KEY = ("record_id", "coder", "code", "quote", "location")
"""What makes two codings the same coding."""


def check_duplicate_codings(codes: pd.DataFrame) -> None:
    """InputError at the second of two identical codings (`DUPLICATE_KEY`), naming the first:
    a repeated row would inflate every count built on the codings."""
    repeated = codes.duplicated(list(DUPLICATE_KEY), keep=False)
    if not repeated.any():
        return
    first_of: dict[tuple[str, ...], tuple[str, str]] = {}
    for row in codes[repeated].to_dict("records"):
        key = tuple(str(row[c]) for c in DUPLICATE_KEY)
        where = (str(row["source_file"]), str(row["source_ref"]))
        if key not in first_of:
            first_of[key] = where
            continue
        first_file, first_ref = first_of[key]
        first_line, first_element = source_place(first_ref)
        first = f"{first_file}:{first_line}" if first_line else f"{first_file} {first_element}"
        line, element = source_place(where[1])
        raise InputError(
            f"the same coding as {first}: {row['coder']} coded {row['record_id']} with "
            f"{row['code']!r} at the same quote and location; it would be counted twice",
            file=where[0],
            line=line,
            element=element,
            hint="delete one of the two (if the same words are coded at two places, give each "
            "its own location)",
        )


def shared_code_names(codes: pd.DataFrame) -> list[Notice]:
    """A warning for each code name that stands for two codes of one source's tree (`cost`
    under `Barriers` and under `Facilitators`): codings meet the codebook by the code's name
    alone, so the two would count as one code without a word."""
    notices = []
    for (source, _), group in codes.groupby(
        [codes["source_file"], codes["code"].map(fold)], sort=True
    ):
        paths = sorted(set(group["code_path"]), key=str.casefold)
        parents = {path.rpartition(PATH_SEP)[0].casefold() for path in paths}
        if len(parents) < 2:
            continue
        shown = ", ".join(repr(p) for p in paths[:4]) + (" ..." if len(paths) > 4 else "")
        notices.append(
            Notice(
                "warning",
                f"{len(paths)} codes of the project's tree have the name "
                f"{group['code'].iloc[0]!r} ({shown}); codings meet the codebook by name, so "
                "they count as one code (rename one in the QDA tool if they mean different "
                "things)",
                str(source),
            )
        )
    return notices


def read_codes_csv(path: str | Path, *, display_path: str | None = None) -> pd.DataFrame:
    """Read a hand-made codes CSV (validated row by row) into the imported-codes layout; a row
    that repeats another is an InputError (`check_duplicate_codings`)."""
    table = read_hand_table(path, "codes")
    name = display_path or Path(path).as_posix()
    rows = []
    for record in table.to_dict("records"):
        row = {c: record.get(c, "") for c in CODE_COLUMNS}
        row["code_path"] = record["code"]
        row["source_file"] = name
        row["source_ref"] = f"line {record[LINE_COLUMN]}"
        rows.append(row)
    frame = codes_frame(rows)
    check_duplicate_codings(frame)
    return frame


def read_codes_table(path: str | Path) -> pd.DataFrame:
    """A codes table a user names: the workflow's `imported_codes.csv` (every column of the
    imported table, as `import_codes` wrote it), else a hand-made codes CSV (`read_codes_csv`)."""
    try:
        table = read_delimited(path, what="a codes table")
    except InputError:
        return read_codes_csv(path)  # its messages say what a hand-made file lacks
    if set(IMPORTED_COLUMNS) <= set(table.columns):
        return codes_frame(table.to_dict("records"))
    return read_codes_csv(path)


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
