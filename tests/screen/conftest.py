"""Small in-memory worlds for the screening tests: settings, clusters, publications, decisions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from metasynth.config import section_with_defaults
from metasynth.screen.settings import ScreeningSettings

SCREENING: dict[str, Any] = {
    "eligibility": [
        {
            "code": "year_range",
            "label": "Published outside 2000-2023",
            "field": "year",
            "between": [2000, 2023],
        },
        {
            "code": "document_type",
            "label": "Not an article or review",
            "field": "doc_type",
            "any_of": ["Article", "Review"],
        },
        {"code": "language", "label": "Not in English", "field": "language", "any_of": ["English"]},
    ],
    "reasons": {
        "title_abstract": [{"code": "off_topic", "label": "Not about electronic mentoring"}],
        "retrieval": [{"code": "no_access", "label": "Full text not accessible"}],
        "full_text": [
            {"code": "off_topic", "label": "Not about electronic mentoring"},
            {"code": "no_framework_content", "label": "No framework content"},
        ],
    },
    "reviewers": [
        {"id": "R1", "role": "screener"},
        {"id": "R2", "role": "screener"},
        {"id": "R3", "role": "arbiter"},
    ],
}

HEADER = "record_id,stage,reviewer,decision,reason,note,date\n"


def make_settings(**overrides: Any) -> ScreeningSettings:
    section = section_with_defaults("screening", {**SCREENING, **overrides})
    return ScreeningSettings.from_config(section)


@pytest.fixture
def settings() -> ScreeningSettings:
    return make_settings()


@pytest.fixture(name="make_settings")
def make_settings_fixture() -> Callable[..., ScreeningSettings]:
    """Settings with some `screening` keys overridden."""
    return make_settings


@pytest.fixture
def clusters() -> pd.DataFrame:
    """Five publications; WOS:0001 also exported as doi:10.1000/em.1 (merged by doi)."""
    rows = [
        ("WOS:0001", "WOS:0001", "True", "primary", "wos/a.txt:1; wos/b.txt:40"),
        ("WOS:0001", "doi:10.1000/em.1", "False", "doi", "scopus.ris:12"),
        ("WOS:0002", "WOS:0002", "True", "primary", "wos/a.txt:30"),
        ("WOS:0003", "WOS:0003", "True", "primary", "wos/a.txt:60"),
        ("WOS:0004", "WOS:0004", "True", "primary", "wos/a.txt:90"),
        ("WOS:0005", "WOS:0005", "True", "primary", "wos/a.txt:120"),
    ]
    frame = pd.DataFrame(rows, columns=["cluster_id", "record_id", "is_primary", "rule", "entries"])
    frame["score"] = ""
    frame["matched_to"] = ""
    frame["database"] = ["WOS", "Scopus", "WOS", "WOS", "WOS", "WOS"]
    return frame.astype("string")


@pytest.fixture
def publications() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id": ["WOS:0001", "WOS:0002", "WOS:0003", "WOS:0004", "WOS:0005"],
            "year": pd.array([2015, 2019, 1998, 2021, 2010], dtype="Int64"),
            "doc_type": [
                "Article",
                "Article; Early Access",
                "Article",
                "Review",
                "Editorial Material",
            ],
            "language": ["English"] * 5,
            "title": [
                "E-mentoring of novice teachers through online platforms",
                "Virtual mentoring programmes for women engineers",
                "Mentoring by telephone in 1998",
                "A review of electronic mentoring requirements",
                "Editorial: mentoring matters",
            ],
            "abstract": [
                "Electronic mentoring supports novice teachers online.",
                "An online mentoring platform connected mentors and mentees.",
                "Telephone mentoring of nurses.",
                "We review requirements of e-mentoring platforms and mentors.",
                "An editorial.",
            ],
        }
    )


@pytest.fixture
def write_decisions(tmp_path: Path) -> Callable[..., Path]:
    """Write a decision file from data lines (the header is added); returns its path."""

    def write(*lines: str, name: str = "decisions.csv") -> Path:
        path = tmp_path / name
        path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
        return path

    return write


@pytest.fixture
def members(clusters: pd.DataFrame) -> dict[str, str]:
    return dict(zip(clusters["record_id"], clusters["cluster_id"], strict=True))
