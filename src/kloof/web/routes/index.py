"""Index results in the API: ``/api/v1/index/{level}`` and ``/api/v1/index/{level}/{code}``.

Included when :mod:`kloof.index` is installed. The map's index, gap, class and domain
layers and the profile's index section come from the same cached result
(:func:`kloof.app.indexing.index_result`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from kloof import regions as _regions
from kloof.report import indexing
from kloof.report.targets import UnknownTargetError
from kloof.web.context import cache_of, cached_json, lang_of
from kloof.web.tables import resolve_year

__all__ = ["PAGES", "router"]

router = APIRouter(prefix="/api/v1/index", tags=["index"])
#: Dashboard pages of this capability (the index is shown on the map and in profiles).
PAGES: list[dict[str, str]] = []

IndexLevel = Literal["gemeente", "wijk"]


@router.get("/{level}", summary="Index scores of every region of a level")
def index_table(
    request: Request,
    level: IndexLevel,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    sort: Literal["rank", "index", "gap", "code"] = "rank",
    order: Literal["asc", "desc"] = "asc",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    lang: Literal["nl", "en"] | None = None,
) -> Response:
    """Index (NL = 100), domains, rank (1 = most vulnerable), decile, class and gap."""
    cache = cache_of(request)
    year = resolve_year(cache, level, year)
    language = lang or lang_of(request)

    def compute() -> dict[str, Any]:
        result = indexing.index_result(cache, level, year)
        table = result.to_frame(names=cache.names(), language=language)
        key = table["code"] if sort == "code" else table[sort]
        table = table.loc[key.sort_values(ascending=order == "asc", kind="stable").index]
        rows = table.iloc[offset : offset + limit]
        return {
            "preset": indexing.PRESET,
            "level": level,
            "year": year,
            "items": rows.astype(object).where(rows.notna(), None).to_dict(orient="records"),
            "total": len(table),
            "limit": limit,
            "offset": offset,
            "screened": result.screened.to_dict(orient="records"),
        }

    return cached_json(request, compute, extra=language)


@router.get("/{level}/{code}", summary="One region's index, interval and explanation")
def index_region(
    request: Request,
    level: IndexLevel,
    code: str,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    lang: Literal["nl", "en"] | None = None,
) -> Response:
    """Scores, the 90 % Monte Carlo interval and each indicator's contribution to the gap."""
    from kloof.index import class_label

    cache = cache_of(request)
    year = resolve_year(cache, level, year)
    language = lang or lang_of(request)
    parsed = _regions.parse(code)
    if parsed.level != level:
        raise UnknownTargetError(f"{parsed.code} is a {parsed.level}, not a {level}")
    result = indexing.index_result(cache, level, year)
    if parsed.code not in result.scores.index:
        why = result.screened.loc[result.screened["code"] == parsed.code, "reason"]
        raise UnknownTargetError(
            f"{parsed.code} has no index score in {year}" + (f": {why.iloc[0]}" if len(why) else "")
        )

    def compute() -> dict[str, Any]:
        scores = result.scores.loc[parsed.code].copy()
        scores["class_label"] = class_label(scores["class"], language) or None
        unc = indexing.index_interval(cache, level, year).table
        interval = unc.loc[parsed.code, ["index_p05", "index_median", "index_p95"]]
        return {
            "code": parsed.code,
            "year": year,
            "scores": scores.to_dict(),
            "interval": interval.to_dict() if parsed.code in unc.index else None,
            "explain": result.explain(parsed.code).to_dict(orient="records"),
        }

    return cached_json(request, compute, extra=language)
