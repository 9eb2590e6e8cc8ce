"""A seventh held-out probe (6 December 2026): the commands a reviewer runs by hand, given hostile
files and names (`python tests/fuzz/command_inputs.py [--only a,b] [--kinds a,b]`).

The earlier probes damage exports and the workflow's inputs; this one aims at the commands around
them — `import-sheet`, `screen import-asreview`, `screen bulk`, `export`, `codebook export`,
`codebook check`, `audit`, `status` — on a finished new review (`projects.base_project`, copied
fresh for every case), with kinds of input none of the others makes:

- **clobber** — an output named like one of the command's own inputs (`export` over
  `results/screening/status.csv`, `codebook export --qdc` over the codebook, `--report` over the
  sheet being imported, `ingest --out` over a CSV export): the input must be left as it was;
- **workbook** — the 1904 date system of Mac Excel, a stale copy on a hidden sheet, the data
  only on a hidden or "very hidden" sheet, a cell past Excel's 32,767 characters, `#N/A`, dates
  with a time, inline strings, a shared string out of range;
- **csv** — a sheet or an ASReview export with a line break or a NUL inside a quoted cell, a
  1 MB cell, Mac Roman bytes, a separator after every row, Excel's `sep=` line, a TSV named
  `.csv`, a header alone, a header twice;
- **bulk** — `screen bulk --keep LIST` with lists empty, with a BOM and CRLF, in UTF-16, with
  blank lines, ids with spaces, a title, an unknown id, a folder, NUL bytes, a 1 MB line;
- **yaml** — `codebook check` of a codebook with two documents, a Python tag, a merge key, a key
  twice, `!!binary`, a 20 MB document, UTF-16, a BOM, text after `...`;
- **path** — inputs and outputs named with spaces, quotes, a line break, a leading dash, bytes
  that are not UTF-8; an output in a missing folder, a folder as output, `/dev/full`;
- **results** — `status`, `audit`, `export` after a results file was damaged (cut, a row lost,
  emptied, NULs, garbage Parquet, a column lost): reporting from it with status 0 is a loss;
- **concurrent** — four `screen bulk` or `import-sheet` at once into one decision file, four
  `codebook export` at once to one file.
- **codes** (eighth probe) — `import-sheet --kind codes` of a sheet whose code cell holds codes
  on lines (Alt+Enter; CRLF, CR, U+2028), empty parts, one code twice in other case, text that
  looks like a formula, a formula's error value (`#N/A`, `#REF!`, `Err:502`) in the code, quote,
  memo or key cell, a 5 MB quote: every code written once, none with a line break in its name,
  no error value written as data;
- **hand** (ninth probe) — a spreadsheet's error value (`#N/A`, `#REF!`, `Err:502`, German
  `#NV`, Spanish `#¡VALOR!`, Google's `#ERROR!`) typed into a decision file, `codes.csv`,
  `data/dedup/verdicts.csv` (read by the workflow) or the codebook, then a command that reads
  it: refused naming the file and the value, never read as a reason, an id or a note; the codes
  kind also imports quoted codes holding a separator (`"trust, safety"; gis`, “…”, „…“), which
  must stay whole, and quotes left open, which must be reported;
- **xml** (eighth probe) — `codebook export --qdpx/--qdc` of codes and codebooks holding what
  XML 1.0 cannot carry (a vertical tab or form feed from a PDF, escape, backspace, U+FFFE, a lone
  surrogate) or can but rarely meets (DEL, U+0085, U+2028, U+202E, a zero-width joiner): the file
  written must be XML that `codebook list` reads back, with every coding in it.

A case passes when the command reads every row it was given (or reports it), or refuses in at
most three lines naming the file, with a non-zero status; it fails as a traceback, a hang
(TIMEOUT s), a silent loss or change (an input file changed, a row lost or written twice), a
message naming no file, or a temporary file left. Prints one line per case and the counts per
kind; exits 1 when any case failed.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from held_out import BIN, TIMEOUT, Run, metasynth, refused_or_read, visible_line
from hostile import REAL, Verdict

csv.field_size_limit(2**30)
SCOPUS = REAL / "asreview_scopus.csv"
HEADER = ["record_id", "title", "decision", "reason", "date"]


@dataclass(frozen=True)
class Case:
    """`run(project)` gives the verdict; `project` is a fresh copy of the finished review."""

    kind: str
    label: str
    run: Callable[[Path], Verdict]


# --------------------------------------------------------------------------- helpers


def records(project: Path) -> list[dict[str, str]]:
    with (project / "results/screening/asreview.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def sheet_rows(project: Path, n: int = 10) -> list[list[str]]:
    return [
        [r["record_id"], r["title"], "include" if i % 2 == 0 else "exclude",
         "" if i % 2 == 0 else "off_topic", "2024-04-02"]
        for i, r in enumerate(records(project)[:n])
    ]  # fmt: skip


def csv_text(rows: list[list[str]], delimiter: str = ",", end: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=end).writerows(rows)
    return out.getvalue()


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*.partial")]


def unchanged(label: str, path: Path, before: bytes, verdict: Verdict) -> Verdict:
    """`verdict`, unless the input `path` changed: a silent loss whatever the command said."""
    after = path.read_bytes() if path.is_file() else b""
    if after != before:
        return Verdict(
            "silent loss", label, f"{path.name} changed ({verdict.kind}): {verdict.detail}"
        )
    return verdict


def decision_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def judge_rows(
    label: str, run: Run, names: tuple[str, ...], output: Path, report: Path | None,
    meant: set[tuple[str, str]], n_rows: int,
) -> Verdict:  # fmt: skip
    """Rows written are (record_id, decision) pairs the input meant; written + reported as
    skipped covers every input row; nothing written twice."""
    verdict = refused_or_read(label, run, names, read_ok=True)
    if verdict.kind != "ok":
        return verdict
    written = [(r["record_id"], r["decision"]) for r in decision_rows(output)]
    wrong = [w for w in written if w not in meant]
    if wrong:
        return Verdict("silent change", label, f"written but not meant: {wrong[:2]}")
    if len(set(written)) != len(written):
        return Verdict("silent inflation", label, f"{len(written) - len(set(written))} twice")
    skipped = 0
    if report is not None and report.is_file():
        with report.open(encoding="utf-8", newline="") as handle:
            skipped = sum(1 for r in csv.DictReader(handle) if r["outcome"] != "imported")
    if len(written) + skipped < n_rows and "warning" not in run.out.lower():
        return Verdict("silent loss", label, f"{len(written)} + {skipped} of {n_rows}")
    return Verdict("ok", label, f"{len(written)} written, {skipped} reported")


def import_sheet(project: Path, sheet: Path, output: Path, report: Path, *extra: str) -> Run:
    return metasynth(
        ["import-sheet", str(sheet), "--kind", "decisions", "--reviewer", "R1",
         "--output", str(output), "--report", str(report), *extra], project,
    )  # fmt: skip


def sheet_case(
    kind: str, label: str, build: Callable[[Path, list[list[str]]], tuple[Path, int]],
    extra: tuple[str, ...] = (),
) -> Case:  # fmt: skip
    """`import-sheet` of the sheet `build(folder, rows)` makes → (path, rows it holds)."""

    def run(project: Path) -> Verdict:
        rows = sheet_rows(project)
        folder = project / "sheets"
        folder.mkdir(exist_ok=True)
        path, n_rows = build(folder, rows)
        output, report = project / "data/screening/probe_R1.csv", folder / "report.csv"
        result = import_sheet(project, path, output, report, *extra)
        meant = {(r[0], r[2]) for r in rows}
        return judge_rows(label, result, ("sheet", path.name), output, report, meant, n_rows)

    return Case(kind, label, run)


# --------------------------------------------------------------------------- clobber


def clobber_cases() -> Iterator[Case]:
    """An output named like one of the command's inputs: refused, or the input kept."""

    def case(label: str, victim: str, args: Callable[[Path], list[str]],
             prepare: Callable[[Path], None] | None = None) -> Case:  # fmt: skip
        def run(project: Path) -> Verdict:
            if prepare is not None:
                prepare(project)
            path = project / victim
            before = path.read_bytes()
            result = metasynth(args(project), project)
            verdict = refused_or_read(label, result, (victim, path.name), read_ok=True)
            return unchanged(label, path, before, verdict)

        return Case("clobber", label, run)

    def sheet(project: Path) -> None:
        (project / "sheets").mkdir(exist_ok=True)
        text = csv_text([HEADER, *sheet_rows(project, 3)])
        (project / "sheets/sheet.csv").write_text(text, encoding="utf-8")
        (project / "sheets/keep.csv").write_text(
            "record_id\n" + records(project)[0]["record_id"] + "\n", encoding="utf-8"
        )

    def earlier(project: Path) -> None:
        sheet(project)
        rid = records(project)[5]["record_id"]
        (project / "data/screening/earlier_R1.csv").write_text(
            "record_id,stage,reviewer,decision,reason,note,date\n"
            f"{rid},title_abstract,R1,include,,,2024-04-01\n",
            encoding="utf-8",
        )

    def asreview(project: Path) -> None:
        rows = records(project)
        for i, row in enumerate(rows):
            row["included"] = "1" if i < 3 else ""
        (project / "sheets").mkdir(exist_ok=True)
        with (project / "sheets/asreview.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)

    def scopus(project: Path) -> None:
        shutil.copy(SCOPUS, project / "scopus.csv")

    yield case(
        "export_over_status_csv",
        "results/screening/status.csv",
        lambda p: ["export", "results/screening/status.csv", "--format", "ris"],
    )
    yield case(
        "export_over_publications_parquet",
        "results/dedup/publications.parquet",
        lambda p: ["export", "results/dedup/publications.parquet", "--format", "ris"],
    )
    yield case(
        "import_sheet_report_over_its_output",
        "data/screening/earlier_R1.csv",
        lambda p: [
            "import-sheet",
            "sheets/sheet.csv",
            "--kind",
            "decisions",
            "--reviewer",
            "R1",
            "--output",
            "data/screening/earlier_R1.csv",
            "--report",
            "data/screening/earlier_R1.csv",
        ],
        earlier,
    )
    yield case(
        "codebook_export_over_codebook",
        "data/coded/codebook.yaml",
        lambda p: ["codebook", "export", "--qdc", "data/coded/codebook.yaml"],
    )
    yield case(
        "codebook_export_qdpx_over_codes",
        "data/coded/codes.csv",
        lambda p: [
            "codebook",
            "export",
            "--qdpx",
            "data/coded/codes.csv",
            "--codes",
            "data/coded/codes.csv",
        ],
    )
    yield case(
        "import_sheet_report_over_sheet",
        "sheets/sheet.csv",
        lambda p: [
            "import-sheet",
            "sheets/sheet.csv",
            "--kind",
            "decisions",
            "--reviewer",
            "R1",
            "--report",
            "sheets/sheet.csv",
        ],
        sheet,
    )
    yield case(
        "import_sheet_report_over_config",
        "config/config.yaml",
        lambda p: [
            "import-sheet",
            "sheets/sheet.csv",
            "--kind",
            "decisions",
            "--reviewer",
            "R1",
            "--report",
            "config/config.yaml",
        ],
        sheet,
    )
    yield case(
        "import_sheet_output_over_sheet",
        "sheets/sheet.csv",
        lambda p: [
            "import-sheet",
            "sheets/sheet.csv",
            "--kind",
            "decisions",
            "--reviewer",
            "R1",
            "--output",
            "sheets/sheet.csv",
        ],
        sheet,
    )
    yield case(
        "asreview_report_over_export",
        "sheets/asreview.csv",
        lambda p: [
            "screen",
            "import-asreview",
            "sheets/asreview.csv",
            "--reviewer",
            "R1",
            "--date",
            "2024-04-02",
            "--report",
            "sheets/asreview.csv",
        ],
        asreview,
    )
    yield case(
        "bulk_report_over_keep_list",
        "sheets/keep.csv",
        lambda p: [
            "screen",
            "bulk",
            "--keep",
            "sheets/keep.csv",
            "--decision",
            "exclude",
            "--reason",
            "off_topic",
            "--reviewer",
            "R1",
            "--date",
            "2024-04-02",
            "--report",
            "sheets/keep.csv",
        ],
        sheet,
    )
    yield case(
        "ingest_out_over_csv_export",
        "scopus.csv",
        lambda p: ["ingest", "scopus.csv", "--out", "scopus.csv"],
        scopus,
    )
    yield case(
        "ingest_warnings_over_csv_export",
        "scopus.csv",
        lambda p: ["ingest", "scopus.csv", "--out", "r.csv", "--warnings", "scopus.csv"],
        scopus,
    )
    yield case(
        "from_sheet_over_sheet",
        "sheets/sheet.csv",
        lambda p: [
            "codebook",
            "from-sheet",
            "sheets/sheet.csv",
            "--output",
            "sheets/sheet.csv",
            "--force",
        ],
        sheet,
    )


# --------------------------------------------------------------------------- workbook


def workbook(change: Callable[[object, list[list[str]]], None], rows_held: int | None = None
             ) -> Callable[[Path, list[list[str]]], tuple[Path, int]]:  # fmt: skip
    def build(folder: Path, rows: list[list[str]]) -> tuple[Path, int]:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Screening"
        sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
        change(book, rows)
        path = folder / "sheet.xlsx"
        book.save(path)
        return path, len(rows) if rows_held is None else rows_held

    return build


def _epoch_1904(book: object, rows: list[list[str]]) -> None:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book.epoch = CALENDAR_MAC_1904  # type: ignore[attr-defined]
    for index in range(2, len(rows) + 2):
        book.active.cell(index, 5).value = datetime.datetime(2024, 4, 2)  # type: ignore[attr-defined]


def _stale_hidden_first(book: object, rows: list[list[str]]) -> None:
    stale = book.create_sheet("Old", 0)  # type: ignore[attr-defined]
    stale.append(HEADER)
    stale.append([rows[0][0], "", "exclude", "off_topic", "2024-01-01"])
    stale.sheet_state = "hidden"


def _data_hidden(state: str) -> Callable[[object, list[list[str]]], None]:
    def change(book: object, rows: list[list[str]]) -> None:
        book.active.sheet_state = state  # type: ignore[attr-defined]
        book.create_sheet("Notes", 0).append(["notes"])  # type: ignore[attr-defined]

    return change


def _cell(row: int, column: int, value: object) -> Callable[[object, list[list[str]]], None]:
    def change(book: object, rows: list[list[str]]) -> None:
        book.active.cell(row, column).value = value  # type: ignore[attr-defined]

    return change


def _all_dates(value: object) -> Callable[[object, list[list[str]]], None]:
    def change(book: object, rows: list[list[str]]) -> None:
        for index in range(2, len(rows) + 2):
            book.active.cell(index, 5).value = value  # type: ignore[attr-defined]

    return change


def _xml_edit(old: bytes, new: bytes) -> Callable[[Path, list[list[str]]], tuple[Path, int]]:
    """A workbook whose sheet XML is edited: `old` → `new` in every worksheet and shared
    strings member."""

    def build(folder: Path, rows: list[list[str]]) -> tuple[Path, int]:
        path, n = workbook(lambda b, r: None)(folder, rows)
        with zipfile.ZipFile(path) as src:
            members = [(i, src.read(i)) for i in src.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info, body in members:
                if "worksheets/" in info.filename or "sharedStrings" in info.filename:
                    body = body.replace(old, new)
                out.writestr(info, body)
        return path, n

    return build


def workbook_cases() -> Iterator[Case]:
    for label, change in (
        ("epoch_1904_dates", _epoch_1904),
        ("stale_copy_on_hidden_first_sheet", _stale_hidden_first),
        ("data_on_hidden_sheet", _data_hidden("hidden")),
        ("data_on_very_hidden_sheet", _data_hidden("veryHidden")),
        ("title_over_32767_chars", _cell(3, 2, "x" * 40_000)),
        ("na_error_in_decision", _cell(3, 3, "#N/A")),
        ("ref_error_in_id", _cell(4, 1, "#REF!")),
        ("dates_with_time", _all_dates(datetime.datetime(2024, 4, 2, 23, 59))),
        ("dates_as_date", _all_dates(datetime.date(2024, 4, 2))),
        ("decision_as_number", _cell(2, 3, 1)),
        ("id_cell_empty", _cell(5, 1, None)),
    ):  # fmt: skip
        yield sheet_case("workbook", label, workbook(change))
    yield sheet_case(
        "workbook", "shared_string_out_of_range", _xml_edit(b"<v>3</v>", b"<v>999</v>")
    )


# --------------------------------------------------------------------------- csv


def csv_sheet(make: Callable[[list[list[str]]], bytes], name: str = "sheet.csv",
              held: Callable[[int], int] = lambda n: n
              ) -> Callable[[Path, list[list[str]]], tuple[Path, int]]:  # fmt: skip
    def build(folder: Path, rows: list[list[str]]) -> tuple[Path, int]:
        path = folder / name
        path.write_bytes(make(rows))
        return path, held(len(rows))

    return build


def _with(row: int, column: int, value: str) -> Callable[[list[list[str]]], bytes]:
    def make(rows: list[list[str]]) -> bytes:
        body = [list(HEADER), *[list(r) for r in rows]]
        body[row][column] = value
        return csv_text(body).encode()

    return make


def asreview_case(label: str, make: Callable[[list[dict[str, str]]], bytes]) -> Case:
    """`screen import-asreview` of an ASReview dataset export (10 labels) changed by `make`."""

    def run(project: Path) -> Verdict:
        rows = records(project)
        for i, row in enumerate(rows):
            row["included"] = "1" if i < 5 else ("0" if i < 10 else "")
        path = project / "asreview_export.csv"
        path.write_bytes(make(rows))
        output, report = project / "data/screening/asr_R1.csv", project / "asr_report.csv"
        result = metasynth(
            ["screen", "import-asreview", str(path), "--reviewer", "R1", "--date", "2024-04-02",
             "--output", str(output), "--report", str(report)], project,
        )  # fmt: skip
        meant = {(r["record_id"], "include" if i < 5 else "exclude") for i, r in enumerate(rows)}
        return judge_rows(label, result, (path.name,), output, report, meant, len(rows))

    return Case("csv", f"asreview:{label}", run)


def _asr(change: Callable[[list[dict[str, str]]], None], end: str = "\n",
         encoding: str = "utf-8") -> Callable[[list[dict[str, str]]], bytes]:  # fmt: skip
    def make(rows: list[dict[str, str]]) -> bytes:
        change(rows)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator=end)
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode(encoding)

    return make


def _set(index: int, field: str, value: str) -> Callable[[list[dict[str, str]]], None]:
    def change(rows: list[dict[str, str]]) -> None:
        rows[index][field] = value

    return change


def csv_cases() -> Iterator[Case]:
    header_rows = lambda rows: [list(HEADER), *rows]  # noqa: E731
    for label, make, held in (
        ("newline_in_quoted_title", _with(2, 1, "Two\nlines"), None),
        ("crlf_in_quoted_title", _with(2, 1, "Two\r\nlines"), None),
        ("nul_in_title", _with(2, 1, "a\x00b"), None),
        ("one_mb_title", _with(2, 1, "x" * 1_000_000), None),
        ("mac_roman_title", lambda r: csv_text([list(HEADER), *[[c + ("" if i else " café") for i, c in enumerate(x)] for x in r]]).encode("mac_roman"), None),  # noqa: E501
        ("trailing_separator_every_row", lambda r: csv_text([[*x, ""] for x in header_rows(r)]).encode(), None),  # noqa: E501
        ("excel_sep_line", lambda r: b"sep=,\n" + csv_text(header_rows(r)).encode(), None),
        ("tsv_named_csv", lambda r: csv_text(header_rows(r), delimiter="\t").encode(), None),
        ("header_only", lambda r: csv_text([HEADER]).encode(), lambda n: 0),
        ("header_twice_at_top", lambda r: csv_text([HEADER, *header_rows(r)]).encode(), None),
        ("utf16_bom_comma", lambda r: codecs.BOM_UTF16_LE + csv_text(header_rows(r), end="\r\n").encode("utf-16-le"), None),  # noqa: E501
        ("cr_only_trailing_lf", lambda r: csv_text(header_rows(r), end="\r").encode() + b"\n", None),  # noqa: E501
        ("quote_in_unquoted_cell", lambda r: csv_text(header_rows(r)).encode().replace(b",include,", b',in"clude,', 1), None),  # noqa: E501
    ):  # fmt: skip
        yield sheet_case("csv", f"sheet:{label}", csv_sheet(make, held=held or (lambda n: n)))
    yield asreview_case("as_is", _asr(lambda rows: None))
    yield asreview_case("newline_in_abstract", _asr(_set(3, "abstract", "a\nb\r\nc")))
    yield asreview_case("nul_in_abstract", _asr(_set(3, "abstract", "a\x00b")))
    yield asreview_case("cr_line_ends", _asr(lambda rows: None, end="\r"))
    yield asreview_case("utf16", _asr(lambda rows: None, encoding="utf-16"))
    yield asreview_case("label_yes", _asr(_set(0, "included", "yes")))
    yield asreview_case("label_minus_one", _asr(_set(0, "included", "-1")))
    yield asreview_case("label_1_0", _asr(_set(0, "included", "1.0")))
    yield asreview_case("label_space", _asr(_set(0, "included", " 1")))


# --------------------------------------------------------------------------- bulk


def bulk_case(label: str, make: Callable[[list[str]], bytes | None], kept: int | None) -> Case:
    """`screen bulk --keep LIST --decision exclude`: `kept` of the 49 open publications named
    by the list (None: the list must be refused)."""

    def run(project: Path) -> Verdict:
        ids = [r["record_id"] for r in records(project)]
        path = project / "keep.txt"
        data = make(ids)
        if data is None:
            path.mkdir()
        else:
            path.write_bytes(data)
        output = project / "data/screening/bulk_R1.csv"
        result = metasynth(
            ["screen", "bulk", "--keep", str(path), "--decision", "exclude", "--reason",
             "off_topic", "--reviewer", "R1", "--date", "2024-04-02", "--output", str(output)],
            project,
        )  # fmt: skip
        verdict = refused_or_read(label, result, ("keep.txt",), read_ok=kept is not None)
        if verdict.kind != "ok":
            return verdict
        written = decision_rows(output)
        open_ = 49
        if kept is not None and len(written) != open_ - kept:
            return Verdict("silent change", label, f"{len(written)} decided, {open_ - kept} meant")
        return verdict

    return Case("bulk", label, run)


def bulk_cases() -> Iterator[Case]:
    first = lambda ids, n=3: ids[1 : 1 + n]  # noqa: E731  (ids[0] is excluded automatically)
    lines = lambda ids, end="\n": end.join(first(ids)).encode() + end.encode()  # noqa: E731
    yield bulk_case("plain", lines, 3)
    yield bulk_case("bom_crlf", lambda ids: codecs.BOM_UTF8 + lines(ids, "\r\n"), 3)
    yield bulk_case("cr_only", lambda ids: lines(ids, "\r"), 3)
    yield bulk_case("utf16", lambda ids: ("\n".join(first(ids)) + "\n").encode("utf-16"), 3)
    yield bulk_case("blank_lines", lambda ids: b"\n\n" + lines(ids, "\n\n"), 3)
    yield bulk_case(
        "trailing_spaces", lambda ids: b"".join(i.encode() + b"  \t\n" for i in first(ids)), 3
    )
    yield bulk_case("empty_file", lambda ids: b"", None)
    yield bulk_case("unknown_id", lambda ids: lines(ids) + b"WOS:999999999999999\n", None)
    yield bulk_case("a_folder", lambda ids: None, None)
    yield bulk_case("nul_bytes", lambda ids: lines(ids).replace(b"\n", b"\x00\n", 1), None)
    yield bulk_case("one_mb_line", lambda ids: lines(ids) + b"x" * 1_000_000 + b"\n", None)
    yield bulk_case("same_id_twice", lambda ids: lines(ids) + first(ids)[0].encode() + b"\n", 3)
    yield bulk_case("no_final_newline", lambda ids: "\n".join(first(ids)).encode(), 3)
    yield bulk_case("csv_with_header", lambda ids: b"record_id\n" + lines(ids), 3)
    yield bulk_case(
        "latin1_title", lambda ids: lines(ids) + "Caf\u00e9 title\n".encode("latin-1"), None
    )


# --------------------------------------------------------------------------- yaml


CODEBOOK = """\
categories:
- id: technical
  label: Technical
subcategories:
- id: tools
  category: technical
  label: Tools
concepts:
- id: gis
  subcategory: tools
  label: GIS
  codes: [gis, mapping]
"""


def yaml_case(label: str, data: Callable[[str], bytes], read_ok: bool) -> Case:
    """`codebook check --codebook FILE`; `read_ok`: reading it without a word is right."""

    def run(project: Path) -> Verdict:
        path = project / "data/coded/probe_codebook.yaml"
        path.write_bytes(data(CODEBOOK))
        result = metasynth(["codebook", "check", "--codebook", str(path)], project)
        return refused_or_read(label, result, ("probe_codebook.yaml",), read_ok=read_ok)

    return Case("yaml", label, run)


def yaml_cases() -> Iterator[Case]:
    enc = str.encode
    yield yaml_case("as_is", enc, True)
    yield yaml_case("two_documents", lambda t: enc(t + "---\n" + t.replace("gis", "web")), False)
    yield yaml_case(
        "python_tag",
        lambda t: enc(t.replace("label: GIS", "label: !!python/object/apply:os.system ['true']")),
        False,
    )
    yield yaml_case(
        "merge_key", lambda t: enc(t.replace("  label: GIS", "  <<: {label: GIS}")), True
    )
    yield yaml_case(
        "key_twice",
        lambda t: enc(t.replace("label: GIS", "label: GIS\n  label: Maps")),
        False,
    )
    yield yaml_case(
        "binary_tag", lambda t: enc(t.replace("label: GIS", "label: !!binary R0lG")), False
    )
    yield yaml_case(
        "set_tag", lambda t: enc(t.replace("[gis, mapping]", "!!set {gis, mapping}")), False
    )
    yield yaml_case(
        "twenty_mb",
        lambda t: enc(
            t.replace("[gis, mapping]", "[" + ", ".join(f"c{i}" for i in range(2_000_000)) + "]")
        ),
        True,
    )
    yield yaml_case("utf16", lambda t: t.encode("utf-16"), True)
    yield yaml_case("bom", lambda t: codecs.BOM_UTF8 + enc(t), True)
    yield yaml_case("text_after_end", lambda t: enc(t + "...\nnot: [yaml\n"), False)
    yield yaml_case("directive", lambda t: enc("%YAML 1.1\n---\n" + t), True)
    yield yaml_case(
        "timestamp_label", lambda t: enc(t.replace("label: GIS", "label: 2024-04-02")), True
    )
    yield yaml_case("null_label", lambda t: enc(t.replace("label: GIS", "label: ~")), False)
    yield yaml_case("norway_key", lambda t: enc(t.replace("id: gis", "id: no")), False)


# --------------------------------------------------------------------------- path


def path_case(label: str, sheet_name: str | bytes, output: str | bytes, ok: bool) -> Case:
    """`import-sheet` of a good sheet named `sheet_name` into `output` (relative to the
    project; bytes: not UTF-8). `ok`: must be read."""

    def run(project: Path) -> Verdict:
        folder = project / "sheets"
        folder.mkdir(exist_ok=True)
        rows = sheet_rows(project)
        name = sheet_name if isinstance(sheet_name, bytes) else sheet_name.encode()
        sheet = os.fsdecode(os.fsencode(folder) + b"/" + name)
        Path(sheet).write_text(csv_text([HEADER, *rows]), encoding="utf-8")
        out = output if isinstance(output, str) else os.fsdecode(output)
        out_path = Path(out) if out.startswith("/") else project / out
        report = folder / "report.csv"
        result = import_sheet(project, Path(sheet), out_path, report)
        meant = {(r[0], r[2]) for r in rows}
        names = (os.fsdecode(name)[:8], Path(out).name[:8], "sheet", "/dev/full")
        if not ok:
            return refused_or_read(label, result, names, read_ok=False)
        return judge_rows(label, result, names, out_path, report, meant, len(rows))

    return Case("path", label, run)


def path_cases() -> Iterator[Case]:
    good = "data/screening/probe_R1.csv"
    for label, name in (
        ("spaces", "my sheet (copy).csv"), ("quotes", "it's \"the\" sheet.csv"),
        ("newline", "two\nlines.csv"), ("leading_dash", "-sheet.csv"),
        ("dollar_and_backtick", "$HOME `x`.csv"), ("unicode", "Screening ü 日本.csv"),
    ):  # fmt: skip
        yield path_case(f"sheet_named_{label}", name, good, True)
    yield path_case("sheet_named_latin1", b"caf\xe9.csv", good, False)
    yield path_case("output_named_newline", "s.csv", "data/screening/a\nb.csv", True)
    yield path_case("output_named_latin1", "s.csv", b"data/screening/caf\xe9.csv", False)
    yield path_case("output_missing_folder", "s.csv", "nowhere/deeper/out.csv", True)
    yield path_case("output_is_folder", "s.csv", "data/screening", False)
    yield path_case("output_dev_full", "s.csv", "/dev/full", False)
    yield path_case("output_trailing_slash", "s.csv", "data/screening/out.csv/", True)


# --------------------------------------------------------------------------- results


def results_case(label: str, target: str, damage: Callable[[Path], None],
                 command: list[str]) -> Case:  # fmt: skip
    def run(project: Path) -> Verdict:
        damage(project / target)
        result = metasynth(command, project)
        verdict = refused_or_read(label, result, (Path(target).name,), read_ok=True)
        if verdict.kind == "ok" and result.status == 0:
            # status, audit and export report from results/: from a damaged table without a
            # word, what they say is wrong
            return Verdict("silent loss", label, f"read a damaged {target}: {verdict.detail}")
        return verdict

    return Case("results", label, run)


def _cut(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _row_lost(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-2] + lines[-1:]), encoding="utf-8")


