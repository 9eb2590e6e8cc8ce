"""An annotated spreadsheet (CSV or Excel) keyed by record_id, DOI or title → decisions or codings.

The usual state of a review that started in Excel: one row per paper, a column that names it (a
record_id, a DOI, a PubMed ID or the title), and columns of what was decided — include/exclude
with a reason — or of codes (tags), often several in a cell. `sheet_columns` finds the columns
by their usual names (case and spacing do not count) or as given (`FIELD=column name`);
`read_decision_sheet` and `read_code_sheet` turn each row into an `Incoming`:

- decisions: the decision cell in any of the usual spellings (include / included / yes / y / 1 /
  true / in, exclude / excluded / no / n / 0 / false / out, maybe / unsure / ?; at retrieval
  retrieved / not retrieved, and yes / no there mean just that); an empty cell is an undecided
  row; another value is reported, never guessed; the reason a configured code or label (exact
  or normalised); reviewer, stage and date from their columns or given once for the whole
  sheet; a date that is not YYYY-MM-DD (02/04/2024: which month?) is reported, never guessed;
- codings: every code of the code cell, split at `,` and `;` (or the given separators) and at
  line breaks (Alt+Enter in Excel: a code name is one line), one coding each, with the row's
  coder, quote, location and memo; a code in quotes keeps its separators (`"trust, safety";
  mentoring`: CSV's quoting, also “…”, „…“ and «…»), and a quote left open is reported.

A row where a cell read shows a spreadsheet's error value (`#N/A`, `#REF!`, LibreOffice's
`Err:502`: a formula that failed, saved as its result) is reported and not imported: the value
is no decision, code or quote anyone wrote.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from metasynth.errors import InputError
from metasynth.interop.keyed import Incoming
from metasynth.interop.rayyan import match_reason
from metasynth.interop.sheets import Sheet, formula_error
from metasynth.screen.settings import Reason
from metasynth.synthesise.codebook import match_key

KEY_NAMES = {
    "record_id": ("record_id", "record id", "recordid", "metasynth id"),
    "doi": ("doi", "doi link", "digital object identifier"),
    "pmid": ("pmid", "pubmed id", "pubmed_id", "pubmed"),
    "title": ("title", "article title", "document title", "primary title", "primary_title"),
}
DECISION_NAMES = {
    "decision": ("decision", "include", "included", "screening decision", "label"),
    "reason": ("reason", "exclusion reason", "reason for exclusion", "exclusion_reason"),
    "note": ("note", "notes", "comment", "comments"),
    "reviewer": ("reviewer", "screener", "rater"),
    "stage": ("stage",),
    "date": ("date", "decision date"),
}
CODE_NAMES = {
    "code": ("code", "codes", "tag", "tags", "theme", "themes"),
    "coder": ("coder", "coded by", "reviewer"),
    "quote": ("quote", "excerpt", "passage", "text"),
    "location": ("location", "page", "pages"),
    "memo": ("memo", "note", "notes", "comment"),
}
DECISION_SPELLINGS = {
    "include": ("include", "included", "yes", "y", "1", "true", "in", "incl"),
    "exclude": ("exclude", "excluded", "no", "n", "0", "false", "out", "excl"),
    "maybe": ("maybe", "unsure", "?", "uncertain"),
    "retrieved": ("retrieved", "obtained", "found"),
    "not_retrieved": ("not retrieved", "not_retrieved", "not found", "unavailable"),
}
_SPACE = re.compile(r"[\s_-]+")


def _norm(name: str) -> str:
    return _SPACE.sub(" ", name.strip().lower())


def decision_of(value: str) -> str | None:
    """The decision a cell spells, "" for an empty cell, None for anything else."""
    text = _norm(value)
    if not text:
        return ""
    for decision, spellings in DECISION_SPELLINGS.items():
        if text in spellings:
            return decision
    return None


@dataclass(frozen=True)
class Columns:
    """Sheet column of each field (only the fields the sheet has)."""

    keys: dict[str, str]
    fields: dict[str, str]
    unread: tuple[str, ...] = ()  # the sheet's other columns, named when a row names no paper

    def unnamed(self, keys: Mapping[str, str]) -> str:
        """Why a row with content names no paper ("" when one of its key cells is filled)."""
        if any(value.strip() for value in keys.values()):
            return ""
        read = " and ".join(repr(c) for c in self.keys.values())
        problem = f"no paper named: its {read} cell{'s are' if len(self.keys) > 1 else ' is'} empty"
        if self.unread:
            unread = ", ".join(repr(c) for c in self.unread)
            problem += (
                f"; columns not read: {unread} (if one holds the titles: "
                f"--column title={self.unread[0]!r})"
            )
        return problem

    @property
    def read(self) -> tuple[str, ...]:
        """Every column the import reads: the keys, then the fields."""
        return (*self.keys.values(), *self.fields.values())


def sheet_columns(
    sheet: Sheet, names: Mapping[str, Sequence[str]], given: Mapping[str, str]
) -> Columns:
    """The sheet's key columns and field columns, found by name or as given."""
    by_norm = {_norm(c): c for c in sheet.columns if c}
    known = {**KEY_NAMES, **names}
    for field_name, column in given.items():
        if field_name not in known:
            raise InputError(
                f"unknown field {field_name!r} in --column",
                hint=f"fields: {', '.join(known)}",
            )
        if column not in sheet.columns:
            where, other = sheet.in_worksheet()
            raise InputError(
                f"no column {column!r}{where}",
                file=sheet.path,
                line=1,
                hint=f"the columns are {', '.join(c for c in sheet.columns if c)}{other}",
            )
    found: dict[str, str] = dict(given)
    for field_name, spellings in known.items():
        if field_name in given:
            continue
        column = next((by_norm[_norm(s)] for s in spellings if _norm(s) in by_norm), "")
        if column and column not in found.values():
            found[field_name] = column
    keys = {k: v for k, v in found.items() if k in KEY_NAMES}
    if not keys:
        where, other = sheet.in_worksheet()
        raise InputError(
            f"no column{where} names the papers: a record_id, DOI, PubMed ID or title column is "
            "needed",
            file=sheet.path,
            line=1,
            hint="name one (record_id, doi, pmid, title) or say which: --column title='Paper'"
            + other,
        )
    unread = tuple(c for c in sheet.columns if c and c not in found.values())
    return Columns(keys, {k: v for k, v in found.items() if k not in KEY_NAMES}, unread)


