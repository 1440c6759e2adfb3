"""Floors and caps resolved exactly; largest remainder; infeasible rules say why."""

from __future__ import annotations

import numpy as np
import pytest

from kloof.allocation import InfeasibleRuleError, largest_remainder, resolve

INF = np.inf


def test_no_bounds_is_the_formula() -> None:
    r = resolve(np.array([1.0, 2.0, 7.0]), np.zeros(3), np.full(3, INF), 10.0)
    assert r.amounts.tolist() == [1.0, 2.0, 7.0]
    assert r.scale == pytest.approx(1.0)
    assert not r.at_lower.any() and not r.at_upper.any()


def test_floor_then_rescale_the_others() -> None:
    # A floor of 2 on the first two; the third gets the remaining 6 (λ = 0.75)
    r = resolve(np.array([1.0, 1.0, 8.0]), np.array([2.0, 2.0, 0.0]), np.full(3, INF), 10.0)
    assert r.amounts.tolist() == [2.0, 2.0, 6.0]
    assert r.at_lower.tolist() == [True, True, False]


def test_cap_pushes_money_down_and_a_cascade_of_bounds() -> None:
    # formula 10, 30, 60 with cap 40: the capped 20 go to the others 1:3 → 15, 45? no: the
    # second would then exceed its cap of 40 as well → both capped, the first takes the rest
    s = np.array([10.0, 30.0, 60.0])
    r = resolve(s, np.zeros(3), np.array([INF, 40.0, 40.0]), 100.0)
    assert r.amounts.tolist() == [20.0, 40.0, 40.0]
    assert r.at_upper.tolist() == [False, True, True]
    # floor on one, cap on another at the same time
    r = resolve(s, np.array([25.0, 0, 0]), np.array([INF, INF, 50.0]), 100.0)
    assert r.amounts.sum() == pytest.approx(100.0)
    assert r.amounts[0] == 25.0 and r.amounts[2] == 50.0


def test_zero_formula_recipients_only_get_their_floor() -> None:
    r = resolve(np.array([0.0, 5.0]), np.array([3.0, 0.0]), np.full(2, INF), 10.0)
    assert r.amounts.tolist() == [3.0, 7.0]


@pytest.mark.parametrize(
    ("lower", "upper", "budget", "message"),
    [
        ([6.0, 6.0], [INF, INF], 10.0, "floors need 12"),
        ([0.0, 0.0], [3.0, 3.0], 10.0, "caps allow at most 6"),
        ([5.0, 0.0], [4.0, INF], 10.0, "floor of 5 above its cap of 4"),
    ],
)
def test_infeasible_says_why(
    lower: list[float], upper: list[float], budget: float, message: str
) -> None:
    with pytest.raises(InfeasibleRuleError, match=message):
        resolve(np.array([1.0, 1.0]), np.array(lower), np.array(upper), budget, ids=["a", "b"])


def test_caps_and_zero_formula_cannot_absorb() -> None:
    with pytest.raises(InfeasibleRuleError, match="formula amount of zero"):
        resolve(np.array([0.0, 1.0]), np.zeros(2), np.array([INF, 4.0]), 10.0)


def test_largest_remainder() -> None:
    lo, hi = np.zeros(3, dtype="int64"), np.full(3, 100, dtype="int64")
    assert largest_remainder(np.array([3.3, 3.3, 3.4]), 10, lo, hi).tolist() == [3, 3, 4]
    # ties go to the earlier position (callers sort by id)
    assert largest_remainder(np.array([2.5, 2.5, 5.0]), 10, lo, hi).tolist() == [3, 2, 5]
    # a unit is never given above a cap
    capped = np.array([100, 3, 100], dtype="int64")
    assert largest_remainder(np.array([3.4, 3.0, 3.6]), 10, lo, capped).tolist() == [3, 3, 4]
