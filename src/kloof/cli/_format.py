"""Numbers and frames as people read them: separators by language, years bare, euros.

Used by :mod:`kloof.cli._output` (which re-exports these names for the command modules)
to turn a frame into the text cells of a table; CSV and JSON keep the numbers. A table
may also come as plain rows (:class:`Rows`, e.g. from ``fetchall``), which
:func:`display_rows` formats without pandas: ``kloof data status`` never imports it.

Examples
--------
>>> format_number(17811291, "nl"), format_number(17811291, "en")
('17.811.291', '17,811,291')
>>> format_number(64.27, "nl", 1), format_money(9612345.4, "nl")
('64,3', '€ 9.612.345')
"""

from __future__ import annotations

import math
import numbers
import re
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kloof.i18n import N_, translate

if TYPE_CHECKING:  # pandas is imported by the functions that get a frame
    import pandas as pd

__all__ = [
    "Rows",
    "auto_decimals",
    "decimals_for_unit",
    "display_frame",
    "display_rows",
    "format_money",
    "format_number",
    "format_percent",
]


@dataclass(frozen=True)
class Rows:
    """A table as plain Python rows: column names and one tuple per row.

    What a DuckDB ``fetchall`` gives; :func:`kloof.cli._output.emit` prints it like a
    frame (same cells, same layout) without importing pandas.
    """

    columns: tuple[str, ...]
    rows: Sequence[tuple[Any, ...]]

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Any]:
        """The values of one column, in row order."""
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def head(self, n: int) -> Rows:
        """The first ``n`` rows."""
        return Rows(self.columns, self.rows[:n])

    def select(self, *columns: str) -> Rows:
        """Only these columns, in this order."""
        at = [self.columns.index(c) for c in columns]
        return Rows(tuple(columns), [tuple(row[i] for i in at) for row in self.rows])


#: Decimals by catalogue unit (the catalogue has no precision field; the unit decides).
_UNIT_DECIMALS: dict[str, int | None] = {
    "aantal": None,
    "%": 1,
    "per 1 000 inwoners": 1,
    "per huishouden": 1,
    "x 1 000 euro": 1,
    "km": 1,
    "ha": 0,
    "kWh": 0,
    "m³": 0,
    "per km²": 0,
    "aantal inwoners per km²": 0,
}

#: Columns holding years (printed without thousands separators).
_YEARS = re.compile(r"^(year|jaar|data_year|budget_year|geo_year|.*_year|begin|start)$")


def _separators(text: str, language: str) -> str:
    """English ``1,234.5`` → Dutch ``1.234,5``."""
    if language == "en":
        return text
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_number(value: Any, language: str = "nl", decimals: int | None = None) -> str:
    """One number as people read it, never in scientific notation; ``""`` when missing.

    Parameters
    ----------
    value
        A number (or anything; non-numbers are returned as text).
    language
        ``nl`` (``17.811.291``, ``64,3``) or ``en`` (``17,811,291``, ``64.3``).
    decimals
        Fixed decimals; ``None`` means none for whole numbers and
        :func:`auto_decimals` otherwise.
    """
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(x):
        return ""
    if decimals is None:
        decimals = 0 if x == int(x) else auto_decimals([x])
    text = f"{x:,.{decimals}f}"
    if text.startswith("-") and not any(c not in "-0.," for c in text):
        text = text[1:]  # no "-0,0"
    return _separators(text, language)


def format_money(value: Any, language: str = "nl", decimals: int = 0) -> str:
    """An amount in euros: ``€ 9.612.345`` (nl) or ``€ 9,612,345`` (en); ``""`` if missing."""
    from kloof.report.charts import format_money as money

    text = money(value, language, decimals)
    return "" if text == "–" else text


def format_percent(value: Any, language: str = "nl", decimals: int = 1) -> str:
    """A percentage (value already in percent): ``12,3%``; ``""`` when missing."""
    text = format_number(value, language, decimals)
    return f"{text}%" if text else ""


def auto_decimals(values: Any) -> int:
    """Decimals that show a column of numbers sensibly (by its largest magnitude).

    Whole numbers get none; otherwise ≥ 1000 → 0, ≥ 10 → 1, ≥ 1 → 2, smaller → 4.
    Values that are no numbers, missing or infinite do not count.
    """
    finite = [x for x in map(_float, values) if math.isfinite(x)]
    if all(x.is_integer() for x in finite):  # also when there are none
        return 0
    top = max(abs(x) for x in finite)
    return 0 if top >= 1000 else 1 if top >= 10 else 2 if top >= 1 else 4


