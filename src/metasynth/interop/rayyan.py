"""Rayyan review exports (CSV, RIS or BibTeX) as incoming decision rows.

Rayyan keeps each record's screening in its notes — the CSV's `notes` cell, `N1` in RIS, `note`
in BibTeX — as sections joined by " | ":

    RAYYAN-INCLUSION: {"Emily"=>"Included", "Bob"=>"Maybe"} | RAYYAN-LABELS: ML,Hospital |
    RAYYAN-EXCLUSION-REASONS: wrong population,foreign language | USER-NOTES: {"Emily"=>["…"]}

Every reviewer's decision (Included → include, Excluded → exclude, Maybe → maybe) becomes one
`Incoming` of the metasynth reviewer it is mapped to (`reviewers`: Rayyan name → reviewer id).
An exclusion takes the reason the configured reasons of the stage name (code or label, exact or
normalised; `reason_map` for others) when exactly one of the record's Rayyan reasons names one;
the Rayyan reasons, labels and the reviewer's notes go to the note either way. A record without
decisions is reported as undecided. Rayyan's `key` is its own id: records are found by PubMed ID,
DOI and title.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from metasynth.errors import InputError
from metasynth.ingest import read_exports
from metasynth.interop.keyed import Incoming
from metasynth.interop.sheets import formula_error, read_sheet
from metasynth.screen.settings import Reason
from metasynth.text import fold

DECISIONS = {"included": "include", "excluded": "exclude", "maybe": "maybe"}
# Rayyan's bibliographic exports keep the notes in one field: `N1` in RIS, `note` in BibTeX
NOTE_TAGS = {".ris": "N1", ".bib": "note"}
# Rayyan writes some notes with a space before the first section (`N1  -  RAYYAN-…`)
_SECTION = re.compile(r"(?:^\s*|\s*\|\s*)(RAYYAN-[A-Z-]+|USER-NOTES):\s*")
_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"\s*=>\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\])')
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def sections(notes: str) -> dict[str, str]:
    """The RAYYAN-*/USER-NOTES sections of a notes cell (text before the first is `""`)."""
    found: dict[str, str] = {}
    marks = list(_SECTION.finditer(notes))
    if not marks:
        return {"": notes.strip()} if notes.strip() else {}
    if notes[: marks[0].start()].strip():
        found[""] = notes[: marks[0].start()].strip()
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following is not None else len(notes)
        found[mark.group(1)] = notes[mark.end() : end].strip()
    return found


def name_values(text: str) -> dict[str, list[str]]:
    """`{"Emily"=>"Included", "Bob"=>["a", "b"]}` as {name: [values]}."""
    values = {}
    for name, value in _PAIR.findall(text):
        items = _QUOTED.findall(value) if value.startswith("[") else [value[1:-1]]
        values[name] = [item.replace('\\"', '"') for item in items]
    return values


def match_reason(text: str, reasons: Sequence[Reason], reason_map: Mapping[str, str]) -> str:
    """The configured reason code a Rayyan reason names, or ""."""
    if text in reason_map:
        return reason_map[text]
    for reason in reasons:
        if text in (reason.code, reason.label):
            return reason.code
    folded = fold(text)
    hits = {r.code for r in reasons if folded in (fold(r.code), fold(r.label))}
    return hits.pop() if len(hits) == 1 else ""


def _rows(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[str], str]:
    """(line, keys + notes) per record of a Rayyan CSV, RIS or BibTeX export, notices, what was
    read."""
    note_tag = NOTE_TAGS.get(path.suffix.lower())
    if note_tag is not None:
        result = read_exports([path])
        assert result.records is not None and result.fields is not None  # read in memory
        notes: dict[int, list[str]] = {}
        for field in result.fields.to_dict("records"):
            if field["tag"] == note_tag:
                notes.setdefault(int(field["source_line"]), []).append(str(field["value"]))
        rows = [
            (
                int(r["source_line"]),
                {
                    "doi": str(r.get("doi") or ""),
                    "pmid": str(r.get("pmid") or ""),
                    "title": str(r.get("title") or ""),
                    "notes": " | ".join(notes.get(int(r["source_line"]), [])),
                },
            )
            for r in result.records.to_dict("records")
        ]
        # the RIS reader's warnings (a tag outside any record, a line it could not read) are the
        # import's: without them a record it could not read would vanish without a word
        warned = [
            f"{path}{_at(w['line'])}: {w['message']}" for w in result.warnings.to_dict("records")
        ]
        return rows, warned, note_tag
    sheet = read_sheet(path, what="a Rayyan export", complete_rows=True)
    if "notes" not in sheet.columns:
        raise InputError(
            "no notes column: Rayyan keeps its decisions there",
            file=path,
            line=1,
            hint="export the review from Rayyan as CSV (or RIS, or BibTeX) with its notes",
        )
    rows = [(line, {**cells, "pmid": cells.get("pubmed_id", "")}) for line, cells in sheet.rows]
    return rows, sheet.notices, "notes"


def _at(line: object) -> str:
    """ ":<line>" for a warning with a line, "" for one about the whole file."""
    return f":{line}" if isinstance(line, int) else ""


def rayyan_names(path: str | Path) -> list[str]:
    """Every Rayyan reviewer name that decided a record of the export."""
    rows, _, _ = _rows(Path(path))
    names = set()
    for _, cells in rows:
        names |= set(name_values(sections(cells.get("notes", "")).get("RAYYAN-INCLUSION", "")))
    return sorted(names)


def _note(path: Path, parts: Mapping[str, str], user_notes: Sequence[str]) -> str:
    note = [f"Rayyan export {path.name}"]
    if parts.get("RAYYAN-EXCLUSION-REASONS"):
        note.append(f"Rayyan reasons: {parts['RAYYAN-EXCLUSION-REASONS']}")
    if parts.get("RAYYAN-LABELS"):
        note.append(f"Rayyan labels: {parts['RAYYAN-LABELS']}")
    note.extend(f"note: {text}" for text in user_notes)
    return "; ".join(note)


def read_rayyan(
    path: str | Path,
    *,
    reviewers: Mapping[str, str],
    date: str,
    stage: str,
    reasons: Sequence[Reason],
    reason_map: Mapping[str, str] | None = None,
) -> tuple[list[Incoming], list[str]]:
    """Incoming decisions from a Rayyan export: one per record and Rayyan reviewer."""
    path = Path(path)
    rows, notices, column = _rows(path)
    reason_map = dict(reason_map or {})
    incoming: list[Incoming] = []
    for line, cells in rows:
        keys = {k: cells.get(k, "") for k in ("pmid", "doi", "title")}
        # a CSV opened in a spreadsheet may hold a formula's error value (a RIS file cannot)
        read = ("title", "doi", "pubmed_id", "notes") if column == "notes" else ()
        if problem := formula_error(cells, read):
            incoming.append(Incoming(line, keys, skip=problem))
            continue
        parts = sections(cells.get("notes", ""))
        decisions = name_values(parts.get("RAYYAN-INCLUSION", ""))
        if not decisions:
            incoming.append(Incoming(line, keys, skip="no decision in Rayyan", labelled=False))
            continue
        user_notes = name_values(parts.get("USER-NOTES", ""))
        texts = [t.strip() for t in parts.get("RAYYAN-EXCLUSION-REASONS", "").split(",")]
        codes = sorted({c for t in texts if t and (c := match_reason(t, reasons, reason_map))})
        for name, (value, *_) in decisions.items():
            decision = DECISIONS.get(value.strip().lower())
            if decision is None:
                raise InputError(
                    f"Rayyan decision {value!r} of {name!r} is not Included, Excluded or Maybe",
                    file=path,
                    line=line,
                    element=column,
                )
            reason = codes[0] if decision == "exclude" and len(codes) == 1 else ""
            row = {
                "stage": stage,
                "reviewer": reviewers[name],
                "decision": decision,
                "reason": reason,
                "note": _note(path, parts, user_notes.get(name, [])),
                "date": date,
            }
            detail = f"Rayyan reviewer {name}"
            if decision == "exclude" and len(codes) > 1:
                detail += f"; its reasons name {len(codes)} configured reasons ({', '.join(codes)})"
            unnamed = [t for t in texts if t and not match_reason(t, reasons, reason_map)]
            warning = ""
            if decision == "exclude" and not reason and unnamed:
                # kept in the note, but say so: the decision row itself has no reason
                warning = (
                    f"Rayyan reason(s) {', '.join(map(repr, unnamed))} name no configured "
                    f'{stage} reason (--reason-map "{unnamed[0]}=CODE")'
                )
            incoming.append(Incoming(line, keys, (row,), note=detail, warning=warning))
    return incoming, notices


def reviewer_map(path: str | Path, given: Mapping[str, str], default: str | None) -> dict[str, str]:
    """Rayyan name → reviewer id: `given`, else `default` when the export has one name."""
    names = rayyan_names(path)
    if not given and default is not None and len(names) <= 1:
        return dict.fromkeys(names, default)
    missing = [n for n in names if n not in given]
    if missing:
        raise InputError(
            f"Rayyan reviewer(s) {', '.join(map(repr, missing))} without a metasynth reviewer",
            file=path,
            hint=f"say who each is: --reviewer-map {','.join(f'{n}=ID' for n in names)}",
        )
    return {n: given[n] for n in names}
