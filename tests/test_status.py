"""`metasynth status`'s next step while conflicts block, from a `ReviewStatus` as the command
builds it (the slow tests in tests/update/test_status.py run it on the default corpus), and the
note that ends a failed run."""

from __future__ import annotations

from pathlib import Path

from metasynth.dryrun import DryRun, PendingJob
from metasynth.status import Blocker, ReviewStatus, failed_jobs_note, format_status

CONFLICTS = Blocker(
    "26 open title_abstract conflict(s): WOS:000171079600006 and 25 more",
    "the resolver adds one title_abstract row for each",
    conflicts_at="title_abstract",
)
NEW_ROWS = "new input: data/screening/title_abstract_R3.csv"


def _next(status: ReviewStatus) -> str:
    return format_status(status).rstrip().rsplit("\n", 1)[-1]


def test_conflicts_counted_before_the_resolver_wrote_say_to_run_first() -> None:
    # the trial of session 14: R3 settled all 26 in the app while the run went on; status
    # still said "fix the problems above, then run", asking for rows already written
    plan = DryRun(jobs=(PendingJob("screen_publications", NEW_ROWS),))
    status = ReviewStatus(
        plan=plan, causes=[("screen_publications", [NEW_ROWS])], blockers=[CONFLICTS]
    )
    assert _next(status) == (
        "Next: run `snakemake --cores 2`: the decision files changed since the last run counted "
        "the conflicts above (rows written since may settle them); then `metasynth status` again."
    )


def test_conflicts_of_an_up_to_date_run_ask_the_resolver() -> None:
    status = ReviewStatus(blockers=[CONFLICTS])
    assert _next(status) == "Next: fix the problems above, then run `snakemake --cores 2`."


def test_outputs_only_missing_are_no_new_decisions() -> None:
    why = ["output missing: results/screening/status.csv"]
    plan = DryRun(jobs=(PendingJob("screen_publications", why[0]),))
    status = ReviewStatus(plan=plan, causes=[("screen_publications", why)], blockers=[CONFLICTS])
    assert _next(status) == "Next: fix the problems above, then run `snakemake --cores 2`."


def test_a_failed_job_whose_log_holds_no_error_is_left_to_snakemakes_message(
    tmp_path: Path,
) -> None:
    """A job killed, or stopped before it could log (its script did not import): no error of
    ours to repeat, so the end of the run names the rule and its log only."""
    log = tmp_path / "draw_prisma.log"
    log.write_text("INFO metasynth.figures: 3 figures to draw\n", encoding="utf-8")
    assert failed_jobs_note([("draw_prisma", [str(log)])]).splitlines() == [
        f"metasynth: rule draw_prisma failed ({log}): Snakemake's message above says why",
        "metasynth: `metasynth status` shows where the review stands and all that blocks it",
    ]
