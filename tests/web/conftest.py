"""Fixtures of the dashboard tests: a real store, an app, a live server, a browser.

The store is built once per session through the same importers a user runs: the
national KWB 2023 file (``read_kwb``), the 2024 wijk boundaries (``read_boundaries``)
and, when its importer reads it, the 2024 gemeente panel (gemeente boundaries; without
it the map dissolves gemeenten from the wijken). KWB data is of 2023 and the boundaries
of 2024: the map joins them by code and reports the codes that do not match.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kloof.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
KWB_2023 = SHARED / "cbs-kwb-2023" / "kwb-2023-transformed.xlsx"
WIJKEN_2024 = SHARED / "boundaries" / "wijken_2024.geojson"
GEMEENTEN_2024 = SHARED / "gemeente-panel" / "gemeenten_2024.geojson"
ARTIFACTS = ROOT / "artifacts" / "web"
VENDOR = ROOT / "src" / "kloof" / "web" / "static" / "vendor"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

#: What the store build noticed (unmatched codes, skipped files), for the test report.
STORE_NOTES: list[str] = []


@pytest.fixture(scope="session")
def web_store(full_store_path: Path) -> Path:
    """The store `make demo` builds: KWB 2023 and 2024, Amsterdam 2017/2019, the gemeente
    panel 2012-2024 with boundaries, wijk boundaries 2016 and 2024 and the crosswalks."""
    from kloof.store import open_store

    store = open_store(full_store_path, read_only=True)
    try:
        kwb_wijken = set(store.regions(2023, "wijk")["code"])
        shapes = set(store.regions(2024, "wijk")["code"])
    finally:
        store.close()
    STORE_NOTES.append(
        f"wijk codes: {len(kwb_wijken & shapes)} matched, {len(shapes - kwb_wijken)} boundaries "
        f"2024 without KWB 2023 data, {len(kwb_wijken - shapes)} KWB wijken without boundary"
    )
    return full_store_path


@pytest.fixture(scope="session")
def settings(web_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    plans = tmp_path_factory.mktemp("plans-default") / "plans.db"  # never ./kloof-plans.db
    return Settings(store=web_store, language="nl", plans_db=f"sqlite:///{plans}")


@pytest.fixture(scope="session")
def app(settings: Settings) -> Any:
    from kloof.web import create_app

    return create_app(settings)


@pytest.fixture(scope="session")
def client(app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def _client_forgets_cookies(request: pytest.FixtureRequest) -> Iterator[None]:
    """The shared client starts every test without cookies: a test that switches to
    English (``?lang=en`` sets the language cookie) or logs in leaves nothing behind."""
    yield
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies.clear()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run ``app`` on a real uvicorn server on 127.0.0.1; yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def serve_app() -> Any:
    """:func:`serve` as a fixture (for tests that need a server on their own app)."""
    return serve


@pytest.fixture(scope="session")
def live_server(settings: Settings) -> Iterator[str]:
    """A real uvicorn server on 127.0.0.1 (own app instance), stopped after the session."""
    from kloof.web import create_app

    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} missing: install Debian's chromium (make install)")
    if not (VENDOR / "maplibre-gl" / "maplibre-gl.mjs").exists():
        raise FileNotFoundError(f"{VENDOR} missing: run `npm ci` and the vendor copy step")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    blocked: list[str] = []  # the Content-Security-Policy must not break any page
    pg.on(
        "console",
        lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield pg
    context.close()
    assert not blocked, "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


def run_axe(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations axe-core finds on the page."""
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} missing: run `npm ci`")
    # evaluated through the DevTools protocol: a <script> tag would be blocked (rightly)
    # by the pages' Content-Security-Policy
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return list(result["violations"])


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under artifacts/web/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session")
def axe() -> Any:
    """:func:`run_axe` as a fixture."""
    return run_axe


def assert_axe_clean(page: Any) -> None:
    """Fail with a summary when axe-core finds WCAG 2.1 A/AA violations on ``page``."""
    violations = run_axe(page)
    summary = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in violations
    ]
    assert not violations, "\n".join(summary)


@pytest.fixture(scope="session")
def axe_clean() -> Any:
    """:func:`assert_axe_clean` as a fixture."""
    return assert_axe_clean


@pytest.fixture(scope="session")
def shoot() -> Any:
    """:func:`screenshot` as a fixture."""
    return screenshot
