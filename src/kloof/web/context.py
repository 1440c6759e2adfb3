"""Per-app state and request helpers: the store cache, language, templates, caching headers.

Routes reach the data only through :func:`cache_of` (a
:class:`~kloof.report.frames.FrameCache` over the read-only store) and the report and
analysis functions; they never build SQL.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from kloof.report.charts import format_decimal, format_number
from kloof.report.frames import FrameCache
from kloof.report.i18n import LANGUAGES, level_label, texts
from kloof.report.phrases import localise
from kloof.report.reflow import wrap_tables
from kloof.settings import Settings

__all__ = [
    "LANG_COOKIE",
    "WebState",
    "cache_of",
    "cached_json",
    "clean",
    "error_json",
    "etag_for",
    "lang_of",
    "not_modified",
    "page",
    "state_of",
    "url_with",
]

#: Cookie that remembers the language chosen with ``?lang=``.
LANG_COOKIE = "kloof_lang"
#: Cache-Control of API answers (the store is read-only while the app runs).
CACHE_CONTROL = "public, max-age=300"


class WebState:
    """What one app instance holds: settings, the (lazily opened) store cache, templates.

    ``wait``: seconds a request waits for a result another request is computing
    (:class:`kloof.app.FrameCache`), then the page says "being prepared".
    """

    def __init__(
        self, settings: Settings, templates: Jinja2Templates, *, wait: float | None = None
    ) -> None:
        self.settings = settings
        self.templates = templates
        self.wait = wait
        self._cache: FrameCache | None = None
        self._lock = threading.Lock()

    def cache(self) -> FrameCache:
        """The store cache, opening the store read-only on first use.

        Raises
        ------
        kloof.errors.StoreError
            If there is no store at the configured path.
        """
        with self._lock:
            if self._cache is None:
                from kloof.store import open_store

                store = open_store(Path(self.settings.store), create=False, read_only=True)
                self._cache = FrameCache(store, wait=self.wait)
            return self._cache

    def close(self) -> None:
        """Close the store (app shutdown)."""
        with self._lock:
            if self._cache is not None:
                self._cache.store.close()
                self._cache = None


def state_of(request: Request) -> WebState:
    """The :class:`WebState` of the app serving ``request``."""
    return request.app.state.kloof  # type: ignore[no-any-return]


def cache_of(request: Request) -> FrameCache:
    """The store cache of the app serving ``request``."""
    return state_of(request).cache()


def lang_of(request: Request) -> str:
    """Language of the request: ``?lang=``, then the cookie, then the settings."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return state_of(request).settings.language


def url_with(request: Request, **changes: Any) -> str:
    """The request's path and query with ``changes`` (``None`` removes a parameter)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page template with the shared context (texts, language, helpers)."""
    lang = lang_of(request)
    other = "en" if lang == "nl" else "nl"
    base = {
        "request": request,
        "lang": lang,
        "t": texts(lang),
        "fmt": lambda v, digits=3: format_number(v, lang, digits),
        "whole": lambda v: format_decimal(v, lang, 0),
        "level_label": lambda level, plural=False: level_label(level, lang, plural),
        "localise": lambda text: localise(text, lang),  # logs, notes, statuses (phrases)
        "switch_url": url_with(request, lang=other),
        "other_lang": other,
        "url_with": lambda **kw: url_with(request, **kw),
        "extra_pages": request.app.state.kloof_pages,
    }
    base.update(context)
    response = state_of(request).templates.TemplateResponse(
        request, template, base, status_code=status_code
    )
    response.body = wrap_tables(bytes(response.body).decode("utf-8")).encode("utf-8")
    response.headers["content-length"] = str(len(response.body))
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


def etag_for(request: Request, extra: str = "") -> str:
    version = cache_of(request).version()
    text = f"{version}|{request.url.path}|{sorted(request.query_params.items())}|{extra}"
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def not_modified(request: Request, etag: str) -> bool:
    """Whether the client's ``If-None-Match`` already names ``etag``."""
    header = request.headers.get("if-none-match", "")
    return etag in [h.strip() for h in header.split(",")] or header.strip() == "*"


def cached_json(request: Request, compute: Callable[[], Any], *, extra: str = "") -> Response:
    """A JSON answer with ``ETag`` and ``Cache-Control``; ``304`` when the client has it.

    ``extra`` adds to the ETag what the URL does not show (the language cookie).
    """
    etag = etag_for(request, extra)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Cookie"}
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    body = json.dumps(clean(compute()), ensure_ascii=False, allow_nan=False, default=_default)
    return Response(body, media_type="application/json", headers=headers)


def clean(value: Any) -> Any:
    """``value`` with every NaN/infinite float replaced by ``None`` (valid JSON)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


def _default(value: Any) -> Any:
    import numpy as np

    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        f = float(value)
        return f if np.isfinite(f) else None
    if isinstance(value, np.bool_):
        return bool(value)
    return str(value)


def error_json(status: int, message: str) -> JSONResponse:
    """The API's error body: ``{"error": {"status": …, "message": …}}``."""
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
