"""The allocation rule: a budget, its tiers and keys, floors, caps and dampening, as data.

An :class:`AllocationRule` is a frozen pydantic model that round-trips through YAML. It
holds everything needed to recompute an allocation: the budget (one year or a multi-year
schedule), the money unit (whole euros or cents), one or more *tiers* (a fixed pot for
named recipients, the rest by formula, ...) each with a key from
:data:`kloof.allocation.keys.KEYS`, floors, caps and dampening against a previous
allocation (the *ingroeipad*), and, for the command line, where the recipients and
their need come from (``data`` and ``need``). The structure is checked when the rule
is built; :func:`kloof.allocation.check` then checks it against a recipients frame, so
every bad rule fails with a clear message before any number is computed.

Examples
--------
>>> rule = AllocationRule.from_yaml('''
... name: voorbeeld
... budget: 1000000
... key: {kind: need_weighted, alpha: 1}
... floor: {amount: 50000}
... ''')
>>> rule.tiers[0].key.kind, rule.tiers[0].floor.amount
('need_weighted', 50000.0)
>>> AllocationRule.from_yaml(rule.to_yaml()) == rule
True
"""

from __future__ import annotations

import math
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kloof.allocation.keys import Key, PerCapitaKey
from kloof.bilingual import Described
from kloof.errors import SpecError

__all__ = [
    "UNITS",
    "AllocationRule",
    "Bound",
    "Dampening",
    "DataSpec",
    "NeedSpec",
    "RecipientSource",
    "Selection",
    "Tier",
]

#: Money units: how many units one euro has.
UNITS: dict[str, int] = {"euro": 1, "cent": 100}

#: Fields that may be given at the top level of a one-tier rule.
_TIER_SHORTHAND = ("key", "floor", "cap", "dampening", "select", "recipients")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Bound(_Frozen):
    """A floor or cap: an absolute amount and/or an amount per resident.

    When both are given, a floor is the larger of the two and a cap the smaller.
    """

    amount: float | None = Field(default=None, ge=0.0)
    per_capita: float | None = Field(default=None, ge=0.0)

    @model_validator(mode="after")
    def _something(self) -> Bound:
        if self.amount is None and self.per_capita is None:
            raise ValueError("give amount and/or per_capita")
        return self


class Dampening(_Frozen):
    """Limits on the change against a previous allocation (the ingroeipad).

    Every given limit must hold (the tightest wins). ``max_change_pct`` and
    ``max_change_per_resident`` are shorthands setting the loss and gain limit alike.

    Attributes
    ----------
    max_loss_pct, max_gain_pct
        At most this many percent less / more than the baseline.
    max_loss_per_resident, max_gain_per_resident
        At most this many euros per resident less / more than the baseline.
    baseline
        ``scaled`` (default): the previous amounts scaled to this tier's budget, so the
        limits bound the redistribution, not the growth of the budget; ``absolute``:
        the previous amounts as they were.
    """

    max_loss_pct: float | None = Field(default=None, ge=0.0, le=100.0)
    max_gain_pct: float | None = Field(default=None, ge=0.0)
    max_loss_per_resident: float | None = Field(default=None, ge=0.0)
    max_gain_per_resident: float | None = Field(default=None, ge=0.0)
    baseline: Literal["scaled", "absolute"] = "scaled"

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            for short, kind in (("max_change_pct", "pct"), ("max_change_per_resident", "res")):
                if short in data:
                    value = data.pop(short)
                    suffix = "pct" if kind == "pct" else "per_resident"
                    data.setdefault(f"max_loss_{suffix}", value)
                    data.setdefault(f"max_gain_{suffix}", value)
        return data

    @model_validator(mode="after")
    def _something(self) -> Dampening:
        limits = (
            self.max_loss_pct,
            self.max_gain_pct,
            self.max_loss_per_resident,
            self.max_gain_per_resident,
        )
        if all(v is None for v in limits):
            raise ValueError("give at least one limit (e.g. max_change_pct: 5)")
        return self


class Selection(_Frozen):
    """Which candidates of a tier receive money (evaluated on the need column).

    Candidates without a need value are left out (and logged) when selecting.
    """

    top: int | None = Field(default=None, ge=1)
    min_need: float | None = None
    min_population: float | None = Field(default=None, ge=0.0)


