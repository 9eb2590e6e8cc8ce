"""A tenth held-out probe (6 December 2026): spreadsheet error values in what the import commands
and ingestion read, and bad config files named at their line
(`python tests/fuzz/tenth_probe.py [--only a,b] [--kinds a,b] [--work DIR]`).

On the finished new review of `command_inputs.py` (`projects.base_project`, copied fresh for
every case), three kinds:

- **imports** — an export of ASReview LAB (2.x columns, CSV and Excel), Rayyan (CSV) or
  Covidence (CSV), or a decision sheet for `import-sheet` (Excel), made from the review's own
  records in the real tools' columns (tests/interop/data/), with a spreadsheet's error value
  (`#N/A`, `#REF!`, `#VALUE!`, `#DIV/0!`, `#NAME?`, `#NULL!`, `#NUM!`, `#SPILL!`, `Err:502`,
  German `#NV`) in one cell of a column the import reads, then the import command: the row must
  be reported at its line with the column and the value (or the file refused so), and the value
  never written into the decision file;
- **raw** — a CSV export of Scopus, OpenAlex, Embase, IEEE Xplore or SpringerLink (real ones,
  tests/ingest/data/real/) saved again by a spreadsheet, with an error value where a title,
  author, DOI, year or accession number was (Excel turns a cell that begins with `=`, `-` or
  `+` into a formula), read by `metasynth ingest`: a warning must name the file, the line and
  the value, and no record may carry the value;
- **config** — a bad value in config/config.yaml (or in a copy given with `--config`) at a known
  line, then a command that reads the config (`codebook check`, `import-sheet`, `screen bulk`,
  `screen import-asreview`): the message must name the file and that line; a `--configfile`
  that is not YAML keys with values, given to `metasynth status --config` (must name the file
  and line) and to `snakemake -n --configfile` (Snakemake's own words: left, counted).

A case passes when it is reported or refused as above; it fails as a traceback, a hang, a value
written as data, or a message that does not name the file and the line (and the value). Prints
one line per case and the counts per kind; exits 1 when any case failed.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import command_inputs
import openpyxl
from command_inputs import Case, csv_text, records
from held_out import BIN, TIMEOUT, Run, metasynth
from hostile import REAL, Verdict

ERRORS = ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!",
          "Err:502", "#NV")  # fmt: skip
"""Excel's error values (English; German `#NV`), Excel 365's `#SPILL!`, LibreOffice's."""
N_ROWS = 8
DAMAGED = 4  # the 0-based row of the export that holds the error value: line DAMAGED + 2


def _judge(label: str, run: Run, path: Path, line: int, column: str, value: str,
           written: Path | None) -> Verdict:  # fmt: skip
    """Reported or refused naming `path`:`line`, the column and the value; never written."""
    if run.hang:
        return Verdict("hang", label, f"more than {TIMEOUT} s")
    if "Traceback (most recent call last)" in run.out:
        return Verdict("traceback", label, run.out.strip().splitlines()[-1][:300])
    if written is not None and written.is_file() and value in written.read_text("utf-8"):
        return Verdict("silent change", label, f"{value} written into {written.name}")
    named = [ln for ln in run.out.splitlines() if f"{path.name}:{line}" in ln]
    if not any(value in ln and column in ln for ln in named):
        # refused (status 1 or 2) without naming it: a message; read with status 0: a loss
        kind = "message" if run.status else "silent loss"
        return Verdict(kind, label, f"{path.name}:{line} {column} {value} not named: "
                       + run.out.strip()[-200:])  # fmt: skip
    return Verdict("refused" if run.status else "ok", label, named[0][-200:])


# --------------------------------------------------------------------------- imports


def _asreview(project: Path) -> tuple[list[str], list[list[str]]]:
    """An ASReview LAB 2.x export of the review's first records (the real one's columns)."""
    header = ["", "record_id", "title", "abstract", "keywords", "authors", "year", "doi",
              "included", "asreview_label", "asreview_time", "asreview_note"]  # fmt: skip
    rows = [
        [str(i), r["record_id"], r["title"], r["abstract"][:200], r["keywords"], r["authors"],
         r["year"], r["doi"], r["included"], str(i % 2), f"2024-04-0{1 + i % 5} 10:00:00",
         f"note {i}"]
        for i, r in enumerate(records(project)[:N_ROWS])
    ]  # fmt: skip
    return header, rows


