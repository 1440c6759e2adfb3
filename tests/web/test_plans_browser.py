"""The plan editor and the residents' questionnaire in a real browser, keyboard only.

Debian's Chromium via Playwright against a live uvicorn server with its own plans
database; axe-core finds no WCAG 2.1 A/AA violation on each page; screenshots go to
artifacts/web/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from kloof.plans import SYSTEM, add_partner, create_plan, create_user, grant_role, open_plans
from kloof.settings import Settings

pytestmark = pytest.mark.realdata

PASSWORD = "correct horse battery"
AREA = "zaandam-oost"


@pytest.fixture(scope="module")
def plans_server(
    web_store: Path, tmp_path_factory: pytest.TempPathFactory, serve_app: Any
) -> Iterator[str]:
    from kloof.web import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('plans-browser') / 'plans.db'}"
    db = open_plans(url, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    with db.session() as s:
        user = create_user(s, SYSTEM, "redactie@zaanstad.example", PASSWORD)
        grant_role(s, SYSTEM, user, AREA, "area_admin")
        create_plan(s, SYSTEM, AREA, title="Pact Poelenburg Peldersveld")
        add_partner(s, SYSTEM, AREA, "Parteon", "corporatie")
    db.close()
    # Dutch said explicitly: the pages must not depend on a KLOOF_LANGUAGE left in the
    # environment by an earlier test
    settings = Settings(store=web_store, plans_db=url, secret_key="browser-test", language="nl")
    app = create_app(settings)
    with serve_app(app) as base:
        yield base


def _tab_to(page: Any, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement === document.querySelector({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reachable with Tab")


def test_plan_editor_with_the_keyboard_only(
    page: Any, plans_server: str, axe_clean: Any, shoot: Any
) -> None:
    page.goto(plans_server + f"/plannen/{AREA}")
    axe_clean(page)
    page.get_by_role("link", name="Inloggen").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/inloggen**")
    axe_clean(page)
    _tab_to(page, "#email")
    page.keyboard.type("redactie@zaanstad.example")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"127\.0\.0\.1:\d+/plannen/{AREA}$"))
    assert "redactie@zaanstad.example" in page.content()
    # a new measure with a budget, typed field by field
    _tab_to(page, "#nm-title")
    page.keyboard.type("Buurtwerkplaats Poelenburg")
    page.keyboard.press("Tab")  # task
    page.keyboard.press("ArrowDown")  # second task: toeleiding naar werk
    _tab_to(page, "#nm-budget")
    page.keyboard.type("2026; 120000; Rijk (NPLV)")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?ok=1"))
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().strip() == "Opgeslagen."
    card = page.locator("article", has_text="Buurtwerkplaats Poelenburg")
    assert "Toeleiding naar werk" in card.inner_text()
    assert "120.000" in card.inner_text()
    # report progress: open the measure's editor with the keyboard
    card.locator("summary").focus()
    page.keyboard.press("Enter")
    _tab_to(page, "[id$='-note']")
    page.keyboard.type("Eerste tien deelnemers gestart")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Eerste tien deelnemers gestart" in page.content()
    shoot(page, "plans-01-editor")
    axe_clean(page)


def test_questionnaire_with_the_keyboard_only(
    page: Any, plans_server: str, axe_clean: Any, shoot: Any
) -> None:
    page.goto(plans_server + f"/bewoners/{AREA}")
    assert "anoniem" in page.content()
    axe_clean(page)
    shoot(page, "plans-02-vragenlijst")
    _tab_to(page, "#task-onderwijsachterstanden")  # a radio group is one Tab stop
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the third task: schuldhulp, selected by the arrows
    assert page.locator("#task-schuldhulp").is_checked()
    _tab_to(page, "#sol-taalmaatje")
    page.keyboard.press("Space")
    _tab_to(page, "#free-text")
    page.keyboard.type("Meer licht op het plein")
    _tab_to(page, "form.kloof-survey button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Bedankt voor uw antwoord" in page.content()
    shoot(page, "plans-03-bedankt")
    axe_clean(page)
    # a second answer from the same browser (device) is refused, kindly
    page.goto(plans_server + f"/bewoners/{AREA}")
    page.locator("#task-schuldhulp").check()
    with page.expect_navigation():
        page.locator("form.kloof-survey button[type=submit]").click()
    page.wait_for_load_state()
    assert "al ingevuld" in page.content()
