"""Decision files: schema and config checks, each bad row reported with its file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from metasynth.errors import CollectedInputError, InputError
from metasynth.screen.decisions import load_decisions, read_decision_files, validate_decisions
from metasynth.screen.settings import ScreeningSettings

Write = Callable[..., Path]


def _load(path: Path, settings: ScreeningSettings, members: dict[str, str]):
    return validate_decisions(read_decision_files([path]), settings, members)


def test_a_valid_file_is_attached_to_publications_with_lines(
    write_decisions: Write, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    path = write_decisions(
        "WOS:0001,title_abstract,R1,include,,,2024-03-01",
        "doi:10.1000/em.1,title_abstract,R2,include,,looks relevant,2024-03-02",
    )
    table = _load(path, settings, members)
    assert table["publication_id"].tolist() == ["WOS:0001", "WOS:0001"]
    assert table["named_record_id"].tolist() == ["WOS:0001", "doi:10.1000/em.1"]
    assert table["source_line"].tolist() == [2, 3]


def test_an_unknown_record_id_names_file_and_line(
    write_decisions: Write, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    path = write_decisions(
        "WOS:0001,title_abstract,R1,include,,,2024-03-01",
        "WOS:9999,title_abstract,R1,include,,,2024-03-01",
    )
    with pytest.raises(InputError, match="unknown record_id 'WOS:9999'") as error:
        _load(path, settings, members)
    assert (error.value.file, error.value.line) == (str(path), 3)


def test_an_unknown_reviewer_names_the_line_and_the_known_ones(
    write_decisions: Write, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    path = write_decisions("WOS:0001,title_abstract,R9,include,,,2024-03-01")
    with pytest.raises(InputError, match="unknown reviewer 'R9'") as error:
        _load(path, settings, members)
    assert error.value.line == 2
    assert "R1, R2, R3" in str(error.value.hint)


def test_a_reason_not_configured_for_the_stage_is_refused(
    write_decisions: Write, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    # no_framework_content is a full-text reason, not a title/abstract one.
    path = write_decisions("WOS:0001,title_abstract,R1,exclude,no_framework_content,,2024-03-01")
    with pytest.raises(InputError, match="unknown title_abstract reason") as error:
        _load(path, settings, members)
    assert error.value.line == 2


def test_a_full_text_exclusion_without_reason_is_refused(
    write_decisions: Write, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    path = write_decisions("WOS:0001,full_text,R1,exclude,,,2024-03-01")
    with pytest.raises(InputError, match="reason") as error:
        _load(path, settings, members)
    assert error.value.line == 2


def test_schema_and_config_problems_of_one_file_are_reported_in_one_run(
    write_decisions: Write, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    # An empty full-text reason and a day-first date (the schema) used to stop the run alone;
    # the misspelt reason two lines on (the config) came out only on the next run.
    path = write_decisions(
        "WOS:0001,full_text,R2,exclude,,,2024-06-01",
        "WOS:0002,full_text,R2,exclude,offtopic,,2024-06-01",
        "WOS:0003,full_text,R2,include,,,01/06/2024",
        "WOS:0004,full_text,R2,include,,,2024-06-01",
    )
    with pytest.raises(CollectedInputError) as error:
        load_decisions([path], settings, members)
    found = [(e.line, e.message.split(":")[0]) for e in error.value.errors]
    assert found == [(2, "reason"), (3, "unknown full_text reason 'offtopic'"), (4, "date")]
    assert {e.file for e in error.value.errors} == {path.as_posix()}


def test_load_decisions_reads_good_files_as_read_and_validate_do(
    write_decisions: Write, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    path = write_decisions(
        "WOS:0001,title_abstract,R1,include,,,2024-03-01",
        "WOS:0002,title_abstract,R1,exclude,off_topic,,2024-03-01",
    )
    loaded = load_decisions([path], settings, members)
    assert loaded.equals(_load(path, settings, members))
    assert loaded["source_line"].tolist() == [2, 3]


def test_a_title_abstract_exclusion_needs_a_reason_only_where_the_protocol_says_so(
    write_decisions: Write, make_settings: Callable[..., ScreeningSettings], members: dict[str, str]
) -> None:
    path = write_decisions(
        "WOS:0001,title_abstract,R1,exclude,off_topic,,2024-03-01",
        "WOS:0002,title_abstract,R1,exclude,,,2024-03-01",
    )
    assert len(_load(path, make_settings(), members)) == 2  # the default: no reason needed
    required = make_settings(require_reason={"title_abstract": True})
    with pytest.raises(InputError, match="a title_abstract 'exclude' needs a reason") as error:
        _load(path, required, members)
    assert (error.value.file, error.value.line) == (str(path), 3)
    assert "screening.require_reason.title_abstract is true" in str(error.value.hint)


@pytest.mark.parametrize(
    ("require_reason", "reasons", "message"),
    [
        ({"full_text": False}, None, "a full_text 'exclude' always needs a reason"),
        ({"retrieval": False}, None, "a retrieval 'not_retrieved' always needs a reason"),
        ({"title_abstract": True}, {"title_abstract": []}, "lists no reason"),
    ],
)
def test_a_require_reason_the_workflow_cannot_honour_names_the_key(
    make_settings: Callable[..., ScreeningSettings],
    require_reason: dict[str, bool],
    reasons: dict[str, list[dict[str, str]]] | None,
    message: str,
) -> None:
    overrides = {"require_reason": require_reason, **({"reasons": reasons} if reasons else {})}
    with pytest.raises(InputError, match=message) as error:
        make_settings(**overrides)
    stage = next(iter(require_reason))
    assert error.value.element == f"screening/require_reason/{stage}"


def test_a_date_that_is_not_a_date_is_refused(
    write_decisions: Write, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    path = write_decisions(
        "WOS:0001,title_abstract,R1,include,,,2024-03-01",
        "WOS:0002,title_abstract,R1,include,,,2024-02-30",
    )
    with pytest.raises(InputError, match="2024-02-30") as error:
        _load(path, settings, members)
    assert error.value.line == 3


def test_a_screening_decision_at_the_retrieval_stage_is_refused(
    write_decisions: Write, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    path = write_decisions("WOS:0001,retrieval,R1,include,,,2024-03-01")
    with pytest.raises(InputError, match="'retrieved', 'not_retrieved'") as error:
        _load(path, settings, members)
    assert error.value.line == 2


def test_the_same_reviewer_twice_through_a_duplicate_record_is_refused(
    write_decisions: Write, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    path = write_decisions(
        "WOS:0001,title_abstract,R1,include,,,2024-03-01",
        "doi:10.1000/em.1,title_abstract,R1,exclude,off_topic,,2024-03-05",
    )
    with pytest.raises(InputError, match="already decided WOS:0001") as error:
        _load(path, settings, members)
    assert error.value.line == 3
    assert f"{path.as_posix()}:2" in error.value.message


def test_a_resolution_must_settle_the_conflict(
    write_decisions: Write, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    path = write_decisions("WOS:0001,title_abstract,R3,maybe,,,2024-03-01")
    with pytest.raises(InputError, match="include or exclude, not 'maybe'"):
        _load(path, settings, members)


def test_rows_of_several_files_keep_their_own_file_and_line(
    write_decisions: Write, settings: ScreeningSettings, members: dict[str, str]
) -> None:
    first = write_decisions("WOS:0001,title_abstract,R1,include,,,2024-03-01", name="r1.csv")
    second = write_decisions("WOS:0001,title_abstract,R2,include,,,2024-03-01", name="r2.csv")
    table = validate_decisions(read_decision_files([second, first]), settings, members)
    assert table["source_file"].tolist() == [first.as_posix(), second.as_posix()]
