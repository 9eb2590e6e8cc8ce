"""Hostile projects: a new review's files damaged the way shared folders and spreadsheets damage
them, run through the workflow as the user runs it (`python tests/fuzz/campaign.py --projects`).

Where `hostile.py` mutates one file and hands it to one reader, a case here is a whole project:
`metasynth init`, a real Web of Science export (../shared/fixtures/wos) in data/raw with its
search run in searches.yaml, one finished `snakemake --cores 2` run (made once, copied per case),
then one change a reviewer team's tools make — Git merge-conflict markers, a Dropbox "conflicted
copy", Excel's separators, encodings, dates and padding, a cut-short sync, a symlink, a zip, an
HTML error page saved as an export, a YAML bomb in searches.yaml — and `snakemake --cores 2
TARGET` again. The verdict, with three oracles:

- **no traceback** in the terminal output or any rule log;
- **refused**: the run stops with `ERROR metasynth:` naming the file (or the searches.yaml entry)
  the case damaged; or
- **read**: the run finishes and the table the case is about (decisions, records) has exactly the
  rows the files hold — or a warning names the file. Anything else is a silent loss or inflation.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # campaign.py runs this from tests/fuzz: `tests` is under ROOT
from tests.project.conftest import WOS_SEARCH as SEARCH  # noqa: E402

SHARED = ROOT.parent / "shared" / "fixtures"
BIN = Path(sys.executable).parent
WOS = SHARED / "wos" / "wosfile_plaintext.txt"
N_WOS = 50
DECISIONS = "results/screening/decisions.csv"
RECORDS = "results/ingest/records.csv"
HEADER = "record_id,stage,reviewer,decision,reason,note,date"
ROW_1 = "WOS:000291122800012,title_abstract,R1,include,,,2024-04-02"
ROW_2 = "WOS:000231798300005,title_abstract,R1,exclude,off_topic,,2024-04-02"


@dataclass(frozen=True)
class Case:
    """A change to a finished project, the target run after it, and what a sound run does:
    `rows` rows in the target table (None: the run must refuse), or refuse naming `names`."""

    name: str
    change: Callable[[Path], None]
    target: str
    rows: int | None
    names: str


@dataclass(frozen=True)
class Verdict:
    kind: str  # "read", "warned", "refused", "traceback", "silent", "unclear"
    detail: str

    @property
    def failed(self) -> bool:
        return self.kind in {"traceback", "silent", "unclear"}


def base_project(folder: Path) -> Path:
    """A new review (`metasynth init`) with one real WOS export, run once to the end."""
    project = folder / "base"
    if (project / "results" / "report.html").exists():
        return project
    shutil.rmtree(project, ignore_errors=True)
    subprocess.run([BIN / "metasynth", "init", project], check=True, capture_output=True)
    config = project / "config" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('title: ""', 'title: "Bibliometric mapping"', 1)
    text = text.replace('review_question: ""', 'review_question: "How are fields mapped?"', 1)
    config.write_text(text, encoding="utf-8")
    (project / "data/raw/wos").mkdir()
    shutil.copy(WOS, project / "data/raw/wos/savedrecs.txt")
    (project / "data/raw/searches.yaml").write_text(SEARCH, encoding="utf-8")
    snakemake(project, "all")
    return project


def snakemake(project: Path, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "snakemake", "--cores", "2", target],
        cwd=project, capture_output=True, text=True, check=False,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
    )  # fmt: skip


def run_case(case: Case, folder: Path) -> Verdict:
    base = base_project(folder)
    project = folder / case.name
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(base, project, symlinks=True)
    case.change(project)
    done = snakemake(project, case.target)
    logs = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (project / "results" / "logs").rglob("*.log")
    )
    said = done.stdout + done.stderr + logs
    shutil.rmtree(project / ".snakemake", ignore_errors=True)
    traceback = _TRACEBACK.search(said)
    if traceback:
        return Verdict("traceback", _tail(said, traceback.start()))
    if done.returncode != 0:
        error = _ERROR.search(said)
        if error is None:
            return Verdict("unclear", _tail(said, len(said) - 300))
        message = _tail(said, error.start())
        if case.names not in message:
            return Verdict("unclear", f"does not name {case.names!r}: {message}")
        return Verdict("refused", message)
    table = project / case.target
    found = len(pd.read_csv(table, dtype=str, keep_default_na=False)) if table.exists() else -1
    warnings = _warnings(project)
    named = case.names in warnings
    if case.rows is None or found != case.rows:
        if named:
            return Verdict("warned", f"{found} rows; {_tail(warnings, warnings.find(case.names))}")
        return Verdict("silent", f"{found} rows (expected {case.rows}), no warning naming "
                       f"{case.names!r}")  # fmt: skip
    return Verdict("warned" if named else "read", f"{found} rows")


_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s+File \".*\", line \d+", re.M)
"""Python's traceback, or the lines of one Snakemake prints for an error while it plans."""
_ERROR = re.compile(r"ERROR metasynth|^Error\b.*: ", re.M)
"""The start of metasynth's message for bad input (a rule's log, or the planning stopped)."""


