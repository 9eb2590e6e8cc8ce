"""Hostile text through `metasynth export` and back: can a field forge or break a record?

A real Scopus CSV export (`tests/ingest/data/real/asreview_scopus.csv`) gets hostile text in
one record's title, abstract, authors, keywords and source title — RIS tag lines after a line
break (`ER  - `, `TY  - JOUR`), unbalanced braces, `@misc{x,`, backslashes, line and
paragraph separators other than LF (U+2028, U+0085, a form feed, a bare CR), JSON syntax,
spreadsheet formulas — and goes the user's way: `metasynth ingest`, `metasynth dedup`, a status
table marking every publication included, `metasynth export` as RIS, BibTeX and CSL-JSON, and
`metasynth ingest` of the exported file. The oracle: the export reads back to the same
record_ids (no record forged or lost) and the same title and abstract, or the command refuses
with a message; never a traceback.

    python tests/fuzz/export_probe.py [--cases 60] [--seed 1]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from metasynth.cli import main as metasynth

ROOT = Path(__file__).resolve().parents[2]
SCOPUS = ROOT / "tests" / "ingest" / "data" / "real" / "asreview_scopus.csv"
PIECES = [
    *"ab {}\\@%$#_&~^\",;='<>|",
    "\nER  - \n",
    "\r\nTY  - JOUR\r\nTI  - forged\r\n",
    "\nER  - \nTY  - JOUR\nTI  - forged\nER  - \n",
    "}",
    "{",
    "@misc{x,",
    "\\",
    "\u2028",
    "\u2029",
    "\u0085",
    "\x0c",
    "\x0b",
    "\r",
    "\x1c",
    '"},{"id":"forged","title":"x',
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "\u202e",
    "%comment",
    "\t",
]
FIELDS = ("Title", "Abstract", "Authors", "Author Keywords", "Source title")
SUFFIXES = (".ris", ".bib", ".json")


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = metasynth(list(argv))
    return status, out.getvalue()


def _hostile(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8)))


def _scopus_with(path: Path, edits: dict[str, str]) -> None:
    rows = list(csv.reader(io.StringIO(SCOPUS.read_text(encoding="utf-8-sig"), newline="")))
    for column, text in edits.items():
        rows[3][rows[0].index(column)] = text
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def run_case(edits: dict[str, str], suffix: str, folder: Path) -> tuple[str, str]:
    """(verdict, detail): "ok", "refused", "traceback", "forged or lost", "changed"."""
    source = folder / "scopus.csv"
    _scopus_with(source, edits)
    records = folder / "records.parquet"
    try:
        status, output = _run("ingest", str(source), "--out", str(records), "--quiet")
        if status != 0:
            return "refused", f"ingest: {output.strip()[:200]}"
        results = folder / "results"
        with contextlib.chdir(folder):
            status, output = _run("dedup", str(records), "--out-dir", str(results / "dedup"))
        if status != 0:
            return "refused", f"dedup: {output.strip()[:200]}"
        publications = pd.read_parquet(results / "dedup" / "publications.parquet")
        (results / "screening").mkdir(parents=True, exist_ok=True)
        pd.DataFrame({"record_id": publications["record_id"], "status": "included"}).to_csv(
            results / "screening" / "status.csv", index=False
        )
        exported = folder / f"included{suffix}"
        status, output = _run("export", str(exported), "--results", str(results))
        if status != 0:
            return "refused", f"export: {output.strip()[:200]}"
        back_path = folder / "back.parquet"
        status, output = _run("ingest", str(exported), "--out", str(back_path), "--quiet")
        if status != 0:
            return "unreadable export", output.strip()[:300]
        back = pd.read_parquet(back_path)
    except Exception as exc:  # the oracle: a traceback is a bug
        return "traceback", f"{type(exc).__name__}: {exc}"[:300]
    sent_ids, back_ids = sorted(publications["record_id"]), sorted(back["record_id"])
    if sent_ids != back_ids:
        return "forged or lost", f"{len(sent_ids)} exported, {len(back_ids)} read back"
    for column in ("title", "abstract"):
        sent = dict(zip(publications["record_id"], publications[column].fillna(""), strict=True))
        read = dict(zip(back["record_id"], back[column].fillna(""), strict=True))
        differ = [key for key in sent if sent[key] != read[key]]
        if differ:
            key = differ[0]
            return "changed", f"{column}: {sent[key]!r} → {read[key]!r}"
    return "ok", ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    tally: Counter[str] = Counter()
    started = time.monotonic()
    for number in range(args.cases):
        edits = {field: f"T {_hostile(rng)}" for field in FIELDS if rng.random() < 0.6}
        edits.setdefault("Title", f"T {_hostile(rng)}")
        suffix = SUFFIXES[number % len(SUFFIXES)]
        with tempfile.TemporaryDirectory() as work:
            verdict, detail = run_case(edits, suffix, Path(work))
        tally[verdict] += 1
        if verdict != "ok":
            print(f"{verdict}: {suffix} {edits!r}: {detail}", flush=True)
    counts = ", ".join(f"{kind} {n}" for kind, n in sorted(tally.items()))
    print(f"export probe: {args.cases} cases in {time.monotonic() - started:.0f} s: {counts}")
    return 0 if set(tally) <= {"ok", "refused"} else 1


if __name__ == "__main__":
    sys.exit(main())
