"""The report opens in headless Chromium with no network and no console errors.

Skipped, with the reason, where no Chromium is installed (`apt-get install chromium`). The
negative controls show the check can fail: a page that logs an error, throws, and reaches for the
network is caught on every count.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metasynth.files import write_text
from metasynth.report import render_report

from .chromium import find_chromium, open_page

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install -y chromium)"
)


@needs_chromium
def test_report_opens_offline_without_console_errors(report_inputs, tmp_path):
    page = tmp_path / "report.html"
    write_text(render_report(report_inputs), page)
    assert CHROMIUM is not None
    result = open_page(page, CHROMIUM)
    assert result.loaded
    assert result.title == f"{report_inputs.config['project']['title']} — metasynth report"
    assert result.problems == []


PAST_THE_RIGHT_EDGE = """({past: [...document.querySelectorAll('table, figure, pre, p')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
  .map(e => e.closest('[id]').id + ' ' + e.tagName + ' ' + (e.textContent || '').slice(0, 40)),
 broken: [...document.querySelectorAll('table.data td > code')]
  .filter(c => c.textContent.length <= 10 && c.getClientRects().length > 1)
  .map(c => c.textContent)})"""
"""Tables, figures, code and paragraphs that reach past the window's right edge, and ids of up to
10 characters in a table cell broken over lines."""


@needs_chromium
@pytest.mark.parametrize("width", [800, 390])
def test_no_table_runs_past_the_page_in_a_narrow_window(report_inputs, tmp_path, width):
    """A narrow window (a laptop's half screen, a phone): every table fits (on a phone, one of
    five or more columns scrolls in its own box: the page never scrolls sideways), long words
    and ids break, short ids ("year_range", "wos_2024") stay whole."""
    page = tmp_path / "report.html"
    write_text(render_report(report_inputs), page)
    assert CHROMIUM is not None
    result = open_page(page, CHROMIUM, width=width, evaluate=PAST_THE_RIGHT_EDGE)
    assert result.loaded
    assert result.value == {"past": [], "broken": []}


@needs_chromium
def test_console_errors_exceptions_and_network_attempts_are_caught(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>broken</title></head><body>"
        "<img src='http://example.com/pixel.png'>"
        "<script>console.error('boom'); notDefined();</script></body></html>",
        encoding="utf-8",
    )
    assert CHROMIUM is not None
    result = open_page(page, CHROMIUM)
    assert result.console_errors == ["boom"]
    assert result.exceptions and "notDefined is not defined" in result.exceptions[0]
    assert result.network_requests == ["http://example.com/pixel.png"]


@needs_chromium
def test_a_blocked_external_resource_is_reported(tmp_path: Path):
    from metasynth.report import CONTENT_SECURITY_POLICY

    page = tmp_path / "external.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        "<title>t</title><link rel='stylesheet' href='https://example.com/a.css'></head>"
        "<body>x</body></html>",
        encoding="utf-8",
    )
    assert CHROMIUM is not None
    result = open_page(page, CHROMIUM)
    assert any("Content Security Policy" in entry for entry in result.log_errors)
    assert result.network_requests == ["https://example.com/a.css"]


PHONE_PROBLEMS = """(() => {
  const width = document.documentElement.clientWidth;
  const style = getComputedStyle(document.body);
  const room = document.body.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
  const inScrollBox = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    return false;
  };
  const past = [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5 && !inScrollBox(e))
    .map(e => `${e.tagName} in #${(e.closest('[id]') || {}).id}`);
  const split = [];
  const words = new Intl.Segmenter('en', {granularity: 'word'});
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    if (node.parentElement.closest('code.hash')) continue;  // a digest is no word
    for (const word of words.segment(node.textContent)) {
      if (!word.isWordLike || word.segment.length < 2) continue;
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word.segment.length);
      const boxes = [...range.getClientRects()].filter(r => r.width > 0);
      const lines = new Set(boxes.map(r => Math.round(r.top)));
      const wide = boxes.reduce((sum, r) => sum + r.width, 0);
      if (lines.size > 1 && wide <= room)
        split.push(`${word.segment} in #${(node.parentElement.closest('[id]') || {}).id}`);
    }
  }
  const sideways = [...document.querySelectorAll('table')]
    .filter(t => t.scrollWidth > t.clientWidth + 0.5)
    .map(t => `${t.scrollWidth - t.clientWidth} px in #${(t.closest('[id]') || {}).id}`);
  return {scrolled: document.documentElement.scrollWidth - width, past, split, sideways};
})()"""
"""On the page as laid out: how far it scrolls sideways, the elements reaching past the
window's right edge (other than inside a box that scrolls), the words (Unicode word
segmentation: "double-coded" is two, "database_results" one) drawn over two lines though
narrower than the page, and the tables that scroll sideways in their own box."""


@needs_chromium
def test_on_a_phone_nothing_runs_past_the_page_and_words_stay_whole(report_inputs, tmp_path):
    """At 360 x 740 (a small phone) the PRISMA counts and stage tables ran 4.7 px past the page
    and cells broke words anywhere ("identifie|d", "Deduplicati|on"); then 13 tables scrolled
    sideways in their own box (the studies 303 px, κ 335 px). A table of four or more columns
    now stacks (a row a block, a cell a line after its column's name), the others wrap only
    between words, and no table scrolls."""
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "report.html"
    write_text(render_report(report_inputs), page_file)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(page_file.as_uri())
        found = page.evaluate(PHONE_PROBLEMS)
        browser.close()
    assert found == {"scrolled": 0, "past": [], "split": [], "sideways": []}


@needs_chromium
def test_on_a_phone_a_figure_opens_at_full_size(report_inputs, tmp_path):
    """A phone shrinks a figure to the page (a double-column one's 7-pt type to about 2.5 pt): its
    "full size" link shows it as wide as on a large screen, scrolling sideways in its own box
    (the page does not), and "fit to the page" shrinks it back."""
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "report.html"
    write_text(render_report(report_inputs), page_file)
    image = "#figure-framework_5f_hierarchy img"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(page_file.as_uri())
        drawn = int(page.get_attribute(image, "width") or 0)
        fitted = page.eval_on_selector(image, "e => e.getBoundingClientRect().width")
        page.click("#figure-framework_5f_hierarchy >> text=Open it at full size")
        full = page.eval_on_selector(image, "e => e.getBoundingClientRect().width")
        scrolled = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        page.click("#figure-framework_5f_hierarchy >> text=fit to the page")
        back = page.eval_on_selector(image, "e => e.getBoundingClientRect().width")
        browser.close()
    assert drawn == 450  # 85 mm (a single column) at 1.4 x print size, in CSS pixels
    assert fitted < 340 and back == fitted
    assert full == drawn and scrolled == 0
