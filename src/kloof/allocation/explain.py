r"""Why € X: every recipient's amount broken down (who wins or loses: :mod:`.winners`).

For a recipient in a tier the amount is built up as

.. math:: a_i = \underbrace{\textstyle\sum_k c_{ik}}_{\text{formula } s_i}
          + \underbrace{(x_i - s_i)}_{\text{floor, cap, dampening or redistribution}}
          + \underbrace{(a_i - x_i)}_{\text{rounding}}

where :math:`c_{ik}` are the key's components (per resident, need, each Gemeentefonds
measure, base amount), :math:`x_i` the amount after floors, caps and dampening, and
:math:`a_i` the whole-unit amount paid. A recipient at no bound still moves by
:math:`(\lambda - 1) s_i` when others sit at a floor or cap: that is the
*redistribution* line. Over several tiers the lines simply add up.

**The need explained.** A need-weighted key pays :math:`s_i = B\,w_i n_i^\alpha / S`
with :math:`S = \sum_j w_j n_j^\alpha`. It is shown as two components:

.. math:: s_i = \underbrace{w_i \cdot u\,\bar n}_{\text{per resident}}
          + \underbrace{w_i\,(n_i^\alpha - \bar n)\,u}_{\text{need}},
          \qquad \bar n = \frac{S}{\sum_j w_j},\quad u = \frac{B}{S}

so the per-resident line is what a recipient of average need :math:`\bar n` (weighted
by residents, over the tier's recipients) would get, and the need line is the extra
for need above that average, **negative below it**. The two together are
:math:`w_i n_i^\alpha u \ge 0`: a negative need line never makes an amount negative.

When the recipients frame carries the need's inputs (as
:func:`kloof.report.allocation_data.build_recipients` adds them: ``need_value``,
``need_numerator``, ``need_denominator``, ``need_reference``, ``need_coverage``,
``need_note``, ``confidence``; with the labels, formula, source and data year in the
allocation's provenance), the explanation starts with them: numerator / denominator =
rate, the national rate, the transform into the need, the source, the composition's
confidence and a note when a proxy or an imputed value was used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kloof.allocation.keys import BasePlusVariableKey, GemeentefondsKey, Measure, NeedWeightedKey
from kloof.allocation.result import Allocation, TierResult
from kloof.allocation.rule import UNITS
from kloof.allocation.winners import compare
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
    "need_head": {"nl": "Behoefte", "en": "Need"},
    "source": {"nl": "bron", "en": "source"},
    "data_year": {"nl": "gegevensjaar", "en": "data year"},
    "numerator": {"nl": "teller", "en": "numerator"},
    "denominator": {"nl": "noemer", "en": "denominator"},
    "value": {"nl": "waarde", "en": "value"},
    "national": {"nl": "Nederland", "en": "Netherlands"},
    "composition": {"nl": "samenstelling", "en": "composition"},
    "confidence": {"nl": "betrouwbaarheid", "en": "confidence"},
    "note": {"nl": "let op", "en": "note"},
    "for_each": {"nl": "voor elke ontvanger", "en": "for every recipient"},
    "inhabitants": {"nl": "inwoners", "en": "residents"},
    "household_units": {"nl": "huishoudens", "en": "households"},
    "average_need": {
        "nl": "bedrag bij de gemiddelde behoefte {avg} van deze ronde",
        "en": "the amount at this tier's average need {avg}",
    },
    "above_average": {
        "nl": "behoefte {n} boven het gemiddelde {avg}: extra",
        "en": "need {n} above the average {avg}: extra",
    },
    "below_average": {
        "nl": "behoefte {n} onder het gemiddelde {avg}: minder dan het inwonersdeel",
        "en": "need {n} below the average {avg}: less than the per-resident line",
    },
    "why_negative": {
        "nl": "Het behoeftedeel is negatief omdat de behoefte onder het gemiddelde van de ronde "
        "ligt; het inwonersdeel rekent iedereen op dat gemiddelde. Samen zijn ze "
        "{w} × {n} × {u} = {total}, nooit minder dan nul.",
        "en": "The need line is negative because the need is below the tier's average; the "
        "per-resident line pays everyone at that average. Together they are "
        "{w} × {n} × {u} = {total}, never below zero.",
    },
    "rank": {
        "nl": "rangorde onder de ontvangers (1 = meest kwetsbaar)",
        "en": "rank among the recipients (1 = most vulnerable)",
    },
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
    need: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    confidence: str = ""

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
        out += [f"  {text}" for text in self.need]
        if self.confidence:
            label = f"{LABELS['composition'][lang]}, {LABELS['confidence'][lang]}"
            out.append(f"  {label}: {self.confidence}")
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
        out += [f"  ! {note}" for note in self.notes]
        return "\n".join(out)


def _dec(value: float, lang: str, digits: int = 4) -> str:
    """A number with ``digits`` significant digits and the language's decimal mark."""
    text = f"{value:.{digits}g}" if abs(value) < 1000 else f"{value:,.0f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def _average_need(alloc: Allocation, tier: TierResult, key: NeedWeightedKey) -> float:
    """:math:`\\bar n = \\sum w_j n_j^\\alpha / \\sum w_j` over the tier's recipients."""
    rows = alloc.recipients.reindex(tier.formula.index)
    w = rows[key.weight].astype("float64").to_numpy()
    n = rows["need"].astype("float64").to_numpy() ** key.alpha
    ok = np.isfinite(w) & np.isfinite(n)
    return float((w[ok] * n[ok]).sum() / w[ok].sum()) if w[ok].sum() > 0 else float("nan")


