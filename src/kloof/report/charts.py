"""Colour classes, legends and number formats for maps, profiles and the dashboard.

The charts themselves are drawn by matplotlib in :mod:`kloof.report.figures`; the
number formats here are shared by a chart and the table of the same numbers beside it.

Classes are quantiles: with :math:`k` classes the breaks are the
:math:`q_j = F^{-1}(j/k)` quantiles of the observed values (:func:`numpy.nanquantile`,
linear interpolation), :math:`j = 1 \\dots k-1`; duplicate breaks are dropped, so few
distinct values give fewer classes. Colours are the ColorBrewer *YlOrRd* (vulnerable =
dark) and *Blues* sequential schemes (Brewer, Harrower & Penn State, 2002), which stay
ordered for readers with colour-vision deficiencies.

Examples
--------
>>> quantile_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 2)
(5.5,)
>>> classify([1, 6, 10], (5.5,)).tolist()
[0, 1, 1]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from kloof.index.classes import bins
from kloof.report.i18n import texts

__all__ = [
    "MISSING_COLOUR",
    "PALETTES",
    "classify",
    "format_decimal",
    "format_money",
    "format_number",
    "legend_entries",
    "palette_for",
    "quantile_breaks",
    "recount_legend",
]

#: Sequential palettes (5 classes each), light to dark.
PALETTES: dict[str, tuple[str, ...]] = {
    "worse": ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
    "neutral": ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"),
}
#: Fill of regions without a value.
MISSING_COLOUR = "#d9d9d9"


def palette_for(direction: str, k: int = 5) -> tuple[str, ...]:
    """Colours for ``k`` classes: dark = more vulnerable when the direction is known.

    ``higher_is_worse`` uses YlOrRd light → dark; ``higher_is_better`` uses it dark →
    light (low values are the vulnerable ones); ``neutral`` uses Blues.
    """
    if direction == "neutral":
        base = PALETTES["neutral"]
    else:
        base = PALETTES["worse"] if direction == "higher_is_worse" else PALETTES["worse"][::-1]
    if k >= len(base):
        return base
    idx = np.linspace(0, len(base) - 1, k).round().astype(int)
    return tuple(base[i] for i in idx)


def quantile_breaks(
    values: Sequence[float] | pd.Series | np.ndarray, k: int = 5
) -> tuple[float, ...]:
    """Inner class breaks of ``k`` quantile classes (missing values ignored)."""
    arr = np.asarray(values, dtype="float64")
    arr = arr[np.isfinite(arr)]
    if arr.size == 0 or k < 2:
        return ()
    qs = np.nanquantile(arr, np.arange(1, k) / k)
    out: list[float] = []
    for q in qs:
        q = float(q)
        if (not out or q > out[-1]) and q < float(arr.max()):
            out.append(q)
    return tuple(out)


def classify(
    values: Sequence[float] | pd.Series | np.ndarray, breaks: Sequence[float]
) -> np.ndarray:
    """Class number ``0 … len(breaks)`` per value (``-1`` for missing).

    :func:`kloof.index.classes.bins`, the one rule: a value equal to a break falls in
    the upper class, as in the index classes.
    """
    return bins(np.asarray(values, dtype="float64"), breaks)


def format_number(value: Any, language: str = "nl", digits: int = 3) -> str:
    """A number as people read it: Dutch ``1.234,5`` or English ``1,234.5``; ``–`` if missing."""
    if value is None:
        return "–"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(x):
        return "–"
    if x == 0:
        decimals = 0
    else:
        magnitude = math.floor(math.log10(abs(x)))
        decimals = max(0, digits - 1 - magnitude)
        decimals = min(decimals, 2)
    text = f"{x:,.{decimals}f}"
    if language == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def format_decimal(value: Any, language: str = "nl", decimals: int = 1) -> str:
    """A number with a fixed number of decimals (``91,3``; ``–`` if missing).

    Whole numbers with ``decimals=0`` read as counts (``78.845``, never ``78.845,0``).

    >>> format_decimal(8.66, "nl"), format_decimal(78845.0, "nl", 0)
    ('8,7', '78.845')
    """
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "–"
    if not math.isfinite(x):
        return "–"
    text = f"{x:,.{decimals}f}"
    if language == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def format_money(value: Any, language: str = "nl", decimals: int = 0) -> str:
    """An amount in euros: ``€ 1.234.567`` (nl) or ``€ 1,234,567`` (en); ``–`` if missing."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "–"
    if not math.isfinite(x):
        return "–"
    text = f"{abs(x):,.{decimals}f}"
    if language == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return ("−" if x < 0 and round(abs(x), decimals) else "") + "€ " + text


def legend_entries(
    breaks: Sequence[float],
    colours: Sequence[str],
    values: Sequence[float] | pd.Series | np.ndarray,
    language: str = "nl",
) -> list[dict[str, Any]]:
    """Legend rows ``{colour, label, lower, upper, count}`` for each class, plus missing."""
    arr = np.asarray(values, dtype="float64")
    finite = arr[np.isfinite(arr)]
    cls = classify(arr, breaks)
    lo = float(finite.min()) if finite.size else math.nan
    hi = float(finite.max()) if finite.size else math.nan
    edges = [lo, *breaks, hi]
    rows: list[dict[str, Any]] = []
    for j in range(len(breaks) + 1 if finite.size else 0):
        a, b = edges[j], edges[j + 1]
        # a value equal to a break is in the upper class: "< b" up to the last class
        upper = format_number(b, language)
        upper = upper if j == len(breaks) else "< " + upper
        rows.append(
            {
                "colour": colours[min(j, len(colours) - 1)],
                "label": f"{format_number(a, language)} – {upper}",
                "lower": a,
                "upper": b,
                "count": int((cls == j).sum()),
            }
        )
    missing = int((cls == -1).sum())
    if missing:
        rows.append(_missing_row(missing, language))
    return rows


def _missing_row(count: int, language: str) -> dict[str, Any]:
    return {
        "colour": MISSING_COLOUR,
        "label": texts(language)["no_data"],
        "lower": None,
        "upper": None,
        "count": count,
    }


def recount_legend(
    legend: Sequence[dict[str, Any]],
    values: Sequence[float] | pd.Series | np.ndarray,
    breaks: Sequence[float],
    *,
    extra_missing: int = 0,
    language: str = "nl",
    exact: bool = False,
) -> list[dict[str, Any]]:
    """``legend`` (same classes and labels) with the counts of ``values``, and always a
    "geen gegevens" row: missing values plus ``extra_missing`` regions that have a
    boundary but no data.

    Used for a gemeente's drill-down (its own wijken counted in national classes).
    ``exact`` counts values equal to each row's ``lower`` (the index classes 1-9).

    >>> rows = legend_entries((5.5,), ("#fff", "#000"), [1, 6, 10])
    >>> [r["count"] for r in recount_legend(rows, [7, 8, None], (5.5,), extra_missing=2)]
    [0, 2, 3]
    """
    arr = np.asarray(pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce"), "float64")
    cls = classify(arr, breaks)
    rows: list[dict[str, Any]] = []
    j = 0
    for entry in legend:
        if entry.get("lower") is None:  # the old missing row: recounted below
            continue
        count = int(np.sum(arr == entry["lower"])) if exact else int(np.sum(cls == j))
        rows.append({**entry, "count": count})
        j += 1
    rows.append(_missing_row(int(np.sum(~np.isfinite(arr))) + int(extra_missing), language))
    return rows
