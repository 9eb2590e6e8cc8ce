"""Reviewers' verdicts: validation, application, contradictions and the review-sheet round trip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from metasynth.dedup import deduplicate, read_verdicts, write_outputs
from metasynth.errors import InputError
from metasynth.tables import read_table

HEADER = "record_id_a,record_id_b,verdict,reviewer,date,note\n"


def cluster_of(result: Any) -> dict[str, str]:
    clusters = result.clusters
    return dict(zip(clusters["record_id"], clusters["cluster_id"], strict=True))


@pytest.fixture
def three_versions(make_records, article) -> pd.DataFrame:
    """WOS:1 and WOS:2 merge by DOI; WOS:3 has no title, so it only goes to review with WOS:1."""
    return make_records(
        [
            {**article, "record_id": "WOS:1", "doi": "10.5555/em.1", "abstract": "We studied."},
            {**article, "record_id": "WOS:2", "doi": "10.5555/em.1"},
            {**article, "record_id": "WOS:3", "title": ""},
        ]
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "verdicts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def run(records: pd.DataFrame, path: Path) -> Any:
    return deduplicate(records, read_verdicts(path), verdicts_file=str(path))


def test_header_only_file_means_no_verdicts(tmp_path, three_versions):
    result = run(three_versions, write(tmp_path, HEADER))
    assert cluster_of(result) == {"WOS:1": "WOS:1", "WOS:2": "WOS:1", "WOS:3": "WOS:3"}
    assert list(result.review["record_id_b"]) == ["WOS:3"]


def test_duplicate_verdict_merges_the_clusters(tmp_path, three_versions):
    path = write(tmp_path, HEADER + "WOS:3,WOS:2,duplicate,AK,2024-03-01,same volume/page\n")
    result = run(three_versions, path)
    clusters = result.clusters.set_index("record_id")
    assert clusters.loc["WOS:3", "cluster_id"] == "WOS:1"
    assert clusters.loc["WOS:3", "rule"] == "verdict"
    assert clusters.loc["WOS:3", "evidence"] == f"verdict {path}:2"
    assert len(result.review) == 0


def test_distinct_verdict_empties_the_queue_for_the_whole_cluster(tmp_path, three_versions):
    # the verdict names WOS:2, the review pair was WOS:1-WOS:3: one cluster, so it is decided
    result = run(three_versions, write(tmp_path, HEADER + "WOS:2,WOS:3,distinct,AK,2024-03-01,\n"))
    assert cluster_of(result)["WOS:3"] == "WOS:3"
    assert len(result.review) == 0


def test_distinct_verdict_overrules_an_automatic_match(tmp_path, three_versions):
    result = run(three_versions, write(tmp_path, HEADER + "WOS:1,WOS:2,distinct,AK,2024-03-01,\n"))
    assert cluster_of(result)["WOS:2"] == "WOS:2"


def test_distinct_verdict_against_a_chain_names_the_chain(tmp_path, three_versions):
    text = HEADER + "WOS:3,WOS:2,duplicate,AK,2024-03-01,\nWOS:1,WOS:3,distinct,BM,2024-03-02,\n"
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        run(three_versions, path)
    message = str(caught.value)
    assert message.startswith(f"{path}:3: WOS:1 and WOS:3 are 'distinct' here, but they are joined")
    assert f"joined: WOS:1 –doi– WOS:2 –verdict {path}:2– WOS:3\n" in message


def test_contradicting_verdicts_on_one_pair_name_both_lines(tmp_path, three_versions):
    text = HEADER + "WOS:1,WOS:3,duplicate,AK,2024-03-01,\nWOS:3,WOS:1,distinct,BM,2024-03-02,\n"
    with pytest.raises(InputError, match=r"verdicts.csv:3: .*'duplicate' at line 2"):
        run(three_versions, write(tmp_path, text))


def test_unknown_record_id_is_an_error_with_file_and_line(tmp_path, three_versions):
    text = HEADER + "WOS:1,WOS:3,duplicate,AK,2024-03-01,\nWOS:1,WOS:9,distinct,AK,2024-03-01,\n"
    with pytest.raises(InputError, match=r"verdicts.csv:3: unknown record_id 'WOS:9'"):
        run(three_versions, write(tmp_path, text))


def test_a_wrong_column_is_an_error_on_the_header_line(tmp_path):
    path = write(tmp_path, "record_id_a,record_id_b,verdikt,reviewer,date\n")
    with pytest.raises(InputError, match=r"verdicts.csv:1: unknown column\(s\) 'verdikt'"):
        read_verdicts(path)


def test_a_verdict_without_reviewer_and_date_is_an_error(tmp_path):
    path = write(tmp_path, HEADER + "WOS:1,WOS:3,duplicate,,,\n")
    with pytest.raises(
        InputError, match=r"verdicts.csv:2: verdict is filled, so reviewer and date"
    ):
        read_verdicts(path)


def test_a_header_without_the_verdict_column_is_an_error(tmp_path):
    # without it no verdict could be written and every row would silently stay open
    path = write(
        tmp_path, "record_id_a,record_id_b,reviewer,date,note\nWOS:1,WOS:3,AK,2024-03-01,\n"
    )
    with pytest.raises(InputError, match=r"verdicts.csv:1: missing column\(s\) 'verdict'"):
        read_verdicts(path)


def test_a_row_with_reviewer_and_date_but_no_verdict_is_an_error(tmp_path, three_versions):
    path = write(tmp_path, HEADER + "WOS:1,WOS:3,,AK,2024-03-01,\n")
    with pytest.raises(InputError, match=r"verdicts.csv:2: the row names a reviewer or date"):
        run(three_versions, path)


@pytest.mark.parametrize("date", ["2024-13-45", "2024-02-30"])
def test_a_date_that_is_not_a_calendar_day_is_an_error(tmp_path, date):
    path = write(tmp_path, HEADER + f"WOS:1,WOS:3,duplicate,AK,{date},\n")
    with pytest.raises(InputError, match=rf"verdicts.csv:2: date: '{date}' is not a date; write"):
        read_verdicts(path)


def test_a_verdict_value_outside_the_list_is_an_error(tmp_path):
    path = write(tmp_path, HEADER + "WOS:1,WOS:3,same,AK,2024-03-01,\n")
    with pytest.raises(InputError, match=r"verdicts.csv:2: verdict: 'same' is not one of"):
        read_verdicts(path)


def test_a_record_paired_with_itself_is_an_error(tmp_path, three_versions):
    with pytest.raises(InputError, match=r"verdicts.csv:2: the verdict pairs 'WOS:1' with itself"):
        run(three_versions, write(tmp_path, HEADER + "WOS:1,WOS:1,duplicate,AK,2024-03-01,\n"))


def test_review_sheet_round_trip(tmp_path, three_versions):
    """Export the review sheet, mark it, append it to the verdicts file, rerun: applied."""
    out = tmp_path / "results"
    verdicts = write(tmp_path, HEADER)
    write_outputs(run(three_versions, verdicts), out)
    sheet = read_table(out / "review.csv")
    assert list(sheet[["record_id_a", "record_id_b", "verdict"]].itertuples(index=False)) == [
        ("WOS:1", "WOS:3", "")
    ]
    # the reviewer fills the verdict columns and copies the row (context columns too)
    sheet.loc[0, ["verdict", "reviewer", "date", "note"]] = [
        "duplicate", "AK", "2024-03-05", "same volume, pages and authors",
    ]  # fmt: skip
    sheet.to_csv(verdicts, index=False, lineterminator="\n")

    result = run(three_versions, verdicts)
    write_outputs(result, out)
    assert cluster_of(result)["WOS:3"] == "WOS:1"
    assert read_table(out / "review.csv").empty
    summary = read_table(out / "summary.csv").set_index(["section", "key"])["n"]
    assert (summary[("review", "verdicts_duplicate")], summary[("rule", "verdict")]) == ("1", "1")


def test_open_rows_of_a_copied_sheet_are_counted_not_applied(tmp_path, three_versions):
    path = write(tmp_path, HEADER + "WOS:1,WOS:3,,,,\n")
    result = run(three_versions, path)
    summary = {(s, k): n for s, k, n in result.summary.itertuples(index=False)}
    assert summary[("review", "verdicts_open")] == 1
    assert summary[("review", "queue")] == 1
