"""The project's dependency pins agree across pyproject.toml, environment.yml and the lock."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(spec.lower().split("==") for spec in specs)


def test_environment_yml_pins_match_pyproject() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pins = dict(s.lower().split("==") for s in pip_section if "==" in s)
    assert pins == _pyproject_pins()


def test_every_pin_is_exact_and_in_the_lock() -> None:
    lock = {
        line.split("==")[0].lower().replace("_", "-"): line.split("==")[1].strip()
        for line in (ROOT / "requirements/constraints.txt").read_text().splitlines()
        if "==" in line
    }
    for name, version in _pyproject_pins().items():
        assert lock.get(name.replace("_", "-")) == version, name
