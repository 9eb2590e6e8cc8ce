"""Screening-app benchmark: next-record latency at 10,000 records, and the served order's WSS@95.

    .venv/bin/python benchmarks/bench_serve.py latency [--records 10000] [--decisions 300]
        [--browser 100]
    .venv/bin/python benchmarks/bench_serve.py wss [--datasets Kitchenham_2010 Nagtegaal_2019]
        [--seeds 1]

Both go through the user's path: an export file in a scratch project (a copy of this
repository's tracked files with its data replaced), the workflow up to the outputs the app reads
(`snakemake --cores 2 results/screening/eligibility.csv`), then `metasynth screen serve` in a
subprocess, driven over HTTP exactly as the page drives it (`/api/state`, `/api/decide`).

`latency`: a generated Web of Science export of `--records` records without duplicates
(tools/synthetic `write_benchmark_export`, the export of the ingestion and deduplication
benchmarks) and no automatic rules, so every record is in the title/abstract queue. Reviewer R1
decides `--decisions` records in a row, as fast as the answers come (every tenth included, the
rest excluded); each decision's time is from sending it to having the next record in hand (the
answer carries it), while the background process re-ranks after every decision. `--browser N`
then decides N more in headless Chromium (Debian's, through Playwright) by pressing E, timed in
the page from the key press to the first frame painted with the next record (Playwright's own
round trips left out).

`wss`: each labelled set of ../shared/fixtures/screening (as benchmarks/bench_screen.py reads
it) written as a Web of Science export (title, abstract; a made-up author and DOI per record
so that deduplication keeps them apart), the two prior decisions of bench_screen's
`priors_for(labels, seed)` in a decision file, then R1 decides the record the app serves by its
label, waiting after each decision until the app has re-ranked (a reviewer slower than the
model), until 95 % of the relevant records are found and 10 % are screened, as in bench_screen.
The WSS@95 of the order served is compared with that of bench_screen's `simulate_ours` from the
same priors on the same texts (the publications' text as the app reads it), and the two orders
are compared step by step.

Output: tables on stdout; every run in benchmarks/out/serve_runs.csv.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OUT = ROOT / "benchmarks" / "out"
DATASETS = ("Kitchenham_2010", "Nagtegaal_2019")
APP_INPUTS = ["results/screening/eligibility.csv"]
DECISION_HEADER = "record_id,stage,reviewer,decision,reason,note,date\n"

sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tools"))  # the synthetic generator, a development tool
from bench_screen import enough, metrics, priors_for, simulate_ours  # noqa: E402

# ----------------------------------------------------------------------------- project


def scratch_project(target: Path, searches: list[dict[str, Any]]) -> Path:
    """This repository's tracked files under `target`, with no exports, decisions, appraisals
    or verdicts, no automatic rules, and the given search runs."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.decode()
    for name in (n for n in listed.split("\0") if n):
        if name.startswith(("data/raw/", "data/screening/", "data/appraisal/")):
            continue
        source, destination = ROOT / name, target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            destination.symlink_to(source.readlink())
        elif source.is_file():
            shutil.copy2(source, destination)
    for folder in ("data/raw", "data/screening", "data/appraisal"):
        (target / folder).mkdir(parents=True, exist_ok=True)
    (target / "data/dedup/verdicts.csv").write_text(
        "record_id_a,record_id_b,verdict,reviewer,date,note\n", encoding="utf-8"
    )
    manifest = {"searches": searches}
    (target / "data/raw/searches.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    config_path = target / "config/config.yaml"
    config = config_path.read_text(encoding="utf-8")
    config, found = re.subn(
        r"\n  eligibility:\n(?:    .*\n|  #.*\n)*", "\n  eligibility: []\n", config, count=1
    )
    assert found == 1, "could not empty screening.eligibility in the config"
    config_path.write_text(config, encoding="utf-8")
    return target


def search_run(run_id: str, files: list[str]) -> dict[str, Any]:
    return {
        "id": run_id,
        "database": "Web of Science Core Collection",
        "query": "benchmark (generated export)",
        "date_searched": "2024-05-01",
        "searched_by": "benchmarks/bench_serve.py",
        "review_version": 1,
        "files": files,
    }


def run_workflow(project: Path) -> float:
    started = time.perf_counter()
    run = subprocess.run(
        [str(BIN / "snakemake"), "--cores", "2", *APP_INPUTS],
        cwd=project,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise SystemExit(run.stderr[-4000:])
    return time.perf_counter() - started


# ----------------------------------------------------------------------------- server


class App:
    """`metasynth screen serve` in a project, and an HTTP client with its token."""

    def __init__(self, project: Path, reviewer: str, stage: str = "title_abstract") -> None:
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                str(BIN / "metasynth"),
                "screen",
                "serve",
                "--reviewer",
                reviewer,
                "--stage",
                stage,
                "--no-browser",
            ],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=(\S+)", line)
            if found:
                self.url, self.port, self.token = (
                    found.group(0),
                    int(found.group(1)),
                    found.group(2),
                )
                break
        else:
            raise SystemExit("the server did not start")
        self.startup = time.perf_counter() - started
        self.connection = HTTPConnection("127.0.0.1", self.port, timeout=300)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        headers = {
            "Cookie": f"metasynth_token_{self.port}={self.token}",
            "X-Metasynth-Token": self.token,
            "Content-Type": "application/json",
        }
        self.connection.request(method, path, None if body is None else json.dumps(body), headers)
        response = self.connection.getresponse()
        data = json.loads(response.read())
        if response.status != 200:
            raise SystemExit(f"{method} {path}: {response.status} {data.get('error')}")
        return data

    def wait_fresh(self) -> dict[str, Any]:
        while True:
            progress = self.call("GET", "/api/progress")["progress"]
            if progress["ranking"]["fresh"]:
                return dict(progress)
            time.sleep(0.05)

    def stop(self) -> None:
        self.connection.close()
        self.process.terminate()
        self.process.wait(timeout=60)
        if self.process.stdout is not None:
            self.process.stdout.close()


# ----------------------------------------------------------------------------- latency


def percentile(values: list[float], share: float) -> float:
    return float(np.percentile(np.asarray(values), share * 100))


def latency(args: argparse.Namespace) -> list[dict[str, Any]]:
    from synthetic import write_benchmark_export

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as scratch:
        project = scratch_project(
            Path(scratch) / "project", [search_run("benchmark", ["benchmark/savedrecs.txt"])]
        )
        write_benchmark_export(project / "data/raw/benchmark/savedrecs.txt", args.records)
        workflow_seconds = run_workflow(project)
        app = App(project, "R1")
        state = app.call("GET", "/api/state")
        print(
            f"{state['progress']['remaining']:,} records in the queue; workflow "
            f"{workflow_seconds:.0f} s, server start {app.startup:.1f} s",
            file=sys.stderr,
        )
        current = state["current"]
        times, stale, rank_seconds = [], 0, set()
        for index in range(args.decisions):
            decision = "include" if index % 10 == 0 else "exclude"
            started = time.perf_counter()
            body = app.call(
                "POST", "/api/decide", {"record_id": current["record_id"], "decision": decision}
            )
            times.append((time.perf_counter() - started) * 1000)
            current = body["current"]
            stale += 0 if body["progress"]["ranking"]["fresh"] else 1
            rank_seconds.add(body["progress"]["ranking"]["seconds"])
        rows = [
            {
                "run": "latency",
                "client": "HTTP (the page's API calls)",
                "records": state["progress"]["remaining"],
                "decisions": len(times),
                "p50_ms": statistics.median(times),
                "p95_ms": percentile(times, 0.95),
                "max_ms": max(times),
                "answered_while_reranking": stale,
                "rerank_seconds_median": statistics.median(sorted(rank_seconds)),
                "load_average": os.getloadavg()[0],
            }
        ]
        if args.browser:
            rows.append(browser_latency(app, args.browser, state["progress"]["remaining"]))
        app.stop()
    return rows


PAGE_TIMER = """() => {
  window.__latency = [];
  let pressed = 0;
  document.addEventListener("keydown", () => { pressed = performance.now(); }, true);
  new MutationObserver(() => {
    if (!pressed) return;
    const started = pressed;
    pressed = 0;
    // the next frame: the new record is laid out and painted
    requestAnimationFrame(() => window.__latency.push(performance.now() - started));
  }).observe(document.getElementById("record"), { childList: true });
}"""
"""Times, in the page, from the key press to the first frame showing the next record."""


def browser_latency(app: App, decisions: int, records: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("--browser needs Chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(app.url)
        page.wait_for_selector("body[data-ready=true]")
        page.evaluate(PAGE_TIMER)
        for index in range(decisions):
            before = page.locator(".record-id").inner_text()
            page.keyboard.press("e")
            page.wait_for_function(
                "([before, count]) => document.querySelector('.record-id').textContent !== before"
                " && window.__latency.length > count",
                arg=[before, index],
            )
        times = [float(t) for t in page.evaluate("window.__latency")]
        browser.close()
    return {
        "run": "latency",
        "client": "Chromium (key E to the next record painted)",
        "records": records,
        "decisions": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "max_ms": max(times),
        "answered_while_reranking": "",
        "rerank_seconds_median": "",
        "load_average": os.getloadavg()[0],
    }


# ----------------------------------------------------------------------------- WSS


def labelled_export(name: str, path: Path) -> pd.DataFrame:
    """Write a labelled set as a WOS plain-text export; return record_id → label."""
    from synthetic.wos_writer import write_plaintext

    frame = pd.read_csv(ROOT.parent / "shared/fixtures/screening" / f"{name}.csv")
    records = []
    for index, row in enumerate(frame.itertuples(index=False)):
        title = " ".join(str(row.title).split()) if isinstance(row.title, str) else ""
        abstract = " ".join(str(row.abstract).split()) if isinstance(row.abstract, str) else ""
        records.append(
            {
                "PT": "J",
                "AU": [f"Author{index:05d}, A"],
                "TI": title,
                "SO": "BENCHMARK JOURNAL",
                "LA": "English",
                "DT": "Article",
                "AB": abstract,
                "PY": "2015",
                "DI": f"10.5555/bench.{index:05d}",
                "UT": f"WOS:{index:015d}",
            }
        )
    write_plaintext(path, records)
    return pd.DataFrame(
        {"record_id": [r["UT"] for r in records], "label": frame["label_included"].astype(int)}
    )


def served_order(
    app: App, truth: dict[str, int], need: int, ten_percent: int, priors: list[str]
) -> list[str]:
    """Decide what the app serves by its label until bench_screen's stopping point."""
    order = list(priors)
    found = sum(truth[p] for p in priors)
    while found < need or len(order) < ten_percent:
        app.wait_fresh()
        current = app.call("GET", "/api/state")["current"]
        if current is None:
            break
        record = current["record_id"]
        decision = "include" if truth[record] else "exclude"
        app.call("POST", "/api/decide", {"record_id": record, "decision": decision})
        order.append(record)
        found += truth[record]
    return order


def write_priors(project: Path, priors: list[str], label_of: dict[str, int], seed: int) -> None:
    """bench_screen's prior knowledge as R1's decision rows, in a file of their own."""
    today = dt.date.today().isoformat()
    rows = "".join(
        f"{p},title_abstract,R1,{'include' if label_of[p] else 'exclude'},,"
        f"prior knowledge (bench_serve seed {seed}),{today}\n"
        for p in priors
    )
    path = project / "data/screening/title_abstract_R1_priors.csv"
    path.write_text(DECISION_HEADER + rows, encoding="utf-8")


def wss_run(name: str, seed: int, settings: Any, scratch: Path) -> dict[str, Any]:
    """One labelled set and seed: the order the app serves and bench_screen's, scored alike."""
    from metasynth.screen.queue import document_text
    from metasynth.tables import read_table

    project = scratch_project(
        scratch / "project", [search_run("labelled", ["labelled/savedrecs.txt"])]
    )
    truth = labelled_export(name, project / "data/raw/labelled/savedrecs.txt")
    run_workflow(project)
    publications = read_table(project / "results/dedup/publications.parquet")
    publications = publications.sort_values("record_id").reset_index(drop=True)
    ids = publications["record_id"].astype(str).tolist()
    label_of = dict(zip(truth["record_id"], truth["label"], strict=True))
    labels = np.asarray([label_of[r] for r in ids], dtype=np.int64)
    prior_positions = priors_for(labels, seed)
    priors = [ids[p] for p in prior_positions]
    write_priors(project, priors, label_of, seed)
    need, ten_percent = enough(labels)
    started = time.perf_counter()
    app = App(project, "R1")
    served = served_order(app, label_of, need, ten_percent, priors)
    app.stop()
    seconds = time.perf_counter() - started
    simulated = simulate_ours(document_text(publications), labels, prior_positions, settings)
    position = {r: i for i, r in enumerate(ids)}
    recall_app, wss_app = metrics([position[r] for r in served], labels)
    recall_sim, wss_sim = metrics(simulated, labels)
    served_positions = [position[r] for r in served]
    differ = next(
        (k for k, (a, b) in enumerate(zip(served_positions, simulated, strict=False)) if a != b),
        None,
    )
    return {
        "run": "wss",
        "dataset": name,
        "seed": seed,
        "records": len(truth),
        "publications": len(ids),
        "screened": len(served),
        "wss95_served": wss_app,
        "wss95_benchmark": wss_sim,
        "recall10_served": recall_app,
        "recall10_benchmark": recall_sim,
        "orders_identical": differ is None and len(served) == len(simulated),
        "first_difference": "" if differ is None else differ,
        "seconds": seconds,
        "load_average": os.getloadavg()[0],
    }


def wss(args: argparse.Namespace) -> list[dict[str, Any]]:
    from metasynth.config import load_config
    from metasynth.screen.settings import ScreeningSettings

    config = load_config(ROOT / "config/config.yaml")
    settings = ScreeningSettings.from_config(config["screening"]).queue
    rows = []
    for name in args.datasets:
        for seed in range(args.seeds):
            with tempfile.TemporaryDirectory(prefix="bench-serve-") as scratch:
                row = wss_run(name, seed, settings, Path(scratch))
            print(json.dumps(row), file=sys.stderr, flush=True)
            rows.append(row)
    return rows


# ----------------------------------------------------------------------------- main


def save(rows: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["when", *rows[0]], extrasaction="ignore")
        if new:
            writer.writeheader()
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        for row in rows:
            writer.writerow({"when": stamp, **row})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    jobs = parser.add_subparsers(dest="job", required=True)
    timing = jobs.add_parser("latency", help="next-record latency with many records waiting")
    timing.add_argument("--records", type=int, default=10_000)
    timing.add_argument("--decisions", type=int, default=300)
    timing.add_argument("--browser", type=int, default=0, help="also decide N in Chromium")
    quality = jobs.add_parser("wss", help="WSS@95 of the served order against bench_screen")
    quality.add_argument("--datasets", nargs="+", default=list(DATASETS))
    quality.add_argument("--seeds", type=int, default=1)
    args = parser.parse_args(argv)
    rows = latency(args) if args.job == "latency" else wss(args)
    save(rows, OUT / f"serve_{args.job}_runs.csv")
    print(pd.DataFrame(rows).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
