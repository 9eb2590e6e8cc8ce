"""Deduplication benchmark through the user's path, side by side with bib-dedupe in the same run.

    make bench-dedup                      # both parts, with bib-dedupe set up in its own venv
    .venv/bin/python benchmarks/bench_dedup.py labelled [--no-bib-dedupe] [--sets …]
    .venv/bin/python benchmarks/bench_dedup.py labelled --folder DIR   # held-out sets, see below
    .venv/bin/python benchmarks/bench_dedup.py scale [--records 100000] [--bib-dedupe-records 80000]

`labelled`: every labelled set in ../shared/fixtures/dedup/ (Rathbone 2015 x4, Wagner 2021, ASySD
diabetes) is written as the export a reviewer would hand over — RIS as EndNote writes it
(`write_endnote_ris`: tags in EndNote's order, one `AU` per author, the page range in `SP`, the
ISSN lines and URL of the ASySD file, EndNote's record number as `ID`) — and run through the
commands a user runs, each in a fresh process in an empty folder: `metasynth ingest set.ris
--out records.csv`, then `metasynth dedup records.csv --out-dir d` (the settings a new review
gets, the schema's defaults, which are the shipped config's; no verdicts, no per-set tuning).
Each exported entry is scored by where its `source_line` went (records.csv → clusters.csv),
against the labels. bib-dedupe (in
.venv-bench-bibdedupe, never a project dependency) runs on the same set in the same run; the
stored decisions of ASySD, EndNote and SRA-DM in the diabetes file are scored too.
`--folder DIR` scores sets in the layout of the ASySD/bib-dedupe benchmark data instead
(`DIR/<set>/records_pre_merged.csv`, or its `_part1`/`_part2`, + `merged_record_ids.csv`, or an
ASySD `*_duplicates_calc_performance.csv` with `DuplicateID`), for held-out checks: the data
folder of bib-dedupe 0.7.2's wheel (`pip download --no-deps bib-dedupe==0.7.2`, MIT) holds
cardiac, neuroimaging, srsr and depression (docs/dedup.md, *Held-out sets*).

`scale`: two synthetic WOS exports with known duplicates (`synthetic.write_benchmark_export`,
seed 20240101; 10% fuzzy duplicates) of `--bib-dedupe-records` and `--records` entries, each
through `metasynth ingest` and `metasynth dedup` (wall time and peak memory per command), and
bib-dedupe on the smaller one's records: the speed ratio is on the same entries in one run.

Scores. Per entry (the ASySD paper's): in each true group of size g, up to g-1 entries not kept
as their cluster's primary are true positives; another (the publication is lost) and any
non-primary unique entry are false positives; sensitivity = TP / (TP + FN), specificity =
TN / (TN + FP). Per pair: precision, recall, F1 over same-publication pairs. A report that dedup
links to its article (rule `report`: an erratum, a retraction notice, a version of a review) is
neither deleted nor a separate study: it counts as found when the labels call it a duplicate and
as kept when they call it distinct (the notes column says how many of each). Pairs sent to
review count as not merged; the `metasynth+review` row shows the clusters once a reviewer who
agrees with the labels has decided the queue.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "dedup"
BIB_DEDUPE_PYTHON = ROOT / ".venv-bench-bibdedupe" / "bin" / "python"
OUR_PYTHON = Path(sys.executable)

RATHBONE = ("cytology_screening", "haematology", "respiratory", "stroke")
LABELLED_SETS = (*(f"rathbone2015/{name}" for name in RATHBONE), "wagner2021", "asysd_diabetes")

# ---------------------------------------------------------------------------- the sets


@dataclass
class Entry:
    """One labelled record as an export would carry it."""

    label_id: str
    ris_type: str = "JOUR"
    title: str = ""
    authors: list[str] = field(default_factory=list)
    year: str = ""
    source: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    abstract: str = ""
    issns: list[str] = field(default_factory=list)
    url: str = ""
    publisher: str = ""
    editors: list[str] = field(default_factory=list)
    isbn: str = ""


@dataclass
class LabelledSet:
    name: str
    entries: list[Entry]
    truth: list[set[str]]
    stored: dict[str, set[str]] = field(default_factory=dict)  # tool -> removed label ids


_BLANK = {"nan", "NA", "None", "UNKNOWN"}
_RIS_TYPES = {
    "article": "JOUR",
    "inproceedings": "CONF",
    "proceedings": "CONF",
    "conference": "CONF",
    "book": "BOOK",
    "incollection": "CHAP",
    "inbook": "CHAP",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "techreport": "RPRT",
}


def _text(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return "" if text in _BLANK else text


def _bibtex_names(authors: str) -> list[str]:
    """ "Zuna, R E and Wang, S S" -> ["Zuna, R E", "Wang, S S"]; EndNote's authors joined
    without a separator in the held-out sets' CSVs -> the names EndNote held (`_run_on_names`)."""
    names = [a.strip() for a in re.split(r"\s+and\s+", authors) if a.strip()]
    return _run_on_names(names[0]) if len(names) == 1 else names


# bib-dedupe's depression and srsr CSVs join a record's names without a separator, in three
# forms: "MeloniE.G.ReedyC.L." and "McNamee P. T.Smyth J. A." (EndNote's initials) and, from
# Web of Science's full names with their commas dropped, "Givol OrKornhaber RachelV..."
_INITIALS = re.compile(r"^(.*?[a-z'])\s*((?:[A-Z]\.[\s-]?)+(?:Jr\.?)?)$")
_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "del", "della", "di", "da", "dos", "du", "la", "le"}
    | {"ter", "ten", "al", "el", "bin"}
)


def _name_starts(authors: str) -> list[int]:
    """Where each name of a run of names begins: at a capital after an initial's full stop when
    a lower-case letter follows it (a surname, not the next initial: "E.G.Reedy"), or a
    particle ("M.van Santvoort"); at a capital right after a lower-case letter once the name has
    its given name ("Or|Kornhaber", but neither "Mc|Namee" nor "Meloni|E.G.", where the surname
    is still being read); and at the capital that begins a surname after initials without full
    stops ("Lin CY|Strom A")."""
    starts = [0]
    for i in range(1, len(authors)):
        before, here = authors[i - 1], authors[i]
        after = authors[i + 1] if i + 1 < len(authors) else ""
        if authors.startswith("Jr", i) or not (here.isupper() or before == "."):
            continue
        surname = here.isupper() and (after.islower() or after == "'")  # "O'Doherty"
        particles = re.match(r"(?:[a-z]+ )+(?=[A-Z])", authors[i:])  # "M.van Santvoort"
        after_initial = before == "." and (
            surname or (particles is not None and _PARTICLES.issuperset(particles.group(0).split()))
        )
        name = authors[starts[-1] : i]
        after_given = before.islower() and " " in name
        # Web of Science's "Lin CYStrom AVega VB": the initials end where a surname begins
        after_initials = surname and before.isupper() and " " in name and name.split()[-1].isupper()
        if after_initial or (here.isupper() and after_given) or after_initials:
            starts.append(i)
    return starts


