"""An allocation as an Excel workbook a policy officer can open: one sheet per view.

Sheets (Dutch names by default, English with ``language="en"``):

* **Bedragen / Amounts**: one row per recipient: name, population, need, the amount per
  tier, the total, euros per resident, share, which bound held (and per budget year
  for a schedule);
* **Uitleg / Explanation**: every recipient's "why € X" lines (formula components,
  floor, cap, dampening, redistribution, rounding) that add up to its amount, preceded
  by the need's inputs (numerator, denominator, rate, national rate, transform, source,
  data year) and the composition's confidence, followed by notes (proxy, imputed value,
  why a need line is negative) as rows without an amount;
* **Winnaars-verliezers / Winners-losers**: against another rule or the previous
  allocation, in euros, percent and euros per resident (when there is one);
* **Robuustheid / Robustness**: the interval of each amount under need uncertainty and
  the probability of a large change (when computed);
* **Regel / Rule**: the rule as YAML, the data provenance and the log of steps.

Money columns carry a euro number format, the header row is frozen and filterable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from kloof.allocation import Allocation, Robustness, Schedule, explanation_table
from kloof.allocation import compare as compare_allocations
from kloof.spreadsheet import sheet_name, xlsx_text

__all__ = ["HEADERS", "SHEETS", "write_allocation_xlsx"]

#: Sheet names per language.
SHEETS: dict[str, dict[str, str]] = {
    "nl": {
        "amounts": "Bedragen",
        "explanation": "Uitleg",
        "winners": "Winnaars-verliezers",
        "robustness": "Robuustheid",
        "rule": "Regel",
    },
    "en": {
        "amounts": "Amounts",
        "explanation": "Explanation",
        "winners": "Winners-losers",
        "robustness": "Robustness",
        "rule": "Rule",
    },
}

#: Dutch column headers (English keeps the column ids of the CSV output).
HEADERS: dict[str, str] = {
    "recipient": "ontvanger",
    "name": "naam",
    "population": "inwoners",
    "need": "behoefte",
    "confidence": "betrouwbaarheid samenstelling",
    "amount": "bedrag (€)",
    "per_resident": "€ per inwoner",
    "share_pct": "aandeel (%)",
    "binding": "begrensd door",
    "previous": "vorig bedrag (€)",
    "change": "verschil (€)",
    "tier": "pot",
    "item": "onderdeel",
    "label": "omschrijving",
    "kind": "soort",
    "detail": "berekening",
    "other": "ander bedrag (€)",
    "difference": "verschil (€)",
    "difference_pct": "verschil (%)",
    "difference_per_resident": "verschil per inwoner (€)",
    "outcome": "uitkomst",
    "baseline": "bedrag (€)",
    "mean": "gemiddelde (€)",
    "low": "ondergrens interval (€)",
    "high": "bovengrens interval (€)",
    "p_change": "kans op verandering",
    "key": "gegeven",
    "value": "waarde",
}

_MONEY = {
    "amount",
    "previous",
    "change",
    "other",
    "difference",
    "baseline",
    "mean",
    "low",
    "high",
    "difference_per_resident",
    "per_resident",
}


def _rule_sheet(result: Allocation, robustness: Robustness | None) -> pd.DataFrame:
    rule = result.rule
    rows: list[tuple[str, Any]] = [
        ("name", rule.name),
        ("description", rule.description),
        ("budget", result.budget),
        ("budget_year", result.year),
        ("unit", rule.unit),
    ]
    rows += [(f"provenance.{k}", v) for k, v in result.provenance.items()]
    rows += [("log", line) for line in result.log]
    if robustness is not None:
        rows += [
            ("robustness.draws", len(robustness.amounts)),
            ("robustness.infeasible_draws", robustness.infeasible),
            ("robustness.interval", f"{robustness.level:.0%}"),
            ("robustness.threshold_pct", robustness.threshold_pct),
        ]
    rows += [("rule.yaml", line) for line in rule.to_yaml().splitlines()]
    return pd.DataFrame(rows, columns=["key", "value"])


def _format(ws: Any, frame: pd.DataFrame, money_format: str) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for j, col in enumerate(frame.columns, start=1):
        letter = get_column_letter(j)
        values = [str(v) for v in frame[col].head(200)]
        width = max([len(str(col)), *(len(v) for v in values)], default=8)
        ws.column_dimensions[letter].width = min(60, max(10, width + 2))
        fmt = None
        if col in _MONEY:
            fmt = money_format if col != "per_resident" else "€ #,##0.00"
        elif col in ("share_pct", "difference_pct"):
            fmt = "0.00"
        elif col == "population":
            fmt = "#,##0"
        elif col == "p_change":
            fmt = "0%"
        if fmt:
            for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                row[0].number_format = fmt


def write_allocation_xlsx(
    output: str | Path,
    result: Allocation,
    *,
    compare: pd.DataFrame | Allocation | pd.Series | None = None,
    robustness: Robustness | None = None,
    schedule: Schedule | None = None,
    language: str = "nl",
) -> Path:
    """Write the workbook (see the module docstring); return its path.

    Parameters
    ----------
    compare
        A table from :func:`kloof.allocation.compare`, or another allocation or a
        previous year's euros per recipient; without it the previous allocation the
        result carries (if any) is used for the winners-losers sheet.
    """
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    lang = language if language in SHEETS else "en"
    names = SHEETS[lang]
    money = "€ #,##0.00" if result.rule.unit == "cent" else "€ #,##0"
    amounts = result.table()
    if schedule is not None:
        amounts = amounts.join(schedule.table().add_prefix("amount_"), on="recipient")
    if isinstance(compare, pd.DataFrame):
        winners: pd.DataFrame | None = compare
    elif compare is not None:
        winners = compare_allocations(result, compare)
    elif result.previous is not None:
        winners = compare_allocations(result, result.previous, label="previous")
    else:
        winners = None
    sheets: list[tuple[str, pd.DataFrame]] = [
        (names["amounts"], amounts),
        (names["explanation"], explanation_table(result, language=lang, inputs=True)),
    ]
    if winners is not None:
        sheets.append((names["winners"], winners))
    if robustness is not None:
        sheets.append((names["robustness"], robustness.summary.reset_index()))
    sheets.append((names["rule"], _rule_sheet(result, robustness)))
    taken: list[str] = []
    with pd.ExcelWriter(out, engine="openpyxl") as xl:
        for sheet, frame in sheets:
            shown = _words(frame, lang)
            shown = shown.rename(columns=HEADERS) if lang == "nl" else shown
            name = sheet_name(sheet, taken)
            taken.append(name)
            shown.to_excel(xl, sheet_name=name, index=False)
            xlsx_text(xl.sheets[name])  # a name such as "=cmd|..." stays text
            _format(xl.sheets[name], frame, money)
    return out


#: Columns whose values are words (confidence, binding bound), not data.
_WORD_COLUMNS = ("confidence", "binding")


def _words(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with the words of :data:`_WORD_COLUMNS` in ``lang`` (``high`` → ``hoog``)."""
    from kloof.report.readable import word

    out = frame.copy()
    for col in _WORD_COLUMNS:
        if col in out:
            out[col] = out[col].map(lambda v: word(v, lang))
    return out