DAMAGES: dict[str, Callable[[Path], None]] = {
    "cut": _cut,
    "row_lost": _row_lost,
    "empty": lambda p: p.write_bytes(b""),
    "nuls": lambda p: p.write_bytes(bytes(len(p.read_bytes()))),
    "garbage": lambda p: p.write_bytes(b"PAR1" + os.urandom(200)),
    "first_column_lost": lambda p: p.write_text(
        "\n".join(line.split(",", 1)[-1] for line in p.read_text(encoding="utf-8").splitlines())
        + "\n", encoding="utf-8"),
}  # fmt: skip


def results_cases() -> Iterator[Case]:
    rid = "WOS:000087268000005"
    commands = {
        "status": ["status"],
        "audit": ["audit", rid],
        "export": ["export", "out.ris", "--status", "all"],
    }
    targets = {
        "results/screening/status.csv": ("status", "audit", "export"),
        "results/dedup/publications.parquet": ("audit", "export"),
        "results/dedup/clusters.csv": ("audit",),
        "results/screening/audit.csv": ("audit",),
        "results/ingest/records.parquet": ("audit",),
        "results/progress.csv": ("status",),
        "results/screening/prisma_counts.csv": ("status",),
    }
    for target, users in targets.items():
        for damage, make in DAMAGES.items():
            if target.endswith(".parquet") and damage in {"first_column_lost", "row_lost"}:
                continue
            for user in users:
                label = f"{user}:{Path(target).name}:{damage}"
                yield results_case(label, target, make, commands[user])