def _surname_first(name: str) -> str:
    """ "Slavin S. A." -> "Slavin, S. A."; "Steingart Karen R." -> "Steingart, Karen R." (the
    first word is the surname, with the particles before it: "van Impel, Andreas")."""
    if "," in name:
        return name
    words = name.split()
    cut = 0
    while cut < len(words) - 1 and words[cut].lower() in _PARTICLES:
        cut += 1
    if cut + 1 < len(words):
        return f"{' '.join(words[: cut + 1])}, {' '.join(words[cut + 1 :])}"
    match = _INITIALS.match(name)  # "MeloniE.G." -> "Meloni, E.G."
    return f"{match.group(1)}, {match.group(2).strip()}" if match else name


def _run_on_names(authors: str) -> list[str]:
    """ "MeloniE.G.ReedyC.L.CohenB.M." -> ["Meloni, E.G.", "Reedy, C.L.", "Cohen, B.M."];
    "Givol OrKornhaber Rachel" -> ["Givol, Or", "Kornhaber, Rachel"]; a single name of one word
    is left as it is, and so is a group's."""
    starts = _name_starts(authors)
    parts = [authors[a:b].strip() for a, b in zip(starts, [*starts[1:], len(authors)], strict=True)]
    parts = [part for part in parts if part]
    if len(parts) < 2 and not _INITIALS.match(authors) and len(authors.split()) != 2:
        return [authors]  # one word, or a group's name ("World Health Organization")
    return [_surname_first(part) for part in parts]


_GLUED_AUTHOR = re.compile(r"(?<=\.)(?=[A-Z])")
_SURNAME_INITIALS = re.compile(r"^(.*?)\s+((?:[A-Z]\.\s?)+)$")


def _glued_names(authors: str) -> list[str]:
    """ASySD's "Adeli K.Lewis G. F." (EndNote's authors joined without a separator) -> the
    names EndNote held: ["Adeli, K.", "Lewis, G. F."]."""
    names = []
    for part in _GLUED_AUTHOR.split(authors):
        part = part.strip()
        match = _SURNAME_INITIALS.match(part)
        names.append(f"{match.group(1)}, {match.group(2).strip()}" if match else part)
    return [n for n in names if n]


def _truth(path: Path) -> list[set[str]]:
    return [set(line.split(";")) for line in pd.read_csv(path, dtype=str)["merged_ids"].tolist()]


def _asysd_entries(raw: pd.DataFrame, ids: list[str]) -> list[Entry]:
    """Rows of an ASySD labelled file (EndNote fields exported to CSV) as entries."""

    def column(name: str) -> list[str]:
        return [_text(v) for v in raw[name]] if name in raw else [""] * len(raw)

    issns = [[line for line in v.splitlines() if line.strip()] for v in column("ISBN")]
    rows = zip(
        ids,
        column("Title"),
        column("Author"),
        column("Year"),
        column("Journal"),
        column("Volume"),
        column("Number"),
        column("Pages"),
        column("DOI"),
        column("Abstract"),
        issns,
        column("Url"),
        strict=True,
    )
    return [
        Entry(i, "JOUR", t, _glued_names(a), y, j, v, n, p, d, ab, s, u)
        for i, t, a, y, j, v, n, p, d, ab, s, u in rows
    ]


def _read_diabetes() -> tuple[pd.DataFrame, list[str]]:
    raw = pd.read_csv(
        FIXTURES / "asysd_diabetes" / "diabetes_final_labelled.csv.gz",
        encoding="latin-1",
        dtype=str,
        keep_default_na=False,
    )
    return raw, [f"id_{int(r):07d}" for r in raw["RecordID"]]


def _bibtex_entries(raw: pd.DataFrame) -> list[Entry]:
    """Rows of a bib-dedupe records CSV (BibTeX fields) as entries."""
    entries = []
    for row in raw.to_dict("records"):
        entry_type = _text(row.get("ENTRYTYPE")).lower()
        journal, booktitle = _text(row.get("journal")), _text(row.get("booktitle"))
        entries.append(
            Entry(
                label_id=str(row["ID"]),
                ris_type=_RIS_TYPES.get(entry_type, "GEN" if entry_type else "JOUR"),
                title=_text(row.get("title")),
                authors=_bibtex_names(_text(row.get("author"))),
                year=_text(row.get("year")),
                source=journal or booktitle,
                volume=_text(row.get("volume")),
                issue=_text(row.get("number")),
                pages=_text(row.get("pages")).replace(" -- ", "-").replace("--", "-"),
                doi=_text(row.get("doi")),
                abstract=_text(row.get("abstract")),
                publisher=_text(row.get("publisher")),
                editors=_bibtex_names(_text(row.get("editor"))),
                isbn=_text(row.get("isbn")),
            )
        )
    return entries


def labelled_set(name: str) -> LabelledSet:
    """A shipped labelled set: its entries, truth groups and the stored decisions of peers."""
    if name == "asysd_diabetes":
        raw, ids = _read_diabetes()
        stored = {
            tool: {i for i, d in zip(ids, raw[column], strict=True) if d == "REMOVE"}
            for column, tool in (("ASySD", "ASySD"), ("Endnote", "EndNote"), ("BOND", "SRA-DM"))
        }
        truth = _truth(FIXTURES / name / "diabetes_merged_record_ids.csv")
        return LabelledSet(name, _asysd_entries(raw, ids), truth, stored)
    if name == "wagner2021":
        records_file = FIXTURES / name / "digital_work_records.csv.gz"
        truth_file = FIXTURES / name / "digital_work_merged_record_ids.csv"
    else:
        folder, subset = name.split("/")
        records_file = FIXTURES / folder / f"{subset}_records.csv"
        truth_file = FIXTURES / folder / f"{subset}_merged_record_ids.csv"
    raw = pd.read_csv(records_file, dtype=str, keep_default_na=False)
    return LabelledSet(name, _bibtex_entries(raw), _truth(truth_file))


