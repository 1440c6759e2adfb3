"""Hot spots and focus areas on the dashboard (:mod:`kloof.spatial`).

Page ``/brandpunten`` and API ``/api/v1/spatial/hotspots/{level}``: local Moran's I
(LISA) or Getis-Ord Gi* of a map layer (default: the index) on a queen-contiguity graph
of the boundaries, 9 999 conditional permutations, fixed seed, FDR-corrected (see
:func:`kloof.spatial.local_moran`). Clusters are named in words for the layer's direction
(:mod:`kloof.report.hotspot_words`): for the index (higher = better) an *LL* cluster is a
"kwetsbaar cluster", a group of low-scoring, vulnerable wijken next to each other.

Page ``/focusgebieden`` and API ``/api/v1/spatial/focus/{level}``: candidate focus
areas (:func:`kloof.spatial.focus.detect`): neighbouring regions whose index lies in the
worst share of the country, grouped when they touch, kept when the group has at least
the minimum number of residents; compared with a named area set (the NPLV areas by
default, :func:`kloof.spatial.focus.compare`) by regions and residents.
"""

from __future__ import annotations

import gzip
import json
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kloof.errors import SpecError
from kloof.report.focus_data import focus_candidates, neighbour_graph
from kloof.report.frames import FrameCache
from kloof.report.hotspot_words import meaning, words
from kloof.report.maps import boundary_year, geojson_layer, to_web
from kloof.web.context import cache_of, cached_json, etag_for, lang_of, not_modified, page
from kloof.web.layers import layer_data, layer_options
from kloof.web.tables import resolve_year

__all__ = ["COLOURS", "PAGES", "router"]

router = APIRouter(tags=["spatial"])
#: Dashboard pages of this capability (shown in the main menu).
PAGES: list[dict[str, str]] = [
    {"path": "/brandpunten", "nav": "hotspots", "nl": "Brandpunten", "en": "Hot spots"},
    {"path": "/focusgebieden", "nav": "focus", "nl": "Focusgebieden", "en": "Focus areas"},
]
#: Hot-spot meanings in legend order, with their colour (red = vulnerable, blue = strong,
#: whatever the layer's direction; see :mod:`kloof.report.hotspot_words`).
COLOURS: dict[str, str] = {
    "vulnerable_cluster": "#b2182b",
    "vulnerable_spot": "#b2182b",
    "vulnerable_outlier": "#f4a582",
    "strong_outlier": "#92c5de",
    "strong_cluster": "#2166ac",
    "strong_spot": "#2166ac",
    "ns": "#f0f0f0",
}
Method = Literal["lisa", "gi_star"]
Level = Literal["gemeente", "wijk"]
AreaSetName = Literal["nplv", "dichtdekloof"]
MinResidents = Annotated[float, Query(ge=0, le=10_000_000, description="Minimum residents.")]
Share = Annotated[
    float, Query(gt=0, le=0.5, description="Worst share of regions (0.1 = worst decile).")
]


def _direction(cache: FrameCache, level: str, year: int, layer: str) -> str:
    return layer_data(cache, level, year, layer, "nl").layer.direction


def _meanings(result: Any, direction: str) -> pd.Series:
    """Per region code: the meaning of its label (vulnerable/strong cluster, ...)."""
    labels = result.regions.set_index("code")["label"].fillna("ns")
    return labels.map(lambda lab: meaning(str(lab), direction))


def hotspots(cache: FrameCache, level: str, year: int, layer: str, method: str) -> Any:
    """The cached hot-spot result of ``layer`` at ``level`` (and the graph's boundary year)."""
    from kloof import spatial

    def compute() -> Any:
        geo_year = boundary_year(cache, level, year)
        if geo_year is None:
            raise SpecError(f"the store has no {level} boundaries for a neighbour graph")
        graph = neighbour_graph(cache, level, geo_year)
        values = layer_data(cache, level, year, layer, "nl").values.dropna()
        spec = spatial.HotspotSpec(method=method, seed=0)  # type: ignore[arg-type]
        run = spatial.local_moran if method == "lisa" else spatial.getis_ord
        return run(values, graph, spec), geo_year

    return cache.cached(("hotspots", level, year, layer, method), compute)


