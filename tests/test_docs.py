"""docs/architecture.md stays true: every name it gives is in the code, and its trace is a run's.

The page follows one publication from its exports to the report, naming each rule, module and
function on the way. Every name in backticks is checked: a rule of the workflow, a module or an
attribute of `metasynth` (imported), a function or class defined in `src/`, or a file of the
repository (a `results/` path must be an output some rule declares). Words in backticks that are
values (a column, a status, a concept id) are listed in `VALUES`. Each function the page names is
one the workflow or the command line calls (not one only the tests still call). The slow tests
check the rows the page quotes against a finished run of the default corpus, and that every table
and column of that run is in docs/data-contracts.md. docs/configuration.md is generated from the
config schema (tools/config_reference.py); it must be what the generator writes, and every key
of the schema is read by the code. Every
`metasynth` command shown in a shell block of the README or docs/, or atop a command's --help,
is one the real parser takes. CI and the user guide install the fonts the figures fall back on.
"""

from __future__ import annotations

import ast
import importlib
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

import config_reference
from metasynth.tables import read_table

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "architecture.md"

VALUES = {
    # columns, statuses, rules of a cluster, concept ids, coders, config keys the page quotes
    "source_file",
    "source_line",
    "search_run",
    "doi",
    "awaiting_appraisal",
    "excellent",
    "include",
    "included",
    "coder_1",
    "coder_2",
    "response-time",
    "responsiveness",
    "communication",
    "dimensions",
    "security_privacy",
    "in_synthesis",
    "screening.eligibility",
    "synthesis.sources",
    "params:",
    "S30",
    "InputError",
    "Notice",
    "metasynth",
}


def _names() -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return sorted(set(re.findall(r"`([^`\n]+)`", text)))


@cache
def _rules() -> set[str]:
    found = set()
    for path in (ROOT / "workflow" / "rules").glob("*.smk"):
        found |= set(re.findall(r"^rule (\w+):", path.read_text(encoding="utf-8"), re.M))
    return found


@cache
def _rule_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "workflow").rglob("*.smk"))


@cache
def _figures() -> set[str]:
    from metasynth.figures import FIGURE_GROUPS

    return {"prisma", *(name for group in FIGURE_GROUPS.values() for name in group)}


@cache
def _commands() -> set[str]:
    """The sub-commands of `metasynth` (each an `add_parser("name", ...)` of metasynth.cli)."""
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src/metasynth/cli").glob("*.py")
    )
    return set(re.findall(r'add_parser\(\s*"([\w-]+)"', text))


@cache
def _defined() -> set[str]:
    """Every function, class and module-level name defined under src/metasynth."""
    found = set()
    for path in (ROOT / "src" / "metasynth").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                found.add(node.name)
            elif isinstance(node, ast.Assign):
                found |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return found


_MISSING = object()


