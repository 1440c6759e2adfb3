"""Validation of an index against official area sets and reference tables.

Assembles what :func:`kloof.index.validate.validate` needs from the store and the area
sets: the share of each region's residents inside each area (a wijk listed in part, by
its buurten, counts with the share of its residents in those buurten), residents and
gemeente per region, and the cohorts of the set — ``all``,
and, where some areas joined the programme later (the four NPLV areas of July 2022),
``before <year>`` and ``joined <year>`` separately, so a method chosen on the original
areas is checked on the later ones (no cherry-picking).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from kloof.index import IndexResult
    from kloof.index.validate import Validation
    from kloof.monitor.areas import AreaSet

__all__ = ["area_set", "area_shares", "cohorts", "reference_on", "validate_result"]


def area_set(against: str | Path) -> AreaSet:
    """A built-in area set by name (``nplv``, ``dichtdekloof``) or a user's YAML file."""
    from kloof.monitor import areas

    text = str(against)
    if text.endswith((".yaml", ".yml")) or Path(text).is_file():
        from kloof.app.files import read_area_set

        return read_area_set(text)
    return areas.builtin(text)


def area_shares(
    codes: Iterable[str], residents: pd.Series, buurt_residents: pd.Series | None
) -> tuple[pd.Series, list[str]]:
    """Share of each region's residents (``residents``, index = region codes of one
    level) inside an area made of ``codes``, and notes on codes not found.

    A code of the regions' own level counts whole; a buurt code of a wijk-level
    analysis adds that buurt's residents (``buurt_residents``) to its wijk; a gemeente
    code counts all its regions whole.
    """
    universe = residents.index
    share = pd.Series(0.0, index=universe)
    level = str(universe[0])[:2] if len(universe) else "WK"
    notes: list[str] = []
    for raw in codes:
        code = str(raw).strip().upper()
        if code[:2] == level and code in share.index:
            share[code] = 1.0
        elif code[:2] == "GM":
            share[universe.str.slice(2, 6) == code[2:6]] = 1.0
        elif code[:2] == "BU" and level == "WK" and "WK" + code[2:8] in share.index:
            wk = "WK" + code[2:8]
            own = (
                float(buurt_residents.get(code, float("nan")))
                if buurt_residents is not None
                else float("nan")
            )
            total = float(residents.get(wk, float("nan")))
            if own == own and total > 0:
                share[wk] = min(1.0, share[wk] + own / total)
            else:
                share[wk] = 1.0
                notes.append(f"{code}: no residents known, counted as its whole wijk {wk}")
        else:
            notes.append(f"{code}: not found among the {len(universe):,} analysed regions")
    return share, notes


def cohorts(
    areas: AreaSet, residents: pd.Series, buurt_residents: pd.Series | None = None
) -> tuple[dict[str, pd.Series], list[str]]:
    """Resident shares of the set per cohort (see :func:`area_shares`), and the notes.

    Cohorts: ``all``; when some areas have a ``joined`` year, ``before <first>`` (the
    areas without one) and ``joined <year>`` per year.
    """
    notes: list[str] = []
    shares: dict[str, pd.Series] = {}
    for area in areas:
        if not area.codes:
            notes.append(f"{area.id}: composition unknown, not counted")
            continue
        shares[area.id], own = area_shares(area.codes, residents, buurt_residents)
        notes += [f"{area.id}: {n}" for n in own]

    def total(ids: list[str]) -> pd.Series:
        out = pd.Series(0.0, index=residents.index)
        for i in ids:
            out = out + shares[i]
        return out.clip(upper=1.0)

    out = {"all": total(list(shares))}
    years = sorted({a.joined for a in areas if a.joined is not None})
    if years:
        out[f"before {years[0]}"] = total(
            [a.id for a in areas if a.joined is None and a.id in shares]
        )
        for y in years:
            out[f"joined {y}"] = total([a.id for a in areas if a.joined == y and a.id in shares])
    return out, notes


def reference_on(
    store: Any, values: pd.Series, key: str, level: str, year: int
) -> tuple[pd.Series, str]:
    """A reference table on the regions of ``level`` in ``year``, and a note.

    Values keyed by region code are taken as they are; values keyed by postcode
    (``PC1011``) are re-expressed onto the regions with the store's address-weighted PC4
    crosswalk of ``year`` (:func:`kloof.reexpress.reexpress_pc4`, a weighted mean by
    address share).
    """
    from kloof.reexpress import reexpress_pc4
    from kloof.store.reexpressed import pc4_crosswalk

    if key != "pc4":
        return values, f"reference: {values.notna().sum():,} regions"
    xw = pc4_crosswalk(store, level, year)
    frame = values.rename("value").to_frame()
    moved = reexpress_pc4(frame, xw, kinds={"value": "mean"})["value"]
    return moved, (
        f"reference: {values.notna().sum():,} postcode areas re-expressed onto "
        f"{moved.notna().sum():,} {level} regions of {year} by address shares"
    )


def validate_result(
    result: IndexResult,
    residents: pd.Series,
    *,
    buurt_residents: pd.Series | None = None,
    against: str | Path | None = None,
    reference: pd.Series | None = None,
) -> Validation:
    """Validate ``result`` against an area set and/or a reference (oriented higher = more
    vulnerable, keyed by the result's region codes).

    ``residents`` are the inhabitants of the result's regions; ``buurt_residents`` those
    of the buurten of the same year (for areas listed by buurt at wijk level).
    """
    from kloof.index.validate import validate
    from kloof.spatial._common import gemeente_of

    universe = result.scores.index
    groups: dict[str, pd.Series] = {}
    notes: list[str] = []
    name = None
    if against is not None:
        the_set = area_set(against)
        name = the_set.name
        groups, notes = cohorts(the_set, residents.reindex(universe), buurt_residents)
    gemeente = gemeente_of(universe)
    gemeente.index = universe
    return validate(
        result,
        cohorts=groups,
        residents=residents.reindex(universe),
        gemeente=gemeente,
        against=name,
        reference=None if reference is None else reference.reindex(universe),
        notes=notes,
    )
