"""Static choropleth maps (PNG/SVG) and GeoPackage/GeoJSON layers for QGIS.

:func:`choropleth` draws any result column on region polygons with matplotlib:

* numbers are classed with :mod:`mapclassify` (``quantiles`` by default; any scheme in
  :data:`SCHEMES`), coloured light → dark with dark = more vulnerable
  (:func:`kloof.report.charts.palette_for`) and labelled in Dutch
  (``1.234,5 – 2.345,6``, with the number of regions per class);
* categories (hot-spot quadrants, Gi* hot/cold, focus-area ids) use
  :data:`CATEGORY_STYLES` with Dutch legend text;
* regions without a value are grey and counted as *geen gegevens*;
* outlines (gemeenten, NPLV areas) are drawn on top as lines with their own legend
  entry.

Figures are built with :class:`matplotlib.figure.Figure` (no pyplot, no global
state), so maps can be drawn from several threads and in tests.
:func:`export_layers` writes one or more layers for QGIS: a GeoPackage keeps RD New
(EPSG:28992), GeoJSON is written in WGS84 as RFC 7946 requires.

Reference: Brewer, C.A. et al. (2003) ColorBrewer in print. *Cartography and
Geographic Information Science* 30(1). Rey, S.J. et al. (2023) mapclassify.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kloof.errors import SpecError
from kloof.report.charts import MISSING_COLOUR, format_number, palette_for

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.figure import Figure

__all__ = ["CATEGORY_STYLES", "SCHEMES", "choropleth", "class_breaks", "export_layers", "save"]

#: Class-break schemes: our name → mapclassify classifier.
SCHEMES: dict[str, str] = {
    "quantiles": "Quantiles",
    "equal_interval": "EqualInterval",
    "natural_breaks": "NaturalBreaks",
    "fisher_jenks": "FisherJenks",
    "std_mean": "StdMean",
    "head_tail": "HeadTailBreaks",
}

#: Category → (colour, Dutch legend text). GeoDa's LISA colours.
CATEGORY_STYLES: dict[str, tuple[str, str]] = {
    "HH": ("#d7191c", "hoog-hoog (hot spot)"),
    "HL": ("#fdae61", "hoog-laag (uitschieter)"),
    "LH": ("#abd9e9", "laag-hoog (uitschieter)"),
    "LL": ("#2c7bb6", "laag-laag (cold spot)"),
    "hot": ("#d7191c", "hot spot (Gi*)"),
    "cold": ("#2c7bb6", "cold spot (Gi*)"),
    "ns": ("#f2f2f2", "niet significant"),
}
_FOCUS_COLOURS = ("#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf")


def class_breaks(values: pd.Series, scheme: str = "quantiles", k: int = 5) -> tuple[float, ...]:
    """Upper bounds of the classes (mapclassify ``bins``) of the non-missing values."""
    import mapclassify

    if scheme not in SCHEMES:
        raise SpecError(f"class scheme {scheme!r} unknown; choose from {list(SCHEMES)}")
    finite = values.astype(float).dropna().to_numpy()
    if finite.size == 0:
        return ()
    k = max(1, min(k, len(np.unique(finite))))
    cls = getattr(mapclassify, SCHEMES[scheme])
    kwargs: dict[str, Any] = {} if scheme in ("std_mean", "head_tail") else {"k": k}
    bins = np.unique(np.asarray(cls(finite, **kwargs).bins, dtype=float))
    return tuple(float(b) for b in bins)


def choropleth(
    gdf: gpd.GeoDataFrame,
    column: str,
    *,
    title: str | None = None,
    legend_title: str | None = None,
    scheme: str = "quantiles",
    k: int = 5,
    direction: str = "higher_is_worse",
    categorical: bool | None = None,
    outlines: gpd.GeoDataFrame | None = None,
    outline_label: str = "gebiedsgrens",
    language: str = "nl",
    figsize: tuple[float, float] = (7.5, 8.5),
) -> Figure:
    """A choropleth of ``column`` with a Dutch legend.

    Parameters
    ----------
    gdf
        Regions with geometry (EPSG:28992) and ``column``.
    column
        Values (classed) or categories (quadrants, focus ids).
    title, legend_title
        Texts above the map and the legend.
    scheme, k
        Class breaks (see :data:`SCHEMES`) for numeric columns.
    direction
        ``higher_is_worse``, ``higher_is_better`` or ``neutral``: colour order.
    categorical
        Force categorical (default: non-numeric columns are categorical).
    outlines
        Polygons drawn as outlines on top (gemeenten, official areas).
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    if column not in gdf.columns:
        raise SpecError(f"column {column!r} is not in the map data")
    data = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    values = data[column]
    is_cat = (
        not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype)
        if categorical is None
        else categorical
    )
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    missing = values.isna() | (values.astype(str) == "") if is_cat else values.isna()
    colours = pd.Series(MISSING_COLOUR, index=data.index, dtype=object)
    handles: list[Any] = []
    if is_cat:
        cats = [c for c in dict.fromkeys(values[~missing].astype(str)) if c]
        cats.sort(key=lambda c: (list(CATEGORY_STYLES).index(c) if c in CATEGORY_STYLES else 99, c))
        for j, cat in enumerate(cats):
            colour, text = CATEGORY_STYLES.get(cat, (_FOCUS_COLOURS[j % len(_FOCUS_COLOURS)], cat))
            mask = ~missing & (values.astype(str) == cat)
            colours[mask] = colour
            handles.append(
                Patch(facecolor=colour, edgecolor="#666666", label=f"{text} ({int(mask.sum())})")
            )
    else:
        bins = class_breaks(values, scheme, k)
        palette = palette_for(direction, max(len(bins), 1))
        cls = np.searchsorted(np.asarray(bins), values.astype(float).to_numpy(), side="left")
        lower = float(values.min()) if values.notna().any() else float("nan")
        for j, upper in enumerate(bins):
            mask = ~missing & (cls == j)
            colours[mask] = palette[min(j, len(palette) - 1)]
            a = format_number(lower if j == 0 else bins[j - 1], language)
            label = f"{a} – {format_number(upper, language)} ({int(mask.sum())})"
            handles.append(
                Patch(facecolor=palette[min(j, len(palette) - 1)], edgecolor="#666666", label=label)
            )
    if bool(missing.any()):
        text = "geen gegevens" if language == "nl" else "no data"
        handles.append(
            Patch(
                facecolor=MISSING_COLOUR,
                edgecolor="#666666",
                label=f"{text} ({int(missing.sum())})",
            )
        )
    data.plot(ax=ax, color=colours.to_numpy(), edgecolor="#ffffff", linewidth=0.15)
    if outlines is not None and len(outlines):
        outlines.to_crs(data.crs).boundary.plot(ax=ax, color="#000000", linewidth=0.8)
        from matplotlib.lines import Line2D

        handles.append(Line2D([0], [0], color="#000000", linewidth=1.2, label=outline_label))
    ax.legend(
        handles=handles,
        title=legend_title or column,
        loc="upper left",
        fontsize="small",
        title_fontsize="small",
        frameon=True,
    )
    if title:
        ax.set_title(title)
    fig.text(
        0.01, 0.005, "Bron: CBS (CC BY 4.0); bewerking kloof", fontsize="x-small", color="#555555"
    )
    return fig