# --------------------------------------------------------------------------- concurrent


def concurrent_cases() -> Iterator[Case]:
    def together(label: str, argv: Callable[[Path, int], list[str]],
                 judge: Callable[[Path, list[subprocess.CompletedProcess[str]]], Verdict],
                 prepare: Callable[[Path], None] = lambda p: None) -> Case:  # fmt: skip
        def run(project: Path) -> Verdict:
            prepare(project)
            started = [
                subprocess.Popen([str(BIN / "metasynth"), *argv(project, i)], cwd=project,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                for i in range(4)
            ]  # fmt: skip
            done = []
            for proc in started:
                try:
                    out, _ = proc.communicate(timeout=TIMEOUT * 2)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    return Verdict("hang", label, "a concurrent command hung")
                done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out))
            if any("Traceback" in d.stdout for d in done):
                return Verdict(
                    "traceback",
                    label,
                    next(d.stdout for d in done if "Traceback" in d.stdout)[-300:],
                )
            left = leftovers(project)
            if left:
                return Verdict("temporary left", label, ", ".join(left))
            return judge(project, done)

        return Case("concurrent", label, run)

    output = "data/screening/together_R1.csv"

    def once_each(project: Path, done: list[subprocess.CompletedProcess[str]]) -> Verdict:
        rows = [(r["record_id"], r["stage"]) for r in decision_rows(project / output)]
        if len(rows) != len(set(rows)):
            return Verdict(
                "silent inflation", "concurrent", f"{len(rows) - len(set(rows))} rows twice"
            )
        return Verdict(
            "ok", "concurrent", f"{len(rows)} rows, statuses {[d.returncode for d in done]}"
        )

    def sheet(project: Path) -> None:
        (project / "s.csv").write_text(csv_text([HEADER, *sheet_rows(project)]), encoding="utf-8")

    def valid_qdc(project: Path, done: list[subprocess.CompletedProcess[str]]) -> Verdict:
        from xml.etree import ElementTree

        try:
            ElementTree.parse(project / "cb.qdc")
        except (ElementTree.ParseError, OSError) as exc:
            return Verdict("silent loss", "concurrent", f"cb.qdc unreadable: {exc}")
        return Verdict("ok", "concurrent", "cb.qdc whole")

    yield together("bulk_x4", lambda p, i: ["screen", "bulk", "--only", "keep.txt", "--decision",
                   "exclude", "--reason", "off_topic", "--reviewer", "R1", "--date", "2024-04-02",
                   "--output", output], once_each,
                   lambda p: (p / "keep.txt").write_text(
                       "\n".join(r["record_id"] for r in records(p)[1:20]) + "\n"))  # fmt: skip
    yield together("import_sheet_x4", lambda p, i: ["import-sheet", "s.csv", "--kind", "decisions",
                   "--reviewer", "R1", "--output", output], once_each, sheet)  # fmt: skip
    yield together("codebook_export_x4", lambda p, i: ["codebook", "export", "--qdc", "cb.qdc"],
                   valid_qdc)  # fmt: skip


