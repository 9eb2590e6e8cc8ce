"""Stopping guidance: the run since the last relevant record, the knee method, recall estimate."""

from __future__ import annotations

import pytest

from metasynth.screen.app.guidance import guidance, knee_slope_ratio


def test_records_since_the_last_relevant_one_are_counted() -> None:
    shown = guidance([1, 0, 1, 0, 0, 0], remaining=100)
    assert (shown.screened, shown.relevant, shown.since_last_relevant) == (6, 2, 3)


def test_without_a_relevant_record_every_record_counts_and_nothing_is_estimated() -> None:
    shown = guidance([0, 0, 0], remaining=10)
    assert shown.since_last_relevant == 3
    assert shown.estimated_recall is None
    assert shown.knee_rho is None


def test_the_knee_slope_ratio_compares_the_rates_before_and_after_the_knee() -> None:
    # 10 relevant in the first 20 records (the last at 20), then none in 180: the knee is at 20;
    # rho = (10 / 20) / ((1 + 0) / 180) = 90.
    flags = [0, 1] * 10 + [0] * 180
    assert knee_slope_ratio(flags) == pytest.approx(90.0)


def test_the_knee_rule_needs_150_records_and_its_threshold() -> None:
    early = guidance([0, 1] * 10 + [0] * 100, remaining=500)
    assert early.knee_rho is None and not early.knee_met
    late = guidance([0, 1] * 10 + [0] * 180, remaining=500)
    assert late.knee_threshold == 146.0  # 156 - min(10, 150)
    assert late.knee_rho == pytest.approx(90.0)
    assert not late.knee_met
    long_run = guidance([0, 1] * 10 + [0] * 400, remaining=500)
    assert long_run.knee_rho == pytest.approx((10 / 20) / (1 / 400))
    assert long_run.knee_met


def test_estimated_recall_extrapolates_the_last_hundred_records_to_the_rest() -> None:
    # 5 relevant in the last 100 -> rate (5 + 1) / 102; 40 found, 1,000 to go:
    # recall = 40 / (40 + 1000 * 6 / 102)
    flags = [1] * 35 + [0] * 65 + [1] * 5 + [0] * 95
    shown = guidance(flags, remaining=1000)
    assert shown.estimated_recall == pytest.approx(40 / (40 + 1000 * 6 / 102))
