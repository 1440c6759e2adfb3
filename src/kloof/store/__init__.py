"""The kloof store: one DuckDB file with regions, observations, geometries and provenance.

Only this package talks SQL. Open it with :func:`open_store` (or :class:`Store`).
"""

from __future__ import annotations

from kloof.store.store import IngestReport, Store, open_store

__all__ = ["IngestReport", "Store", "open_store"]
