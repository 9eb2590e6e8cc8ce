"""docs/architecture.md stays true: every name it gives is in the code, and its trace is a run's.

The page follows one publication from its exports to the report, naming each rule, module and
function on the way. Every name in backticks is checked: a rule of the workflow, a module or an
attribute of `metasynth` (imported), a function or class defined in `src/`, or a file of the
repository (a `results/` path must be an output some rule declares). Words in backticks that are
values (a column, a status, a concept id) are listed in `VALUES`. The slow test checks the rows the
page quotes against a finished run of the default corpus. docs/configuration.md is generated
from the config schema (tools/config_reference.py); it must be what the generator writes. Every
`metasynth` command shown in a shell block of the README or docs/, or atop a command's --help,
is one the real parser takes. CI and the user guide install the fonts the figures fall back on.
"""

from __future__ import annotations

import ast
import importlib
import re
from functools import cache
from pathlib import Path

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


def _resolves(dotted: str) -> bool:
    """`a.b.c` is metasynth.a.b.c (or metasynth.a.b and its attribute c, and so on)."""
    parts = dotted.removeprefix("metasynth.").split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module("metasynth." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return dotted == "metasynth"


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
