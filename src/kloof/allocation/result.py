"""Allocation results: frozen, carrying the rule, the inputs and every step.

An :class:`Allocation` holds whole money units per recipient (in the order of the
recipients frame) and one :class:`TierResult` per tier with the formula components,
the bounds and which of them held, so that :mod:`kloof.allocation.explain` can say why
each recipient gets what it gets. A :class:`Schedule` chains the years of a budget
schedule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kloof.allocation.rule import UNITS, AllocationRule

__all__ = ["Allocation", "Schedule", "TierResult"]


@dataclass(frozen=True)
class TierResult:
    """One tier of an allocation (recipients of the tier, sorted by id).

    Attributes
    ----------
    name, budget
        The tier and its budget in money units.
    recipients
        The recipients that received money from this tier (after selection).
    formula
        Formula amounts in euros, one column per component (they sum to the formula).
    scale
        :math:`\\lambda`: free recipients got :math:`\\lambda` × their formula amount.
    resolved
        Euros after floors, caps and dampening, before rounding.
    lower, upper
        The bounds in euros; ``binding`` says which one moved the amount
        (``floor``, ``cap``, ``dampening`` or empty).
    amounts
        Whole money units (euros or cents).
    notes
        What the selection left out and why.
    """

    name: str
    budget: int
    recipients: tuple[str, ...]
    formula: pd.DataFrame
    scale: float
    resolved: pd.Series
    lower: pd.Series
    upper: pd.Series
    binding: pd.Series
    amounts: pd.Series
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Allocation:
    """The result of :func:`allocate`: amounts that add up exactly, and why.

    ``amounts`` are whole money units (``rule.unit``) in the order of the recipients
    frame; :attr:`euros` gives euros. The result carries the rule, the recipients
    frame, the previous allocation and the caller's provenance, so it can be rebuilt.
    """

    rule: AllocationRule
    year: int | None
    budget: float
    recipients: pd.DataFrame
    amounts: pd.Series
    tiers: tuple[TierResult, ...]
    previous: pd.Series | None = None
    provenance: Mapping[str, str] = field(default_factory=dict)
    log: tuple[str, ...] = ()

    @property
    def euros(self) -> pd.Series:
        """Amounts in euros."""
        per = UNITS[self.rule.unit]
        euros = self.amounts.copy() if per == 1 else self.amounts / per
        return euros.rename("amount")

    def per_resident(self) -> pd.Series:
        """Euros per resident (NaN without a population)."""
        pop = self.recipients.get("population")
        if pop is None:
            return pd.Series(np.nan, index=self.amounts.index, name="per_resident")
        with np.errstate(divide="ignore", invalid="ignore"):
            out = self.euros / pop.where(pop > 0)
        return out.rename("per_resident")

    def table(self) -> pd.DataFrame:
        """One row per recipient: name, population, need, confidence, amounts, per resident.

        ``confidence`` (when the recipients frame has it) is the composition's mark
        without its explanation (``medium``); the explanation has the full text.
        """
        rec = self.recipients
        out = pd.DataFrame(index=self.amounts.index)
        out["name"] = rec.get("name", rec.index)
        for col in ("population", "need"):
            if col in rec:
                out[col] = rec[col]
        if "confidence" in rec:  # the composition's confidence mark, e.g. "medium"
            out["confidence"] = [
                str(c).split(" (")[0].split(" [")[0].strip("'\" ") if isinstance(c, str) else ""
                for c in rec["confidence"]
            ]
        per = UNITS[self.rule.unit]
        if len(self.tiers) > 1:
            for t in self.tiers:
                out[t.name] = (t.amounts.reindex(out.index).fillna(0) / per).to_numpy()
        out["amount"] = self.euros
        out["per_resident"] = self.per_resident()
        total = self.euros.sum()
        out["share_pct"] = 100 * self.euros / total if total else 0.0
        binding = pd.Series("", index=out.index, dtype="object")
        for t in self.tiers:
            b = t.binding[t.binding != ""]
            binding.loc[b.index] = [
                f"{old}, {new}" if old else new
                for old, new in zip(binding[b.index], b, strict=True)
            ]
        out["binding"] = binding
        if self.previous is not None:
            prev = self.previous.reindex(out.index)
            out["previous"] = prev
            out["change"] = out["amount"] - prev
        out.index.name = "recipient"
        return out.reset_index()


@dataclass(frozen=True)
class Schedule:
    """A multi-year allocation: one :class:`Allocation` per budget year, chained so each
    year's dampening works against the year before."""

    rule: AllocationRule
    allocations: tuple[Allocation, ...]

    @property
    def years(self) -> tuple[int | None, ...]:
        """The budget years."""
        return tuple(a.year for a in self.allocations)

    def table(self) -> pd.DataFrame:
        """Recipients × years in euros."""
        return pd.DataFrame({a.year: a.euros for a in self.allocations})
