"""Dashboard pages: Kaart, Gebiedsprofiel, Gebieden, Vergelijken, Zoeken, API.

Every page works without JavaScript (forms with GET, tables behind every map and
chart); the map script only adds the interactive map on top.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kloof.errors import RegionCodeError
from kloof.report.charts import recount_legend
from kloof.report.i18n import translate
from kloof.report.maps import boundary_year
from kloof.report.profile import make_profile
from kloof.report.render import html_to_pdf, profile_context, render_html, write_xlsx
from kloof.report.targets import AREA_SETS
from kloof.web.context import cache_of, lang_of, page, state_of
from kloof.web.layers import (
    DRILL_LEVELS,
    MAP_LEVELS,
    drill_shapes_available,
    layer_data,
    layer_geojson,
    layer_options,
)
from kloof.web.tables import check_gemeente, compare_table, resolve_year, to_csv

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 100
GemeenteQ = Annotated[str | None, Query(pattern=r"^[Gg][Mm][0-9]{4}$")]
WijkQ = Annotated[str | None, Query(pattern=r"^[Ww][Kk][0-9]{6}$")]
TextQ = Annotated[str | None, Query(max_length=100)]
YearQ = Annotated[int | None, Query(ge=1900, le=2100)]


def profile_url(target: str) -> str:
    """Path of the profile page of ``target``."""
    return "/gebied/" + quote(target, safe=":")


@router.get("/", response_class=HTMLResponse)
def kaart(
    request: Request,
    level: Literal["gemeente", "wijk", "buurt"] = "gemeente",
    layer: Annotated[str | None, Query(max_length=80)] = None,
    gemeente: GemeenteQ = None,
    wijk: WijkQ = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
    year: YearQ = None,
) -> Response:
    """The national map (gemeenten or wijken) of one year, coloured by a layer, with its table.

    Within a gemeente (``gemeente``) the map shows its wijken or its buurten (``level``),
    within a wijk (``wijk``) its buurten. Buurten are drawn where the store holds buurt
    boundaries; elsewhere the page says how to import them and shows the table.
    """
    cache = cache_of(request)
    lang = lang_of(request)
    wk = wijk.upper() if wijk else None
    gm = gemeente.upper() if gemeente else ("GM" + wk[2:6] if wk else None)
    if wk:
        level = "buurt"
    elif gm:
        level = level if level in DRILL_LEVELS else "wijk"
    elif level not in MAP_LEVELS:
        level = "wijk"  # buurten only within a gemeente: the country holds some 14,000
    years = map_years(cache, level, gm)
    year = resolve_year(cache, level, year)
    if gm:
        gm = check_gemeente(cache, year, gm, lang)
    if wk:
        wk = _check_wijk(cache, year, wk, gm, lang)
    options = layer_options(cache, level, year, lang)
    key = layer or options[0].key
    if layer and layer not in {o.key for o in options} and years:
        key = options[0].key  # the layer is not there in this year: show the first one
    data = layer_data(cache, level, year, key, lang)
    meta = None  # no boundaries: the page shows the table and says how to get the map
    if (
        drill_shapes_available(cache, level, year, gm, wk)
        if level == "buurt" and gm
        else boundary_year(cache, level, year) is not None
    ):
        _, meta = layer_geojson(cache, level, key, year=year, language=lang, gemeente=gm, wijk=wk)
    names = cache.names()
    values = data.values
    if gm:
        parents = cache.regions(year, level).set_index("code")["parent_gm"]
        values = values[values.index.map(parents) == gm]
    if wk:
        values = values[values.index.str[2:8] == wk[2:8]]
    without = int(meta["join"].get("shapes_without_data", 0)) if meta else 0
    legend = recount_legend(
        data.legend, values, data.breaks, extra_missing=without, language=lang, exact=key == "class"
    )
    rows = values.sort_values(ascending=data.layer.direction == "higher_is_better")
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    page_no = min(page_no, pages)
    shown = rows.iloc[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
    where = {**({"gemeente": gm} if gm else {}), **({"wijk": wk} if wk else {})}
    params = {"level": level, "layer": key, "year": year, **where}
    return page(
        request,
        "map.html",
        nav="map",
        level=level,
        year=year,
        options=options,
        layer=data.layer,
        legend=legend,
        join=meta["join"] if meta else None,
        gemeente=gm,
        gemeente_name=names.get(gm, gm) if gm else None,
        wijk=wk,
        wijk_name=names.get(wk, wk) if wk else None,
        rows=[(code, names.get(code, code), v) for code, v in shown.items()],
        page_no=page_no,
        pages=pages,
        geojson_url=None
        if meta is None
        else "/api/v1/map/"
        + level
        + "?"
        + urlencode({"layer": key, "lang": lang, "year": year, **where}),
        params=params,
        profile_url=profile_url,
        tile_url=state_of(request).settings.tile_url,  # a basemap under the map, if set
        levels=MAP_LEVELS,
        drill_levels=[lv for lv in DRILL_LEVELS if lv == level or cache.data_years(lv)],
        buurt_boundaries_missing=level == "buurt" and meta is None,
        years=years,
        layer_missing=layer if key != (layer or key) else None,
    )


def _check_wijk(cache: Any, year: int, code: str, gemeente: str | None, lang: str) -> str:
    """``code`` if the store knows that wijk of ``gemeente`` (404 with a message if not)."""
    wijken = cache.regions(year, "wijk")
    known = wijken.loc[wijken["code"] == code, "parent_gm"]
    if known.empty or (gemeente and known.iloc[0] != gemeente):
        raise RegionCodeError(translate("Unknown district code: {code}", lang).format(code=code))
    return code


def map_years(cache: Any, level: str, gemeente: str | None = None) -> list[int]:
    """Years with data at ``level`` (for a gemeente's wijken: years with any of them)."""
    years = cache.data_years(level)
    if gemeente:
        digits = gemeente[2:]
        years = [y for y in years if (cache.frame(y, level).index.str[2:6] == digits).any()]
    return list(years)


@router.get("/zoeken", response_class=HTMLResponse)
def zoeken(request: Request, q: TextQ = None) -> Response:
    """Find regions by name, common name (Den Haag), code or postcode, and named areas."""
    from kloof.web.finder import find

    result = find(cache_of(request), q or "")
    return page(
        request,
        "search.html",
        nav="map",
        q=q or "",
        hits=result.matches,
        postcode=result.postcode,
        postcode_year=result.postcode_year,
        profile_url=profile_url,
    )


@router.get("/gebieden", response_class=HTMLResponse)
def gebieden(request: Request) -> Response:
    """The named areas: NPLV focus areas and the Dicht de kloof areas."""
    from kloof.monitor.areas import builtin

    sets = [(name, builtin(name)) for name in AREA_SETS]
    return page(request, "areas.html", nav="areas", sets=sets, profile_url=profile_url)


@router.get("/gebied/{target}", response_class=HTMLResponse)
def gebied(
    request: Request, target: str, year: Annotated[int | None, Query(ge=1900, le=2100)] = None
) -> Response:
    """The profile page of a region or named area (of ``year``: default the latest)."""
    from kloof.web.routes.trend import profile_years, trend_chart_url

    cache = cache_of(request)
    lang = lang_of(request)
    profile = make_profile(cache, target, year=year, language=lang)
    context = profile_context(
        cache, profile, link=profile_url, trend_chart=trend_chart_url(profile.target.key, year)
    )
    context.pop("lang", None)
    context.pop("t", None)
    context.pop("fmt", None)
    base = profile_url(profile.target.key)
    chosen = f"?year={year}" if year else ""
    downloads = {fmt: f"{base}/download/{fmt}{chosen}" for fmt in ("csv", "xlsx", "pdf", "html")}
    sections = [
        s
        for s in (f(request, profile.target.key) for f in request.app.state.kloof_profile_sections)
        if s
    ]
    return page(
        request,
        "profile.html",
        nav="areas",
        downloads=downloads,
        sections=sections,
        years=profile_years(cache, profile),
        **context,
    )


def _plan_of(request: Request, profile: Any) -> Any:
    """The public view of the area's plan for the printable profile (``None``: no plan)."""
    for provider in request.app.state.kloof_profile_plans:
        view = provider(request, profile.target.key)
        if view is not None:
            return view
    return None


@router.get("/gebied/{target}/download/{fmt}")
def gebied_download(
    request: Request,
    target: str,
    fmt: Literal["csv", "xlsx", "pdf", "html"],
    year: YearQ = None,
) -> Response:
    """The profile as a file: CSV/XLSX (numbers), PDF or HTML (the printable report)."""
    import tempfile
    from pathlib import Path

    cache = cache_of(request)
    lang = lang_of(request)
    profile = make_profile(cache, target, year=year, language=lang)
    stem = profile.target.key.replace(":", "-")
    headers = {"Content-Disposition": f'attachment; filename="kloof-{stem}.{fmt}"'}
    if fmt == "csv":
        return Response(
            to_csv(profile.to_frame(), lang), media_type="text/csv; charset=utf-8", headers=headers
        )
    with tempfile.TemporaryDirectory(prefix="kloof-web-") as tmp:
        out = Path(tmp) / f"profile.{fmt}"
        if fmt == "xlsx":
            write_xlsx(profile, out)
            media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        elif fmt == "pdf":
            html_to_pdf(render_html(cache, profile, _plan_of(request, profile)), out)
            media = "application/pdf"
        else:
            out.write_text(render_html(cache, profile, _plan_of(request, profile)), "utf-8")
            media = "text/html; charset=utf-8"
        return Response(out.read_bytes(), media_type=media, headers=headers)


@router.get("/vergelijken", response_class=HTMLResponse)
def vergelijken(
    request: Request,
    level: Literal["gemeente", "wijk", "buurt"] = "gemeente",
    indicator: Annotated[list[str] | None, Query(max_length=30)] = None,
    gemeente: GemeenteQ = None,
    q: TextQ = None,
    sort: Annotated[str | None, Query(max_length=60)] = None,
    order: Literal["asc", "desc"] = "asc",
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
    year: YearQ = None,
) -> Response:
    """Sortable, filterable table of regions of one year, with CSV/XLSX downloads of it."""
    from kloof import catalogue as _catalogue
    from kloof.report.profile import profile_indicators

    cache = cache_of(request)
    lang = lang_of(request)
    year = resolve_year(cache, level, year)
    cat = _catalogue.load()
    available = profile_indicators(cat, cache.frame(year, level).columns)
    # indicators of another level (gemeente-only ones after switching to wijk) are left
    # out with a note, so the form and the other choices stay
    allowed = {*available, "inhabitants", "households"}
    indicator = [i for i in indicator or () if i in allowed] or None
    missing = [
        i for i in dict.fromkeys(request.query_params.getlist("indicator")) if i not in allowed
    ]
    if sort in missing:
        sort = None
    table = compare_table(
        cache,
        level,
        year,
        indicators=indicator or (),
        gemeente=gemeente,
        q=q,
        sort=sort,
        descending=order == "desc",
        language=lang,
    )
    pages = max(1, math.ceil(len(table) / PAGE_SIZE))
    page_no = min(page_no, pages)
    shown = table.iloc[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
    params: list[tuple[str, str]] = [("level", level), ("year", str(year)), ("order", order)]
    params += [("indicator", i) for i in indicator or ()]
    params += [(k, v) for k, v in (("gemeente", gemeente), ("q", q), ("sort", sort)) if v]
    gemeenten = cache.regions(year, "gemeente")[["code", "name"]].sort_values("name")
    labels = {i: cat[i].text(lang) for i in table.columns if i in cat}
    return page(
        request,
        "compare.html",
        nav="compare",
        level=level,
        year=year,
        table=shown,
        total=len(table),
        columns=list(table.columns),
        labels=labels,
        available=[(i, cat[i].text(lang)) for i in ["inhabitants", *available]],
        chosen=list(indicator or []),
        unavailable=[cat[i].text(lang) if i in cat else i for i in missing],
        gemeente=gemeente.upper() if gemeente else "",
        gemeenten=list(gemeenten.itertuples(index=False)),
        q=q or "",
        sort=sort or "",
        order=order,
        page_no=page_no,
        pages=pages,
        query=urlencode(params),
        profile_url=profile_url,
        years=cache.data_years(level),
    )


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> Response:
    """A page that points to the OpenAPI document and lists every operation in it."""
    spec = request.app.openapi()
    lang = lang_of(request)
    routes = [
        (path, method.upper(), translate(op.get("summary") or op.get("operationId", ""), lang))
        for path, item in sorted(spec.get("paths", {}).items())
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    return page(request, "api.html", nav="api", routes=routes)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """The site icon for clients that ask for it without reading the page's link."""
    from importlib import resources

    icon = resources.files("kloof.web").joinpath("static", "img", "favicon.svg")
    return Response(
        icon.read_bytes(),
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=86400"},
    )
