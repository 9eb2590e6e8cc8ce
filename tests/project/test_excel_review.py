"""A review that started in Excel: its sheets brought in with `metasynth import-sheet`, then run.

The user's path: `metasynth init`, one screener and one coder in the config, a real Embase RIS
export (tests/ingest/data/real/asreview_embase.ris: 10 records, two of them errata linked to
their studies) with its searches.yaml, and `snakemake`. Then the reviewer's own workbook, as
people keep one: a row per paper named by its title (in another case) or its DOI (as a link),
"Include?" and "Got PDF?" answered yes / no, a reason in words, a date column that Excel holds
as dates — and one date typed as 03/04/2024. Every row `import-sheet` writes must be one the
next run accepts: a yes at retrieval is `retrieved`, a day/month date is reported and not
written, and codes on a study the run excluded are reported and not written (the workflow
refuses them). A lone reviewer's `maybe` is a conflict no one else can settle: the to-do list
and `metasynth status` say that the reviewer edits their own row; so does the appraisal list for
a lone appraiser's JBI "Seek further info". Each step runs the workflow; every run must
complete.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from metasynth.screen.decisions import read_decision_files
from metasynth.synthesise.codes import read_codes_csv
from metasynth.tables import read_table

pytestmark = pytest.mark.slow

EMBASE = Path(__file__).parents[1] / "ingest" / "data" / "real" / "asreview_embase.ris"
SEARCHES = """\
searches:
  - id: embase_2024
    database: Embase.com (Elsevier), 1947 to 2 March 2024
    query: dinosaur*
    date_searched: "2024-03-02"
    searched_by: R1
    files: [embase.ris]
