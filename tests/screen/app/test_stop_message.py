"""The line `metasynth screen serve` prints when it stops: where the reviewer's decisions are."""

from __future__ import annotations

from pathlib import Path

from metasynth.screen.app.server import stopped_message
from metasynth.screen.app.snapshot import OwnDecision

APP_FILE = Path("data/screening/title_abstract_R2.csv")


def _decided(files: list[str]) -> dict[str, OwnDecision]:
    return {
        f"WOS:{n:015d}": OwnDecision(
            publication=f"WOS:{n:015d}",
            named_record_id=f"WOS:{n:015d}",
            decision="include",
            reason="",
            note="",
            date="2023-04-12",
            source_file=file,
            source_line=n + 2,
        )
        for n, file in enumerate(files)
    }


def test_decisions_all_in_the_app_s_file_are_counted_there() -> None:
    decided = _decided([APP_FILE.as_posix()] * 3)
    assert stopped_message("R2", "title_abstract", APP_FILE, decided) == (
        "stopped; 3 decision(s) in data/screening/title_abstract_R2.csv"
    )


def test_decisions_imported_into_another_file_are_named_with_it() -> None:
    # R2 labelled 28 records in ASReview (imported into asreview_R2.csv), then decided the last
    # one in the app: the app said "29 decision(s) in data/screening/title_abstract_R2.csv",
    # a file of one row
    decided = _decided(["data/screening/asreview_R2.csv"] * 28 + [APP_FILE.as_posix()])
    assert stopped_message("R2", "title_abstract", APP_FILE, decided) == (
        "stopped; 29 title_abstract decision(s) by R2: 1 in "
        "data/screening/title_abstract_R2.csv, 28 in data/screening/asreview_R2.csv"
    )
