"""`metasynth schema`: the reference a project made by `metasynth init` points to, printed from
the schemas the workflow validates with."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from metasynth.cli import main
from metasynth.validation import load_yaml


def schema(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(["schema", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def keys(node: Any, prefix: str = "") -> Iterator[str]:
    """Every dotted key of a loaded YAML document (list items folded into their list's key)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield f"{prefix}{key}"
            yield from keys(value, f"{prefix}{key}.")
    elif isinstance(node, list):
        for item in node:
            yield from keys(item, prefix)


def test_the_list_names_the_file_each_schema_describes(capsys) -> None:
    code, out, _ = schema(capsys)
    assert code == 0
    lines = out.splitlines()
    assert any(line.split()[0] == "config" and "config/config.yaml" in line for line in lines)
    assert any(line.split()[0] == "searches" and "searches.yaml" in line for line in lines)
    assert any(line.split()[0] == "screening_decisions" for line in lines)


def test_one_key_shows_its_values_and_default(capsys) -> None:
    code, out, _ = schema(capsys, "config", "screening.reviewers_per_stage")
    assert code == 0
    assert out.splitlines()[0] == "screening.reviewers_per_stage: object; default {}"
    assert "  title_abstract: integer; at least 1; default 2" in out
    _, out, _ = schema(capsys, "config", "screening.eligibility.if_missing")
    assert out.startswith('screening.eligibility.if_missing: one of "exclude", "keep"')


def test_a_decision_file_s_columns_say_which_are_required(capsys) -> None:
    _, out, _ = schema(capsys, "screening_decisions")
    assert "decision (required): one of" in out
    assert "note: string" in out


def test_every_key_of_a_new_project_s_config_is_explained(tmp_path, capsys) -> None:
    main(["init", str(tmp_path / "review")])
    capsys.readouterr()
    config = load_yaml(Path(tmp_path / "review" / "config" / "config.yaml"))
    for key in sorted(set(keys(config))):
        code, out, err = schema(capsys, "config", key)
        assert code == 0, f"{key}: {err}"
        assert out.startswith(key)


def test_an_unknown_key_or_schema_says_what_there_is(capsys) -> None:
    code, _, err = schema(capsys, "config", "screening.reviewer")
    assert code == 2
    assert "no key 'reviewer' under screening of the config schema" in err
    assert "reviewers_per_stage" in err
    code, _, err = schema(capsys, "decisions")
    assert code == 2 and "screening_decisions" in err
