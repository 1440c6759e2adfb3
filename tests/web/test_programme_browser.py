"""Focusgebieden, Verdeling and Woningtoewijzing in a real browser (Chromium, Playwright).

Keyboard-only editing of the allocation key, a simulation started from the form and
followed to its results, axe-core (WCAG 2.1 A/AA) on every new page, screenshots under
artifacts/web/.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.realdata


def _amounts(page: Any) -> dict[str, int]:
    rows = page.locator("#amounts-table tbody tr")
    return {
        rows.nth(i).get_attribute("data-recipient"): int(rows.nth(i).get_attribute("data-amount"))
        for i in range(rows.count())
    }


def test_focus_page(page: Any, live_server: str, axe_clean: Any, shoot: Any) -> None:
    page.goto(live_server + "/focusgebieden?lang=nl")
    assert page.locator("#candidate-table tbody tr").count() > 3
    assert page.locator("#area-table tbody tr").count() == 20
    shoot(page, "20-focusgebieden")
    axe_clean(page)
    page.goto(live_server + "/focusgebieden?lang=en&level=gemeente&min_residents=50000")
    assert "Focus areas" in page.locator("h1").inner_text()
    axe_clean(page)


def test_allocation_budget_by_keyboard(
    page: Any, live_server: str, axe_clean: Any, shoot: Any
) -> None:
    page.goto(live_server + "/verdeling?scenario=pmg2025&lang=nl")
    before = _amounts(page)
    assert sum(before.values()) == 143_000_000
    shoot(page, "21-verdeling")
    axe_clean(page)
    # keyboard only: Tab to the budget field, type, Enter submits the GET form
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "budget":
            break
    assert page.evaluate("document.activeElement.id") == "budget"
    page.keyboard.type("200000000")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"budget=200000000"))
    after = _amounts(page)
    assert sum(after.values()) == 200_000_000
    assert after["rotterdam-zuid"] > before["rotterdam-zuid"]
    assert page.locator("#winners-table tbody tr").count() > 0
    # the explanation of one recipient, reached from its row
    page.get_by_role("link", name="uitleg: Rotterdam-Zuid").click()
    page.wait_for_url(re.compile(r"recipient=rotterdam-zuid"))
    amount = f"€ {after['rotterdam-zuid']:,}".replace(",", ".")
    assert amount in page.locator("#uitleg-h").inner_text()
    shoot(page, "22-verdeling-uitleg")
    axe_clean(page)


def test_simulation_runs_in_the_browser(
    page: Any, live_server: str, axe_clean: Any, shoot: Any
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + "/woningtoewijzing?lang=nl")
    axe_clean(page)
    shoot(page, "23-woningtoewijzing")
    page.select_option("#scenario", "zaanstad")
    page.select_option("#compare", "zaanstad-spread")
    page.fill("#runs", "2")
    page.get_by_role("button", name="Start simulatie").click()
    page.wait_for_url(re.compile(r"/woningtoewijzing/[0-9a-f]+"))
    assert page.locator("progress").count() == 1 or page.locator("#regions-1").count() == 1
    page.wait_for_selector("#regions-1", timeout=120_000)  # polling reloads when done
    assert page.locator("#regions-1 tbody tr").count() == 19
    assert page.locator("#displacement-2 tbody tr").count() == 19
    assert page.locator("#job-state").inner_text() == "klaar"
    shoot(page, "24-simulatie-resultaat")
    axe_clean(page)
    assert not errors, errors
