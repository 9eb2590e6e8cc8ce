"""A review of one's own, from `metasynth init` to the report, run at every stage in between.

The user's path, as the README's "Starting your own review" walks it: `metasynth init`, the
config filled in (one screener, as a student alone would work), real Web of Science exports
from ../shared/fixtures/ with their searches.yaml, then `snakemake --cores 2` after each round
of work — no decisions; screened but not appraised; appraised but not coded; two documents coded
by one coder; all coded, two of them twice. Each decision row is written from the to-do lists
the previous run left in results/todo/. Every run must complete; the report and
results/progress.csv must say which stage the review is at, with its counts. Where a test reads
only some tables, the run asks Snakemake for those (`snakemake --cores 2 TARGET…`, as a user
does), which spares it the figures and the report.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from metasynth.tables import read_table

pytestmark = pytest.mark.slow

EXPORTS = {
    "wos/wosfile_plaintext.txt": "wos/wosfile_plaintext.txt",
    "wos/wosfile_tab_win_utf8.txt": "wos/wosfile_tab_win_utf8.txt",
    "wos/egouldo_tab_utf16_mac_cr.txt": "wos/egouldo_tab_utf16_mac_cr.txt",
}

SEARCHES = """\
searches:
  - id: wos_visualisation
    database: Web of Science Core Collection
    query: TS=("information visualization" OR "network analysis")
    date_searched: "2019-05-01"
    searched_by: R1
    files: [wos/wosfile_plaintext.txt, wos/wosfile_tab_win_utf8.txt]
  - id: wos_ecology
    database: Web of Science Core Collection
    query: TS=("ecological model*" AND "research practices")
    date_searched: "2019-06-01"
    searched_by: R1
    files: [wos/egouldo_tab_utf16_mac_cr.txt]
"""

# What a researcher changes in the config `metasynth init` wrote: the REQUIRED values, one
# screener instead of two plus an arbiter, and the two coders.
CONFIG_EDITS = {
    'title: ""': 'title: "Visualising research networks: a qualitative synthesis"',
    'review_question: ""': 'review_question: "How do researchers use network visualisations?"',
    '    - {id: R2, name: "Reviewer 2", role: screener}\n': "",
    '    - {id: R3, name: "Reviewer 3", role: arbiter}\n': "",
    "reviewers_per_stage: {title_abstract: 2, retrieval: 1, full_text: 2}": (
        "reviewers_per_stage: {title_abstract: 1, retrieval: 1, full_text: 1}"
    ),
    "coders: []": "coders: [C1, C2]",
}

DATE = "2024-05-02"
DECISION_HEADER = ["record_id", "stage", "reviewer", "decision", "reason", "note", "date"]
CASP_HEADER = ["record_id", "appraiser", *(f"q{i}" for i in range(1, 11)), "note", "date"]
CODES_HEADER = ["record_id", "coder", "code", "quote", "location", "memo"]

FINDINGS = """\
findings:
- id: exploring
  summary: Network maps are used to explore a field and find collaborators.
  rests_on: [exploring]
"""

JUDGEMENTS = """\
assessed_by: [R1]
judgements:
- finding: exploring
  methodological_limitations: {concern: minor, explanation: one study of lower quality}
  coherence: {concern: no_or_very_minor}
  adequacy: {concern: moderate, explanation: three studies}
  relevance: {concern: minor, explanation: bibliometric studies only}
  confidence: {level: moderate, explanation: Moderate concerns about adequacy.}
"""

CODEBOOK = """\
categories:
  - {id: uses, label: Uses of network visualisation}
subcategories:
  - {id: exploring, category: uses, label: Exploring a field}
  - {id: communicating, category: uses, label: Communicating findings}
concepts:
  - id: mapping_fields
    subcategory: exploring
    label: Mapping a research field
    codes: [map of the field, science mapping, mapping research areas]
  - id: finding_collaborators
    subcategory: exploring
    label: Finding collaborators
    codes: [co-author network, finding partners]
  - id: showing_results
    subcategory: communicating
    label: Showing results to others
    codes: [figures for readers, visual summary, presenting networks]
