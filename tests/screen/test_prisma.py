"""PRISMA 2020 counts: derived from states, in the official CSV schema, invariants enforced."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metasynth.screen.prisma import count_prisma
from metasynth.screen.prisma_checks import PrismaInvariantError, check_invariants
from metasynth.screen.prisma_table import TEMPLATE_KEYS, from_frame, to_frame

STATUS_COUNTS = {
    "excluded_automatic": 4,
    "excluded_title_abstract": 10,
    "not_retrieved": 2,
    "excluded_full_text": 3,
    "excluded_appraisal": 1,
    "included": 5,
}


def _world(extra: dict[str, int] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """25 publications in the given states; 3 of them exported twice (28 entries)."""
    rows = []
    for status, n in {**STATUS_COUNTS, **(extra or {})}.items():
        for i in range(n):
            reason = ""
            if status == "excluded_full_text":
                reason = ["off_topic", "off_topic", "no_framework_content"][i % 3]
            elif status == "excluded_automatic":
                reason = "year_range"
            rows.append({"record_id": f"{status}{i:02d}", "status": status, "reason": reason})
    status = pd.DataFrame(rows)
    ids = status["record_id"].tolist()
    entries = pd.DataFrame(
        {
            "record_id": ids + ids[:3],
            "database": ["WOS"] * len(ids) + ["Scopus"] * 3,
            "search_run": ["wos-2024"] * len(ids) + ["scopus-2024"] * 3,
        }
    )
    entries["publication_id"] = entries["record_id"]
    return entries, status


LABELS = {"off_topic": "Not about electronic mentoring", "no_framework_content": "No framework"}


def _counts(extra: dict[str, int] | None = None):
    entries, status = _world(extra)
    return count_prisma(entries, status, full_text_labels=LABELS, appraisal_label="Low quality")


def test_counts_follow_the_states() -> None:
    c = _counts()
    assert (c.identified, c.duplicates, c.excluded_automatic, c.screened) == (28, 3, 4, 21)
    assert (c.excluded_screening, c.sought, c.not_retrieved, c.assessed) == (10, 11, 2, 9)
    assert c.excluded_full_text == (("Not about electronic mentoring", 2), ("No framework", 1))
    assert (c.excluded_appraisal, c.included) == (1, 5)
    assert c.identified_by_database == (("WOS", 25), ("Scopus", 3))


def test_the_invariants_hold_for_a_finished_review() -> None:
    entries, status = _world()
    counts = count_prisma(entries, status, full_text_labels=LABELS)
    checks = check_invariants(counts, entries, status)
    assert checks["holds"].tolist() == ["yes"] * len(checks)
    assert checks.iloc[3]["equation"] == (
        "assessed 9 - excluded (all reasons) 3 - excluded by appraisal 1 - pending 0 = included"
    )


def test_the_invariants_hold_while_decisions_are_pending() -> None:
    entries, status = _world({"awaiting_title_abstract": 2, "conflict_full_text": 1})
    counts = count_prisma(entries, status, full_text_labels=LABELS)
    assert (counts.pending_screening, counts.pending_assessment) == (2, 1)
    assert check_invariants(counts, entries, status)["holds"].eq("yes").all()


def test_a_broken_invariant_stops_with_the_equation() -> None:
    entries, status = _world()
    counts = count_prisma(entries, status, full_text_labels=LABELS)
    broken = type(counts)(**{**counts.__dict__, "sought": counts.sought + 1})
    with pytest.raises(
        PrismaInvariantError, match=r"screened 21 - excluded 10 - pending 0 = sought"
    ):
        check_invariants(broken)


def test_an_entry_without_publication_breaks_the_state_check() -> None:
    entries, status = _world()
    entries.loc[0, "publication_id"] = "gone"
    counts = count_prisma(entries, status, full_text_labels=LABELS)
    with pytest.raises(PrismaInvariantError, match="entries whose publication"):
        check_invariants(counts, entries, status)


def test_the_csv_uses_the_official_template_keys_in_order(shared: Path) -> None:
    template = pd.read_csv(shared / "prisma" / "PRISMA2020_template_PRISMA.csv")
    official = [k for k in template["data"].dropna() if k in TEMPLATE_KEYS]
    frame = to_frame(_counts())
    assert list(frame.columns) == ["data", "n"]
    assert frame["data"].tolist()[: len(TEMPLATE_KEYS)] == official == list(TEMPLATE_KEYS)


def test_the_csv_carries_breakdowns_in_the_template_format() -> None:
    values = dict(zip(*to_frame(_counts()).to_dict("list").values(), strict=True))
    assert values["database_specific_results"] == "WOS, 25; Scopus, 3"
    assert values["dbr_excluded"] == (
        "Not about electronic mentoring, 2; No framework, 1; Low quality, 1"
    )
    assert values["new_studies"] == "5"


def test_the_csv_reads_back_to_the_same_counts() -> None:
    counts = _counts({"awaiting_retrieval": 1})
    assert from_frame(to_frame(counts), file="prisma_counts.csv") == counts
