"""ASReview LAB dataset exports (1.x, 2.x, 3.x; CSV, TSV or Excel) as incoming decision rows.

The reviewer imports `results/screening/asreview.csv` (written by the rank_queue rule: every
screened publication, `record_id`, and `included` = 1/0 for publications already settled) into
ASReview LAB, which takes those labels as prior knowledge, screens, and exports the dataset. The
export's shape depends on the version (tests/screen/data/asreview/ holds real ones):

- **2.x and 3.x** keep every column of the dataset as it was imported — `record_id` and the
  original `included` — and add `asreview_label` (1, 0, empty when not seen), `asreview_time`,
  `asreview_note` (3.x also `asreview_group_id`, and `asreview_user_name` with authentication).
  The labels are `asreview_label`; `included` says which of them metasynth supplied.
- **1.x** replaces `record_id` with its own row number (0, 1, …), writes the labels into the
  label column itself (`included`), and adds `asreview_prior`, `asreview_ranking` and
  `exported_notes_<n>`. The row number is the row of the imported dataset, so with that dataset
  (`dataset`, by default results/screening/asreview.csv) a row is its record when both titles
  agree; otherwise it is found by DOI and title. The labels the dataset held are the supplied ones.

Every row becomes one `Incoming`: a title/abstract decision (1 → include, 0 → exclude) with the
label's date (`asreview_time`, or the date given) and a note naming the export and the reviewer's
ASReview note; or a reason it is not one — not labelled in ASReview, or the label metasynth
supplied as prior knowledge (a settled outcome, not this reviewer's decision). A supplied label
the reviewer changed is the reviewer's decision, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from metasynth.errors import InputError
from metasynth.interop.keyed import Incoming
from metasynth.interop.sheets import Sheet, formula_error, read_sheet
from metasynth.text import is_formula_error, title_key

LABEL_COLUMNS = (
    "asreview_label",
    "included",
    "label",
    "final_included",
    "label_included",
    "included_label",
    "included_final",
    "included_flag",
    "include",
)
"""ASReview's names for a label column, in the order ASReview itself tries them."""

_ONE = {"1", "1.0", "true"}
_ZERO = {"0", "0.0", "false"}
_NOTES = re.compile(r"^exported_notes(?:_(\d+))?$")


@dataclass(frozen=True)
class ExportShape:
    """What kind of ASReview export a file is, and where its labels are."""

    version: str  # "1.x" or "2.x/3.x" (or "dataset": no ASReview column at all)
    label_column: str
    supplied_column: str  # the labels as metasynth supplied them ("" when the file lost them)
    note_column: str


def _label(value: str) -> str:
    """ "1", "0" or "" (not labelled) for an ASReview label cell; "?" for anything else."""
    text = value.strip().lower()
    if text in _ONE:
        return "1"
    if text in _ZERO:
        return "0"
    return "" if text in {"", "-1", "-1.0", "nan", "none"} else "?"


def export_shape(columns: list[str], path: Path) -> ExportShape:
    """The version family of an export, from its columns."""
    notes = sorted((int(m.group(1) or 0), c) for c in columns if (m := _NOTES.match(c)) is not None)
    note_column = notes[-1][1] if notes else ""
    if "asreview_label" in columns:
        supplied = next((c for c in LABEL_COLUMNS[1:] if c in columns), "")
        return ExportShape("2.x/3.x", "asreview_label", supplied, "asreview_note")
    label = next((c for c in LABEL_COLUMNS if c in columns), "")
    if not label:
        raise InputError(
            "no label column: an ASReview LAB export has asreview_label (2.x, 3.x) or included "
            "(1.x)",
            file=path,
            line=1,
            hint="in ASReview LAB, export the project's dataset (Export → Dataset, CSV, TSV or "
            "Excel) after screening the results/screening/asreview.csv you imported",
        )
    is_1x = "asreview_ranking" in columns or "asreview_prior" in columns or bool(notes)
    return ExportShape("1.x" if is_1x else "dataset", label, "", note_column)


@dataclass(frozen=True)
class _Dataset:
    """The file imported into ASReview: each row's record_id, title and label, by row number."""

    rows: list[dict[str, str]]

    def row(self, number: str, title: str) -> Mapping[str, str] | None:
        """The dataset row ASReview 1.x numbered `number`, when its title is this title."""
        if not number.isdigit() or int(number) >= len(self.rows):
            return None
        row = self.rows[int(number)]
        return row if title_key(row.get("title", "")) == title_key(title) else None


def _dataset(path: Path | None) -> _Dataset | None:
    if path is None or not path.is_file():
        return None
    sheet = read_sheet(path, what="the dataset imported into ASReview LAB")
    return _Dataset([cells for _, cells in sheet.rows])


