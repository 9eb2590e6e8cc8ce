"""One decision for many publications at once: all those a list leaves out, or all it names.

`metasynth screen bulk --keep included.txt --decision exclude --reason off_topic …` is the step a
review that screened in a spreadsheet needs: exclude at title/abstract every publication still
awaiting that stage except the ones listed. The list is a text file (one record_id, DOI or title
per line) or a table (CSV/Excel with a record_id, doi, pmid or title column). Its rows are found
like any import's (`matching`); with `--keep`, a row that matches nothing stops the bulk
decision — its publication would otherwise be decided as unlisted — and with `--only` it is
reported. The publications decided are those of the stage's open statuses in the last run's
`results/screening/status.csv` (awaiting or in conflict at that stage; `excluded_automatic` is
never among them), less the listed ones with `--keep` or only them with `--only`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from metasynth.errors import InputError
from metasynth.files import read_input_bytes
from metasynth.interop.keyed import Incoming
from metasynth.interop.matching import Match, PublicationIndex
from metasynth.interop.sheet import KEY_NAMES, sheet_columns
from metasynth.interop.sheets import TEXT_SUFFIXES, WORKBOOK_SUFFIXES, read_sheet

_DOI_LINE = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.\d{4,9}/\S+", re.IGNORECASE)

OPEN_STATUSES = {
    "title_abstract": ("awaiting_title_abstract", "conflict_title_abstract"),
    "retrieval": ("awaiting_retrieval",),
    "full_text": ("awaiting_full_text", "conflict_full_text"),
}
"""The statuses of publications a stage's decision is still open for."""


def _line_keys(text: str, known: Mapping[str, str]) -> dict[str, str]:
    """What one line of a plain list names: a known record_id, else a DOI, else a title."""
    if text in known:
        return {"record_id": text}
    if _DOI_LINE.fullmatch(text):
        return {"doi": text}
    return {"title": text}


def read_key_list(
    path: str | Path, members: Mapping[str, str], given: Mapping[str, str] | None = None
) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """(line, keys) for every row of a list file, and the notices of reading it.

    `given`: the column of a key field whose name is another (`--column title=Paper`). A table
    row that names no paper gets, as its only key, `unnamed`: why (the columns not read)."""
    path = Path(path)
    suffix = path.suffix.lower()
    is_table = suffix in WORKBOOK_SUFFIXES or (suffix in TEXT_SUFFIXES - {".txt"})
    if is_table:
        sheet = read_sheet(path, what="a list of publications")
        columns = sheet_columns(sheet, {}, dict(given or {}))
        keys = []
        for line, cells in sheet.rows:
            row_keys = {k: cells.get(c, "") for k, c in columns.keys.items()}
            unnamed = columns.unnamed(row_keys)
            keys.append((line, {"unnamed": unnamed} if unnamed else row_keys))
        return keys, sheet.notices
    if given:
        raise InputError(
            "--column applies to a table (CSV, TSV or Excel); this list is text, one record_id, "
            "DOI or title per line",
            file=path,
            element="--column",
            hint="leave --column out, or give the table",
        )
    raw = read_input_bytes(path, what="a list of publications")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text ({exc.reason})", file=path, hint="save the list as UTF-8 text"
        ) from None
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
    return [(n, _line_keys(value, members)) for n, value in lines if value], []


def bulk_incoming(
    listed: Sequence[tuple[int, Mapping[str, str]]],
    *,
    index: PublicationIndex,
    status: pd.DataFrame,
    mode: str,
    decision_row: Mapping[str, str],
    list_name: str,
) -> tuple[list[Incoming], list[str]]:
    """Incoming decisions for the publications the bulk step decides, and what it noticed.

    `mode`: "keep" (every open publication but the listed ones) or "only" (the listed ones).
    """
    stage = decision_row["stage"]
    if mode == "keep" and not listed:
        raise InputError(
            "the list names no publication: every open publication would be decided",
            file=list_name,
            hint="is this the right file? Give the publications to keep, one record_id, DOI or "
            "title per line (or a table with such a column)",
        )
    found: dict[str, tuple[int, str]] = {}  # publication → (line, how the line matched it)
    unmatched = []
    for line, keys in listed:
        if "unnamed" in keys:
            unmatched.append(f"{list_name}:{line}: {keys['unnamed']}")
            continue
        match = index.find(keys)
        if isinstance(match, Match):
            found.setdefault(match.publication_id, (line, match.matched_by))
        else:
            unmatched.append(f"{list_name}:{line}: {match.reason}")
    if unmatched and mode == "keep":
        raise InputError(
            f"{len(unmatched)} row(s) of the list match no publication, which would be decided "
            "as unlisted:\n  " + "\n  ".join(unmatched[:20]),
            file=list_name,
            hint="fix those rows (a record_id from results/dedup/clusters.csv is surest) and "
            "run it again",
        )
    open_ids = status.loc[status["status"].isin(OPEN_STATUSES[stage]), "record_id"].astype(str)
    if mode == "keep":
        # an unlisted publication is not looked up: it comes from the status table
        chosen = [(pub, 0, "") for pub in sorted(set(open_ids) - set(found))]
        why = f"not listed in {Path(list_name).name}"
    else:
        chosen = sorted(((pub, *where) for pub, where in found.items()), key=lambda p: p[1])
        why = f"listed in {Path(list_name).name}"
    note = "; ".join(n for n in (f"bulk: {why}", decision_row.get("note", "")) if n)
    row = {**decision_row, "note": note}
    is_open = set(open_ids)
    incoming = [
        Incoming(
            line,
            {"record_id": publication},
            (row,),
            skip="" if publication in is_open else f"not open at {stage} in the last run",
            matched_by=how,
        )
        for publication, line, how in chosen
    ]
    return incoming, unmatched


__all__ = ["KEY_NAMES", "OPEN_STATUSES", "bulk_incoming", "read_key_list"]
