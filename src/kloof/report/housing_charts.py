"""Charts of housing experiments: concentration of vulnerable households over time.

Built on :class:`matplotlib.figure.Figure` directly (no pyplot, no global state), so the
functions are safe in servers and tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kloof.housing.batch import ExperimentResult

__all__ = ["area_inflow_share", "concentration_figure", "save_concentration_chart"]

_LABELS = {
    "nl": {
        "dissimilarity": "Concentratie kwetsbare huishoudens (voorraad): D — en isolatie - -",
        "inflow": "Aandeel kwetsbaar in de instroom",
        "year": "jaar",
        "band": "90%-interval",
        "rest": "overig",
    },
    "en": {
        "dissimilarity": "Concentration of vulnerable households (stock): D — and isolation - -",
        "inflow": "Vulnerable share of the inflow",
        "year": "year",
        "band": "90% interval",
        "rest": "other regions",
    },
}


def area_inflow_share(result: ExperimentResult, name: str) -> pd.DataFrame:
    """Mean vulnerable share of lettings per year in each scenario area and the rest.

    ``Σ_area vulnerable_inflow / Σ_area lettings`` on the per-region means over runs;
    without areas in the scenario, the three regions of highest pressure form one group.
    """
    scenario = result.scenarios[name]
    regions = result.regions[name]
    inflow = regions[("vulnerable_inflow", "mean")].unstack("code")
    lettings = regions[("lettings", "mean")].unstack("code")
    groups = {k: list(v) for k, v in scenario.areas.items()}
    if not groups:
        initial = result.initial[name]
        top = np.argsort(-initial.pressure)[:3]
        groups = {"top-3 pressure": [initial.codes[i] for i in top]}
    covered = {c for codes in groups.values() for c in codes}
    rest = [c for c in scenario.codes if c not in covered]
    if rest:
        groups["rest"] = rest
    out = pd.DataFrame(
        {g: inflow[codes].sum(axis=1) / lettings[codes].sum(axis=1) for g, codes in groups.items()}
    )
    return out.dropna(how="all")


def _band(
    ax: Axes, frame: pd.DataFrame, outcome: str, label: str, colour: str, ls: str = "-"
) -> None:
    x = frame.index.to_numpy()
    ax.plot(x, frame[(outcome, "mean")], color=colour, label=label or None, lw=2, ls=ls)
    ax.fill_between(x, frame[(outcome, "p05")], frame[(outcome, "p95")], color=colour, alpha=0.2)


def concentration_figure(result: ExperimentResult, *, language: str = "nl") -> Figure:
    """Two panels per experiment.

    Left: the dissimilarity index (solid) and the isolation index (dashed) of vulnerable
    households over the regions, per scenario (colour), mean and 90% interval over runs.
    Right: the vulnerable share of lettings per year in each of the scenario's areas and
    the rest (line style).
    """
    from matplotlib.figure import Figure

    text = _LABELS.get(language, _LABELS["en"])
    fig = Figure(figsize=(11, 4.5), layout="constrained")
    left, right = fig.subplots(1, 2)
    colours = [f"C{i}" for i in range(10)]
    for i, name in enumerate(result.names):
        _band(left, result.years[name], "dissimilarity", name, colours[i % 10])
        if ("isolation", "mean") in result.years[name]:
            _band(left, result.years[name], "isolation", "", colours[i % 10], ls="--")
        shares = area_inflow_share(result, name)
        for j, group in enumerate(shares.columns):
            label = f"{name}: {text['rest'] if group == 'rest' else group}"
            style = ("-", "--", ":", "-.")[j % 4]
            right.plot(shares.index, shares[group], color=colours[i % 10], ls=style, label=label)
    left.set_title(text["dissimilarity"], fontsize=10)
    right.set_title(text["inflow"], fontsize=10)
    from matplotlib.ticker import MaxNLocator

    for ax in (left, right):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(text["year"])
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    right.yaxis.set_major_formatter(_percent())
    fig.suptitle(f"{len(result.seeds)} runs · {text['band']}", fontsize=9)
    return fig


def _percent() -> object:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0)


def save_concentration_chart(
    result: ExperimentResult, path: str | Path, *, language: str = "nl"
) -> Path:
    """Write :func:`concentration_figure` to ``path`` (PNG, SVG or PDF by suffix)."""
    path = Path(path)
    concentration_figure(result, language=language).savefig(path, dpi=150)
    return path
