"""The generator's data files (`tools/synthetic/data/`), read once each.

The plan, the framework, the word banks and the text templates of the synthetic corpus are data,
kept in YAML and CSV files a person can read and edit; the modules that use them read them here.
A file that is missing or malformed is a bug of the tool, so errors are not dressed up.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def load_yaml(name: str) -> Any:
    """The parsed YAML file `data/<name>` (shared: do not change what it returns)."""
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """The rows of the CSV file `data/<name>`, by column name (lines starting `#` are comments)."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return tuple(csv.DictReader(lines))
