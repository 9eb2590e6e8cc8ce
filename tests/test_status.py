"""`metasynth status`'s next step while conflicts block, from a `ReviewStatus` as the command
builds it (the slow tests in tests/update/test_status.py run it on the default corpus), and the
note that ends a failed run."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from metasynth.dryrun import DryRun, PendingJob
from metasynth.status import (
    Blocker,
    LastRun,
    ReviewStatus,
    failed_jobs_note,
    format_status,
    read_last_run,
)

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


# The trial of session 19 (a WOS and Scopus review made with `metasynth init`), status typed
# while a run worked: "Last run: … (results/figures/.corpus_languages.png.17979-vm.bhyeclr8
# .partial)", a temporary file of that run, and "draw_corpus_figures: left incomplete by a
# stopped run" about the job it was doing.


def test_the_last_run_is_named_by_an_output_not_by_a_temporary_file(tmp_path: Path) -> None:
    figures = tmp_path / "results" / "figures"
    figures.mkdir(parents=True)
    output = figures / "corpus_years.png"
    partial = figures / ".corpus_languages.png.17979-vm.bhyeclr8.partial"
    output.write_bytes(b"png")
    partial.write_bytes(b"half a png")
    os.utime(output, (1_700_000_000, 1_700_000_000))
    os.utime(partial, (1_700_000_060, 1_700_000_060))
    last = read_last_run(tmp_path / "results", tmp_path / ".snakemake")
    assert last.newest_file == "results/figures/corpus_years.png"
    assert last.when == dt.datetime.fromtimestamp(1_700_000_000, tz=dt.UTC)


def _incomplete_figures(running: tuple[int, ...]) -> list[str]:
    status = ReviewStatus(
        last_run=LastRun(
            when=dt.datetime(2026, 12, 7, 9, 24, tzinfo=dt.UTC),
            newest_file="results/manifest.tsv",
            running=running,
        ),
        plan=DryRun(jobs=(PendingJob("draw_corpus_figures", "Incomplete output files"),)),
        causes=[("draw_corpus_figures", ["left incomplete by a stopped run"])],
    )
    return format_status(status).splitlines()


def test_while_a_run_works_the_outputs_it_writes_are_not_a_stopped_runs() -> None:
    lines = _incomplete_figures(running=(16820,))
    assert "    draw_corpus_figures: being written by the run working now" in lines
    assert not any("stopped run" in line for line in lines)


def test_with_no_run_going_on_incomplete_outputs_are_a_stopped_runs() -> None:
    assert "    draw_corpus_figures: left incomplete by a stopped run" in _incomplete_figures(())
