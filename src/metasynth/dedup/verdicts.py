"""Reviewers' verdicts on candidate pairs: reading, checking against the records, and pairing.

Input: `data/dedup/verdicts.csv` (hand-edited, validated row by row against
`dedup_verdicts.schema.yaml` by `metasynth.tables.read_hand_table`, so every complaint names
the file and line) and the record_ids of the current run. Output: `Verdict` objects for the rows
that carry a verdict (rows with an empty verdict are open questions, counted and skipped).

Errors (InputError with file:line): a record_id that is not in the records table, a record paired
with itself, a row with a reviewer or date but no verdict (a half-filled decision is not an open
question), and the same pair given contradicting verdicts on two rows (both lines named).
Contradictions that only appear once clusters are formed are found in `clusters.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from metasynth.errors import InputError
from metasynth.tables import LINE_COLUMN, read_hand_table

VERDICT_COLUMNS = ("record_id_a", "record_id_b", "verdict", "reviewer", "date", "note")
"""The columns a reviewer fills; review.csv starts with them so its rows can be copied over."""


@dataclass(frozen=True)
class Verdict:
    """One reviewer's verdict on one pair of records, with where it was written."""

    record_id_a: str
    record_id_b: str
    verdict: str  # "duplicate" or "distinct"
    reviewer: str
    date: str
    note: str
    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Verdicts:
    """The decided verdicts of a file, and how many of its rows are still open."""

    decided: tuple[Verdict, ...]
    n_open: int
    file: str

    @classmethod
    def empty(cls) -> Verdicts:
        return cls((), 0, "")


def read_verdicts(path: str | Path) -> pd.DataFrame:
    """The verdicts file as validated rows (strings, plus `source_line`)."""
    return read_hand_table(path, "dedup_verdicts")


def check_verdicts(table: pd.DataFrame, record_ids: Iterable[str], *, file: str | Path) -> Verdicts:
    """Verdicts naming known records, each pair decided once; InputError otherwise."""
    known = set(record_ids)
    file = str(file)
    decided: list[Verdict] = []
    first_row_of_pair: dict[tuple[str, str], Verdict] = {}
    n_open = 0
    for row in table.to_dict("records"):
        line = int(row[LINE_COLUMN])
        record_a, record_b = str(row["record_id_a"]), str(row["record_id_b"])
        for record_id in (record_a, record_b):
            if record_id not in known:
                raise InputError(
                    f"unknown record_id {record_id!r}",
                    file=file,
                    line=line,
                    hint="use a record_id from results/dedup/clusters.csv (the export holding "
                    "it may have been removed from data/raw, or the id mistyped)",
                )
        if record_a == record_b:
            raise InputError(
                f"the verdict pairs {record_a!r} with itself",
                file=file,
                line=line,
                hint="record_id_a and record_id_b must be two different records",
            )
        verdict = str(row.get("verdict", "") or "")
        if not verdict:
            if row.get("reviewer") or row.get("date"):
                raise InputError(
                    "the row names a reviewer or date but no verdict",
                    file=file,
                    line=line,
                    hint="write duplicate or distinct in the verdict column, or clear reviewer "
                    "and date to leave the pair open",
                )
            n_open += 1
            continue
        item = Verdict(
            record_id_a=record_a,
            record_id_b=record_b,
            verdict=verdict,
            reviewer=str(row.get("reviewer", "")),
            date=str(row.get("date", "")),
            note=str(row.get("note", "") or ""),
            file=file,
            line=line,
        )
        pair = (min(record_a, record_b), max(record_a, record_b))
        earlier = first_row_of_pair.get(pair)
        if earlier is not None:
            if earlier.verdict != item.verdict:
                raise InputError(
                    f"{record_a} and {record_b} are {item.verdict!r} here but "
                    f"{earlier.verdict!r} at line {earlier.line}",
                    file=file,
                    line=line,
                    hint=f"keep one of lines {earlier.line} and {line}",
                )
            continue  # the same verdict twice changes nothing
        first_row_of_pair[pair] = item
        decided.append(item)
    return Verdicts(tuple(decided), n_open, file)


def load_verdicts(path: str | Path | None, record_ids: Iterable[str]) -> Verdicts:
    """Read and check a verdicts file; None means no verdicts (a missing file is an error)."""
    if path is None:
        return Verdicts.empty()
    return check_verdicts(read_verdicts(path), record_ids, file=path)