def save(fig: Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Write a figure as PNG or SVG (by suffix)."""
    out = Path(path)
    if out.suffix.lower() not in (".png", ".svg"):
        raise SpecError(f"map files are .png or .svg, not {out.suffix!r}")
    fig.savefig(out, dpi=dpi, format=out.suffix.lower().lstrip("."))
    return out


def export_layers(layers: Mapping[str, gpd.GeoDataFrame], path: str | Path) -> Path:
    """Write layers for QGIS: several into one ``.gpkg`` (RD New) or one ``.geojson``.

    Tuple- and list-valued cells (cluster members) are joined with ``;`` so every
    GIS can read them.
    """
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in (".gpkg", ".geojson", ".json"):
        raise SpecError(f"layers are written as .gpkg or .geojson, not {suffix!r}")
    if suffix != ".gpkg" and len(layers) != 1:
        raise SpecError("a GeoJSON file holds one layer; use .gpkg for several")
    if out.exists():
        out.unlink()
    for name, layer in layers.items():
        frame = layer.copy()
        for col in frame.columns:
            if col != frame.geometry.name and frame[col].dtype == object:
                frame[col] = frame[col].map(
                    lambda v: ";".join(map(str, v)) if isinstance(v, tuple | list) else v
                )
        if suffix == ".gpkg":
            frame.to_file(out, layer=name, driver="GPKG")
        else:
            frame.to_crs("EPSG:4326").to_file(out, driver="GeoJSON")
    return out
