"""The *Naast elkaar* page: two to four regions or named areas compared on one page.

The address holds the whole comparison (``/naast-elkaar?gebied=GM0599&gebied=
nplv:rotterdam-zuid&gebied=WK059910``), so it can be shared, bookmarked and put in a
report. Each ``gebied`` is a CBS code, an area key or a name (resolved as the search
page does: ``Den Haag`` is 's-Gravenhage); ``year`` picks the data year. The same
table downloads as CSV (``/naast-elkaar/download/csv?...``).
"""

from __future__ import annotations

from typing import Annotated

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kloof.errors import KloofError
from kloof.report.i18n import texts as texts_of
from kloof.report.profile import Profile, make_profile
from kloof.report.side_by_side import MAX_AREAS, SideBySide, side_by_side
from kloof.web.context import cache_of, lang_of, page
from kloof.web.finder import find
from kloof.web.tables import to_csv

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

AreaQ = Annotated[list[str] | None, Query(max_length=MAX_AREAS + 2)]
YearQ = Annotated[int | None, Query(ge=1900, le=2100)]


def _profiles(
    request: Request, texts: list[str], year: int | None
) -> tuple[list[Profile], list[str]]:
    """Profiles of the areas the user gave, and one note per text that failed."""
    cache = cache_of(request)
    lang = lang_of(request)
    profiles: list[Profile] = []
    problems: list[str] = []
    seen: set[str] = set()
    for text in [t.strip() for t in texts if t and t.strip()][:MAX_AREAS]:
        try:
            profile = make_profile(cache, text, year=year, language=lang)
        except KloofError:
            hits = find(cache, text, limit=1).matches
            try:
                if not hits:
                    raise
                profile = make_profile(cache, hits[0].key, year=year, language=lang)
            except KloofError:
                problems.append(texts_of(lang)["side_unknown"].format(text=text))
                continue
        if profile.target.key not in seen:
            seen.add(profile.target.key)
            profiles.append(profile)
    return profiles, problems


def _years(request: Request, profiles: list[Profile]) -> list[int]:
    """The year selector's choices: years with data for every area (else for any)."""
    from kloof.web.routes.trend import profile_years

    cache = cache_of(request)
    each = [set(profile_years(cache, p)) for p in profiles]
    common = set.intersection(*each)
    return sorted(common if common else set.union(*each))


def _suggestions(request: Request) -> list[tuple[str, str]]:
    """``(value, label)`` of the form's suggestion list: every gemeente by name and every
    named area by key (wijken and buurten are found by name, code or postcode)."""
    from kloof.web.finder import search_table

    table = search_table(cache_of(request))
    chosen = table[table["level"].isin(["gemeente", "area"])]
    return [
        (str(r.name) if r.level == "gemeente" else str(r.code), str(r.name))
        for r in chosen.sort_values(["level", "folded"]).itertuples()
        if isinstance(r.name, str) and r.name
    ]


def _wijk_scale(request: Request, profiles: list[Profile]) -> dict[str, float] | None:
    """Every column's index on the wijk scale when gemeenten stand next to wijken or
    areas (``None`` otherwise): a gemeente's is the population-weighted mean of its
    wijk scores (:func:`kloof.report.indexing._gemeente_on_scale`, the profile's rule)."""
    from kloof.app.indexing import PRESET, index_ok, index_result
    from kloof.report.indexing import _gemeente_on_scale

    scored = [p for p in profiles if (p.index or {}).get("score") is not None]
    if len({(p.index or {}).get("level") for p in scored}) < 2:
        return None
    cache = cache_of(request)
    out: dict[str, float] = {}
    for p in scored:
        ix = p.index or {}
        if ix.get("level") == "wijk":
            out[p.target.key] = float(ix["score"])
        elif p.target.level == "gemeente" and index_ok(cache, "wijk", p.year):
            result = index_result(cache, "wijk", p.year)
            scores = _gemeente_on_scale(cache, result, "wijk", p.year, p.target.codes[0], PRESET)
            if scores is not None and pd.notna(scores.get("index")):
                out[p.target.key] = float(scores["index"])
    return out or None


@router.get("/naast-elkaar", response_class=HTMLResponse)
def naast_elkaar(request: Request, gebied: AreaQ = None, year: YearQ = None) -> Response:
    """Two to four areas side by side (index, domains, indicators) with a shareable address."""
    from urllib.parse import urlencode

    lang = lang_of(request)
    texts = list(gebied or [])
    profiles, problems = _profiles(request, texts, year)
    result: SideBySide | None = None
    if profiles:
        t = texts_of(lang)
        result = side_by_side(
            profiles,
            index_label=t["index"],
            wijk_scale=_wijk_scale(request, profiles),
            wijk_scale_label=t["side_wijk_scale"],
        )
    keys = [p.target.key for p in profiles]
    share = "/naast-elkaar?" + urlencode(
        [("gebied", k) for k in keys] + ([("year", str(year))] if year else [])
    )
    fields = (keys + [t for t in texts if t not in keys])[:MAX_AREAS]
    fields += [""] * (MAX_AREAS - len(fields))
    return page(
        request,
        "side.html",
        nav="compare",
        result=result,
        problems=problems,
        fields=fields,
        year=year,
        years=_years(request, profiles) if profiles else [],
        share=share if keys else None,
        csv_url=share.replace("/naast-elkaar?", "/naast-elkaar/download/csv?") if keys else None,
        max_areas=MAX_AREAS,
        suggestions=_suggestions(request),
    )


@router.get("/naast-elkaar/download/csv")
def naast_elkaar_csv(request: Request, gebied: AreaQ = None, year: YearQ = None) -> Response:
    """The side-by-side table as CSV (Dutch: ``;`` and decimal comma)."""
    from kloof.errors import SpecError

    profiles, problems = _profiles(request, list(gebied or []), year)
    if not profiles:
        raise SpecError("; ".join(problems) or texts_of(lang_of(request))["side_empty"])
    t = texts_of(lang_of(request))
    result = side_by_side(
        profiles,
        index_label=t["index"],
        wijk_scale=_wijk_scale(request, profiles),
        wijk_scale_label=t["side_wijk_scale"],
    )
    frame = result.to_frame().drop(columns=["direction"])
    columns = zip(result.keys, result.names, result.years, strict=True)
    heads = [f"{name} ({key}, {year})" for key, name, year in columns]
    frame = frame.rename(columns=dict(zip(result.keys, heads, strict=True)))
    return Response(
        to_csv(frame, lang_of(request)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="kloof-naast-elkaar.csv"'},
    )
