"""The dashboard in a real browser (Debian's Chromium via Playwright) on a live server.

Each page is checked with axe-core for WCAG 2.1 A/AA violations and saved as a
screenshot under artifacts/web/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.realdata


def test_map_drill_down_to_wijk_and_profile(
    page: Any, live_server: str, axe_clean: Any, shoot: Any
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + "/")
    page.wait_for_selector("#map[data-ready='true']", timeout=60_000)
    assert page.locator("#map-table tbody tr").count() == 100  # first page of gemeenten
    shoot(page, "01-kaart-gemeenten")
    axe_clean(page)
    # drill down with the keyboard: the table's link for Rotterdam
    link = page.get_by_role("link", name=re.compile(r"wijken tonen: Rotterdam$"))
    if link.count() == 0:  # Rotterdam on a later page: go straight via the search form
        page.goto(live_server + "/?gemeente=GM0599")
    else:
        link.first.focus()
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"gemeente=GM0599"))
    page.wait_for_selector("#map[data-ready='true']", timeout=60_000)
    assert "Rotterdam" in page.locator("h1").inner_text()
    assert page.locator("#map-table tbody tr").count() > 10
    shoot(page, "02-kaart-rotterdam-wijken")
    axe_clean(page)
    # click the wijk Feijenoord on the map: its profile opens
    page.evaluate(
        """() => {
            const map = window.kloofMap;
            const only = {filter: ['==', ['get', 'code'], 'WK059910']};
            const f = map.querySourceFeatures('regions', only);
            const ring = f[0].geometry.type === 'Polygon' ? f[0].geometry.coordinates[0]
                : f[0].geometry.coordinates[0][0];
            let x = 0, y = 0; ring.forEach(c => { x += c[0]; y += c[1]; });
            map.jumpTo({center: [x / ring.length, y / ring.length], zoom: 14});
        }"""
    )
    page.wait_for_timeout(800)
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"/gebied/WK"), timeout=30_000)
    assert "Profiel van" in page.locator("h1").inner_text()
    assert not errors, errors


def test_profile_page_and_csv_download(
    page: Any, live_server: str, axe_clean: Any, shoot: Any, tmp_path: Path
) -> None:
    page.goto(live_server + "/gebied/nplv:rotterdam-zuid")
    assert page.locator("h1").inner_text() == "Profiel van Rotterdam-Zuid"
    assert page.locator("#profile-table tbody tr").count() > 10
    assert page.locator("svg.kloof-chart").count() >= 2 and page.locator("svg.kloof-map").count()
    shoot(page, "03-profiel-rotterdam-zuid")
    axe_clean(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    target = tmp_path / "profile.csv"
    info.value.save_as(target)
    text = target.read_text("utf-8-sig")
    # Dutch headers and ja/nee for people; the indicator ids stay (issue 19)
    assert text.splitlines()[0].startswith("Indicator;Omschrijving") and "bijstand_per_1000" in text
    assert "True" not in text and "False" not in text


def test_compare_sort_and_download(
    page: Any, live_server: str, axe_clean: Any, shoot: Any, tmp_path: Path
) -> None:
    page.goto(live_server + "/vergelijken?level=wijk&gemeente=GM0363")
    page.get_by_role("link", name="Index").first.click()
    page.wait_for_url(re.compile(r"sort=index"))
    assert page.locator("th[aria-sort='ascending']").count() == 1
    shoot(page, "04-vergelijken")
    axe_clean(page)
    with page.expect_download() as info:
        page.locator("#download-csv").click()
    target = tmp_path / "compare.csv"
    info.value.save_as(target)
    lines = target.read_text("utf-8-sig").splitlines()
    assert lines[0].startswith("Code;Naam") and all(";GM0363;" in row for row in lines[1:])


def test_language_switch_and_other_pages(
    page: Any, live_server: str, axe_clean: Any, shoot: Any
) -> None:
    page.goto(live_server + "/gebieden")
    assert page.locator("html").get_attribute("lang") == "nl"
    axe_clean(page)
    page.get_by_role("link", name="Switch to English").click()
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Areas"
    shoot(page, "05-areas-en")
    axe_clean(page)
    page.goto(live_server + "/")  # the cookie keeps English
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(live_server + "/zoeken?q=Feijenoord")
    assert page.locator("#search-results a").first.inner_text() == "Feijenoord"
    axe_clean(page)
    page.goto(live_server + "/api")
    axe_clean(page)


def test_hotspots_page(page: Any, live_server: str, axe_clean: Any, shoot: Any) -> None:
    page.goto(live_server + "/brandpunten", timeout=120_000)
    page.wait_for_selector("#map[data-ready='true']", timeout=60_000)
    assert page.locator("#cluster-table tbody tr").count() > 0
    shoot(page, "06-brandpunten")
    axe_clean(page)
