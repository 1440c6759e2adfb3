"""The composite index in profiles: what a page or a report shows of it.

The index itself (inputs, cached results, intervals, named areas) comes from
:mod:`kloof.app.indexing`; :func:`index_section` is what a profile shows: score,
domains, class, rank, gap, interval, the scores of NL (100), the gemeente (on the same
scale) and the peers, and the explanation of the score (each indicator's contribution to the gap);
:func:`index_score` is the score a target with ``indicator: index`` is assessed on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kloof.app.indexing import (
    INDEX_LEVELS,
    PRESET,
    area_result,
    available,
    default_year,
    index_interval,
    index_ok,
    index_result,
)
from kloof.errors import KloofError

if TYPE_CHECKING:
    from kloof.app.cache import FrameCache
    from kloof.app.targets import Target
    from kloof.index import IndexResult

__all__ = ["index_score", "index_section"]


def index_score(cache: FrameCache, target: Target, year: int, preset: str = PRESET) -> float | None:
    """The index score of ``target`` in ``year`` (an area on the wijk scale), or ``None``.

    ``None`` when the engine is missing, the level has no index, the year lacks the
    index's indicators, or the year's data cover one gemeente only (the Amsterdam KWB
    exports of 2017 and 2019: an index standardised within one city is not on the
    national scale), or its index is built from other indicators than the index of the
    default year (:func:`default_year`; a gemeente panel year with other columns gives
    scores on another scale). Each year is scored on its own scale (NL = 100). This is
    what a target with ``indicator: index`` is assessed on (``kloof monitor targets``).
    """
    if not available():
        return None
    level = "wijk" if target.is_area else target.level
    if level not in INDEX_LEVELS or not index_ok(cache, level, year, preset):
        return None
    if cache.frame(year, level).index.str.slice(2, 6).nunique() < 2:
        return None
    used = set(index_result(cache, level, year, preset).indicator_weights.index)
    base = index_result(cache, level, default_year(cache, level), preset)
    if used != set(base.indicator_weights.index):
        return None
    try:
        if target.is_area:
            if not target.codes:
                return None
            value = area_result(cache, target, year, preset).scores["index"].iloc[0]
        else:
            scores = index_result(cache, level, year, preset).scores["index"]
            if target.codes[0] not in scores.index:
                return None
            value = scores[target.codes[0]]
    except KloofError:
        return None
    return None if pd.isna(value) else float(value)


def _gemeente_on_scale(
    cache: FrameCache,
    result: IndexResult,
    level: str,
    year: int,
    gemeente: str | None,
    preset: str,
) -> pd.Series | None:
    """The gemeente's scores on the scale of ``result`` (like with like).

    A wijk (or an area scored on the wijk model) is compared with the
    population-weighted mean of its gemeente's wijk scores, never with the gemeente
    index, which lies on the scale of the gemeenten (Feijenoord 93.8 against Rotterdam's
    gemeente index 91.6 looked better than its city, while Rotterdam's wijken average
    97.0 on the wijk scale). A gemeente is compared with itself.
    """
    if not gemeente:
        return None
    if level == "gemeente":
        gm_result = index_result(cache, "gemeente", year, preset)
        scores = gm_result.scores
        return scores.loc[gemeente] if gemeente in scores.index else None
    scores = result.scores
    members = scores.index[scores.index.str.slice(2, 6) == gemeente[2:6]]
    if members.empty:
        return None
    frame = cache.frame(year, level)
    pop = pd.to_numeric(frame["inhabitants"], errors="coerce").reindex(members).fillna(0.0)
    if float(pop.sum()) <= 0:
        return None
    cols = ["index", *result.spec.domain_ids]
    part = scores.loc[members, cols].astype("float64")
    weight = part.notna().astype("float64").mul(pop, axis=0).sum()
    return (part.mul(pop, axis=0).sum() / weight.where(weight > 0)).rename(gemeente)


def _whole(x: Any) -> int | None:
    v = _num(x)
    return None if v is None else int(v)


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if np.isfinite(v) else None


def index_section(
    cache: FrameCache,
    target: Target,
    year: int,
    *,
    language: str = "nl",
    preset: str = PRESET,
    top: int = 8,
) -> dict[str, Any] | None:
    """The index part of a profile, or ``None`` (no engine, level without index, no score).

    Keys: ``preset, title, level, score, class, class_label, rank, n, decile, gap,
    domains`` (list of ``{id, label, score, nl, gemeente, median}``), ``interval``
    (``p05, p95`` or ``None``), ``gemeente_score`` (on the same scale: for a wijk or an
    area the population-weighted mean of the gemeente's wijk scores), ``median_score``
    (median of the
    level), ``explain`` (the ``top`` largest contributions, with ``raw`` and
    ``reliability``), ``estimated`` (the spec shrinks rates), ``flags``, ``screened``
    (reason or ``None``).
    """
    if not available():
        return None
    level = "wijk" if target.is_area else target.level
    if level not in INDEX_LEVELS:
        return None
    if not index_ok(cache, level, year, preset):
        return None
    from kloof.index import class_label

    result = index_result(cache, level, year, preset)
    scores = result.scores
    if target.is_area:
        if not target.codes:
            return None
        try:
            own = area_result(cache, target, year, preset)
        except KloofError as exc:  # e.g. buurt members lack an indicator of the wijk model
            return {"preset": preset, "screened": str(exc)}
        code = own.scores.index[0]
        row = own.scores.iloc[0]
        explanation = own.explain(code)
        interval = None
        rank = int((scores["index"] < row["index"]).sum()) + 1
    else:
        code = target.codes[0]
        if code not in scores.index:
            why = result.screened.loc[result.screened["code"] == code, "reason"]
            return {"preset": preset, "screened": str(why.iloc[0]) if len(why) else "no score"}
        row = scores.loc[code]
        explanation = result.explain(code)
        rank = int(row["rank"])
        unc = index_interval(cache, level, year, preset).table
        interval = (
            {"p05": _num(unc.at[code, "index_p05"]), "p95": _num(unc.at[code, "index_p95"])}
            if code in unc.index
            else None
        )
    gm_scores = _gemeente_on_scale(cache, result, level, year, target.gemeente, preset)
    peers = scores.median(numeric_only=True)
    spec = result.spec
    domains = []
    for dom in spec.domains:
        domains.append(
            {
                "id": dom.id,
                "label": (getattr(dom, "label_en", None) if language == "en" else None)
                or getattr(dom, "label", None)
                or dom.id,
                "score": _num(row.get(dom.id)),
                "nl": 100.0,
                "gemeente": None if gm_scores is None else _num(gm_scores.get(dom.id)),
                "median": _num(peers.get(dom.id)),
            }
        )
    explain_rows = explanation.assign(abs_c=explanation["contribution"].abs())
    explain_rows = explain_rows.sort_values("abs_c", ascending=False).head(top)
    cls = int(row["class"]) if _num(row.get("class")) is not None else None
    return {
        "preset": preset,
        "title": (spec.title_in(language) if hasattr(spec, "title_in") else "") or preset,
        "level": level,
        "score": _num(row["index"]),
        "class": cls,
        "class_label": class_label(cls, language),
        "rank": rank,
        "n": len(scores),
        "decile": int(np.ceil(10 * rank / len(scores)))
        if target.is_area
        else _whole(row.get("decile")),
        "gap": _num(row.get("gap")),
        "interval": interval,
        "gemeente_score": None if gm_scores is None else _num(gm_scores["index"]),
        "median_score": _num(peers.get("index")),
        "domains": domains,
        "explain": [
            {
                "indicator": str(r.indicator),
                "domain": str(r.domain),
                "raw": _num(getattr(r, "raw", None)),
                "value": _num(r.value),
                "reliability": _num(getattr(r, "reliability", None)),
                "contribution": _num(r.contribution),
            }
            for r in explain_rows.itertuples()
        ],
        "estimated": spec.estimation.method != "raw",
        "flags": int(_num(row.get("n_flags")) or 0),
        "screened": None,
    }