def _cell(cells: Mapping[str, str], columns: Columns, field_name: str, default: str = "") -> str:
    column = columns.fields.get(field_name)
    value = cells.get(column, "").strip() if column else ""
    return value or default


def _date(value: str) -> str | None:
    """A date cell as YYYY-MM-DD (Excel may hold 2024-05-01 00:00:00); None when it is not one.
    02/04/2024 is not read: whether it is 2 April or 4 February depends on the locale that
    wrote it, which the file does not say."""
    text = value.strip()
    try:
        return datetime.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _at_stage(decision: str, stage: str) -> tuple[str, str]:
    """The decision a spelled decision is at its stage, and why it cannot be ("" when it can):
    at retrieval yes / no mean retrieved / not retrieved."""
    if stage == "retrieval":
        decision = {"include": "retrieved", "exclude": "not_retrieved"}.get(decision, decision)
        if decision == "maybe":
            return decision, "a retrieval row says retrieved or not retrieved, not maybe"
    elif decision in ("retrieved", "not_retrieved"):
        spelled = decision.replace("_", " ")
        return decision, f"{spelled!r} is a retrieval decision, not a {stage} one"
    return decision, ""


_DATE_PROBLEM = (
    "date {!r} is not YYYY-MM-DD (day and month are not guessed: 02/04 is April in one locale, "
    "February in another); format the date column as yyyy-mm-dd (Excel: Format Cells, Custom) "
    "and save the sheet again"
)
_NO_DATE = "no date: fill the row's date cell, or give the rows without one a date with --date"


