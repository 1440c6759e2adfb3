"""The dashboard application: :func:`create_app` builds it from settings.

No module-level app: every app is built by :func:`create_app`, so tests and the CLI make
their own with their own settings (``kloof serve`` runs
``uvicorn.run(create_app(settings))``).

Routers are explicit registries: :data:`CORE_ROUTERS` always, :data:`OPTIONAL_ROUTERS`
when the analysis package they show is installed (one router module per capability:
``routes/index.py`` for :mod:`kloof.index`, ``routes/spatial.py`` for
:mod:`kloof.spatial`, ...).
"""

from __future__ import annotations

import importlib
import logging
import threading
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from kloof import __version__
from kloof.errors import (
    CatalogueError,
    KloofError,
    KloofWarning,
    PreparingError,
    RegionCodeError,
    SpecError,
    StoreError,
)
from kloof.report.domains import domains_named
from kloof.report.i18n import N_, install_gettext, texts, translate
from kloof.report.messages import note_text
from kloof.report.phrases import localise
from kloof.report.render import stylesheet
from kloof.settings import Settings
from kloof.web import warm
from kloof.web.auth import default_limits
from kloof.web.context import LANG_COOKIE, WebState, error_json, lang_of, page
from kloof.web.guard import BodyLimit, SecurityHeaders, tile_origin
from kloof.web.head import HeadAsGet
from kloof.web.jobs import JobRegistry
from kloof.web.messages import http_message, validation_message
from kloof.web.response_cache import ResponseCache

__all__ = ["API_PREFIX", "CORE_ROUTERS", "OPTIONAL_ROUTERS", "create_app", "serve_app"]

log = logging.getLogger("kloof.web")

#: Prefix of the JSON API; the OpenAPI document is ``{API_PREFIX}/openapi.json``.
API_PREFIX = "/api/v1"
#: Router modules always included.
CORE_ROUTERS: tuple[str, ...] = (
    "kloof.web.routes.api",
    "kloof.web.routes.pages",
    "kloof.web.routes.side",
    "kloof.web.routes.trend",
)
#: Router module → analysis package it needs (included only when that imports).
OPTIONAL_ROUTERS: dict[str, str] = {
    "kloof.web.routes.index": "kloof.index",
    "kloof.web.routes.spatial": "kloof.spatial",
    "kloof.web.routes.allocation": "kloof.allocation",
    "kloof.web.routes.housing": "kloof.housing",
    "kloof.web.routes.plans": "kloof.plans",
    "kloof.web.routes.accounts": "kloof.plans",
    "kloof.web.routes.survey": "kloof.plans",
    "kloof.web.routes.plans_api": "kloof.plans",
}


#: What a visitor reads when the store cannot be opened (the details go to the log).
UNAVAILABLE = (
    "De gegevens zijn op dit moment niet beschikbaar; probeer het later opnieuw "
    "(the data is not available at the moment; try again later)"
)
#: The same on a page, in its language; and what a page says after an unexpected error.
UNAVAILABLE_PAGE = N_("The data is not available at the moment; try again later.")
CRASH_PAGE = N_("Internal error; the server log has the details.")
#: What a visitor reads while a result is still being computed for another request.
PREPARING = (
    "Deze gegevens worden voorbereid; probeer het over enkele seconden opnieuw "
    "(this is being prepared; try again in a few seconds)"
)
PREPARING_PAGE = N_("This is being prepared; the page refreshes itself in a few seconds.")
#: Seconds after which a client should ask again for what is being prepared.
RETRY_AFTER = 5
#: Seconds a request waits for a result another request is computing (then 503).
WAIT_SECONDS = 1.0


def _package_dir(name: str) -> Path:
    return Path(str(resources.files("kloof.web").joinpath(name)))


def _templates() -> Jinja2Templates:
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(str(_package_dir("templates"))),
            jinja2.FileSystemLoader(str(Path(str(resources.files("kloof.report"))) / "templates")),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install_gettext(env)  # {{ _("...") }} from the gettext catalogues (kloof/locale)
    return Jinja2Templates(env=env)


#: Cache-Control of static files (scripts, styles, the map library).
STATIC_CACHE = "public, max-age=86400"


def _status_for(exc: KloofError) -> int:
    from kloof.report.targets import UnknownTargetError

    declared = getattr(exc, "http_status", None)  # errors that name their status (plans)
    if isinstance(declared, int):
        return declared

    if isinstance(exc, UnknownTargetError | RegionCodeError | CatalogueError):
        return 404
    if isinstance(exc, SpecError):
        return 400
    if isinstance(exc, StoreError):
        return 503
    return 400


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


