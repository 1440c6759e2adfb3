"""What every response and every request body passes: size limit, security headers.

Two small ASGI middlewares that :func:`kloof.web.app.create_app` puts around the app:

* :class:`BodyLimit`: the body of a write to the area-plan pages and their API
  (:data:`GUARDED_PATHS`) may be at most :data:`MAX_BODY` bytes. A declared
  ``Content-Length`` above it is refused at once without reading the body; a body without
  one (``Transfer-Encoding: chunked``) is counted while it is read and refused (413) as
  soon as it passes the limit. Both happen before any route code runs, so before the
  login check: an anonymous client cannot make the server hold a large body in memory.
* :class:`SecurityHeaders`: ``Content-Security-Policy`` (scripts only from the app itself
  or with the page's nonce, no framing, no plugins), ``X-Frame-Options: DENY``,
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin``, and
  ``Cache-Control: no-store`` on every page of a logged-in user (session cookie or API
  token) and on the area-plan pages (they carry CSRF tokens). Inline scripts of a
  template carry ``nonce="{{ request.state.csp_nonce }}"``.

References
----------
OWASP Secure Headers Project, https://owasp.org/www-project-secure-headers/
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

__all__ = [
    "GUARDED_PATHS",
    "MAX_BODY",
    "TOO_LARGE",
    "BodyLimit",
    "BodyTooLarge",
    "SecurityHeaders",
    "content_security_policy",
    "tile_origin",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Largest request body a plans form or JSON write may have (bytes).
MAX_BODY = 32 * 1024
#: Path prefixes whose writes are size-limited (the area-plan application).
GUARDED_PATHS = ("/plannen", "/inloggen", "/uitloggen", "/bewoners", "/api/v1/plans")
#: The 413 message (Dutch first, as the pages).
TOO_LARGE = (
    f"Het verzoek is te groot: maximaal {MAX_BODY // 1024} KB "
    f"(request too large: at most {MAX_BODY // 1024} KB)"
)
_NO_BODY = frozenset({"GET", "HEAD", "OPTIONS"})
_SESSION_COOKIE = b"kloof_sessie="
_STATIC = ("/static/", "/assets/")


class BodyTooLarge(HTTPException):
    """The body passed :data:`MAX_BODY` while it was read (answered with 413)."""

    def __init__(self) -> None:
        super().__init__(413, TOO_LARGE)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


class BodyLimit:
    """Refuse (413) a write to :data:`GUARDED_PATHS` whose body exceeds ``limit`` bytes.

    Parameters
    ----------
    app
        The ASGI app to guard.
    limit
        Most bytes a body may have.
    paths
        Path prefixes that are guarded (other paths pass unchanged).
    """

    def __init__(
        self, app: ASGIApp, limit: int = MAX_BODY, paths: tuple[str, ...] = GUARDED_PATHS
    ) -> None:
        self.app = app
        self.limit = limit
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method", "GET") in _NO_BODY
            or not str(scope.get("path", "")).startswith(self.paths)
        ):
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(scope, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge
            return message

        await self.app(scope, counted, send)


async def _too_large(scope: Scope, send: Send) -> None:
    """Answer 413 without reading the body (JSON under /api, plain text elsewhere)."""
    if str(scope.get("path", "")).startswith("/api/"):
        body = json.dumps({"error": {"status": 413, "message": TOO_LARGE}}).encode()
        media = b"application/json"
    else:
        body = TOO_LARGE.encode()
        media = b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", media),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def tile_origin(url: str) -> str:
    """The origin (``https://host[:port]``) of a tile address, or ``""``.

    >>> tile_origin("https://service.pdok.nl/brt/achtergrondkaart/{z}/{x}/{y}.png")
    'https://service.pdok.nl'
    """
    if not url:
        return ""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(nonce: str, tiles: str = "") -> str:
    """The CSP of a page whose inline scripts carry ``nonce``.

    MapLibre GL runs its workers from ``blob:`` URLs and draws tiles into ``blob:`` and
    ``data:`` images; styles may be inline (charts, map controls). Nothing is loaded from
    other origins (the machine is offline, and so is the dashboard), except a basemap's
    tiles from the origin ``tiles`` when one is configured (setting ``tile_url``).
    """
    extra = f" {tiles}" if tiles else ""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob:{extra}",
            "font-src 'self' data:",
            f"connect-src 'self'{extra}",
            "worker-src 'self' blob:",
            "child-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeaders:
    """Add the security headers (see the module) to every HTTP response.

    Parameters
    ----------
    app
        The ASGI app.
    private_paths
        Path prefixes answered with ``Cache-Control: no-store`` even without a login.
    tile_origin
        Origin (``https://host``) of the basemap's tiles, allowed for images and fetches.
    """

    def __init__(
        self,
        app: ASGIApp,
        private_paths: tuple[str, ...] = GUARDED_PATHS,
        tile_origin: str = "",
    ) -> None:
        self.app = app
        self.private_paths = private_paths
        self.tile_origin = tile_origin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        path = str(scope.get("path", ""))
        cookie = (_header(scope, b"cookie") or "").encode("latin-1")
        logged_in = _SESSION_COOKIE in cookie or _header(scope, b"authorization") is not None
        private = not path.startswith(_STATIC) and (
            logged_in or path.startswith(self.private_paths)
        )
        extra = [
            (
                b"content-security-policy",
                content_security_policy(nonce, self.tile_origin).encode(),
            ),
            (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
        ]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {name for name, _ in extra}
                    and not (private and k.lower() == b"cache-control")
                ]
                headers.extend(extra)
                if private:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
