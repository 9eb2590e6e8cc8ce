"""The stage part of the report: where the review stands, and what each step is waiting for.

A review is reported long before it is finished. This part shows, from results/progress.csv
(`metasynth.progress`), the one stage the review is at (a banner at the top of the page) and
every step with its counts and what it waits for, so that an empty figure or table further down
reads as "not yet" rather than as a finding.
"""

from __future__ import annotations

import pandas as pd

from metasynth.progress import STATE_LABELS
from metasynth.report.html import Child, Markup, breakable, element, link, table
from metasynth.report.page import Body, Page, Section, body, note, number
from metasynth.text import as_text

SECTION_ID = "stage"


def _counts(row: dict[str, object]) -> str:
    done, total = as_text(row["n_done"]), as_text(row["n_total"])
    if not done or as_text(row["state"]) in ("waiting", "not_enough_data"):
        return ""
    counted = f"{number(done)} of {number(total)}" if total else number(done)
    return f"{counted} {as_text(row['unit'])}".strip()


def _current(progress: pd.DataFrame) -> dict[str, object] | None:
    flags = progress["is_current"].astype(str).str.lower() == "true"
    rows = progress[flags].to_dict("records")
    return rows[0] if rows else None


def stage_banner(page: Page) -> Markup | None:
    """One line under the title: the stage the review is at and what it waits for."""
    progress = page.inputs.progress
    if progress.empty or (current := _current(progress)) is None:
        return None
    waiting = as_text(current["waiting_for"])
    if as_text(current["state"]) == "done":
        text: list[Child] = ["every stage is done; the report shows the whole review."]
    else:
        text = [element("strong", as_text(current["label"])), f" — {waiting}." if waiting else "."]
    return element(
        "p",
        element("strong", "Stage of this review: "),
        *text,
        " ",
        link(SECTION_ID, "Every step"),
        class_="banner stage",
    )


def _stage(page: Page) -> Body:
    progress = page.inputs.progress
    if progress.empty:
        return body(note(f"{page.file('progress')} is not available in this run.", "warning"))
    rows = []
    for row in progress.to_dict("records"):
        label: Child = as_text(row["label"])
        if as_text(row["is_current"]).lower() == "true":
            label = element("strong", label, " (current)")
        state = as_text(row["state"])
        rows.append(
            [
                label,
                STATE_LABELS.get(state, state),
                _counts(row),
                breakable(as_text(row["waiting_for"])),  # it may name files: wraps at "/"
            ]
        )
    return body(
        table(
            ["Step", "State", "Done", "Waiting for"],
            rows,
            numeric=[],
            caption="Each step of the review and the statistics of the synthesis "
            f"({page.file('progress')}): later parts of this report fill in as the steps are done",
        ),
        intro="Every run rebuilds this report from the files as they are, so a review that is "
        "still being screened or coded shows what it has so far. Steps marked waiting start when "
        "an earlier step moves on; statistics marked not enough data appear once enough documents "
        "are coded.",
    )


STAGE = Section(SECTION_ID, "Where the review stands", _stage)