def folder_sets(folder: Path) -> list[LabelledSet]:
    """Held-out sets in the ASySD/bib-dedupe layout under `folder` (one sub-folder each)."""
    sets = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        asysd = sorted(sub.glob("*duplicates_calc_performance.csv*"))
        if asysd:
            raw = pd.read_csv(asysd[0], dtype=str, keep_default_na=False, encoding="latin-1")
            ids = [f"id_{int(r):07d}" for r in raw["RecordID"]]
            groups: dict[str, set[str]] = defaultdict(set)
            for record_id, group in zip(ids, raw["DuplicateID"], strict=True):
                groups[group].add(record_id)
            truth = [g for g in groups.values() if len(g) > 1]
            stored = {
                tool: {i for i, d in zip(ids, raw[column], strict=True) if d == "REMOVE"}
                for column, tool in (("ASySD", "ASySD"), ("Endnote", "EndNote"))
                if column in raw
            }
            sets.append(LabelledSet(sub.name, _asysd_entries(raw, ids), truth, stored))
        elif parts := sorted(sub.glob("records_pre_merged*.csv")):
            # bib-dedupe ships its largest set (depression) in two parts
            raw = pd.concat(
                [pd.read_csv(part, dtype=str, keep_default_na=False) for part in parts],
                ignore_index=True,
            )
            truth = _truth(sub / "merged_record_ids.csv")
            sets.append(LabelledSet(sub.name, _bibtex_entries(raw), truth))
    return sets


def bib_dedupe_input(entries: Sequence[Entry]) -> pd.DataFrame:
    """The same entries in bib-dedupe's input columns (BibTeX field names)."""
    types = {ris: bib for bib, ris in reversed(list(_RIS_TYPES.items()))}
    return pd.DataFrame(
        {
            "ID": [e.label_id for e in entries],
            "ENTRYTYPE": [types.get(e.ris_type, "misc") for e in entries],
            "title": [e.title for e in entries],
            "author": [" and ".join(e.authors) for e in entries],
            "year": [e.year for e in entries],
            "journal": [e.source if e.ris_type != "CONF" else "" for e in entries],
            "booktitle": [e.source if e.ris_type == "CONF" else "" for e in entries],
            "volume": [e.volume for e in entries],
            "number": [e.issue for e in entries],
            "pages": [e.pages for e in entries],
            "doi": [e.doi for e in entries],
            "abstract": [e.abstract for e in entries],
        }
    )


# ---------------------------------------------------------------------------- the export


def _one_line(value: str) -> str:
    return " ".join(value.split())


def endnote_ris_record(entry: Entry, number: int) -> list[str]:
    """The lines EndNote's RIS export writes for one reference: `TY` first, then the tags in
    alphabetical order, a multi-line field's further lines unindented, `ID` (EndNote's record
    number) and `ER` last."""
    tags: list[tuple[str, str]] = [("AB", _one_line(entry.abstract))]
    tags += [("A2", name) for name in entry.editors]
    tags += [("AU", _one_line(name)) for name in entry.authors]
    tags += [("DO", entry.doi), ("IS", entry.issue), ("PB", entry.publisher)]
    tags += [("PY", entry.year)]
    issns = [*entry.issns, *([entry.isbn] if entry.isbn else [])]
    if issns:
        tags.append(("SN", "\n".join(_one_line(v) for v in issns)))
    tags += [("SP", entry.pages), ("T2", _one_line(entry.source)), ("TI", _one_line(entry.title))]
    tags += [("UR", entry.url), ("VL", entry.volume)]
    lines = [f"TY  - {entry.ris_type}"]
    for tag, value in tags:
        parts = [_one_line(part) for part in value.splitlines()]
        if any(parts):
            lines.append(f"{tag}  - " + "\n".join(part for part in parts if part))
    lines += [f"ID  - {number}", "ER  - ", "", ""]
    return lines


def write_endnote_ris(entries: Sequence[Entry], path: Path) -> dict[int, str]:
    """Write the entries as one EndNote RIS export (UTF-8, CRLF); line of each `TY` → label id."""
    line_of: dict[int, str] = {}
    lines: list[str] = []
    for number, entry in enumerate(entries, start=1):
        line_of[len(lines) + 1] = entry.label_id
        for line in endnote_ris_record(entry, number):
            lines.extend(line.split("\n"))
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")
    return line_of


def ingested(data: LabelledSet) -> pd.DataFrame:
    """The set as its EndNote RIS export, read by `metasynth.ingest.read_exports` (in this
    process, for tests): the records table with each entry's label id in `label_id`, and each
    record_id replaced by the label id of the record's first entry, so tests can name records."""
    from metasynth.ingest import read_exports

    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / f"{data.name.replace('/', '_')}.ris"
        line_of = write_endnote_ris(data.entries, export)
        records = read_exports([export]).records
    assert records is not None
    labels = [line_of[int(line)] for line in records["source_line"]]
    first: dict[str, str] = {}
    for record_id, label in zip(records["record_id"], labels, strict=True):
        first.setdefault(str(record_id), label)
    records["record_id"] = pd.array([first[str(r)] for r in records["record_id"]], "string")
    records["label_id"] = pd.array(labels, dtype="string")
    return records


def to_records(name: str) -> tuple[pd.DataFrame, list[set[str]], pd.DataFrame]:
    """A shipped labelled set through ingestion (`ingested`), its truth and bib-dedupe input."""
    data = labelled_set(name)
    return ingested(data), data.truth, bib_dedupe_input(data.entries)


def entry_clusters(records: pd.DataFrame, clusters: pd.DataFrame) -> dict[str, str]:
    """Label id of every entry → its cluster, from an `ingested` table and dedup's clusters."""
    cluster_of = dict(zip(clusters["record_id"], clusters["cluster_id"], strict=True))
    return {
        str(label): str(cluster_of[record_id])
        for label, record_id in zip(records["label_id"], records["record_id"], strict=True)
    }