"""

# (coder, code, quote) per included study, by its position in included.csv.
CODES_FIRST = [
    [
        ("C1", "map of the field", "the map showed the field's structure"),
        ("C1", "co-author network", "a co-author network guided the search"),
        ("C1", "figures for readers", "figures let readers see the clusters"),
    ],
    [
        ("C1", "science mapping", "science mapping revealed the themes"),
        ("C1", "visual summary", "a visual summary of the results"),
    ],
]
CODES_REST = [
    [("C1", "mapping research areas", "research areas were mapped"),
     ("C1", "finding partners", "partners were found through the network"),
     ("C1", "presenting networks", "networks were presented at meetings")],
    [("C2", "map of the field", "the map showed the field's structure"),
     ("C2", "visual summary", "figures let readers see the clusters")],
    [("C2", "science mapping", "science mapping revealed the themes"),
     ("C2", "co-author network", "a visual summary of the results")],
]  # fmt: skip


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _todo(project: Path, stage: str) -> list[str]:
    """The record_ids of a to-do list, in its order (what to decide next, most useful first)."""
    return [str(r) for r in read_table(project / "results" / "todo" / f"{stage}.csv")["record_id"]]


def _progress(project: Path) -> dict[str, dict[str, str]]:
    table = read_table(project / "results" / "progress.csv").astype("string").fillna("")
    return {str(row["step"]): dict(row) for row in table.to_dict("records")}


def _current(project: Path) -> str:
    return next(step for step, row in _progress(project).items() if row["is_current"] == "True")


def _prisma(project: Path) -> dict[str, str]:
    table = read_table(project / "results" / "screening" / "prisma_counts.csv").astype("string")
    return dict(zip(table["data"], table["n"].fillna(""), strict=True))


def _report(project: Path) -> str:
    return (project / "results" / "report.html").read_text(encoding="utf-8")


def _status_and_dry_run(project: Path) -> tuple[str, bool]:
    """`metasynth status` (its text; it must not fail) and whether `snakemake -n` has jobs."""
    bin_dir = Path(sys.executable).parent
    status = subprocess.run(
        [str(bin_dir / "metasynth"), "status"], cwd=project, capture_output=True, text=True
    )
    assert status.returncode == 0, status.stdout + status.stderr
    dry = subprocess.run(
        [str(bin_dir / "snakemake"), "-n", "--cores", "1"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert dry.returncode == 0, dry.stderr[-2000:]
    return status.stdout, "Nothing to be done" not in dry.stdout + dry.stderr


def _assert_status_tells_the_truth(project: Path, asked: tuple[str, bool] | None = None) -> None:
    """After a run: Snakemake has nothing to do and status says so; the to-do count status names
    is the number of rows of that list in results/todo/. `asked`: what `_status_and_dry_run`
    returned for the project as it is now, if a fixture asked already."""
    text, has_jobs = asked or _status_and_dry_run(project)
    assert not has_jobs
    assert "up to date" in text and "stale" not in text, text
    todo = re.search(r"Next: \w+ (\d+) \w+ \(results/todo/(\w+)\.csv\)", text)
    if todo is not None:
        assert int(todo.group(1)) == len(_todo(project, todo.group(2))), text
    coding = re.search(r"Coding to-do: (\d+) included stud(?:y|ies)", text)
    assert coding is not None, text
    assert int(coding.group(1)) == len(_todo(project, "coding")), text


def _without_config(report: str) -> str:
    """The report without its echo of the configuration (the reproducibility section)."""
    return re.sub(r'<pre class="config">.*?</pre>', "", report, flags=re.S)


RunProject = Callable[..., None]


@pytest.fixture(scope="module")
def run_project() -> RunProject:
    """`run(project, *targets)`: `snakemake --cores 2 --quiet [TARGET…]`, which must complete."""
    snakemake = Path(sys.executable).with_name("snakemake")

    def run(project: Path, *targets: str) -> None:
        result = subprocess.run(
            [str(snakemake), *targets, "--cores", "2", "--quiet"],  # --quiet takes words after it
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-4000:]

    return run


def _next_stage(previous: Path, tmp: Path) -> Path:
    """A copy of the project at the previous stage (results and Snakemake's records with it)."""
    return Path(shutil.copytree(previous, tmp / "review", symlinks=True))


@pytest.fixture(scope="module")
def no_decisions(
    shared: Path,
    tmp_path_factory: pytest.TempPathFactory,
    run_project: RunProject,
    init_review: Callable[[Path, dict[str, str]], Path],
) -> Path:
    """`metasynth init`, the config filled in, the exports and searches.yaml dropped in."""
    project = init_review(tmp_path_factory.mktemp("no_decisions") / "review", CONFIG_EDITS)
    for source, target in EXPORTS.items():
        (project / "data" / "raw" / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(shared / source, project / "data" / "raw" / target)
    (project / "data" / "raw" / "searches.yaml").write_text(SEARCHES, encoding="utf-8")
    run_project(project)
    return project


@pytest.fixture(scope="module")
def title_abstract_screened(
    no_decisions: Path, tmp_path_factory: pytest.TempPathFactory, run_project: RunProject
) -> Path:
    """Title/abstract: the 6 first of the queue included, the rest excluded. Before the run,
    `metasynth status` and `snakemake -n` must both see the new decisions as out of date."""
    project = _next_stage(no_decisions, tmp_path_factory.mktemp("title_abstract"))
    queue = _todo(project, "title_abstract")
    rows = [[r, "title_abstract", "R1", "include", "", "", DATE] for r in queue[:6]]
    rows += [[r, "title_abstract", "R1", "exclude", "off_topic", "", DATE] for r in queue[6:]]
    _write_csv(project / "data/screening/title_abstract_R1.csv", DECISION_HEADER, rows)
    text, has_jobs = _status_and_dry_run(project)
    assert has_jobs
    assert "stale" in text and "title_abstract_R1.csv" in text, text
    run_project(project)
    return project


@pytest.fixture(scope="module")
def screened(
    title_abstract_screened: Path,
    tmp_path_factory: pytest.TempPathFactory,
    run_project: RunProject,
) -> Path:
    """One full text not found; of the 5 retrieved, 4 included and 1 excluded at full text."""
    project = _next_stage(title_abstract_screened, tmp_path_factory.mktemp("screened"))
    sought = _todo(project, "retrieval")
    rows = [[sought[0], "retrieval", "R1", "not_retrieved", "not_found", "", DATE]]
    rows += [[r, "retrieval", "R1", "retrieved", "", "", DATE] for r in sought[1:]]
    _write_csv(project / "data/screening/retrieval_R1.csv", DECISION_HEADER, rows)
    run_project(project, "results/todo/full_text.csv")  # the list the next rows come from
    full_texts = sorted(_todo(project, "full_text"))
    rows = [[r, "full_text", "R1", "include", "", "", DATE] for r in full_texts[:4]]
    rows += [[full_texts[4], "full_text", "R1", "exclude", "wrong_design", "", DATE]]
    _write_csv(project / "data/screening/full_text_R1.csv", DECISION_HEADER, rows)
    run_project(project)
    return project


@pytest.fixture(scope="module")
def appraised(
    screened: Path, tmp_path_factory: pytest.TempPathFactory, run_project: RunProject
) -> Path:
    """CASP Yes/Can't tell/No for the 4 full texts: one answers "No" to q1 and is excluded."""
    project = _next_stage(screened, tmp_path_factory.mktemp("appraised"))
    studies = sorted(_todo(project, "appraisal"))
    rows = [[r, "R1", *["Yes"] * 8, "Can't tell", "Yes", "", DATE] for r in studies[1:]]
    rows.append([studies[0], "R1", "No", *["Yes"] * 9, "no stated aim", DATE])
    _write_csv(project / "data/appraisal/casp_R1.csv", CASP_HEADER, rows)
    run_project(project)
    return project


@pytest.fixture(scope="module")
def not_appraised(
    screened: Path, tmp_path_factory: pytest.TempPathFactory, run_project: RunProject
) -> Path:
    """The screened review of another protocol: no appraisal (`appraisal.checklist: none`)."""
    project = _next_stage(screened, tmp_path_factory.mktemp("not_appraised"))
    config = project / "config" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  checklist: casp_qualitative\n") == 1
    config.write_text(text.replace("  checklist: casp_qualitative\n", "  checklist: none\n"))
    run_project(project)
    return project


@pytest.fixture(scope="module")
def jbi_appraised(
    screened: Path, tmp_path_factory: pytest.TempPathFactory, run_project: RunProject
) -> Path:
    """The screened review appraised with the JBI checklist: its overall judgement decides."""
    project = _next_stage(screened, tmp_path_factory.mktemp("jbi_appraised"))
    config = project / "config" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  checklist: casp_qualitative\n", "  checklist: jbi_qualitative\n")
    )
    studies = sorted(_todo(project, "appraisal"))
    header = ["record_id", "appraiser", *(f"q{i}" for i in range(1, 11)), "overall", "note", "date"]
    rows = [[r, "R1", *["Yes"] * 9, "Unclear", "Include", "", DATE] for r in studies[1:]]
    rows.append([studies[0], "R1", "No", "No", *["Unclear"] * 8, "Exclude", "no aim", DATE])
    _write_csv(project / "data/appraisal/jbi_R1.csv", header, rows)
    # the tables its tests read (a whole run with JBI: tests/project/test_excel_review.py)
    tables = ("results/progress.csv", "results/screening/prisma_counts.csv")
    run_project(project, *tables, "results/screening/audit.csv")
    return project


@pytest.fixture(scope="module")
def coded_before_appraisal(
    screened: Path, tmp_path_factory: pytest.TempPathFactory, run_project: RunProject
) -> Path:
    """Codes for two full texts still awaiting appraisal (coded while appraising, as one
    researcher alone often does, naming only themselves in synthesis.coders): the run
    completes and holds them back."""
    project = _next_stage(screened, tmp_path_factory.mktemp("coded_before_appraisal"))
    config = project / "config" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert text.count("coders: [C1, C2]") == 1
    config.write_text(text.replace("coders: [C1, C2]", "coders: [C1]"), encoding="utf-8")
    (project / "data/coded/codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    studies = sorted(_todo(project, "appraisal"))
    rows = [
        [record_id, coder, code, quote, "p. 3", ""]
        for record_id, codes in zip(studies[1:3], CODES_FIRST, strict=True)
        for coder, code, quote in codes
    ]
    _write_csv(project / "data/coded/codes.csv", CODES_HEADER, rows)
    run_project(project)
    return project


def _coding_rows(
    project: Path, plan: list[list[tuple[str, str, str]]], start: int
) -> list[list[str]]:
    included = sorted(
        str(r) for r in read_table(project / "results/screening/included.csv")["record_id"]
    )
    rows = []
    for offset, codes in enumerate(plan):
        record_id = included[(start + offset) % len(included)]
        rows += [[record_id, coder, code, quote, "p. 3", ""] for coder, code, quote in codes]
    return rows


@pytest.fixture(scope="module")
def two_coded(
    appraised: Path, tmp_path_factory: pytest.TempPathFactory, run_project: RunProject
) -> Path:
    """One coder, two documents coded, the codebook written."""
    project = _next_stage(appraised, tmp_path_factory.mktemp("two_coded"))
    (project / "data/coded/codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    _write_csv(
        project / "data/coded/codes.csv", CODES_HEADER, _coding_rows(project, CODES_FIRST, 0)
    )
    # what its test reads (the figures and the report come with `coded`, a run later)
    run_project(
        project,
        "results/progress.csv",
        "results/synthesis/entropy.csv",
        "results/figures/agreement_coding.svg",
    )
    return project


@pytest.fixture(scope="module")
def double_coded_before_the_codebook(
    appraised: Path, tmp_path_factory: pytest.TempPathFactory, run_project: RunProject
) -> Path:
    """Two coders' codes on the same two studies while the codebook is still the empty one
    `metasynth init` wrote (the first coding round, before the framework): the run completes."""
    project = _next_stage(appraised, tmp_path_factory.mktemp("double_coded_no_codebook"))
    rows = _coding_rows(project, CODES_FIRST, 0) + _coding_rows(project, CODES_REST[1:], 0)
    _write_csv(project / "data/coded/codes.csv", CODES_HEADER, rows)
    # the tables its test reads; results/logs/assess_reliability.log comes with the first
    run_project(
        project, "results/synthesis/reliability.csv", "results/synthesis/unmapped_codes.csv"
    )
    return project


@pytest.fixture(scope="module")
def coded(
    two_coded: Path, tmp_path_factory: pytest.TempPathFactory, run_project: RunProject
) -> Path:
    """The third study coded, and the first two coded again by a second coder."""
    project = _next_stage(two_coded, tmp_path_factory.mktemp("coded"))
    rows = _coding_rows(project, CODES_FIRST, 0) + _coding_rows(project, CODES_REST, 2)
    _write_csv(project / "data/coded/codes.csv", CODES_HEADER, rows)
    run_project(project)
    return project


@pytest.fixture(scope="module")
def coded_status(coded: Path) -> tuple[str, bool]:
    """`metasynth status` and `snakemake -n` on the coded review, asked once for the two tests
    that read them (neither changes the project)."""
    return _status_and_dry_run(coded)


@pytest.fixture(scope="module")
def judged(coded: Path, tmp_path_factory: pytest.TempPathFactory, run_project: RunProject) -> Path:
    """A review finding written in data/coded/findings.yaml and judged in cerqual.yaml."""
    project = _next_stage(coded, tmp_path_factory.mktemp("judged"))
    (project / "data/coded/findings.yaml").write_text(FINDINGS, encoding="utf-8")
    (project / "data/coded/cerqual.yaml").write_text(JUDGEMENTS, encoding="utf-8")
    run_project(project)
    return project


def test_without_decisions_the_review_is_at_title_abstract_screening(no_decisions: Path) -> None:
    progress = _progress(no_decisions)
    assert _current(no_decisions) == "title_abstract"
    # 110 records of 60 publications (the two wosfile exports hold the same 50); one editorial
    # is excluded by the document-type rule
    assert progress["search"]["n_done"] == "110"
    assert progress["title_abstract"]["n_total"] == "59"
    assert _prisma(no_decisions)["duplicates"] == "50"
    assert _prisma(no_decisions)["excluded_automatic"] == "1"
    report = _report(no_decisions)
    assert (
        "<strong>Stage of this review: </strong><strong>Title/abstract screening</strong> — 59 "
        "publications awaiting title/abstract decisions"
    ) in report
    assert "Not yet: not enough data (n = 0 coded documents; needs at least 2)." in report


def test_without_decisions_status_agrees_with_snakemake(no_decisions: Path) -> None:
    _assert_status_tells_the_truth(no_decisions)
    text = (no_decisions / "results/progress.csv").read_text(encoding="utf-8")
    assert "not enough data (n = 0 coded documents; needs at least 2)" in text
    assert "synthesis.entropy." not in text + _report(no_decisions)  # no key that does not exist


def test_after_title_abstract_screening_the_review_is_at_retrieval(
    title_abstract_screened: Path,
) -> None:
    progress = _progress(title_abstract_screened)
    assert _current(title_abstract_screened) == "retrieval"
    assert (progress["title_abstract"]["n_done"], progress["retrieval"]["n_total"]) == ("59", "6")
    assert "<strong>Retrieval of full texts</strong> — 6 full texts to retrieve" in _report(
        title_abstract_screened
    )
    _assert_status_tells_the_truth(title_abstract_screened)


def test_bulk_excluding_all_but_six_counts_its_rows_and_lists_the_rest(
    no_decisions: Path, tmp_path: Path, run_project: RunProject
) -> None:
    """The README's bulk step on a new review: exclude every open publication but the six the
    screener kept. 53 imported rows are counted, not printed one by one; the workflow then has
    six left to screen."""
    project = _next_stage(no_decisions, tmp_path)
    keep = project / "keep.txt"
    keep.write_text("\n".join(_todo(project, "title_abstract")[:6]) + "\n", encoding="utf-8")
    bulk = [str(Path(sys.executable).with_name("metasynth")), "screen", "bulk", "--keep"]
    options = ["--decision", "exclude", "--reason", "off_topic", "--reviewer", "R1"]
    done = subprocess.run(
        [*bulk, "keep.txt", *options, "--date", DATE], cwd=project, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "53 row(s) imported title_abstract exclude" in lines
    assert (
        "(--verbose lists every row; --report FILE writes every row with its record_id and line)"
        in lines
    )
    assert not any(" imported " in line and line.startswith("bulk") for line in lines)
    assert lines[-1].startswith("appended 53 decision(s) to data/screening/bulk_R1.csv")
    run_project(project, "results/todo/title_abstract.csv", "results/progress.csv")
    assert len(_todo(project, "title_abstract")) == 6
    assert _progress(project)["title_abstract"]["n_done"] == "53"


def test_a_screened_review_is_at_appraisal(screened: Path) -> None:
    progress = _progress(screened)
    assert _current(screened) == "appraisal"
    assert progress["appraisal"]["waiting_for"] == (
        "4 studies awaiting appraisal (appraisal rows in data/appraisal/)"
    )
    prisma = _prisma(screened)
    assert [prisma[k] for k in ("records_screened", "records_excluded", "dbr_sought_reports")] == [
        "59",
        "53",
        "6",
    ]
    assert [prisma[k] for k in ("dbr_notretrieved_reports", "dbr_assessed", "new_studies")] == [
        "1",
        "5",
        "0",
    ]
    assert "<strong>Quality appraisal</strong> — 4 studies awaiting appraisal" in _report(screened)
    _assert_status_tells_the_truth(screened)


def test_codes_on_studies_awaiting_appraisal_wait_for_their_inclusion(
    coded_before_appraisal: Path, run_project: RunProject
) -> None:
    project = coded_before_appraisal
    assert _current(project) == "appraisal"
    studies = sorted(_todo(project, "appraisal"))
    held = read_table(project / "results/synthesis/coding_todo.csv")
    assert held["record_id"].tolist() == studies[1:3]
    assert (
        held["reason"].tolist()
        == ["coded before inclusion (awaiting appraisal): its codes count once it is included"] * 2
    )
    assert held["n_codings"].astype(int).tolist() == [3, 2]
    assert len(read_table(project / "results/synthesis/codings.csv")) == 0
    assert _todo(project, "coding") == []
    _assert_status_tells_the_truth(project)
    # the appraisal includes the three it does not exclude: the held codes now count
    rows = [[r, "R1", *["Yes"] * 8, "Can't tell", "Yes", "", DATE] for r in studies[1:]]
    rows.append([studies[0], "R1", "No", *["Yes"] * 9, "no stated aim", DATE])
    _write_csv(project / "data/appraisal/casp_R1.csv", CASP_HEADER, rows)
    run_project(project)
    progress = _progress(project)
    assert _current(project) == "coding"
    assert (progress["coding"]["n_done"], progress["coding"]["n_total"]) == ("2", "3")
    assert len(read_table(project / "results/synthesis/codings.csv")) == 5
    assert _todo(project, "coding") == [studies[3]]
    _assert_status_tells_the_truth(project)


def test_a_review_coded_alone_waits_for_no_reliability(coded_before_appraisal: Path) -> None:
    reliability = _progress(coded_before_appraisal)["reliability"]
    assert (reliability["state"], reliability["waiting_for"]) == (
        "not_applicable",
        "one coder (synthesis.coders)",
    )
    report = _report(coded_before_appraisal)
    assert "not enough data (n = 0 double-coded" not in report
    assert "Not part of this review: one coder (synthesis.coders)." in report


def test_a_review_without_appraisal_goes_from_full_text_to_coding(not_appraised: Path) -> None:
    progress = _progress(not_appraised)
    assert _current(not_appraised) == "coding"
    assert progress["appraisal"]["state"] == "not_applicable"
    assert (progress["coding"]["n_done"], progress["coding"]["n_total"]) == ("0", "4")
    prisma = _prisma(not_appraised)
    assert (prisma["new_studies"], prisma["metasynth_appraisal_tool"]) == ("4", "not appraised")
    figure = (not_appraised / "results/figures/prisma.svg").read_text(encoding="utf-8")
    assert "Quality of the studies not appraised" in figure
    report = _report(not_appraised)
    assert "<strong>Not appraised: </strong>" in report
    # the config still holds the CASP scheme (echoed as it is); the report says nothing of CASP
    assert "casp" not in _without_config(report).lower()
    _assert_status_tells_the_truth(not_appraised)


def test_a_review_appraised_with_jbi_excludes_by_the_overall_judgement(
    jbi_appraised: Path,
) -> None:
    progress = _progress(jbi_appraised)
    assert _current(jbi_appraised) == "coding"
    assert (progress["coding"]["n_done"], progress["coding"]["n_total"]) == ("0", "3")
    prisma = _prisma(jbi_appraised)
    assert (prisma["new_studies"], prisma["metasynth_excluded_appraisal"]) == ("3", "1")
    assert "Excluded by appraisal (JBI), 1" in prisma["dbr_excluded"]
    audit = read_table(jbi_appraised / "results/screening/audit.csv")
    appraisals = audit[(audit["stage"] == "appraisal") & (audit["event"] == "appraisal")]
    assert sorted(appraisals["detail"]) == ["overall Exclude"] + ["overall Include"] * 3


def test_seek_further_info_asks_the_appraiser_to_edit_not_another_to_add(
    jbi_appraised: Path, tmp_path: Path
) -> None:
    """With three reviewers and one appraisal needed, a study appraised "Seek further info"
    is settled by R1 editing the row: the to-do list used to ask R2 or R3 for a row, which
    only made the appraisals differ and the study wait on."""
    project = _next_stage(jbi_appraised, tmp_path)
    appraisal = project / "data/appraisal/jbi_R1.csv"
    lines = appraisal.read_text(encoding="utf-8").splitlines(keepends=True)
    record_id = lines[2].split(",")[0]
    lines[2] = lines[2].replace(",Include,", ",Seek further info,")
    appraisal.write_text("".join(lines), encoding="utf-8")
    snakemake = Path(sys.executable).with_name("snakemake")
    result = subprocess.run(
        [str(snakemake), "--cores", "2", "results/todo/appraisal.csv"],
        cwd=project,
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    todo = read_table(project / "results/todo/appraisal.csv").astype(str)
    assert list(todo["record_id"]) == [record_id]
    assert todo["needs"].iloc[0] == (
        "overall appraisal: Seek further info; it has its 1 appraisal(s): R1 edits their row "
        "when it can be decided, another appraiser's row does not settle it (`metasynth audit "
        f"{record_id}` shows where it is)"
    )
    assert todo["write_to"].iloc[0] == "data/appraisal (the file of R1's row: edit it there)"
    assert todo["add_row"].iloc[0].startswith(f"{record_id},R1,")


def test_an_appraised_review_is_at_coding(appraised: Path) -> None:
    progress = _progress(appraised)
    assert _current(appraised) == "coding"
    assert (progress["coding"]["n_done"], progress["coding"]["n_total"]) == ("0", "3")
    assert _prisma(appraised)["new_studies"] == "3"
    assert "<strong>Coding</strong> — 3 included studies without codes" in _report(appraised)
    _assert_status_tells_the_truth(appraised)


def test_two_documents_by_one_coder_give_entropy_but_not_reliability(two_coded: Path) -> None:
    progress = _progress(two_coded)
    assert _current(two_coded) == "coding"
    assert (progress["coding"]["n_done"], progress["coding"]["n_total"]) == ("2", "3")
    assert progress["entropy"]["state"] == "done"
    assert progress["reliability"]["waiting_for"] == (
        "not enough data (n = 0 double-coded documents; needs at least 2, "
        "synthesis.reliability.min_documents)"
    )
    entropy = read_table(two_coded / "results/synthesis/entropy.csv")
    # every concept ranked (read_table keeps an empty rank as "", so notna() could not fail)
    assert entropy.set_index("item")["rank"].to_dict() == {
        "mapping_fields": "2",
        "finding_collaborators": "1",
        "showing_results": "2",
    }
    assert "Not yet: no study coded by two coders" in (
        two_coded / "results/figures/agreement_coding.svg"
    ).read_text(encoding="utf-8")


def test_double_coding_before_the_codebook_has_no_units_and_no_traceback(
    double_coded_before_the_codebook: Path,
) -> None:
    """Units of agreement are codebook concepts; with none yet, reliability.csv has no rows
    and the rule's log says why (it used to stop the run with a ValueError from kappa)."""
    project = double_coded_before_the_codebook
    assert read_table(project / "results/synthesis/reliability.csv").empty
    log = (project / "results/logs/assess_reliability.log").read_text(encoding="utf-8")
    assert "no codebook concept to compare the coders on yet" in log
    assert len(read_table(project / "results/synthesis/unmapped_codes.csv")) == 5


def test_a_coded_review_has_its_framework_and_statistics(
    coded: Path, coded_status: tuple[str, bool]
) -> None:
    progress = _progress(coded)
    assert {step: progress[step]["state"] for step in ("coding", "synthesis")} == {
        "coding": "done",
        "synthesis": "done",
    }
    assert progress["reliability"]["n_done"] == "2"
    framework = read_table(coded / "results/synthesis/framework.csv")
    concepts = framework[framework["level"] == "concept"].set_index("concept")
    assert concepts["n_documents"].astype(int).to_dict() == {
        "mapping_fields": 3,
        "finding_collaborators": 2,
        "showing_results": 3,
    }
    _assert_status_tells_the_truth(coded, coded_status)


def test_a_coded_review_waits_for_its_findings(coded: Path, coded_status: tuple[str, bool]) -> None:
    """The report's GRADE-CERQual section waits for the review findings: so do the banner and
    status (they used to say every stage was done, and "Next: nothing")."""
    assert _current(coded) == "confidence"
    assert _progress(coded)["confidence"]["waiting_for"] == (
        "review findings to write in data/coded/findings.yaml (docs/cerqual.md)"
    )
    report = _report(coded)
    assert (
        "<strong>Confidence in the findings (GRADE-CERQual)</strong> — review findings to "
        "write in data/coded/findings.yaml (docs/cerqual.md)."
    ) in report
    assert "every stage is done" not in report
    text, _ = coded_status
    assert text.rstrip().endswith(
        "Next: write the review findings in data/coded/findings.yaml for GRADE-CERQual "
        "(docs/cerqual.md)."
    )


def test_a_judged_review_is_done(judged: Path) -> None:
    progress = _progress(judged)["confidence"]
    assert (progress["state"], progress["n_done"], progress["n_total"]) == ("done", "1", "1")
    assert _current(judged) == "confidence"
    assert "every stage is done" in _report(judged)
    text, _ = _status_and_dry_run(judged)
    assert text.rstrip().endswith("Next: nothing: every stage is settled.")
