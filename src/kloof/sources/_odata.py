"""The HTTP session of one CBS OData v3 table download, shared by every fetcher.

:func:`open_session` builds the :class:`~kloof.sources._http.Http` layer (timeouts,
retries with backoff, on-disk cache) from one :class:`HttpOptions` (the single place of
those settings and their defaults) around a given or new ``httpx`` client, yields a
:class:`Session` for one table, and closes the client afterwards if it made it. A
:class:`Session` reads OData answers (``{"value": [...]}``), follows ``odata.nextLink``
on the same host and ``$skip`` pages (:data:`PAGE_SIZE` records at most per answer on
the v3 ``ODataApi``), and keeps the SHA-256 of every body read for provenance. Used by
:mod:`kloof.sources.cbs_odata` (any regional table, the KWB), :mod:`kloof.sources.cpi`
(83131NED) and :mod:`kloof.sources.police` (47018NED).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from kloof.errors import SourceError
from kloof.sources._http import Http, HTTPStatusError, ResponseCache, default_client

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_HTTP",
    "PAGE_SIZE",
    "HttpOptions",
    "Progress",
    "Session",
    "open_session",
]

#: The CBS OData v3 API (the bulk variant is ``https://opendata.cbs.nl/ODataFeed/odata``).
DEFAULT_BASE_URL = "https://opendata.cbs.nl/ODataApi/odata"
#: Largest number of records the v3 ``ODataApi`` returns in one answer.
PAGE_SIZE = 10_000

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class HttpOptions:
    """How a fetcher talks to the server: made once (by the CLI, a test) and passed down.

    Parameters
    ----------
    client
        HTTP client to use (tests inject one with :class:`httpx.MockTransport`); by
        default :func:`open_session` makes a new one and closes it afterwards.
    cache_dir
        Folder of the on-disk response cache; ``None`` disables it. A fetch whose
        answers are all cached makes no request.
    timeout
        Seconds per request.
    retries
        Retries after timeouts, connection errors, 429 and 5xx.
    backoff
        Base wait in seconds (attempt ``k`` waits ``backoff * 2**k`` s).
    refresh
        Ignore the cache (answers are still written to it).

    Examples
    --------
    >>> HttpOptions(retries=1).timeout
    30.0
    """

    client: httpx.Client | None = None
    cache_dir: Path | None = None
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    refresh: bool = False


#: The options a fetcher uses when it is given none.
DEFAULT_HTTP = HttpOptions()


@contextmanager
def open_session(
    table_id: str, *, base_url: str = DEFAULT_BASE_URL, http: HttpOptions = DEFAULT_HTTP
) -> Iterator[Session]:
    """A :class:`Session` for ``table_id``; a client made here is closed on leaving.

    Parameters
    ----------
    table_id
        The table, e.g. ``85984NED``.
    base_url
        Service root (:data:`DEFAULT_BASE_URL`, or the third-party service of the police).
    http
        Client, cache, timeout, retries, backoff and refresh (:class:`HttpOptions`).

    Yields
    ------
    Session
        Requests under ``{base_url}/{table_id}``.
    """
    client = http.client or default_client(http.timeout)
    layer = Http(
        client,
        cache=ResponseCache(Path(http.cache_dir)) if http.cache_dir is not None else None,
        timeout=http.timeout,
        retries=http.retries,
        backoff=http.backoff,
        refresh=http.refresh,
    )
    try:
        yield Session(layer, table_id, base_url)
    finally:
        if http.client is None:
            client.close()


class Session:
    """The requests of one table download, with the hash of every body read."""

    def __init__(self, http: Http, table_id: str, base_url: str) -> None:
        self.http = http
        self.table_id = table_id
        self.root = f"{base_url.rstrip('/')}/{table_id}"
        self.digest = hashlib.sha256()

    def get(self, url: str, params: dict[str, str | int] | None = None) -> dict[str, Any]:
        try:
            document, body = self.http.get_json(url, params)
        except HTTPStatusError as exc:
            if exc.status_code == 404:
                raise SourceError(
                    f"CBS has no table {self.table_id!r} at {self.root} (HTTP 404). Check "
                    "the table id on https://opendata.cbs.nl/statline (KWB 2024 is 85984NED, "
                    "2023 is 85618NED) or pass the right base URL (KLOOF_ODATA_URL)"
                ) from None
            raise
        self.digest.update(body)
        value = document.get("value") if isinstance(document, dict) else None
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            raise SourceError(
                f"{_full(url, params)}: unexpected answer (no 'value' list); is the base "
                "URL an OData v3 service such as https://opendata.cbs.nl/ODataApi/odata?"
            )
        assert isinstance(document, dict)
        return document

    def get_all(
        self,
        name: str,
        page_size: int,
        progress: Progress | None = None,
        params: dict[str, str] | None = None,
    ) -> list[dict[str, Any]]:
        """All records of endpoint ``name``, following ``odata.nextLink`` and ``$skip``.

        ``params`` adds query options such as ``$filter`` to every page request.
        """
        url = f"{self.root}/{name}"
        rows: list[dict[str, Any]] = []
        skip = 0
        seen_first: set[object] = set()
        while True:
            query: dict[str, str | int] = {"$format": "json", "$top": page_size, "$skip": skip}
            document = self.get(url, {**query, **(params or {})})
            chunk = list(document["value"])
            next_link = document.get("odata.nextLink")
            while isinstance(next_link, str) and _same_host(next_link, url):
                document = self.get(next_link)
                chunk.extend(document["value"])
                next_link = document.get("odata.nextLink")
            if chunk:
                first = _record_id(chunk[0])
                if first is not None and first in seen_first:
                    break  # the server ignored $skip: we already have these records
                seen_first.add(first)
            rows.extend(chunk)
            if progress is not None:
                progress(len(rows), None)
            if len(chunk) != page_size:
                return rows
            skip += page_size
        return rows


def _full(url: str, params: dict[str, str | int] | None) -> str:
    return str(httpx.URL(url).copy_merge_params(params or {}))


def _same_host(link: str, url: str) -> bool:
    try:
        a, b = httpx.URL(link), httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return False
    return a.scheme in ("http", "https") and a.host == b.host


def _record_id(record: object) -> object:
    if isinstance(record, dict):
        return record.get("ID", record.get("Key"))
    return None
