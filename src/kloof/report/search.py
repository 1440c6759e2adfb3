"""Matching user text to regions and named areas: names, common names, codes, postcodes.

Pure functions (no store access) behind the dashboard's *Zoeken* page:

* :func:`fold` makes text comparable: accents removed (``Súdwest`` → ``sudwest``),
  case folded, apostrophes, hyphens and dots turned into spaces, so ``Sudwest`` finds
  ``Súdwest-Fryslân`` and ``s gravenhage`` finds ``'s-Gravenhage``;
* :data:`COMMON_NAMES` maps names people use to the official CBS gemeente names
  (``Den Haag`` → ``'s-Gravenhage``, ``Den Bosch`` → ``'s-Hertogenbosch``);
* :func:`parse_postcode` reads a PC4 (``3072``) or PC6 (``3072 AB``) postcode as its
  PC4 area code (``PC3072``: a PC6 is looked up by its first four digits, the level
  the CBS address crosswalk has);
* :func:`rank_regions` orders matching regions: exact name (or common name) first, then
  names starting with the text, then names with a word starting with it, then names
  containing it; within each, gemeenten before named areas, wijken and buurten;
* :func:`postcode_matches` turns address-share crosswalk rows of one PC4 into regions,
  largest share first.

Examples
--------
>>> fold("Súdwest-Fryslân")
'sudwest fryslan'
>>> parse_postcode("3072 ab")
'PC3072'
>>> official_name("den bosch")
"'s-Hertogenbosch"
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "COMMON_NAMES",
    "LEVEL_ORDER",
    "Match",
    "fold",
    "official_name",
    "parse_postcode",
    "postcode_matches",
    "rank_regions",
]

#: Order of levels within one match quality (a gemeente before its wijken and buurten).
LEVEL_ORDER: dict[str, int] = {"gemeente": 0, "area": 1, "wijk": 2, "buurt": 3}

#: Names people use for a gemeente → the official CBS name (keys are folded).
COMMON_NAMES: dict[str, str] = {
    "den haag": "'s-Gravenhage",
    "the hague": "'s-Gravenhage",
    "haag": "'s-Gravenhage",
    "den bosch": "'s-Hertogenbosch",
    "s bosch": "'s-Hertogenbosch",
    "hertogenbosch": "'s-Hertogenbosch",
    "gravenhage": "'s-Gravenhage",
}

_SEPARATORS = re.compile(r"[\s'’`´.\-_/()]+")
_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*(?:[A-Za-z]{2})?\s*$")


@dataclass(frozen=True)
class Match:
    """One search result.

    Attributes
    ----------
    key
        Region code (``WK059910``) or area key (``nplv:rotterdam-zuid``).
    name
        What the user sees.
    level
        ``gemeente``, ``wijk``, ``buurt`` or ``area``.
    share
        For a postcode match: the share of the postcode's addresses in this region (0-1);
        ``None`` otherwise.
    """

    key: str
    name: str
    level: str
    share: float | None = None


def fold(text: str) -> str:
    """``text`` without accents, case, apostrophes, hyphens, dots or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", bare.casefold()).strip()


def official_name(text: str) -> str | None:
    """The official gemeente name behind a common name (``None`` for other text)."""
    return COMMON_NAMES.get(fold(text))


def parse_postcode(text: str) -> str | None:
    """The PC4 area code of a PC4 or PC6 postcode (``"3072 AB"`` → ``"PC3072"``), else ``None``."""
    hit = _POSTCODE.match(text)
    return f"PC{hit.group(1)}" if hit else None


def rank_regions(regions: pd.DataFrame, text: str, limit: int = 50) -> list[Match]:
    """Regions (and areas) whose name (accents and case ignored) or code matches ``text``,
    best first.

    Parameters
    ----------
    regions
        Columns ``code``, ``name``, ``level`` (one row per region or named area) and
        optionally ``folded`` (:func:`fold` of the name, to reuse between searches).
    text
        What the user typed; a common name (:data:`COMMON_NAMES`) also finds the
        official name.
    limit
        At most this many matches.
    """
    needle = fold(text)
    if not needle or regions.empty:
        return []
    if "folded" in regions:
        names = regions["folded"]
    else:
        names = regions["name"].fillna("").astype(str).map(fold)
    official = official_name(text)
    exact_names = {needle} | ({fold(official)} if official else set())
    code_hit = regions["code"].astype(str).str.casefold() == text.strip().casefold()
    exact = names.isin(exact_names) | code_hit
    prefix = names.str.startswith(needle)
    word = names.str.contains(r"(?:^| )" + re.escape(needle), regex=True)
    contains = names.str.contains(needle, regex=False)
    quality = pd.Series(4, index=regions.index)
    for rank, mask in ((3, contains), (2, word), (1, prefix), (0, exact)):
        quality = quality.mask(mask, rank)
    found = regions.assign(
        _q=quality, _l=regions["level"].map(LEVEL_ORDER).fillna(9), _n=names
    ).loc[quality < 4]
    found = found.sort_values(["_q", "_l", "_n", "code"], kind="stable").head(limit)
    return [
        Match(
            str(r.code),
            str(r.name) if isinstance(r.name, str) and r.name else str(r.code),
            str(r.level),
        )
        for r in found.itertuples()
    ]


def postcode_matches(
    crosswalk: pd.DataFrame, pc4: str, names: pd.Series, level: str
) -> list[Match]:
    """Regions holding the addresses of postcode area ``pc4``, largest share first.

    Parameters
    ----------
    crosswalk
        Address-share rows ``from_code`` (``PC3072``), ``to_code``, ``weight`` (the
        share of the PC4's addresses in ``to_code``).
    pc4
        From :func:`parse_postcode`.
    names
        Region names by code.
    level
        The level of ``to_code`` (``wijk`` or ``gemeente``).
    """
    rows = crosswalk[crosswalk["from_code"] == pc4].sort_values(
        ["weight", "to_code"], ascending=[False, True]
    )
    return [
        Match(str(r.to_code), str(names.get(r.to_code, r.to_code)), level, float(r.weight))
        for r in rows.itertuples()
        if r.weight > 0
    ]
