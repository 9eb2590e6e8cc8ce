"""The screening app driven in real headless Chromium (Playwright), from the keyboard.

Chromium is Debian's (`apt-get install chromium`, which .ci/run does), launched through
Playwright's `executable_path`, never a browser Playwright downloads. Skipped, with the reason,
only where Chromium is missing: Playwright is a test dependency (the `test` extras), so its
absence is a broken install and fails. Every test also checks that the page asked nothing of
any server but the app itself.

The tests that look at the page share one server (`protocol_server`: a copy of the review whose
protocol asks a reason for every title/abstract exclusion), and each leaves its queue as it
found it (a decision it makes, it undoes): a server takes ~15 s to start under load.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api as playwright_api
from tests.axe import violations

from .conftest import (
    BIN,
    HOSTILE_NOTE,
    HOSTILE_TITLE_SHOWN,
    LONG_ABSTRACT,
    MANY_AUTHORS,
    AppServer,
    copy_project,
    rows,
    run_workflow,
)

pytestmark = pytest.mark.slow
CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)
if CHROMIUM is None:
    pytest.skip("Chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
TODAY = dt.date.today().isoformat()


SPLIT_PIECES = """selector => {
  const split = [];
  let wrapped = false;
  for (const code of document.querySelectorAll(selector)) {
    wrapped ||= code.getClientRects().length > 1;
    for (const node of code.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) split.push(node.textContent);
    }
  }
  return { wrapped, split };
}"""
"""The text pieces of the matched elements (between <wbr>s) that the browser put on more than one
line, and whether any element wrapped at all (so that the check is not vacuous)."""


def _row(record: str, decision: str, reason: str = "", note: str = "") -> list[str]:
    """The row the app writes for R1's title/abstract decision today."""
    return [record, "title_abstract", "R1", decision, reason, note, TODAY]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def protocol_server(built_project, tmp_path_factory) -> Iterator[AppServer]:  # type: ignore[no-untyped-def]
    """R1 at title/abstract in a copy of the review whose config says
    `require_reason: {title_abstract: true}` (every exclusion so far has its reason)."""
    project = copy_project(built_project, tmp_path_factory.mktemp("protocol") / "project")
    config = project / "config/config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("\nscreening:\n", "\nscreening:\n  require_reason: {title_abstract: true}\n"),
        encoding="utf-8",
    )
    server = AppServer(project, "R1", "title_abstract").start()
    yield server
    server.stop()


class Page:
    """A page of the app, with every request and console error it made recorded."""

    def __init__(self, browser: Any, server: Any) -> None:
        self.server = server
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, query: str = "") -> Page:
        self.page.goto(self.server.url)
        if query:
            self.page.goto(f"http://127.0.0.1:{self.server.port}/{query}")
        self.page.wait_for_selector("body[data-ready=true]")
        return self

    def record_id(self) -> str:
        return str(self.page.locator(".record-id").inner_text().split(" ·")[0])

    def press(self, keys: str) -> None:
        """Press keys and wait until the page shows another record or message."""
        before = self.page.locator("#saved").inner_text()
        for key in keys:
            self.page.keyboard.press(key)
        self.page.wait_for_function(
            "before => document.getElementById('saved').textContent !== before", arg=before
        )

    def outside_requests(self) -> list[str]:
        origin = f"http://127.0.0.1:{self.server.port}/"
        return [url for url in self.requests if not url.startswith(origin)]


