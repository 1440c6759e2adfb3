"""Cells that spreadsheets read as text, never as formulas (CSV/formula injection).

A text such as ``=cmd|' /C calc'!A0`` in a region name or a measure title would be a live
formula when a CSV or XLSX export is opened in Excel or LibreOffice. Every table kloof
writes for spreadsheets goes through this module (``kloof data export`` via
:func:`kloof.store.export.write_table`, the plan exports of :mod:`kloof.plans.export`):

* **CSV**: a text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return gets a single quote in front (the OWASP advice for CSV injection), so the
  spreadsheet shows it as text.
* **XLSX**: such a text is written as a string cell (openpyxl data type ``"s"``) instead
  of a formula (``"f"``); the text itself is unchanged.

Numbers are numbers and are never touched (``-5`` stays a negative number).

References
----------
OWASP, *CSV Injection*, https://owasp.org/www-community/attacks/CSV_Injection

Examples
--------
>>> csv_text("=cmd|' /C calc'!A0")
"'=cmd|' /C calc'!A0"
>>> csv_text("Rotterdam"), csv_text(-5)
('Rotterdam', -5)
"""

from __future__ import annotations

from typing import Any

__all__ = ["FORMULA_START", "csv_text", "formula_like", "xlsx_text"]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    """Whether ``value`` is a text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_text(value: Any) -> Any:
    """``value`` for a CSV cell: formula-like texts get a leading ``'``, the rest as is."""
    return "'" + value if formula_like(value) else value


def xlsx_text(worksheet: Any) -> int:
    """Turn every formula cell of an openpyxl ``worksheet`` into a text cell.

    kloof never writes formulas on purpose, so every formula cell came from a text that
    starts with ``=``; it is kept as that text (data type ``"s"``).

    Returns
    -------
    int
        The number of cells changed.
    """
    changed = 0
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" or (formula_like(cell.value) and cell.data_type != "s"):
                cell.data_type = "s"
                changed += 1
    return changed
