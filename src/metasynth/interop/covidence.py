"""Covidence's CSV and RIS exports of a list of studies as incoming decision rows.

Covidence exports the studies of one list at a time (Export → References, CSV) with the columns
`Title, Authors, Abstract, Published Year, …, Accession Number, DOI, Ref, Covidence #, Study,
Notes, Tags`, and names the file after the list: `review_<id>_<list>_csv_<timestamp>.csv`. The
rows carry no decision: the list is the team's decision, and it says how far a study came —

- `irrelevant`: excluded at title/abstract screening → a title_abstract exclude;
- `excluded`: excluded at full-text review → title_abstract include, retrieval retrieved,
  full_text exclude (a reason is required: a column of the file that holds it, or the one reason
  given for the whole list);
- `included`: included after full-text review → title_abstract include, retrieval retrieved,
  full_text include.

The list comes from the file name or is given (`covidence_list`). Each study is one `Incoming`
with the rows of its stages; the note names the list, the file and the Covidence number. The RIS
export (for EndNote, Mendeley, RefWorks or Zotero) has no Covidence number: its records are found
by accession number, DOI and title like the CSV's rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from metasynth.errors import InputError
from metasynth.ingest import read_exports
from metasynth.interop.keyed import Incoming
from metasynth.interop.rayyan import match_reason
from metasynth.interop.sheets import formula_error, read_sheet
from metasynth.screen.settings import Reason

LISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "irrelevant": (("title_abstract", "exclude"),),
    "excluded": (
        ("title_abstract", "include"),
        ("retrieval", "retrieved"),
        ("full_text", "exclude"),
    ),
    "included": (
        ("title_abstract", "include"),
        ("retrieval", "retrieved"),
        ("full_text", "include"),
    ),
}
"""Covidence list → the (stage, decision) rows a study on it stands for."""

REASON_COLUMNS = ("Exclusion Reason", "Exclusion reason", "Reason for exclusion")
_FILE_NAME = re.compile(r"^review_\d+_([a-z_]+?)_csv_\d+", re.IGNORECASE)


def list_of(path: Path, given: str | None) -> str:
    """The Covidence list a file exports: `given`, else the one its name says."""
    named = _FILE_NAME.match(path.name)
    found = named.group(1).lower() if named else None
    if given is not None:
        if found is not None and found in LISTS and found != given:
            raise InputError(
                f"the file name says it is the {found!r} list, not {given!r}",
                file=path,
                hint=f"leave out --list, or check the file (--list {found})",
            )
        return given
    if found is None or found not in LISTS:
        raise InputError(
            "the file name does not say which Covidence list it is "
            + (f"({found!r} is not one of {', '.join(LISTS)})" if found else ""),
            file=path,
            hint=f"say it: --list {' | '.join(LISTS)}",
        )
    return found


def read_covidence(
    path: str | Path,
    *,
    reviewer: str,
    date: str,
    covidence_list: str | None,
    reasons: Sequence[Reason],
    reason: str | None = None,
    reason_map: Mapping[str, str] | None = None,
) -> tuple[list[Incoming], list[str]]:
    """Incoming decisions of `reviewer` for every study of a Covidence list export."""
    path = Path(path)
    name = list_of(path, covidence_list)
    entries, columns, notices = (
        _ris_rows(path) if path.suffix.lower() == ".ris" else _csv_rows(path)
    )
    reason_column = next((c for c in REASON_COLUMNS if c in columns), "")
    read = ("Accession Number", "DOI", "Title", "Covidence #", "Notes", "Tags", reason_column)
    incoming = []
    for line, cells in entries:
        # Covidence keeps the accession number of the file imported into it (`AN`): metasynth's
        # record_id when that file was metasynth's RIS export
        keys = {
            "record_id": cells.get("Accession Number", ""),
            "doi": cells.get("DOI", ""),
            "title": cells.get("Title", ""),
        }
        if problem := formula_error(cells, read):
            incoming.append(Incoming(line, keys, skip=problem))
            continue
        number = cells.get("Covidence #", "")
        note = f"Covidence {name} list ({path.name})" + (f", Covidence {number}" if number else "")
        extra = [f"{c}: {cells[c]}" for c in ("Notes", "Tags") if cells.get(c)]
        code = warning = ""
        if name == "excluded":
            text = cells.get(reason_column, "") if reason_column else ""
            named = match_reason(text, reasons, dict(reason_map or {})) if text else ""
            code = named or reason or ""
            extra += [f"Covidence reason: {text}"] if text else []
            if text and not named:
                warning = (
                    f"Covidence reason {text!r} names no configured full_text reason "
                    f'(--reason-map "{text}=CODE")'
                )
        rows = tuple(
            {
                "stage": stage,
                "reviewer": reviewer,
                "decision": decision,
                "reason": code if (stage, decision) == ("full_text", "exclude") else "",
                "note": "; ".join([note, *extra]),
                "date": date,
            }
            for stage, decision in LISTS[name]
        )
        incoming.append(Incoming(line, keys, rows, warning=warning))
    return incoming, notices


Rows = list[tuple[int, dict[str, str]]]


def _csv_rows(path: Path) -> tuple[Rows, list[str], list[str]]:
    """(line, cells) per row of a Covidence CSV export, its columns, notices."""
    sheet = read_sheet(path, what="a Covidence export", complete_rows=True)
    if "Title" not in sheet.columns or "Covidence #" not in sheet.columns:
        raise InputError(
            "not a Covidence export: it has no Title and Covidence # columns",
            file=path,
            line=1,
            hint="export the list from Covidence as CSV (Export → References → CSV) or RIS",
        )
    return list(sheet.rows), list(sheet.columns), sheet.notices


def _ris_rows(path: Path) -> tuple[Rows, list[str], list[str]]:
    """(line, cells named like the CSV's) per record of a Covidence RIS export, the columns,
    the RIS reader's warnings. The RIS has no Covidence number; `AN` is the accession number
    of the file imported into Covidence, as in the CSV."""
    result = read_exports([path])
    assert result.records is not None and result.fields is not None  # read in memory
    accession = {
        int(f["source_line"]): str(f["value"])
        for f in result.fields.to_dict("records")
        if f["tag"] == "AN"
    }
    rows = [
        (
            int(r["source_line"]),
            {
                "Accession Number": accession.get(int(r["source_line"]), ""),
                "DOI": str(r.get("doi") or ""),
                "Title": str(r.get("title") or ""),
            },
        )
        for r in result.records.to_dict("records")
    ]
    warned = [f"{path}:{w['line']}: {w['message']}" for w in result.warnings.to_dict("records")]
    return rows, ["Accession Number", "DOI", "Title"], warned