class Tier(_Frozen):
    """One pot of the budget and how it is split.

    Attributes
    ----------
    name
        Shown in explanations and tables.
    amount, share
        A fixed amount in euros, or a share (0-1) of the year's budget; leave both out
        for the tier that receives the rest.
    recipients
        Recipient ids, ``all`` (every recipient) or ``rest`` (every recipient not
        named in another tier's list).
    select, key, floor, cap, dampening
        Selection of candidates, the key, and the bounds.
    """

    name: str = "alle ontvangers"
    amount: float | None = Field(default=None, ge=0.0)
    share: float | None = Field(default=None, gt=0.0, le=1.0)
    recipients: tuple[str, ...] | Literal["all", "rest"] = "all"
    select: Selection | None = None
    key: Key = PerCapitaKey()
    floor: Bound | None = None
    cap: Bound | None = None
    dampening: Dampening | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Tier:
        if self.amount is not None and self.share is not None:
            raise ValueError(f"tier {self.name!r}: give amount or share, not both")
        if isinstance(self.recipients, tuple):
            if not self.recipients:
                raise ValueError(f"tier {self.name!r}: the recipients list is empty")
            dup = sorted({r for r in self.recipients if self.recipients.count(r) > 1})
            if dup:
                raise ValueError(f"tier {self.name!r}: recipients listed twice: {dup}")
        lo, hi = self.floor, self.cap
        if lo is not None and hi is not None:
            for form in ("amount", "per_capita"):
                f, c = getattr(lo, form), getattr(hi, form)
                if f is not None and c is not None and c < f:
                    raise ValueError(
                        f"tier {self.name!r}: cap.{form} ({c:,.2f}) is below "
                        f"floor.{form} ({f:,.2f}); raise the cap or lower the floor"
                    )
        return self

    @property
    def is_rest(self) -> bool:
        """Whether this tier receives what the fixed tiers leave."""
        return self.amount is None and self.share is None


