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


def _lock() -> dict[str, str]:
    return {
        line.split("==")[0].lower().replace("_", "-"): line.split("==")[1].strip()
        for line in (ROOT / "requirements/constraints.txt").read_text().splitlines()
        if "==" in line
    }


def test_every_pin_is_exact_and_in_the_lock() -> None:
    lock = _lock()
    for name, version in _pyproject_pins().items():
        assert lock.get(name.replace("_", "-")) == version, name


def test_dev_tools_are_pinned_in_the_lock() -> None:
    """`make lint` installs the `dev` extras with the lock as constraints: same versions as CI."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = _lock()
    for spec in project["optional-dependencies"]["dev"]:
        name, version = spec.lower().split("==")
        assert lock.get(name) == version, name
