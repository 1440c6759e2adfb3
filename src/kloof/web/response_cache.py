"""Finished answers, kept: each public page, API answer and map layer is made once.

The store is read-only while the dashboard runs, so an anonymous ``GET`` of the same
address in the same language always gets the same answer. :class:`ResponseCache` (ASGI
middleware) keeps such answers in memory, bounded by bytes (least recently used
first out), with their body compressed once with gzip and, when the ``brotli`` package
is installed, with Brotli; it answers ``304`` to a matching ``If-None-Match``.

What is never kept:

* requests with a cookie other than the language cookie (a login, a CSRF token, a
  device mark: such pages differ per visitor) or an ``Authorization`` header;
* answers other than ``200``, answers that set a cookie, answers marked
  ``Cache-Control: no-store`` or ``private``, already-encoded answers, streams;
* answers whose body holds the request's CSP nonce (a page with an inline script);
* paths under :data:`PRIVATE_PATHS` (plans, login, the questionnaire, simulation jobs).

Concurrent first requests of one address wait for the first one's answer (one
computation); other addresses are never blocked. ``X-Kloof-Cache: hit|miss`` tells
which it was.

Examples
--------
>>> ResponseCache.key_of({"path": "/gebied/x", "query_string": b"lang=en"}, "nl")
('/gebied/x', 'lang=en', 'nl')
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kloof.web.guard import GUARDED_PATHS

__all__ = ["PRIVATE_PATHS", "CachedAnswer", "ResponseCache"]

#: Path prefixes never cached: the guarded (per-user) paths and the simulation jobs.
PRIVATE_PATHS: tuple[str, ...] = (
    *GUARDED_PATHS,
    "/api/v1/simulations/",
    "/woningtoewijzing/",
)
#: Content types worth compressing.
_COMPRESSIBLE = (b"text/", b"application/json", b"application/geo+json", b"image/svg+xml")
#: Response headers the cache sets itself (or drops).
_OWN = {b"content-length", b"content-encoding", b"etag", b"vary", b"date", b"server"}


@dataclass(frozen=True)
class CachedAnswer:
    """One kept answer: headers, body in each encoding, and its ETag."""

    headers: tuple[tuple[bytes, bytes], ...]
    bodies: dict[str, bytes]
    etag: bytes

    @property
    def size(self) -> int:
        """Bytes held."""
        return sum(len(b) for b in self.bodies.values()) + sum(
            len(k) + len(v) for k, v in self.headers
        )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def _encodings(body: bytes, content_type: bytes) -> dict[str, bytes]:
    bodies = {"identity": body}
    if len(body) < 1000 or not content_type.startswith(_COMPRESSIBLE):
        return bodies
    bodies["gzip"] = gzip.compress(body, compresslevel=6, mtime=0)
    try:
        import brotli
    except ImportError:  # optional: gzip only
        return bodies
    bodies["br"] = brotli.compress(body, quality=5)
    return bodies


def _chosen(accept: str, bodies: dict[str, bytes]) -> str:
    """The encoding to send: Brotli, then gzip, when the client accepts it."""
    offered = {p.split(";")[0].strip().lower() for p in accept.split(",")}
    for name in ("br", "gzip"):
        if name in bodies and name in offered:
            return name
    return "identity"


class ResponseCache:
    """ASGI middleware keeping public ``GET`` answers (see the module).

    Parameters
    ----------
    app
        The ASGI app.
    lang_cookie
        The one cookie that may be present (its value is part of the key).
    max_bytes
        Memory bound of all kept answers.
    """

    def __init__(
        self, app: ASGIApp, *, lang_cookie: str = "kloof_lang", max_bytes: int = 256 << 20
    ) -> None:
        self.app = app
        self.lang_cookie = lang_cookie
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, str, str], CachedAnswer] = OrderedDict()
        self._bytes = 0
        self._pending: dict[tuple[str, str, str], asyncio.Event] = {}

    @staticmethod
    def key_of(scope: Scope, lang: str) -> tuple[str, str, str]:
        """(path, query string, language cookie) of a request."""
        return (str(scope["path"]), scope.get("query_string", b"").decode("latin-1"), lang)

    def _language(self, scope: Scope) -> str | None:
        """The language cookie's value ("" without), or ``None``: not cacheable."""
        raw = _header(scope, b"cookie")
        if not raw:
            return ""
        try:
            jar = SimpleCookie()
            jar.load(raw)
        except CookieError:
            return None
        if set(jar) - {self.lang_cookie}:
            return None
        return jar[self.lang_cookie].value if self.lang_cookie in jar else ""

    def _cacheable(self, scope: Scope) -> str | None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            return None
        if str(scope.get("path", "")).startswith(PRIVATE_PATHS):
            return None
        if _header(scope, b"authorization") is not None:
            return None
        return self._language(scope)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        lang = self._cacheable(scope)
        if lang is None:
            await self.app(scope, receive, send)
            return
        key = self.key_of(scope, lang)
        while True:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                await self._answer(scope, send, entry, hit=True)
                return
            waiting = self._pending.get(key)
            if waiting is None:
                break
            await waiting.wait()  # the first request of this address is making it
            if key not in self._entries:  # it was not cacheable: make our own
                await self.app(scope, receive, send)
                return
        done = self._pending[key] = asyncio.Event()
        try:
            entry = await self._make(scope, receive, send)
            if entry is not None:
                self._keep(key, entry)
                await self._answer(scope, send, entry, hit=False)
        finally:
            del self._pending[key]
            done.set()

    async def _make(self, scope: Scope, receive: Receive, send: Send) -> CachedAnswer | None:
        """Run the app for an identity body; pass it on unchanged when not cacheable."""
        headers = [
            (k, v)
            for k, v in scope.get("headers", [])
            if k.lower() not in (b"accept-encoding", b"if-none-match", b"if-modified-since")
        ]
        inner = {**scope, "headers": headers}
        start: Message | None = None
        parts: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        await self.app(inner, receive, capture)
        assert start is not None  # an ASGI app always starts its response
        body = b"".join(parts)
        nonce = str(scope.get("state", {}).get("csp_nonce", "")).encode()
        if not self._keepable(start, body, nonce):  # sent as made (identity encoding)
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return None
        kept = tuple((k, v) for k, v in start.get("headers", []) if k.lower() not in _OWN)
        ctype = next((v for k, v in kept if k.lower() == b"content-type"), b"")
        etag = b'"' + hashlib.sha256(body).hexdigest()[:32].encode() + b'"'
        return CachedAnswer(kept, _encodings(body, ctype), etag)

    @staticmethod
    def _keepable(start: Message, body: bytes, nonce: bytes) -> bool:
        if start.get("status") != 200:
            return False
        for k, v in start.get("headers", []):
            name, value = k.lower(), v.lower()
            if name == b"set-cookie" or name == b"content-encoding":
                return False
            if name == b"cache-control" and (b"no-store" in value or b"private" in value):
                return False
        return not (nonce and nonce in body)

    def _keep(self, key: tuple[str, str, str], entry: CachedAnswer) -> None:
        if entry.size > self.max_bytes // 4:
            return
        self._entries[key] = entry
        self._bytes += entry.size
        while self._bytes > self.max_bytes and self._entries:
            _, old = self._entries.popitem(last=False)
            self._bytes -= old.size

    async def _answer(self, scope: Scope, send: Send, entry: CachedAnswer, *, hit: bool) -> None:
        common = [
            *entry.headers,
            (b"etag", entry.etag),
            (b"vary", b"Accept-Encoding, Cookie"),
            (b"x-kloof-cache", b"hit" if hit else b"miss"),
        ]
        match = _header(scope, b"if-none-match") or ""
        if entry.etag.decode() in [m.strip() for m in match.split(",")]:
            await send({"type": "http.response.start", "status": 304, "headers": common})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        encoding = _chosen(_header(scope, b"accept-encoding") or "", entry.bodies)
        body = entry.bodies[encoding]
        headers = [*common, (b"content-length", str(len(body)).encode())]
        if encoding != "identity":
            headers.append((b"content-encoding", encoding.encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})
