"""Reviewer decision files: reading, validating and attaching each row to its publication.

Input: the hand-edited CSV files under `data/screening/`, sub-folders included (schema
`screening_decisions`: record_id, stage, reviewer, decision, reason, note, date), the screening
settings, and the record_id → publication map from deduplication (`results/dedup/clusters.csv`).
Every file in the folder is read or refused (`hand_edited_files`, `require_csv`; the appraisal
folder is listed the same way): only hidden files, README* and editor backups are left out.

Output: one table of every decision row, sorted by source file and line, with the row's
`publication_id` (the primary record_id of its cluster), `named_record_id` (as written),
`is_resolution` (the reviewer's role is the configured resolver role), `source_file` and
`source_line`. Every problem is an `InputError` naming the file and line: an unknown record_id,
reviewer or reason; a reason missing where required; a resolution that is not include/exclude;
the same reviewer deciding the same publication twice at one stage (also through two record_ids
of one cluster). Stage order is checked later, with the record states (`metasynth.screen.state`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from metasynth.dedup.former import publication_map
from metasynth.errors import InputError
from metasynth.screen.settings import ScreeningSettings
from metasynth.tables import read_hand_table, read_table

SCHEMA = "screening_decisions"
DECISION_COLUMNS = [
    "publication_id",
    "named_record_id",
    "stage",
    "reviewer",
    "decision",
    "reason",
    "note",
    "date",
    "is_resolution",
    "source_file",
    "source_line",
]
REQUIRED_REASON = {("full_text", "exclude"), ("retrieval", "not_retrieved")}


def cluster_map(clusters: pd.DataFrame) -> dict[str, str]:
    """record_id → publication (the cluster's primary record_id), from `clusters.csv`; a former
    record_id (an earlier rule's, `metasynth.dedup.former`) names its record's publication."""
    return publication_map(clusters)


def merge_rules(clusters: pd.DataFrame) -> dict[str, str]:
    """record_id → the dedup rule that merged it (`primary` for primaries)."""
    return dict(zip(clusters["record_id"].astype(str), clusters["rule"].astype(str), strict=True))


def load_clusters(path: str | Path) -> pd.DataFrame:
    """Read `results/dedup/clusters.csv`, keeping only what screening needs, as strings."""
    frame = read_table(path)
    needed = {"cluster_id", "record_id", "is_primary", "rule", "entries", "database"}
    missing = needed - set(frame.columns)
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(sorted(missing))}",
            file=path,
            line=1,
            hint="re-run deduplication (docs/data-contracts.md, results/dedup)",
        )
    return frame


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
    for path in root.rglob("*"):
        if path.is_file():
            ignored_here = is_ignored_hand_file(path.relative_to(root))
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


def read_decision_files(paths: Iterable[str | Path]) -> pd.DataFrame:
    """Every row of every decision file, schema-checked, with `source_file` and `source_line`.
    A file that is not CSV is refused (`require_csv`)."""
    frames = []
    for path in sorted(Path(p) for p in paths):
        require_csv(path, "reviewers' decisions")
        frame = read_hand_table(path, SCHEMA)
        frame.insert(0, "source_file", path.as_posix())
        frames.append(frame)
    columns = ["source_file", "record_id", "stage", "reviewer", "decision", "reason", "note"]
    columns += ["date", "source_line"]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in columns[:-1]}).assign(
            source_line=pd.Series(dtype="int64")
        )
    combined = pd.concat(frames, ignore_index=True)
    for column in columns[:-1]:
        if column not in combined.columns:
            combined[column] = ""
        combined[column] = combined[column].fillna("").astype("string")
    return combined[columns]


def validate_decisions(
    raw: pd.DataFrame, settings: ScreeningSettings, members: Mapping[str, str]
) -> pd.DataFrame:
    """Check each row against the config and the clusters; attach it to its publication."""
    rows = []
    first_seen: dict[tuple[str, str, str], tuple[str, int, str]] = {}
    reviewers = ", ".join(sorted(settings.reviewers)) or "(none configured)"
    for record in raw.to_dict("records"):
        file, line = str(record["source_file"]), int(record["source_line"])
        named = str(record["record_id"])
        stage, reviewer = str(record["stage"]), str(record["reviewer"])
        decision, reason = str(record["decision"]), str(record["reason"])
        if named not in members:
            raise InputError(
                f"unknown record_id {named!r}",
                file=file,
                line=line,
                hint="use a record_id from results/dedup/clusters.csv (e.g. WOS:000123456700001)",
            )
        if reviewer not in settings.reviewers:
            raise InputError(
                f"unknown reviewer {reviewer!r}",
                file=file,
                line=line,
                hint=f"use one of {reviewers}, or add the reviewer under screening.reviewers "
                "in config/config.yaml",
            )
        codes = settings.reason_codes(stage)
        if reason and reason not in codes:
            raise InputError(
                f"unknown {stage} reason {reason!r}",
                file=file,
                line=line,
                hint=f"use one of {', '.join(codes) or '(none configured)'} "
                f"(screening.reasons.{stage} in config/config.yaml)",
            )
        if not reason and (stage, decision) in REQUIRED_REASON:
            raise InputError(
                f"a {stage} {decision!r} needs a reason",
                file=file,
                line=line,
                hint=f"add a reason code: {', '.join(codes) or '(none configured)'}",
            )
        resolution = settings.is_resolver(reviewer)
        if resolution and decision == "maybe":
            raise InputError(
                f"{reviewer} resolves conflicts (role {settings.resolver_role!r}), so the "
                "decision must settle it: include or exclude, not 'maybe'",
                file=file,
                line=line,
                hint="write include or exclude",
            )
        publication = members[named]
        key = (publication, stage, reviewer)
        if key in first_seen:
            prev_file, prev_line, prev_named = first_seen[key]
            same = (
                ""
                if prev_named == named
                else f" (as {prev_named}, a duplicate of the same publication)"
            )
            raise InputError(
                f"{reviewer} already decided {publication} at {stage} in "
                f"{prev_file}:{prev_line}{same}",
                file=file,
                line=line,
                hint="keep one row per reviewer, publication and stage: edit the earlier row "
                "to change a decision"
                + (
                    ""
                    if prev_named == named
                    else f"; {prev_named} and {named} are one publication now (deduplication "
                    f"merged them, see results/dedup/clusters.csv): keep the row you mean and "
                    "delete the other"
                ),
            )
        first_seen[key] = (file, line, named)
        rows.append(
            {
                "publication_id": publication,
                "named_record_id": named,
                "stage": stage,
                "reviewer": reviewer,
                "decision": decision,
                "reason": reason,
                "note": str(record["note"]),
                "date": str(record["date"]),
                "is_resolution": resolution,
                "source_file": file,
                "source_line": line,
            }
        )
    frame = pd.DataFrame(rows, columns=DECISION_COLUMNS)
    for column in DECISION_COLUMNS:
        if column == "is_resolution":
            frame[column] = frame[column].astype("bool")
        elif column == "source_line":
            frame[column] = frame[column].astype("int64")
        else:
            frame[column] = frame[column].astype("string")
    return frame.sort_values(["source_file", "source_line"], kind="stable").reset_index(drop=True)
