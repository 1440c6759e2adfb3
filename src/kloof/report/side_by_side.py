"""Two to four regions or named areas side by side: index, domains and indicators.

:func:`side_by_side` lines up the :class:`~kloof.report.profile.Profile` of each area
in one table, one column per area and one row per number: the index, its domains, then
every indicator any of the profiles has (in the order of the first profile that has
it). Nederland's value of the first profile's year is given for reference (the index
and domains are 100 for Nederland by construction).

An index is only comparable between areas scored on the same scale: a gemeente is
scored among gemeenten, a wijk or named area among wijken. :attr:`SideBySide.scales`
says which scale each column is on, so the page can warn when they differ, and an
optional row puts every column on the wijk scale (a gemeente as the population-weighted
mean of its wijk scores).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from kloof.report.profile import Profile

__all__ = ["MAX_AREAS", "SideBySide", "side_by_side"]

#: At most this many areas on one page (columns stay readable on a laptop screen).
MAX_AREAS = 4


@dataclass(frozen=True)
class SideBySide:
    """The side-by-side table.

    Attributes
    ----------
    table
        Index ``(kind, key)`` with ``kind`` in ``index``, ``domain``, ``indicator``;
        columns ``label``, ``unit``, ``direction``, ``nl`` and one per area key.
    keys, names, years, levels
        Per column: area key, name, data year and level (``gemeente``, ``wijk``,
        ``buurt`` or ``area``).
    scales
        Per column: the level the index is scored among (``gemeente`` or ``wijk``;
        ``None`` without an index).
    """

    table: pd.DataFrame
    keys: tuple[str, ...]
    names: tuple[str, ...]
    years: tuple[int, ...]
    levels: tuple[str, ...]
    scales: tuple[str | None, ...]

    @property
    def mixed_scales(self) -> bool:
        """Whether the index columns are on different scales (not comparable)."""
        return len({s for s in self.scales if s}) > 1

    @property
    def mixed_years(self) -> bool:
        """Whether the columns are of different years."""
        return len(set(self.years)) > 1

    def to_frame(self) -> pd.DataFrame:
        """Flat table for CSV/XLSX: kind, key, label, unit, NL and one column per area."""
        return self.table.reset_index()


def _num(value: Any) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return np.nan
    return out if np.isfinite(out) else np.nan


def side_by_side(
    profiles: Sequence[Profile],
    index_label: str = "Index",
    wijk_scale: Mapping[str, float] | None = None,
    wijk_scale_label: str = "Index (wijk scale)",
) -> SideBySide:
    """Line up ``profiles`` (one per area) in one table (see the module docstring).

    ``wijk_scale`` adds a row with every column's index on the wijk scale (by area key:
    a gemeente's population-weighted mean of its wijk scores; a wijk's or area's own
    index), so that a gemeente and wijken can be compared like with like.

    Raises
    ------
    ValueError
        For no profiles or more than :data:`MAX_AREAS`.
    """
    if not profiles or len(profiles) > MAX_AREAS:
        raise ValueError(f"side by side needs 1 to {MAX_AREAS} areas, got {len(profiles)}")
    rows: dict[tuple[str, str], dict[str, Any]] = {}

    def row(kind: str, key: str, **meta: Any) -> dict[str, Any]:
        if (kind, key) not in rows:
            rows[(kind, key)] = {"label": key, "unit": "", "direction": "", "nl": np.nan, **meta}
        return rows[(kind, key)]

    for p in profiles:
        ix = p.index or {}
        if ix.get("score") is not None:
            row("index", "index", label=index_label, direction="higher_is_better", nl=100.0)[
                p.target.key
            ] = _num(ix["score"])
        if wijk_scale and p.target.key in wijk_scale:
            row("index", "index_wijk", label=wijk_scale_label, direction="higher_is_better")[
                p.target.key
            ] = _num(wijk_scale[p.target.key])
        for d in ix.get("domains") or []:
            entry = row(
                "domain",
                str(d["id"]),
                label=d.get("label") or d["id"],
                direction="higher_is_better",
                nl=100.0,
            )
            entry[p.target.key] = _num(d.get("score"))
    first_year = profiles[0].year
    for p in profiles:
        for r in p.rows:
            entry = row("indicator", r.indicator, label=r.label, unit=r.unit, direction=r.direction)
            if p.year == first_year and not np.isfinite(entry["nl"]):
                entry["nl"] = _num(r.nl)
            entry[p.target.key] = _num(r.value)
    keys = tuple(p.target.key for p in profiles)
    table = pd.DataFrame.from_dict(rows, orient="index")
    for key in keys:
        if key not in table:
            table[key] = np.nan
    table.index = pd.MultiIndex.from_tuples(list(rows), names=["kind", "key"])
    table = table[["label", "unit", "direction", "nl", *dict.fromkeys(keys)]]
    return SideBySide(
        table=table,
        keys=keys,
        names=tuple(p.target.name for p in profiles),
        years=tuple(int(p.year) for p in profiles),
        levels=tuple(p.target.level for p in profiles),
        scales=tuple(
            (p.index or {}).get("level") if (p.index or {}).get("score") is not None else None
            for p in profiles
        ),
    )
