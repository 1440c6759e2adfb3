"""Balanced panels for programme evaluation: treated units, donors, pre and post years.

A panel is units × years of one outcome (on one year's boundaries, see
:func:`kloof.monitor.series.build_panel`). :func:`prepare` balances it for the estimators of
:mod:`kloof.monitor.evaluate`: years in which a treated unit has no value are dropped, and
so are donors with any missing year; what was dropped is part of the :class:`DataSize`
statement that every estimate carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from kloof.errors import SpecError

__all__ = ["DataSize", "Panel", "prepare"]


@dataclass(frozen=True)
class DataSize:
    """How much data an estimate rests on."""

    treated: int
    donors: int
    pre_years: tuple[int, ...]
    post_years: tuple[int, ...]
    dropped_units: tuple[str, ...] = ()
    dropped_years: tuple[int, ...] = ()

    def statement(self) -> str:
        """One sentence for reports."""
        s = (
            f"{self.treated} treated unit(s) against {self.donors} donor(s); "
            f"{len(self.pre_years)} pre year(s) ({', '.join(map(str, self.pre_years))}) and "
            f"{len(self.post_years)} post year(s) ({', '.join(map(str, self.post_years))})"
        )
        if self.dropped_units:
            s += f"; {len(self.dropped_units)} donor(s) dropped for missing values"
        if self.dropped_years:
            s += f"; years {list(self.dropped_years)} dropped (treated value missing)"
        return s


@dataclass(frozen=True)
class Panel:
    """A balanced panel split into treated and donors, pre and post."""

    values: pd.DataFrame
    treated: tuple[str, ...]
    donors: tuple[str, ...]
    start: int
    size: DataSize

    @property
    def pre(self) -> list[int]:
        return [y for y in self.values.columns if y < self.start]

    @property
    def post(self) -> list[int]:
        return [y for y in self.values.columns if y >= self.start]


def _wide(panel: pd.DataFrame) -> pd.DataFrame:
    cols = set(panel.columns)
    if {"year", "value"} <= cols:
        unit = "unit" if "unit" in cols else "code"
        if unit not in cols:
            raise SpecError("a long panel needs columns unit (or code), year, value")
        return panel.pivot_table(index=unit, columns="year", values="value", aggfunc="mean")
    return panel


def prepare(
    panel: pd.DataFrame,
    treated: Sequence[str],
    start: int,
    *,
    donors: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
) -> Panel:
    """Balance a panel and split it.

    Parameters
    ----------
    panel
        Wide (index = units, columns = years) or long (``unit``/``code``, ``year``,
        ``value``).
    treated
        Programme units.
    start
        First treated year.
    donors
        Donor pool (default: every other unit).
    exclude
        Units never used as donors (other programme units, spill-over risk).
    """
    wide = _wide(panel).astype("float64")
    wide = wide.reindex(columns=sorted(int(c) for c in wide.columns))
    treated = tuple(dict.fromkeys(treated))
    lacking = [t for t in treated if t not in wide.index]
    if lacking or not treated:
        raise SpecError(f"treated units not in the panel: {lacking or 'none given'}")
    pool = [u for u in (donors if donors is not None else wide.index) if u in wide.index]
    pool = [u for u in pool if u not in treated and u not in set(exclude)]
    bad_years = [int(y) for y in wide.columns if wide.loc[list(treated), y].isna().any()]
    wide = wide.drop(columns=bad_years)
    complete = wide.loc[pool].notna().all(axis=1)
    dropped = tuple(str(u) for u in complete.index[~complete])
    pool = [u for u in pool if complete[u]]
    pre = [int(y) for y in wide.columns if y < start]
    post = [int(y) for y in wide.columns if y >= start]
    if len(pre) < 2 or not post:
        raise SpecError(
            f"need at least 2 pre years and 1 post year around {start}; have pre {pre}, post {post}"
        )
    if len(pool) < 2:
        raise SpecError(f"need at least 2 donors with complete data; have {len(pool)}")
    size = DataSize(len(treated), len(pool), tuple(pre), tuple(post), dropped, tuple(bad_years))
    return Panel(wide.loc[list(treated) + pool], treated, tuple(pool), start, size)
