"""Files in the coding folders that `synthesis.sources` does not list: never left unread silently.

The synthesis reads only the coding sources its config lists. A third coder's `codes_coder3.csv`,
a `.qdpx` project or a Taguette export dropped beside them would otherwise be left out of the
framework without a word, and the synthesis would look complete. `unlisted_coding_files` finds
(`metasynth.hand_files`, light enough for the Snakefile to call while it plans the run) finds
every file in the folders of the sources and the codebook that no stage reads (not the sources,
their Taguette codebooks, the codebook, the CERQual files, README*, Markdown notes, hidden files,
editor backups, or the documents coded); the import rule takes them as inputs (a new one re-runs
it) and `check_unlisted` judges each by its name and first line:

- a file in the format of a coding source (a `.qdpx`/`.qde` project, a CSV with the codes
  columns or Taguette's highlight columns) is an `InputError`, naming the file and the exact
  line to add to `synthesis.sources`: read without it, the framework would silently lack codings,
  and a warning scrolls past in a long run;
- any other file (a spreadsheet, a Taguette codebook export no source names, a CSV of other
  columns) is a warning in the rule's log, on the terminal and in `import_notices.csv` (so in
  `metasynth status` and the report), saying what to do if it holds codings.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

from metasynth.errors import InputError, Notice, raise_collected
from metasynth.hand_files import SPREADSHEET_SUFFIXES, refuse_sync_copy
from metasynth.synthesise.taguette import CODEBOOK_COLUMNS, HIGHLIGHT_COLUMNS

CODES_COLUMNS = frozenset({"record_id", "code"})
"""The columns that make a CSV a codes table (codes.schema.yaml requires them; `coder` may
come from the source's `coder:`)."""

TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".tab"})
CONFIG_FILE = "config/config.yaml"


def check_unlisted(paths: Iterable[str | Path]) -> list[Notice]:
    """A warning for each unlisted file that is not coding in a source's format; every one that
    is (`coding_format`) raised together as InputErrors naming the line to add."""
    problems: list[InputError] = []
    notices: list[Notice] = []
    for path in sorted(Path(p) for p in paths):
        shown = path.as_posix()
        kind, columns = _kind(path)
        try:  # not a source to add: a file-sync tool's copy of one edited twice
            refuse_sync_copy(path)
        except InputError as error:
            problems.append(error)
            continue
        if kind in ("csv", "refiqda", "taguette"):
            problems.append(
                InputError(
                    f"{_what(kind, path)} that synthesis.sources does not list: its codings "
                    "would be left out of the synthesis",
                    file=shown,
                    hint=f"add this line under `synthesis: sources:` in {CONFIG_FILE}:  "
                    f"{source_line(shown, kind)}   (or, if it is an old copy, move it out of "
                    f"{path.parent.as_posix()})",
                )
            )
        else:
            notices.append(Notice("warning", _warning(path, kind, columns), file=shown))
    raise_collected(problems)
    return notices


def source_line(path: str, kind: str) -> str:
    """The `synthesis.sources` entry that reads `path` in format `kind`, as a YAML line."""
    quoted = path if re.fullmatch(r"[\w./ -]+", path) and not path.startswith(" ") else _quote(path)
    extra = ", coder: CODER_NAME" if kind == "taguette" else ""
    return f"- {{path: {quoted}, format: {kind}{extra}}}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _kind(path: Path) -> tuple[str, set[str]]:
    """What the file is, from its name and (for a table) its header's columns: refiqda, csv,
    taguette (coding sources), `other-table:<format>` for a coding table not saved as .csv,
    taguette-codebook, qdc, spreadsheet or other."""
    suffix = path.suffix.lower()
    if suffix in (".qdpx", ".qde"):
        return "refiqda", set()
    if suffix == ".qdc":
        return "qdc", set()
    if suffix in SPREADSHEET_SUFFIXES:
        return "spreadsheet", set()
    if suffix not in TABLE_SUFFIXES:
        return "other", set()
    columns = _header(path)
    coding = (
        "csv"
        if columns >= CODES_COLUMNS
        else "taguette"
        if set(HIGHLIGHT_COLUMNS) <= columns
        else ""
    )
    if coding and suffix != ".csv":
        return f"other-table:{coding}", columns
    if coding:
        return coding, columns
    if {CODEBOOK_COLUMNS[0], CODEBOOK_COLUMNS[2]} <= columns:
        return "taguette-codebook", columns
    return "table", columns


def _header(path: Path) -> set[str]:
    """The column names of a table's first line (comma, semicolon or tab), folded to lower case;
    none for a file that cannot be read."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            first = handle.readline(10_000)
    except OSError:
        return set()
    delimiter = max(",;\t", key=first.count)
    cells = next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter), [])
    return {cell.strip().lower() for cell in cells if cell.strip()}


def _what(kind: str, path: Path) -> str:
    return {
        "refiqda": "a REFI-QDA project",
        "csv": "a codes table",
        "taguette": "a Taguette highlights export",
    }.get(kind, f"a {path.suffix} file")


def _warning(path: Path, kind: str, columns: set[str]) -> str:
    shown = path.as_posix()
    stem = path.with_suffix(".csv").as_posix()
    if kind.startswith("other-table:"):
        coding = kind.partition(":")[2]
        return (
            f"codings in a {path.suffix} file that no stage reads: save it as CSV UTF-8 "
            f"({stem}) and add `{source_line(stem, coding)}` to synthesis.sources in {CONFIG_FILE}"
        )
    if kind == "taguette-codebook":
        return (
            "a Taguette codebook export that no source names: it is not read (add "
            f"`codebook: {shown}` to its Taguette source in synthesis.sources to check the "
            "highlight counts against it)"
        )
    if kind == "spreadsheet":
        return (
            f"a spreadsheet ({path.suffix}) that no stage reads: if it holds codings, save it as "
            f"CSV UTF-8 ({stem}) and add `{source_line(stem, 'csv')}` to synthesis.sources in "
            f"{CONFIG_FILE}; a framework sheet becomes the codebook with `metasynth codebook "
            "from-sheet`"
        )
    if kind == "qdc":
        return (
            "a REFI-QDA codebook (.qdc) that no stage reads: the synthesis's codebook is "
            "synthesis.codebook; codings come from a project (.qdpx) listed in synthesis.sources"
        )
    listed = f" (columns: {', '.join(sorted(columns)[:6])})" if columns else ""
    return (
        f"a file no stage reads{listed}: if it holds codings, add it to synthesis.sources in "
        f"{CONFIG_FILE} (formats: csv, refiqda, taguette); otherwise move it out of "
        f"{path.parent.as_posix()} to silence this warning"
    )
