"""Robustness of an allocation for the dashboard and the command line.

:func:`need_robustness` reruns an allocation's rule on Monte Carlo draws of its need
(:func:`kloof.report.allocation_need.need_draws`: Poisson draws of an indicator's counts,
or the index engine's Monte Carlo for an index need) with
:func:`kloof.allocation.robustness`. The number of draws is bounded
(:data:`RUNS_INDICATOR`, :data:`RUNS_INDEX`) so the dashboard answers in a few seconds;
it caches the draws per scenario (they do not depend on the key's edits) through
:func:`cached`.
:func:`robustness_table` is the per-recipient table both faces show, and
:func:`draws_text` says in the run's language how the draws were made.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

import pandas as pd

from kloof.report.allocation_need import need_draws

if TYPE_CHECKING:  # the command line imports this module; allocation loads on use
    from kloof.allocation import Allocation, Robustness

__all__ = [
    "RUNS_INDEX",
    "RUNS_INDICATOR",
    "cached",
    "draws_text",
    "need_robustness",
    "robustness_draws",
    "robustness_json",
    "robustness_table",
]

#: Draws of an indicator need (Poisson draws are cheap; 200 give stable 5%/95% bounds).
RUNS_INDICATOR = 200
#: Draws of an index need (each draw reruns the index's Monte Carlo over all regions).
RUNS_INDEX = 50


def robustness_draws(store: Any, result: Allocation, *, seed: int = 1) -> tuple[pd.DataFrame, str]:
    """Need draws (draws × recipients) for ``result`` and an English note on how.

    Parameters
    ----------
    store
        A :class:`kloof.store.Store` or the dashboard's :class:`kloof.app.cache.FrameCache`.
    result
        The allocation; its rule's need says how to draw (index: :data:`RUNS_INDEX`
        draws, indicator: :data:`RUNS_INDICATOR`).
    """
    spec = result.rule.need
    runs = RUNS_INDEX if spec is not None and spec.index is not None else RUNS_INDICATOR
    year = int(result.provenance["data_year"])
    return need_draws(store, result.rule, result.recipients, year, runs=runs, seed=seed)


def need_robustness(
    result: Allocation, draws: pd.DataFrame, *, threshold_pct: float = 10.0
) -> Robustness:
    """Rerun ``result``'s rule on every need draw (the rule may be an edited one)."""
    from kloof.allocation import robustness

    return robustness(
        result.recipients,
        result.rule,
        draws,
        threshold_pct=threshold_pct,
        year=result.year,
        previous=result.previous,
    )


def robustness_table(rob: Robustness) -> pd.DataFrame:
    r"""The funded recipients' interval, its width and the probability of a large change.

    ``width_pct`` is :math:`100\,(high - low) / baseline`; ``p_change_pct`` the percent
    of draws whose amount moves more than the threshold from the baseline. Sorted as
    the robustness summary (the allocation's recipient order).
    """
    table = rob.summary.reset_index()
    table = table[table["baseline"] > 0].copy()
    table["width_pct"] = 100 * (table["high"] - table["low"]) / table["baseline"]
    table["p_change_pct"] = 100 * table["p_change"]
    return table[["recipient", "name", "baseline", "low", "high", "width_pct", "p_change_pct"]]


def draws_text(result: Allocation, draws: pd.DataFrame, language: str = "nl") -> str:
    """How the need draws were made, in ``language`` (``nl`` or ``en``).

    Reads the ``attrs`` :func:`~kloof.report.allocation_need.need_draws` gives its
    draws (``kind``, ``numerator``, ``fixed``).

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> need = NS(index=None, indicator="bijstand_per_1000")
    >>> draws = pd.DataFrame([[1.0], [1.1]])
    >>> draws.attrs.update(kind="rate", numerator="bijstand_recipients", fixed=2)
    >>> draws_text(NS(rule=NS(need=need)), draws, "en")[:44]
    'Over 2 draws of the need bijstand_per_1000: '
    >>> draws_text(NS(rule=NS(need=need)), draws, "en").endswith("keep their need.")
    True
    """
    spec = result.rule.need
    if spec is None:
        return ""
    en = language == "en"
    ind = draws.attrs.get("indicator", spec.indicator)
    runs, kind = len(draws), draws.attrs.get("kind", "rate")
    if kind == "index" or spec.index is not None:
        if en:
            return (
                f"Over {runs} draws of the need from the Monte Carlo analysis of index "
                f"{spec.index!r} (other method choices); the allocation rerun for each draw."
            )
        return (
            f"Over {runs} trekkingen van de behoefte uit de Monte-Carloanalyse van index "
            f"{spec.index!r} (andere methodekeuzes); per trekking is de verdeling opnieuw "
            "berekend."
        )
    head = (
        f"Over {runs} draws of the need {ind}: "
        if en
        else f"Over {runs} trekkingen van de behoefte {ind}: "
    )
    if kind == "count":
        what = (
            "each recipient's count as a Poisson count"
            if en
            else "de telling van elke ontvanger als Poisson-telling"
        )
    else:
        num = draws.attrs.get("numerator", "numerator")
        what = (
            f"each recipient's {num} as a Poisson count over a fixed denominator"
            if en
            else f"de {num} van elke ontvanger als Poisson-telling over een vaste noemer"
        )
    rerun = (
        " (the chance variation of counts); the allocation rerun for each draw."
        if en
        else " (de toevalsvariatie van tellingen); per trekking is de verdeling opnieuw berekend."
    )
    fixed = int(draws.attrs.get("fixed", 0))
    if fixed:
        rerun += (
            f" {fixed} recipient(s) without a count keep their need."
            if en
            else f" {fixed} ontvanger(s) zonder telling houden hun behoefte."
        )
    return head + what + rerun


def cached(
    cache: Any, key: Hashable, original: Allocation, result: Allocation, edited: bool
) -> dict[str, Any]:
    """The robustness of ``result`` through ``cache`` (a :class:`~kloof.app.cache.FrameCache`).

    The need draws depend on the scenario and budget year only (``key``; an edit of the
    key does not change the need), so they are drawn once from ``original`` and cached;
    the reruns are cached for the unedited rule and computed afresh for an edited one
    (a bounded number of draws). Returns ``rob``, ``table``, ``runs`` and ``draws``, or
    ``rob = None`` and the ``reason`` (a rule without a need, an infeasible rule).
    """
    from kloof.allocation import InfeasibleRuleError
    from kloof.errors import SpecError

    try:
        draws, _ = cache.cached(
            ("allocation-need-draws", key), lambda: robustness_draws(cache, original)
        )
        if edited:
            rob = need_robustness(result, draws)
        else:
            rob = cache.cached(
                ("allocation-robustness", key), lambda: need_robustness(result, draws)
            )
    except (SpecError, InfeasibleRuleError) as exc:
        return {"rob": None, "reason": str(exc)}
    return {"rob": rob, "table": robustness_table(rob), "runs": len(draws), "draws": draws}


def robustness_json(
    robust: dict[str, Any], records: Callable[[pd.DataFrame], list[dict[str, Any]]]
) -> dict[str, Any]:
    """The robustness block of a JSON answer (or why there is none)."""
    rob = robust["rob"]
    if rob is None:
        return {"reason": robust["reason"]}
    return {
        "runs": robust["runs"],
        "level": rob.level,
        "threshold_pct": rob.threshold_pct,
        "infeasible": rob.infeasible,
        "recipients": records(robust["table"]),
    }