def scored_clusters(
    records: pd.DataFrame, clusters: pd.DataFrame, truth: list[set[str]]
) -> tuple[dict[str, str], int, int]:
    """Entry → cluster as scored (linked reports as in the module docstring) for an `ingested`
    set, and how many linked reports the labels call duplicates and distinct."""
    labels: dict[str, set[str]] = defaultdict(set)
    for label, record_id in zip(records["label_id"], records["record_id"], strict=True):
        labels[str(record_id)].add(str(label))
    reports = {
        report: {label for member in members for label in labels[member]}
        for report, members in report_subtrees(clusters).items()
    }
    return with_reports(entry_clusters(records, clusters), reports, truth)


def score_ingested(
    records: pd.DataFrame, clusters: pd.DataFrame, truth: list[set[str]]
) -> tuple[Scores, int, int]:
    """`score_clusters` of `scored_clusters`, and its counts of linked reports."""
    scored, found, kept = scored_clusters(records, clusters, truth)
    return score_clusters(scored, truth), found, kept


# ---------------------------------------------------------------------------- scoring


@dataclass
class Scores:
    sensitivity: float
    specificity: float
    precision: float | None
    recall: float | None
    f1: float | None
    tp: int
    fp: int
    fn: int


def score_removals(
    removed: set[str], record_ids: list[str], truth: list[set[str]]
) -> tuple[int, int, int, int]:
    """Per-entry TP, FP, FN, TN of a set of removed entries (see the module docstring)."""
    group_of = {r: i for i, group in enumerate(truth) for r in group}
    removed_in_group: Counter[int] = Counter()
    fp = 0
    for record_id in removed:
        if record_id in group_of:
            removed_in_group[group_of[record_id]] += 1
        else:
            fp += 1
    tp = 0
    for index, group in enumerate(truth):
        allowed = len(group) - 1
        tp += min(removed_in_group[index], allowed)
        fp += max(0, removed_in_group[index] - allowed)
    n_duplicates = sum(len(g) - 1 for g in truth)
    fn = n_duplicates - tp
    tn = len(record_ids) - n_duplicates - fp
    return tp, fp, fn, tn


def pair_set(groups: Iterable[set[str]]) -> set[tuple[str, str]]:
    pairs = set()
    for group in groups:
        members = sorted(group)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((a, b))
    return pairs


def score_clusters(cluster_of: dict[str, str], truth: list[set[str]]) -> Scores:
    """Both scores for a clustering (entry id -> cluster id; the cluster's id entry is kept)."""
    members: dict[str, set[str]] = defaultdict(set)
    for record_id, cluster_id in cluster_of.items():
        members[cluster_id].add(record_id)
    removed = set()
    for cluster_id, group in members.items():
        keep = cluster_id if cluster_id in group else min(group)
        removed |= group - {keep}
    tp, fp, fn, tn = score_removals(removed, list(cluster_of), truth)
    predicted = pair_set(g for g in members.values() if len(g) > 1)
    true_pairs = pair_set(truth)
    hits = len(predicted & true_pairs)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        tp / (tp + fn) if tp + fn else 1.0,
        tn / (tn + fp) if tn + fp else 1.0,
        precision,
        recall,
        f1,
        tp,
        fp,
        fn,
    )


def score_decisions(removed: set[str], record_ids: list[str], truth: list[set[str]]) -> Scores:
    tp, fp, fn, tn = score_removals(removed, record_ids, truth)
    return Scores(
        tp / (tp + fn) if tp + fn else 1.0,
        tn / (tn + fp) if tn + fp else 1.0,
        None,
        None,
        None,
        tp,
        fp,
        fn,
    )


def with_reports(
    cluster_of: dict[str, str], reports: dict[str, set[str]], truth: list[set[str]]
) -> tuple[dict[str, str], int, int]:
    """Entry → cluster with each linked report (and the entries joined to it as its
    duplicates) in its article's cluster when the labels call it one publication with the
    article, and apart otherwise; how many reports of each kind."""
    group_of = {r: i for i, group in enumerate(truth) for r in group}
    scored = dict(cluster_of)
    found = kept = 0
    for report, members in reports.items():
        article = cluster_of[report]
        if report in group_of and group_of.get(article) == group_of[report]:
            found += 1
        else:
            for member in members:
                scored[member] = f"report:{report}"
            kept += 1
    return scored, found, kept


def after_review(
    cluster_of: dict[str, str], review_pairs: list[tuple[str, str]], truth: list[set[str]]
) -> tuple[dict[str, str], int]:
    """The clustering once a reviewer who agrees with the labels has decided the review queue:
    each queued pair the labels call one publication joins its two clusters (transitively, as
    a verdict file would); the others stay apart. Also returns how many were marked."""
    group_of = {r: i for i, group in enumerate(truth) for r in group}
    parent: dict[str, str] = {}

    def root(cluster: str) -> str:
        while parent.get(cluster, cluster) != cluster:
            cluster = parent[cluster]
        return cluster

    marked = 0
    for a, b in review_pairs:
        if a in group_of and group_of.get(b) == group_of[a]:
            marked += 1
            first, second = sorted((root(cluster_of[a]), root(cluster_of[b])))
            if first != second:
                parent[second] = first
    return {r: root(c) for r, c in cluster_of.items()}, marked


# ---------------------------------------------------------------------------- runners


@dataclass
class Run:
    cluster_of: dict[str, str]  # entry (label id) -> cluster id
    seconds: float  # wall time of the tool's processes (ingest + dedup for metasynth)
    peak_mb: float  # the largest peak resident memory of those processes
    extra: dict[str, object] = field(default_factory=dict)
    review_pairs: list[tuple[str, str]] = field(default_factory=list)  # metasynth's queue
    reports: dict[str, set[str]] = field(default_factory=dict)  # linked report -> its subtree


