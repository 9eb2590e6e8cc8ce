"""The search-run manifest: every export belongs to exactly one declared run."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import yaml

from metasynth.errors import InputError, Notice
from metasynth.ingest import read_exports
from metasynth.searches import (
    assign_runs,
    latest_version,
    load_searches,
    runs_table,
    searched_after_today,
    searched_databases,
)

MANIFEST = """\
searches:
  - id: wos-primary
    database: Web of Science Core Collection
    query: TS=("e-mentor*" OR "electronic mentor*")
    date_searched: 2024-01-15
    searched_by: A. Reviewer
    date_limits: {{from: 2000, to: 2023}}
    files:
      - wos/savedrecs.txt
      - wos/savedrecs(1).txt
  - id: scopus-update
    database: Scopus
    query: TITLE-ABS-KEY("e-mentoring")
    date_searched: {date}
    searched_by: B. Student
    review_version: 2
    files:
      - scopus/scopus.ris
"""


def _project(tmp_path: Path, date: str = "2025-03-01", extra: str = "") -> Path:
    for name in ("wos/savedrecs.txt", "wos/savedrecs(1).txt", "scopus/scopus.ris"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    manifest = tmp_path / "searches.yaml"
    manifest.write_text(MANIFEST.format(date=date) + extra)
    return manifest


def test_runs_are_read_with_defaults(tmp_path: Path) -> None:
    runs = load_searches(_project(tmp_path))
    assert [r.id for r in runs] == ["wos-primary", "scopus-update"]
    assert runs[0].review_version == 1
    assert (runs[0].year_from, runs[0].year_to) == (2000, 2023)
    assert runs[1].files == ("scopus/scopus.ris",)
    assert latest_version(runs) == 2
    table = runs_table(runs)
    assert table["n_files"].tolist() == [2, 1]


def test_the_runs_table_without_runs_has_its_columns(tmp_path: Path) -> None:
    table = runs_table(load_searches(_project(tmp_path))[:0])
    assert table.empty
    assert list(table.columns[:3]) == ["search_run", "database", "review_version"]
    assert list(table.columns[-2:]) == ["n_files", "files"]


def test_every_export_is_assigned_to_its_run(tmp_path: Path) -> None:
    runs = load_searches(_project(tmp_path))
    exports = sorted(p for p in tmp_path.rglob("*") if p.is_file() and p.name != "searches.yaml")
    assignment = assign_runs(runs, exports, tmp_path)
    assert assignment[str(tmp_path / "scopus/scopus.ris")] == "scopus-update"
    assert assignment[str(tmp_path / "wos/savedrecs(1).txt")] == "wos-primary"


def test_unclaimed_export_says_how_to_add_it(tmp_path: Path) -> None:
    runs = load_searches(_project(tmp_path))
    stray = tmp_path / "pubmed" / "export.ris"
    stray.parent.mkdir()
    stray.write_text("x")
    with pytest.raises(InputError) as caught:
        assign_runs(runs, [stray], tmp_path)
    message = str(caught.value)
    assert "pubmed/export.ris" in message
    assert "searches.yaml" in message
    assert "    files:\n      - pubmed/export.ris" in message


def test_an_empty_manifest_lists_the_exports_and_the_entry_to_write(tmp_path: Path) -> None:
    manifest = _project(tmp_path)
    manifest.write_text("# searches:\n#   - id: wos_2024\n", encoding="utf-8")  # all comments
    with pytest.raises(InputError) as caught:
        load_searches(manifest)
    error = caught.value
    assert error.message == (
        "the search manifest is empty, but 3 export file(s) are next to it: "
        "scopus/scopus.ris, wos/savedrecs.txt, wos/savedrecs(1).txt"
    )
    entry = yaml.safe_load(str(error.hint).split(":\n", 1)[1])
    assert entry["searches"][0]["files"] == [
        "scopus/scopus.ris",
        "wos/savedrecs.txt",
        "wos/savedrecs(1).txt",
    ]
    assert entry["searches"][0]["date_searched"] == "YYYY-MM-DD"


def test_an_empty_manifest_without_exports_says_to_put_them_there_first(tmp_path: Path) -> None:
    manifest = tmp_path / "searches.yaml"
    manifest.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="there is no export next to it yet") as caught:
        load_searches(manifest)
    assert str(caught.value.hint).startswith(f"put the exports of your searches in {tmp_path}")


def test_missing_file_names_run_and_line(tmp_path: Path) -> None:
    manifest = _project(tmp_path)
    (tmp_path / "scopus/scopus.ris").unlink()
    with pytest.raises(InputError) as caught:
        load_searches(manifest)
    assert caught.value.line == 18
    assert "scopus-update" in caught.value.message
    assert "does not exist" in caught.value.message


def test_file_claimed_by_two_runs(tmp_path: Path) -> None:
    extra = """\
  - id: wos-again
    database: Web of Science Core Collection
    query: TS=mentor*
    date_searched: 2024-02-01
    searched_by: C. Other
    files: [wos/savedrecs.txt]
