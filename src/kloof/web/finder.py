"""The dashboard's search: regions, named areas and postcodes from the store.

The matching itself is :mod:`kloof.report.search` (pure); this module feeds it what
the store holds, cached in the app's frame cache:

* the regions (gemeenten, wijken, buurten; each code with its latest name) and the
  built-in named areas, with their names folded once;
* the PC4 address crosswalk (``kloof data import
  pc4_gemeente_wijk_address_crosswalk_2017_2024.csv``) of the latest year the store
  holds, onto gemeenten and wijken: a postcode finds the gemeente(s) and wijken its
  addresses lie in, largest share first. A PC6 postcode is looked up by its PC4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kloof.errors import StoreError
from kloof.report.search import Match, fold, parse_postcode, postcode_matches, rank_regions

__all__ = ["SearchResult", "find", "search_table"]

#: Crosswalk years tried for a postcode, newest first (the CBS file covers 2017-2024).
_PC4_YEARS = range(2030, 2015, -1)


@dataclass(frozen=True)
class SearchResult:
    """What :func:`find` found.

    Attributes
    ----------
    matches
        Best first.
    postcode
        The PC4 code searched for (``PC3072``) when the text was a postcode.
    postcode_year
        Year of the crosswalk used (``None``: the store has no PC4 crosswalk).
    """

    matches: list[Match] = field(default_factory=list)
    postcode: str | None = None
    postcode_year: int | None = None


def find(cache: Any, text: str, limit: int = 50) -> SearchResult:
    """Regions and named areas matching ``text`` (a name, common name, code or postcode).

    ``cache`` is the app's frame cache (``kloof.app.FrameCache``).
    """
    text = text.strip()
    if not text:
        return SearchResult()
    pc4 = parse_postcode(text)
    if pc4 is not None:
        year, crosswalks = _pc4_crosswalks(cache)
        names = _names(cache)
        matches = [
            m
            for level in ("gemeente", "wijk")
            for m in postcode_matches(crosswalks.get(level, _EMPTY), pc4, names, level)
        ]
        return SearchResult(matches[:limit], pc4, year)
    return SearchResult(rank_regions(search_table(cache), text, limit))


_EMPTY = pd.DataFrame({"from_code": [], "to_code": [], "weight": []})


def search_table(cache: Any) -> pd.DataFrame:
    """Regions and named areas with folded names (cached)."""

    def compute() -> pd.DataFrame:
        from kloof.monitor.areas import builtin
        from kloof.report.targets import AREA_SETS

        regs = cache.regions().sort_values("year").drop_duplicates("code", keep="last")
        regs = regs.loc[
            regs["level"].isin(["gemeente", "wijk", "buurt"]), ["code", "name", "level"]
        ]
        areas = pd.DataFrame(
            [
                {"code": f"{set_name}:{a.id}", "name": a.name, "level": "area"}
                for set_name in AREA_SETS
                for a in builtin(set_name)
            ],
            columns=["code", "name", "level"],
        )
        table = pd.concat([regs, areas], ignore_index=True)
        return table.assign(folded=table["name"].fillna("").astype(str).map(fold))

    result: pd.DataFrame = cache.cached(("search-table",), compute)
    return result


def _names(cache: Any) -> pd.Series:
    names: pd.Series = cache.names()
    return names


def _pc4_crosswalks(cache: Any) -> tuple[int | None, dict[str, pd.DataFrame]]:
    """The newest stored PC4 → gemeente and PC4 → wijk crosswalks (cached)."""

    def compute() -> tuple[int | None, dict[str, pd.DataFrame]]:
        from kloof.store.reexpressed import pc4_crosswalk

        for year in _PC4_YEARS:
            found: dict[str, pd.DataFrame] = {}
            for level in ("gemeente", "wijk"):
                try:
                    found[level] = cache.read(
                        lambda level=level, year=year: pc4_crosswalk(cache.store, level, year)
                    )
                except StoreError:
                    continue
            if found:
                return year, found
        return None, {}

    result: tuple[int | None, dict[str, pd.DataFrame]] = cache.cached(("pc4-crosswalks",), compute)
    return result
