"""Selection of a tier's recipients and the bounds on their amounts.

A tier may first *select* its recipients (the ``top`` neediest, a minimum need or
population); candidates without a need value are left out when selecting, and the
result's log says how many. The bounds of a recipient combine

* the rule's **floor** :math:`L^f_i = \\max(a, c\\,p_i)` and **cap**
  :math:`U^c_i = \\min(a, c\\,p_i)` (absolute amount :math:`a` and/or per resident
  :math:`c`, population :math:`p_i`), and
* **dampening** against the previous amount :math:`P_i` (the *ingroeipad*): with the
  baseline :math:`b_i = P_i` (``absolute``) or
  :math:`b_i = P_i\\,(B - \\sum_{new} s_j) / \\sum_{old} P_j` (``scaled``: the budget left
  after the new recipients' formula amounts, over the previous total),
  :math:`L^d_i = \\max(b_i(1 - \\ell/100),\\ b_i - \\ell' p_i)` and
  :math:`U^d_i = \\min(b_i(1 + g/100),\\ b_i + g' p_i)` for the given loss and gain
  limits in percent (:math:`\\ell, g`) and euros per resident (:math:`\\ell', g'`),

as :math:`L_i = \\max(L^f_i, L^d_i)` and :math:`U_i = \\min(U^c_i, U^d_i)`. New recipients
(no previous amount) are not dampened.

In whole units, the rule's floors and caps are rounded inward (a floor of €10.40 pays
at least €11) and dampening limits outward (they hold to within one unit); when no whole
unit fits between a floor and a cap, the floor wins.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from kloof.allocation import keys as _keys
from kloof.allocation.rule import Bound, Tier

__all__ = ["per_resident_dampening", "select", "tier_bounds", "whole_units"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
IdxArray = NDArray[np.intp]


def per_resident_dampening(tier: Tier) -> bool:
    d = tier.dampening
    return d is not None and (
        d.max_loss_per_resident is not None or d.max_gain_per_resident is not None
    )


def select(
    tier: Tier, idx: IdxArray, population: FloatArray | None, need: FloatArray | None
) -> tuple[IdxArray, tuple[str, ...]]:
    """The candidates ``idx`` (positions) that the tier's selection keeps, and notes."""
    sel = tier.select
    if sel is None:
        return idx, ()
    notes = []
    if sel.min_population is not None:
        assert population is not None
        pop = population[idx]
        keep = np.nan_to_num(pop, nan=-1.0) >= sel.min_population
        if (~keep).any():
            notes.append(f"{int((~keep).sum())} below {sel.min_population:,.0f} residents")
        idx = idx[keep]
    if sel.top is not None or sel.min_need is not None:
        assert need is not None
        n = need[idx]
        known = np.isfinite(n)
        if (~known).any():
            notes.append(f"{int((~known).sum())} without a need value")
        idx, n = idx[known], n[known]
        if sel.min_need is not None:
            keep = n >= sel.min_need
            if (~keep).any():
                notes.append(f"{int((~keep).sum())} with need below {sel.min_need:g}")
            idx, n = idx[keep], n[keep]
        if sel.top is not None and idx.size > sel.top:
            order = np.lexsort((idx, -n))  # neediest first, ties by id
            notes.append(f"{idx.size - sel.top} outside the top {sel.top} by need")
            idx = np.sort(idx[order[: sel.top]])
    return idx, tuple(f"tier {tier.name!r}: left out {x}" for x in notes)


def _bound(bound: Bound | None, pop: FloatArray | None, n: int, kind: str) -> FloatArray:
    if bound is None:
        return np.zeros(n) if kind == "floor" else np.full(n, np.inf)
    forms = []
    if bound.amount is not None:
        forms.append(np.full(n, bound.amount))
    if bound.per_capita is not None:
        assert pop is not None
        forms.append(bound.per_capita * pop)
    return np.maximum.reduce(forms) if kind == "floor" else np.minimum.reduce(forms)


def tier_bounds(
    tier: Tier, data: _keys.KeyData, prev: FloatArray | None, budget: float, formula: FloatArray
) -> tuple[FloatArray, FloatArray, list[str], list[str]]:
    """Bounds in euros and which constraint sets each (``floor``, ``cap``, ``dampening``).

    The dampening baseline is the previous amount :math:`P_i`; ``scaled`` multiplies it
    by :math:`(B - \\sum_{new} s_j) / \\sum_{old} P_j`, the budget left after the new
    recipients' formula amounts over the previous total, so the limits bound the
    redistribution rather than the growth of the budget. New recipients (no previous
    amount) are not dampened.
    """
    n = len(data)
    needs_pop = any(b is not None and b.per_capita is not None for b in (tier.floor, tier.cap))
    needs_pop |= per_resident_dampening(tier)
    d = tier.dampening
    pop = data.column("population", f"tier {tier.name!r} bounds") if needs_pop else None
    lo = _bound(tier.floor, pop, n, "floor")
    hi = _bound(tier.cap, pop, n, "cap")
    lo_src = ["floor" if tier.floor is not None else ""] * n
    hi_src = ["cap" if tier.cap is not None else ""] * n
    if d is not None and prev is not None:
        has = np.isfinite(prev)
        base = np.where(has, prev, 0.0)
        if d.baseline == "scaled" and base.sum() > 0:
            left = max(0.0, budget - float(formula[~has].sum()))
            base = base * left / base.sum()
        dlo, dhi = np.zeros(n), np.full(n, np.inf)
        if d.max_loss_pct is not None:
            dlo = np.maximum(dlo, base * (1 - d.max_loss_pct / 100))
        if d.max_loss_per_resident is not None and pop is not None:
            dlo = np.maximum(dlo, base - d.max_loss_per_resident * pop)
        if d.max_gain_pct is not None:
            dhi = np.minimum(dhi, base * (1 + d.max_gain_pct / 100))
        if d.max_gain_per_resident is not None and pop is not None:
            dhi = np.minimum(dhi, base + d.max_gain_per_resident * pop)
        dlo, dhi = np.where(has, dlo, 0.0), np.where(has, dhi, np.inf)
        lo_src = ["dampening" if a > b else s for a, b, s in zip(dlo, lo, lo_src, strict=True)]
        hi_src = ["dampening" if a < b else s for a, b, s in zip(dhi, hi, hi_src, strict=True)]
        lo, hi = np.maximum(lo, dlo), np.minimum(hi, dhi)
    return lo, hi, lo_src, hi_src


def whole_units(
    lo: FloatArray, hi: FloatArray, per: int, soft_lo: BoolArray, soft_hi: BoolArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """Whole-unit bounds. Floors and caps of the rule are rounded inward (a floor of
    €10.40 pays at least €11); dampening limits outward (within one unit). When no whole
    unit fits between a floor and a cap the floor wins. ``inf`` stays a float."""
    x_lo = np.round(lo * per, 6)
    lo_u = np.where(soft_lo, np.floor(x_lo), np.ceil(x_lo)).astype("int64")
    big = np.iinfo(np.int64).max // 4
    finite = np.isfinite(hi)
    x_hi = np.round(np.where(finite, hi, 0.0) * per, 6)
    hi_f = np.where(finite, np.where(soft_hi, np.ceil(x_hi), np.floor(x_hi)), np.inf)
    hi_f = np.where((lo <= hi) & (lo_u > hi_f), lo_u.astype("float64"), hi_f)
    hi_u = np.where(np.isfinite(hi_f), hi_f, big).astype("int64")
    return lo_u, hi_u, hi_f
