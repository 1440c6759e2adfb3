"""Region shapes for maps: boundaries from the store, web layers and small SVG maps.

Boundaries and data need not share a year: the real data has KWB values for 2023 and
wijk boundaries for 2024. :func:`boundary_year` picks the boundary year closest to the
data year, and :func:`join_report` counts the codes that do not match (new or changed
codes), which maps and profiles show next to the legend. Codes are re-issued yearly, so
this code join is an approximation that the page states.

Where the store has no gemeente boundaries, :func:`region_shapes` dissolves the wijk
boundaries of the same year by their gemeente (wijken tile their gemeente).

Web layers are simplified (:func:`shapely.simplify`, Douglas-Peucker with topology
preserved, tolerance in metres in RD New), transformed to WGS84 (EPSG:4326) as
MapLibre and GeoJSON (RFC 7946) expect, and rounded to 5 decimals (about 1 m).
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
]

#: Simplification tolerance (metres, RD New) of web layers per level.
TOLERANCE: dict[str, float] = {"gemeente": 100.0, "wijk": 25.0, "buurt": 10.0}


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
    """Simplify (per :data:`TOLERANCE`), transform to WGS84 and round to 5 decimals."""
    import shapely

    out = gdf.copy()
    tol = TOLERANCE.get(level, 25.0)
    out["geometry"] = shapely.simplify(out.geometry.values, tol, preserve_topology=True)
    out = out.to_crs(4326)
    out["geometry"] = shapely.transform(out.geometry.values, lambda c: np.round(c, 5))
    return out


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
