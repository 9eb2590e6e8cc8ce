"""The report's confidence part shows the SoQF, the Evidence Profile and what is missing."""

from __future__ import annotations

import pandas as pd

from metasynth.config import load_config
from metasynth.report import ReportInputs
from metasynth.report.confidence import CONFIDENCE
from metasynth.report.inputs import TABLES
from metasynth.report.page import Page, Studies
from metasynth.tables import read_table, write_table

from .conftest import STUDIES


def _page(root, tmp_path, tables=None) -> Page:
    empty = pd.DataFrame()
    extra = {}
    if tables is not None:  # read back from CSV, as the report rule reads them
        for name, frame in (
            ("soqf", tables.soqf),
            ("evidence_profile", tables.profile),
            ("missing_judgements", tables.missing),
        ):
            write_table(frame, tmp_path / f"{name}.csv")
            extra[name] = read_table(tmp_path / f"{name}.csv")
    frames = {name: empty for name in TABLES} | {"studies": STUDIES} | extra
    files = {name: f"results/confidence/{name}.csv" for name in (*extra, "sensitivity")}
    inputs = ReportInputs(config=load_config(root / "config/config.yaml"), **frames, files=files)
    return Page(inputs, Studies(STUDIES))


def test_the_report_shows_the_soqf_with_links_to_the_studies(root, tmp_path, tables):
    html = CONFIDENCE.html(_page(root, tmp_path, tables))
    assert "<th>GRADE-CERQual assessment of confidence</th>" in html
    assert (
        '<td data-label="GRADE-CERQual assessment of confidence">Moderate confidence</td>' in html
    )
    assert 'href="#study-WOS_3a_000000000000004"' in html


def test_the_report_lists_the_judgements_still_missing(root, tmp_path, tables):
    html = CONFIDENCE.html(_page(root, tmp_path, tables))
    assert (
        "Judgements still to make (5; results/confidence/missing_judgements.csv; write them in "
        "data/coded/cerqual.yaml)" in html
    )
    assert '<span class="missing">Not yet judged</span>' in html


def test_without_findings_the_report_says_not_yet(root, tmp_path):
    html = CONFIDENCE.html(_page(root, tmp_path))
    assert "Not yet: no review findings. Write them in data/coded/findings.yaml" in html
