"""Finished answers kept (kloof.web.response_cache): on the real dashboard and on a toy app."""

from __future__ import annotations

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import brotli
import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from kloof.web.response_cache import ResponseCache

PROFILE = "/gebied/nplv:rotterdam-zuid"


@pytest.mark.realdata
def test_a_public_page_is_made_once_and_sent_compressed(client: Any) -> None:
    first = client.get(PROFILE + "?x=cache-test", headers={"Accept-Encoding": "identity"})
    assert first.status_code == 200 and first.headers["x-kloof-cache"] == "miss"
    again = client.get(PROFILE + "?x=cache-test", headers={"Accept-Encoding": "gzip"})
    assert again.headers["x-kloof-cache"] == "hit"
    assert again.headers["content-encoding"] == "gzip"
    assert again.text == first.text  # httpx decodes gzip: the same page
    br = client.get(PROFILE + "?x=cache-test", headers={"Accept-Encoding": "br, gzip"})
    assert br.headers["content-encoding"] == "br" and br.text == first.text
    # the page is kept with security headers made per response (a fresh nonce)
    assert br.headers["content-security-policy"] != again.headers["content-security-policy"]
    etag = again.headers["etag"]
    same = client.get(PROFILE + "?x=cache-test", headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b""


@pytest.mark.realdata
def test_what_is_never_kept(client: Any) -> None:
    # a language switch sets a cookie: made anew, not kept
    try:
        switched = client.get(PROFILE + "?lang=en&x=never")
        assert switched.status_code == 200 and "x-kloof-cache" not in switched.headers
        assert "x-kloof-cache" not in client.get(PROFILE + "?lang=en&x=never").headers
    finally:
        client.cookies.delete("kloof_lang")  # the shared client stays Dutch for others
    # any cookie other than the language (a login, a CSRF token) bypasses the cache
    client.cookies.set("kloof_sessie", "not-a-session")
    try:
        assert "x-kloof-cache" not in client.get(PROFILE).headers
    finally:
        client.cookies.delete("kloof_sessie")
    # errors and the plans pages are not kept
    assert "x-kloof-cache" not in client.get("/gebied/GM9999").headers
    assert "x-kloof-cache" not in client.get("/plannen").headers


def _toy(calls: list[str], *, status: int = 200, headers: list[tuple[bytes, bytes]] = ()) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append(scope["path"])
        await asyncio.sleep(0.05)  # slow enough for concurrent requests to meet
        body = ("<p>" + scope["path"] * 800 + "</p>").encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), *headers],
            }
        )
        await send({"type": "http.response.body", "body": body})

    return app


def _in_own_loop(coro: Any) -> Any:
    """Run ``coro`` in a fresh event loop on its own thread (another test's browser may
    have a loop running on this one)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _get(app: Any, *paths: str, **headers: str) -> list[httpx.Response]:
    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            return list(await asyncio.gather(*(c.get(p, headers=headers) for p in paths)))

    return _in_own_loop(run())  # type: ignore[no-any-return]


def test_concurrent_first_requests_make_the_answer_once() -> None:
    calls: list[str] = []
    cache = ResponseCache(_toy(calls))
    answers = _get(cache, *["/a"] * 20, *["/b"] * 5, **{"Accept-Encoding": "gzip"})
    assert sorted(calls) == ["/a", "/b"]
    assert {r.status_code for r in answers} == {200}
    assert {r.text for r in answers[:20]} == {"<p>" + "/a" * 800 + "</p>"}
    raw = gzip.compress(answers[0].content)  # httpx decoded it; the wire was gzip
    assert answers[0].headers["content-encoding"] == "gzip" and len(raw) > 0


def test_not_kept_when_the_app_says_so() -> None:
    for kw in (
        {"status": 404},
        {"headers": [(b"set-cookie", b"k=v")]},
        {"headers": [(b"cache-control", b"no-store")]},
    ):
        calls: list[str] = []
        cache = ResponseCache(_toy(calls, **kw))  # type: ignore[arg-type]
        _get(cache, "/x")
        _get(cache, "/x")
        assert calls == ["/x", "/x"], kw


def test_memory_is_bounded() -> None:
    calls: list[str] = []
    cache = ResponseCache(_toy(calls), max_bytes=40_000)
    for i in range(30):
        _get(cache, f"/page{i}")
    held = sum(e.size for e in cache._entries.values())
    assert held <= 40_000 and len(cache._entries) < 30
    _get(cache, "/page29")  # the most recent is still there
    assert calls.count("/page29") == 1


def test_brotli_body_decodes_to_the_page() -> None:
    calls: list[str] = []
    sent: list[Message] = []
    cache = ResponseCache(_toy(calls))
    _get(cache, "/z")

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/z",
        "query_string": b"",
        "headers": [(b"accept-encoding", b"br")],
    }
    _in_own_loop(cache(scope, receive, send))
    headers = dict(sent[0]["headers"])
    assert headers[b"content-encoding"] == b"br" and headers[b"x-kloof-cache"] == b"hit"
    assert brotli.decompress(sent[1]["body"]).decode() == "<p>" + "/z" * 800 + "</p>"
