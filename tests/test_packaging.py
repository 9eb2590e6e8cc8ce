"""The project's dependency pins agree across pyproject.toml, environment.yml and the lock, and
the installed package is the product only (the synthetic corpus generator stays in tools/)."""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import metasynth

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


def test_the_installed_package_has_no_synthetic_generator() -> None:
    modules = [m.name for m in pkgutil.walk_packages(metasynth.__path__, "metasynth.")]
    assert "metasynth.cli" in modules
    assert [m for m in modules if "synthetic" in m] == []
    assert importlib.util.find_spec("metasynth.synthetic") is None


def test_the_package_never_imports_the_generator() -> None:
    """The generator may use metasynth (tools/ sits beside it), never the other way round."""
    importers = []
    for path in sorted((ROOT / "src" / "metasynth").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(n == "synthetic" or n.startswith("synthetic.") for n in names):
                importers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert importers == []


@pytest.mark.slow
def test_the_wheel_holds_no_synthetic_generator(
    clean_checkout: Callable[[Path], Path], tmp_path: Path
) -> None:
    """`pip wheel .` on a clean checkout: the package and its schemas, no tools/synthetic."""
    source = clean_checkout(tmp_path / "checkout")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source), "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("metasynth_review-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "metasynth/cli/__init__.py" in names
    assert "metasynth/schemas/config.schema.yaml" in names
    assert "metasynth/screen/prisma2020_template.yaml" in names  # PRISMA2020 export data
    assert [n for n in names if "synthetic" in n] == []