def _detail(
    item: str, value: float, row: pd.Series, tier_key: object, lang: str, avg: float
) -> str:
    if isinstance(tier_key, BasePlusVariableKey):
        if item == "base":
            return f"{_eur(tier_key.base, lang)} {LABELS['for_each'][lang]}"
        tier_key = tier_key.variable
    pop = row.get("population")
    need_key = isinstance(tier_key, NeedWeightedKey)
    if item in ("population", "households") and need_key and np.isfinite(avg):
        units = row.get(item)
        if units and units > 0:
            label = LABELS["inhabitants" if item == "population" else "household_units"][lang]
            why = LABELS["average_need"][lang].format(avg=_dec(avg, lang))
            return f"{_num(units, lang)} {label} × {_eur(round(value / units, 2), lang)}: {why}"
    if item == "population" and pop and pop > 0:
        return f"{_num(pop, lang)} × {_eur(round(value / pop, 2), lang)}"
    if item == "households" and row.get("households"):
        hh = row["households"]
        return f"{_num(hh, lang)} × {_eur(round(value / hh, 2), lang)}"
    if item == "need" and isinstance(tier_key, NeedWeightedKey) and "need" in row:
        n = float(row["need"]) ** tier_key.alpha
        w = float(row.get(tier_key.weight, np.nan))
        alpha = f"^{tier_key.alpha:g}" if tier_key.alpha != 1 else ""
        if np.isfinite(avg) and np.isfinite(w) and w > 0 and abs(n - avg) > 1e-12:
            u = value / (w * (n - avg))
            text = "above_average" if n > avg else "below_average"
            why = LABELS[text][lang].format(n=_dec(n, lang), avg=_dec(avg, lang))
            return (
                f"{_num(w, lang)} × ({_dec(float(row['need']), lang)}{alpha} − "
                f"{_dec(avg, lang)}) × € {_dec(u, lang)}: {why}"
            )
        need = _dec(float(row["need"]), lang)
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