def run_process(command: list[str], cwd: Path) -> tuple[str, float, float]:
    """Run a command in a fresh process: its stdout, wall seconds and peak resident MB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode(errors="replace")
    if returncode:
        raise RuntimeError(f"{command[:4]} failed ({returncode}):\n{stderr[-3000:]}")
    return stdout, seconds, usage.ru_maxrss / 1024  # Linux reports ru_maxrss in KiB


def metasynth_commands(export: Path, work: Path) -> tuple[pd.DataFrame, Path, dict[str, float]]:
    """`metasynth ingest` then `metasynth dedup` on an export, as a user runs them; the records
    table, the dedup folder and the wall seconds and peak MB of each command."""
    records = work / "records.csv"
    out = work / "dedup"
    metasynth = [str(OUR_PYTHON), "-m", "metasynth"]
    _, ingest_s, ingest_mb = run_process(
        [*metasynth, "ingest", str(export), "--out", str(records)], work
    )
    _, dedup_s, dedup_mb = run_process(
        [*metasynth, "dedup", str(records), "--out-dir", str(out)], work
    )
    timing = {
        "ingest_s": ingest_s,
        "ingest_mb": ingest_mb,
        "dedup_s": dedup_s,
        "dedup_mb": dedup_mb,
    }
    table = pd.read_csv(records, usecols=["record_id", "source_line"], dtype=str)
    return table, out, timing


def run_metasynth(entries: Sequence[Entry], work: Path) -> Run:
    """Write the entries as an EndNote RIS export and run the two commands on it."""
    export = work / "export.ris"
    line_of = write_endnote_ris(entries, export)
    records, out, timing = metasynth_commands(export, work)
    ids_of: dict[str, list[str]] = defaultdict(list)
    for record_id, line in zip(records["record_id"], records["source_line"], strict=True):
        ids_of[str(record_id)].append(line_of[int(line)])
    clusters = pd.read_csv(out / "clusters.csv", dtype=str, keep_default_na=False)
    first = {record_id: labels[0] for record_id, labels in ids_of.items()}
    cluster_of = {
        label: first[cluster_id]
        for record_id, cluster_id in zip(clusters["record_id"], clusters["cluster_id"], strict=True)
        for label in ids_of[record_id]
    }
    reports = {
        first[report]: {label for member in members for label in ids_of[member]}
        for report, members in report_subtrees(clusters).items()
    }
    queue = pd.read_csv(out / "review.csv", dtype=str, keep_default_na=False)
    review = [
        (first[a], first[b])
        for a, b in zip(queue["record_id_a"], queue["record_id_b"], strict=True)
    ]
    summary = pd.read_csv(out / "summary.csv", dtype=str, keep_default_na=False)
    counts = {f"{s}:{k}": int(n) for s, k, n in summary.itertuples(index=False)}
    extra: dict[str, object] = {
        "queue": counts.get("review:queue", 0),
        "ingest_s": round(timing["ingest_s"], 2),
        "dedup_s": round(timing["dedup_s"], 2),
    }
    return Run(
        cluster_of,
        timing["ingest_s"] + timing["dedup_s"],
        max(timing["ingest_mb"], timing["dedup_mb"]),
        extra,
        review,
        reports,
    )


def report_subtrees(clusters: pd.DataFrame) -> dict[str, set[str]]:
    """Each record linked as a report (rule `report`) → itself and the records joined to it
    below it in its cluster's tree (`matched_to`): the report's own duplicates."""
    parent = dict(zip(clusters["record_id"], clusters["matched_to"], strict=True))
    rule = dict(zip(clusters["record_id"], clusters["rule"], strict=True))
    subtrees: dict[str, set[str]] = {r: set() for r, how in rule.items() if how == "report"}
    for record_id in parent:
        node = record_id
        while node and node not in subtrees:
            node = parent.get(node, "")
        if node:
            subtrees[node].add(record_id)
    return subtrees


def run_bib_dedupe(bib_input: pd.DataFrame, work: Path) -> Run:
    """bib-dedupe on the same records, in its own venv and process."""
    source, out = work / "bib_input.csv", work / "bib.csv"
    bib_input.to_csv(source, index=False)
    worker = ROOT / "benchmarks" / "bibdedupe_worker.py"
    stdout, seconds, peak = run_process(
        [str(BIB_DEDUPE_PYTHON), str(worker), str(source), str(out)], work
    )
    info = json.loads(stdout.strip().splitlines()[-1])
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    cluster_of = dict(zip(table["record_id"], table["cluster_id"], strict=True))
    return Run(cluster_of, seconds, peak, {"own_s": round(float(info["seconds"]), 2)})


# ---------------------------------------------------------------------------- reports


def _fmt(value: float | None, digits: int = 4) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


Row = tuple[str, str, Scores, str, str, dict[str, object]]


ADJUDICATIONS = Path(__file__).with_name("dedup_adjudications.csv")
"""Labels we believe wrong, one row per publication as we read it: `set`, `records` (label ids
joined by ";") and `evidence`. docs/dedup.md gives the same cases in prose."""


def adjudicated(
    name: str, truth: list[set[str]], ids: set[str], path: Path = ADJUDICATIONS
) -> tuple[list[set[str]], int]:
    """The labels of set `name` with each adjudicated publication of `path` made a group of its
    own (its records taken out of the groups the labels put them in), and how many there are;
    the labels as they are without any for it."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False) if path.is_file() else None
    if table is None or not (table["set"] == name).any():
        return truth, 0
    groups = []
    for line, row in table[table["set"] == name].iterrows():
        records = {r.strip() for r in row["records"].split(";") if r.strip()}
        if not records or not records <= ids or not row["evidence"].strip():
            raise SystemExit(
                f"{path}: line {int(line) + 2}: {sorted(records - ids) or 'no records'} not in "
                f"set {name}, or no evidence given"
            )
        groups.append(records)
    taken = set().union(*groups)
    if sum(map(len, groups)) != len(taken):
        raise SystemExit(f"{path}: a record of set {name} is in two adjudicated publications")
    return [group - taken for group in truth if group - taken] + groups, len(groups)


