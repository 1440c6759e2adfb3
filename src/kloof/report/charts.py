"""Colour classes and small accessible SVG charts for maps, profiles and the dashboard.

Charts are inline SVG (crisp in HTML and PDF, no JavaScript) with a ``<title>`` and
``role="img"``; every chart in kloof is paired with a table of the same numbers.

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

import html
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "MISSING_COLOUR",
    "PALETTES",
    "bar_chart_svg",
    "classify",
    "format_money",
    "format_number",
    "legend_entries",
    "palette_for",
    "quantile_breaks",
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

    A value equal to a break falls in the lower class.
    """
    arr = np.asarray(values, dtype="float64")
    cls = np.searchsorted(np.asarray(breaks, dtype="float64"), arr, side="left")
    return np.where(np.isfinite(arr), cls, -1).astype(int)


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
        rows.append(
            {
                "colour": colours[min(j, len(colours) - 1)],
                "label": f"{format_number(a, language)} – {format_number(b, language)}",
                "lower": a,
                "upper": b,
                "count": int((cls == j).sum()),
            }
        )
    missing = int((cls == -1).sum())
    if missing:
        rows.append(
            {
                "colour": MISSING_COLOUR,
                "label": "geen gegevens" if language == "nl" else "no data",
                "lower": None,
                "upper": None,
                "count": missing,
            }
        )
    return rows


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    highlight: int | None = 0,
    language: str = "nl",
    width: int = 520,
    bar_height: int = 22,
) -> str:
    """A horizontal bar chart as inline SVG (``role="img"`` with a title).

    Parameters
    ----------
    labels, values
        One bar per label; missing values draw no bar and print ``–``.
    title
        Accessible name of the chart (also the SVG ``<title>``).
    highlight
        Index of the bar drawn in the accent colour (the area itself), or ``None``.
    """
    vals = [float(v) if v is not None and np.isfinite(float(v)) else math.nan for v in values]
    finite = [v for v in vals if math.isfinite(v)]
    vmax = max([abs(v) for v in finite], default=1.0) or 1.0
    label_w, value_w = 190, 70
    plot_w = width - label_w - value_w
    height = bar_height * len(labels) + 8
    esc = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{esc(title)}" class="kloof-chart">',
        f"<title>{esc(title)}</title>",
    ]
    for i, (lab, v) in enumerate(zip(labels, vals, strict=True)):
        y = 4 + i * bar_height
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_height * 0.68:.1f}" text-anchor="end" '
            f'font-size="13" fill="#1a1a1a">{esc(str(lab))}</text>'
        )
        if math.isfinite(v):
            w = max(1.0, plot_w * abs(v) / vmax)
            colour = "#01689b" if i == highlight else "#5a5a5a"
            parts.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{bar_height - 6}" '
                f'fill="{colour}"/>'
            )
            tx = label_w + w + 4
        else:
            tx = label_w + 4
        parts.append(
            f'<text x="{tx:.1f}" y="{y + bar_height * 0.68:.1f}" font-size="13" '
            f'fill="#1a1a1a">{esc(format_number(v, language))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