def _in_columns_of(
    real: str, project: Path, cells_of: Callable[[int, dict[str, str]], dict[str, str]]
) -> tuple[list[str], list[list[str]]]:
    """The columns of the real export `real` (tests/interop/data/), and a row of them for each
    of the review's first records (`cells_of(i, record)`; other cells empty)."""
    with (REAL.parents[2] / "interop" / "data" / real).open(
        encoding="utf-8-sig", newline=""
    ) as handle:
        header = next(csv.reader(handle))
    rows = []
    for i, record in enumerate(records(project)[:N_ROWS]):
        cells = dict.fromkeys(header, "") | cells_of(i, record)
        rows.append([cells[c] for c in header])
    return header, rows


def _rayyan(project: Path) -> tuple[list[str], list[list[str]]]:
    """A Rayyan CSV export, every record decided by Emily."""
    return _in_columns_of("rayyan/articles.csv", project, lambda i, r: {
        "key": f"rayyan-{1000 + i}", "title": r["title"], "year": r["year"], "doi": r["doi"],
        "authors": r["authors"],
        "notes": f'RAYYAN-INCLUSION: {{"Emily"=>"{("Included", "Excluded", "Maybe")[i % 3]}"}}',
    })  # fmt: skip


def _covidence(project: Path) -> tuple[list[str], list[list[str]]]:
    """A Covidence 'included' list, the record_ids as its accession numbers."""
    return _in_columns_of("covidence/references.csv", project, lambda i, r: {
        "Title": r["title"], "Authors": r["authors"], "Published Year": r["year"],
        "Accession Number": r["record_id"], "DOI": r["doi"], "Covidence #": f"#{200 + i}",
        "Notes": f"note {i}", "Tags": "probe",
    })  # fmt: skip


def _sheet(project: Path) -> tuple[list[str], list[list[str]]]:
    """A decision sheet of the review's records for `import-sheet`."""
    header = ["record_id", "title", "decision", "reason", "note", "date"]
    rows = [
        [r["record_id"], r["title"], "include" if i % 2 else "exclude",
         "" if i % 2 else "off_topic", f"note {i}", "2024-04-02"]
        for i, r in enumerate(records(project)[:N_ROWS])
    ]  # fmt: skip
    return header, rows


IMPORTS: dict[str, tuple[Callable[[Path], tuple[list[str], list[list[str]]]], str, list[str]]] = {
    "asreview": (_asreview, "asreview_dataset_all_probe.csv",
                 ["screen", "import-asreview", "{file}", "--reviewer", "R2"]),
    "asreview-xlsx": (_asreview, "asreview_dataset_all_probe.xlsx",
                      ["screen", "import-asreview", "{file}", "--reviewer", "R2"]),
    "rayyan": (_rayyan, "articles.csv",
               ["screen", "import-rayyan", "{file}", "--reviewer-map", "Emily=R1",
                "--date", "2024-05-01"]),
    "covidence": (_covidence, "review_1_included_csv_20240601.csv",
                  ["screen", "import-covidence", "{file}", "--reviewer", "R3",
                   "--date", "2024-06-01"]),
    "sheet-xlsx": (_sheet, "decisions.xlsx",
                   ["import-sheet", "{file}", "--kind", "decisions", "--reviewer", "R1"]),
}  # fmt: skip
"""Export kind → (its rows from the review's records, its file name, the import command)."""

IMPORT_COLUMNS = {
    "asreview": ("record_id", "title", "doi", "asreview_label", "asreview_time",
                 "asreview_note", "included"),
    "asreview-xlsx": ("record_id", "asreview_label", "asreview_time", "asreview_note"),
    "rayyan": ("title", "doi", "notes", "pubmed_id"),
    "covidence": ("Title", "DOI", "Accession Number", "Notes", "Tags", "Covidence #"),
    "sheet-xlsx": ("record_id", "decision", "reason", "note", "date"),
}  # fmt: skip


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    if path.suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in [header, *rows]:
            sheet.append(row)  # an error value becomes an error cell (t="e"), as Excel's
        workbook.save(path)
    else:
        path.write_text(csv_text([header, *rows]), encoding="utf-8")


