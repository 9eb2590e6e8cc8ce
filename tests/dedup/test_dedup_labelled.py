"""Accuracy on the labelled deduplication sets (../shared/fixtures/dedup), shipped settings.

The figures are the benchmark's (benchmarks/bench_dedup.py, which also runs bib-dedupe and
prints the side-by-side table); these tests pin them so a change that loses precision or
sensitivity shows up. Per record: true positives (removed true duplicates), false positives
(removals that lose a publication), false negatives; per pair: precision.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from metasynth.config import load_config
from metasynth.dedup import deduplicate

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench(shared) -> ModuleType:
    """benchmarks/bench_dedup.py: the labelled sets' adapters and the scoring."""
    spec = importlib.util.spec_from_file_location(
        "bench_dedup", ROOT / "benchmarks" / "bench_dedup.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_dedup"] = module
    spec.loader.exec_module(module)
    return module


def scores(bench: ModuleType, name: str) -> tuple[int, int, int, float]:
    records, truth, _ = bench.to_records(name)
    result = deduplicate(records, None, load_config(ROOT / "config" / "config.yaml"))
    cluster_of = dict(zip(result.clusters["record_id"], result.clusters["cluster_id"], strict=True))
    s = bench.score_clusters(cluster_of, truth)
    return s.tp, s.fp, s.fn, round(s.precision, 4)


def test_asysd_diabetes_beats_the_stored_asysd_decisions(bench):
    # ASySD's own stored decisions on this set: TP 1259, FP 0, FN 2
    assert scores(bench, "asysd_diabetes") == (1260, 0, 1, 1.0)


def test_rathbone_stroke(bench):
    assert scores(bench, "rathbone2015/stroke") == (312, 0, 2, 1.0)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rathbone2015/cytology_screening", (771, 0, 1, 1.0)),
        ("rathbone2015/haematology", (122, 0, 13, 0.9852)),
        ("rathbone2015/respiratory", (423, 1, 13, 0.998)),
        ("wagner2021", (355, 0, 14, 1.0)),
    ],
)
def test_other_labelled_sets(bench, name, expected):
    assert scores(bench, name) == expected