def _negative_note(line: Line, row: pd.Series, tier_key: object, lang: str, avg: float) -> str:
    """Why a need line is negative, with the two lines' sum (see the module docstring)."""
    if isinstance(tier_key, BasePlusVariableKey):
        tier_key = tier_key.variable
    if not isinstance(tier_key, NeedWeightedKey) or not np.isfinite(avg) or avg <= 0:
        return ""
    w = float(row.get(tier_key.weight, np.nan))
    n = float(row["need"]) ** tier_key.alpha
    if not (np.isfinite(w) and w > 0 and abs(n - avg) > 1e-12):
        return ""
    u = line.amount / (w * (n - avg))
    return LABELS["why_negative"][lang].format(
        w=_num(w, lang), n=_dec(n, lang), u="€ " + _dec(u, lang), total=_eur(w * n * u, lang)
    )


def _localised(values: Mapping[str, object] | pd.Series, key: str, lang: str) -> str:
    """``values[key + "_nl"]`` for Dutch when given (notes are made in both languages by
    :mod:`kloof.report.allocation_notes`), else ``values[key]``; ``""`` when missing."""
    if lang != "en":
        dutch = values.get(f"{key}_nl")
        if isinstance(dutch, str) and dutch:
            return dutch
    value = values.get(key, "")
    return value if isinstance(value, str) else ""


def _need_block(alloc: Allocation, row: pd.Series, lang: str) -> tuple[list[str], list[str]]:
    """The need's inputs as text lines, and notes (proxy, imputed values)."""
    prov = alloc.provenance
    if "need" not in row or "need_value" not in row:
        return [], []
    label = prov.get("need_label_en" if lang == "en" else "need_label", "") or prov.get(
        "need_label", ""
    )
    unit = prov.get("need_unit_en" if lang == "en" else "need_unit", "") or prov.get(
        "need_unit", ""
    )
    head = f"{LABELS['need_head'][lang]}: {label}"
    src = _localised(prov, "need_source", lang)
    if src:
        head += f" ({LABELS['source'][lang]}: {src}"
        if prov.get("data_year"):
            head += f"; {LABELS['data_year'][lang]} {prov['data_year']}"
        head += ")"
    out = [head]
    value = float(row.get("need_value", np.nan))
    num = float(row.get("need_numerator", np.nan))
    den = float(row.get("need_denominator", np.nan))
    ref = float(row.get("need_reference", np.nan))
    if np.isfinite(num) and np.isfinite(den):
        scale = prov.get("need_scale", "1")
        out.append(
            f"  {LABELS['numerator'][lang]:<12} {prov.get('need_numerator', '')}: {_num(num, lang)}"
        )
        out.append(
            f"  {LABELS['denominator'][lang]:<12} {prov.get('need_denominator', '')}: "
            f"{_num(den, lang)}"
        )
        out.append(
            f"  {LABELS['value'][lang]:<12} {_num(num, lang)} / {_num(den, lang)} × {scale} = "
            f"{_dec(value, lang)} {unit}".rstrip()
        )
    elif np.isfinite(value):
        out.append(f"  {LABELS['value'][lang]:<12} {_dec(value, lang)} {unit}".rstrip())
    if np.isfinite(ref):
        out.append(f"  {LABELS['national'][lang]:<12} {_dec(ref, lang)} {unit}".rstrip())
    need = float(row["need"])
    transform = prov.get("need_transform", "")
    worse = prov.get("need_direction", "higher_is_worse") != "higher_is_better"
    n_lab = LABELS["need"][lang]
    v, r = _dec(value, lang), _dec(ref, lang)
    formula = {
        "ratio": f"{v} / {r}" if worse else f"{r} / {v}",
        "gap": f"max(0, {v} − {r})" if worse else f"max(0, {r} − {v})",
        "value": v,
        "percentile": LABELS["rank"][lang],
        "decile": LABELS["rank"][lang],
    }.get(transform, "")
    if formula and np.isfinite(need):
        out.append(f"  {n_lab:<12} {formula} = {_dec(need, lang)}")
    notes = [
        f"{LABELS['note'][lang]}: {part.strip()}"
        for part in _localised(row, "need_note", lang).split(";")
        if part.strip()
    ]
    choice = _localised(prov, "need_choice", lang)
    if choice:  # a need with fallbacks: which indicator was used and why
        notes.insert(0, f"{LABELS['note'][lang]}: {choice}")
    return out, notes