def score_set(data: LabelledSet, use_bib_dedupe: bool, show_errors: int) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ours = run_metasynth(data.entries, work)
        bib = run_bib_dedupe(bib_dedupe_input(data.entries), work) if use_bib_dedupe else None
    scored, found, kept = with_reports(ours.cluster_of, ours.reports, data.truth)
    notes = {**ours.extra, "reports_found": found, "reports_kept": kept}
    rows.append(
        (data.name, "metasynth", score_clusters(scored, data.truth), f"{ours.seconds:.2f}",
         f"{ours.peak_mb:.0f}", notes)
    )  # fmt: skip
    reviewed, marked = after_review(scored, ours.review_pairs, data.truth)
    rows.append(
        (data.name, "metasynth+review", score_clusters(reviewed, data.truth), "", "",
         {"queue": len(ours.review_pairs), "marked_duplicate": marked})
    )  # fmt: skip
    if bib is not None:
        rows.append(
            (data.name, "bib-dedupe", score_clusters(bib.cluster_of, data.truth),
             f"{bib.seconds:.2f}", f"{bib.peak_mb:.0f}", bib.extra)
        )  # fmt: skip
    ours_read, n_read = adjudicated(data.name, data.truth, {e.label_id for e in data.entries})
    if n_read:
        rescored, _, _ = with_reports(ours.cluster_of, ours.reports, ours_read)
        rows.append(
            (data.name, "metasynth (adjud.)", score_clusters(rescored, ours_read), "", "",
             {"publications_adjudicated": n_read})
        )  # fmt: skip
    ids = [e.label_id for e in data.entries]
    for tool, removed in data.stored.items():
        rows.append(
            (data.name, f"{tool} (stored)", score_decisions(removed, ids, data.truth), "", "", {})
        )
    if show_errors:
        _show_errors(data, scored, show_errors)
    return rows


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'set':32} {'tool':18} {'sens':>7} {'spec':>7} {'pair P':>7} {'pair R':>7} "
        f"{'pair F1':>7} {'TP':>5} {'FP':>4} {'FN':>4} {'sec':>8} {'peakMB':>7}  notes"
    )
    print(header)
    print("-" * len(header))
    for name, tool, s, seconds, peak, extra in rows:
        notes = ", ".join(f"{k}={v}" for k, v in extra.items())
        print(
            f"{name:32} {tool:18} {_fmt(s.sensitivity)} {_fmt(s.specificity)} "
            f"{_fmt(s.precision):>7} {_fmt(s.recall):>7} {_fmt(s.f1):>7} {s.tp:5d} {s.fp:4d} "
            f"{s.fn:4d} {seconds:>8} {peak:>7}  {notes}"
        )


def labelled(
    use_bib_dedupe: bool, sets: list[str], show_errors: int, folder: Path | None = None
) -> None:
    chosen = folder_sets(folder) if folder is not None else [labelled_set(n) for n in sets]
    rows = [row for data in chosen for row in score_set(data, use_bib_dedupe, show_errors)]
    print_table(rows)


def _show_errors(data: LabelledSet, cluster_of: dict[str, str], n: int) -> None:
    truth_of = {r: i for i, g in enumerate(data.truth) for r in g}
    by_id = {e.label_id: e for e in data.entries}
    members: dict[str, list[str]] = defaultdict(list)
    for r, c in cluster_of.items():
        members[c].append(r)

    def line(r: str) -> str:
        e = by_id[r]
        return (
            f"    {r} | {e.title[:90]} | {e.year} | {'; '.join(e.authors)[:25]} | "
            f"{e.source[:30]} | v{e.volume}({e.issue}) p{e.pages} | {e.doi}"
        )

    false_merges = [sorted(g) for g in members.values() if len({truth_of.get(r, r) for r in g}) > 1]
    misses = [sorted(g) for g in data.truth if len({cluster_of[r] for r in g}) > 1]
    print(f"== {data.name}: {len(false_merges)} clusters with false merges, {len(misses)} split")
    for group in false_merges[:n]:
        print("  FALSE MERGE")
        for r in group:
            print(line(r))
    for group in misses[:n]:
        print("  MISSED")
        for r in group:
            print(line(r) + f"  -> {cluster_of[r]}")


def _pair_entry(row: dict[str, object]) -> Entry:
    """A record of a bib-dedupe pair list or test case (its prepared fields) as an entry."""
    authors = _text(row.get("author_full")) or _text(row.get("author"))
    names = _bibtex_names(authors) if " and " in authors else authors.split(";")
    if ";" not in authors and " and " not in authors and "," not in authors:
        names = authors.split()  # bib-dedupe's prepared "surname surname surname"
    return Entry(
        label_id=str(row["ID"]),
        ris_type=_RIS_TYPES.get(_text(row.get("ENTRYTYPE")).lower(), "JOUR"),
        title=_text(row.get("title")),
        authors=[n.strip() for n in names if n.strip()],
        year=_text(row.get("year")),
        source=_text(row.get("journal"))
        or _text(row.get("container_title"))
        or _text(row.get("booktitle")),
        volume=_text(row.get("volume")),
        issue=_text(row.get("number")),
        pages=_text(row.get("pages")).replace("--", "-"),
        doi=_text(row.get("doi")),
        abstract=_text(row.get("abstract")),
    )


