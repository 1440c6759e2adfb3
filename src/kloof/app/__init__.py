"""The application layer: every question a face of kloof asks, answered once.

The command line, the reports and the dashboard ask the same questions ("the index of
the wijken in the default year", "the profile of nplv:rotterdam-zuid", "which boundary
year goes with 2023"). This package answers each in one place, between the pure
analysis packages and the faces:

* :mod:`kloof.app.cache`: :class:`FrameCache`, the read-through cache over a store
  (per-key locks; results keyed by what determines them) and its fingerprint;
* :mod:`kloof.app.years`: data years, index years and the default year (one rule);
* :mod:`kloof.app.geometry`: the boundary year for a data year, region shapes;
* :mod:`kloof.app.indexing`: index inputs, cached index results and intervals;
* :mod:`kloof.app.provenance`: the data provenance (store, imports, level, years) a
  face gives the results it computes;
* :mod:`kloof.app.targets`, :mod:`kloof.app.areas`: named areas (``nplv:…``) as
  regions of their own, their combined values.

Examples
--------
>>> from kloof.store import open_store
>>> from kloof import app
>>> session = app.FrameCache(open_store(":memory:"))
>>> app.years.data_years(session, "wijk")
[]
"""

from __future__ import annotations

from kloof.app import geometry, indexing, years
from kloof.app.cache import FrameCache

__all__ = ["FrameCache", "geometry", "indexing", "years"]
