"""The large benchmark exports: reproducible, realistic in size, with exactly known duplicates."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from metasynth.errors import InputError
from synthetic import split_export, write_benchmark_export

from .helpers import read_plaintext, value


@pytest.fixture(scope="module")
def export_with_duplicates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("bench") / "bench.txt"
    truth = write_benchmark_export(path, 600, seed=7, duplicate_share=0.2)
    return path, truth


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    write_benchmark_export(first, 150, seed=3, duplicate_share=0.1)
    write_benchmark_export(second, 150, seed=3, duplicate_share=0.1)
    assert (
        hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    )


def test_other_seed_gives_other_records(tmp_path: Path) -> None:
    truth_a = write_benchmark_export(tmp_path / "a.txt", 50, seed=1)
    truth_b = write_benchmark_export(tmp_path / "b.txt", 50, seed=2)
    assert set(truth_a["record_id"]).isdisjoint(set(truth_b["record_id"]))


def test_truth_has_one_row_per_record_in_file_order(export_with_duplicates) -> None:
    path, truth = export_with_duplicates
    records = read_plaintext(path)
    assert len(records) == 600
    assert list(truth["record_id"]) == [value(r, "UT") for r in records]
    assert truth["record_id"].is_unique
    assert list(truth.columns) == ["record_id", "publication_key", "variations"]


def test_exactly_the_requested_share_are_duplicates(export_with_duplicates) -> None:
    _, truth = export_with_duplicates
    duplicates = truth[truth["variations"] != ""]
    assert len(duplicates) == 120
    assert truth["publication_key"].nunique() == 480
    originals = set(truth.loc[truth["variations"] == "", "publication_key"])
    assert set(duplicates["publication_key"]) <= originals


def test_duplicates_differ_as_their_variations_say(export_with_duplicates) -> None:
    path, truth = export_with_duplicates
    records = {value(r, "UT"): r for r in read_plaintext(path)}
    original_of = {
        row.publication_key: records[row.record_id]
        for row in truth.itertuples()
        if row.variations == ""
    }
    checked = 0
    for row in truth[truth["variations"] != ""].itertuples():
        record = records[row.record_id]
        original = original_of[row.publication_key]
        names = row.variations.split("; ")
        if "doi_missing" in names:
            assert "DI" not in record and "DI" in original
        if "early_access_version" in names:
            assert "PY" not in record and "Article; Early Access" in value(record, "DT")
            assert (
                int(value(record, "EY")) == int(value(original, "PY") or value(original, "EY")) - 1
            )
        if "journal_abbreviated" in names:
            assert value(record, "SO") == value(original, "JI")
        if "title_upper_case" in names and len(names) == 1:
            assert value(record, "TI") == value(original, "TI").upper()
        if names == ["pages_missing"]:
            assert not {"BP", "EP", "AR", "PG"} & set(record)
        checked += 1
    assert checked == 120


def test_identifiers_are_visibly_synthetic(export_with_duplicates) -> None:
    path, _ = export_with_duplicates
    for record in read_plaintext(path):
        assert value(record, "UT").startswith("WOS:999") and len(value(record, "UT")) == 19
        if "DI" in record:
            assert value(record, "DI").startswith("10.5555/")
        for email in value(record, "EM").split("; "):
            assert email.endswith("@example.org")
        if "PM" in record:
            assert int(value(record, "PM")) >= 99_000_000


def test_records_are_about_six_kilobytes(tmp_path: Path) -> None:
    path = tmp_path / "size.txt"
    write_benchmark_export(path, 400, seed=11)
    average = path.stat().st_size / 400
    assert 5_500 < average < 7_000


def test_header_bom_and_footer_like_a_real_export(export_with_duplicates) -> None:
    path, _ = export_with_duplicates
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfFN Clarivate Analytics Web of Science\nVR 1.0\nPT J\n")
    assert data.endswith(b"ER\n\nEF\n")
    assert b"\r" not in data


def test_split_export_names_and_fills_batches_like_wos(tmp_path: Path) -> None:
    source = tmp_path / "all.txt"
    write_benchmark_export(source, 450, seed=5)
    files = split_export(source, tmp_path / "split", records_per_file=200)
    assert [f.name for f in files] == ["savedrecs.txt", "savedrecs(1).txt", "savedrecs(2).txt"]
    counts = [len(read_plaintext(f)) for f in files]
    assert counts == [200, 200, 50]
    original = read_plaintext(source)
    assert [r for f in files for r in read_plaintext(f)] == original
    for f in files:
        data = f.read_bytes()
        assert data.startswith(b"\xef\xbb\xbfFN Clarivate") and data.endswith(b"ER\n\nEF\n")


def test_split_export_refuses_text_outside_records(tmp_path: Path) -> None:
    source = tmp_path / "bad.txt"
    source.write_text(
        "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI A\nER\n\nstray line\nPT J\nER\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"bad\.txt:7.*stray line"):
        split_export(source, tmp_path / "out", 10)


def test_split_export_refuses_a_record_cut_short(tmp_path: Path) -> None:
    source = tmp_path / "cut.txt"
    source.write_text("PT J\nTI A\nER\n\nPT J\nTI B\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"cut\.txt:5.*no ER"):
        split_export(source, tmp_path / "out", 10)