def _warnings(project: Path) -> str:
    found = []
    for name in ("ingest/warnings.csv", "screening/notices.csv", "synthesis/import_notices.csv"):
        path = project / "results" / name
        if path.exists():
            found.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(found)


def _tail(text: str, start: int) -> str:
    return " | ".join(text[max(start, 0) :].splitlines()[:4])


# --------------------------------------------------------------------------- the cases


def _write(relative: str, data: bytes | str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return change


def _both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        for one in changes:
            one(project)

    return change


def _link(relative: str, target: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        (project / relative).symlink_to(target)

    return change


def _decisions(*rows: str, end: str = "\n") -> str:
    return end.join([HEADER, *rows]) + end


R1 = "data/screening/title_abstract_R1.csv"
R2 = "data/screening/title_abstract_R2.csv"
EXPORT = "data/raw/wos/savedrecs.txt"


def _searches(text: str) -> Callable[[Path], None]:
    return _write("data/raw/searches.yaml", text)


def _second_export(name: str, data: bytes) -> Callable[[Path], None]:
    listed = SEARCH.replace("[wos/savedrecs.txt]", f"[wos/savedrecs.txt, {name}]")
    return _both(_write(f"data/raw/{name}", data), _searches(listed))


def _wos() -> bytes:
    return WOS.read_bytes()


def _zip(name: str, data: bytes) -> bytes:
    """A zip archive of one file, built in memory (the module is read at every test start)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}]\n"
    for i in range(8)
)

DECISION_CASES: tuple[Case, ...] = (
    Case(
        "git_conflict",
        _write(
            R1,
            _decisions(
                ROW_1,
                "<<<<<<< HEAD",
                ROW_2,
                "=======",
                ROW_2.replace("exclude,off_topic", "include,"),
                ">>>>>>> theirs",
            ),
        ),
        DECISIONS,
        None,
        R1,
    ),
    Case(
        "dropbox_conflicted_copy",
        _both(
            _write(R1, _decisions(ROW_1, ROW_2)),
            _write(
                "data/screening/title_abstract_R1 (R1's conflicted copy 2026-12-05).csv",
                _decisions(ROW_1),
            ),
        ),
        DECISIONS,
        None,
        "conflicted copy",
    ),
    Case(
        "onedrive_machine_copy",
        _both(
            _write(R1, _decisions(ROW_1)),
            _write("data/screening/title_abstract_R1-LAPTOP-7.csv", _decisions(ROW_1)),
        ),
        DECISIONS,
        None,
        "LAPTOP-7",
    ),
    Case(
        "excel_semicolons_bom_crlf",
        _write(
            R1,
            "\ufeff"
            + _decisions(ROW_1.replace(",", ";"), ROW_2.replace(",", ";"), end="\r\n").replace(
                HEADER, HEADER.replace(",", ";")
            ),
        ),
        DECISIONS,
        2,
        R1,
    ),
    Case(
        "excel_cp1252_note",
        _write(R1, _decisions(ROW_1.replace(",,,", ",,café “x”,")).encode("cp1252")),
        DECISIONS,
        1,
        R1,
    ),
    Case(
        "excel_utf16_bom_tabs",
        _write(R1, _decisions(ROW_1, ROW_2, end="\r\n").replace(",", "\t").encode("utf-16")),
        DECISIONS,
        2,
        R1,
    ),
    Case(
        "utf16_without_bom",
        _write(R1, _decisions(ROW_1, ROW_2).encode("utf-16-le")),
        DECISIONS,
        2,
        R1,
    ),
    Case(
        "excel_date_dmy",
        _write(R1, _decisions(ROW_1.replace("2024-04-02", "02/04/2024"))),
        DECISIONS,
        None,
        R1,
    ),
    Case(
        "excel_date_serial",
        _write(R1, _decisions(ROW_1.replace("2024-04-02", "45384"))),
        DECISIONS,
        None,
        R1,
    ),
    Case(
        "excel_formula_id",
        _write(R1, _decisions('="' + ROW_1.replace(",", '",', 1))),
        DECISIONS,
        None,
        R1,
    ),
    Case(
        "excel_trailing_columns",
        _write(R1, _decisions(ROW_1 + ",,,", ROW_2 + ",,,").replace(HEADER, HEADER + ",,,")),
        DECISIONS,
        2,
        R1,
    ),
    Case(
        "excel_row_padding",
        _write(R1, _decisions(ROW_1, ROW_2, *([",,,,,,"] * 5000))),
        DECISIONS,
        2,
        R1,
    ),
    Case("cr_only", _write(R1, _decisions(ROW_1, ROW_2, end="\r")), DECISIONS, 2, R1),
    Case(
        "mixed_line_ends",
        _write(R1, HEADER + "\r\n" + ROW_1 + "\r" + ROW_2 + "\n"),
        DECISIONS,
        2,
        R1,
    ),
    Case(
        "nul_bytes",
        _write(R1, _decisions(ROW_1, ROW_2).replace("off_topic", "off\0topic")),
        DECISIONS,
        None,
        R1,
    ),
    Case(
        "nul_padding_after_crash",
        _write(R1, _decisions(ROW_1, ROW_2) + "\0" * 4096),
        DECISIONS,
        None,
        R1,
    ),
    Case("cut_mid_row", _write(R1, _decisions(ROW_1) + ROW_2[:25]), DECISIONS, None, R1),
    Case(
        "duplicate_header_column",
        _write(R1, _decisions(ROW_1 + ",exclude").replace(HEADER, HEADER + ",decision")),
        DECISIONS,
        None,
        R1,
    ),
    Case(
        "header_case_spaces",
        _write(R1, _decisions(ROW_1).replace("record_id,stage", "Record_ID , Stage")),
        DECISIONS,
        None,
        R1,
    ),
    Case("zero_bytes", _write(R1, b""), DECISIONS, None, R1),
    Case("header_only", _write(R1, HEADER + "\n"), DECISIONS, 0, R1),
    Case("folder_named_csv", _write(R1 + "/inside.csv", _decisions(ROW_1)), DECISIONS, 1, R1),
    Case(
        "symlink_loop",
        _both(_write(R1, _decisions(ROW_1)), _link("data/screening/loop.csv", "loop.csv")),
        DECISIONS,
        None,
        "loop.csv",
    ),
    Case(
        "dangling_symlink",
        _both(_write(R1, _decisions(ROW_1)), _link(R2, "/nonexistent/title_abstract_R2.csv")),
        DECISIONS,
        None,
        "title_abstract_R2",
    ),
    Case(
        "symlinked_folder",
        _both(
            _write("shared_drive/title_abstract_R2.csv", _decisions(ROW_1.replace("R1", "R2"))),
            _link("data/screening/team", "../../shared_drive"),
            _write(R1, _decisions(ROW_1)),
        ),
        DECISIONS,
        2,
        "team",
    ),
    Case(
        "symlinked_file",
        _both(_write("elsewhere.csv", _decisions(ROW_1)), _link(R1, "../../elsewhere.csv")),
        DECISIONS,
        1,
        R1,
    ),
    Case("nbsp_in_id", _write(R1, _decisions(ROW_1.replace(",", "\u00a0,", 1))), DECISIONS, 1, R1),
    Case(
        "homoglyph_reviewer",
        _write(R1, _decisions(ROW_1.replace(",R1,", ",\u04201,"))),
        DECISIONS,
        None,
        R1,
    ),
    Case(
        "rtl_override_note",
        _write(R1, _decisions(ROW_1.replace(",,,", ",,\u202eedulcni,"))),
        DECISIONS,
        1,
        R1,
    ),
    Case(
        "ten_mb_note",
        _write(R1, _decisions(ROW_1.replace(",,,", ",," + "x" * 10_000_000 + ","))),
        DECISIONS,
        1,
        R1,
    ),
    Case(
        "xlsx_renamed_csv", _write(R1, _zip("xl/workbook.xml", b"<workbook/>")), DECISIONS, None, R1
    ),
)
"""Reviewers' decision files (data/screening) as shared folders and spreadsheets leave them."""

EXPORT_CASES: tuple[Case, ...] = (
    Case("export_joined_twice", _write(EXPORT, _wos() + _wos()), RECORDS, N_WOS * 2, EXPORT),
    Case(
        "export_git_conflict",
        _write(EXPORT, b"<<<<<<< HEAD\n" + _wos() + b"=======\n" + _wos() + b">>>>>>> theirs\n"),
        RECORDS,
        None,
        EXPORT,
    ),
    Case(
        "export_gzip",
        _second_export("wos/savedrecs2.txt.gz", gzip.compress(_wos())),
        RECORDS,
        None,
        "savedrecs2.txt.gz",
    ),
    Case(
        "export_zip",
        _second_export("wos/savedrecs2.zip", _zip("savedrecs.txt", _wos())),
        RECORDS,
        None,
        "savedrecs2.zip",
    ),
    Case(
        "export_pdf",
        _second_export("wos/paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        RECORDS,
        None,
        "paper.pdf",
    ),
    Case(
        "export_html_session_expired",
        _second_export(
            "wos/savedrecs2.ris",
            (
                b"<!DOCTYPE html>\n<html><head><title>Session expired</title></head>\n"
                b"<body><p>Your "
                b"session has expired. Please sign in again.</p></body></html>\n"
            ),
        ),
        RECORDS,
        None,
        "savedrecs2.ris",
    ),
    Case(
        "export_xlsx_as_csv",
        _second_export("wos/savedrecs2.csv", _zip("xl/workbook.xml", b"<workbook/>")),
        RECORDS,
        None,
        "savedrecs2.csv",
    ),
    Case(
        "export_latin1",
        _write(EXPORT, _wos().decode("utf-8-sig").encode("latin-1", "replace")),
        RECORDS,
        N_WOS,
        EXPORT,
    ),
    Case(
        "export_mac_roman",
        _write(EXPORT, _wos().decode("utf-8-sig").encode("mac_roman", "replace")),
        RECORDS,
        N_WOS,
        EXPORT,
    ),
    Case(
        "export_utf16_no_bom",
        _write(EXPORT, _wos().decode("utf-8-sig").encode("utf-16-le")),
        RECORDS,
        N_WOS,
        EXPORT,
    ),
    Case("export_cut_by_sync", _write(EXPORT, _wos()[: len(_wos()) // 2]), RECORDS, None, EXPORT),
    Case("export_zero_bytes", _write(EXPORT, b""), RECORDS, None, EXPORT),
    Case(
        "export_dropbox_copy",
        _write("data/raw/wos/savedrecs (conflicted copy).txt", _wos()),
        RECORDS,
        None,
        "conflicted copy",
    ),
    Case(
        "export_symlinked_folder",
        _both(_write("downloads/savedrecs.txt", _wos()), _link("data/raw/more", "../../downloads")),
        RECORDS,
        None,
        "more",
    ),
    Case(
        "export_ids_collide",
        _second_export("wos/savedrecs(1).txt", _wos()),
        RECORDS,
        N_WOS * 2,
        "savedrecs(1).txt",
    ),
)
"""Search exports (data/raw) as downloads, syncs and mistakes leave them."""

SEARCHES_CASES: tuple[Case, ...] = (
    Case("searches_billion_laughs", _searches(_BOMB + SEARCH), RECORDS, None, "searches.yaml"),
    Case(
        "searches_tabs",
        _searches(SEARCH.replace("  - id", "\t- id")),
        RECORDS,
        None,
        "searches.yaml",
    ),
    Case(
        "searches_duplicate_key",
        _searches(
            SEARCH.replace("    searched_by: R1\n", "    searched_by: R1\n    database: Scopus\n")
        ),
        RECORDS,
        None,
        "searches.yaml",
    ),
    Case(
        "searches_wrong_types",
        _searches(SEARCH.replace('"2024-03-01"', "[2024]")),
        RECORDS,
        None,
        "searches.yaml",
    ),
    Case(
        "searches_parent_path",
        _both(
            _write("outside.txt", _wos()),
            _searches(
                SEARCH.replace("[wos/savedrecs.txt]", "[wos/savedrecs.txt, ../../outside.txt]")
            ),
        ),
        RECORDS,
        None,
        "outside.txt",
    ),
    Case(
        "searches_absolute_path",
        _searches(SEARCH.replace("[wos/savedrecs.txt]", f"[wos/savedrecs.txt, {WOS}]")),
        RECORDS,
        None,
        WOS.name,
    ),
    Case(
        "searches_listed_twice",
        _searches(SEARCH.replace("[wos/savedrecs.txt]", "[wos/savedrecs.txt, wos/savedrecs.txt]")),
        RECORDS,
        None,
        "savedrecs.txt",
    ),
    Case(
        "searches_git_conflict",
        _searches("<<<<<<< HEAD\n" + SEARCH + "=======\n" + SEARCH + ">>>>>>> theirs\n"),
        RECORDS,
        None,
        "searches.yaml",
    ),
)
"""data/raw/searches.yaml, hand-edited."""

CODES = "data/coded/codes.csv"
CODES_HEADER = "record_id,coder,code,quote,location,memo\n"
CODE_ROW = "WOS:000291122800012,R1,trust,Trust came first.,p. 4,\n"

OTHER_CASES: tuple[Case, ...] = (
    Case(
        "codes_git_conflict",
        _write(CODES, CODES_HEADER + "<<<<<<< HEAD\n" + CODE_ROW + "=======\n>>>>>>> b\n"),
        "results/synthesis/imported_codes.csv",
        None,
        CODES,
    ),
    Case(
        "verdicts_utf16",
        _write(
            "data/dedup/verdicts.csv",
            "record_id_a,record_id_b,verdict,reviewer,date,note\n".encode("utf-16"),
        ),
        "results/dedup/clusters.csv",
        None,
        "verdicts.csv",
    ),
    Case(
        "appraisal_dangling_symlink",
        _link("data/appraisal/casp_R1.csv", "/nonexistent/casp_R1.csv"),
        "results/appraisal/appraisals.csv",
        None,
        "casp_R1.csv",
    ),
    Case(
        "config_billion_laughs",
        lambda project: (project / "config/config.yaml").write_text(
            (project / "config/config.yaml").read_text()
            + "x-laughs:\n"
            + "".join(f"  {line}\n" for line in _BOMB.splitlines())
            + "corpus_note_x: *i\n"
        ),
        RECORDS,
        None,
        "config.yaml",
    ),
    Case(
        "codebook_billion_laughs",
        lambda project: (project / "data/coded/codebook.yaml").write_text(
            "x-laughs:\n"
            + "".join(f"  {line}\n" for line in _BOMB.splitlines())
            + (project / "data/coded/codebook.yaml").read_text()
        ),
        "results/synthesis/framework.csv",
        None,
        "codebook.yaml",
    ),
)
"""Codes, dedup verdicts, appraisals, the config and the codebook."""

_RIS = ROOT / "tests" / "ingest" / "data" / "real"


def _ris_search(database: str, name: str, data: bytes) -> Callable[[Path], None]:
    """A RIS export in data/raw/NAME under a search run of its own that declares `database`."""
    run = (
        f"  - id: second_run\n    database: {database}\n    query: x\n"
        f'    date_searched: "2024-03-01"\n    searched_by: R1\n    files: [{name}]\n'
    )
    return _both(_write(f"data/raw/{name}", data), _searches(SEARCH + run))


def _jstor_lines() -> list[bytes]:
    return (_RIS / "colrev_jstor.ris").read_bytes().splitlines(keepends=True)


def _psycinfo_sn(extra: str) -> bytes:
    sn = b"SN  - 1999-7777(Electronic),0222-6666(Print)"
    return (_RIS / "colrev_psycinfo.ris").read_bytes().replace(sn, sn + extra.encode())


RIS_HEADER_CASES: tuple[Case, ...] = (
    Case(
        "ris_header_cut_after",
        _ris_search("JSTOR", "jstor/export.ris", b"".join(_jstor_lines()[:84])),
        RECORDS,
        None,
        "jstor/export.ris",
    ),
    Case(
        "ris_header_megabyte_database",
        _ris_search(
            "JSTOR",
            "jstor/export.ris",
            b"".join(_jstor_lines()[:27])
            + b"Database: "
            + b"JSTOR " * 200_000
            + b"\r\n"
            + b"".join(_jstor_lines()[28:]),
        ),
        RECORDS,
        None,
        "jstor/export.ris",
    ),
    Case(
        "ris_sn_fifty_commas",
        _ris_search("APA PsycInfo", "psycinfo/export.ris", _psycinfo_sn(",1234-5679" + "," * 49)),
        RECORDS,
        None,
        "psycinfo/export.ris",
    ),
)
"""RIS exports with an export header (JSTOR, APA PsycInfo), cut, damaged and hand-edited: each
must be warned about by file (a header with no record after it, a `Database:` line that is no
name, an SN line with more ISSNs than a record keeps)."""

CASES: tuple[Case, ...] = (
    *DECISION_CASES,
    *EXPORT_CASES,
    *SEARCHES_CASES,
    *OTHER_CASES,
    *RIS_HEADER_CASES,
)
