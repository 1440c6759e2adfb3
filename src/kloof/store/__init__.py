"""The kloof store: one DuckDB file with regions, observations, geometries and provenance.

Only this package talks SQL. Open it with :func:`open_store` (or :class:`Store`).
:class:`IngestReport` is loaded on first use (PEP 562): it lives with the import checks,
which need pandas, and reading a store does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kloof.store.store import Store, open_store

if TYPE_CHECKING:
    from kloof.store.ingest import IngestReport

__all__ = ["IngestReport", "Store", "open_store"]


def __getattr__(name: str) -> Any:
    if name != "IngestReport":  # a programming error, not a message for users
        raise AttributeError(name)
    from kloof.store.ingest import IngestReport

    return IngestReport
