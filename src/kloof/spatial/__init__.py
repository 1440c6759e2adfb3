"""Spatial analysis: neighbour graphs, hot spots, focus areas, segregation, the gap.

Pure functions over frames and :class:`~kloof.spatial.graph.NeighbourGraph` objects,
wrapping the PySAL reference implementations (libpysal, esda, segregation,
inequality), which are imported only when a function needs them. Results are
frozen dataclasses that carry their parameters and seed.

Modules: :mod:`~kloof.spatial.graph`, :mod:`~kloof.spatial.hotspots`,
:mod:`~kloof.spatial.focus` (with :mod:`~kloof.spatial.focus_loss`, where a comparison
with official areas loses), :mod:`~kloof.spatial.segregation`,
:mod:`~kloof.spatial.inequality`.

The package namespace re-exports the main entry points; submodule names (``hotspots``,
``focus``, ...) always refer to the modules.
"""

from __future__ import annotations

from kloof.spatial.focus import FocusResult, FocusSpec, Severity, compare, detect
from kloof.spatial.graph import GraphSpec, NeighbourGraph, attach_values, build
from kloof.spatial.hotspots import (
    HotspotResult,
    HotspotSpec,
    getis_ord,
    global_moran,
    local_moran,
)
from kloof.spatial.inequality import GapResult, national_gap
from kloof.spatial.segregation import SegregationResult, SegregationSpec
from kloof.spatial.segregation import table as segregation_table

__all__ = [
    "FocusResult",
    "FocusSpec",
    "GapResult",
    "GraphSpec",
    "HotspotResult",
    "HotspotSpec",
    "NeighbourGraph",
    "SegregationResult",
    "SegregationSpec",
    "Severity",
    "attach_values",
    "build",
    "compare",
    "detect",
    "getis_ord",
    "global_moran",
    "local_moran",
    "national_gap",
    "segregation_table",
]
