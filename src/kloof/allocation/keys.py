r"""Allocation keys: how a budget is split before floors, caps and rounding.

A key turns a tier's budget :math:`B` and its recipients into *formula amounts*
:math:`s_i \ge 0` with :math:`\sum_i s_i = B`, and splits every :math:`s_i` into named
components (per resident, need, each Gemeentefonds measure, base amount) so that each
euro can be explained. The registry :data:`KEYS` lists every key; the CLI, the docs and
the conformance tests iterate it.

=====================  ==============================================================
``equal``              :math:`s_i = B / n`
``per_capita``         :math:`s_i = B\, p_i / \sum_j p_j` (:math:`p` = population)
``per_household``      :math:`s_i = B\, h_i / \sum_j h_j` (:math:`h` = households)
``need_weighted``      :math:`s_i = B\, p_i n_i^\alpha / \sum_j p_j n_j^\alpha`
                       (:math:`n` = need, :math:`\alpha \ge 0`); split into the per
                       capita share and the need part (the difference)
``gemeentefonds``      :math:`s_i = f \sum_m a_m u_{im}` with units :math:`u_{im}` of
                       measure :math:`m`, amount per unit :math:`a_m` and uitkerings-
                       factor :math:`f = B / \sum_i \sum_m a_m u_{im}`; a *drempel*
                       measure counts only the part above a threshold share
                       :math:`t_m` of a base column :math:`b`:
                       :math:`u_{im} = \max(0, x_{im} - t_m b_i)`
``base_plus_variable``  a fixed base :math:`c` per recipient plus the rest
                       :math:`B - nc` split by another key
=====================  ==============================================================

References
----------
Ministerie van BZK, *Verdeelmodellen gemeentefonds* (maatstaven, bedragen per eenheid,
uitkeringsfactor; "maatstaf met drempel"). Allers M. & Vermeulen W. (2016), "Fiscal
equalization, capitalization and the flypaper effect", *Regional Science and Urban
Economics* 58 (on the Dutch Gemeentefonds formula).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from kloof.errors import SpecError

__all__ = [
    "CONSTANT",
    "KEYS",
    "BasePlusVariableKey",
    "EqualKey",
    "GemeentefondsKey",
    "Key",
    "KeyData",
    "KeyEntry",
    "KeyOutcome",
    "Measure",
    "NeedWeightedKey",
    "PerCapitaKey",
    "PerHouseholdKey",
    "VariableKey",
]

FloatArray = NDArray[np.float64]

#: Pseudo-column of a Gemeentefonds measure worth one unit per recipient (a "vast bedrag").
CONSTANT = "constant"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _KeyBase(_Frozen):
    """Base of key specs: ``kind`` is always written, even with ``exclude_defaults``."""

    @model_serializer(mode="wrap")
    def _with_kind(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            data = {"kind": getattr(self, "kind"), **data}  # noqa: B009
        return data


class EqualKey(_KeyBase):
    """Every recipient the same amount."""

    kind: Literal["equal"] = "equal"


class PerCapitaKey(_KeyBase):
    """Amounts proportional to population."""

    kind: Literal["per_capita"] = "per_capita"


class PerHouseholdKey(_KeyBase):
    """Amounts proportional to the number of households."""

    kind: Literal["per_household"] = "per_household"


class NeedWeightedKey(_KeyBase):
    r"""Amounts proportional to :math:`w_i n_i^\alpha` (weight column × need^α).

    Attributes
    ----------
    alpha
        Need elasticity: 0 is per capita, 1 proportional to need, 2 favours the neediest.
    weight
        The size column: ``population`` (default) or ``households``.
    """

    kind: Literal["need_weighted"] = "need_weighted"
    alpha: float = Field(default=1.0, ge=0.0, le=10.0)
    weight: Literal["population", "households"] = "population"


class Measure(_Frozen):
    """One Gemeentefonds measure (maatstaf).

    Attributes
    ----------
    column
        Frame column with the units (``constant`` = one unit per recipient).
    amount
        Euros per unit before the uitkeringsfactor (may be negative, as for the
        deduction of a municipality's own tax capacity).
    threshold
        Drempel: only the part above ``threshold × base`` counts (a share, 0-1).
    base
        Column the threshold share applies to (default ``population``).
    label
        Name shown in explanations (default: the column).
    """

    column: str = Field(min_length=1)
    amount: float
    threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    base: str = "population"
    label: str = ""

    @property
    def name(self) -> str:
        """The label, or the column with its drempel."""
        if self.label:
            return self.label
        if self.threshold is not None:
            return f"{self.column} (drempel {self.threshold:g} × {self.base})"
        return self.column


class GemeentefondsKey(_KeyBase):
    """Σ measure × amount per unit, scaled by an uitkeringsfactor to the budget."""

    kind: Literal["gemeentefonds"] = "gemeentefonds"
    measures: tuple[Measure, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct(self) -> GemeentefondsKey:
        names = [m.name for m in self.measures]
        if len(set(names)) != len(names):
            raise ValueError(f"measures: labels must be distinct, got {names}")
        return self


VariableKey = Annotated[
    EqualKey | PerCapitaKey | PerHouseholdKey | NeedWeightedKey | GemeentefondsKey,
    Field(discriminator="kind"),
]


class BasePlusVariableKey(_KeyBase):
    """A fixed base per recipient plus the rest split by another key.

    Attributes
    ----------
    base
        Euros per recipient (the same for all).
    variable
        The key for the rest of the budget (any key except this one).
    """

    kind: Literal["base_plus_variable"] = "base_plus_variable"
    base: float = Field(ge=0.0)
    variable: VariableKey = NeedWeightedKey()


Key = Annotated[
    EqualKey
    | PerCapitaKey
    | PerHouseholdKey
    | NeedWeightedKey
    | GemeentefondsKey
    | BasePlusVariableKey,
    Field(discriminator="kind"),
]


@dataclass(frozen=True)
class KeyData:
    """The recipients of one tier as arrays (canonical order).

    Attributes
    ----------
    ids
        Recipient ids, in the order of the arrays.
    columns
        Frame column → float array (``population``, ``households``, ``need``, measures).
    """

    ids: tuple[str, ...]
    columns: Mapping[str, FloatArray]

    def __len__(self) -> int:
        return len(self.ids)

    def column(self, name: str, what: str, *, nonnegative: bool = True) -> FloatArray:
        """A column that must be complete (and non-negative); else a clear SpecError."""
        if name == CONSTANT:
            return np.ones(len(self.ids))
        if name not in self.columns:
            raise SpecError(
                f"{what} needs the column {name!r}, which the recipients frame lacks "
                f"(columns: {sorted(self.columns)})"
            )
        values = self.columns[name]
        bad = ~np.isfinite(values) | ((values < 0) if nonnegative else False)
        if bad.any():
            names = [self.ids[i] for i in np.flatnonzero(bad)[:8]]
            kind = "missing or negative" if nonnegative else "missing"
            raise SpecError(
                f"{what}: column {name!r} is {kind} for {int(bad.sum())} recipient(s), e.g. "
                f"{names}; fill the data or leave these recipients out"
            )
        return values


@dataclass(frozen=True)
class KeyOutcome:
    """Formula amounts of one tier and their components (euros, floats).

    ``sum(components.values()) == amounts`` recipient by recipient.
    """

    amounts: FloatArray
    components: Mapping[str, FloatArray]


def _proportional(budget: float, weights: FloatArray, what: str) -> FloatArray:
    total = float(weights.sum())
    if total <= 0:
        if budget == 0:
            return np.zeros_like(weights)
        raise SpecError(
            f"{what}: every recipient has weight zero, so the budget cannot be split; "
            "check the data or choose another key"
        )
    return budget * weights / total


def equal(spec: EqualKey, data: KeyData, budget: float) -> KeyOutcome:
    """:math:`s_i = B/n`."""
    amounts = np.full(len(data), budget / len(data)) if len(data) else np.zeros(0)
    return KeyOutcome(amounts, {"equal": amounts})


def per_capita(spec: PerCapitaKey, data: KeyData, budget: float) -> KeyOutcome:
    r""":math:`s_i = B\,p_i/\sum_j p_j`."""
    amounts = _proportional(budget, data.column("population", "per_capita"), "per_capita")
    return KeyOutcome(amounts, {"population": amounts})


def per_household(spec: PerHouseholdKey, data: KeyData, budget: float) -> KeyOutcome:
    r""":math:`s_i = B\,h_i/\sum_j h_j`."""
    amounts = _proportional(budget, data.column("households", "per_household"), "per_household")
    return KeyOutcome(amounts, {"households": amounts})


def need_weighted(spec: NeedWeightedKey, data: KeyData, budget: float) -> KeyOutcome:
    r""":math:`s_i = B\,w_i n_i^\alpha/\sum_j w_j n_j^\alpha`, split as size share + need part.

    The size share is :math:`B\,w_i/\sum_j w_j` (what a per capita key would give); the
    need part is the difference, positive for recipients needier than average.
    """
    size = data.column(spec.weight, "need_weighted")
    need = data.column("need", "need_weighted")
    amounts = _proportional(budget, size * need**spec.alpha, "need_weighted")
    share = _proportional(budget, size, "need_weighted")
    return KeyOutcome(amounts, {spec.weight: share, "need": amounts - share})


def measure_units(measure: Measure, data: KeyData) -> FloatArray:
    r"""Units of one measure; with a drempel :math:`\max(0, x_i - t\,b_i)`."""
    x = data.column(measure.column, f"measure {measure.name!r}")
    if measure.threshold is None:
        return x
    base = data.column(measure.base, f"measure {measure.name!r} (drempel base)")
    return np.maximum(0.0, x - measure.threshold * base)


def gemeentefonds(spec: GemeentefondsKey, data: KeyData, budget: float) -> KeyOutcome:
    r""":math:`s_i = f\sum_m a_m u_{im}`, :math:`f = B/\sum_i\sum_m a_m u_{im}`."""
    raw = {f"measure:{m.name}": m.amount * measure_units(m, data) for m in spec.measures}
    per_recipient = np.sum(list(raw.values()), axis=0) if len(data) else np.zeros(0)
    negative = per_recipient < 0
    if negative.any():
        names = [data.ids[i] for i in np.flatnonzero(negative)[:8]]
        raise SpecError(
            f"gemeentefonds: the measures give a negative amount for {names}; "
            "negative amounts per unit must not outweigh the positive ones"
        )
    total = float(per_recipient.sum())
    if total <= 0:
        if budget == 0:
            return KeyOutcome(np.zeros(len(data)), {k: np.zeros(len(data)) for k in raw})
        raise SpecError("gemeentefonds: the measures sum to zero; the budget cannot be split")
    factor = budget / total
    components = {k: factor * v for k, v in raw.items()}
    return KeyOutcome(factor * per_recipient, components)


def base_plus_variable(spec: BasePlusVariableKey, data: KeyData, budget: float) -> KeyOutcome:
    """A base :math:`c` each, the rest :math:`B - nc` by ``spec.variable``."""
    rest = budget - spec.base * len(data)
    if rest < -1e-6:
        raise SpecError(
            f"base_plus_variable: a base of €{spec.base:,.0f} for {len(data)} recipients "
            f"(€{spec.base * len(data):,.0f}) exceeds the budget of €{budget:,.0f}"
        )
    inner = KEYS[spec.variable.kind].compute(spec.variable, data, max(rest, 0.0))
    base = np.full(len(data), spec.base)
    return KeyOutcome(base + inner.amounts, {"base": base, **inner.components})


@dataclass(frozen=True)
class KeyEntry:
    """A registry entry: the spec class, the function and what it promises.

    Attributes
    ----------
    spec
        The pydantic spec class (its ``kind`` is the registry name).
    compute
        ``compute(spec, data, budget) -> KeyOutcome``.
    summary
        One line for docs and ``--help``.
    example
        A valid spec, used by the conformance tests and the docs.
    uses_need
        Whether the amounts depend on the ``need`` column.
    homogeneous
        Whether the amounts are proportional to the budget (not with a fixed base).
    """

    spec: type[BaseModel]
    compute: Callable[[Any, KeyData, float], KeyOutcome]
    summary: str
    example: BaseModel
    uses_need: Callable[[Any], bool]
    homogeneous: bool = True


def _uses_need(spec: Any) -> bool:
    if isinstance(spec, NeedWeightedKey):
        return spec.alpha > 0
    if isinstance(spec, GemeentefondsKey):
        return any("need" in (m.column, m.base) for m in spec.measures)
    if isinstance(spec, BasePlusVariableKey):
        return _uses_need(spec.variable)
    return False


#: The allocation keys by name (the ``kind`` of a key spec).
KEYS: dict[str, KeyEntry] = {
    "equal": KeyEntry(EqualKey, equal, "equal shares", EqualKey(), _uses_need),
    "per_capita": KeyEntry(
        PerCapitaKey, per_capita, "proportional to population", PerCapitaKey(), _uses_need
    ),
    "per_household": KeyEntry(
        PerHouseholdKey, per_household, "proportional to households", PerHouseholdKey(), _uses_need
    ),
    "need_weighted": KeyEntry(
        NeedWeightedKey,
        need_weighted,
        "population × need^α",
        NeedWeightedKey(alpha=1.0),
        _uses_need,
    ),
    "gemeentefonds": KeyEntry(
        GemeentefondsKey,
        gemeentefonds,
        "Σ measure × amount per unit × uitkeringsfactor, with drempels",
        GemeentefondsKey(
            measures=(
                Measure(column=CONSTANT, amount=100_000.0, label="vast bedrag"),
                Measure(column="population", amount=150.0),
                Measure(column="households", amount=50.0, threshold=0.4, base="population"),
                Measure(column="need", amount=1_000.0),
            )
        ),
        _uses_need,
    ),
    "base_plus_variable": KeyEntry(
        BasePlusVariableKey,
        base_plus_variable,
        "a fixed base per recipient plus a variable part by another key",
        BasePlusVariableKey(base=1_000.0, variable=NeedWeightedKey()),
        _uses_need,
        homogeneous=False,
    ),
}


def compute(spec: Any, data: KeyData, budget: float) -> KeyOutcome:
    """Run the registry entry of ``spec.kind``."""
    return KEYS[spec.kind].compute(spec, data, budget)
