"""The generator keeps the package's shape rules (tests/test_code_shape.py): short functions, no
import cycles, and its data in data files rather than in long Python literals."""

from __future__ import annotations

import ast
from pathlib import Path

from test_code_shape import MAX_FUNCTION_LINES, functions, import_cycles, import_graph

TOOLS = Path(__file__).resolve().parents[2] / "tools"
MAX_LITERAL_LINES = 40
"""Longest literal (tuple, list, dict, set) a module of the generator may hold."""


def test_no_function_of_the_generator_is_longer_than_the_limit() -> None:
    too_long = [
        f"tools/{f.path}:{f.line} {f.name} has {f.n_lines} lines"
        for f in functions(TOOLS)
        if f.n_lines > MAX_FUNCTION_LINES
    ]
    assert too_long == []


def test_no_import_cycle_between_modules_of_the_generator() -> None:
    assert import_cycles(import_graph(TOOLS, "synthetic")) == []


def test_word_lists_and_plans_are_data_files() -> None:
    long_literals = []
    for file in sorted((TOOLS / "synthetic").rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List | ast.Dict | ast.Set) and node.end_lineno:
                n_lines = node.end_lineno - node.lineno + 1
                if n_lines > MAX_LITERAL_LINES:
                    long_literals.append(f"{file.name}:{node.lineno} ({n_lines} lines)")
    assert long_literals == []