def import_case(tool: str, column: str, value: str) -> Case:
    make, name, argv = IMPORTS[tool]

    def run(project: Path) -> Verdict:
        header, rows = make(project)
        rows[DAMAGED][header.index(column)] = value
        folder = project / "exports"
        folder.mkdir(exist_ok=True)
        path = folder / name
        _write(path, header, rows)
        output = project / "data/screening/probe.csv"
        args = [a.replace("{file}", str(path)) for a in argv]
        result = metasynth([*args, "--output", str(output)], project)
        return _judge(f"{tool}:{column}:{value}", result, path, DAMAGED + 2, column, value, output)

    return Case("imports", f"{tool}:{column}:{value}", run)


def imports_cases() -> Iterator[Case]:
    """Every column each import reads, with error values in turn."""
    i = 0
    for tool, columns in IMPORT_COLUMNS.items():
        for column in columns:
            for _ in range(2):
                yield import_case(tool, column, ERRORS[i % len(ERRORS)])
                i += 1


# --------------------------------------------------------------------------- raw


RAW = {
    "scopus": ("asreview_scopus.csv", ("Title", "Authors", "DOI", "Year", "EID")),
    "openalex": ("asreview_openalex.csv", ("title", "doi", "publication_year")),
    "embase": ("asreview_embase.csv", ("Title", "Author Names", "DOI", "PUI")),
    "ieee": ("colrev_ieee.csv", ("Title", "Authors", "DOI")),
    "springer": ("colrev_springer.csv", ("Item Title", "Item DOI", "Authors")),
}
"""A real CSV export → the columns whose cell is damaged (one case each)."""


def raw_case(fmt: str, column: str, value: str) -> Case:
    name, _ = RAW[fmt]

    def run(project: Path) -> Verdict:
        with (REAL / name).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        header = next(i for i, row in enumerate(rows) if column in row)  # Embase: a preamble
        damaged = min(header + 2, len(rows) - 1)  # the second record (SpringerLink's: one)
        rows[damaged][rows[header].index(column)] = value
        folder = project / "data/raw/probe"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            ends = [reader.line_num for _ in reader]  # the line each row ends on
        line = ends[damaged - 1] + 1  # the line the damaged row starts on (cells hold breaks)
        out = project / "probe_records.csv"
        result = metasynth(["ingest", str(path), "--out", str(out)], project)
        return _judge(f"{fmt}:{column}:{value}", result, path, line, column, value, out)

    return Case("raw", f"{fmt}:{column}:{value}", run)


def raw_cases() -> Iterator[Case]:
    i = 0
    for fmt, (_, columns) in RAW.items():
        for column in columns:
            yield raw_case(fmt, column, ERRORS[(i * 3) % len(ERRORS)])
            i += 1


# --------------------------------------------------------------------------- config


CONFIG_VALUES = (
    ("reviewers_per_stage: {title_abstract: 2,", "reviewers_per_stage: {title_abstract: two,",
     "reviewers_per_stage/title_abstract"),
    ("resolver_role: arbiter", "resolver_role: [arbiter]", "resolver_role"),
    ("resolver_role: arbiter", "resolver_rol: arbiter", "resolver_rol"),
    ("  require_reason: {title_abstract: false}", "  require_reason: {title_abstract: maybe}",
     "require_reason/title_abstract"),
    ("    - {id: R2, name: \"Reviewer 2\", role: screener}", "    - {id: R2, name: 2, role: 7}",
     "reviewers/1"),
)  # fmt: skip
"""(text of config.yaml, the bad text put there, the key the message must name): a wrong
type, a list, a misspelt key, a value out of its set, a reviewer's fields of the wrong type."""

CONFIG_COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "codebook-check": lambda project: ["codebook", "check"],
    "import-sheet": lambda project: ["import-sheet", str(_one_row(project)), "--kind",
                                     "decisions", "--reviewer", "R1", "--date", "2024-04-02"],
    "screen-bulk": lambda project: ["screen", "bulk", "--keep", str(_one_id(project)),
                                    "--decision", "exclude", "--reason", "off_topic",
                                    "--reviewer", "R1", "--date", "2024-04-02"],
    "import-asreview": lambda project: ["screen", "import-asreview", str(_one_row(project)),
                                        "--reviewer", "R2"],
}  # fmt: skip


def _one_row(project: Path) -> Path:
    path = project / "one.csv"
    first = records(project)[0]
    header = ["record_id", "decision", "asreview_label", "asreview_time"]
    row = [first["record_id"], "include", "1", "2024-04-02"]
    path.write_text(csv_text([header, row]), "utf-8")
    return path


