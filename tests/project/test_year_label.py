"""A year-range rule whose range was edited but not its label, and what the run says.

The user's path: `metasynth init`, the template's commented year rule uncommented with only its
range changed (2000 -> 2005), a real Web of Science export, then `snakemake -n`. The label is
what the PRISMA diagram and the report print ("Published outside 2000-2024" for a rule that
tests 2005-2024 would be wrong), so the run stops at the rule's line saying the label to write.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

TEMPLATE_RULE = (
    '    # - {code: year_range, label: "Published outside 2000-2024", field: year, '
    "between: [2000, 2024]}"
)


def _year_rule(project: Path, rule: str) -> int:
    """The template's year rule replaced by `rule` (uncommented); its line in the config."""
    config = project / "config" / "config.yaml"
    lines = config.read_text(encoding="utf-8").splitlines()
    index = lines.index(TEMPLATE_RULE)
    lines[index] = rule
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1


def _dry_run(project: Path) -> subprocess.CompletedProcess[str]:
    snakemake = Path(sys.executable).with_name("snakemake")
    return subprocess.run(
        [str(snakemake), "-n", "--cores", "1"], cwd=project, capture_output=True, text=True
    )


def test_a_range_edited_without_its_label_stops_at_the_rule_line(
    tmp_path: Path, wos_review: Callable[[Path], Path]
) -> None:
    project = wos_review(tmp_path / "review")
    line = _year_rule(
        project,
        '    - {code: year_range, label: "Published outside 2000-2024", field: year, '
        "between: [2005, 2024]}",
    )
    result = _dry_run(project)
    assert result.returncode == 1
    assert (
        f"Error in the config: config/config.yaml:{line} screening/eligibility/0/label: rule "
        "'year_range': its label 'Published outside 2000-2024' names 2000, 2024 but it tests "
        'between [2005, 2024]\n  what to do: write label: "Published outside 2005-2024" (or '
        "change between to [2000, 2024])"
    ) in result.stderr


def test_a_label_naming_the_range_plans_the_run(
    tmp_path: Path, wos_review: Callable[[Path], Path]
) -> None:
    project = wos_review(tmp_path / "review")
    _year_rule(
        project,
        '    - {code: year_range, label: "Published outside 2005-2024", field: year, '
        "between: [2005, 2024]}",
    )
    result = _dry_run(project)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "apply_eligibility" in result.stdout
