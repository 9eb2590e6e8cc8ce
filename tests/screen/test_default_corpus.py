"""The default corpus's generated decisions, and the workflow on it: exactly 80 included (the
session's run of the whole workflow on a clean checkout, `finished_run`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metasynth.config import load_config
from metasynth.screen.agreement import compute_agreement
from metasynth.screen.decisions import read_decision_files, validate_decisions
from metasynth.screen.settings import ScreeningSettings
from synthetic.corpus import DEFAULT_SEED, build_corpus
from synthetic.publications import Corpus
from synthetic.screening import write_screening


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build_corpus(DEFAULT_SEED)


@pytest.fixture(scope="module")
def generated(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    write_screening(corpus, root, DEFAULT_SEED)
    return root


@pytest.fixture(scope="module")
def decisions(generated: Path, corpus: Corpus, root: Path) -> pd.DataFrame:
    settings = ScreeningSettings.from_config(
        load_config(root / "config" / "config.yaml")["screening"]
    )
    members = {r.record_id: p.primary.record_id for p in corpus.publications for r in p.records}
    files = sorted((generated / "data" / "screening").glob("*.csv"))
    return validate_decisions(read_decision_files(files), settings, members)


def test_the_generated_decisions_use_the_configured_reviewers_and_reasons(
    decisions: pd.DataFrame,
) -> None:
    assert sorted(decisions["reviewer"].unique()) == ["R1", "R2", "R3"]
    assert decisions.groupby("stage").size().to_dict() == {
        "full_text": 364,
        "retrieval": 174,
        "title_abstract": 2156,
    }


def test_agreement_is_realistic(decisions: pd.DataFrame) -> None:
    kappa = (
        compute_agreement(decisions, maybe_as="include")
        .set_index("stage")["kappa"]
        .astype(float)
        .to_dict()
    )
    assert kappa == {"title_abstract": 0.776, "full_text": 0.886}
    assert all(0.75 <= k <= 0.9 for k in kappa.values())


def test_every_screened_publication_gets_both_reviewers(
    decisions: pd.DataFrame, corpus: Corpus
) -> None:
    screened = {p.primary.record_id for p in corpus.publications if p.fate != "excluded_automatic"}
    at_title_abstract = decisions[
        (decisions["stage"] == "title_abstract") & ~decisions["is_resolution"]
    ]
    assert set(at_title_abstract["publication_id"]) == screened
    assert at_title_abstract.groupby("publication_id").size().eq(2).all()


def test_casp_totals_separate_the_planned_inclusions(generated: Path, corpus: Corpus) -> None:
    rows = pd.concat(
        pd.read_csv(path, dtype={"record_id": str})
        for path in sorted((generated / "data" / "appraisal").glob("*.csv"))
    )
    totals = rows.set_index("record_id")[[f"q{i}" for i in range(1, 11)]].sum(axis=1)
    fate = {p.primary.record_id: p.fate for p in corpus.publications}
    included = [t for r, t in totals.items() if fate[r] == "included"]
    excluded = [t for r, t in totals.items() if fate[r] == "excluded_appraisal"]
    assert (len(included), len(excluded)) == (80, 22)
    assert min(included) >= 30 > max(excluded)


@pytest.mark.slow
def test_the_workflow_includes_exactly_80_and_the_counts_add_up(finished_run: Path) -> None:
    # the session's run of the whole workflow on a clean checkout, as CI has it (tests/conftest.py)
    screening = finished_run / "results" / "screening"
    status = pd.read_csv(screening / "status.csv")
    assert status["status"].value_counts().to_dict() == {
        "excluded_title_abstract": 860,
        "excluded_automatic": 158,
        "included": 80,
        "excluded_full_text": 66,
        "excluded_appraisal": 22,
        "not_retrieved": 6,
    }
    checks = pd.read_csv(screening / "prisma_checks.csv")
    assert checks["holds"].eq("yes").all() and len(checks) == 14
    prisma = dict(pd.read_csv(screening / "prisma_counts.csv", keep_default_na=False).values)
    assert (prisma["database_results"], prisma["duplicates"], prisma["new_studies"]) == (
        "1435",
        "237",
        "80",
    )
    # six correction notices are linked to their articles: reports, not records screened apart
    assert (prisma["excluded_other"], prisma["new_reports"]) == ("6", "83")
    assert pd.read_csv(screening / "queue.csv").empty  # every publication is decided
    assert (finished_run / "results" / "figures" / "prisma.png").stat().st_size > 50_000
