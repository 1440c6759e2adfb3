"""Running a rule: recipients in, an exact and explained allocation out.

The recipients are a frame indexed by recipient id (strings) with the columns
``name``, ``population``, ``households``, ``need`` and any measures a key names; the
caller builds it (the command line from the store). :func:`allocate` checks the rule
against the frame (:func:`check`), then per tier selects the recipients, computes the
formula amounts with the tier's key, resolves floors, caps and dampening
(:func:`kloof.allocation.apportion.resolve`) and rounds to whole units
(:func:`kloof.allocation.apportion.largest_remainder`). Recipients are processed in
sorted id order, so the result does not depend on the order of the frame.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame(
...     {"name": ["A", "B", "C"], "population": [100.0, 100, 200], "need": [1.0, 3, 1]},
...     index=pd.Index(["a", "b", "c"], name="recipient"),
... )
>>> rule = AllocationRule.from_dict(
...     {"name": "demo", "budget": 1000, "key": {"kind": "need_weighted"}}
... )
>>> allocate(frame, rule).amounts.tolist()
[167, 500, 333]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pandas.api.types import is_numeric_dtype

from kloof.allocation import keys as _keys
from kloof.allocation.apportion import (
    InfeasibleRuleError,
    largest_remainder,
    resolve,
)
from kloof.allocation.constraints import per_resident_dampening, select, tier_bounds, whole_units
from kloof.allocation.result import Allocation, Schedule, TierResult
from kloof.allocation.rule import UNITS, AllocationRule, Tier
from kloof.errors import SpecError

__all__ = ["allocate", "allocate_schedule", "allocate_year", "check"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def _needed(tier: Tier) -> set[str]:
    cols: set[str] = set()
    key = tier.key
    inner = key.variable if isinstance(key, _keys.BasePlusVariableKey) else key
    if isinstance(inner, _keys.PerCapitaKey):
        cols.add("population")
    elif isinstance(inner, _keys.PerHouseholdKey):
        cols.add("households")
    elif isinstance(inner, _keys.NeedWeightedKey):
        cols |= {inner.weight, "need"}
    elif isinstance(inner, _keys.GemeentefondsKey):
        for m in inner.measures:
            cols.add(m.column)
            if m.threshold is not None:
                cols.add(m.base)
    for bound in (tier.floor, tier.cap):
        if bound is not None and bound.per_capita is not None:
            cols.add("population")
    if per_resident_dampening(tier):
        cols.add("population")
    if tier.select is not None:
        if tier.select.min_population is not None:
            cols.add("population")
        if tier.select.top is not None or tier.select.min_need is not None:
            cols.add("need")
    cols.discard(_keys.CONSTANT)
    return cols


def _members(rule: AllocationRule, ids: pd.Index) -> list[NDArray[np.intp]]:
    named = {r for t in rule.tiers if isinstance(t.recipients, tuple) for r in t.recipients}
    out = []
    for t in rule.tiers:
        if t.recipients == "all":
            mask = np.ones(len(ids), bool)
        elif t.recipients == "rest":
            mask = ~ids.isin(sorted(named))
        else:
            mask = ids.isin(list(t.recipients))
        out.append(np.flatnonzero(mask))
    return out


def check(
    recipients: pd.DataFrame,
    rule: AllocationRule,
    previous: pd.Series | None = None,
    *,
    require_previous: bool = True,
) -> None:
    """Check a rule against a recipients frame before computing anything.

    Raises
    ------
    SpecError
        Duplicate recipient ids, recipients named by the rule but not in the frame,
        columns a key or bound needs but the frame lacks, dampening without a previous
        allocation (unless ``require_previous`` is false: the first year of a
        schedule) or with recipients in two tiers.
    """
    ids = pd.Index(recipients.index.astype(str))
    if ids.has_duplicates:
        dup = sorted(set(ids[ids.duplicated()]))[:8]
        raise SpecError(f"recipients: ids must be unique, repeated: {dup}")
    for t in rule.tiers:
        if isinstance(t.recipients, tuple):
            unknown = [r for r in t.recipients if r not in ids]
            if unknown:
                raise SpecError(
                    f"tier {t.name!r}: unknown recipients {unknown[:8]}"
                    + (f" (+{len(unknown) - 8} more)" if len(unknown) > 8 else "")
                    + f"; the recipients are e.g. {list(ids[:5])}"
                )
        lacking = sorted(_needed(t) - set(recipients.columns))
        if lacking:
            raise SpecError(
                f"tier {t.name!r}: the recipients frame lacks the column(s) {lacking} that "
                f"its key ({t.key.kind}), bounds or selection need"
            )
        text = [c for c in sorted(_needed(t)) if not is_numeric_dtype(recipients[c].dtype)]
        if text:
            raise SpecError(f"tier {t.name!r}: the column(s) {text} must be numeric")
    members = _members(rule, ids)
    counts = np.zeros(len(ids), int)
    for m in members:
        counts[m] += 1
    for t, m in zip(rule.tiers, members, strict=True):
        if t.dampening is None:
            continue
        if previous is None and require_previous:
            raise SpecError(
                f"tier {t.name!r}: dampening needs a previous allocation (pass previous=, "
                "or --previous FILE on the command line)"
            )
        shared = [ids[i] for i in m if counts[i] > 1]
        if shared:
            raise SpecError(
                f"tier {t.name!r}: dampening needs every recipient in one tier only; "
                f"{shared[:5]} are in more than one"
            )


@dataclass(frozen=True)
class _Prepared:
    ids: tuple[str, ...]
    columns: dict[str, FloatArray]
    members: list[NDArray[np.intp]]
    previous: FloatArray | None


def _prepare(
    rule: AllocationRule,
    recipients: pd.DataFrame,
    previous: pd.Series | None,
    *,
    require_previous: bool = True,
) -> _Prepared:
    check(recipients, rule, previous, require_previous=require_previous)
    frame = recipients.copy()
    frame.index = pd.Index(frame.index.astype(str), name="recipient")
    frame = frame.sort_index()
    columns: dict[str, FloatArray] = {}
    for col in frame.columns:
        if col != "name" and is_numeric_dtype(frame[col].dtype):
            columns[str(col)] = frame[col].to_numpy(dtype="float64", na_value=np.nan)
    prev = None
    if previous is not None:
        p = previous.copy()
        p.index = p.index.astype(str)
        prev = p.reindex(frame.index).to_numpy(dtype="float64", na_value=np.nan)
    return _Prepared(tuple(frame.index), columns, _members(rule, frame.index), prev)


# ----------------------------------------------------------------------- computing
@dataclass(frozen=True)
class _TierRun:
    index: NDArray[np.intp]
    outcome: _keys.KeyOutcome
    lower: FloatArray
    upper: FloatArray
    lower_src: list[str]
    upper_src: list[str]
    resolved: FloatArray
    scale: float
    at_lower: NDArray[np.bool_]
    at_upper: NDArray[np.bool_]
    amounts: IntArray
    notes: tuple[str, ...]


def _run_tier(
    rule: AllocationRule,
    t: int,
    prep: _Prepared,
    budget: int,
    need: FloatArray | None,
) -> _TierRun:
    tier = rule.tiers[t]
    per = UNITS[rule.unit]
    idx, notes = select(tier, prep.members[t], prep.columns.get("population"), need)
    cols = {k: v[idx] for k, v in prep.columns.items()}
    if need is not None:
        cols["need"] = need[idx]
    data = _keys.KeyData(tuple(prep.ids[i] for i in idx), cols)
    what = f"tier {tier.name!r}"
    if not len(data) and budget > 0:
        raise InfeasibleRuleError(f"{what}: no recipients left to receive {budget / per:,.0f} euro")
    try:
        outcome = _keys.compute(tier.key, data, budget / per)
    except InfeasibleRuleError:
        raise
    except SpecError as exc:
        raise SpecError(f"{what}: {exc}") from None
    prev = None if prep.previous is None else prep.previous[idx]
    lo, hi, lo_src, hi_src = tier_bounds(tier, data, prev, budget / per, outcome.amounts)
    soft_lo = np.array([src == "dampening" for src in lo_src], dtype=bool)
    soft_hi = np.array([src == "dampening" for src in hi_src], dtype=bool)
    lo_u, hi_u, hi_f = whole_units(lo, hi, per, soft_lo, soft_hi)
    res = resolve(
        outcome.amounts * per, lo_u.astype("float64"), hi_f, budget, ids=data.ids, what=what
    )
    amounts = largest_remainder(res.amounts, budget, lo_u, hi_u, cols.get("need"))
    return _TierRun(
        idx,
        outcome,
        lo_u / per,
        hi_f / per,
        lo_src,
        hi_src,
        res.amounts / per,
        res.scale,
        res.at_lower,
        res.at_upper,
        amounts,
        notes,
    )


def _run(
    rule: AllocationRule, prep: _Prepared, year: int | None, need: FloatArray | None
) -> tuple[list[_TierRun], IntArray]:
    try:
        budgets = rule.tier_budgets(year)
    except ValueError as exc:
        raise SpecError(str(exc)) from None
    total = np.zeros(len(prep.ids), dtype="int64")
    runs = []
    for t, budget in enumerate(budgets):
        run = _run_tier(rule, t, prep, budget, need)
        total[run.index] += run.amounts
        runs.append(run)
    return runs, total


def _tier_result(rule: AllocationRule, prep: _Prepared, t: int, run: _TierRun) -> TierResult:
    ids = pd.Index([prep.ids[i] for i in run.index], name="recipient")
    binding = [
        lsrc if lo else usrc if up else ""
        for lo, up, lsrc, usrc in zip(
            run.at_lower, run.at_upper, run.lower_src, run.upper_src, strict=True
        )
    ]
    return TierResult(
        name=rule.tiers[t].name,
        budget=int(run.amounts.sum()),
        recipients=tuple(ids),
        formula=pd.DataFrame(dict(run.outcome.components), index=ids),
        scale=run.scale,
        resolved=pd.Series(run.resolved, index=ids, name="resolved"),
        lower=pd.Series(run.lower, index=ids, name="lower"),
        upper=pd.Series(run.upper, index=ids, name="upper"),
        binding=pd.Series(binding, index=ids, name="binding", dtype="object"),
        amounts=pd.Series(run.amounts, index=ids, name="amount"),
        notes=run.notes,
    )


def _log_line(rule: AllocationRule, tier: TierResult) -> str:
    per = UNITS[rule.unit]
    counts = tier.binding[tier.binding != ""].value_counts()
    bound = ", ".join(f"{n} at {what}" for what, n in counts.items()) or "no bound binding"
    key = rule.tiers[[t.name for t in rule.tiers].index(tier.name)].key
    return (
        f"tier {tier.name!r}: {len(tier.recipients)} recipient(s), key {key.kind}, "
        f"{tier.budget / per:,.2f} euro; {bound}; scale {tier.scale:.6g}"
    )


def allocate(
    recipients: pd.DataFrame,
    rule: AllocationRule,
    *,
    year: int | None = None,
    previous: pd.Series | None = None,
    provenance: Mapping[str, str] | None = None,
) -> Allocation:
    """Allocate one year's budget.

    Parameters
    ----------
    rule
        The rule. For a multi-year rule give ``year`` (or use :func:`allocate_schedule`).
    recipients
        Frame indexed by recipient id (see the module docstring).
    year
        Budget year of a schedule.
    previous
        Previous allocation in euros by recipient id (for dampening and comparison).
    provenance
        Where the recipients came from (data year, store, sources), kept in the result.

    Raises
    ------
    SpecError
        A rule that does not fit the recipients; :class:`InfeasibleRuleError` when the
        floors, caps and dampening cannot hold together with the budget.
    """
    if rule.is_schedule and year is None:
        raise SpecError(
            f"rule {rule.name!r} has a budget schedule {list(rule.budgets)}; pass year= "
            "or use allocate_schedule"
        )
    if not rule.is_schedule:
        year = rule.year
    return _allocate(rule, recipients, year, previous, provenance, require_previous=True)


def _allocate(
    rule: AllocationRule,
    recipients: pd.DataFrame,
    year: int | None,
    previous: pd.Series | None,
    provenance: Mapping[str, str] | None,
    *,
    require_previous: bool,
) -> Allocation:
    prep = _prepare(rule, recipients, previous, require_previous=require_previous)
    need = prep.columns.get("need")
    runs, total = _run(rule, prep, year, need)
    tiers = tuple(_tier_result(rule, prep, t, run) for t, run in enumerate(runs))
    order = pd.Index(recipients.index.astype(str), name="recipient")
    amounts = pd.Series(total, index=pd.Index(prep.ids, name="recipient"), name="amount")
    frame = recipients.copy()
    frame.index = order
    log = [_log_line(rule, t) for t in tiers] + [n for t in tiers for n in t.notes]
    if previous is None and any(t.dampening is not None for t in rule.tiers):
        log.append("no previous allocation: dampening not applied this year")
    prev = None
    if previous is not None:
        prev = previous.copy()
        prev.index = prev.index.astype(str)
        prev = prev.reindex(order).rename("previous")
    return Allocation(
        rule=rule,
        year=year,
        budget=rule.budgets[year],
        recipients=frame,
        amounts=amounts.reindex(order),
        tiers=tiers,
        previous=prev,
        provenance=dict(provenance or {}),
        log=tuple(log),
    )


def allocate_schedule(
    recipients: pd.DataFrame | Mapping[int, pd.DataFrame],
    rule: AllocationRule,
    *,
    previous: pd.Series | None = None,
    provenance: Mapping[str, str] | None = None,
) -> Schedule:
    """Allocate every year of a schedule; each year is dampened against the one before.

    ``recipients`` is one frame for all years or a frame per budget year. Without a
    ``previous`` allocation the first year is not dampened (and the log says so).
    """
    allocations = []
    prev = previous
    for year, _ in rule.budgets.items():
        if isinstance(recipients, pd.DataFrame):
            frame = recipients
        else:
            if year is None or year not in recipients:
                raise SpecError(f"no recipients frame for budget year {year}")
            frame = recipients[year]
        result = _allocate(rule, frame, year, prev, provenance, require_previous=False)
        allocations.append(result)
        prev = result.euros
    return Schedule(rule, tuple(allocations))


def allocate_year(
    recipients: pd.DataFrame,
    rule: AllocationRule,
    *,
    budget_year: int | None = None,
    previous: pd.Series | None = None,
    provenance: Mapping[str, str] | None = None,
) -> tuple[Allocation, Schedule | None]:
    """The allocation of one budget year, and the whole schedule when the rule has one.

    A one-year rule is allocated as it is (``budget_year`` is ignored); a schedule is
    allocated year by year (:func:`allocate_schedule`) and the year ``budget_year``
    (default: the first) is returned with it.

    Raises
    ------
    SpecError
        ``budget_year`` is not a year of the rule's schedule.
    """
    if not rule.is_schedule:
        return allocate(recipients, rule, previous=previous, provenance=provenance), None
    years = list(rule.budgets)
    pick = years[0] if budget_year is None else budget_year
    if pick not in years:
        raise SpecError(f"budget year {pick}: the rule's schedule has {years}")
    schedule = allocate_schedule(recipients, rule, previous=previous, provenance=provenance)
    return schedule.allocations[years.index(pick)], schedule
