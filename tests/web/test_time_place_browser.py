"""Year selectors, trend charts, postcode search and side by side in a real browser
(Debian's Chromium via Playwright, live server on 127.0.0.1), checked with axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.realdata


def _cell(page: Any, table: str, row_text: str, column: int) -> str:
    row = page.locator(f"#{table} tbody tr", has_text=row_text).first
    return str(row.locator("td, th").nth(column).inner_text()).strip()


def test_year_selector_changes_the_numbers(
    page: Any, live_server: str, axe_clean: Any, shoot: Any
) -> None:
    page.goto(live_server + "/vergelijken?level=gemeente&q=Rotterdam&indicator=woz_mean")
    assert page.locator("#year").count() == 1
    header = page.locator("#compare-table thead th").all_inner_texts()
    column = next(i for i, h in enumerate(header) if "WOZ" in h)
    before = _cell(page, "compare-table", "Rotterdam", column)
    page.select_option("#year", "2019")  # with the keyboard-usable select and the button
    page.get_by_role("button", name=re.compile("Toepassen|Apply")).click()
    page.wait_for_url(re.compile(r"year=2019"))
    assert page.locator("#year").input_value() == "2019"
    after = _cell(page, "compare-table", "Rotterdam", column)
    assert before and after and before != after
    assert "2019" in page.locator("#compare-table caption").inner_text()
    axe_clean(page)
    # the map: the same selector, the numbers of the table change too
    page.goto(live_server + "/?level=gemeente&layer=indicator:woz_mean")
    latest = _cell(page, "map-table", "GM0599", 2)
    page.select_option("#year", "2019")
    page.get_by_role("button", name=re.compile("Toon|Show")).click()
    page.wait_for_url(re.compile(r"year=2019"))
    assert _cell(page, "map-table", "GM0599", 2) != latest
    page.wait_for_selector("#map[data-ready='true']", timeout=60_000)
    shoot(page, "19-kaart-2019")
    axe_clean(page)


def test_profile_trend_charts_fit_the_screen(
    page: Any, live_server: str, axe_clean: Any, shoot: Any
) -> None:
    page.goto(live_server + "/gebied/GM0599", timeout=120_000)
    page.locator("#trend-charts").scroll_into_view_if_needed()
    img = page.locator("#trend-charts img").first
    img.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('#trend-charts img');"
        " return i && i.complete && i.naturalWidth > 0; }",
        timeout=60_000,
    )
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1280, f"the profile is {width} px wide on a 1280 px screen"
    # every indicator chart loads (eagerly here, lazily for a reader) and is an image
    page.evaluate(
        "() => document.querySelectorAll('#trend-charts img')"
        ".forEach(i => { i.loading = 'eager'; })"
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('#trend-charts img')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        timeout=180_000,
    )
    assert page.locator("#trend-charts img").count() >= 10
    page.locator("#trend-h").scroll_into_view_if_needed()
    shoot(page, "19-profiel-ontwikkeling")
    page.select_option("#year", "2019")
    page.locator("#year-form button").click()
    page.wait_for_url(re.compile(r"year=2019"), timeout=120_000)
    assert "2019" in page.locator("#summary-h ~ dl").inner_text()
    shoot(page, "19-profiel-2019")
    axe_clean(page)


def test_postcode_search_and_side_by_side(
    page: Any, live_server: str, axe_clean: Any, shoot: Any
) -> None:
    page.goto(live_server + "/")
    page.fill("#q", "3072")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken\?q=3072"))
    results = page.locator("#search-results li").all_inner_texts()
    assert any("Feijenoord" in r and "WK059910" in r for r in results)
    axe_clean(page)
    page.goto(
        live_server + "/naast-elkaar?gebied=GM0599&gebied=nplv:rotterdam-zuid&gebied=WK059910",
        timeout=180_000,
    )
    heads = page.locator("#side-table thead th").all_inner_texts()
    assert len(heads) == 5 and "Rotterdam-Zuid" in heads[2] and "Feijenoord" in heads[3]
    shared = page.locator("#side-share").get_attribute("href")
    assert shared and shared.count("gebied=") == 3
    shoot(page, "19-naast-elkaar")
    axe_clean(page)


def test_new_pages_reflow_on_a_phone(browser: Any, live_server: str, axe_clean: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for path in (
            "/naast-elkaar?gebied=GM0599&gebied=nplv:rotterdam-zuid&gebied=WK059910&gebied=GM0518",
            "/zoeken?q=3072",
            "/gebied/GM0599",
        ):
            page.goto(live_server + path, timeout=180_000)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, f"{path} is {width} px wide on a 390 px phone"
            axe_clean(page)
    finally:
        context.close()
