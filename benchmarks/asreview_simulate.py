"""ASReview's side of bench_screen.py: run ASReview LAB's default model in simulation mode.

Runs inside the benchmark's own venv (`.venv-bench-asreview`, made by `make bench-screen`), never
in the project's. Input (argv): a labelled dataset CSV and a JSON list of [seed, [prior record
indexes]]. For each, ASReview's default active-learning cycle (its `get_ai_config()` — ELAS u4 in
asreview 3.x: SVM on 1-2-gram TF-IDF with balanced sample weights), started from those priors and
retrained after every label as `asreview simulate` does, labels records until 95 % of the relevant
ones are found and at least 10 % of all records are screened (all the metrics need).
Output (stdout, JSON): {"model": ..., "asreview": version, "runs": [{"seed", "order", "seconds"}]}
where `order` is the row indexes in the order they were labelled (priors first).
"""

import json
import sys
import time

import asreview
from asreview import load_dataset
from asreview.learner import ActiveLearningCycle
from asreview.models.models import get_ai_config
from asreview.models.queriers import TopDown
from asreview.models.stoppers import IsFittable
from asreview.simulation.simulate import Simulate


class EnoughForMetrics:
    """Stop once recall reaches 95 % and 10 % of the records are labelled."""

    def __init__(self, labels):
        self.need = -(-95 * int(sum(labels)) // 100)
        self.ten_percent = -(-len(labels) // 10)

    def stop(self, results, labels):
        return int(results["label"].sum()) >= self.need and len(results) >= self.ten_percent


def main() -> int:
    dataset, plan = sys.argv[1], json.loads(sys.argv[2])
    config = get_ai_config()
    runs = []
    with load_dataset(dataset, dataset_id="bench") as db:
        frame = db.input.get_df()
        labels = db.input["included"]
        for seed, priors in plan:
            cycles = [
                ActiveLearningCycle(querier=TopDown(), stopper=IsFittable()),
                ActiveLearningCycle.from_meta(config["value"]),
            ]
            simulation = Simulate(
                frame, labels, cycles, stopper=EnoughForMetrics(labels), print_progress=False
            )
            simulation.label(priors)
            start = time.perf_counter()
            simulation.review()
            seconds = time.perf_counter() - start
            order = [int(i) for i in simulation._results["record_id"].to_numpy()]
            runs.append({"seed": seed, "order": order, "seconds": round(seconds, 1)})
    json.dump({"model": config["name"], "asreview": asreview.__version__, "runs": runs}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
