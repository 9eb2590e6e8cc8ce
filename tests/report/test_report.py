"""The report page: complete, escaped, offline, linked, with every section and the ENTREQ items."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import pytest

from figures.data import W1, W2, W3, W4
from metasynth.errors import Notice
from metasynth.manifest import mask_run_date
from metasynth.report import CONTENT_SECURITY_POLICY, SECTIONS, render_report
from metasynth.report.entreq import ENTREQ_ITEMS
from metasynth.report.html import anchor_id, escape
from metasynth.report.inputs import run_date
from metasynth.screen.prisma_table import EXTENSION_KEYS, OTHER_METHODS_KEYS, TEMPLATE_KEYS
from metasynth.screen.reports import notices_table
from metasynth.screen.summary import status_counts, study_numbers
from metasynth.synthesise.codes import notices_frame
from metasynth.synthesise.qda.projects import read_project_codes
from metasynth.synthesise.update import concept_versions, new_codes


@pytest.fixture(scope="module")
def page(report_inputs) -> str:  # type: ignore[no-untyped-def]
    return render_report(report_inputs)


def test_page_is_one_html5_document_with_a_strict_content_policy(page):
    assert page.startswith('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">')
    assert f'content="{escape(CONTENT_SECURITY_POLICY)}"' in page
    assert page.count("<html") == 1 and page.rstrip().endswith("</html>")


def test_every_section_is_there_in_order(page):
    positions = [page.find(f'<section id="{sid}">') for sid, _ in SECTIONS]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_text_from_records_and_coders_is_escaped(page):
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Gamma" in page
    assert "&lt;b&gt;portal&lt;/b&gt; was easy" in page  # a coder's quote with markup
    assert "Alpha &amp; omega of e-mentoring" in page


def test_nothing_is_loaded_from_outside_the_page(page):
    assert "<script" not in page.lower()
    assert re.findall(r'\b(?:src|href)="(?!#|data:)', page) == []
    assert "url(" not in page and "@import" not in page
    assert len(re.findall(r'<img src="data:image/svg\+xml;base64,', page)) == 5


def test_every_internal_link_has_a_target_and_ids_are_unique(page):
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets - set(ids) == set()
    assert anchor_id("concept", "usability") in targets  # framework table → evidence
    assert anchor_id("study", W3) in targets  # evidence → studies table


def test_a_concept_links_to_its_studies_and_lists_its_quotes(page):
    start = page.index(f'<article id="{anchor_id("concept", "usability")}"')
    block = page[start : page.index("</article>", start)]
    assert "How easy the e-mentoring platform is to use." in block  # codebook description
    assert re.findall(r'title="(WOS:[0-9]+)">(S\d)</a>', block)[:2] == [(W2, "S2"), (W1, "S3")]
    assert "Menus were clear" in block and "Usable tools" in block
    assert "<q>easy</q>" not in block  # coder_2's double coding does not count in the framework


def test_a_concept_counts_one_study_and_one_coding_in_the_singular(page):
    counts = re.findall(r"— (\d+ stud\w+, \d+ coding\w*)", page)
    assert counts == [
        "2 studies, 3 codings",
        "1 study, 1 coding",
        "3 studies, 3 codings",
        "1 study, 1 coding",
        "0 studies, 0 codings",
    ]


def test_studies_are_numbered_and_show_their_casp_score(page):
    row = page[page.index(f'<tr id="{anchor_id("study", W3)}">') :]
    row = row[: row.index("</tr>")]
    assert "<strong>S1</strong>" in row and "31/50" in row and "Clark, C" in row
    assert "not coded yet" in page[page.index(f'<tr id="{anchor_id("study", W4)}">') :][:2000]


def test_entreq_lists_21_items_each_answered(page):
    start = page.index('<section id="entreq">')
    block = page[start : page.index("</section>", start)]
    assert len(ENTREQ_ITEMS) == 21
    assert len(re.findall(r'<tr><td class="num" data-label="#">\d+</td>', block)) == 21
    assert "statement missing" not in block  # the project's config answers every item


def test_entreq_flags_a_missing_statement(report_inputs):
    config = {
        **report_inputs.config,
        "report": {**report_inputs.config["report"], "statements": {}},
    }
    page = render_report(replace(report_inputs, config=config))
    block = page[page.index('<section id="entreq">') :]
    assert "statement missing (report.statements.methodology)" in block
    assert block.count("statement missing") == 9


def test_the_run_date_is_the_only_field_that_differs(report_inputs, page):
    other = render_report(replace(report_inputs, run_date="2031-12-31T23:59:59Z"))
    assert other != page
    assert (
        '<time id="run-date" datetime="2024-05-06T07:08:09Z">2024-05-06 07:08:09 UTC</time>' in page
    )
    assert mask_run_date(other.encode()) == mask_run_date(page.encode())


def test_source_date_epoch_fixes_the_run_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run_date() == "2023-11-14T22:13:20Z"


def test_exclusions_are_counted_per_stage_and_reason(report_inputs, page):
    table = report_inputs.exclusions
    assert table.to_dict("records") == [
        {
            "stage": "automatic",
            "reason": "year_range",
            "label": "Published outside 2000-2023",
            "n_publications": 1,
        },
        {
            "stage": "title_abstract",
            "reason": "off_topic",
            "label": "off_topic",
            "n_publications": 1,
        },
        {
            "stage": "full_text",
            "reason": "insufficient_detail",
            "label": "Insufficient description of the programme or method",
            "n_publications": 1,
        },
    ]
    block = page[page.index('<section id="exclusions">') :]
    assert (
        '<td data-label="Stage">Full text</td><td data-label="Reason">Insufficient description of '
        "the programme or method</td>"
    ) in block
    assert "(n = 3; from " in block


def test_prisma_breakdowns_are_shown_one_part_per_line(page):
    block = page[page.index('<section id="prisma">') :]
    assert '<span class="breakdown">WOS, 7</span>' in block
    assert (
        '<td data-label="Equation">identified 7 - duplicates 0 - automatic 1 = screened</td>'
        in block
    )


def test_prisma_table_words_follow_the_template_of_a_new_or_an_updated_review(report_inputs, page):
    """PRISMA 2020 words a new review's studies "Studies included in review"; an updated
    review's, "New studies included in review" beside the previous version's."""
    block = page.split('<section id="prisma">', 1)[1].split("</section>", 1)[0]
    assert "<td>Studies included in the review</td><td><code>new_<wbr>studies</code>" in block
    assert "<td>Reports of included studies</td><td><code>new_<wbr>reports</code>" in block
    assert "New studies" not in block
    prisma = report_inputs.prisma.copy()
    version = prisma["data"] == "metasynth_review_version"
    prisma.loc[version, "n"] = "2"
    updated = render_report(replace(report_inputs, prisma=prisma))
    block = updated.split('<section id="prisma">', 1)[1].split("</section>", 1)[0]
    assert "<td>New studies included in the review</td><td><code>new_<wbr>studies</code>" in block
    assert "<td>Reports of new included studies</td>" in block


def test_every_prisma_count_names_its_box_in_words(report_inputs):
    """Every row the counts file can hold (the template's, metasynth's own, the other-methods
    column's) has its box in words in the Box column, not its key again."""
    other_methods = pd.DataFrame({"data": list(OTHER_METHODS_KEYS), "n": "0"}, dtype="string")
    prisma = pd.concat([report_inputs.prisma, other_methods], ignore_index=True)
    page = render_report(replace(report_inputs, prisma=prisma))
    block = page.split('<section id="prisma">', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td><code>(.*?)</code></td>", block)
    assert [key.replace("<wbr>", "") for _, key in rows] == [
        *TEMPLATE_KEYS,
        *EXTENSION_KEYS,
        *OTHER_METHODS_KEYS,
    ]
    assert [key for label, key in rows if "_" in label] == []
    assert (
        "Records identified by the searches of previous versions",
        "metasynth_<wbr>previous_<wbr>records",
    ) in rows


def test_the_coding_section_names_what_a_qda_project_held_and_was_not_read(report_inputs, root):
    """QualCoder 3.8.2's own export holds a journal note: not a coding, reported as not read
    in the report too, not only in results/synthesis/import_notices.csv and the rule's log."""
    project = root / "tests" / "interop" / "data" / "qualcoder" / "v3.8.2" / "e-mentoring.qdpx"
    _, notices = read_project_codes(project)
    page = render_report(replace(report_inputs, import_notices=notices_frame(notices)))
    block = page.split('<section id="coding">', 1)[1].split("</section>", 1)[0]
    assert "Notices on the coding sources (results/synthesis/import_notices.csv)" in block
    assert "e-mentoring.qdpx!project.qde &lt;Notes&gt;</code>" in block
    assert "notes (memos, annotations, journal entries): 1 not read" in block
    assert "Notices on the coding sources" not in render_report(report_inputs)


def test_the_update_section_names_what_an_export_says_of_known_records(report_inputs):
    """A retraction a later export carries is in the report, not only in `metasynth status`
    (results/versions/notices.csv, written by the track_versions rule)."""
    retracted = Notice(
        "warning",
        f"{W1} (exported before by wos_2025) is marked retracted in search run wos_2026",
        file="data/raw/wos_2026/savedrecs (1).txt",
        line=412,
    )
    page = render_report(replace(report_inputs, version_notices=notices_table([retracted])))
    block = page.split('<section id="update">', 1)[1].split("</section>", 1)[0]
    assert f"{W1} (exported before by wos_2025) is marked retracted" in block
    assert "<code>data/raw/wos_2026/savedrecs (1).txt:412</code>" in block
    assert "the reviewers decide whether a study stays" in block
    quiet = render_report(report_inputs)
    assert "What the searches&#x27; exports say" not in quiet
    assert "exports say of known records" not in quiet


VERSION_2_RUNS = pd.DataFrame(
    [
        ("wos_primary", "1", "WOS", "2024-01-15", "6", "2", "2", "2", "0"),
        ("scopus_2024", "2", "Scopus", "2024-11-02", "3", "2", "2", "2", "0"),
    ],
    columns=[
        "search_run",
        "review_version",
        "database",
        "date_searched",
        "n_entries",
        "n_records",
        "n_publications",
        "n_added_publications",
        "n_previous_version_publications",
    ],
)
"""The search runs of an update: version 1 by WOS, version 2 by Scopus."""


def test_the_update_section_shows_what_version_2_adds(report_inputs):
    # W1 and W3 new in version 2 (hand-made): numbered after W2 and W4
    versions = pd.DataFrame(
        {
            "record_id": [W1, W2, W3, W4],
            "review_version": ["2", "1", "2", "1"],
            "is_new": ["True", "False", "True", "False"],
        }
    )
    studies = study_numbers(report_inputs.included, versions)
    page = render_report(
        replace(
            report_inputs,
            studies=studies,
            version_runs=VERSION_2_RUNS,
            status_counts=status_counts(report_inputs.included.assign(status="included"), versions),
            concept_versions=concept_versions(report_inputs.framework, studies),
            new_codes=new_codes(report_inputs.codings, studies),
        )
    )
    block = page.split('<section id="update">', 1)[1].split("</section>", 1)[0]
    assert "Version 2 of the review adds the search run(s) scopus_2024." in block
    assert '<td>included</td><td class="num">2</td>' in block
    assert "New studies included in version 2 (2)" in block
    assert re.findall(r'title="(WOS:[0-9]+)">(S\d)</a>', block)[:2] == [(W3, "S3"), (W1, "S4")]
    trust = block[block.index(anchor_id("concept", "trust")) :]
    cells = (
        '">Trust building</a></td><td class="num" data-label="Studies before">1</td>'
        '<td class="num" data-label="New studies">2</td><td class="num" data-label="Studies now">3'
    )
    assert trust.startswith(anchor_id("concept", "trust") + cells)  # before 1, new 2, now 3
    assert "<q>feedback</q>" in block  # only W3 carries it


def test_an_update_over_an_unfinished_version_1_says_so_as_status_does(report_inputs):
    # W2 of version 1 still awaits title/abstract decisions while version 2 (W1, W3) arrives
    versions = pd.DataFrame(
        {
            "record_id": [W1, W2, W3, W4],
            "review_version": ["2", "1", "2", "1"],
            "is_new": ["True", "False", "True", "False"],
        }
    )
    status = report_inputs.included.assign(status="included")
    status.loc[status["record_id"] == W2, "status"] = "awaiting_title_abstract"
    counts = status_counts(status, versions)
    assert counts["n_earlier_open"].tolist() == [0, 1] + [0] * 10
    page = render_report(replace(report_inputs, version_runs=VERSION_2_RUNS, status_counts=counts))
    warning = (
        '<p class="warning">Earlier review versions are not finished: 1 of their publications '
        "are still open (1 awaiting title/abstract decisions). Version 2 is counted as an update "
        "of a finished review: its PRISMA flow shows only version 2&#x27;s searches, and what "
        "earlier versions include are its previous studies. A search added while the review is "
        "under way is part of the same version: remove `review_version: 2` from its entry in "
        "data/raw/searches.yaml. An update of the review decides them first.</p>"
    )
    for part in ("update", "prisma"):
        block = page.split(f'<section id="{part}">', 1)[1].split("</section>", 1)[0]
        assert warning in block, part
    finished = status_counts(status.assign(status="included"), versions)
    quiet = render_report(
        replace(report_inputs, version_runs=VERSION_2_RUNS, status_counts=finished)
    )
    assert "Earlier review versions are not finished" not in quiet


def test_appraisal_outcomes_are_counted_per_band_and_decision(page):
    block = page.split('<section id="appraisal">', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr><td>([a-z ]+)</td><td>([a-z]+)</td><td class=\"num\">(\d+)</td>", block)
    assert rows == [("excellent", "include", "1"), ("very good", "include", "3")]
    assert "Appraisal outcomes (results/appraisal/casp.csv)" in block
