"""Time on the profile page: the years a profile can be shown for and its trend charts.

The profile page (``/gebied/{target}``) shows the index chart and the table of its
trend inline and loads one chart per indicator from
``/gebied/{target}/trend/{indicator}.svg`` when it scrolls into view (a chart takes
matplotlib about half a second; a gemeente has 26 of them). Each chart is drawn once
per process (:class:`~kloof.app.cache.FrameCache`).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import Response

from kloof.report.i18n import texts
from kloof.report.profile import Profile, make_profile
from kloof.report.trends import indicator_chart
from kloof.web.context import cache_of, lang_of

__all__ = ["profile_years", "router", "trend_chart_url"]

router = APIRouter(include_in_schema=False)

YearQ = Annotated[int | None, Query(ge=1900, le=2100)]


def trend_chart_url(target: str, year: int | None = None) -> Any:
    """A function giving the address of one indicator's trend chart of ``target``."""
    suffix = f"?year={year}" if year else ""
    base = "/gebied/" + quote(target, safe=":") + "/trend/"
    return lambda indicator: base + quote(indicator, safe="") + ".svg" + suffix


def profile_years(cache: Any, profile: Profile) -> list[int]:
    """Years with data for the target (a region's own row, or any member of an area)."""
    target = profile.target
    level = target.member_level if target.is_area else target.level
    codes = list(target.codes)
    years = {profile.year}  # the year shown, also when the target has no data in it
    for y in cache.data_years(level):
        if cache.frame(y, level).index.isin(codes).any():
            years.add(int(y))
    return sorted(years)


@router.get("/gebied/{target}/trend/{indicator}.svg")
def trend_chart(
    request: Request,
    target: str,
    indicator: Annotated[str, Path(pattern=r"^[a-z0-9_]{1,80}$")],
    year: YearQ = None,
) -> Response:
    """One indicator of a profile over the years, as an SVG image (404: no trend)."""
    cache = cache_of(request)
    lang = lang_of(request)
    profile = make_profile(cache, target, year=year, language=lang)
    svg = cache.cached(
        ("trend-svg", profile.target.key, indicator, lang),
        lambda: indicator_chart(cache, profile, indicator, texts(lang)),
    )
    if svg is None:
        raise HTTPException(404, texts(lang)["no_trend"])
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=300"},
    )
