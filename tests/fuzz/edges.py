"""A fifth held-out probe (6 December 2026): the edges the other probes leave — file names and
folders, encodings and sizes of exports, hand-edited rows that are each valid but point at
nothing — read as a user's run reads them (`python tests/fuzz/edges.py [--only a,b]`).

Two kinds of case:

- **export cases**: one export (a real file of `hostile.SOURCES`, changed) handed to `metasynth
  ingest FOLDER` as a user hands a download folder, judged by `hostile.judge` (no traceback; every
  record read or warned about; a refusal names the file; the CSV reads back to the rows written);
- **project cases**: a finished new review (`projects.base_project`) with one change, run again
  through `snakemake --cores 2 TARGET` and judged by `projects.run_case` (no traceback in the
  terminal or a rule's log; refused naming the file, or read with exactly the rows the files hold,
  or a warning naming the file).

Prints one line per case and the counts; exits 1 when any case failed.
"""

from __future__ import annotations

import argparse
import codecs
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import projects
from hostile import EXPORTS, REAL, SHARED, Mutated, Source, Verdict, judge, original, read_with
from projects import DECISIONS, HEADER, R1, RECORDS, ROW_1, ROW_2, Case, _both, _decisions, _write
from structural import TIMEOUT, _alarm, _HangError

from metasynth.errors import visible

ZOTERO = Source(REAL / "asreview_zotero.ris")
WOS_PLAIN = Source(SHARED / "wos" / "wosfile_plaintext.txt")
WOS_TAB = Source(SHARED / "wos" / "wosfile_tab_win_utf8.txt")
CSL = Source(REAL / "bbt_3100.csl.json")
POP = Source(REAL / "colrev_google_scholar.json")
BIB = Source(REAL / "colrev_scopus.bib")


# --------------------------------------------------------------------------- export cases


@dataclass(frozen=True)
class ExportCase:
    """An export changed (`make` text → (bytes, record counts that need no warning)), saved
    under `name` (bytes: not UTF-8) in a folder beside an untouched copy of the same file."""

    label: str
    source: Source
    make: Callable[[str], tuple[bytes, set[int]]]
    name: bytes = b"export"
    keeps_fields: bool = False  # every field the untouched file fills is filled (when read)
    same_values: bool = False  # and every value is the same


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def _ris_lines(text: str, change: Callable[[str], str]) -> str:
    return "".join(change(line) for line in _lf(text).splitlines(keepends=True))


