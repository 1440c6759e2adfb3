r"""How robust is an allocation: need uncertainty and method choices.

:func:`robustness` reruns a rule on Monte Carlo draws of the need (a draws × recipients
array, e.g. from the index engine's uncertainty analysis, transformed like the need
column) and gives each recipient the interval of its amount (90% by default: the 5th
and 95th percentiles) and the probability that its amount differs from the baseline by
more than :math:`x` percent, :math:`P(|a^{(d)}_i - a_i| > x\% \cdot a_i)`.

:func:`sensitivity` attributes the variance of every recipient's amount to method
choices with Sobol indices (Saltelli sampling; Saltelli 2010 first-order and Jansen
total-effect estimators, via SALib): continuous choices (:math:`\alpha`, a floor level)
and discrete ones (which key, which size column), plus the need draws as one factor
(draw the need under other transforms to make the transform a choice). The *share* of a
factor is its first-order (or total) index averaged over recipients weighted by their
variance,
:math:`\sum_i V_i S_{i,f} / \sum_i V_i`: how much of the money that moves under the
choices moves because of this choice.

References
----------
Saisana M., Saltelli A. & Tarantola S. (2005), "Uncertainty and sensitivity analysis
techniques as tools for the quality assessment of composite indicators", *JRSS A* 168.
Saltelli A. et al. (2010), "Variance based sensitivity analysis of model output",
*Computer Physics Communications* 181. Herman J. & Usher W. (2017), "SALib", *JOSS* 2(9).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from kloof.allocation.allocate import (
    _allocate,
    _members,
    _prepare,
    _Prepared,
    _run,
    allocate,
    check,
)
from kloof.allocation.apportion import InfeasibleRuleError
from kloof.allocation.result import Allocation
from kloof.allocation.rule import UNITS, AllocationRule
from kloof.errors import SpecError

__all__ = ["Factor", "Robustness", "Sensitivity", "robustness", "sensitivity"]

FloatArray = NDArray[np.float64]


def _draws(
    draws: ArrayLike | pd.DataFrame, recipients: pd.DataFrame, prep: _Prepared
) -> FloatArray:
    """Draws as a float array in the canonical (sorted id) order."""
    ids = pd.Index(recipients.index.astype(str))
    if isinstance(draws, pd.DataFrame):
        cols = pd.Index(draws.columns.astype(str))
        missing = sorted(set(ids) - set(cols))
        if missing:
            raise SpecError(f"draws: no columns for recipients {missing[:8]}")
        arr = draws.set_axis(cols, axis=1)[list(prep.ids)].to_numpy(dtype="float64")
    else:
        arr = np.asarray(draws, dtype="float64")
        if arr.ndim != 2 or arr.shape[1] != len(ids):
            raise SpecError(
                f"draws: expected a 2-D array draws × {len(ids)} recipients, got shape {arr.shape}"
            )
        arr = arr[:, ids.get_indexer(list(prep.ids))]
    if not arr.shape[0]:
        raise SpecError("draws: no draws given")
    return arr


@dataclass(frozen=True)
class Robustness:
    """Amounts under need uncertainty.

    Attributes
    ----------
    baseline
        The allocation with the recipients' own need column.
    amounts
        Draws × recipients in euros (infeasible draws left out).
    summary
        Per recipient: ``name, baseline, mean, low, high, p_change`` (``low``/``high``
        bound the central ``level`` interval; ``p_change`` is the probability of a
        change above ``threshold_pct``).
    infeasible
        Draws for which the rule could not be met (left out, reported).
    """

    baseline: Allocation
    amounts: pd.DataFrame
    summary: pd.DataFrame
    threshold_pct: float
    level: float
    infeasible: int


def robustness(
    recipients: pd.DataFrame,
    rule: AllocationRule,
    draws: ArrayLike | pd.DataFrame,
    *,
    threshold_pct: float = 10.0,
    level: float = 0.9,
    year: int | None = None,
    previous: pd.Series | None = None,
) -> Robustness:
    """Rerun ``rule`` on every draw of the need (see the module docstring).

    Parameters
    ----------
    draws
        Array draws × recipients (columns in the order of ``recipients``) or a frame
        with one column per recipient id; values replace the ``need`` column.
    threshold_pct
        The change (percent of the baseline amount) whose probability is reported.
    level
        Coverage of the interval (0.9: 5th-95th percentile).
    """
    if not 0 < level < 1:
        raise SpecError(f"level: {level} is not in (0, 1)")
    # like allocate_schedule: without a previous allocation dampening is not applied
    # (the first year of a schedule) rather than refused
    require = previous is not None
    if rule.is_schedule and year is None:
        raise SpecError(f"rule {rule.name!r} has a budget schedule; pass year=")
    if not rule.is_schedule:
        year = rule.year
    base = _allocate(rule, recipients, year, previous, None, require_previous=require)
    prep = _prepare(rule, recipients, previous, require_previous=require)
    arr = _draws(draws, recipients, prep)
    per = UNITS[rule.unit]
    year = base.year
    rows, failed = [], 0
    for d, need in enumerate(arr):
        try:
            _, total = _run(rule, prep, year, need)
        except InfeasibleRuleError:
            failed += 1
            continue
        except SpecError as exc:
            raise SpecError(f"draw {d}: {exc}") from None
        rows.append(total / per)
    if not rows:
        raise InfeasibleRuleError("robustness: the rule is infeasible for every draw")
    amounts = pd.DataFrame(np.vstack(rows), columns=pd.Index(prep.ids, name="recipient"))
    order = list(base.amounts.index)
    amounts = amounts[order]
    b = base.euros.to_numpy()
    values = amounts.to_numpy()
    change = np.abs(values - b) > threshold_pct / 100 * b + 1e-9
    tail = (1 - level) / 2
    summary = pd.DataFrame(
        {
            "name": base.recipients.get("name", order),
            "baseline": b,
            "mean": values.mean(axis=0),
            "low": np.quantile(values, tail, axis=0),
            "high": np.quantile(values, 1 - tail, axis=0),
            "p_change": change.mean(axis=0),
        },
        index=pd.Index(order, name="recipient"),
    )
    return Robustness(base, amounts, summary, threshold_pct, level, failed)


@dataclass(frozen=True)
class Factor:
    """A method choice for :func:`sensitivity`.

    Attributes
    ----------
    name
        Shown in results.
    path
        Where the choice sits in the rule's plain data, dotted (``tiers.0.key.alpha``,
        ``tiers.0.floor``, ``tiers.0.key``).
    low, high
        A continuous range, or
    choices
        Discrete alternatives (numbers, strings or whole sub-specs as dicts; ``None``
        removes the field), sampled with equal probability.
    """

    name: str
    path: str
    low: float | None = None
    high: float | None = None
    choices: tuple[Any, ...] | None = None

    def value(self, u: float) -> Any:
        """The choice for a uniform number ``u`` in [0, 1)."""
        if self.choices is not None:
            return self.choices[min(int(u * len(self.choices)), len(self.choices) - 1)]
        assert self.low is not None and self.high is not None
        return self.low + u * (self.high - self.low)

    def check(self) -> None:
        """Exactly a range or a list of choices."""
        if (self.choices is None) == (self.low is None or self.high is None):
            raise SpecError(f"factor {self.name!r}: give low and high, or choices")
        if self.choices is not None and not self.choices:
            raise SpecError(f"factor {self.name!r}: choices is empty")


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node: Any = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value


def _variant(rule: AllocationRule, factors: Sequence[Factor], row: FloatArray) -> AllocationRule:
    data = rule.model_dump(mode="json", exclude_defaults=True)
    for f, u in zip(factors, row, strict=True):
        try:
            _set(data, f.path, copy.deepcopy(f.value(float(u))))
        except (KeyError, IndexError, TypeError):
            raise SpecError(f"factor {f.name!r}: no field {f.path!r} in the rule") from None
    return AllocationRule.from_dict(data)


@dataclass(frozen=True)
class Sensitivity:
    """Sobol indices of every recipient's amount per method choice.

    ``first_order`` and ``total_order`` are recipients × factors; ``shares`` gives per
    factor the variance-weighted average (``first``, ``total``); ``variance`` the
    variance of each recipient's amount in euros².
    """

    factors: tuple[str, ...]
    first_order: pd.DataFrame
    total_order: pd.DataFrame
    variance: pd.Series
    shares: pd.DataFrame
    n: int
    seed: int


def sensitivity(
    recipients: pd.DataFrame,
    rule: AllocationRule,
    factors: Sequence[Factor],
    *,
    draws: ArrayLike | pd.DataFrame | None = None,
    n: int = 256,
    seed: int = 0,
    year: int | None = None,
    previous: pd.Series | None = None,
) -> Sensitivity:
    """Sobol shares of allocation variance per method choice (see the module docstring).

    ``n`` base samples (a power of two) give ``n × (k + 2)`` allocations for ``k``
    factors (the need draws count as one factor when given).
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    for f in factors:
        f.check()
    names = [f.name for f in factors] + (["need"] if draws is not None else [])
    if len(set(names)) != len(names) or not names:
        raise SpecError(f"factors: give distinct names, got {names}")
    prep = _prepare(rule, recipients, previous)
    arr = None if draws is None else _draws(draws, recipients, prep)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    x = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    per = UNITS[rule.unit]
    base_year = allocate(recipients, rule, year=year, previous=previous).year
    out = np.empty((x.shape[0], len(prep.ids)))
    cache: dict[str, tuple[AllocationRule, _Prepared]] = {}
    bad = 0
    for r, row in enumerate(x):
        variant = _variant(rule, factors, row[: len(factors)])
        key = variant.model_dump_json()
        if key not in cache:
            check(recipients, variant, previous)
            cache[key] = (variant, replace(prep, members=_members(variant, pd.Index(prep.ids))))
        variant, vprep = cache[key]
        need = vprep.columns.get("need")
        if arr is not None:
            need = arr[min(int(row[-1] * arr.shape[0]), arr.shape[0] - 1)]
        try:
            out[r] = _run(variant, vprep, base_year, need)[1] / per
        except InfeasibleRuleError:
            bad += 1
    if bad:
        raise InfeasibleRuleError(
            f"sensitivity: {bad} of {x.shape[0]} combinations are infeasible; narrow the "
            "factor ranges so every combination can be met"
        )
    order = list(pd.Index(recipients.index.astype(str)))
    cols = pd.Index(prep.ids)
    s1 = pd.DataFrame(0.0, index=pd.Index(order, name="recipient"), columns=names)
    st = s1.copy()
    var = pd.Series(out.var(axis=0), index=cols).reindex(order)
    for j, rid in enumerate(prep.ids):
        if var[rid] <= 1e-12:
            continue
        res = sobol_analyze.analyze(
            problem, out[:, j], calc_second_order=False, print_to_console=False, seed=seed
        )
        s1.loc[rid] = np.clip(np.nan_to_num(res["S1"]), 0, 1)
        st.loc[rid] = np.clip(np.nan_to_num(res["ST"]), 0, 1)
    weights = var.to_numpy()
    total_var = weights.sum()
    shares = pd.DataFrame(
        {
            "first": (s1.to_numpy() * weights[:, None]).sum(axis=0) / total_var
            if total_var > 0
            else 0.0,
            "total": (st.to_numpy() * weights[:, None]).sum(axis=0) / total_var
            if total_var > 0
            else 0.0,
        },
        index=pd.Index(names, name="factor"),
    )
    return Sensitivity(tuple(names), s1, st, var.rename("variance"), shares, n, seed)
