"""Fuzz every reader with damaged real files (issue 15): no traceback, no silent loss.

Hypothesis draws a real file (`hostile.SOURCES`: every export reader through `metasynth ingest`;
decision, appraisal, verdict and codes tables, Taguette, REFI-QDA and the YAML codebook through
the functions the rules call), a change that keeps its records, a storage (UTF-8 with or without
BOM, UTF-16) and damage; `hostile.run_case` reads the result and judges it (see hostile.py). A
short, repeatable campaign runs here (METASYNTH_FUZZ_CASES cases, 300 by default; marked slow,
so in `make test`, not in `make test-fast`); `make fuzz` runs thousands of cases and prints the
counts.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile import DAMAGE, KEEPS, SHARED, SOURCES, STORAGE, run_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CASES = int(os.environ.get("METASYNTH_FUZZ_CASES", "300"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared fixtures not found at {SHARED}"),
]


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(
    max_examples=CASES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    source=st.sampled_from(SOURCES),
    keep=st.sampled_from([None, *KEEPS]),
    storage=st.sampled_from(STORAGE),
    damage=st.sampled_from(DAMAGE),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_a_damaged_file_is_read_warned_about_or_refused(
    work: Path, source: Path, keep: str | None, storage: str, damage: str, seed: int
) -> None:
    verdict = run_case(source, keep, storage, damage, seed, work)
    assert not verdict.failed, f"{verdict.kind}: {verdict.case}: {verdict.detail}"
