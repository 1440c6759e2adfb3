"""Edits of an allocation rule's key, as the dashboard offers them.

:func:`editable` gives a rule's current value of every :data:`EDITABLE` field;
:func:`edit_rule` returns a validated copy with the budget, the need exponent, the base
amount, a floor or a cap changed.
"""

from __future__ import annotations

from typing import Any

from kloof.errors import SpecError

__all__ = ["EDITABLE", "edit_rule", "editable"]

#: What :func:`edit_rule` can change, in the order the dashboard shows it.
EDITABLE: tuple[str, ...] = ("budget", "alpha", "base", "floor", "cap")


def editable(rule: Any) -> dict[str, Any]:
    """The rule's current value of every :data:`EDITABLE` field it has (``None``: absent).

    ``budget`` is the first budget year's of a schedule; ``alpha`` the need exponent
    of the first need-weighted key; ``base`` the first base amount; ``floor`` and ``cap``
    the first absolute amounts. Fields a rule does not have are left out.
    """
    from kloof.allocation.keys import BasePlusVariableKey, NeedWeightedKey

    out: dict[str, Any] = {"budget": next(iter(rule.budgets.values()))}
    for tier in rule.tiers:
        key = tier.key
        if isinstance(key, BasePlusVariableKey):
            out.setdefault("base", key.base)
            key = key.variable
        if isinstance(key, NeedWeightedKey):
            out.setdefault("alpha", key.alpha)
        if tier.floor is not None and tier.floor.amount is not None:
            out.setdefault("floor", tier.floor.amount)
        if tier.cap is not None and tier.cap.amount is not None:
            out.setdefault("cap", tier.cap.amount)
    out.setdefault("floor", None)
    out.setdefault("cap", None)
    return out


def edit_rule(
    rule: Any,
    *,
    budget: float | None = None,
    budget_year: int | None = None,
    alpha: float | None = None,
    base: float | None = None,
    floor: float | None = None,
    cap: float | None = None,
) -> Any:
    """A validated copy of ``rule`` with the key edited (``None`` leaves a field as is).

    Parameters
    ----------
    budget
        Total budget in euros; for a schedule, the budget of ``budget_year`` (default:
        the first year).
    alpha
        Need exponent :math:`\\alpha` of every need-weighted key (also inside a
        base-plus-variable key).
    base
        Base amount per recipient of every base-plus-variable key.
    floor, cap
        An absolute floor or cap per recipient (euros) on every tier; a per-resident
        bound the tier has is kept.

    Raises
    ------
    SpecError
        When the rule has no such field (e.g. ``alpha`` for a Gemeentefonds key) or the
        edited rule is invalid (e.g. fixed tiers above the new budget).
    """
    from kloof.allocation import AllocationRule, Bound
    from kloof.allocation.keys import BasePlusVariableKey, NeedWeightedKey

    has = editable(rule)
    for name, value in (("alpha", alpha), ("base", base)):
        if value is not None and name not in has:
            raise SpecError(f"rule {rule.name!r} has no {name} to edit")
    update: dict[str, Any] = {}
    if budget is not None:
        if rule.is_schedule:
            years = list(rule.budgets)
            year = years[0] if budget_year is None else budget_year
            if year not in years:
                raise SpecError(f"budget_year {year}: the rule's schedule has {years}")
            update["budget"] = {**rule.budget, year: float(budget)}
        else:
            update["budget"] = float(budget)

    def key_of(key: Any) -> Any:
        if isinstance(key, BasePlusVariableKey):
            changes: dict[str, Any] = {"variable": key_of(key.variable)}
            if base is not None:
                changes["base"] = base
            return key.model_copy(update=changes)
        if isinstance(key, NeedWeightedKey) and alpha is not None:
            return key.model_copy(update={"alpha": alpha})
        return key

    def bound(old: Any, amount: float | None) -> Any:
        if amount is None:
            return old
        per_capita = None if old is None else old.per_capita
        return Bound(amount=amount, per_capita=per_capita)

    update["tiers"] = tuple(
        t.model_copy(
            update={"key": key_of(t.key), "floor": bound(t.floor, floor), "cap": bound(t.cap, cap)}
        )
        for t in rule.tiers
    )
    edited = rule.model_copy(update=update)
    # model_copy does not validate: round-trip through the model to check the edit
    return AllocationRule.from_dict(edited.model_dump())
