r"""Why € X: every recipient's amount broken down, and who wins or loses against another.

For a recipient in a tier the amount is built up as

.. math:: a_i = \underbrace{\textstyle\sum_k c_{ik}}_{\text{formula } s_i}
          + \underbrace{(x_i - s_i)}_{\text{floor, cap, dampening or redistribution}}
          + \underbrace{(a_i - x_i)}_{\text{rounding}}

where :math:`c_{ik}` are the key's components (per resident, need, each Gemeentefonds
measure, base amount), :math:`x_i` the amount after floors, caps and dampening, and
:math:`a_i` the whole-unit amount paid. A recipient at no bound still moves by
:math:`(\lambda - 1) s_i` when others sit at a floor or cap: that is the
*redistribution* line. Over several tiers the lines simply add up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kloof.allocation.keys import BasePlusVariableKey, GemeentefondsKey, Measure, NeedWeightedKey
from kloof.allocation.result import Allocation, TierResult
from kloof.allocation.rule import UNITS
from kloof.errors import SpecError

__all__ = [
    "LABELS",
    "Explanation",
    "Line",
    "compare",
    "explain",
    "explanation_table",
    "line_label",
]

#: Labels of explanation items (component ids and adjustments) in Dutch and English.
LABELS: dict[str, dict[str, str]] = {
    "equal": {"nl": "gelijk deel", "en": "equal share"},
    "population": {"nl": "naar inwoners", "en": "per resident"},
    "households": {"nl": "naar huishoudens", "en": "per household"},
    "need": {"nl": "behoefte", "en": "need"},
    "base": {"nl": "basisbedrag", "en": "base amount"},
    "measure": {"nl": "maatstaf", "en": "measure"},
    "floor": {"nl": "ondergrens", "en": "floor"},
    "cap": {"nl": "plafond", "en": "cap"},
    "dampening": {"nl": "ingroeipad (demping)", "en": "dampening (ingroeipad)"},
    "redistribution": {
        "nl": "herverdeling door grenzen van anderen",
        "en": "redistribution from others' floors and caps",
    },
    "rounding": {"nl": "afronding", "en": "rounding"},
    "total": {"nl": "totaal", "en": "total"},
    "why": {"nl": "Waarom", "en": "Why"},
    "for": {"nl": "voor", "en": "for"},
    "per_resident": {"nl": "per inwoner", "en": "per resident"},
    "not_funded": {"nl": "ontvangt niets uit deze regel", "en": "receives nothing under this rule"},
}


def line_label(item: str, lang: str) -> str:
    """Label of an explanation item (``measure:NAME`` → ``maatstaf NAME``) in ``lang``."""
    if item.startswith("measure:"):
        return f"{LABELS['measure'][lang]} {item.removeprefix('measure:')}"
    return LABELS.get(item, {}).get(lang, item)


def _eur(value: float, lang: str = "en") -> str:
    """``€ 1,234.50`` (en) or ``€ 1.234,50`` (nl); whole amounts without decimals."""
    text = f"{abs(value):,.2f}".removesuffix(".00")
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return ("-" if value < 0 else "") + "€ " + text


def _num(value: float, lang: str) -> str:
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.4g}"
    return text.replace(",", ".") if lang == "nl" else text


@dataclass(frozen=True)
class Line:
    """One line of an explanation (euros)."""

    tier: str
    item: str
    kind: str  # "formula", "adjustment" or "rounding"
    amount: float
    detail: str = ""


@dataclass(frozen=True)
class Explanation:
    """Why one recipient gets what it gets."""

    recipient: str
    name: str
    amount: float
    population: float | None
    lines: tuple[Line, ...]
    language: str = "nl"

    @property
    def per_resident(self) -> float | None:
        """Euros per resident."""
        if self.population is None or not self.population > 0:
            return None
        return self.amount / self.population

    def text(self, language: str | None = None) -> str:
        """A plain-text breakdown, lines in order, ending with the total."""
        lang = language or self.language
        lang = lang if lang in ("nl", "en") else "en"
        out = [
            f"{LABELS['why'][lang]} {_eur(self.amount, lang)} {LABELS['for'][lang]} "
            f"{self.name} ({self.recipient})?"
        ]
        if not self.lines:
            out.append(f"  {LABELS['not_funded'][lang]}")
        tier = None
        for line in self.lines:
            if line.tier != tier:
                tier = line.tier
                out.append(f"  [{tier}]")
            detail = f"  ({line.detail})" if line.detail else ""
            amount = _eur(line.amount, lang)
            out.append(f"    {amount:>18}  {line_label(line.item, lang)}{detail}")
        tail = f"  = {_eur(self.amount, lang)} {LABELS['total'][lang]}"
        if self.per_resident is not None:
            tail += f" ({_eur(round(self.per_resident, 2), lang)} {LABELS['per_resident'][lang]})"
        out.append(tail)
        return "\n".join(out)


def _detail(item: str, value: float, row: pd.Series, tier_key: object, lang: str) -> str:
    if isinstance(tier_key, BasePlusVariableKey):
        tier_key = tier_key.variable
    pop = row.get("population")
    if item == "population" and pop and pop > 0:
        return f"{_num(pop, lang)} × {_eur(round(value / pop, 2), lang)}"
    if item == "households" and row.get("households"):
        hh = row["households"]
        return f"{_num(hh, lang)} × {_eur(round(value / hh, 2), lang)}"
    if item == "need" and isinstance(tier_key, NeedWeightedKey) and "need" in row:
        need = f"{row['need']:.4g}".replace(".", "," if lang == "nl" else ".")
        return f"{LABELS['need'][lang]} {need}, α = {tier_key.alpha:g}"
    if item.startswith("measure:") and isinstance(tier_key, GemeentefondsKey):
        m: Measure = next(x for x in tier_key.measures if f"measure:{x.name}" == item)
        units = 1.0 if m.column == "constant" else float(row.get(m.column, np.nan))
        if m.threshold is not None:
            units = max(0.0, units - m.threshold * float(row.get(m.base, np.nan)))
        if units and np.isfinite(units) and m.amount:
            factor = value / (m.amount * units)
            return f"{_num(units, lang)} × {_eur(m.amount, lang)} × {factor:.6f}"
    return ""


def _tier_lines(
    alloc: Allocation, tier: TierResult, rid: str, row: pd.Series, lang: str
) -> list[Line]:
    if rid not in tier.formula.index:
        return []
    per = UNITS[alloc.rule.unit]
    spec = next(t for t in alloc.rule.tiers if t.name == tier.name)
    comps = tier.formula.loc[rid]
    lines = []
    for item, v in comps.items():
        detail = _detail(str(item), float(v), row, spec.key, lang)
        lines.append(Line(tier.name, str(item), "formula", float(v), detail))
    formula = float(comps.sum())
    resolved = float(tier.resolved[rid])
    binding = str(tier.binding[rid])
    if binding:
        lo, hi = float(tier.lower[rid]), float(tier.upper[rid])
        bound = lo if resolved <= lo + 1e-9 else hi
        lines.append(Line(tier.name, binding, "adjustment", resolved - formula, _eur(bound, lang)))
    elif abs(resolved - formula) > 1e-9:
        lines.append(
            Line(
                tier.name, "redistribution", "adjustment", resolved - formula, f"× {tier.scale:.6f}"
            )
        )
    paid = float(tier.amounts[rid]) / per
    if abs(paid - resolved) > 1e-12:
        lines.append(Line(tier.name, "rounding", "rounding", paid - resolved))
    return lines


def explain(alloc: Allocation, recipient: str, *, language: str = "nl") -> Explanation:
    """The breakdown of one recipient's amount (see the module docstring).

    Raises
    ------
    SpecError
        When ``recipient`` is not in the allocation.
    """
    rid = str(recipient)
    frame = alloc.recipients
    if rid not in frame.index:
        by_name = frame.index[frame.get("name", pd.Series(dtype=str)).astype(str) == rid]
        if len(by_name) == 1:
            rid = str(by_name[0])
        else:
            raise SpecError(
                f"recipient {recipient!r} is not in this allocation; e.g. {list(frame.index[:5])}"
            )
    row = frame.loc[rid]
    lines = [ln for t in alloc.tiers for ln in _tier_lines(alloc, t, rid, row, language)]
    pop = row.get("population")
    return Explanation(
        recipient=rid,
        name=str(row["name"]) if "name" in row else rid,
        amount=float(alloc.euros[rid]),
        population=float(pop) if pop is not None and np.isfinite(pop) else None,
        lines=tuple(lines),
        language=language,
    )


def explanation_table(alloc: Allocation, *, language: str = "nl") -> pd.DataFrame:
    """Every recipient's explanation lines as one long table (for XLSX and CSV).

    Columns ``recipient, name, tier, item, label, kind, amount, detail``; per recipient
    the amounts add up to its total.
    """
    rows = []
    for rid in alloc.amounts.index:
        ex = explain(alloc, rid, language=language)
        for ln in ex.lines:
            rows.append(
                (
                    rid,
                    ex.name,
                    ln.tier,
                    ln.item,
                    line_label(ln.item, language),
                    ln.kind,
                    ln.amount,
                    ln.detail,
                )
            )
    cols = ["recipient", "name", "tier", "item", "label", "kind", "amount", "detail"]
    return pd.DataFrame(rows, columns=cols)


def compare(
    alloc: Allocation, other: Allocation | pd.Series, *, label: str = "other"
) -> pd.DataFrame:
    """Winners and losers: this allocation against another rule or a previous year.

    Parameters
    ----------
    alloc
        The allocation.
    other
        Another :class:`Allocation` or euros by recipient id (a previous year).
    label
        Name of the other side in the ``outcome`` text.

    Returns
    -------
    pandas.DataFrame
        ``recipient, name, population, amount, other, difference, difference_pct,
        difference_per_resident, outcome`` (``winner``, ``loser``, ``unchanged``,
        ``new`` or ``gone``), sorted from the largest gain to the largest loss;
        recipients with nothing on either side are left out.
    """
    if isinstance(other, Allocation):
        theirs = other.euros
        frames = [alloc.recipients, other.recipients]
    else:
        theirs = other.copy()
        theirs.index = theirs.index.astype(str)
        frames = [alloc.recipients]
    ours = alloc.euros
    ids = ours.index.union(theirs.index, sort=False)
    info = pd.concat([f.reindex(columns=["name", "population"]) for f in frames])
    info = info[~info.index.duplicated()].reindex(ids)
    out = pd.DataFrame(index=pd.Index(ids, name="recipient"))
    out["name"] = info["name"].fillna(pd.Series(ids, index=ids))
    out["population"] = info["population"]
    out["amount"] = ours.reindex(ids)
    out["other"] = theirs.reindex(ids)
    a, b = out["amount"].fillna(0.0), out["other"].fillna(0.0)
    out["difference"] = a - b
    with np.errstate(divide="ignore", invalid="ignore"):
        out["difference_pct"] = np.where(b > 0, 100 * (a - b) / b, np.nan)
        pop = out["population"].where(out["population"] > 0)
        out["difference_per_resident"] = out["difference"] / pop
    outcome = np.select(
        [out["other"].isna(), out["amount"].isna(), a - b > 0.005, a - b < -0.005],
        ["new", "gone", "winner", "loser"],
        "unchanged",
    )
    out["outcome"] = outcome
    out = out[(a != 0) | (b != 0)]  # recipients with nothing on either side say nothing
    out.attrs["other"] = label
    return out.sort_values("difference", ascending=False, kind="stable").reset_index()
