"""A year later the same Web of Science search is run again: records of the first version come
back with what changed since (a retraction, a corrected DOI). They keep their record_id, so
every decision stands; what changed is said, at the line of the new export.

Version 1 is the real export ../shared/fixtures/wos/wosfile_plaintext.txt; version 2 is the
same file re-exported with two records edited as Web of Science shows such changes."""

from __future__ import annotations

from pathlib import Path

from metasynth.ingest import discover_exports, read_exports
from metasynth.searches import assign_runs, load_searches
from metasynth.versions import changed_record_notices

RETRACTED = "WOS:000280019100008"  # "Mapping the Geography of Science …", DOI 10.1002/asi.21347
CORRECTED = "WOS:000269220900008"  # DOI 10.1371/journal.pntd.0000501 in the first export

SEARCHES = """searches:
  - {id: wos_2025, database: Web of Science, query: q, date_searched: "2025-11-03",
     searched_by: R1, files: [wos/savedrecs.txt]}
  - {id: wos_2026, database: Web of Science, query: q, date_searched: "2026-11-10",
     searched_by: R1, review_version: 2, files: ["wos_2026/savedrecs (1).txt"]}
"""


def _notices(raw: Path) -> list[str]:
    runs = load_searches(raw / "searches.yaml")
    exports = discover_exports(raw)
    records = read_exports(exports, search_runs=assign_runs(runs, exports, raw)).records
    assert records is not None
    return [str(n) for n in changed_record_notices(records, runs)]


def _reexport(text: str) -> str:
    """The first export as Web of Science writes it a year later: the paper retracted, the
    other one's DOI corrected (its UT unchanged)."""
    start = text.index(f"UT {RETRACTED}")
    dt = text.rindex("\nDT Article\n", 0, start)
    text = text[:dt] + "\nDT Article; Retracted Publication\n" + text[dt + len("\nDT Article\n") :]
    return text.replace("DI 10.1371/journal.pntd.0000501", "DI 10.1007/s11192-009-0050-7")


def test_a_retraction_and_a_new_doi_of_known_records_are_named_at_their_line(
    shared: Path, tmp_path: Path
) -> None:
    raw = tmp_path / "data" / "raw"
    (raw / "wos").mkdir(parents=True)
    (raw / "wos_2026").mkdir()
    text = (shared / "wos" / "wosfile_plaintext.txt").read_text(encoding="utf-8-sig")
    (raw / "wos" / "savedrecs.txt").write_text(text, encoding="utf-8")
    again = raw / "wos_2026" / "savedrecs (1).txt"
    again.write_text(_reexport(text), encoding="utf-8")
    (raw / "searches.yaml").write_text(SEARCHES, encoding="utf-8")
    lines = again.read_text(encoding="utf-8").split("\n")
    assert _notices(raw) == [
        f"{again}:{_record_line(lines, RETRACTED)}: {RETRACTED} (exported before by wos_2025) is "
        "marked retracted in search run wos_2026 (document type 'Article; Retracted "
        "Publication'); the earlier export was not. Its decisions, appraisal and codes stand as "
        "written: if it is an included study, decide whether it stays (edit your full-text row "
        "to exclude it, with a reason) and say so in the report",
        f"{again}:{_record_line(lines, CORRECTED)}: {CORRECTED} (exported before by wos_2025) "
        "has DOI 10.1007/s11192-009-0050-7 in search run wos_2026, "
        "10.1371/journal.pntd.0000501 before; the record keeps one, "
        "10.1371/journal.pntd.0000501 (results/dedup/publications.csv): check which is right",
    ]


def _record_line(lines: list[str], ut: str) -> int:
    """The line number of the `PT` line opening the record of this UT."""
    end = lines.index(f"UT {ut}")
    return max(i for i, line in enumerate(lines[:end]) if line.startswith("PT ")) + 1
