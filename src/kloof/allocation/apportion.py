r"""Exact money: floors and caps resolved, then whole units by largest remainder.

Given formula amounts :math:`s_i \ge 0` of a tier with budget :math:`B` (whole units)
and bounds :math:`L_i \le U_i` (floors, caps and dampening combined), the tier pays

.. math:: x_i(\lambda) = \min(U_i, \max(L_i, \lambda s_i)), \qquad \sum_i x_i = B

with one scalar :math:`\lambda \ge 0`: recipients at a bound get the bound, all others
share what is left *in proportion to their formula amounts*. This is the fixed point of
the usual iteration "pin every recipient that breaks a floor or cap, rescale the others,
repeat", found here exactly: :math:`\sum_i x_i(\lambda)` is piecewise linear and
non-decreasing in :math:`\lambda`, so :func:`resolve` locates the segment between the
breakpoints :math:`L_i/s_i`, :math:`U_i/s_i` that holds :math:`B` and solves it. A
solution exists if and only if :math:`\sum_i L_i \le B \le \sum_{s_i>0} U_i +
\sum_{s_i=0} L_i`; otherwise :class:`InfeasibleRuleError` says which side fails.

:func:`largest_remainder` then rounds to whole units (Hamilton's method): every
recipient gets :math:`\lfloor x_i \rfloor`, and the units still missing go to the
largest remainders (ties to the smaller recipient id, so the order of the input does
not matter). Bounds are whole units, so rounding never breaks a floor or cap.

References
----------
Balinski M. L. & Young H. P. (2001), *Fair Representation*, 2nd ed., Brookings
(Hamilton / largest-remainder apportionment). Ministerie van BZK, *Financiële
verhoudingen*: "suppletie-uitkering ingroeipad" (dampening of redistribution effects).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kloof.errors import SpecError

__all__ = ["InfeasibleRuleError", "Resolved", "largest_remainder", "resolve"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


class InfeasibleRuleError(SpecError):
    """The floors, caps and dampening of a rule cannot all hold with its budget."""


@dataclass(frozen=True)
class Resolved:
    """Floors and caps resolved (real-valued amounts in money units).

    Attributes
    ----------
    amounts
        :math:`x_i`, summing to the budget.
    scale
        :math:`\\lambda`: free recipients get :math:`\\lambda s_i`.
    at_lower, at_upper
        Which recipients sit at their lower or upper bound.
    """

    amounts: FloatArray
    scale: float
    at_lower: NDArray[np.bool_]
    at_upper: NDArray[np.bool_]


def _money(units: float) -> str:
    return f"{units:,.0f}"


def resolve(
    formula: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    budget: float,
    *,
    ids: Sequence[str] = (),
    what: str = "tier",
) -> Resolved:
    r"""Solve :math:`\sum_i \min(U_i, \max(L_i, \lambda s_i)) = B` for :math:`\lambda`.

    Parameters
    ----------
    formula
        Formula amounts :math:`s_i \ge 0` (any scale; only proportions matter).
    lower, upper
        Bounds in the budget's units (``upper`` may be ``inf``), :math:`0 \le L \le U`.
    budget
        :math:`B`.
    ids, what
        Names for error messages.

    Raises
    ------
    InfeasibleRuleError
        When a floor exceeds a cap, the floors exceed the budget, or the caps (and
        recipients whose formula amount is zero) cannot absorb it.

    Examples
    --------
    >>> r = resolve(np.array([1.0, 1.0, 8.0]), np.array([2.0, 2, 0]), np.full(3, np.inf), 10)
    >>> r.amounts.tolist(), r.scale
    ([2.0, 2.0, 6.0], 0.75)
    """
    s = np.asarray(formula, dtype="float64")
    lo = np.asarray(lower, dtype="float64")
    hi = np.asarray(upper, dtype="float64")
    names = list(ids) or [str(i) for i in range(s.size)]
    crossed = lo > hi
    if crossed.any():
        i = int(np.flatnonzero(crossed)[0])
        raise InfeasibleRuleError(
            f"{what}: recipient {names[i]!r} has a floor of {_money(lo[i])} above its cap of "
            f"{_money(hi[i])} (floors, caps and dampening combined); "
            f"{int(crossed.sum())} recipient(s) affected"
        )
    tol = 1e-6  # bounds and budget are whole units
    if lo.sum() > budget + tol:
        raise InfeasibleRuleError(
            f"{what}: the floors need {_money(lo.sum())} in total but the budget is "
            f"{_money(budget)}; lower the floors or raise the budget"
        )
    pos = s > 0
    reach = float(hi[pos].sum() + lo[~pos].sum())
    if reach < budget - tol:
        zero = int((~pos).sum())
        extra = f" ({zero} recipient(s) have a formula amount of zero)" if zero else ""
        raise InfeasibleRuleError(
            f"{what}: the caps allow at most {_money(reach)} in total but the budget is "
            f"{_money(budget)}{extra}; raise the caps or lower the budget"
        )
    lam = 0.0 if not pos.any() or lo.sum() >= budget - tol else _scale(s, lo, hi, budget)
    raw = lam * s
    amounts = np.clip(raw, lo, hi)
    # a recipient exactly at a bound counts as held by it (λ is not unique when every
    # recipient sits at a bound)
    near = 1e-9 * np.maximum(1.0, np.abs(lo))
    at_lower = (raw <= lo + near) & (lo > 0)
    finite_hi = np.where(np.isfinite(hi), hi, np.inf)
    slack = 1e-9 * np.maximum(1.0, np.where(np.isfinite(hi), np.abs(hi), 0.0))
    at_upper = np.isfinite(hi) & (raw >= finite_hi - slack) & ~at_lower
    return Resolved(amounts, lam, at_lower, at_upper)


def _scale(s: FloatArray, lo: FloatArray, hi: FloatArray, budget: float) -> float:
    """The exact :math:`\\lambda` (see :func:`resolve`); needs a feasible problem."""
    pos = s > 0
    sp, lp, hp = s[pos], lo[pos], hi[pos]
    fixed = float(lo[~pos].sum())
    points = np.concatenate([[0.0], lp / sp, hp / sp])
    points = np.unique(points[np.isfinite(points)])

    def total(lam: float) -> float:
        return fixed + float(np.clip(lam * sp, lp, hp).sum())

    # the largest breakpoint whose total does not exceed the budget (total is monotone)
    left, right = 0, points.size - 1
    while left < right:
        mid = (left + right + 1) // 2
        if total(points[mid]) <= budget:
            left = mid
        else:
            right = mid - 1
    a = float(points[left])
    b = float(points[left + 1]) if left + 1 < points.size else np.inf
    # on (a, b) every recipient is either free, at its cap or at its floor
    free = (lp / sp <= a) & (hp / sp >= b)
    at_cap = hp / sp <= a
    const = fixed + float(hp[at_cap].sum() + lp[~free & ~at_cap].sum())
    slope = float(sp[free].sum())
    lam = a if slope <= 0 else (budget - const) / slope
    return float(min(max(lam, a), b))


def largest_remainder(
    amounts: FloatArray,
    budget: int,
    lower: IntArray,
    upper: IntArray,
    priority: FloatArray | None = None,
) -> IntArray:
    r"""Round real amounts to whole units summing exactly to ``budget``.

    Every recipient gets :math:`\lfloor x_i \rfloor` (kept within its integer bounds);
    the missing units go one each to the largest remainders. Equal remainders go first
    to the higher ``priority`` (the need, so that more need never gets less even when
    two formula amounts coincide in floating point), then to the earlier position
    (callers sort recipients by id). Units are never given above ``upper`` nor taken
    below ``lower``.

    Examples
    --------
    >>> largest_remainder(np.array([3.5, 3.5, 3.0]), 10, np.zeros(3, int), np.full(3, 99)).tolist()
    [4, 3, 3]
    """
    x = np.asarray(amounts, dtype="float64")
    lo = np.asarray(lower, dtype="int64")
    hi = np.asarray(upper, dtype="int64")
    base = np.floor(x + 1e-9).astype("int64")
    base = np.minimum(np.maximum(base, lo), hi)
    frac = x - base
    missing = int(budget - base.sum())
    order = np.arange(x.size)
    prio = np.zeros(x.size) if priority is None else np.asarray(priority, dtype="float64")
    prio = np.where(np.isfinite(prio), prio, -np.inf)
    if missing > 0:
        room = base < hi
        pick = np.lexsort((order, -prio, -frac))
        pick = pick[room[pick]]
        if missing > pick.size:
            raise InfeasibleRuleError(
                f"rounding: {missing} unit(s) to give but only {pick.size} recipient(s) below "
                "their cap"
            )
        base[pick[:missing]] += 1
    elif missing < 0:
        room = base > lo
        pick = np.lexsort((-order, prio, frac))
        pick = pick[room[pick]]
        if -missing > pick.size:
            raise InfeasibleRuleError("rounding: the floors take more than the budget")
        base[pick[:-missing]] -= 1
    return base
