"""A profile's development over the years: one line chart per indicator and the index.

:func:`trend_section` turns :attr:`kloof.report.profile.Profile.trend` (years × key
indicators, every year with data at the target's level) into what the profile shows
instead of one wide table:

* the **index** over the years (:func:`kloof.report.indexing.index_score`, each year on
  its own scale, Nederland = 100), when at least two years have a comparable score;
* one **chart per indicator** with at least two years of values, with Nederland's
  value of the same years when the store holds it (:func:`indicator_chart`). Drawing
  a chart takes matplotlib about half a second, so the dashboard loads them as images
  when they scroll into view (``chart_url``) and the printable report, which would
  take half a minute for 26 of them, has the index chart and the table;
* one **table** with the same numbers, indicators as rows and years as columns, so
  the page is as wide as the number of years, not the number of indicators.

Charts are static SVG from :func:`kloof.report.figures.line_chart_svg` (the same in the
dashboard, the HTML report and the PDF).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof.errors import KloofError
from kloof.report.i18n import unit_text

if TYPE_CHECKING:
    from kloof.report.profile import Profile

__all__ = ["TrendChart", "TrendSection", "index_trend", "indicator_chart", "trend_section"]


@dataclass(frozen=True)
class TrendChart:
    """One chart of the trend section."""

    key: str
    label: str
    unit: str
    svg: str = ""
    url: str = ""


@dataclass(frozen=True)
class TrendSection:
    """Charts and the table behind them.

    Attributes
    ----------
    charts
        The index first (when there is one), then the indicators.
    table
        Rows ``(key, label, unit)`` → one column per year; the index row is ``index``
        and Nederland's rows are left out (they are drawn, and NL's values are in the
        profile table).
    years
        The years of the table's columns.
    """

    charts: tuple[TrendChart, ...]
    table: pd.DataFrame
    years: tuple[int, ...]


def _nl_series(cache: Any, years: list[int], indicator: str) -> list[float]:
    out = []
    for y in years:
        frame = cache.frame(y, "land")
        value = frame[indicator].iloc[0] if indicator in frame and len(frame) else np.nan
        out.append(float(value) if pd.notna(value) else np.nan)
    return out


def index_trend(cache: Any, profile: Profile, years: list[int]) -> dict[int, float]:
    """The target's index score per year (only years with a comparable score)."""
    from kloof.report.indexing import index_score

    scores: dict[int, float] = {}
    for y in years:
        try:
            score = index_score(cache, profile.target, y)
        except (KeyError, ValueError, KloofError):  # a year the index cannot score it in
            score = None
        if score is not None and math.isfinite(score):
            scores[y] = float(score)
    return scores


def trend_section(
    cache: Any,
    profile: Profile,
    texts: Any,
    chart_url: Callable[[str], str] | None = None,
) -> TrendSection | None:
    """Charts and table of ``profile``'s trend (``None`` without two years of data).

    ``cache`` is the report's frame cache; ``texts`` the interface texts of the
    profile's language (:func:`kloof.report.i18n.texts`); ``chart_url`` gives the
    address of an indicator's chart (:func:`indicator_chart`) for the dashboard
    (without it only the index is drawn).
    """
    from kloof.report.figures import line_chart_svg

    trend = profile.trend
    lang = profile.language
    cat = _catalogue.load()
    name = profile.target.name
    nl_name = texts["nl"]
    data_years = [int(y) for y in trend.index] if trend is not None else []
    level_years = _level_years(cache, profile)
    index_scores = index_trend(cache, profile, level_years)
    if trend is None and len(index_scores) < 2:
        return None
    years = sorted(set(data_years) | (set(index_scores) if len(index_scores) >= 2 else set()))
    charts: list[TrendChart] = []
    rows: dict[tuple[str, str, str], list[float]] = {}
    if len(index_scores) >= 2:
        xs = sorted(index_scores)
        charts.append(
            TrendChart(
                "index",
                texts["trend_index"],
                "",
                line_chart_svg(
                    xs,
                    {name: [index_scores[y] for y in xs], nl_name: [100.0] * len(xs)},
                    title=f"{texts['trend_index']}: {name}",
                    xlabel=texts["year"],
                    language=lang,
                ),
            )
        )
        rows[("index", texts["index"], "")] = [index_scores.get(y, np.nan) for y in years]
    frame = trend if trend is not None else pd.DataFrame()
    for ind in frame.columns:
        series = frame[ind].astype("float64")
        xs = [int(y) for y in series.dropna().index]
        if len(xs) < 2:
            continue
        label = cat[ind].text(lang) if ind in cat else str(ind)
        unit = unit_text(cat[ind].unit, lang) if ind in cat else ""
        if chart_url is not None:
            charts.append(TrendChart(str(ind), label, unit, url=chart_url(str(ind))))
        rows[(str(ind), label, unit)] = [
            float(series.get(y, np.nan)) if y in series.index else np.nan for y in years
        ]
    if not rows:
        return None
    table = pd.DataFrame.from_dict(rows, orient="index", columns=years)
    table.index = pd.MultiIndex.from_tuples(list(rows), names=["key", "label", "unit"])
    return TrendSection(tuple(charts), table, tuple(years))


def indicator_chart(cache: Any, profile: Profile, indicator: str, texts: Any) -> str | None:
    """SVG line chart of ``indicator`` over the years of ``profile``'s trend, with
    Nederland's values when there are two or more (``None``: fewer than two years)."""
    from kloof.report.figures import line_chart_svg

    trend = profile.trend
    if trend is None or indicator not in trend:
        return None
    series = trend[indicator].astype("float64").dropna()
    xs = [int(y) for y in series.index]
    if len(xs) < 2:
        return None
    cat = _catalogue.load()
    label = cat[indicator].text(profile.language) if indicator in cat else indicator
    unit = unit_text(cat[indicator].unit, profile.language) if indicator in cat else ""
    name = profile.target.name
    lines = {name: [float(v) for v in series]}
    nl = _nl_series(cache, xs, indicator)
    if sum(math.isfinite(v) for v in nl) >= 2:
        lines[texts["nl"]] = nl
    title = f"{label} ({unit})" if unit and unit not in label else label
    return line_chart_svg(
        xs, lines, title=f"{title}: {name}", xlabel=texts["year"], language=profile.language
    )


def _level_years(cache: Any, profile: Profile) -> list[int]:
    """Years with data at the level the target's index is scored on."""
    target = profile.target
    level = "wijk" if target.is_area else target.level
    if level not in ("gemeente", "wijk"):
        return []
    return [int(y) for y in cache.data_years(level)]
