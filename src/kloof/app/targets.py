"""What a profile is about: a CBS region or a named area, resolved from user text.

A *target* is written as

* a CBS code: ``GM0363``, ``WK059910``, ``BU03630101`` (case and spaces ignored);
* a named area ``SET:ID`` (``nplv:rotterdam-zuid``) or just ``ID`` when it is unique
  in the built-in sets (NPLV first, then Dicht de kloof);
* a region name (``Amsterdam``, ``Feijenoord``) when exactly one region has it
  (gemeenten before wijken before buurten).

Examples
--------
>>> parse_target_text("nplv:rotterdam-zuid")
('area', 'nplv', 'rotterdam-zuid')
>>> parse_target_text(" gm0363")
('region', '', 'GM0363')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from kloof import regions as _regions
from kloof.errors import RegionCodeError, SpecError

if TYPE_CHECKING:
    from kloof.monitor.areas import Area

__all__ = ["AREA_SETS", "Target", "UnknownTargetError", "parse_target_text", "resolve_target"]

#: Built-in area sets searched for a bare area id, in this order.
AREA_SETS: tuple[str, ...] = ("nplv", "dichtdekloof")
_CODE = re.compile(r"^\s*(NL00|GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})\s*$", re.I)
_LEVEL_ORDER = {"land": 0, "gemeente": 1, "wijk": 2, "buurt": 3}


class UnknownTargetError(SpecError, LookupError):
    """No region or area matches the text (the web app answers 404)."""


@dataclass(frozen=True)
class Target:
    """A resolved profile target.

    Attributes
    ----------
    key
        Canonical text: the code, or ``set:id`` for an area.
    name
        Display name.
    level
        ``land``, ``gemeente``, ``wijk``, ``buurt`` or ``area``.
    codes
        Member codes (a region is its own single member).
    gemeente
        Gemeente code it lies in (``None`` for NL and gemeenten).
    area
        The :class:`kloof.monitor.areas.Area` for named areas.
    set_name
        Area set of a named area.
    """

    key: str
    name: str
    level: str
    codes: tuple[str, ...]
    gemeente: str | None = None
    area: Area | None = None
    set_name: str = ""

    @property
    def is_area(self) -> bool:
        """Whether this is a named area (not a single CBS region)."""
        return self.area is not None

    @property
    def member_level(self) -> str:
        """Level of the member codes (``wijk`` for most areas)."""
        if not self.codes:
            return "wijk"
        return _regions.level_of(self.codes[0])


def parse_target_text(text: str) -> tuple[str, str, str]:
    """Split user text into ``(kind, set, key)``: kind ``region``, ``area`` or ``name``."""
    raw = str(text).strip()
    if _CODE.match(raw):
        return ("region", "", _regions.normalise(raw))
    for sep in (":", "/"):
        if sep in raw:
            set_name, _, area_id = raw.partition(sep)
            return ("area", set_name.strip().lower(), area_id.strip().lower())
    if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", raw):
        return ("area", "", raw)
    return ("name", "", raw)


def _area_sets() -> dict[str, Any]:
    from kloof.monitor.areas import builtin

    return {name: builtin(name) for name in AREA_SETS}


def resolve_target(text: str, regions: pd.DataFrame) -> Target:
    """Resolve user text against a region table (:meth:`kloof.store.Store.regions`).

    Raises
    ------
    UnknownTargetError
        If nothing matches, or a name matches several regions (the message lists them).
    """
    kind, set_name, key = parse_target_text(text)
    if kind == "region":
        try:
            code = _regions.parse(key).code
        except RegionCodeError as exc:
            raise UnknownTargetError(str(exc)) from None
        rows = regions[regions["code"] == code]
        if rows.empty:
            raise UnknownTargetError(f"region {code} is not in the store")
        row = rows.sort_values("year").iloc[-1]
        return _region_target(row)
    if kind == "area":
        sets = _area_sets()
        if set_name:
            if set_name not in sets:
                raise UnknownTargetError(f"no area set {set_name!r}; known: {', '.join(AREA_SETS)}")
            candidates = [(set_name, sets[set_name])]
        else:
            candidates = list(sets.items())
        for name, area_set in candidates:
            if key in area_set:
                area = area_set[key]
                return Target(
                    key=f"{name}:{area.id}",
                    name=area.name,
                    level="area",
                    codes=area.codes,
                    gemeente=area.gemeente,
                    area=area,
                    set_name=name,
                )
        if set_name:
            raise UnknownTargetError(f"no area {key!r} in set {set_name!r}")
    wanted = key.casefold()
    names = regions.dropna(subset=["name"])
    hits = names[names["name"].str.casefold() == wanted]
    hits = hits.sort_values("year").drop_duplicates("code", keep="last")
    if hits.empty:
        raise UnknownTargetError(
            f"no region, area or name {text!r}; use a CBS code (GM0363), an area "
            "(nplv:rotterdam-zuid) or an exact name"
        )
    best = hits["level"].map(_LEVEL_ORDER).min()
    hits = hits[hits["level"].map(_LEVEL_ORDER) == best]
    if len(hits) > 1:
        listed = ", ".join(f"{r.code} ({r.name})" for r in hits.head(8).itertuples())
        raise UnknownTargetError(f"{text!r} matches several regions: {listed}; use a code")
    return _region_target(hits.iloc[0])


def _region_target(row: pd.Series) -> Target:
    code = str(row["code"])
    level = str(row["level"])
    gm = row.get("parent_gm")
    gemeente = None if level in ("land", "gemeente") or gm is None or pd.isna(gm) else str(gm)
    if gemeente is None and level in ("wijk", "buurt"):
        gemeente = _regions.parse(code).parent_gm
    name = row.get("name")
    return Target(
        key=code,
        name=str(name) if name is not None and not pd.isna(name) else code,
        level=level,
        codes=(code,),
        gemeente=gemeente,
    )
