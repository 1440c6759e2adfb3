"""A read-through cache over a store: what every face of kloof reads through.

The store answers each question with SQL; a report batch or a web server asks the same
questions many times (the wijk frame of 2023 for every profile). :class:`FrameCache`
asks once per process and hands out the same frames, so a profile is computed from
memory. It is thread-safe and the frames it returns are shared: never modify them.

Locking: every cached value has a lock of its own, so a slow computation (the first
hot-spot analysis, 30 s) blocks only the requests that need *that* value, never the
others; store reads take one store lock (a DuckDB connection must not be used by two
threads at once), always inside a value's lock and never the other way round, so the
locks cannot deadlock.

Examples
--------
>>> from kloof.store import open_store
>>> cache = FrameCache(open_store(":memory:"))
>>> cache.status().empty
True
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import pandas as pd

from kloof.errors import PreparingError

if TYPE_CHECKING:
    import geopandas as gpd

    from kloof.store import Store

__all__ = ["FrameCache", "StoreLike"]

T = TypeVar("T")


class StoreLike(Protocol):
    """The read part of :class:`kloof.store.Store` (a :class:`FrameCache` has it too)."""

    def frame(self, year: int, level: str) -> pd.DataFrame: ...  # pragma: no cover

    def regions(
        self, year: int | None = None, level: str | None = None
    ) -> pd.DataFrame: ...  # pragma: no cover

    def status(self) -> pd.DataFrame: ...  # pragma: no cover

    def years(self, level: str | None = None) -> list[int]: ...  # pragma: no cover

    def indicators(
        self, year: int | None = None, level: str | None = None
    ) -> list[str]: ...  # pragma: no cover


class FrameCache:
    """Cached, thread-safe reads of a :class:`kloof.store.Store`.

    Parameters
    ----------
    store
        An open store; the cache assumes its content does not change while in use
        (open it read-only).
    wait
        Seconds a caller waits for a value another thread is computing before
        :class:`~kloof.errors.PreparingError` is raised (``None``: wait as long as it
        takes, as the command line does; the dashboard answers "being prepared").
    max_entries
        Values kept at most; beyond it the least recently used is dropped (and computed
        again when asked), so a server that shows every area of the country does not
        grow without bound.
    """

    def __init__(self, store: Store, *, wait: float | None = None, max_entries: int = 4096) -> None:
        self.store = store
        self.wait = wait
        self.max_entries = max_entries
        self._lock = threading.RLock()  # the store (DuckDB connection)
        self._guard = threading.Lock()  # the dictionaries below
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._key_locks: dict[Hashable, threading.RLock] = {}

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value stored under ``key``, computed once.

        Concurrent callers of the same key wait for the first one's result (at most
        :attr:`wait` seconds, then :class:`~kloof.errors.PreparingError`); callers of
        other keys are not blocked.
        """
        with self._guard:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[no-any-return]
            lock = self._key_locks.setdefault(key, threading.RLock())
        if not lock.acquire(timeout=-1 if self.wait is None else self.wait):
            what = key[0] if isinstance(key, tuple) and key else key
            raise PreparingError(f"{what} is being prepared; ask again in a moment")
        try:
            with self._guard:
                if key in self._cache:
                    return self._cache[key]  # type: ignore[no-any-return]
            value = compute()
            with self._guard:
                self._cache[key] = value
                self._key_locks.pop(key, None)
                while len(self._cache) > self.max_entries:
                    self._cache.popitem(last=False)
            return value
        finally:
            lock.release()

    def read(self, call: Callable[[], T]) -> T:
        """Run ``call`` (which reads :attr:`store`) under the store lock."""
        with self._lock:
            return call()

    # -- the Store API, cached -------------------------------------------------------
    def frame(
        self, year: int, level: str, indicators: list[str] | tuple[str, ...] | None = None
    ) -> pd.DataFrame:
        """:meth:`kloof.store.Store.frame` (all indicators, cached; a column subset on demand)."""
        full = self.cached(
            ("frame", int(year), level), lambda: self.read(lambda: self.store.frame(year, level))
        )
        return full if indicators is None else full.reindex(columns=list(indicators))

    def regions(self, year: int | None = None, level: str | None = None) -> pd.DataFrame:
        """:meth:`kloof.store.Store.regions`, cached."""
        return self.cached(
            ("regions", year, level), lambda: self.read(lambda: self.store.regions(year, level))
        )

    def years(self, level: str | None = None) -> list[int]:
        """:meth:`kloof.store.Store.years`, cached."""
        return self.cached(("years", level), lambda: self.read(lambda: self.store.years(level)))

    def indicators(self, year: int | None = None, level: str | None = None) -> list[str]:
        """:meth:`kloof.store.Store.indicators`, cached."""
        return self.cached(
            ("indicators", year, level),
            lambda: self.read(lambda: self.store.indicators(year, level)),
        )

    def status(self) -> pd.DataFrame:
        """:meth:`kloof.store.Store.status`, cached."""
        return self.cached(("status",), lambda: self.read(self.store.status))

    def geometry_years(self) -> pd.DataFrame:
        """:meth:`kloof.store.Store.geometry_years`, cached."""
        return self.cached(("geometry_years",), lambda: self.read(self.store.geometry_years))

    def sources(self) -> pd.DataFrame:
        """:meth:`kloof.store.Store.sources`, cached."""
        return self.cached(("sources",), lambda: self.read(self.store.sources))

    def geoframe(
        self, year: int, level: str, indicators: list[str] | None = None
    ) -> gpd.GeoDataFrame:
        """:meth:`kloof.store.Store.geoframe` (not cached: shapes are, see :meth:`shapes`)."""
        with self._lock:
            return self.store.geoframe(year, level, indicators)

    def observations(self, code: str, year: int | None = None) -> pd.DataFrame:
        """:meth:`kloof.store.Store.observations` (not cached)."""
        with self._lock:
            return self.store.observations(code, year)

    # -- derived, cached ---------------------------------------------------------------
    def data_years(self, level: str) -> list[int]:
        """:func:`kloof.app.years.data_years` of this store."""
        from kloof.app.years import data_years

        return data_years(self, level)

    def names(self, level: str | None = None) -> pd.Series:
        """Latest known name per code (all years), indexed by code."""

        def compute() -> pd.Series:
            regs = self.regions(level=level).dropna(subset=["name"])
            regs = regs.sort_values("year").drop_duplicates("code", keep="last")
            return regs.set_index("code")["name"].astype(str)

        return self.cached(("names", level), compute)

    def shapes(self, level: str, year: int) -> gpd.GeoDataFrame:
        """:func:`kloof.app.geometry.region_shapes` (EPSG:28992), cached."""
        from kloof.app.geometry import region_shapes

        return self.cached(("shapes", level, year), lambda: region_shapes(self, level, year))

    def version(self) -> str:
        """A short fingerprint of the store content (its import provenance) for ETags."""

        def compute() -> str:
            ids = ",".join(sorted(self.sources()["source_id"].astype(str)))
            return hashlib.sha256(ids.encode()).hexdigest()[:16]

        return self.cached(("version",), compute)
