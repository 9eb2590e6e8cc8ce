"""The worked example's files: what the generator plans, and that every file reads cleanly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from metasynth.checklist import load_checklist
from metasynth.ingest import read_exports
from metasynth.searches import load_searches
from metasynth.tables import read_hand_table
from synthetic.publications import Corpus
from synthetic.update import DUPLICATE_PLAN, NEW_PLAN, UPDATE_DIR, Update

CASP_ROW = load_checklist("casp_qualitative").row_schema()
"""The row schema of a CASP appraisal file (the checklist's own)."""

EXAMPLE = Path(UPDATE_DIR)


def test_the_plan_is_8_duplicates_and_10_new_publications(update: Update, corpus: Corpus) -> None:
    truth = update.truth()
    assert len(truth) == len(DUPLICATE_PLAN) + len(NEW_PLAN) == 18
    new = truth[truth["is_new"]]
    assert Counter(new["fate"]) == Counter(fate for fate, _ in NEW_PLAN)
    duplicates = truth[~truth["is_new"]]
    assert Counter(duplicates["match"]) == {"doi": 6, "title": 2}
    fates = [corpus.publication_of(r).fate for r in duplicates["duplicates"]]
    assert Counter(fates) == Counter(fate for fate, _, _ in DUPLICATE_PLAN)


def test_the_export_reads_as_18_scopus_records_with_the_truths_record_ids(
    root: Path, update: Update
) -> None:
    read = read_exports([root / EXAMPLE / "scopus_2024.ris"])
    assert read.records is not None
    assert read.report["source_format"].tolist() == ["ris"]
    assert read.report["bom"].tolist() == [True]
    assert read.warnings.empty
    assert sorted(read.records["record_id"]) == update.truth()["record_id"].tolist()
    assert set(read.records["database"]) == {"Scopus"}
    # new studies are of 2021-2023 and in English, like the review's scope (one 2024 article)
    new = read.records[read.records["record_id"].isin({r.record_id for r in update.new()})]
    assert sorted(new["year"].tolist()) == sorted(r.year for r in update.new())
    assert set(new["language"]) == {"English"}


def test_the_manifest_entry_declares_review_version_2(root: Path, tmp_path: Path) -> None:
    base = (root / "data" / "raw" / "searches.yaml").read_text(encoding="utf-8")
    entry = (root / EXAMPLE / "searches.yaml").read_text(encoding="utf-8")
    (tmp_path / "scopus_2024").mkdir()
    (tmp_path / "scopus_2024" / "scopus_2024.ris").write_text("x", encoding="utf-8")
    for run in ("wos_primary", "wos_supplementary"):
        (tmp_path / run).mkdir()
    for name in ("savedrecs.txt", "savedrecs(1).txt", "savedrecs(2).txt"):
        (tmp_path / "wos_primary" / name).write_text("x", encoding="utf-8")
    (tmp_path / "wos_supplementary" / "savedrecs.txt").write_text("x", encoding="utf-8")
    (tmp_path / "searches.yaml").write_text(base + entry, encoding="utf-8")
    runs = load_searches(tmp_path / "searches.yaml")
    assert [(r.id, r.review_version, r.database) for r in runs][-1] == (
        "scopus_2024",
        2,
        "Scopus",
    )
    assert runs[-1].files == ("scopus_2024/scopus_2024.ris",)


@pytest.mark.parametrize(
    ("folder", "schema"),
    [("screening", "screening_decisions"), ("appraisal", CASP_ROW), ("coded", "codes")],
)
def test_the_files_to_add_are_valid_and_name_only_new_publications(
    root: Path, update: Update, folder: str, schema: Any
) -> None:
    new = {r.record_id for r in update.new()}
    paths = sorted((root / EXAMPLE / folder).glob("*.csv"))
    assert paths
    for path in paths:
        rows = read_hand_table(path, schema)
        assert set(rows["record_id"]) <= new, path.name


def test_the_decisions_settle_every_new_eligible_publication_as_planned(
    root: Path, update: Update
) -> None:
    folder = root / EXAMPLE / "screening"
    rows = [read_hand_table(p, "screening_decisions") for p in sorted(folder.glob("*.csv"))]
    ta = [r for frame in rows for r in frame.to_dict("records") if r["stage"] == "title_abstract"]
    eligible = {r.record_id for r in update.new() if r.fate != "excluded_automatic"}
    assert {r["record_id"] for r in ta} == eligible
    assert Counter(r["reviewer"] for r in ta) == {"R1": 8, "R2": 8, "R3": 1}
    assert [r["decision"] for r in ta if r["reviewer"] == "R3"] == ["include"]
