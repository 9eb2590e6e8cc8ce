"""What a ninth probe found (`tests/fuzz/command_inputs.py --kinds hand,codes`): a spreadsheet's
error value (`#N/A`, `#REF!`, `Err:502`: a formula that failed, saved to CSV as its result) typed
into a file under data/ (decisions, appraisals, codes, duplicate verdicts, the codebook) was read
as a reason, an id, a code or a note; and a `--configfile` with a bad value was named together
with config/config.yaml, at no line. (Quoted codes in a sheet: tests/interop/test_sheet_bulk.py.)
Each test failed before its fix."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import InitReview

from metasynth.appraise import read_appraisal_files
from metasynth.cli import main
from metasynth.dedup.verdicts import read_verdicts
from metasynth.dryrun import dry_run
from metasynth.errors import InputError
from metasynth.screen.decisions import read_decision_files
from metasynth.synthesise.codes import read_codes_csv

ROOT = Path(__file__).resolve().parents[2]

READERS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "screening/title_abstract_R1.csv": lambda path: read_decision_files([path]),
    "screening/retrieval.csv": lambda path: read_decision_files([path]),
    "screening/full_text_R3_resolutions.csv": lambda path: read_decision_files([path]),
    "appraisal/casp_R1.csv": lambda path: read_appraisal_files([path]),
    "coded/codes.csv": read_codes_csv,
    "dedup/verdicts.csv": read_verdicts,
}


def _with_cell(tmp_path: Path, name: str, column: str, value: str) -> tuple[Path, str]:
    """The default corpus's data/`name` with `column` of its first row set to `value`; the
    spreadsheet cell that is (`E2`)."""
    with (ROOT / "data" / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    rows[1][index] = value
    path = tmp_path / Path(name).name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path, f"{chr(ord('A') + index)}2"


@pytest.mark.parametrize(
    ("name", "column", "value"),
    [
        ("screening/title_abstract_R1.csv", "reason", "#N/A"),
        ("screening/title_abstract_R1.csv", "record_id", "#REF!"),
        ("screening/title_abstract_R1.csv", "note", "Err:502"),
        ("screening/title_abstract_R1.csv", "reason", "#NV"),  # German Excel's #N/A
        ("screening/retrieval.csv", "reason", "#VALUE!"),
        ("screening/full_text_R3_resolutions.csv", "decision", "#NAME?"),
        ("appraisal/casp_R1.csv", "q3", "#DIV/0!"),
        ("appraisal/casp_R1.csv", "note", "#NULL!"),
        ("coded/codes.csv", "code", "#N/A"),
        ("coded/codes.csv", "quote", "#NUM!"),
        ("dedup/verdicts.csv", "note", "#REF!"),
    ],
)
def test_an_error_value_in_a_file_under_data_is_refused_at_its_cell(
    tmp_path: Path, name: str, column: str, value: str
) -> None:
    path, cell = _with_cell(tmp_path, name, column, value)
    with pytest.raises(InputError) as caught:
        READERS[name](path)
    message = str(caught.value)
    assert (
        f"{path.name}:2: column {column!r} holds {value}, the error value of a formula that "
        f"failed, not data (cell {cell} in a spreadsheet)"
    ) in message
    assert "fix the formula (or type the value over it)" in message


def test_an_error_value_in_the_codebook_is_refused_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "data/coded/codebook.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.lstrip().startswith("label:"))
    lines[first] = lines[first].split("label:")[0] + "label: '#REF!'"
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["codebook", "check", "--codebook", str(codebook)]) != 0
    err = capsys.readouterr().err
    assert f"{codebook}:{first + 1} " in err
    assert "'#REF!' is the error value of a spreadsheet formula that failed, not data" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("screening:\n  reviewers: R1\n", "extra.yaml:2 key screening/reviewers: 'R1' is not of"),
        ("project:\n  title: x\ndedupp: {}\n", "extra.yaml:3 key (top level): unknown field(s)"),
        ("screening:\n\n  reviewrs: []\n", "extra.yaml:3 key screening: unknown field(s) are"),
        ("screening:\n", "extra.yaml:1 key screening: None is not of type 'object'"),
    ],
)
def test_a_bad_configfile_is_named_at_the_line_that_sets_the_value(
    tmp_path: Path, init_review: InitReview, extra: str, message: str
) -> None:
    # "Error in the config: extra.yaml + config/config.yaml key screening/reviewers": which of
    # the two files, and where, was left to the user
    project = init_review(
        tmp_path / "review",
        {'title: ""': 'title: "A review"', 'review_question: ""': 'review_question: "Why?"'},
    )
    (project / "extra.yaml").write_text(extra, encoding="utf-8")
    plan = dry_run(project, configfiles=["extra.yaml"])  # as `snakemake --configfile` gives it
    assert f"Error in the config: {message}" in plan.error, plan.error
    assert "what to do: the comments in the config say what each key takes" in plan.error