def _float(value: Any) -> float:
    """``value`` as a float; NaN when it is missing or no number."""
    if _missing(value) or isinstance(value, str):
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _missing(value: Any) -> bool:
    """None, NaN or pandas' NA (which only exists when pandas is loaded)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    pandas = sys.modules.get("pandas")
    return pandas is not None and value is pandas.NA


def decimals_for_unit(unit: str | None) -> int | None:
    """Decimals for a catalogue unit (``None``: unknown, decide by the values)."""
    return _UNIT_DECIMALS.get(unit or "")


def display_frame(
    frame: pd.DataFrame,
    language: str = "nl",
    *,
    decimals: Mapping[str, int | None] | None = None,
    money: Collection[str] = (),
    percent: Collection[str] = (),
    money_decimals: int = 0,
) -> pd.DataFrame:
    """The frame as text cells: numbers with separators, years bare, amounts in euros.

    Parameters
    ----------
    frame
        Any frame (numbers stay numbers in CSV and JSON; this is for tables only).
    language
        ``nl`` or ``en`` separators.
    decimals
        Fixed decimals per column; other float columns get :func:`auto_decimals`.
    money, percent
        Columns shown as ``€ 1.234`` or ``12,3%``.
    money_decimals
        Decimals of amounts (2 for rules in cents).
    """
    import pandas as pd

    decimals = decimals or {}
    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        values = frame[col]
        name = str(col)
        if col in money:
            out[col] = [format_money(v, language, money_decimals) for v in values]
        elif col in percent:
            d = decimals.get(col)
            out[col] = [format_percent(v, language, 1 if d is None else d) for v in values]
        elif pd.api.types.is_bool_dtype(values.dtype):
            words = {True: translate(N_("yes"), language), False: translate(N_("no"), language)}
            out[col] = ["" if pd.isna(v) else words[bool(v)] for v in values]
        elif pd.api.types.is_numeric_dtype(values.dtype):
            if _YEARS.match(name):
                out[col] = ["" if pd.isna(v) else str(int(v)) for v in values]
                continue
            if col in decimals:
                out[col] = [format_number(v, language, decimals[col]) for v in values]
            else:  # the column's decimals, more where a value would read as zero
                d = auto_decimals(values)
                out[col] = [_not_zero(v, language, d) for v in values]
        else:
            out[col] = [_text(v, language) for v in values]
    return out


def display_rows(
    table: Rows,
    language: str = "nl",
    *,
    decimals: Mapping[str, int | None] | None = None,
    money: Collection[str] = (),
    percent: Collection[str] = (),
    money_decimals: int = 0,
) -> tuple[dict[str, list[str]], dict[str, bool]]:
    """Plain rows as text cells, by the rules of :func:`display_frame`, without pandas.

    A column holding only numbers (and missing values) is numeric, as a numeric dtype
    is in a frame; one holding only booleans reads yes/no (and is numeric too, as a
    bool dtype is).

    Returns
    -------
    tuple of dict
        Cells per column (in the table's order), and whether each column is numeric.
    """
    decimals = decimals or {}
    cells: dict[str, list[str]] = {}
    numeric: dict[str, bool] = {}
    for col in table.columns:
        values = table.column(col)
        present = [v for v in values if not _missing(v)]
        is_bool = bool(present) and all(isinstance(v, bool) for v in present)
        is_number = (
            bool(present)
            and not is_bool
            and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in present)
        )
        numeric[col] = is_number or is_bool  # as pandas counts a bool dtype
        if col in money:
            cells[col] = [format_money(v, language, money_decimals) for v in values]
        elif col in percent:
            d = decimals.get(col)
            cells[col] = [format_percent(v, language, 1 if d is None else d) for v in values]
        elif is_bool:
            words = {True: translate(N_("yes"), language), False: translate(N_("no"), language)}
            cells[col] = ["" if _missing(v) else words[bool(v)] for v in values]
        elif is_number:
            if _YEARS.match(col):
                cells[col] = ["" if _missing(v) else str(int(v)) for v in values]
                continue
            if col in decimals:
                cells[col] = [format_number(v, language, decimals[col]) for v in values]
            else:  # the column's decimals, more where a value would read as zero
                d = auto_decimals(values)
                cells[col] = [_not_zero(v, language, d) for v in values]
        else:
            cells[col] = [_text(v, language) for v in values]
    return cells, numeric


def _not_zero(value: Any, language: str, decimals: int) -> str:
    """:func:`format_number` with ``decimals``, but a value that is not zero never reads
    as zero: it gets the decimals of its first two significant digits (at most 12; a
    smaller value reads ``<0,000000000001``).

    >>> _not_zero(0.00004, "nl", 4), _not_zero(0.5, "nl", 4), _not_zero(0.0, "nl", 4)
    ('0,000040', '0,5000', '0,0000')
    >>> _not_zero(-1e-15, "en", 4)
    '>-0.000000000001'
    """
    text = format_number(value, language, decimals)
    x = _float(value)
    if not text or not math.isfinite(x) or x == 0 or any(c in "123456789" for c in text):
        return text
    if abs(x) < 1e-12:
        bound = format_number(1e-12 if x > 0 else -1e-12, language, 12)
        return f"{'<' if x > 0 else '>'}{bound}"
    return format_number(x, language, min(12, 1 - math.floor(math.log10(abs(x)))))


def _text(value: Any, language: str) -> str:
    if _missing(value):
        return ""
    if isinstance(value, float):
        return format_number(value, language)
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    return str(value)