def run_export_case(case: ExportCase, work: Path) -> Verdict:
    untouched = original(case.source)
    n = untouched.n_records
    data, expected = case.make(untouched.text)
    folder = work / "download"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    path = folder / os.fsdecode(case.name + case.source.path.suffix.encode())
    path.write_bytes(data)
    shutil.copyfile(case.source.path, folder / f"untouched{case.source.path.suffix}")
    # no count needs no warning when the changed file must be refused (or warned about)
    mutated = Mutated(data, {n + count for count in expected} or {-1}, case.label)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT)
    try:
        outcome = read_with(Source(folder), folder, work)
    except _HangError:
        return Verdict("hang", case.label, f"more than {TIMEOUT} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    verdict = judge(mutated, Path(visible(path.name)), outcome)
    if verdict.kind == "ok" and outcome.status == 0 and (case.keeps_fields or case.same_values):
        return _fields_kept(case, work / "records.csv")
    return verdict


def _fields_kept(case: ExportCase, records_csv: Path) -> Verdict:
    """The field oracle: each column the untouched copy fills in k records is filled in k
    records of the changed file too (a field lost without a word is a silent loss); with
    `same_values`, each record's values are those of its untouched twin."""
    records = pd.read_csv(records_csv, dtype=str, keep_default_na=False)
    untouched = records["source_file"].str.contains("/untouched.", regex=False)
    if case.same_values:
        columns = [
            c for c in records.columns if c not in {"source_file", "source_line", "record_id"}
        ]
        before = records[untouched][columns].reset_index(drop=True)
        after = records[~untouched][columns].reset_index(drop=True)
        differ = [c for c in columns if len(before) != len(after) or not before[c].equals(after[c])]
        if differ:
            return Verdict("silent loss", case.label, f"values changed: {', '.join(differ)}")
        return Verdict("ok", case.label)
    lost = [
        f"{column} ({(records[column][~untouched] != '').sum()} filled of "
        f"{(records[column][untouched] != '').sum()})"
        for column in records.columns
        if column not in {"source_file", "source_line", "record_id"}
        and (records[column][~untouched] != "").sum() < (records[column][untouched] != "").sum()
    ]
    if lost:
        return Verdict("silent loss", case.label, f"fields emptied: {', '.join(lost)}")
    return Verdict("ok", case.label)


EXPORT_CASES: tuple[ExportCase, ...] = (
    ExportCase("latin1_file_name", ZOTERO, lambda t: (t.encode(), {10}), b"caf\xe9"),
    ExportCase(
        "utf16be_no_bom", ZOTERO, lambda t: (t.encode("utf-16-be"), {10}), keeps_fields=True
    ),
    ExportCase(
        "utf16le_bom_twice",
        ZOTERO,
        lambda t: ((codecs.BOM_UTF16_LE + t.encode("utf-16-le")) * 2, {20}),
    ),
    ExportCase(
        "bom_in_the_middle", ZOTERO, lambda t: (t.encode() + b"\xef\xbb\xbf" + t.encode(), {20})
    ),
    ExportCase("only_a_bom", ZOTERO, lambda t: (codecs.BOM_UTF8, set())),
    ExportCase(
        "overlong_utf8", ZOTERO, lambda t: (t.encode().replace(b"the", b"th\xc1\xa5", 1), set())
    ),
    ExportCase(
        "encoded_surrogate",
        ZOTERO,
        lambda t: (t.encode().replace(b"the", b"th\xed\xa0\x80", 1), set()),
    ),
    ExportCase(
        "ris_lowercase_tags",
        ZOTERO,
        lambda t: (
            _ris_lines(
                t, lambda row: row[:2].lower() + row[2:] if row[2:6] == "  - " else row
            ).encode(),
            set(),
        ),
    ),
    ExportCase(
        "ris_one_lowercase_tag",
        ZOTERO,
        lambda t: (_lf(t).replace("\nKW  - ", "\nkw  - ", 1).encode(), {10}),
        keeps_fields=True,
    ),
    ExportCase(
        "ris_tab_separator", ZOTERO, lambda t: (_lf(t).replace("  - ", "\t- ").encode(), set())
    ),
    ExportCase(
        "ris_no_er_between", ZOTERO, lambda t: (_lf(t).replace("ER  - \n", "", 1).encode(), {10})
    ),
    ExportCase(
        "ris_no_er_at_end",
        ZOTERO,
        lambda t: (_lf(t).rstrip().rsplit("ER  -", 1)[0].encode(), {10}),
        keeps_fields=True,
    ),
    ExportCase(
        "ris_ty_twice",
        ZOTERO,
        lambda t: (
            _lf(t).replace("TY  - JOUR\n", "TY  - JOUR\nTY  - BOOK\n", 1).encode(),
            {10, 11},
        ),
    ),
    ExportCase(
        "ris_100k_authors",
        ZOTERO,
        lambda t: (
            _lf(t)
            .replace(
                "AU  - ", "".join(f"AU  - Author{i}, A.\n" for i in range(100_000)) + "AU  - ", 1
            )
            .encode(),
            {10},
        ),
        keeps_fields=True,
    ),
    ExportCase(
        "ris_10mb_abstract",
        ZOTERO,
        lambda t: (_lf(t).replace("AB  - ", "AB  - " + "word " * 2_000_000, 1).encode(), {10}),
        keeps_fields=True,
    ),
    ExportCase(
        "wos_no_ef",
        WOS_PLAIN,
        lambda t: (_lf(t).rstrip().rsplit("EF", 1)[0].encode(), {50}),
        keeps_fields=True,
    ),
    ExportCase(
        "wos_no_fn_vr",
        WOS_PLAIN,
        lambda t: (_lf(t).split("\n", 2)[2].encode(), {50}),
        keeps_fields=True,
    ),
    ExportCase(
        "wos_tab_continuations",
        WOS_PLAIN,
        lambda t: (_lf(t).replace("\n   ", "\n\t").encode(), {50}),
        keeps_fields=True,
    ),
    ExportCase(
        "wos_lowercase_tags",
        WOS_PLAIN,
        lambda t: (
            re.sub(r"(?m)^([A-Z][A-Z0-9]) ", lambda m: m.group(1).lower() + " ", _lf(t)).encode(),
            set(),
        ),
    ),
    ExportCase(
        "wos_cp1252",
        WOS_PLAIN,
        lambda t: (_lf(t).encode("ascii", "replace").replace(b"the", b"th\xe9"), set()),
    ),
    ExportCase(
        "csl_lone_surrogate",
        CSL,
        lambda t: (t.replace('"title":"', '"title":"\\ud800', 1).encode(), {2}),
        keeps_fields=True,
    ),
    ExportCase(
        "pop_lone_surrogate",
        POP,
        lambda t: (t.replace('"title": "', '"title": "\\udce9', 1).encode(), {7}),
        keeps_fields=True,
    ),
    ExportCase(
        "bibtex_comment_line_in_entry",
        BIB,
        lambda t: (t.replace("   title ", "% checked\n   title ", 1).encode(), {11}),
        keeps_fields=True,
    ),
    ExportCase(
        "bibtex_field_commented_out",
        BIB,
        lambda t: (t.replace("   year ", "%  year = {1999},\n   year ", 1).encode(), {11}),
    ),
    ExportCase(
        "ctrl_z_at_the_end", ZOTERO, lambda t: (t.encode() + b"\x1a", {10}), keeps_fields=True
    ),
    ExportCase(
        "wos_tab_excel_quoted",
        WOS_TAB,
        lambda t: (
            t.replace("\tKnowledge networks", '\t"Knowledge ""networks""', 1).encode(),
            {50},
        ),
        keeps_fields=True,
    ),
    ExportCase(
        "html_error_page",
        ZOTERO,
        lambda t: (b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>\n", set()),
    ),
    ExportCase("zip_renamed", ZOTERO, lambda t: (b"PK\x03\x04" + bytes(60), set())),
)
"""Exports in the encodings, shapes and sizes the other probes do not make; the counts are the
changed file's records (set(): the file must be refused, or read with a warning)."""


def _line_ends(source: Source, end: str) -> ExportCase:
    """The export with every line ended by `end` (CR: a classic Mac export), in its own
    encoding: it must read exactly as the untouched file, value for value."""

    def make(text: str) -> tuple[bytes, set[int]]:
        untouched = original(source)
        lines = text.replace("\r\n", "\n").replace("\n", end)
        return untouched.encode(lines), {untouched.n_records}

    label = {"\r": "cr_only", "\r\n": "crlf", "\n": "lf"}[end]
    return ExportCase(f"{label}:{source.path.name}", source, make, same_values=True)


LINE_END_CASES: tuple[ExportCase, ...] = tuple(
    _line_ends(source, end) for source in EXPORTS for end in ("\r", "\r\n", "\n")
)
"""Every real export with its lines ended in CR, CRLF and LF."""


# --------------------------------------------------------------------------- project cases

CODES = "data/coded/codes.csv"
CODES_HEADER = "record_id,coder,code,quote,location,memo"
APPRAISAL = "data/appraisal/casp_R1.csv"
VERDICTS = "data/dedup/verdicts.csv"
CONFIG = "config/config.yaml"
CODINGS = "results/synthesis/codings.csv"
UNKNOWN_ID = "WOS:000000000000000"
ID_1 = ROW_1.split(",")[0]


def _config(old: str, new: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / CONFIG
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def _row(**cells: str) -> str:
    values = dict(zip(HEADER.split(","), ROW_1.split(","), strict=True)) | cells
    return ",".join(values.values())


PROJECT_CASES: tuple[Case, ...] = (
    Case(
        "id_trailing_space",
        _write(R1, _decisions(_row(record_id=ID_1 + " "), ROW_2)),
        DECISIONS,
        2,
        R1,
    ),
    Case(
        "id_leading_space",
        _write(R1, _decisions(_row(record_id=" " + ID_1), ROW_2)),
        DECISIONS,
        2,
        R1,
    ),
    Case(
        "id_lowercase_prefix",
        _write(R1, _decisions(_row(record_id=ID_1.lower()), ROW_2)),
        DECISIONS,
        2,
        R1,
    ),
    Case(
        "id_unknown", _write(R1, _decisions(_row(record_id=UNKNOWN_ID), ROW_2)), DECISIONS, None, R1
    ),
    Case("date_unpadded", _write(R1, _decisions(_row(date="2024-4-2"), ROW_2)), DECISIONS, 2, R1),
    Case(
        "date_slashes_ymd", _write(R1, _decisions(_row(date="2024/04/02"), ROW_2)), DECISIONS, 2, R1
    ),
    Case(
        "date_with_time",
        _write(R1, _decisions(_row(date="2024-04-02T10:30:00"), ROW_2)),
        DECISIONS,
        2,
        R1,
    ),
    Case(
        "date_mdy_us", _write(R1, _decisions(_row(date="04/13/2024"), ROW_2)), DECISIONS, None, R1
    ),
    Case(
        "decision_capitalised",
        _write(R1, _decisions(_row(decision="Include"), ROW_2)),
        DECISIONS,
        2,
        R1,
    ),
    Case(
        "stage_spaces",
        _write(R1, _decisions(_row(stage="title abstract"), ROW_2)),
        DECISIONS,
        None,
        R1,
    ),
    Case(
        "reviewer_other_case", _write(R1, _decisions(_row(reviewer="r1"), ROW_2)), DECISIONS, 2, R1
    ),
    Case(
        "every_cell_quoted",
        _write(
            R1,
            _decisions(*(",".join(f'"{c}"' for c in r.split(",")) for r in (ROW_1, ROW_2))).replace(
                HEADER, ",".join(f'"{c}"' for c in HEADER.split(","))
            ),
        ),
        DECISIONS,
        2,
        R1,
    ),
    Case(
        "tabs_in_a_csv", _write(R1, _decisions(ROW_1, ROW_2).replace(",", "\t")), DECISIONS, 2, R1
    ),
    Case(
        "extra_filled_column",
        _write(
            R1, _decisions(ROW_1 + ",checked", ROW_2 + ",").replace(HEADER, HEADER + ",comment")
        ),
        DECISIONS,
        None,
        R1,
    ),
    Case(
        "bom_inside_joined_files",
        _write(R1, "\ufeff" + _decisions(ROW_1) + "\ufeff" + _decisions(ROW_2)),
        DECISIONS,
        None,
        R1,
    ),
    Case(
        "unicode_reviewer",
        _both(
            _config('{id: R2, name: "Reviewer 2"', '{id: Zoë, name: "Zoë Ñúñez"'),
            _write("data/screening/title_abstract_Zoë.csv", _decisions(_row(reviewer="Zoë"))),
        ),
        DECISIONS,
        1,
        "Zoë",
    ),
    Case(
        "latin1_named_decisions",
        _write("data/screening/title_abstract_R2_caf\udce9.csv", _decisions(_row(reviewer="R2"))),
        DECISIONS,
        None,
        "title_abstract_R2_caf<U+DCE9>",
    ),
    Case(
        "code_on_excluded_record",
        _both(
            *(
                _write(
                    f"data/screening/title_abstract_{r}.csv",
                    _decisions(_row(reviewer=r, decision="exclude", reason="off_topic")),
                )
                for r in ("R1", "R2")
            ),
            _write(CODES, f"{CODES_HEADER}\n{ID_1},coder_1,trust,It was about trust.,p. 3,\n"),
        ),
        CODINGS,
        None,
        CODES,
    ),
    Case(
        "code_on_unknown_record",
        _write(CODES, f"{CODES_HEADER}\n{UNKNOWN_ID},coder_1,trust,It was about trust.,p. 3,\n"),
        CODINGS,
        None,
        CODES,
    ),
    Case(
        "appraisal_unknown_record",
        _write(
            APPRAISAL,
            "record_id,appraiser,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,note,date\n"
            + UNKNOWN_ID
            + ",R1,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Yes,Yes,,2024-07-04\n",
        ),
        "results/appraisal/casp.csv",
        None,
        APPRAISAL,
    ),
    Case(
        "export_editor_backup",
        _write("data/raw/wos/savedrecs.txt~", projects._wos()),
        RECORDS,
        projects.N_WOS,
        "savedrecs.txt~",
    ),
    Case(
        "export_hidden_copy",
        _write("data/raw/wos/.savedrecs.txt", projects._wos()),
        RECORDS,
        projects.N_WOS,
        ".savedrecs.txt",
    ),
    Case(
        "export_appledouble",
        _write(
            "data/raw/wos/._savedrecs.txt",
            b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + bytes(64),
        ),
        RECORDS,
        projects.N_WOS,
        "._savedrecs.txt",
    ),
    Case(
        "export_latin1_name",
        _write("data/raw/wos/caf\udce9.txt", projects._wos()),
        RECORDS,
        None,
        "caf<U+DCE9>.txt",
    ),
    Case(
        "export_unlisted",
        _write("data/raw/wos/savedrecs (1).txt", projects._wos()),
        RECORDS,
        None,
        "savedrecs (1).txt",
    ),
    Case(
        "export_braces_in_name",
        _both(
            _write("data/raw/wos/savedrecs{1}.txt", projects._wos()),
            projects._searches(
                projects.SEARCH.replace("savedrecs.txt]", 'savedrecs.txt, "wos/savedrecs{1}.txt"]')
            ),
        ),
        RECORDS,
        None,
        "savedrecs{1}.txt",
    ),
    Case(
        "decisions_braces_in_name",
        _write("data/screening/title_abstract_R2 {old}.csv", _decisions(_row(reviewer="R2"))),
        DECISIONS,
        None,
        "title_abstract_R2 {old}.csv",
    ),
    Case(
        "verdict_unknown_records",
        _write(
            VERDICTS,
            "record_id_a,record_id_b,verdict,reviewer,date,note\n"
            + UNKNOWN_ID
            + ",WOS:000000000000001,duplicate,R1,2024-03-01,\n",
        ),
        "results/dedup/publications.csv",
        None,
        VERDICTS,
    ),
)
"""Hand-edited rows each valid on its own: ids, dates, names and stages written as people and
spreadsheets write them, and rows about records the review does not hold."""


def run_interrupted(seconds: float, folder: Path) -> projects.Verdict:
    """A new review's whole run killed (SIGKILL to Snakemake and its jobs) after `seconds`, then
    picked up as docs/robustness.md says (`python -m metasynth.recover`, `snakemake --cores 2
    --rerun-incomplete`): it must finish, leave no temporary file, and give the same bytes as
    the uninterrupted run (`metasynth manifest compare`)."""
    base = projects.base_project(folder)
    project = folder / f"killed_after_{seconds:g}s"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(base, project, symlinks=True)
    for made in ("results", ".snakemake"):
        shutil.rmtree(project / made, ignore_errors=True)
    env = {**os.environ, "PATH": f"{projects.BIN}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.Popen(
        [projects.BIN / "snakemake", "--cores", "2"], cwd=project, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    time.sleep(seconds)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    said = []
    steps: list[list[str | Path]] = [
        [projects.BIN / "python", "-m", "metasynth.recover"],
        [projects.BIN / "snakemake", "--cores", "2", "--rerun-incomplete"],
        [
            projects.BIN / "metasynth",
            "manifest",
            "compare",
            base / "results/manifest.tsv",
            project / "results/manifest.tsv",
        ],
    ]
    for argv in steps:
        done = subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True)
        said.append(done.stdout + done.stderr)
        if done.returncode != 0:
            return projects.Verdict(
                "unclear", f"{argv[-1]}: {' | '.join(said[-1].splitlines()[-4:])}"
            )
    left = [p.name for p in project.rglob("*.partial")]
    if left:
        return projects.Verdict("silent", f"temporary files left: {left[:5]}")
    return projects.Verdict(
        "read", said[-1].strip().splitlines()[-1][:200] if said[-1].strip() else "same bytes"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="the cases whose names contain one of a,b,…")
    parser.add_argument("--exports", action="store_true", help="only the export cases (fast)")
    parser.add_argument(
        "--kill-after", default="", help="seconds,…: interrupted whole runs (about 3 min each)"
    )
    args = parser.parse_args(argv)
    wanted = args.only.split(",") if args.only else []
    tally: Counter[str] = Counter()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        for export in EXPORT_CASES + LINE_END_CASES:
            if wanted and not any(name in export.label for name in wanted):
                continue
            verdict = run_export_case(export, Path(work))
            tally["failed" if verdict.failed else "passed"] += 1
            print(f"{verdict.kind:16} {export.label}: {verdict.detail[:300]}", flush=True)
        for case in () if args.exports else PROJECT_CASES:
            if wanted and not any(name in case.name for name in wanted):
                continue
            result = projects.run_case(case, Path(work))
            tally["failed" if result.failed else "passed"] += 1
            print(f"{result.kind:16} {case.name}: {result.detail[:300]}", flush=True)
        for seconds in (float(s) for s in args.kill_after.split(",") if s):
            result = run_interrupted(seconds, Path(work))
            tally["failed" if result.failed else "passed"] += 1
            print(f"{result.kind:16} killed after {seconds:g} s: {result.detail}", flush=True)
    print(
        f"edges: {sum(tally.values())} cases in {time.monotonic() - started:.0f} s: "
        f"{tally['passed']} passed, {tally['failed']} failed"
    )
    return 1 if tally["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
