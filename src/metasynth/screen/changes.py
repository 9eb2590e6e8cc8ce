"""What two runs say differently about the publications, for `metasynth manifest compare`.

The manifest says which output files differ between two runs; an auditor (or a student after an
update) then asks which publications moved: newly found, gone, or settled differently. The fact
is owned by each run's `results/screening/status.csv` (one row per publication: status, stage,
reason); this compares two of them and recomputes nothing.

Input: the two status tables. Output: the count of each status in each run, and one row per
publication whose status or reason differs, then those only one run has, each part sorted by
record_id.
"""

from __future__ import annotations

import pandas as pd

CHANGE_COLUMNS = ["record_id", "first", "second"]


def _outcome(status: pd.DataFrame) -> pd.Series:
    """Each publication's status with its reason (`excluded_full_text (not_e_mentoring)`)."""
    reason = status["reason"].astype("string").fillna("")
    state = status["status"].astype("string")
    text = state.where(reason == "", state + " (" + reason + ")")
    return pd.Series(text.to_numpy(), index=status["record_id"].astype(str), dtype="string")


def status_counts(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """status, first, second: publications per status in each run (0 where a run has none),
    statuses in the order they first appear in the first run, then the second's."""
    counts = [table["status"].astype(str).value_counts(sort=False) for table in (first, second)]
    order = list(dict.fromkeys([*first["status"].astype(str), *second["status"].astype(str)]))
    return pd.DataFrame(
        {
            "status": order,
            "first": [int(counts[0].get(s, 0)) for s in order],
            "second": [int(counts[1].get(s, 0)) for s in order],
        }
    )


def status_changes(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """record_id, first, second: the publications whose status or reason differs between two
    runs' status tables, then those only the second run has, then those only the first has ("" on
    the side without it); each part sorted by record_id."""
    before, after = _outcome(first), _outcome(second)
    both = sorted(set(before.index) & set(after.index))
    parts = [
        [r for r in both if before[r] != after[r]],
        sorted(set(after.index) - set(before.index)),
        sorted(set(before.index) - set(after.index)),
    ]
    rows = [
        {"record_id": r, "first": before.get(r, ""), "second": after.get(r, "")}
        for part in parts
        for r in part
    ]
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS).astype("string")