class CachedStatic(StaticFiles):
    """Static files with ``Cache-Control`` (a day; then revalidated by ETag)."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = STATIC_CACHE
        return response


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the dashboard and JSON API for the store named in ``settings``.

    Parameters
    ----------
    settings
        Where the store is and the default language (default: from the environment).
        The store is opened read-only on the first request.
    """
    settings = settings or Settings()
    state = WebState(settings, _templates(), wait=WAIT_SECONDS)
    jobs = JobRegistry(directory=settings.jobs_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = warm.start(state) if settings.warm else None  # kloof.web.warm
        yield
        if stop is not None:
            stop.set()
        jobs.shutdown()
        state.close()
        plans = getattr(app.state, "kloof_plans_db", None)
        if plans is not None:
            plans.close()

    app = FastAPI(
        title="kloof API",
        version=__version__,
        description="Regions, indicators, index results, areas and profiles of a kloof store. "
        'Errors are JSON: {"error": {"status": …, "message": …}}.',
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.kloof = state
    app.state.kloof_pages = []
    app.state.kloof_profile_sections = []  # callables adding sections to profile pages
    app.state.kloof_profile_plans = []  # callables giving a target's plan for printed profiles
    app.state.kloof_plans_lock = threading.Lock()  # the plans database opens lazily
    app.state.kloof_limits = default_limits()  # rate limits (kloof.web.auth)
    app.state.kloof_jobs = jobs  # background jobs (the simulations), see kloof.web.jobs
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)
    app.add_middleware(BodyLimit)  # plans writes: at most 32 KB, counted while read
    # finished public answers, compressed once (kloof.web.response_cache)
    app.add_middleware(ResponseCache, lang_cookie=LANG_COOKIE)
    # CSP, framing, sniffing, referrer, no-store; a configured basemap's origin for tiles
    app.add_middleware(SecurityHeaders, tile_origin=tile_origin(settings.tile_url))
    app.add_middleware(HeadAsGet)  # HEAD on every page (kloof.web.head)
    proxies = [ip.strip() for ip in settings.forwarded_allow_ips.split(",") if ip.strip()]
    if proxies:  # X-Forwarded-For only from these proxies (kloof serve --forwarded-allow-ips)
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=proxies)

    static = _package_dir("static")
    if static.is_dir():
        app.mount("/static", CachedStatic(directory=str(static)), name="static")

    @app.get("/assets/kloof.css", include_in_schema=False)
    def theme_css() -> Response:
        return PlainTextResponse(
            stylesheet(),
            media_type="text/css",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    for module in CORE_ROUTERS:
        app.include_router(importlib.import_module(module).router)
    for module, needs in OPTIONAL_ROUTERS.items():
        try:
            importlib.import_module(needs)
        except ImportError:
            log.info("%s not installed: %s left out", needs, module)
            continue
        mod = importlib.import_module(module)
        app.include_router(mod.router)
        app.state.kloof_pages.extend(getattr(mod, "PAGES", ()))
        app.state.kloof_profile_sections.extend(getattr(mod, "PROFILE_SECTIONS", ()))
        app.state.kloof_profile_plans.extend(getattr(mod, "PROFILE_PLANS", ()))

    _add_error_handlers(app)
    return app


def _preparing(request: Request) -> Response:
    """``503`` with ``Retry-After`` (and a self-refreshing page) while results are made."""
    headers = {"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"}
    if _is_api(request):
        response: Response = error_json(503, PREPARING)
    else:
        shown = translate(PREPARING_PAGE, lang_of(request))
        response = page(request, "error.html", status_code=503, status=503, message=shown)
        headers["Refresh"] = str(RETRY_AFTER)
    response.headers.update(headers)
    return response


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(KloofError)
    async def kloof_error(request: Request, exc: KloofError) -> Response:
        if isinstance(exc, PreparingError):
            return _preparing(request)
        status = _status_for(exc)
        message = str(exc)
        if status == 503:  # paths and lock holders are for the log, not for visitors
            log.warning("store unavailable on %s: %s", request.url.path, exc)
            message = UNAVAILABLE
        if _is_api(request):
            return error_json(status, message)
        lang = lang_of(request)
        shown = translate(UNAVAILABLE_PAGE, lang) if status == 503 else localise(message, lang)
        return page(request, "error.html", status_code=status, status=status, message=shown)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        message = "invalid request: " + "; ".join(parts)
        if _is_api(request):
            return error_json(422, message)
        message = validation_message(exc.errors(), lang_of(request))  # a Dutch sentence
        return page(request, "error.html", status_code=422, status=422, message=message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if _is_api(request):
            return error_json(exc.status_code, message)
        if exc.status_code == 405:  # a page, so an HTML page that says why (issue 19)
            message = texts(lang_of(request))["method_not_allowed"].format(method=request.method)
        else:
            message = http_message(exc.status_code, message, lang_of(request))
        response = page(
            request,
            "error.html",
            status_code=exc.status_code,
            status=exc.status_code,
            message=message,
        )
        response.headers.update(exc.headers or {})  # Allow on a 405
        return response

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        if _is_api(request):
            return error_json(500, "internal error; the server log has the details")
        text = translate(CRASH_PAGE, lang_of(request))
        return PlainTextResponse(text, status_code=500)


def serve_app() -> FastAPI:
    """:func:`create_app` for ``kloof serve``: the library's notes go to the server log.

    A :class:`~kloof.errors.KloofWarning` (e.g. an optional indicator without data) is
    logged once per text as one line in the server's language, without Python's file
    name and source line; other warnings keep Python's format.
    """
    app = create_app()
    language = app.state.kloof.settings.language
    python_format = warnings.showwarning
    seen: set[str] = set()

    def show(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
        if not issubclass(category, KloofWarning):
            python_format(message, category, *args, **kwargs)
            return
        text = note_text(domains_named(str(message), language), language)
        if text not in seen:
            seen.add(text)
            log.warning("%s", text)

    warnings.showwarning = show
    return app