def _keys(
    cells: Mapping[str, str], shape: ExportShape, dataset: _Dataset | None
) -> tuple[dict[str, str], str | None, str]:
    """(keys, the label metasynth supplied — None when unknown —, a note) for one export row."""
    keys = {k: cells.get(k, "") for k in ("doi", "title")}
    if shape.version != "1.x":
        keys["record_id"] = cells.get("record_id", "")
        return keys, _label(cells.get(shape.supplied_column, "")), ""
    if dataset is None:
        return keys, None, ""
    source = dataset.row(cells.get("record_id", ""), cells.get("title", ""))
    if source is None:
        return keys, None, "its ASReview 1.x row number is not that row of --dataset"
    keys["record_id"] = source.get("record_id", "")
    return keys, _label(source.get("included", "")), ""


def _reviewer_filter(sheet: Sheet, user: str | None) -> str | None:
    """The ASReview user whose labels are imported (3.x with authentication), if it matters."""
    if "asreview_user_name" not in sheet.columns:
        if user:
            raise InputError(
                "the export names no ASReview user (no asreview_user_name column)",
                file=sheet.path,
                line=1,
                hint="leave out --asreview-user",
            )
        return None
    # a formula's error value is no user: its row is reported by `read_asreview`
    names = sorted(
        {n for _, c in sheet.rows if not is_formula_error(n := c.get("asreview_user_name", ""))}
        - {""}
    )
    if user is None and len(names) > 1:
        raise InputError(
            f"labels of {len(names)} ASReview users ({', '.join(names)}); each is a reviewer",
            file=sheet.path,
            line=1,
            hint="import one user's labels at a time: --asreview-user NAME --reviewer ID",
        )
    if user is not None and user not in names:
        raise InputError(
            f"no label by ASReview user {user!r}",
            file=sheet.path,
            line=1,
            hint=f"the users are {', '.join(names) or '(none)'}",
        )
    return user


def read_asreview(
    path: str | Path,
    *,
    reviewer: str,
    date: str | None,
    dataset: str | Path | None = None,
    asreview_user: str | None = None,
    stage: str = "title_abstract",
) -> tuple[list[Incoming], list[str]]:
    """Incoming title/abstract decisions of `reviewer` from an ASReview LAB export, and the
    notices about how it was read."""
    path = Path(path)
    sheet = read_sheet(path, what="an ASReview LAB export", complete_rows=True)
    shape = export_shape(sheet.columns, path)
    user = _reviewer_filter(sheet, asreview_user)
    source = _dataset(Path(dataset) if dataset else None) if shape.version == "1.x" else None
    notices = list(sheet.notices)
    if shape.version == "1.x" and source is None:
        notices.append(
            f"{path}: an ASReview LAB 1.x export; without the dataset that was imported into "
            "ASReview (--dataset) its rows are found by DOI and title, and its prior labels "
            "cannot be told from the reviewer's"
        )
    read = ("record_id", "doi", "title", shape.label_column, shape.supplied_column,
            shape.note_column, "asreview_time", "asreview_prior", "asreview_user_name")  # fmt: skip
    incoming = []
    for line, cells in sheet.rows:
        keys, supplied, found_note = _keys(cells, shape, source)
        if problem := formula_error(cells, read):
            incoming.append(Incoming(line, keys, skip=problem))
            continue
        label = _label(cells.get(shape.label_column, ""))
        labelled_by = cells.get("asreview_user_name", "")
        skip = ""
        note = found_note
        if label == "?":
            raise InputError(
                f"label {cells.get(shape.label_column, '')[:40]!r} is not 1, 0 or empty",
                file=path,
                line=line,
                element=shape.label_column,
            )
        if not label:
            incoming.append(Incoming(line, keys, skip="not labelled in ASReview", labelled=False))
            continue
        if user is not None and labelled_by != user:
            skip = f"labelled by ASReview user {labelled_by!r}, not {user!r}"
        elif supplied == label:
            skip = (
                f"prior knowledge: the dataset metasynth wrote labelled it {label} (a settled "
                f"outcome), not a decision of {reviewer}"
            )
        elif supplied is None and cells.get("asreview_prior", "") == "1":
            skip = (
                "prior knowledge in a 1.x export whose dataset is unknown: give --dataset to "
                "tell the reviewer's labels from the supplied ones"
            )
        elif supplied:
            note = f"changed the label metasynth supplied ({supplied} → {label})"
        when = date or cells.get("asreview_time", "")[:10]
        if not skip and not when:
            raise InputError(
                "the export has no label times (asreview_time): give the date of the decisions",
                file=path,
                line=line,
                hint="--date YYYY-MM-DD",
            )
        asreview_note = cells.get(shape.note_column, "") if shape.note_column else ""
        text = f"ASReview LAB export {path.name}" + (f": {asreview_note}" if asreview_note else "")
        row = {
            "stage": stage,
            "reviewer": reviewer,
            "decision": "include" if label == "1" else "exclude",
            "note": text,
            "date": when,
        }
        incoming.append(Incoming(line, keys, (row,), skip=skip, note=note))
    return incoming, notices
