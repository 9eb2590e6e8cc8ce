"""The package keeps the shape a newcomer can read: short functions, no import cycles.

Two rules of STYLE.md ("Small units") checked on the source with `ast`, without importing it:

- no function (or method, nested ones too) in `src/` is longer than `MAX_FUNCTION_LINES` lines,
  counted from its `def` line to its last line;
- no two modules of `metasynth` import each other, directly or through others. Every import
  counts, also one inside a function: an import moved into a function hides a cycle, it does not
  remove it. A name imported from a package counts as an import of its sub-module when it is one,
  else of the package's `__init__`.

What someone is splitting right now is allowed by name, with its owner, in `BEING_SPLIT` and
`CYCLES_BEING_REMOVED`. An entry that is no longer needed fails the test too, so the owner removes
it in the commit that lands the split.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

MAX_FUNCTION_LINES = 120

BEING_SPLIT: dict[str, str] = {
    # function ("path/under/src.py:qualified.name") or folder ("path/under/src/") → owner
}
"""Long functions being split now, and who is splitting them."""

CYCLES_BEING_REMOVED: dict[frozenset[str], str] = {}
"""Import cycles (the modules of each) being removed now, and who is removing them."""


@dataclass(frozen=True)
class Function:
    path: str  # under src/, with "/" separators
    name: str  # qualified: Class.method, outer.inner
    line: int
    n_lines: int

    @property
    def key(self) -> str:
        return f"{self.path}:{self.name}"


@cache
def _parse(file: Path) -> ast.Module:
    return ast.parse(file.read_text(encoding="utf-8"), str(file))


def functions(root: Path = SRC) -> list[Function]:
    """Every function and method under `root`, nested ones too."""
    found = []
    for file in sorted(root.rglob("*.py")):
        path = file.relative_to(root).as_posix()

        def visit(node: ast.AST, prefix: str, path: str = path) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    name = prefix + child.name
                    n_lines = (child.end_lineno or child.lineno) - child.lineno + 1
                    found.append(Function(path, name, child.lineno, n_lines))
                    visit(child, name + ".")
                elif isinstance(child, ast.ClassDef):
                    visit(child, prefix + child.name + ".")
                else:
                    visit(child, prefix)

        visit(_parse(file), "")
    return found


def _allowed_by(function: Function) -> str | None:
    """The `BEING_SPLIT` entry that allows a long function, if any."""
    for entry in BEING_SPLIT:
        if entry == function.key or (entry.endswith("/") and function.path.startswith(entry)):
            return entry
    return None


def _modules(root: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """Every module of the package: dotted name → (file, is a package `__init__`)."""
    modules = {}
    for file in root.joinpath(package).rglob("*.py"):
        parts = list(file.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if is_package else parts)] = (file, is_package)
    return modules


def import_graph(root: Path = SRC, package: str = "metasynth") -> dict[str, set[str]]:
    """Module → the modules of the same package it imports (anywhere in the file)."""
    modules = _modules(root, package)

    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in modules}
    for module, (file, is_package) in modules.items():
        package = module if is_package else module.rpartition(".")[0]
        for node in ast.walk(_parse(file)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                # `from a import b` imports the module a.b when b is one, else a name of a.
                names = [
                    f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                    for alias in node.names
                ]
            else:
                continue
            for name in names:
                target = owner(name)
                if target is not None and target != module:
                    graph[module].add(target)
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    cycles.append(frozenset(group))
    return cycles


def _describe_cycle(group: frozenset[str], graph: dict[str, set[str]]) -> str:
    edges = [f"{a} → {b}" for a in sorted(group) for b in sorted(graph[a] & group)]
    return "{" + ", ".join(sorted(group)) + "}: " + "; ".join(edges)


def test_no_function_is_longer_than_the_limit() -> None:
    too_long = [
        f"src/{f.path}:{f.line} {f.name} has {f.n_lines} lines"
        for f in functions()
        if f.n_lines > MAX_FUNCTION_LINES and _allowed_by(f) is None
    ]
    assert not too_long, (
        f"functions longer than {MAX_FUNCTION_LINES} lines (split each along its jobs):\n"
        + "\n".join(too_long)
    )


def test_every_long_function_allowance_is_still_needed() -> None:
    long_ones = [f for f in functions() if f.n_lines > MAX_FUNCTION_LINES]
    used = {_allowed_by(f) for f in long_ones}
    stale = [f"{entry} ({owner})" for entry, owner in BEING_SPLIT.items() if entry not in used]
    assert not stale, (
        "BEING_SPLIT allows what is no longer too long (or no longer exists); the owner removes "
        "the entry with the split:\n" + "\n".join(stale)
    )


def test_no_import_cycle_between_modules() -> None:
    graph = import_graph()
    cycles = [c for c in import_cycles(graph) if c not in CYCLES_BEING_REMOVED]
    assert not cycles, (
        "modules of metasynth that import each other (move the shared part to one module both "
        "import):\n" + "\n".join(_describe_cycle(c, graph) for c in cycles)
    )


def test_every_cycle_allowance_is_still_needed() -> None:
    cycles = set(import_cycles(import_graph()))
    stale = [
        f"{sorted(group)} ({owner})"
        for group, owner in CYCLES_BEING_REMOVED.items()
        if group not in cycles
    ]
    assert not stale, (
        "CYCLES_BEING_REMOVED lists a cycle that is gone; the owner removes the entry:\n"
        + "\n".join(stale)
    )


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        root.joinpath(name).parent.mkdir(parents=True, exist_ok=True)
        root.joinpath(name).write_text(text, encoding="utf-8")


def test_the_cycle_check_sees_imports_inside_functions_and_relative_ones(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "def f():\n    from pkg.sub import b\n",
            "pkg/sub/__init__.py": "from pkg.sub.b import g\n",
            "pkg/sub/b.py": "from .. import a\n",
            "pkg/c.py": "import pkg.a\nimport os\n",
        },
    )
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.a"] == {"pkg.sub.b"}
    assert graph["pkg.c"] == {"pkg.a"}
    assert import_cycles(graph) == [frozenset({"pkg.a", "pkg.sub.b"})]


def test_a_function_is_measured_from_def_to_its_last_line(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {"m.py": "class K:\n    def method(self):\n        def inner():\n            pass\n"},
    )
    assert [(f.name, f.line, f.n_lines) for f in functions(tmp_path)] == [
        ("K.method", 2, 3),
        ("K.method.inner", 3, 2),
    ]
