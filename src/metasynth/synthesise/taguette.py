"""Taguette exports: highlights CSV → codes table rows; codebook CSV → a list of tags.

Taguette (taguette.org) exports all highlights of a project as a CSV with the columns
`id, document, tag, content` — one row per (highlight, tag), so a highlight with two tags is two
rows with the same id — and its codebook as `tag, description, number of highlights, number of
documents`. Tags are hierarchical by a backslash in the name (`interesting\\places`). Both files
are written with CRLF line ends. Taguette does not record who highlighted, so the coder comes from
config. The document name gives the record_id through `record_id_pattern` (as for REFI-QDA
sources). A malformed file is an `InputError` naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from metasynth.errors import InputError, Notice
from metasynth.files import read_input_bytes
from metasynth.synthesise.codes import PATH_SEP, codes_frame
from metasynth.synthesise.documents import DocumentMatcher
from metasynth.tables import cell_count_problem, csv_rows, refuse_repeated_header

LOCATION_PREFIX = "highlight "
"""A Taguette coding's `location`: its highlight's id after this (rows of a CSV, like a
spreadsheet's codes, but of documents named in Taguette)."""

HIGHLIGHT_COLUMNS = ("id", "document", "tag", "content")
CODEBOOK_COLUMNS = ("tag", "description", "number of highlights", "number of documents")


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = read_input_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not valid UTF-8", file=path, hint="export again from Taguette") from None
    lines = csv_rows(text, file=path)
    header = [h.strip().lower() for h in next(lines, (1, []))[1]]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            f"not a Taguette export: missing column(s) {', '.join(missing)}",
            file=path,
            line=1,
            hint=f"a Taguette export has the columns {', '.join(required)}",
        )
    rows = []
    for start, cells in lines:
        if not any(c.strip() for c in cells):
            continue
        refuse_repeated_header(cells, header, file=path, line=start)
        if len(cells) != len(header):
            raise InputError(
                cell_count_problem(len(cells), len(header)),
                file=path,
                line=start,
            )
        rows.append((start, dict(zip(header, cells, strict=True))))
    return rows


def read_highlights(
    path: str | Path,
    *,
    coder: str,
    record_id_pattern: str,
    documents: DocumentMatcher | None = None,
) -> tuple[pd.DataFrame, list[Notice]]:
    """A Taguette highlights export as rows of the imported-codes table (one per tag).
    `documents`: finds the study of a document whose name gives no known record_id by a DOI or
    title in its name (`synthesise.documents`)."""
    path = Path(path)
    pattern = re.compile(record_id_pattern)
    resolved: dict[str, str] = {}  # document name → record_id
    out = []
    for line, row in _rows(path, HIGHLIGHT_COLUMNS):
        tag = row["tag"].strip()
        document = row["document"].strip()
        if not tag or not document:
            raise InputError("highlight without a document or a tag", file=path, line=line)
        parts = [p.strip() for p in tag.split("\\") if p.strip()]
        match = pattern.match(document)
        record_id = (
            match.group("record_id") if match and "record_id" in pattern.groupindex else document
        ).strip()
        if documents is not None:
            if document not in resolved:
                resolved[document] = documents.record_id(
                    record_id, [document], file=path.as_posix(), element=f"line {line}"
                )
            record_id = resolved[document]
        out.append(
            {
                "record_id": record_id.strip(),
                "coder": coder,
                "code": parts[-1],
                "quote": row["content"].strip(),
                "location": f"{LOCATION_PREFIX}{row['id'].strip()}",
                "memo": "",
                "code_path": PATH_SEP.join(parts),
                "source_file": path.as_posix(),
                "source_ref": f"line {line}",
            }
        )
    return codes_frame(out), []


def read_codebook_csv(path: str | Path) -> pd.DataFrame:
    """A Taguette codebook export: tag, path (parts joined by " > "), description and counts."""
    path = Path(path)
    records = []
    for line, row in _rows(path, CODEBOOK_COLUMNS):
        try:
            n_highlights = int(row["number of highlights"])
            n_documents = int(row["number of documents"])
        except ValueError:
            raise InputError("counts must be whole numbers", file=path, line=line) from None
        tag = row["tag"].strip()
        records.append(
            {
                "tag": tag,
                "path": PATH_SEP.join(p.strip() for p in tag.split("\\") if p.strip()),
                "description": row["description"].strip(),
                "n_highlights": n_highlights,
                "n_documents": n_documents,
            }
        )
    return pd.DataFrame(
        records, columns=["tag", "path", "description", "n_highlights", "n_documents"]
    )


def check_codebook_counts(
    codebook: pd.DataFrame, highlights: pd.DataFrame, *, file: str
) -> list[Notice]:
    """Warnings where the codebook's counts disagree with the highlights export (stale export)."""
    notices = []
    by_tag = highlights.assign(tag=highlights["code_path"].str.replace(PATH_SEP, "\\", regex=False))
    for row in codebook.itertuples(index=False):
        subset = by_tag[by_tag["tag"] == row.tag]
        n_highlights = subset["location"].nunique()
        n_documents = subset["record_id"].nunique()
        if (n_highlights, n_documents) != (row.n_highlights, row.n_documents):
            notices.append(
                Notice(
                    "warning",
                    f"tag {row.tag!r}: codebook says {row.n_highlights} highlights in "
                    f"{row.n_documents} documents, the highlights export has {n_highlights} in "
                    f"{n_documents}",
                    file,
                )
            )
    return notices
