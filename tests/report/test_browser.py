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
