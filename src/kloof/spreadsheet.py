"""The CSV and XLSX writers of kloof's exports, and cells that are never formulas.

Every table kloof writes for a spreadsheet goes through this module: ``--output
FILE.csv|xlsx`` and ``kloof data export`` of the CLI (via
:func:`kloof.store.export.write_table`), the dashboard's downloads
(:mod:`kloof.web.tables`) and the workbooks of :mod:`kloof.report`. One convention:

* **CSV** (:func:`csv_bytes`): UTF-8 with BOM (Excel shows "Súdwest-Fryslân"), a header
  row, ``;`` as separator and a decimal comma in Dutch (what Excel with Dutch regional
  settings opens without the import wizard), ``,`` and a decimal point in English;
  numbers at full precision, never in scientific notation; missing values empty.
* **XLSX** (:func:`write_xlsx`): numbers as number cells, texts (codes such as
  ``GM0014``) as text cells, valid sheet names, a bold frozen header row, column widths
  by content and an optional provenance sheet.

A text such as ``=cmd|' /C calc'!A0`` in a region name or a measure title would be a live
formula when a CSV or XLSX export is opened in Excel or LibreOffice. Every table kloof
writes is kept text:

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

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "FORMULA_START",
    "csv_bytes",
    "csv_dialect",
    "csv_number",
    "csv_text",
    "finish_sheet",
    "formula_like",
    "rows_csv_bytes",
    "sheet_name",
    "write_csv",
    "write_xlsx",
    "xlsx_bytes",
    "xlsx_text",
]

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


# ----------------------------------------------------------------- CSV


#: A true and a false value in a CSV cell (never Python's ``True``/``False``).
_YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}


def csv_number(value: Any, language: str = "nl") -> str:
    """A number as a CSV cell: full precision, never scientific notation.

    Dutch (``nl``) writes a decimal comma, English a point; no thousands separator. A
    missing value (``None``, NaN, ``pd.NA``) and an infinite one are empty: a number is
    right or absent, never ``nan`` or ``inf``. A truth value is ``ja``/``nee``
    (``yes``/``no``).

    Examples
    --------
    >>> csv_number(0.1 + 0.2), csv_number(1e-7, "en"), csv_number(2.5e20, "nl")
    ('0,30000000000000004', '0.0000001', '250000000000000000000')
    >>> csv_number(float("nan")), csv_number(True), csv_number(12)
    ('', 'ja', '12')
    """
    import math

    import numpy as np

    if isinstance(value, bool | np.bool_):
        return _YES_NO.get(language, _YES_NO["en"])[0 if value else 1]
    if isinstance(value, int | np.integer):
        return str(int(value))
    number = float(value)
    if not math.isfinite(number):
        return ""
    text = repr(number)  # the shortest text that reads back as the same number
    if "e" in text:  # 1e-07, 2.5e+20: written out, never in scientific notation
        text = np.format_float_positional(number, trim="-")
    elif text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",") if language == "nl" else text


def _csv_cell(value: Any, language: str) -> str:
    """One CSV cell: numbers by :func:`csv_number`, texts safe (:func:`csv_text`)."""
    import datetime as dt
    import numbers

    import numpy as np

    if value is None:
        return ""
    if isinstance(value, bool | np.bool_):
        return csv_number(value, language)
    if isinstance(value, numbers.Number):
        return "" if value != value else csv_number(value, language)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
        if isinstance(value, pd.Timestamp):
            return value.isoformat()
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return str(csv_text(value if isinstance(value, str) else str(value)))


def csv_dialect(language: str = "nl") -> tuple[str, str]:
    """Separator and decimal mark of kloof's CSV files: ``;`` and ``,`` in Dutch (what
    Excel with Dutch regional settings expects), ``,`` and ``.`` in English."""
    return (";", ",") if language == "nl" else (",", ".")


def csv_bytes(frame: Any, language: str = "nl") -> bytes:
    """A data frame as CSV for spreadsheets: UTF-8 with BOM, one header row.

    The one CSV writer of kloof's exports (CLI ``--output FILE.csv``, ``kloof data
    export``, the dashboard's downloads). Separator and decimal mark follow
    :func:`csv_dialect`; numbers have full precision without exponent
    (:func:`csv_number`); missing values are empty; texts a spreadsheet would run as a
    formula get a leading ``'`` (:func:`csv_text`); codes are written as they are.

    Parameters
    ----------
    frame
        A :class:`pandas.DataFrame`; the index is not written.
    language
        ``nl`` (default) or ``en``.

    Returns
    -------
    bytes
        The file's content.
    """
    columns = [_csv_column(frame[c], language) for c in frame.columns]
    return _csv_file([str(c) for c in frame.columns], zip(*columns, strict=True), language)


def _csv_column(series: Any, language: str) -> list[str]:
    """The cells of one column (a fast path for float and integer columns)."""
    import numpy as np

    # nullable pandas dtypes (Int64, Float64) hold pd.NA: the general path handles it
    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else "O"
    values = series.tolist()
    if kind == "f":
        return [csv_number(v, language) if v == v else "" for v in values]
    if kind in "iu":
        return [str(v) for v in values]
    return [_csv_cell(v, language) for v in values]


def rows_csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Any]], language: str = "nl"
) -> bytes:
    """:func:`csv_bytes` of plain rows (no pandas): ``header``, then ``rows``."""
    cells = ([_csv_cell(v, language) for v in row] for row in rows)
    return _csv_file(header, cells, language)


def _csv_file(header: Sequence[str], cells: Iterable[Sequence[str]], language: str) -> bytes:
    """The CSV text of rows of finished cells, with the BOM, as UTF-8."""
    import csv
    import io

    sep, _ = csv_dialect(language)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow([str(csv_text(str(name))) for name in header])  # an area's name too
    writer.writerows(cells)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_csv(frame: Any, path: str | Path, language: str = "nl") -> None:
    """Write :func:`csv_bytes` of ``frame`` to ``path``."""
    Path(path).write_bytes(csv_bytes(frame, language))


# ----------------------------------------------------------------- XLSX

#: Characters Excel does not allow in a sheet name.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text: str, taken: Collection[str] = ()) -> str:
    """A valid, unique Excel sheet name for ``text``.

    Forbidden characters (``[ ] : * ? / \\``) become ``-``, leading and trailing quotes
    go, the name is cut to 31 characters and a ``(2)``, ``(3)`` … suffix keeps it apart
    from the names in ``taken`` (compared without case, as Excel does).

    Examples
    --------
    >>> sheet_name("Bedragen: 2025/2026 [concept]")
    'Bedragen- 2025-2026 -concept-'
    >>> sheet_name("data", taken=["Data"])
    'data (2)'
    """
    name = _SHEET_FORBIDDEN.sub("-", str(text)).strip("'").strip() or "Blad"
    name = name[:31]
    used = {t.casefold() for t in taken}
    n = 1
    candidate = name
    while candidate.casefold() in used:
        n += 1
        suffix = f" ({n})"
        candidate = name[: 31 - len(suffix)] + suffix
    return candidate


def finish_sheet(worksheet: Any, *, max_width: int = 60) -> None:
    """Make an openpyxl sheet readable: bold frozen header row, column widths by content,
    formula-like texts as text (:func:`xlsx_text`)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    xlsx_text(worksheet)
    if worksheet.max_row < 1:
        return
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(worksheet.iter_cols(max_row=501), start=1):
        longest = 0
        for cell in column:
            value = cell.value
            if value is None:
                continue
            text = f"{value:,.2f}" if isinstance(value, float) else str(value)
            longest = max(longest, max((len(line) for line in text.splitlines()), default=0))
        width = min(max(longest + 2, 8), max_width)
        worksheet.column_dimensions[get_column_letter(index)].width = width


