"""Decisions naming a record that dedup has since merged into another publication.

After an update, the record a reviewer decided on may no longer be its publication's primary
(a more complete duplicate took its place, or a verdict joined two publications). Such rows
apply to the publication, the audit trail says so on each row, and one notice per record says
where they are: nothing is dropped, nothing is asked again.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metasynth.appraise import APPRAISAL_COLUMNS, SUMMARY_COLUMNS
from metasynth.config import section_with_defaults
from metasynth.errors import InputError
from metasynth.screen.decisions import cluster_map, read_decision_files, validate_decisions
from metasynth.screen.eligibility import apply_eligibility
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.state import AppraisalResult, derive_states

HEADER = "record_id,stage,reviewer,decision,reason,note,date\n"
DECIDED_ON_THE_OLD_PRIMARY = (
    "WOS:0001,title_abstract,R1,include,,,2024-03-01",
    "WOS:0001,title_abstract,R2,include,,,2024-03-02",
    "WOS:0001,retrieval,R1,retrieved,,,2024-04-01",
    "WOS:0001,full_text,R1,include,,,2024-05-01",
    "WOS:0001,full_text,R2,include,,,2024-05-02",
)


@pytest.fixture
def settings() -> ScreeningSettings:
    section = section_with_defaults(
        "screening",
        {
            "reviewers": [
                {"id": "R1", "role": "screener"},
                {"id": "R2", "role": "screener"},
                {"id": "R3", "role": "arbiter"},
            ]
        },
    )
    return ScreeningSettings.from_config(section)


@pytest.fixture
def clusters() -> pd.DataFrame:
    """The Scopus record doi:10.1000/em.1 became the primary; WOS:0001 (decided) joined it."""
    rows = [
        ("doi:10.1000/em.1", "doi:10.1000/em.1", "True", "primary", "scopus.ris:1", "Scopus"),
        ("doi:10.1000/em.1", "WOS:0001", "False", "doi", "wos/a.txt:1", "WOS"),
        ("WOS:0002", "WOS:0002", "True", "primary", "wos/a.txt:30", "WOS"),
    ]
    columns = ["cluster_id", "record_id", "is_primary", "rule", "entries", "database"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.assign(score="", matched_to="", evidence="").astype("string")


@pytest.fixture
def publications() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id": ["WOS:0002", "doi:10.1000/em.1"],
            "year": pd.array([2019, 2021], dtype="Int64"),
            "doc_type": ["Article", "Article"],
            "language": ["English", "English"],
        }
    )


def _decisions(tmp_path: Path, settings: ScreeningSettings, clusters: pd.DataFrame, *lines: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "decisions.csv"
    path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return validate_decisions(read_decision_files([path]), settings, cluster_map(clusters))


def _derive(decisions, settings, clusters, publications):  # type: ignore[no-untyped-def]
    return derive_states(
        apply_eligibility(publications, settings.rules),
        clusters,
        decisions,
        settings,
        AppraisalResult(
            pd.DataFrame(columns=APPRAISAL_COLUMNS),
            pd.DataFrame(columns=SUMMARY_COLUMNS),
            "low_quality",
        ),
    )


def test_decisions_on_the_old_primary_carry_the_publication_forward(
    tmp_path: Path,
    settings: ScreeningSettings,
    clusters: pd.DataFrame,
    publications: pd.DataFrame,
) -> None:
    decisions = _decisions(tmp_path, settings, clusters, *DECIDED_ON_THE_OLD_PRIMARY)
    result = _derive(decisions, settings, clusters, publications)
    status = result.status.set_index("record_id")["status"].to_dict()
    # past title/abstract, retrieval and full text: only the appraisal is still to do
    assert status["doi:10.1000/em.1"] == "awaiting_appraisal"
    awaiting = dict(zip(result.awaiting["record_id"], result.awaiting["stage"], strict=True))
    assert awaiting == {"doi:10.1000/em.1": "appraisal", "WOS:0002": "title_abstract"}
    applied = result.audit[result.audit["named_record_id"] == "WOS:0001"]
    assert applied["event"].tolist().count("decision") == 5
    assert set(applied.loc[applied["event"] == "decision", "detail"]) == {
        "decision for WOS:0001 applied to publication doi:10.1000/em.1, merged by doi"
    }


def test_one_notice_says_where_the_rows_naming_a_merged_record_are(
    tmp_path: Path,
    settings: ScreeningSettings,
    clusters: pd.DataFrame,
    publications: pd.DataFrame,
) -> None:
    decisions = _decisions(tmp_path, settings, clusters, *DECIDED_ON_THE_OLD_PRIMARY)
    notices = _derive(decisions, settings, clusters, publications).notices
    assert [(n.severity, n.line) for n in notices] == [("info", 2)]
    assert notices[0].message == (
        "5 row(s) name WOS:0001, which is merged into publication doi:10.1000/em.1 (by doi): "
        "they apply to doi:10.1000/em.1 (see `metasynth audit doi:10.1000/em.1`)"
    )


def test_two_rows_of_one_reviewer_on_records_now_merged_say_what_to_do(
    tmp_path: Path, settings: ScreeningSettings, clusters: pd.DataFrame
) -> None:
    with pytest.raises(InputError) as raised:
        _decisions(
            tmp_path,
            settings,
            clusters,
            "WOS:0001,title_abstract,R1,include,,,2024-03-01",
            "doi:10.1000/em.1,title_abstract,R1,include,,,2024-11-12",
        )
    text = str(raised.value)
    assert text.startswith(
        f"{tmp_path / 'decisions.csv'}:3: R1 already decided doi:10.1000/em.1 at title_abstract"
    )
    assert "WOS:0001 and doi:10.1000/em.1 are one publication now" in text
