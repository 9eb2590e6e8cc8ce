"""The plan of the corpus is read from data/plan.yaml: its counts, its groups, its guard rails."""

from __future__ import annotations

import copy
import random

import pytest

from synthetic.data_files import load_yaml
from synthetic.plan import PLAN, Planner
from synthetic.texts import NOT_MENTORING_SPECIALS


def planned(plan: dict[str, object] | None = None, seed: int = 1) -> Planner:
    planner = Planner(random.Random(seed), plan)
    planner.plan()
    return planner


def test_the_counts_give_1198_publications_and_80_included() -> None:
    assert sum(PLAN.values()) == 1198
    assert PLAN[("included", "")] == 80
    assert PLAN[("not_retrieved", "")] == 6
    assert PLAN[("excluded_title_abstract", "not_mentoring")] == 320


def test_a_group_repeated_six_times_gives_six_near_miss_pairs() -> None:
    near = planned().near
    kinds = [kind for _, _, kind, _ in near]
    assert kinds.count("conference_and_journal_version") == 6
    assert kinds.count("same_generic_title") == 3
    assert kinds.count("correction_notice") == 6


def test_a_pair_shares_the_values_its_group_drew() -> None:
    planner = planned()
    for a, b, kind, _ in planner.near:
        if kind == "conference_and_journal_version":
            first, second = planner.specs[a], planner.specs[b]
            assert (first.context, first.design, first.team) == (
                second.context,
                second.design,
                second.team,
            )
            assert first.year < second.year <= min(2023, first.year + 2)


def test_a_misspelt_field_is_refused_with_its_block() -> None:
    plan = copy.deepcopy(load_yaml("plan.yaml"))
    plan["special"][0]["contxt"] = plan["special"][0].pop("context")
    with pytest.raises(ValueError, match=r"unknown fields \['contxt'\]"):
        planned(plan)


def test_a_plan_the_recipes_do_not_meet_is_refused() -> None:
    plan = copy.deepcopy(load_yaml("plan.yaml"))
    plan["counts"]["not_retrieved"] = 7
    plan["rest"] = [b for b in plan["rest"] if b["fate"] != "not_retrieved"]
    with pytest.raises(AssertionError, match="plan not met"):
        planned(plan)


def test_the_plan_names_each_one_off_text_once() -> None:
    specials = [b["special"] for b in load_yaml("plan.yaml")["rest"] if "special" in b]
    assert sorted(specials) == list(range(len(NOT_MENTORING_SPECIALS)))
