"""Prepare the dashboard's main results in the background at start.

The first visitor of a fresh server should not pay for the national index, the map
layers or the hot spots (30 s and more on all wijken). :func:`start` runs
:func:`warm` in a daemon thread when the app starts (setting ``warm``, on by default):
it fills the store cache (:class:`kloof.app.FrameCache`) with the default years, the
index of gemeenten and wijken, the uncertainty intervals of the profiles, the default
map layers in both languages and the default hot spots and focus candidates. Requests
meanwhile are never held for another request's computation for more than a second: the
cache answers "being prepared" (:class:`kloof.errors.PreparingError`, a ``503`` with
``Retry-After``) and the page refreshes itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from kloof.errors import KloofError

if TYPE_CHECKING:
    from kloof.app.cache import FrameCache
    from kloof.web.context import WebState

__all__ = ["start", "steps", "warm"]

log = logging.getLogger("kloof.web")

#: Levels of the national map and the index.
LEVELS = ("gemeente", "wijk")


def steps(cache: FrameCache) -> list[tuple[str, Callable[[], object]]]:
    """What :func:`warm` prepares, in order: (name, call)."""
    from kloof.app.indexing import INDEX_LEVELS, index_interval, index_ok, index_result
    from kloof.report.focus_data import focus_candidates
    from kloof.web.layers import layer_geojson, layer_options
    from kloof.web.routes.spatial import hotspots
    from kloof.web.tables import resolve_year

    out: list[tuple[str, Callable[[], object]]] = [("names", cache.names)]
    for level in LEVELS:
        try:
            year = resolve_year(cache, level, None)
        except KloofError:
            continue
        if level in INDEX_LEVELS:

            def built(lv: str = level, y: int = year) -> object:
                return index_ok(cache, lv, y) and index_result(cache, lv, y)

            out.append((f"index {level} {year}", built))
        for lang in ("nl", "en"):

            def layer(lv: str = level, y: int = year, lg: str = lang) -> object:
                key = layer_options(cache, lv, y, lg)[0].key
                return layer_geojson(cache, lv, key, year=y, language=lg)

            out.append((f"map layer {level} {year} {lang}", layer))
    try:
        wijk_year = resolve_year(cache, "wijk", None)
    except KloofError:
        return out
    out += [
        ("hot spots wijk", lambda: hotspots(cache, "wijk", wijk_year, "index", "lisa")),
        ("focus candidates wijk", lambda: focus_candidates(cache, "wijk", 20_000, 0.10, "nplv")),
        ("index interval wijk", lambda: index_interval(cache, "wijk", wijk_year)),
    ]
    return out


def warm(state: WebState, stop: threading.Event | None = None) -> dict[str, float]:
    """Run :func:`steps` on the app's store cache; seconds per step (failures logged)."""
    try:
        cache = state.cache()
    except KloofError as exc:  # no store yet: the pages say so themselves
        log.info("nothing to prepare: %s", exc)
        return {}
    took: dict[str, float] = {}
    for name, call in steps(cache):
        if stop is not None and stop.is_set():
            break
        t0 = time.perf_counter()
        try:
            call()
        except KloofError as exc:
            log.info("not prepared: %s: %s", name, exc)
            continue
        except Exception:  # a failed preparation must never take the server down
            log.exception("preparing %s failed", name)
            continue
        took[name] = time.perf_counter() - t0
    log.info("prepared %d results in %.1f s", len(took), sum(took.values()))
    return took


def start(state: WebState) -> threading.Event:
    """Start :func:`warm` in a daemon thread; set the returned event to stop it early."""
    stop = threading.Event()
    threading.Thread(target=warm, args=(state, stop), name="kloof-warm", daemon=True).start()
    return stop