def _xlsx_value(value: Any) -> Any:
    """One cell value for openpyxl: missing and infinite numbers ``None``, numpy scalars
    as Python ones, other objects that are no number, text or date as their text."""
    import datetime as dt
    import decimal
    import math

    import pandas as pd

    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, dt.date | dt.time | dt.timedelta | decimal.Decimal):
        return value
    if hasattr(value, "item"):  # a numpy scalar
        return _xlsx_value(value.item())
    return str(value)


def _xlsx_column(series: Any) -> list[Any]:
    """The cell values of one column (a fast path for float and integer columns)."""
    import numpy as np

    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else "O"
    if kind == "f":
        values = series.to_numpy(dtype=float, copy=True)
        missing = ~np.isfinite(values)
        column: list[Any] = values.tolist()
        for index in np.flatnonzero(missing).tolist():
            column[index] = None
        return column
    if kind in "iub":
        return list(series.tolist())
    return [_xlsx_value(v) for v in series.tolist()]


def _column_width(values: Iterable[Any], max_width: int) -> int:
    """The width of a column from its first values: longest line + 2, 8 to ``max_width``."""
    longest = 0
    for value in values:
        if value is None:
            continue
        text = f"{value:,.2f}" if isinstance(value, float) else str(value)
        longest = max(longest, max((len(line) for line in text.splitlines()), default=0))
    return min(max(longest + 2, 8), max_width)


