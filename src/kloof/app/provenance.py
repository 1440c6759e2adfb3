"""Data provenance of a result built from the store: where its numbers came from.

The analysis functions take a ``provenance=`` mapping (as :func:`kloof.index.build` and
:func:`kloof.allocation.allocate` do) and keep it on their result, next to the spec,
parameters and seed that recompute it. The faces fill that mapping here, from the store
they read, so that every face states it the same way.

Examples
--------
>>> from kloof.store import open_store
>>> store = open_store(":memory:")
>>> store_provenance(store, level="wijk", years=[2024, 2023])["years"]
'2023, 2024'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kloof.app.cache import FrameCache

__all__ = ["SOURCE", "store_provenance"]

#: Where the store's numbers come from.
SOURCE = "CBS Kerncijfers Wijken en Buurten via the kloof store (Bron: CBS)"


def store_provenance(
    store: Any, *, level: str | None = None, years: Iterable[int] = (), **extra: object
) -> dict[str, str]:
    """The provenance of a result computed from ``store``.

    Parameters
    ----------
    store
        A :class:`kloof.store.Store` or a :class:`kloof.app.FrameCache` over one.
    level
        Region level of the data used.
    years
        Data years used.
    extra
        More entries (e.g. ``indicator``), written as strings.

    Returns
    -------
    dict
        ``store`` (its path), ``imports`` (the fingerprint of its imports, as
        :meth:`kloof.app.FrameCache.version`), ``level``, ``years`` (ascending,
        comma-separated), ``source`` and the ``extra`` entries.
    """
    session = store if isinstance(store, FrameCache) else FrameCache(store)
    out = {"store": str(getattr(session.store, "path", "") or ""), "imports": session.version()}
    if level is not None:
        out["level"] = level
    ordered = sorted({int(y) for y in years})
    if ordered:
        out["years"] = ", ".join(str(y) for y in ordered)
    out["source"] = SOURCE
    out.update({key: str(value) for key, value in extra.items()})
    return out