"""
    with pytest.raises(InputError) as caught:
        load_searches(_project(tmp_path, extra=extra))
    assert "claimed by search runs 'wos-primary' (line 9) and 'wos-again'" in caught.value.message


def test_bad_date_is_reported_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_searches(_project(tmp_path, date="March 2025"))
    assert caught.value.line == 14
    assert caught.value.element == "searches/1/date_searched"


def test_duplicate_run_id(tmp_path: Path) -> None:
    extra = """\
  - id: wos-primary
    database: X
    query: Y
    date_searched: 2024-02-01
    searched_by: Z
    files: [scopus/scopus.ris]
"""
    with pytest.raises(InputError, match="used twice"):
        load_searches(_project(tmp_path, extra=extra))


REAL = Path(__file__).parents[1] / "ingest" / "data" / "real"


def test_records_count_under_the_database_their_run_searched(tmp_path: Path) -> None:
    """Embase marks the records it indexes from MEDLINE `DB - Medline`, and a Zotero library
    names no database: PRISMA's per-database counts follow the runs of searches.yaml."""
    for name in ("asreview_embase.ris", "bbt_868.biblatex"):
        shutil.copy(REAL / name, tmp_path / name)
    manifest = tmp_path / "searches.yaml"
    manifest.write_text(
        "searches:\n"
        "  - {id: embase, database: Embase (Ovid), query: q, date_searched: 2024-03-03,\n"
        "     searched_by: R2, files: [asreview_embase.ris]}\n"
        "  - {id: hand, database: Hand search (Zotero), query: q, date_searched: 2024-03-04,\n"
        "     searched_by: R2, files: [bbt_868.biblatex]}\n"
    )
    runs = load_searches(manifest)
    exports = [tmp_path / "asreview_embase.ris", tmp_path / "bbt_868.biblatex"]
    assignment = assign_runs(runs, exports, tmp_path)
    records = read_exports(exports, search_runs=assignment).records
    assert records is not None
    assert records["database"].value_counts().to_dict() == {"MEDLINE": 6, "Embase": 4, "unknown": 2}
    searched = searched_databases(records, runs)
    assert searched.value_counts().to_dict() == {"Embase (Ovid)": 10, "Hand search (Zotero)": 2}


def test_a_search_dated_after_today_is_a_warning_at_its_line(tmp_path: Path) -> None:
    # issue 15, item 2: PRISMA and the report would print 2099 as the search's date
    manifest = _project(tmp_path, date="2099-03-01")
    runs = load_searches(manifest)
    assert searched_after_today(runs, today=datetime.date(2026, 12, 7)) == [
        Notice(
            "warning",
            "search run 'scopus-update' dated 2099-03-01, after today (2026-12-07): fix "
            "date_searched, the date the search was run",
            file=manifest.as_posix(),
            line=14,
        )
    ]
    assert searched_after_today(runs, today=datetime.date(2099, 3, 1)) == []
