"""Serving many users: warm-up at start, "being prepared" instead of waiting, jobs shared
between worker processes, static files with Cache-Control."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kloof.app.cache import FrameCache
from kloof.errors import PreparingError
from kloof.settings import Settings
from kloof.store import open_store
from kloof.web import create_app
from kloof.web.jobs import JobRegistry


def test_a_waiting_caller_is_told_it_is_being_prepared(tmp_path: Path) -> None:
    cache = FrameCache(open_store(tmp_path / "s.duckdb"), wait=0.2)
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "done"

    worker = threading.Thread(target=lambda: cache.cached(("slow",), slow))
    worker.start()
    started.wait(5)
    with pytest.raises(PreparingError, match="slow is being prepared"):
        cache.cached(("slow",), lambda: "never")  # while the first is still computing
    assert worker.is_alive()
    assert cache.cached(("other",), lambda: "free") == "free"  # other keys: not blocked
    release.set()
    worker.join(5)
    assert cache.cached(("slow",), lambda: "never") == "done"


@pytest.mark.realdata
def test_pages_answer_503_with_retry_after_while_preparing(web_store: Path, tmp_path: Path) -> None:
    settings = Settings(store=web_store, language="nl", plans_db=f"sqlite:///{tmp_path}/p.db")
    app = create_app(settings)
    with TestClient(app) as client:
        cache = app.state.kloof.cache()
        assert cache.wait == 1.0  # the dashboard never holds a request long
        key = ("regions", None, None)  # every profile resolves its target first
        lock = cache._key_locks.setdefault(key, threading.RLock())
        done = threading.Event()
        holder = threading.Thread(target=lambda: (lock.acquire(), done.wait(60), lock.release()))
        holder.start()
        time.sleep(0.1)
        # the lock is held until both answers are in: a request that waited for it
        # would only return after 60 s; these answer "being prepared" instead
        page = client.get("/gebied/GM0599")
        api = client.get("/api/v1/profiles/GM0599")
        still_held = holder.is_alive()
        done.set()
        holder.join()
    assert still_held
    assert page.status_code == 503 and page.headers["retry-after"] == "5"
    assert page.headers["refresh"] == "5" and "voorbereid" in page.text
    assert api.status_code == 503 and "voorbereid" in api.json()["error"]["message"]


@pytest.mark.realdata
def test_warm_up_prepares_the_main_results(web_store: Path, tmp_path: Path) -> None:
    from kloof.web import warm

    settings = Settings(
        store=web_store, language="nl", plans_db=f"sqlite:///{tmp_path}/p.db", warm=True
    )
    app = create_app(settings)
    took = warm.warm(app.state.kloof)
    names = set(took)
    assert {"names", "hot spots wijk", "focus candidates wijk"} <= names
    assert any(n.startswith("index wijk") for n in names)
    assert any(n.startswith("map layer wijk") and n.endswith(" en") for n in names)
    cache = app.state.kloof.cache()
    assert any(k[0] == "hotspots" for k in cache._cache if isinstance(k, tuple))
    # after warm-up the hot-spot page is made from memory: no new hot-spot computation
    kept = {k for k in cache._cache if isinstance(k, tuple) and k[0] == "hotspots"}
    with TestClient(app) as client:
        assert client.get("/brandpunten").status_code == 200
    assert {k for k in cache._cache if isinstance(k, tuple) and k[0] == "hotspots"} == kept


def test_jobs_are_found_by_every_worker(tmp_path: Path) -> None:
    shared = tmp_path / "jobs"
    runs, asks = JobRegistry(directory=shared), JobRegistry(directory=shared)

    def work(progress: Any) -> dict[str, int]:
        for i in range(3):
            progress(i + 1, 3)
        return {"answer": 42}

    job = runs.submit("toy", {"n": 3}, 3, work)
    deadline = time.monotonic() + 10
    while (runs.get(job.id) or job).state != "done" and time.monotonic() < deadline:
        time.sleep(0.05)
    seen = asks.get(job.id)  # another registry (process) reads it from the folder
    assert seen is not None and seen.state == "done" and seen.result == {"answer": 42}
    assert asks.get("../../etc/passwd") is None and asks.get("0" * 16) is None
    assert JobRegistry().get(job.id) is None  # without a folder: only its own jobs
    runs.shutdown()


@pytest.mark.realdata
def test_static_files_carry_cache_control(client: Any) -> None:
    css = client.get("/static/vendor/utrecht/index.css")
    assert css.status_code == 200 and css.headers["cache-control"] == "public, max-age=86400"


PDOK = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"


@pytest.mark.realdata
def test_a_configured_basemap_is_drawn_under_the_map(web_store: Path, tmp_path: Path) -> None:
    plans = f"sqlite:///{tmp_path}/p.db"
    with TestClient(create_app(Settings(store=web_store, plans_db=plans, tile_url=PDOK))) as c:
        page = c.get("/")
    assert page.status_code == 200 and f'data-tiles="{PDOK}"' in page.text
    csp = page.headers["content-security-policy"]
    assert "img-src 'self' data: blob: https://service.pdok.nl" in csp
    assert "connect-src 'self' https://service.pdok.nl" in csp
    # without the setting nothing comes from elsewhere (tests and offline use)
    with TestClient(create_app(Settings(store=web_store, plans_db=plans))) as c:
        plain = c.get("/")
    assert "data-tiles" not in plain.text and "pdok" not in plain.headers["content-security-policy"]


@pytest.mark.parametrize(
    "bad",
    [
        "http://tiles.example/{z}/{x}/{y}.png",
        "https://tiles.example/a.png",
        "https://x/{z}/{x}/{y}'",
    ],
)
def test_a_tile_address_is_checked(bad: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="https:// tile address"):
        Settings(tile_url=bad)


def test_the_store_cache_is_bounded(tmp_path: Path) -> None:
    cache = FrameCache(open_store(tmp_path / "b.duckdb"), max_entries=3)
    for i in range(5):
        cache.cached(("area", i), lambda i=i: i * 10)
    assert list(cache._cache) == [("area", 2), ("area", 3), ("area", 4)]
    cache.cached(("area", 2), lambda: -1)  # a hit: kept, and now the most recent
    cache.cached(("area", 5), lambda: 50)
    assert ("area", 2) in cache._cache and ("area", 3) not in cache._cache
    assert cache.cached(("area", 0), lambda: "again") == "again"  # dropped: computed again
