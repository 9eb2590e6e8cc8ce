"""Stopping guidance for prioritised screening: indicators, never a rule.

Input: one reviewer's title/abstract decisions in the order they were made (1 = relevant:
include or maybe; 0 = exclude) and the number of records still in their queue. Output:
`Guidance`, shown in the app under the label "guidance, not a stopping rule":

- `since_last_relevant`: records screened since the last relevant one (a common heuristic is to
  stop after a run of irrelevant records, e.g. 5 % of the total or 100 in a row);
- the knee method of Cormack & Grossman (2016, "Engineering quality and reliability in
  technology-assisted review", SIGIR): the gain curve (relevant found against records screened)
  bends at the knee, the point farthest from its chord (Satopää et al.'s Kneedle on the
  normalised curve); the slope ratio rho = (relevant at the knee / records at the knee) /
  ((1 + relevant after it) / records after it) is compared with their threshold
  156 - min(relevant found, 150), after at least 150 records;
- `estimated_recall`: found / (found + remaining × r), where r = (relevant among the last
  `window` records + 1) / (window + 2). It assumes the rest of the queue holds relevant
  records no more often than the last records screened — true of a good ranking (where the
  estimate errs low) and, on average, of a random order (fair but noisy) — so it is an estimate
  under that assumption, not a measurement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

KNEE_MIN_SCREENED = 150
RECENT_WINDOW = 100


@dataclass(frozen=True)
class Guidance:
    """Indicators of how much the rest of the queue is likely to hold."""

    screened: int
    relevant: int
    since_last_relevant: int
    knee_rho: float | None  # None before KNEE_MIN_SCREENED records or without a relevant one
    knee_threshold: float
    knee_met: bool
    estimated_recall: float | None  # None before any relevant record


def knee_slope_ratio(relevant_flags: Sequence[int]) -> float | None:
    """Cormack & Grossman's slope ratio at the knee of the gain curve, or None when flat."""
    screened = len(relevant_flags)
    gains, found = [], 0
    for flag in relevant_flags:
        found += 1 if flag else 0
        gains.append(found)
    if screened == 0 or found == 0:
        return None
    best, knee = -1.0, 0
    for index, gain in enumerate(gains[:-1], start=1):
        distance = gain / found - index / screened
        if distance > best:
            best, knee = distance, index
    if knee == 0:
        return None
    at_knee = gains[knee - 1]
    return (at_knee / knee) / ((1 + found - at_knee) / (screened - knee))


def guidance(relevant_flags: Sequence[int], remaining: int) -> Guidance:
    """The stopping indicators for decisions made in this order, with `remaining` to go."""
    screened = len(relevant_flags)
    relevant = sum(1 for flag in relevant_flags if flag)
    last = max((i for i, flag in enumerate(relevant_flags) if flag), default=-1)
    since = screened - 1 - last if last >= 0 else screened
    rho = knee_slope_ratio(relevant_flags) if screened >= KNEE_MIN_SCREENED else None
    threshold = 156.0 - min(relevant, 150)
    recall: float | None = None
    if relevant:
        window = list(relevant_flags[-RECENT_WINDOW:])
        rate = (sum(1 for flag in window if flag) + 1) / (len(window) + 2)
        recall = relevant / (relevant + remaining * rate)
    return Guidance(
        screened=screened,
        relevant=relevant,
        since_last_relevant=since,
        knee_rho=rho,
        knee_threshold=threshold,
        knee_met=rho is not None and rho >= threshold,
        estimated_recall=recall,
    )
