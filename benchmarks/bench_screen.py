"""Screening-prioritisation benchmark: metasynth's queue model against ASReview LAB's default.

    make bench-screen                       # sets up .venv-bench-asreview, then runs this
    .venv/bin/python benchmarks/bench_screen.py --seeds 5 [--candidates] [--no-asreview]

Data: the labelled title/abstract sets in ../shared/fixtures/screening/ (Kitchenham 2010: 1,704
records, 45 included; Nagtegaal 2019: 2,019 records, 101 included), all rows as given.

Protocol, identical for both tools: for each seed, one relevant and one irrelevant record are
drawn (numpy default_rng(seed)) as prior knowledge; the model is trained on the labelled records,
the highest-ranked unlabelled record is labelled, and so on (retrained after every label, as
`asreview simulate` does) until 95 % of the relevant records are found and 10 % of all records
are screened. Both tools' labelling orders are scored by the same code here:
- recall@10 %: share of the relevant records found after screening 10 % of all (priors count as
  screened);
- WSS@95: (N − records screened to reach 95 % recall) / N − 0.05 (Cohen et al. 2006).
ASReview runs in its own venv through benchmarks/asreview_simulate.py (its default model,
`get_ai_config()`), never inside the project's environment.

Speed: the time to rank 5,000 records (TF-IDF fit on all, model fit on 500 labelled, score and sort
the other 4,500), with the project's queue settings, as `rank_queue` does on every run; the records
are Kitchenham + Nagtegaal + the first records of the Wagner 2021 set (../shared/fixtures/dedup/).

Output: a table on stdout (means over seeds per dataset and tool, ours/ASReview ratios) and every
run in benchmarks/out/screen_runs.csv.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from metasynth.config import load_config
from metasynth.screen.features import QueueFeatures, texts_at
from metasynth.screen.queue import rank_candidates, score_records
from metasynth.screen.settings import QueueSettings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures"
DATASETS = ("Kitchenham_2010", "Nagtegaal_2019")
ASREVIEW_PYTHON = ROOT / ".venv-bench-asreview" / "bin" / "python"
OUT = ROOT / "benchmarks" / "out"


def texts_and_labels(name: str) -> tuple[list[str], np.ndarray]:
    frame = pd.read_csv(FIXTURES / "screening" / f"{name}.csv")
    texts = (frame["title"].fillna("") + " " + frame["abstract"].fillna("")).tolist()
    return texts, frame["label_included"].to_numpy(dtype=np.int64)


def priors_for(labels: np.ndarray, seed: int) -> list[int]:
    rng = np.random.default_rng(seed)
    return [
        int(rng.choice(np.flatnonzero(labels == 1))),
        int(rng.choice(np.flatnonzero(labels == 0))),
    ]


def enough(labels: np.ndarray) -> tuple[int, int]:
    """(relevant records for 95 % recall, records in 10 %)."""
    return math.ceil(0.95 * int(labels.sum())), math.ceil(0.1 * len(labels))


def simulate_ours(
    texts: list[str], labels: np.ndarray, priors: list[int], settings: QueueSettings
) -> list[int]:
    """Our model in the same active-learning loop: the labelling order."""
    features = QueueFeatures(len(texts), texts_at(texts), settings, keep_matrix=True)
    need, ten_percent = enough(labels)
    order = list(priors)
    pool = np.ones(len(labels), dtype=bool)
    pool[order] = False
    found = int(labels[order].sum())
    while pool.any() and (found < need or len(order) < ten_percent):
        labelled = np.asarray(order)
        scores = score_records(features, labelled, labels[labelled], settings)
        candidates = np.flatnonzero(pool)
        best = int(candidates[np.argmax(scores[candidates])])
        order.append(best)
        pool[best] = False
        found += int(labels[best])
    return order


def metrics(order: list[int], labels: np.ndarray) -> tuple[float, float]:
    """(recall after screening 10 %, WSS@95) of a labelling order."""
    need, ten_percent = enough(labels)
    found = np.cumsum(labels[np.asarray(order)])
    recall_10 = float(found[ten_percent - 1]) / int(labels.sum())
    screened_95 = int(np.argmax(found >= need)) + 1
    return recall_10, (len(labels) - screened_95) / len(labels) - 0.05


def run_asreview(name: str, plan: list[tuple[int, list[int]]]) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    if not ASREVIEW_PYTHON.exists():
        raise SystemExit(f"{ASREVIEW_PYTHON} not found: run `make bench-screen` to set it up")
    result = subprocess.run(
        [
            str(ASREVIEW_PYTHON),
            str(ROOT / "benchmarks" / "asreview_simulate.py"),
            str(FIXTURES / "screening" / f"{name}.csv"),
            json.dumps(plan),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=OUT,  # asreview drops a synergy_cache.sqlite in its working folder
    )
    return json.loads(result.stdout)


def time_ranking(
    settings: QueueSettings, n_records: int = 5000, n_labelled: int = 500
) -> tuple[float, float]:
    """(wall, CPU) seconds to rank `n_records` records (features, fit, score, sort)."""
    texts: list[str] = []
    labels: list[int] = []
    for name in DATASETS:
        t, y = texts_and_labels(name)
        texts += t
        labels += y.tolist()
    extra = pd.read_csv(
        FIXTURES / "dedup" / "wagner2021" / "digital_work_records.csv.gz",
        nrows=n_records - len(texts),
    )
    texts += (extra["title"].fillna("") + " " + extra["abstract"].fillna("")).tolist()
    order = np.random.default_rng(0).permutation(len(labels))
    known = {int(i): labels[i] for i in order[:n_labelled]}
    candidates = [i for i in range(len(texts)) if i not in known]
    start, cpu = time.perf_counter(), time.process_time()
    ranking = rank_candidates(
        texts, known, candidates, settings, ids=[str(i) for i in range(len(texts))]
    )
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(ranking.order) == len(texts) - n_labelled == n_records - n_labelled
    return seconds, cpu


CANDIDATES: dict[str, dict[str, object]] = {
    "linear_svm (ASReview ELAS u4 settings, our features)": {"model": "linear_svm"},
    "logistic_regression C=1": {"model": "logistic_regression", "c": 1.0},
    "naive_bayes alpha=0.1": {"model": "naive_bayes"},
}
"""The models the configured one was chosen over (`--candidates`), as changes to its settings."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS))
    parser.add_argument(
        "--candidates",
        action="store_true",
        help="also run the alternative models that the configured one was chosen over",
    )
    parser.add_argument("--no-asreview", action="store_true", help="skip ASReview (ours only)")
    parser.add_argument("--out", type=Path, default=OUT / "screen_runs.csv", help="every run, CSV")
    args = parser.parse_args(argv)

    config = load_config(ROOT / "config" / "config.yaml")
    configured = QueueSettings.from_config(config["screening"]["queue"])
    models = {f"metasynth ({configured.model}, config)": configured}
    if args.candidates:
        models.update({k: replace(configured, **v) for k, v in CANDIDATES.items()})  # type: ignore[arg-type]
    rows = []
    for name in args.datasets:
        texts, labels = texts_and_labels(name)
        plan = [(seed, priors_for(labels, seed)) for seed in range(args.seeds)]
        for label, settings in models.items():
            for seed, priors in plan:
                start = time.perf_counter()
                order = simulate_ours(texts, labels, priors, settings)
                seconds = time.perf_counter() - start
                recall_10, wss_95 = metrics(order, labels)
                rows.append(
                    {
                        "dataset": name,
                        "tool": label,
                        "seed": seed,
                        "priors": priors,
                        "recall_10": recall_10,
                        "wss_95": wss_95,
                        "seconds": seconds,
                    }
                )
                print(
                    f"{name} {label} seed {seed}: recall@10% {recall_10:.3f}, "
                    f"WSS@95 {wss_95:.3f} ({seconds:.0f} s)",
                    file=sys.stderr,
                    flush=True,
                )
        if not args.no_asreview:
            result = run_asreview(name, plan)
            label = f"ASReview {result['asreview']} ({result['model']}, default)"
            for run, (seed, priors) in zip(result["runs"], plan, strict=True):
                recall_10, wss_95 = metrics(run["order"], labels)
                rows.append(
                    {
                        "dataset": name,
                        "tool": label,
                        "seed": seed,
                        "priors": priors,
                        "recall_10": recall_10,
                        "wss_95": wss_95,
                        "seconds": run["seconds"],
                    }
                )
                print(
                    f"{name} {label} seed {seed}: recall@10% {recall_10:.3f}, "
                    f"WSS@95 {wss_95:.3f} ({run['seconds']:.0f} s)",
                    file=sys.stderr,
                    flush=True,
                )

    runs = pd.DataFrame(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    runs.to_csv(args.out, index=False, float_format="%.4f")
    summary = (
        runs.groupby(["dataset", "tool"], sort=False)
        .agg(
            seeds=("seed", "count"),
            recall_10=("recall_10", "mean"),
            wss_95=("wss_95", "mean"),
            wss_95_min=("wss_95", "min"),
            seconds=("seconds", "mean"),
        )
        .reset_index()
    )
    print(
        f"\nScreening prioritisation, {args.seeds} seeds, "
        f"{time.strftime('%Y-%m-%d')} (means; WSS@95 min over seeds)"
    )
    print(summary.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    if not args.no_asreview:
        print("\nours / ASReview (WSS@95, recall@10%):")
        for name in args.datasets:
            part = summary[summary["dataset"] == name].set_index("tool")
            peer = part[part.index.str.startswith("ASReview")].iloc[0]
            for tool, row in part[~part.index.str.startswith("ASReview")].iterrows():
                print(
                    f"  {name} {tool}: {row['wss_95'] / peer['wss_95']:.3f}x, "
                    f"{row['recall_10'] / peer['recall_10']:.3f}x"
                )
    seconds, cpu = time_ranking(configured)
    print(
        f"\nranking 5,000 records (500 labelled) with the configured queue model: "
        f"{seconds:.2f} s wall, {cpu:.2f} s CPU (target < 5 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