"""
CONFIG_EDITS = {
    'title: ""': 'title: "Dinosaur skin and scales: a qualitative synthesis"',
    'review_question: ""': 'review_question: "What do studies report about dinosaur skin?"',
    '    - {id: R2, name: "Reviewer 2", role: screener}\n': "",
    '    - {id: R3, name: "Reviewer 3", role: arbiter}\n': "",
    "reviewers_per_stage: {title_abstract: 2, retrieval: 1, full_text: 2}": (
        "reviewers_per_stage: {title_abstract: 1, retrieval: 1, full_text: 1}"
    ),
    "coders: []": "coders: [C1]",
}

SCALES = "EMBASE:L2029880245"  # Cellular structure of dinosaur scales … (10.1038/s41467-…)
PETROGLYPHS = "EMBASE:L643801355"  # A remarkable assemblage of petroglyphs … (10.1038/s41598-…)
ABELISAURID = "EMBASE:L644327397"  # A new abelisaurid dinosaur from the end Cretaceous …
DUCKBILL = "EMBASE:L643502584"  # A new small duckbilled dinosaur … (10.1038/s41598-024-53447-9)
SAUROSUCHUS = "EMBASE:L2024893804"  # Functional morphology of … Saurosuchus (10.1002/ar.25299)

SCREENING = [
    ["Title", "DOI", "Include?", "Got PDF?", "Why", "Date"],
    [
        "CELLULAR STRUCTURE OF DINOSAUR SCALES REVEALS RETENTION OF REPTILE-TYPE SKIN DURING THE "
        "EVOLUTIONARY TRANSITION TO FEATHERS",
        "",
        "Yes",
        "yes",
        "",
        datetime.date(2024, 4, 2),
    ],
    ["", "https://doi.org/10.1038/s41598-024-56479-3", "No", "", "off topic",
     datetime.date(2024, 4, 2)],
    [
        "A new abelisaurid dinosaur from the end Cretaceous of Patagonia and evolutionary rates "
        "among the Ceratosauria",
        "",
        "yes",
        "no",
        "Full text not found",
        datetime.date(2024, 4, 3),
    ],
    ["", "10.1038/s41598-024-53447-9", "yes", "yes", "", "03/04/2024"],
    ["", "10.1002/ar.25299", "maybe", "", "", datetime.date(2024, 4, 3)],
]  # fmt: skip
CODES = [
    ["Paper", "Themes"],
    ["A remarkable assemblage of petroglyphs and dinosaur footprints in Northeast Brazil",
     "rock art, footprints"],
    ["Cellular structure of dinosaur scales reveals retention of reptile-type skin during the "
     "evolutionary transition to feathers", "skin; feathers"],
]  # fmt: skip


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _run(project: Path, *targets: str) -> None:
    result = subprocess.run(
        [_bin("snakemake"), *targets, "--cores", "2", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]


def _metasynth(project: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_bin("metasynth"), *argv], cwd=project, capture_output=True, text=True, check=False
    )


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _status(project: Path) -> dict[str, str]:
    table = read_table(project / "results" / "screening" / "status.csv")
    return dict(zip(table["record_id"].astype(str), table["status"].astype(str), strict=True))


@pytest.fixture(scope="module")
def project(
    tmp_path_factory: pytest.TempPathFactory, init_review: Callable[[Path, dict[str, str]], Path]
) -> Path:
    """`metasynth init`, the config filled in, the export in, screening states computed."""
    project = init_review(tmp_path_factory.mktemp("excel") / "review", CONFIG_EDITS)
    (project / "data" / "raw" / "embase.ris").write_bytes(EMBASE.read_bytes())
    (project / "data" / "raw" / "searches.yaml").write_text(SEARCHES, encoding="utf-8")
    _run(project, "results/screening/status.csv")
    return project


@pytest.fixture(scope="module")
def screened(project: Path) -> tuple[Path, str, str]:
    """The screening workbook imported twice, title/abstract then retrieval, and run."""
    sheet = _workbook(project.parent / "my screening.xlsx", SCREENING)
    common = ["import-sheet", str(sheet), "--kind", "decisions", "--reviewer", "R1"]
    title_abstract = _metasynth(project, *common, "--column", "decision=Include?",
                                "--column", "reason=Why")  # fmt: skip
    retrieval = _metasynth(project, *common, "--stage", "retrieval", "--column",
                           "decision=Got PDF?", "--column", "reason=Why")  # fmt: skip
    assert title_abstract.returncode == 0, title_abstract.stderr
    assert retrieval.returncode == 0, retrieval.stderr
    _run(project, "results/screening/status.csv")
    return project, title_abstract.stdout, retrieval.stdout


def test_yes_and_no_at_retrieval_are_retrieved_and_not_retrieved(
    screened: tuple[Path, str, str],
) -> None:
    project, _, _ = screened
    rows = read_decision_files([project / "data" / "screening" / "sheet_R1.csv"])
    retrieval = rows[rows["stage"] == "retrieval"]
    written = retrieval[["record_id", "decision", "reason"]].to_numpy().tolist()
    assert written == [[SCALES, "retrieved", ""], [ABELISAURID, "not_retrieved", "not_found"]]
    status = _status(project)
    assert (status[SCALES], status[ABELISAURID]) == ("awaiting_full_text", "not_retrieved")
    assert status[PETROGLYPHS] == "excluded_title_abstract"


def test_a_day_month_date_is_reported_and_not_written(screened: tuple[Path, str, str]) -> None:
    project, title_abstract, retrieval = screened
    for output in (title_abstract, retrieval):
        assert (
            f"my screening.xlsx:5 {DUCKBILL} skipped (by doi): date '03/04/2024' is not YYYY-MM-DD"
        ) in output
    rows = read_decision_files([project / "data" / "screening" / "sheet_R1.csv"])
    assert DUCKBILL not in set(rows["record_id"])
    assert set(rows["date"]) == {"2024-04-02", "2024-04-03"}
    assert _status(project)[DUCKBILL] == "awaiting_title_abstract"


def test_codes_on_an_excluded_study_are_reported_and_not_written(
    screened: tuple[Path, str, str],
) -> None:
    project, _, _ = screened
    sheet = _workbook(project.parent / "my codes.xlsx", CODES)
    run = _metasynth(project, "import-sheet", str(sheet), "--kind", "codes", "--coder", "C1",
                     "--column", "title=Paper")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert (
        f"my codes.xlsx:2 {PETROGLYPHS} skipped (by title): {PETROGLYPHS} is "
        "excluded_title_abstract (results/screening/status.csv): the workflow refuses codes on "
        "a study that is not included"
    ) in run.stdout
    codes = read_codes_csv(project / "data" / "coded" / "codes.csv")
    written = codes[["record_id", "code"]].to_numpy().tolist()
    assert written == [[SCALES, "skin"], [SCALES, "feathers"]]
    # the coded study awaits its full text: its codes are held back, not refused
    _run(project, "results/synthesis/coding_todo.csv")
    held = read_table(project / "results" / "synthesis" / "coding_todo.csv")
    assert list(held["record_id"]) == [SCALES]
    assert str(held["reason"].iloc[0]).startswith("coded before inclusion")


def test_a_lone_reviewers_maybe_is_settled_by_editing_the_row(
    screened: tuple[Path, str, str],
) -> None:
    project, _, _ = screened
    _run(project, "results/todo/title_abstract.csv")
    todo = read_table(project / "results" / "todo" / "title_abstract.csv").astype(str)
    first = todo.iloc[0]
    assert (first["record_id"], first["task"]) == (
        SAUROSUCHUS,
        "settle the title_abstract conflict (maybe)",
    )
    assert first["needs"] == (
        "R1: maybe; no reviewer has the role 'arbiter' (screening.reviewers): R1 edits their "
        f"row to settle it (`metasynth audit {SAUROSUCHUS}` shows where it is), or add a reviewer "
        "with that role"
    )
    assert first["add_row"].startswith(f"{SAUROSUCHUS},title_abstract,R1,<include|exclude>,")
    status = _metasynth(project, "status")
    assert status.returncode == 1  # the conflict blocks
    # the search run's database as searches.yaml names it, however long
    assert "  embase_2024  Embase.com (Elsevier), 1947 to 2 March 2024  2024-03-02" in status.stdout
    assert "no reviewer has the resolver role: the reviewer who decided edits their row" in (
        status.stdout
    )
    audit = _metasynth(project, "audit", SAUROSUCHUS)
    assert "decision maybe" in audit.stdout and "sheet_R1.csv:5" in audit.stdout


def test_a_lone_appraisers_seek_further_info_is_settled_by_editing_the_row(
    screened: tuple[Path, str, str],
) -> None:
    """Last: it switches the review to the JBI checklist."""
    project, _, _ = screened
    config = project / "config" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert text.count("checklist: casp_qualitative") == 1
    config.write_text(text.replace("checklist: casp_qualitative", "checklist: jbi_qualitative"))
    full_text = project / "data" / "screening" / "full_text_R1.csv"
    full_text.write_text(
        "record_id,stage,reviewer,decision,reason,note,date\n"
        f"{SCALES},full_text,R1,include,,,2024-05-02\n",
        encoding="utf-8",
    )
    answers = ",".join(["Yes"] * 5 + ["Unclear"] * 5)
    (project / "data" / "appraisal" / "jbi_R1.csv").write_text(
        "record_id,appraiser,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,overall,note,date\n"
        f"{SCALES},R1,{answers},Seek further info,asked the authors,2024-05-10\n",
        encoding="utf-8",
    )
    _run(project, "results/todo/appraisal.csv")
    todo = read_table(project / "results" / "todo" / "appraisal.csv").astype(str)
    assert list(todo["record_id"]) == [SCALES]
    assert todo["needs"].iloc[0] == (
        "overall appraisal: Seek further info; it has its 1 appraisal(s): R1 edits their row "
        "when it can be decided, another appraiser's row does not settle it (`metasynth audit "
        f"{SCALES}` shows where it is)"
    )
    assert todo["write_to"].iloc[0] == "data/appraisal (the file of R1's row: edit it there)"


def test_a_study_coded_outside_the_codebook_is_not_listed_as_one_to_code(
    screened: tuple[Path, str, str],
) -> None:
    """After the previous test: the appraiser edits their row (as the to-do list said), the
    study is included, and its codes from the sheet are all outside the (empty) codebook."""
    project, _, _ = screened
    appraisal = project / "data" / "appraisal" / "jbi_R1.csv"
    text = appraisal.read_text(encoding="utf-8")
    assert text.count(",Seek further info,") == 1
    appraisal.write_text(text.replace(",Seek further info,", ",Include,"), encoding="utf-8")
    _run(project)
    assert _status(project)[SCALES] == "included"
    todo = read_table(project / "results" / "todo" / "coding.csv").astype(str)
    assert list(todo["task"]) == [
        "decide which concept the code 'feathers' belongs to",
        "decide which concept the code 'skin' belongs to",
    ]
    status = _metasynth(project, "status")
    assert "Coding to-do: 0 included studies to code; 2 codes not in the codebook" in (
        status.stdout
    )
    # (status's Next: waits for the open `maybe` of the earlier test)
    # one screener per publication and one coder: agreement is not part of this review
    figures = project / "results" / "figures"
    screening_svg = (figures / "agreement_screening.svg").read_text(encoding="utf-8")
    # wrapped to the single-column figure's width, a line of the SVG each
    assert "Not part of this review: one screener per" in screening_svg
    assert "publication (screening.reviewers_per_stage)" in screening_svg
    assert "Not part of this review: one coder (synthesis.coders)" in (
        figures / "agreement_coding.svg"
    ).read_text(encoding="utf-8")