def _write_sheet(worksheet: Any, frame: Any, *, max_width: int = 60) -> None:
    """Append ``frame`` to a write-only openpyxl ``worksheet`` in kloof's layout.

    The same layout as :func:`finish_sheet` gives a sheet written by pandas: a bold
    header row frozen at ``A2``, widths from the header and the first 500 rows, texts
    that start with ``=`` as text cells (data type ``"s"``), never as formulas.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    header = [_xlsx_value(c) for c in frame.columns]
    columns = [_xlsx_column(frame.iloc[:, i]) for i in range(frame.shape[1])]
    for index, (name, column) in enumerate(zip(header, columns, strict=True), start=1):
        width = _column_width([name, *column[:500]], max_width)
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: Any, font: Any = None) -> Any:
        made = WriteOnlyCell(worksheet, value)
        if font is not None:
            made.font = font
        if made.data_type == "f":  # kloof never writes formulas: a text "=…" stays text
            made.data_type = "s"
        return made

    for column in columns:
        for index, value in enumerate(column):
            if isinstance(value, str) and value.startswith("="):
                column[index] = cell(value)
    worksheet.append([cell(name, bold) for name in header])
    for row in zip(*columns, strict=True):
        worksheet.append(row)


def write_xlsx(
    target: Any,
    sheets: Mapping[str, Any],
    *,
    about: Sequence[tuple[str, Any]] = (),
    about_title: str = "Over deze export",
    about_header: tuple[str, str] = ("Gegeven", "Waarde"),
) -> None:
    """Write data frames as sheets of one workbook, each made readable.

    The one XLSX writer of kloof's table exports. Numbers are number cells (missing and
    infinite values empty), texts are text cells (codes keep their leading zeros, a
    formula-like text stays text), sheet names are valid (:func:`sheet_name`) and every
    sheet gets a bold frozen header and column widths by content (the layout of
    :func:`finish_sheet`). The rows are streamed into a write-only openpyxl workbook:
    a buurt export of 14,000 rows by 100 columns takes seconds, not the best part of a
    minute that a pandas ``to_excel`` followed by a pass over every cell took.

    Parameters
    ----------
    target
        A path or a binary buffer.
    sheets
        Sheet name → :class:`pandas.DataFrame` (the index is not written).
    about
        Provenance as (field, value) rows, written as the last sheet ``about_title``
        (nothing when empty).
    about_title, about_header
        Name and header row of that sheet.
    """
    import pandas as pd
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    taken: list[str] = []
    items = list(sheets.items())
    if about:
        items.append((about_title, pd.DataFrame(list(about), columns=list(about_header))))
    for name, frame in items:
        safe = sheet_name(name, taken)
        taken.append(safe)
        _write_sheet(book.create_sheet(safe), frame)
    book.save(target)


def xlsx_bytes(
    sheets: Mapping[str, Any], *, about: Sequence[tuple[str, Any]] = (), **kw: Any
) -> bytes:
    """:func:`write_xlsx` into memory (for a download)."""
    import io

    buffer = io.BytesIO()
    write_xlsx(buffer, sheets, about=about, **kw)
    return buffer.getvalue()
