"""Folders of hand-edited tables: the reviewers' decision files and the appraisal files.

Every file under such a folder (sub-folders included) is the rule's input and is read, or refused
with a message, never skipped: `hand_edited_files` lists them, leaving out only what is nobody's
table (hidden files, README*, editor backups and lock files, `ignored_hand_files`), and following
links to folders (a link to nothing, or back into the tree, is refused by name); `require_csv`
refuses a file that is not CSV (a spreadsheet, a .tsv) saying how to save it; `read_hand_files`
reads them all against one row schema into one table, each row with its `source_file` and
`source_line`. The screening stage (`screen.decisions.read_decision_files`) and the appraisal
stage (`appraise.read_appraisal_files`) read their folders through it.

The coding sources and the duplicate verdicts are read as the config names them, one by one:
`files_not_listed` (and `unlisted_coding_files` for the coding folders) finds the other files
of their folders, for the stage to refuse or warn about by name, since a file put there and
never read would be lost without a word. `implausible_dates` warns
about the rows of any hand-edited table (decisions, appraisals, duplicate verdicts) dated after
today or before the review's searched years.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from metasynth.errors import CollectedInputError, InputError, Notice, raise_collected
from metasynth.files import walk_files
from metasynth.tables import read_hand_rows

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".numbers"})


def is_ignored_hand_file(relative: str | Path) -> bool:
    """True for the files of a decision or appraisal folder that are nobody's table: hidden files
    and folders (`.gitkeep`, `.DS_Store`, LibreOffice's `.~lock.x.csv#`), `README*`, editor
    backups (`x.csv~`) and Excel's lock files (`~$x.csv`, present while a table is open)."""
    path = Path(relative)
    name = path.name
    return (
        any(part.startswith(".") for part in path.parts)
        or name.upper().startswith("README")
        or name.endswith("~")
        or name.startswith("~$")
    )


def _folder_files(folder: str | Path) -> tuple[list[str], list[str]]:
    root = Path(folder)
    if not root.is_dir():
        return [], []
    kept: list[str] = []
    ignored: list[str] = []
    for path in walk_files(root):
        ignored_here = is_ignored_hand_file(path.relative_to(root))
        if path.is_symlink() and not path.exists() and not ignored_here:
            raise InputError(
                "a symbolic link to nothing (its target is missing, or the link leads to itself)",
                file=path,
                hint="copy the file itself into the folder, or remove the link",
            )
        (ignored if ignored_here else kept).append(path.as_posix())
    return sorted(kept), sorted(ignored)


def hand_edited_files(folder: str | Path) -> list[str]:
    """Every file under a decision or appraisal folder, sub-folders included, sorted, except the
    ones `is_ignored_hand_file` names: the rule's inputs, so that adding, changing or removing
    any of them re-runs the rules that read them. Each is read (`.csv`, any case) or refused by
    `require_csv` with a message, never skipped. A missing folder has none."""
    return _folder_files(folder)[0]


def ignored_hand_files(folder: str | Path) -> list[str]:
    """The files under a folder that `hand_edited_files` leaves out (for a log line), sorted."""
    return _folder_files(folder)[1]


def files_not_listed(
    folder: str | Path, listed: Iterable[str | Path], *, skip: Iterable[str | Path] = ()
) -> list[str]:
    """The files under `folder` (sub-folders included, `walk_files`) that are not in `listed`,
    not under a folder of `skip` (another stage's folder inside this one) and not nobody's
    table (`is_ignored_hand_file`: hidden files, README*, editor backups), nor Markdown notes:
    what a stage whose config names its files would leave unread. None for a folder that is
    missing, or the project folder itself (or one above it), which holds the whole project."""
    root = Path(folder)
    here = Path.cwd().resolve()
    if not root.is_dir() or root.resolve() in (here, *here.parents):
        return []
    named = {Path(p).resolve() for p in listed}
    skipped = {Path(p).resolve() for p in skip}

    def leave_out(relative: Path) -> bool:
        return is_ignored_hand_file(relative) or (root / relative).resolve() in skipped

    found = [
        path
        for path in walk_files(root, skip=leave_out)
        if path.resolve() not in named and path.suffix.lower() != ".md"
    ]
    return sorted(path.as_posix() for path in found)


DOCUMENT_SUFFIXES = frozenset({".txt", ".doc", ".docx", ".pdf", ".rtf", ".odt", ".htm", ".html"})
"""The documents that were coded (as `synthesis.record_id_pattern` names them): kept beside the
coding by some teams, and not coding themselves."""


def unlisted_coding_files(
    sources: Sequence[Mapping[str, Any]],
    codebook: str,
    *,
    also_read: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> list[str]:
    """Every file in the folders of the coding sources and of the codebook that no stage reads,
    sorted. `also_read`: files other rules read there (the CERQual findings and judgements);
    `skip`: other stages' folders, left out when they lie inside a coding folder."""
    named = [str(source["path"]) for source in sources]
    named += [str(source["codebook"]) for source in sources if source.get("codebook")]
    read = [*named, codebook, *also_read]
    folders = sorted({Path(path).parent for path in [*named, codebook]})
    skipped = list(skip)
    found = {
        path
        for folder in folders
        for path in files_not_listed(folder, read, skip=skipped)
        if Path(path).suffix.lower() not in DOCUMENT_SUFFIXES
    }
    return sorted(found)


_SYNC_COPY = re.compile(r"conflicted copy|sync-conflict|conflict copy|\(conflict\)", re.IGNORECASE)
"""What file-sync tools put in the name of the copy they keep when two machines edited one file
(Dropbox, Nextcloud and ownCloud "conflicted copy", Syncthing ".sync-conflict-", "(Conflict)")."""


def refuse_sync_copy(path: str | Path) -> None:
    """Refuse the copy a sync tool left beside a table two machines edited: read too, it would
    bring back every row since deleted from the real file (an undone or corrected decision)
    without a word, and count the rest twice."""
    name = Path(path).name
    if _SYNC_COPY.search(name):
        raise InputError(
            "a file-sync tool's conflict copy of another table in this folder",
            file=path,
            hint="compare it with the file it copies, keep the right rows in that file, then "
            "delete the copy (or move it out of the folder)",
        )


def require_csv(path: str | Path, contents: str) -> None:
    """Refuse a file in a decision or appraisal folder that is not a CSV file (`.csv`, any case):
    every file there is read as `contents`, so another kind is an error, not skipped."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return
    hidden = "hidden files, README* and backups ending in ~ are ignored"
    if suffix in SPREADSHEET_SUFFIXES:
        raise InputError(
            f"a spreadsheet ({path.suffix}), not a CSV file; every file in this folder is read "
            f"as {contents}, and only CSV can be read",
            file=path,
            hint='save it as "CSV UTF-8 (comma delimited)" with a .csv name, then delete the '
            f"spreadsheet or move it out of the folder ({hidden})",
        )
    kind = f"a {path.suffix} file" if path.suffix else "a file without extension"
    raise InputError(
        f"{kind}, not a .csv file; every file in this folder is read as {contents}",
        file=path,
        hint="if it holds comma-separated rows, rename it to .csv (save a .tsv or .txt as "
        f"comma-separated CSV UTF-8 first); otherwise move it out of the folder ({hidden})",
    )


def read_hand_files(
    paths: Iterable[str | Path],
    schema: str | Mapping[str, Any],
    *,
    contents: str,
    columns: Sequence[str],
) -> pd.DataFrame:
    """Every row of every file, in path order, checked against the row schema `schema`: the
    `columns` as strings (a column a file leaves out is empty) after `source_file`, then
    `source_line`. A file that is not CSV is refused (`require_csv`, naming `contents`); the
    problems of every file are raised together (`CollectedInputError`): one run lists them all."""
    frame, problems = collect_hand_files(paths, schema, contents=contents, columns=columns)
    raise_collected(problems)
    return frame


def collect_hand_files(
    paths: Iterable[str | Path],
    schema: str | Mapping[str, Any],
    *,
    contents: str,
    columns: Sequence[str],
) -> tuple[pd.DataFrame, list[InputError]]:
    """`read_hand_files` without raising: the rows that pass the schema, and the problems of
    every file (a refused file, a bad header, each bad row), so that a caller checking the good
    rows against the config reports those problems with its own in one run."""
    frames, problems = [], []
    for path in sorted(Path(p) for p in paths):
        try:
            refuse_sync_copy(path)
            require_csv(path, contents)
            frame, row_problems = read_hand_rows(path, schema)
        except CollectedInputError as several:
            problems.extend(several.errors)
            continue
        except InputError as error:
            problems.append(error)
            continue
        problems.extend(row_problems)
        frame.insert(0, "source_file", path.as_posix())
        frames.append(frame)
    text_columns = ["source_file", *columns]
    if not frames:
        empty = pd.DataFrame({c: pd.Series(dtype="string") for c in text_columns})
        return empty.assign(source_line=pd.Series(dtype="int64")), problems
    combined = pd.concat(frames, ignore_index=True)
    for column in text_columns:
        if column not in combined.columns:
            combined[column] = ""
        combined[column] = combined[column].fillna("").astype("string")
    return combined[[*text_columns, "source_line"]], problems


@dataclass(frozen=True)
class DateRange:
    """Plausible dates of a review's decisions, inclusive; `earliest` None means unbounded."""

    earliest: datetime.date | None
    latest: datetime.date


def implausible_dates(rows: pd.DataFrame, dates: DateRange, what: str) -> list[Notice]:
    """One warning per file for its rows dated after `dates.latest` (a typo such as 2099, or a
    wrong clock) and one for those before `dates.earliest` (before the searched years): the
    rows still count, but their dates are wrong in the audit trail. `what` names the rows
    ("decision", "appraisal", "verdict"); `rows` has `date`, `source_file` and `source_line`."""
    found: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    if rows.empty:
        return []  # perhaps without columns: a table of no rows
    written = rows["date"].tolist() if "date" in rows.columns else [""] * len(rows)
    cells = zip(written, rows["source_file"].tolist(), rows["source_line"].tolist(), strict=True)
    for value, file, line in cells:
        text = str(value or "")
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            continue  # the schema has refused a malformed date already
        if day > dates.latest:
            found[(str(file), "after")].append((int(line), text))
        elif dates.earliest is not None and day < dates.earliest:
            found[(str(file), "before")].append((int(line), text))
    notices = []
    for (file, side), places in sorted(found.items()):
        line, text = min(places)
        bound = (
            f"after today ({dates.latest.isoformat()})"
            if side == "after"
            else f"before the searched years begin ({dates.earliest})"
        )
        more = f" (and {len(places) - 1} more row(s) of this file)" if len(places) > 1 else ""
        notices.append(
            Notice(
                "warning",
                f"{what} dated {text}, {bound}{more}: the row counts, but check its date",
                file=file,
                line=line,
            )
        )
    return notices
