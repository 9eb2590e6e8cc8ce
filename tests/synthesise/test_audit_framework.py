"""`metasynth audit --framework`: every element of the default run's framework traced down to
the codings it rests on, with the counts framework.csv gives (slow: the whole run, once)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from metasynth.cli import main
from metasynth.tables import read_table

HEADING = re.compile(
    r"^(?:category|sub-category|concept) (\S+) \(.*\): (\d+) documents, (\d+) codings"
)
CONCEPT = re.compile(r"^concept (\S+) \((.*)\): (\d+) documents, (\d+) codings$")
CODING = re.compile(r"^  (WOS:\d+) +(\S+) +(?:'(.*)'|\"(.*)\")   (\S+) line (\d+)$")


@pytest.mark.slow
def test_every_element_of_the_framework_traces_to_its_counted_codings(
    finished_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = finished_run / "results"
    framework = read_table(results / "synthesis" / "framework.csv").fillna("").astype(str)
    codes = (finished_run / "data" / "coded" / "codes.csv").read_text(encoding="utf-8")
    code_lines = codes.splitlines()
    for row in framework.to_dict("records"):
        path = "/".join(row[k] for k in ("category", "subcategory", "concept") if row[k])
        assert main(["audit", "--framework", path, "--results", str(results)]) == 0
        out = capsys.readouterr().out.splitlines()
        heading = HEADING.match(out[0])
        assert heading is not None, out[0]
        assert heading.groups() == (path, row["n_documents"], row["n_codings"])
        listed = [CODING.match(line) for line in out if CODING.match(line)]
        assert len(listed) == int(row["n_codings"])
        assert len({m.group(1) for m in listed}) == int(row["n_documents"])
        for match in listed:  # each coding names the row it came from: that row holds it
            record_id, coder, quoted, double_quoted, _, line = match.groups()
            code = quoted if quoted is not None else double_quoted
            assert code_lines[int(line) - 1].startswith(f"{record_id},{coder},")
            assert code in code_lines[int(line) - 1]
        concepts = [CONCEPT.match(line) for line in out if CONCEPT.match(line)]
        if row["level"] == "concept":
            assert [m.group(2) for m in concepts] == [row["label"]]


@pytest.mark.slow
def test_title_words_that_name_a_sub_category_point_to_the_trace(
    finished_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "technical", "--results", str(finished_run / "results")]) == 2
    err = capsys.readouterr().err
    assert "matches 12 publications" in err
    assert "'technical' is also a sub-category of the framework" in err
    assert "metasynth audit --framework 'technical'" in err
