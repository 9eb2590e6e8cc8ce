"""Reviewers' verdicts on candidate pairs: reading, checking against the records, and pairing.

Input: `data/dedup/verdicts.csv` (hand-edited, validated row by row against
`dedup_verdicts.schema.yaml` by `metasynth.tables.read_hand_table`, so every complaint names
the file and line) and the record_ids of the current run. Output: `Verdict` objects for the rows
that carry a verdict (rows with an empty verdict are open questions, counted and skipped).

A record_id written under the earlier rule (`former.py`: `doi:…`, `pmid:…`) is read as the
record it names now, with a notice saying what to write instead.

Errors (InputError with file:line): a record_id that is not in the records table (or a former id
that now names several records), a record paired with itself, a row with a reviewer or date but
no verdict (a half-filled decision is not an open question), and the same pair given
contradicting verdicts on two rows (both lines named).
Contradictions that only appear once clusters are formed are found in `clusters.py`. Verdicts
dated after today are a warning (`hand_files.implausible_dates`), as decisions and appraisals are.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from metasynth.dedup.former import FORMER_RULE
from metasynth.errors import InputError, Notice, raise_collected
from metasynth.hand_files import SPREADSHEET_SUFFIXES, DateRange, implausible_dates
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
    notices: tuple[Notice, ...] = ()

    @classmethod
    def empty(cls) -> Verdicts:
        return cls((), 0, "")


UNLISTED_TABLES = frozenset({".csv", ".tsv", ".tab", ".txt"}) | SPREADSHEET_SUFFIXES
"""Files beside the verdicts file that could hold verdicts: refused, not left unread."""


def check_unlisted_verdicts(paths: Iterable[str | Path], verdicts_file: str) -> list[Notice]:
    """Refuse the tables beside the verdicts file that `dedup.verdicts` does not name (a second
    reviewer's `verdicts_R2.csv`, the review sheet saved as .xlsx): only that one file is read,
    so their verdicts would be lost without a word. Any other file is a warning."""
    problems, notices = [], []
    for path in sorted(Path(p) for p in paths):
        if path.suffix.lower() not in UNLISTED_TABLES:
            what = f"no stage reads it (only {verdicts_file} is read here)"
            notices.append(Notice("warning", what, file=path.as_posix()))
            continue
        problems.append(
            InputError(
                f"a table beside the verdicts that no stage reads: only {verdicts_file} "
                "(dedup.verdicts in config/config.yaml) is read, so the verdicts in this one "
                "would be lost",
                file=path.as_posix(),
                hint=f"copy its decided rows into {verdicts_file} (as CSV), then delete this "
                f"file or move it out of {path.parent.as_posix()} (files whose name ends in ~ "
                "or starts with a dot are ignored)",
            )
        )
    raise_collected(problems)
    return notices


def read_verdicts(path: str | Path) -> pd.DataFrame:
    """The verdicts file as validated rows (strings, plus `source_line`)."""
    return read_hand_table(path, "dedup_verdicts")


def check_verdicts(
    table: pd.DataFrame,
    record_ids: Iterable[str],
    *,
    file: str | Path,
    former: Mapping[str, Sequence[str]] | None = None,
    today: datetime.date | None = None,
) -> Verdicts:
    """Verdicts naming known records, each pair decided once; InputError otherwise.

    `former` maps ids of the earlier rule to the record_ids they name now: a verdict naming one
    that names one record applies to it (with a notice). A verdict dated after `today` (the
    date of the run when not given) is a warning: it counts, but its date is wrong.
    """
    known = set(record_ids)
    file = str(file)
    decided: list[Verdict] = []
    notices: list[Notice] = []
    first_row_of_pair: dict[tuple[str, str], Verdict] = {}
    n_open = 0
    for row in table.to_dict("records"):
        line = int(row[LINE_COLUMN])
        named = [str(row["record_id_a"]), str(row["record_id_b"])]
        for position, record_id in enumerate(named):
            if record_id in known:
                continue
            now = (former or {}).get(record_id, ())
            if len(now) == 1:
                named[position] = now[0]
                notices.append(
                    Notice(
                        "warning",
                        f"{record_id} is the id of {now[0]} under the earlier rule ({FORMER_RULE})"
                        f": read as {now[0]}; write {now[0]} instead",
                        file=file,
                        line=line,
                    )
                )
                continue
            raise InputError(
                f"unknown record_id {record_id!r}"
                + (
                    f": under the earlier rule ({FORMER_RULE}) it named the records now "
                    f"{', '.join(now)}"
                    if now
                    else ""
                ),
                file=file,
                line=line,
                hint="write the record_id of one of them (results/dedup/clusters.csv)"
                if now
                else "use a record_id from results/dedup/clusters.csv (the export holding "
                "it may have been removed from data/raw, or the id mistyped)",
            )
        record_a, record_b = named
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
    dated = pd.DataFrame(
        {
            "date": [item.date for item in decided],
            "source_file": [file] * len(decided),
            "source_line": [item.line for item in decided],
        }
    )
    latest = today or datetime.date.today()
    notices += implausible_dates(dated, DateRange(None, latest), "verdict")
    return Verdicts(tuple(decided), n_open, file, tuple(notices))