def _geojson(cache: FrameCache, level: str, year: int, layer: str, method: str) -> bytes:
    def compute() -> bytes:
        result, geo_year = hotspots(cache, level, year, layer, method)
        shapes = cache.cached(
            ("web-shapes", level, geo_year), lambda: to_web(cache.shapes(level, geo_year), level)
        )
        keys = list(COLOURS)
        meanings = _meanings(result, _direction(cache, level, year, layer))
        codes = meanings.map(lambda m: float(keys.index(m)) if m in keys else float("nan"))
        breaks = [k + 0.5 for k in range(len(keys) - 1)]
        colours = [COLOURS[k] for k in keys]
        layer_json = geojson_layer(shapes, codes, breaks, colours, meta={"labels": keys})
        labels = result.regions.set_index("code")["label"]
        for feature in layer_json["features"]:
            code = feature["properties"]["code"]
            feature["properties"]["label"] = labels.get(code, "")
            feature["properties"]["meaning"] = key = meanings.get(code, "")
            feature["properties"]["words_nl"] = words(key, "nl") if key else ""
            feature["properties"]["words_en"] = words(key, "en") if key else ""
        raw = json.dumps(layer_json, separators=(",", ":"), ensure_ascii=False).encode()
        return gzip.compress(raw, 6, mtime=0)

    return cache.cached(("hotspot-geojson", level, year, layer, method), compute)


def _p_value(p: float, language: str) -> str:
    """A p-value or cut-off as people read it: two significant digits, never ``0,00``."""
    import math

    if not math.isfinite(p) or p <= 0:
        return "0"
    digits = max(2, 1 - math.floor(math.log10(p)))
    text = f"{p:.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if language != "en" else text


def _p_relation(p: float, language: str) -> str:
    """``= 0,012`` or ``< 0,001`` for a pseudo p-value."""
    return f"< {_p_value(0.001, language)}" if p < 0.001 else f"= {_p_value(p, language)}"


def _tables(
    result: Any, names: pd.Series, gemeente_names: pd.Series, language: str, direction: str
) -> dict[str, Any]:
    regions = result.regions.copy()
    meanings = _meanings(result, direction)
    regions["meaning"] = regions["code"].map(meanings).fillna("ns")
    regions["words"] = regions["meaning"].map(lambda m: words(m, language))
    counts = regions["meaning"].value_counts()
    legend = [
        {"label": k, "colour": c, "text": words(k, language), "count": int(counts.get(k, 0))}
        for k, c in COLOURS.items()
        if counts.get(k, 0) or k == "ns"
    ]
    clusters = result.clusters.copy()
    clusters["words"] = clusters["label"].map(
        lambda lab: words(meaning(str(lab), direction), language)
    )
    clusters["gemeenten"] = clusters["gemeenten"].map(
        lambda gms: ", ".join(str(gemeente_names.get(g, g)) for g in list(gms))
    )
    clusters["names"] = clusters["codes"].map(
        lambda codes: ", ".join(str(names.get(c, c)) for c in list(codes)[:6])
    )
    significant = regions[regions["significant"].fillna(False).astype(bool)].copy()
    significant["name"] = significant["code"].map(names)
    return {
        "legend": legend,
        "clusters": clusters,
        "significant": significant,
        "mean_value": float(result.regions["value"].mean()),
    }


@router.get("/brandpunten", response_class=HTMLResponse, include_in_schema=False)
def brandpunten(
    request: Request,
    level: Level = "wijk",
    layer: Annotated[str, Query(max_length=80)] = "index",
    method: Method = "lisa",
) -> Response:
    """Hot-spot map and tables: clusters of similar values and their members."""
    cache = cache_of(request)
    lang = lang_of(request)
    year = resolve_year(cache, level, None)
    options = layer_options(cache, level, year, lang)
    result, geo_year = hotspots(cache, level, year, layer, method)
    chosen = next((o for o in options if o.key == layer), options[0])
    tables = _tables(result, cache.names(), cache.names("gemeente"), lang, chosen.direction)
    return page(
        request,
        "hotspots.html",
        nav="hotspots",
        level=level,
        year=year,
        geo_year=geo_year,
        options=options,
        layer=chosen,
        method=method,
        moran=result.global_moran,
        cutoff=result.cutoff,
        cutoff_text=_p_value(result.cutoff, lang),
        p_text=lambda p: _p_relation(p, lang),
        geojson_url=f"/api/v1/spatial/hotspots/{level}/map?layer={layer}&method={method}",
        **tables,
    )


@router.get("/api/v1/spatial/hotspots/{level}", summary="Hot spots of a layer (LISA or Gi*)")
def hotspots_api(
    request: Request,
    level: Level,
    layer: Annotated[str, Query(max_length=80)] = "index",
    method: Method = "lisa",
) -> Response:
    """Per region: value, statistic, pseudo p, significance and label; the clusters and
    the global Moran's I."""
    cache = cache_of(request)
    year = resolve_year(cache, level, None)
    result, geo_year = hotspots(cache, level, year, layer, method)

    direction = _direction(cache, level, year, layer)

    def compute() -> dict[str, Any]:
        meanings = _meanings(result, direction)
        frame = result.regions.assign(meaning=result.regions["code"].map(meanings))
        regions = frame.astype(object).where(frame.notna(), None)
        clusters = result.clusters.assign(codes=result.clusters["codes"].map(list))
        return {
            "level": level,
            "year": year,
            "boundary_year": geo_year,
            "layer": layer,
            "method": method,
            "cutoff": result.cutoff,
            "global_moran": result.global_moran.__dict__,
            "regions": regions.to_dict(orient="records"),
            "clusters": clusters.astype(object).to_dict(orient="records"),
            "log": list(result.log),
        }

    return cached_json(request, compute)


