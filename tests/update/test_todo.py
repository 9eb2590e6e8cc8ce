"""results/todo: one list per stage, most useful first, each row one a reviewer can paste."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from metasynth.checklist import load_checklist
from metasynth.config import load_config
from metasynth.tables import read_hand_table
from metasynth.todo import COLUMNS, TodoLists, TodoSettings, build_todo

CASP_ROW = load_checklist("casp_qualitative").row_schema()
"""The row schema of a CASP appraisal file (the checklist's own)."""


@pytest.fixture(scope="module")
def settings(root: Path) -> TodoSettings:
    config = load_config(root / "config" / "config.yaml")
    return TodoSettings.from_config(
        screening=config["screening"], appraisal=config["appraisal"], synthesis=config["synthesis"]
    )


def _table(columns: list[str], rows: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns).astype("string")


PUBLICATIONS = _table(
    ["record_id", "title", "year", "authors", "source_title", "doi", "abstract", "author_keywords"],
    [
        ["A", "Online mentoring of nurses", "2021", "Ek, A", "J Nurs", "10.1/a", "abs A", "kw"],
        ["B", "Virtual mentoring", "2023", "Li, B", "Med Teach", "", "abs B", ""],
        ["C", "E-mentoring pilots", "2019", "Ng, C", "BJET", "10.1/c", "abs C", ""],
        ["D", "Telementoring", "2022", "Oh, D", "BJET", "10.1/d", "abs D", ""],
        ["E", "Mentor chat", "2020", "Po, E", "CAE", "10.1/e", "abs E", ""],
        ["F", "Peer e-mentoring", "2018", "Qi, F", "CAE", "10.1/f", "abs F", ""],
    ],
)
QUEUE = _table(
    ["rank", "record_id", "score", "rank_method", "decided_by", "keywords", "abstract"],
    [["1", "B", "0.9", "model", "R1", "", "abs B"], ["2", "A", "0.7", "model", "", "kw", "abs A"]],
)
CONFLICTS = _table(
    ["record_id", "stage", "kind", "reviewers", "decisions", "reasons", "what_to_do"],
    [
        ["C", "title_abstract", "maybe", "R1, R2", "R1: include; R2: maybe", "", ""],
        ["D", "full_text", "reasons differ", "R1, R2", "R1: exclude; R2: exclude", "x", ""],
    ],
)
AWAITING = _table(
    ["record_id", "status", "stage", "decided_by", "needs"],
    [
        ["A", "awaiting_title_abstract", "title_abstract", "", "2 more"],
        ["B", "awaiting_title_abstract", "title_abstract", "R1", "1 more"],
        ["C", "awaiting_retrieval", "retrieval", "", "1 more retrieval row(s)"],
        ["E", "awaiting_retrieval", "retrieval", "", "1 more retrieval row(s)"],
        ["F", "awaiting_retrieval", "retrieval", "", "1 more retrieval row(s)"],
        ["D", "awaiting_full_text", "full_text", "", "2 more"],
        ["E", "awaiting_full_text", "full_text", "R2", "1 more"],
        ["F", "awaiting_appraisal", "appraisal", "", "CASP appraisal"],
    ],
)
VERSIONS = pd.DataFrame({"record_id": list("ABCDEF"), "review_version": [2, 2, 1, 1, 1, 2]})
CODING_TODO = _table(
    ["record_id", "reason", "n_codings", "n_unmapped"], [["F", "no codes", "0", "0"]]
)
UNMAPPED = _table(
    ["code", "n_codings", "n_documents", "record_ids", "suggestions", "where"],
    [
        ["emoji use", "1", "1", "E", "tone (80.0)", "data/coded/codes.csv:4"],
        ["mentor burnout", "3", "2", "A; F", "workload (85.5)", "data/coded/codes.csv:9"],
    ],
)


@pytest.fixture(scope="module")
def lists(settings: TodoSettings) -> TodoLists:
    return build_todo(
        queue=QUEUE,
        conflicts=CONFLICTS,
        awaiting=AWAITING,
        publications=PUBLICATIONS,
        versions=VERSIONS,
        coding_todo=CODING_TODO,
        unmapped=UNMAPPED,
        settings=settings,
    )


def test_title_abstract_lists_conflicts_then_the_queue_in_rank_order(lists: TodoLists) -> None:
    table = lists.title_abstract
    assert table["record_id"].tolist() == ["C", "B", "A"]
    assert table["priority"].tolist() == ["1", "2", "3"]
    assert table["task"].tolist()[0] == "settle the title_abstract conflict (maybe)"
    assert table["abstract"].tolist() == ["abs C", "abs B", "abs A"]
    assert list(table.columns[: len(COLUMNS)]) == COLUMNS


def test_the_missing_screener_is_named_in_the_row_and_the_file(lists: TodoLists) -> None:
    row = lists.title_abstract.set_index("record_id").loc["B"]
    assert row["write_to"] == "data/screening/title_abstract_R2.csv"
    assert (
        row["add_row"]
        == "B,title_abstract,R2,<include|exclude|maybe>,<reason if exclude>,,<YYYY-MM-DD>"
    )
    assert row["needs"] == "1 more decision(s) (has R1); queue rank 1"
    assert row["review_version"] == "2"


def test_a_conflict_is_settled_by_the_resolver(lists: TodoLists) -> None:
    row = lists.title_abstract.set_index("record_id").loc["C"]
    assert row["write_to"] == "data/screening/title_abstract_R3.csv"
    assert row["add_row"].startswith("C,title_abstract,R3,<include|exclude>,")


def test_retrieval_puts_reports_with_a_doi_first_then_the_newest(lists: TodoLists) -> None:
    assert lists.retrieval["record_id"].tolist() == ["E", "C", "F"]
    assert lists.retrieval["write_to"].unique().tolist() == ["data/screening/retrieval.csv"]


def test_full_text_lists_conflicts_then_the_nearly_settled(lists: TodoLists) -> None:
    assert lists.full_text["record_id"].tolist() == ["D", "E", "D"]
    assert lists.full_text["task"].tolist()[0] == "settle the full_text conflict (reasons differ)"


def test_coding_lists_studies_to_code_then_codes_by_use(lists: TodoLists) -> None:
    assert lists.coding["record_id"].tolist() == ["F", "A; F", "E"]
    assert lists.coding["write_to"].tolist()[1:] == ["data/coded/codebook.yaml"] * 2
    assert lists.coding["task"].tolist()[1] == (
        "decide which concept the code 'mentor burnout' belongs to"
    )


def _filled(add_row: str) -> str:
    """A suggested row with its placeholders filled as a reviewer would."""
    values = {"<YYYY-MM-DD>": "2024-12-01", "<1-5>": "4"}
    row = add_row
    for placeholder in re.findall(r"<[^>]*>", add_row):
        choice = values.get(placeholder, placeholder.strip("<>").split("|")[0])
        row = row.replace(placeholder, choice if re.fullmatch(r"[\w.:-]+", choice) else "", 1)
    return row


@pytest.mark.parametrize(
    ("stage", "schema"),
    [
        ("title_abstract", "screening_decisions"),
        ("retrieval", "screening_decisions"),
        ("appraisal", CASP_ROW),
        ("coding", "codes"),
    ],
)
def test_the_header_and_a_suggested_row_filled_in_make_a_valid_file(
    lists: TodoLists, tmp_path: Path, stage: str, schema: Any
) -> None:
    todo = getattr(lists, stage)
    todo = todo[todo["columns"] != ""]  # (an unmapped code is a codebook edit, not a row)
    assert todo["columns"].nunique() == 1
    rows = [_filled(r) for r in todo["add_row"]]
    path = tmp_path / f"{stage}.csv"
    path.write_text("\n".join([todo["columns"].iloc[0], *rows]) + "\n", encoding="utf-8")
    table = read_hand_table(path, schema)
    assert len(table) == len(rows) > 0
    assert table["record_id"].tolist() == todo["record_id"].tolist()


def test_an_empty_stage_is_a_header_only_table(settings: TodoSettings) -> None:
    nothing = build_todo(
        queue=QUEUE.iloc[0:0],
        conflicts=CONFLICTS.iloc[0:0],
        awaiting=AWAITING.iloc[0:0],
        publications=PUBLICATIONS,
        versions=None,
        coding_todo=CODING_TODO.iloc[0:0],
        unmapped=UNMAPPED.iloc[0:0],
        settings=settings,
    )
    assert nothing.describe() == (
        "title_abstract 0; retrieval 0; full_text 0; appraisal 0; coding 0"
    )
    assert list(nothing.retrieval.columns) == COLUMNS
