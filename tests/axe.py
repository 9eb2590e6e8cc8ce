"""axe-core, Deque's accessibility rules engine, run on a page open in Playwright.

axe-core comes with the test extras, inside axe-playwright-python (its `axe.min.js`, MPL-2.0,
unmodified): no network and no npm at test time. axe checks the page as it is on screen, so a test
first puts the page in the state it wants checked (a record, a reason asked for, a saved
decision, a narrow window). Its rules include WCAG 2.x A/AA (names, contrast of text, `lang`,
table headers) and best practices (landmarks); experimental rules are left out. It cannot judge
the focus order, keyboard operation, non-text contrast or live-region timing: the browser tests
check those themselves.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe


def violations(page: Any) -> list[str]:
    """One line per rule the page breaks, any impact: `rule (impact): help; targets`."""
    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']}; "
        + ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
        + (f" and {len(v['nodes']) - 5} more" if len(v["nodes"]) > 5 else "")
        for v in found
    ]
