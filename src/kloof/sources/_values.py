"""Parsing CBS cell values: missing markers, sentinels, decimal and thousands separators.

A file re-saved by a spreadsheet may write ``11800`` as ``11.800`` (Dutch) or
``11,800`` (English). Read as a decimal that is 11.8, a thousand times too small and
still plausible for a density or a WOZ value, so :func:`to_numbers` decides per column:

* a value that can only be one thing is read as that: ``1,1`` and ``2.5`` are decimals,
  ``1.234.567``, ``1,234,567``, ``1.234,5`` and ``1,234.5`` carry thousands separators;
* a value that can be both (one ``.`` or ``,`` followed by exactly three digits after a
  non-zero group, ``1.284``) follows the rest of its column: with decimal commas or
  Dutch grouping elsewhere (and nothing English) the ``.`` groups thousands, with
  decimal points or English grouping elsewhere (and nothing Dutch) the ``,`` does;
* when nothing else in the column says which, or it says both, the value is refused,
  naming the row and column: a number is either right or refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from kloof.catalogue import MAX_MAGNITUDE
from kloof.errors import DataFormatError, quote

__all__ = ["MISSING_MARKERS", "SENTINEL_LIMIT", "python_numbers", "to_numbers"]

#: Strings CBS uses for "no value": missing, secret, not applicable.
MISSING_MARKERS = frozenset({"", ".", "x", "X", "-", "NA", "nan", "NaN", "?", "..", "•"})
#: Numbers at or below this are CBS sentinels (-99997 secret, -99999999 missing).
SENTINEL_LIMIT = -99990.0

_SIGN = r"[+-]?[1-9]\d{0,2}"
_DUTCH = re.compile(rf"{_SIGN}(?:(?:\.\d{{3}}){{2,}}|(?:\.\d{{3}})+,\d+)")  # 1.234.567, 1.234,5
_ENGLISH = re.compile(rf"{_SIGN}(?:(?:,\d{{3}}){{2,}}|(?:,\d{{3}})+\.\d+)")  # 1,234,567, 1,234.5
_AMBIGUOUS = re.compile(rf"{_SIGN}[.,]\d{{3}}")  # 1.284 or 1,284: thousands or decimals


def python_numbers(
    text: pd.Series, *, path: object, name: str, row_of: Callable[[int], int]
) -> pd.Series:
    """Number strings with separators rewritten to Python's form (see the module).

    ``text`` holds stripped strings (``NA`` where missing); ``row_of(position)`` is the
    file's row of a position, for the message.

    Raises
    ------
    DataFormatError
        On a value that may carry a thousands or a decimal separator when the rest of
        the column does not say which.
    """
    separated = text.str.contains(r"[.,]", regex=True).fillna(False)
    if not separated.any():
        return text
    dutch = text.str.fullmatch(_DUTCH.pattern).fillna(False) & separated
    english = text.str.fullmatch(_ENGLISH.pattern).fillna(False) & separated
    ambiguous = text.str.fullmatch(_AMBIGUOUS.pattern).fillna(False) & separated
    plain = separated & ~(dutch | english | ambiguous)
    comma = text.str.contains(",", regex=False).fillna(False)
    says_dutch = bool((dutch | (plain & comma)).any())
    says_english = bool((english | (plain & ~comma)).any())
    out = text.copy()
    out[dutch] = text[dutch].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    out[english] = text[english].str.replace(",", "", regex=False)
    out[plain] = text[plain].str.replace(",", ".", regex=False)
    if ambiguous.any():
        if says_dutch == says_english:
            pos = int(np.flatnonzero(ambiguous.to_numpy())[0])
            value = str(text.iloc[pos])
            raise DataFormatError(
                "value {value} may be {whole} with a thousands separator or a number with "
                "decimals, and the other values in this column do not say which ({n} such "
                "cells in this column); save the file without thousands separators",
                path=path,
                row=row_of(pos),
                column=name[:80],
                value=quote(value),
                whole=value.replace(".", "").replace(",", ""),
                n=int(ambiguous.sum()),
            )
        grouping = "." if says_dutch else ","
        whole = text[ambiguous].str.replace(grouping, "", regex=False)
        out[ambiguous] = whole.str.replace(",", ".", regex=False)
    return out


def to_numbers(
    column: pd.Series, *, path: object, name: str, first_row: int = 1
) -> tuple[pd.Series, int]:
    """Parse a column of CBS strings to floats.

    Missing markers (:data:`MISSING_MARKERS`) and negative sentinels (≤ -99990) become
    NaN, never zero. A decimal comma (``1,1``) is read as a decimal point; thousands
    separators are read where the column says which separator is which, and refused
    where it does not (see the module). ``inf``,
    ``Infinity`` and numbers beyond :data:`~kloof.catalogue.MAX_MAGNITUDE` (``1e308``)
    are refused.

    Parameters
    ----------
    column
        Raw values (strings or numbers).
    path, name, first_row
        For error messages: file, column name and the row number of the first value.

    Returns
    -------
    (values, suppressed)
        Float values and the number of cells that were missing or suppressed.

    Raises
    ------
    DataFormatError
        On a value that is neither a number nor a missing marker, not finite, or
        ambiguous between a thousands and a decimal separator, naming row and column.
    """
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = column.astype("float64")
    else:
        text = column.astype("string").str.strip()
        missing = text.isna() | text.isin(MISSING_MARKERS)
        cleaned = python_numbers(
            text.where(~missing), path=path, name=name, row_of=lambda pos: first_row + pos
        )
        values = pd.to_numeric(cleaned, errors="coerce").astype("float64")
        bad = values.isna() & ~missing
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataFormatError(  # a template: the Dutch line quotes the cell as written
                "value {value} is not a number or a CBS missing marker ({n} such cells in "
                "this column)",
                path=path,
                row=first_row + pos,
                column=name[:80],
                value=quote(text.iloc[pos]),
                n=int(bad.sum()),
            )
    huge = values.notna() & ~(values.abs() <= MAX_MAGNITUDE)
    if huge.any():
        pos = int(np.flatnonzero(huge.to_numpy())[0])
        raise DataFormatError(
            "value {value} is not a finite number of a plausible size (at most {limit}; "
            "{n} such cells in this column)",
            path=path,
            row=first_row + pos,
            column=name[:80],
            value=quote(column.iloc[pos]),
            limit=f"{MAX_MAGNITUDE:g}",
            n=int(huge.sum()),
        )
    sentinel = values <= SENTINEL_LIMIT
    values = values.mask(sentinel)
    return values, int(values.isna().sum())