# --------------------------------------------------------------------------- xml


def _xml_members(path: Path) -> list[bytes]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return [archive.read(n) for n in archive.namelist() if n.endswith(".qde")]
    return [path.read_bytes()]


def xml_case(label: str, codebook: str, codes: Callable[[list[str]], list[list[str]]] | None
             ) -> Case:  # fmt: skip
    """`codebook export` of `codebook` (YAML text) as a `.qdc`, or with `codes(record_ids)` as a
    `.qdpx`: XML that `codebook list` reads back, holding every coding; or refused."""

    def run(project: Path) -> Verdict:
        from xml.etree import ElementTree

        book = project / "data/coded/probe_codebook.yaml"
        book.write_text(codebook, encoding="utf-8")
        argv = ["codebook", "export", "--codebook", str(book)]
        names: tuple[str, ...] = ("probe_codebook.yaml",)
        rows: list[list[str]] = []
        if codes is None:
            out = project / "out.qdc"
            argv += ["--qdc", str(out)]
        else:
            out = project / "out.qdpx"
            rows = codes([r["record_id"] for r in records(project)])
            table = project / "data/coded/probe_codes.csv"
            table.write_text(csv_text([["record_id", "coder", "code", "quote", "location",
                                        "memo"], *rows]), encoding="utf-8")  # fmt: skip
            argv += ["--codes", str(table), "--qdpx", str(out)]
            names += ("probe_codes.csv",)
        verdict = refused_or_read(label, metasynth(argv, project), names, read_ok=True)
        if verdict.kind != "ok":
            return verdict
        try:
            roots = [ElementTree.fromstring(member) for member in _xml_members(out)]
        except ElementTree.ParseError as exc:
            return Verdict("silent loss", label, f"{out.name} is not XML: {exc}")
        codings = sum(len(r.findall(".//{urn:QDA-XML:project:1.0}Coding")) for r in roots)
        if codes is not None and codings != len(rows):
            return Verdict("silent loss", label, f"{codings} codings of {len(rows)}")
        back = metasynth(["codebook", "list", str(out)], project)
        if back.status != 0:
            return Verdict("silent loss", label, f"read back: {visible_line(back.out)[-200:]}")
        return verdict

    return Case("xml", label, run)