def read_decision_sheet(
    sheet: Sheet,
    columns: Columns,
    *,
    reviewer: str | None,
    stage: str,
    date: str | None,
    reasons: Mapping[str, Sequence[Reason]],
) -> list[Incoming]:
    """Incoming decisions, one per row of the sheet."""
    if "decision" not in columns.fields:
        raise InputError(
            "no decision column",
            file=sheet.path,
            line=1,
            hint="name it `decision` or say which: --column decision='Include?'",
        )
    for field_name, value in (("reviewer", reviewer), ("date", date)):
        if field_name not in columns.fields and value is None:
            raise InputError(
                f"the sheet has no {field_name} column",
                file=sheet.path,
                line=1,
                hint=f"give one for every row: --{field_name} …",
            )
    defaults = {"reviewer": reviewer or "", "stage": stage, "date": date or ""}
    return [
        _decision_incoming(line, cells, columns, defaults, reasons) for line, cells in sheet.rows
    ]


def _decision_incoming(
    line: int,
    cells: Mapping[str, str],
    columns: Columns,
    defaults: Mapping[str, str],
    reasons: Mapping[str, Sequence[Reason]],
) -> Incoming:
    """One row of a decision sheet as an Incoming (`defaults`: reviewer, stage, date)."""
    keys = {k: cells.get(c, "") for k, c in columns.keys.items()}
    if error := formula_error(cells, columns.read):
        return Incoming(line, keys, skip=error)
    spelled = _cell(cells, columns, "decision")
    decision = decision_of(spelled)
    if decision == "":
        return Incoming(line, keys, skip="no decision in the sheet", labelled=False)
    if decision is None:
        accepted = "; ".join(f"{k}: {', '.join(v)}" for k, v in DECISION_SPELLINGS.items())
        return Incoming(line, keys, skip=f"decision {spelled!r} is none of ({accepted})")
    if unnamed := columns.unnamed(keys):
        return Incoming(line, keys, skip=unnamed)
    row_stage = _cell(cells, columns, "stage", defaults["stage"])
    decision, wrong_stage = _at_stage(decision, row_stage)
    if wrong_stage:
        return Incoming(line, keys, skip=wrong_stage)
    date_text = _cell(cells, columns, "date", defaults["date"])
    row_date = _date(date_text)
    if row_date is None:
        return Incoming(line, keys, skip=_DATE_PROBLEM.format(date_text) if date_text else _NO_DATE)
    reason_text = _cell(cells, columns, "reason")
    reason = match_reason(reason_text, reasons.get(row_stage, ()), {}) if reason_text else ""
    note = _cell(cells, columns, "note")
    if reason_text and not reason:
        note = "; ".join(n for n in (note, f"reason in the sheet: {reason_text}") if n)
    row = {
        "stage": row_stage,
        "reviewer": _cell(cells, columns, "reviewer", defaults["reviewer"]),
        "decision": decision,
        "reason": reason,
        "note": note,
        "date": row_date,
    }
    detail = (
        f"reason {reason_text!r} is no configured {row_stage} reason (kept in the note)"
        if reason_text and not reason
        else ""
    )
    return Incoming(line, keys, (row,), note=detail)


_QUOTES = {
    '"': '"',
    "\u201c": "\u201d\u201c",
    "\u201e": "\u201c\u201d",
    "\u201d": "\u201d",
    "\u00ab": "\u00bb",
}
"""Quotes that may enclose a code holding a separator, and what closes each: "…" (doubled
inside, as in CSV), “…”, „…“ or „…”, ”…” and «…»."""
_LINE_BREAKS = ("\r\n", "\r", "\n", "\u2028")


def split_codes(cell: str, separators: str) -> list[str]:
    """The codes of a multi-valued cell, in order, each once: two that differ only in case,
    accents or punctuation are one code (as codes match the codebook), its first spelling kept.
    A line break always separates (a cell of codes one per line, Alt+Enter in Excel); a code in
    quotes keeps its separators (`"trust, safety"; mentoring` is two codes). Raises ValueError
    saying what is wrong when a quote is not closed, or text follows a closing quote."""
    codes: dict[str, str] = {}
    for line in re.split("|".join(map(re.escape, _LINE_BREAKS)), cell):
        for part in _line_codes(line, separators):
            codes.setdefault(match_key(part) or part, part)
    return list(codes.values())


