"""Region shapes for maps: boundaries from the store, web layers and small SVG maps.

Boundaries and data need not share a year: the real data has KWB values for 2023 and
wijk boundaries for 2024. :func:`boundary_year` picks the boundary year closest to the
data year, and :func:`join_report` counts the codes that do not match (new or changed
codes), which maps and profiles show next to the legend. Codes are re-issued yearly, so
this code join is an approximation that the page states.

Where the store has no gemeente boundaries, :func:`region_shapes` dissolves the wijk
boundaries of the same year by their gemeente (wijken tile their gemeente).

Web layers are simplified (:func:`shapely.simplify`, Douglas-Peucker with topology
preserved, tolerance in metres in RD New), transformed to WGS84 (EPSG:4326, longitude
first) as MapLibre and GeoJSON (RFC 7946) expect, and rounded to 5 decimals (about 1 m)
by :func:`web_precision`. Plain rounding of each coordinate can make a simplified polygon
invalid (a thin part collapses into a self-intersection or a ring of too few points:
3 of the 342 gemeenten and 8 of the 3,475 wijken of 2023/2024); snap rounding
(:func:`shapely.set_precision`) keeps every polygon valid, and
:func:`shapely.make_valid` (polygon parts kept) is the last guard.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kloof.app.geometry import boundary_year, region_shapes
from kloof.report.charts import MISSING_COLOUR, classify

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "JoinReport",
    "boundary_year",
    "geojson_layer",
    "join_report",
    "region_shapes",
    "svg_map",
    "to_web",
    "web_precision",
]

#: Simplification tolerance (metres, RD New) of web layers per level.
TOLERANCE: dict[str, float] = {"gemeente": 100.0, "wijk": 25.0, "buurt": 10.0}
#: Decimals of web layer coordinates (degrees): 5, about 1 m.
DECIMALS = 5


@dataclass(frozen=True)
class JoinReport:
    """How boundaries of ``boundary_year`` matched data of ``data_year`` by code."""

    data_year: int
    boundary_year: int | None
    matched: int
    shapes_without_data: tuple[str, ...]
    data_without_shape: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form for JSON."""
        return {
            "data_year": self.data_year,
            "boundary_year": self.boundary_year,
            "matched": self.matched,
            "shapes_without_data": len(self.shapes_without_data),
            "data_without_shape": len(self.data_without_shape),
        }


def to_web(gdf: gpd.GeoDataFrame, level: str) -> gpd.GeoDataFrame:
    """Simplify (per :data:`TOLERANCE`), transform to WGS84 and round to 5 decimals.

    Every polygon stays valid (:func:`web_precision`).
    """
    import shapely

    out = gdf.copy()
    tol = TOLERANCE.get(level, 25.0)
    out["geometry"] = shapely.simplify(out.geometry.values, tol, preserve_topology=True)
    out = out.to_crs(4326)
    out["geometry"] = web_precision(np.asarray(out.geometry.values, dtype=object))
    return out


def web_precision(geoms: np.ndarray, decimals: int = DECIMALS) -> np.ndarray:
    """Round polygons to ``decimals`` and keep them valid and non-empty.

    Snap rounding (:func:`shapely.set_precision`) puts every vertex on the grid and
    removes parts that collapse; the coordinates are then written as exact decimals
    (``np.round``: the same grid point, shorter JSON). A geometry still invalid after
    that is repaired by :func:`shapely.make_valid`, keeping only its polygon parts; one
    that would vanish (smaller than the grid) keeps its unrounded shape.

    Parameters
    ----------
    geoms
        Valid polygonal geometries (object array; ``None`` allowed).
    decimals
        Decimals of the coordinates.

    Returns
    -------
    numpy.ndarray
        The rounded geometries, in the same order.
    """
    import shapely

    snapped = shapely.set_precision(geoms, 10.0**-decimals)
    out = shapely.transform(snapped, lambda c: np.round(c, decimals))
    present = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    bad = present & ~shapely.is_valid(out)
    if bad.any():
        out[bad] = [_polygonal(g) for g in shapely.make_valid(out[bad])]
    lost = present & shapely.is_empty(out)
    out[lost] = geoms[lost]
    return np.asarray(out, dtype=object)


