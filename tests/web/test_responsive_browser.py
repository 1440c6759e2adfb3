"""Every page in Debian's Chromium on a desktop (1,280 × 800) and a phone (390 × 844):
no sideways scrolling on the phone (and at 320 px, WCAG 1.4.10), axe-core finds no WCAG
2.1 A/AA violation, every focusable element shows where the focus is (WCAG 2.4.7; the map
canvas too), chart labels stay inside their charts (also when printed). Screenshots of
each page and viewport go to artifacts/web/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.realdata

#: The pages of the main menu, a drill-down, a profile and a search.
PAGES: dict[str, str] = {
    "kaart": "/",
    "kaart-rotterdam": "/?gemeente=GM0599",
    "profiel-feijenoord": "/gebied/WK059910",
    "gebieden": "/gebieden",
    "vergelijken": "/vergelijken?level=wijk&gemeente=GM0599",
    "zoeken": "/zoeken?q=Rotterdam",
    "verdeling": "/verdeling",
    "woningtoewijzing": "/woningtoewijzing",
    "brandpunten": "/brandpunten",
    "focusgebieden": "/focusgebieden",
    "plannen": "/plannen",
    "api": "/api",
}
VIEWPORTS: dict[str, dict[str, int]] = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}

#: Focusable elements that are rendered, each focused in turn; the ones without a
#: visible outline or box shadow are returned.
FOCUS_CHECK = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  const shown = (el) => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[hidden]');
  const bad = [];
  let checked = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (!shown(el) || el.disabled) continue;
    el.focus();
    if (document.activeElement !== el) continue;  // not focusable after all
    checked += 1;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    if (!outline && s.boxShadow === 'none') {
      const name = (el.textContent || '').trim().slice(0, 40);
      bad.push(el.tagName + (el.id ? '#' + el.id : '') + ' ' + name);
    }
  }
  return {checked, bad};
}"""

#: Text of every shown chart that sticks out of its SVG's viewBox (clipped labels).
CLIPPED = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg.kloof-chart')) {
    const box = svg.getBoundingClientRect();
    if (!box.width) continue;
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBoundingClientRect();
      if (!t.textContent.trim() || !b.width) continue;
      if (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1
          || b.bottom > box.bottom + 1) {
        out.push(t.textContent.trim() + ' ' + [b.left - box.left, b.right - box.right]);
      }
    }
  }
  return out;
}"""


#: Centre the map on the wijk Feijenoord (as tests/web/test_browser.py does).
CENTRE_ON_FEIJENOORD = """() => {
  const map = window.kloofMap;
  const f = map.querySourceFeatures('regions', {filter: ['==', ['get', 'code'], 'WK059910']});
  const ring = f[0].geometry.type === 'Polygon' ? f[0].geometry.coordinates[0]
    : f[0].geometry.coordinates[0][0];
  let x = 0, y = 0; ring.forEach(c => { x += c[0]; y += c[1]; });
  map.jumpTo({center: [x / ring.length, y / ring.length], zoom: 14});
}"""


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield request.param, page
    context.close()
    assert not errors, errors


def _open(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    if page.locator("#map").count():
        page.wait_for_selector("#map[data-ready='true']", timeout=60_000)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_reflows_passes_axe_and_shows_focus(
    viewport: tuple[str, Any], live_server: str, name: str, axe_clean: Any, shoot: Any
) -> None:
    size, page = viewport
    _open(page, live_server + PAGES[name])
    shoot(page, f"19-{name}-{size}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if size == "phone":
        assert width <= 390, f"{name} is {width} px wide at 390 px"
    axe_clean(page)
    page.keyboard.press("Tab")  # keyboard modality: focus() now shows :focus-visible
    found = page.evaluate(FOCUS_CHECK)
    assert found["checked"] > 5 and not found["bad"], found["bad"][:10]
    assert not page.evaluate(CLIPPED)


def test_reflow_at_320_px(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = {}
    for name, path in PAGES.items():
        _open(page, live_server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[name] = width
    context.close()
    assert not wide, f"pages wider than 320 px: {wide}"


def test_map_canvas_takes_focus_with_a_visible_ring_and_a_quiet_status(
    browser: Any, live_server: str, shoot: Any
) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    _open(page, live_server + "/?gemeente=GM0599")
    canvas = page.locator("#map canvas")
    page.keyboard.press("Tab")
    for _ in range(60):  # tab until the canvas has the focus
        if page.evaluate("document.activeElement === document.querySelector('#map canvas')"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the map canvas never got the keyboard focus")
    style = canvas.evaluate("c => getComputedStyle(c)")
    assert style["outlineStyle"] == "solid" and float(style["outlineWidth"][:-2]) >= 3
    shoot(page, "19-kaart-focus-op-kaart")
    # moving the mouse over the map changes the hover text, not the live status
    status = page.locator("#map-status").inner_text()
    page.evaluate(CENTRE_ON_FEIJENOORD)
    page.wait_for_timeout(800)
    box = page.locator("#map").bounding_box()
    for dx in (-3, -1, 0):
        page.mouse.move(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dx)
        page.wait_for_timeout(100)
    assert page.locator("#map-status").inner_text() == status
    hover = page.locator("#map-hover").inner_text()
    assert "(WK059910): " in hover, hover
    value = hover.rsplit(": ", 1)[1]
    assert value == "–" or re.fullmatch(r"-?[\d.]+(,\d{1,2})?", value), value
    # Enter on the focused map opens the area in the middle
    canvas.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/gebied/WK059910"), timeout=30_000)
    context.close()


def test_profile_charts_keep_their_labels_in_print(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    page = context.new_page()
    _open(page, live_server + "/gebied/nplv:rotterdam-zuid")
    page.emulate_media(media="print")
    assert page.locator("svg.kloof-chart--wide").first.is_visible()
    assert not page.evaluate(CLIPPED)
    assert page.evaluate("document.documentElement.scrollWidth") <= 794
    # the printable report (the PDF is this HTML printed by Chromium) fits A4 as well
    report = page.request.get(live_server + "/gebied/nplv:rotterdam-zuid/download/html")
    page.set_content(report.text())
    assert page.locator("svg.kloof-chart--wide").count() >= 2
    assert not page.evaluate(CLIPPED)
    assert page.evaluate("document.documentElement.scrollWidth") <= 794
    context.close()
