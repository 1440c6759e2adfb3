"""Parsing CBS cell values: missing markers, sentinels and decimal commas."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kloof.catalogue import MAX_MAGNITUDE
from kloof.errors import DataFormatError, quote

__all__ = ["MISSING_MARKERS", "SENTINEL_LIMIT", "to_numbers"]

#: Strings CBS uses for "no value": missing, secret, not applicable.
MISSING_MARKERS = frozenset({"", ".", "x", "X", "-", "NA", "nan", "NaN", "?", "..", "•"})
#: Numbers at or below this are CBS sentinels (-99997 secret, -99999999 missing).
SENTINEL_LIMIT = -99990.0


def to_numbers(
    column: pd.Series, *, path: object, name: str, first_row: int = 1
) -> tuple[pd.Series, int]:
    """Parse a column of CBS strings to floats.

    Missing markers (:data:`MISSING_MARKERS`) and negative sentinels (≤ -99990) become
    NaN, never zero. A decimal comma (``1,1``) is read as a decimal point. ``inf``,
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
        On a value that is neither a number nor a missing marker, or not finite,
        naming row and column.
    """
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = column.astype("float64")
    else:
        text = column.astype("string").str.strip()
        missing = text.isna() | text.isin(MISSING_MARKERS)
        cleaned = text.where(~missing).str.replace(",", ".", regex=False)
        values = pd.to_numeric(cleaned, errors="coerce").astype("float64")
        bad = values.isna() & ~missing
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataFormatError(
                f"value {quote(text.iloc[pos])} is not a number or a CBS missing marker "
                f"({int(bad.sum())} such cells in this column)",
                path=path,
                row=first_row + pos,
                column=name[:80],
            )
    huge = values.notna() & ~(values.abs() <= MAX_MAGNITUDE)
    if huge.any():
        pos = int(np.flatnonzero(huge.to_numpy())[0])
        raise DataFormatError(
            f"value {quote(column.iloc[pos])} is not a finite number of a plausible size "
            f"(at most {MAX_MAGNITUDE:g}; {int(huge.sum())} such cells in this column)",
            path=path,
            row=first_row + pos,
            column=name[:80],
        )
    sentinel = values <= SENTINEL_LIMIT
    values = values.mask(sentinel)
    return values, int(values.isna().sum())