def labelled_pairs(path: Path) -> tuple[list[Entry], list[tuple[str, str, bool]]]:
    """The records and (a, b, one publication?) pairs of a bib-dedupe pair list
    (`matches_FN_list.csv`: pairs labelled duplicates; `matches_FP_list.csv`: labelled distinct)
    or test-case file (`test_cases.json`, dedupe_test_cases/v1)."""
    entries: dict[str, Entry] = {}
    pairs: list[tuple[str, str, bool]] = []
    if path.suffix == ".json":
        for case in json.loads(path.read_text())["cases"]:
            a = _pair_entry({**case["record_a"], "ID": f"{case['id']}/a"})
            b = _pair_entry({**case["record_b"], "ID": f"{case['id']}/b"})
            entries[a.label_id], entries[b.label_id] = a, b
            pairs.append((a.label_id, b.label_id, bool(case["expected_duplicate"])))
        return list(entries.values()), pairs
    duplicate = "_FN" in path.name or "FN_list" in path.name
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for _, rows in table.groupby("case", sort=False):
        ids = [str(i) for i in rows["ID"]]
        for row in rows.to_dict("records"):
            entries.setdefault(str(row["ID"]), _pair_entry(row))
        pairs += [(a, b, duplicate) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    return list(entries.values()), pairs


def pairs_check(folder: Path) -> None:
    """Each pair file of `folder` through the two commands: labelled pairs joined or kept."""
    print(f"{'file':28} {'pairs':>6} {'labelled one':>13} {'joined':>7} {'labelled two':>13} "
          f"{'joined':>7}")  # fmt: skip
    for path in sorted([*folder.glob("*.csv"), *folder.glob("*.json")]):
        entries, pairs = labelled_pairs(path)
        if not pairs:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            run = run_metasynth(entries, Path(tmp))
        cluster_of = dict(run.cluster_of)
        for report, members in run.reports.items():
            for member in members:
                cluster_of[member] = cluster_of[report] + "+report"  # linked, not merged
        same = [(cluster_of[a] == cluster_of[b], one) for a, b, one in pairs]
        ones = [joined for joined, one in same if one]
        twos = [joined for joined, one in same if not one]
        print(f"{path.name:28} {len(pairs):6d} {len(ones):13d} {sum(ones):7d} {len(twos):13d} "
              f"{sum(twos):7d}")  # fmt: skip


def scale(n_records: int, n_bib: int, use_bib_dedupe: bool, duplicate_share: float) -> None:
    """The two commands on generated exports of `n_bib` and `n_records` entries, and
    bib-dedupe on the smaller one's records, in one run."""
    sys.path.insert(0, str(ROOT / "tools"))  # the synthetic generator, a development tool
    from synthetic import write_benchmark_export

    runs: dict[int, tuple[Run, Scores]] = {}
    for size in sorted({n_bib, n_records}):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            export = work / "savedrecs.txt"
            truth_table = write_benchmark_export(
                export, size, seed=20240101, duplicate_share=duplicate_share
            )
            _, out, timing = metasynth_commands(export, work)
            groups: dict[str, set[str]] = defaultdict(set)
            for record_id, key in zip(
                truth_table["record_id"], truth_table["publication_key"], strict=True
            ):
                groups[key].add(record_id)
            truth = [g for g in groups.values() if len(g) > 1]
            clusters = pd.read_csv(out / "clusters.csv", dtype=str, keep_default_na=False)
            cluster_of = dict(zip(clusters["record_id"], clusters["cluster_id"], strict=True))
            ours = Run(
                cluster_of,
                timing["ingest_s"] + timing["dedup_s"],
                max(timing["ingest_mb"], timing["dedup_mb"]),
                {k: round(v, 1) for k, v in timing.items()},
            )
            s = score_clusters(cluster_of, truth)
            runs[size] = (ours, s)
            print(
                f"metasynth   {size:>7,} entries ({export.stat().st_size / 1e6:.0f} MB): "
                f"{ours.seconds:7.1f} s (ingest {timing['ingest_s']:.1f} s, "
                f"{timing['ingest_mb']:.0f} MB; dedup {timing['dedup_s']:.1f} s, "
                f"{timing['dedup_mb']:.0f} MB), pair P "
                f"{s.precision:.4f} R {s.recall:.4f}, sensitivity {s.sensitivity:.4f}, "
                f"specificity {s.specificity:.4f}",
                flush=True,
            )
            if use_bib_dedupe and size == n_bib:
                full = pd.read_csv(work / "records.csv", dtype=str, keep_default_na=False)
                bib_input = pd.DataFrame(
                    {
                        "ID": full["record_id"],
                        "ENTRYTYPE": "article",
                        "title": full["title"],
                        "author": full["authors"].str.replace("; ", " and "),
                        "year": full["year"].astype("string").fillna(""),
                        "journal": full["source_title"],
                        "volume": full["volume"],
                        "number": full["issue"],
                        "pages": full["pages"],
                        "doi": full["doi"],
                        "abstract": full["abstract"],
                    }
                )
                del full
                bib = run_bib_dedupe(bib_input, work)
                b = score_clusters(bib.cluster_of, truth)
                print(
                    f"bib-dedupe  {size:>7,} entries: {bib.seconds:7.1f} s, peak {bib.peak_mb:.0f} "
                    f"MB (largest process), pair P {b.precision:.4f} R {b.recall:.4f}, "
                    f"sensitivity {b.sensitivity:.4f}, specificity {b.specificity:.4f}",
                    flush=True,
                )
                print(
                    f"on {size:,} entries metasynth (ingest + dedup) is "
                    f"{bib.seconds / ours.seconds:.1f}x faster than bib-dedupe (wall, same run)",
                    flush=True,
                )


# ---------------------------------------------------------------------------- stress


def varied_entries(
    data: LabelledSet, variation: str, target: str, seed: int, share: float
) -> tuple[list[Entry], set[str]]:
    """The set with one variation applied to the chosen entries; the ids it changed.

    `duplicates`: one copy of every labelled duplicate group (drawn once per set and seed, the
    same copy for every variation); `both`: two copies of every group, each varied with the
    same random choices (both lose the volume, both take the same other year), so nothing in
    one copy makes up for what the other lost; `distinct`: each entry in no labelled group
    with probability `share`."""
    from dedup_variations import VARIATIONS

    pick = random.Random(f"{seed}:{data.name}")
    rng_of: dict[str, random.Random] = {}
    if target in ("duplicates", "both"):
        for number, group in enumerate(sorted(data.truth, key=min)):
            members = sorted(group)
            copies = pick.sample(members, 2) if target == "both" else [pick.choice(members)]
            for label in copies:
                rng_of[label] = random.Random(f"{seed}:{data.name}:{variation}:{number}")
    else:
        grouped = {label for group in data.truth for label in group}
        rng = random.Random(f"{seed}:{data.name}:{variation}")
        for e in data.entries:
            if e.label_id not in grouped and pick.random() < share:
                rng_of[e.label_id] = rng
    if target == "duplicates":  # one draw for the whole set, as before `both` existed
        shared = random.Random(f"{seed}:{data.name}:{variation}")
        rng_of = dict.fromkeys(rng_of, shared)
    vary = VARIATIONS[variation]
    entries, changed = [], set()
    for entry in data.entries:
        if entry.label_id in rng_of:
            varied = vary(entry, rng_of[entry.label_id])
            if varied != entry:
                changed.add(entry.label_id)
            entry = varied
        entries.append(entry)
    return entries, changed


def _stress_run(data: LabelledSet, entries: list[Entry]) -> tuple[Scores, dict[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        run = run_metasynth(entries, Path(tmp))
    scored, _, _ = with_reports(run.cluster_of, run.reports, data.truth)
    return score_clusters(scored, data.truth), scored


def _new_errors(
    data: LabelledSet,
    entries: list[Entry],
    base: dict[str, str],
    varied: dict[str, str],
    changed: set[str],
    n: int,
) -> None:
    """The labelled groups the variation split and the clusters it falsely merged."""
    truth_of = {r: i for i, g in enumerate(data.truth) for r in g}
    by_id = {e.label_id: e for e in entries}

    def groups(cluster_of: dict[str, str]) -> dict[str, set[str]]:
        members: dict[str, set[str]] = defaultdict(set)
        for label, cluster in cluster_of.items():
            members[cluster].add(label)
        return members

    def split(cluster_of: dict[str, str]) -> list[frozenset[str]]:
        return [frozenset(g) for g in data.truth if len({cluster_of[r] for r in g}) > 1]

    def merged(cluster_of: dict[str, str]) -> set[frozenset[str]]:
        return {
            frozenset(g)
            for g in groups(cluster_of).values()
            if len({truth_of.get(r, r) for r in g}) > 1
        }

    def line(label: str) -> str:
        e = by_id[label]
        mark = "*" if label in changed else " "
        return (
            f"    {mark}{label} | {e.title[:80]} | {e.year} | {'; '.join(e.authors)[:30]} | "
            f"{e.source[:40]} | v{e.volume}({e.issue}) p{e.pages} | {e.doi}"
        )

    for kind, now, before in (
        ("SPLIT", split(varied), set(split(base))),
        ("FALSE MERGE", sorted(merged(varied), key=min), merged(base)),
    ):
        for group in [g for g in now if g not in before][:n]:
            print(f"  {kind}")
            for label in sorted(group):
                print(line(label) + f"  -> {varied[label]}")


def stress(
    sets: list[str],
    variations: list[str],
    target: str,
    seed: int,
    share: float,
    show_errors: int,
    out: Path | None,
) -> None:
    """Each variation alone on each set, through the two commands, against the unvaried run."""
    results = []
    for name in sets:
        data = labelled_set(name)
        base, base_clusters = _stress_run(data, data.entries)
        print(
            f"{name}: unvaried sensitivity {base.sensitivity:.4f} specificity "
            f"{base.specificity:.4f} precision {_fmt(base.precision)}",
            flush=True,
        )
        for variation in variations:
            entries, changed = varied_entries(data, variation, target, seed, share)
            row: dict[str, object] = {"set": name, "variation": variation, "varied": len(changed)}
            if changed:
                s, clusters = _stress_run(data, entries)
                row |= {
                    "d_sensitivity": s.sensitivity - base.sensitivity,
                    "d_specificity": s.specificity - base.specificity,
                    "d_precision": (s.precision or 0.0) - (base.precision or 0.0),
                    "sensitivity": s.sensitivity,
                    "specificity": s.specificity,
                    "precision": s.precision,
                }
                if show_errors:
                    _new_errors(data, entries, base_clusters, clusters, changed, show_errors)
            results.append(row)
            print(json.dumps(row), flush=True)
    print_stress(results, sets, variations)
    if out is not None:
        out.write_text("".join(json.dumps(r) + "\n" for r in results), encoding="utf-8")


def _short(name: str) -> str:
    return name.split("/")[-1].split("_")[0][:11]


def print_stress(results: list[dict[str, object]], sets: list[str], variations: list[str]) -> None:
    """variation × set: change in sensitivity / specificity / pair precision (×10⁴, so -12 is
    -0.0012), `.` where the variation changed no entry of the set."""
    cell = {(str(r["set"]), str(r["variation"])): r for r in results}
    print(f"\n{'variation (Δ×1e4: sens/spec/P)':30}" + "".join(f"{_short(s):>16}" for s in sets))
    for variation in variations:
        parts = []
        for name in sets:
            r = cell.get((name, variation))
            if r is None or not r["varied"]:
                parts.append(f"{'.':>16}")
                continue
            keys = ("d_sensitivity", "d_specificity", "d_precision")
            d = [round(float(r[k]) * 1e4) for k in keys]  # type: ignore[arg-type]
            parts.append(f"{'/'.join(str(v) for v in d):>16}")
        print(f"{variation:30}" + "".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    lab = sub.add_parser("labelled", help="accuracy on the labelled sets, through the commands")
    lab.add_argument("--no-bib-dedupe", action="store_true")
    lab.add_argument(
        "--sets",
        nargs="*",
        default=list(LABELLED_SETS),
        choices=LABELLED_SETS,
        metavar="SET",
        help="labelled sets to score (default: all): " + ", ".join(LABELLED_SETS),
    )
    lab.add_argument("--folder", type=Path, help="score the held-out sets in this folder instead")
    lab.add_argument("--show-errors", type=int, default=0, help="print N false merges/misses")
    pairs = sub.add_parser("pairs", help="labelled pairs (bib-dedupe's lists and test cases)")
    pairs.add_argument("folder", type=Path)
    sc = sub.add_parser("scale", help="speed and memory on generated exports")
    sc.add_argument("--records", type=int, default=100_000)
    sc.add_argument("--bib-dedupe-records", type=int, default=80_000)
    sc.add_argument("--duplicate-share", type=float, default=0.1)
    sc.add_argument("--no-bib-dedupe", action="store_true")
    st = sub.add_parser("stress", help="export variation, one at a time, through the commands")
    st.add_argument("--sets", nargs="*", default=list(LABELLED_SETS), choices=LABELLED_SETS,
                    metavar="SET")  # fmt: skip
    st.add_argument("--variations", nargs="*", default=None, metavar="NAME",
                    help="default: all of dedup_variations.VARIATIONS")  # fmt: skip
    st.add_argument("--target", choices=("duplicates", "both", "distinct"), default="duplicates",
                    help="vary one copy of each labelled group, two copies of each group, "
                    "or ungrouped entries")  # fmt: skip
    st.add_argument("--share", type=float, default=0.5, help="share of distinct entries varied")
    st.add_argument("--seed", type=int, default=20261205)
    st.add_argument("--show-errors", type=int, default=0, help="print N new splits/merges each")
    st.add_argument("--out", type=Path, help="also write the results as JSON lines")
    args = parser.parse_args()
    if args.command == "pairs":
        pairs_check(args.folder)
    elif args.command == "stress":
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from dedup_variations import VARIATIONS

        chosen = args.variations or list(VARIATIONS)
        unknown = sorted(set(chosen) - set(VARIATIONS))
        if unknown:
            parser.error(f"unknown variation(s) {unknown}; known: {', '.join(VARIATIONS)}")
        stress(args.sets, chosen, args.target, args.seed, args.share, args.show_errors, args.out)
    elif args.command == "labelled":
        labelled(not args.no_bib_dedupe, args.sets, args.show_errors, args.folder)
    else:
        scale(args.records, args.bib_dedupe_records, not args.no_bib_dedupe, args.duplicate_share)


if __name__ == "__main__":
    main()
