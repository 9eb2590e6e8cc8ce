"""Conflicts between two screeners and how the arbiter settled them, as an auditor finds them.

The user's path: `metasynth init`, a real Web of Science export (../shared/fixtures/wos/), two
screeners' and an arbiter's decision files under data/screening/, one `snakemake` run. The
settled and open conflicts must be in results/screening/resolutions.csv with both sides'
decisions and the resolution's file and line, counted per stage in the report beside κ, and a
resolution that overturns the screeners' agreement, or a decision dated before the search that
found its record, must be listed in the report's notices.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from metasynth.tables import read_table

pytestmark = pytest.mark.slow

HEADER = "record_id,stage,reviewer,decision,reason,note,date\n"

# Four articles of wosfile_plaintext.txt (DT Article or Review, English, so no rule excludes them).
A, B, C, D = (
    "WOS:000220015600001",
    "WOS:000243494600113",
    "WOS:000285831700110",
    "WOS:000238916700009",
)

DECISIONS = {
    "title_abstract_R1.csv": [
        f"{A},title_abstract,R1,include,,,2024-04-02",
        f"{B},title_abstract,R1,include,,,2024-04-02",
        f"{C},title_abstract,R1,include,,,2024-04-02",
        # dated before the search (2024-03-01) found it: a warning, the row still counts
        f"{D},title_abstract,R1,exclude,off_topic,,2024-02-20",
    ],
    "title_abstract_R2.csv": [
        f"{A},title_abstract,R2,exclude,off_topic,,2024-04-05",
        f"{B},title_abstract,R2,maybe,,,2024-04-05",
        f"{C},title_abstract,R2,include,,,2024-04-05",
        f"{D},title_abstract,R2,exclude,off_topic,,2024-04-05",
    ],
    # A's disagreement settled; B's maybe left open; C's agreement overturned
    "title_abstract_R3.csv": [
        f"{A},title_abstract,R3,include,,consensus meeting,2024-04-20",
        f"{C},title_abstract,R3,exclude,wrong_design,second reading,2024-04-21",
    ],
}


@pytest.fixture(scope="module")
def project(
    shared: Path,
    tmp_path_factory: pytest.TempPathFactory,
    init_review: Callable[[Path, dict[str, str]], Path],
) -> Path:
    bin_dir = Path(sys.executable).parent
    project = tmp_path_factory.mktemp("resolutions") / "review"
    init_review(
        project,
        {
            'title: ""': 'title: "Audit of screening"',
            'review_question: ""': 'review_question: "How are networks shown?"',
        },
    )
    (project / "data" / "raw" / "wos").mkdir()
    shutil.copy(shared / "wos" / "wosfile_plaintext.txt", project / "data" / "raw" / "wos")
    (project / "data" / "raw" / "searches.yaml").write_text(
        "searches:\n  - id: wos_2024\n    database: Web of Science Core Collection\n"
        '    query: TS=("network visualization")\n    date_searched: "2024-03-01"\n'
        "    searched_by: R1\n    files: [wos/wosfile_plaintext.txt]\n",
        encoding="utf-8",
    )
    for name, lines in DECISIONS.items():
        path = project / "data" / "screening" / name
        path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    run = subprocess.run(
        [str(bin_dir / "snakemake"), "--cores", "2", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    return project


def test_each_conflict_and_resolution_has_both_sides_and_its_row(project: Path) -> None:
    table = read_table(project / "results" / "screening" / "resolutions.csv").astype("string")
    rows = {str(r["record_id"]): r for r in table.fillna("").to_dict("records")}
    assert sorted(rows) == [A, B, C]
    assert rows[A]["screeners_outcome"] == "disagreement"
    assert rows[A]["screeners"] == "R1: include; R2: exclude (off_topic)"
    assert (rows[A]["resolvers"], rows[A]["decision"], rows[A]["state"]) == (
        "R3: include",
        "include",
        "settled",
    )
    assert (rows[A]["source_file"], rows[A]["source_line"], rows[A]["date"]) == (
        "data/screening/title_abstract_R3.csv",
        "2",
        "2024-04-20",
    )
    assert (rows[B]["screeners_outcome"], rows[B]["state"], rows[B]["resolvers"]) == (
        "maybe",
        "conflict",
        "",
    )
    assert (rows[C]["screeners_outcome"], rows[C]["decision"], rows[C]["reason"]) == (
        "agreement",
        "exclude",
        "wrong_design",
    )


def test_the_report_counts_the_conflicts_and_lists_the_overturn(project: Path) -> None:
    report = (project / "results" / "report.html").read_text(encoding="utf-8")
    assert "Conflicts and how the arbiter settled them" in report
    # stage, what the screeners did, publications, resolved include, resolved exclude, open
    for label, counts in (
        ("disagreed", ("1", "1", "0", "0")),
        ("a maybe", ("1", "0", "0", "1")),
        ("agreed (the resolver decided anyway)", ("1", "0", "1", "0")),
    ):
        columns = ("Publications", "Resolved: include", "Resolved: exclude", "Open")
        cells = "".join(
            f'<td class="num" data-label="{column}">{n}</td>'
            for column, n in zip(columns, counts, strict=True)
        )
        assert (
            f'<td data-label="Stage">Title/abstract</td><td data-label="The screeners">{label}</td>'
            f"{cells}"
        ) in report, label
    assert "<code>data/screening/title_abstract_R3.csv:3</code>" in report
    assert f"R3&#x27;s resolution (exclude) of {C} at title_abstract overturns" in report


def test_audit_says_what_each_resolution_settled(project: Path) -> None:
    metasynth = str(Path(sys.executable).with_name("metasynth"))

    def audit(query: str) -> str:
        result = subprocess.run([metasynth, "audit", query], cwd=project, capture_output=True)
        assert result.returncode == 0, result.stderr
        return result.stdout.decode("utf-8")

    assert "resolved by R3 (disagreement: R1, R2 disagree)" in audit(A)
    overturned = audit(C)
    assert "R3             resolution exclude wrong_design" in overturned
    assert "resolved by R3, overturning the include of the screeners (agreement of R1, R2)" in (
        overturned
    )
    # each reason code with the label the config gives it (results/screening/reasons.csv)
    label = "reason wrong_design: Study design outside the review's criteria"
    assert f"(set at title_abstract, {label})" in overturned
    assert f"{label} — note: second reading" in overturned


def test_a_decision_dated_before_the_search_is_a_warning_that_still_counts(project: Path) -> None:
    notices = read_table(project / "results" / "screening" / "notices.csv").astype("string")
    before = notices[notices["message"].str.contains("before", regex=False)]
    assert before[["severity", "file", "line"]].values.tolist() == [
        ["warning", "data/screening/title_abstract_R1.csv", "5"]
    ]
    message = str(before["message"].iloc[0])
    assert message.startswith(f"decision dated 2024-02-20, before {D} was found (its first search")
    assert "run on 2024-03-01" in message
    status = read_table(project / "results" / "screening" / "status.csv").astype("string")
    assert status.loc[status["record_id"] == D, "status"].tolist() == ["excluded_title_abstract"]
    report = (project / "results" / "report.html").read_text(encoding="utf-8")
    assert "<code>data/screening/title_abstract_R1.csv:5</code>" in report
