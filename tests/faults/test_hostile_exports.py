"""Untrusted text through ingest and back out (`metasynth export`): a real Scopus CSV whose cells
hold braces, backslashes, `@`, RIS tag lines, control and bidi characters is read as the CSV it
is, and every publication exported as RIS, BibTeX or CSL-JSON reads back through `metasynth
ingest` with the same record_id and text. Found by a hostile probe of the exports (issue 15,
held-out kinds).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metasynth.cli import main

SCOPUS = Path(__file__).resolve().parents[1] / "ingest" / "data" / "real" / "asreview_scopus.csv"
CASES = int(os.environ.get("METASYNTH_FUZZ_CASES", "300")) // 15 or 1


def _metasynth(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(list(argv))
    return status, out.getvalue()


def _scopus_with(folder: Path, edits: dict[tuple[int, str], str]) -> Path:
    """The real Scopus export with some cells changed: (row, column) → text."""
    raw = SCOPUS.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    for (row, column), text in edits.items():
        rows[row][rows[0].index(column)] = text
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = folder / "scopus.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _ingest(path: Path, out: Path) -> pd.DataFrame:
    status, output = _metasynth("ingest", str(path), "--out", str(out), "--quiet")
    assert status == 0, output
    return pd.read_parquet(out)


def test_a_csv_export_whose_cell_holds_ris_lines_is_read_as_csv(tmp_path: Path) -> None:
    path = _scopus_with(tmp_path, {(1, "Author Keywords"): "alpha\nER  - \nTY  - JOUR\nTI  - x"})
    records = _ingest(path, tmp_path / "records.parquet")
    assert len(records) == 10
    assert set(records["source_format"]) == {"scopus_csv"}


def _round_trip(folder: Path, path: Path, suffix: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(publications of the export, the records its RIS or BibTeX export reads back to)."""
    _ingest(path, folder / "records.parquet")
    results = folder / "results"
    with contextlib.chdir(folder):  # a new review: no config, no verdicts
        status, output = _metasynth(
            "dedup", str(folder / "records.parquet"), "--out-dir", str(results / "dedup")
        )
    assert status == 0, output
    publications = pd.read_parquet(results / "dedup" / "publications.parquet")
    (results / "screening").mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"record_id": publications["record_id"], "status": "included"}).to_csv(
        results / "screening" / "status.csv", index=False
    )
    exported = folder / f"included{suffix}"
    status, output = _metasynth("export", str(exported), "--results", str(results))
    assert status == 0, output
    return publications, _ingest(exported, folder / "back.parquet")


def _same_text(publications: pd.DataFrame, back: pd.DataFrame) -> None:
    assert sorted(back["record_id"]) == sorted(publications["record_id"])
    for column in ("title", "abstract"):
        sent = dict(zip(publications["record_id"], publications[column].fillna(""), strict=True))
        read = dict(zip(back["record_id"], back[column].fillna(""), strict=True))
        assert read == sent, column


@pytest.mark.parametrize("suffix", [".ris", ".bib"])
def test_a_title_ending_in_a_backslash_reads_back(tmp_path: Path, suffix: str) -> None:
    path = _scopus_with(tmp_path, {(1, "Title"): "C:\\data\\ \\} ends in \\", (2, "Title"): "{x"})
    _same_text(*_round_trip(tmp_path, path, suffix))


PIECES = [*"ab {}\\@%$#_&~^\",;='\t\u202e\u00e9\x07\n", "ER  - ", "TY  - JOUR", "\\}", "@misc{x,"]
PIECES += ["\u2028", "\u0085", "\x0c", '"},{"id":"x', "=HYPERLINK(1)"]  # the held-out probe's
HOSTILE = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)