def _target(dotted: str) -> object:
    """What `a.b.c` names: metasynth.a.b.c (or metasynth.a.b's attribute c, and so on), else
    `_MISSING`."""
    parts = dotted.removeprefix("metasynth.").split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module("metasynth." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return _MISSING
            target = getattr(target, attribute)
        return target
    return importlib.import_module("metasynth") if dotted == "metasynth" else _MISSING


def _resolves(dotted: str) -> bool:
    return _target(dotted) is not _MISSING


def _problem(name: str) -> str | None:
    """Why a backticked name of the page is not in the code (None when it is)."""
    if name in VALUES or name in _rules():
        return None
    if name.startswith("metasynth "):
        command = name.split()[1]
        return None if command in _commands() else f"{name}: no such command"
    if name.startswith(("snakemake.", ".snakemake/")) or "<" in name:
        return None  # the object a rule script is given, Snakemake's own folder; a pattern
    head = name.split(":")[0].split(" ")[0]
    if re.fullmatch(r"WOS:\d+|10\.\S+", name):
        return None
    if "/" in head or re.search(r"\.(md|yaml|csv|tsv|py|qdpx|txt|parquet|png)$", head):
        if head.startswith("results/figures/"):
            known = Path(head).stem in _figures()
            return None if known else f"{head}: no such figure"
        if head.startswith("results/"):
            known = head in _rule_text() or head.rstrip("/") in _rule_text()
            return None if known else f"{head}: no rule declares it"
        if "/" not in head:  # a file named in the paragraph's folder (data/screening/...)
            hits = [p for p in ROOT.glob(f"data/**/{head}")] + list(ROOT.glob(f"results/**/{head}"))
            declared = head in _rule_text()
            return None if hits or declared else f"{head}: no such file"
        return None if (ROOT / head).exists() else f"{head}: no such file"
    if (ROOT / name).is_file():
        return None  # Snakefile, Makefile
    if "." in name and re.fullmatch(r"[\w.]+", name):
        return None if _resolves(name) else f"{name}: not a module or attribute of metasynth"
    if re.fullmatch(r"\w+", name):
        return None if name in _defined() else f"{name}: no rule, function or class of that name"
    return None


def test_every_name_on_the_architecture_page_is_in_the_code() -> None:
    problems = [p for name in _names() if (p := _problem(name)) is not None]
    assert problems == []


@cache
def _called() -> set[str]:
    """Every name the product uses (a name or an attribute read in src/metasynth or scripts/, or a
    word of the Snakefile and rule files), not counting imports, definitions or the tests."""
    found: set[str] = set()
    for folder in ("src/metasynth", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Name):
                    found.add(node.id)
                elif isinstance(node, ast.Attribute):
                    found.add(node.attr)
    workflow = _rule_text() + (ROOT / "Snakefile").read_text(encoding="utf-8")
    return found | set(re.findall(r"\w+", workflow))


def _function(name: str) -> str | None:
    """The function or class of metasynth a backticked name of the page stands for, by name."""
    if name in VALUES or name in _rules() or not re.fullmatch(r"[\w.]+", name):
        return None
    if "." in name:
        target = _target(name)
        named = callable(target) and not isinstance(target, type(importlib))
        return name.rsplit(".", 1)[-1] if named else None
    return name if name in _defined() and name[0].islower() and "_" in name else None


def test_every_function_on_the_architecture_page_is_on_the_real_path() -> None:
    """A function the trace names is one the workflow or the command line calls, not one left
    behind for the tests when the real path moved on (as `build_queue` was, for `queue_tables`)."""
    named = {f for name in _names() if (f := _function(name)) is not None}
    assert len(named) >= 40, sorted(named)
    assert sorted(named - _called()) == []


def test_the_page_names_every_rule_of_the_workflow() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert sorted(r for r in _rules() if f"`{r}`" not in text) == []


def test_the_configuration_reference_is_the_schema_as_generated() -> None:
    schema = yaml.safe_load(config_reference.SCHEMA.read_text(encoding="utf-8"))
    page = config_reference.PAGE.read_text(encoding="utf-8")
    assert page == config_reference.render(schema), (
        "docs/configuration.md is out of date: run .venv/bin/python tools/config_reference.py"
    )


def test_the_configuration_reference_lists_every_key_of_the_shipped_config() -> None:
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    page = config_reference.PAGE.read_text(encoding="utf-8")

    def keys(value: object, prefix: str) -> list[str]:
        if not isinstance(value, dict) or prefix in ("appraisal.schemes", "report.statements"):
            return [prefix]  # named by the user (schemes) or free text: the parent is listed
        return [prefix] + [k for name, v in value.items() for k in keys(v, f"{prefix}.{name}")]

    found = [k for section, v in config.items() for k in keys(v, section)]
    assert [k for k in found if f"`{k}`" not in page and f"## `{k}`" not in page] == []


def _schema_keys(node: dict[str, Any], prefix: str = "") -> list[str]:
    """Every key the config schema defines (dotted), with those of its lists' items and maps."""
    found = []
    for name, spec in node.get("properties", {}).items():
        key = f"{prefix}.{name}" if prefix else name
        found.append(key)
        for inner in (spec, spec.get("items"), spec.get("additionalProperties")):
            if isinstance(inner, dict):
                found += _schema_keys(inner, key)
    return sorted(set(found))


@cache
def _strings() -> set[str]:
    """Every string constant of the product's Python (src/metasynth, scripts/)."""
    found: set[str] = set()
    for folder in ("src/metasynth", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.add(node.value)
    return found


def test_every_key_of_the_config_schema_is_read_by_the_code() -> None:
    """A key the schema documents (and docs/configuration.md lists) is one some code reads: a
    string, a name or an attribute of the package or the rule scripts, or a word of the rule
    files. A key left in the schema when its reader is gone would be a setting that does
    nothing."""
    schema = yaml.safe_load(config_reference.SCHEMA.read_text(encoding="utf-8"))
    keys = _schema_keys(schema)
    assert len(keys) >= 150, keys
    unread = [k for k in keys if k.rsplit(".", 1)[-1] not in _strings() | _called()]
    assert unread == []


def test_the_dedup_settings_hold_every_key_of_the_dedup_section() -> None:
    """DedupSettings keeps the schema keys it has a field for; a key without one would be
    validated, listed in docs/configuration.md, and dropped."""
    from dataclasses import fields

    from metasynth.dedup.settings import DedupSettings

    schema = yaml.safe_load(config_reference.SCHEMA.read_text(encoding="utf-8"))
    keys = set(schema["properties"]["dedup"]["properties"])
    assert keys == {f.name for f in fields(DedupSettings)}


RECORD = "WOS:999245383588333"
DUPLICATE = "WOS:999490192307017"


@pytest.mark.slow
def test_the_traced_publication_leaves_the_rows_the_page_quotes(finished_run: Path) -> None:
    results = finished_run / "results"
    page = PAGE.read_text(encoding="utf-8")

    def rows(name: str, column: str = "record_id") -> list[dict[str, str]]:
        table = read_table(results / name)
        return table[table[column].astype(str) == RECORD].astype(str).to_dict("records")

    records = read_table(results / "ingest" / "records.csv").set_index("record_id")
    assert records.loc[RECORD, "source_line"] == "21427"
    assert records.loc[DUPLICATE, "source_line"] == "271"
    clusters = read_table(results / "dedup" / "clusters.csv").set_index("record_id")
    assert clusters.loc[DUPLICATE, ["cluster_id", "rule"]].tolist() == [RECORD, "doi"]
    assert [r["status"] for r in rows("screening/screened.csv")] == ["awaiting_appraisal"]
    casp = rows("appraisal/casp.csv")
    assert [(r["total"], r["band"], r["decision"]) for r in casp] == [
        ("41", "excellent", "include")
    ]
    assert [r["status"] for r in rows("screening/status.csv")] == ["included"]
    assert len(rows("screening/audit.csv")) == 14
    assert [r["label"] for r in rows("screening/studies.csv")] == ["S30"]
    codings = rows("synthesis/codings.csv")
    assert [sum(r["coder"] == c for r in codings) for c in ("coder_1", "coder_2")] == [8, 5]
    framework = read_table(results / "synthesis" / "framework.csv")
    concepts = framework[framework["level"] == "concept"]
    supported = concepts[concepts["record_ids"].str.contains(RECORD, regex=False)]
    assert len(supported) == 5
    security = concepts.set_index("concept").loc["security_privacy"]
    assert int(security["n_documents"]) == 11
    findings = [r["finding"] for r in rows("confidence/contributions.csv")]
    assert findings == ["technical", "managerial", "communication", "main", "mentor"]
    for quoted in (
        "line\n21427",
        "line 271",
        "14\nevents",
        "study `S30`",
        "total 41 of 50",
        "8 codings of `coder_1`",
        "5 of `coder_2`",
        "13 codings",
        "five concepts",
        "11 studies support",
        "5 of the 9 findings",
    ):
        assert quoted.replace("\n", " ") in page.replace("\n", " "), quoted


CONTRACTS = ROOT / "docs" / "data-contracts.md"


def _contract_section(relative: str) -> str:
    """The part of docs/data-contracts.md on a results/ file: the sections whose heading names
    its folder (results/figures: that section to the end of the page)."""
    text = CONTRACTS.read_text(encoding="utf-8")
    folder = "results/" + relative.split("/")[0]
    if folder == "results/figures":
        return text[text.index("## results/figures") :]
    sections = re.split(r"^## ", text, flags=re.M)
    return "".join(s for s in sections if folder in s.split("\n", 1)[0])


def _table_columns(path: Path) -> list[str]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    if path.suffix == ".tsv":
        return path.read_text(encoding="utf-8").split("\n", 1)[0].split("\t")
    return list(read_table(path).columns)


@pytest.mark.slow
def test_every_results_table_and_column_is_in_the_data_contracts(finished_run: Path) -> None:
    """Each table a run of the default corpus writes under results/ is named in its section of
    docs/data-contracts.md, with every column. Columns that stand for a family are checked as
    one: a checklist's answers (q1 … q10), a review pair's `_a`/`_b`, a publication's columns
    (the records table's), one column per codebook concept or sub-category."""
    from metasynth.ingest import RECORD_COLUMNS
    from metasynth.synthesise import load_codebook

    results = finished_run / "results"
    codebook = load_codebook(finished_run / "data" / "coded" / "codebook.yaml")
    codebook_ids = {e.id for e in (*codebook.concepts, *codebook.subcategories)}
    records = [c if isinstance(c, str) else c[0] for c in RECORD_COLUMNS]

    def documented(column: str, section: str, relative: str) -> bool:
        if re.search(rf"(?<![\w-]){re.escape(column)}(?![\w-])", section):
            return True
        if re.fullmatch(r"q\d+", column):
            return "q1 … q10" in section
        if re.fullmatch(r"\w+_[ab]", column) and "(`_a`, `_b`)" in section:
            return documented(column[:-2], section, relative)
        if relative.startswith("dedup/publications."):
            return column in records and "same names, order and types as the records" in section
        by_codebook = ("synthesis/doc_concept_matrix.csv", "figures/framework_heatmap.csv")
        return relative in by_codebook and column in codebook_ids

    tables = [
        p
        for p in sorted(results.rglob("*"))
        if p.suffix in (".csv", ".parquet", ".tsv")
        and not {"logs", "parts", "partitions"} & set(p.relative_to(results).parts)
    ]
    assert len(tables) >= 60, tables
    wrong = []
    for path in tables:
        relative = path.relative_to(results).as_posix()
        section = _contract_section(relative)
        if path.name not in section and f"`{path.stem}`" not in section:
            wrong.append(f"{relative}: not named in its section")
            continue
        missing = [c for c in _table_columns(path) if not documented(c, section, relative)]
        if missing:
            wrong.append(f"{relative}: column(s) {', '.join(missing)} not in its section")
    assert wrong == [], "\n".join(wrong)


def _shown_commands() -> list[tuple[str, str]]:
    """(file:line, arguments) of each `metasynth …` line in a shell block of the README or a
    page of docs/, and in the examples atop each command's `--help` (the CLI modules'
    docstrings): lines a reader copies into a terminal."""
    shown = []
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in [*pages, *sorted((ROOT / "src" / "metasynth" / "cli").glob("*.py"))]:
        text = page.read_text(encoding="utf-8")
        blocks = r"```(?:sh|bash|console)\n(.*?)```" if page.suffix == ".md" else r'^r?"""(.*?)"""'
        for block in re.finditer(blocks, text, re.S):
            first = text.count("\n", 0, block.start(1)) + 1
            lines = block.group(1).splitlines()
            for offset, line in enumerate(lines):
                rest = offset + 1
                while line.endswith("\\") and rest < len(lines):  # a command continued
                    line, rest = line[:-1] + lines[rest], rest + 1
                command = re.match(r"(?:\S*/)?metasynth\s+(\w.*)", line.split(" #")[0].strip())
                if command:
                    shown.append((f"{page.name}:{first + offset}", command.group(1)))
    return shown


def test_every_command_the_docs_show_is_one_metasynth_takes() -> None:
    """Each command shown is parsed by the real parser: a renamed command or option, or an
    argument the command needs and the line leaves out, fails here rather than for a reader."""
    import contextlib
    import io
    import shlex

    from metasynth.cli import build_parser

    shown = _shown_commands()
    assert len(shown) >= 30, shown
    wrong = []
    for where, command in shown:
        argv = shlex.split(command.replace("[", "").replace("]", ""))  # [--optional] as given
        errors = io.StringIO()
        try:
            with contextlib.redirect_stderr(errors):
                build_parser().parse_args(argv)
        except SystemExit as stop:
            if stop.code:
                wrong.append(f"{where}: metasynth {command}: {errors.getvalue().strip()[-200:]}")
    assert not wrong, "\n".join(wrong)


def test_ci_and_the_user_guide_install_the_fonts_the_figures_fall_back_on() -> None:
    from metasynth.figures.style import FONT_PACKAGES

    packages = " ".join(FONT_PACKAGES.values())
    assert f'fonts="{packages}"' in (ROOT / ".ci" / "run").read_text("utf-8")
    guide = (ROOT / "docs" / "user-guide.md").read_text("utf-8")
    assert f"apt-get install {packages}\n" in guide
