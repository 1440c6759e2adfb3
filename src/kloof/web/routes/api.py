"""JSON API ``/api/v1``: regions, indicators, values, areas, profiles and map layers.

Every answer carries an ``ETag`` (the store's fingerprint and the URL) and
``Cache-Control``; lists are paged (``limit``, ``offset``, ``total``); errors are
``{"error": {"status", "message"}}``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from kloof import catalogue as _catalogue
from kloof import regions as _regions
from kloof.errors import SpecError
from kloof.report.profile import make_profile
from kloof.report.targets import AREA_SETS, UnknownTargetError
from kloof.web.context import cache_of, cached_json, etag_for, lang_of, not_modified
from kloof.web.layers import DRILL_LEVELS, MAP_LEVELS, layer_geojson, layer_options
from kloof.web.tables import check_gemeente, compare_table, resolve_year, to_csv, to_xlsx

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["data"])

Level = Literal["land", "gemeente", "wijk", "buurt"]
MapLevel = Literal["gemeente", "wijk", "buurt"]
Lang = Literal["nl", "en"]
YearQ = Annotated[int | None, Query(ge=1900, le=2100, description="Year (default: latest).")]
LimitQ = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
OffsetQ = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
GemeenteQ = Annotated[
    str | None, Query(pattern=r"^[Gg][Mm][0-9]{4}$", description="Only this gemeente (GM0363).")
]
WijkQ = Annotated[
    str | None,
    Query(pattern=r"^[Ww][Kk][0-9]{6}$", description="Only the buurten of this wijk (WK059910)."),
]
LangQ = Annotated[Lang | None, Query(description="Language of labels (nl, en).")]
TextQ = Annotated[str | None, Query(max_length=100, description="Name or code contains.")]


def _page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/status", summary="What the store holds")
def status(request: Request) -> Response:
    """Per year and level: regions, indicators, values, missing values, geometries."""
    cache = cache_of(request)
    return cached_json(request, lambda: {"status": cache.status().to_dict(orient="records")})


@router.get("/regions", summary="Regions, paged")
def regions(
    request: Request,
    level: Level = "gemeente",
    year: YearQ = None,
    gemeente: GemeenteQ = None,
    q: TextQ = None,
    limit: LimitQ = 100,
    offset: OffsetQ = 0,
) -> Response:
    """Regions of one level and year (default: latest year with data), by code."""
    cache = cache_of(request)
    year = resolve_year(cache, level, year)

    def compute() -> dict[str, Any]:
        table = cache.regions(year, level)[["code", "name", "level", "year", "parent_gm"]]
        if gemeente:
            table = table[table["parent_gm"] == gemeente.upper()]
        if q:
            needle = q.strip().casefold()
            hit = table["name"].fillna("").str.casefold().str.contains(needle, regex=False)
            table = table[hit | table["code"].str.casefold().str.contains(needle, regex=False)]
        rows = table.iloc[offset : offset + limit].astype(object).where(table.notna(), None)
        return _page(rows.to_dict(orient="records"), len(table), limit, offset)

    return cached_json(request, compute)


@router.get("/regions/{code}", summary="One region with all its values")
def region(request: Request, code: str, year: YearQ = None, lang: LangQ = None) -> Response:
    """All values of one region (one year, or every year), labelled from the catalogue."""
    cache = cache_of(request)
    parsed = _regions.parse(code)
    names = cache.names()
    if parsed.code not in names.index and parsed.code not in set(cache.regions()["code"]):
        raise UnknownTargetError(f"region {parsed.code} is not in the store")
    language = lang or lang_of(request)
    cat = _catalogue.load()

    def compute() -> dict[str, Any]:
        obs = cache.observations(parsed.code, year)
        values = [
            {
                "year": int(r.year),
                "indicator": r.indicator,
                "label": cat[r.indicator].text(language) if r.indicator in cat else r.indicator,
                "unit": cat[r.indicator].unit if r.indicator in cat else "",
                "value": r.value,
                "source": r.source_id,
            }
            for r in obs.itertuples()
        ]
        return {
            "code": parsed.code,
            "name": names.get(parsed.code),
            "level": parsed.level,
            "values": values,
        }

    return cached_json(request, compute, extra=language)


@router.get("/indicators", summary="The indicator catalogue")
def indicators(request: Request, domain: TextQ = None, lang: LangQ = None) -> Response:
    """Every catalogue indicator: id, label, unit, domain, direction, kind, sensitive."""
    language = lang or lang_of(request)

    def compute() -> dict[str, Any]:
        table = _catalogue.load().table(language)
        if domain:
            table = table[table["domain"] == domain]
        return {"items": table.to_dict(orient="records"), "total": len(table)}

    return cached_json(request, compute, extra=language)


@router.get("/indicators/{indicator}", summary="One indicator")
def indicator(request: Request, indicator: str, lang: LangQ = None) -> Response:
    """One catalogue entry (labels in both languages, source names)."""
    entry = _catalogue.load()[indicator]
    return cached_json(request, lambda: entry.model_dump(mode="json"))


@router.get("/values", summary="A region × indicator table (JSON, CSV or XLSX)")
def values(
    request: Request,
    level: Level = "gemeente",
    year: YearQ = None,
    indicator: Annotated[list[str] | None, Query(max_length=30)] = None,
    gemeente: GemeenteQ = None,
    q: TextQ = None,
    sort: Annotated[str | None, Query(max_length=60)] = None,
    order: Literal["asc", "desc"] = "asc",
    format: Literal["json", "csv", "xlsx"] = "json",
    limit: LimitQ = 100,
    offset: OffsetQ = 0,
    lang: LangQ = None,
) -> Response:
    """The Vergelijken table: filter by gemeente and name, sort, page; ``format=csv|xlsx``
    downloads every matching row (no paging)."""
    cache = cache_of(request)
    year = resolve_year(cache, level, year)
    language = lang or lang_of(request)
    table = compare_table(
        cache,
        level,
        year,
        indicators=indicator or (),
        gemeente=gemeente,
        q=q,
        sort=sort,
        descending=order == "desc",
        language=language,
    )
    if format != "json":
        name = f"kloof-{level}-{year}.{format}"
        body = (
            to_csv(table, language)
            if format == "csv"
            else _xlsx(cache, table, level, year, language)
        )
        media = (
            "text/csv; charset=utf-8"
            if format == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        return Response(
            body,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    def compute() -> dict[str, Any]:
        rows = table.iloc[offset : offset + limit]
        out = _page(
            rows.astype(object).where(rows.notna(), None).to_dict(orient="records"),
            len(table),
            limit,
            offset,
        )
        out.update({"level": level, "year": year})
        return out

    return cached_json(request, compute, extra=language)


def _xlsx(cache: Any, table: Any, level: str, year: int, language: str = "nl") -> bytes:
    """The Vergelijken table as a workbook: the table, its indicators, its provenance."""
    from kloof.store.export import provenance

    words = ("Year", "Level") if language == "en" else ("Jaar", "Niveau")
    about = provenance(cache, year, language, **dict(zip(words, (year, level), strict=True)))
    return to_xlsx(
        table,
        f"{level} {year}",
        language=language,
        indicators=[c for c in table.columns if c in _catalogue.load()],
        about=about,
    )


@router.get("/areas", summary="Named areas (NPLV, Dicht de kloof)")
def areas(request: Request, set: Literal["nplv", "dichtdekloof"] | None = None) -> Response:
    """The built-in area sets with their areas and member codes."""
    from kloof.monitor.areas import builtin

    def compute() -> dict[str, Any]:
        out = []
        for name in [set] if set else list(AREA_SETS):
            area_set = builtin(name)
            out.append(
                {
                    "set": name,
                    "title": area_set.title,
                    "version": area_set.version,
                    "areas": [
                        {**a.to_dict(), "key": f"{name}:{a.id}", "known": a.known} for a in area_set
                    ],
                }
            )
        return {"sets": out}

    return cached_json(request, compute)


@router.get("/profiles/{target}", summary="The profile of a region or area")
def profile(request: Request, target: str, year: YearQ = None, lang: LangQ = None) -> Response:
    """Indicators against NL, gemeente and peers, flags, index, explanation, members.

    ``target`` is a CBS code (``WK059910``), an area (``nplv:rotterdam-zuid``) or a name.
    """
    cache = cache_of(request)
    language = lang or lang_of(request)
    result = make_profile(cache, target, year=year, language=language)
    return cached_json(request, result.to_dict, extra=language)


@router.get("/layers/{level}", summary="What the map can be coloured by")
def layers(request: Request, level: MapLevel, year: YearQ = None, lang: LangQ = None) -> Response:
    """Layer keys and labels at ``level`` (index, gap, class, domains, indicators)."""
    cache = cache_of(request)
    year = resolve_year(cache, level, year)
    language = lang or lang_of(request)
    return cached_json(
        request,
        lambda: {
            "level": level,
            "year": year,
            "layers": [o.__dict__ for o in layer_options(cache, level, year, language)],
        },
        extra=language,
    )


@router.get(
    "/map/{level}",
    summary="A map layer as GeoJSON (WGS84)",
    responses={200: {"content": {"application/geo+json": {}}}},
)
def map_layer(
    request: Request,
    level: MapLevel,
    layer: Annotated[str, Query(max_length=80)] = "indicator:bijstand_per_1000",
    year: YearQ = None,
    gemeente: GemeenteQ = None,
    wijk: WijkQ = None,
    lang: LangQ = None,
) -> Response:
    """Regions of ``level`` (only of ``gemeente`` if given) with ``value``, ``class`` and
    ``colour`` per feature and the legend under ``kloof``; gzip-compressed when the client
    accepts it. Buurten are served per gemeente or per wijk (``wijk``), where the store
    holds buurt boundaries."""
    if level not in (*MAP_LEVELS, *DRILL_LEVELS):  # pragma: no cover - Literal guards it
        raise SpecError(f"no map at level {level}")
    cache = cache_of(request)
    year = resolve_year(cache, level, year)
    language = lang or lang_of(request)
    gm = check_gemeente(cache, year, gemeente, language) if gemeente else None
    wk = wijk.upper() if wijk else None
    body, _ = layer_geojson(cache, level, layer, year=year, language=language, gemeente=gm, wijk=wk)
    etag = etag_for(request, language)
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300", "Vary": "Accept-Encoding"}
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(body, media_type="application/geo+json", headers=headers)
    import gzip

    return Response(gzip.decompress(body), media_type="application/geo+json", headers=headers)
