"""Amounts in euro at constant prices: deflating with the CPI.

The KWB publishes income and WOZ values in current (nominal) prices, so a rising series
mixes real change and inflation. :func:`deflate` expresses every amount in euro
(:func:`money_indicators`: catalogue unit with ``euro``) in the prices of one year
:math:`P`:

.. math:: v^{P}_t = v_t \\cdot \\frac{\\mathrm{CPI}_P}{\\mathrm{CPI}_t}

with :math:`\\mathrm{CPI}_t` the annual average CPI (CBS 83131NED, all expenditure) of
the data year :math:`t`. Because the factor is one number per year, deflating before or
after aggregation to areas gives the same result (a weighted mean of deflated values is
the deflated weighted mean), and gaps and trends are then in euros of year :math:`P`.

The data year is the KWB edition year. Several KWB amounts refer to an earlier moment
(income to a reference year before the edition, the WOZ value to 1 January of the year
before); their real change is then measured with the price change of the edition years,
a shift of the same length for every year of the series. ``docs/methods-monitor.md``
discusses it.

A year without a CPI value keeps no amount: its money values become missing (never
left nominal in a table said to be in constant prices), and the notes say which years.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof.errors import SpecError

__all__ = ["deflate", "money_indicators", "price_label"]


def money_indicators(
    columns: Iterable[str], catalogue: _catalogue.Catalogue | None = None
) -> list[str]:
    """The columns that are amounts in euro (catalogue unit containing ``euro``).

    Examples
    --------
    >>> money_indicators(["income_per_inhabitant", "bijstand_per_1000", "woz_mean"])
    ['income_per_inhabitant', 'woz_mean']
    """
    cat = catalogue or _catalogue.load()
    return [c for c in columns if c in cat and "euro" in cat[c].unit]


def price_label(year: int, language: str = "nl") -> str:
    """``"prijzen van 2024"`` / ``"prices of 2024"``.

    Examples
    --------
    >>> price_label(2024), price_label(2024, "en")
    ('prijzen van 2024', 'prices of 2024')
    """
    return f"prices of {year}" if language == "en" else f"prijzen van {year}"


def deflate(
    frames: Mapping[int, pd.DataFrame],
    cpi: pd.Series,
    prices: int,
    *,
    catalogue: _catalogue.Catalogue | None = None,
) -> tuple[dict[int, pd.DataFrame], tuple[str, ...]]:
    """Express the amounts in euro of every year's frame in the prices of ``prices``.

    Parameters
    ----------
    frames
        Year → wide frame (columns = indicator ids).
    cpi
        Year → annual average CPI (any base: only ratios are used).
    prices
        The price year :math:`P`; it needs a CPI value.

    Returns
    -------
    (frames, notes)
        New frames (the inputs are not changed) and notes on years without a CPI.

    Raises
    ------
    SpecError
        ``prices`` has no CPI value, or a CPI value is not positive.

    Examples
    --------
    >>> f = {2020: pd.DataFrame({"income_per_inhabitant": [30.0]}, index=["GM0363"])}
    >>> out, _ = deflate(f, pd.Series({2020: 100.0, 2024: 125.0}), 2024)
    >>> float(out[2020].loc["GM0363", "income_per_inhabitant"])
    37.5
    """
    cpi = pd.Series(cpi, dtype="float64").dropna()
    if not (cpi > 0).all():
        raise SpecError("the CPI has a value that is not positive")
    if prices not in cpi.index:
        raise SpecError(
            f"no CPI for {prices}: the stored CPI covers {int(cpi.index.min())}-"
            f"{int(cpi.index.max())}; choose a price year in that range or fetch a newer CPI"
        )
    out: dict[int, pd.DataFrame] = {}
    lacking: list[int] = []
    for year, frame in frames.items():
        money = money_indicators(frame.columns, catalogue)
        if not money:
            out[year] = frame
            continue
        copy = frame.copy()
        if year in cpi.index:
            copy[money] = copy[money].astype("float64") * (cpi[prices] / cpi[year])
        else:
            copy[money] = np.nan
            lacking.append(int(year))
        out[year] = copy
    notes: tuple[str, ...] = ()
    if lacking:
        notes = (
            f"no CPI for {sorted(lacking)}: amounts in euro of those years left out "
            f"(not shown nominal among {price_label(prices, 'en')})",
        )
    return out, notes
