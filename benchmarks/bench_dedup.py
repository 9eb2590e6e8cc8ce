"""Deduplication benchmark: accuracy on labelled sets and speed at scale, side by side with peers.

    make bench-dedup                      # both parts, with bib-dedupe set up in its own venv
    .venv/bin/python benchmarks/bench_dedup.py labelled [--no-bib-dedupe]
    .venv/bin/python benchmarks/bench_dedup.py scale [--records 100000] [--bib-dedupe-records 80000]

`labelled`: every labelled set in ../shared/fixtures/dedup/ (Rathbone 2015 x4, Wagner 2021, ASySD
diabetes) is converted to the records-table contract (`to_records`), deduplicated by metasynth
and by bib-dedupe (each in a fresh subprocess: time and peak memory measured per process), and
scored per record (sensitivity, specificity) and per pair (precision, recall, F1) against the
truth. For the diabetes set the stored decisions of ASySD, EndNote and SRA-DM (BOND) are scored
the same way per record (they are KEEP/REMOVE decisions without clusters, so no pair scores).
Settings are the shipped config's: no per-set tuning.

`scale`: a synthetic WOS export with known duplicates (`metasynth.synthetic.write_benchmark_export`)
is ingested with `metasynth.ingest`, then deduplication alone is timed on it, and bib-dedupe on
the first `--bib-dedupe-records` records of the same table.

`metasynth+review` rows score metasynth's clusters once its review queue is decided by a reviewer
who agrees with the labels (each queued pair the truth calls one publication is marked a
duplicate, the rest distinct): what the queue is worth, next to how long it is. The target
figures are the plain `metasynth` rows (before review).

Per-record scoring (the ASySD paper's): in each true group of size g, up to g-1 removed records
are true positives; a removal beyond that (the publication is lost) and any removal of a unique
record are false positives. Pair scoring: precision/recall/F1 over same-publication pairs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "dedup"
BIB_DEDUPE_PYTHON = ROOT / ".venv-bench-bibdedupe" / "bin" / "python"
OUR_PYTHON = Path(sys.executable)

RATHBONE = ("cytology_screening", "haematology", "respiratory", "stroke")
LABELLED_SETS = (*(f"rathbone2015/{name}" for name in RATHBONE), "wagner2021", "asysd_diabetes")

# ---------------------------------------------------------------------------- adapters

_BLANK = {"nan", "NA", "None", "UNKNOWN"}


def _text(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return "" if text in _BLANK else text


def _bibtex_authors(authors: str) -> str:
    """ "Zuna, R E and Wang, S S" -> "Zuna, R E; Wang, S S" (the records table's separator)."""
    return "; ".join(a.strip() for a in re.split(r"\s+and\s+", authors) if a.strip())


_GLUED_AUTHOR = re.compile(r"(?<=\.)(?=[A-Z])")
_SURNAME_INITIALS = re.compile(r"^(.*?)\s+((?:[A-Z]\.\s?)+)$")


def _glued_authors(authors: str) -> str:
    """ASySD's "Adeli K.Lewis G. F." (no separator) -> "Adeli, K.; Lewis, G. F."."""
    names = []
    for part in _GLUED_AUTHOR.split(authors):
        part = part.strip()
        match = _SURNAME_INITIALS.match(part)
        names.append(f"{match.group(1)}, {match.group(2).strip()}" if match else part)
    return "; ".join(n for n in names if n)


def _empty_records(n: int) -> dict[str, list[object]]:
    columns = [
        "record_id",
        "source_file",
        "source_format",
        "source_line",
        "database",
        "search_run",
        "ut",
        "doi",
        "pmid",
        "title",
        "authors",
        "year",
        "year_source",
        "early_access",
        "source_title",
        "volume",
        "issue",
        "pages",
        "doc_type",
        "language",
        "abstract",
        "issn",
        "eissn",
    ]
    return {c: [""] * n for c in columns}


def _read_diabetes() -> tuple[pd.DataFrame, list[str]]:
    """The ASySD diabetes file (Latin-1, as shipped) and its record ids, as both parts read them."""
    raw = pd.read_csv(
        FIXTURES / "asysd_diabetes" / "diabetes_final_labelled.csv.gz",
        encoding="latin-1",
        dtype=str,
        keep_default_na=False,
    )
    return raw, [f"id_{int(r):07d}" for r in raw["RecordID"]]


def to_records(name: str) -> tuple[pd.DataFrame, list[set[str]], pd.DataFrame]:
    """A labelled set as a records table, its truth groups, and its bib-dedupe input."""
    if name == "asysd_diabetes":
        raw, ids = _read_diabetes()
        columns = _empty_records(len(raw))
        columns["record_id"] = ids
        columns["title"] = [_text(t) for t in raw["Title"]]
        columns["authors"] = [_glued_authors(_text(a)) for a in raw["Author"]]
        columns["year"] = [_text(y) for y in raw["Year"]]
        columns["source_title"] = [_text(j) for j in raw["Journal"]]
        columns["volume"] = [_text(v) for v in raw["Volume"]]
        columns["issue"] = [_text(v) for v in raw["Number"]]
        columns["pages"] = [_text(p) for p in raw["Pages"]]
        columns["doi"] = [_text(d) for d in raw["DOI"]]
        columns["abstract"] = [_text(a) for a in raw["Abstract"]]
        columns["issn"] = [_text(i).split("\n")[0] for i in raw["ISBN"]]
        columns["pmid"] = [
            m.group(1) if (m := re.search(r"ncbi\.nlm\.nih\.gov/pubmed/(\d+)", _text(u))) else ""
            for u in raw["Url"]
        ]
        truth_file = FIXTURES / name / "diabetes_merged_record_ids.csv"
        bib = pd.DataFrame(
            {
                "ID": ids,
                "ENTRYTYPE": "article",
                "title": columns["title"],
                "author": [a.replace("; ", " and ") for a in columns["authors"]],
                "year": columns["year"],
                "journal": columns["source_title"],
                "volume": columns["volume"],
                "number": columns["issue"],
                "pages": columns["pages"],
                "doi": columns["doi"],
                "abstract": columns["abstract"],
            }
        )
    else:
        if name == "wagner2021":
            records_file = FIXTURES / name / "digital_work_records.csv.gz"
            truth_file = FIXTURES / name / "digital_work_merged_record_ids.csv"
        else:
            folder, subset = name.split("/")
            records_file = FIXTURES / folder / f"{subset}_records.csv"
            truth_file = FIXTURES / folder / f"{subset}_merged_record_ids.csv"
        raw = pd.read_csv(records_file, dtype=str, keep_default_na=False)
        columns = _empty_records(len(raw))
        columns["record_id"] = list(raw["ID"])
        columns["title"] = [_text(t) for t in raw["title"]]
        columns["authors"] = [_bibtex_authors(_text(a)) for a in raw["author"]]
        columns["year"] = [_text(y) for y in raw["year"]]
        journal = raw["journal"] if "journal" in raw else pd.Series([""] * len(raw))
        booktitle = raw["booktitle"] if "booktitle" in raw else pd.Series([""] * len(raw))
        columns["source_title"] = [
            _text(j) or _text(b) for j, b in zip(journal, booktitle, strict=True)
        ]
        columns["volume"] = [_text(v) for v in raw["volume"]]
        columns["issue"] = [_text(v) for v in raw["number"]]
        columns["pages"] = [_text(p).replace(" -- ", "-") for p in raw["pages"]]
        columns["doc_type"] = [_text(e) for e in raw["ENTRYTYPE"]]
        for column in ("doi", "abstract"):
            if column in raw:
                columns[column] = [_text(v) for v in raw[column]]
        bib = raw
    columns["source_file"] = [name] * len(raw)
    columns["source_format"] = ["csv"] * len(raw)
    columns["source_line"] = list(range(2, len(raw) + 2))
    records = pd.DataFrame(columns)
    for column in records.columns:
        if column not in {"source_line", "year"}:
            records[column] = records[column].astype("string")
    records["source_line"] = records["source_line"].astype("int64")
    records["year"] = pd.to_numeric(records["year"], errors="coerce").astype("Int64")
    truth = [
        set(line.split(";")) for line in pd.read_csv(truth_file, dtype=str)["merged_ids"].tolist()
    ]
    return records, truth, bib


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
    """Per-record TP, FP, FN, TN of a set of removed records (see the module docstring)."""
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


def pair_set(groups: list[set[str]]) -> set[tuple[str, str]]:
    pairs = set()
    for group in groups:
        members = sorted(group)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((a, b))
    return pairs


def score_clusters(cluster_of: dict[str, str], truth: list[set[str]]) -> Scores:
    """Both scores for a clustering (record_id -> cluster_id; the primary is kept)."""
    members: dict[str, set[str]] = defaultdict(set)
    for record_id, cluster_id in cluster_of.items():
        members[cluster_id].add(record_id)
    removed = set()
    for cluster_id, group in members.items():
        keep = cluster_id if cluster_id in group else min(group)
        removed |= group - {keep}
    tp, fp, fn, tn = score_removals(removed, list(cluster_of), truth)
    predicted = pair_set([g for g in members.values() if len(g) > 1])
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


def after_review(
    cluster_of: dict[str, str], review_pairs: list[tuple[str, str]], truth: list[set[str]]
) -> tuple[dict[str, str], int]:
    """The clustering once a reviewer who agrees with the labels has decided the review queue.

    Each queued pair the labels call one publication joins its two clusters (transitively, as
    a verdict file would); the others stay apart. Returns the new clustering and how many
    queued pairs were marked duplicates. The kept record of a joined cluster is the primary of
    one of its parts, as `score_clusters` expects.
    """
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


# ---------------------------------------------------------------------------- runners


@dataclass
class Run:
    cluster_of: dict[str, str]
    seconds: float  # wall time of the deduplication call itself (reading excluded)
    peak_mb: float  # peak resident memory of the largest process (bib-dedupe forks workers)
    cpu_seconds: float  # user + system CPU of the whole process and the workers it waited for
    extra: dict[str, object]
    review_pairs: list[tuple[str, str]] = field(default_factory=list)  # metasynth's queue


def _run_process(command: list[str]) -> tuple[str, float, float]:
    """Run a command in a fresh process: its stdout, peak resident MB and CPU seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode(errors="replace")
    if process.returncode:
        raise RuntimeError(f"{command[:3]} failed ({process.returncode}):\n{stderr[-3000:]}")
    # Linux reports ru_maxrss in KiB
    return stdout, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _run_worker(command: list[str], out: Path) -> Run:
    """Run one tool's worker; it writes record_id → cluster_id to `out`, timing JSON to stdout."""
    stdout, peak, cpu = _run_process(command)
    info = json.loads(stdout.strip().splitlines()[-1])
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    return Run(
        dict(zip(table["record_id"], table["cluster_id"], strict=True)),
        info.pop("seconds"),
        peak,
        cpu,
        info,
    )


def run_ours(records_path: Path, work: Path) -> Run:
    out = work / "ours.csv"
    run = _run_worker([str(OUR_PYTHON), __file__, "_ours", str(records_path), str(out)], out)
    queue = pd.read_csv(_review_path(out), dtype=str, keep_default_na=False)
    run.review_pairs = list(zip(queue["record_id_a"], queue["record_id_b"], strict=True))
    return run


def _review_path(out: Path | str) -> Path:
    """Where the metasynth worker writes its review queue, next to its clusters."""
    return Path(out).with_suffix(".review.csv")


def run_bib_dedupe(bib_input: pd.DataFrame, work: Path) -> Run:
    source = work / "bib_input.csv"
    out = work / "bib.csv"
    bib_input.to_csv(source, index=False)
    worker = ROOT / "benchmarks" / "bibdedupe_worker.py"
    return _run_worker([str(BIB_DEDUPE_PYTHON), str(worker), str(source), str(out)], out)


def _ours_worker(records_path: str, out_path: str) -> None:
    """In a fresh process: deduplicate a records parquet, write record_id,cluster_id + timing."""
    from metasynth.config import load_config
    from metasynth.dedup import deduplicate

    records = pd.read_parquet(records_path)
    config = load_config(ROOT / "config" / "config.yaml")["dedup"]
    started = time.perf_counter()
    result = deduplicate(records, None, config)
    seconds = time.perf_counter() - started
    result.clusters[["record_id", "cluster_id"]].to_csv(out_path, index=False)
    result.review[["record_id_a", "record_id_b"]].to_csv(_review_path(out_path), index=False)
    summary = {f"{s}:{k}": int(n) for s, k, n in result.summary.itertuples(index=False)}
    print(
        json.dumps(
            {
                "seconds": seconds,
                "pairs_compared": summary.get("blocking:pairs_compared", 0),
                "review_queue": summary.get("review:queue", 0),
            }
        )
    )


# ---------------------------------------------------------------------------- reports


def _fmt(value: float | None, digits: int = 4) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def labelled(use_bib_dedupe: bool, sets: list[str], show_errors: int) -> None:
    rows = []
    for name in sets:
        records, truth, bib_input = to_records(name)
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            records_path = work / "records.parquet"
            records.to_parquet(records_path, index=False)
            ours = run_ours(records_path, work)
            runs = {"metasynth": ours}
            if use_bib_dedupe:
                runs["bib-dedupe"] = run_bib_dedupe(bib_input, work)
        for tool, run in runs.items():
            scores = score_clusters(run.cluster_of, truth)
            rows.append(
                (name, tool, scores, f"{run.seconds:.2f}", f"{run.cpu_seconds:.1f}",
                 f"{run.peak_mb:.0f}", run.extra)
            )  # fmt: skip
        # what the review queue is worth: a reviewer who agrees with the labels decides it
        reviewed, marked = after_review(ours.cluster_of, ours.review_pairs, truth)
        rows.append(
            (name, "metasynth+review", score_clusters(reviewed, truth), "", "", "",
             {"queue": len(ours.review_pairs), "marked_duplicate": marked})
        )  # fmt: skip
        if name == "asysd_diabetes":
            raw, ids = _read_diabetes()
            for column, tool in (
                ("ASySD", "ASySD (stored)"),
                ("Endnote", "EndNote (stored)"),
                ("BOND", "SRA-DM (stored)"),
            ):
                removed = {i for i, d in zip(ids, raw[column], strict=True) if d == "REMOVE"}
                rows.append((name, tool, score_decisions(removed, ids, truth), "", "", "", {}))
        if show_errors:
            _show_errors(name, records, truth, ours.cluster_of, show_errors)
    header = (
        f"{'set':32} {'tool':18} {'sens':>7} {'spec':>7} {'pair P':>7} {'pair R':>7} "
        f"{'pair F1':>7} {'TP':>5} {'FP':>4} {'FN':>4} {'sec':>7} {'CPU s':>7} {'peakMB':>7}  notes"
    )
    print(header)
    print("-" * len(header))
    for name, tool, s, seconds, cpu, peak, extra in rows:
        notes = ", ".join(f"{k}={v}" for k, v in extra.items())
        print(
            f"{name:32} {tool:18} {_fmt(s.sensitivity)} {_fmt(s.specificity)} "
            f"{_fmt(s.precision):>7} {_fmt(s.recall):>7} {_fmt(s.f1):>7} {s.tp:5d} {s.fp:4d} "
            f"{s.fn:4d} {seconds:>7} {cpu:>7} {peak:>7}  {notes}"
        )


def _show_errors(
    name: str, records: pd.DataFrame, truth: list[set[str]], cluster_of: dict[str, str], n: int
) -> None:
    truth_of = {r: i for i, g in enumerate(truth) for r in g}
    by_id = records.set_index("record_id")
    members: dict[str, list[str]] = defaultdict(list)
    for r, c in cluster_of.items():
        members[c].append(r)

    def line(r: str) -> str:
        row = by_id.loc[r]
        return (
            f"    {r} | {row['title'][:90]} | {row['year']} | {row['authors'][:25]} | "
            f"{row['source_title'][:30]} | v{row['volume']} p{row['pages']} | {row['doi']}"
        )

    false_merges = []
    for group in members.values():
        labels = {truth_of.get(r, r) for r in group}
        if len(labels) > 1:
            false_merges.append(sorted(group))
    misses = []
    for group in truth:
        clusters = {cluster_of[r] for r in group}
        if len(clusters) > 1:
            misses.append(sorted(group))
    print(f"== {name}: {len(false_merges)} clusters with false merges, {len(misses)} split groups")
    for group in false_merges[:n]:
        print("  FALSE MERGE")
        for r in group:
            print(line(r))
    for group in misses[:n]:
        print("  MISSED")
        for r in group:
            print(line(r) + f"  -> {cluster_of[r]}")


def scale(n_records: int, n_bib: int, use_bib_dedupe: bool, duplicate_share: float) -> None:
    """Time dedup alone on a generated export of `n_records`, and bib-dedupe on `n_bib`."""
    from metasynth.ingest import ingest

    sys.path.insert(0, str(ROOT / "tools"))  # the synthetic generator, a development tool
    from synthetic import write_benchmark_export

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        export = work / "savedrecs.txt"
        started = time.perf_counter()
        truth_table = write_benchmark_export(
            export, n_records, seed=20240101, duplicate_share=duplicate_share
        )
        generated = time.perf_counter() - started
        records_path = work / "records.parquet"
        started = time.perf_counter()
        ingest([export], records_out=[records_path])
        ingested = time.perf_counter() - started
        records = pd.read_parquet(records_path)
        print(
            f"generated {n_records:,} records ({export.stat().st_size / 1e6:.0f} MB, duplicate "
            f"share {duplicate_share}) in {generated:.1f} s; ingested in {ingested:.1f} s"
        )
        groups: dict[str, set[str]] = defaultdict(set)
        for record_id, key in zip(
            truth_table["record_id"], truth_table["publication_key"], strict=True
        ):
            groups[key].add(record_id)
        runs = [(len(records), records_path)]
        if n_bib < len(records):
            subset_path = work / "subset.parquet"
            records.iloc[:n_bib].to_parquet(subset_path, index=False)
            runs.append((n_bib, subset_path))
        ours_by_size: dict[int, Run] = {}
        for size, path in runs:
            ours = run_ours(path, work)
            ours_by_size[size] = ours
            kept = set(pd.read_parquet(path, columns=["record_id"])["record_id"])
            truth = [g & kept for g in groups.values() if len(g & kept) > 1]
            s = score_clusters(ours.cluster_of, truth)
            print(
                f"metasynth   {size:>7,} records: {ours.seconds:7.2f} s, process CPU "
                f"{ours.cpu_seconds:7.1f} s, peak RSS {ours.peak_mb:6.0f} MB, "
                f"pair P {s.precision:.4f} R {s.recall:.4f}, "
                f"sensitivity {s.sensitivity:.4f}, {ours.extra}"
            )
        if use_bib_dedupe:
            subset = records.iloc[:n_bib]
            bib_input = pd.DataFrame(
                {
                    "ID": subset["record_id"],
                    "ENTRYTYPE": "article",
                    "title": subset["title"],
                    "author": subset["authors"].str.replace("; ", " and "),
                    "year": subset["year"].astype("string").fillna(""),
                    "journal": subset["source_title"],
                    "volume": subset["volume"],
                    "number": subset["issue"],
                    "pages": subset["pages"],
                    "doi": subset["doi"],
                    "abstract": subset["abstract"],
                }
            )
            bib = run_bib_dedupe(bib_input, work)
            kept = set(subset["record_id"])
            truth = [g & kept for g in groups.values() if len(g & kept) > 1]
            s = score_clusters(bib.cluster_of, truth)
            ours = ours_by_size[n_bib]
            print(
                f"bib-dedupe  {n_bib:>7,} records: {bib.seconds:7.2f} s, process CPU "
                f"{bib.cpu_seconds:7.1f} s, peak RSS {bib.peak_mb:6.0f} MB (largest process), "
                f"pair P {s.precision:.4f} "
                f"R {s.recall:.4f}, sensitivity {s.sensitivity:.4f}"
            )
            print(
                f"on {n_bib:,} records metasynth is {bib.seconds / ours.seconds:.1f}x faster "
                f"(wall), {bib.cpu_seconds / ours.cpu_seconds:.1f}x less CPU, and uses "
                f"{ours.peak_mb / bib.peak_mb:.2f}x bib-dedupe's peak memory"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    lab = sub.add_parser("labelled", help="accuracy on the labelled sets")
    lab.add_argument("--no-bib-dedupe", action="store_true")
    lab.add_argument(
        "--sets",
        nargs="*",
        default=list(LABELLED_SETS),
        choices=LABELLED_SETS,
        metavar="SET",
        help="labelled sets to score (default: all): " + ", ".join(LABELLED_SETS),
    )
    lab.add_argument("--show-errors", type=int, default=0, help="print N false merges/misses")
    sc = sub.add_parser("scale", help="speed on a generated corpus")
    sc.add_argument("--records", type=int, default=100_000)
    sc.add_argument("--bib-dedupe-records", type=int, default=80_000)
    sc.add_argument("--duplicate-share", type=float, default=0.1)
    sc.add_argument("--no-bib-dedupe", action="store_true")
    worker = sub.add_parser("_ours")
    worker.add_argument("records")
    worker.add_argument("out")
    args = parser.parse_args()
    if args.command == "_ours":
        _ours_worker(args.records, args.out)
    elif args.command == "labelled":
        labelled(not args.no_bib_dedupe, args.sets, args.show_errors)
    else:
        scale(args.records, args.bib_dedupe_records, not args.no_bib_dedupe, args.duplicate_share)


if __name__ == "__main__":
    main()
