"""A chart of an allocation: euros (per resident) per recipient, with intervals.

One horizontal bar per funded recipient, largest at the top; with a robustness result
the bars carry the interval of the amount under need uncertainty (whiskers), with a
comparison a marker shows the other rule's or the previous year's amount. The figure is
a :class:`matplotlib.figure.Figure` built without pyplot (no global state); save it
with :func:`save_allocation_chart` or ``fig.savefig``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kloof.allocation import Allocation, Robustness

__all__ = ["allocation_chart", "save_allocation_chart"]

_TEXT = {
    "nl": {
        "per_resident": "€ per inwoner",
        "amount": "bedrag (€)",
        "interval": "{level:.0%}-interval (onzekerheid behoefte)",
        "other": "ter vergelijking: {label}",
        "amounts": "toegekend",
        "more": "{n} van {total} ontvangers getoond",
    },
    "en": {
        "per_resident": "€ per resident",
        "amount": "amount (€)",
        "interval": "{level:.0%} interval (need uncertainty)",
        "other": "compared with: {label}",
        "amounts": "allocated",
        "more": "{n} of {total} recipients shown",
    },
}


def allocation_chart(
    result: Allocation,
    *,
    compare: pd.Series | Allocation | None = None,
    compare_label: str = "",
    robustness: Robustness | None = None,
    per_resident: bool = True,
    top: int | None = 40,
    language: str = "nl",
) -> Any:
    """A horizontal bar chart of the allocation (see the module docstring).

    Parameters
    ----------
    compare
        Another allocation or euros per recipient (previous year), shown as markers.
    robustness
        Adds whiskers from ``low`` to ``high``.
    per_resident
        Euros per resident (default) or total euros.
    top
        Show at most this many recipients (largest first); ``None`` for all.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    t = _TEXT.get(language, _TEXT["en"])
    pop = result.recipients.get("population", None)
    per = pop.where(pop > 0) if (per_resident and pop is not None) else None

    def scale(values: pd.Series) -> pd.Series:
        return values / per.reindex(values.index) if per is not None else values

    amounts = scale(result.euros)
    funded = amounts[result.euros > 0].dropna().sort_values()
    total = len(funded)
    if top is not None and len(funded) > top:
        funded = funded.iloc[-top:]
    names = result.recipients.get("name", None)
    labels = [str(names[r]) if names is not None else str(r) for r in funded.index]
    height = max(2.5, 0.28 * len(funded) + 1.2)
    fig = Figure(figsize=(8, height), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(funded))
    ax.barh(y, funded.to_numpy(), color="#2b6cb0", label=t["amounts"])
    if robustness is not None:
        s = robustness.summary.reindex(funded.index)
        low, high = scale(s["low"]), scale(s["high"])
        err = np.vstack([funded - low, high - funded]).clip(min=0)
        ax.errorbar(
            funded.to_numpy(),
            y,
            xerr=err,
            fmt="none",
            ecolor="#1a202c",
            capsize=2,
            label=t["interval"].format(level=robustness.level),
        )
    if compare is not None:
        other = compare.euros if isinstance(compare, Allocation) else compare.astype("float64")
        other.index = other.index.astype(str)
        label = compare_label or (compare.rule.name if isinstance(compare, Allocation) else "")
        ax.plot(
            scale(other.reindex(funded.index)).to_numpy(),
            y,
            "D",
            color="#dd6b20",
            markersize=4,
            label=t["other"].format(label=label),
        )
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlabel(t["per_resident"] if per is not None else t["amount"])
    title = f"{result.rule.name}: € {result.budget:,.0f}"
    if total > len(funded):
        title += "\n" + t["more"].format(n=len(funded), total=total)
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    return fig


def save_allocation_chart(output: str | Path, result: Allocation, **options: Any) -> Path:
    """Draw :func:`allocation_chart` and save it (PNG, SVG or PDF by the suffix)."""
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    allocation_chart(result, **options).savefig(out, dpi=150)
    return out