@pytest.mark.slow
@settings(
    max_examples=CASES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(title=HOSTILE, abstract=HOSTILE, suffix=st.sampled_from([".ris", ".bib", ".json"]))
def test_hostile_text_reads_back_from_an_export(
    tmp_path_factory: pytest.TempPathFactory, title: str, abstract: str, suffix: str
) -> None:
    folder = tmp_path_factory.mktemp("trip")
    path = _scopus_with(folder, {(3, "Title"): f"T {title}", (3, "Abstract"): abstract})
    _same_text(*_round_trip(folder, path, suffix))


# A probe of the export headers and SN lines (APA PsycInfo, JSTOR): real files cut, joined and
# edited the way downloads and hands leave them, read by `metasynth ingest` with its warnings.
REAL = SCOPUS.parent
JSTOR = REAL / "colrev_jstor.ris"
PSYCINFO = REAL / "colrev_psycinfo.ris"


def _ingest_warnings(path: Path, folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(records, warnings) of `metasynth ingest PATH --out … --warnings …`."""
    out, warnings = folder / "records.csv", folder / "warnings.csv"
    status, output = _metasynth(
        "ingest", str(path), "--out", str(out), "--warnings", str(warnings), "--quiet"
    )
    assert status == 0, output
    read = {"dtype": str, "keep_default_na": False}
    return pd.read_csv(out, **read), pd.read_csv(warnings, **read)  # type: ignore[call-overload]


def test_a_jstor_export_cut_after_a_record_s_header_says_so(tmp_path: Path) -> None:
    # JSTOR repeats its header above every record: cut short after the last one (line 84)
    lines = JSTOR.read_bytes().splitlines(keepends=True)
    path = tmp_path / "jstor.ris"
    path.write_bytes(b"".join(lines[:84]))
    records, warnings = _ingest_warnings(path, tmp_path)
    assert len(records) == 3
    assert warnings["line"].tolist() == ["81"]
    assert (
        warnings["message"]
        .iloc[0]
        .startswith(
            "3 export header line(s) ('Provider: JSTOR http://www.jstor.org') with no record after"
        )
    )


def test_two_joined_headers_naming_two_databases_say_which_counts(tmp_path: Path) -> None:
    # a PsycInfo export whose records were cut away, joined to a JSTOR one: two headers run
    # together above JSTOR's first record
    psycinfo = PSYCINFO.read_bytes().splitlines(keepends=True)[:4]
    path = tmp_path / "joined.ris"
    path.write_bytes(b"".join(psycinfo) + JSTOR.read_bytes())
    records, warnings = _ingest_warnings(path, tmp_path)
    assert len(records) == 4
    assert records["database"].tolist() == ["JSTOR"] * 4  # each names its own (DB  - JSTOR)
    assert warnings["line"].tolist() == ["6"]
    assert (
        warnings["message"]
        .iloc[0]
        .startswith(
            "a second `Database:` line in the export header above the next records ('JSTOR'; the "
            "header's first says 'PsycINFO'): a record below that names no database of its own is "
            "counted under 'PsycINFO'"
        )
    )


def test_an_sn_line_with_more_issns_than_a_record_keeps_says_which_are_left(
    tmp_path: Path,
) -> None:
    # PsycInfo's `1999-7777(Electronic),0222-6666(Print)` with a third, print ISSN added, and
    # commas of an edited cell after it
    text = PSYCINFO.read_text(encoding="utf-8")
    sn = "SN  - 1999-7777(Electronic),0222-6666(Print)"
    assert text.count(sn) == 1
    path = tmp_path / "psycinfo.ris"
    path.write_text(text.replace(sn, sn + ",1234-5679(Print)" + "," * 47), encoding="utf-8")
    records, warnings = _ingest_warnings(path, tmp_path)
    assert records[["issn", "eissn"]].values.tolist() == [["0222-6666", "1999-7777"]]
    assert warnings[["line", "message"]].values.tolist() == [
        [
            "5",
            "SN holds more ISSNs than a record keeps (one ISSN, one eISSN): kept 0222-6666 and "
            "1999-7777, not 1234-5679; if these name another journal, correct the record's SN "
            "line",
        ]
    ]


@pytest.mark.parametrize("name", ["JSTOR " * 200_000, "JS\x1bTOR\x07"])
def test_a_database_header_that_is_no_name_is_not_used_as_one(tmp_path: Path, name: str) -> None:
    # the second record's header line (28) a megabyte long, or with control characters
    lines = JSTOR.read_bytes().decode("utf-8").splitlines(keepends=True)
    assert lines[27] == "Database: JSTOR\r\n"
    lines[27] = f"Database: {name}\r\n"
    path = tmp_path / "jstor.ris"
    path.write_text("".join(lines), encoding="utf-8", newline="")
    records, warnings = _ingest_warnings(path, tmp_path)
    assert records["database"].tolist() == ["JSTOR"] * 4  # each by its own `DB  - JSTOR`
    assert warnings["line"].tolist() == ["28"]
    assert (
        warnings["message"]
        .iloc[0]
        .startswith(
            f"the export header's `Database:` line ({name.strip()[:60]!r}, {len(name.strip())} "
            "characters) is no database name: not used for the records below"
        )
    )


def test_an_export_of_only_its_header_says_so(tmp_path: Path) -> None:
    # APA PsycInfo's header, its record cut away (or a search that found nothing)
    path = tmp_path / "psycinfo.ris"
    path.write_bytes(b"".join(PSYCINFO.read_bytes().splitlines(keepends=True)[:4]))
    status, output = _metasynth("ingest", str(path), "--out", str(tmp_path / "records.csv"))
    assert status == 2
    assert output.splitlines()[:2] == [
        f"metasynth ingest: error: {path}:1: only an export header and no record (the first "
        "line is 'Provider: American Psychological Association')",
        "  what to do: the export was cut short, or the search found nothing: export the "
        "results again, or leave the file out of the search run's files if there are none",
    ]
