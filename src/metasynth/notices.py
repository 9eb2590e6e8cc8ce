"""The stages' notices as `metasynth status` shows them: every problem that did not stop the run,
as the notice tables of the last run hold them (`NOTICE_TABLES`, under results/; status reads
them, refusing a damaged one by name).

Many notices of one kind (one per study of a list imported under the resolver, one per record of
an export with the same slip) would bury the few that matter, so `summarise` keeps each kind in
one place: up to `LISTED_PER_KIND` notices of a kind are listed, more are their first one in full
and a line with how many more there are and in which files. Notices are of one kind when they
differ only in what names the case — record ids, counts, quoted values, the details in
parentheses (`notice_kind`). Nothing is dropped: `metasynth status --notices` lists them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from metasynth.text import plural

if TYPE_CHECKING:
    import pandas as pd

NOTICE_TABLES = (
    "ingest/warnings.csv",
    "versions/notices.csv",
    "screening/notices.csv",
    "synthesis/import_notices.csv",
)
"""The stages' tables of problems that did not stop the run (paths under results/)."""

LISTED_PER_KIND = 3
"""Notices of one kind listed one per line up to this many; more are one line with their count."""

LIST_ALL_COMMAND = "metasynth status --notices"

_VARYING = re.compile(r"\([^()]*\)|'[^']*'|\"[^\"]*\"|\S*\d\S*")
"""What names the case in a notice: a parenthesised detail, a quoted value, a word with a
digit (a record_id, a DOI, a count, a line number, a reviewer such as R3)."""


@dataclass(frozen=True)
class ShownNotice:
    """One row of a notice table: its file, where in it (file:line, or a QDA element), what,
    and the table it is in."""

    file: str
    where: str
    message: str
    table: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def notice_kind(message: str) -> str:
    """What notices of one kind share: the message without what names the case."""
    return " ".join(_VARYING.sub("…", message).split())


def shown_notices(table: pd.DataFrame, name: str) -> list[ShownNotice]:
    """The rows of the notice table `name` (as status names it: `results/…`), in its order."""
    notices = []
    for row in table.to_dict("records"):
        file = row.get("file") or row.get("source_file") or ""
        where = f"{file}:{row['line']}" if file and row.get("line") else str(file)
        if row.get("element"):  # a REFI-QDA notice: which source or selection
            where = f"{where} {row['element']}" if where else str(row["element"])
        notices.append(ShownNotice(str(file), where, str(row["message"]), name))
    return notices


def summarise(notices: list[ShownNotice], limit: int = 10) -> list[str]:
    """The notices as status lists them (see the module docstring): at most `limit` kinds,
    each in table order of its first notice, then where to find them all."""
    kinds: dict[str, list[ShownNotice]] = {}
    for notice in notices:
        kinds.setdefault(notice_kind(notice.message), []).append(notice)
    lines = []
    for same in list(kinds.values())[:limit]:
        if len(same) <= LISTED_PER_KIND:
            lines += [f"  {notice}" for notice in same]
            continue
        files = sorted({notice.file for notice in same})
        more = f" and {len(files) - 3:,} more files" if len(files) > 3 else ""
        shown = ", ".join(files[:3]) + more
        lines += [f"  {same[0]}", f"    and {len(same) - 1:,} more like it ({shown})"]
    if len(kinds) > limit:
        hidden = sum(len(same) for same in list(kinds.values())[limit:])
        lines.append(f"  and {plural(hidden, 'more notice')} of other kinds")
    if len(kinds) > limit or any(len(same) > LISTED_PER_KIND for same in kinds.values()):
        tables = ", ".join(dict.fromkeys(notice.table for notice in notices))
        lines.append(f"  (`{LIST_ALL_COMMAND}` lists all {len(notices):,}; the tables: {tables})")
    return lines


def format_notices(notices: list[ShownNotice]) -> str:
    """Every notice, one per line (`metasynth status --notices`)."""
    if not notices:
        return "No notices: the last run's notice tables are empty (or there was no run)\n"
    return "".join(f"{notice}\n" for notice in notices)


__all__ = [
    "LIST_ALL_COMMAND",
    "NOTICE_TABLES",
    "ShownNotice",
    "format_notices",
    "notice_kind",
    "shown_notices",
    "summarise",
]