def _audit(project: Path, record_id: str) -> str:
    run = subprocess.run(
        [str(BIN / "metasynth"), "audit", record_id], cwd=project, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


# What the reviewer presses for each of ten records, and the row each must leave in the file:
# (keys, decision, reason, note). "2e" picks reason 2, then excludes; "nchecked twice\n" types a
# note. On the fourth record the reviewer slips: maybe, undo (the same record comes back), maybe.
PLAN = [
    ("i", "include", "", ""),
    ("e", "exclude", "", ""),
    ("2e", "exclude", "not_e_mentoring", ""),
    ("m", "maybe", "", ""),
    ("i", "include", "", ""),
    ("4e", "exclude", "wrong_population", ""),
    ("e", "exclude", "", ""),
    ("i", "include", "", "checked twice"),
    ("e", "exclude", "", ""),
    ("1e", "exclude", "not_mentoring", ""),
]


def test_ten_records_by_keyboard_survive_a_killed_server(project, serve, browser) -> None:  # type: ignore[no-untyped-def]
    path = project / "data/screening/title_abstract_R1.csv"
    server = serve(project, "R1")
    page = Page(browser, server).open()
    assert page.page.locator("#counts").inner_text().startswith("300 decided")
    shown = []
    for keys, _, _, note in PLAN:
        shown.append(page.record_id())
        if note:
            page.page.keyboard.press("n")
            page.page.keyboard.type(note)
            page.page.keyboard.press("Enter")
        if keys == "m" and len(shown) == 4:  # a slip: maybe, undo, then maybe again
            page.press("m")
            page.press("u")
            assert page.record_id() == shown[-1]
        page.press(keys)
    assert page.page.locator("#saved").inner_text().startswith(f"Saved: {shown[-1]} exclude")
    progress = server.wait_fresh()
    page.page.reload()
    page.page.wait_for_selector("body[data-ready=true]")
    next_record = page.record_id()
    counts = page.page.locator("#counts").inner_text()
    assert counts.startswith("310 decided")
    assert page.errors == [] and page.outside_requests() == []

    server.kill()
    written = rows(path)[-10:]
    assert written == [
        _row(record, decision, reason, note)
        for record, (_, decision, reason, note) in zip(shown, PLAN, strict=True)
    ]
    assert len(rows(path)) == 310

    restarted = serve(project, "R1")
    again = Page(browser, restarted).open()
    assert again.record_id() == next_record
    assert again.page.locator("#counts").inner_text() == counts
    assert restarted.wait_fresh()["remaining"] == progress["remaining"]

    run_workflow(project)
    audit = _audit(project, shown[2])
    assert re.search(
        rf"{TODAY}  R1 +decision exclude not_e_mentoring +data/screening/title_abstract_R1.csv:304",
        audit,
    )
    assert re.search(r"derived +awaiting", audit)  # R2 has not decided it yet


def test_a_resolver_settles_a_conflict_from_the_keyboard(
    project, serve, browser, built_project
) -> None:  # type: ignore[no-untyped-def]
    record = built_project.hostile_note_record
    server = serve(project, "R3")
    page = Page(browser, server).open(f"?record={record}")
    assert page.record_id() == record
    assert violations(page.page) == []
    # on a phone the table of decisions ran 12 px past the window: the whole page scrolled sideways
    page.page.set_viewport_size({"width": 360, "height": 740})
    assert page.page.evaluate("document.documentElement.scrollWidth - innerWidth") == 0
    # a row's file:line wraps between names, never inside one (the s14 trial saw
    # "data/screenin g/title_abstr act_R1.csv"): each piece between breaks is on one line
    pieces = page.page.evaluate(SPLIT_PIECES, "#conflict-rows td code")
    assert pieces["wrapped"] and pieces["split"] == [], pieces
    page.page.set_viewport_size({"width": 1280, "height": 900})
    # a note naming a file (an ASReview import's) made its column as wide as the name: the
    # file:line column sat out of view, behind a scroll inside the box (README-only trial)
    box = "(b => b.scrollWidth - b.clientWidth)(document.querySelector('#conflict .table-scroll'))"
    assert page.page.evaluate(box) == 0
    table = page.page.locator("#conflict-rows")
    assert table.locator("tr").count() == 2
    assert table.locator("tr").nth(1).locator("td").nth(3).inner_text() == HOSTILE_NOTE
    page.press("m")  # a screener's key: no resolution, and the page says why
    assert page.page.locator("#saved").inner_text() == (
        "A resolution settles the conflict: include (I) or exclude (E); there is no maybe."
    )
    assert page.record_id() == record
    assert not (project / "data/screening/title_abstract_R3.csv").exists()
    page.press("i")
    assert rows(project / "data/screening/title_abstract_R3.csv") == [
        [record, "title_abstract", "R3", "include", "", "", TODAY]
    ]
    assert page.errors == [] and page.dialogs == [] and page.outside_requests() == []
    run_workflow(project)
    conflicts = (project / "results/screening/conflicts.csv").read_text(encoding="utf-8")
    assert record not in conflicts
    status = (project / "results/screening/status.csv").read_text(encoding="utf-8")
    assert f"{record},awaiting_retrieval,retrieval," in status
    audit = _audit(project, record)
    assert re.search(
        rf"{TODAY}  R3 +resolution include +data/screening/title_abstract_R3.csv:2", audit
    )


def test_a_hostile_title_is_shown_as_text_and_runs_nothing(
    protocol_server, browser, built_project
) -> None:  # type: ignore[no-untyped-def]
    record = built_project.hostile_record
    server = protocol_server
    path = server.project / "data/screening/title_abstract_R1.csv"
    before = path.read_bytes()
    page = Page(browser, server).open(f"?record={record}")
    assert page.record_id() == record
    title = page.page.locator("#title")
    assert title.inner_text() == HOSTILE_TITLE_SHOWN
    assert page.page.locator("#record img, #record script, #record b").count() == 0
    assert page.page.evaluate("window.__xss") is None
    page.press("i")  # deciding it works like any other record
    assert rows(path)[-1][:4] == [record, "title_abstract", "R1", "include"]
    page.press("u")
    assert path.read_bytes() == before
    assert page.dialogs == [] and page.errors == [] and page.outside_requests() == []


@pytest.mark.parametrize("width", [1366, 800])
def test_a_word_longer_than_the_line_wraps_inside_the_record(
    protocol_server, browser, built_project, width
) -> None:  # type: ignore[no-untyped-def]
    # the hostile title ends in a 225-letter word: it ran under the decision panel on a laptop
    # and off the side of a narrow window (a horizontal scroll bar on every record)
    page = Page(browser, protocol_server).open(f"?record={built_project.hostile_record}")
    page.page.set_viewport_size({"width": width, "height": 768})
    box = page.page.evaluate(
        """() => {
          const record = document.getElementById('record').getBoundingClientRect();
          const title = document.getElementById('title');
          return {page: document.documentElement.scrollWidth, window: window.innerWidth,
                  record: record.right, title: title.getBoundingClientRect().right,
                  overflow: title.scrollWidth - title.clientWidth};
        }"""
    )
    assert box["page"] <= box["window"], box
    assert box["title"] <= box["record"] and box["overflow"] == 0, box


def test_a_stopped_or_restarted_server_says_the_decision_was_not_saved(
    project, serve, browser
) -> None:  # type: ignore[no-untyped-def]
    # the page said "Failed to fetch", and after a restart (a new token) "Unexpected token 'o',
    # "open the a"... is not valid JSON": nothing told the reviewer the decision was lost
    path = project / "data/screening/title_abstract_R1.csv"
    server = serve(project, "R1")
    page = Page(browser, server).open()
    saved = page.page.locator("#saved")
    server.kill()
    page.page.keyboard.press("i")
    playwright_api.expect(saved).to_have_text(
        "Not saved: the server does not answer (stopped or crashed?): start `metasynth screen "
        "serve` again and open the address it prints."
    )
    # the page checks progress every 2 s; that check must not replace "Not saved" with its own
    # note of the same cause (it did: a reviewer no longer saw that the last key was lost)
    page.page.evaluate("pollProgress()")
    assert saved.inner_text().startswith("Not saved: the server does not answer")
    serve(project, "R1", port=server.port)  # the same address, a new token
    page.page.keyboard.press("i")
    playwright_api.expect(saved).to_have_text(
        "Not saved: this page belongs to an earlier run of the server (each run has a new "
        "token): open the address `metasynth screen serve` printed."
    )
    page.page.evaluate("pollProgress()")
    assert saved.inner_text().startswith("Not saved: this page belongs to an earlier run")
    assert len(rows(path)) == 300
    assert not any("Unexpected token" in error for error in page.errors), page.errors


def test_a_row_written_by_hand_for_the_record_on_screen_moves_the_page_on(
    project, serve, browser
) -> None:  # type: ignore[no-untyped-def]
    # the page kept the record on screen after its row was typed into the file, and refused
    # every key with "you already decided ...": the reviewer was stuck until a reload
    path = project / "data/screening/title_abstract_R1.csv"
    server = serve(project, "R1")
    page = Page(browser, server).open()
    page.press("e")
    on_screen = page.record_id()
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{on_screen},title_abstract,R1,include,,typed by hand,{TODAY}\n")
    deadline = time.monotonic() + 60
    while server.wait_fresh()["decided"] != 302:
        assert time.monotonic() < deadline, "the server never saw the row written by hand"
        time.sleep(0.3)
    page.press("i")
    saved = page.page.locator("#saved").inner_text()
    assert saved.startswith(f"you already decided {on_screen} at title_abstract"), saved
    assert page.record_id() != on_screen
    assert [r for r in rows(path) if r[0] == on_screen] == [
        _row(on_screen, "include", note="typed by hand")
    ]
    page.press("u")  # the session's exclusion is no longer the file's last row
    saved = page.page.locator("#saved").inner_text()
    assert saved.endswith("\nwhat to do: edit or delete the row in the file by hand"), saved


CONTROLS_IN_VIEW = """() => [...document.querySelectorAll('#buttons button, #reason-list input')]
  .map((control) => {
    const box = control.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const seen = box.top >= 0 && box.bottom <= innerHeight && control.contains(hit);
    return {control: control.dataset.decision || control.value, seen};
  })"""
"""Each decision button and reason: in the window and not covered by anything."""


LANGUAGES = {
    "الإرشاد الإلكتروني لطلاب التمريض": "ar",
    "منتورینگ الکترونیکی در دانشگاه‌ها": "fa",
    "大学院生のためのオンライン・メンタリング": "ja",
    "数据素养与导师支持": "zh",
    "원격 멘토링의 관계적 요인": "ko",
    "Онлайн-наставничество в университете": "ru",
    "Онлайн-наставництво і підтримка": "uk",
    "E-mentoring (الإرشاد الإلكتروني) for nursing students": "",
    "Mentoría en línea": "",
}
"""Texts and the language the page gives them ("": the page's own, English: Latin letters do not
tell English from Spanish, and a title mostly in Latin letters is not Arabic)."""


def test_each_record_text_says_its_language_and_direction(
    protocol_server, browser, built_project
) -> None:  # type: ignore[no-untyped-def]
    # a screen reader read the Persian abstract with the page's English voice (it had no lang),
    # and a consortium's 300 authors pushed the abstract two screens down
    page = Page(browser, protocol_server).open(f"?record={built_project.hostile_record}")
    texts = page.page.evaluate(
        """() => Object.fromEntries(['title', 'abstract'].map((id) => {
          const node = document.getElementById(id);
          return [id, [node.lang, node.dir, getComputedStyle(node).direction]];
        }))"""
    )
    assert texts == {"title": ["", "auto", "ltr"], "abstract": ["fa", "auto", "rtl"]}
    found = {text: page.page.evaluate("text => textLanguage(text)", text) for text in LANGUAGES}
    assert found == LANGUAGES
    authors = page.page.locator("#authors")
    assert " ".join(authors.inner_text().split()) == (
        "; ".join(MANY_AUTHORS[:12]) + "; and 288 more authors"
    )
    page.page.get_by_text("and 288 more authors").click()
    assert "; ".join(MANY_AUTHORS[12:]) in authors.inner_text()
    assert page.errors == []


def _click(page: Any, selector: str) -> None:
    """A click where the control is on screen now (Playwright's own click would scroll to it)."""
    box = page.locator(selector).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_the_decision_controls_stay_in_view_while_a_long_record_scrolls(
    protocol_server, browser, built_project
) -> None:  # type: ignore[no-untyped-def]
    # at 800 px the buttons were below a long abstract (a scroll on every record), and on a wide
    # window they scrolled away with it
    record = built_project.hostile_record
    path = protocol_server.project / "data/screening/title_abstract_R1.csv"
    before = path.read_bytes()
    page = Page(browser, protocol_server)
    for width, height in ((1400, 900), (800, 768)):
        page.page.set_viewport_size({"width": width, "height": height})
        page.open(f"?record={record}")
        abstract = page.page.locator("#abstract")
        assert abstract.inner_text() == LONG_ABSTRACT
        assert abstract.evaluate("node => getComputedStyle(node).direction") == "rtl"
        # the abstract runs below the window: it must be scrolled to be read
        assert abstract.evaluate("node => node.getBoundingClientRect().bottom") > height
        for scrolled in ("0", "abstract.bottom + scrollY - innerHeight"):
            page.page.evaluate(
                "() => { const abstract = document.getElementById('abstract')"
                f".getBoundingClientRect(); window.scrollTo(0, {scrolled}); }}"
            )
            controls = page.page.evaluate(CONTROLS_IN_VIEW)
            assert len(controls) == 3 + 4 and all(c["seen"] for c in controls), (width, controls)
    # with the mouse, where the controls are: Exclude, then the reason the protocol asks for
    _click(page.page, "button[data-decision=exclude]")
    playwright_api.expect(page.page.locator("#saved")).to_have_text(
        'Not saved: "exclude" needs a reason: press its number or click it.'
    )
    assert page.page.locator("#reasons-legend").inner_text() == (
        'Choose a reason for "exclude": its number (1–4) or a click'
    )
    assert path.read_bytes() == before and page.record_id() == record
    _click(page.page, "#reason-not_e_mentoring")
    playwright_api.expect(page.page.locator("#saved")).to_contain_text(f"Saved: {record} exclude")
    assert rows(path)[-1] == _row(record, "exclude", "not_e_mentoring")
    page.press("u")
    assert path.read_bytes() == before
    assert page.errors == [] and page.outside_requests() == []


def _key(page: Any, key: str, code: str) -> None:
    """A key as a keyboard of another script sends it: its own character, the Latin key's code."""
    before = page.locator("#saved").inner_text()
    page.evaluate(
        "([key, code]) => document.body.dispatchEvent("
        "new KeyboardEvent('keydown', {key, code, bubbles: true}))",
        [key, code],
    )
    page.wait_for_function(
        "before => document.getElementById('saved').textContent !== before", arg=before
    )


def test_an_exclusion_waits_for_the_reason_the_protocol_asks_for(protocol_server, browser) -> None:  # type: ignore[no-untyped-def]
    path = protocol_server.project / "data/screening/title_abstract_R1.csv"
    before = path.read_bytes()
    page = Page(browser, protocol_server).open()
    first = page.record_id()
    page.press("e")
    assert page.page.locator("#saved").inner_text() == (
        'Not saved: "exclude" needs a reason: press its number or click it.'
    )
    assert page.record_id() == first and path.read_bytes() == before
    page.press("2")
    assert rows(path)[-1] == _row(first, "exclude", "not_e_mentoring")
    # a Persian keyboard: the E key types "ث" and the 1 key "۱"; the shortcuts are the keys
    second = page.record_id()
    _key(page.page, "ث", "KeyE")
    assert page.record_id() == second
    _key(page.page, "۱", "Digit1")
    assert rows(path)[-1] == _row(second, "exclude", "not_mentoring")
    page.press("u")
    page.press("u")
    assert path.read_bytes() == before
    assert page.errors == []


def test_the_random_order_shows_no_rank_or_score(protocol_server, browser, built_project) -> None:  # type: ignore[no-untyped-def]
    # a calibration round in random order showed each record's rank and the model's score
    server = protocol_server
    page = Page(browser, server).open()
    record_line = page.page.locator(".record-id")
    assert re.fullmatch(r"\S+ · rank \d+ · score \d\.\d{3}", record_line.inner_text())
    try:
        page.page.keyboard.press("t")
        # a toggle keeps its name; pressed says the random order is on (a name that changed
        # with the state read "Order: random, toggle button, pressed")
        toggle = page.page.get_by_role("button", name="Random order", exact=True)
        playwright_api.expect(toggle).to_have_attribute("aria-pressed", "true")
        playwright_api.expect(page.page.locator("#order-state")).to_have_text("Order: random")
        assert re.fullmatch(r"WOS:\d+", record_line.inner_text())
        _, state = server.call("GET", "/api/state")
        _, other = server.call("GET", f"/api/record/{built_project.hostile_record}")
        for shown in (state["current"], other["current"]):
            assert (shown["rank"], shown["score"]) == (None, None)
        page.page.keyboard.press("t")
        playwright_api.expect(toggle).to_have_attribute("aria-pressed", "false")
        playwright_api.expect(page.page.locator("#order-state")).to_have_text("Order: ranked")
        assert re.fullmatch(r"\S+ · rank \d+ · score \d\.\d{3}", record_line.inner_text())
    finally:
        server.call("POST", "/api/order", {"random": False})
    assert page.errors == []


def test_a_screen_reader_finds_each_control_by_name_and_hears_what_was_saved(
    protocol_server, browser
) -> None:  # type: ignore[no-untyped-def]
    page = Page(browser, protocol_server).open()
    role = page.page.get_by_role
    names = {
        "button": ["Include", "Exclude", "Maybe", "Undo", "Random order"],
        "textbox": ["Note"],
    }
    names["radio"] = [
        "Not about mentoring",
        "Mentoring not mediated by technology",
        "No empirical or conceptual contribution",
        "Population or setting outside the review's scope",
    ]
    for kind, labels in names.items():
        for label in labels:
            assert role(kind, name=label, exact=True).count() == 1, (kind, label)
    meter = role("progressbar", name="Decided at this stage")
    assert meter.get_attribute("aria-valuenow") == "300"
    # focus order: the record, then the decision, the reasons (one stop), the note (undo is
    # disabled: nothing to undo yet)
    page.page.locator("#title").focus()
    order = []
    for _ in range(8):
        page.page.keyboard.press("Tab")
        order.append(
            page.page.evaluate("(e => e.dataset.decision || e.id)(document.activeElement)")
        )
    start = order.index("include")
    assert order[start : start + 5] == [
        "include",
        "exclude",
        "maybe",
        "reason-not_mentoring",
        "note",
    ]
    first = page.record_id()
    page.press("m")
    status = role("status")
    playwright_api.expect(status).to_have_text(
        re.compile(rf"Saved: {first} maybe → data/screening/title_abstract_R1\.csv line \d+")
    )
    assert page.page.evaluate("document.activeElement.id") == "title"  # the next title is read
    page.press("u")
    assert page.errors == []


def test_axe_finds_nothing_wrong_in_each_state_of_the_page(protocol_server, browser) -> None:  # type: ignore[no-untyped-def]
    page = Page(browser, protocol_server).open()
    found = {"a record": violations(page.page)}
    page.press("e")  # the protocol asks a reason: the reason list is marked, nothing saved
    found["a reason asked for"] = violations(page.page)
    page.press("2")
    found["a decision saved"] = violations(page.page)
    page.page.set_viewport_size({"width": 360, "height": 740})
    found["360 px wide"] = violations(page.page)
    page.press("u")
    assert found == {state: [] for state in found}
    assert page.errors == []


def test_axe_finds_nothing_wrong_when_nothing_is_left_to_decide(project, serve, browser) -> None:  # type: ignore[no-untyped-def]
    page = Page(browser, serve(project, "R3", "full_text")).open()  # no full-text conflicts
    assert page.page.locator("#title").inner_text() == "Nothing left to decide"
    assert violations(page.page) == []


@pytest.mark.parametrize("width", [360, 768, 1180, 1440])
def test_the_decisions_keep_one_line_and_undo_sits_beside_what_was_saved(
    protocol_server, browser, width
) -> None:  # type: ignore[no-untyped-def]
    # Undo shared the decisions' line and wrapped onto one of its own at 1180 px; on a phone
    # Maybe did, and the bar at the bottom covered half the window
    page = Page(browser, protocol_server)
    page.page.set_viewport_size({"width": width, "height": 740 if width < 500 else 900})
    page.open()
    page.press("m")
    layout = page.page.evaluate(
        """() => {
          const box = (node) => node.getBoundingClientRect();
          const undo = box(document.getElementById('undo'));
          const saved = box(document.getElementById('saved'));
          return {
            lines: new Set([...document.querySelectorAll('#buttons button')]
              .map((b) => Math.round(box(b).top))).size,
            undo_beside_saved: undo.top < saved.bottom && saved.top < undo.bottom
              && undo.left >= saved.right,
            sideways: document.documentElement.scrollWidth - innerWidth,
          };
        }"""
    )
    assert layout == {"lines": 1, "undo_beside_saved": True, "sideways": 0}, layout
    # from the keyboard alone: the note, then Tab reaches Undo, and Enter undoes
    page.page.keyboard.press("n")
    page.page.keyboard.press("Tab")
    assert page.page.evaluate("document.activeElement.id") == "undo"
    page.page.keyboard.press("Enter")
    playwright_api.expect(page.page.locator("#saved")).to_have_text(re.compile("^Undone: "))
    assert page.errors == []


DECISION_BAR_SHARE = """() => document.getElementById('decide').getBoundingClientRect().height
  / innerHeight"""
"""The share of the window's height the decision controls take."""


def test_on_a_phone_the_reasons_fold_away_until_a_decision_needs_one(
    protocol_server, browser
) -> None:  # type: ignore[no-untyped-def]
    # at 360 x 740 the decision bar took 319 px of 740 (43 %), four reasons listed in full,
    # leaving about 280 px for the record
    path = protocol_server.project / "data/screening/title_abstract_R1.csv"
    before = path.read_bytes()
    page = Page(browser, protocol_server)
    page.page.set_viewport_size({"width": 360, "height": 740})
    page.open()
    toggle = page.page.locator("#reasons-toggle")
    reasons = page.page.locator("#reason-list .reason")
    assert page.page.evaluate(DECISION_BAR_SHARE) <= 0.25
    assert toggle.get_attribute("aria-expanded") == "false"
    assert [reasons.nth(i).is_visible() for i in range(4)] == [False] * 4
    assert violations(page.page) == []
    # a number key still chooses a reason while they are folded, and the one chosen is shown
    page.page.keyboard.press("3")
    assert [reasons.nth(i).is_visible() for i in range(4)] == [False, False, True, False]
    page.page.keyboard.press("3")  # chosen again: unchosen
    # an exclusion without a reason unfolds them, in view, and one click decides
    first = page.record_id()
    page.press("e")
    assert toggle.get_attribute("aria-expanded") == "true"
    controls = page.page.evaluate(CONTROLS_IN_VIEW)
    assert len(controls) == 3 + 4 and all(c["seen"] for c in controls), controls
    assert violations(page.page) == []
    _click(page.page, "#reason-not_e_mentoring")
    playwright_api.expect(page.page.locator("#saved")).to_contain_text(f"Saved: {first} exclude")
    assert rows(path)[-1] == _row(first, "exclude", "not_e_mentoring")
    # folded again for the next record; the toggle unfolds them from the keyboard too
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.focus()
    page.page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert [reasons.nth(i).is_visible() for i in range(4)] == [True] * 4
    page.press("u")
    assert path.read_bytes() == before
    assert page.errors == []


def test_on_a_wide_window_the_reasons_are_listed_without_a_toggle(protocol_server, browser) -> None:  # type: ignore[no-untyped-def]
    page = Page(browser, protocol_server).open()
    assert not page.page.locator("#reasons-toggle").is_visible()
    reasons = page.page.locator("#reason-list .reason")
    assert [reasons.nth(i).is_visible() for i in range(4)] == [True] * 4


EDGE_CONTRAST = """() => {
  const rgba = (css) => css.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b]
    .map((v) => v / 255)
    .map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const behind = (node) => {
    for (let e = node.parentElement; e; e = e.parentElement) {
      const colour = rgba(getComputedStyle(e).backgroundColor);
      if (colour.length === 3 || colour[3] > 0) return colour;
    }
    return [255, 255, 255];
  };
  return Object.fromEntries([...document.querySelectorAll('button, input[type=text]')]
    .filter((e) => e.offsetParent !== null && !e.disabled)
    .map((e) => {
      const style = getComputedStyle(e);
      const edge = parseFloat(style.borderTopWidth) > 0
        ? style.borderTopColor : style.backgroundColor;
      return [e.id || e.dataset.decision, Math.round(100 * ratio(rgba(edge), behind(e))) / 100];
    }));
}"""
"""The contrast of each enabled control's edge (its border, or its fill when it has none) against
what is behind it, from the computed CSS."""


def test_every_control_stands_out_from_the_page_by_three_to_one(protocol_server, browser) -> None:  # type: ignore[no-untyped-def]
    # the note field and the Undo and Order buttons were outlined in #d7dde2 on white (1.37:1):
    # WCAG 1.4.11 asks 3:1 for what identifies a control, and the field was hard to find
    page = Page(browser, protocol_server).open()
    page.press("m")  # Undo is enabled
    edges = page.page.evaluate(EDGE_CONTRAST)
    assert set(edges) == {"order-toggle", "include", "exclude", "maybe", "note", "undo"}
    assert {name: ratio for name, ratio in edges.items() if ratio < 3} == {}, edges
    page.press("u")


def test_the_saved_line_is_a_live_region_before_anything_is_saved(protocol_server, browser) -> None:  # type: ignore[no-untyped-def]
    # an empty saved line was display:none, which takes a live region out of the accessibility
    # tree: a screen reader announces changes of regions it knows, so the first "Saved" went
    # unsaid
    page = Page(browser, protocol_server).open()
    tree = page.page.context.new_cdp_session(page.page).send("Accessibility.getFullAXTree")
    live = [
        {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
        for node in tree["nodes"]
        if not node.get("ignored") and node.get("role", {}).get("value") == "status"
    ]
    assert [(p.get("live"), p.get("atomic")) for p in live] == [("polite", True)]