@router.get(
    "/api/v1/spatial/hotspots/{level}/map",
    summary="Hot spots as a GeoJSON map layer",
    responses={200: {"content": {"application/geo+json": {}}}},
)
def hotspots_map(
    request: Request,
    level: Level,
    layer: Annotated[str, Query(max_length=80)] = "index",
    method: Method = "lisa",
) -> Response:
    """The regions with ``label`` and ``colour`` per hot-spot class (gzip)."""
    cache = cache_of(request)
    year = resolve_year(cache, level, None)
    body = _geojson(cache, level, year, layer, method)
    etag = etag_for(request)
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300", "Vary": "Accept-Encoding"}
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(body, media_type="application/geo+json", headers=headers)
    return Response(gzip.decompress(body), media_type="application/geo+json", headers=headers)


# ----------------------------------------------------------------------- focus areas
def _focus_tables(found: dict[str, Any], names: pd.Series) -> dict[str, Any]:
    result, cmp = found["result"], found["comparison"]
    table = result.table()
    table["names"] = table["members"].map(
        lambda text: (
            ", ".join(str(names.get(c, c)) for c in text.split(";")[:6])
            + (" …" if text.count(";") >= 6 else "")
        )
    )
    table["gemeente_names"] = table["gemeenten"].map(
        lambda text: ", ".join(str(names.get(c, c)) for c in text.split(";") if c)
    )
    cands = cmp.candidates.set_index("id") if len(cmp.candidates) else None
    table["official"] = [
        "" if cands is None or c not in cands.index else cands.loc[c, "areas"] for c in table["id"]
    ]
    areas = cmp.areas
    return {
        "candidates": table,
        "areas": areas,
        "missed": areas[areas["status"] == "missed"] if len(areas) else areas,
        "not_official": cmp.candidates[cmp.candidates["status"] == "not official"],
        "summary": cmp.summary,
        "notes": cmp.notes,
        "log": result.log,
    }


@router.get("/focusgebieden", response_class=HTMLResponse, include_in_schema=False)
def focusgebieden(
    request: Request,
    level: Level = "wijk",
    min_residents: MinResidents = 20_000,
    share: Share = 0.10,
    areas: AreaSetName = "nplv",
) -> Response:
    """Candidate focus areas by the user's criteria, against the NPLV areas."""
    cache = cache_of(request)
    found = focus_candidates(cache, level, min_residents, share, areas)
    return page(
        request,
        "focus.html",
        nav="focus",
        level=level,
        min_residents=min_residents,
        share=share,
        area_set=areas,
        year=found["year"],
        geo_year=found["boundary_year"],
        api_url=f"/api/v1/spatial/focus/{level}?min_residents={min_residents:g}"
        f"&share={share:g}&areas={areas}",
        **_focus_tables(found, cache.names()),
    )


@router.get("/api/v1/spatial/focus/{level}", summary="Candidate focus areas against an area set")
def focus_api(
    request: Request,
    level: Level,
    min_residents: MinResidents = 20_000,
    share: Share = 0.10,
    areas: AreaSetName = "nplv",
) -> Response:
    """Candidates (members, residents, mean index, gap), per region whether it qualifies,
    and the comparison with ``areas`` (overlap, Jaccard, missed areas, non-official
    candidates)."""
    cache = cache_of(request)
    found = focus_candidates(cache, level, min_residents, share, areas)
    result, cmp = found["result"], found["comparison"]

    def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
        return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")

    def compute() -> dict[str, Any]:
        table = result.table()
        table["members"] = table["members"].str.split(";")
        table["gemeenten"] = table["gemeenten"].map(lambda t: [g for g in t.split(";") if g])
        return {
            "level": level,
            "year": found["year"],
            "boundary_year": found["boundary_year"],
            "criteria": {
                "severity": "index",
                "share": share,
                "min_residents": min_residents,
                "areas": areas,
            },
            "candidates": records(table),
            "comparison": {
                "areas": records(cmp.areas),
                "candidates": records(cmp.candidates),
                "summary": cmp.summary,
                "notes": list(cmp.notes),
            },
            "log": list(result.log),
        }

    return cached_json(request, compute)