def _tier_lines(
    alloc: Allocation, tier: TierResult, rid: str, row: pd.Series, lang: str
) -> list[Line]:
    if rid not in tier.formula.index:
        return []
    per = UNITS[alloc.rule.unit]
    spec = next(t for t in alloc.rule.tiers if t.name == tier.name)
    comps = tier.formula.loc[rid]
    key = spec.key.variable if isinstance(spec.key, BasePlusVariableKey) else spec.key
    avg = _average_need(alloc, tier, key) if isinstance(key, NeedWeightedKey) else float("nan")
    lines = []
    for item, v in comps.items():
        detail = _detail(str(item), float(v), row, spec.key, lang, avg)
        lines.append(Line(tier.name, str(item), "formula", float(v), detail))
    formula = float(comps.sum())
    resolved = float(tier.resolved[rid])
    binding = str(tier.binding[rid])
    if binding:
        lo, hi = float(tier.lower[rid]), float(tier.upper[rid])
        bound = lo if resolved <= lo + 1e-9 else hi
        lines.append(Line(tier.name, binding, "adjustment", resolved - formula, _eur(bound, lang)))
    elif abs(resolved - formula) > 0.005:  # below half a cent it is float noise: rounding
        lines.append(
            Line(
                tier.name, "redistribution", "adjustment", resolved - formula, f"× {tier.scale:.6f}"
            )
        )
    else:
        resolved = formula
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
    need, notes = _need_block(alloc, row, language)
    for t in alloc.tiers:
        spec = next(x for x in alloc.rule.tiers if x.name == t.name)
        key = spec.key.variable if isinstance(spec.key, BasePlusVariableKey) else spec.key
        for ln in lines:
            if ln.tier == t.name and ln.item == "need" and ln.amount < 0:
                assert isinstance(key, NeedWeightedKey)
                text = _negative_note(ln, row, key, language, _average_need(alloc, t, key))
                if text:
                    notes.append(text)
    pop = row.get("population")
    confidence = row.get("confidence", "")
    return Explanation(
        recipient=rid,
        name=str(row["name"]) if "name" in row else rid,
        amount=float(alloc.euros[rid]),
        population=float(pop) if pop is not None and np.isfinite(pop) else None,
        lines=tuple(lines),
        language=language,
        need=tuple(need),
        notes=tuple(notes),
        confidence=str(confidence) if isinstance(confidence, str) else "",
    )


def explanation_table(
    alloc: Allocation, *, language: str = "nl", inputs: bool = False
) -> pd.DataFrame:
    """Every recipient's explanation lines as one long table (for XLSX and CSV).

    Columns ``recipient, name, tier, item, label, kind, amount, detail``; per recipient
    the amounts add up to its total. With ``inputs`` the need's inputs (kind
    ``input``: numerator, denominator, rate, national rate, transform, source), the
    composition's confidence (item ``confidence``) and the notes (kind ``note``: proxy,
    imputed value, why a need line is negative) are added as rows without an amount.
    """
    rows: list[tuple[object, ...]] = []
    nan = float("nan")
    for rid in alloc.amounts.index:
        ex = explain(alloc, rid, language=language)
        if inputs:
            for text in ex.need:
                rows.append(
                    (
                        rid,
                        ex.name,
                        "",
                        "need_input",
                        LABELS["need_head"][language],
                        "input",
                        nan,
                        text.strip(),
                    )
                )
            if ex.confidence:
                label = LABELS["confidence"][language]
                rows.append((rid, ex.name, "", "confidence", label, "input", nan, ex.confidence))
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
        if inputs:
            for note in ex.notes:
                rows.append((rid, ex.name, "", "note", LABELS["note"][language], "note", nan, note))
    cols = ["recipient", "name", "tier", "item", "label", "kind", "amount", "detail"]
    return pd.DataFrame(rows, columns=cols)