def _polygonal(geom: Any) -> Any:
    """The polygon parts of ``geom`` (drops lines and points ``make_valid`` may leave)."""
    import shapely

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [
        poly
        for part in shapely.get_parts(geom)
        for poly in shapely.get_parts(part)
        if poly.geom_type == "Polygon" and not poly.is_empty
    ]
    if not polys:
        return shapely.Polygon()
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def join_report(
    shape_codes: Iterable[str], data: pd.Series, *, data_year: int, boundary_year: int | None
) -> JoinReport:
    """Count matches between boundary codes and codes with a value in ``data``."""
    shapes = set(shape_codes)
    with_data = set(data.dropna().index)
    return JoinReport(
        data_year=data_year,
        boundary_year=boundary_year,
        matched=len(shapes & with_data),
        shapes_without_data=tuple(sorted(shapes - with_data)),
        data_without_shape=tuple(sorted(with_data - shapes)),
    )


def geojson_layer(
    shapes: gpd.GeoDataFrame,
    values: pd.Series,
    breaks: Sequence[float],
    colours: Sequence[str],
    *,
    meta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with ``code, name, value, class, colour`` per feature.

    ``shapes`` must be in WGS84 (see :func:`to_web`); ``values`` is indexed by code.
    """
    import shapely

    vals = shapes["code"].map(values).astype("float64").to_numpy()
    classes = classify(vals, breaks)
    geoms = shapely.to_geojson(shapes.geometry.values)
    features = []
    for code, name, value, cls, geom in zip(
        shapes["code"], shapes["name"], vals, classes, geoms, strict=True
    ):
        features.append(
            {
                "type": "Feature",
                "id": str(code),
                "properties": {
                    "code": str(code),
                    "name": None if name is None or name is pd.NA else str(name),
                    "value": None if not np.isfinite(value) else round(float(value), 4),
                    "class": int(cls),
                    "colour": colours[min(int(cls), len(colours) - 1)]
                    if cls >= 0
                    else MISSING_COLOUR,
                },
                "geometry": json.loads(geom),
            }
        )
    out: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if meta:
        out["kloof"] = meta
    return out


def svg_map(
    shapes: gpd.GeoDataFrame,
    highlight: Iterable[str],
    *,
    title: str,
    width: int = 420,
    height: int = 360,
    labels: dict[str, str] | None = None,
) -> str:
    """A small static map (inline SVG) of ``shapes`` with ``highlight`` codes filled.

    ``shapes`` in a projected CRS (RD New); the y axis is flipped for SVG.
    """
    import shapely

    if not len(shapes):
        return ""
    marked = set(highlight)
    minx, miny, maxx, maxy = shapes.total_bounds
    span = max(maxx - minx, maxy - miny) or 1.0
    scale = min(width / (maxx - minx or span), height / (maxy - miny or span)) * 0.96
    ox = (width - (maxx - minx) * scale) / 2
    oy = (height - (maxy - miny) * scale) / 2

    def path(geom: Any) -> str:
        geom = shapely.simplify(geom, 1.0 / scale, preserve_topology=True)
        parts: list[str] = []
        polys = getattr(geom, "geoms", [geom])
        for poly in polys:
            if poly.geom_type != "Polygon":
                continue
            for ring in [poly.exterior, *poly.interiors]:
                xy = np.asarray(ring.coords)
                if len(xy) < 3:
                    continue
                px = ox + (xy[:, 0] - minx) * scale
                py = height - (oy + (xy[:, 1] - miny) * scale)
                pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))
                parts.append(f"M{pts}Z")
        return " ".join(parts)

    esc = html.escape
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{esc(title)}" '
        f'class="kloof-map"><title>{esc(title)}</title>'
    ]
    for code, geom in zip(shapes["code"], shapes.geometry, strict=True):
        fill = "#01689b" if code in marked else "#e6e6e6"
        name = (labels or {}).get(code, code)
        out.append(
            f'<path d="{path(geom)}" fill="{fill}" stroke="#555" stroke-width="0.6" '
            f'fill-rule="evenodd"><title>{esc(str(name))}</title></path>'
        )
    out.append("</svg>")
    return "".join(out)