def _one_id(project: Path) -> Path:
    path = project / "keep.txt"
    path.write_text(records(project)[0]["record_id"] + "\n", encoding="utf-8")
    return path


def config_case(command: str, old: str, new: str, key: str, given: bool) -> Case:
    label = f"{command}:{'--config ' if given else ''}{new.strip()[:40]}"

    def run(project: Path) -> Verdict:
        config = project / "config/config.yaml"
        text = config.read_text(encoding="utf-8")
        assert old in text, old
        line = text[: text.index(old)].count("\n") + 1
        bad = text.replace(old, new, 1)
        target = project / "my-config.yaml" if given else config
        target.write_text(bad, encoding="utf-8")
        args = CONFIG_COMMANDS[command](project)
        if given:
            args += ["--config", str(target)]
        result = metasynth(args, project)
        if result.status == 0:
            return Verdict("silent change", label, "the bad config was read")
        return _judge(label, result, target, line, "key", key, None)

    return Case("config", label, run)


CONFIGFILES = {
    "tab": b"screening:\n  reviewers_per_stage:\n\t title_abstract: 1\n",
    "open-bracket": b"screening:\n  reviewers_per_stage: {title_abstract: 1\n",
    "open-quote": b'project:\n  title: "A review\n  review_question: x\n',
    "bad-indent": b"project:\n  title: A\n   review_question: x\n",
    "key-twice": b"project:\n  title: A\n  title: B\n",
    "list": b"- screening\n- dedup\n",
    "latin-1": b'project:\n  title: "Revis\xe3o"\n',
    "colon-in-value": b"project:\n  title: Review: a: b\n",
}
"""A --configfile that is not YAML keys with values (the line each names: see `_LINES`)."""
_LINES = {"tab": 3, "open-bracket": 3, "open-quote": 4, "bad-indent": 3, "key-twice": 3,
          "list": 1, "latin-1": 0, "colon-in-value": 2}  # fmt: skip


def configfile_case(name: str, runner: str) -> Case:
    label = f"{runner}:{name}"

    def run(project: Path) -> Verdict:
        path = project / "extra.yaml"
        path.write_bytes(CONFIGFILES[name])
        if runner == "status":
            result = metasynth(["status", "--config", "extra.yaml"], project)
        else:
            try:
                done = subprocess.run(
                    [str(BIN / "snakemake"), "-n", "--cores", "1", "--configfile", "extra.yaml"],
                    cwd=project, capture_output=True, text=True, timeout=TIMEOUT,
                    errors="replace",
                    env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
                )  # fmt: skip
                result = Run(done.returncode, done.stdout + done.stderr)
            except subprocess.TimeoutExpired:
                result = Run(-9, "", hang=True)
        if result.hang:
            return Verdict("hang", label, f"more than {TIMEOUT} s")
        if "Traceback (most recent call last)" in result.out or "UnicodeDecodeError" in result.out:
            return Verdict("traceback", label, result.out.strip().splitlines()[-1][:300])
        where = f"extra.yaml:{_LINES[name]}" if _LINES[name] else "extra.yaml"
        if result.status == 0 and "BLOCKED" not in result.out:
            return Verdict("silent change", label, "read as a config")
        if where not in result.out:
            return Verdict("message", label, f"{where} not named: " + result.out.strip()[-200:])
        return Verdict("refused", label, result.out.strip()[-200:])

    return Case("config", label, run)


def config_cases() -> Iterator[Case]:
    for i, (old, new, key) in enumerate(CONFIG_VALUES):
        for j, command in enumerate(CONFIG_COMMANDS):
            # `codebook check` reads config/config.yaml only; the imports take --config
            given = command != "codebook-check" and (i + j) % 2 == 1
            yield config_case(command, old, new, key, given=given)
    for name in CONFIGFILES:
        yield configfile_case(name, "status")
    for name in ("tab", "open-bracket", "list"):
        yield configfile_case(name, "snakemake")


# --------------------------------------------------------------------------- running

KINDS: dict[str, Callable[[], Iterator[Case]]] = {
    "imports": imports_cases,
    "raw": raw_cases,
    "config": config_cases,
}


def main(argv: list[str] | None = None) -> int:
    return command_inputs.main(argv, KINDS, "tenth_probe")


if __name__ == "__main__":
    sys.exit(main())
