"""The repository says how to use and cite it: an OSI licence, a CITATION.cff valid against the
Citation File Format 1.2.0 schema and in step with pyproject.toml, and a distribution name of
its own on the package index while the import and command stay `metasynth`."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).with_name("data") / "cff-1.2.0.schema.json"


def _project() -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project


def _citation() -> dict[str, Any]:
    citation: dict[str, Any] = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    return citation


def test_citation_cff_is_valid_against_the_cff_1_2_0_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_citation())]
    assert errors == []


def test_citation_cff_names_the_version_and_licence_of_pyproject() -> None:
    citation = _citation()
    assert citation["version"] == _project()["version"]
    assert citation["license"] == _project()["license"] == "MIT"


def test_the_licence_file_is_the_mit_licence() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text


def test_the_distribution_is_metasynth_review_and_the_command_metasynth() -> None:
    """`metasynth` on the package index is an unrelated project; the import and the command
    keep the name."""
    project = _project()
    assert project["name"] == "metasynth-review"
    assert project["scripts"] == {"metasynth": "metasynth.cli:main"}
