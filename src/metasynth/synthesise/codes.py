"""The canonical long table of codings, and reading it from every configured source.

One row per code applied to a passage by one coder: `record_id, coder, code, quote, location,
memo`, plus where the row came from (`source_file`, `source_ref`: a CSV line or an XML element)
and, for codes from QDA tools, the code's place in the tool's hierarchy (`code_path`, parts
joined with " > "). Sources are listed in config (`synthesis.sources`): hand-made CSV files
(`codes.schema.yaml`), REFI-QDA projects (`.qdpx`/`.qde`, see `refiqda`) and Taguette highlight
exports (see `taguette`). Every coder must be one of `synthesis.coders`; an unknown coder is an
`InputError` naming the file and line or element.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from metasynth.errors import InputError, Notice
from metasynth.tables import LINE_COLUMN, read_hand_table

CODE_COLUMNS = ("record_id", "coder", "code", "quote", "location", "memo")
"""Columns of the hand-edited codes table (codes.schema.yaml)."""

IMPORTED_COLUMNS = (*CODE_COLUMNS, "code_path", "source_file", "source_ref")
"""Columns of the imported long table: the canonical ones plus provenance."""

PATH_SEP = " > "
"""Separator of the parts of a hierarchical code name in `code_path`."""

SOURCE_FORMATS = ("csv", "refiqda", "taguette")


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


def check_coders(codes: pd.DataFrame, coders: Sequence[str]) -> None:
    """Every coder must be a configured one; the first stranger is an InputError."""
    if not coders:
        return
    allowed = set(coders)
    unknown = codes[~codes["coder"].isin(allowed)]
    if len(unknown):
        first = unknown.iloc[0]
        ref = str(first["source_ref"])
        line = int(ref.removeprefix("line ")) if ref.startswith("line ") else None
        raise InputError(
            f"unknown coder {first['coder']!r}"
            + (f" ({len(unknown)} codings by unknown coders)" if len(unknown) > 1 else ""),
            file=str(first["source_file"]),
            line=line,
            element=None if line is not None else ref,
            hint=f"coders are {', '.join(sorted(allowed))}; add the coder to synthesis.coders "
            "in config/config.yaml or fix the name (a QDA source may map user names: coder_names)",
        )


def read_source(
    spec: Mapping[str, Any], settings: Mapping[str, Any]
) -> tuple[pd.DataFrame, list[Notice]]:
    """Read one configured code source (`synthesis.sources[i]`) into the imported-codes layout."""
    path = Path(str(spec["path"]))
    kind = str(spec.get("format", "")) or guess_format(path)
    if kind == "csv":
        return read_codes_csv(path), []
    if kind == "refiqda":
        from metasynth.synthesise.refiqda import read_project_codes

        return read_project_codes(
            path,
            coder=spec.get("coder"),
            coder_names=spec.get("coder_names", {}),
            record_id_pattern=str(spec.get("record_id_pattern", settings["record_id_pattern"])),
            offset_unit=str(spec.get("offset_unit", "auto")),
            limits=settings["archive_limits"],
            xsd_dir=settings.get("xsd_dir") or None,
        )
    if kind == "taguette":
        from metasynth.synthesise.taguette import read_highlights

        coder = spec.get("coder")
        if not coder:
            raise InputError(
                "a Taguette source needs `coder:` (Taguette exports do not name the coder)",
                file=path,
                hint="add `coder: <name>` to this source in synthesis.sources",
            )
        codes, notices = read_highlights(
            path,
            coder=str(coder),
            record_id_pattern=str(spec.get("record_id_pattern", settings["record_id_pattern"])),
        )
        if spec.get("codebook"):
            from metasynth.synthesise.taguette import check_codebook_counts, read_codebook_csv

            tags = read_codebook_csv(str(spec["codebook"]))
            notices += check_codebook_counts(tags, codes, file=str(spec["codebook"]))
        return codes, notices
    raise InputError(
        f"unknown code source format {kind!r}",
        file=path,
        hint=f"use one of {', '.join(SOURCE_FORMATS)}",
    )


def guess_format(path: Path) -> str:
    """The source format implied by a file name: .qdpx/.qde → refiqda, else csv."""
    return "refiqda" if path.suffix.lower() in {".qdpx", ".qde"} else "csv"


def import_codes(
    sources: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]
) -> tuple[pd.DataFrame, list[Notice]]:
    """All configured sources as one imported-codes table, in source order, and their notices.

    `settings` is the `synthesis` config section (coders, record_id_pattern, archive_limits,
    xsd_dir). Unknown coders are an InputError.
    """
    frames = []
    notices: list[Notice] = []
    for spec in sources:
        frame, found = read_source(spec, settings)
        frames.append(frame)
        notices.extend(found)
    codes = pd.concat(frames, ignore_index=True) if frames else empty_codes()
    codes = codes.astype("string")
    check_coders(codes, list(settings.get("coders", [])))
    return codes, notices


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
