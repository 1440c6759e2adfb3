"""HTTP for sources: JSON GETs with timeouts, retries with backoff and an on-disk cache.

Only :mod:`kloof.sources` talks to the network, and only through this module, so the
retry policy, the cache and the error messages are the same for every API reader. The
:class:`httpx.Client` is always injectable: tests pass one built on
:class:`httpx.MockTransport` and never reach the internet.

Retry policy
------------
A request is retried when it times out, when the connection fails, and on HTTP 429 and
5xx answers. Attempt :math:`k = 0, 1, \\ldots` waits
:math:`\\text{backoff} \\cdot 2^{k}` seconds before the next one (or the server's
``Retry-After``, capped at 60 s). Other 4xx answers are not retried: they will not get
better. After ``retries`` retries the failure becomes a :class:`~kloof.errors.SourceError`
that names the URL and says what to do, without a stack trace for the user.

Cache
-----
:class:`ResponseCache` stores successful, parseable bodies under the SHA-256 of the full
URL (query string included). A cache hit makes no request at all, so a repeated fetch of
a table is offline and byte-identical, which keeps imports idempotent.

Examples
--------
>>> import httpx
>>> transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"value": []}))
>>> http = Http(httpx.Client(transport=transport))
>>> http.get_json("https://example.org/x")[0]
{'value': []}
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from kloof.errors import SourceError

__all__ = ["HTTPStatusError", "Http", "ResponseCache", "default_client"]

#: Longest wait honoured from a ``Retry-After`` header, in seconds.
MAX_RETRY_AFTER = 60.0


class HTTPStatusError(SourceError):
    """The server answered with an HTTP status that retrying will not fix (4xx).

    Attributes
    ----------
    url
        The URL requested.
    status_code
        The HTTP status of the answer.
    """

    def __init__(self, message: str, *, url: str, status_code: int) -> None:
        super().__init__(message)
        self.url = url
        self.status_code = status_code


@dataclass(frozen=True)
class ResponseCache:
    """Response bodies on disk, keyed by the SHA-256 of the full URL.

    Parameters
    ----------
    directory
        Folder for the cache files (created on first write).
    """

    directory: Path

    def path_for(self, url: str) -> Path:
        """The file that holds the body of ``url``."""
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.directory / f"{digest}.json"

    def get(self, url: str) -> bytes | None:
        """The cached body of ``url``, or ``None``."""
        try:
            return self.path_for(url).read_bytes()
        except OSError:
            return None

    def put(self, url: str, body: bytes) -> None:
        """Store ``body`` for ``url`` atomically (write to a temporary file, then rename)."""
        target = self.path_for(url)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
            with os.fdopen(fd, "wb") as handle:
                handle.write(body)
            os.replace(tmp, target)
        except OSError as exc:
            raise SourceError(
                f"cannot write the download cache in {self.directory}: {exc.strerror or exc}; "
                "choose a writable cache folder (KLOOF_CACHE_DIR) or turn the cache off"
            ) from None

    def drop(self, url: str) -> None:
        """Forget the cached body of ``url`` (a corrupt entry)."""
        with contextlib.suppress(OSError):
            self.path_for(url).unlink()


def default_client(timeout: float = 60.0) -> httpx.Client:
    """The client used when none is injected: redirects followed, a kloof User-Agent."""
    return httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        headers={"User-Agent": "kloof (+https://opendata.cbs.nl)", "Accept": "application/json"},
    )


def _full_url(url: str, params: Mapping[str, str | int] | None) -> str:
    if not params:
        return str(httpx.URL(url))
    return str(httpx.URL(url).copy_merge_params(dict(params)))


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return min(max(float(value), 0.0), MAX_RETRY_AFTER)
    except ValueError:
        return None  # an HTTP date; fall back to the backoff


@dataclass(frozen=True)
class Http:
    """JSON GETs through one client with one retry and cache policy.

    Parameters
    ----------
    client
        The :class:`httpx.Client` to send requests with (inject a
        :class:`httpx.MockTransport` client in tests).
    cache
        On-disk response cache; ``None`` disables it.
    timeout
        Seconds per request (connect, read, write and pool).
    retries
        How many times a failed request is retried (so ``retries + 1`` attempts).
    backoff
        Base wait in seconds: attempt ``k`` is followed by ``backoff * 2**k``.
    refresh
        Ignore cached bodies (new answers are still written to the cache).
    sleep
        The wait function; ``None`` means :func:`time.sleep`.
    """

    client: httpx.Client
    cache: ResponseCache | None = None
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    refresh: bool = False
    sleep: Callable[[float], None] | None = field(default=None, repr=False)

    def get_json(
        self, url: str, params: Mapping[str, str | int] | None = None
    ) -> tuple[Any, bytes]:
        """GET ``url`` (with ``params``) and parse the JSON answer.

        Returns
        -------
        tuple
            The parsed document and the raw body (for provenance hashes).

        Raises
        ------
        HTTPStatusError
            On a 4xx answer other than 429 (not retried).
        SourceError
            When the body is not JSON, or the request still fails after the retries.
        """
        full = _full_url(url, params)
        if self.cache is not None and not self.refresh:
            body = self.cache.get(full)
            if body is not None:
                try:
                    return json.loads(body), body
                except ValueError:
                    self.cache.drop(full)  # corrupt entry: download again
        body = self._download(full)
        try:
            document = json.loads(body)
        except ValueError:
            snippet = body[:80].decode("utf-8", "replace").strip()
            raise SourceError(
                f"{full} did not answer with JSON (starts with {snippet!r}); the service may "
                "be down or the URL wrong: check base_url and try again later"
            ) from None
        if self.cache is not None:
            self.cache.put(full, body)
        return document, body

    def _download(self, url: str) -> bytes:
        attempts = max(self.retries, 0) + 1
        problem = "no answer"
        for attempt in range(attempts):
            wait = self.backoff * 2**attempt
            try:
                response = self.client.get(url, timeout=self.timeout)
            except httpx.TimeoutException:
                problem = f"timed out after {self.timeout:g} s"
            except httpx.UnsupportedProtocol:
                raise SourceError(f"{url}: not an http(s) URL; check base_url") from None
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__}: {exc})"
            except httpx.HTTPError as exc:
                raise SourceError(f"{url}: request failed ({exc})") from None
            else:
                status = response.status_code
                if 200 <= status < 300:
                    return response.content
                if status == 429 or status >= 500:
                    problem = f"HTTP {status} {response.reason_phrase}".rstrip()
                    wait = _retry_after(response) or wait
                else:
                    raise HTTPStatusError(
                        f"{url}: HTTP {status} {response.reason_phrase}".rstrip(),
                        url=url,
                        status_code=status,
                    )
            if attempt + 1 < attempts:
                (self.sleep or time.sleep)(wait)
        raise SourceError(
            f"{url}: {problem} (tried {attempts} times); check the internet connection, "
            "or try again later with a larger timeout or more retries"
        )
