"""The default corpus's coding (data/coded/, written by synthetic.coding) gives the
reference framework back: 3 categories, 9 sub-categories, every concept supported by exactly the
included publications whose ground truth lists it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metasynth.synthesise import SynthesisSettings
from metasynth.synthesise.aggregate import framework_table
from metasynth.synthesise.checks import check_included, coding_todo, map_codes
from metasynth.synthesise.codebook import Codebook, load_codebook
from metasynth.synthesise.qda.projects import read_project_codes
from metasynth.synthesise.reliability import reliability_table, units_concepts
from metasynth.synthesise.sources import import_codes
from synthetic.coding import DOUBLE_CODED_SHARE, UNMAPPED_CODES
from synthetic.corpus import DEFAULT_SEED, build_corpus


@pytest.fixture(scope="module")
def truth() -> dict[str, set[str]]:
    """Concept id → the primary record_ids of the included publications that support it."""
    supported: dict[str, set[str]] = {}
    for publication in build_corpus(DEFAULT_SEED).included():
        for concept in publication.concepts:
            supported.setdefault(concept, set()).add(publication.primary.record_id)
    return supported


@pytest.fixture(scope="module")
def default_codebook(root: Path) -> Codebook:
    return load_codebook(root / "data" / "coded" / "codebook.yaml")


@pytest.fixture(scope="module")
def default_codings(root: Path, default_codebook: Codebook) -> tuple[pd.DataFrame, pd.DataFrame]:
    settings = SynthesisSettings.from_config(
        {
            "coders": ["coder_1", "coder_2"],
            "sources": [
                {"path": str(root / "data" / "coded" / "codes.csv")},
                {"path": str(root / "data" / "coded" / "second_coder.qdpx")},
            ],
        }
    )
    codes, notices = import_codes(settings.sources, settings)
    assert notices == []
    return map_codes(
        codes, default_codebook, coders=settings.coders, aggregate_coders=settings.aggregate_coders
    )


def test_codebook_is_the_three_by_three_framework(default_codebook: Codebook) -> None:
    assert [c.id for c in default_codebook.categories] == [
        "dimensions",
        "processes",
        "requirements",
    ]
    assert [s.id for s in default_codebook.subcategories] == [
        "technical",
        "managerial",
        "communication",
        "main",
        "support",
        "management",
        "mentor",
        "platform",
        "organisation",
    ]
    assert 40 <= len(default_codebook.concepts) <= 60
    assert default_codebook.notices == ()


def test_framework_reproduces_the_ground_truth(
    default_codebook: Codebook,
    default_codings: tuple[pd.DataFrame, pd.DataFrame],
    truth: dict[str, set[str]],
) -> None:
    framework = framework_table(default_codings[0], default_codebook)
    concepts = framework[framework["level"] == "concept"]
    found = {row.concept: set(row.record_ids.split("; ")) - {""} for row in concepts.itertuples()}
    assert found == {c.id: truth.get(c.id, set()) for c in default_codebook.concepts}
    assert (framework["level"] == "category").sum() == 3
    assert (framework["level"] == "subcategory").sum() == 9
    documents = set().union(*truth.values())
    assert len(documents) == 80
    all_ids = set().union(*(set(r.split("; ")) for r in framework["record_ids"] if r))
    assert all_ids == documents


def test_every_included_document_is_coded_and_nothing_else(
    default_codings: tuple[pd.DataFrame, pd.DataFrame], truth: dict[str, set[str]]
) -> None:
    codings = default_codings[0]
    documents = sorted(set().union(*truth.values()))
    status = pd.DataFrame({"record_id": documents, "status": "included"})
    assert check_included(codings, status) == documents
    assert coding_todo(documents, codings).empty


def test_unmapped_codes_are_only_the_planted_ones(
    default_codings: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    unmapped = default_codings[1]
    assert sorted(unmapped["code"]) == sorted(UNMAPPED_CODES)
    typo = unmapped[unmapped["code"] == "platfrom usabilty"].iloc[0]
    assert typo["closest_concept"] == "platform_usability"


def test_second_coder_double_codes_a_fifth_with_realistic_agreement(
    default_codebook: Codebook, default_codings: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    codings = default_codings[0]
    second = codings[codings["coder"] == "coder_2"]
    assert second["record_id"].nunique() == round(DOUBLE_CODED_SHARE * 80) == 16
    assert not second["in_synthesis"].any()  # the first coder's codings build the framework
    table = reliability_table(codings, units_concepts(codings, default_codebook))
    overall = table[table["scope"] == "overall"].iloc[0]
    assert overall["n_documents"] == 16
    assert 0.7 <= overall["kappa"] <= 0.9
    assert overall["kappa"] == pytest.approx(overall["alpha"], abs=0.01)


def test_second_coder_project_is_valid_refi_qda(root: Path, shared: Path) -> None:
    codes, notices = read_project_codes(
        root / "data" / "coded" / "second_coder.qdpx", xsd_dir=shared / "qda" / "xsd"
    )
    assert notices == []
    assert codes["source_ref"].str.startswith("<PlainTextSelection ").all()
    assert codes["location"].str.fullmatch(r"chars \d+-\d+").all()
    assert codes["code_path"].str.count(" > ").eq(1).all()  # grouped by sub-category


def test_default_codebook_round_trips_through_qdc(
    default_codebook: Codebook, tmp_path: Path
) -> None:
    from metasynth.synthesise.codebook import codebook_from_qdc
    from metasynth.synthesise.qda.export import export_qdc

    path = tmp_path / "default.qdc"
    path.write_bytes(export_qdc(default_codebook).data)
    assert codebook_from_qdc(path) == default_codebook
