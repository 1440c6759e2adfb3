"""Map layers of the dashboard: what a map can be coloured by, and the GeoJSON of a layer.

A *layer* is a string:

* ``indicator:<id>``: a catalogue indicator (non-sensitive rates and means);
* ``index``, ``gap``, ``class``: the composite index (NL = 100), its gap to NL and its
  nine classes (when :mod:`kloof.index` is installed, gemeente and wijk level);
* ``domain:<id>``: a domain score of the index.

:func:`layer_values` returns the values by code; :func:`layer_geojson` the gzip-compressed
GeoJSON (WGS84, simplified) of a level, optionally only the wijken or buurten of one
gemeente (or the buurten of one wijk), cached per process.

Buurten are drawn only within a drill-down (a gemeente or a wijk: the national buurt
layer holds some 14,000 polygons) and only where the store holds buurt boundaries: the
shared data has none, a user imports the CBS *wijk- en buurtkaart* (docs/web.md).
:func:`drill_shapes_available` tells the map page whether it can draw them.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof.errors import SpecError
from kloof.report import indexing
from kloof.report.charts import legend_entries, palette_for, quantile_breaks
from kloof.report.frames import FrameCache
from kloof.report.i18n import texts
from kloof.report.maps import boundary_year, geojson_layer, join_report, to_web
from kloof.report.profile import profile_indicators

__all__ = [
    "DRILL_LEVELS",
    "MAP_LEVELS",
    "Layer",
    "LayerData",
    "drill_shapes_available",
    "layer_data",
    "layer_geojson",
    "layer_options",
]

#: Levels the national map shows.
MAP_LEVELS: tuple[str, ...] = ("gemeente", "wijk")
#: Levels a gemeente drill-down shows (buurten only within a gemeente or a wijk).
DRILL_LEVELS: tuple[str, ...] = ("wijk", "buurt")
#: Class colours of the nine index classes (1 = zeer onvoldoende … 9 = uitstekend).
CLASS_COLOURS: tuple[str, ...] = (
    "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7",
    "#d1e5f0", "#92c5de", "#4393c3", "#2166ac",
)  # fmt: skip


@dataclass(frozen=True)
class Layer:
    """A choice in the layer menu."""

    key: str
    label: str
    group: str
    direction: str


@dataclass(frozen=True)
class LayerData:
    """The values of one layer at one level and year, with its classes and legend."""

    layer: Layer
    level: str
    year: int
    values: pd.Series
    breaks: tuple[float, ...]
    colours: tuple[str, ...]
    legend: list[dict[str, Any]]


def layer_options(cache: FrameCache, level: str, year: int, language: str) -> list[Layer]:
    """Layers available at ``level`` in ``year``: index layers first, then indicators."""
    t = texts(language)
    cat = _catalogue.load()
    out: list[Layer] = []
    if indexing.index_ok(cache, level, year):
        result = indexing.index_result(cache, level, year)
        out.append(Layer("index", t["index"], t["index"], "higher_is_better"))
        out.append(Layer("gap", t["gap"], t["index"], "higher_is_better"))
        out.append(Layer("class", t["class"], t["index"], "higher_is_better"))
        for dom in result.spec.domains:
            name = (dom.label_en if language == "en" else dom.label) or dom.label or dom.id
            out.append(Layer(f"domain:{dom.id}", name, t["domain"], "higher_is_better"))
    frame = cache.frame(year, level)
    for ind in profile_indicators(cat, frame.columns):
        entry = cat[ind]
        out.append(Layer(f"indicator:{ind}", entry.text(language), t["indicator"], entry.direction))
    return out


def _find(options: list[Layer], key: str) -> Layer:
    for opt in options:
        if opt.key == key:
            return opt
    raise SpecError(f"unknown map layer {key!r}; choose one of {', '.join(o.key for o in options)}")


def layer_data(cache: FrameCache, level: str, year: int, key: str, language: str) -> LayerData:
    """Values, classes and legend of layer ``key``.

    Raises
    ------
    SpecError
        If the layer does not exist at this level.
    """

    def compute() -> LayerData:
        layer = _find(layer_options(cache, level, year, language), key)
        if key.startswith("indicator:"):
            values = cache.frame(year, level)[key.split(":", 1)[1]]
        else:
            scores = indexing.index_result(cache, level, year).scores
            column = key.split(":", 1)[1] if key.startswith("domain:") else key
            values = scores[column].astype("float64")
        values = values.astype("float64")
        if key == "class":
            breaks = tuple(float(b) + 0.5 for b in range(1, 9))
            colours = CLASS_COLOURS
            legend = _class_legend(values, language)
        else:
            breaks = quantile_breaks(values, 5)
            colours = palette_for(layer.direction, len(breaks) + 1)
            legend = legend_entries(breaks, colours, values, language)
        return LayerData(layer, level, year, values, breaks, colours, legend)

    return cache.cached(("layer", level, year, key, language), compute)


def _class_legend(values: pd.Series, language: str) -> list[dict[str, Any]]:
    from kloof.index import class_labels

    labels = class_labels(language)
    arr = values.to_numpy(dtype="float64")
    return [
        {
            "colour": CLASS_COLOURS[k - 1],
            "label": f"{k} {labels[k]}",
            "lower": k,
            "upper": k,
            "count": int(np.sum(arr == k)),
        }
        for k in range(1, 10)
    ]


def _web_shapes(cache: FrameCache, level: str, geo_year: int) -> Any:
    """The simplified WGS84 shapes of ``level`` in ``geo_year`` (cached per process)."""
    return cache.cached(
        ("web-shapes", level, geo_year), lambda: to_web(cache.shapes(level, geo_year), level)
    )


def _within(shapes: Any, gemeente: str | None, wijk: str | None) -> Any:
    """The shapes of one gemeente (by parent) and/or of one wijk (buurt codes by prefix)."""
    if gemeente:
        shapes = shapes[shapes["parent_gm"] == gemeente]
    if wijk:
        # a buurt code BUggggwwbb carries its wijk's digits WKggggww
        shapes = shapes[shapes["code"].astype(str).str[2:8] == wijk[2:8]]
    return shapes


def drill_shapes_available(
    cache: FrameCache, level: str, year: int, gemeente: str, wijk: str | None = None
) -> bool:
    """Whether the store has shapes of ``level`` within ``gemeente`` (and ``wijk``) for
    data of ``year``: buurt boundaries may be imported for some gemeenten only."""
    geo_year = boundary_year(cache, level, year)
    if geo_year is None:
        return False
    codes = _within(cache.shapes(level, geo_year), gemeente, wijk)["code"]
    return bool(len(codes))


def layer_geojson(
    cache: FrameCache,
    level: str,
    key: str,
    *,
    year: int,
    language: str,
    gemeente: str | None = None,
    wijk: str | None = None,
) -> tuple[bytes, dict[str, Any]]:
    """The gzip-compressed GeoJSON of a layer and its metadata (legend, join report).

    ``gemeente`` restricts a wijk or buurt layer to the regions of one gemeente
    (drill-down), ``wijk`` a buurt layer to the buurten of one wijk.

    Raises
    ------
    SpecError
        Without boundaries of ``level``, for a buurt layer of the whole country (no
        ``gemeente`` or ``wijk``) and for ``wijk`` at another level than buurt.
    """
    if level == "buurt" and not (gemeente or wijk):
        raise SpecError(
            "the buurt map is drawn per gemeente or wijk; pass gemeente= or wijk= "
            "(the whole country holds some 14,000 buurten)"
        )
    if wijk and level != "buurt":
        raise SpecError("wijk= restricts a buurt map; use level buurt")

    def compute() -> tuple[bytes, dict[str, Any]]:
        data = layer_data(cache, level, year, key, language)
        geo_year = boundary_year(cache, level, year)
        if geo_year is None:
            raise SpecError(f"the store has no {level} boundaries; import a boundary file")
        shapes = _within(_web_shapes(cache, level, geo_year), gemeente, wijk)
        report = join_report(shapes["code"], data.values, data_year=year, boundary_year=geo_year)
        meta = {
            "layer": data.layer.key,
            "label": data.layer.label,
            "level": level,
            "year": year,
            "gemeente": gemeente,
            **({"wijk": wijk} if wijk else {}),
            "legend": data.legend,
            "join": report.to_dict(),
        }
        collection = geojson_layer(shapes, data.values, data.breaks, data.colours, meta=meta)
        raw = json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode()
        return gzip.compress(raw, compresslevel=6, mtime=0), meta

    return cache.cached(("geojson", level, key, year, language, gemeente, wijk), compute)