def _line_codes(line: str, separators: str) -> Iterator[str]:
    """The codes of one line of a code cell (`split_codes`), stripped, empty ones left out."""
    position = 0
    while position <= len(line):
        rest = line[position:]
        stripped = rest.lstrip()
        if stripped[:1] in _QUOTES:
            code, position = _quoted_code(line, len(line) - len(stripped), separators)
        else:
            ends = [i for i in (rest.find(s) for s in separators) if i >= 0]
            end = position + min(ends) if ends else len(line)
            code = line[position:end]
            if _unbalanced(code):
                raise ValueError(
                    f"a quote in {code.strip()!r} is not closed before the next separator: put "
                    'the whole code in quotes ("trust, safety") to keep a separator in it'
                )
            position = end + 1
        if code.strip():
            yield code.strip()


def _quoted_code(line: str, start: int, separators: str) -> tuple[str, int]:
    """(the code of the quotes opening at `start`, where the next code starts)."""
    closing = _QUOTES[line[start]]
    text, position = [], start + 1
    while True:
        if position >= len(line):
            raise ValueError(
                f"the quote opened in {line[start : start + 40].strip()!r} is not closed: close "
                'it, or double a quote that is part of the code ("")'
            )
        char = line[position]
        if char in closing and line[position + 1 : position + 2] == char == '"':
            text.append(char)  # "" inside "…" is one quote, as in CSV
            position += 2
        elif char in closing:
            break
        else:
            text.append(char)
            position += 1
    after = line[position + 1 :]
    tail = after.lstrip()
    if tail and tail[0] not in separators:
        extra = re.split("|".join(map(re.escape, separators)) or "$", tail, maxsplit=1)[0]
        raise ValueError(
            f"text after the closing quote of {''.join(text)!r} ({extra.strip()[:40]!r}): put "
            "a separator after the quotes, or the whole code in them"
        )
    return "".join(text), len(line) - len(tail) + 1


def _unbalanced(code: str) -> bool:
    """True when an unquoted code holds an odd number of quotes: one opened and closed after a
    separator (`trust "safety, x"`), which the split has cut in two."""
    typographic = sum(code.count(q) for q in "\u201c\u201d\u201e")
    return (
        code.count('"') % 2 == 1
        or typographic % 2 == 1
        or code.count("\u00ab") != code.count("\u00bb")
    )


def read_code_sheet(
    sheet: Sheet, columns: Columns, *, coder: str | None, separators: str
) -> list[Incoming]:
    """Incoming codings: one Incoming per row, one coding per code of its code cell."""
    if "code" not in columns.fields:
        raise InputError(
            "no code column",
            file=sheet.path,
            line=1,
            hint="name it `code` (or codes, tags) or say which: --column code='Themes'",
        )
    if "coder" not in columns.fields and coder is None:
        raise InputError(
            "the sheet has no coder column",
            file=sheet.path,
            line=1,
            hint="give the coder of every row: --coder NAME",
        )
    incoming = []
    for line, cells in sheet.rows:
        keys = {k: cells.get(c, "") for k, c in columns.keys.items()}
        if error := formula_error(cells, columns.read):
            incoming.append(Incoming(line, keys, skip=error))
            continue
        try:
            codes = split_codes(_cell(cells, columns, "code"), separators)
        except ValueError as problem:
            incoming.append(
                Incoming(line, keys, skip=f"column {columns.fields['code']!r}: {problem}")
            )
            continue
        if not codes:
            incoming.append(Incoming(line, keys, skip="no code in the row", labelled=False))
            continue
        if unnamed := columns.unnamed(keys):
            incoming.append(Incoming(line, keys, skip=unnamed))
            continue
        shared = {
            "coder": _cell(cells, columns, "coder", coder or ""),
            "quote": _cell(cells, columns, "quote"),
            "location": _cell(cells, columns, "location"),
            "memo": _cell(cells, columns, "memo"),
        }
        incoming.append(Incoming(line, keys, tuple({**shared, "code": c} for c in codes)))
    return incoming
