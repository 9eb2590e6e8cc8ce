"""The report's stage banner and step table, and the "not yet" notes of the statistics, as a
partial review gets them from results/progress.csv."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from metasynth.progress import ProgressSettings, progress_table
from metasynth.report import render_report

NO_CODES = pd.DataFrame(
    columns=["record_id", "coder", "code", "concept", "subcategory", "quote", "in_synthesis"]
)


def _screening_progress() -> pd.DataFrame:
    status = pd.DataFrame(
        {"record_id": [f"r{i}" for i in range(12)], "status": ["awaiting_title_abstract"] * 12}
    )
    return progress_table(
        ingest_report=pd.DataFrame({"records_written": ["12"]}),
        dedup_summary=pd.DataFrame({"section": ["review"], "key": ["queue"], "n": ["0"]}),
        status=status,
        codings=NO_CODES,
        coding_todo=pd.DataFrame(columns=["record_id"]),
        unmapped=pd.DataFrame(columns=["code"]),
        settings=ProgressSettings.from_config(
            ingest={}, dedup={}, screening={}, appraisal={}, synthesis={}
        ),
        findings=pd.DataFrame(columns=["finding"]),
        missing_judgements=pd.DataFrame(columns=["finding"]),
    ).astype("string")


def test_the_banner_names_the_stage_and_what_it_waits_for(report_inputs):
    page = render_report(replace(report_inputs, progress=_screening_progress()))
    assert (
        '<p class="banner stage"><strong>Stage of this review: </strong><strong>Title/abstract '
        "screening</strong> — 12 publications awaiting title/abstract decisions (decision rows "
        'in data/screening/). <a href="#stage">Every step</a></p>'
    ) in page
    assert (
        '<td data-label="Step"><strong>Title/abstract screening (current)</strong></td>'
        '<td data-label="State">to do</td>'
    ) in page


def test_statistics_without_enough_data_say_not_yet(report_inputs):
    inputs = replace(
        report_inputs,
        progress=_screening_progress(),
        clustering=report_inputs.clustering.iloc[0:0],
    )
    page = render_report(inputs)
    assert (
        '<p class="warning">Not yet: not enough data (n = 0 coded documents; needs at least 2).</p>'
    ) in page
    assert "Not yet: not enough data (n = 0 double-coded documents;" in page
    assert "Not yet: not enough data (n = 0 distinct codes;" in page


def test_without_a_progress_table_there_is_no_banner(report_inputs):
    assert 'class="banner stage"' not in render_report(report_inputs)