class NeedSpec(_Frozen):
    """Where the ``need`` column comes from (used by the command line).

    Attributes
    ----------
    indicator
        A catalogue indicator (e.g. ``bijstand_per_1000``).
    index
        An index preset (``kloof.index``); its score is the need.
    transform
        ``value`` as is; ``gap``: the positive gap to the reference (national value
        by default); ``ratio``: value / reference; ``percentile``: rank among the
        recipients in (0, 1]; ``decile``: 1-10 from that rank. Gap, percentile and
        decile follow the direction: more vulnerable = more need. An index score
        (higher is better, NL = 100) needs one of these: ``gap`` is
        :math:`\\max(0, 100 - s)`.
    reference
        The reference for ``gap`` and ``ratio`` (default: the national value).
    direction
        Overrides the catalogue direction.
    fallback
        Indicators to use, in this order, when the store lacks ``indicator`` for some
        recipient. ``indicator: [a, b]`` is short for ``indicator: a`` with
        ``fallback: [b]``; the first indicator the store has for every recipient is the
        need (:func:`kloof.report.allocation_data.build_recipients` says which and why).

    Examples
    --------
    >>> spec = NeedSpec(indicator=["youth_suspects_per_1000", "bijstand_per_1000"])
    >>> spec.indicator, spec.fallback
    ('youth_suspects_per_1000', ('bijstand_per_1000',))
    >>> spec.indicators
    ('youth_suspects_per_1000', 'bijstand_per_1000')
    """

    indicator: str | None = None
    index: str | None = None
    transform: Literal["value", "gap", "ratio", "percentile", "decile"] = "value"
    reference: float | None = None
    direction: Literal["higher_is_worse", "higher_is_better"] | None = None
    fallback: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _preference(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("indicator"), list | tuple):
            data = dict(data)
            order = [str(v) for v in data.pop("indicator")]
            if not order:
                raise ValueError("need.indicator: the list of indicators is empty")
            data["indicator"] = order[0]
            data["fallback"] = (*order[1:], *data.get("fallback", ()))
        return data

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicators in order of preference (empty for an index need)."""
        return () if self.indicator is None else (self.indicator, *self.fallback)

    @model_validator(mode="after")
    def _one(self) -> NeedSpec:
        if (self.indicator is None) == (self.index is None):
            raise ValueError("need: give exactly one of indicator and index")
        if self.fallback and self.index is not None:
            raise ValueError("need.fallback: only an indicator need has fallbacks")
        if len(set(self.indicators)) != len(self.indicators):
            raise ValueError(f"need: an indicator appears twice in {list(self.indicators)}")
        if self.index is not None and self.transform == "value":
            raise ValueError(
                "need.transform: an index score is higher-is-better (NL = 100), so its raw "
                "value cannot be a need; use gap, ratio, percentile or decile"
            )
        return self


class RecipientSource(_Frozen):
    """A group of recipients the command line builds from the store.

    Exactly one of ``areas`` (a built-in or user area set, e.g. ``nplv``) and ``level``
    (``gemeente``, ``wijk`` or ``buurt``). ``codes`` keeps only these area ids or
    region codes; ``exclude_gemeenten`` drops regions in those municipalities.
    ``unknown_areas`` says what to do with an area whose composition is unknown (no
    CBS codes) or has no data: ``error`` (default), or ``gemeente``: take the rates of
    its gemeente and the gemeente's counts scaled to the area's stated population (a
    proxy, reported with the result).
    """

    areas: str | None = None
    level: Literal["gemeente", "wijk", "buurt"] | None = None
    codes: tuple[str, ...] | None = None
    exclude_gemeenten: tuple[str, ...] = ()
    unknown_areas: Literal["error", "gemeente"] = "error"

    @model_validator(mode="after")
    def _one(self) -> RecipientSource:
        if (self.areas is None) == (self.level is None):
            raise ValueError("recipients source: give exactly one of areas and level")
        return self


class DataSpec(_Frozen):
    """The data year and the recipient groups (for the command line)."""

    year: int | None = None
    recipients: tuple[RecipientSource, ...] = Field(min_length=1)


class AllocationRule(_Frozen, Described):
    """A complete allocation rule (see the module docstring).

    A one-tier rule may give ``key``, ``floor``, ``cap``, ``dampening``, ``select`` and
    ``recipients`` at the top level; they become the single tier ``tiers[0]``.
    """

    name: str = Field(min_length=1)
    budget: float | dict[int, float]
    year: int | None = None
    unit: Literal["euro", "cent"] = "euro"
    data: DataSpec | None = None
    need: NeedSpec | None = None
    tiers: tuple[Tier, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _one_tier(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(k in data for k in _TIER_SHORTHAND):
            if "tiers" in data:
                found = [k for k in _TIER_SHORTHAND if k in data]
                raise ValueError(f"give {found} inside a tier when the rule has tiers")
            data = dict(data)
            data["tiers"] = [{k: data.pop(k) for k in _TIER_SHORTHAND if k in data}]
        if isinstance(data, dict) and "tiers" not in data:
            raise ValueError("give a key (e.g. key: {kind: per_capita}) or a list of tiers")
        return data

    @model_validator(mode="after")
    def _check(self) -> AllocationRule:
        per = UNITS[self.unit]
        budgets = self.budgets
        if not budgets:
            raise ValueError("budget: the schedule is empty")
        for year, amount in budgets.items():
            where = "budget" if year is None else f"budget[{year}]"
            if not math.isfinite(amount) or amount < 0:
                raise ValueError(f"{where}: {amount:,} is negative or not a number")
            if abs(amount * per - round(amount * per)) > 1e-6 * max(1.0, amount * per):
                raise ValueError(f"{where}: {amount} is not a whole number of {self.unit}s")
        names = [t.name for t in self.tiers]
        if len(set(names)) != len(names):
            raise ValueError(f"tiers: names must be distinct, got {names}")
        rest = [t.name for t in self.tiers if t.is_rest]
        if len(rest) > 1:
            raise ValueError(f"tiers: only one tier can take the rest, got {rest}")
        for year in budgets:
            self.tier_budgets(year)  # raises on sums that do not fit
        return self

    # ----------------------------------------------------------------- budgets
    @property
    def budgets(self) -> dict[int | None, float]:
        """Year → budget in euros (``{year: budget}`` for a one-year rule)."""
        if isinstance(self.budget, dict):
            return {int(y): float(v) for y, v in sorted(self.budget.items())}
        return {self.year: float(self.budget)}

    @property
    def is_schedule(self) -> bool:
        """Whether the budget is a multi-year schedule."""
        return isinstance(self.budget, dict)

    def units(self, euros: float) -> int:
        """Euros as whole money units (euros or cents)."""
        return round(euros * UNITS[self.unit])

    def tier_budgets(self, year: int | None = None) -> tuple[int, ...]:
        """Each tier's budget in money units for ``year`` (the rest tier last computed).

        Raises
        ------
        ValueError
            When fixed tiers exceed the budget or, without a rest tier, do not add up.
        """
        budgets = self.budgets
        if year not in budgets:
            raise ValueError(f"no budget for year {year}; the rule has {list(budgets)}")
        total = self.units(budgets[year])
        fixed = [
            None
            if t.is_rest
            else self.units(t.amount)
            if t.amount is not None
            else round(total * (t.share or 0.0))
            for t in self.tiers
        ]
        known = sum(v for v in fixed if v is not None)
        if known > total:
            raise ValueError(
                f"tiers: fixed pots add up to {known / UNITS[self.unit]:,.2f} euro, more than "
                f"the budget of {total / UNITS[self.unit]:,.2f} euro"
                + ("" if year is None else f" in {year}")
            )
        if all(v is not None for v in fixed) and known != total:
            raise ValueError(
                f"tiers: the pots add up to {known / UNITS[self.unit]:,.2f} euro, not the "
                f"budget of {total / UNITS[self.unit]:,.2f} euro; leave out the amount of "
                "one tier to give it the rest"
            )
        return tuple(total - known if v is None else v for v in fixed)

    # -------------------------------------------------------------------- YAML
    def to_dict(self) -> dict[str, Any]:
        """Plain data (only non-default fields)."""
        return self.model_dump(mode="json", exclude_defaults=True)

    def to_yaml(self) -> str:
        """The rule as YAML text; :meth:`from_yaml` gives the same rule back."""
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    @classmethod
    def from_dict(cls, data: Any) -> AllocationRule:
        """Build from plain data; every structural error becomes a :class:`SpecError`."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "rule"
            msg = str(first["msg"]).removeprefix("Value error, ")
            more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
            raise SpecError(f"allocation rule, {where}: {msg}{more}") from None

    @classmethod
    def from_yaml(cls, text: str) -> AllocationRule:
        """Parse YAML text (the caller reads the file)."""
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise SpecError(f"allocation rule is not valid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise SpecError("allocation rule: expected a mapping with name, budget and key")
        return cls.from_dict(data)