def _coded(column: int, value: str) -> Callable[[list[str]], list[list[str]]]:
    """Four codings of two documents, `value` in `column` of the first."""

    def codes(ids: list[str]) -> list[list[str]]:
        rows = [[ids[1 + i // 2], "R1", ["gis", "mapping"][i % 2], f"quote {i}", "p. 1", ""]
                for i in range(4)]  # fmt: skip
        rows[0][column] = value
        return rows

    return codes


def xml_cases() -> Iterator[Case]:
    hostile = {
        "vertical_tab": "a\x0bb", "form_feed": "a\x0cb", "escape": "a\x1bb",
        "backspace": "a\x08b", "u_fffe": "a\ufffeb", "u_ffff": "a\uffffb", "del": "a\x7fb",
        "nel": "a\x85b", "line_separator": "a\u2028b", "rtl_override": "a\u202eb",
        "zero_width_joiner": "a\u200db",
    }  # fmt: skip
    for name, value in hostile.items():
        for column, field in ((3, "quote"), (5, "memo"), (1, "coder"), (2, "code")):
            yield xml_case(f"qdpx:{field}:{name}", CODEBOOK, _coded(column, value))
        escaped = value.encode("unicode_escape").decode("ascii")
        yield xml_case(f"qdc:label:{name}", CODEBOOK.replace("label: GIS", f'label: "{escaped}"'),
                       None)  # fmt: skip
        yield xml_case(
            f"qdc:description:{name}",
            CODEBOOK.replace("label: Tools", f'label: Tools\n  description: "{escaped}"'), None,
        )  # fmt: skip
    yield xml_case("qdc:label:lone_surrogate", CODEBOOK.replace("label: GIS", 'label: "a\\ud800b"'),
                   None)  # fmt: skip
    yield xml_case("qdpx:quote:nul", CODEBOOK, _coded(3, "a\x00b"))


# --------------------------------------------------------------------------- codes

FORMULA_ERRORS = ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "Err:502")


def codes_case(label: str, cells: dict[str, str], meant: tuple[str, ...] | None,
               workbook_file: bool = False) -> Case:  # fmt: skip
    """`import-sheet --kind codes` of two rows: the first with `cells` (code, quote, memo,
    record_id) over a plain row, the second plain. `meant`: the first row's codes as they must
    be written (None: the row must be reported, nothing of it written)."""

    def run(project: Path) -> Verdict:
        ids = [r["record_id"] for r in records(project)]
        header = ["record_id", "code", "quote", "memo"]
        first = {"record_id": ids[1], "code": "gis", "quote": "a quote", "memo": "", **cells}
        rows = [[first[h] for h in header], [ids[2], "mapping", "another quote", ""]]
        if workbook_file:
            from openpyxl import Workbook

            book = Workbook()
            for row in [header, *rows]:
                book.active.append(row)
            sheet = project / "tags.xlsx"
            book.save(sheet)
        else:
            sheet = project / "tags.csv"
            sheet.write_text(csv_text([header, *rows]), encoding="utf-8")
        output, report = project / "data/coded/probe_codes.csv", project / "codes_report.csv"
        result = metasynth(
            ["import-sheet", str(sheet), "--kind", "codes", "--coder", "R1", "--output",
             str(output), "--report", str(report)], project,
        )  # fmt: skip
        verdict = refused_or_read(label, result, (sheet.name,), read_ok=True)
        if verdict.kind != "ok":
            return verdict
        written = [
            (r["record_id"], r["code"], r["quote"], r["memo"]) for r in decision_rows(output)
        ]
        bad = [w for w in written if any(v.strip() in FORMULA_ERRORS for v in w)]
        broken = [w for w in written if any(c in w[1] for c in "\r\n\u2028")]
        if bad or broken:
            return Verdict("silent change", label, f"written: {(bad + broken)[:2]}")
        if len(set(written)) != len(written):
            return Verdict("silent inflation", label, f"{len(written) - len(set(written))} twice")
        codes = tuple(w[1] for w in written if w[0] == first["record_id"])
        if meant is not None and codes != meant:
            return Verdict("silent change", label, f"codes {codes!r}, meant {meant!r}")
        if meant is None and codes and "skipped" not in result.out:
            return Verdict("silent loss", label, f"codes {codes!r} of a row to report")
        if "another quote" not in {w[2] for w in written}:
            return Verdict("silent loss", label, "the plain row was not written")
        return verdict

    return Case("codes", label, run)


def codes_cases() -> Iterator[Case]:
    for name, brk in (("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r"), ("u2028", "\u2028")):
        yield codes_case(f"lines_{name}", {"code": f"gis{brk}mapping{brk}web"},
                         ("gis", "mapping", "web"))  # fmt: skip
    yield codes_case("lines_in_workbook", {"code": "gis\nmapping"}, ("gis", "mapping"), True)
    yield codes_case("empty_parts", {"code": "gis,, ;mapping;"}, ("gis", "mapping"))
    yield codes_case("same_code_other_case", {"code": "GIS, gis"}, ("GIS",))
    for formula in ("=SUM(A1)", "+1", "-x", "@cmd", '=HYPERLINK("http://x")'):
        yield codes_case(f"formula_like:{formula[:5]}", {"code": formula}, (formula,))
    for error in FORMULA_ERRORS:
        for field in ("code", "quote", "memo", "record_id"):
            yield codes_case(f"error_value:{field}:{error}", {field: error}, None)
    yield codes_case("error_value_in_workbook", {"code": "#N/A"}, None, True)
    # ninth probe: a code in quotes holding a separator stays whole; a quote left open is reported
    for label, cell in (("semicolon", '"trust, safety"; gis'), ("comma", '"trust, safety", gis'),
                        ("typographic", "\u201ctrust, safety\u201d; gis"),
                        ("german", "\u201etrust; safety\u201c, gis"),
                        ("doubled", '"the ""voice"", heard"; gis')):  # fmt: skip
        code = "trust; safety" if label == "german" else "trust, safety"
        code = 'the "voice", heard' if label == "doubled" else code
        yield codes_case(f"quoted:{label}", {"code": cell}, (code, "gis"))
    yield codes_case("quoted:in_workbook", {"code": '"trust, safety"\ngis'},
                     ("trust, safety", "gis"), True)  # fmt: skip
    for label, cell in (("open", '"trust, safety; gis'), ("closed_late", 'trust "safety, gis"'),
                        ("text_after", '"trust, safety" x; gis'),
                        ("typographic_open", "\u201ctrust, safety; gis")):  # fmt: skip
        yield codes_case(f"quote_left_open:{label}", {"code": cell}, None)
    yield codes_case("five_mb_quote", {"quote": "x" * 5_000_000}, ("gis",))
    yield codes_case("control_in_quote", {"quote": "a\x0bb\x01c"}, ("gis",))


# --------------------------------------------------------------------------- hand

HAND_ERRORS = (*FORMULA_ERRORS, "#NULL!", "#NUM!", "#NV", "#ERROR!", "Err:508", "#¡VALOR!")
"""Error values of Excel (English and German, Spanish), Google Sheets and LibreOffice."""


def hand_case(label: str, write: Callable[[Path, list[str]], tuple[Path, str]],
              argv: Callable[[Path, list[str]], list[str]] | None) -> Case:  # fmt: skip
    """A spreadsheet's error value typed into a file under data/ (`write(project, ids)` → the
    file and the value), then the command `argv` that reads it run (None: the workflow, to
    results/dedup/clusters.csv): refused naming the file and the value, never read as data."""

    def run(project: Path) -> Verdict:
        ids = [r["record_id"] for r in records(project)]
        path, value = write(project, ids)
        relative = str(path.relative_to(project))
        if argv is None:
            import projects

            done = projects.snakemake(project, "results/dedup/clusters.csv")
            logs = "\n".join(
                p.read_text(encoding="utf-8", errors="replace")
                for p in (project / "results/logs").rglob("*.log")
            )
            result = Run(done.returncode, done.stdout + done.stderr + logs)
        else:
            result = metasynth(argv(project, ids), project)
        verdict = refused_or_read(label, result, (path.name,), read_ok=False)
        if verdict.kind == "message" and argv is None and path.name in result.out:
            # Snakemake adds lines of its own (the failed job, the log's path)
            verdict = Verdict("refused", label, result.out.strip()[-300:])
        if verdict.kind == "refused" and value not in result.out:
            return Verdict("message", label, f"{relative} refused without naming {value}: "
                           + result.out.strip()[-200:])  # fmt: skip
        return verdict

    return Case("hand", label, run)


HAND_TABLES: dict[str, tuple[list[str], Callable[[list[str]], list[list[str]]]]] = {
    "data/screening/earlier_R1.csv": (
        ["record_id", "stage", "reviewer", "decision", "reason", "note", "date"],
        lambda ids: [[i, "title_abstract", "R1", "exclude", "off_topic", "", "2024-04-02"]
                     for i in ids[:3]],
    ),
    "data/coded/codes.csv": (
        ["record_id", "coder", "code", "quote", "location", "memo"],
        lambda ids: [[i, "R1", f"code {i}", f"quote {i}", "p. 1", ""] for i in ids[:3]],
    ),
    "data/dedup/verdicts.csv": (
        ["record_id_a", "record_id_b", "verdict", "reviewer", "date", "note"],
        lambda ids: [[ids[0], ids[1], "distinct", "R1", "2024-04-02", "checked"]],
    ),
}  # fmt: skip
"""A decision file, codes.csv and the duplicate verdicts: header, and valid rows from ids."""


def _hand_table(name: str, column: str, value: str
                ) -> Callable[[Path, list[str]], tuple[Path, str]]:  # fmt: skip
    """`HAND_TABLES[name]` with `value` in `column` of its last row."""

    def write(project: Path, ids: list[str]) -> tuple[Path, str]:
        header, make = HAND_TABLES[name]
        rows = make(ids)
        rows[-1][header.index(column)] = value
        path = project / name
        path.write_text(csv_text([header, *rows]), encoding="utf-8")
        return path, value

    return write


def _codebook_label(value: str) -> Callable[[Path, list[str]], tuple[Path, str]]:
    def write(project: Path, ids: list[str]) -> tuple[Path, str]:
        path = project / "data/coded/codebook.yaml"
        path.write_text(
            f"categories:\n- {{id: a, label: '{value}'}}\nsubcategories: []\nconcepts: []\n",
            encoding="utf-8",
        )
        return path, value

    return write


def hand_cases() -> Iterator[Case]:
    """Decision, codes, duplicate-verdict and codebook files with an error value in a cell."""

    def import_decisions(project: Path, ids: list[str]) -> list[str]:
        sheet = project / "sheet.csv"
        sheet.write_text(csv_text([["record_id", "decision"], [ids[5], "include"]]), "utf-8")
        return ["import-sheet", str(sheet), "--kind", "decisions", "--reviewer", "R2",
                "--date", "2024-04-03"]  # fmt: skip

    def import_codes(project: Path, ids: list[str]) -> list[str]:
        sheet = project / "tags.csv"
        sheet.write_text(csv_text([["record_id", "code"], [ids[5], "gis"]]), "utf-8")
        return ["import-sheet", str(sheet), "--kind", "codes", "--coder", "R1"]

    columns = ("record_id", "stage", "reviewer", "decision", "reason", "note", "date")
    for i, error in enumerate(HAND_ERRORS):
        first = columns[i % len(columns)]
        for column in (first, "note" if first == "reason" else "reason"):
            yield hand_case(f"decisions:{column}:{error}",
                            _hand_table("data/screening/earlier_R1.csv", column, error),
                            import_decisions)  # fmt: skip
    for i, error in enumerate(HAND_ERRORS[::2]):
        column = ("code", "quote", "memo", "record_id", "coder", "location")[i % 6]
        yield hand_case(
            f"codes:{column}:{error}",
            _hand_table("data/coded/codes.csv", column, error),
            import_codes,
        )
    for column, error in (("note", "#REF!"), ("verdict", "#N/A"), ("record_id_b", "Err:502")):
        yield hand_case(
            f"verdicts:{column}:{error}",
            _hand_table("data/dedup/verdicts.csv", column, error),
            None,
        )
    for error in ("#N/A", "#NAME?"):
        yield hand_case(f"codebook:label:{error}", _codebook_label(error),
                        lambda p, ids: ["codebook", "check"])  # fmt: skip


# --------------------------------------------------------------------------- running

KINDS: dict[str, Callable[[], Iterator[Case]]] = {
    "clobber": clobber_cases,
    "workbook": workbook_cases,
    "csv": csv_cases,
    "bulk": bulk_cases,
    "yaml": yaml_cases,
    "path": path_cases,
    "results": results_cases,
    "concurrent": concurrent_cases,
    "xml": xml_cases,
    "codes": codes_cases,
    "hand": hand_cases,
}


def run_case(case: Case, base: Path, work: Path) -> Verdict:
    project = work / "case"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(base, project, symlinks=True)
    try:
        verdict = case.run(project)
    except Exception as exc:  # a bug of the probe, shown as such
        verdict = Verdict("probe error", case.label, f"{type(exc).__name__}: {exc}")
    left = leftovers(project)
    if verdict.kind in {"ok", "refused"} and left:
        return Verdict("temporary left", case.label, ", ".join(left))
    return verdict


def main(
    argv: list[str] | None = None,
    kinds_of: dict[str, Callable[[], Iterator[Case]]] = KINDS,
    name: str = "command_inputs",
) -> int:
    """Run the cases of `kinds_of` (a later probe passes its own) on the new review."""
    parser = argparse.ArgumentParser(description=f"{name}: see its module's docstring")
    parser.add_argument("--only", default="", help="the cases whose kind:label hold one of a,b,…")
    parser.add_argument("--kinds", default="", help="only these kinds (a,b,…)")
    parser.add_argument("--work", default="", help="a folder to keep the new review in (reused)")
    args = parser.parse_args(argv)
    wanted = [w for w in args.only.split(",") if w]
    kinds = [k for k in args.kinds.split(",") if k] or list(kinds_of)
    tally: Counter[tuple[str, str]] = Counter()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(args.work or temporary)
        (work / "projects").mkdir(parents=True, exist_ok=True)
        import projects

        base = projects.base_project(work / "projects")
        for kind in kinds:
            for case in kinds_of[kind]():
                label = f"{case.kind}:{case.label}"
                if wanted and not any(w in label for w in wanted):
                    continue
                verdict = run_case(case, base, work)
                tally[(case.kind, verdict.kind)] += 1
                print(f"{verdict.kind:16} {label}: {visible_line(verdict.detail)}", flush=True)
    print(f"{name}: {sum(tally.values())} cases in {time.monotonic() - started:.0f} s")
    for kind in kinds:
        counts = {v: c for (k, v), c in tally.items() if k == kind}
        print(f"  {kind:12} " + ", ".join(f"{v} {c}" for v, c in sorted(counts.items())))
    failed = sum(c for (_, v), c in tally.items() if v not in {"ok", "refused"})
    print(f"failed: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
