"""The tables the report reads, as the workflow writes them for the default corpus, and the
report showing them (slow: the workflow run once per session, tests/conftest.py `finished_run`).

The numbers are the synthetic corpus's plan (tools/synthetic): 1,198 publications, 80 included,
less the six correction notices dedup links to their article as reports (docs/dedup.md, rule
`report`): 1,192 publications, of which 158 rather than 164 excluded automatically.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import sync_playwright
from tests.axe import violations

from metasynth.screen import STATUSES
from metasynth.tables import read_table

from .chromium import find_chromium

pytestmark = pytest.mark.slow


def results(finished_run: Path, name: str) -> pd.DataFrame:
    return read_table(finished_run / "results" / name)


@pytest.fixture(scope="module")
def page(finished_run: Path) -> str:
    return (finished_run / "results" / "report.html").read_text(encoding="utf-8")


def section(page: str, section_id: str) -> str:
    return page.split(f'<section id="{section_id}">', 1)[1].split("</section>", 1)[0]


def test_exclusions_count_every_excluded_publication_by_stage_and_reason(finished_run):
    table = results(finished_run, "screening/exclusions.csv")
    per_stage = table.groupby("stage", sort=False)["n_publications"].apply(
        lambda n: int(pd.to_numeric(n).sum())
    )
    assert per_stage.to_dict() == {
        "automatic": 158,
        "title_abstract": 860,
        "retrieval": 6,
        "full_text": 66,
        "appraisal": 22,
    }
    first = table.iloc[0].tolist()
    assert first == [
        "automatic",
        "document_type",
        "Ineligible document type (editorial, letter, meeting abstract, retracted...)",
        "86",
    ]
    assert table.iloc[-1].tolist() == [
        "appraisal",
        "low_quality",
        "Low quality (CASP total below 30 of 50)",
        "22",
    ]
    # two screeners who excluded for different reasons: each reason by its label, not its code
    assert table.iloc[7].tolist() == [
        "title_abstract",
        "not_e_mentoring; not_mentoring",
        "Mentoring not mediated by technology; Not about mentoring",
        "49",
    ]


def test_reasons_are_the_configured_ones_in_config_order(finished_run):
    table = results(finished_run, "screening/reasons.csv")
    assert table["stage"].value_counts(sort=False).to_dict() == {
        "automatic": 3,
        "title_abstract": 4,
        "retrieval": 2,
        "full_text": 4,
        "appraisal": 1,
    }
    assert table.iloc[3].tolist() == ["title_abstract", "not_mentoring", "Not about mentoring"]


def test_status_counts_add_up_to_the_publications(finished_run):
    table = results(finished_run, "screening/status_counts.csv").set_index("status")
    assert list(table.index) == list(STATUSES)
    counts = pd.to_numeric(table["n_publications"])
    assert int(counts.sum()) == 1192
    assert counts[["excluded_title_abstract", "excluded_full_text", "included"]].tolist() == [
        860,
        66,
        80,
    ]
    # one review version: every publication is new
    assert table["n_new_publications"].tolist() == table["n_publications"].tolist()


def test_studies_number_the_80_included_studies(finished_run, page):
    studies = results(finished_run, "screening/studies.csv")
    included = results(finished_run, "screening/included.csv")
    assert sorted(studies["record_id"]) == sorted(included["record_id"])
    assert studies["label"].tolist() == [f"S{n}" for n in range(1, 81)]
    assert set(studies["review_version"]) == {"1"} and set(studies["is_new"]) == {"True"}
    heatmap = results(finished_run, "figures/framework_heatmap.csv")
    assert heatmap["study"].tolist() == studies["label"].tolist()
    first = studies["record_id"].iloc[0]
    assert f'title="{first}">S1</a>' in page
    assert "The 80 included studies" in section(page, "studies")


def test_the_report_shows_the_exclusions_table(page):
    block = section(page, "exclusions")
    assert "(n = 1,112; from results/screening/status.csv)" in block
    assert (
        '<td data-label="Stage">Retrieval</td><td data-label="Reason">Full text not found</td>'
        '<td data-label="Code"><code>not_found</code></td>'
    ) in block


def test_coders_count_what_each_coded(finished_run, page):
    table = results(finished_run, "synthesis/coders.csv")
    assert table.values.tolist() == [
        ["coder_1", "80", "703", "695", "695"],
        ["coder_2", "16", "107", "107", "0"],  # double coding, for the agreement tables
    ]
    assert (
        '<td data-label="Coder">coder_1</td><td class="num" data-label="Studies">80</td>'
        '<td class="num" data-label="Codings">703</td>'
        '<td class="num" data-label="Mapped to a concept">695</td>'
        '<td class="num" data-label="Counted in the framework">695</td>'
    ) in section(page, "coding")


def test_with_one_version_every_concept_and_code_is_new(finished_run, page):
    concepts = results(finished_run, "synthesis/concept_versions.csv")
    assert len(concepts) == 50
    assert set(concepts["n_documents_previous"]) == {"0"}
    assert concepts["n_documents_new"].tolist() == concepts["n_documents"].tolist()
    assert concepts.iloc[0][["concept", "n_documents"]].tolist() == ["platform_usability", "20"]
    codes = results(finished_run, "synthesis/new_codes.csv")
    assert len(codes) == 216
    assert int(pd.to_numeric(codes["n_codings"]).sum()) == 695  # every coding in the framework
    assert "This is the first version of the review" in section(page, "update")


def test_searches_are_the_manifest_runs(finished_run, page):
    table = results(finished_run, "versions/searches.csv")
    assert table[["search_run", "review_version", "date_searched", "n_files"]].values.tolist() == [
        ["wos_primary", "1", "2024-01-15", "3"],
        ["wos_supplementary", "1", "2024-01-29", "1"],
    ]
    assert (
        '<td data-label="Run"><code>wos_supplementary</code></td>'
        '<td data-label="Database">Web of Science Core Collection</td>'
    ) in section(page, "search")


def test_appraisal_outcomes_count_the_appraised_publications(finished_run, page):
    table = results(finished_run, "appraisal/outcomes.csv")
    assert table.values.tolist() == [
        ["excellent", "include", "44"],
        ["good", "exclude", "22"],
        ["very good", "include", "36"],
    ]
    assert '<td>good</td><td>exclude</td><td class="num">22</td>' in section(page, "appraisal")


def test_eligibility_rules_say_an_unknown_type_or_language_is_never_excluded(page):
    # ingestion writes `unknown` where the vocabulary does not know a value, and it passes
    html = section(page, "eligibility")
    assert (
        '<td data-label="Field"><code>language_norm</code></td>'
        '<td data-label="Passes when">one of: en</td>'
        '<td data-label="Missing value">never empty; unknown passes, flagged for screening</td>'
    ) in html
    assert (
        '<td data-label="Field"><code>year</code></td>'
        '<td data-label="Passes when">between 2000 and 2023</td>'
        '<td data-label="Missing value">exclude</td>'
    ) in html


def test_axe_finds_nothing_wrong_in_the_report(finished_run):
    # axe-core found the report without landmarks (3,645 elements outside any), an empty header
    # cell in the search table, and the stage banner's link at 4.3:1 on its amber
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        found = {}
        # a phone too: its wide tables scroll in their own boxes, which a keyboard must reach
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto((finished_run / "results" / "report.html").as_uri())
            found[width] = violations(page)
            page.close()
        browser.close()
    assert found == {1280: [], 390: []}
