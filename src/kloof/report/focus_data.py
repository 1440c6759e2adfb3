"""Focus-area candidates for the dashboard, composed from a store's cache.

:func:`focus_candidates` scores the level with the composite index
(:func:`kloof.app.indexing.index_result`), builds the queen-contiguity graph of the
boundaries (:func:`neighbour_graph`) and runs :func:`kloof.spatial.focus.detect` and
:func:`~kloof.spatial.focus.compare`. The index and the graph are cached per level and
year; detection itself runs per call (well under a second on all wijken), so the
criteria a user types never fill the cache.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kloof.errors import SpecError
from kloof.report import indexing
from kloof.report.frames import FrameCache
from kloof.report.maps import boundary_year

__all__ = ["focus_candidates", "neighbour_graph"]


def neighbour_graph(cache: FrameCache, level: str, geo_year: int) -> Any:
    """The queen-contiguity graph of the ``level`` boundaries of ``geo_year`` (cached)."""
    from kloof import spatial

    return cache.cached(
        ("graph", level, geo_year), lambda: spatial.build(cache.shapes(level, geo_year))
    )


def _scored(cache: FrameCache, level: str) -> tuple[int, pd.DataFrame, int]:
    """Latest year with an index, its frame with the ``index`` column, boundary year."""

    def compute() -> tuple[int, pd.DataFrame, int]:
        year = indexing.default_year(cache, level)
        if not indexing.index_ok(cache, level, year):
            raise SpecError(f"the store has no {level} index to select focus areas by")
        frame = cache.frame(year, level).copy()
        frame["index"] = indexing.index_result(cache, level, year).scores["index"]
        geo_year = boundary_year(cache, level, year)
        if geo_year is None:
            raise SpecError(f"the store has no {level} boundaries for a neighbour graph")
        return year, frame, geo_year

    return cache.cached(("focus-input", level), compute)


def focus_candidates(
    cache: FrameCache, level: str, min_residents: float, share: float, areas: str
) -> dict[str, Any]:
    """Candidate focus areas of the index at ``level`` and their comparison with ``areas``.

    Severity: the index (higher = better) in the worst ``share`` of regions of the
    latest year with an index; size: at least ``min_residents`` residents. Returns
    ``year, boundary_year, result`` (:class:`~kloof.spatial.focus.FocusResult`) and
    ``comparison`` (:class:`~kloof.spatial.focus.Comparison`).
    """
    from kloof.monitor.areas import builtin
    from kloof.spatial.focus import FocusSpec, Severity, compare, detect

    year, frame, geo_year = _scored(cache, level)
    spec = FocusSpec(
        severity=(Severity("index", "higher_is_better", share=share),),
        min_residents=min_residents,
    )
    result = detect({year: frame}, neighbour_graph(cache, level, geo_year), spec)
    comparison = compare(result, builtin(areas), frame["inhabitants"])
    return {"year": year, "boundary_year": geo_year, "result": result, "comparison": comparison}
